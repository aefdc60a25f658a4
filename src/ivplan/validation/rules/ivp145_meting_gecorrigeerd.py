"""Wat: een meting of cijfer dat niet als `voorlopig` is gemarkeerd, verschilt van de gepubliceerde
waarde van zijn eigen jaar. `ivplan cijfers` neemt de gepubliceerde waarde over en meldt de
correctie (oud → nieuw). Een meting die wel `voorlopig: true` had, wordt zonder melding bijgewerkt:
voorlopige cijfers veranderen nu eenmaal.

Waarom: het CBS en de politie herzien cijfers (voorlopige cijfers worden na een of twee jaar
definitief, en soms verbeteren ze een fout). Het plan moet de gepubliceerde waarde tonen; maar een
cijfer dat als definitief in het plan stond en toch verandert, verdient aandacht: misschien is er in
het plan iets anders bedoeld of overgetypt.

Hoe op te lossen: niets, als de correctie klopt. Was de waarde bewust anders (een eigen telling),
haal dan de koppeling `open_data` weg bij dat doel of cijfer.

Bron: ivplan; CBS, geregistreerde criminaliteit: voorlopige cijfers in maart van het volgende jaar,
definitief na twee jaar.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import PlanView

CODE = "IVP145"
SEVERITY = WARNING
TITLE = "een meting of cijfer is gecorrigeerd naar de gepubliceerde waarde (ivplan cijfers)"
NEEDS = ()
REGIO = False
CIJFERS = True  # reported by `ivplan cijfers` (see ivp144_reeks_onleesbaar.py)

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
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
meetbare_doelen[0].metingen[0].waarde: 81
"""
FAILS_AT = "meetbare_doelen[0].metingen[0].waarde"


def check(plan: PlanView):
    """Nothing to do here: `ivplan cijfers` reports IVP145."""
    return ()
