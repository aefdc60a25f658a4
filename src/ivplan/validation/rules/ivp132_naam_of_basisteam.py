"""Wat: de `gemeente.naam` van een deel B verschilt van de naam die deel A bij dezelfde CBS-code in
`gemeenten` noemt, of `gemeente.basisteam` verschilt van `samenwerking.basisteam` (alleen als beide
bestanden een basisteam geven).

Waarom: de documenten noemen de gemeente op de titelpagina (uit deel A) en in het raadsbesluit (uit het
deel B); verschillen die, dan staat de gemeente er onder twee namen in.

Hoe op te lossen: schrijf de naam en het basisteam in beide bestanden gelijk.

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP132"
SEVERITY = WARNING
TITLE = "deel B noemt de gemeente en het basisteam zoals deel A"
NEEDS = ("gemeente",)
JOINT = True

PASSES = """
gemeente.basisteam: Voorbeeld
"""
FAILS = """
gemeente.naam: Eerste Dorp
"""
FAILS_AT = "gemeente.naam"


def _first_with(gemeenten, code) -> dict | None:
    """Deel A's gemeente with this cbs_code; with the code twice (IVP003 in deel A), the first."""
    for g in gemeenten if isinstance(gemeenten, list) else ():
        if isinstance(g, dict) and g.get("cbs_code") == code:
            return g
    return None


def check(plan: PlanView):
    code, naam = plan.get("gemeente", "cbs_code"), plan.get("gemeente", "naam")
    g = _first_with(plan.needed_joint.deel_a.get("gemeenten"), code)
    if g is not None and isinstance(naam, str) and isinstance(g.get("naam"), str) and g["naam"] != naam:
        yield Finding(
            ("gemeente", "naam"),
            f"naam '{naam}' verschilt van deel A, dat {code} '{g['naam']}' noemt; "
            "de documenten zouden de gemeente twee namen geven",
        )
    mine = plan.get("gemeente", "basisteam")
    samenwerking = plan.needed_joint.deel_a.get("samenwerking")
    theirs = samenwerking.get("basisteam") if isinstance(samenwerking, dict) else None
    if isinstance(mine, str) and isinstance(theirs, str) and mine != theirs:
        yield Finding(
            ("gemeente", "basisteam"),
            f"basisteam '{mine}' verschilt van dat van de samenwerking in deel A ('{theirs}')",
        )
