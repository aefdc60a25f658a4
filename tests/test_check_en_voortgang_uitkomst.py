"""What `check` and `voortgang` tell a user when the input is off (issue 13, items 3, 4 and 5).

- `check --regio missing.yaml plan.yaml`: a usage error prints no verdict table (exit 2).
- `voortgang --jaar 2035` for a 2027-2030 plan: exit 2 with a Dutch message, nothing written for that plan
  (the other plans of the run are written).
- check's table: a plan without any meting says "geen meting" (not "0/4 op koers"); an unloadable
  plan is no gemeente and has no speerpunten; two plans with one CBS code both show as the duplicate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ivplan.cli.commands import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REGIO = EXAMPLES / "regio" / "regio.yaml"
PLANNEN = sorted((EXAMPLES / "regio" / "plannen").glob("*.yaml"))
HAVENSTAD = EXAMPLES / "havenstad.yaml"


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _row(table: str, start: str) -> str:
    return next(line for line in table.splitlines() if line.strip().startswith(start + "  "))


# --------------------------------------------------------------------------------------------------
# item 3


def test_check_with_a_missing_regio_file_prints_no_verdict(tmp_path):
    report = tmp_path / "rapport.html"
    result = _run("check", "--regio", tmp_path / "missing.yaml", *PLANNEN, "-o", report)
    assert result.exit_code == 2
    assert result.stdout == ""  # no table, no "conform"
    assert result.stderr == f"ivplan: {tmp_path / 'missing.yaml'}: bestand niet gevonden\n"
    assert not report.exists()


def test_check_json_with_a_missing_regio_file_has_only_its_file_object(tmp_path):
    result = _run("check", "--regio", tmp_path / "missing.yaml", *PLANNEN, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "regio" not in data
    [regio] = data["files"]
    assert regio["valid"] is False and [d["code"] for d in regio["diagnostics"]] == ["IVP910"]


# --------------------------------------------------------------------------------------------------
# item 4


def test_voortgang_for_a_year_after_the_plan_is_exit_2_and_writes_nothing(tmp_path):
    out = tmp_path / "uit"
    result = _run("voortgang", HAVENSTAD, "--jaar", "2035", "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        f"ivplan: {HAVENSTAD}: --jaar 2035 ligt buiten het plan: de planperiode is 2027-2030 en de metingen "
        "zijn van 2021 tot en met 2028; kies een jaar van 2021 tot en met 2030; er is niets geschreven"
    )
    assert not out.exists()


def test_voortgang_for_a_year_before_the_first_meting_is_exit_2(tmp_path):
    result = _run("voortgang", HAVENSTAD, "--jaar", "2020", "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert "--jaar 2020 ligt buiten het plan" in result.stderr
    assert not (tmp_path / "uit").exists()


def test_voortgang_for_a_plan_without_metingen_allows_only_its_period(tmp_path):
    plan = EXAMPLES / "regio" / "plannen" / "vechtmond.yaml"
    result = _run("voortgang", plan, "--jaar", "2031", "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert (
        "de planperiode is 2027-2030 en het plan heeft nog geen metingen; kies een jaar van 2027 tot en met 2030"
        in (result.stderr)
    )
    inside = _run("voortgang", plan, "--jaar", "2030", "-o", tmp_path / "uit")
    assert inside.exit_code == 0, inside.output
    assert len(list((tmp_path / "uit").glob("*-voortgang-2030.docx"))) == 1


def test_a_year_outside_one_plan_still_writes_the_others(tmp_path):
    # several plans: each is processed, also after one fails; the highest exit code wins
    vechtmond = EXAMPLES / "regio" / "plannen" / "vechtmond.yaml"  # 2027-2030, no metingen
    out = tmp_path / "uit"
    result = _run("voortgang", vechtmond, HAVENSTAD, "--jaar", "2021", "-o", out)
    assert result.exit_code == 2
    assert f"ivplan: {vechtmond}: --jaar 2021 ligt buiten het plan" in result.stderr
    assert [p.name for p in out.iterdir()] == ["havenstad-ivp-2027-2030-voortgang-2021.docx"]


def test_a_year_outside_a_joint_plan_writes_no_joint_report_either(tmp_path):
    deel_a = EXAMPLES / "gezamenlijk" / "deel-a.yaml"
    out = tmp_path / "uit"
    result = _run("voortgang", deel_a, "--samen", "--jaar", "2035", "-o", out)
    assert result.exit_code == 2
    assert f"ivplan: {deel_a}: --jaar 2035 ligt buiten het plan" in result.stderr
    assert not out.exists()


def test_a_year_inside_the_plan_or_with_a_meting_is_fine(tmp_path):
    for jaar in ("2021", "2028", "2030"):
        result = _run("voortgang", HAVENSTAD, "--jaar", jaar, "-o", tmp_path / "uit")
        assert result.exit_code == 0, (jaar, result.output)


# --------------------------------------------------------------------------------------------------
# item 5


def test_a_plan_without_any_meting_says_so_instead_of_0_op_koers(tmp_path):
    result = _run("check", "--regio", REGIO, *PLANNEN)
    vechtmond = _row(result.stdout, "Vechtmond")
    assert "geen meting" in vechtmond and "0/" not in vechtmond
    data = json.loads(_run("check", "--regio", REGIO, *PLANNEN, "--format", "json").stdout)
    [row] = [g for g in data["regio"]["gemeenten"] if g["naam"] == "Vechtmond"]
    assert row["voortgang"]["geen_meting"] == row["voortgang"]["op_koers"] + row["voortgang"]["geen_meting"] > 0


def test_an_unloadable_plan_is_no_gemeente_and_has_no_speerpunten(tmp_path):
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text("dit: is: geen: yaml: [\n", encoding="utf-8")
    before = _run("check", "--regio", REGIO, *PLANNEN)
    result = _run("check", "--regio", REGIO, *PLANNEN, kapot)
    assert result.exit_code == 1
    row = _row(result.stdout, str(kapot))
    assert "niet te lezen" in row and "ontbreekt" not in row
    summary_before = before.stderr.strip().splitlines()[-1]
    summary = result.stderr.strip().splitlines()[-1]
    # the same gemeenten as without it, and the plan named separately
    assert summary == summary_before + "; 1 plan niet te lezen"
    data = json.loads(_run("check", "--regio", REGIO, *PLANNEN, kapot, "--format", "json").stdout)
    [entry] = [g for g in data["regio"]["gemeenten"] if g["file"] == str(kapot)]
    assert entry["speerpunten"] == {} and entry["status"] == "niet_conform"


def test_two_plans_with_one_cbs_code_both_show_as_the_duplicate(tmp_path):
    first = tmp_path / "vechtmond.yaml"
    second = tmp_path / "vechtmond-kopie.yaml"
    shutil.copy(EXAMPLES / "regio" / "plannen" / "vechtmond.yaml", first)
    shutil.copy(first, second)
    others = [p for p in PLANNEN if p.name != "vechtmond.yaml"]
    result = _run("check", "--regio", REGIO, *others, first, second)
    rows = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("Vechtmond")]
    assert len(rows) == 2 and rows[0] != rows[1]
    assert rows[0].startswith(f"Vechtmond ({first}; dubbel)")
    assert rows[1].startswith(f"Vechtmond ({second}; dubbel)")
    assert "IVP037" in result.stdout  # the rule still reports the second plan
