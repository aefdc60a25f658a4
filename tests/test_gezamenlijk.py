"""Joint plans (docs/gezamenlijke-plannen.md): deel A, deel B, the merge, and the rules IVP120-IVP133.

The joint rules' PASSES/FAILS fragments apply to tests/data/rules/base_deel_a.yaml (keys `deel_a.`) and
base_deel_b.yaml (the rest), written as a real set: `deel-a.yaml`, `eerstedorp/ivp.yaml` (unchanged) and
`tweededorp/ivp.yaml` (the fragment's deel B). What a user sees is asserted: file, code, path, line.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.validation.bestanden import lint_paths
from ivplan.validation.lint import JointRun, lint_plan, printed_once
from ivplan.validation.rules import RULES
from test_rules import parse_path, set_path

DATA = Path(__file__).parent / "data" / "rules"
BASE_A = yaml.safe_load((DATA / "base_deel_a.yaml").read_text(encoding="utf-8"))
BASE_B = yaml.safe_load((DATA / "base_deel_b.yaml").read_text(encoding="utf-8"))

JOINT_RULES = [
    pytest.param(rule, id=code)
    for code, rule in RULES.items()
    if getattr(rule, "GEZAMENLIJK", False) or getattr(rule, "JOINT", False)
]


def eerste_b() -> dict:
    b = copy.deepcopy(BASE_B)
    b["gemeente"].update(naam="Eerstedorp", cbs_code="GM9001")
    b["partners"][0]["naam"] = "Gemeente Eerstedorp"
    return b


def write(doc: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def make_set(tmp_path: Path, fragment: str = "", name: str = "set") -> Path:
    """The set in tmp_path/name with `fragment` applied; returns its folder."""
    a, b = copy.deepcopy(BASE_A), copy.deepcopy(BASE_B)
    for key, value in (yaml.safe_load(fragment) or {}).items():
        if key.startswith("deel_a."):
            set_path(a, parse_path(key[len("deel_a.") :]), value)
        else:
            set_path(b, parse_path(key), value)
    folder = tmp_path / name
    write(a, folder / "deel-a.yaml")
    write(eerste_b(), folder / "eerstedorp" / "ivp.yaml")
    write(b, folder / "tweededorp" / "ivp.yaml")
    return folder


def lint_fragment(tmp_path: Path, rule, fragment: str):
    folder = make_set(tmp_path, fragment)
    target = folder / ("deel-a.yaml" if getattr(rule, "FILE_OBJECT", "") == "deel_a" else "tweededorp/ivp.yaml")
    return lint_plan(target)


def test_base_set_is_clean(tmp_path):
    folder = make_set(tmp_path)
    results = lint_paths([folder / "deel-a.yaml"])
    assert [Path(r.file).relative_to(folder).as_posix() for r in results] == [
        "deel-a.yaml",
        "eerstedorp/ivp.yaml",
        "tweededorp/ivp.yaml",
    ]
    assert [r.diagnostics for r in results] == [[], [], []]
    assert [r.kind for r in results] == ["deel_a", "deel_b", "deel_b"]


@pytest.mark.parametrize("rule", JOINT_RULES)
def test_joint_passes_fragment_gives_no_diagnostic(tmp_path, rule):
    result = lint_fragment(tmp_path, rule, rule.PASSES)
    assert [(d.code, d.path, d.message) for d in result.diagnostics] == []


@pytest.mark.parametrize("rule", JOINT_RULES)
def test_joint_fails_fragment_gives_the_rule_at_its_element(tmp_path, rule):
    result = lint_fragment(tmp_path, rule, rule.FAILS)
    assert {d.code for d in result.diagnostics} == {rule.CODE}, [(d.code, d.path) for d in result.diagnostics]
    (d,) = [d for d in result.diagnostics if d.path == rule.FAILS_AT]
    assert d.severity == rule.SEVERITY and len(d.message) > 20
    line = result.lines_for(d)[d.line - 1]
    last = parse_path(rule.FAILS_AT)[-1]
    if isinstance(last, str):
        assert f"{last}:" in line
    else:
        assert line.lstrip().startswith("-")


# ------------------------------------------------------------------------------------------------
# The merge: every diagnostic names the file where its element is written


def test_diagnostics_name_the_file_of_their_element(tmp_path):
    folder = make_set(
        tmp_path,
        """
