"""The command line as a user sees it: output format, exit codes, JSON shape, init, schema, uitleg."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.core.diagnostics import EXCERPT_WIDTH

ROOT = Path(__file__).parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal_plan.yaml"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or "")
    return result


def broken(tmp_path: Path, name="kapot.yaml") -> Path:
    p = tmp_path / name
    p.write_text(MINIMAL.read_text("utf-8").replace("richting: dalen", "richting: omlaag"), "utf-8")
    return p


def test_text_diagnostic_line_with_source_and_caret(tmp_path):
    p = broken(tmp_path)
    result = run("validate", p)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if "IVP000" in line)
    lines = lines[i:]
    assert lines[0] == (
        f"{p}:54:15: fout IVP000 meetbare_doelen[0].richting: 'omlaag' is geen toegestane "
        "waarde; toegestaan: dalen, stijgen, handhaven"
    )
    assert lines[1] == "        richting: omlaag"
    assert lines[2] == "    " + " " * 14 + "^"
    assert "1 bestand gecontroleerd: 1 fout, 3 waarschuwingen" in result.stderr


def test_a_long_source_line_is_shown_around_the_column(tmp_path):
    """One line of 18 KB with an error at every item: each diagnostic shows EXCERPT_WIDTH characters of it
    around its column, "…" where text is left out, and the caret under the character the column names."""
    width = EXCERPT_WIDTH
    items = [f"{i:05d}" for i in range(3000)]
    source = "prioriteiten: [" + ",".join(items) + "]"
    p = tmp_path / "lang.yaml"
    p.write_text(f"ivplan: 1\n{source}\n", "utf-8")
    result = run("validate", p)
    assert result.exit_code == 1
    assert len(result.stdout) < 3000 * (2 * width + 300)  # was the whole line (18 KB) under every diagnostic
    lines = result.stdout.splitlines()
    shown = {}
    for i, line in enumerate(lines):
        m = re.match(rf"{re.escape(str(p))}:2:(\d+): fout IVP000 prioriteiten\[(\d+)\]", line)
        if m:
            shown[int(m.group(2))] = (int(m.group(1)), lines[i + 1], lines[i + 2])
    assert len(shown) == len(items)
    for index in (0, 5, 1500, 2990, 2999):
        column, excerpt, caret = shown[index]
        assert excerpt.startswith("    ") and caret.startswith("    ")
        text = excerpt[4:]
        assert len(text) <= width + 2
        assert text.startswith("…") == (column > width // 2 + 1)
        assert text.endswith("…") == (column - 1 + width // 2 < len(source) - width // 2)
        at = len(caret) - 4 - 1
        assert caret.endswith("^") and text[at] == source[column - 1] == items[index][0]
        assert text[at : at + 5] == items[index]


def test_a_source_line_as_long_as_the_excerpt_is_shown_whole(tmp_path):
    q = tmp_path / "lang.yaml"
    q.write_text(f"ivplan: 1\ngemeente: {{naam: a, x: {'y' * (EXCERPT_WIDTH - 24)}}}\n", "utf-8")
    line = q.read_text("utf-8").splitlines()[1]
    assert len(line) == EXCERPT_WIDTH
    assert f"\n    {line}\n" in run("validate", q).stdout  # shown whole, no "…"


def test_json_output_shape(tmp_path):
    p = broken(tmp_path)
    result = run("validate", "--format", "json", MINIMAL, p)
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert list(out) == ["files"]
    ok, bad = out["files"]
    assert ok["file"] == str(MINIMAL) and ok["valid"] is True
    assert all(d["severity"] == "warning" for d in ok["diagnostics"])
    assert bad["file"] == str(p) and bad["valid"] is False
    assert [d for d in bad["diagnostics"] if d["severity"] == "error"] == [
        {
            "file": str(p),
            "code": "IVP000",
            "severity": "error",
            "path": "meetbare_doelen[0].richting",
            "line": 54,
            "column": 15,
            "message": "'omlaag' is geen toegestane waarde; toegestaan: dalen, stijgen, handhaven",
        }
    ]
    assert {d["code"] for d in bad["diagnostics"] if d["severity"] == "warning"} == {"IVP034", "IVP043", "IVP070"}


@pytest.mark.parametrize("command", ["validate", "check", "toets"])
def test_json_output_stays_utf8_for_a_file_name_that_is_not(tmp_path, command):
    """A file name with a byte that is not UTF-8 (0xff): the JSON is valid UTF-8 and names the file with the
    byte as Python's surrogate escape, written as json.dumps escapes it (\\udcff)."""
    name = os.fsdecode(b"\xff.yaml")
    plan = tmp_path / name
    shutil.copy(MINIMAL, plan)
    args = ["--regio", ROOT / "examples" / "regio" / "regio.yaml"] if command == "check" else []
    result = run(command, *args, "--format", "json", plan)
    assert result.exit_code in (0, 1), result.stderr
    assert b"\xff" not in result.stdout_bytes
    text = result.stdout_bytes.decode("utf-8")
    assert f'"{tmp_path}/\\udcff.yaml"' in text
    files = json.loads(text)["files"]
    assert str(plan) in [f["file"] for f in files]


