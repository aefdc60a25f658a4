"""No English left in what a Dutch user reads, and a summary that agrees with the exit code (issue 13,
item 14): click's '[required]', Jinja's and Python's own errors from a `--templates` file, the build
summary when a plan fails while it is made, and `init` naming every file that already exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main

MINIMAL = Path(__file__).parent / "data" / "minimal_plan.yaml"
# Words of click's, Jinja's and Python's English messages that must not reach a Dutch user
ENGLISH = re.compile(
    r"\b(?:required|unsupported|operand|expected|got|object|argument|takes|division|not|has|no|"
    r"attribute|undefined|end of|block|statement|invalid|must|be|real|number|iterable|defined)\b"
)


def test_init_help_says_verplicht_not_required():
    result = CliRunner().invoke(main, ["init", "--help"], prog_name="ivplan", terminal_width=100)
    assert result.exit_code == 0
    assert "[required]" not in result.output and "required" not in result.output
    assert "--gemeente NAAM" in result.output
    assert "[verplicht]" in result.output
    assert "[x>=1; verplicht]" in result.output


# --------------------------------------------------------------------------------------------------
# Errors in the user's own templates


@pytest.mark.parametrize(
    "template,dutch",
    [
        ('{{ 1 + "a" }}', "de bewerking '+'"),
        ("{% for x in %}{% endfor %}", "verwacht een uitdrukking"),
        ("{% if %}x{% endif %}", "verwacht een uitdrukking"),
        ("{{ plan.titel | round }}", "filter"),
        ("{{ 1 / 0 }}", "deling door nul"),
        ('{{ "%d" % "x" }}', "de bewerking '%'"),
        ("{% macro m() %}{% endmacro %}{{ m(1) }}", "macro 'm'"),
        ("{{ plan.titel.bar() }}", "'bar' bestaat niet (in tekst)"),
        ("{% set x = 1 %}{{ x.y }}", "'y' bestaat niet (in geheel getal)"),
        ('{{ "a" | truncate("b") }}', "filter"),
        ("{% include 3 %}", "sjabloon"),
        ("{{ x }", "onverwacht teken '}'"),
        ("{% block a %}{% endblock %}{% block a %}{% endblock %}", "blok 'a'"),
        ("{{ ''.__class__.__mro__ }}", "'__class__' van tekst is niet toegestaan"),
        ("{{ [].append(1) }}", "'append' van een lijst is niet toegestaan"),
    ],
)
def test_template_errors_are_dutch_with_template_and_line(tmp_path, template, dutch):
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "plan.md.j2").write_text("# Titel\n\n" + template + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "--templates", str(templates), "-o", str(tmp_path / "uit")]
    )
    assert result.exit_code == 1, result.output
    [line] = [ln for ln in result.stderr.splitlines() if "sjabloon" in ln]
    assert "sjabloon 'plan.md.j2', regel 3: " in line
    assert dutch in line
    message = line.split("regel 3: ", 1)[1]
    assert not ENGLISH.search(message.replace(f"'{dutch}'", "")), message


def test_template_with_bom_keeps_its_first_heading(tmp_path):
    """Notepad saves UTF-8 with a byte order mark; it must not turn the first heading into text."""
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "plan.md.j2").write_bytes("\ufeff# Eigen titel\n\nTekst.\n".encode())
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "--templates", str(templates), "--markdown", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    [md] = out.glob("*-plan.md")
    assert md.read_text(encoding="utf-8").startswith("# Eigen titel\n")


def test_build_summary_counts_what_made_it_fail(tmp_path):
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "plan.md.j2").write_text("{{ plan.onbekend.veld }}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "--templates", str(templates), "-o", str(tmp_path / "uit")]
    )
    assert result.exit_code == 1
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("1 bestand gecontroleerd: 0 fouten, 3 waarschuwingen")
    assert "1 plan niet gemaakt" in summary
    assert "0 documenten geschreven" in summary


def test_build_summary_of_a_good_build_is_unchanged(tmp_path):
    result = CliRunner().invoke(main, ["build", str(MINIMAL), "-o", str(tmp_path / "uit")])
    assert result.exit_code == 0
    summary = result.stderr.strip().splitlines()[-1]
    assert summary == "1 bestand gecontroleerd: 0 fouten, 3 waarschuwingen; 2 documenten geschreven"


# --------------------------------------------------------------------------------------------------
# init


def _init(folder: Path):
    return CliRunner().invoke(
        main,
        ["init", str(folder), "--gemeente", "Maasdal", "--cbs-code", "GM9002", "--inwoners", "38450"]
        + ["--politie-eenheid", "Limburg"],
    )


def test_init_names_every_file_that_exists(tmp_path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / "ivp.yaml").write_text("# mijn plan\n", encoding="utf-8")
    (tmp_path / ".vscode" / "settings.json").write_text("{}\n", encoding="utf-8")
    result = _init(tmp_path)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert f"{tmp_path / 'ivp.yaml'} en {tmp_path / '.vscode' / 'settings.json'} bestaan al" in message
    assert (tmp_path / "ivp.yaml").read_text(encoding="utf-8") == "# mijn plan\n"
    assert not (tmp_path / ".vscode" / "ivplan.schema.json").exists()


def test_init_names_one_existing_file_in_the_singular(tmp_path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("{}\n", encoding="utf-8")
    result = _init(tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path / '.vscode' / 'settings.json'} bestaat al" in result.stderr


@pytest.mark.parametrize("name", ["plan.md.j2", "macros.md.j2"])
def test_a_template_that_is_not_utf8_is_named_with_its_line_in_dutch(tmp_path, name):
    # also a template another one includes (macros.md.j2): the message names that file, not its includer
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / name).write_bytes(b"# Titel\n\nCaf\xe9 {% macro indicator(d) %}{% endmacro %}\n")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "--templates", str(templates), "-o", str(tmp_path / "uit")]
    )
    assert result.exit_code == 1, result.output
    [line] = [ln for ln in result.stderr.splitlines() if "sjabloon" in ln]
    assert line.endswith(
        f"sjabloon '{name}', regel 3: het bestand is geen UTF-8 (een ongeldige byte); sla het op als UTF-8"
    )
    assert "codec" not in line and "Traceback" not in result.output


def test_a_template_with_a_bom_and_a_bad_byte_at_a_line_start_names_that_line(tmp_path):
    # the byte order mark is not counted into the bad byte's place: "\xc9\xe9n" (Latin-1 "Één") opens line 3
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "plan.md.j2").write_bytes(b"\xef\xbb\xbf# Titel\n\n\xc9\xe9n plan.\n")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "--templates", str(templates), "-o", str(tmp_path / "uit")]
    )
    assert result.exit_code == 1, result.output
    [line] = [ln for ln in result.stderr.splitlines() if "sjabloon" in ln]
    assert line.endswith(
        "sjabloon 'plan.md.j2', regel 3: het bestand is geen UTF-8 (een ongeldige byte); sla het op als UTF-8"
    ), line


@pytest.mark.parametrize("name", ["plan.md.j2", "macros.md.j2"])
def test_a_template_without_read_permission_is_named_in_dutch(tmp_path, monkeypatch, name):
    from ivplan.documents import templating

    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / name).write_text("# Titel\n", encoding="utf-8")
    real_open = open

    def refused(file, *args, **kwargs):
        if str(file).endswith(f"sjablonen/{name}"):
            raise PermissionError(13, "Permission denied", str(file))  # as for a file mode 000 (not as root)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(templating, "open", refused, raising=False)
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "--templates", str(templates), "-o", str(tmp_path / "uit"), "--jobs", "1"]
    )
    assert result.exit_code == 1, result.output
    [line] = [ln for ln in result.stderr.splitlines() if "sjabloon" in ln]
    assert line.endswith(f"sjabloon '{name}' kan niet worden gelezen (geen leesrechten)"), line
