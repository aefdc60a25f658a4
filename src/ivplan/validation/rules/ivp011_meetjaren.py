"""Wat: bij elk meetbaar doel ligt het jaar van de nulmeting (`nulmeting.jaar`) niet na het beginjaar
van het plan (`plan.periode.start`), en valt het jaar van de streefwaarde (`streefwaarde.jaar`)
binnen de planperiode (van `start` tot en met `eind`).

Waarom: een nulmeting beschrijft de situatie waarmee het plan begint, dus ligt ze voor of aan het
begin van de planperiode. Een streefwaarde zegt wat het plan wil bereiken, en moet dus binnen de
looptijd van het plan vallen; anders kan de raad het plan er niet op afrekenen.

Hoe op te lossen: neem als nulmeting de meest recente meting van voor de planperiode (bijvoorbeeld
het jaar voor het beginjaar) en leg het jaar van de streefwaarde in de periode, meestal in het
eindjaar. Metingen van eerdere jaren kunnen onder `metingen` staan.

Bron: CCV, stappenplan integraal veiligheidsplan (meetbare doelen); ivplan.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP011"
SEVERITY = ERROR
TITLE = "de nulmeting ligt voor de periode, de streefwaarde erin"
NEEDS = ("meetbare_doelen", "plan.periode")
REGIO = False

PASSES = """
meetbare_doelen[0].nulmeting: {waarde: 95, jaar: 2027}
meetbare_doelen[0].streefwaarde: {waarde: 70, jaar: 2029}
"""
FAILS = """
meetbare_doelen[0].streefwaarde: {waarde: 70, jaar: 2032}
"""
FAILS_AT = "meetbare_doelen[0].streefwaarde.jaar"


def check(plan: PlanView):
    start, eind = plan.needed_periode
    # Each year is judged on its own: a schema error elsewhere in the doel (IVP000) does not hide it.
    for i, d in plan.all_items("meetbare_doelen"):
        if plan.holds_unresolved("meetbare_doelen", i):
            continue
        naam = d.get("id")
        nul = plan.get("meetbare_doelen", i, "nulmeting", "jaar")
        streef = plan.get("meetbare_doelen", i, "streefwaarde", "jaar")
        if isinstance(nul, int) and nul > start:
            yield Finding(
                ("meetbare_doelen", i, "nulmeting", "jaar"),
                f"de nulmeting van doel '{naam}' is van {nul}, na het beginjaar {start} van het plan; "
                "een nulmeting ligt voor of aan het begin van de planperiode",
            )
        if isinstance(streef, int) and not start <= streef <= eind:
            yield Finding(
                ("meetbare_doelen", i, "streefwaarde", "jaar"),
                f"de streefwaarde van doel '{naam}' is voor {streef}, buiten de planperiode {start}-{eind}",
            )
