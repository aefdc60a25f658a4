"""Wat: een vastgesteld programma (`programma.status: vastgesteld`) hoort bij een vastgesteld plan.

Waarom: de raad stelt de doelen vast (Politiewet 2012, art. 38b); het college werkt ze daarna uit. Een
vastgesteld programma bij een plan dat nog concept of ontwerp is, loopt voor op het besluit van de raad.

Hoe op te lossen: stel het programma vast nadat de raad het plan heeft vastgesteld, en zet daarna de
status van het plan op `vastgesteld`.

Bron: Politiewet 2012, art. 38b.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP108"
SEVERITY = WARNING
TITLE = "een vastgesteld programma hoort bij een vastgesteld plan"
NEEDS = ("programma",)
REGIO = False
KIND = "uitvoering"

PASSES = """
programma.status: concept
"""
FAILS = """
programma.status: vastgesteld
"""
FAILS_AT = "programma.status"


def check(prog: ProgrammeView):
    if prog.plan is None or prog.get("programma", "status") != "vastgesteld":
        return
    status = prog.plan.get("plan", "status")
    if isinstance(status, str) and status != "vastgesteld":
        yield Finding(
            ("programma", "status"),
            f"het programma is vastgesteld, maar het plan is nog {status}; de raad stelt eerst het plan vast",
        )
