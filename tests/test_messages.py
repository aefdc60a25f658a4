"""Messages that must not mislead (issue 13, items 1, 6, 10, 12 and 13): each defect a new user makes
gets one diagnostic, at the value, that names what was written and what to write instead.

Every case is a change to the minimal valid plan (tests/data/minimal_plan.yaml); the tests run
`ivplan validate --format json` and look at the errors (the minimal plan's own warnings are ignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.source.loader import load_text

MINIMAL = (Path(__file__).parent / "data" / "minimal_plan.yaml").read_text(encoding="utf-8")


def _errors(tmp_path: Path, old: str, new: str) -> list[dict]:
    assert old in MINIMAL, old
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(plan)])
    assert result.exit_code in (0, 1), result.output
    [file] = json.loads(result.stdout)["files"]
    return [d for d in file["diagnostics"] if d["severity"] == "error"]


def _one_error(tmp_path: Path, old: str, new: str) -> dict:
    errors = _errors(tmp_path, old, new)
    assert len(errors) == 1, errors
    return errors[0]


# --------------------------------------------------------------------------------------------------
# 1. The Dutch thousands point in an amount or a count

BEGROTING = "monitoring:\n  uitvoeringsprogramma"
BEGROTING_MET = (
    "financien:\n  begroting:\n    - jaar: 2027\n      bedrag: {bedrag}\n      omschrijving: Buurtpreventie\n"
    "monitoring:\n  uitvoeringsprogramma"
)


def test_thousands_point_in_bedrag_is_an_error_naming_the_amount(tmp_path):
    d = _one_error(tmp_path, BEGROTING, BEGROTING_MET.format(bedrag="185.000"))
    assert (d["code"], d["path"], d["line"], d["column"]) == ("IVP000", "financien.begroting[0].bedrag", 87, 15)
    assert "bedoelt u 185000?" in d["message"]
    assert "schrijf bedragen zonder punt" in d["message"]


@pytest.mark.parametrize("bedrag", ["185000", "185.5", "1234.50", "0.125"])
def test_amounts_without_a_thousands_point_stay_valid(tmp_path, bedrag):
    assert _errors(tmp_path, BEGROTING, BEGROTING_MET.format(bedrag=bedrag)) == []


def test_thousands_point_in_inwoners_names_the_whole_number(tmp_path):
    d = _one_error(tmp_path, "inwoners: 42000", "inwoners: 38.450")
    assert (d["path"], d["line"], d["column"]) == ("gemeente.inwoners", 13, 13)
    assert "bedoelt u 38450?" in d["message"]
    assert "38,45" not in d["message"]


def test_thousands_point_in_wijkagenten(tmp_path):
    d = _one_error(tmp_path, BEGROTING, "politie:\n  wijkagenten: 1.000\n" + BEGROTING)
    assert (d["path"], d["line"], d["column"]) == ("politie.wijkagenten", 85, 16)
    assert "bedoelt u 1000?" in d["message"]


def test_two_thousands_points_in_an_amount(tmp_path):
    d = _one_error(tmp_path, BEGROTING, BEGROTING_MET.format(bedrag="1.250.000"))
    assert "bedoelt u 1250000?" in d["message"]
    assert "de tekst" not in d["message"]


def test_euro_sign_and_thousands_point_in_an_amount(tmp_path):
    d = _one_error(tmp_path, BEGROTING, BEGROTING_MET.format(bedrag="€ 250.000"))
    assert "bedoelt u 250000?" in d["message"]
    assert "euroteken" in d["message"]


def test_thousands_point_in_a_count_measured_as_aantal(tmp_path):
    d = _one_error(
        tmp_path,
        "    nulmeting: {waarde: 4.1, jaar: 2025}",
        "    eenheid: aantal\n    nulmeting: {waarde: 1.250, jaar: 2025}",
    )
    assert (d["path"], d["line"], d["column"]) == ("meetbare_doelen[0].nulmeting.waarde", 53, 25)
    assert "bedoelt u 1250?" in d["message"]
    assert "schrijf aantallen zonder punt" in d["message"]


def test_thousands_point_in_a_figure_counted_as_aantal(tmp_path):
    d = _one_error(
        tmp_path,
        "      tekst: In 2025 werden",
        "      cijfers:\n        - {omschrijving: Inbraken, waarde: 2.125, eenheid: aantal, bron: politie-2025}\n"
        "      tekst: In 2025 werden",
    )
    assert (d["path"], d["line"], d["column"]) == ("probleemanalyse.bevindingen[0].cijfers[0].waarde", 34, 44)
    assert "bedoelt u 2125?" in d["message"]


@pytest.mark.parametrize("eenheid", ["per 1.000 woningen", "rapportcijfer", "'%'", "aantal per 1.000 inwoners"])
def test_three_decimals_in_a_rate_stay_valid(tmp_path, eenheid):
    """A rate or a mark can have three decimals (4.125 per 1.000 woningen): no thousands point there."""
    errors = _errors(
        tmp_path,
        "    nulmeting: {waarde: 4.1, jaar: 2025}",
        f"    eenheid: {eenheid}\n    nulmeting: {{waarde: 4.125, jaar: 2025}}",
    )
    assert errors == []


# --------------------------------------------------------------------------------------------------
# 6. The decimal comma


def test_decimal_comma_in_a_flow_mapping_is_one_message_at_the_value(tmp_path):
    d = _one_error(tmp_path, "{waarde: 3.0, jaar: 2030}", "{waarde: 2,8, jaar: 2030}")
    assert (d["path"], d["line"], d["column"]) == ("meetbare_doelen[0].streefwaarde.waarde", 53, 28)
    assert "decimale komma" in d["message"]
    assert "schrijf 2.8" in d["message"]
    assert "onbekend veld" not in d["message"]


def test_decimal_comma_in_a_block_mapping(tmp_path):
    d = _one_error(tmp_path, "{waarde: 3.0, jaar: 2030}", "\n      waarde: 3,9\n      jaar: 2030")
    assert (d["path"], d["line"], d["column"]) == ("meetbare_doelen[0].streefwaarde.waarde", 54, 15)
    assert "decimale komma" in d["message"]
    assert "schrijf 3.9" in d["message"]
    assert "de tekst" not in d["message"]


def test_comma_in_a_flow_mapping_of_text_keeps_the_text(tmp_path):
    """`{titel: Fase 2,3}` is one text, not a key '3'."""
    errors = _errors(
        tmp_path,
        "  regionaal_plan:\n    titel: Regionaal beleidsplan Oost-Nederland 2027-2030\n"
        "    periode: {start: 2027, eind: 2030}\n",
        "  regionaal_plan: {titel: Regionaal beleidsplan fase 2,3, periode: {start: 2027, eind: 2030}}\n",
    )
    assert errors == []
    loaded = load_text("a: {titel: Fase 2,3, b: [1,2]}\n")
    assert loaded.data == {"a": {"titel": "Fase 2,3", "b": [1, 2]}}


# --------------------------------------------------------------------------------------------------
# 10. metingen written as `- 2023: 3.9`


def test_meting_written_as_year_colon_value_gives_one_message_per_item(tmp_path):
    errors = _errors(
        tmp_path,
        "    richting: dalen\n",
        "    richting: dalen\n    metingen:\n      - 2023: 3.9\n      - 2024: 3.6\n      - 2025: 3.4\n",
    )
    assert [(d["path"], d["line"], d["column"]) for d in errors] == [
        ("meetbare_doelen[0].metingen[0]", 56, 9),
        ("meetbare_doelen[0].metingen[1]", 57, 9),
        ("meetbare_doelen[0].metingen[2]", 58, 9),
    ]
    assert "{jaar: 2023, waarde: 3.9}" in errors[0]["message"]


def test_metingen_written_as_a_mapping_of_years(tmp_path):
    d = _one_error(tmp_path, "    richting: dalen\n", "    richting: dalen\n    metingen: {2023: 3.9, 2024: 3.6}\n")
    assert (d["path"], d["line"], d["column"]) == ("meetbare_doelen[0].metingen", 55, 15)
    assert "- {jaar: 2023, waarde: 3.9}" in d["message"]


# --------------------------------------------------------------------------------------------------
# 12. A misspelt id


def test_misspelt_reference_gets_a_suggestion(tmp_path):
    d = _one_error(tmp_path, "    prioriteit: woninginbraak", "    prioriteit: woninginbrak")
    assert (d["code"], d["path"], d["line"], d["column"]) == ("IVP002", "meetbare_doelen[0].prioriteit", 48, 17)
    assert d["message"].startswith("onbekende prioriteit 'woninginbrak' (bekend: woninginbraak)")
    assert "bedoelde u 'woninginbraak'?" in d["message"]


def test_unrelated_reference_gets_no_suggestion(tmp_path):
    d = _one_error(tmp_path, "    prioriteit: woninginbraak", "    prioriteit: jeugd")
    assert "bedoelde u" not in d["message"]


ONDERMIJNING = (
    "  - id: ondermijning\n    titel: Ondermijning\n    veiligheidsveld: veilige_woon_en_leefomgeving\n"
    "    motivering: Signalen van drugshandel.\n    aanpak: Samen met het RIEC.\n"
)
DOEL_ONDERMIJNING = (
    "  - id: d2\n    prioriteit: ondermijning\n    omschrijving: Meer meldingen.\n    indicator: Meldingen\n"
    "    bron: politie-2025\n    nulmeting: {waarde: 10, jaar: 2025}\n    streefwaarde: {waarde: 20, jaar: 2030}\n"
    "    richting: stijgen\n    trekker: politie\n"
)


def test_unknown_reference_names_the_known_ids_in_the_order_of_the_plan(tmp_path):
    """As the user wrote them (woninginbraak before ondermijning), not sorted."""
    text = MINIMAL.replace("\nmeetbare_doelen:\n", "\n" + ONDERMIJNING + "\nmeetbare_doelen:\n", 1)
    text = text.replace("\npartners:\n", DOEL_ONDERMIJNING + "\npartners:\n", 1)
    old = "    prioriteit: woninginbraak\n    omschrijving: Minder woninginbraken."
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(old, old.replace("woninginbraak\n", "jeugd\n", 1), 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(plan)])
    [d] = [d for d in json.loads(result.stdout)["files"][0]["diagnostics"] if d["severity"] == "error"]
    assert (d["code"], d["path"]) == ("IVP002", "meetbare_doelen[0].prioriteit")
    assert d["message"] == "onbekende prioriteit 'jeugd' (bekend: woninginbraak, ondermijning)"
    partners = _one_error(tmp_path, "    trekker: politie\n", "    trekker: brandweer\n")
    assert partners["message"] == "onbekende partner 'brandweer' (bekend: gemeente, politie, om)"


# --------------------------------------------------------------------------------------------------
# 13. Curly quotes (from Word) around a value


def test_curly_quotes_around_a_date_are_named(tmp_path):
    d = _one_error(tmp_path, "  status: concept\n", "  status: concept\n  datum: \u201c2026-10-14\u201d\n")
    assert (d["path"], d["line"], d["column"]) == ("plan.datum", 20, 10)
    assert "gekrulde aanhalingstekens" in d["message"]
    assert '"2026-10-14"' in d["message"]
    assert "JJJJ-MM-DD" not in d["message"]


def test_a_date_in_full_width_digits_is_no_date_not_a_date_missing_from_the_calendar(tmp_path):
    """A date typed with an East Asian input method ("２０２６-10-14") has the wrong digits; it is not a
    day that does not exist."""
    d = _one_error(tmp_path, "  status: concept\n", '  status: concept\n  datum: "\uff12\uff10\uff12\uff16-10-14"\n')
    assert (d["path"], d["line"], d["column"]) == ("plan.datum", 20, 10)
    assert (
        d["message"]
        == '\'\uff12\uff10\uff12\uff16-10-14\' is geen datum; schrijf die als "JJJJ-MM-DD", bijvoorbeeld "2027-01-28"'
    )


def test_curly_quotes_around_a_choice_are_named(tmp_path):
    d = _one_error(tmp_path, "  status: concept", "  status: \u2018concept\u2019")
    assert "gekrulde aanhalingstekens" in d["message"]
    assert "'concept'" in d["message"]


# --------------------------------------------------------------------------------------------------
# 9 (schema side). A '#' that YAML reads differently than the writer meant


def test_value_that_starts_with_a_hash_is_a_comment(tmp_path):
    d = _one_error(
        tmp_path, "  titel: Integraal Veiligheidsplan Voorbeeldstad 2027-2030", "  titel: #1 Veiligheidsplan"
    )
    assert (d["path"], d["line"], d["column"]) == ("plan.titel", 17, 10)
    assert "commentaar" in d["message"]
    assert 'titel: "#1 Veiligheidsplan"' in d["message"]


@pytest.mark.parametrize(
    "old,new,path",
    [
        ("  status: concept", "  status: concept#nog niet vastgesteld", "plan.status"),
        ("    jaar: 2029", "    jaar: 2029#of 2030", "monitoring.evaluatie.jaar"),
        ("  cbs_code: GM9001", "  cbs_code: GM9001#navragen", "gemeente.cbs_code"),
    ],
)
def test_hash_right_after_a_value_is_named(tmp_path, old, new, path):
    d = _one_error(tmp_path, old, new)
    assert d["path"] == path
    assert "spatie" in d["message"] and "'#'" in d["message"]
    key, value = new.strip().split(": ", 1)
    before, after = value.split("#", 1)
    assert f"{key}: {before} #{after}" in d["message"]


def test_list_item_without_a_space_after_the_dash(tmp_path):
    """`-gemeente` is the text '-gemeente', so YAML reads text where a list is wanted."""
    d = _one_error(tmp_path, "    trekker: politie\n", "    trekker: politie\n    partners:\n      -gemeente\n")
    assert (d["path"], d["line"], d["column"]) == ("meetbare_doelen[0].partners", 57, 7)
    assert "'- gemeente'" in d["message"]
    assert "spatie" in d["message"]


def test_several_list_items_without_a_space_after_the_dash(tmp_path):
    """`-gemeente` and `-politie` on two lines are one text '-gemeente -politie': the fix names each item
    on its own line, not one item '- gemeente -politie'."""
    d = _one_error(
        tmp_path, "    trekker: politie\n", "    trekker: politie\n    partners:\n      -gemeente\n      -politie\n"
    )
    assert (d["path"], d["line"], d["column"]) == ("meetbare_doelen[0].partners", 57, 7)
    assert d["message"].endswith("schrijf '- gemeente' en '- politie', elk op een eigen regel")


# --------------------------------------------------------------------------------------------------
# Control characters removed from a text: the warning's message names the field, not only its path


def _warnings(tmp_path: Path, old: str, new: str, code: str) -> list[dict]:
    assert old in MINIMAL, old
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(MINIMAL.replace(old, new, 1).encode("utf-8"))
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(plan)])
    assert result.exit_code == 0, result.output
    [file] = json.loads(result.stdout)["files"]
    return [d for d in file["diagnostics"] if d["code"] == code]


@pytest.mark.parametrize(
    "new",
    ['    titel: "Woning\\ainbraak"\n', "    titel: Woning\x0binbraak\n"],
    ids=["escape", "word-shift-enter"],
)
def test_control_characters_warning_names_the_field(tmp_path, new):
    [d] = _warnings(tmp_path, "    titel: Woninginbraak\n", new, "IVP080")
    assert (d["severity"], d["path"], d["line"]) == ("warning", "prioriteiten[0].titel", 41)
    assert "prioriteiten[0].titel" in d["message"]


# --------------------------------------------------------------------------------------------------
# A value of a fixed form ends where its form ends: a line break after it (a quoted "\n", a `|`
# block) does not make it valid, as a pattern such as ^GM[0-9]{4}$ means.


@pytest.mark.parametrize(
    "old, new, path",
    [
        ("cbs_code: GM9001", 'cbs_code: "GM9001\\n"', "gemeente.cbs_code"),
        (
            "    - speerpunt: ondermijning\n",
            '    - speerpunt: "ondermijning\\n"\n',
            "regionale_afstemming.speerpunten[0].speerpunt",
        ),
        (
            "    - speerpunt: ondermijning\n",
            "    - speerpunt: |\n        ondermijning\n",
            "regionale_afstemming.speerpunten[0].speerpunt",
        ),
        ("  status: concept\n", '  status: concept\n  datum: "2026-11-03\\n"\n', "plan.datum"),
        (
            "  status: concept\n",
            '  status: concept\n  contactpersoon: {naam: X, email: "x@voorbeeldstad.nl\\n"}\n',
            "plan.contactpersoon.email",
        ),
        (
            "      jaar: 2025\n",
            '      jaar: 2025\n      url: "https://voorbeeldstad.nl\\n"\n',
            "probleemanalyse.bronnen[0].url",
        ),
    ],
)
def test_a_line_break_after_a_value_of_fixed_form_is_an_error(tmp_path, old, new, path):
    error = _one_error(tmp_path, old, new)
    assert (error["code"], error["path"]) == ("IVP000", path)
    assert "kalender" not in error["message"]  # a date with a line break is no date, not a wrong day


@pytest.mark.parametrize(
    "old, new, shown",
    [
        ("ivplan: 1", "ivplan: 1.0", "1.0"),
        ("  inwoners: 42000", "  inwoners: 42000.0", "42000.0"),
        ("  inwoners: 42000", "  inwoners: 4.2e4", "4.2e4"),
    ],
)
def test_a_decimal_number_in_a_field_of_whole_numbers_is_shown_as_written(tmp_path, old, new, shown):
    """Not 'expected a whole number, found the number 42000', which contradicts itself."""
    error = _one_error(tmp_path, old, new)
    assert error["code"] == "IVP000"
    assert error["message"] == f"verwacht een geheel getal, maar gevonden: het getal {shown}"


def test_a_message_that_quotes_a_value_with_a_line_break_stays_on_one_line(tmp_path):
    """As text, one line per diagnostic: the line break inside a quoted value is shown as \\n."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL.replace("cbs_code: GM9001", 'cbs_code: "GM9001\\n"', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(plan)])
    lines = result.stdout.splitlines()
    [i] = [n for n, line in enumerate(lines) if " fout IVP000 " in line]
    assert lines[i].startswith(f"{plan}:12:13: fout IVP000 gemeente.cbs_code: 'GM9001\\n' heeft niet de juiste vorm")
    assert lines[i + 1] == '      cbs_code: "GM9001\\n"'
    assert lines[i + 2] == "    " + " " * 12 + "^"


