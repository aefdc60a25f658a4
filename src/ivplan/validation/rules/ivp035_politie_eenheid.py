"""Wat: (alleen met een regiobestand, `--regio`) de politie-eenheid van de gemeente
(`gemeente.politie_eenheid`) is dezelfde als die van de regio (`regio.politie_eenheid` in het
regiobestand).

Waarom: een plan met een andere politie-eenheid hoort waarschijnlijk bij een andere regio, of de
eenheid is verkeerd ingevuld. Het regiobureau toetst dan het verkeerde plan, of het plan noemt de
verkeerde eenheid in het document.

Hoe op te lossen: controleer `gemeente.politie_eenheid` in het plan. Klopt die, dan hoort het plan
niet bij deze regio.

Bron: ivplan; de indeling van de politie in regionale eenheden (Politiewet 2012).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP035"
SEVERITY = WARNING
TITLE = "de politie-eenheid van het plan is die van de regio"
NEEDS = ("gemeente",)
REGIO = True

PASSES = """
gemeente.politie_eenheid: Oost-Nederland
"""
FAILS = """
gemeente.politie_eenheid: Limburg
"""
FAILS_AT = "gemeente.politie_eenheid"


def check(plan: PlanView):
    eigen = plan.get("gemeente", "politie_eenheid")
    regio_file = plan.needed_regio
    regio = regio_file.politie_eenheid
    if isinstance(eigen, str) and isinstance(regio, str) and eigen != regio:
        yield Finding(
            ("gemeente", "politie_eenheid"),
            f"het plan noemt politie-eenheid '{eigen}', maar de regio in {regio_file.file} hoort bij eenheid '{regio}'",
        )