deel_a.meetbare_doelen[0].partners[1]: riec
meetbare_doelen[1].trekker: politei
""",
    )
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    got = [(Path(d.file).name, d.code, d.path) for d in result.diagnostics]
    assert got == [
        ("deel-a.yaml", "IVP002", "meetbare_doelen[0].partners[1]"),
        ("ivp.yaml", "IVP002", "meetbare_doelen[1].trekker"),
    ]
    a_diag, b_diag = result.diagnostics
    assert result.lines_for(a_diag)[a_diag.line - 1].strip() == "- riec"
    assert result.lines_for(b_diag)[b_diag.line - 1].strip() == "trekker: politei"
    assert result.has_errors


def test_json_diagnostics_have_a_file_key(tmp_path):
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    runner = CliRunner()
    res = runner.invoke(main, ["validate", "--format", "json", str(folder / "deel-a.yaml")])
    assert res.exit_code == 1
    files = json.loads(res.stdout)["files"]
    assert [Path(f["file"]).relative_to(folder).as_posix() for f in files] == [
        "deel-a.yaml",
        "eerstedorp/ivp.yaml",
        "tweededorp/ivp.yaml",
    ]
    # deel A's finding is repeated in every gemeente's file object, with deel A's file
    for f in files:
        (d,) = f["diagnostics"]
        assert (d["code"], d["path"], d["file"]) == ("IVP002", "meetbare_doelen[0].partners[1]", files[0]["file"])
        assert f["valid"] is False


def test_deel_a_findings_print_once_as_text(tmp_path):
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    res = CliRunner().invoke(
        main, ["validate", str(folder / "eerstedorp" / "ivp.yaml"), str(folder / "tweededorp" / "ivp.yaml")]
    )
    assert res.exit_code == 1
    assert res.stdout.count("IVP002") == 1
    assert "deel-a.yaml:" in res.stdout and "- riec" in res.stdout
    assert "2 bestanden gecontroleerd: 1 fout, 0 waarschuwingen" in res.stderr


def test_a_file_reached_twice_is_processed_once(tmp_path):
    folder = make_set(tmp_path)
    b = folder / "tweededorp" / "ivp.yaml"
    results = lint_paths([b, folder / "deel-a.yaml", folder / "tweededorp" / ".." / "tweededorp" / "ivp.yaml"])
    assert [Path(r.file).name for r in results] == ["ivp.yaml", "deel-a.yaml", "ivp.yaml"]
    assert results[0].file == str(b) and "eerstedorp" in results[2].file


def test_ids_unique_across_both_files(tmp_path):
    folder = make_set(tmp_path, "meetbare_doelen[1].id: d1\n")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    (d,) = result.diagnostics
    assert (d.code, d.path, Path(d.file).name) == ("IVP003", "meetbare_doelen[1].id", "ivp.yaml")
    assert "deel-a.yaml:" in d.message  # names deel A's file:line:col


def test_a_deel_b_duplicate_of_a_deel_a_id_is_not_what_references_resolve_to(tmp_path):
    # deel B adds a second 'politie' without afspraken; its doel b2's trekker is deel A's politie (the first, with
    # afspraken): IVP003 at the deel B id only, no IVP021 for the duplicate
    folder = make_set(tmp_path, "partners[1]: {id: politie, naam: Politie (nog eens), soort: politie, rol: R.}\n")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert [(Path(d.file).name, d.code, d.path) for d in result.diagnostics] == [
        ("ivp.yaml", "IVP003", "partners[1].id")
    ]


def test_ivp132_compares_with_the_first_gemeente_of_a_cbs_code_twice(tmp_path):
    # deel A lists GM9002 twice (IVP003 there); Tweededorp's naam is that of the first: no IVP132
    folder = make_set(tmp_path, "deel_a.gemeenten[2]: {naam: Derdedorp, cbs_code: GM9002}\n")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert [(Path(d.file).name, d.code, d.path) for d in result.diagnostics] == [
        ("deel-a.yaml", "IVP003", "gemeenten[2].cbs_code")
    ]


def test_a_deel_b_doel_serves_a_deel_a_prioriteit_and_a_deel_a_partner(tmp_path):
    # the base deel B's doel b2 serves deel A's prioriteit 'woninginbraak' and has deel A's trekker 'politie'
    result = lint_plan(make_set(tmp_path) / "tweededorp" / "ivp.yaml")
    assert result.diagnostics == []
    assert [d["id"] for d in result.merged.result.data["meetbare_doelen"]] == ["d1", "b1", "b2"]


def test_references_from_deel_a_resolve_in_deel_a_only(tmp_path):
    # deel A's doel names a trekker that only a deel B has: wrong for every other gemeente
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].trekker: gemeente\n")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert [(Path(d.file).name, d.code, d.path) for d in result.diagnostics] == [
        ("deel-a.yaml", "IVP002", "meetbare_doelen[0].trekker")
    ]


def test_a_deel_a_reference_only_a_deel_b_knows_stays_unresolved_for_the_other_rules(tmp_path):
    # deel A's doel names the prioriteit 'jeugd' of the deel B: IVP002 in deel A, and IVP010 is silent in
    # every gemeente's plan (it cannot tell which prioriteit lacks a doel), also where a deel B has 'jeugd'
    folder = make_set(
        tmp_path,
        """
deel_a.meetbare_doelen[0].prioriteit: jeugd
deel_a.prioriteiten[1]: {id: ondermijning, titel: Ondermijning, veiligheidsveld: integriteit_en_veiligheid,
                         motivering: M., aanpak: A.}
deel_a.probleemanalyse.bevindingen[1]: {veiligheidsveld: integriteit_en_veiligheid, thema: ondermijning, tekst: T.}
""",
    )
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert [(Path(d.file).name, d.code, d.path) for d in result.diagnostics] == [
        ("deel-a.yaml", "IVP002", "meetbare_doelen[0].prioriteit")
    ]


def test_a_merged_rule_pointing_into_deel_a_names_the_gemeente(tmp_path):
    # deel A's prioriteit without a doel in deel A or in Tweededorp's deel B (IVP010, per gemeente)
    folder = make_set(
        tmp_path,
        """
deel_a.prioriteiten[1]: {id: ondermijning, titel: Ondermijning, veiligheidsveld: integriteit_en_veiligheid,
                         motivering: M., aanpak: A.}
