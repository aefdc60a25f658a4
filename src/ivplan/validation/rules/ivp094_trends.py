"""Wat: de probleemanalyse noemt de trends die op de gemeente afkomen (`probleemanalyse.trends`). Een
kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de regio hem aanzet.

Waarom: een plan voor vier jaar kijkt vooruit. Ontwikkelingen als de verschuiving van criminaliteit naar
online, vergrijzing, woningbouw of ondermijning in het buitengebied bepalen welke problemen er over een
paar jaar zijn.

Hoe op te lossen: beschrijf onder `probleemanalyse.trends` de belangrijkste ontwikkelingen en wat ze
voor de veiligheid in de gemeente betekenen.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 4 (Check, punt 4.6: dominante trends).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP094"
SEVERITY = WARNING
TITLE = "de analyse noemt de dominante trends (CCV 4.6)"
NEEDS = ("probleemanalyse",)
REGIO = False
KWALITEIT = True

PASSES = """
probleemanalyse.trends: Criminaliteit verschuift naar online.
"""
FAILS = """
probleemanalyse.trends: <weg>
"""
FAILS_AT = "probleemanalyse"


def check(plan: PlanView):
    if not plan.has("probleemanalyse", "trends"):
        yield Finding(
            ("probleemanalyse", "trends"),
            "de probleemanalyse noemt geen trends (probleemanalyse.trends ontbreekt)",
        )
