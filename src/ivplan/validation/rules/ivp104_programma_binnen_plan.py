"""Wat: de periode van het programma (`programma.periode`) ligt binnen de periode van het plan.

Waarom: het programma werkt de doelen van dit plan uit; jaren buiten het plan horen bij het vorige of het
volgende plan, met andere doelen.

Hoe op te lossen: pas de periode van het programma aan, of verwijs naar het plan dat over die jaren gaat.

Bron: CCV, Stappenplan opstellen uitvoeringsplan, stap U1.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP104"
SEVERITY = ERROR
TITLE = "de periode van het programma ligt binnen die van het plan"
NEEDS = ("programma.periode",)
REGIO = False
KIND = "uitvoering"

PASSES = """
programma.periode: {start: 2027, eind: 2027}
"""
FAILS = """
programma.periode: {start: 2031}
"""
FAILS_AT = "programma.periode.start"


def check(prog: ProgrammeView):
    own = prog.periode
    plan = prog.plan.periode if prog.plan is not None else None
    if own is None or plan is None:
        return
    if own[0] < plan[0] or own[0] > plan[1]:
        yield Finding(
            ("programma", "periode", "start"),
            f"het programma begint in {own[0]}, buiten de periode van het plan ({plan[0]}-{plan[1]})",
        )
    elif own[1] > plan[1]:
        yield Finding(
            ("programma", "periode", "eind"),
            f"het programma loopt tot {own[1]}, na het einde van het plan ({plan[1]})",
        )
