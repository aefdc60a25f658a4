"""Wat: bij een cijfer per inwoners of woningen (`open_data.per`) ontbreekt de noemer voor een jaar,
of is hij 0: de tabel van de noemer heeft voor die regio en dat jaar geen waarde (het aantal inwoners
van het laatste jaar verschijnt vaak later dan de politiecijfers). Dat jaar wordt overgeslagen.

Waarom: zonder noemer is het cijfer per 1.000 inwoners niet te berekenen, en delen door 0 kan niet.
Een cijfer met de noemer van een ander jaar zou er net naast zitten, en dat ziet niemand.

Hoe op te lossen: meestal niets: draai `ivplan cijfers` opnieuw zodra de noemer is gepubliceerd.
Kies anders een meetwaarde voor de noemer die er wel is (bijvoorbeeld de bevolking op 1 januari in
plaats van het gemiddelde over het jaar).

Bron: ivplan; CBS, Regionale kerncijfers Nederland (70072ned).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import PlanView

CODE = "IVP148"
SEVERITY = WARNING
TITLE = "een jaar zonder noemer (per) is overgeslagen (ivplan cijfers)"
NEEDS = ()
REGIO = False
CIJFERS = True  # reported by `ivplan cijfers` (see ivp144_reeks_onleesbaar.py)

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
probleemanalyse.bronnen[4]:
  id: cbs-bevolking
  titel: Bevolking per gemeente
  jaar: 2026
  open_data: {tabel: 70072ned}
meetbare_doelen[0].eenheid: per 1.000 inwoners
meetbare_doelen[0].nulmeting: {waarde: 3.9, jaar: 2026}
meetbare_doelen[0].streefwaarde: {waarde: 3.0, jaar: 2030}
meetbare_doelen[0].metingen: <weg>
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
  per: {bron: cbs-bevolking, meetwaarde: TotaleBevolking_1, schaal: 1000}
"""
FAILS = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
probleemanalyse.bronnen[4]:
  id: cbs-bevolking
  titel: Bevolking per gemeente
  jaar: 2026
  open_data: {tabel: 70072ned}
meetbare_doelen[0].eenheid: per 1.000 inwoners
meetbare_doelen[0].nulmeting: {waarde: 3.9, jaar: 2026}
meetbare_doelen[0].streefwaarde: {waarde: 3.0, jaar: 2030}
meetbare_doelen[0].metingen: <weg>
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
  per: {bron: cbs-bevolking, meetwaarde: GemiddeldAantalInwoners_51, schaal: 1000}
"""
FAILS_AT = "meetbare_doelen[0].open_data"


def check(plan: PlanView):
    """Nothing to do here: `ivplan cijfers` reports IVP148."""
    return ()
