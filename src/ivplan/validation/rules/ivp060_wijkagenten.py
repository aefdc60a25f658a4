"""Wat: als het plan het aantal wijkagenten noemt (`politie.wijkagenten`), is dat ten minste één per
5.000 inwoners: `wijkagenten >= ceil(gemeente.inwoners / 5000)`. Zonder `politie.wijkagenten`
controleert deze regel niets.

Waarom: de Politiewet 2012 schrijft voor dat de sterkte van de politie zo wordt verdeeld dat er ten
minste één wijkagent is per 5.000 inwoners. Noemt het plan minder, dan is de norm niet gehaald of is
het aantal verkeerd ingevuld; dat hoort in de driehoek aan de orde te komen.

Hoe op te lossen: controleer het aantal met het basisteam. Klopt het, bespreek het tekort dan in de
driehoek en beschrijf de afspraken onder `politie.afspraken`.

Bron: Politiewet 2012, artikel 38a (ten minste één wijkagent per 5.000 inwoners).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.core.formatting import aantal, getal
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP060"
SEVERITY = WARNING
TITLE = "ten minste één wijkagent per 5.000 inwoners"
NEEDS = ("gemeente", "politie")
REGIO = False
INWONERS_PER_WIJKAGENT = 5000

PASSES = """
gemeente.inwoners: 25000
politie.wijkagenten: 5
"""
FAILS = """
gemeente.inwoners: 25001
politie.wijkagenten: 5
"""
FAILS_AT = "politie.wijkagenten"


def norm(inwoners: int) -> int:
    """The wijkagenten a gemeente needs: one per 5.000 inwoners, rounded up (also in the plan's
    politie chapter and in the starter plan of `ivplan init`)."""
    return -(-inwoners // INWONERS_PER_WIJKAGENT)


def check(plan: PlanView):
    wijkagenten = plan.get("politie", "wijkagenten")
    inwoners = plan.get("gemeente", "inwoners")
    if not isinstance(wijkagenten, int) or not isinstance(inwoners, int):
        return
    nodig = norm(inwoners)
    if wijkagenten < nodig:
        yield Finding(
            ("politie", "wijkagenten"),
            f"{aantal(wijkagenten, 'wijkagent', 'wijkagenten')} voor {getal(inwoners)} inwoners; de "
            f"norm is ten minste één per {getal(INWONERS_PER_WIJKAGENT)} inwoners, dus {nodig}",
        )
