"""The voortgangsrapportage: the verdict rule (documents/voortgang.py, UITLEG) at its edges, and the .docx a
raadslid reads."""

from __future__ import annotations

import copy
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from ivplan.app import voortgang as app_vg
from ivplan.documents import voortgang as vg
from ivplan.documents.voortgang import ACHTER, DOEL_GEHAALD, GEEN_METING, OP_KOERS, beoordeel, rapportjaar

ROOT = Path(__file__).resolve().parents[1]


def doel(richting="dalen", nul=(3.4, 2025), streef=(2.8, 2030), metingen=(), **extra):
    d = {
        "id": "d1",
        "prioriteit": "p",
        "omschrijving": "Minder woninginbraken.",
        "indicator": "Woninginbraken",
        "bron": "b",
        "trekker": "politie",
        "richting": richting,
        "nulmeting": {"waarde": nul[0], "jaar": nul[1]},
        "streefwaarde": {"waarde": streef[0], "jaar": streef[1]},
        "metingen": [{"jaar": j, "waarde": w} for j, w in metingen],
    }
    d.update(extra)
    return d


# --------------------------------------------------------------------------------------------------
# the verdict rule


class TestDalen:
    # path 3,4 (2025) -> 2,8 (2030): 0,12 a year down; 3,04 expected in 2028

    def test_below_the_line_is_op_koers(self):
        o = beoordeel(doel(metingen=[(2028, 2.9)]), 2028)
        assert o.oordeel == OP_KOERS
        assert o.meting == vg.Meting(2028, 2.9)
        assert float(o.verwacht) == pytest.approx(3.04)

    def test_exactly_on_the_line_is_op_koers(self):
        # 3.4 - 0.6 * 3/5 in floats is 3.0399999999999996; the rule compares the numbers as written
        assert beoordeel(doel(metingen=[(2028, 3.04)]), 2028).oordeel == OP_KOERS

    def test_on_the_line_where_floats_would_say_achter(self):
        # 1.2 + (0.7 - 1.2) * 3/5 is 0.8999999999999999 in floats: 0.9 would look "above the line"
        d = doel(nul=(1.2, 2025), streef=(0.7, 2030), metingen=[(2028, 0.9)])
        assert beoordeel(d, 2028).oordeel == OP_KOERS
        assert "ligt precies op de lijn" in vg.oordeel_zin(d, beoordeel(d, 2028))

    def test_just_above_the_line_is_achter(self):
        assert beoordeel(doel(metingen=[(2028, 3.05)]), 2028).oordeel == ACHTER

    def test_exactly_on_the_target_is_doel_gehaald(self):
        assert beoordeel(doel(metingen=[(2028, 2.8)]), 2028).oordeel == DOEL_GEHAALD

    def test_just_above_the_target_but_below_the_line_is_op_koers(self):
        assert beoordeel(doel(metingen=[(2028, 2.81)]), 2028).oordeel == OP_KOERS

    def test_below_the_target_is_doel_gehaald(self):
        assert beoordeel(doel(metingen=[(2026, 1.0)]), 2028).oordeel == DOEL_GEHAALD

    def test_after_the_target_year_the_target_is_expected(self):
        o = beoordeel(doel(metingen=[(2031, 2.9)]), 2031)
        assert o.oordeel == ACHTER
        assert o.verwacht == pytest.approx(2.8)


class TestStijgen:
    # path 40 (2025) -> 80 (2030): 64 expected in 2028

    def stijgen(self, *metingen):
        return doel("stijgen", nul=(40, 2025), streef=(80, 2030), metingen=metingen, eenheid="%")

    def test_on_the_line_is_op_koers(self):
        assert beoordeel(self.stijgen((2028, 64)), 2028).oordeel == OP_KOERS

    def test_above_the_line_is_op_koers(self):
        assert beoordeel(self.stijgen((2028, 70)), 2028).oordeel == OP_KOERS

    def test_below_the_line_is_achter(self):
        assert beoordeel(self.stijgen((2028, 63.9)), 2028).oordeel == ACHTER

    def test_on_or_above_the_target_is_doel_gehaald(self):
        assert beoordeel(self.stijgen((2028, 80)), 2028).oordeel == DOEL_GEHAALD
        assert beoordeel(self.stijgen((2027, 85)), 2028).oordeel == DOEL_GEHAALD

    def test_dalen_values_would_be_achter_when_rising(self):
        # a value that falls is good for dalen, bad for stijgen
        assert beoordeel(self.stijgen((2028, 39)), 2028).oordeel == ACHTER


