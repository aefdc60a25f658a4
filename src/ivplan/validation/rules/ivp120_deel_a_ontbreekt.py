"""Wat: het veld `gezamenlijk` van een deel B noemt een bestand dat niet bestaat, niet te lezen is,
of een map is. Een deel B is het lokale deel van een gezamenlijk plan; zonder zijn deel A is het geen
plan. ivplan controleert het deel B dan alleen op zijn eigen schema.

Waarom: het deel A bevat de titel, de periode, de bovenlokale prioriteiten, de gezamenlijke partners
en de regionale afstemming. De raad stelt deel A en deel B samen vast; zonder deel A is niet te
toetsen of het plan compleet is, en kan ivplan geen documenten maken.

Hoe op te lossen: controleer de schrijfwijze van het pad (relatief aan de map van het deel B, met
`/`, bijvoorbeeld `../deel-a.yaml`), of het bestand bestaat en of u het mag lezen. Staat het deel A
in een andere map, zet het dan in de map van het deel B of de map erboven.

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md); een deel B is geen plan zonder zijn deel A.
"""

from ivplan.core.diagnostics import ERROR

CODE = "IVP120"
SEVERITY = ERROR
TITLE = "gezamenlijk: het deel A bestaat niet of is niet te lezen"
NEEDS = ()
GEZAMENLIJK = True  # judged by the linter of joint plans (lint.JointRun), not by check()
EISEN = False  # whether files form a joint plan is no matter of regional policy

PASSES = """
gezamenlijk: ../deel-a.yaml
"""
FAILS = """
gezamenlijk: ../deel-a-oud.yaml
"""
FAILS_AT = "gezamenlijk"


def check(plan):
    """Reported when the link is resolved (ivplan.validation.gezamenlijk.resolve_link)."""
    return ()
