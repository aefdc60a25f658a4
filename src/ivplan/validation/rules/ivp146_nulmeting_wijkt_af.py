"""Wat: de nulmeting van een gekoppeld doel verschilt van de gepubliceerde waarde van haar jaar.
`ivplan cijfers` laat de nulmeting staan en meldt het verschil. Alleen met `--nulmeting` neemt het
de gepubliceerde waarde over (en toont het die wijziging).

Waarom: de nulmeting is het vertrekpunt dat de raad met het plan heeft vastgesteld; de streefwaarde
en het oordeel in de voortgangsrapportage rusten erop. Een nulmeting die stilzwijgend verandert, maakt
een doel ongemerkt makkelijker of moeilijker. Een herzien cijfer is wel reden om het gesprek te
voeren.

Hoe op te lossen: beoordeel het verschil. Is de nulmeting verouderd (een voorlopig cijfer dat
definitief is geworden), draai dan `ivplan cijfers --nulmeting` en overweeg of de streefwaarde
mee moet; die verandert ivplan nooit.

Bron: ivplan; Politiewet 2012 art. 38b (de raad stelt de doelen vast).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import PlanView

CODE = "IVP146"
SEVERITY = WARNING
TITLE = "de nulmeting wijkt af van de gepubliceerde waarde en blijft staan (ivplan cijfers)"
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
meetbare_doelen[0].nulmeting.waarde: 96
"""
FAILS_AT = "meetbare_doelen[0].nulmeting.waarde"


def check(plan: PlanView):
    """Nothing to do here: `ivplan cijfers` reports IVP146."""
    return ()
