"""Wat: onder `partners` staat ten minste één partner met `soort: politie` en ten minste één met
`soort: openbaar_ministerie`.

Waarom: integrale veiligheid gaat over de hele keten, inclusief de justitiepartners. De burgemeester,
de officier van justitie en de politie overleggen in de driehoek over de inzet van de politie
(Politiewet 2012, artikel 13); zonder politie en Openbaar Ministerie als partner is het plan niet
integraal en mist de basis voor de afspraken in de driehoek.

Hoe op te lossen: voeg de politie (bijvoorbeeld het basisteam) en het Openbaar Ministerie (het
arrondissementsparket) toe aan `partners`, met hun rol en, waar ze aan doelen bijdragen, hun
afspraken.

Bron: Politiewet 2012, artikel 13 (gezag en driehoek); artikel 38b.
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP020"
SEVERITY = ERROR
TITLE = "de partners omvatten de politie en het Openbaar Ministerie"
NEEDS = ("partners",)
REGIO = False

PASSES = """
partners[2].naam: Openbaar Ministerie, parket Oost-Nederland
"""
FAILS = """
partners[2].soort: veiligheidsregio
"""
FAILS_AT = "partners"

_REQUIRED = (("politie", "de politie"), ("openbaar_ministerie", "het Openbaar Ministerie"))


def check(plan: PlanView):
    soorten = plan.texts("partners", key="soort")
    # A partner whose soort itself failed the schema may be the one meant; IVP000 already speaks.
    if any(not plan.element_ok("partners", i, "soort") for i, _ in plan.all_items("partners")):
        return
    for soort, naam in _REQUIRED:
        if soort not in soorten:
            yield Finding(("partners",), f"geen partner met soort '{soort}': integrale veiligheid omvat ook {naam}")