deel_a.probleemanalyse.bevindingen[1]: {veiligheidsveld: integriteit_en_veiligheid, thema: ondermijning, tekst: T.}
""",
    )
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    (d,) = result.diagnostics
    assert (Path(d.file).name, d.code, d.path) == ("deel-a.yaml", "IVP010", "prioriteiten[1]")
    assert "het deel B van Tweededorp" in d.message


def test_no_cascade_when_deel_a_does_not_load(tmp_path):
    folder = make_set(tmp_path, "meetbare_doelen[0].bron: onbekend\n")
    (folder / "deel-a.yaml").write_text("ivplan_gezamenlijk: 1\nplan: [\n", encoding="utf-8")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    codes = [(Path(d.file).name, d.code) for d in result.diagnostics]
    assert codes[0] == ("deel-a.yaml", "IVP900")
    assert ("ivp.yaml", "IVP002") not in codes  # no references into deel A reported
    assert result.merged is None and result.has_errors


@pytest.mark.parametrize("deel_a", ["<weg>", "5"])
def test_a_deel_a_section_that_failed_has_failed_in_the_merged_plan(tmp_path, deel_a):
    # deel A without (or with a wrong) probleemanalyse; the deel B has bronnen of its own and a doel citing deel A's
    # bron: no IVP002 for a reference into the failed section (docs/gezamenlijke-plannen.md: no cascade across files)
    fragment = f"deel_a.probleemanalyse: {deel_a}\nprobleemanalyse.bronnen: [{{id: eigen, titel: Eigen, jaar: 2026}}]\n"
    result = lint_plan(make_set(tmp_path, fragment) / "tweededorp" / "ivp.yaml")
    assert [(Path(d.file).name, d.code, d.path) for d in result.diagnostics] == [
        ("deel-a.yaml", "IVP000", "probleemanalyse")
    ]


def test_no_cascade_when_the_link_is_bad(tmp_path):
    folder = make_set(tmp_path, "gezamenlijk: ../weg.yaml\nmeetbare_doelen[0].bron: onbekend\n")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [("IVP120", "gezamenlijk", 2)]


def test_ivp120_a_link_to_a_pipe(tmp_path):
    folder = make_set(tmp_path, "gezamenlijk: ../pijp.yaml\n")
    os.mkfifo(folder / "pijp.yaml")
    target = folder / "tweededorp" / "ivp.yaml"
    res = CliRunner().invoke(main, ["validate", str(target)])
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0] == (
        f"{target}:2:14: fout IVP120 gezamenlijk: '../pijp.yaml' kan niet worden gelezen (het is geen gewoon "
        "bestand, maar bijvoorbeeld een apparaat of pijp); verwijs naar het deel A"
    )
    assert "ivplan:" not in res.stderr


def deel_b_diagnostics(tmp_path: Path, fragment: str) -> list[dict]:
    """`validate --format json` of the deel B with `fragment`: exit 1 and its one file object's diagnostics."""
    target = make_set(tmp_path, fragment) / "tweededorp" / "ivp.yaml"
    res = CliRunner().invoke(main, ["validate", "--format", "json", str(target)])
    assert res.exit_code == 1
    (f,) = json.loads(res.stdout)["files"]
    return f["diagnostics"]


@pytest.mark.parametrize(
    "fragment, path",
    [
        ("deel_a.meetbare_doelen[0].id: [[a]]", "meetbare_doelen[0].id"),
        ("deel_a.partners[0].id: {a: 1}", "partners[0].id"),
        ("deel_a.prioriteiten[0].id: [x]", "prioriteiten[0].id"),
        ("deel_a.probleemanalyse.bronnen[0].id: [x]", "probleemanalyse.bronnen[0].id"),
    ],
)
def test_a_deel_a_id_that_is_a_list_or_mapping_is_a_schema_error_not_an_internal_error(tmp_path, fragment, path):
    # resolving the references of deel A's items asked the ids to be hashable (exit 3 "interne fout")
    diags = deel_b_diagnostics(tmp_path, fragment)
    assert ("deel-a.yaml", "IVP000", path) in [(Path(d["file"]).name, d["code"], d["path"]) for d in diags]


def test_a_link_that_is_a_number_is_ivp121(tmp_path):
    # `gezamenlijk: 5` names no .yaml file: the deel B has no deel A (it passed as valid, with no documents)
    assert [
        (d["code"], d["path"], d["line"], d["message"]) for d in deel_b_diagnostics(tmp_path, "gezamenlijk: 5")
    ] == [
        (
            "IVP121",
            "gezamenlijk",
            2,
            "'5' is geen .yaml- of .yml-bestand; verwijs naar het deel A, bijvoorbeeld '../deel-a.yaml'",
        )
    ]


def test_an_empty_link_is_one_schema_error_of_a_deel_b(tmp_path):
    # the key makes the file a deel B; its empty value is one IVP000 (not a plain plan missing its sections)
    diags = deel_b_diagnostics(tmp_path, "gezamenlijk: ''")
    assert [(d["code"], d["path"], d["line"]) for d in diags] == [("IVP000", "gezamenlijk", 2)]


def test_a_link_written_on_the_next_line_is_a_deel_b_of_the_set(tmp_path):
    folder = make_set(tmp_path)
    target = folder / "tweededorp" / "ivp.yaml"
    text = target.read_text(encoding="utf-8")
    assert "gezamenlijk: ../deel-a.yaml\n" in text
    text = text.replace("gezamenlijk: ../deel-a.yaml\n", "gezamenlijk:\n  ../deel-a.yaml\n")
    target.write_text(text, encoding="utf-8")
    for named in (folder / "deel-a.yaml", target):
        res = CliRunner().invoke(main, ["validate", "--format", "json", str(named)])
        assert res.exit_code == 0, res.stdout
        files = json.loads(res.stdout)["files"]
        assert [d for f in files for d in f["diagnostics"]] == []
    res = CliRunner().invoke(main, ["validate", "--format", "json", str(folder / "deel-a.yaml")])
    assert [Path(f["file"]).relative_to(folder).as_posix() for f in json.loads(res.stdout)["files"]] == [
        "deel-a.yaml",
        "eerstedorp/ivp.yaml",
        "tweededorp/ivp.yaml",
    ]


