"""Wat: de planperiode (`plan.periode`) loopt vooruit (`eind` niet voor `start`) en beslaat hoogstens
vijf kalenderjaren (`eind - start + 1 <= 5`).

Waarom: volgens artikel 38b, eerste lid, van de Politiewet 2012 stelt de gemeenteraad ten minste eens
in de vier jaar de doelen vast voor de veiligheid in de gemeente. Een plan "2018-2022" dat in 2018
wordt vastgesteld kan nog binnen vier jaar worden vervangen; een langere periode kan dat niet.

Hoe op te lossen: kies een periode van vier jaar (bijvoorbeeld 2027-2030), of hoogstens vijf
kalenderjaren, en controleer dat het eindjaar niet voor het beginjaar ligt.

Bron: Politiewet 2012, artikel 38b, eerste lid.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView, periode_fout, periode_jaren

CODE = "IVP001"
SEVERITY = ERROR
TITLE = "de planperiode loopt vooruit en beslaat hoogstens vijf kalenderjaren"
NEEDS = ()
REGIO = False

PASSES = """
plan.periode: {start: 2026, eind: 2030}
"""
FAILS = """
plan.periode: {start: 2027, eind: 2032}
"""
FAILS_AT = "plan.periode.eind"


def check(plan: PlanView):
    jaren = periode_jaren(plan.get("plan", "periode"))
    fout = periode_fout(*jaren) if jaren is not None else None
    if fout:
        yield Finding(("plan", "periode", "eind"), fout)
