"""Wat: de periode van het regionale plan overlapt de periode van het lokale plan (ten minste één
jaar ligt in beide). Zonder regiobestand is het regionale plan `regionale_afstemming.regionaal_plan`
uit het plan zelf; met een regiobestand (`--regio`) is het de `regionaal_plan` uit dat bestand. Het
document toont altijd wat het plan zelf onder `regionaal_plan` noemt.

Waarom: lokale en regionale plannen werken het best als hun cycli op elkaar aansluiten. Overlappen
de periodes niet, dan verwijst het plan waarschijnlijk naar een verouderd of een verkeerd regionaal
plan.

Hoe op te lossen: controleer de periode van het regionale plan en verwijs naar het regionale plan
dat tijdens uw planperiode geldt (of straks gaat gelden; een ontwerp mag, zie IVP036).

Bron: ivplan; afstemming van de lokale en regionale beleidscycli (Politiewet 2012, artikel 39).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView, periode_jaren

CODE = "IVP033"
SEVERITY = WARNING
TITLE = "de periode van het regionale plan overlapt die van het plan"
NEEDS = ("plan.periode",)
REGIO = False

PASSES = """
regionale_afstemming.regionaal_plan.periode: {start: 2023, eind: 2027}
"""
FAILS = """
regionale_afstemming.regionaal_plan.periode: {start: 2022, eind: 2026}
"""
FAILS_AT = "regionale_afstemming.regionaal_plan.periode"


def check(plan: PlanView):
    start, eind = plan.needed_periode
    if plan.regio is not None:
        rp = plan.regio.regionaal_plan or {}
        regionaal = periode_jaren(rp.get("periode"))
        path: tuple[str, ...] = ("plan", "periode")
        waar = f"het regionale plan in {plan.regio.file}"
    else:
        regionaal = periode_jaren(plan.get("regionale_afstemming", "regionaal_plan", "periode"))
        path = ("regionale_afstemming", "regionaal_plan", "periode")
        waar = "het regionale plan"
    if regionaal is None:
        return
    r_start, r_eind = regionaal
    if r_eind < r_start:
        yield Finding(
            path, f"de periode van {waar} loopt achteruit ({r_start}-{r_eind}); controleer begin- en eindjaar"
        )
    elif max(start, r_start) > min(eind, r_eind):
        titel = (
            rp.get("titel") if plan.regio is not None else plan.get("regionale_afstemming", "regionaal_plan", "titel")
        )
        naam = f" ('{titel}')" if titel else ""
        yield Finding(
            path, f"{waar}{naam} loopt van {r_start} tot en met {r_eind} en overlapt de planperiode {start}-{eind} niet"
        )
