"""Wat: een meetbaar doel of een cijfer met `open_data` (een koppeling aan een gepubliceerde reeks)
verwijst met `bron` naar een bron die zelf `open_data` heeft: het tabelnummer van CBS StatLine of
data.politie.nl, zoals `open_data: {tabel: 47013NED, catalogus: politie}`.

Waarom: de koppeling op het doel of cijfer zegt alleen wélke reeks (meetwaarde, filters, regio); de
tabel staat bij de bron, zodat alle doelen en cijfers uit dezelfde tabel die één keer noemen en het
plandocument bij de bron kan vermelden waar de cijfers vandaan komen. Zonder tabel weet
`ivplan cijfers` niet waar het moet zoeken.

Hoe op te lossen: geef de bron van het doel of cijfer een `open_data` met het tabelnummer (te vinden
in het webadres van de tabel op StatLine of data.politie.nl), of verwijs naar de bron die de tabel al
noemt.

Bron: ivplan; `ivplan cijfers` (cijfers uit open data van het CBS en de politie).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.bindings import bound_items, bronnen

CODE = "IVP140"
SEVERITY = ERROR
TITLE = "een doel of cijfer met open_data heeft een bron met open_data"
NEEDS = ("probleemanalyse.bronnen",)
REGIO = False

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
"""
FAILS = """
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
"""
FAILS_AT = "meetbare_doelen[0].open_data"


def check(plan: PlanView):
    by_id = bronnen(plan)
    for path, item, what in bound_items(plan):
        bron_id = item.get("bron")
        if plan.holds_unresolved(*path, "bron") or bron_id not in by_id:
            continue  # IVP002 reports it
        if "open_data" not in by_id[bron_id]:
            yield Finding(
                path + ("open_data",),
                f"{what} heeft open_data, maar zijn bron '{bron_id}' niet; geef de bron het tabelnummer, "
                "bijvoorbeeld open_data: {tabel: 83648NED}",
            )
