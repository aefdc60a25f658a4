"""Wat: de raadsvergadering die het plan vaststelt (`raadsvoorstel.vergadering.datum`) valt niet na 31
december van het beginjaar van het plan (`plan.periode.start`).

Waarom: de raad stelt de doelen vast voor de planperiode. Een plan dat pas in het tweede jaar van die
periode wordt vastgesteld, stuurt de eerste jaren niet; de doelen horen voor of vroeg in de periode
vast te liggen.

Hoe op te lossen: plan de raadsvergadering eerder, of laat de planperiode later beginnen
(bijvoorbeeld 2028-2031 bij vaststelling in 2028). Controleer ook of de datum goed is getypt.

Bron: Politiewet 2012, artikel 38b, eerste lid; ivplan.
"""

from datetime import date

from ivplan.core.diagnostics import WARNING
from ivplan.core.formatting import datum_lang
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP071"
SEVERITY = WARNING
TITLE = "de raad stelt het plan uiterlijk in het beginjaar vast"
NEEDS = ("plan.periode",)
REGIO = False

PASSES = """
raadsvoorstel.vergadering.datum: "2027-12-31"
"""
FAILS = """
raadsvoorstel.vergadering.datum: "2028-01-01"
"""
FAILS_AT = "raadsvoorstel.vergadering.datum"


def check(plan: PlanView):
    start, _ = plan.needed_periode
    path = ("raadsvoorstel", "vergadering", "datum")
    value = plan.get(*path)
    if not isinstance(value, str):
        return
    try:
        datum = date.fromisoformat(value)
    except ValueError:
        return
    if datum > date(start, 12, 31):
        yield Finding(
            path,
            f"de raad vergadert over het plan op {datum_lang(datum)}, na het beginjaar {start} "
            f"van de planperiode; de doelen horen voor of vroeg in de periode vast te liggen",
        )
