"""Wat: (alleen met een regiobestand, `--regio`) elk speerpunt onder
`regionale_afstemming.speerpunten` noemt een id die het regiobestand kent.

Waarom: een speerpunt dat de regio niet kent, is meestal een tikfout in de id. Het regiobureau kan het
dan niet aan zijn eigen speerpunt koppelen, en dat speerpunt lijkt te ontbreken (IVP031).

Hoe op te lossen: gebruik precies de id uit het regiobestand; de melding noemt de bekende ids en,
waar er een op lijkt, de bedoelde.

Bron: ivplan, afstemming met de regionale veiligheidsstrategie.
"""

import difflib

from ..diagnostics import WARNING
from .base import Finding, PlanView

CODE = "IVP032"
SEVERITY = WARNING
TITLE = "elk speerpunt in het plan is bekend in het regiobestand"
NEEDS = ("regionale_afstemming", "regionale_afstemming.speerpunten")
REGIO = True

PASSES = """
regionale_afstemming.speerpunten[0].speerpunt: ondermijning
"""
FAILS = """
regionale_afstemming.speerpunten[0].speerpunt: ondermijnig
"""
FAILS_AT = "regionale_afstemming.speerpunten[0].speerpunt"


def check(plan: PlanView):
    known = [sp["id"] for sp in plan.regio.speerpunten]
    path = ("regionale_afstemming", "speerpunten")
    for i, s in plan.items(*path):
        sid = s.get("speerpunt")
        if not isinstance(sid, str) or sid in known:
            continue
        hint = difflib.get_close_matches(sid, known, n=1, cutoff=0.6)
        msg = f"het regiobestand kent geen speerpunt '{sid}'"
        msg += f"; bedoelde u '{hint[0]}'?" if hint else ""
        msg += f" (bekend: {', '.join(known)})" if known else ""
        yield Finding(path + (i, "speerpunt"), msg)