class TestHandhaven:
    def handhaven(self, waarde, *metingen):
        return doel("handhaven", nul=(waarde, 2025), streef=(waarde, 2030), metingen=metingen)

    @pytest.mark.parametrize("meting", [84, 76, 80, 83.99])
    def test_within_5_percent_is_op_koers(self, meting):
        assert beoordeel(self.handhaven(80, (2027, meting)), 2028).oordeel == OP_KOERS

    @pytest.mark.parametrize("meting", [84.01, 75.99, 100])
    def test_more_than_5_percent_off_is_achter(self, meting):
        assert beoordeel(self.handhaven(80, (2027, meting)), 2028).oordeel == ACHTER

    def test_boundary_is_exact_not_float(self):
        # 0.735 - 0.7 is 0.03500000000000003 in floats, 5 % of 0.7 is 0.035: exactly on the boundary
        assert beoordeel(self.handhaven(0.7, (2027, 0.735)), 2028).oordeel == OP_KOERS
        assert beoordeel(self.handhaven(0.7, (2027, 0.7351)), 2028).oordeel == ACHTER

    def test_from_the_target_year_on_within_the_margin_is_doel_gehaald(self):
        assert beoordeel(self.handhaven(80, (2030, 82)), 2030).oordeel == DOEL_GEHAALD
        assert beoordeel(self.handhaven(80, (2029, 82)), 2030).oordeel == OP_KOERS
        assert beoordeel(self.handhaven(80, (2030, 90)), 2030).oordeel == ACHTER

    @pytest.mark.parametrize(
        "meting, verwacht", [(0.05, OP_KOERS), (-0.05, OP_KOERS), (0, OP_KOERS), (0.06, ACHTER), (-0.051, ACHTER)]
    )
    def test_streefwaarde_zero_has_an_absolute_margin_of_0_05(self, meting, verwacht):
        assert beoordeel(self.handhaven(0, (2027, meting)), 2028).oordeel == verwacht


class TestLatestMeting:
    def test_of_equal_years_the_one_listed_last_counts(self):
        assert beoordeel(doel(metingen=[(2028, 2.9), (2028, 3.3)]), 2028).meting.waarde == 3.3
        assert beoordeel(doel(metingen=[(2028, 2.9), (2028, 3.3)]), 2028).oordeel == ACHTER
        assert beoordeel(doel(metingen=[(2028, 3.3), (2028, 2.9)]), 2028).oordeel == OP_KOERS

    def test_highest_year_counts_not_the_last_listed(self):
        o = beoordeel(doel(metingen=[(2028, 2.9), (2026, 3.5)]), 2028)
        assert o.meting.jaar == 2028 and o.oordeel == OP_KOERS

    def test_metingen_before_or_in_the_nulmeting_year_are_ignored(self):
        o = beoordeel(doel(metingen=[(2023, 1.0), (2025, 1.0)]), 2028)
        assert o.oordeel == GEEN_METING and o.meting is None and o.verwacht is None

    def test_metingen_after_the_report_year_are_ignored(self):
        o = beoordeel(doel(metingen=[(2027, 3.3), (2029, 2.0)]), 2028)
        assert o.meting == vg.Meting(2027, 3.3)
        assert o.oordeel == ACHTER  # 3,16 expected in 2027
        assert beoordeel(doel(metingen=[(2029, 2.0)]), 2028).oordeel == GEEN_METING

    def test_no_metingen_is_geen_meting(self):
        assert beoordeel(doel(), 2028).oordeel == GEEN_METING
        without_key = doel()
        del without_key["metingen"]
        assert beoordeel(without_key, 2028).oordeel == GEEN_METING


