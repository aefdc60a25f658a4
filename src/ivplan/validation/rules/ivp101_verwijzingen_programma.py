"""Wat: elke verwijzing van het programma naar het plan bestaat: `prioriteiten[].prioriteit` (een
prioriteit), `overige_themas[].thema` (een overig thema, ongeacht hoofdletters en spaties), `trekker` en
`partners` van maatregelen en `regulier_werk[].trekker` (partners), `doelen` en `jaardoelen[].doel`
(meetbare doelen) en `speerpunten` (de regionale speerpunten van het plan). De melding noemt de
bekende waarden.

Waarom: het programma werkt het plan uit; een maatregel voor een prioriteit, doel of partner die het
plan niet kent, hangt los van het plan en komt niet goed in de documenten terecht.

Hoe op te lossen: gebruik precies de `id` (of het thema) uit het plan, of voeg het ontbrekende element
eerst aan het plan toe.

Bron: ivplan, samenhang van plan en uitvoeringsprogramma.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import WHAT, ProgrammeView, known, unresolved

CODE = "IVP101"
SEVERITY = ERROR
TITLE = "elke verwijzing van het programma naar het plan bestaat"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[0].maatregelen[0].partners: [politie, om]
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].trekker: wijkteam
"""
FAILS_AT = "prioriteiten[0].actiepunten[0].maatregelen[0].trekker"


def check(prog: ProgrammeView):
    ids = known(prog)
    for path, value, kind in unresolved(prog):
        bekend = ", ".join(sorted(ids[kind])) or "geen"
        yield Finding(path, f"{WHAT[kind]} '{value}' in het plan (bekend: {bekend})")
