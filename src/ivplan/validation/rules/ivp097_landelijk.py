"""Wat: het plan zegt hoe het zich verhoudt tot de landelijke prioriteiten
(`regionale_afstemming.landelijk`). Een kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets`
of als de regio hem aanzet.

Waarom: lokale prioriteiten staan niet los van het landelijke beleid (de Veiligheidsagenda, de aanpak
van ondermijning, het programma tegen georganiseerde criminaliteit). Wie dat verband legt, kan
aansluiten op landelijke middelen en laat zien waar de gemeente bewust afwijkt.

Hoe op te lossen: beschrijf onder `regionale_afstemming.landelijk` welke landelijke prioriteiten het
plan oppakt en hoe.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 5 (Check, punt 5.4: relatie met landelijke en
regionale prioriteiten).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP097"
SEVERITY = WARNING
TITLE = "het plan legt het verband met landelijke prioriteiten (CCV 5.4)"
NEEDS = ("regionale_afstemming",)
REGIO = False
KWALITEIT = True

PASSES = """
regionale_afstemming.landelijk: Het plan sluit aan op de Veiligheidsagenda.
"""
FAILS = """
regionale_afstemming.landelijk: <weg>
"""
FAILS_AT = "regionale_afstemming"


def check(plan: PlanView):
    if not plan.has("regionale_afstemming", "landelijk"):
        yield Finding(
            ("regionale_afstemming", "landelijk"),
            "het plan zegt niet hoe het zich verhoudt tot landelijke prioriteiten "
            "(regionale_afstemming.landelijk ontbreekt)",
        )
