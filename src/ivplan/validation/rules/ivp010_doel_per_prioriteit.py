"""Wat: elke prioriteit in `prioriteiten` heeft ten minste één meetbaar doel in `meetbare_doelen`
(een doel hoort bij de prioriteit waarvan het de `id` in zijn veld `prioriteit` noemt).

Waarom: evaluaties van integrale veiligheidsplannen noemen het ontbreken van een systematische
aanpak als knelpunt: doelen worden niet in meetbare termen gesteld, zodat de raad achteraf niet kan
zien of het beleid heeft gewerkt. Het CCV-stappenplan (stap 6) vraagt daarom per prioriteit een
meetbaar doel: wat wordt gemeten, wat is de nulmeting en wat is de streefwaarde.

Hoe op te lossen: voeg voor de prioriteit een doel toe aan `meetbare_doelen`, met `prioriteit: <id
van de prioriteit>`, een indicator, een bron, een nulmeting en een streefwaarde. Is het onderwerp
geen echte prioriteit, zet het dan onder `overige_themas`: daar is geen meetbaar doel nodig.

Zolang een doel naar een onbekende prioriteit verwijst (IVP002), zwijgt deze regel: dat doel kan
voor elke prioriteit bedoeld zijn.

Bron: CCV, Kernbeleid Veiligheid / stappenplan integraal veiligheidsplan, stap 6; knelpunt
'ontbreken systematische aanpak'.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP010"
SEVERITY = ERROR
TITLE = "elke prioriteit heeft ten minste één meetbaar doel"
NEEDS = ("prioriteiten", "meetbare_doelen")
REGIO = False

PASSES = """
meetbare_doelen[0].omschrijving: Minder woninginbraken in alle wijken.
"""
FAILS = """
prioriteiten[1]: {id: jeugd, titel: Jeugdoverlast, veiligheidsveld: jeugd_en_veiligheid,
                  motivering: Veel meldingen., aanpak: Jongerenwerk.}
probleemanalyse.bevindingen[1]: {veiligheidsveld: jeugd_en_veiligheid, thema: jeugdoverlast,
                                 tekst: Meer meldingen.}
"""
FAILS_AT = "prioriteiten[1]"


def check(plan: PlanView):
    doelen = list(plan.all_items("meetbare_doelen"))
    # A doel whose prioriteit does not resolve (IVP002) may be the doel of any prioriteit: fix that
    # first; until then this rule cannot tell which prioriteit lacks a doel.
    if any(plan.holds_unresolved("meetbare_doelen", i, "prioriteit") for i, _ in doelen):
        return
    # Every doel that names a prioriteit counts, also one with a schema error elsewhere: that error
    # is IVP000's message, and the prioriteit is not without a doel because of it.
    covered = plan.texts("meetbare_doelen", key="prioriteit")
    for i, p in plan.first_items("prioriteiten"):  # a doel's prioriteit is the first with the id
        ident = p.get("id")
        if isinstance(ident, str) and ident not in covered:
            yield Finding(
                ("prioriteiten", i),
                f"prioriteit '{ident}' ({p.get('titel')}) heeft geen meetbaar doel; voeg in "
                f"meetbare_doelen een doel toe met 'prioriteit: {ident}'",
            )
