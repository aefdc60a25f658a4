"""Wat: (alleen met een regiobestand, `--regio`) elk speerpunt uit `speerpunten` van het regiobestand
staat in het plan onder `regionale_afstemming.speerpunten` (met `speerpunt: <id>`), gekoppeld aan
een lokale prioriteit of met een toelichting.

Waarom: het lokale plan is ingebed in de regionale veiligheidsstrategie. Het regiobureau wil per
gemeente zien hoe elk regionaal speerpunt lokaal is opgepakt: als eigen prioriteit, of bewust niet,
met uitleg (zie IVP030).

Lijkt een speerpunt in het plan op het ontbrekende speerpunt (een tikfout, zoals 'ondermijnig' voor
'ondermijning'), dan staat deze fout bij dat speerpunt en noemt ze de bedoelde id; IVP032 zwijgt
dan over dat speerpunt.

Hoe op te lossen: voeg het speerpunt toe onder `regionale_afstemming.speerpunten`, met de id uit het
regiobestand, en koppel het aan een prioriteit (`prioriteit: <id>`) of schrijf een `toelichting`.

Bron: regionale inbedding van het lokale plan; CCV, stappenplan integraal veiligheidsplan, stap 5.
"""

import difflib

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP031"
SEVERITY = ERROR
TITLE = "elk speerpunt van het regiobestand staat in het plan"
NEEDS = ("regionale_afstemming", "regionale_afstemming.speerpunten")
REGIO = True

PASSES = """
regio.speerpunten[0].titel: Ondermijnende criminaliteit
"""
FAILS = """
regio.speerpunten[1]: {id: cybercrime, titel: Gedigitaliseerde criminaliteit}
"""
FAILS_AT = "regionale_afstemming.speerpunten"


PATH = ("regionale_afstemming", "speerpunten")
# difflib ratio for a typo: 'ondermijnig' ~ 'ondermijning' is 0.96; 'jeugdcriminaliteit' ~
# 'gedigitaliseerde-criminaliteit' (0.63) is another speerpunt, not a typo.
TYPO_CUTOFF = 0.8


def near_misses(plan: PlanView) -> dict[int, str]:
    """Plan entry index -> the missing regional speerpunt id it most likely means (a typo): entries
    whose id the regio file does not know and that resemble a speerpunt the plan lacks."""
    known = [sp["id"] for sp in plan.needed_regio.speerpunten]
    present = plan.texts(*PATH, key="speerpunt")
    missing = [k for k in known if k not in present]
    out: dict[int, str] = {}
    for i, s in plan.items(*PATH):
        sid = s.get("speerpunt")
        if not isinstance(sid, str) or sid in known:
            continue
        free = [m for m in missing if m not in out.values()]
        hint = difflib.get_close_matches(sid, free, n=1, cutoff=TYPO_CUTOFF)
        if hint:
            out[i] = hint[0]
    return out


def check(plan: PlanView):
    # Every entry counts as written: an entry with a schema error (IVP000) still names its speerpunt.
    present = plan.texts(*PATH, key="speerpunt")
    typos = {meant: i for i, meant in near_misses(plan).items()}
    for sp in plan.needed_regio.speerpunten:
        if sp["id"] in present:
            continue
        titel = f" ({sp['titel']})" if sp.get("titel") else ""
        if sp["id"] in typos:
            i = typos[sp["id"]]
            written = plan.raw(*PATH, i, "speerpunt")
            yield Finding(
                PATH + (i, "speerpunt"),
                f"regionaal speerpunt '{sp['id']}'{titel} ontbreekt; hier staat '{written}', dat het "
                f"regiobestand niet kent: bedoelde u '{sp['id']}'?",
            )
        else:
            yield Finding(
                PATH,
                f"regionaal speerpunt '{sp['id']}'{titel} ontbreekt; neem het op met een lokale "
                "prioriteit of een toelichting",
            )
