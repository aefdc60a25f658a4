"""Wat: het plan noemt in `regionale_afstemming.driehoek.besproken_op` de datum waarop het in de
lokale driehoek (burgemeester, officier van justitie en politie) is besproken.

Waarom: in de driehoek maken burgemeester en officier van justitie afspraken over de inzet van de
politie, op basis van de doelen die de gemeenteraad volgens artikel 38b heeft vastgesteld (Politiewet
2012, artikel 13, tweede lid). Bespreking in de driehoek hoort dus bij het plan, en de datum laat zien
dat die heeft plaatsgevonden.

Hoe op te lossen: vul de datum in als "JJJJ-MM-DD" (bijvoorbeeld
`driehoek: {besproken_op: "2026-10-05"}`) en beschrijf eventueel onder `driehoek.afspraken` wat is
afgesproken. Is het plan nog niet besproken, dan mag de waarschuwing blijven staan tot het zover is.

Bron: Politiewet 2012, artikel 13, tweede lid; artikel 38b.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP034"
SEVERITY = WARNING
TITLE = "de datum van de bespreking in de driehoek staat in het plan"
NEEDS = ("regionale_afstemming",)
REGIO = False

PASSES = """
regionale_afstemming.driehoek: {besproken_op: "2026-11-02", afspraken: Extra inzet op woninginbraak.}
"""
FAILS = """
regionale_afstemming.driehoek: {afspraken: Extra inzet op woninginbraak.}
"""
FAILS_AT = "regionale_afstemming.driehoek"


def check(plan: PlanView):
    ra = ("regionale_afstemming",)
    if plan.has(*ra, "driehoek") and not plan.section_ok(*ra, "driehoek"):
        return  # driehoek is there but not a section: IVP000
    if plan.has(*ra, "driehoek", "besproken_op"):
        return  # present (a bad date is IVP000's)
    yield Finding(
        ra + ("driehoek", "besproken_op"),
        "de datum waarop het plan in de driehoek is besproken (driehoek.besproken_op) ontbreekt",
    )