class TestNoPath:
    """nulmeting.jaar == streefwaarde.jaar: no line, so only doel gehaald or achter."""

    def test_dalen(self):
        d = doel(nul=(10, 2027), streef=(8, 2027), metingen=[(2028, 8)])
        assert beoordeel(d, 2028).oordeel == DOEL_GEHAALD
        d = doel(nul=(10, 2027), streef=(8, 2027), metingen=[(2028, 9)])
        o = beoordeel(d, 2028)
        assert o.oordeel == ACHTER and o.verwacht is None

    def test_stijgen(self):
        d = doel("stijgen", nul=(8, 2027), streef=(10, 2027), metingen=[(2028, 9.99)])
        assert beoordeel(d, 2028).oordeel == ACHTER
        d = doel("stijgen", nul=(8, 2027), streef=(10, 2027), metingen=[(2028, 10)])
        assert beoordeel(d, 2028).oordeel == DOEL_GEHAALD

    def test_handhaven(self):
        d = doel("handhaven", nul=(10, 2027), streef=(10, 2027), metingen=[(2028, 10.5)])
        assert beoordeel(d, 2028).oordeel == DOEL_GEHAALD
        d = doel("handhaven", nul=(10, 2027), streef=(10, 2027), metingen=[(2028, 10.6)])
        assert beoordeel(d, 2028).oordeel == ACHTER


class TestRapportjaar:
    def plan(self, *doelen):
        return {"plan": {"periode": {"start": 2027, "eind": 2030}}, "meetbare_doelen": list(doelen)}

    def test_latest_year_with_a_meting_after_its_nulmeting(self):
        plan = self.plan(doel(metingen=[(2026, 3.3), (2028, 3.0)]), doel(metingen=[(2027, 3.1)]))
        assert rapportjaar(plan) == 2028

    def test_metingen_before_the_nulmeting_do_not_count(self):
        plan = self.plan(doel(nul=(3.4, 2026), metingen=[(2024, 3.0), (2026, 3.2)]), doel(metingen=[(2027, 3.1)]))
        assert rapportjaar(plan) == 2027

    def test_without_any_meting_the_start_year(self):
        plan = self.plan(doel(), doel(metingen=[(2020, 3.0)]))
        assert rapportjaar(plan) == 2027


def test_telling_counts_every_verdict():
    plan = {
        "plan": {"periode": {"start": 2027, "eind": 2030}},
        "meetbare_doelen": [
            doel(metingen=[(2028, 2.9)]),
            doel(metingen=[(2027, 3.3)]),
            doel(metingen=[(2026, 2.0)]),
            doel(),
        ],
    }
    assert vg.telling(plan) == {DOEL_GEHAALD: 1, OP_KOERS: 1, ACHTER: 1, GEEN_METING: 1}
    assert vg.telling(plan, 2026) == {DOEL_GEHAALD: 1, OP_KOERS: 0, ACHTER: 0, GEEN_METING: 3}


