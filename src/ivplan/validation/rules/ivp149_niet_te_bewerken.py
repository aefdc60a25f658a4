"""Wat: `ivplan cijfers` kan het plan niet bijwerken zonder andere tekst te raken: de waarde of lijst
die moet veranderen staat in een lijst of sectie tussen `[ ]` of `{ }` die over meerdere regels
loopt, of het doel zelf is als één sectie tussen `{ }` geschreven. Er wordt dan niets geschreven.

Waarom: het plan is met de hand geschreven; commentaar, volgorde, aanhalingstekens en witregels
blijven precies zoals ze zijn. ivplan verandert alleen de waarden die veranderen, en kan dat in zo'n
constructie niet zonder de rest opnieuw op te maken. Vóór het schrijven leest ivplan de nieuwe tekst
terug; geeft die niet precies de bedoelde gegevens, dan is dat ook IVP149.

Hoe op te lossen: schrijf de lijst of sectie als blok (één sleutel of één `- ` per regel) of zet
haar op één regel, en draai `ivplan cijfers` opnieuw.

Bron: ivplan; YAML 1.2 (blok- en flowstijl).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import PlanView

CODE = "IVP149"
SEVERITY = ERROR
TITLE = "het plan kan niet worden bijgewerkt zonder andere tekst te raken (ivplan cijfers)"
NEEDS = ()
REGIO = False
CIJFERS = True  # reported by `ivplan cijfers` (see ivp144_reeks_onleesbaar.py)
# The failing plan is written in flow style throughout ({...} and [...] over many lines): the same
# fragment that passes in block style cannot be edited in place there.
FAILS_STYLE = "flow"

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
  vanaf: 2021
"""
FAILS = PASSES
FAILS_AT = "meetbare_doelen[0]"


def check(plan: PlanView):
    """Nothing to do here: `ivplan cijfers` reports IVP149."""
    return ()
