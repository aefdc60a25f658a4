"""Wat: de lengte van het programma past bij `monitoring.uitvoeringsprogramma` van het plan: één jaar bij
`jaarlijks`, twee jaar bij `tweejaarlijks` (behalve als het programma in het laatste jaar van het plan
begint: dan is één jaar genoeg).

Waarom: het plan belooft de raad een cyclus; een programma dat er niet in past, laat een jaar zonder
programma of overlapt met het volgende.

Hoe op te lossen: pas de periode van het programma aan, of pas de cyclus in het plan aan.

Bron: de beleidscyclus van het plan (`monitoring.uitvoeringsprogramma`); CCV, Stappenplan opstellen
uitvoeringsplan, stap U1.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP105"
SEVERITY = WARNING
TITLE = "de lengte van het programma past bij de cyclus van het plan"
NEEDS = ("programma.periode",)
REGIO = False
KIND = "uitvoering"

PASSES = """
plan.monitoring.uitvoeringsprogramma: tweejaarlijks
plan.financien.begroting[1]: {jaar: 2028, bedrag: 50000}
programma.periode: {start: 2027, eind: 2028}
"""
FAILS = """
programma.periode: {start: 2027, eind: 2028}
plan.financien.begroting[1]: {jaar: 2028, bedrag: 50000}
"""
FAILS_AT = "programma.periode"


def check(prog: ProgrammeView):
    own = prog.periode_in_plan
    if own is None or prog.plan is None or prog.plan.periode is None:
        return
    cyclus = prog.plan.get("monitoring", "uitvoeringsprogramma")
    plan_eind = prog.plan.periode[1]
    jaren = own[1] - own[0] + 1
    if cyclus == "jaarlijks" and jaren == 2:
        yield Finding(
            ("programma", "periode"),
            "het plan belooft een jaarlijks uitvoeringsprogramma, maar dit programma beslaat twee jaar",
        )
    elif cyclus == "tweejaarlijks" and jaren == 1 and own[0] != plan_eind:
        yield Finding(
            ("programma", "periode"),
            "het plan belooft een tweejaarlijks uitvoeringsprogramma, maar dit programma beslaat één jaar",
        )
