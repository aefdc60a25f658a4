"""The uitvoeringsprogramma (`ivplan_uitvoering: 1`): how it is read with its plan, IVP100's cases, the
file objects of a run, and no cascade. The rules' own fragments run in tests/test_rules.py."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivplan.cli.commands import main

DATA = Path(__file__).parent / "data" / "rules"
BASE_PLAN = yaml.safe_load((DATA / "base_plan.yaml").read_text(encoding="utf-8"))
BASE_UITVOERING = yaml.safe_load((DATA / "base_uitvoering.yaml").read_text(encoding="utf-8"))
BASE_REGIO = yaml.safe_load((DATA / "base_regio.yaml").read_text(encoding="utf-8"))


def dump(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def folder_with(tmp_path: Path, programme: dict | None = None, plan: dict | None = None) -> Path:
    dump(plan if plan is not None else BASE_PLAN, tmp_path / "ivp.yaml")
    shutil.copy(DATA / "logo.png", tmp_path / "logo.png")
    return dump(programme if programme is not None else BASE_UITVOERING, tmp_path / "uitvoering.yaml")


def validate(*args):
    res = CliRunner().invoke(main, ["validate", "--format", "json", *map(str, args)])
    return res, json.loads(res.stdout)


def diags(data, file_suffix: str) -> list[tuple]:
    (f,) = [f for f in data["files"] if f["file"].endswith(file_suffix)]
    return [(d["code"], d["path"], d["line"]) for d in f["diagnostics"]]


def with_plan(value: str) -> dict:
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["plan"] = value
    return programme


def test_programme_brings_its_plan_as_a_file_object_before_it(tmp_path):
    programme = folder_with(tmp_path)
    res, data = validate(programme)
    assert res.exit_code == 0
    assert [f["file"] for f in data["files"]] == [str(tmp_path / "ivp.yaml"), str(programme)]
    # named after the programme, the plan keeps its place before it and is linted once
    res, data = validate(programme, tmp_path / "ivp.yaml")
    assert [f["file"] for f in data["files"]] == [str(tmp_path / "ivp.yaml"), str(programme)]
    assert "2 bestanden gecontroleerd" in res.stderr


def test_missing_plan_names_the_file_it_probably_means(tmp_path):
    programme = folder_with(tmp_path, with_plan("ivp-oud.yaml"))
    res = CliRunner().invoke(main, ["validate", str(programme)])
    assert res.exit_code == 1
    assert (
        f"{programme}:2:7: fout IVP100 plan: het plan 'ivp-oud.yaml' bestaat niet (bedoelde u 'ivp.yaml'?)"
        in res.stdout
    )


def test_plan_paths_that_are_no_plan(tmp_path):
    cases = {
        "/etc/ivp.yaml": "absoluut pad",
        "..\\\\ivp.yaml": "met /",
        "../../ivp.yaml": "buiten de map",
        "regio.yaml": "geen plan maar een regiobestand",
        "map": "is een map",
    }
    dump(BASE_REGIO, tmp_path / "regio.yaml")
    (tmp_path / "map").mkdir()
    for value, phrase in cases.items():
        programme = folder_with(tmp_path, with_plan(value))
        res, data = validate(programme)
        assert res.exit_code == 1, value
        (d,) = [d for d in data["files"][-1]["diagnostics"]]
        assert (d["code"], d["path"]) == ("IVP100", "plan") and phrase in d["message"], (value, d["message"])


def test_a_plan_that_is_a_pipe_is_ivp100_a_plan_error(tmp_path):
    # the programme cannot read its plan: IVP100 at `plan` (exit 1), not an unreadable file (exit 2)
    programme = folder_with(tmp_path, with_plan("pijp.yaml"))
    os.mkfifo(tmp_path / "pijp.yaml")
    res = CliRunner().invoke(main, ["validate", str(programme)])
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0] == (
        f"{programme}:2:7: fout IVP100 plan: het plan 'pijp.yaml' kan niet worden gelezen "
        "(het is geen gewoon bestand, maar bijvoorbeeld een apparaat of pijp)"
    )
    assert "1 bestand gecontroleerd: 1 fout" in res.stderr
    assert "ivplan:" not in res.stderr


def test_unloadable_plan_gives_ivp100_alone(tmp_path):
    programme = folder_with(tmp_path)
    (tmp_path / "ivp.yaml").write_text("ivplan: 1\ngemeente: [\n", encoding="utf-8")
    res, data = validate(programme)
    assert res.exit_code == 1
    assert [d[0] for d in diags(data, "ivp.yaml")] == ["IVP900"]
    assert diags(data, "uitvoering.yaml") == [("IVP100", "plan", 2)]


def test_plan_with_errors_counts_them_and_the_rest_still_runs(tmp_path):
    plan = copy.deepcopy(BASE_PLAN)
    plan["meetbare_doelen"][0]["trekker"] = "wijkteam"  # IVP002 in the plan
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["status"] = "vertraagd"  # IVP111
    res, data = validate(folder_with(tmp_path, programme, plan))
    assert [d[0] for d in diags(data, "ivp.yaml")] == ["IVP002"]
    codes = [d[0] for d in diags(data, "uitvoering.yaml")]
    assert codes == ["IVP100", "IVP111"]
    message = data["files"][-1]["diagnostics"][0]["message"]
    assert "heeft 1 fout" in message


def test_strikt_makes_plan_warnings_errors_for_ivp100(tmp_path):
    plan = copy.deepcopy(BASE_PLAN)
    del plan["regionale_afstemming"]["driehoek"]  # IVP034, a warning
    programme = folder_with(tmp_path, plan=plan)
    _, data = validate(programme)
    assert "IVP100" not in [d[0] for d in diags(data, "uitvoering.yaml")]
    res, data = validate("--strikt", programme)
    assert res.exit_code == 1
    assert "IVP100" in [d[0] for d in diags(data, "uitvoering.yaml")]


def test_plan_and_programme_keys_in_one_file_is_ivp000_at_the_second(tmp_path):
    doc = {"ivplan": 1, **BASE_UITVOERING}
    res, data = validate(folder_with(tmp_path, doc))
    assert res.exit_code == 1
    assert diags(data, "uitvoering.yaml") == [("IVP000", "ivplan_uitvoering", 2)]


@pytest.mark.parametrize("other", ["ivplan_gezamenlijk", "ivplan_regio", "ivplan_toets"])
@pytest.mark.parametrize("other_first", [True, False])
def test_another_kinds_top_key_in_a_programme_is_ivp000_at_the_second(tmp_path, other, other_first):
    doc = {other: 1, **BASE_UITVOERING} if other_first else {**BASE_UITVOERING, other: 1}
    second, line = (
        ("ivplan_uitvoering", 2) if other_first else (other, len(yaml.safe_dump(BASE_UITVOERING).splitlines()) + 1)
    )
    path = folder_with(tmp_path, doc)
    for command in (["validate", "--format", "json"], ["build", "-o", str(tmp_path / "out")]):
        res = CliRunner().invoke(main, [*command, str(path)])
        assert res.exit_code == 1, res.output
    data = json.loads(CliRunner().invoke(main, ["validate", "--format", "json", str(path)]).stdout)
    assert [f["file"] for f in data["files"]] == [str(path)]
    assert diags(data, "uitvoering.yaml") == [("IVP000", second, line)]
    assert not (tmp_path / "out").exists()


def test_regio_cannot_change_ivp100(tmp_path):
    regio = copy.deepcopy(BASE_REGIO)
    regio["eisen"] = {"IVP100": "waarschuwing", "IVP112": "uit"}
    programme = folder_with(tmp_path)
    res, data = validate("--regio", dump(regio, tmp_path / "regio.yaml"), programme)
    assert res.exit_code == 1
    assert [(d["code"], d["path"]) for d in data["files"][0]["diagnostics"]] == [("IVP000", "eisen.IVP100")]


def test_regio_eisen_adjust_programme_rules(tmp_path):
    regio = copy.deepcopy(BASE_REGIO)
    regio["eisen"] = {"IVP112": "fout"}
    programme = copy.deepcopy(BASE_UITVOERING)
    del programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["doelen"]
    res, data = validate("--regio", dump(regio, tmp_path / "regio.yaml"), folder_with(tmp_path, programme))
    assert res.exit_code == 1
    (f,) = [f for f in data["files"] if f["file"].endswith("uitvoering.yaml")]
    assert [(d["code"], d["severity"]) for d in f["diagnostics"]] == [("IVP112", "error")]


def test_ivp107_names_the_missing_fields_in_good_dutch(tmp_path):
    # one missing field "ontbreekt", several "ontbreken"
    programme = copy.deepcopy(BASE_UITVOERING)
    del programme["collegebesluit"]["registratienummer"]
    _, data = validate(folder_with(tmp_path, programme))
    (f,) = [f for f in data["files"] if f["file"].endswith("uitvoering.yaml")]
    assert [d["message"] for d in f["diagnostics"] if d["code"] == "IVP107"] == [
        "in het collegebesluit ontbreekt registratienummer; het document toont daar een invulplek"
    ]
    del programme["collegebesluit"]["datum"]
    _, data = validate(folder_with(tmp_path, programme))
    (f,) = [f for f in data["files"] if f["file"].endswith("uitvoering.yaml")]
    assert [d["message"] for d in f["diagnostics"] if d["code"] == "IVP107"] == [
        "in het collegebesluit ontbreken registratienummer en datum; het document toont daar een invulplek"
    ]


def test_schema_uitvoering_is_the_editor_schema():
    res = CliRunner().invoke(main, ["schema", "--uitvoering"])
    schema = json.loads(res.stdout)
    assert "ivplan_uitvoering" in schema["required"] and "prioriteiten" in schema["properties"]


def test_termijn_as_a_year_or_a_quarter(tmp_path):
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] = "2027-Q5"
    res, data = validate(folder_with(tmp_path, programme))
    assert diags(data, "uitvoering.yaml")[0][:2] == ("IVP000", "prioriteiten[0].actiepunten[0].maatregelen[0].termijn")
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] = 2027
    res, data = validate(folder_with(tmp_path, programme))
    assert res.exit_code == 0, data


# --------------------------------------------------------------------------------------------------
# voortgang: the chapter "Uitvoering in <jaar>"


def test_oordeel_jaardoel_rules():
    from ivplan.documents.uitvoering import oordeel_jaardoel

    doel = {"richting": "dalen", "metingen": [{"jaar": 2027, "waarde": 90}, {"jaar": 2027, "waarde": 88}]}
    assert oordeel_jaardoel(doel, None, 2027) == ("geen jaardoel", None)
    assert oordeel_jaardoel(doel, {"waarde": 88}, 2027) == ("jaardoel gehaald", 88)  # the last listed; equal
    assert oordeel_jaardoel(doel, {"waarde": 87.5}, 2027)[0] == "jaardoel niet gehaald"
    assert oordeel_jaardoel(doel, {"waarde": 88}, 2028) == ("geen meting", None)  # earlier ones do not count
    stijgen = {"richting": "stijgen", "metingen": [{"jaar": 2027, "waarde": 7.0}]}
    assert oordeel_jaardoel(stijgen, {"waarde": 7.0}, 2027)[0] == "jaardoel gehaald"
    handhaven = {"richting": "handhaven", "metingen": [{"jaar": 2027, "waarde": 7.35}]}
    assert oordeel_jaardoel(handhaven, {"waarde": 7.0}, 2027)[0] == "jaardoel gehaald"  # 5 % of 7,0 is 0,35
    assert oordeel_jaardoel(handhaven, {"waarde": 6.9}, 2027)[0] == "jaardoel niet gehaald"


def test_voortgang_of_a_programme_has_its_chapter(tmp_path):
    import docx

    plan = copy.deepcopy(BASE_PLAN)
    plan["meetbare_doelen"][0]["metingen"].append({"jaar": 2027, "waarde": 86})
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"].append(
        {"id": "wi-2", "omschrijving": "Buurtpreventie.", "trekker": "gemeente", "termijn": 2027, "status": "afgerond"}
    )
    path = folder_with(tmp_path, programme, plan)
    res = CliRunner().invoke(main, ["voortgang", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    (doc,) = (tmp_path / "out").glob("*.docx")
    assert doc.name == "voorbeeldstad-ivp-2027-2030-uitvoering-2027-voortgang.docx"
    d = docx.Document(str(doc))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Uitvoering in 2027") < headings.index("Prestatieafspraken per partner")
    tables = {t.rows[0].cells[0].text: t for t in d.tables}
    status = [[c.text for c in r.cells] for r in tables["Status"].rows]
    assert status == [
        ["Status", "Aantal"],
        ["gepland", "1"],
        ["lopend", "0"],
        ["afgerond", "1"],
        ["vertraagd", "0"],
        ["vervallen", "0"],
        ["Totaal", "2"],
    ]
    jaardoelen = [t for t in d.tables if t.rows[0].cells[-1].text == "Oordeel jaardoel"][0]
    assert [c.text for c in jaardoelen.rows[1].cells] == ["Minder woninginbraken.", "88", "86", "jaardoel gehaald"]


def test_voortgang_year_outside_the_programme_is_usage_error(tmp_path):
    path = folder_with(tmp_path)
    res = CliRunner().invoke(main, ["voortgang", str(path), "--jaar", "2029", "-o", str(tmp_path / "out")])
    assert res.exit_code == 2 and "valt buiten het uitvoeringsprogramma (2027)" in res.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_build_programme_documents(tmp_path):
    import docx

    path = folder_with(tmp_path)
    res = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "voorbeeldstad-ivp-2027-2030-uitvoering-2027-raadsinformatiebrief.docx",
        "voorbeeldstad-ivp-2027-2030-uitvoering-2027.docx",
    ]
    d = docx.Document(str(tmp_path / "out" / names[1]))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Het college van burgemeester en wethouders van Voorbeeldstad;" in text
    assert "gelet op artikel 160, eerste lid, van de Gemeentewet;" in text
    assert "vast te stellen het Uitvoeringsprogramma integrale veiligheid Voorbeeldstad 2027;" in text
    assert "de gemeenteraad hierover te informeren met een raadsinformatiebrief;" in text  # as the besluit's text
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Inleiding",
        "Doelen en jaardoelen",
        "Prioriteiten",
        "Overige veiligheidsthema's",
        "Regulier werk",
        "Partners",
        "Financiën",
        "Sturing en verantwoording",
    ]
    maatregelen = [t for t in d.tables if t.rows[0].cells[0].text == "Nr."][0]
    assert [c.text for c in maatregelen.rows[1].cells][2:] == [
        "Gemeente Voorbeeldstad, met Politie basisteam Voorbeeldstad",
        "3e kwartaal 2027",
        "€ 20.000",
        "gepland",
    ]
    assert "Dit programma noemt geen regulier werk." in text
    rib = docx.Document(str(tmp_path / "out" / names[0]))
    labels = [r.cells[0].text for r in rib.tables[0].rows]
    assert labels == ["Aan", "Van", "Datum", "Onderwerp", "Portefeuillehouder", "Nummer"]
    assert rib.tables[0].rows[-1].cells[1].text == "[nummer]"


def test_jaardoel_columns_one_per_year_named_by_year_only_for_two(tmp_path):
    import docx

    # one year: the column is "Jaardoel"; two years: one column per year, "Jaardoel 2027", "Jaardoel 2028"
    two = copy.deepcopy(BASE_UITVOERING)
    two["programma"]["periode"]["eind"] = 2028
    for programme, expected in (
        (BASE_UITVOERING, ["Jaardoel"]),
        (two, ["Jaardoel 2027", "Jaardoel 2028"]),
    ):
        path = folder_with(tmp_path / str(len(expected)), programme)
        res = CliRunner().invoke(main, ["build", str(path), "-o", str(path.parent / "out")])
        assert res.exit_code == 0, res.output
        (docx_path,) = [p for p in (path.parent / "out").iterdir() if not p.name.endswith("raadsinformatiebrief.docx")]
        d = docx.Document(str(docx_path))
        (table,) = [t for t in d.tables if t.rows[0].cells[0].text == "Doel"]
        assert [c.text for c in table.rows[0].cells] == ["Doel", "Indicator", "Nulmeting", *expected, "Streefwaarde"]


def test_programme_documents_are_valid_ooxml_and_deterministic(tmp_path):
    import subprocess
    import sys

    path = folder_with(tmp_path)
    for out in ("a", "b"):
        assert CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / out)]).exit_code == 0
    docs = sorted((tmp_path / "a").glob("*.docx"))
    for doc in docs:
        assert doc.read_bytes() == (tmp_path / "b" / doc.name).read_bytes()
    validate_py = Path(__file__).parent / "data" / "docxwriter" / "ooxml" / "validate.py"
    out = subprocess.run([sys.executable, str(validate_py), *map(str, docs)], capture_output=True, text=True)
    assert f"0 schema problems in {len(docs)} documents" in out.stdout, out.stdout


# --------------------------------------------------------------------------------------------------
# check --regio


def test_check_regio_counts_maatregelen_per_speerpunt(tmp_path):
    programme = folder_with(tmp_path)
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", str(programme)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    # the plan came with its programme, as if it were named
    assert [f["file"] for f in data["files"]] == [str(regio), str(tmp_path / "ivp.yaml"), str(programme)]
    (g,) = data["regio"]["gemeenten"]
    assert g["status"] == "conform" and g["file"] == str(tmp_path / "ivp.yaml")
    assert g["uitvoering"] == {
        "file": str(programme),
        "periode": {"start": 2027, "eind": 2027},
        "valid": True,
        "maatregelen": {"ondermijning": 1},
    }
    table = CliRunner().invoke(main, ["check", "--regio", str(regio), str(programme)]).stdout
    assert "Uitvoering" in table and "toegelicht (1)" in table


def test_check_orders_file_objects_like_validate(tmp_path):
    # each programme at its place among the arguments, a plan it brings in just before it (as validate does)
    plans = {}
    for name, code in (("a", "GM9001"), ("b", "GM9002")):
        plan = copy.deepcopy(BASE_PLAN)
        plan["gemeente"]["cbs_code"] = code
        plans[name] = folder_with(tmp_path / name, plan=plan)
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    plan_a = tmp_path / "a" / "ivp.yaml"
    for args, order in (
        ([plans["a"], plans["b"]], [tmp_path / "a" / "ivp.yaml", plans["a"], tmp_path / "b" / "ivp.yaml", plans["b"]]),
        ([plan_a, plans["a"], tmp_path / "b" / "ivp.yaml"], [plan_a, plans["a"], tmp_path / "b" / "ivp.yaml"]),
        ([plans["b"], plan_a], [tmp_path / "b" / "ivp.yaml", plans["b"], plan_a]),
    ):
        args = [str(a) for a in args]
        _, data = validate(*args)
        assert [f["file"] for f in data["files"]] == [str(p) for p in order]
        res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", *args])
        assert res.exit_code == 0, res.output
        assert [f["file"] for f in json.loads(res.stdout)["files"]] == [str(regio), *map(str, order)]


def test_check_invalid_programme_sets_exit_code_not_status(tmp_path):
    doc = copy.deepcopy(BASE_UITVOERING)
    doc["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["trekker"] = "wijkteam"  # IVP101
    programme = folder_with(tmp_path, doc)
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", str(programme)])
    assert res.exit_code == 1
    (g,) = json.loads(res.stdout)["regio"]["gemeenten"]
    assert g["status"] == "conform" and g["errors"] == 0
    assert g["uitvoering"]["valid"] is False and g["uitvoering"]["maatregelen"] is None


def test_ivp119_overlapping_programmes_in_check(tmp_path):
    first = folder_with(tmp_path)
    second = dump(BASE_UITVOERING, tmp_path / "tweede.yaml")
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", str(first), str(second)])
    assert res.exit_code == 1
    files = {f["file"]: f for f in json.loads(res.stdout)["files"]}
    assert [(d["code"], d["path"]) for d in files[str(second)]["diagnostics"]] == [("IVP119", "plan")]
    assert files[str(first)]["diagnostics"] == []


def test_check_regio_reads_a_plan_once_for_its_programmes(tmp_path, monkeypatch):
    # the plan a programme points to is checked where the plan is, once, and handed to the programme's
    # rules (app/check.py, _WithPlan): with --strikt the plan's warnings still count as errors (IVP100)
    import ivplan.app.check as check_app
    import ivplan.validation.uitvoering as uitvoering

    plan = copy.deepcopy(BASE_PLAN)
    del plan["regionale_afstemming"]["driehoek"]  # IVP034, a warning that --strikt makes an error
    first = folder_with(tmp_path, plan=plan)
    second = dump(BASE_UITVOERING, tmp_path / "tweede.yaml")
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    linted = []
    real_lint_plan = check_app.lint_plan

    def counting(path, *args, **kwargs):
        linted.append(Path(path).name)
        return real_lint_plan(path, *args, **kwargs)

    monkeypatch.setattr(check_app, "lint_plan", counting)
    monkeypatch.setattr(uitvoering, "lint_plan", counting)
    runs = {}
    for strikt in ([], ["--strikt"]):
        linted.clear()
        args = ["check", "--regio", str(regio), "--format", "json", *strikt, str(first), str(second)]
        res = CliRunner().invoke(main, args)
        assert linted == ["ivp.yaml"], (strikt, linted)
        runs[bool(strikt)] = json.loads(res.stdout)
    plain, strict = runs[False], runs[True]
    files = {f["file"]: f for f in strict["files"]}
    assert "IVP100" in [d["code"] for d in files[str(first)]["diagnostics"]]
    assert "IVP100" in [d["code"] for d in files[str(second)]["diagnostics"]]
    assert all(d["code"] != "IVP100" for f in plain["files"] for d in f["diagnostics"])


def test_check_report_docx_has_the_programmes(tmp_path):
    import docx

    programme = folder_with(tmp_path)
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    out = tmp_path / "rapport.docx"
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), str(programme), "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    assert "Uitvoeringsprogramma's" in [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    (table,) = [t for t in d.tables if t.rows[0].cells[1].text == "Programma"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Gemeente", "Programma", "Ondermijning"],
        ["Voorbeeldstad", "2027", "1"],
    ]


# --------------------------------------------------------------------------------------------------
# ivplan init --uitvoering


def test_init_uitvoering_writes_a_starter_with_ivp081_and_ivp107_only(tmp_path):
    plan = copy.deepcopy(BASE_PLAN)
    plan["monitoring"]["uitvoeringsprogramma"] = "tweejaarlijks"
    dump(plan, tmp_path / "ivp.yaml")
    shutil.copy(DATA / "logo.png", tmp_path / "logo.png")
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2029", str(tmp_path / "ivp.yaml")])
    assert res.exit_code == 0, res.output
    target = tmp_path / "uitvoering-2029-2030.yaml"
    assert target.is_file()
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert doc["programma"] == {
        "periode": {"start": 2029, "eind": 2030},
        "status": "concept",
        "samenvatting": doc["programma"]["samenvatting"],
    }
    (entry,) = doc["prioriteiten"]
    (m,) = entry["actiepunten"][0]["maatregelen"]
    assert entry["actiepunten"][0]["id"] == "woninginbraak-a1" and m["id"] == "woninginbraak-1"
    assert (m["trekker"], m["doelen"], m["termijn"]) == ("politie", ["d1"], 2029)
    _, data = validate(target)
    codes = {d["code"] for f in data["files"] for d in f["diagnostics"]}
    assert codes == {"IVP081", "IVP107"}
    # capped at the plan's end; never over an existing file
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2030", str(tmp_path / "ivp.yaml")])
    assert res.exit_code == 0 and (tmp_path / "uitvoering-2030.yaml").is_file()
    before = target.read_bytes()
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2029", str(tmp_path / "ivp.yaml")])
    assert res.exit_code == 2 and "bestaat al" in res.stderr and target.read_bytes() == before


def test_init_uitvoering_refusals(tmp_path):
    folder_with(tmp_path)
    plan = str(tmp_path / "ivp.yaml")
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2031", plan])
    assert res.exit_code == 2 and "buiten de periode van het plan (2027-2030)" in res.stderr
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", plan, "--gemeente", "X"])
    assert res.exit_code == 2 and "--gemeente past niet bij --uitvoering" in res.stderr
    broken = copy.deepcopy(BASE_PLAN)
    broken["meetbare_doelen"][0]["prioriteit"] = "jeugd"
    dump(broken, tmp_path / "kapot" / "ivp.yaml")
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(tmp_path / "kapot" / "ivp.yaml")])
    assert res.exit_code == 1 and "IVP002" in res.stdout
    assert not list((tmp_path / "kapot").glob("uitvoering-*.yaml"))
    # the plan form still needs its options
    res = CliRunner().invoke(main, ["init", str(tmp_path / "nieuw")])
    assert res.exit_code == 2 and "--gemeente" in res.stderr


def test_init_uitvoering_in_a_folder_too_deep_below_the_plan_says_where_the_plan_must_be(tmp_path):
    folder_with(tmp_path)
    deep = tmp_path / "programmas" / "2027"
    deep.mkdir(parents=True)
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(tmp_path / "ivp.yaml"), str(deep)])
    assert res.exit_code == 2
    assert "het plan moet in de map van het programma of de map daarboven staan" in res.stderr, res.stderr
    assert not list(deep.iterdir())


def test_init_uitvoering_refuses_a_deel_a(tmp_path):
    shutil.copytree(Path(__file__).parents[1] / "examples" / "gezamenlijk", tmp_path / "g")
    deel_a = tmp_path / "g" / "deel-a.yaml"
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(deel_a), str(tmp_path / "u")])
    assert res.exit_code == 2
    assert res.stderr == (
        f"ivplan: {deel_a}: is een gezamenlijk deel A (ivplan_gezamenlijk: 1); 'ivplan init --uitvoering' neemt "
        "een plan of het deel B van een gemeente (er is niets geschreven)\n"
    )
    assert not (tmp_path / "u").exists()
    # a deel B is a gemeente's plan: its starter programme validates
    deel_b = tmp_path / "g" / "zandwijk" / "ivp.yaml"
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(deel_b), str(tmp_path / "u")])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "u" / "uitvoering-2027.yaml")])
    assert res.exit_code == 0, res.output


def test_init_uitvoering_refuses_a_programme_in_place_of_the_plan(tmp_path):
    programme = folder_with(tmp_path)
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2028", str(programme), str(tmp_path / "u")])
    assert res.exit_code == 2
    assert res.stdout == ""  # not the programme read as a plan, with a page of schema errors
    assert res.stderr == (
        f"ivplan: {programme}: is een uitvoeringsprogramma (ivplan_uitvoering: 1); 'ivplan init --uitvoering' "
        "neemt een plan of het deel B van een gemeente (er is niets geschreven)\n"
    )
    assert not (tmp_path / "u").exists()


def test_check_report_html_has_the_programmes(tmp_path):
    programme = folder_with(tmp_path)
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    out = tmp_path / "rapport.html"
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), str(programme), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert '<h2 id="uitvoering">Uitvoeringsprogramma&#39;s</h2>' in html or "Uitvoeringsprogramma" in html
    assert '<caption id="tabel-uitvoering-titel">Maatregelen per regionaal speerpunt</caption>' in html
    assert '<td class="getal">1</td>' in html


def test_programme_documents_have_no_placeholder_leaks_and_convert_with_libreoffice(tmp_path):
    import docx

    from ivplan.render.pdf import docx_to_pdf, libreoffice_available

    path = folder_with(tmp_path)
    assert CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")]).exit_code == 0
    for doc in sorted((tmp_path / "out").glob("*.docx")):
        text = "\n".join(p.text for p in docx.Document(str(doc)).paragraphs)
        text += "\n".join(c.text for t in docx.Document(str(doc)).tables for r in t.rows for c in r.cells)
        for leak in ("None", "{{", "{%", "[[", "Undefined"):
            assert leak not in text, (doc.name, leak)
    if libreoffice_available():
        first = sorted((tmp_path / "out").glob("*.docx"))[1]
        docx_to_pdf(first, tmp_path / "p.pdf")
        assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


def test_editor_schema_of_init_validates_plans_and_programmes(tmp_path):
    import jsonschema

    res = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "p"),
            "--gemeente",
            "Voorbeeldstad",
            "--cbs-code",
            "GM9001",
            "--inwoners",
            "24000",
            "--politie-eenheid",
            "Oost-Nederland",
        ],
    )
    assert res.exit_code == 0, res.output
    schema = json.loads((tmp_path / "p" / ".vscode" / "ivplan.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(BASE_PLAN)) == []
    assert list(validator.iter_errors(BASE_UITVOERING)) == []
    wrong = copy.deepcopy(BASE_UITVOERING)
    wrong["programma"]["status"] = "vastgesteldd"
    assert list(validator.iter_errors(wrong))
    wrong_plan = copy.deepcopy(BASE_PLAN)
    del wrong_plan["gemeente"]
    assert list(validator.iter_errors(wrong_plan))


def test_programme_lists_the_plans_priorities_one_per_item(tmp_path):
    import docx

    path = folder_with(tmp_path)
    assert CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")]).exit_code == 0
    d = docx.Document(str(tmp_path / "out" / "voorbeeldstad-ivp-2027-2030-uitvoering-2027.docx"))
    items = [p for p in d.paragraphs if p.text.startswith("Woninginbraak, met")]
    assert [p.text for p in items] == ["Woninginbraak, met 1 meetbaar doel"]
    assert "w:numPr" in items[0]._p.xml  # a list item of its own


def test_inhoudsopgave_takes_a_depth(tmp_path):
    from ivplan.render.docxwriter import DocumentMeta, write_docx

    meta = DocumentMeta(
        title="T", subject="S", author="A", keywords=(), created=__import__("datetime").date(2027, 1, 1)
    )
    default = write_docx("[[inhoudsopgave]]\n\n# Een\n", meta)
    deep = write_docx("[[inhoudsopgave: 3]]\n\n# Een\n", meta)
    import io
    import zipfile

    def xml(data: bytes) -> str:
        return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")

    assert 'TOC \\o "1-2"' in xml(default) and 'TOC \\o "1-3"' in xml(deep)
    assert "Inhoudsopgave" in xml(deep)


# --------------------------------------------------------------------------------------------------
# programma.periode failing the schema: IVP000 only, the rules reading the period are silent


def _with_period_readers(periode) -> dict:
    """The base programme with a maatregel and a jaardoel in 2029: outside a 2027 programme, so IVP110 and
    IVP114 speak whenever they read a usable period."""
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["programma"]["periode"] = periode
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] = "2029-Q1"
    programme["jaardoelen"][0].update(jaar=2029, waarde=76)  # on the plan's path (IVP116 silent)
    return programme


def test_period_readers_speak_on_a_valid_period(tmp_path):
    res, data = validate(folder_with(tmp_path, _with_period_readers({"start": 2027})))
    assert {d[0] for d in diags(data, "uitvoering.yaml")} == {"IVP110", "IVP114"}


@pytest.mark.parametrize(
    "periode, path",
    [
        ({"start": "x"}, "programma.periode.start"),
        ({"start": 2027.5}, "programma.periode.start"),
        ({"eind": 2027}, "programma.periode.start"),
        ({"start": 2027, "eind": "x"}, "programma.periode.eind"),
        ({"start": 2027, "eind": 2028, "x": 1}, "programma.periode.x"),
        ({}, "programma.periode.start"),  # no start at all
    ],
)
def test_period_failing_the_schema_inside_is_ivp000_only(tmp_path, periode, path):
    res, data = validate(folder_with(tmp_path, _with_period_readers(periode)))
    assert res.exit_code == 1, res.output
    assert [(d[0], d[1]) for d in diags(data, "uitvoering.yaml")] == [("IVP000", path)]
    assert diags(data, "ivp.yaml") == []


@pytest.mark.parametrize(
    "change, path, message",
    [
        ({"programma": {"periode": {"start": 1999}}}, "programma.periode.start", "1999 is te klein (minimaal 2000)"),
        ({"programma": {"periode": {"start": 2027, "eind": 2101}}}, "programma.periode.eind", "2101 is te groot"),
        ({"programma": {"periode": {"start": 1999, "eind": 2028}}}, "programma.periode.start", "1999 is te klein"),
        ({"jaardoelen": [{"doel": "d1", "jaar": 1999, "waarde": 88}]}, "jaardoelen[0].jaar", "1999 is te klein"),
    ],
)
def test_programme_years_are_2000_to_2100_like_a_plans(tmp_path, change, path, message):
    # IVP103 (span), IVP104 (outside the plan) and IVP114 (jaardoel outside the programme) leave such a
    # year to IVP000
    programme = copy.deepcopy(BASE_UITVOERING)
    for key, value in change.items():
        if key == "programma":
            programme["programma"].update(value)
        else:
            programme[key] = value
    res, data = validate(folder_with(tmp_path, programme))
    assert res.exit_code == 1
    (d,) = data["files"][-1]["diagnostics"]
    assert (d["code"], d["path"]) == ("IVP000", path) and message in d["message"], d


# --------------------------------------------------------------------------------------------------
# The editor: the JSON Schemas accept what ivplan accepts (termijn: 2027 is a YAML integer)

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples" / "uitvoering").glob("*.yaml"))


def _init_plan(folder: Path) -> dict:
    args = ["init", str(folder), "--gemeente", "Voorbeeldstad", "--cbs-code", "GM9001", "--inwoners", "24000"]
    res = CliRunner().invoke(main, [*args, "--politie-eenheid", "Oost-Nederland"])
    assert res.exit_code == 0, res.output
    return json.loads((folder / ".vscode" / "ivplan.schema.json").read_text(encoding="utf-8"))


def test_examples_and_the_starter_validate_in_the_editor(tmp_path):
    import jsonschema

    res = CliRunner().invoke(main, ["schema", "--uitvoering"])
    assert res.exit_code == 0
    editors = {"schema --uitvoering": json.loads(res.stdout), "init": _init_plan(tmp_path / "p")}
    res = CliRunner().invoke(main, ["init", "--uitvoering", "2027", str(tmp_path / "p" / "ivp.yaml")])
    assert res.exit_code == 0, res.output
    starter = tmp_path / "p" / "uitvoering-2027.yaml"
    documents = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in [*EXAMPLES, starter]}
    assert len(EXAMPLES) >= 2
    assert documents[starter.name]["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] == 2027
    for editor, schema in editors.items():
        validator = jsonschema.Draft7Validator(schema)
        for name, doc in documents.items():
            assert [e.message for e in validator.iter_errors(doc)] == [], (editor, name)
        for termijn in (2027, "2027", "2027-Q3"):
            doc = copy.deepcopy(BASE_UITVOERING)
            doc["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] = termijn
            assert list(validator.iter_errors(doc)) == [], (editor, termijn)
        for termijn in (27, "2027-Q5", 2027.5, "27"):  # ivplan refuses these too (IVP000)
            doc = copy.deepcopy(BASE_UITVOERING)
            doc["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] = termijn
            assert list(validator.iter_errors(doc)), (editor, termijn)


# --------------------------------------------------------------------------------------------------
# No cascade: an element that failed the schema still counts as present for IVP109, IVP112, IVP113

MAATREGEL = "prioriteiten[0].actiepunten[0].maatregelen[0]"


@pytest.mark.parametrize(
    "path, value",
    [
        ("prioriteiten[0].prioriteit", ["woninginbraak"]),  # IVP109: the plan's prioriteit is not missing
        ("prioriteiten[0].actiepunten[0].maatregelen", "x"),  # IVP109, IVP112, IVP113: the maatregel is there
        ("prioriteiten[0].actiepunten[0].maatregelen", ["x"]),
        ("prioriteiten[0].actiepunten", ["x"]),
        ("prioriteiten", "x"),  # IVP113
        (f"{MAATREGEL}.speerpunten", [None]),  # IVP113
        (f"{MAATREGEL}.speerpunten", "ondermijning"),
        (f"{MAATREGEL}.doelen", [None]),  # IVP112
        (f"{MAATREGEL}.doelen", "d1"),
        (f"{MAATREGEL}.doelen", [{}]),  # an item that cannot be a set member (unhashable)
        (f"{MAATREGEL}.doelen", [["x"]]),
        (f"{MAATREGEL}.speerpunten", [{}]),
        (f"{MAATREGEL}.speerpunten", [["x"]]),
    ],
)
def test_a_failed_element_counts_as_present(tmp_path, path, value):
    programme = copy.deepcopy(BASE_UITVOERING)
    keys = [int(k) if k.isdigit() else k for k in path.replace("[", ".").replace("]", "").split(".")]
    target = programme
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    res, data = validate(folder_with(tmp_path, programme))
    assert res.exit_code == 1
    assert {d[0] for d in diags(data, "uitvoering.yaml")} == {"IVP000"}, diags(data, "uitvoering.yaml")


# --------------------------------------------------------------------------------------------------
# `plan` naming another programme or a regio file: IVP100 alone, the file keeps its own kind


def test_a_programme_as_plan_is_ivp100_alone_in_any_order(tmp_path):
    other = folder_with(tmp_path)  # a valid programme of ivp.yaml
    pointing = dump(with_plan("uitvoering.yaml"), tmp_path / "wijst.yaml")
    for args, shown in (
        ([pointing], [pointing]),
        ([pointing, other], [pointing, tmp_path / "ivp.yaml", other]),
        ([other, pointing], [tmp_path / "ivp.yaml", other, pointing]),
    ):
        res, data = validate(*args)
        assert res.exit_code == 1
        assert [f["file"] for f in data["files"]] == [str(p) for p in shown], args
        assert diags(data, "wijst.yaml") == [("IVP100", "plan", 2)]
        message = data["files"][shown.index(pointing)]["diagnostics"][0]["message"]
        assert message == "'uitvoering.yaml' is geen plan maar een uitvoeringsprogramma"
        if other in args:
            assert diags(data, "uitvoering.yaml") == [] and diags(data, "ivp.yaml") == []
        assert "1 fout," in res.stderr


def test_a_regio_file_as_plan_is_ivp100_alone(tmp_path):
    dump(BASE_REGIO, tmp_path / "regio.yaml")
    programme = folder_with(tmp_path, with_plan("regio.yaml"))
    res, data = validate(programme)
    assert res.exit_code == 1
    assert [f["file"] for f in data["files"]] == [str(programme)]
    assert diags(data, "uitvoering.yaml") == [("IVP100", "plan", 2)]
    assert "1 bestand gecontroleerd: 1 fout, 0 waarschuwingen" in res.stderr
    # in check --regio, the programme named as plan is not checked as a plan either
    other = folder_with(tmp_path / "b")
    pointing = dump(with_plan("uitvoering.yaml"), tmp_path / "b" / "wijst.yaml")
    regio = tmp_path / "regio.yaml"
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", str(pointing), str(other)])
    files = {f["file"]: f for f in json.loads(res.stdout)["files"]}
    assert files[str(other)]["diagnostics"] == [] and files[str(tmp_path / "b" / "ivp.yaml")]["diagnostics"] == []
    assert [d["code"] for d in files[str(pointing)]["diagnostics"]] == ["IVP100"]


# --------------------------------------------------------------------------------------------------
# IVP119: at the later programme (later start; of equal starts the later argument), in check and validate


def _programme_2028() -> dict:
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["programma"]["periode"] = {"start": 2028}
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["termijn"] = "2028"
    programme["jaardoelen"][0].update(jaar=2028, waarde=82)
    return programme


def test_ivp119_goes_at_the_later_start_not_the_later_argument(tmp_path):
    later = folder_with(tmp_path, _programme_2028())  # 2028, named first
    two_years = copy.deepcopy(BASE_UITVOERING)
    two_years["programma"]["periode"] = {"start": 2027, "eind": 2028}
    earlier = dump(two_years, tmp_path / "tweejarig.yaml")  # 2027-2028, named second
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    for command in ("check", "validate"):
        res = CliRunner().invoke(main, [command, "--regio", str(regio), "--format", "json", str(later), str(earlier)])
        assert res.exit_code == 1, res.output
        data = json.loads(res.stdout)
        assert [d[:2] for d in diags(data, "uitvoering.yaml") if d[0] == "IVP119"] == [("IVP119", "plan")], command
        assert "IVP119" not in [d[0] for d in diags(data, "tweejarig.yaml")], command
        if command == "check":
            (g,) = data["regio"]["gemeenten"]
            assert g["uitvoering"] == {
                "file": str(later),
                "periode": {"start": 2028, "eind": 2028},
                "valid": False,
                "maatregelen": None,
            }


def test_ivp119_in_check_makes_the_later_programme_not_valid_and_shows_its_line(tmp_path):
    first = folder_with(tmp_path)
    second = dump(BASE_UITVOERING, tmp_path / "tweede.yaml")  # the same year: the later argument
    regio = dump(BASE_REGIO, tmp_path / "regio.yaml")
    res = CliRunner().invoke(main, ["check", "--regio", str(regio), "--format", "json", str(first), str(second)])
    (g,) = json.loads(res.stdout)["regio"]["gemeenten"]
    assert g["uitvoering"]["file"] == str(second)
    assert g["uitvoering"]["valid"] is False and g["uitvoering"]["maatregelen"] is None
    # as text: the source line under IVP119, as validate --regio prints it
    for command in ("check", "validate"):
        res = CliRunner().invoke(main, [command, "--regio", str(regio), str(first), str(second)])
        lines = res.stdout.splitlines()
        (at,) = [i for i, line in enumerate(lines) if " fout IVP119 plan: " in line]
        assert lines[at].startswith(f"{second}:2:7: fout IVP119 plan: dit programma (2027) overlapt")
        assert lines[at + 1] == "    plan: ivp.yaml", command
        assert lines[at + 2] == "          ^", command


# --------------------------------------------------------------------------------------------------
# The programme document: the plan's aanpak, then the toelichting, as paragraphs of their own, for a
# prioriteit and likewise for an overig thema (the programme's chapters 3 and 4)


def test_aanpak_and_toelichting_are_paragraphs_of_their_own_for_prioriteiten_and_themas(tmp_path):
    import docx

    plan = copy.deepcopy(BASE_PLAN)
    plan["prioriteiten"][0]["aanpak"] = "- Woningscans.\n- Buurtpreventie."
    plan["overige_themas"] = [
        {"thema": "Verkeersveiligheid", "veiligheidsveld": "fysieke_veiligheid", "aanpak": "Drempels bij scholen."}
    ]
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["prioriteiten"][0]["toelichting"] = "Toelichting bij inbraak."
    maatregel = {"id": "vk-1", "omschrijving": "Drempels.", "trekker": "gemeente", "termijn": 2027}
    programme["overige_themas"] = [
        {
            "thema": "verkeersveiligheid",
            "toelichting": "Toelichting bij verkeer.",
            "actiepunten": [{"id": "verkeer", "titel": "Veilige schoolroutes", "maatregelen": [maatregel]}],
        }
    ]
    path = folder_with(tmp_path, programme, plan)
    res = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "--markdown"])
    assert res.exit_code == 0, res.output
    d = docx.Document(str(tmp_path / "out" / "voorbeeldstad-ivp-2027-2030-uitvoering-2027.docx"))
    texts = [p.text for p in d.paragraphs]

    def after(heading: str, n: int) -> list[str]:
        i = texts.index(heading)
        return texts[i + 1 : i + 1 + n]

    assert after("Woninginbraak", 5) == [
        "Aanpak volgens het plan:",
        "Woningscans.",
        "Buurtpreventie.",
        "Toelichting bij inbraak.",
        "Inbraakpreventie",
    ]
    assert after("Verkeersveiligheid", 4) == [
        "Aanpak volgens het plan:",
        "Drempels bij scholen.",
        "Toelichting bij verkeer.",
        "Veilige schoolroutes",
    ]
    markdown = (tmp_path / "out" / "voorbeeldstad-ivp-2027-2030-uitvoering-2027.md").read_text(encoding="utf-8")
    assert "- Buurtpreventie.\n\nToelichting bij inbraak.\n\n### Inbraakpreventie" in markdown


# --------------------------------------------------------------------------------------------------
# The plan's periode failing: only the rules that compare with it (IVP104, IVP105, IVP117, IVP118) are
# silent; the programme's own years still bound its termijnen (IVP110) and jaardoelen (IVP114)


@pytest.mark.parametrize("plan_periode", [{"start": 2027, "eind": 2020}, {"start": 2027, "eind": "x"}])
def test_plan_periode_failing_leaves_the_programmes_own_years_judged(tmp_path, plan_periode):
    plan = copy.deepcopy(BASE_PLAN)
    plan["plan"]["periode"] = plan_periode
    plan["monitoring"]["uitvoeringsprogramma"] = "tweejaarlijks"  # IVP105 would speak on a 1-year programme
    programme = _with_period_readers({"start": 2027})
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0]["budget"] = 900000  # IVP117
    res, data = validate(folder_with(tmp_path, programme, plan))
    assert res.exit_code == 1
    assert [(d[0], d[1]) for d in diags(data, "uitvoering.yaml")] == [
        ("IVP100", "plan"),
        ("IVP110", "prioriteiten[0].actiepunten[0].maatregelen[0].termijn"),
        ("IVP114", "jaardoelen[0].jaar"),
    ]


@pytest.mark.parametrize("key", ["partners", "doelen", "speerpunten"])
def test_a_maatregels_lists_have_at_least_one_item_like_every_list_of_a_programme(tmp_path, key):
    programme = copy.deepcopy(BASE_UITVOERING)
    programme["prioriteiten"][0]["actiepunten"][0]["maatregelen"][0][key] = []
    path = folder_with(tmp_path, programme)
    line = path.read_text(encoding="utf-8").splitlines().index(f"      {key}: []") + 1
    res, data = validate(path)
    assert res.exit_code == 1
    assert diags(data, "uitvoering.yaml") == [("IVP000", f"prioriteiten[0].actiepunten[0].maatregelen[0].{key}", line)]


def test_ivp119_names_a_one_year_programme_by_its_year(tmp_path):
    plan_dir = tmp_path / "plan"
    first = folder_with(plan_dir)
    second = dump({**BASE_UITVOERING, "plan": "plan/ivp.yaml"}, tmp_path / "tweede.yaml")
    res = CliRunner().invoke(
        main, ["validate", "--regio", str(dump(BASE_REGIO, tmp_path / "regio.yaml")), str(first), str(second)]
    )
    assert res.exit_code == 1
    line = next(x for x in res.stdout.splitlines() if "IVP119" in x)
    assert line.endswith(
        "dit programma (2027) overlapt met een eerder programma van dezelfde gemeente (2027); "
        "per jaar is er één uitvoeringsprogramma"
    ), line


def test_voortgang_heads_a_thema_as_the_programme_document_does(tmp_path):
    import docx

    plan = copy.deepcopy(BASE_PLAN)
    plan["overige_themas"] = [
        {"thema": "verkeersveiligheid", "veiligheidsveld": "fysieke_veiligheid", "aanpak": "Drempels bij scholen."}
    ]
    programme = copy.deepcopy(BASE_UITVOERING)
    maatregel = {"id": "vk-1", "omschrijving": "Drempels.", "trekker": "gemeente", "termijn": 2027}
    programme["overige_themas"] = [
        {
            "thema": "verkeersveiligheid",
            "actiepunten": [{"id": "verkeer", "titel": "Schoolroutes", "maatregelen": [maatregel]}],
        }
    ]
    path = folder_with(tmp_path, programme, plan)
    for command in ("build", "voortgang"):
        res = CliRunner().invoke(main, [command, str(path), "-o", str(tmp_path / command)])
        assert res.exit_code == 0, res.output
    for doc in (*(tmp_path / "build").glob("*2027.docx"), *(tmp_path / "voortgang").glob("*.docx")):
        headings = [p.text for p in docx.Document(str(doc)).paragraphs if p.style.name == "Heading 2"]
        assert "Verkeersveiligheid" in headings and "verkeersveiligheid" not in headings, (doc.name, headings)


def test_ivp112_is_silent_only_on_an_unresolved_doel_not_on_an_unresolved_prioriteit(tmp_path):
    # a typo in another entry's prioriteit (IVP101; IVP109 waits for it) leaves IVP112 free to judge the
    # doelen of the entries that resolve
    plan = copy.deepcopy(BASE_PLAN)
    d2 = {**copy.deepcopy(plan["meetbare_doelen"][0]), "id": "d2"}
    plan["meetbare_doelen"].append(d2)
    programme = copy.deepcopy(BASE_UITVOERING)
    maatregel = {"id": "j-1", "omschrijving": "Groepsaanpak.", "trekker": "gemeente", "termijn": 2027}
    programme["prioriteiten"].append(
        {"prioriteit": "jeugdd", "actiepunten": [{"id": "groepen", "titel": "Groepen", "maatregelen": [maatregel]}]}
    )
    res, data = validate(folder_with(tmp_path, programme, plan))
    assert [(d[0], d[1]) for d in diags(data, "uitvoering.yaml")] == [
        ("IVP112", "prioriteiten[0]"),
        ("IVP101", "prioriteiten[1].prioriteit"),
    ]


@pytest.mark.parametrize(
    ("gelet_op", "expected"),
    [
        ("de Verordening dorpsraden 2024", "Gemeentewet en de Verordening dorpsraden 2024;"),
        (
            ["de Verordening dorpsraden 2024", "artikel 4:81 van de Algemene wet bestuursrecht"],
            "Gemeentewet, de Verordening dorpsraden 2024 en artikel 4:81 van de Algemene wet bestuursrecht;",
        ),
        (2024, "Gemeentewet en 2024;"),  # a number is its text, as in any text field (and the editor's schema)
    ],
    ids=["text", "list", "number"],
)
def test_collegebesluit_gelet_op_is_a_text_or_a_list_of_texts(tmp_path, gelet_op, expected):
    """As the plan's raadsvoorstel.gelet_op (a list), and as the besluit reads it (one text): both are
    named after artikel 160, joined the Dutch way; the editor's schema takes both too."""
    import docx
    import jsonschema

    programme = copy.deepcopy(BASE_UITVOERING)
    programme.setdefault("collegebesluit", {})["gelet_op"] = gelet_op
    path = folder_with(tmp_path, programme)
    res, data = validate(path)
    assert res.exit_code == 0, res.stdout
    assert not [d for f in data["files"] for d in f["diagnostics"] if d["path"].endswith("gelet_op")]
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "ivplan-uitvoering.schema.json").read_text("utf-8"))
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(path.read_text("utf-8"))))
    res = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    [besluit] = (tmp_path / "out").glob("*-uitvoering-2027.docx")
    text = "\n".join(p.text for p in docx.Document(str(besluit)).paragraphs)
    assert "gelet op artikel 160, eerste lid, van de " + expected in text


def test_collegebesluit_gelet_op_item_without_a_value_asks_for_a_text(tmp_path):
    # an item of the list is a text, as in the plan's raadsvoorstel.gelet_op: "vul tekst in", not "een waarde"
    programme = copy.deepcopy(BASE_UITVOERING)
    programme.setdefault("collegebesluit", {})["gelet_op"] = ["de Verordening dorpsraden 2024", None]
    res, data = validate(folder_with(tmp_path, programme))
    assert res.exit_code == 1
    assert [(d["code"], d["path"], d["message"]) for f in data["files"] for d in f["diagnostics"]] == [
        ("IVP000", "collegebesluit.gelet_op[1]", "heeft geen waarde; vul tekst in")
    ]