def test_exit_codes_highest_wins_after_every_file(tmp_path):
    p = broken(tmp_path)
    assert run("validate", MINIMAL).exit_code == 0  # warnings only
    assert run("validate", MINIMAL, p).exit_code == 1
    result = run("validate", p, tmp_path / "weg.yaml", MINIMAL)
    assert result.exit_code == 2
    assert "meetbare_doelen[0].richting" in result.stdout  # the broken file was still checked
    assert run("validate", "--bestaat-niet", MINIMAL).exit_code == 2


def test_strikt_makes_warnings_errors():
    result = run("validate", "--strikt", "--format", "json", MINIMAL)
    assert result.exit_code == 1
    out = json.loads(result.stdout)["files"][0]
    assert out["valid"] is False
    assert out["diagnostics"] and all(d["severity"] == "error" for d in out["diagnostics"])


def test_version_and_help_do_not_import_heavy_packages():
    code = (
        "import sys; from ivplan.cli.commands import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'jinja2', 'markdown', 'cerberus', 'yaml', 'lxml') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
    assert "ivplan build" in out or "build" in out
    assert run("--version").stdout.startswith("ivplan ")


def test_regels_lists_every_rule_and_uitleg_explains():
    from ivplan.validation.rules import RULES

    listing = run("regels").stdout
    for code in RULES:
        assert code in listing
    text = run("uitleg", "ivp001").stdout
    assert text.startswith("IVP001 (fout)")
    for heading in ("Wat:", "Waarom:", "Hoe op te lossen:", "Bron:"):
        assert heading in text
    assert "Politiewet 2012" in text
    assert run("uitleg", "IVP902").exit_code == 0
    bad = run("uitleg", "IVP999")
    assert bad.exit_code == 2 and "onbekende code" in bad.stderr


@pytest.mark.parametrize("code", [f"IVP{n:03d}" for n in (0, *range(900, 911))])
def test_uitleg_of_every_schema_and_loading_code_has_all_four_parts(code):
    # like every rule: what it checks, why, how to fix it, and its source
    result = run("uitleg", code)
    assert result.exit_code == 0
    for heading in ("Wat:", "Waarom:", "Hoe op te lossen:", "Bron:"):
        assert f"{heading} " in result.stdout, heading


def test_schema_command_prints_the_committed_json_schema(tmp_path):
    out = run("schema").stdout
    schema = json.loads(out)
    assert schema["$schema"].startswith("http://json-schema.org/draft-07")
    target = tmp_path / "s.json"
    assert run("schema", "-o", target).exit_code == 0
    assert json.loads(target.read_text("utf-8")) == schema


def test_init_writes_starter_that_validates_with_warnings_only(tmp_path):
    result = run(
        "init",
        tmp_path,
        "--gemeente",
        "'s-Hertogenbosch",
        "--cbs-code",
        "GM0796",
        "--inwoners",
        "160000",
        "--politie-eenheid",
        "Oost-Brabant",
    )
    assert result.exit_code == 0, result.output
    plan = tmp_path / "ivp.yaml"
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text("utf-8"))
    assert settings["yaml.schemas"] == {"./.vscode/ivplan.schema.json": ["*.yaml", "*.yml"]}
    assert (tmp_path / ".vscode" / "ivplan.schema.json").is_file()
    check = run("validate", "--format", "json", plan)
    assert check.exit_code == 0, check.stdout
    diags = json.loads(check.stdout)["files"][0]["diagnostics"]
    assert diags and {d["code"] for d in diags} == {"IVP081"}
    assert "'s-Hertogenbosch" in plan.read_text("utf-8")


