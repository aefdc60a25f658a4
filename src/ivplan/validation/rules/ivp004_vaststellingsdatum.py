"""Wat: een plan met `plan.status: vastgesteld` noemt in `plan.vastgesteld_op` de datum van het
raadsbesluit waarmee het is vastgesteld.

Waarom: een vastgesteld plan berust op een besluit van de gemeenteraad; die datum hoort in het
document en bepaalt wanneer het volgende plan uiterlijk moet worden vastgesteld (zie IVP005). Een
plan dat nog niet door de raad is vastgesteld, heeft de status `concept` of `ontwerp`.

Hoe op te lossen: vul `plan.vastgesteld_op` in met de datum van de raadsvergadering, tussen
aanhalingstekens als "JJJJ-MM-DD" (bijvoorbeeld `vastgesteld_op: "2027-01-28"`). Is het plan nog niet
vastgesteld, zet dan `status: ontwerp` of `status: concept`.

Bron: Politiewet 2012, artikel 38b, eerste lid (de raad stelt de doelen vast).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP004"
SEVERITY = ERROR
TITLE = "een vastgesteld plan noemt de datum van het raadsbesluit"
NEEDS = ("plan",)
REGIO = False

PASSES = """
plan.status: vastgesteld
plan.vastgesteld_op: "2027-01-28"
"""
FAILS = """
plan.status: vastgesteld
"""
FAILS_AT = "plan"


def check(plan: PlanView):
    # The finding names the missing date; the linter points at the deepest element that exists
    # (`plan`), as for every missing element. A vastgesteld_op that is present but wrong
    # is IVP000's business, not this rule's.
    if plan.get("plan", "status") == "vastgesteld" and not plan.has("plan", "vastgesteld_op"):
        yield Finding(
            ("plan", "vastgesteld_op"),
            "het plan heeft de status 'vastgesteld', maar plan.vastgesteld_op (de datum van het "
            "raadsbesluit) ontbreekt",
        )
