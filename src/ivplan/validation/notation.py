"""Numbers written the Dutch way where YAML wants its own notation, found from the source text.

YAML reads a point as the decimal sign and knows no thousands separator, so the Dutch `185.000` is
185 and `3,9` is text. Where a number field holds what a person wrote in Dutch notation, the message
names the number it probably means ("bedoelt u 185000?"). Which fields hold an amount or a count
(where a point followed by exactly three digits can only be a thousands point) is marked in the
schema: `meta.soort_getal` (`bedrag` or `aantal`) on the field, or `meta.aantalvelden` on a mapping
whose `eenheid` makes the listed fields counts. A rate or a mark (`2.125` per 1.000 woningen) can have
three decimals, so there a point stays a decimal point.
"""

from __future__ import annotations

import re

# A Dutch thousands point: 1 to 3 digits (not starting with 0: 0.125 is a fraction), then groups of 3.
THOUSANDS = re.compile(r"^[-+]?[1-9]\d{0,2}(?:\.\d{3})+$")
_DUTCH_DECIMAL = re.compile(r"^[-+]?[1-9]\d{0,2}(?:\.\d{3})+,\d+$")  # 1.234,50
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")  # 3,9
_ENGLISH_THOUSANDS = re.compile(r"^[-+]?[1-9]\d{0,2}(?:,\d{3})+$")  # 38,450 or 1,250,000
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")
_EURO = re.compile(r"^\s*(?:€|EUR\b|eur\b)\s*|\s*(?:€|euro|EUR)\s*$", re.IGNORECASE)

# meta.soort_getal -> the plural used in "schrijf ... zonder punt"
NOUNS: dict[object, str] = {"bedrag": "bedragen", "aantal": "aantallen"}  # by a schema's meta.soort_getal

# An `eenheid` that makes a number a count: "aantal", "aantal meldingen"; not a rate ("aantal per 1.000").
_COUNT_UNIT = re.compile(r"^\s*aantal(?:\s|$)(?!.*\bper\b)", re.IGNORECASE)


def is_count_unit(unit: object) -> bool:
    return isinstance(unit, str) and bool(_COUNT_UNIT.match(unit))


def noun_for(rules: dict | None) -> str:
    """What the field holds, in the plural, for the message: bedragen, aantallen or getallen."""
    meta = (rules or {}).get("meta") or {}
    return NOUNS.get(meta.get("soort_getal"), "getallen")


def thousands_problem(text: str, noun: str, euro: bool = False) -> str | None:
    """The message for a number written with a thousands separator (`185.000`, `1,250,000`), or None."""
    extra = " en zonder euroteken" if euro else ""
    if THOUSANDS.match(text):
        return (
            f"{text}: een punt is in YAML een decimaalteken, geen duizendtalscheiding; "
            f"bedoelt u {text.replace('.', '')}? schrijf {noun} zonder punt{extra}"
        )
    if _ENGLISH_THOUSANDS.match(text):
        return (
            f"{text}: een komma hoort niet in een getal; bedoelt u {text.replace(',', '')}? "
            f"schrijf {noun} zonder komma{extra}"
        )
    return None


def written_problem(text: str, want: str, noun: str) -> str | None:
    """The message for the source text of a value in a number field (`want`: 'number' or 'integer')
    written in Dutch or English notation rather than YAML's (`185.000`, `3,9`, `€ 1.250,50`); None when
    it is no such number."""
    stripped = _EURO.sub("", text).strip()
    euro = stripped != text.strip()
    extra = " en zonder euroteken" if euro else ""
    thousands = thousands_problem(stripped, noun, euro)
    if thousands:
        return thousands
    if _DUTCH_DECIMAL.match(stripped):
        whole, frac = stripped.split(",")
        if want == "integer":
            return f"{stripped} is geen geheel getal; schrijf {noun} zonder punt of komma{extra}"
        return (
            f"{stripped} is Nederlandse schrijfwijze; bedoelt u {whole.replace('.', '')}.{frac}? schrijf "
            f"{noun} zonder duizendtalpunt en met een punt als decimaalteken{extra}"
        )
    if _DECIMAL_COMMA.match(stripped):
        if want == "integer":
            return f"{stripped} is geen geheel getal; schrijf {noun} zonder komma{extra}"
        return (
            f"{stripped} is geschreven met een decimale komma; schrijf {stripped.replace(',', '.')} "
            f"(YAML gebruikt een punt als decimaalteken){extra}"
        )
    if euro and _PLAIN_NUMBER.match(stripped):
        return f"schrijf het bedrag zonder euroteken: {stripped}"
    return None
