"""Wat: (alleen met een regiobestand, `--regio`) elk speerpunt onder
`regionale_afstemming.speerpunten` noemt een id die het regiobestand kent.

Waarom: een speerpunt dat de regio niet kent, is meestal een tikfout in de id. Het regiobureau kan het
dan niet aan zijn eigen speerpunt koppelen, en dat speerpunt lijkt te ontbreken (IVP031).

Lijkt de id op een regionaal speerpunt dat in het plan ontbreekt, dan meldt IVP031 (een fout) de
tikfout al, met de bedoelde id; deze regel zwijgt dan over dat speerpunt.

Hoe op te lossen: gebruik precies de id uit het regiobestand; de melding noemt de bekende ids en,
waar er een op lijkt, de bedoelde.

Bron: ivplan, afstemming met de regionale veiligheidsstrategie.
"""

import difflib

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.ivp031_regionale_speerpunten import TYPO_CUTOFF, near_misses

CODE = "IVP032"
SEVERITY = WARNING
TITLE = "elk speerpunt in het plan is bekend in het regiobestand"
NEEDS = ("regionale_afstemming", "regionale_afstemming.speerpunten")
REGIO = True

PASSES = """
regionale_afstemming.speerpunten[1]: {speerpunt: cybercrime, toelichting: Landelijke aanpak.}
regio.speerpunten[1]: {id: cybercrime, titel: Gedigitaliseerde criminaliteit}
"""
FAILS = """
regionale_afstemming.speerpunten[1]: {speerpunt: cybercrime, toelichting: Uit het vorige regionale plan.}
"""
FAILS_AT = "regionale_afstemming.speerpunten[1].speerpunt"


def check(plan: PlanView):
    known = [sp["id"] for sp in plan.needed_regio.speerpunten]
    path = ("regionale_afstemming", "speerpunten")
    typos = near_misses(plan)  # reported by IVP031
    present = plan.texts(*path, key="speerpunt")
    unused = [k for k in known if k not in present]  # only these can be what a typo meant
    for i, s in plan.items(*path):
        sid = s.get("speerpunt")
        if not isinstance(sid, str) or sid in known or i in typos:
            continue
        hint = difflib.get_close_matches(sid, unused, n=1, cutoff=TYPO_CUTOFF)
        msg = f"het regiobestand kent geen speerpunt '{sid}'"
        msg += f"; bedoelde u '{hint[0]}'?" if hint else ""
        msg += f" (bekend: {', '.join(known)})" if known else ""
        yield Finding(path + (i, "speerpunt"), msg)
