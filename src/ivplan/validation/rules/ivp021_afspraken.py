"""Wat: elke partner die geen gemeente is en die een meetbaar doel trekt (`meetbare_doelen[].trekker`)
of eraan bijdraagt (`meetbare_doelen[].partners`), heeft ten minste één prestatieafspraak onder zijn
`afspraken`.

Waarom: evaluaties noemen het ontbreken van een systematische aanpak als knelpunt: zonder
prestatieafspraken blijft de inzet van partners vrijblijvend, en kan de raad niet zien wie wat
bijdraagt aan de doelen.

Hoe op te lossen: leg bij de partner ten minste één afspraak vast (`afspraken: [{omschrijving: ...,
doelen: [<doel-id>], termijn: ...}]`): wat doet de partner, voor welk doel, en wanneer.

Bron: knelpunt 'ontbreken systematische aanpak' uit evaluaties van integraal veiligheidsbeleid;
CCV, stappenplan integraal veiligheidsplan.
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP021"
SEVERITY = WARNING
TITLE = "een partner die aan een doel werkt, heeft een prestatieafspraak"
NEEDS = ("partners", "meetbare_doelen")
REGIO = False

PASSES = """
partners[2].afspraken: [{omschrijving: Zaken binnen vier weken op zitting.}]
"""
FAILS = """
partners[2].afspraken: <weg>
"""
FAILS_AT = "partners[2]"


def roles(plan: PlanView) -> dict[str, list[str]]:
    """Partner id -> what it does for which doel ("trekker van doel 'd1'"), from every doel as written."""
    out: dict[str, list[str]] = {}
    for _, d in plan.all_items("meetbare_doelen"):
        doel = d.get("id")
        if isinstance(d.get("trekker"), str):
            out.setdefault(d["trekker"], []).append(f"trekker van doel '{doel}'")
        for p in d["partners"] if isinstance(d.get("partners"), list) else ():
            if isinstance(p, str):
                out.setdefault(p, []).append(f"partner bij doel '{doel}'")
    return out


def check(plan: PlanView):
    rollen = roles(plan)
    for i, p in plan.first_items("partners"):  # a doel's partner is the first with the id
        ident = p.get("id")
        if p.get("soort") == "gemeente" or ident not in rollen:
            continue
        if not p.get("afspraken"):
            yield Finding(
                ("partners", i, "afspraken"),
                f"partner '{ident}' ({p.get('naam')}) is {rollen[ident][0]}, maar heeft geen "
                "prestatieafspraken; leg onder afspraken vast wat de partner bijdraagt",
            )
