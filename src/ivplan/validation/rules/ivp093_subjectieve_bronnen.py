"""Wat: de probleemanalyse heeft een bron over hoe veilig mensen zich voelen: een bron van de soort
`veiligheidsmonitor` of `enquete` (`probleemanalyse.bronnen[].soort`). Een kwaliteitsregel: alleen met
`--kwaliteit`, in `ivplan toets` of als de regio hem aanzet.

Waarom: cijfers over misdrijven zeggen niet hoe veilig inwoners zich voelen, en dat gevoel is een doel
van het beleid op zich. De Veiligheidsmonitor of een eigen enquête laat het zien, ook per wijk.

Hoe op te lossen: voeg de Veiligheidsmonitor of een eigen bewonersonderzoek toe als bron, met
`soort: veiligheidsmonitor` of `soort: enquete`.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 4 (Check, punt 4.4: gegevens over subjectieve
veiligheid).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.ivp092_objectieve_bronnen import soorten

CODE = "IVP093"
SEVERITY = WARNING
TITLE = "de analyse heeft gegevens over hoe veilig mensen zich voelen (CCV 4.4)"
NEEDS = ("probleemanalyse", "probleemanalyse.bronnen")
REGIO = False
KWALITEIT = True

PASSES = """
probleemanalyse.bronnen[3].soort: enquete
"""
FAILS = """
probleemanalyse.bronnen[3].soort: overig
"""
FAILS_AT = "probleemanalyse.bronnen"

SUBJECTIEF = ("veiligheidsmonitor", "enquete")


def check(plan: PlanView):
    found = soorten(plan)
    if found is None:
        return
    present, zonder = found
    if present & set(SUBJECTIEF):
        return
    message = "de analyse heeft geen bron over hoe veilig mensen zich voelen (soort veiligheidsmonitor of enquete)"
    if zonder:
        message += f"; bronnen zonder soort: {', '.join(zonder)}"
    yield Finding(("probleemanalyse", "bronnen"), message)
