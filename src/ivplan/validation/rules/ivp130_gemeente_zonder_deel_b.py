"""Wat: een gemeente uit de `gemeenten` van deel A heeft geen deel B in de set: geen `.yaml`-bestand in
de map van deel A of een directe submap daarvan dat met `gezamenlijk` naar dit deel A verwijst en haar
CBS-code heeft. De melding staat in deel A, bij de gemeente. Zolang een bestand van de set niet te
lezen is, zwijgt deze regel (dat bestand kan het ontbrekende deel B zijn).

Waarom: elke raad stelt zijn eigen versie van het plan vast: deel A met het eigen deel B. Zonder deel B
heeft de gemeente geen plan om vast te stellen.

Hoe op te lossen: schrijf het deel B van de gemeente (een plan met `gezamenlijk: ../deel-a.yaml`,
`gemeente` en `plan.status` en `plan.portefeuillehouder`) in de map van deel A of een submap, of haal
de gemeente uit `gemeenten` als zij niet meedoet.

Bron: Politiewet 2012, artikel 38b (de raad van elke gemeente stelt de doelen vast); ivplan,
gezamenlijke plannen (docs/gezamenlijke-plannen.md).
"""

from ivplan.core.diagnostics import WARNING

CODE = "IVP130"
SEVERITY = WARNING
TITLE = "elke gemeente van deel A heeft een deel B"
NEEDS = ()
GEZAMENLIJK = True
FILE_OBJECT = "deel_a"  # reported in deel A's file object

PASSES = """
deel_a.gemeenten[1].naam: Tweededorp
"""
FAILS = """
deel_a.gemeenten[2]: {naam: Derdedorp, cbs_code: GM9003}
"""
FAILS_AT = "gemeenten[2]"


def message(gemeente: dict, deel_a: str) -> str:
    return (
        f"gemeente {gemeente.get('naam')} ({gemeente.get('cbs_code')}) heeft geen deel B dat naar {deel_a} "
        "verwijst (in deze map of een submap); elke raad stelt zijn eigen versie vast"
    )


def check(plan):
    """Reported over the set of a deel A (ivplan.validation.lint.JointRun)."""
    return ()
