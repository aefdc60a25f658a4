"""Wat: een regionaal speerpunt onder `regionale_afstemming.speerpunten` dat niet aan een lokale
prioriteit is gekoppeld (geen `prioriteit`), heeft een `toelichting`.

Waarom: het lokale plan moet zijn verhouding tot de regionale prioriteiten uitleggen. Neemt de
gemeente een regionaal speerpunt niet over als eigen prioriteit, dan legt het plan uit waarom niet,
en hoe de gemeente toch bijdraagt (bijvoorbeeld via het RIEC of het basisteam). Zo kan de regio zien
dat het speerpunt bewust is afgewogen.

Hoe op te lossen: koppel het speerpunt aan een lokale prioriteit (`prioriteit: <id>`) of schrijf een
`toelichting`: waarom het geen lokale prioriteit is en hoe de gemeente eraan bijdraagt.

Bron: CCV, stappenplan integraal veiligheidsplan, stap 5 (afstemming met de regionale prioriteiten).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP030"
SEVERITY = ERROR
TITLE = "een regionaal speerpunt zonder lokale prioriteit heeft een toelichting"
NEEDS = ("regionale_afstemming", "regionale_afstemming.speerpunten")
REGIO = False

PASSES = """
regionale_afstemming.speerpunten[0]: {speerpunt: ondermijning, prioriteit: woninginbraak}
"""
FAILS = """
regionale_afstemming.speerpunten[0].toelichting: <weg>
"""
FAILS_AT = "regionale_afstemming.speerpunten[0]"


def check(plan: PlanView):
    path = ("regionale_afstemming", "speerpunten")
    for i, s in plan.items(*path):
        toelichting = s.get("toelichting")
        if "prioriteit" in s or (isinstance(toelichting, str) and toelichting.strip()):
            continue  # a toelichting of only whitespace explains nothing (the check shows it as missing)
        yield Finding(
            path + (i, "toelichting"),
            f"regionaal speerpunt '{s.get('speerpunt')}' is niet aan een lokale prioriteit gekoppeld en "
            "heeft geen toelichting; leg uit waarom het geen lokale prioriteit is en hoe de gemeente "
            "eraan bijdraagt, of vul 'prioriteit' in",
        )
