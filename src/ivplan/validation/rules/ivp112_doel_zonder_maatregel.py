"""Wat: elk meetbaar doel van het plan wordt gediend door ten minste één maatregel die niet `vervallen`
is (`doelen` van een maatregel). De melding staat bij de plek van de prioriteit van het doel in het
programma.

Waarom: een doel zonder maatregel wordt alleen gemeten, niet nagestreefd; de raad ziet in de voortgang
dan een doel dat achterloopt zonder dat iemand eraan werkt.

Hoe op te lossen: noem het doel bij de maatregelen die eraan bijdragen, of voeg een maatregel toe.

Bron: CCV, Stappenplan opstellen uitvoeringsplan, stap U4 (maatregelen bij de doelen).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.ivp109_prioriteit_zonder_maatregel import reported as ivp109
from ivplan.validation.rules.programma import ProgrammeView, unresolved_kinds

CODE = "IVP112"
SEVERITY = WARNING
TITLE = "elk meetbaar doel van het plan heeft een maatregel"
NEEDS = ("prioriteiten",)
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[0].maatregelen[1]:
  {id: wi-2, omschrijving: Buurtpreventie., trekker: gemeente, termijn: 2027, doelen: [d1]}
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].doelen: <weg>
"""
FAILS_AT = "prioriteiten[0]"


def check(prog: ProgrammeView):
    if prog.plan is None or not prog.all_maatregelen_seen() or "doel" in unresolved_kinds(prog):
        return
    served = {d for m in prog.maatregelen(valid_only=False) if m.live for d in m.listed("doelen")}
    skipped = ivp109(prog)
    entry_of = {e.get("prioriteit"): i for i, e in prog.all_items("prioriteiten") if prog.element_ok("prioriteiten", i)}
    for _, doel in prog.plan.items("meetbare_doelen"):
        pid = doel.get("prioriteit")
        if doel.get("id") in served or pid in skipped or pid not in entry_of:
            continue
        yield Finding(
            ("prioriteiten", entry_of[pid]),
            f"geen maatregel dient doel '{doel.get('id')}' ({doel.get('indicator') or doel.get('omschrijving')})",
        )
