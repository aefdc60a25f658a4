"""Wat: het `jaar` van een jaardoel valt binnen de periode van het programma en na het jaar van de
nulmeting van het doel.

Waarom: een jaardoel is een tussenstap van dit programma naar de streefwaarde; een jaar buiten het
programma of vóór de nulmeting meet niets van wat dit programma doet.

Hoe op te lossen: kies een jaar van het programma, na de nulmeting.

Bron: ivplan, samenhang van plan en uitvoeringsprogramma.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView, jaardoelen

CODE = "IVP114"
SEVERITY = ERROR
TITLE = "een jaardoel valt in het programma, na de nulmeting"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
programma.periode: {start: 2027, eind: 2028}
plan.monitoring.uitvoeringsprogramma: tweejaarlijks
plan.financien.begroting[1]: {jaar: 2028, bedrag: 50000}
jaardoelen[1]: {doel: d1, jaar: 2028, waarde: 82}
"""
FAILS = """
jaardoelen[0].jaar: 2028
"""
FAILS_AT = "jaardoelen[0].jaar"


def problem(prog: ProgrammeView, jd: dict, doel: dict) -> str | None:
    periode = prog.periode_in_plan
    if periode is None:
        return None
    jaar = jd["jaar"]
    if not periode[0] <= jaar <= periode[1]:
        jaren = str(periode[0]) if periode[0] == periode[1] else f"{periode[0]}-{periode[1]}"
        return f"het jaardoel voor {jaar} valt buiten het programma ({jaren})"
    nul = doel["nulmeting"]["jaar"]
    if jaar <= nul:
        return f"het jaardoel voor {jaar} ligt niet na de nulmeting van doel '{doel['id']}' ({nul})"
    return None


def check(prog: ProgrammeView):
    for i, jd, doel in jaardoelen(prog):
        message = problem(prog, jd, doel)
        if message:
            yield Finding(("jaardoelen", i, "jaar"), message)
