"""Wat: een element staat in het verkeerde deel van een gezamenlijk plan. Alleen in deel A horen
`samenwerking`, `gemeenten`, `plan.titel`, `plan.periode`, `regionale_afstemming.regionaal_plan`,
`regionale_afstemming.driehoek` en `monitoring`; alleen in een deel B horen `gezamenlijk`, `gemeente`,
`plan.status`, `.versie`, `.datum`, `.vastgesteld_op`, `.portefeuillehouder`, `.contactpersoon`,
`regionale_afstemming.zienswijze_raad`, `organisatie`, `politie`, `financien` en `raadsvoorstel`. Het
element wordt genegeerd. Een deel A verwijst ook niet zelf naar een ander bestand (`gezamenlijk`).

Waarom: niets van deel A wordt overschreven. Deel A is voor alle gemeenten gelijk; een deel B is van
één raad. Zou een deel B de titel of de periode kunnen wijzigen, dan stelden de raden verschillende
plannen vast onder dezelfde naam. Gemeenten met verschillende perioden kunnen dus geen deel A delen.

Hoe op te lossen: verplaats het element naar het deel waar het hoort, of verwijder het. Wilt u een
eigen accent bij een bovenlokale prioriteit, schrijf dan in het deel B een doel bij die prioriteit.

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md): elk element heeft één plek.
"""

from ivplan.core.diagnostics import ERROR

CODE = "IVP123"
SEVERITY = ERROR
TITLE = "een element staat in het verkeerde deel (deel A of deel B)"
NEEDS = ()
GEZAMENLIJK = True
EISEN = False

PASSES = """
plan.samenvatting: Ons eigen accent.
"""
FAILS = """
plan.titel: Ons eigen plan
"""
FAILS_AT = "plan.titel"


def check(plan):
    """Reported when each part is split off (ivplan.validation.gezamenlijk.split)."""
    return ()
