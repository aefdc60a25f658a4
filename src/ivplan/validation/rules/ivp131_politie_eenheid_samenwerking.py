"""Wat: de `gemeente.politie_eenheid` van een deel B verschilt van de `samenwerking.politie_eenheid`
van deel A. (Met een regiobestand zwijgt IVP035 dan: één verschil, één melding.)

Waarom: de gemeenten van een gezamenlijk plan hebben één regionale afstemming: met het regionale
beleidsplan van één politie-eenheid (Politiewet 2012, artikel 39). Een gemeente van een andere eenheid
kan dat deel A niet delen.

Hoe op te lossen: zet de juiste eenheid in het deel B (of in deel A, als die daar verkeerd staat).

Bron: Politiewet 2012, artikel 39 (het regionale beleidsplan van de eenheid); ivplan, gezamenlijke
plannen (docs/gezamenlijke-plannen.md).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP131"
SEVERITY = ERROR
TITLE = "deel B en deel A noemen dezelfde politie-eenheid"
NEEDS = ("gemeente",)
JOINT = True

PASSES = """
gemeente.basisteam: Voorbeeld
"""
FAILS = """
gemeente.politie_eenheid: Limburg
"""
FAILS_AT = "gemeente.politie_eenheid"


def check(plan: PlanView):
    mine = plan.get("gemeente", "politie_eenheid")
    samenwerking = plan.needed_joint.deel_a.get("samenwerking")
    theirs = samenwerking.get("politie_eenheid") if isinstance(samenwerking, dict) else None
    if isinstance(mine, str) and isinstance(theirs, str) and mine != theirs:
        yield Finding(
            ("gemeente", "politie_eenheid"),
            f"politie-eenheid '{mine}' verschilt van die van de samenwerking in deel A ('{theirs}'); "
            "een gezamenlijk plan heeft één regionale afstemming",
        )
