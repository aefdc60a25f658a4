"""Dutch notation of numbers, amounts, dates, counts and lists, and the output file name (docs/uitvoer.md,
"Namen")."""

import datetime

import pytest

from ivplan.core.formatting import aantal, bedrag, bestandsnaam, datum_lang, getal, meervoud, opsomming


@pytest.mark.parametrize(
    "x, expected",
    [
        (1250, "1.250"),
        (3.4, "3,4"),
        (0.5, "0,5"),
        (-2, "-2"),
        (0, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (-1250, "-1.250"),
        (1250.0, "1.250"),
        (1234567.891, "1.234.567,891"),
        (12345678901, "12.345.678.901"),
        (1e16, "10.000.000.000.000.000"),
        (0.1 + 0.2, "0,30000000000000004"),  # the float as Python writes it, no rounding by default
        (1e-7, "0,0000001"),
        (-3.25, "-3,25"),
        ("3.40", "3,40"),  # a numeric string keeps its decimals as written
        ("1250", "1.250"),
    ],
)
def test_getal(x, expected):
    assert getal(x) == expected


@pytest.mark.parametrize(
    "x, decimalen, expected",
    [
        (2.675, 2, "2,68"),  # half away from zero on the number as written, not on its binary value
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (3, 1, "3,0"),
        (1234.5, 0, "1.235"),
        (-0.004, 2, "0,00"),  # no "-0,00"
        (1234567.891, 2, "1.234.567,89"),
        (0.05, 1, "0,1"),
    ],
)
def test_getal_rounding(x, decimalen, expected):
    assert getal(x, decimalen) == expected


@pytest.mark.parametrize("bad", [None, True, "drie", float("nan"), float("inf"), [1]])
def test_getal_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        getal(bad)


@pytest.mark.parametrize(
    "x, expected",
    [
        (250000, "€ 250.000"),
        (1234.5, "€ 1.234,50"),
        (0, "€ 0"),
        (1000000, "€ 1.000.000"),
        (250000.0, "€ 250.000"),
        (0.5, "€ 0,50"),
        (1234.567, "€ 1.234,57"),
        (99.999, "€ 100"),
        (0.005, "€ 0,01"),
        (-1234.5, "€ -1.234,50"),
        (-250, "€ -250"),
    ],
)
def test_bedrag(x, expected):
    assert bedrag(x) == expected


@pytest.mark.parametrize(
    "iso, expected",
    [
        ("2027-01-28", "28 januari 2027"),
        ("2027-03-05", "5 maart 2027"),
        ("2026-12-31", "31 december 2026"),
        ("2028-02-29", "29 februari 2028"),
        ("2027-05-01", "1 mei 2027"),
        ("2027-08-15", "15 augustus 2027"),
    ],
)
def test_datum_lang(iso, expected):
    assert datum_lang(iso) == expected


def test_datum_lang_accepts_date_objects():
    assert datum_lang(datetime.date(2027, 10, 3)) == "3 oktober 2027"


@pytest.mark.parametrize("bad", ["2027-02-30", "2027-13-01", "28-01-2027", "2027-1-28", "", "gisteren", None, 20270128])
def test_datum_lang_invalid(bad):
    with pytest.raises(ValueError) as err:
        datum_lang(bad)
    assert "geen geldige datum" in str(err.value)


@pytest.mark.parametrize(
    "gemeente, expected",
    [
        ("'s-Hertogenbosch", "s-hertogenbosch-ivp-2027-2030"),
        ("Súdwest-Fryslân", "sudwest-fryslan-ivp-2027-2030"),
        ("Voorbeeldstad", "voorbeeldstad-ivp-2027-2030"),
        ("Bergen (NH)", "bergen-nh-ivp-2027-2030"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten-ivp-2027-2030"),
        ("'s-Gravenhage", "s-gravenhage-ivp-2027-2030"),
        ("Noardeast-Fryslân", "noardeast-fryslan-ivp-2027-2030"),
        ("De Fryske Marren", "de-fryske-marren-ivp-2027-2030"),
        ("Sint Anthonis", "sint-anthonis-ivp-2027-2030"),
        ("  Ede  ", "ede-ivp-2027-2030"),
        ("Hof van Twente!", "hof-van-twente-ivp-2027-2030"),
        ("Oud\u2019s Dorp", "ouds-dorp-ivp-2027-2030"),  # typographic apostrophe dropped too
        ("Groningen--Stad", "groningen-stad-ivp-2027-2030"),
        ("Ærø—Øster", "aero-oster-ivp-2027-2030"),  # em dash is a separator, not deleted
        ("Noord–Zuid", "noord-zuid-ivp-2027-2030"),  # en dash
        ("Noord\u00a0Zuid", "noord-zuid-ivp-2027-2030"),  # non-breaking space
    ],
)
def test_bestandsnaam(gemeente, expected):
    assert bestandsnaam(gemeente, 2027, 2030) == expected


def test_bestandsnaam_is_ascii_and_safe():
    name = bestandsnaam("Ærø Øster Ćity ß", 2027, 2030)
    assert name.isascii()
    assert name == name.lower()
    assert not name.startswith("-") and "--" not in name
    assert name.endswith("-ivp-2027-2030")


@pytest.mark.parametrize(
    "items, expected",
    [([], ""), (["a"], "a"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c"), ((1, 2), "1 en 2")],
)
def test_opsomming(items, expected):
    assert opsomming(items) == expected


def test_opsomming_with_another_last_word():
    assert opsomming(["lokaal", "basisteam", "regionaal"], laatste=" of ") == "lokaal, basisteam of regionaal"
    assert opsomming(iter(["x", "y"]), scheiding="; ") == "x en y"
    assert opsomming(["x", "y", "z"], scheiding="; ") == "x; y en z"


@pytest.mark.parametrize("n, expected", [(0, "0 fouten"), (1, "1 fout"), (2, "2 fouten"), (12, "12 fouten")])
def test_aantal(n, expected):
    assert aantal(n, "fout", "fouten") == expected
    assert meervoud(n, "fout", "fouten") == expected.split()[1]
