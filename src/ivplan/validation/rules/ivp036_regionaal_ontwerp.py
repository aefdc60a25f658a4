"""Wat: het plan is vastgesteld (`plan.status: vastgesteld`) terwijl het regionale plan nog een
ontwerp is (`regionaal_plan.status: ontwerp`). Zonder regiobestand geldt het regionale plan uit
`regionale_afstemming.regionaal_plan`; met een regiobestand (`--regio`) de `regionaal_plan` uit dat
bestand (zonder `status` is een regionaal plan vastgesteld).

Waarom: regionale plannen worden vaak na de lokale plannen vastgesteld; een lokaal plan verwijst dan
naar het ontwerp. Dat is toegestaan, maar het vastgestelde regionale plan kan nog afwijken. Toets het
plan daarom opnieuw als het regionale plan is vastgesteld.

Hoe op te lossen: controleer het plan tegen het vastgestelde regionale plan zodra dat er is, en
werk daarna `regionaal_plan.status` en `vastgesteld_op` bij.

Bron: ivplan; afstemming met het regionale beleidsplan.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.vocabulary import default_value

CODE = "IVP036"
SEVERITY = WARNING
TITLE = "een vastgesteld plan verwijst naar een regionaal plan dat nog een ontwerp is"
NEEDS = ("plan",)
REGIO = False

PASSES = """
plan.status: vastgesteld
plan.vastgesteld_op: "2027-01-28"
regionale_afstemming.regionaal_plan.status: vastgesteld
"""
FAILS = """
plan.status: vastgesteld
plan.vastgesteld_op: "2027-01-28"
regionale_afstemming.regionaal_plan.status: ontwerp
"""
FAILS_AT = "regionale_afstemming.regionaal_plan.status"


def check(plan: PlanView):
    if plan.get("plan", "status") != "vastgesteld":
        return
    if plan.regio is not None:
        rp = plan.regio.regionaal_plan or {}
        status = rp.get("status", default_value("regionaal_plan.status", "regio"))
        path: tuple[str, ...] = ("plan", "status")
        waar = f"het regionale plan in {plan.regio.file}"
    else:
        rp_path = ("regionale_afstemming", "regionaal_plan")
        if not plan.section_ok(*rp_path):
            return
        standaard = default_value("regionale_afstemming.regionaal_plan.status")
        status = plan.get(*rp_path, "status", default=None if plan.has(*rp_path, "status") else standaard)
        path = rp_path + ("status",)
        rp = plan.raw(*rp_path)
        waar = "het regionale plan"
    if status == "ontwerp":
        titel = f" ('{rp['titel']}')" if isinstance(rp.get("titel"), str) else ""
        yield Finding(
            path,
            f"het plan is vastgesteld, maar {waar}{titel} is nog een ontwerp; toets het plan "
            "opnieuw zodra het regionale plan is vastgesteld",
        )
