"""Wat: `collegebesluit` noemt het registratienummer, de datum en de namen van burgemeester en secretaris
(`ondertekening`; standaard die uit `raadsvoorstel.ondertekening` van het plan). Eén melding noemt wat
ontbreekt; zonder `collegebesluit` staat ze op regel 1.

Waarom: het voorblad van het programma draagt het besluit van het college; wat ontbreekt, wordt in het
document een invulplek die iemand later met de hand moet vullen.

Hoe op te lossen: vul de genoemde velden in onder `collegebesluit`.

Bron: ivplan; zoals IVP070 voor het raadsvoorstel.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.core.formatting import meervoud, opsomming
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP107"
SEVERITY = WARNING
TITLE = "het collegebesluit is compleet"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
collegebesluit.ondertekening: {burgemeester: A. de Burgemeester, secretaris: B. de Secretaris}
"""
FAILS = """
collegebesluit.registratienummer: <weg>
"""
FAILS_AT = "collegebesluit"


def missing_fields(prog: ProgrammeView) -> list[str]:
    """The fields of the collegebesluit the documents need and that are absent after the defaults."""
    missing = [f for f in ("registratienummer", "datum") if not prog.has("collegebesluit", f)]
    defaults = prog.plan.get("raadsvoorstel", "ondertekening", default={}) if prog.plan is not None else {}
    for who in ("burgemeester", "secretaris"):
        if not prog.has("collegebesluit", "ondertekening", who) and not (defaults or {}).get(who):
            missing.append(f"ondertekening.{who}")
    return missing


def check(prog: ProgrammeView):
    if prog.has("collegebesluit") and not prog.section_ok("collegebesluit"):
        return
    missing = missing_fields(prog)
    if not missing:
        return
    path = ("collegebesluit",) if prog.has("collegebesluit") else ()
    verb = meervoud(len(missing), "ontbreekt", "ontbreken")
    yield Finding(path, f"in het collegebesluit {verb} {opsomming(missing)}; het document toont daar een invulplek")