def test_ivp122_a_deel_b_pointing_at_a_deel_b(tmp_path):
    folder = make_set(tmp_path, "gezamenlijk: ../concept.yaml\n")
    write(eerste_b(), folder / "concept.yaml")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    (d,) = result.diagnostics
    assert d.code == "IVP122" and "is zelf een deel B (het verwijst naar '../deel-a.yaml')" in d.message


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ("ivplan_uitvoering: 1\nplan: x.yaml\n", "'../ander.yaml' is een uitvoeringsprogramma, geen deel A"),
        ("foo: 1\n", "'../ander.yaml' heeft geen 'ivplan_gezamenlijk: 1' bovenaan en is dus geen deel A"),
        ("ivplan: 1\n", "'../ander.yaml' is een plan, geen deel A"),
    ],
)
def test_ivp122_names_what_the_file_is(tmp_path, content, what):
    # a programme or an arbitrary YAML file was called "een plan"
    folder = make_set(tmp_path, "gezamenlijk: ../ander.yaml\n")
    (folder / "ander.yaml").write_text(content, encoding="utf-8")
    (d,) = lint_plan(folder / "tweededorp" / "ivp.yaml").diagnostics
    assert (d.code, d.path, d.line) == ("IVP122", "gezamenlijk", 2)
    assert d.message.startswith(what)


def test_required_section_absent_from_both_is_ivp000_in_deel_b(tmp_path):
    folder = make_set(tmp_path, "meetbare_doelen: <weg>\ndeel_a.meetbare_doelen: <weg>\n" + _no_doel_refs())
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert [(Path(d.file).name, d.code, d.path, d.line) for d in result.diagnostics] == [
        ("ivp.yaml", "IVP000", "meetbare_doelen", 1)
    ]


def _no_doel_refs() -> str:
    return "deel_a.partners[0].afspraken[0].doelen: <weg>\ndeel_a.partners[1].afspraken[0].doelen: <weg>\n"


def test_participatie_inwoners_from_either_file(tmp_path):
    folder = make_set(tmp_path, "participatie: <weg>\n")
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    (d,) = result.diagnostics
    assert (d.code, d.path, d.line, Path(d.file).name) == ("IVP000", "participatie.inwoners", 1, "ivp.yaml")
    folder = make_set(tmp_path, "participatie: <weg>\ndeel_a.participatie.inwoners: Een enquête.\n", "b")
    assert lint_plan(folder / "tweededorp" / "ivp.yaml").diagnostics == []


def test_ivp123_in_deel_a_for_a_link(tmp_path):
    folder = make_set(tmp_path, "deel_a.gezamenlijk: ../ander.yaml\n")
    result = lint_plan(folder / "deel-a.yaml")
    (d,) = result.diagnostics
    assert (d.code, d.path) == ("IVP123", "gezamenlijk")
    assert "een deel A verwijst niet naar een ander bestand" in d.message


def test_ivp130_silent_while_a_file_of_the_set_does_not_load(tmp_path):
    folder = make_set(tmp_path, "deel_a.gemeenten[2]: {naam: Derdedorp, cbs_code: GM9003}\n")
    (folder / "derdedorp").mkdir()
    (folder / "derdedorp" / "ivp.yaml").write_text("gezamenlijk: ../deel-a.yaml\ngemeente: [\n", encoding="utf-8")
    results = lint_paths([folder / "deel-a.yaml"])
    assert [d.code for d in results[0].diagnostics] == []
    assert [Path(r.file).parent.name for r in results] == [folder.name, "derdedorp", "eerstedorp", "tweededorp"]


def test_eisen_cannot_change_ivp120_to_ivp125(tmp_path):
    from ivplan.core import diagnostics as dg
    from ivplan.validation.lint import apply_eisen

    d = dg.make("IVP124", "fout", "gemeente.cbs_code", "x", (1, 1), "f.yaml")
    assert apply_eisen([d], {"IVP124": "waarschuwing"}) == [d]


def test_printed_once_counts_deel_a_once(tmp_path):
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    joint = JointRun()
    results = lint_paths([folder / "deel-a.yaml"], joint=joint)
    assert [len(ds) for ds in printed_once(results)] == [1, 0, 0]
    assert [r.counts() for r in results] == [(1, 0)] * 3


# ------------------------------------------------------------------------------------------------
# The editor: JSON Schemas


def _json_errors(schema: dict, doc: dict) -> list[str]:
    import jsonschema

    return [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]


def test_ivplan_schema_validates_a_plan_and_a_deel_b():
    plan_schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    assert _json_errors(plan_schema, BASE_B) == []
    without_link = {k: v for k, v in BASE_B.items() if k != "gezamenlijk"}
    assert "'monitoring' is a required property" in _json_errors(plan_schema, without_link)
    titled = copy.deepcopy(BASE_B)
    titled["plan"]["titel"] = "Eigen titel"  # deel A's element in a deel B (IVP123)
    assert _json_errors(plan_schema, titled)
    base_plan = yaml.safe_load((DATA / "base_plan.yaml").read_text(encoding="utf-8"))
    assert _json_errors(plan_schema, base_plan) == []


def test_deel_a_schema_says_a_priority_without_niveau_is_shown_gezamenlijk():
    # the editor's hover text said the document then says nothing about it; it shows "gezamenlijk"
    res = CliRunner().invoke(main, ["schema", "--deel-a"])
    assert res.exit_code == 0
    niveau = json.loads(res.stdout)["properties"]["prioriteiten"]["items"]["properties"]["niveau"]
    assert "'gezamenlijk'" in niveau["description"]
    assert "niets over" not in niveau["description"]


