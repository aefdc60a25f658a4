"""Wat: (alleen met een regiobestand: `ivplan check --regio` of `ivplan validate --regio` met
meerdere plannen) geen twee plannen hebben dezelfde `gemeente.cbs_code`. De melding staat bij het
tweede plan (en bij elk volgend plan met die code), en noemt het eerste.

Waarom: elke gemeente heeft één integraal veiligheidsplan. Twee plannen met dezelfde CBS-code zijn
twee versies van hetzelfde plan, of een plan waarin de code verkeerd is overgenomen; het regiobureau
weet dan niet welk plan geldt.

Hoe op te lossen: lever per gemeente één plan in. Is de code verkeerd overgenomen (bijvoorbeeld uit
het plan van een buurgemeente), zet dan de juiste CBS-code in `gemeente.cbs_code`.

Bron: Politiewet 2012, artikel 38b (de raad van elke gemeente stelt zijn eigen doelen vast); ivplan,
regionale toets.
"""

from __future__ import annotations

from collections.abc import Sequence

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP037"
SEVERITY = ERROR
TITLE = "één plan per gemeente (CBS-code)"
NEEDS = ()
REGIO = True
CROSS_PLAN = True  # compares plans: lint.cross_plan() calls check_plans(); check() has nothing to do

# The fragments describe the second of two plans; the first is the minimal plan itself.
PASSES = """
gemeente.cbs_code: GM9002
gemeente.naam: Anderstad
"""
FAILS = """
gemeente.naam: Anderstad
"""
FAILS_AT = "gemeente.cbs_code"


def check(plan: PlanView):
    """A single plan cannot break this rule; see check_plans()."""
    return ()


def check_plans(plans: Sequence[tuple[str, PlanView | None]]) -> list[tuple[int, Finding]]:
    """(file, view) per plan, in the order given (None for a plan that did not load); returns
    (index of the later plan, finding) for every plan whose CBS-code an earlier plan already has."""
    first: dict[str, tuple[str, str | None]] = {}
    out: list[tuple[int, Finding]] = []
    for index, (file, view) in enumerate(plans):
        if view is None:
            continue
        code = view.get("gemeente", "cbs_code")
        if not isinstance(code, str):
            continue
        if code in first:
            other_file, other_naam = first[code]
            naam = f" ({other_naam})" if other_naam else ""
            out.append(
                (
                    index,
                    Finding(
                        ("gemeente", "cbs_code"),
                        f"CBS-code {code} heeft al een plan: {other_file}{naam}; lever één plan per gemeente in",
                    ),
                )
            )
        else:
            naam = view.get("gemeente", "naam")
            first[code] = (file, naam if isinstance(naam, str) else None)
    return out
