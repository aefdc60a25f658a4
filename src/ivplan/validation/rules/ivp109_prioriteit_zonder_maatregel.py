"""Wat: elke prioriteit van het plan heeft een plek in `prioriteiten` van het programma met ten minste één
maatregel die niet `vervallen` is. De melding staat bij die plek, of bij `prioriteiten` als de prioriteit
er niet in staat.

Waarom: het programma werkt het hele plan uit; een prioriteit zonder maatregel krijgt dit jaar geen
aandacht, terwijl de raad haar vaststelde.

Hoe op te lossen: voeg voor de prioriteit een actiepunt met een maatregel toe, of leg uit waarom het werk
in een ander jaar valt (en geef dan één maatregel de status `gepland` met een latere termijn).

Bron: CCV, Stappenplan opstellen uitvoeringsplan, stap U3 (maatregelen per prioriteit).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView, unresolved_kinds

CODE = "IVP109"
SEVERITY = ERROR
TITLE = "elke prioriteit van het plan heeft een maatregel"
NEEDS = ("prioriteiten",)
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[0].maatregelen[0].status: afgerond
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].status: vervallen
prioriteiten[0].actiepunten[0].maatregelen[0].toelichting: De subsidie is stopgezet.
plan.regionale_afstemming.speerpunten[0].prioriteit: woninginbraak
"""
FAILS_AT = "prioriteiten[0]"


def reported(prog: ProgrammeView) -> dict[str, tuple]:
    """Plan prioriteit id -> where IVP109 reports it (IVP112 skips its doelen)."""
    if prog.plan is None or "prioriteit" in unresolved_kinds(prog):
        return {}
    entries: dict[str, list[int]] = {}
    for i, entry in prog.all_items("prioriteiten"):
        if isinstance(entry.get("prioriteit"), str) and prog.element_ok("prioriteiten", i, "prioriteit"):
            entries.setdefault(entry["prioriteit"], []).append(i)
    live = {m.entry for m in prog.maatregelen(valid_only=False) if m.section == "prioriteiten" and m.live}
    live |= prog.unseen_maatregelen("prioriteiten") or set()  # a failed maatregel counts as present
    out: dict[str, tuple] = {}
    for _, p in prog.plan.items("prioriteiten"):
        pid = p.get("id")
        if not isinstance(pid, str):
            continue  # the schema requires it: never here
        if pid not in entries:
            out[pid] = ("prioriteiten",)
        elif not any(i in live for i in entries[pid]):
            out[pid] = ("prioriteiten", entries[pid][0])
    return out


def check(prog: ProgrammeView):
    for pid, path in reported(prog).items():
        if len(path) == 1:
            yield Finding(path, f"prioriteit '{pid}' van het plan staat niet in het programma")
        else:
            yield Finding(path, f"prioriteit '{pid}' heeft geen maatregel die niet vervallen is")