def test_ivplan_schema_deel_a():
    res = CliRunner().invoke(main, ["schema", "--deel-a"])
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    assert _json_errors(schema, BASE_A) == []
    assert schema["properties"]["gemeenten"]["minItems"] == 2
    assert "basisteam" in schema["properties"]["samenwerking"]["description"] or schema["properties"]["samenwerking"]
    one = copy.deepcopy(BASE_A)
    one["gemeenten"] = one["gemeenten"][:1]
    assert _json_errors(schema, one)


# ------------------------------------------------------------------------------------------------
# Documents


EXAMPLE = Path(__file__).parents[1] / "examples" / "gezamenlijk"
VALIDATE = Path(__file__).parent / "data" / "docxwriter" / "ooxml" / "validate.py"


@pytest.fixture(scope="module")
def joint_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("gezamenlijk")
    res = CliRunner().invoke(main, ["build", str(EXAMPLE / "deel-a.yaml"), "--samen", "-o", str(out), "--markdown"])
    assert res.exit_code == 0, res.output
    return out


def test_joint_build_writes_each_gemeente_and_the_joint_document(joint_build):
    assert sorted(p.name for p in joint_build.glob("*.docx")) == [
        "de-zandmeren-ivp-2027-2030-gezamenlijk.docx",
        "hoeksdonk-ivp-2027-2030-plan.docx",
        "hoeksdonk-ivp-2027-2030-raadsvoorstel.docx",
        "ravensloot-ivp-2027-2030-plan.docx",
        "ravensloot-ivp-2027-2030-raadsvoorstel.docx",
        "zandwijk-ivp-2027-2030-plan.docx",  # vastgesteld: the plan only
    ]


def test_joint_documents_are_schema_valid(joint_build):
    import subprocess
    import sys

    docs = sorted(str(p) for p in joint_build.glob("*.docx"))
    out = subprocess.run([sys.executable, str(VALIDATE), *docs], capture_output=True, text=True)
    assert f"0 schema problems in {len(docs)} documents" in out.stdout, out.stdout


def test_joint_build_is_byte_identical(joint_build, tmp_path):
    res = CliRunner().invoke(
        main, ["build", str(EXAMPLE / "deel-a.yaml"), "--samen", "-o", str(tmp_path), "--markdown"]
    )
    assert res.exit_code == 0
    for p in joint_build.iterdir():
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


def test_gemeente_plan_has_both_parts_and_names_every_gemeente(joint_build):
    from docx import Document

    doc = Document(str(joint_build / "hoeksdonk-ivp-2027-2030-plan.docx"))
    assert doc.core_properties.title == "Integraal Veiligheidsplan De Zandmeren 2027-2030 (gemeente Hoeksdonk)"
    assert doc.core_properties.author == "Hoeksdonk"
    texts = [p.text for p in doc.paragraphs]
    assert "Gezamenlijk plan van de gemeenten Hoeksdonk, Ravensloot en Zandwijk" in texts
    headings = [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert (1, "Deel A – gezamenlijk deel De Zandmeren") in headings
    assert (1, "Deel B – lokaal deel Hoeksdonk") in headings
    assert (2, "Bovenlokale prioriteiten") in headings and (2, "Lokale prioriteiten") in headings
    assert (3, "Lokale doelen bij de bovenlokale prioriteiten") in headings
    assert (2, "Alle meetbare doelen van Hoeksdonk") in headings
    for (prev, _), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= prev + 1, f"kop '{text}' slaat een niveau over"
    # deel B's part comes after deel A's
    assert headings.index((1, "Deel A – gezamenlijk deel De Zandmeren")) < headings.index(
        (1, "Deel B – lokaal deel Hoeksdonk")
    )
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Deel")
    assert {r.cells[1].text for r in table.rows[1:]} == {"A", "B"}
    with __import__("zipfile").ZipFile(joint_build / "hoeksdonk-ivp-2027-2030-plan.docx") as z:
        assert 'TOC \\o "1-3"' in z.read("word/document.xml").decode("utf-8")


def test_raadsvoorstel_adopts_both_parts(joint_build):
    md = (joint_build / "ravensloot-ivp-2027-2030-raadsvoorstel.md").read_text(encoding="utf-8")
    assert (
        "1. vast te stellen het Integraal Veiligheidsplan De Zandmeren 2027-2030 (gemeente Ravensloot), bestaande "
        "uit het gezamenlijke deel A en het deel B van Ravensloot" in md
    )
    assert "Hoeksdonk en Zandwijk" in md and "amendement op deel A" in md
    assert "De raad van de gemeente Ravensloot" in md


def test_joint_document_for_the_driehoek(joint_build):
    from docx import Document

    path = joint_build / "de-zandmeren-ivp-2027-2030-gezamenlijk.docx"
    doc = Document(str(path))
    assert doc.core_properties.author == "De Zandmeren"
    assert doc.core_properties.created.date().isoformat() == "2027-01-28"  # the latest deel B date
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Gemeente", "Status", "Vastgesteld op", "Versie"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Hoeksdonk", "Ravensloot", "Zandwijk"]
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert level1[:4] == [
        "Deel A – gezamenlijk deel De Zandmeren",
        "Deel B – lokaal deel Hoeksdonk",
        "Deel B – lokaal deel Ravensloot",
        "Deel B – lokaal deel Zandwijk",
    ]


def test_an_error_in_deel_a_writes_nothing_of_its_set(tmp_path):
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    out = tmp_path / "uit"
    res = CliRunner().invoke(main, ["build", str(folder / "deel-a.yaml"), "--samen", "-o", str(out)])
    assert res.exit_code == 1
    assert not out.exists() or list(out.iterdir()) == []


