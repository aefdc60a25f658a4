"""Wat: een regionaal speerpunt dat het plan alleen toelicht (geen lokale prioriteit; de status
`toegelicht` in `ivplan check`) wordt gediend door ten minste één maatregel die niet `vervallen` is
(`speerpunten` van een maatregel). De melding staat bij `plan`.

Waarom: het plan belooft de regio bij te dragen aan zo'n speerpunt, ook zonder eigen prioriteit; het
programma laat zien hoe.

Hoe op te lossen: noem het speerpunt bij de maatregelen die eraan bijdragen, of voeg er een toe.

Bron: CCV, Opstellen integraal veiligheidsplan, stap 5 (relatie met regionale prioriteiten).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView, unresolved_kinds
from ivplan.validation.speerpunten import SP_TOEGELICHT, speerpunt_status

CODE = "IVP113"
SEVERITY = WARNING
TITLE = "elk toegelicht regionaal speerpunt heeft een maatregel"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[0].maatregelen[0].speerpunten: [ondermijning]
"""
FAILS = """
prioriteiten[0].actiepunten[0].maatregelen[0].speerpunten: <weg>
"""
FAILS_AT = "plan"


def check(prog: ProgrammeView):
    if prog.plan is None or not prog.all_maatregelen_seen() or "speerpunt" in unresolved_kinds(prog):
        return
    ids = sorted(prog.plan.texts("regionale_afstemming", "speerpunten", key="speerpunt"))
    status = speerpunt_status(prog.plan.data, ids)
    served = {s for m in prog.maatregelen(valid_only=False) if m.live for s in m.listed("speerpunten")}
    for sid in ids:
        if status[sid] == SP_TOEGELICHT and sid not in served:
            yield Finding(
                ("plan",),
                f"het plan licht speerpunt '{sid}' toe zonder lokale prioriteit, maar geen maatregel dient het",
            )
