"""Wat: de `regio` van een koppeling aan open data (`open_data.regio`) ligt in de eigen gemeente: een
gemeentecode (GM) is `gemeente.cbs_code`, en een wijk- (WK) of buurtcode (BU) heeft dezelfde vier
cijfers als de gemeente (WK034401 en BU03440101 liggen in GM0344).

Waarom: zonder `regio` neemt `ivplan cijfers` de cijfers van de eigen gemeente. Een andere code is
meestal bedoeld voor één wijk of buurt; ligt die in een andere gemeente, dan is de code waarschijnlijk
verkeerd overgenomen en komen er cijfers van elders in het plan. Soms is dat de bedoeling (een
vergelijkingsgemeente, het landelijk gemiddelde met NL01); daarom is dit een waarschuwing.

Hoe op te lossen: controleer de code in de regiolijst van de tabel (StatLine of data.politie.nl), of
laat `regio` weg voor de hele gemeente.

Bron: ivplan; CBS-codering van gemeenten, wijken en buurten.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.bindings import bound_items

CODE = "IVP143"
SEVERITY = WARNING
TITLE = "de regio van een koppeling ligt in de eigen gemeente"
NEEDS = ("gemeente",)
REGIO = False

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47018NED, catalogus: politie}
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  regio: WK900101
"""
FAILS = """
probleemanalyse.bronnen[0].open_data: {tabel: 47018NED, catalogus: politie}
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  regio: WK900201
"""
FAILS_AT = "meetbare_doelen[0].open_data.regio"


def elsewhere(regio: str, cbs_code: str) -> bool:
    code = regio.strip().upper()
    own = cbs_code.strip().upper()
    if code.startswith("GM"):
        return code != own
    if code.startswith(("WK", "BU")):
        return code[2:6] != own[2:6]
    return False  # NL01, PV20, ...: no gemeente


def check(plan: PlanView):
    cbs_code = plan.get("gemeente", "cbs_code")
    if not isinstance(cbs_code, str):
        return
    naam = plan.get("gemeente", "naam") or cbs_code
    for path, item, what in bound_items(plan):
        regio = item["open_data"].get("regio")
        if isinstance(regio, str) and elsewhere(regio, cbs_code):
            yield Finding(
                path + ("open_data", "regio"),
                f"de regio '{regio}' van {what} ligt niet in {naam} ({cbs_code}); controleer de code, of laat "
                "regio weg voor de cijfers van de hele gemeente",
            )
