"""Wat: een doel of cijfer met `open_data.per` (een cijfer per 1.000 inwoners, per 1.000 woningen)
noemt die schaal in zijn `eenheid`: bij `schaal: 1000` staat `1.000` of `1000` in de eenheid, als
heel getal (`per 10.000 inwoners` is geen `per 1.000`).

Waarom: `ivplan cijfers` rekent teller / noemer × schaal. Staat de schaal niet in de eenheid, dan
leest de raad een getal als 3,5 zonder te weten of dat per 1.000 of per 10.000 inwoners is, of
houdt hij het voor een aantal.

Hoe op te lossen: schrijf de schaal in de eenheid, bijvoorbeeld `eenheid: per 1.000 inwoners`, of
pas `per.schaal` aan de eenheid aan.

Bron: ivplan; `ivplan cijfers` (cijfers per 1.000 inwoners).
"""

import re

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.bindings import bound_items

CODE = "IVP142"
SEVERITY = WARNING
TITLE = "de eenheid van een cijfer met per noemt de schaal"
NEEDS = ()
REGIO = False

PASSES = """
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
probleemanalyse.bronnen[4]:
  id: cbs-bevolking
  titel: Bevolking per gemeente
  jaar: 2026
  open_data: {tabel: 70072ned}
meetbare_doelen[0].eenheid: per 1000 inwoners
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
meetbare_doelen[0].eenheid: per 10.000 inwoners
meetbare_doelen[0].open_data:
  meetwaarde: GeregistreerdeMisdrijven_1
  filters: {SoortMisdrijf: "1.1.1"}
  perioden: maanden
  per: {bron: cbs-bevolking, meetwaarde: TotaleBevolking_1, schaal: 1000}
"""
FAILS_AT = "meetbare_doelen[0].eenheid"


def written_forms(schaal: int) -> list[str]:
    """1000 -> ['1000', '1.000', '1 000']: the ways a Dutch text writes the number."""
    plain = str(schaal)
    grouped = f"{schaal:,}"
    return list(dict.fromkeys([plain, grouped.replace(",", "."), grouped.replace(",", " ")]))


def names_scale(eenheid: str, schaal: int) -> bool:
    """`eenheid` holds the number `schaal` as a whole number (not as part of 10.000 or 1.0005)."""
    forms = "|".join(re.escape(f) for f in written_forms(schaal))
    return re.search(rf"(?<![\d.,])(?:{forms})(?![\d]|[.,\s]\d)", eenheid) is not None


def check(plan: PlanView):
    for path, item, what in bound_items(plan):
        per = item["open_data"].get("per")
        if not isinstance(per, dict) or not isinstance(per.get("schaal"), int):
            continue
        schaal = per["schaal"]
        eenheid = item.get("eenheid")
        if isinstance(eenheid, str) and names_scale(eenheid, schaal):
            continue
        shown = f"{schaal:,}".replace(",", ".")  # 1000 -> 1.000; a scale below 1000 has no separator
        said = f"de eenheid '{eenheid}'" if isinstance(eenheid, str) else "er staat geen eenheid, en die"
        yield Finding(
            path + ("eenheid",),
            f"{what} rekent per {shown} (open_data.per.schaal), maar {said} noemt dat niet; "
            f"schrijf bijvoorbeeld eenheid: per {shown} inwoners",
        )
