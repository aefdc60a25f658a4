"""Wat: elke partner die geen gemeente is, heeft een rol in de uitvoering: hij trekt een meetbaar
doel (`meetbare_doelen[].trekker`), draagt eraan bij (`meetbare_doelen[].partners`), of heeft eigen
prestatieafspraken (`partners[].afspraken`). Een partner die geen van drieën heeft, krijgt deze
waarschuwing.

"Geen afspraak" betekent hier dat de partner zelf geen afspraken heeft: afspraken horen bij een
partner en verwijzen naar doelen, niet naar andere partners. Een partner met eigen afspraken heeft
dus een rol, ook als die afspraken (nog) geen doel noemen. Zolang een doel naar een onbekende partner
verwijst (IVP002), zwijgt deze regel: die verwijzing kan elke partner bedoelen.

Waarom: een partner zonder rol in doelen of afspraken staat alleen op papier. Het plan wordt
duidelijker als zichtbaar is wat elke partner bijdraagt.

Hoe op te lossen: noem de partner bij de doelen waaraan hij bijdraagt, of leg zijn prestatieafspraken
vast. Heeft hij echt geen rol in dit plan, verwijder hem dan uit `partners` en beschrijf de
samenwerking eventueel onder `regionale_afstemming.samenwerking`.

Bron: ivplan; CCV, stappenplan integraal veiligheidsplan (partners en hun bijdrage).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView
from ivplan.validation.rules.ivp021_afspraken import roles

CODE = "IVP022"
SEVERITY = WARNING
TITLE = "elke partner heeft een rol in een doel of een afspraak"
NEEDS = ("partners", "meetbare_doelen")
REGIO = False

PASSES = """
partners[3]: {id: woonstichting, naam: Woonstichting, soort: woningcorporatie, rol: Beheer,
              afspraken: [{omschrijving: Hang- en sluitwerk bij alle huurwoningen.}]}
"""
FAILS = """
partners[3]: {id: woonstichting, naam: Woonstichting, soort: woningcorporatie, rol: Beheer}
"""
FAILS_AT = "partners[3]"


def check(plan: PlanView):
    # A doel whose trekker or partners do not resolve (IVP002) may mean any partner: fix that first.
    if any(
        plan.holds_unresolved("meetbare_doelen", i, "trekker")
        or plan.holds_unresolved("meetbare_doelen", i, "partners")
        for i, _ in plan.all_items("meetbare_doelen")
    ):
        return
    rollen = roles(plan)
    for i, p in plan.first_items("partners"):  # a later one with the id is IVP003's
        ident = p.get("id")
        if p.get("soort") == "gemeente" or ident in rollen or p.get("afspraken"):
            continue
        yield Finding(
            ("partners", i),
            f"partner '{ident}' ({p.get('naam')}) trekt geen doel, draagt aan geen doel bij en heeft "
            "geen afspraken; geef de partner een rol of verwijder hem",
        )