class TestZin:
    def test_op_koers_sentence(self):
        d = doel(metingen=[(2028, 2.9)])
        assert vg.oordeel_zin(d, beoordeel(d, 2028)) == (
            "De meting van 2028 (2,9) ligt onder de lijn naar de streefwaarde (3,0 verwacht in 2028): **op koers**."
        )

    def test_expected_value_gets_a_decimal_more_when_it_would_look_equal(self):
        d = doel(metingen=[(2028, 3.0)])
        assert "(3,04 verwacht in 2028)" in vg.oordeel_zin(d, beoordeel(d, 2028))
        d = doel(metingen=[(2028, 3.04)])
        assert "ligt precies op de lijn naar de streefwaarde (3,04 verwacht in 2028)" in vg.oordeel_zin(
            d, beoordeel(d, 2028)
        )

    def test_achter_stijgen_with_percentages(self):
        d = doel("stijgen", nul=(40, 2025), streef=(80, 2030), metingen=[(2028, 50)], eenheid="%")
        assert vg.oordeel_zin(d, beoordeel(d, 2028)) == (
            "De meting van 2028 (50%) ligt onder de lijn naar de streefwaarde (64% verwacht in 2028): **achter**."
        )

    def test_doel_gehaald_and_geen_meting(self):
        d = doel(metingen=[(2028, 2.8)])
        assert vg.oordeel_zin(d, beoordeel(d, 2028)) == (
            "De meting van 2028 (2,8) is gelijk aan de streefwaarde (2,8 in 2030): **doel gehaald**."
        )
        d = doel()
        assert vg.oordeel_zin(d, beoordeel(d, 2028)) == (
            "Er is nog geen meting van na de nulmeting (2025) tot en met 2028: **geen meting**."
        )

    def test_handhaven(self):
        d = doel("handhaven", nul=(0, 2025), streef=(0, 2030), metingen=[(2027, 0.2)])
        assert "wijkt meer dan 0,05 af van de streefwaarde (0 in 2030): **achter**" in vg.oordeel_zin(
            d, beoordeel(d, 2028)
        )

    def test_figures_as_written_not_padded_to_the_most_decimals(self):
        # the plan document writes 6, 7,7 and 14%: the voortgang report writes them the same way
        d = doel(nul=(6, 2025), streef=(5.25, 2030), metingen=[(2027, 7.7)])
        assert vg.paar_tekst(d, d["nulmeting"]) == "6 (2025)"
        assert vg.paar_tekst(d, d["metingen"][0]) == "7,7 (2027)"
        assert vg.paar_tekst(d, d["streefwaarde"]) == "5,25 (2030)"
        d = doel("stijgen", nul=(14, 2025), streef=(20.5, 2030), metingen=[(2026, 15.3)], eenheid="%")
        assert vg.paar_tekst(d, d["nulmeting"]) == "14% (2025)"
        assert "De meting van 2026 (15,3%)" in vg.oordeel_zin(d, beoordeel(d, 2026))

    def test_an_exact_expected_value_has_no_trailing_zeros(self):
        # verwacht in 2027 is exactly 7,7; the doel's most decimals (2) would have padded it to "7,70"
        d = doel(nul=(8.5, 2025), streef=(6.50, 2030), metingen=[(2027, 7.25)], eenheid="%")
        d["streefwaarde"]["waarde"] = 6.55
        d["nulmeting"]["waarde"] = 8.55
        assert "(7,75% verwacht in 2027)" in vg.oordeel_zin(d, beoordeel(d, 2027))
        d = doel(nul=(8.5, 2025), streef=(6.25, 2030), metingen=[(2027, 7.25)])
        assert "(7,6 verwacht in 2027)" in vg.oordeel_zin(d, beoordeel(d, 2027))

    def test_telling(self):
        assert vg.telling_zin([OP_KOERS, ACHTER, OP_KOERS, GEEN_METING, DOEL_GEHAALD], 2028) == (
            "Stand in 2028 van de 5 doelen: 1 doel gehaald, 2 op koers, 1 achter en 1 zonder meting."
        )


def test_uitleg_names_the_rule():
    from ivplan.app.explain import explain

    text = explain("voortgang")
    for word in ("op koers", "achter", "doel gehaald", "geen meting", "5%", "0,05", "laatst genoemde"):
        assert word in text


def test_module_import_is_light():
    code = (
        "import sys, ivplan.documents.voortgang, ivplan.render.charts; "
        "heavy = [m for m in ('matplotlib', 'docx', 'jinja2', 'markdown') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT / "src")}
    ).stdout.strip()
    assert out == "[]"


# --------------------------------------------------------------------------------------------------
# the document