def test_init_marks_the_example_overleg_frequency(tmp_path):
    """Every example text of the starter carries [VOORBEELD], and validate warns once for each such field."""
    args = ("--gemeente", "X", "--cbs-code", "GM0001", "--inwoners", "100", "--politie-eenheid", "Limburg")
    assert run("init", tmp_path, *args).exit_code == 0
    overleg = yaml.safe_load((tmp_path / "ivp.yaml").read_text("utf-8"))["monitoring"]["overleg"][0]
    assert overleg["frequentie"].startswith("[VOORBEELD]")
    diags = json.loads(run("validate", "--format", "json", tmp_path / "ivp.yaml").stdout)["files"][0]["diagnostics"]
    assert "monitoring.overleg[0].frequentie" in [d["path"] for d in diags if d["code"] == "IVP081"]


@pytest.mark.parametrize("name", ['Bergen "NH"', "Back\\slash", "Met #hekje: en dubbele punt"])
def test_init_starter_loads_whatever_the_gemeente_is_called(tmp_path, name):
    result = run(
        "init", tmp_path, "--gemeente", name, "--cbs-code", "GM0001", "--inwoners", "5", "--politie-eenheid", "Limburg"
    )
    assert result.exit_code == 0, result.output
    check = run("validate", "--format", "json", tmp_path / "ivp.yaml")
    assert check.exit_code == 0, check.stdout
    diags = json.loads(check.stdout)["files"][0]["diagnostics"]
    assert {d["severity"] for d in diags} == {"warning"}
    bronnen = yaml.safe_load((tmp_path / "ivp.yaml").read_text("utf-8"))["probleemanalyse"]["bronnen"]
    assert f"[VOORBEELD] Gemeente {name}" in [b.get("uitgever") for b in bronnen]


@pytest.mark.parametrize("existing", ["ivp.yaml", ".vscode"])
def test_init_never_overwrites(tmp_path, existing):
    """Nothing is written when a file is in the way, also a file named .vscode where the settings go."""
    (tmp_path / existing).write_text("mijn werk\n", "utf-8")
    result = run(
        "init", tmp_path, "--gemeente", "X", "--cbs-code", "GM0001", "--inwoners", "100", "--politie-eenheid", "Limburg"
    )
    assert result.exit_code == 2
    assert f"{tmp_path / existing} bestaat al; ivplan init overschrijft niets" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]
    assert (tmp_path / existing).read_text("utf-8") == "mijn werk\n"


@pytest.mark.parametrize("start, ok", [("2001", False), ("2002", True), ("2097", True), ("2098", False)])
def test_init_start_takes_the_years_a_starter_can_have(tmp_path, start, ok):
    """The starter's figures lie two years before --start and its period ends three years after it; a year
    outside that is an option error naming the range, not a list of the starter's fields."""
    args = ("--gemeente", "X", "--cbs-code", "GM0001", "--inwoners", "100", "--politie-eenheid", "Limburg")
    result = run("init", tmp_path / "nieuw", *args, "--start", start)
    assert result.exit_code == (0 if ok else 2), result.output
    if not ok:
        assert f"ongeldige waarde voor '--start': {start} ligt niet in het bereik 2002<=x<=2097" in result.stderr
        assert not (tmp_path / "nieuw").exists()


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--cbs-code", "0001"], "geen CBS-code"),
        (["--politie-eenheid", "Utrecht"], "geen politie-eenheid"),
    ],
)
def test_init_rejects_bad_options(tmp_path, args, fragment):
    base = {"--gemeente": "X", "--cbs-code": "GM0001", "--inwoners": "100", "--politie-eenheid": "Limburg"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for kv in base.items() for x in kv]
    result = run("init", tmp_path, *flat)
    assert result.exit_code == 2
    assert fragment in result.stderr


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--gemeente", "x" * 300, "--gemeente: de tekst is te lang (300 tekens; maximaal 100)"),
        (
            "--inwoners",
            str(10**22),
            "--inwoners: de waarde is te groot (een getal van 23 cijfers); een getal in een plan ligt tussen "
            "-1.000.000.000.000.000 en 1.000.000.000.000.000",
        ),
    ],
)
def test_init_refuses_a_value_the_plan_format_rejects(tmp_path, option, value, message):
    base = {"--gemeente": "X", "--cbs-code": "GM0001", "--inwoners": "100", "--politie-eenheid": "Limburg"}
    base[option] = value
    result = run("init", tmp_path / "nieuw", *[x for kv in base.items() for x in kv])
    assert result.exit_code == 2
    assert result.stderr == f"ivplan: {message} (er is niets geschreven)\n"
    assert not (tmp_path / "nieuw").exists()


