"""Wat: de `richting` van een meetbaar doel klopt met de getallen: bij `dalen` is de streefwaarde
lager dan de nulmeting, bij `stijgen` hoger, en bij `handhaven` gelijk.

Waarom: een doel moet ondubbelzinnig zijn. Staat er "dalen" maar ligt de streefwaarde hoger dan de
nulmeting, dan weet niemand wat de bedoeling is, en de voortgangsrapportage kan geen oordeel geven.

Hoe op te lossen: controleer de nulmeting, de streefwaarde en de richting, en pas aan wat niet klopt.
Wilt u een niveau vasthouden, gebruik dan `richting: handhaven` met een streefwaarde gelijk aan de
nulmeting.

Bron: ivplan; CCV, stappenplan integraal veiligheidsplan (meetbare doelen).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.core.formatting import getal
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP012"
SEVERITY = ERROR
TITLE = "de richting van een doel klopt met nulmeting en streefwaarde"
NEEDS = ("meetbare_doelen",)
REGIO = False

PASSES = """
meetbare_doelen[0].richting: dalen
meetbare_doelen[0].streefwaarde: {waarde: 94.5, jaar: 2030}
"""
FAILS = """
meetbare_doelen[0].richting: stijgen
"""
FAILS_AT = "meetbare_doelen[0].richting"

_WANT = {
    "dalen": (lambda nul, streef: streef < nul, "lager dan"),
    "stijgen": (lambda nul, streef: streef > nul, "hoger dan"),
    "handhaven": (lambda nul, streef: streef == nul, "gelijk aan"),
}


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def check(plan: PlanView):
    # Judged on the three values it compares; a schema error elsewhere in the doel does not hide it.
    for i, d in plan.all_items("meetbare_doelen"):
        if plan.holds_unresolved("meetbare_doelen", i):
            continue
        richting = plan.get("meetbare_doelen", i, "richting")
        nul = _number(plan.get("meetbare_doelen", i, "nulmeting", "waarde"))
        streef = _number(plan.get("meetbare_doelen", i, "streefwaarde", "waarde"))
        if richting not in _WANT or nul is None or streef is None:
            continue
        ok, words = _WANT[richting]
        if not ok(nul, streef):
            yield Finding(
                ("meetbare_doelen", i, "richting"),
                f"doel '{d.get('id')}' heeft richting '{richting}', dus de streefwaarde hoort {words} de "
                f"nulmeting te zijn, maar die is {getal(streef)} tegen een nulmeting van {getal(nul)}",
            )
