"""Wat: elke verwijzing naar een id bestaat: `meetbare_doelen[].prioriteit` (een prioriteit), `.bron`
(een bron van de probleemanalyse), `.trekker` en `.partners[]` (partners), `partners[].afspraken[].doelen[]`
(meetbare doelen), `regionale_afstemming.speerpunten[].prioriteit` (een prioriteit),
`probleemanalyse.bevindingen[].cijfers[].bron` (een bron), `monitoring.overleg[].partners[]` (partners),
`financien.begroting[].prioriteit` (een prioriteit) en `open_data.per.bron` van een doel of cijfer (de
bron van de noemer).

Waarom: een plan moet intern consistent zijn. Een doel dat naar een onbekende prioriteit of partner
verwijst, hangt los van de rest van het plan en komt niet goed in de documenten terecht.

Hoe op te lossen: gebruik precies de `id` van het element waarnaar u verwijst (kleine letters,
zonder spaties), of voeg het ontbrekende element toe. De melding noemt de bekende ids, en bij een
tikfout de id die u waarschijnlijk bedoelde.

Bron: ivplan, interne samenhang van het plan.
"""

import difflib

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.references import WHAT, unresolved

CODE = "IVP002"
SEVERITY = ERROR
TITLE = "elke verwijzing naar een id bestaat"
NEEDS = ()
REGIO = False

PASSES = """
meetbare_doelen[0].trekker: politie
"""
FAILS = """
meetbare_doelen[0].prioriteit: jeugd
"""
FAILS_AT = "meetbare_doelen[0].prioriteit"


def _known(ids: set[str]) -> str:
    return f" (bekend: {', '.join(sorted(ids))})" if ids else " (er zijn er nog geen)"


def _suggestion(value: str, ids: set[str]) -> str:
    """ "; bedoelde u 'x'?" for a likely misspelling, as for unknown keys and values (schema.py)."""
    hint = difflib.get_close_matches(value, sorted(ids), n=1, cutoff=0.6)
    return f"; bedoelde u '{hint[0]}'?" if hint else ""


def check(plan: PlanView):
    for path, value, ids, kind in unresolved(plan):
        yield Finding(path, f"{WHAT[kind]} '{value}'{_known(ids)}{_suggestion(value, ids)}")
