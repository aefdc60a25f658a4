"""Wat: elk veiligheidsveld waarover de probleemanalyse een bevinding heeft, komt terug in een prioriteit
of een overig thema (`veiligheidsveld`). Eén melding per veld, bij de eerste bevinding erover. Een
kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de regio hem aanzet.

Waarom: een probleem dat de analyse vindt, vraagt een antwoord: een prioriteit, of een plaats onder de
overige thema's die gewoon aandacht krijgen. Anders blijft het liggen zonder dat iemand dat besloot.

Hoe op te lossen: neem het veld op in een prioriteit of in `overige_themas`, of schrijf bij de bevinding
waarom het geen aandacht nodig heeft (en laat dan de bevinding onder een ander veld vallen als dat beter
past).

Bron: CCV, Opstellen integraal veiligheidsplan, stap 1 (Check, punt 1.4: een logische lijn, en de tip
bij stap 1: een gevonden probleem krijgt een antwoord).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.ivp041_analyse_per_prioriteit import VELDEN

CODE = "IVP099"
SEVERITY = WARNING
TITLE = "elk veld met een bevinding krijgt een prioriteit of een overig thema (CCV 1.4)"
NEEDS = ("prioriteiten", "probleemanalyse", "probleemanalyse.bevindingen")
REGIO = False
KWALITEIT = True

PASSES = """
probleemanalyse.bevindingen[1]: {veiligheidsveld: fysieke_veiligheid, thema: brandveiligheid, tekst: Meer branden.}
overige_themas: [{thema: brandveiligheid, veiligheidsveld: fysieke_veiligheid, aanpak: Met de brandweer.}]
"""
FAILS = """
probleemanalyse.bevindingen[1]: {veiligheidsveld: fysieke_veiligheid, thema: brandveiligheid, tekst: Meer branden.}
"""
FAILS_AT = "probleemanalyse.bevindingen[1].veiligheidsveld"


def check(plan: PlanView):
    if plan.has("overige_themas") and not plan.section_ok("overige_themas"):
        return  # IVP000 says what is wrong with the list; which velden it answers is unclear
    answered = plan.texts("prioriteiten", key="veiligheidsveld") | plan.texts("overige_themas", key="veiligheidsveld")
    reported: set[str] = set()
    for i, bevinding in plan.all_items("probleemanalyse", "bevindingen"):
        veld = bevinding.get("veiligheidsveld")
        path = ("probleemanalyse", "bevindingen", i, "veiligheidsveld")
        if not isinstance(veld, str) or not plan.element_ok(*path) or veld in answered or veld in reported:
            continue
        reported.add(veld)
        yield Finding(
            path,
            f"de analyse heeft een bevinding over '{VELDEN.get(veld, veld)}', maar geen prioriteit of overig "
            "thema valt onder dat veiligheidsveld",
        )
