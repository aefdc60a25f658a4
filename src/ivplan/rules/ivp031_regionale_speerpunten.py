"""Wat: (alleen met een regiobestand, `--regio`) elk speerpunt uit `speerpunten` van het regiobestand
staat in het plan onder `regionale_afstemming.speerpunten` (met `speerpunt: <id>`), gekoppeld aan
een lokale prioriteit of met een toelichting.

Waarom: het lokale plan is ingebed in de regionale veiligheidsstrategie. Het regiobureau wil per
gemeente zien hoe elk regionaal speerpunt lokaal is opgepakt: als eigen prioriteit, of bewust niet,
met uitleg (zie IVP030).

Hoe op te lossen: voeg het speerpunt toe onder `regionale_afstemming.speerpunten`, met de id uit het
regiobestand, en koppel het aan een prioriteit (`prioriteit: <id>`) of schrijf een `toelichting`.

Bron: regionale inbedding van het lokale plan; CCV, stappenplan integraal veiligheidsplan, stap 5.
"""

from ..diagnostics import ERROR
from .base import Finding, PlanView

CODE = "IVP031"
SEVERITY = ERROR
TITLE = "elk speerpunt van het regiobestand staat in het plan"
NEEDS = ("regionale_afstemming", "regionale_afstemming.speerpunten")
REGIO = True

PASSES = """
regio.speerpunten[0].titel: Ondermijnende criminaliteit
"""
FAILS = """
regio.speerpunten[1]: {id: cybercrime, titel: Gedigitaliseerde criminaliteit}
"""
FAILS_AT = "regionale_afstemming.speerpunten"


def check(plan: PlanView):
    path = ("regionale_afstemming", "speerpunten")
    # Every entry counts as written: an entry with a schema error (IVP000) still names its speerpunt.
    present = {s.get("speerpunt") for _, s in plan.all_items(*path)}
    for sp in plan.regio.speerpunten:
        if sp["id"] not in present:
            titel = f" ({sp['titel']})" if sp.get("titel") else ""
            yield Finding(path,
                          f"regionaal speerpunt '{sp['id']}'{titel} ontbreekt; neem het op met een lokale "
                          "prioriteit of een toelichting")
