"""Wat: het raadsvoorstel (`raadsvoorstel`) bevat de velden die het document nodig heeft:
`registratienummer`, `datum_college`, `vergadering.datum`, `vergadering.agendapunt`,
`beoogd_effect`, `argumenten` (ten minste één) en `ondertekening.burgemeester`, `.secretaris` en
`.griffier`. Er komt één waarschuwing per ontbrekend veld, bij de sectie die het veld zou moeten
bevatten (een lege lijst `argumenten` telt als ontbrekend; de waarschuwing staat dan bij dat veld);
ontbreekt de hele sectie `raadsvoorstel`, dan één waarschuwing (op regel 1). Voor een
plan met `plan.status: vastgesteld` geldt deze regel niet: daarover is al besloten.

Waarom: een concept moet al te bouwen zijn, ook als nog niet alles bekend is; het raadsvoorstel toont
dan op de plaats van een ontbrekend veld een zichtbare invulplek tussen vierkante haken (zoals
"[datum raadsvergadering]"). Een definitief raadsvoorstel mag die invulplekken niet meer hebben.

Hoe op te lossen: vul de genoemde velden in voordat het raadsvoorstel naar het college en de raad
gaat. De waarschuwingen mogen blijven staan zolang het plan een concept is.

Bron: ivplan; het raadsvoorstel met ontwerp-raadsbesluit waarmee de raad de doelen vaststelt
(Politiewet 2012, artikel 38b).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP070"
SEVERITY = WARNING
TITLE = "het raadsvoorstel is compleet (anders: invulplekken in het document)"
NEEDS = ("plan",)
REGIO = False

PASSES = """
plan.status: vastgesteld
plan.vastgesteld_op: "2027-01-28"
raadsvoorstel.registratienummer: <weg>
"""
FAILS = """
raadsvoorstel.vergadering.agendapunt: <weg>
"""
FAILS_AT = "raadsvoorstel.vergadering"

# (path inside raadsvoorstel, what the document shows in its place)
FIELDS = (
    (("registratienummer",), "het registratienummer"),
    (("datum_college",), "de datum van het collegebesluit"),
    (("vergadering", "datum"), "de datum van de raadsvergadering"),
    (("vergadering", "agendapunt"), "het agendapunt"),
    (("beoogd_effect",), "het beoogd effect"),
    (("argumenten",), "de argumenten"),
    (("ondertekening", "burgemeester"), "de naam van de burgemeester"),
    (("ondertekening", "secretaris"), "de naam van de secretaris"),
    (("ondertekening", "griffier"), "de naam van de griffier"),
)


def check(plan: PlanView):
    status = plan.get("plan", "status")
    if status is None or status == "vastgesteld":
        return  # unknown status (IVP000) or already decided
    rv = ("raadsvoorstel",)
    if not plan.has(*rv):
        yield Finding(
            rv,
            "het plan heeft geen raadsvoorstel; het document toont invulplekken voor onder meer "
            "registratienummer, vergaderdatum, argumenten en ondertekening",
        )
        return
    if not plan.section_ok(*rv):
        return  # not a section: IVP000
    for sub, wat in FIELDS:
        path = rv + sub
        parent = path[:-1]
        if len(parent) > 1 and plan.has(*parent) and not plan.section_ok(*parent):
            continue  # e.g. vergadering is not a section: IVP000
        if plan.has(*path):
            value = plan.raw(*path)
            # an empty list counts as missing: the document shows the placeholder (a text of only spaces
            # fails the schema, IVP000, so it is no element_ok here)
            if not (isinstance(value, list) and not value and plan.element_ok(*path)):
                continue  # present (an invalid value is IVP000's)
        yield Finding(
            path, f"'{'.'.join(sub)}' ontbreekt in het raadsvoorstel; het document toont daar een invulplek voor {wat}"
        )
