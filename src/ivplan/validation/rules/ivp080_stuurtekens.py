"""Wat: een tekstveld bevatte stuurtekens, geschreven als escape in een tekst tussen dubbele
aanhalingstekens (zoals `"\\x07"` of `"\\a"`). ivplan verwijdert ze en waarschuwt; de melding noemt
het veld. Eén stuurteken mag ook letterlijk in het bestand staan: U+000B, het regeleinde dat Word
bij Shift+Enter maakt en dat met kopiëren en plakken meekomt; ivplan vervangt het door een spatie en
waarschuwt op de plek van het teken. Andere stuurtekens die letterlijk in het bestand staan (niet als
escape) zijn een leesfout (IVP900): dan leest ivplan het bestand niet.

Waarom: stuurtekens zijn onzichtbaar en kunnen niet in een Word-document staan. Meestal komen ze mee
bij kopiëren en plakken uit een ander programma. Het document wordt zonder die tekens gebouwd, maar
de tekst in het plan is dan niet precies wat in het document komt.

Hoe op te lossen: haal de escape (de `\\` met wat erop volgt) uit de tekst in het genoemde veld; een
regeleinde uit Word vervangt u door een spatie (of, in een tekst met opmaak, door een lege regel).

Bron: ivplan; XML 1.0 (de opmaak van .docx) staat deze tekens niet toe.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import PlanView

CODE = "IVP080"
SEVERITY = WARNING
TITLE = "een tekstveld bevatte stuurtekens (verwijderd)"
NEEDS = ()
REGIO = False
# The loader reports this rule (src/ivplan/source/loader.py): it is the only stage that sees the escapes,
# because it removes the characters while it builds the data. By the time a rule could look, the
# text is clean, so check() has nothing to find.
LOADER = True

PASSES = """
plan.titel: "Integraal Veiligheidsplan\\tVoorbeeldstad"
"""
FAILS = """
plan.titel: "Integraal Veiligheidsplan\\aVoorbeeldstad"
"""
FAILS_AT = "plan.titel"


def check(plan: PlanView):
    """Nothing to do here: the loader reports IVP080 (see LOADER above)."""
    return ()
