"""Wat: een jaardoel ligt tussen de nulmeting en de streefwaarde van zijn doel: bij `dalen` niet hoger dan
de nulmeting en niet lager dan de streefwaarde, bij `stijgen` andersom, bij `handhaven` hoogstens 5 %
van de streefwaarde ervan af (0,05 als die 0 is). De getallen tellen precies zoals ze er staan.

Waarom: een jaardoel is een stap op weg naar het doel van de raad; een stap de verkeerde kant op, of
voorbij de streefwaarde, spreekt het plan tegen.

Hoe op te lossen: kies een waarde tussen nulmeting en streefwaarde.

Bron: ivplan; het doel van de raad (Politiewet 2012, art. 38b) en de voortgangsrapportage.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.core.doelen import exact, marge
from ivplan.core.formatting import getal
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.ivp114_jaardoel_jaar import problem as ivp114
from ivplan.validation.rules.programma import ProgrammeView, jaardoelen

CODE = "IVP115"
SEVERITY = ERROR
TITLE = "een jaardoel ligt tussen nulmeting en streefwaarde"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
jaardoelen[0].waarde: 70
"""
FAILS = """
jaardoelen[0].waarde: 96
"""
FAILS_AT = "jaardoelen[0].waarde"


def problem(jd: dict, doel: dict) -> str | None:
    richting = doel.get("richting")
    j, n, s = exact(jd["waarde"]), exact(doel["nulmeting"]["waarde"]), exact(doel["streefwaarde"]["waarde"])
    w = getal(jd["waarde"])
    if richting == "dalen" and not s <= j <= n:
        return f"jaardoel {w} ligt niet tussen de streefwaarde en de nulmeting van doel '{doel['id']}' (dalen)"
    if richting == "stijgen" and not n <= j <= s:
        return f"jaardoel {w} ligt niet tussen de nulmeting en de streefwaarde van doel '{doel['id']}' (stijgen)"
    if richting == "handhaven" and abs(j - s) > marge(doel["streefwaarde"]["waarde"]):
        return f"jaardoel {w} wijkt meer dan 5% af van de streefwaarde van doel '{doel['id']}' (handhaven)"
    return None


def check(prog: ProgrammeView):
    for i, jd, doel in jaardoelen(prog):
        if ivp114(prog, jd, doel):
            continue
        message = problem(jd, doel)
        if message:
            yield Finding(("jaardoelen", i, "waarde"), message)
