"""Wat: de `termijn` van elke maatregel valt binnen de periode van het programma
(`programma.periode`): een jaar (`2027`) of een kwartaal (`2027-Q3`) van die jaren.

Waarom: het programma gaat over zijn eigen jaren; een maatregel die later klaar is, hoort in het
volgende programma, anders lijkt hij in de voortgang achter te lopen.

Hoe op te lossen: kies een termijn binnen het programma, of zet de maatregel in het volgende programma.

Bron: ivplan; CCV, Stappenplan opstellen uitvoeringsplan, stap U4 (wie doet wat, wanneer).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP110"
SEVERITY = ERROR
TITLE = "de termijn van elke maatregel valt in het programma"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[0].maatregelen[0].termijn: 2027-Q4
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].termijn: 2028-Q1
"""
FAILS_AT = "prioriteiten[0].actiepunten[0].maatregelen[0].termijn"


def check(prog: ProgrammeView):
    periode = prog.periode_in_plan
    if periode is None:
        return
    for m in prog.maatregelen():
        termijn = str(m.data.get("termijn"))
        jaar = int(termijn[:4])
        if not periode[0] <= jaar <= periode[1]:
            jaren = str(periode[0]) if periode[0] == periode[1] else f"{periode[0]}-{periode[1]}"
            yield Finding((*m.path, "termijn"), f"de termijn {termijn} valt buiten het programma ({jaren})")
