"""Wat: twee uitvoeringsprogramma's van één gemeente overlappen niet in hun jaren. De melding staat bij
`plan` van het latere programma: het programma dat later begint; bij hetzelfde beginjaar het programma
dat later op de opdrachtregel staat. Alleen bij `ivplan check --regio`
en `ivplan validate --regio`, zoals IVP037.

Waarom: per jaar is er één programma van het college; twee programma's voor hetzelfde jaar laten de raad
raden welke geldt.

Hoe op te lossen: pas de periode van een van de programma's aan, of lever het verouderde niet meer in.

Bron: ivplan; één uitvoeringsprogramma per jaar (CCV, Stappenplan opstellen uitvoeringsplan, stap U1).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammePeriode, ProgrammeView

CODE = "IVP119"
SEVERITY = ERROR
TITLE = "de programma's van één gemeente overlappen niet"
NEEDS = ()
REGIO = True
KIND = "uitvoering"
CROSS_PROGRAMME = True

# the fragments describe the second of two programmes whose first is the base programme
PASSES = """
programma.periode: {start: 2028}
prioriteiten[0].actiepunten[0].maatregelen[0].termijn: "2028"
jaardoelen[0]: {doel: d1, jaar: 2028, waarde: 82}
plan.financien.begroting[1]: {jaar: 2028, bedrag: 50000}
"""
FAILS = """
programma.periode: {start: 2027}
"""
FAILS_AT = "plan"


def check(prog: ProgrammeView):
    return iter(())  # compares programmes: check_programmes()


def _jaren(start: int, eind: int) -> str:
    return str(start) if start == eind else f"{start}-{eind}"


def check_programmes(entries: list[tuple[str | None, ProgrammePeriode | None]]):
    """(index, Finding) for each programme that overlaps another of the same gemeente, at the later one:
    the later start, of equal starts the later argument (the one the `uitvoering` entry of check --regio
    shows); `entries` are (cbs_code of its plan, view) in argument order. Findings come in argument order."""
    per_gemeente: dict[str, list[tuple[int, int, int]]] = {}
    for index, (cbs, view) in enumerate(entries):
        if cbs is None or view is None or view.periode is None:
            continue
        start, eind = view.periode
        per_gemeente.setdefault(cbs, []).append((start, index, eind))
    findings = []
    for programmes in per_gemeente.values():
        programmes.sort()
        for n, (start, index, eind) in enumerate(programmes):
            for s, _other, e in programmes[:n]:
                if start <= e and s <= eind:
                    findings.append(
                        (
                            index,
                            Finding(
                                ("plan",),
                                f"dit programma ({_jaren(start, eind)}) overlapt met een eerder programma van dezelfde "
                                f"gemeente ({_jaren(s, e)}); per jaar is er één uitvoeringsprogramma",
                            ),
                        )
                    )
                    break
    findings.sort(key=lambda finding: finding[0])
    yield from findings
