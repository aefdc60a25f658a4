"""Wat: de budgetten van de maatregelen (die niet `vervallen` zijn) en van het reguliere werk samen zijn
niet hoger dan de begroting van het plan (`financien.begroting`) in de jaren van het programma plus het
aanvullende budget van het programma (`financien.aanvullend`). De melding staat bij `financien` van het
programma, of bij `plan` als dat er niet is.

Waarom: een programma dat meer uitgeeft dan er is, kan niet worden uitgevoerd zoals het er staat; de
raad moet dan eerst extra geld geven.

Hoe op te lossen: verlaag of faseer de budgetten, of noem het extra geld onder `financien.aanvullend`.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 1 (de lijn van aanpak naar budget).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.core.formatting import bedrag
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP117"
SEVERITY = WARNING
TITLE = "de budgetten passen in de begroting van het plan"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
financien.aanvullend: [{omschrijving: Rijksbijdrage, bedrag: 10000}]
prioriteiten[0].actiepunten[0].maatregelen[0].budget: 60000
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].budget: 60000
"""
FAILS_AT = "plan"


def budgets(prog: ProgrammeView) -> int | float:
    """Every valid budget of a live maatregel and of regulier werk."""
    total: int | float = 0
    for m in prog.maatregelen(valid_only=False):
        if m.live and isinstance(m.data.get("budget"), (int, float)) and prog.element_ok(*m.path, "budget"):
            total += m.data["budget"]
    for i, w in prog.all_items("regulier_werk"):
        if isinstance(w.get("budget"), (int, float)) and prog.element_ok("regulier_werk", i, "budget"):
            total += w["budget"]
    return total


def begroting(prog: ProgrammeView) -> tuple[int | float, list[int]]:
    """The plan's begroting in the programme's years, and the years without a line."""
    periode = prog.periode_in_plan
    years = list(range(periode[0], periode[1] + 1)) if periode else []
    lines = [b for _, b in prog.plan.items("financien", "begroting")] if prog.plan is not None else []
    total = sum(b["bedrag"] for b in lines if b.get("jaar") in years and isinstance(b.get("bedrag"), (int, float)))
    return total, [y for y in years if not any(b.get("jaar") == y for b in lines)]


def check(prog: ProgrammeView):
    if prog.periode_in_plan is None or prog.plan is None or prog.plan.periode is None:
        return
    spent = budgets(prog)
    if not spent:
        return
    total, missing_years = begroting(prog)
    if missing_years:
        return  # IVP118 says it
    extra = sum(a["bedrag"] for _, a in prog.items("financien", "aanvullend"))
    if spent > total + extra:
        where = ("financien",) if prog.has("financien") else ("plan",)
        yield Finding(
            where,
            f"de budgetten ({bedrag(spent)}) zijn hoger dan de begroting van het plan voor deze jaren "
            f"({bedrag(total)}) plus het aanvullende budget ({bedrag(extra)})",
        )
