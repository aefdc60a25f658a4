"""Wat: `ivplan cijfers` kan de reeks van een koppeling (`open_data`) niet lezen. Bijvoorbeeld: de
tabel staat niet in de mappen van `--bron` en is zonder `--online` niet opgehaald; de server kent de
tabel niet (404); de meetwaarde, een filtercode of de regio komt in de tabel niet voor; er is meer dan
één rij per periode (een dimensie zonder filter); of een CSV-bestand is geen StatLine-CSV. De melding
noemt de kolom en (hooguit tien) geldige waarden.

Waarom: zonder reeks kan ivplan niets invullen, en een half bijgewerkt plan is erger dan geen: het
plan wordt dan niet geschreven (exit 1). `validate` en `build` kijken niet naar de reeksen; zij
gebruiken het netwerk nooit.

Hoe op te lossen: volg de melding. Neem een code over uit de lijst van geldige waarden (CBS vult codes
aan met spaties; ivplan vergelijkt ze zonder), geef een filter voor elke dimensie behalve regio en
perioden, of download de tabel opnieuw (als CSV van StatLine, of de JSON-bestanden van de API in een
map met het tabelnummer als naam).

Bron: ivplan; de OData-API van het CBS (opendata.cbs.nl, dataderden.cbs.nl) en StatLine.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import PlanView

CODE = "IVP144"
SEVERITY = ERROR
TITLE = "de reeks van een koppeling kan niet worden gelezen (ivplan cijfers)"
NEEDS = ()
REGIO = False
# Reported by `ivplan cijfers` (app/cijfers.py), which reads the series: validate and build never use
# the network. The fragments are run through `ivplan cijfers --bron tests/data/open-data`.
CIJFERS = True

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
"""
FAILS = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "9.9.9"}
  perioden: maanden
"""
FAILS_AT = "meetbare_doelen[0].open_data"


def check(plan: PlanView):
    """Nothing to do here: `ivplan cijfers` reports IVP144 (see CIJFERS above)."""
    return ()
