"""Wat: het jaar van de evaluatie (`monitoring.evaluatie.jaar`) ligt niet na het eindjaar van het plan
(`plan.periode.eind`).

Waarom: de evaluatie moet het volgende plan voeden. Een evaluatie na afloop van de planperiode komt
te laat: het volgende plan is dan al in voorbereiding of vastgesteld.

Hoe op te lossen: plan de evaluatie in het laatste jaar van de periode of eerder (bijvoorbeeld
`evaluatie: {jaar: 2030}` bij een plan 2027-2030).

Bron: ivplan; CCV, stappenplan integraal veiligheidsplan (monitoring en evaluatie).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP050"
SEVERITY = WARNING
TITLE = "de evaluatie valt binnen de planperiode"
NEEDS = ("monitoring", "plan.periode")
REGIO = False

PASSES = """
monitoring.evaluatie.jaar: 2029
"""
FAILS = """
monitoring.evaluatie.jaar: 2031
"""
FAILS_AT = "monitoring.evaluatie.jaar"


def check(plan: PlanView):
    _, eind = plan.needed_periode
    jaar = plan.get("monitoring", "evaluatie", "jaar")
    if isinstance(jaar, int) and jaar > eind:
        yield Finding(
            ("monitoring", "evaluatie", "jaar"),
            f"de evaluatie is gepland in {jaar}, na het eindjaar {eind} van het plan; dan komt ze te laat "
            "voor het volgende plan",
        )
