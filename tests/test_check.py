"""`ivplan check --regio`: the regional summary (ivplan.app.check), its JSON, table, Markdown, .docx and .html.

Every test builds its own small regio file and plans in tmp_path, and runs twice: with the plans linted
in this process, and with the threshold for worker processes forced down to one plan (two workers),
so that a small test takes the way a real region of PARALLEL_FROM plans or more takes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import ivplan.app.check
from ivplan.app.check import ReportFormatError, check_region, write_report
from ivplan.documents.regio_rapport import (
    CONFORM,
    NIET_CONFORM,
    ONTBREEKT,
    format_table,
    report_json,
    report_markdown,
)
from ivplan.documents.templating import TemplateError, make_environment
from ivplan.render.report_html import render_report_html
from ivplan.validation.speerpunten import speerpunt_status


@pytest.fixture(autouse=True, params=["in dit proces", "in werkprocessen"])
def lint_mode(request, monkeypatch) -> str:
    if request.param == "in werkprocessen":
        monkeypatch.setattr(ivplan.app.check, "PARALLEL_FROM", 1)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)  # check_region's default number of workers
    return request.param


# --------------------------------------------------------------------------------------------------
# building files

BASE_PLAN = {
    "ivplan": 1,
    "gemeente": {"naam": "Voorbeeldstad", "cbs_code": "GM9001", "inwoners": 20000, "politie_eenheid": "Oost-Nederland"},
    "plan": {
        "titel": "Integraal Veiligheidsplan 2027-2030",
        "periode": {"start": 2027, "eind": 2030},
        "status": "vastgesteld",
        "vastgesteld_op": "2027-01-20",
        "portefeuillehouder": {"naam": "J. Jansen", "functie": "Burgemeester"},
        "evaluatie_vorig_plan": "Het vorige plan is geëvalueerd.",
    },
    "probleemanalyse": {
        "samenvatting": "Analyse van de cijfers.",
        "bronnen": [{"id": "politie-2026", "titel": "Politiecijfers", "jaar": 2026}],
        "bevindingen": [
            {"veiligheidsveld": "veilige_woon_en_leefomgeving", "thema": "woninginbraak", "tekst": "Veel inbraken."},
            {"veiligheidsveld": "integriteit_en_veiligheid", "thema": "ondermijning", "tekst": "Signalen."},
        ],
    },
    "participatie": {"inwoners": "Enquête.", "partners": "Overleg."},
    "prioriteiten": [
        {
            "id": "woninginbraak",
            "titel": "Woninginbraak",
            "veiligheidsveld": "veilige_woon_en_leefomgeving",
            "motivering": "Veel inbraken.",
            "aanpak": "Preventie.",
        },
        {
            "id": "ondermijning",
            "titel": "Ondermijning",
            "veiligheidsveld": "integriteit_en_veiligheid",
            "motivering": "Signalen.",
            "aanpak": "Bestuurlijke aanpak.",
        },
    ],
    "meetbare_doelen": [
        {
            "id": "d1",
            "prioriteit": "woninginbraak",
            "omschrijving": "Minder inbraken.",
            "indicator": "Inbraken",
            "bron": "politie-2026",
            "nulmeting": {"waarde": 40, "jaar": 2026},
            "streefwaarde": {"waarde": 30, "jaar": 2030},
            "richting": "dalen",
            "trekker": "politie",
        },
        {
            "id": "d2",
            "prioriteit": "ondermijning",
            "omschrijving": "Meer signalen.",
            "indicator": "Signalen",
            "bron": "politie-2026",
            "nulmeting": {"waarde": 10, "jaar": 2026},
            "streefwaarde": {"waarde": 20, "jaar": 2030},
            "richting": "stijgen",
            "trekker": "politie",
        },
    ],
    "partners": [
        {"id": "gemeente", "naam": "Gemeente", "soort": "gemeente", "rol": "Regie."},
        {
            "id": "politie",
            "naam": "Politie",
            "soort": "politie",
            "rol": "Handhaving.",
            "afspraken": [{"omschrijving": "Inzet.", "doelen": ["d1", "d2"]}],
        },
        {
            "id": "om",
            "naam": "OM",
            "soort": "openbaar_ministerie",
            "rol": "Vervolging.",
            "afspraken": [{"omschrijving": "Zaken.", "doelen": ["d2"]}],
        },
    ],
    "regionale_afstemming": {
        "regionaal_plan": {"titel": "Regionaal beleidsplan 2027-2030", "periode": {"start": 2027, "eind": 2030}},
        "speerpunten": [
            {"speerpunt": "ondermijning", "prioriteit": "ondermijning"},
            {"speerpunt": "cybercrime", "toelichting": "Wij doen mee met de regionale aanpak."},
        ],
        "driehoek": {"besproken_op": "2026-11-01"},
    },
    "monitoring": {
        "uitvoeringsprogramma": "jaarlijks",
        "rapportage": {"frequentie": "jaarlijks", "vorm": "Raadsinformatiebrief."},
        "evaluatie": {"jaar": 2030, "wijze": "Onderzoek."},
    },
}

BASE_REGIO = {
    "ivplan_regio": 1,
    "regio": {"naam": "Veiligheidsregio Voorbeeld", "politie_eenheid": "Oost-Nederland"},
    "regionaal_plan": {
        "titel": "Regionaal beleidsplan 2027-2030",
        "periode": {"start": 2027, "eind": 2030},
        "vastgesteld_op": "2026-12-10",
    },
    "speerpunten": [
        {"id": "ondermijning", "titel": "Ondermijning"},
        {"id": "cybercrime", "titel": "Gedigitaliseerde criminaliteit"},
    ],
    "gemeenten": [
        {"cbs_code": "GM9001", "naam": "Voorbeeldstad", "basisteam": "Noord"},
        {"cbs_code": "GM9002", "naam": "Anderdorp", "basisteam": "Zuid"},
        {"cbs_code": "GM9003", "naam": "Derdeburg", "basisteam": "Noord"},
    ],
}


def dump(path: Path, data) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def plan(naam="Voorbeeldstad", cbs="GM9001", speerpunten=None) -> dict:
    data = copy.deepcopy(BASE_PLAN)
    data["gemeente"]["naam"] = naam
    data["gemeente"]["cbs_code"] = cbs
    if speerpunten is not None:
        data["regionale_afstemming"]["speerpunten"] = speerpunten
    return data


def regio(**changes) -> dict:
    data = copy.deepcopy(BASE_REGIO)
    data.update(changes)
    return data


def row_of(report, naam):
    rows = [r for r in report.gemeenten if r.label == naam]
    assert len(rows) == 1, [r.label for r in report.gemeenten]
    return rows[0]


@pytest.fixture
def region(tmp_path):
    """A regio file with three gemeenten (two basisteams) and plans: Voorbeeldstad conform (with
    metingen: one doel achter, one op koers in 2028), Anderdorp with an unresolved reference (error),
    Derdeburg without a plan, and Elders, which the regio file does not list (no metingen)."""
    r = dump(tmp_path / "regio.yaml", regio())
    plans = [
        dump(tmp_path / "voorbeeldstad.yaml", _met_metingen(plan())),
        dump(tmp_path / "anderdorp.yaml", _anderdorp()),
        dump(tmp_path / "elders.yaml", plan("Elders", "GM9999")),
    ]
    return r, plans


def _met_metingen(data: dict) -> dict:
    """By hand: d1 dalen 40 (2026) -> 30 (2030), the path is 37,5 in 2027: a meting of 39 is achter
    (the 41 of 2026 is the nulmeting's year and does not count); d2 stijgen 10 (2026) -> 20 (2030), the
    path is 15 in 2028: 16 is op koers. The report year is 2028, the latest meting."""
    data["meetbare_doelen"][0]["metingen"] = [{"jaar": 2026, "waarde": 41}, {"jaar": 2027, "waarde": 39}]
    data["meetbare_doelen"][1]["metingen"] = [{"jaar": 2027, "waarde": 12}, {"jaar": 2028, "waarde": 16}]
    return data


def _anderdorp() -> dict:
    data = plan("Anderdorp", "GM9002")
    data["meetbare_doelen"][1]["prioriteit"] = "jeugd"  # IVP002: onbekende prioriteit
    return data


# --------------------------------------------------------------------------------------------------
# statuses and matching


def test_statuses_per_gemeente(region):
    regio_path, plans = region
    report = check_region(regio_path, plans)

    assert [r.label for r in report.gemeenten] == ["Voorbeeldstad", "Anderdorp", "Derdeburg", "Elders"]
    vs = row_of(report, "Voorbeeldstad")
    assert (vs.status, vs.errors, vs.basisteam, vs.file) == (CONFORM, 0, "Noord", str(plans[0]))

    ad = row_of(report, "Anderdorp")
    assert ad.status == NIET_CONFORM and ad.errors >= 1
    assert any(d.code == "IVP002" and d.path == "meetbare_doelen[1].prioriteit" for d in ad.diagnostics)

    db = row_of(report, "Derdeburg")
    assert (db.status, db.file, db.errors, db.warnings, db.basisteam) == (ONTBREEKT, None, 0, 0, "Noord")
    assert db.speerpunten == {"ondermijning": "ontbreekt", "cybercrime": "ontbreekt"}

    el = row_of(report, "Elders")
    assert el.listed is False and el.basisteam is None and el.cbs_code == "GM9999"
    assert el.status == CONFORM

    assert report.counts() == {CONFORM: 2, NIET_CONFORM: 1, ONTBREEKT: 1}
    assert report.has_errors  # Anderdorp
    assert report.results[0] is report.regio_result and len(report.results) == 4


def test_the_main_process_keeps_only_the_gemeente_of_a_plan_however_small_the_region(region, lint_mode):
    # what a row needs of a plan's data is worked out where the plan is linted; the main process
    # keeps only `gemeente` (naam, cbs_code), in a region of two plans as in one of 300, so that a
    # report column that reads more of the plan fails in the small tests too
    regio_path, plans = region
    report = check_region(regio_path, plans)
    for res in report.plan_results:
        assert res.data is None or set(res.data) == {"gemeente"}, (lint_mode, res.file, sorted(res.data))
        assert res.loaded.data is None or set(res.loaded.data) <= {"gemeente"}
    assert row_of(report, "Voorbeeldstad").voortgang is not None  # from the summary, not from the data


def test_ontbreekt_does_not_make_errors(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    report = check_region(regio_path, [dump(tmp_path / "p.yaml", plan())])
    assert report.counts()[ONTBREEKT] == 2
    assert report.counts()[CONFORM] == 1
    assert not report.has_errors


def test_groups_follow_basisteam_order(region):
    regio_path, plans = region
    report = check_region(regio_path, plans)
    groups = report.groups()
    assert [g.titel for g in groups] == ["Basisteam Noord", "Basisteam Zuid", "Niet in het regiobestand"]
    assert [r.label for r in groups[0].rows] == ["Voorbeeldstad", "Derdeburg"]


def test_without_basisteam_one_group(tmp_path):
    data = regio(gemeenten=[{"cbs_code": "GM9001", "naam": "Voorbeeldstad"}])
    report = check_region(dump(tmp_path / "regio.yaml", data), [dump(tmp_path / "p.yaml", plan())])
    assert not report.grouped
    assert [(g.titel, len(g.rows)) for g in report.groups()] == [(None, 1)]


def test_broken_and_missing_plans_appear_as_niet_conform(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    broken = tmp_path / "kapot.yaml"
    broken.write_text("ivplan: 1\ngemeente: [\n", encoding="utf-8")
    missing = tmp_path / "bestaat-niet.yaml"
    report = check_region(regio_path, [broken, missing, dump(tmp_path / "p.yaml", plan())])
    rows = {r.file: r for r in report.gemeenten}
    assert rows[str(broken)].status == NIET_CONFORM
    assert rows[str(broken)].diagnostics[0].code == "IVP900"
    assert rows[str(missing)].status == NIET_CONFORM
    assert rows[str(missing)].diagnostics[0].code == "IVP910"
    assert rows[str(missing)].basisteam is None and rows[str(missing)].cbs_code is None
    assert report.plan_results[1].unreadable


def test_plan_with_schema_error_is_still_matched_by_cbs_code(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    data = plan()
    data["gemeente"]["inwoners"] = "veel"  # IVP000
    report = check_region(regio_path, [dump(tmp_path / "p.yaml", data)])
    vs = row_of(report, "Voorbeeldstad")
    assert vs.status == NIET_CONFORM and vs.basisteam == "Noord"
    assert any(d.code == "IVP000" for d in vs.diagnostics)


def test_progress_is_reported_per_plan(region):
    regio_path, plans = region
    calls = []
    check_region(regio_path, plans, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_regio_file_with_errors_still_checks_plans(tmp_path):
    bad = regio()
    bad["speerpunten"] = [{"id": "Ondermijning!", "titel": "x"}]  # IVP000: not a slug
    report = check_region(dump(tmp_path / "regio.yaml", bad), [dump(tmp_path / "p.yaml", plan())])
    assert not report.regio_ok
    assert report.has_errors
    assert report.speerpunten == []
    assert [(r.label, r.listed, r.status) for r in report.gemeenten] == [("Voorbeeldstad", False, CONFORM)]
    assert "Het regiobestand heeft fouten" in format_table(report)
    assert report_json(report)["files"][0]["valid"] is False


def test_two_plans_for_one_gemeente(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    first = dump(tmp_path / "a.yaml", plan())
    second = dump(tmp_path / "b.yaml", plan())
    report = check_region(regio_path, [first, second])
    rows = [r for r in report.gemeenten if r.cbs_code == "GM9001"]
    assert [r.file for r in rows] == [str(first), str(second)]
    assert all(r.basisteam == "Noord" and r.listed for r in rows)
    assert rows[0].status == CONFORM
    assert rows[1].status == NIET_CONFORM and any(d.code == "IVP037" for d in rows[1].diagnostics)


# --------------------------------------------------------------------------------------------------
# speerpunten


@pytest.mark.parametrize(
    "entries, expected",
    [
        ([{"speerpunt": "ondermijning", "prioriteit": "ondermijning"}], "prioriteit"),
        ([{"speerpunt": "ondermijning", "toelichting": "Regionaal opgepakt."}], "toegelicht"),
        ([{"speerpunt": "ondermijning", "prioriteit": "ondermijning", "toelichting": "Ook uitgelegd."}], "prioriteit"),
        # one entry explains, another links: a local priority
        (
            [
                {"speerpunt": "ondermijning", "toelichting": "Deels."},
                {"speerpunt": "ondermijning", "prioriteit": "ondermijning"},
            ],
            "prioriteit",
        ),
        ([{"speerpunt": "ondermijning"}], "ontbreekt"),  # listed with neither
        ([{"speerpunt": "ondermijning", "toelichting": "   "}], "ontbreekt"),
        ([{"speerpunt": "cybercrime", "toelichting": "Iets anders."}], "ontbreekt"),  # absent
        # a link to a priority that does not exist is no link (IVP002 reports it)
        ([{"speerpunt": "ondermijning", "prioriteit": "bestaat-niet"}], "ontbreekt"),
        ([{"speerpunt": "ondermijning", "prioriteit": "bestaat-niet", "toelichting": "Uitleg."}], "toegelicht"),
    ],
)
def test_speerpunt_status_values(entries, expected):
    data = plan(speerpunten=entries)
    assert speerpunt_status(data, ["ondermijning"]) == {"ondermijning": expected}


def test_speerpunten_per_gemeente_in_report(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    plans = [
        dump(tmp_path / "a.yaml", plan()),
        dump(
            tmp_path / "b.yaml",
            plan(
                "Anderdorp",
                "GM9002",
                speerpunten=[
                    {"speerpunt": "ondermijning", "toelichting": "Via het RIEC."},
                    {"speerpunt": "cybercrime"},
                ],
            ),
        ),
        dump(
            tmp_path / "c.yaml",
            plan("Derdeburg", "GM9003", speerpunten=[{"speerpunt": "ondermijning", "prioriteit": "ondermijning"}]),
        ),
    ]
    report = check_region(regio_path, plans)
    assert row_of(report, "Voorbeeldstad").speerpunten == {"ondermijning": "prioriteit", "cybercrime": "toegelicht"}
    assert row_of(report, "Anderdorp").speerpunten == {"ondermijning": "toegelicht", "cybercrime": "ontbreekt"}
    assert row_of(report, "Derdeburg").speerpunten == {"ondermijning": "prioriteit", "cybercrime": "ontbreekt"}
    # the summary agrees with the rules: listed with neither is IVP030, absent is IVP031 (both errors)
    assert row_of(report, "Voorbeeldstad").status == CONFORM
    ad, db = row_of(report, "Anderdorp"), row_of(report, "Derdeburg")
    assert ad.status == NIET_CONFORM and [d.code for d in ad.diagnostics if d.is_error] == ["IVP030"]
    assert db.status == NIET_CONFORM and [d.code for d in db.diagnostics if d.is_error] == ["IVP031"]


def test_blank_toelichting_is_ontbreekt_and_an_error(tmp_path):
    """A toelichting of only spaces explains nothing: the speerpunt is `ontbreekt`, and that is an error
    (a text of only spaces is empty: IVP000 at the toelichting, which stands for IVP030 there), so the plan
    is not conform; never `ontbreekt` for a plan without any error."""
    regio_path = dump(tmp_path / "regio.yaml", regio())
    entries = [
        {"speerpunt": "ondermijning", "prioriteit": "ondermijning"},
        {"speerpunt": "cybercrime", "toelichting": "   "},
    ]
    report = check_region(regio_path, [dump(tmp_path / "a.yaml", plan(speerpunten=entries))])
    row = row_of(report, "Voorbeeldstad")
    assert row.speerpunten == {"ondermijning": "prioriteit", "cybercrime": "ontbreekt"}
    assert row.status == NIET_CONFORM
    errors = [(d.code, d.path) for d in row.diagnostics if d.is_error]
    assert errors == [("IVP000", "regionale_afstemming.speerpunten[1].toelichting")]


def test_broken_plan_has_every_speerpunt_ontbreekt(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    broken = tmp_path / "leeg.yaml"
    broken.write_text("", encoding="utf-8")
    report = check_region(regio_path, [broken])
    row = [r for r in report.gemeenten if r.file == str(broken)][0]
    assert row.speerpunten == {"ondermijning": "ontbreekt", "cybercrime": "ontbreekt"}


# --------------------------------------------------------------------------------------------------
# strikt


def _plan_with_warning() -> dict:
    data = plan()
    data["participatie"]["inwoners"] = "Enquête\x07 onder inwoners."  # written as "\a": IVP080, a warning
    return data


def test_strikt_makes_warnings_niet_conform(tmp_path):
    regio_path = dump(tmp_path / "regio.yaml", regio())
    p = dump(tmp_path / "p.yaml", _plan_with_warning())

    normal = check_region(regio_path, [p])
    vs = row_of(normal, "Voorbeeldstad")
    assert vs.status == CONFORM and vs.warnings >= 1
    assert any(d.code == "IVP080" and not d.is_error for d in vs.diagnostics)
    assert not normal.has_errors

    assert vs.voortgang is not None
    strict = check_region(regio_path, [p], strikt=True)
    vs = row_of(strict, "Voorbeeldstad")
    assert vs.status == NIET_CONFORM and vs.warnings == 0 and vs.errors >= 1
    assert vs.voortgang is None and report_json(strict)["regio"]["gemeenten"][0]["voortgang"] is None
    assert strict.has_errors
    assert report_json(strict)["files"][1]["valid"] is False
    assert "--strikt" in format_table(strict)


def test_voortgang_in_words():
    from ivplan.documents.regio_rapport import Voortgang

    v = Voortgang(2028, doel_gehaald=1, op_koers=6, achter=4, geen_meting=1)
    assert (v.doelen, v.kort, v.cel) == (12, "6/12", "6 van 12")
    assert (
        v.zin == "Voortgang in 2028 van de 12 meetbare doelen: 1 doel gehaald, 6 op koers, 4 achter en 1 zonder meting."
    )
    assert Voortgang(2027, 0, 1, 0, 0).zin == "Voortgang in 2027 van het ene meetbare doel: 1 op koers."
    assert Voortgang(2027, 2, 0, 0, 0).zin == "Voortgang in 2027 van de 2 meetbare doelen: 2 doelen gehaald."


def test_no_conform_plan_no_voortgang_table(tmp_path):
    report = check_region(dump(tmp_path / "regio.yaml", regio()), [dump(tmp_path / "a.yaml", _anderdorp())])
    md = report_markdown(report, make_environment(None))
    assert "Geen enkel plan is conform, dus de voortgang is bij geen gemeente bepaald." in md
    assert "| Gemeente | Jaar |" not in md
    html = render_report_html(report)
    assert "Geen enkel plan is conform" in html and "tabel-voortgang" not in html


# --------------------------------------------------------------------------------------------------
# JSON


def test_json_shape(region):
    regio_path, plans = region
    out = report_json(check_region(regio_path, plans))
    json.dumps(out)  # plain data
    assert set(out) == {"files", "regio"}
    assert [f["file"] for f in out["files"]] == [str(regio_path), *map(str, plans)]
    for f in out["files"]:
        assert set(f) == {"file", "valid", "diagnostics"}
        for d in f["diagnostics"]:
            assert set(d) == {"file", "code", "severity", "path", "line", "column", "message"}
            assert d["file"] == f["file"]  # a plain plan's diagnostics are in its own file
            assert d["severity"] in ("error", "warning")
    assert set(out["regio"]) == {"naam", "gemeenten", "gezamenlijk"}
    assert out["regio"]["gezamenlijk"] == []
    assert out["regio"]["naam"] == "Veiligheidsregio Voorbeeld"
    gemeenten = out["regio"]["gemeenten"]
    for g in gemeenten:
        assert set(g) == {
            "cbs_code",
            "naam",
            "basisteam",
            "file",
            "status",
            "errors",
            "warnings",
            "speerpunten",
            "voortgang",
            "uitvoering",
            "gezamenlijk",
        }
        assert g["gezamenlijk"] is None
        assert g["status"] in ("conform", "niet_conform", "ontbreekt")
        assert set(g["speerpunten"]) == {"ondermijning", "cybercrime"}
    first = gemeenten[0]
    assert first["cbs_code"] == "GM9001" and first["naam"] == "Voorbeeldstad" and first["basisteam"] == "Noord"
    assert first["file"] == str(plans[0]) and first["status"] == "conform"
    assert first["speerpunten"] == {"ondermijning": "prioriteit", "cybercrime": "toegelicht"}
    missing = [g for g in gemeenten if g["naam"] == "Derdeburg"][0]
    assert missing["status"] == "ontbreekt" and missing["file"] is None
    unlisted = [g for g in gemeenten if g["naam"] == "Elders"][0]
    assert unlisted["basisteam"] is None and unlisted["cbs_code"] == "GM9999"
    # voortgang: counts per verdict for a conform plan, null without a plan or for a plan with errors
    assert first["voortgang"] == {"jaar": 2028, "doel_gehaald": 0, "op_koers": 1, "achter": 1, "geen_meting": 0}
    assert unlisted["voortgang"] == {
        "jaar": 2027,
        "doel_gehaald": 0,
        "op_koers": 0,
        "achter": 0,
        "geen_meting": 2,
    }  # no metingen: the plan's start year
    assert missing["voortgang"] is None
    assert [g for g in gemeenten if g["naam"] == "Anderdorp"][0]["voortgang"] is None
    assert [f["valid"] for f in out["files"]] == [True, True, False, True]


# --------------------------------------------------------------------------------------------------
# the table on screen


def test_format_table(region):
    regio_path, plans = region
    text = format_table(check_region(regio_path, plans))
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("Gemeente"))
    assert re.search(r"Status\s+Fouten\s+Waarschuwingen\s+Op koers\s+ondermijning\s+cybercrime$", header)
    assert "Basisteam Noord" in lines and "Basisteam Zuid" in lines and "Niet in het regiobestand" in lines
    vs = next(line for line in lines if line.strip().startswith("Voorbeeldstad"))
    assert re.search(r"conform\s+0\s+\d+\s+1/2\s+prioriteit\s+toegelicht$", vs)
    ad = next(line for line in lines if line.strip().startswith("Anderdorp"))
    assert re.search(r"niet conform\s+\d+\s+\d+\s+-\s", ad)  # no voortgang for a plan with errors
    db = next(line for line in lines if line.strip().startswith("Derdeburg"))
    assert "ontbreekt" in db
    el = next(line for line in lines if line.strip().startswith("Elders"))
    assert re.search(r"conform\s+0\s+\d+\s+geen meting\s", el)  # not "0/2": no doel has a meting
    # the column's numbers line up under its header (right-aligned)
    assert vs.index("1/2") + 3 == header.index("Op koers") + len("Op koers")
    # Derdeburg sits under Noord, before Zuid
    assert lines.index("Basisteam Noord") < lines.index(db) < lines.index("Basisteam Zuid")
    assert lines[-1] == "4 gemeenten: 2 conform, 1 niet conform, 1 ontbreekt (geen plan ingeleverd)"


# --------------------------------------------------------------------------------------------------
# Markdown and .docx


def test_markdown_report(region):
    regio_path, plans = region
    md = report_markdown(check_region(regio_path, plans), make_environment(None))
    assert md.startswith("[[titel: Toetsing integrale veiligheidsplannen Veiligheidsregio Voorbeeld]]")
    assert "- Conform: 2" in md and "- Niet conform: 1" in md and "- Ontbreekt (geen plan ingeleverd): 1" in md
    assert "vastgesteld op 10 december 2026" in md
    assert (
        md.count("| Gemeente | Status | Fouten | Waarschuwingen | Ondermijning | Gedigitaliseerde criminaliteit |") == 3
    )
    assert "## Basisteam Noord" in md and "## Basisteam Zuid" in md
    assert "| Derdeburg | ontbreekt | geen plan |" in md
    # voortgang: one table of the conform plans, the others named, and a sentence with each gemeente
    assert "# Voortgang van de meetbare doelen" in md
    assert "| Gemeente | Jaar | Doelen | Doel gehaald | Op koers | Achter | Geen meting |" in md
    assert "| Voorbeeldstad | 2028 | 2 | 0 | 1 | 1 | 0 |" in md
    assert "| Elders | 2027 | 2 | 0 | 0 | 0 | 2 |" in md
    assert "Niet bepaald (geen plan of niet conform): Anderdorp en Derdeburg." in md
    assert "Voortgang in 2028 van de 2 meetbare doelen: 1 op koers en 1 achter." in md
    assert "Voortgang in 2027 van de 2 meetbare doelen: 2 zonder meting." in md  # Elders
    assert re.search(
        r"^- regel \d+: fout IVP002 meetbare\\_doelen\\\[1\\\]\.prioriteit: onbekende prioriteit 'jeugd'", md, re.M
    )


def test_markdown_user_text_is_literal(tmp_path):
    data = regio(gemeenten=[{"cbs_code": "GM9001", "naam": "Sint *Ster* [[nieuwe-pagina]] | x"}])
    data["regio"]["naam"] = "Regio {{ 7*7 }}"
    report = check_region(dump(tmp_path / "regio.yaml", data), [dump(tmp_path / "p.yaml", plan())])
    md = report_markdown(report, make_environment(None))
    assert "Regio \\{\\{ 7\\*7 \\}\\}" in md
    assert not re.search(r"\b49\b", md.replace(str(tmp_path), ""))
    assert "Sint \\*Ster\\* \\[\\[nieuwe-pagina\\]\\] \\| x" in md
    assert not re.search(r"^\[\[nieuwe-pagina\]\]$", md, re.M)

    docx = pytest.importorskip("docx")
    out = tmp_path / "rapport.docx"
    write_report(report, out, templates=None, huisstijl=None, warn=None)
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "Toetsing integrale veiligheidsplannen Regio {{ 7*7 }}" in texts
    assert "Sint *Ster* [[nieuwe-pagina]] | x" in texts  # the heading of its findings
    assert doc.tables[0].rows[1].cells[0].text == "Sint *Ster* [[nieuwe-pagina]] | x"


def test_docx_report(region, tmp_path):
    docx = pytest.importorskip("docx")
    regio_path, plans = region
    report = check_region(regio_path, plans)
    out = tmp_path / "uit" / "rapport.docx"
    write_report(report, out, templates=None, huisstijl=None, warn=None)
    doc = docx.Document(str(out))

    props = doc.core_properties
    assert props.author == "Veiligheidsregio Voorbeeld"
    assert props.created.date() == dt.date(2026, 12, 10)
    assert props.title == "Toetsing integrale veiligheidsplannen Veiligheidsregio Voorbeeld"
    assert props.subject

    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bevindingen per gemeente" in text
    assert "onbekende prioriteit 'jeugd'" in text
    assert "Er is geen plan ingeleverd (CBS-code GM9002)" not in text  # Anderdorp handed in a plan
    assert "Er is geen plan ingeleverd (CBS-code GM9003)" in text

    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Samenvatting", "Overzicht per gemeente"]
    assert "Basisteam Noord" in headings

    assert len(doc.tables) == 4
    for table in doc.tables[:3]:
        first = table.rows[0]
        assert [c.text for c in first.cells][:4] == ["Gemeente", "Status", "Fouten", "Waarschuwingen"]
        assert (
            first._tr.trPr is not None
            and first._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
            is not None
        )
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows[1:]]
    assert cells[0][:2] == ["Voorbeeldstad", "conform"]
    assert cells[1][:3] == ["Derdeburg", "ontbreekt", "geen plan"]
    voortgang = doc.tables[3]
    assert [[c.text for c in row.cells] for row in voortgang.rows] == [
        ["Gemeente", "Jaar", "Doelen", "Doel gehaald", "Op koers", "Achter", "Geen meting"],
        ["Voorbeeldstad", "2028", "2", "0", "1", "1", "0"],
        ["Elders", "2027", "2", "0", "0", "0", "2"],
    ]
    assert (
        voortgang.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )
    assert "Voortgang in 2028 van de 2 meetbare doelen: 1 op koers en 1 achter." in text

    footer = doc.sections[0].footer
    assert footer.paragraphs[0].text.startswith("Veiligheidsregio Voorbeeld – Toetsing integrale veiligheidsplannen")
    assert "NUMPAGES" in footer._element.xml

    # same input, same bytes
    again = tmp_path / "rapport2.docx"
    write_report(report, again, templates=None, huisstijl=None, warn=None)
    assert again.read_bytes() == out.read_bytes()


def test_docx_date_falls_back_to_start_year(tmp_path):
    docx = pytest.importorskip("docx")
    data = regio()
    del data["regionaal_plan"]["vastgesteld_op"]
    report = check_region(dump(tmp_path / "regio.yaml", data), [dump(tmp_path / "p.yaml", plan())])
    out = tmp_path / "rapport.docx"
    write_report(report, out, templates=None, huisstijl=None, warn=None)
    assert docx.Document(str(out)).core_properties.created.date() == dt.date(2027, 1, 1)


def test_own_template_is_used(region, tmp_path):
    docx = pytest.importorskip("docx")
    regio_path, plans = region
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "rapport.md.j2").write_text(
        "[[titel: {{ titel|tekst }}]]\n\n# Eigen rapport\n\n{% for g in gemeenten %}\n- {{ g.naam|tekst }}: "
        "{{ g.status_tekst }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "rapport.docx"
    write_report(check_region(regio_path, plans), out, templates=own, huisstijl=None, warn=None)
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Eigen rapport" in text and "Derdeburg: ontbreekt" in text


def test_unknown_report_suffix(region, tmp_path):
    regio_path, plans = region
    report = check_region(regio_path, plans)
    out = tmp_path / "rapport.odt"
    with pytest.raises(ReportFormatError) as info:
        write_report(report, out, templates=None, huisstijl=None, warn=None)
    assert ".docx, .html of .pdf" in str(info.value) and "rapport.odt" in str(info.value)
    assert not out.exists()


def test_failed_rewrite_keeps_existing_report(region, tmp_path):
    regio_path, plans = region
    report = check_region(regio_path, plans)
    out = tmp_path / "rapport.docx"
    write_report(report, out, templates=None, huisstijl=None, warn=None)
    before = out.read_bytes()
    broken = tmp_path / "sjablonen"
    broken.mkdir()
    (broken / "rapport.md.j2").write_text("{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError):
        write_report(report, out, templates=broken, huisstijl=None, warn=None)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rapport")] == []


# --------------------------------------------------------------------------------------------------
# HTML


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.captions: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if "caption" in self.stack:
            self.captions.append(data)


def _parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def test_html_report_structure(region, tmp_path):
    regio_path, plans = region
    report = check_region(regio_path, plans)
    out = tmp_path / "rapport.html"
    write_report(report, out, templates=None, huisstijl=None, warn=None)
    html = out.read_text(encoding="utf-8")
    p = _parse(html)
    tags = [t for t, _ in p.tags]

    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "nl"}) in p.tags
    assert "title" in tags and "header" in tags and "main" in tags
    assert tags.count("h1") == 1
    assert "script" not in tags and "img" not in tags and "link" not in tags and "iframe" not in tags
    for _, attrs in p.tags:
        assert "src" not in attrs
        assert "style" not in attrs  # styles live in the one <style> element
        if "href" in attrs:
            assert attrs["href"].startswith("#")
    ids = [a["id"] for _, a in p.tags if "id" in a]
    assert len(ids) == len(set(ids))
    for _, attrs in p.tags:
        if "href" in attrs:
            assert attrs["href"][1:] in ids

    assert tags.count("table") == tags.count("caption") == 4
    assert p.captions == [
        "Toetsing per gemeente: Basisteam Noord",
        "Toetsing per gemeente: Basisteam Zuid",
        "Toetsing per gemeente: Niet in het regiobestand",
        "Voortgang van de meetbare doelen per gemeente",
    ]
    ths = [a for t, a in p.tags if t == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    assert sum(1 for a in ths if a.get("scope") == "row") == 4 + 2  # one per gemeente, one per voortgang

    text = " ".join(" ".join(p.text).split())
    # voortgang: a table of the conform plans, and the counts in words with each gemeente's findings
    assert (
        "Gemeente Jaar Doelen Doel gehaald Op koers Achter Geen meting Voorbeeldstad 2028 2 0 1 1 0 "
        "Elders 2027 2 0 0 0 2" in text
    )
    assert "Niet bepaald (geen plan of niet conform): Anderdorp en Derdeburg." in text
    assert "Voortgang in 2028 van de 2 meetbare doelen: 1 op koers en 1 achter." in text
    # status in words, beside the symbol
    assert "conform" in text and "niet conform" in text and "ontbreekt" in text
    assert "prioriteit" in text and "toegelicht" in text
    assert "onbekende prioriteit 'jeugd'" in text
    assert "@media print" in html and re.search(r"@page\s*\{[^}]*size:\s*A4", html)


def test_html_is_deterministic_and_escapes(tmp_path):
    data = regio(gemeenten=[{"cbs_code": "GM9001", "naam": "<script>alert(1)</script> & Co"}])
    report = check_region(dump(tmp_path / "regio.yaml", data), [dump(tmp_path / "p.yaml", plan())])
    a = render_report_html(report)
    b = render_report_html(check_region(tmp_path / "regio.yaml", [tmp_path / "p.yaml"]))
    assert a == b
    assert "<script>" not in a
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in a


def test_html_escapes_every_value_once_and_never_reads_it_as_template(tmp_path):
    # the page comes from a Jinja2 template (plan_templates/rapport.html.j2): a name is data, escaped
    # exactly once, also where names are joined into one sentence
    naam = "{{ 7*7 }} 'O&B' <i>"
    data = regio(
        gemeenten=[
            {"cbs_code": "GM9001", "naam": "Voorbeeldstad"},
            {"cbs_code": "GM9002", "naam": naam},
            {"cbs_code": "GM9003", "naam": naam + "2"},
        ]
    )
    html = render_report_html(check_region(dump(tmp_path / "regio.yaml", data), [dump(tmp_path / "p.yaml", plan())]))
    escaped = "{{ 7*7 }} &#x27;O&amp;B&#x27; &lt;i&gt;"
    assert f'<h3 id="gemeente-2">{escaped}</h3>' in html
    assert f"Niet bepaald (geen plan of niet conform): {escaped} en {escaped}2.</p>" in html
    # the report names the plan's path; pytest's numbered tmp folder (pytest-449) may hold "49" itself
    body = html.replace(str(tmp_path), "")
    assert "49" not in body and "&amp;amp;" not in html and "&amp;lt;" not in html


def test_html_without_grouping_marks_unlisted(tmp_path):
    data = regio(gemeenten=[{"cbs_code": "GM9001", "naam": "Voorbeeldstad"}])
    plans = [dump(tmp_path / "a.yaml", plan()), dump(tmp_path / "b.yaml", plan("Elders", "GM9999"))]
    html = render_report_html(check_region(dump(tmp_path / "regio.yaml", data), plans))
    p = _parse(html)
    assert [t for t, _ in p.tags].count("table") == 2
    assert p.captions == ["Toetsing per gemeente", "Voortgang van de meetbare doelen per gemeente"]
    assert "Elders</a> (niet in het regiobestand)" in html


def test_gemeenten_without_basisteam_get_their_own_group(tmp_path):
    data = regio(
        gemeenten=[
            {"cbs_code": "GM9001", "naam": "Voorbeeldstad", "basisteam": "Noord"},
            {"cbs_code": "GM9002", "naam": "Anderdorp"},
        ]
    )
    plans = [dump(tmp_path / "a.yaml", plan()), dump(tmp_path / "e.yaml", plan("Elders", "GM9999"))]
    report = check_region(dump(tmp_path / "regio.yaml", data), plans)
    assert [(g.titel, [r.label for r in g.rows]) for g in report.groups()] == [
        ("Basisteam Noord", ["Voorbeeldstad"]),
        ("Zonder basisteam", ["Anderdorp"]),
        ("Niet in het regiobestand", ["Elders"]),
    ]
    assert report_json(report)["regio"]["gemeenten"][1]["basisteam"] is None


EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "regio"


@pytest.mark.skipif(not (EXAMPLES / "regio.yaml").exists(), reason="examples/regio not present")
def test_example_region_matches_its_description():
    """examples/regio/regio.yaml states the expected outcome in its header comment."""
    plans = sorted((EXAMPLES / "plannen").glob("*.yaml"))
    report = check_region(EXAMPLES / "regio.yaml", plans)
    status = {r.label: r.status for r in report.gemeenten}
    assert status["Vechtmond"] == CONFORM
    assert status["Sallandsveen"] == CONFORM
    assert status["Hoogelo"] == CONFORM
    assert status["IJsselhorst"] == NIET_CONFORM
    assert status["Borkeldijk"] == ONTBREEKT
    ij = row_of(report, "IJsselhorst")
    assert {"IVP010", "IVP031"} <= {d.code for d in ij.diagnostics if d.is_error}
    assert "ontbreekt" in ij.speerpunten.values()


def test_internal_failure_on_one_plan_does_not_stop_the_check(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import ivplan.app.check as check_mod
    from ivplan.cli.commands import main

    examples = Path(__file__).parents[1] / "examples" / "regio"
    real = check_mod.lint_plan

    def failing(path, display=None, regio=None, **options):
        if Path(path).name == "hoogelo.yaml":
            raise RuntimeError("kapot")
        return real(path, display, regio=regio, **options)

    monkeypatch.setattr(check_mod, "lint_plan", failing)
    plans = sorted((examples / "plannen").glob("*.yaml"))
    result = CliRunner().invoke(
        main, ["check", "--regio", str(examples / "regio.yaml"), *map(str, plans), "-o", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 3
    assert "hoogelo.yaml: interne fout (RuntimeError: kapot)" in result.stderr
    assert "Traceback" not in result.output
    assert "Vechtmond" in result.stdout  # the other plans are still in the table
    assert (tmp_path / "r.html").is_file()  # and the report is written


def test_workers_give_the_same_report_as_one_process(tmp_path):
    """A large region is checked by worker processes that send back slimmed results and each row's
    summary; the report must be exactly the one made in one process, also for plans whose errors
    come only afterwards (IVP037: the copies share their CBS-code, so their voortgang is dropped)."""
    import shutil

    from ivplan.app import check

    bron = Path(__file__).resolve().parents[1] / "examples" / "regio"
    paths = []
    for ronde in range(6):  # 30 plans: above PARALLEL_FROM
        for plan_file in sorted((bron / "plannen").glob("*.yaml")):
            target = tmp_path / f"{ronde}-{plan_file.name}"
            shutil.copy(plan_file, target)
            paths.append(target)
    assert len(paths) >= check.PARALLEL_FROM
    alone = check_region(bron / "regio.yaml", paths, jobs=1)
    workers = check_region(bron / "regio.yaml", paths, jobs=2)
    assert report_json(workers) == report_json(alone)
    assert format_table(workers) == format_table(alone)
    rows = [r for r in workers.gemeenten if r.file]
    assert any(r.voortgang is not None for r in rows)  # the first copies keep their voortgang
    assert any(r.status == NIET_CONFORM and r.voortgang is None for r in rows)  # IVP037 copies do not
