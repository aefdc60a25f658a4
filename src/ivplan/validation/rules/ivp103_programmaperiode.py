"""Wat: `programma.periode` loopt vooruit (`eind` is niet eerder dan `start`) en beslaat hoogstens twee
jaar (`eind - start + 1 <= 2`); zonder `eind` is het één jaar.

Waarom: een uitvoeringsprogramma is de jaarlijkse (of tweejaarlijkse) uitwerking van het plan; langer
vooruit plannen laat het college niet bijsturen op wat de monitoring laat zien.

Hoe op te lossen: kies één of twee jaren binnen de periode van het plan.

Bron: CCV, Stappenplan opstellen uitvoeringsplan, stap U1 (periode van het uitvoeringsplan).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP103"
SEVERITY = ERROR
TITLE = "de periode van het programma beslaat één of twee jaar"
NEEDS = ("programma.periode",)
REGIO = False
KIND = "uitvoering"

PASSES = """
programma.periode: {start: 2027, eind: 2028}
plan.monitoring.uitvoeringsprogramma: tweejaarlijks
plan.financien.begroting[1]: {jaar: 2028, bedrag: 50000}
"""
FAILS = """
programma.periode: {start: 2027, eind: 2029}
"""
FAILS_AT = "programma.periode.eind"


def check(prog: ProgrammeView):
    p = prog.get("programma", "periode")  # None when anything in it failed the schema: IVP000 says so
    if not isinstance(p, dict):
        return
    start, eind = p.get("start"), p.get("eind", p.get("start"))
    if not isinstance(start, int) or not isinstance(eind, int):
        return
    if eind < start:
        yield Finding(("programma", "periode", "eind"), f"het eindjaar {eind} ligt voor het beginjaar {start}")
    elif eind - start + 1 > 2:
        yield Finding(
            ("programma", "periode", "eind"),
            f"het programma beslaat {eind - start + 1} jaar ({start}-{eind}); een uitvoeringsprogramma is voor "
            "hoogstens twee jaar",
        )
