"""Wat: een jaar waarvoor `ivplan cijfers` een meting zou invullen, heeft in de tabel geen
gepubliceerde waarde: de cel is leeg, `.` (gegevens ontbreken) of `x` (geheim), het jaar staat
niet in de tabel, of (bij `perioden: maanden`) er ontbreekt een maand. Dat jaar wordt overgeslagen;
een meting die er al staat, blijft staan.

Waarom: een ontbrekend cijfer is geen nul. ivplan vult alleen in wat gepubliceerd is; `-` (nihil) is
wel een waarde: 0.

Hoe op te lossen: meestal niets: het cijfer komt later, of de tabel begint pas later. Begint de reeks
van het doel eerder dan de tabel, zet dan `open_data.vanaf` op het eerste jaar met cijfers. Past de
tabel niet (te klein voor geheimhouding), kies dan een grotere regio.

Bron: CBS, verklaring van tekens (`.` gegevens ontbreken, `x` geheim, `-` nihil).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import PlanView

CODE = "IVP147"
SEVERITY = WARNING
TITLE = "een jaar zonder gepubliceerde waarde is overgeslagen (ivplan cijfers)"
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
  vanaf: 2019
"""
FAILS_AT = "meetbare_doelen[0].open_data"


def check(plan: PlanView):
    """Nothing to do here: `ivplan cijfers` reports IVP147."""
    return ()
