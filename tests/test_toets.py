"""The kwaliteitstoets (README.md, "Kwaliteitstoets"): kwaliteitsregels IVP090-IVP099 and when they run, the CCV
checklist and its scores, `ivplan toets` with its answers file (IVP150-IVP156), reports and form,
and the begrippen annex in the plan document. Every test runs the real command or the real linter on
real files and looks at what a user sees."""

from __future__ import annotations

import copy
import json
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.validation.ccv import Telling, checklist
from ivplan.validation.rules.teksten import abbreviations

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data" / "rules"
BASE_PLAN = yaml.safe_load((DATA / "base_plan.yaml").read_text(encoding="utf-8"))
BASE_REGIO = yaml.safe_load((DATA / "base_regio.yaml").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "examples" / "oldenveld.yaml"
ANSWERS = ROOT / "examples" / "toets" / "oldenveld-antwoorden.yaml"


def dump(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run(*args, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def json_diags(result) -> list[dict]:
    data = json.loads(result.stdout)
    return [d for f in data["files"] for d in f["diagnostics"]]


def without(doc: dict, *paths: str) -> dict:
    doc = copy.deepcopy(doc)
    for path in paths:
        *parents, last = path.split(".")
        cur = doc
        for p in parents:
            cur = cur[p]
        del cur[last]
    return doc


# --------------------------------------------------------------------------------------------------
# When the kwaliteitsregels run


def test_kwaliteitsregels_only_with_kwaliteit(tmp_path):
    plan = dump(without(BASE_PLAN, "plan.afbakening"), tmp_path / "ivp.yaml")
    off = run("validate", "--format", "json", plan)
    assert off.exit_code == 0 and json_diags(off) == []
    on = run("validate", "--format", "json", "--kwaliteit", plan)
    assert on.exit_code == 0
    assert [(d["code"], d["path"], d["severity"]) for d in json_diags(on)] == [("IVP090", "plan", "warning")]


def test_regio_eisen_switch_kwaliteitsregels_on_off_and_up(tmp_path):
    plan = dump(without(BASE_PLAN, "plan.afbakening", "probleemanalyse.trends"), tmp_path / "ivp.yaml")
    regio = copy.deepcopy(BASE_REGIO)
    regio["eisen"] = {"IVP090": "fout", "IVP094": "uit"}
    regio_path = dump(regio, tmp_path / "regio.yaml")
    # IVP090 switched on (and raised) by the regio, without --kwaliteit
    res = run("validate", "--format", "json", "--regio", regio_path, plan)
    codes = {(d["code"], d["severity"]) for d in json_diags(res)}
    assert codes == {("IVP090", "error")} and res.exit_code == 1
    # uit keeps IVP094 off even with --kwaliteit
    res = run("validate", "--format", "json", "--kwaliteit", "--regio", regio_path, plan)
    assert "IVP094" not in {d["code"] for d in json_diags(res)}


def test_strikt_leaves_advice_of_kwaliteit_alone_but_not_regio_eisen(tmp_path):
    plan = dump(without(BASE_PLAN, "plan.afbakening"), tmp_path / "ivp.yaml")
    res = run("validate", "--format", "json", "--kwaliteit", "--strikt", plan)
    assert res.exit_code == 0
    assert [(d["code"], d["severity"]) for d in json_diags(res)] == [("IVP090", "warning")]
    regio = copy.deepcopy(BASE_REGIO)
    regio["eisen"] = {"IVP090": "waarschuwing"}
    regio_path = dump(regio, tmp_path / "regio.yaml")
    res = run("validate", "--format", "json", "--strikt", "--regio", regio_path, plan)
    assert res.exit_code == 1
    assert [(d["code"], d["severity"]) for d in json_diags(res)] == [("IVP090", "error")]


def test_check_kwaliteit_does_not_change_conform_status_under_strikt(tmp_path):
    plan = dump(without(BASE_PLAN, "plan.afbakening"), tmp_path / "ivp.yaml")
    regio_path = dump(BASE_REGIO, tmp_path / "regio.yaml")
    res = run("check", "--regio", regio_path, "--format", "json", "--kwaliteit", "--strikt", plan)
    data = json.loads(res.stdout)
    assert [g["status"] for g in data["regio"]["gemeenten"] if g["file"]] == ["conform"]
    assert "IVP090" in {d["code"] for f in data["files"] for d in f["diagnostics"]}


def test_build_kwaliteit_prints_advice_and_still_builds(tmp_path):
    plan = dump(without(BASE_PLAN, "plan.afbakening"), tmp_path / "ivp.yaml")
    res = run("build", "--kwaliteit", "-o", tmp_path / "out", plan)
    assert res.exit_code == 0
    assert "waarschuwing IVP090 plan:" in res.stdout
    assert list((tmp_path / "out").glob("*-plan.docx"))


def test_regels_lists_the_groups_and_uitleg_cites_ccv():
    res = run("regels")
    text = res.stdout
    k = text.index("Kwaliteitsregels (CCV)")
    a = text.index("Antwoordenbestand")
    assert k < text.index("IVP090") < text.index("IVP099") < a < text.index("IVP150") < text.index("IVP156")
    assert text.index("IVP082") < k
    uitleg = run("uitleg", "IVP093").stdout
    assert "CCV" in uitleg and "4.4" in uitleg
    assert run("uitleg", "IVP155").exit_code == 0


def test_regio_eisen_cannot_touch_antwoordenbestand_codes(tmp_path):
    regio = copy.deepcopy(BASE_REGIO)
    regio["eisen"] = {"IVP155": "uit"}
    plan = dump(BASE_PLAN, tmp_path / "ivp.yaml")
    res = run("validate", "--format", "json", "--regio", dump(regio, tmp_path / "regio.yaml"), plan)
    assert res.exit_code == 1
    diags = json_diags(res)
    assert [(d["code"], d["path"]) for d in diags] == [("IVP000", "eisen.IVP155")]


# --------------------------------------------------------------------------------------------------
# IVP091: abbreviations


@pytest.mark.parametrize(
    "text, found",
    [
        ("Het RIEC-beeld", ["RIEC"]),
        ("het Openbaar Ministerie (OM)", ["OM"]),
        ("inzet van BOA's", ["BOA"]),
        ("gemeente GM0363 en de Bibob-toets", []),
        ("NATIONAAL en EU, NL, ICT, PDF", []),
        ("hoofdstuk IV en XII", []),
        ("ÉCOLE CJIB", ["CJIB"]),
        ("AB2 en 2AB en ABéC", []),
    ],
)
def test_what_counts_as_an_abbreviation(text, found):
    assert abbreviations(text) == found


def test_ivp091_without_begrippen_one_diagnostic_at_line_1(tmp_path):
    doc = without(BASE_PLAN, "begrippen")
    doc["plan"]["visie"] = "AA BB EE FF GG HH JJ KK NN PP QQ RR en RIEC."
    doc["raadsvoorstel"]["beoogd_effect"] = "ZZZ telt niet: dit is het raadsvoorstel."
    res = run("validate", "--format", "json", "--kwaliteit", dump(doc, tmp_path / "ivp.yaml"))
    (d,) = json_diags(res)
    assert (d["code"], d["path"], d["line"]) == ("IVP091", "", 1)
    assert "AA, BB, EE, FF, GG, HH, JJ, KK, NN, PP en 3 andere" in d["message"]
    assert "ZZZ" not in d["message"]


def test_ivp091_with_begrippen_one_per_abbreviation_at_its_first_text(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["plan"]["visie"] = "Samen met het OM en het RIEC."
    doc["probleemanalyse"]["samenvatting"] = "Het OM meldt meer zaken."
    path = dump(doc, tmp_path / "ivp.yaml")
    res = run("validate", "--format", "json", "--kwaliteit", path)
    (d,) = json_diags(res)
    assert (d["code"], d["path"]) == ("IVP091", "plan.visie")
    line = path.read_text(encoding="utf-8").splitlines()[d["line"] - 1]
    assert line[d["column"] - 1 :].startswith("Samen met het OM")
    assert "'OM'" in d["message"]


def test_ivp091_silent_when_begrippen_fails_the_schema(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["begrippen"] = "RIEC is een samenwerkingsverband"
    res = run("validate", "--format", "json", "--kwaliteit", dump(doc, tmp_path / "ivp.yaml"))
    assert [d["code"] for d in json_diags(res)] == ["IVP000"]


def test_begrippen_terms_unique_ignoring_case(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["begrippen"].append({"term": " riec", "uitleg": "Nog een keer."})
    res = run("validate", "--format", "json", dump(doc, tmp_path / "ivp.yaml"))
    (d,) = json_diags(res)
    assert (d["code"], d["path"]) == ("IVP003", "begrippen[1].term")


def test_ivp002_checks_overleg_partners_and_begroting_prioriteit(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["monitoring"]["overleg"][0]["partners"].append("brandweer")
    doc["financien"]["begroting"][0]["prioriteit"] = "jeugd"
    res = run("validate", "--format", "json", dump(doc, tmp_path / "ivp.yaml"))
    assert [(d["code"], d["path"]) for d in json_diags(res)] == [
        ("IVP002", "monitoring.overleg[0].partners[2]"),
        ("IVP002", "financien.begroting[0].prioriteit"),
    ]


# --------------------------------------------------------------------------------------------------
# The checklist and the scores


def test_checklist_ids_are_stable_and_in_ccv_order():
    ids = [i.id for i in checklist().items]
    assert ids[:3] == ["ccv-1.1", "ccv-1.2", "ccv-1.3"] and ids[-1] == "ccv-9.3"
    assert len(ids) == 28 and len(set(ids)) == 28
    assert list(checklist().stappen) == [1, 3, 4, 5, 6, 9]


@pytest.mark.parametrize(
    "v, d, n, score",
    [(1, 1, 1, 50), (0, 1, 0, 50), (2, 1, 0, 83), (1, 0, 2, 33), (0, 0, 0, None), (2, 0, 1, 67), (1, 1, 0, 75)],
)
def test_score_is_exact_and_rounds_half_up(v, d, n, score):
    assert Telling(voldoet=v, deels=d, voldoet_niet=n, nvt=3, open=2).score == score


# --------------------------------------------------------------------------------------------------
# ivplan toets


def toets_json(res) -> dict:
    return json.loads(res.stdout)["toets"]


def item(toets: dict, item_id: str) -> dict:
    return next(i for i in toets["items"] if i["id"] == item_id)


def test_toets_default_report_and_automatic_verdicts(tmp_path):
    doc = without(BASE_PLAN, "probleemanalyse.trends")
    doc["probleemanalyse"]["bronnen"] = doc["probleemanalyse"]["bronnen"][:1] + doc["probleemanalyse"]["bronnen"][3:]
    plan = dump(doc, tmp_path / "ivp.yaml")
    res = run("toets", "--format", "json", plan, cwd=tmp_path)
    assert res.exit_code == 0, res.output
    report = tmp_path / "build" / "voorbeeldstad-ivp-2027-2030-toets.docx"
    assert report.is_file()
    t = toets_json(res)
    assert t["soort"] == "collegiaal" and t["toetser"] is None
    assert item(t, "ccv-4.6") == {
        "id": "ccv-4.6",
        "stap": 4,
        "wijze": "automatisch",
        "oordeel": "voldoet_niet",
        "codes": ["IVP094"],
        "opmerking": None,
    }
    # two of the three objective soorten missing: deels; the finding carries them as data
    assert item(t, "ccv-4.3")["oordeel"] == "deels"
    assert item(t, "ccv-1.2") == {
        "id": "ccv-1.2",
        "stap": 1,
        "wijze": "vraag",
        "oordeel": None,
        "codes": [],
        "opmerking": None,
    }
    stap4 = next(s for s in t["stappen"] if s["stap"] == 4)
    assert (stap4["voldoet"], stap4["deels"], stap4["voldoet_niet"], stap4["open"]) == (3, 1, 1, 1)
    assert stap4["score"] == (100 * (2 * 3 + 1) + 5) // 10
    assert "geschreven:" in res.stderr and "score:" in res.stderr


def test_toets_all_three_objective_soorten_missing_is_voldoet_niet(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["probleemanalyse"]["bronnen"] = doc["probleemanalyse"]["bronnen"][3:]
    res = run("toets", "--format", "json", "-o", tmp_path / "t.docx", dump(doc, tmp_path / "ivp.yaml"))
    assert item(toets_json(res), "ccv-4.3")["oordeel"] == "voldoet_niet"


def test_toets_ivp095_maps_on_the_full_path(tmp_path):
    doc = without(BASE_PLAN, "plan.evaluatie_verbeterpunten")
    res = run("toets", "--format", "json", "-o", tmp_path / "t.docx", dump(doc, tmp_path / "ivp.yaml"))
    t = toets_json(res)
    assert item(t, "ccv-3.2")["oordeel"] == "voldoet"
    assert item(t, "ccv-3.3")["oordeel"] == "voldoet_niet"


def test_toets_with_answers_scores_and_opmerkingen(tmp_path):
    res = run("toets", "--format", "json", "--antwoorden", ANSWERS, "-o", tmp_path / "t.docx", EXAMPLE)
    assert res.exit_code == 0, res.output
    t = toets_json(res)
    assert t["toetser"] == {"naam": "J. van Dijk", "functie": "adviseur integrale veiligheid", "gemeente": "Heuvelrand"}
    assert t["datum"] == "2026-10-28"
    assert item(t, "ccv-1.5")["oordeel"] == "deels" and "RIEC-beeld" in item(t, "ccv-1.5")["opmerking"]
    assert item(t, "ccv-9.3")["oordeel"] == "nvt"
    assert all(isinstance(s["score"], int) for s in t["stappen"]) and isinstance(t["totaal"], int)
    files = json.loads(res.stdout)["files"]
    assert [f["file"] for f in files] == [str(EXAMPLE), str(ANSWERS)]
    assert files[1]["diagnostics"] == []


def test_toets_text_of_the_report(tmp_path):
    import docx

    out = tmp_path / "toets.docx"
    res = run("toets", "--antwoorden", ANSWERS, "-o", out, EXAMPLE)
    assert res.exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Collegiale toets van het Integraal Veiligheidsplan Oldenveld" in text
    assert "ccv-4.5: Het verhaal achter de cijfers" in text
    assert "Overige bevindingen van ivplan" in text
    tables = docx.Document(str(out)).tables
    header = [c.text for c in tables[1].rows[0].cells]
    assert header == ["Stap", "Voldoet", "Deels", "Voldoet niet", "N.v.t.", "Open", "Score"]
    assert tables[1].rows[-1].cells[0].text == "Totaal"


@pytest.mark.parametrize("algemeen", ["Een compact plan.", "Sterk:\n\n- de analyse\n- de doelen"])
def test_algemeen_oordeel_stays_apart_from_the_reports_own_text(tmp_path, algemeen):
    import docx

    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    answers["algemeen"] = algemeen
    out = tmp_path / "toets.docx"
    res = run("toets", "--antwoorden", dump(answers, tmp_path / "a.yaml"), "-o", out, EXAMPLE)
    assert res.exit_code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    start = texts.index("Samenvatting") + 1
    explanation = next(i for i, t in enumerate(texts) if "Dit rapport loopt de checkpunten na" in t)
    assert texts[explanation].startswith("Dit rapport")
    assert texts[start:explanation] == [t for t in algemeen.replace("- ", "").split("\n") if t]


def test_an_opmerking_that_ends_in_a_table_keeps_the_next_checkpoint_apart(tmp_path):
    import docx

    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    answers["antwoorden"]["ccv-1.2"]["opmerking"] = "Lezers:\n\n| lezer | genoemd |\n|---|---|\n| raad | ja |\n"
    out = tmp_path / "toets.docx"
    res = run("toets", "--antwoorden", dump(answers, tmp_path / "a.yaml"), "-o", out, EXAMPLE)
    assert res.exit_code == 0
    document = docx.Document(str(out))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "lezer"]
    assert [[c.text for c in row.cells] for row in table.rows] == [["lezer", "genoemd"], ["raad", "ja"]]
    assert any(p.text.startswith("ccv-1.3: ") for p in document.paragraphs)


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_toetser_without_functie(tmp_path, suffix):
    # functie is optional in the answers file: the report names the toetser without it
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    del answers["toetser"]["functie"]
    out = tmp_path / f"toets{suffix}"
    res = run("toets", "--antwoorden", dump(answers, tmp_path / "a.yaml"), "-o", out, EXAMPLE)
    assert res.exit_code == 0, res.output
    if suffix == ".html":
        assert "<dt>Toetser</dt><dd>J. van Dijk</dd>" in out.read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(out) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert "J. van Dijk" in body and "adviseur" not in body


def test_zelfevaluatie_name_and_ivp154(tmp_path):
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    path = dump(answers, tmp_path / "a.yaml")
    res = run("toets", "--zelfevaluatie", "--format", "json", "--antwoorden", path, EXAMPLE, cwd=tmp_path)
    assert (tmp_path / "build" / "oldenveld-ivp-2027-2030-zelfevaluatie.docx").is_file()
    t = toets_json(res)
    assert t["soort"] == "zelfevaluatie"
    diags = json.loads(res.stdout)["files"][1]["diagnostics"]
    assert [(d["code"], d["path"]) for d in diags] == [("IVP154", "toetser.gemeente")]
    # a collegiale toets by the plan's own gemeente
    answers["toetser"]["gemeente"] = " oldenveld "
    res = run(
        "toets",
        "--format",
        "json",
        "--antwoorden",
        dump(answers, tmp_path / "b.yaml"),
        "-o",
        tmp_path / "x.docx",
        EXAMPLE,
    )
    assert [d["code"] for d in json.loads(res.stdout)["files"][1]["diagnostics"]] == ["IVP154"]


def test_answers_file_rules_with_lines(tmp_path):
    text = """ivplan_toets: 1
plan: {cbs_code: GM9047, versie: "0.3"}
antwoorden:
  ccv-1.2: {oordeel: deels}
  ccv-1.1: {oordeel: voldoet}
  ccv-4.55: {oordeel: voldoet}
"""
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    res = run("toets", "--format", "json", "--antwoorden", path, "-o", tmp_path / "t.docx", EXAMPLE)
    assert res.exit_code == 1
    assert json.loads(res.stdout)["toets"] is None and not (tmp_path / "t.docx").exists()
    diags = {
        (d["code"], d["path"], d["line"], d["severity"]) for d in json.loads(res.stdout)["files"][1]["diagnostics"]
    }
    assert ("IVP153", "plan.versie", 2, "warning") in diags
    assert ("IVP156", "antwoorden.ccv-1.2.oordeel", 4, "warning") in diags
    assert ("IVP151", "antwoorden.ccv-1.1.oordeel", 5, "warning") in diags
    assert ("IVP150", "antwoorden.ccv-4.55", 6, "error") in diags
    assert ("IVP155", "antwoorden", 3, "warning") in diags
    message = next(d["message"] for d in json.loads(res.stdout)["files"][1]["diagnostics"] if d["code"] == "IVP150")
    assert "bedoelde u 'ccv-4.5'?" in message


def test_ivp150_suggests_the_item_id_whatever_its_case(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("ivplan_toets: 1\nplan: {cbs_code: GM9047}\nantwoorden:\n  CCV-1.2: {oordeel: voldoet}\n", "utf-8")
    res = run("toets", "--format", "json", "--antwoorden", path, "-o", tmp_path / "t.docx", EXAMPLE)
    (d,) = [d for d in json.loads(res.stdout)["files"][1]["diagnostics"] if d["code"] == "IVP150"]
    assert (d["path"], d["line"]) == ("antwoorden.CCV-1.2", 4)
    assert "bedoelde u 'ccv-1.2'?" in d["message"]


def test_answers_for_another_gemeente_is_ivp152(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("ivplan_toets: 1\nplan: {cbs_code: GM0363}\nantwoorden: {}\n", encoding="utf-8")
    res = run("toets", "--format", "json", "--antwoorden", path, "-o", tmp_path / "t.docx", EXAMPLE)
    assert res.exit_code == 1
    codes = [(d["code"], d["path"], d["line"]) for d in json.loads(res.stdout)["files"][1]["diagnostics"]]
    assert ("IVP152", "plan.cbs_code", 2) in codes


def test_sjabloon_form_gives_only_ivp155_and_is_never_overwritten(tmp_path):
    form = tmp_path / "antwoorden.yaml"
    res = run("toets", "--sjabloon", form, "-o", tmp_path / "t.docx", EXAMPLE)
    assert res.exit_code == 0 and form.is_file()
    text = form.read_text(encoding="utf-8")
    assert "# ccv-4.5 Het verhaal achter de cijfers: Verklaart de analyse" in text
    res = run("toets", "--format", "json", "--antwoorden", form, "-o", tmp_path / "t2.docx", EXAMPLE)
    diags = json.loads(res.stdout)["files"][1]["diagnostics"]
    assert [d["code"] for d in diags] == ["IVP155"]
    before = form.read_bytes()
    res = run("toets", "--sjabloon", form, "-o", tmp_path / "t3.docx", EXAMPLE)
    assert res.exit_code == 2 and "bestaat al" in res.stderr
    assert form.read_bytes() == before and not (tmp_path / "t3.docx").exists()


def test_unknown_report_extension_is_usage_error(tmp_path):
    res = run("toets", "-o", tmp_path / "t.pdf", EXAMPLE)
    assert res.exit_code == 2 and "moet eindigen op .docx of .html" in res.stderr


def test_plan_with_schema_error_gets_no_report(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["gemeente"]["inwoners"] = "veel"
    res = run("toets", "--format", "json", "-o", tmp_path / "t.docx", dump(doc, tmp_path / "ivp.yaml"))
    assert res.exit_code == 1
    assert json.loads(res.stdout)["toets"] is None and not (tmp_path / "t.docx").exists()


def test_regio_file_with_schema_error_gets_no_report(tmp_path):
    # without its regio the report would judge ccv-5.4 without the regional speerpunten
    regio = copy.deepcopy(BASE_REGIO)
    del regio["speerpunten"]
    plan = dump(BASE_PLAN, tmp_path / "ivp.yaml")
    args = ("toets", "--format", "json", "--regio", dump(regio, tmp_path / "regio.yaml"), "-o", tmp_path / "t.docx")
    res = run(*args, plan)
    assert res.exit_code == 1
    assert json.loads(res.stdout)["toets"] is None and not (tmp_path / "t.docx").exists()
    assert [(d["code"], d["path"]) for d in json_diags(res)] == [("IVP000", "speerpunten")]


def test_rule_error_still_reports_and_exits_1(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["meetbare_doelen"][0]["prioriteit"] = "jeugd"
    res = run("toets", "--format", "json", "-o", tmp_path / "t.docx", dump(doc, tmp_path / "ivp.yaml"))
    assert res.exit_code == 1 and (tmp_path / "t.docx").is_file()
    assert "IVP002" in [c for i in toets_json(res)["items"] for c in i["codes"]] or any(
        d["code"] == "IVP002" for d in json_diags(res)
    )


def test_html_report_escapes_user_text(tmp_path):
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    answers["algemeen"] = "<script>alert(1)</script> & meer"
    out = tmp_path / "t.html"
    res = run("toets", "--antwoorden", dump(answers, tmp_path / "a.yaml"), "-o", out, EXAMPLE)
    assert res.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in html
    assert '<html lang="nl">' in html and "<caption" in html


def test_html_report_renders_the_toetsers_markdown(tmp_path):
    # algemeen and opmerking are Markdown: in the .html as in the .docx they show as formatting
    answers = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    answers["algemeen"] = "Een **sterk** plan.\n\n- punt een\n- zie [de handreiking](https://hetccv.nl)\n"
    answers["antwoorden"]["ccv-1.5"]["opmerking"] = "Onderbouw *jeugdoverlast* met cijfers."
    out = tmp_path / "t.html"
    res = run("toets", "--antwoorden", dump(answers, tmp_path / "a.yaml"), "-o", out, EXAMPLE)
    assert res.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<strong>sterk</strong>" in html and "**" not in html
    assert "<li>punt een</li>" in html and '<a href="https://hetccv.nl">de handreiking</a>' in html
    assert "<em>jeugdoverlast</em>" in html


# --------------------------------------------------------------------------------------------------
# The plan document: begrippen annex and the new fields


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_plan_document_annex_and_new_fields(tmp_path):
    import docx

    doc = copy.deepcopy(BASE_PLAN)
    doc["begrippen"] = [
        {"term": "Zorg- en Veiligheidshuis", "uitleg": "Samenwerking van zorg en *justitie*."},
        {"term": "élan", "uitleg": "Vaart."},
        {"term": "BOA", "uitleg": "Buitengewoon opsporingsambtenaar."},
        {"term": "RIEC", "uitleg": "Regionaal Informatie- en Expertisecentrum."},
    ]
    res = run("build", "-o", tmp_path / "out", dump(doc, tmp_path / "ivp.yaml"))
    assert res.exit_code == 0, res.output
    path = next((tmp_path / "out").glob("*-plan.docx"))
    d = docx.Document(str(path))
    paragraphs = d.paragraphs
    annex = next(p for p in paragraphs if p.text == "Bijlage: Begrippen en afkortingen")
    assert annex.style.name == "Heading 1"
    xml = annex._p.xml
    assert 'w:numId w:val="0"' in xml  # no chapter number, but in the table of contents (Heading 1)
    assert "w:pageBreakBefore" in xml  # the annex starts on a new page
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Term", "Betekenis"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["BOA", "élan", "RIEC", "Zorg- en Veiligheidshuis"]
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml or "w:tblHeader" in table.rows[0]._tr.xml
    text = "\n".join(p.text for p in paragraphs)
    assert "Sterke punten, die dit plan vasthoudt:" in text and "De samenwerking met de politie." in text
    assert "Politiecijfers Voorbeeldstad 2022-2026, 2026 (politie)" in text
    assert "Landelijke prioriteiten" in text
    headers = [[c.text for c in t.rows[0].cells] for t in d.tables]
    assert ["Overleg", "Frequentie", "Deelnemers", "Onderwerp"] in headers
    assert ["Jaar", "Prioriteit", "Omschrijving", "Bedrag"] in headers


def test_example_plans_use_the_new_fields():
    for name in ("havenstad.yaml", "oldenveld.yaml"):
        doc = yaml.safe_load((ROOT / "examples" / name).read_text(encoding="utf-8"))
        assert doc["begrippen"] and doc["monitoring"]["overleg"]
        assert all("soort" in b for b in doc["probleemanalyse"]["bronnen"])


def test_init_starter_with_kwaliteit_gives_only_ivp081(tmp_path):
    res = run(
        "init",
        tmp_path / "plan",
        "--gemeente",
        "Voorbeeldstad",
        "--cbs-code",
        "GM9001",
        "--inwoners",
        "42000",
        "--politie-eenheid",
        "Oost-Nederland",
    )
    assert res.exit_code == 0, res.output
    res = run("validate", "--format", "json", "--kwaliteit", tmp_path / "plan" / "ivp.yaml")
    assert res.exit_code == 0
    assert {d["code"] for d in json_diags(res)} == {"IVP081"}
    doc = yaml.safe_load((tmp_path / "plan" / "ivp.yaml").read_text(encoding="utf-8"))
    assert doc["begrippen"] and doc["monitoring"]["overleg"] and doc["regionale_afstemming"]["landelijk"]


def test_toets_report_is_valid_ooxml_and_deterministic(tmp_path):
    import subprocess
    import sys

    validate = ROOT / "tests" / "data" / "docxwriter" / "ooxml" / "validate.py"
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (first, second):
        assert run("toets", "--antwoorden", ANSWERS, "-o", out, EXAMPLE).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    res = subprocess.run([sys.executable, str(validate), str(first)], capture_output=True, text=True)
    assert "0 schema problems in 1 documents" in res.stdout, res.stdout


def test_ivp096_without_financien_at_financien_line_1(tmp_path):
    res = run("validate", "--format", "json", "--kwaliteit", dump(without(BASE_PLAN, "financien"), tmp_path / "a.yaml"))
    assert [(d["code"], d["path"], d["line"]) for d in json_diags(res)] == [("IVP096", "financien", 1)]
    doc = copy.deepcopy(BASE_PLAN)
    doc["financien"] = {"dekking": "Uit de algemene middelen."}
    path = dump(doc, tmp_path / "b.yaml")
    (d,) = json_diags(run("validate", "--format", "json", "--kwaliteit", path))
    assert (d["code"], d["path"]) == ("IVP096", "financien")
    assert path.read_text(encoding="utf-8").splitlines()[d["line"] - 1].startswith("financien:")


@pytest.mark.parametrize("begroting", [None, "veel", {"jaar": 2027}])
def test_ivp096_silent_when_begroting_is_written_but_fails_the_schema(tmp_path, begroting):
    # the key is there with a wrong value: IVP000 says so, not "the begroting is missing"
    doc = copy.deepcopy(BASE_PLAN)
    doc["financien"]["begroting"] = begroting
    res = run("validate", "--format", "json", "--kwaliteit", dump(doc, tmp_path / "ivp.yaml"))
    assert [(d["code"], d["path"]) for d in json_diags(res)] == [("IVP000", "financien.begroting")]


def test_ivp096_an_empty_begroting_has_no_lines(tmp_path):
    doc = copy.deepcopy(BASE_PLAN)
    doc["financien"]["begroting"] = []
    res = run("validate", "--format", "json", "--kwaliteit", dump(doc, tmp_path / "ivp.yaml"))
    assert [(d["code"], d["path"]) for d in json_diags(res)] == [("IVP096", "financien")]


@pytest.mark.parametrize("overige", [None, {"thema": "Jeugd", "veiligheidsveld": "jeugd_en_veiligheid", "aanpak": "x"}])
def test_ivp099_silent_when_overige_themas_fails_the_schema(tmp_path, overige):
    # the rule reads overige_themas: when that section failed, IVP000 alone speaks
    doc = copy.deepcopy(BASE_PLAN)
    doc["probleemanalyse"]["bevindingen"].append({"veiligheidsveld": "jeugd_en_veiligheid", "thema": "j", "tekst": "t"})
    doc["overige_themas"] = overige
    res = run("validate", "--format", "json", "--kwaliteit", dump(doc, tmp_path / "ivp.yaml"))
    assert [(d["code"], d["path"]) for d in json_diags(res)] == [("IVP000", "overige_themas")]


def test_ivp098_silent_when_an_overleg_is_no_mapping(tmp_path):
    # its partners cannot be read, as when `partners` is missing: IVP000 alone speaks
    doc = copy.deepcopy(BASE_PLAN)
    doc["monitoring"]["overleg"] = ["Driehoek met de politie"]
    res = run("validate", "--format", "json", "--kwaliteit", dump(doc, tmp_path / "ivp.yaml"))
    assert [(d["code"], d["path"]) for d in json_diags(res)] == [("IVP000", "monitoring.overleg[0]")]
