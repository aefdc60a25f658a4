"""Wat: twee deel B-bestanden van één deel A hebben dezelfde `gemeente.cbs_code`. De melding staat bij
het latere bestand (in de volgorde van hun paden) en noemt het eerdere.

Waarom: elke raad stelt één plan vast. Twee deel B's voor één gemeente zijn twee versies van hetzelfde
lokale deel, of een kopie waarin de gemeente niet is aangepast; dan is niet duidelijk welk plan geldt.

Hoe op te lossen: houd per gemeente één deel B. Is het een kopie voor een andere gemeente, pas dan
`gemeente` aan (naam en CBS-code).

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md): één plan per gemeente.
"""

from ivplan.core.diagnostics import ERROR

CODE = "IVP125"
SEVERITY = ERROR
TITLE = "één deel B per gemeente (CBS-code)"
NEEDS = ()
GEZAMENLIJK = True
EISEN = False
# The fragments describe the second deel B of the set; the first (Eerstedorp, GM9001) is unchanged.
PASSES = """
gemeente.inwoners: 9500
"""
FAILS = """
gemeente.cbs_code: GM9001
gemeente.naam: Eerstedorp
"""
FAILS_AT = "gemeente.cbs_code"


def message(code: str, earlier: str) -> str:
    return f"CBS-code {code} heeft al een deel B: {earlier}; houd per gemeente één deel B"


def check(plan):
    """Reported over the set of a deel A (ivplan.validation.lint.JointRun)."""
    return ()
