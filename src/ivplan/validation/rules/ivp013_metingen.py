"""Wat: in de `metingen` van een meetbaar doel komt elk jaar maar één keer voor, en geen meting ligt
na het eindjaar van het plan (`plan.periode.eind`). Metingen van jaren voor de planperiode zijn
welkom: ze laten de trend zien.

Waarom: de metingen voeden de grafieken en de voortgangsrapportage. Twee metingen voor hetzelfde jaar
maken onduidelijk welke geldt; een meting na de planperiode hoort bij een volgend plan (of het jaar
is verkeerd getypt).

Hoe op te lossen: houd per jaar één meting over (de juiste), en controleer de jaartallen. Een meting
na de planperiode neemt u op in het volgende plan.

Bron: ivplan, zorgvuldig bijhouden van gegevens.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP013"
SEVERITY = WARNING
TITLE = "elk meetjaar één keer, en geen meting na de planperiode"
NEEDS = ("meetbare_doelen", "plan.periode")
REGIO = False

PASSES = """
meetbare_doelen[0].metingen: [{jaar: 2020, waarde: 70}, {jaar: 2026, waarde: 95}, {jaar: 2030, waarde: 72}]
"""
FAILS = """
meetbare_doelen[0].metingen[2]: {jaar: 2026, waarde: 94}
"""
FAILS_AT = "meetbare_doelen[0].metingen[2].jaar"


def check(plan: PlanView):
    _, eind = plan.needed_periode
    for i, _d in plan.all_items("meetbare_doelen"):
        # A bad meting is skipped on its own (IVP000 reports it); the doel's other metingen are still
        # checked, also when a field elsewhere in the doel has a schema error.
        if plan.holds_unresolved("meetbare_doelen", i):
            continue
        naam = plan.raw("meetbare_doelen", i, "id")
        first: dict[int, int] = {}
        for j, m in plan.items("meetbare_doelen", i, "metingen"):
            jaar = m["jaar"]
            path = ("meetbare_doelen", i, "metingen", j, "jaar")
            if jaar in first:
                yield Finding(
                    path,
                    f"doel '{naam}' heeft al een meting voor {jaar} "
                    f"(metingen[{first[jaar]}]); houd per jaar één meting over",
                )
            else:
                first[jaar] = j
                if jaar > eind:
                    yield Finding(
                        path, f"de meting van doel '{naam}' voor {jaar} ligt na het eindjaar {eind} van het plan"
                    )
