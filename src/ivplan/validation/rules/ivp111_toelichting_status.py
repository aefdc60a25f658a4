"""Wat: een maatregel met de status `vertraagd` of `vervallen` heeft een `toelichting`.

Waarom: bijsturen hoort bij de uitvoering; de raad en de partners moeten kunnen lezen waarom een
maatregel achterloopt of vervalt, en wat ervoor in de plaats komt.

Hoe op te lossen: schrijf in `toelichting` wat er aan de hand is en wat de gemeente doet.

Bron: CCV, Stappenplan opstellen uitvoeringsplan, stap U5 (monitoren en bijsturen).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP111"
SEVERITY = ERROR
TITLE = "een vertraagde of vervallen maatregel heeft een toelichting"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[0].maatregelen[0].status: vertraagd
prioriteiten[0].actiepunten[0].maatregelen[0].toelichting: De leverancier is failliet.
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].status: vertraagd
"""
FAILS_AT = "prioriteiten[0].actiepunten[0].maatregelen[0].status"


def check(prog: ProgrammeView):
    for m in prog.maatregelen():
        if m.status in ("vertraagd", "vervallen") and not m.data.get("toelichting"):
            yield Finding(
                (*m.path, "status"),
                f"maatregel '{m.data.get('id')}' is {m.status}; leg in toelichting uit waarom en wat er nu gebeurt",
            )
