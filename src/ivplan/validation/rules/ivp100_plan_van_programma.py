"""Wat: `plan` noemt een bestaand, leesbaar integraal veiligheidsplan zonder fouten, ten opzichte van
het programma en met `/` geschreven, in de map van het programma of de map daarboven. De melding noemt
het aantal fouten van het plan; een plan dat niet te lezen is, geeft alleen deze melding.

Waarom: het uitvoeringsprogramma werkt het plan van de raad uit: zijn prioriteiten, doelen en partners.
Zonder (foutloos) plan zijn de verwijzingen van het programma niet te controleren.

Hoe op te lossen: verbeter het pad (de melding noemt het bestand dat u waarschijnlijk bedoelde) of los
eerst de fouten in het plan op. Een regio kan deze regel niet aanpassen.

Bron: CCV, Stappenplan opstellen uitvoeringsplan, stap U2 (vertrekpunt: het vastgestelde plan).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP100"
SEVERITY = ERROR
TITLE = "het programma verwijst naar een bestaand plan zonder fouten"
NEEDS = ()
REGIO = False
KIND = "uitvoering"
EISEN = False  # a regio cannot change it

PASSES = """
plan: ./ivp.yaml
"""
FAILS = """
plan: ivp-oud.yaml
"""
FAILS_AT = "plan"


def check(prog: ProgrammeView):
    # the linter reads the plan (the only stage that sees the file system) and leaves the problem here
    problem = getattr(prog, "plan_problem", None)
    if problem:
        yield Finding(("plan",), problem)
