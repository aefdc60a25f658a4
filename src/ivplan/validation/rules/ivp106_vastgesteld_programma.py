"""Wat: een programma met `programma.status: vastgesteld` noemt de datum van het collegebesluit
(`collegebesluit.datum`).

Waarom: het college stelt het uitvoeringsprogramma vast (Gemeentewet art. 160 lid 1); zonder datum is
niet na te gaan welk besluit het is.

Hoe op te lossen: vul `collegebesluit.datum` in, of zet de status op `concept`.

Bron: Gemeentewet art. 160 lid 1; zoals IVP004 voor het plan.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP106"
SEVERITY = ERROR
TITLE = "een vastgesteld programma noemt de datum van het collegebesluit"
NEEDS = ("programma",)
REGIO = False
KIND = "uitvoering"

PASSES = """
programma.status: vastgesteld
plan.plan.status: vastgesteld
plan.plan.vastgesteld_op: "2027-01-28"
"""
FAILS = """
programma.status: vastgesteld
collegebesluit.datum: <weg>
plan.plan.status: vastgesteld
plan.plan.vastgesteld_op: "2027-01-28"
"""
FAILS_AT = "programma.status"


def check(prog: ProgrammeView):
    if prog.get("programma", "status") == "vastgesteld" and not prog.has("collegebesluit", "datum"):
        yield Finding(
            ("programma", "status"),
            "het programma is vastgesteld, maar de datum van het collegebesluit (collegebesluit.datum) ontbreekt",
        )