def test_an_error_in_a_deel_b_blocks_its_documents_and_the_joint_one(tmp_path):
    folder = make_set(tmp_path, "meetbare_doelen[0].bron: onbekend\n")
    out = tmp_path / "uit"
    res = CliRunner().invoke(main, ["build", str(folder / "deel-a.yaml"), "--samen", "-o", str(out)])
    assert res.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "eerstedorp-ivp-2027-2030-plan.docx",
        "eerstedorp-ivp-2027-2030-raadsvoorstel.docx",
    ]


def test_samen_on_a_deel_b_adds_the_joint_plan_and_no_other_gemeentes_documents(tmp_path):
    # docs/gezamenlijke-plannen.md: a deel B gives its gemeente's documents; --samen adds the joint plan of its
    # deel A (built from the whole set); the other deel Bs are read for it, their own documents are not written
    folder = make_set(tmp_path)
    out = tmp_path / "uit"
    res = CliRunner().invoke(main, ["build", str(folder / "tweededorp" / "ivp.yaml"), "--samen", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "basisteam-voorbeeld-ivp-2027-2030-gezamenlijk.docx",
        "tweededorp-ivp-2027-2030-plan.docx",
        "tweededorp-ivp-2027-2030-raadsvoorstel.docx",
    ]
    # an error in the deel B that was not named: printed, and no joint plan; the named gemeente's documents still
    write(dict(eerste_b(), politie={"wijkagenten": "x"}), folder / "eerstedorp" / "ivp.yaml")
    out = tmp_path / "uit2"
    res = CliRunner().invoke(main, ["build", str(folder / "tweededorp" / "ivp.yaml"), "--samen", "-o", str(out)])
    assert res.exit_code == 1
    assert "eerstedorp/ivp.yaml" in res.stdout and "IVP000 politie.wijkagenten" in res.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "tweededorp-ivp-2027-2030-plan.docx",
        "tweededorp-ivp-2027-2030-raadsvoorstel.docx",
    ]


def test_samen_without_a_deel_b_shows_a_placeholder(tmp_path):
    folder = make_set(tmp_path, "deel_a.gemeenten[2]: {naam: Derdedorp, cbs_code: GM9003}\n")
    out = tmp_path / "uit"
    res = CliRunner().invoke(main, ["build", str(folder / "deel-a.yaml"), "--samen", "-o", str(out), "--markdown"])
    assert res.exit_code == 0, res.output
    md = (out / "basisteam-voorbeeld-ivp-2027-2030-gezamenlijk").with_suffix(".md").read_text(encoding="utf-8")
    assert "\\[Geen deel B gevonden voor Derdedorp\\]" in md


# ------------------------------------------------------------------------------------------------
# check --regio


REGIO = {
    "ivplan_regio": 1,
    "regio": {"naam": "Regio Voorbeeld", "politie_eenheid": "Oost-Nederland"},
    "regionaal_plan": {"titel": "Regionaal beleidsplan 2027-2030", "periode": {"start": 2027, "eind": 2030}},
    "speerpunten": [{"id": "ondermijning", "titel": "Ondermijning"}],
    "gemeenten": [{"cbs_code": "GM9001", "naam": "Eerstedorp", "basisteam": "Voorbeeld"}],
}


def _check_json(tmp_path, folder, *names):
    regio = write(REGIO, tmp_path / "regio.yaml")
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", *map(str, names)])
    return res, json.loads(res.stdout)


def test_check_counts_joint_plans_per_gemeente(tmp_path):
    folder = make_set(tmp_path, "deel_a.gemeenten[2]: {naam: Derdedorp, cbs_code: GM9003}\n")
    # only one deel B named: the whole set is taken, deel A gets its own file object after the regio file's
    res, out = _check_json(tmp_path, folder, folder / "eerstedorp" / "ivp.yaml")
    assert res.exit_code == 0, res.output
    files = [Path(f["file"]).name if f["file"].endswith("deel-a.yaml") else f["file"] for f in out["files"]]
    assert files[:2] == [str(tmp_path / "regio.yaml"), "deel-a.yaml"]
    rows = {g["naam"]: g for g in out["regio"]["gemeenten"]}
    assert rows["Eerstedorp"]["status"] == "conform" and rows["Tweededorp"]["status"] == "conform"
    assert rows["Derdedorp"]["status"] == "ontbreekt"  # listed by deel A only, no deel B on disk
    assert all(g["gezamenlijk"].endswith("deel-a.yaml") for g in rows.values())
    (joint,) = out["regio"]["gezamenlijk"]
    assert joint["naam"] == "Basisteam Voorbeeld" and joint["gemeenten"] == ["GM9001", "GM9002", "GM9003"]
    assert (joint["errors"], joint["warnings"]) == (0, 1)  # IVP130 for Derdedorp, in deel A's file object


def test_check_deel_a_error_counts_for_every_gemeente(tmp_path):
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    res, out = _check_json(tmp_path, folder, folder / "deel-a.yaml")
    assert res.exit_code == 1
    rows = {g["naam"]: g for g in out["regio"]["gemeenten"]}
    for naam in ("Eerstedorp", "Tweededorp"):
        assert (rows[naam]["status"], rows[naam]["errors"]) == ("niet_conform", 1)
    assert out["regio"]["gezamenlijk"][0]["errors"] == 1


