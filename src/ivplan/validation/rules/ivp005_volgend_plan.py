"""Wat: een planperiode van vijf kalenderjaren (bijvoorbeeld 2027-2031) is toegestaan, maar dan
moet de raad het volgende plan vaststellen voordat de periode om is. De melding noemt de uiterste
datum: vier jaar na `plan.vastgesteld_op`, of, als die ontbreekt, vier jaar na 1 januari van het
beginjaar.

Waarom: volgens artikel 38b, eerste lid, van de Politiewet 2012 stelt de gemeenteraad ten minste
eens in de vier jaar de doelen vast. Bij een plan van vijf kalenderjaren valt die termijn binnen de
periode; in de praktijk lopen plannen vaak zo (bijvoorbeeld 2018-2022), en dat is goed zolang het
volgende plan op tijd komt.

Hoe op te lossen: zet de datum uit de melding in de planning, of kies een periode van vier jaar
(bijvoorbeeld 2027-2030). De waarschuwing mag blijven staan als u de datum bewaakt.

Bron: Politiewet 2012, artikel 38b, eerste lid.
"""

from datetime import date

from ivplan.core.diagnostics import WARNING
from ivplan.core.formatting import datum_lang
from ivplan.validation.rules.base import MAX_KALENDERJAREN, Finding, PlanView

CODE = "IVP005"
SEVERITY = WARNING
TITLE = "bij een periode van vijf jaar: het volgende plan uiterlijk vier jaar na vaststelling"
NEEDS = ("plan.periode",)
REGIO = False

PASSES = """
plan.periode: {start: 2027, eind: 2030}
"""
FAILS = """
plan.periode: {start: 2027, eind: 2031}
plan.vastgesteld_op: "2027-01-28"
"""
FAILS_AT = "plan.periode.eind"


def deadline(start: int, vastgesteld_op: str | None) -> date:
    """Four years after the adoption date, or after 1 January of the start year without one.
    29 February becomes 28 February when the year four years on has none."""
    base = date(start, 1, 1)
    if isinstance(vastgesteld_op, str):
        try:
            base = date.fromisoformat(vastgesteld_op)
        except ValueError:
            pass
    try:
        return base.replace(year=base.year + 4)
    except ValueError:  # 29 February
        return base.replace(year=base.year + 4, day=28)


def check(plan: PlanView):
    start, eind = plan.needed_periode
    if eind - start + 1 != MAX_KALENDERJAREN:
        return
    vastgesteld_op = plan.get("plan", "vastgesteld_op")
    uiterlijk = datum_lang(deadline(start, vastgesteld_op))
    grond = "vier jaar na de vaststelling" if isinstance(vastgesteld_op, str) else f"vier jaar na 1 januari {start}"
    yield Finding(
        ("plan", "periode", "eind"),
        f"de periode {start}-{eind} beslaat vijf kalenderjaren; de raad stelt de doelen ten minste "
        f"eens in de vier jaar vast, dus het volgende plan moet uiterlijk op {uiterlijk} zijn "
        f"vastgesteld ({grond})",
    )
