"""Wat: de `gemeente.cbs_code` van een deel B staat niet in de `gemeenten` van zijn deel A.

Waarom: deel A noemt wie meedoet; de documenten noemen die gemeenten op de titelpagina en in het
raadsvoorstel. Een gemeente die er niet in staat, stelt een plan vast dat haar niet noemt.

Hoe op te lossen: controleer de CBS-code in het deel B (GM en vier cijfers), of voeg de gemeente toe
aan `gemeenten` in deel A (wat dan voor alle gemeenten geldt).

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md): deel A noemt wie meedoet.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP124"
SEVERITY = ERROR
TITLE = "de gemeente van een deel B staat in de gemeenten van deel A"
NEEDS = ("gemeente",)
JOINT = True  # on a deel B's merged plan only
EISEN = False

PASSES = """
gemeente.inwoners: 9500
"""
FAILS = """
gemeente.cbs_code: GM9099
"""
FAILS_AT = "gemeente.cbs_code"


def check(plan: PlanView):
    code = plan.get("gemeente", "cbs_code")
    gemeenten = plan.needed_joint.deel_a.get("gemeenten")
    if not isinstance(code, str) or not isinstance(gemeenten, list):
        return
    known = [g for g in gemeenten if isinstance(g, dict) and isinstance(g.get("cbs_code"), str)]
    if code not in {g["cbs_code"] for g in known}:
        names = ", ".join(f"{g['cbs_code']} ({g.get('naam')})" for g in known)
        yield Finding(
            ("gemeente", "cbs_code"),
            f"CBS-code {code} staat niet in de gemeenten van deel A ({plan.needed_joint.deel_a_file}: {names}); "
            "controleer de code of voeg de gemeente toe aan deel A",
        )
