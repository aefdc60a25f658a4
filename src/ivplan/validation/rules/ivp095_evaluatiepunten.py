"""Wat: een plan met een evaluatie van het vorige plan (`plan.evaluatie_vorig_plan`) noemt ook de sterke
punten (`plan.evaluatie_sterke_punten`) en de verbeterpunten (`plan.evaluatie_verbeterpunten`) die
eruit volgen; één melding per ontbrekende lijst. Een kwaliteitsregel: alleen met `--kwaliteit`, in
`ivplan toets` of als de regio hem aanzet.

Waarom: een evaluatie is pas bruikbaar als ze zegt wat blijft en wat anders moet. Staan de sterke punten
en de verbeterpunten apart op een rij, dan ziet de raad hoe het nieuwe plan erop voortbouwt.

Hoe op te lossen: zet de uitkomst van de evaluatie in twee lijsten: `evaluatie_sterke_punten` en
`evaluatie_verbeterpunten` onder `plan`, elk met ten minste één punt.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 3 (Check, punten 3.2: sterke punten benoemd, en
3.3: verbeterpunten benoemd).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP095"
SEVERITY = WARNING
TITLE = "de evaluatie noemt sterke punten en verbeterpunten (CCV 3.2, 3.3)"
NEEDS = ("plan",)
REGIO = False
KWALITEIT = True

PASSES = """
plan.evaluatie_verbeterpunten: [Meer aandacht voor preventie., Een vaste contactpersoon voor ondernemers.]
"""
FAILS = """
plan.evaluatie_sterke_punten: <weg>
"""
FAILS_AT = "plan"

LIJSTEN = (
    ("evaluatie_sterke_punten", "sterke punten"),
    ("evaluatie_verbeterpunten", "verbeterpunten"),
)


def check(plan: PlanView):
    if not plan.has("plan", "evaluatie_vorig_plan"):
        return  # IVP043 asks for the evaluation itself
    for key, what in LIJSTEN:
        if not plan.has("plan", key):
            yield Finding(
                ("plan", key),
                f"de evaluatie van het vorige plan noemt geen {what} (plan.{key} ontbreekt)",
            )
