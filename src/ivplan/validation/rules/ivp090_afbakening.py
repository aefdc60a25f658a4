"""Wat: het plan zegt in `plan.afbakening` wat het bewust niet behandelt en waar dat wel gebeurt.
Een kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de regio hem aanzet.

Waarom: veiligheid is breed. Wie het plan leest, moet weten wat erbuiten valt (bijvoorbeeld fysieke
veiligheid die de veiligheidsregio uitwerkt, of verkeersveiligheid in een eigen plan), zodat niemand
denkt dat het vergeten is.

Hoe op te lossen: schrijf onder `plan.afbakening` in enkele zinnen wat het plan niet behandelt en in
welk plan of programma dat wel staat.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 1 (Check, punt 1.1: het bereik is afgebakend).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP090"
SEVERITY = WARNING
TITLE = "het plan bakent zijn bereik af (CCV 1.1)"
NEEDS = ("plan",)
REGIO = False
KWALITEIT = True

PASSES = """
plan.afbakening: Verkeersveiligheid staat in het verkeersplan.
"""
FAILS = """
plan.afbakening: <weg>
"""
FAILS_AT = "plan"


def check(plan: PlanView):
    if not plan.has("plan", "afbakening"):
        yield Finding(
            ("plan", "afbakening"),
            "het plan zegt niet wat het bewust niet behandelt (plan.afbakening ontbreekt)",
        )
