"""Wat: de probleemanalyse heeft bronnen van elk van de soorten `politie`, `openbaar_ministerie` en
`gemeente` (`probleemanalyse.bronnen[].soort`). Eén melding noemt de soorten die ontbreken en de
bronnen zonder `soort`. Een kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de
regio hem aanzet.

Waarom: een analyse die op één bron rust, ziet maar een deel van het probleem. Politiecijfers tonen wat
gemeld en geregistreerd wordt, het OM (ook Halt en reclassering) wat tot vervolging leidt, en de eigen
registraties van de gemeente (meldingen, handhaving, zorg) wat bij haar binnenkomt.

Hoe op te lossen: geef elke bron een `soort` en voeg bronnen toe van de soorten die ontbreken.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 4 (Check, punt 4.3: objectieve cijfers van
politie, OM en gemeente).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.core.formatting import opsomming
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.vocabulary import default_display_name

CODE = "IVP092"
SEVERITY = WARNING
TITLE = "de analyse heeft cijfers van politie, OM en gemeente (CCV 4.3)"
NEEDS = ("probleemanalyse", "probleemanalyse.bronnen")
REGIO = False
KWALITEIT = True

PASSES = """
probleemanalyse.bronnen[0].soort: politie
"""
FAILS = """
probleemanalyse.bronnen[2].soort: overig
"""
FAILS_AT = "probleemanalyse.bronnen"

OBJECTIEF = ("politie", "openbaar_ministerie", "gemeente")


def soorten(plan: PlanView) -> tuple[set[str], list[str]] | None:
    """(the valid soorten of the bronnen, the ids of bronnen without soort), or None when a bron's soort
    failed the schema (the rule is then silent: IVP000 speaks)."""
    present: set[str] = set()
    zonder: list[str] = []
    for i, bron in plan.all_items("probleemanalyse", "bronnen"):
        if "soort" not in bron:
            zonder.append(str(bron.get("id") or f"bronnen[{i}]"))
        elif not plan.element_ok("probleemanalyse", "bronnen", i, "soort"):
            return None
        else:
            present.add(bron["soort"])
    return present, zonder


def check(plan: PlanView):
    found = soorten(plan)
    if found is None:
        return
    present, zonder = found
    missing = tuple(s for s in OBJECTIEF if s not in present)
    if not missing:
        return
    message = f"de analyse heeft geen bron van de soort {opsomming(default_display_name(s) for s in missing)}"
    if zonder:
        message += f"; bronnen zonder soort: {', '.join(zonder)}"
    yield Finding(("probleemanalyse", "bronnen"), message, missing)
