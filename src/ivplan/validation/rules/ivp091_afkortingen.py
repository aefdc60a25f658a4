"""Wat: elke afkorting in de tekst van het plan staat in `begrippen`. Een afkorting is een reeks van 2
tot 6 hoofdletters zonder letter of cijfer ervoor of erna ("RIEC-beeld", "(OM)", "BOA's"); EU, NL, NB,
OK, ICT, PDF, TV en Romeinse cijfers tellen niet. Zonder `begrippen` noemt één melding de afkortingen;
met `begrippen` komt er één melding per afkorting zonder uitleg, bij de eerste tekst waarin ze staat.
Een kwaliteitsregel: alleen met `--kwaliteit`, in `ivplan toets` of als de regio hem aanzet.

Waarom: het plan is voor de raad, partners en inwoners, niet alleen voor vakgenoten. Een lezer van
buiten het vak kent RIEC, ZSM of APV niet; een begrippenlijst maakt het plan voor hen leesbaar.

Hoe op te lossen: voeg een lijst `begrippen` toe met per afkorting een `term` en een `uitleg`; ivplan
zet die als bijlage "Begrippen en afkortingen" achter het plan. De tekst van het raadsvoorstel telt
niet mee.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 1 (Check, punt 1.8: begrippen- of
afkortingenlijst).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.teksten import abbreviations, strings

CODE = "IVP091"
SEVERITY = WARNING
TITLE = "elke afkorting staat in de begrippenlijst (CCV 1.8)"
NEEDS = ()
REGIO = False
KWALITEIT = True

PASSES = """
begrippen: [{term: RIEC, uitleg: Regionaal Informatie- en Expertisecentrum}]
"""
FAILS = """
begrippen[0]: {term: ZSM, uitleg: Zorgvuldig Snel Maatwerk}
"""
FAILS_AT = "regionale_afstemming.speerpunten[0].toelichting"

MAX_GENOEMD = 10


def check(plan: PlanView):
    if plan.has("begrippen") and not plan.section_ok("begrippen"):
        return  # IVP000 says what is wrong with the list; which terms it covers is unclear
    first_at: dict[str, tuple] = {}
    for path, text in strings(plan):
        for abbreviation in abbreviations(text):
            first_at.setdefault(abbreviation, path)
    if not first_at:
        return
    if not plan.has("begrippen"):
        found = list(first_at)
        named = ", ".join(found[:MAX_GENOEMD])
        if len(found) > MAX_GENOEMD:
            named += f" en {len(found) - MAX_GENOEMD} andere"
        yield Finding(
            (),
            f"het plan heeft geen begrippenlijst (begrippen) voor de afkortingen {named}",
            tuple(found),
        )
        return
    # a begrip with another schema error still covers its term
    covered = {term.strip().casefold() for term in plan.texts("begrippen", key="term")}
    for abbreviation, path in first_at.items():
        if abbreviation.casefold() not in covered:
            yield Finding(
                path,
                f"de afkorting '{abbreviation}' staat niet in de begrippenlijst (begrippen); "
                "voeg haar toe met een uitleg",
                (abbreviation,),
            )
