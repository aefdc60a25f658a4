"""Wat: het plan beschrijft in `plan.evaluatie_vorig_plan` wat de evaluatie van het vorige plan heeft
opgeleverd.

Waarom: een nieuw plan bouwt voort op wat het vorige plan heeft bereikt en wat niet werkte. Het
CCV-stappenplan (stap 3) begint daarom met de evaluatie van het lopende beleid; zo leert de gemeente
van de vorige periode en kan de raad zien waarom de koers wel of niet verandert.

Hoe op te lossen: vat onder `plan.evaluatie_vorig_plan` de belangrijkste uitkomsten van de evaluatie
samen: welke doelen zijn gehaald, wat werkte, wat wordt anders. Is dit het eerste plan, schrijf dat
dan op. Een regiobureau kan deze waarschuwing uitzetten (`eisen: {IVP043: uit}`).

Bron: CCV, stappenplan integraal veiligheidsplan, stap 3 (evaluatie van het huidige beleid).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP043"
SEVERITY = WARNING
TITLE = "het plan beschrijft de evaluatie van het vorige plan"
NEEDS = ("plan",)
REGIO = False

PASSES = """
plan.evaluatie_vorig_plan: Dit is het eerste integraal veiligheidsplan van de gemeente.
"""
FAILS = """
plan.evaluatie_vorig_plan: <weg>
"""
FAILS_AT = "plan"


def check(plan: PlanView):
    if not plan.has("plan", "evaluatie_vorig_plan"):
        yield Finding(
            ("plan", "evaluatie_vorig_plan"), "de evaluatie van het vorige plan (plan.evaluatie_vorig_plan) ontbreekt"
        )
