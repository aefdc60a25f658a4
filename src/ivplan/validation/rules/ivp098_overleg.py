"""Wat: het plan noemt het periodieke overleg met partners over de uitvoering (`monitoring.overleg`), en
ten minste één overleg heeft de politie als deelnemer (een partner van de soort `politie`). Een
kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de regio hem aanzet.

Waarom: een plan wordt uitgevoerd door de gemeente en haar partners samen. Wie met wie hoe vaak
overlegt, bepaalt of partners kunnen bijsturen als het niet loopt; de politie hoort daar in elk geval
bij.

Hoe op te lossen: voeg onder `monitoring.overleg` het overleg toe met `naam`, `frequentie`, `partners`
(de ids van de deelnemers) en eventueel `onderwerp`, en zet de politie bij de deelnemers.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 9 (Check, punt 9.2: periodiek overleg met
partners).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP098"
SEVERITY = WARNING
TITLE = "het plan noemt het overleg met partners over de uitvoering (CCV 9.2)"
NEEDS = ("monitoring",)
REGIO = False
KWALITEIT = True

PASSES = """
monitoring.overleg[1]: {naam: Driehoek, frequentie: elk kwartaal, partners: [om]}
"""
FAILS = """
monitoring.overleg[0].partners: [gemeente]
"""
FAILS_AT = "monitoring.overleg"

ZONDER_OVERLEG = "zonder_overleg"
ZONDER_POLITIE = "zonder_politie"


def check(plan: PlanView):
    if not plan.has("monitoring", "overleg"):
        yield Finding(
            ("monitoring", "overleg"),
            "het plan noemt geen periodiek overleg met partners over de uitvoering (monitoring.overleg ontbreekt)",
            (ZONDER_OVERLEG,),
        )
        return
    if not plan.section_ok("monitoring", "overleg") or not plan.section_ok("partners"):
        return
    if not all(isinstance(overleg, dict) for overleg in plan.raw("monitoring", "overleg")):
        return  # an overleg that is no mapping: its partners fail, IVP000 speaks
    politie = {
        p["id"] for _, p in plan.all_items("partners") if p.get("soort") == "politie" and isinstance(p.get("id"), str)
    }
    for i, overleg in plan.all_items("monitoring", "overleg"):
        path = ("monitoring", "overleg", i, "partners")
        if not plan.element_ok(*path) or plan.holds_unresolved(*path):
            return  # IVP000 or IVP002 speaks first
        if politie & set(overleg.get("partners") or []):
            return
    yield Finding(
        ("monitoring", "overleg"),
        "geen overleg over de uitvoering heeft de politie als deelnemer (een partner van de soort politie)",
        (ZONDER_POLITIE,),
    )
