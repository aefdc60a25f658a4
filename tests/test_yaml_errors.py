"""YAML mistakes people make, each with the cause a person would recognise (issue 13, items 7, 8, 9, 11).

The corpus in tests/data/yaml_fouten/ holds one mistake per file; its first line says what `ivplan
validate` must report: `# verwacht: CODE LINE:COLUMN key phrase`. Each file gives exactly that one
diagnostic. The other tests cover what a one-line expectation cannot: every tab line in one run,
invisible characters named at their own position, and Word's Shift+Enter in a text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.source.loader import load_text

DATA = Path(__file__).parent / "data"
CORPUS = sorted((DATA / "yaml_fouten").glob("*.yaml"))
MINIMAL = (DATA / "minimal_plan.yaml").read_text(encoding="utf-8")
_EXPECT = re.compile(r"^# verwacht: (IVP\d{3}) (\d+):(\d+) (.+)$")


def _validate(path: Path) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    [file] = json.loads(result.stdout)["files"]
    text = CliRunner().invoke(main, ["validate", str(path)]).stdout
    return result.exit_code, file["diagnostics"], text


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_yaml_mistake_gets_its_cause(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = _EXPECT.match(first)
    assert m, f"{path.name}: the first line must be '# verwacht: CODE LINE:COL phrase'"
    code, line, column, phrase = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
    exit_code, diagnostics, text = _validate(path)
    assert exit_code == 1
    assert len(diagnostics) == 1, diagnostics
    [d] = diagnostics
    assert (d["code"], d["line"], d["column"]) == (code, line, column), d["message"]
    assert phrase in d["message"]
    # not one of the general sentences PyYAML's message alone would give
    assert "het bestand is hier niet te lezen" not in d["message"]
    assert "controleer of deze regel even ver inspringt als de andere sleutels" not in d["message"]
    assert "Traceback" not in text
    assert f"{path}:{line}:{column}: fout {code}" in text


# --------------------------------------------------------------------------------------------------
# 8. Tabs: every line indented with a tab, in one run


def test_every_line_indented_with_a_tab_is_reported(tmp_path):
    text = MINIMAL.replace("  naam: Voorbeeldstad\n", "\tnaam: Voorbeeldstad\n", 1)
    text = text.replace("  cbs_code: GM9001\n", " \tcbs_code: GM9001\n", 1)
    text = text.replace("    naam: A.B. de Vries\n", "\t\tnaam: A.B. de Vries\n", 1)
    text = text.replace("    jaar: 2029\n", "\t  jaar: 2029\n", 1)
    path = tmp_path / "tabs.yaml"
    path.write_text(text, encoding="utf-8")
    exit_code, diagnostics, _ = _validate(path)
    assert exit_code == 1
    assert [(d["code"], d["line"], d["column"]) for d in diagnostics] == [
        ("IVP902", 11, 1),
        ("IVP902", 12, 2),
        ("IVP902", 21, 1),
        ("IVP902", 90, 1),
    ]
    assert all("tab" in d["message"] for d in diagnostics)


def test_tab_after_the_indentation_is_no_error():
    loaded = load_text("plan:\n  titel:\tVeilig\n  tekst: |\n    kolom\tkolom\n")
    assert loaded.ok, loaded.diagnostics
    assert loaded.data == {"plan": {"titel": "Veilig", "tekst": "kolom\tkolom\n"}}


# --------------------------------------------------------------------------------------------------
# 7. An invisible character where YAML needs a space


def test_nbsp_after_a_colon_is_named_at_its_line_and_column(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        MINIMAL.replace("monitoring:\n", "politie:\n  wijkagenten:\u00a08\n  afspraken: Elke wijk.\nmonitoring:\n", 1),
        encoding="utf-8",
    )
    _, [d], text = _validate(path)
    assert (d["code"], d["line"], d["column"]) == ("IVP900", 85, 15)
    assert "U+00A0" in d["message"]
    assert "harde spatie" in d["message"]
    assert "dubbele punt midden in een waarde" not in d["message"]
    assert f"{path}:85:15: fout IVP900" in text


def test_nbsp_that_yaml_reads_as_text_is_still_named(tmp_path):
    """`wijkagenten:<nbsp>8` as the only line of a section parses (as the text 'wijkagenten: 8')."""
    loaded = load_text("politie:\n  wijkagenten:\u00a08\n")
    [d] = loaded.diagnostics
    assert (d.code, d.line, d.column) == ("IVP900", 2, 15)
    assert "U+00A0" in d.message


def test_nbsp_inside_text_is_fine():
    loaded = load_text(
        "plan:\n  titel: Artikel 3:\u00a0veiligheid\n  tekst: |\n    noot:\u00a0tekst\n  a: 'b:\u00a0c'\n"
    )
    assert loaded.ok, loaded.diagnostics
    assert loaded.data["plan"]["titel"] == "Artikel 3:\u00a0veiligheid"


# --------------------------------------------------------------------------------------------------
# 11. Word's Shift+Enter (U+000B) in a text


def test_word_line_break_is_the_ivp080_warning_at_the_field(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        MINIMAL.replace("aanpak: Preventie, buurtpreventie", "aanpak: Preventie,\u000bbuurtpreventie", 1),
        encoding="utf-8",
    )
    exit_code, diagnostics, text = _validate(path)
    assert exit_code == 0
    [d] = [d for d in diagnostics if d["code"] == "IVP080"]
    assert (d["severity"], d["path"], d["line"], d["column"]) == ("warning", "prioriteiten[0].aanpak", 44, 23)
    assert "U+000B" in d["message"]
    assert not any(d["code"] == "IVP900" for d in diagnostics)
    # the source line under the message is line 44 itself (the character shown as a symbol), and later
    # lines are not shifted by it
    assert "    aanpak: Preventie,\u240bbuurtpreventie en snelle opsporing.\n" in text.split(":44:23:")[1]
    assert "    regionale_afstemming:\n" in text.split(":76:1:")[1]


def test_word_line_break_becomes_a_space_in_the_text():
    loaded = load_text("a: Een\u000btwee\nb: 'drie\u000b\u000bvier'\n")
    assert loaded.data == {"a": "Een twee", "b": "drie vier"}
    assert [(d.code, d.path, d.line, d.column) for d in loaded.diagnostics] == [
        ("IVP080", "a", 1, 7),
        ("IVP080", "b", 2, 9),
    ]


def test_other_raw_control_characters_stay_ivp900():
    loaded = load_text("a: Een\u0007twee\n")
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("IVP900", 1, 7)]


def test_lookalikes_inside_values_are_fine():
    """Only where YAML needs a space or a dash: a list item's text may start with a dash or a hard space."""
    loaded = load_text(
        "gebieden:\n  - \u2014 \u200b Centrum\n  - \u00a0Noord\nx:\n  \u00a0Tekst op een eigen regel\n"
        "y: 2027\u20132030\n"
    )
    assert loaded.ok, loaded.diagnostics
    assert loaded.data["gebieden"] == ["\u2014 \u200b Centrum", "\u00a0Noord"]
