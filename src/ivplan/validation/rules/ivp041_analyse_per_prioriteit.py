"""Wat: voor het veiligheidsveld van elke prioriteit (`prioriteiten[].veiligheidsveld`) staat ten
minste één bevinding in de probleemanalyse (`probleemanalyse.bevindingen[].veiligheidsveld`).

Waarom: een prioriteit moet rusten op de analyse: de probleemanalyse laat zien waarom juist dit
onderwerp aandacht verdient. Een prioriteit in een veiligheidsveld waarover de analyse niets zegt, is
niet onderbouwd.

Hoe op te lossen: voeg een bevinding toe over het veiligheidsveld van de prioriteit, met de cijfers
en bronnen die de keuze onderbouwen. Of controleer of het veiligheidsveld van de prioriteit klopt.

Bron: VNG/CCV, Kernbeleid Veiligheid (de vijf veiligheidsvelden); CCV, stappenplan integraal
veiligheidsplan (van probleemanalyse naar prioriteiten).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP041"
SEVERITY = WARNING
TITLE = "het veiligheidsveld van elke prioriteit komt voor in de probleemanalyse"
NEEDS = ("prioriteiten", "probleemanalyse", "probleemanalyse.bevindingen")
REGIO = False

PASSES = """
probleemanalyse.bevindingen[1]: {veiligheidsveld: jeugd_en_veiligheid, thema: jeugdoverlast, tekst: Meer meldingen.}
"""
FAILS = """
prioriteiten[0].veiligheidsveld: bedrijvigheid_en_veiligheid
"""
FAILS_AT = "prioriteiten[0].veiligheidsveld"

VELDEN = {
    "veilige_woon_en_leefomgeving": "Veilige woon- en leefomgeving",
    "bedrijvigheid_en_veiligheid": "Bedrijvigheid en veiligheid",
    "jeugd_en_veiligheid": "Jeugd en veiligheid",
    "fysieke_veiligheid": "Fysieke veiligheid",
    "integriteit_en_veiligheid": "Integriteit en veiligheid",
}


def check(plan: PlanView):
    # Every bevinding counts as written: one with a schema error elsewhere still covers its veld.
    velden = plan.texts("probleemanalyse", "bevindingen", key="veiligheidsveld")
    for i, p in plan.items("prioriteiten"):
        veld = p.get("veiligheidsveld")
        if isinstance(veld, str) and veld not in velden:
            yield Finding(
                ("prioriteiten", i, "veiligheidsveld"),
                f"prioriteit '{p.get('id')}' valt onder '{VELDEN.get(veld, veld)}', maar de "
                "probleemanalyse heeft geen bevinding over dat veiligheidsveld",
            )
