"""Wat: binnen elke lijst met ids komt elke `id` maar één keer voor: de bronnen van de
probleemanalyse, de prioriteiten, de meetbare doelen en de partners; elke `term` van `begrippen` komt
maar één keer voor, ongeacht hoofdletters. In het deel A van een gezamenlijk plan komt elke
`gemeenten[].cbs_code` één keer voor; een id in een deel B mag niet al in het deel A staan (de melding
staat bij de id in het deel B en noemt de plaats in deel A). In een regiobestand geldt
hetzelfde voor `speerpunten[].id` en `gemeenten[].cbs_code`. De melding staat bij elke latere
dubbele `id`; de eerste keer dat een id voorkomt is steeds in orde.

Waarom: andere delen van het plan verwijzen met die id naar een element (een doel naar zijn
prioriteit, een afspraak naar haar doelen). Komt een id twee keer voor, dan is niet duidelijk welk
element bedoeld is, en het plan is dan niet meer intern consistent.

Hoe op te lossen: geef het tweede element een eigen id (kleine letters, cijfers, '-' en '_'), en pas
de verwijzingen aan die het tweede element bedoelen. Is het een kopie, verwijder het dan.

Bron: ivplan, interne samenhang van het plan (zie ook IVP002).
"""

from ivplan.core.diagnostics import ERROR
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP003"
SEVERITY = ERROR
TITLE = "elke id komt binnen zijn lijst maar één keer voor"
NEEDS = ()
REGIO = False

PASSES = """
partners[3]: {id: woonstichting, naam: Woonstichting, soort: woningcorporatie, rol: Beheer,
              afspraken: [{omschrijving: Hang- en sluitwerk}]}
"""
FAILS = """
partners[3]: {id: politie, naam: Politie (tweede keer), soort: politie, rol: Opsporing,
              afspraken: [{omschrijving: Surveillance}]}
"""
FAILS_AT = "partners[3].id"

# The lists whose items carry an id, and what the items are called in a message.
LISTS = (
    (("probleemanalyse", "bronnen"), "bron"),
    (("prioriteiten",), "prioriteit"),
    (("meetbare_doelen",), "meetbaar doel"),
    (("partners",), "partner"),
)


def check(plan: PlanView):
    for path, what in LISTS:
        first: dict[str, int] = {}
        for i, item in plan.items(*path):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first:
                yield Finding(
                    path + (i, "id"),
                    f"de id '{ident}' komt al voor bij {what} {plan.where(path + (first[ident],))}; "
                    "geef elke id in deze lijst maar één keer",
                )
            else:
                first[ident] = i
    seen_terms: dict[str, int] = {}
    for i, item in plan.items("begrippen"):
        term = item.get("term")
        if not isinstance(term, str):
            continue
        key = term.strip().casefold()
        if key in seen_terms:
            yield Finding(
                ("begrippen", i, "term"),
                f"de term '{term.strip()}' komt al voor bij {plan.where(('begrippen', seen_terms[key]))}; "
                "geef elke term maar één keer (hoofdletters tellen niet)",
            )
        else:
            seen_terms[key] = i
    # deel A of a joint plan: each gemeente once
    seen_codes: dict[str, int] = {}
    for i, item in plan.items("gemeenten"):
        code = item.get("cbs_code")
        if code in seen_codes:
            yield Finding(
                ("gemeenten", i, "cbs_code"),
                f"CBS-code {code} staat al bij gemeenten[{seen_codes[code]}]; noem elke gemeente maar één keer",
            )
        elif isinstance(code, str):
            seen_codes[code] = i
