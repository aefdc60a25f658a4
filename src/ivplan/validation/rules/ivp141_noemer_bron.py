"""Wat: de noemer van een cijfer per inwoners of woningen (`open_data.per`) komt uit een bron met
`open_data`: een tabel van CBS StatLine of data.politie.nl, gelezen uit een map met de JSON-bestanden
van de tabel of online. `per.bron` noemt die bron, `per.meetwaarde` het onderwerp (bijvoorbeeld
`TotaleBevolking_1` uit tabel 70072ned). Een bron die alleen een StatLine-CSV-bestand (`bestand`)
noemt, kan geen noemer leveren: een CSV heeft geen sleutels voor de onderwerpen. Een onbekende bron
is IVP002.

Waarom: `ivplan cijfers` rekent waarde = teller / noemer × schaal, met de noemer uit dezelfde regio en
hetzelfde jaar. Zonder tabel bij de bron van de noemer kan het die niet ophalen.

Hoe op te lossen: geef de bron van de noemer `open_data` met het tabelnummer (voor het aantal
inwoners bijvoorbeeld `{tabel: 70072ned}`), zonder `bestand`, of verwijs met `per.bron` naar een
bron die dat al heeft.

Bron: ivplan; `ivplan cijfers` (cijfers per 1.000 inwoners).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.bindings import bound_items, bronnen

CODE = "IVP141"
SEVERITY = ERROR
TITLE = "de noemer van per komt uit een bron met open_data"
NEEDS = ("probleemanalyse.bronnen",)
REGIO = False

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
probleemanalyse.bronnen[4]:
  id: cbs-bevolking
  titel: Bevolking per gemeente
  jaar: 2026
  open_data: {tabel: 70072ned}
meetbare_doelen[0].eenheid: per 1.000 inwoners
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
  per: {bron: cbs-bevolking, meetwaarde: TotaleBevolking_1, schaal: 1000}
"""
FAILS = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
probleemanalyse.bronnen[4]: {id: cbs-bevolking, titel: Bevolking per gemeente, jaar: 2026}
meetbare_doelen[0].eenheid: per 1.000 inwoners
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
  per: {bron: cbs-bevolking, meetwaarde: TotaleBevolking_1, schaal: 1000}
"""
FAILS_AT = "meetbare_doelen[0].open_data.per.bron"


def check(plan: PlanView):
    by_id = bronnen(plan)
    for path, item, what in bound_items(plan):
        per = item["open_data"].get("per")
        at = path + ("open_data", "per", "bron")
        if not isinstance(per, dict) or plan.holds_unresolved(*at) or per.get("bron") not in by_id:
            continue  # no per, or IVP002 reports the bron
        bron_id = per["bron"]
        od = by_id[bron_id].get("open_data")
        if od is None:
            yield Finding(
                at,
                f"de noemer van {what} komt uit bron '{bron_id}', maar die bron heeft geen open_data; geef haar "
                "het tabelnummer, bijvoorbeeld open_data: {tabel: 70072ned}",
            )
        elif isinstance(od, dict) and od.get("bestand"):
            yield Finding(
                at,
                f"de noemer van {what} komt uit bron '{bron_id}', die een CSV-bestand noemt ({od['bestand']}); "
                "een noemer komt uit een tabel van de API (of een map met haar JSON-bestanden): laat bestand weg",
            )
