"""Wat: een prioriteit in een deel B heeft dezelfde `titel` als een prioriteit van deel A (hoofdletters
en spaties tellen niet mee).

Waarom: een lokaal accent bij een gedeelde prioriteit is een lokaal doel bij die prioriteit, geen tweede
prioriteit met dezelfde naam: dan staat het onderwerp twee keer in het plan, met twee aanpakken.

Hoe op te lossen: schrap de prioriteit in het deel B en schrijf in `meetbare_doelen` van het deel B een
doel met `prioriteit: <id van de prioriteit in deel A>`. Is het echt een ander onderwerp, geef het dan
een titel die het verschil zegt.

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md): een lokaal accent is een lokaal doel.
"""

import re

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP133"
SEVERITY = WARNING
TITLE = "een prioriteit van deel B herhaalt geen prioriteit van deel A"
NEEDS = ("prioriteiten",)
JOINT = True

PASSES = """
prioriteiten[0].titel: Veilig uitgaan in het centrum
"""
FAILS = """
prioriteiten[0].titel: " Woning inbraak"
"""
FAILS_AT = "prioriteiten[0].titel"


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def check(plan: PlanView):
    n = plan.needed_joint.counts.get(("prioriteiten",), 0)
    shared: dict[str, tuple[int, dict]] = {}
    for i, p in plan.items("prioriteiten"):
        if i < n and isinstance(p.get("titel"), str):
            shared.setdefault(_key(p["titel"]), (i, p))
    for i, p in plan.items("prioriteiten"):
        if i >= n and isinstance(p.get("titel"), str) and _key(p["titel"]) in shared:
            j, other = shared[_key(p["titel"])]
            yield Finding(
                ("prioriteiten", i, "titel"),
                f"prioriteit '{p['titel'].strip()}' staat al in deel A ({plan.where(('prioriteiten', j))}, id "
                f"'{other.get('id')}'); schrijf een lokaal doel bij die prioriteit in plaats van een eigen prioriteit",
            )