PLAN_YAML = """\
ivplan: 1
gemeente:
  naam: Dijkdorp
  cbs_code: GM9101
  inwoners: 24000
  politie_eenheid: Oost-Nederland
plan:
  titel: Veilig Dijkdorp 2027-2030
  periode: {start: 2027, eind: 2030}
  status: ontwerp
  datum: "2027-02-03"
  portefeuillehouder: {naam: J. de Boer, functie: Burgemeester}
probleemanalyse:
  samenvatting: Weinig criminaliteit, wel woninginbraken.
  bronnen:
    - {id: politie, titel: Politiecijfers Dijkdorp, jaar: 2026}
  bevindingen:
    - veiligheidsveld: veilige_woon_en_leefomgeving
      thema: woninginbraak
      tekst: Woninginbraken nemen toe.
participatie:
  inwoners: Een enquête onder inwoners.
  partners: Twee bijeenkomsten met partners.
prioriteiten:
  - id: inbraak
    titel: Woninginbraak
    veiligheidsveld: veilige_woon_en_leefomgeving
    motivering: Veel inbraken.
    aanpak: Preventie.
  - id: jeugd
    titel: Jeugdoverlast
    veiligheidsveld: jeugd_en_veiligheid
    motivering: Overlast bij het station.
    aanpak: Jongerenwerk.
meetbare_doelen:
  - id: d1
    prioriteit: inbraak
    omschrijving: Minder woninginbraken.
    indicator: Woninginbraken
    eenheid: per 1.000 woningen
    bron: politie
    nulmeting: {waarde: 3.4, jaar: 2025}
    streefwaarde: {waarde: 2.8, jaar: 2030}
    richting: dalen
    trekker: politie
    metingen:
      - {jaar: 2026, waarde: 3.2}
      - {jaar: 2027, waarde: 2.9}
  - id: d2
    prioriteit: inbraak
    omschrijving: Inwoners voelen zich veiliger.
    indicator: Rapportcijfer veiligheid
    eenheid: rapportcijfer
    bron: politie
    nulmeting: {waarde: 6.5, jaar: 2025}
    streefwaarde: {waarde: 7.5, jaar: 2030}
    richting: stijgen
    trekker: gemeente
    metingen:
      - {jaar: 2027, waarde: 6.6}
  - id: d3
    prioriteit: jeugd
    omschrijving: Overlast blijft laag.
    indicator: Meldingen jeugdoverlast
    eenheid: aantal
    bron: politie
    nulmeting: {waarde: 120, jaar: 2025}
    streefwaarde: {waarde: 120, jaar: 2030}
    richting: handhaven
    trekker: gemeente
    metingen:
      - {jaar: 2024, waarde: 110}
      - {jaar: 2026, waarde: 125}
      - {jaar: 2027, waarde: 131}
  - id: d4
    prioriteit: jeugd
    omschrijving: Minder jongeren verdacht.
    indicator: Jeugdige verdachten
    bron: politie
    nulmeting: {waarde: 40, jaar: 2026}
    streefwaarde: {waarde: 30, jaar: 2030}
    richting: dalen
    trekker: politie
partners:
  - id: gemeente
    naam: Gemeente Dijkdorp
    soort: gemeente
    rol: Regie.
    afspraken:
      - omschrijving: Jongerenwerk op vrijdagavond.
        doelen: [d3, d4]
  - id: politie
    naam: Politie basisteam IJssel
    soort: politie
    rol: Opsporing en handhaving.
    afspraken:
      - omschrijving: Inbraakpreventie in de winter.
        doelen: [d1]
        termijn: jaarlijks
  - id: om
    naam: Openbaar Ministerie Oost-Nederland
    soort: openbaar_ministerie
    rol: Strafrechtelijke aanpak.
regionale_afstemming:
  regionaal_plan:
    titel: Regionaal beleidsplan 2027-2030
    periode: {start: 2027, eind: 2030}
  speerpunten:
    - speerpunt: ondermijning
      toelichting: Geen lokale prioriteit; we doen mee via het RIEC.
monitoring:
  uitvoeringsprogramma: jaarlijks
  rapportage: {frequentie: jaarlijks, vorm: Raadsinformatiebrief.}
  evaluatie: {jaar: 2030, wijze: Evaluatie met de partners.}
"""

HEADER = ["Doel", "Indicator", "Nulmeting", "Laatste meting", "Streefwaarde", "Oordeel"]
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "dijkdorp.yaml"
    path.write_text(PLAN_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(plan_file):
    from ivplan.validation.lint import lint_plan

    res = lint_plan(plan_file)
    assert not res.has_errors, [str(d) for d in res.diagnostics if d.is_error]
    return res


@pytest.fixture(scope="module")
def built(result, tmp_path_factory) -> Path:
    return app_vg.build_voortgang(result, jaar=None, out_dir=tmp_path_factory.mktemp("out"), warn=None)


def open_docx(path):
    import docx

    return docx.Document(str(path))


def summary_table(document):
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] == HEADER:
            return table
    raise AssertionError("geen overzichtstabel met de kolommen " + " | ".join(HEADER))


def alt_texts(document) -> list[str]:
    return [el.get("descr") for el in document.element.body.iter(WP + "docPr")]


def test_file_name_and_default_year(built):
    assert built.name == "dijkdorp-ivp-2027-2030-voortgang-2027.docx"
    assert built.is_file()