def test_usage_errors_are_dutch():
    result = run("validate", "--bestaat-niet", MINIMAL)
    assert result.exit_code == 2
    assert "onbekende optie '--bestaat-niet'" in result.stderr
    assert "validate [OPTIES]" in result.stderr and "Gebruik:" in result.stderr
    assert "No such option" not in result.stderr
    help_text = run("build", "--help").stdout
    assert "Opties:" in help_text and "Toon deze hulp en stop." in help_text
    assert "Options:" not in help_text and "PATH" not in help_text


def test_a_number_option_with_text_is_refused_in_dutch():
    for args in (("build", "--jobs", "x", MINIMAL), ("voortgang", "--jaar", "abc", MINIMAL)):
        result = run(*args)
        assert result.exit_code == 2
        assert "is geen geldig geheel getal" in result.stderr
        assert "integer" not in result.stderr


def test_voortgang_refuses_two_plans_with_one_name(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for p in (a, b):
        p.write_text(MINIMAL.read_text("utf-8"), "utf-8")
    result = run("voortgang", a, b, "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert "dezelfde uitvoernaam 'voorbeeldstad-ivp-2027-2030'" in result.stderr
    assert not (tmp_path / "uit").exists()


def test_voortgang_refuses_two_plans_with_one_name_also_when_their_years_differ(tmp_path):
    # <name> is gemeente and period; two versions of one plan in a run: which one reports?
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(MINIMAL.read_text("utf-8"), "utf-8")
    later = "    trekker: politie\n    metingen: [{jaar: 2028, waarde: 3.9}]\n"
    b.write_text(MINIMAL.read_text("utf-8").replace("    trekker: politie\n", later, 1), "utf-8")
    result = run("voortgang", a, b, "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert f"{a} en {b} krijgen dezelfde uitvoernaam 'voorbeeldstad-ivp-2027-2030'" in result.stderr
    assert not (tmp_path / "uit").exists()


def test_voortgang_refuses_two_plans_with_one_name_also_when_jaar_suits_only_one(tmp_path):
    # a.yaml has a meting of 2024, b.yaml none: --jaar 2024 lies outside b only; the two still share
    # one <name>, so nothing is written for either
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    earlier = "    trekker: politie\n    metingen: [{jaar: 2024, waarde: 4.3}]\n"
    a.write_text(MINIMAL.read_text("utf-8").replace("    trekker: politie\n", earlier, 1), "utf-8")
    b.write_text(MINIMAL.read_text("utf-8"), "utf-8")
    result = run("voortgang", a, b, "--jaar", "2024", "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert f"{a} en {b} krijgen dezelfde uitvoernaam 'voorbeeldstad-ivp-2027-2030'" in result.stderr
    assert not (tmp_path / "uit").exists()


def test_missing_file_in_json_mode_still_says_so_on_stderr(tmp_path):
    result = run("validate", "--format", "json", MINIMAL, tmp_path / "weg.yaml")
    assert result.exit_code == 2
    assert f"ivplan: {tmp_path / 'weg.yaml'}: bestand niet gevonden" in result.stderr
    assert "1 bestand gecontroleerd: 0 fouten" in result.stderr
    assert json.loads(result.stdout)["files"][1]["diagnostics"][0]["code"] == "IVP910"


def test_regio_file_given_as_plan_gets_one_hint(tmp_path):
    result = run("validate", ROOT / "examples" / "regio" / "regio.yaml")
    assert result.exit_code == 1
    assert result.stdout.count("fout IVP000") == 1
    assert "dit is een regiobestand, geen plan; geef het mee met --regio" in result.stdout


def test_regio_eisen_keys_are_reported_at_the_key(tmp_path):
    regio = tmp_path / "regio.yaml"
    text = (ROOT / "examples" / "regio" / "regio.yaml").read_text("utf-8")
    text = text[: text.index("\neisen:")] + "\neisen:\n  IVP901: uit\n  ivp041: uit\n"
    regio.write_text(text, "utf-8")
    out = json.loads(run("validate", "--format", "json", "--regio", regio, MINIMAL).stdout)
    diags = {d["path"]: d for d in out["files"][0]["diagnostics"]}
    assert diags["eisen.IVP901"]["column"] == 3
    assert "niet IVP000 of de laadfouten IVP9xx" in diags["eisen.IVP901"]["message"]
    assert "hoofdletters: 'IVP041'" in diags["eisen.ivp041"]["message"]


def test_file_names_are_normalised_without_resolving_links(tmp_path, monkeypatch):
    # docs/gezamenlijke-plannen.md: the `file` key is normalised (`plannen/x/../deel-a.yaml` is
    # `plannen/deel-a.yaml`), and so is the text output's file name; for plain plans, deel A and B, programmes
    # and the regio file alike
    shutil.copytree(ROOT / "examples", tmp_path / "ex")
    broken(tmp_path / "ex")
    monkeypatch.chdir(tmp_path)
    (Path("ex") / "sub").mkdir()
    kapot, programma = "ex/sub/../kapot.yaml", "ex/sub/../uitvoering/havenstad-2027.yaml"
    deel_a, regio = "ex/gezamenlijk/zandwijk/../deel-a.yaml", "ex/sub/../regio/regio.yaml"

    def names(out: dict) -> list[str]:
        return [f["file"] for f in out["files"]] + sorted({d["file"] for f in out["files"] for d in f["diagnostics"]})

    result = run("validate", "--format", "json", kapot, "ex/kapot.yaml", programma, deel_a)
    got = names(json.loads(result.stdout))
    assert got[:7] == [
        "ex/kapot.yaml",  # the same file given twice: one file object
        "ex/havenstad.yaml",
        "ex/uitvoering/havenstad-2027.yaml",
        "ex/gezamenlijk/deel-a.yaml",
        "ex/gezamenlijk/hoeksdonk/ivp.yaml",
        "ex/gezamenlijk/ravensloot/ivp.yaml",
        "ex/gezamenlijk/zandwijk/ivp.yaml",
    ]
    assert not any(".." in name for name in got)
    result = run("validate", kapot)
    assert "\nex/kapot.yaml:54:15: fout IVP000 meetbare_doelen[0].richting:" in result.stdout
    assert ".." not in result.stdout

    result = run("check", "--regio", regio, "--format", "json", kapot, "ex/gezamenlijk/hoeksdonk/../zandwijk/ivp.yaml")
    out = json.loads(result.stdout)
    assert names(out)[:3] == ["ex/regio/regio.yaml", "ex/gezamenlijk/deel-a.yaml", "ex/kapot.yaml"]
    assert not any(".." in name for name in names(out))
    rows = {g["file"]: g["gezamenlijk"] for g in out["regio"]["gemeenten"] if g["file"]}
    assert rows["ex/gezamenlijk/zandwijk/ivp.yaml"] == "ex/gezamenlijk/deel-a.yaml" and "ex/kapot.yaml" in rows
    result = run("check", "--regio", regio, kapot)
    assert "ex/kapot.yaml:54:15: fout IVP000" in result.stdout and ".." not in result.stdout


def test_a_reader_that_stops_early_is_no_internal_error(tmp_path):
    """`ivplan validate big.yaml | head -1`: the pipe closes while ivplan still writes diagnostics."""
    plan = tmp_path / "groot.yaml"
    plan.write_text("ivplan: 1\nprioriteiten: [" + ",".join("1" for _ in range(20000)) + "]\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivplan", "validate", str(plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)
    proc.stdout.close()  # the reader stops, as `head -1` does
    stderr = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 1
    assert "interne fout" not in stderr and "Traceback" not in stderr


def test_check_help_says_what_strikt_does_there():
    """check builds no plan: its --strikt makes a plan with warnings niet conform, and the help says so."""
    result = run("check", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "een plan met waarschuwingen is niet conform" in text
    assert "het plan wordt niet gemaakt" not in text
