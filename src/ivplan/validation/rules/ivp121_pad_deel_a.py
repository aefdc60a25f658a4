"""Wat: het pad in `gezamenlijk` is absoluut (`/...`, `C:\\...`), gebruikt `\\`, eindigt niet op
`.yaml` of `.yml`, of leidt buiten de map van het deel B en de map daarboven (ook via een symbolische
koppeling). ivplan leest het bestand dan niet.

Waarom: een gezamenlijk plan staat bij elkaar: het deel A in de map van de deel B-bestanden of de map
erboven. Zo werkt het plan op elke computer en in elke map waarnaar het wordt gekopieerd, en leest
ivplan nooit bestanden elders op de schijf.

Hoe op te lossen: schrijf het pad relatief aan de map van het deel B, met `/`: `deel-a.yaml` als het
deel A in dezelfde map staat, `../deel-a.yaml` als het in de map erboven staat. Verplaats het deel A
zo nodig naar een van die mappen.

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md): lees niets elders.
"""

from ivplan.core.diagnostics import ERROR

CODE = "IVP121"
SEVERITY = ERROR
TITLE = "gezamenlijk: een relatief pad naar een .yaml-bestand in de map of de map erboven"
NEEDS = ()
GEZAMENLIJK = True
EISEN = False

PASSES = """
gezamenlijk: ../deel-a.yaml
"""
FAILS = """
gezamenlijk: ../../deel-a.yaml
"""
FAILS_AT = "gezamenlijk"


def check(plan):
    """Reported when the link is resolved (ivplan.validation.gezamenlijk.resolve_link)."""
    return ()