def test_core_properties(built):
    cp = open_docx(built).core_properties
    # the year is the year reported on, not part of the plan's name
    assert cp.title == "Raadsinformatiebrief over de voortgang van het integraal veiligheidsplan in 2027"
    assert cp.author == "Dijkdorp"
    assert cp.subject == "Voortgang in 2027 van het Veilig Dijkdorp 2027-2030 van de gemeente Dijkdorp"
    assert cp.created.date().isoformat() == "2027-02-03"


def test_summary_table_rows_and_verdicts(built):
    table = summary_table(open_docx(built))
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows == [
        [
            "Minder woninginbraken",
            "Woninginbraken (per 1.000 woningen)",
            "3,4 (2025)",
            "2,9 (2027)",
            "2,8 (2030)",
            "op koers",
        ],
        [
            "Inwoners voelen zich veiliger",
            "Rapportcijfer veiligheid",  # the indicator names its unit: not twice
            "6,5 (2025)",
            "6,6 (2027)",
            "7,5 (2030)",
            "achter",
        ],
        ["Overlast blijft laag", "Meldingen jeugdoverlast", "120 (2025)", "131 (2027)", "120 (2030)", "achter"],
        ["Minder jongeren verdacht", "Jeugdige verdachten", "40 (2026)", "geen meting", "30 (2030)", "geen meting"],
    ]
    # the header row repeats on every page
    assert table.rows[0]._tr.trPr is not None and "tblHeader" in table.rows[0]._tr.trPr.xml


def test_text_has_title_counts_and_verdicts_in_words(built):
    document = open_docx(built)
    texts = [p.text for p in document.paragraphs]
    assert "Raadsinformatiebrief over de voortgang van het integraal veiligheidsplan in 2027" in texts
    assert "Stand in 2027 van de 4 doelen: 1 op koers, 2 achter en 1 zonder meting." in texts
    assert (
        "De meting van 2027 (2,9) ligt onder de lijn naar de streefwaarde (3,2 verwacht in 2027): op koers."
    ) in texts
    assert "De meting van 2027 (131) wijkt meer dan 5% af van de streefwaarde (120 in 2030): achter." in texts
    assert "Er is nog geen meting van na de nulmeting (2026) tot en met 2027: geen meting." in texts
    # a meting in the nulmeting year does not count either (the rule as `ivplan uitleg voortgang` states it)
    assert any(t.startswith("Metingen van voor of uit het jaar van de nulmeting tellen niet mee") for t in texts)


