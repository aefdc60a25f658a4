"""Wat: geen veld bevat nog de markering `[VOORBEELD]` die `ivplan init` in zijn voorbeeldteksten
zet. Er komt één waarschuwing per veld dat de markering bevat.

Waarom: het startplan van `ivplan init` is een volledig voorbeeld, zodat het meteen te bouwen is.
Voorbeeldtekst en voorbeeldcijfers horen niet in een plan dat naar het college, de raad of de
partners gaat.

Hoe op te lossen: vervang de voorbeeldtekst door de eigen tekst van de gemeente en haal de markering
`[VOORBEELD]` weg. Een voorbeeldcijfer staat steeds in een item waarvan de tekst de markering heeft:
vervang ook die cijfers.

Bron: ivplan (`ivplan init`).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP081"
SEVERITY = WARNING
TITLE = "geen voorbeeldtekst van ivplan init ([VOORBEELD]) meer"
NEEDS = ()
REGIO = False
KIND = ("plan", "uitvoering")  # the starters of `ivplan init` and `ivplan init --uitvoering`
MARKER = "[VOORBEELD]"

PASSES = """
plan.samenvatting: "Een samenvatting met een [VOORBEELD: zie bijlage] verwijzing."
"""
FAILS = """
plan.samenvatting: "[VOORBEELD] Vat hier het plan samen."
"""
FAILS_AT = "plan.samenvatting"


def _walk(plan: PlanView, value, path: tuple):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(plan, sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _walk(plan, sub, path + (i,))
    elif isinstance(value, str) and MARKER in value and plan.element_ok(*path):
        yield path


def check(plan: PlanView):
    for path in _walk(plan, plan.data, ()):
        yield Finding(
            path, "dit veld bevat nog voorbeeldtekst van 'ivplan init' ([VOORBEELD]); vervang die door de eigen tekst"
        )
