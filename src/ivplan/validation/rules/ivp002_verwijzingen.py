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
from typing import Any

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


# A plan names a few dozen ids. A generated one may hold thousands, each with an unresolved reference: the
# "bekend" list is then cut short, and the search for a likely misspelling (a comparison of the value with
# every known id) is skipped once all searches together would compare more pairs than this.
SHOWN_IDS = 25
COMPARISONS = 250_000


def _known(ids: list[str]) -> str:
    if not ids:
        return " (er zijn er nog geen)"
    if len(ids) <= SHOWN_IDS:
        return f" (bekend: {', '.join(ids)})"
    return f" (bekend: {', '.join(ids[:SHOWN_IDS])} en {len(ids) - SHOWN_IDS} andere)"


def _suggestion(value: str, ids: list[str]) -> str:
    """ "; bedoelde u 'x'?" for a likely misspelling, as for unknown keys and values (schema.py)."""
    hint = difflib.get_close_matches(value, ids, n=1, cutoff=0.6)
    return f"; bedoelde u '{hint[0]}'?" if hint else ""


# Where each kind of id is listed: the "bekend" list names the ids in the order the plan lists them.
SECTIONS = {
    "prioriteiten": ("prioriteiten",),
    "bronnen": ("probleemanalyse", "bronnen"),
    "partners": ("partners",),
    "meetbare_doelen": ("meetbare_doelen",),
}


def _in_plan_order(plan: PlanView, kind: str, ids: set[str]) -> list[str]:
    items: Any = plan.data
    for part in SECTIONS[kind]:
        items = items.get(part) if isinstance(items, dict) else None
    written = [item.get("id") for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    ordered = [i for i in dict.fromkeys(i for i in written if isinstance(i, str)) if i in ids]
    return ordered + sorted(ids.difference(ordered))


def check(plan: PlanView):
    found = list(unresolved(plan))
    known: dict[str, tuple[list[str], str]] = {}  # kind -> its ids as the plan lists them, and the "bekend" text
    for _, _, ids, kind in found:
        if kind not in known:
            ordered = _in_plan_order(plan, kind, ids)
            known[kind] = (ordered, _known(ordered))
    pairs = {(kind, value): len(ids) for _, value, ids, kind in found}
    suggest = sum(pairs.values()) <= COMPARISONS
    hints: dict[tuple[str, str], str] = {}
    for path, value, _, kind in found:
        ordered, text = known[kind]
        if suggest and (kind, value) not in hints:
            hints[kind, value] = _suggestion(value, ordered)
        yield Finding(path, f"{WHAT[kind]} '{value}'{text}{hints.get((kind, value), '')}")