def test_headings_per_prioriteit_and_doel_without_skipped_levels(built):
    document = open_docx(built)
    headings = [
        (int(p.style.name.split()[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0][0] == 1
    for (prev, _), (level, text) in pairwise(headings):
        assert level <= prev + 1, f"kop '{text}' slaat een niveau over"
    assert (2, "Woninginbraak") in headings and (3, "Minder woninginbraken") in headings
    assert (2, "Jeugdoverlast") in headings and (3, "Minder jongeren verdacht") in headings
    assert (1, "Prestatieafspraken per partner") in headings
    assert (2, "Politie basisteam IJssel") in headings


def test_prestatieafspraken_list_their_doelen_verdicts(built):
    texts = [p.text for p in open_docx(built).paragraphs]
    assert "Inbraakpreventie in de winter (termijn: jaarlijks)" in texts
    i = texts.index("Jongerenwerk op vrijdagavond")
    assert texts[i + 1 : i + 3] == ["Overlast blijft laag: achter", "Minder jongeren verdacht: geen meting"]


def test_charts_inline_with_alt_text_for_doelen_with_two_or_more_metingen(built):
    document = open_docx(built)
    body = document.element.body
    assert not list(body.iter(WP + "anchor")), "afbeeldingen staan inline, niet zwevend"
    alts = alt_texts(document)
    assert alts == [
        "Lijngrafiek van Woninginbraken (per 1.000 woningen): nulmeting 3,4 in 2025, metingen 3,2 in 2026 en "
        "2,9 in 2027, streefwaarde 2,8 in 2030; de stippellijn is het pad van nulmeting naar streefwaarde.",
        "Lijngrafiek van Meldingen jeugdoverlast: nulmeting 120 in 2025, metingen 110 in 2024, 125 in 2026 en "
        "131 in 2027, streefwaarde 120 in 2030; de stippellijn is het pad van nulmeting naar streefwaarde.",
    ]  # d2 (one meting) and d4 (none) get no chart
    blobs = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(blobs) == 2 and all(b.startswith(b"\x89PNG\r\n\x1a\n") for b in blobs)


def test_rebuild_is_byte_identical(result, built, tmp_path):
    again = app_vg.build_voortgang(result, jaar=None, out_dir=tmp_path, warn=None)
    assert again.read_bytes() == built.read_bytes()


def test_explicit_year_ignores_later_metingen(result, tmp_path):
    path = app_vg.build_voortgang(result, jaar=2026, out_dir=tmp_path, warn=None)
    assert path.name == "dijkdorp-ivp-2027-2030-voortgang-2026.docx"
    document = open_docx(path)
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in summary_table(document).rows[1:]}
    assert rows["Minder woninginbraken"][3:] == ["3,2 (2026)", "2,8 (2030)", "op koers"]
    assert rows["Inwoners voelen zich veiliger"][3:] == ["geen meting", "7,5 (2030)", "geen meting"]
    assert rows["Overlast blijft laag"][3:] == ["125 (2026)", "120 (2030)", "op koers"]
    # d1 has one meting up to 2026: no chart; d3 has two (2024, 2026), and 2027 is not in it
    assert alt_texts(document) == [
        "Lijngrafiek van Meldingen jeugdoverlast: nulmeting 120 in 2025, metingen 110 in 2024 en 125 in 2026, "
        "streefwaarde 120 in 2030; de stippellijn is het pad van nulmeting naar streefwaarde."
    ]


def test_plan_without_metingen_is_geen_meting_everywhere(result, tmp_path):
    plan = copy.deepcopy(result.data)
    for d in plan["meetbare_doelen"]:
        d.pop("metingen", None)
    path = app_vg.build_voortgang(plan, jaar=None, out_dir=tmp_path, warn=None)
    assert path.name.endswith("-voortgang-2027.docx")  # the start year
    document = open_docx(path)
    table = summary_table(document)
    assert [r.cells[5].text for r in table.rows[1:]] == [GEEN_METING] * 4
    assert [r.cells[3].text for r in table.rows[1:]] == ["geen meting"] * 4
    assert alt_texts(document) == []
    assert "Stand in 2027 van de 4 doelen: 4 zonder meting." in [p.text for p in document.paragraphs]


def test_own_template_is_used(result, tmp_path):
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "voortgang.md.j2").write_text(
        "[[titel: Eigen brief {{ jaar }}]]\n\n{% for d in doelen %}- {{ d.id }}: {{ d.voortgang.oordeel }}\n"
        "{% endfor %}",
        encoding="utf-8",
    )
    path = app_vg.build_voortgang(result, jaar=None, out_dir=tmp_path / "out", templates=own, warn=None)
    texts = [p.text for p in open_docx(path).paragraphs]
    assert texts[0] == "Eigen brief 2027"
    assert texts[1:] == ["d1: op koers", "d2: achter", "d3: achter", "d4: geen meting"]


def test_user_text_is_data_not_template_or_directive(result, tmp_path):
    plan = copy.deepcopy(result.data)
    plan["meetbare_doelen"][0]["omschrijving"] = "{{ 7*7 }} [[nieuwe-pagina]] | pipe"
    plan["meetbare_doelen"][0]["indicator"] = "Inbraken | [[afbeelding: logo]]"
    path = app_vg.build_voortgang(plan, jaar=None, out_dir=tmp_path, warn=None)
    document = open_docx(path)
    row = summary_table(document).rows[1]
    assert row.cells[0].text == "{{ 7*7 }} [[nieuwe-pagina]] | pipe"
    assert row.cells[1].text == "Inbraken | [[afbeelding: logo]] (per 1.000 woningen)"
    assert alt_texts(document)[0].startswith("Lijngrafiek van Inbraken | [[afbeelding: logo]] (per 1.000 woningen):")


def test_validates_against_the_ooxml_schema(built):
    validator = Path(__file__).parent / "data" / "docxwriter" / "ooxml" / "validate.py"
    out = subprocess.run([sys.executable, str(validator), str(built)], capture_output=True, text=True)
    assert "0 schema problems" in out.stdout + out.stderr, out.stdout + out.stderr