def test_a_key_with_a_line_break_stays_on_one_line_in_the_path(tmp_path):
    """The path of a diagnostic is printed on its line as well: a quoted key "extra\\nveld" as extra\\nveld."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL + '"extra\\nveld": 1\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(plan)])
    lines = result.stdout.splitlines()
    [i] = [n for n, line in enumerate(lines) if " fout IVP000 " in line]
    assert " fout IVP000 extra\\nveld: onbekend veld 'extra\\nveld'" in lines[i]
    assert lines[i + 1] == '    "extra\\nveld": 1'


# --------------------------------------------------------------------------------------------------
# A required text of only spaces is empty too: one error at the value, and the fast path agrees


@pytest.mark.parametrize(
    "old, new, path, column",
    [
        ("  titel: Integraal Veiligheidsplan Voorbeeldstad 2027-2030\n", '  titel: "   "\n', "plan.titel", 10),
        ("    titel: Woninginbraak\n", "    titel: '\t '\n", "prioriteiten[0].titel", 12),
        ("    naam: A.B. de Vries\n", '    naam: " "\n', "plan.portefeuillehouder.naam", 11),
        # a byte order mark is no text either (an editor reading the JSON Schema, whose \\s holds it, says so)
        ("    titel: Woninginbraak\n", '    titel: "\\uFEFF \\u3000"\n', "prioriteiten[0].titel", 12),
        ("    naam: A.B. de Vries\n", '    naam: "\\uFEFF"\n', "plan.portefeuillehouder.naam", 11),
    ],
)
def test_a_required_text_of_only_spaces_is_an_error(tmp_path, old, new, path, column):
    error = _one_error(tmp_path, old, new)
    assert (error["code"], error["path"], error["column"]) == ("IVP000", path, column)
    assert error["message"] == "bevat alleen spaties; vul een tekst in"
