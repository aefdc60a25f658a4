"""Wat: heeft het programma budgetten, dan heeft de begroting van het plan (`financien.begroting`) een
regel voor elk jaar van het programma. De melding staat bij `plan`.

Waarom: zonder begroting voor een jaar is niet te zien of het programma te betalen is (IVP117 kan het
dan niet nagaan).

Hoe op te lossen: voeg in het plan een begrotingsregel toe voor het jaar, of laat de budgetten weg tot de
begroting er is.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 1 (de lijn van aanpak naar budget).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.ivp117_budget_boven_begroting import begroting, budgets
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP118"
SEVERITY = WARNING
TITLE = "de begroting van het plan heeft een regel voor elk jaar van het programma"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
plan.financien.begroting[1]: {jaar: 2028, bedrag: 50000}
"""
FAILS = """
plan.financien.begroting[0].jaar: 2028
"""
FAILS_AT = "plan"


def check(prog: ProgrammeView):
    if prog.periode_in_plan is None or prog.plan is None or prog.plan.periode is None:
        return
    if not budgets(prog):
        return
    _, missing_years = begroting(prog)
    if missing_years:
        jaren = " en ".join(str(y) for y in missing_years)
        yield Finding(("plan",), f"de begroting van het plan heeft geen regel voor {jaren}")
