"""Wat: het plan heeft een begroting (`financien.begroting`) en elke prioriteit heeft een
begrotingsregel die haar noemt (`financien.begroting[].prioriteit`). Zonder begroting komt er één
melding; heeft geen enkele regel een prioriteit, dan één melding bij de begroting; anders één per
prioriteit zonder regel. Een kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de
regio hem aanzet.

Waarom: de lijn van analyse naar prioriteit, doel en aanpak eindigt in geld. Zonder budget per
prioriteit kan de raad niet zien of de aanpak haalbaar is en waar het geld naartoe gaat.

Hoe op te lossen: geef onder `financien.begroting` per jaar de bedragen, en zet bij elke regel die voor
één prioriteit is de `prioriteit` (haar `id`). Een regel zonder prioriteit is algemeen budget.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 1 (Check, punt 1.4: een logische lijn van
evaluatie en analyse via prioriteiten, doelen en aanpak naar budget).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP096"
SEVERITY = WARNING
TITLE = "de begroting geeft budget per prioriteit (CCV 1.4)"
NEEDS = ("prioriteiten",)
REGIO = False
KWALITEIT = True

PASSES = """
financien.begroting[1]: {jaar: 2028, bedrag: 40000}
"""
FAILS = """
financien.begroting[0].prioriteit: <weg>
"""
FAILS_AT = "financien.begroting"


def check(plan: PlanView):
    if not plan.has("financien"):
        yield Finding(("financien",), "het plan heeft geen begroting (financien ontbreekt)", missing=True)
        return
    if not plan.section_ok("financien"):
        return
    if plan.has("financien", "begroting") and not plan.section_ok("financien", "begroting"):
        return  # written, but not a list: IVP000 speaks
    if not plan.raw("financien", "begroting"):
        yield Finding(("financien",), "het plan heeft geen begrotingsregels (financien.begroting ontbreekt)")
        return
    named: set[str] = set()
    for i, line in plan.all_items("financien", "begroting"):
        if "prioriteit" not in line:
            continue
        path = ("financien", "begroting", i, "prioriteit")
        if not plan.element_ok(*path) or plan.holds_unresolved(*path):
            return  # IVP000 or IVP002 speaks first
        named.add(line["prioriteit"])
    if not named:
        yield Finding(
            ("financien", "begroting"),
            "geen begrotingsregel noemt een prioriteit; zet bij de regels de prioriteit waarvoor het bedrag is",
        )
        return
    for i, p in plan.first_items("prioriteiten"):  # a begrotingsregel's prioriteit is the first with the id
        if p.get("id") not in named:
            yield Finding(
                ("prioriteiten", i),
                f"prioriteit '{p.get('id')}' heeft geen begrotingsregel (financien.begroting[].prioriteit)",
            )
