"""Wat: `gezamenlijk` noemt een bestand dat geen deel A is: een ander deel B (of dit bestand zelf), een
gewoon plan, een regiobestand, of een bestand zonder `ivplan_gezamenlijk: 1` bovenaan.

Waarom: een deel B verwijst rechtstreeks naar het gezamenlijke deel A; ketens (een deel B dat naar een
deel B verwijst) en kringen zijn niet toegestaan, zodat elk deel B precies één deel A heeft en elke
gemeente hetzelfde gezamenlijke deel vaststelt.

Hoe op te lossen: verwijs naar het bestand dat met `ivplan_gezamenlijk: 1` begint, bijvoorbeeld
`gezamenlijk: ../deel-a.yaml`.

Bron: ivplan, gezamenlijke plannen (docs/gezamenlijke-plannen.md): geen ketens.
"""

from ivplan.core.diagnostics import ERROR

CODE = "IVP122"
SEVERITY = ERROR
TITLE = "gezamenlijk: het genoemde bestand is een deel A"
NEEDS = ()
GEZAMENLIJK = True
EISEN = False

PASSES = """
gezamenlijk: ../deel-a.yaml
"""
FAILS = """
gezamenlijk: ivp.yaml
"""
FAILS_AT = "gezamenlijk"


def check(plan):
    """Reported when the link is resolved (ivplan.validation.lint.JointRun.lint_deel_b)."""
    return ()