def test_check_prints_a_deel_a_finding_once_as_text(tmp_path):
    # docs/gezamenlijke-plannen.md: deel A's findings go to every gemeente using it, printed once as text (as
    # validate does)
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    regio = write(REGIO, tmp_path / "regio.yaml")
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), str(folder / "deel-a.yaml")])
    assert res.exit_code == 1
    assert res.stdout.count("fout IVP002 meetbare_doelen[0].partners[1]") == 1
    assert res.stdout.count("- riec") == 1


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_check_report_names_deel_a_for_its_finding_under_a_gemeente(tmp_path, suffix):
    folder = make_set(tmp_path, "deel_a.meetbare_doelen[0].partners[1]: riec\n")
    regio = write(REGIO, tmp_path / "regio.yaml")
    report = tmp_path / f"rapport{suffix}"
    deel_a = folder / "deel-a.yaml"
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), str(deel_a), "-o", str(report)])
    assert res.exit_code == 1, res.output
    line = next(n for n, text in enumerate(deel_a.read_text(encoding="utf-8").splitlines(), 1) if "- riec" in text)
    if suffix == ".docx":
        from docx import Document

        texts = [p.text for p in Document(str(report)).paragraphs if "IVP002" in p.text]
    else:
        texts = [t for t in report.read_text(encoding="utf-8").splitlines() if "IVP002" in t]
    # under "Gezamenlijke plannen" (deel A's own): its line; under each gemeente: deel A's file and its line
    assert len(texts) == 3
    assert texts[0].startswith(f"regel {line}:") or texts[0].startswith(f"<li>regel {line}:")
    for text in texts[1:]:
        assert f"{deel_a}, regel {line}: " in text


def test_check_table_and_report_show_the_joint_plans(tmp_path):
    folder = make_set(tmp_path)
    regio = write(REGIO, tmp_path / "regio.yaml")
    report = tmp_path / "rapport.html"
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), str(folder / "deel-a.yaml"), "-o", str(report)])
    assert res.exit_code == 0, res.output
    assert "Gezamenlijk" in res.stdout and "Basisteam Voorbeeld" in res.stdout
    assert "Gezamenlijke plannen" in res.stdout
    html = report.read_text(encoding="utf-8")
    assert '<th scope="col">Gezamenlijk</th>' in html and "Gezamenlijke plannen" in html


# ------------------------------------------------------------------------------------------------
# voortgang


def test_voortgang_groups_joint_and_local_doelen_and_takes_the_year_over_the_set(tmp_path):
    from docx import Document

    res = CliRunner().invoke(
        main, ["voortgang", str(EXAMPLE / "ravensloot" / "ivp.yaml"), "--samen", "-o", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    # Ravensloot has no meting after a nulmeting of its own: the year comes from the set (2027)
    doc = Document(str(tmp_path / "ravensloot-ivp-2027-2030-voortgang-2027.docx"))
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Gezamenlijke doelen (De Zandmeren)" in level1 and "Lokale doelen" in level1
    assert any("gelden voor het hele gebied van De Zandmeren" in p.text for p in doc.paragraphs)
    samen = Document(str(tmp_path / "de-zandmeren-ivp-2027-2030-voortgang-2027.docx"))
    table = samen.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Gemeente", "doel gehaald", "op koers", "achter", "geen meting"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Hoeksdonk", "Ravensloot", "Zandwijk"]
    level1 = [p.text for p in samen.paragraphs if p.style.name == "Heading 1"]
    assert "Lokale doelen van Zandwijk" in level1


def test_joint_doelen_get_the_same_verdict_for_every_gemeente(tmp_path):
    res = CliRunner().invoke(main, ["voortgang", str(EXAMPLE / "deel-a.yaml"), "-o", str(tmp_path), "--jaar", "2027"])
    assert res.exit_code == 0, res.output
    from docx import Document

    verdicts = []
    for naam in ("hoeksdonk", "ravensloot", "zandwijk"):
        doc = Document(str(tmp_path / f"{naam}-ivp-2027-2030-voortgang-2027.docx"))
        rows = {r.cells[0].text: r.cells[-1].text for r in doc.tables[1].rows[1:]}
        verdicts.append(rows["Minder woninginbraken in het basisteam"])
    assert len(set(verdicts)) == 1


@pytest.mark.parametrize("command", ["toets", "cijfers", "preview"])
def test_a_deel_a_given_to_toets_or_cijfers_is_a_usage_error(command):
    res = CliRunner().invoke(main, [command, str(EXAMPLE / "deel-a.yaml")])
    assert res.exit_code == 2
    assert "is een gezamenlijk deel A" in res.stderr and "Traceback" not in res.output


def test_a_programme_may_point_at_a_deel_b_read_as_its_merged_plan(tmp_path):
    import shutil

    folder = tmp_path / "set"
    shutil.copytree(EXAMPLE, folder)
    b = folder / "hoeksdonk" / "ivp.yaml"
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(b), str(b.parent)])
    assert res.exit_code == 0, res.output
    programme = b.parent / "uitvoering-2027.yaml"
    out = json.loads(CliRunner().invoke(main, ["validate", "--format", "json", str(programme)]).stdout)
    plan_obj, prog_obj = out["files"]
    assert plan_obj["file"] == str(b) and plan_obj["valid"]
    # the starter names deel A's prioriteiten, partners and doelen: they resolve in the merged plan
    assert {d["code"] for d in prog_obj["diagnostics"]} <= {"IVP081", "IVP107"}


def test_joint_plan_converts_to_pdf_through_libreoffice(tmp_path):
    import subprocess

    res = CliRunner().invoke(main, ["build", str(EXAMPLE / "zandwijk" / "ivp.yaml"), "--pdf", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    pdf = tmp_path / "zandwijk-ivp-2027-2030-plan.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Deel B – lokaal deel Zandwijk") >= 2  # the TOC (levels 1-3) was filled in
    assert text.count("Bovenlokale prioriteiten") >= 2


def test_ivp131_silences_ivp035(tmp_path):
    folder = make_set(tmp_path, "gemeente.politie_eenheid: Limburg\n")
    regio = write(REGIO, tmp_path / "regio.yaml")
    out = json.loads(
        CliRunner()
        .invoke(main, ["validate", "--regio", str(regio), "--format", "json", str(folder / "tweededorp" / "ivp.yaml")])
        .stdout
    )
    codes = [d["code"] for f in out["files"] for d in f["diagnostics"]]
    assert "IVP131" in codes and "IVP035" not in codes


def test_check_report_docx_is_schema_valid(tmp_path):
    import subprocess
    import sys

    folder = make_set(tmp_path)
    regio = write(REGIO, tmp_path / "regio.yaml")
    report = tmp_path / "rapport.docx"
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), str(folder / "deel-a.yaml"), "-o", str(report)])
    assert res.exit_code == 0, res.output
    out = subprocess.run([sys.executable, str(VALIDATE), str(report)], capture_output=True, text=True)
    assert "0 schema problems in 1 documents" in out.stdout, out.stdout
    from docx import Document

    doc = Document(str(report))
    assert "Gezamenlijke plannen" in [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def test_check_file_objects_in_argument_order(tmp_path):
    folder = make_set(tmp_path)
    plain = write(yaml.safe_load((DATA / "base_plan.yaml").read_text(encoding="utf-8")), tmp_path / "los" / "ivp.yaml")
    shutil_copy = __import__("shutil").copy
    shutil_copy(DATA / "logo.png", plain.parent / "logo.png")
    res, out = _check_json(tmp_path, folder, folder / "tweededorp" / "ivp.yaml", plain)
    names = [f["file"] for f in out["files"]]
    assert names[0].endswith("regio.yaml") and names[1].endswith("deel-a.yaml")
    assert names[2].endswith("tweededorp/ivp.yaml") and names[3] == str(plain)
    assert names[4].endswith("eerstedorp/ivp.yaml")  # the rest of the set, after the arguments


def test_texts_in_both_parts_are_each_their_own(tmp_path):
    # regionale_afstemming.landelijk is a text both parts may hold (Settled 5): no error when both do
    folder = make_set(
        tmp_path,
        "deel_a.regionale_afstemming.landelijk: Gezamenlijk.\nregionale_afstemming.landelijk: Lokaal.\n"
        "plan.evaluatie_vorig_plan: Ook lokaal geëvalueerd.\n",
    )
    result = lint_plan(folder / "tweededorp" / "ivp.yaml")
    assert result.diagnostics == []


def test_an_open_data_binding_in_deel_a_gives_its_regio(tmp_path):
    fragment = (
        "deel_a.probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}\n"
        "deel_a.meetbare_doelen[0].open_data: "
        "{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: '1.1.2'}}\n"
    )
    result = lint_plan(make_set(tmp_path, fragment) / "deel-a.yaml")
    assert [(d.code, d.path) for d in result.diagnostics] == [("IVP000", "meetbare_doelen[0].open_data.regio")]
    result = lint_plan(
        make_set(tmp_path, fragment + "deel_a.meetbare_doelen[0].open_data.regio: RE01\n", "b") / "deel-a.yaml"
    )
    assert [d.code for d in result.diagnostics if d.code == "IVP000"] == []


def test_a_programme_on_a_deel_b_names_the_gemeente_in_the_plan_title(tmp_path):
    import shutil

    from docx import Document

    folder = tmp_path / "set"
    shutil.copytree(EXAMPLE, folder)
    b = folder / "zandwijk" / "ivp.yaml"
    assert CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(b)]).exit_code == 0
    programme = b.parent / "uitvoering-2027.yaml"
    deel_a = yaml.safe_load((folder / "deel-a.yaml").read_text(encoding="utf-8"))
    titel = f"{deel_a['plan']['titel']} (gemeente Zandwijk)"

    res = CliRunner().invoke(main, ["build", str(programme), "-o", str(tmp_path / "build")])
    assert res.exit_code == 0, res.output
    doc = Document(str(tmp_path / "build" / "zandwijk-ivp-2027-2030-uitvoering-2027.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert [p.text for p in doc.paragraphs if p.style.name == "Subtitle"] == [f"Uitvoering van het {titel}"]
    assert any(t.startswith(f"gelet op het {titel}") for t in texts), texts
    assert doc.core_properties.subject == f"Uitvoering van het {titel} in 2027"

    # voortgang: the programme's report only (the deel B was not named), with the same title
    res = CliRunner().invoke(main, ["voortgang", str(programme), "-o", str(tmp_path / "voortgang")])
    assert res.exit_code == 0, res.output
    written = sorted(p.name for p in (tmp_path / "voortgang").iterdir())
    assert written == ["zandwijk-ivp-2027-2030-uitvoering-2027-voortgang.docx"]
    doc = Document(str(tmp_path / "voortgang" / written[0]))
    assert [p.text for p in doc.paragraphs if p.style.name == "Subtitle"] == [titel]
    # named beside its deel A, the deel B of the set gets its own report as well
    res = CliRunner().invoke(
        main, ["voortgang", str(folder / "deel-a.yaml"), str(programme), "-o", str(tmp_path / "samen")]
    )
    assert res.exit_code == 0, res.output
    assert "zandwijk-ivp-2027-2030-voortgang-2027.docx" in {p.name for p in (tmp_path / "samen").iterdir()}
