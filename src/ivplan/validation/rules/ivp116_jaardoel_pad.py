"""Wat: een jaardoel ligt niet achter het pad van nulmeting naar streefwaarde (de rechte lijn van de
voortgangsrapportage, `ivplan uitleg voortgang`): bij `dalen` niet hoger, bij `stijgen` niet lager dan
het pad in dat jaar. Zonder pad (nulmeting en streefwaarde in hetzelfde jaar) zegt de regel niets.

Waarom: een jaardoel achter het pad betekent dat de streefwaarde pas laat gehaald kan worden; dat mag,
maar de raad moet het weten.

Hoe op te lossen: leg in de toelichting van het jaardoel uit waarom het trager gaat, of stel het bij.

Bron: ivplan; de voortgangsrapportage (documenten van ivplan voortgang).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.core.doelen import exact, verwachte_waarde
from ivplan.core.formatting import getal
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.ivp114_jaardoel_jaar import problem as ivp114
from ivplan.validation.rules.ivp115_jaardoel_richting import problem as ivp115
from ivplan.validation.rules.programma import ProgrammeView, jaardoelen

CODE = "IVP116"
SEVERITY = WARNING
TITLE = "een jaardoel ligt niet achter het pad naar de streefwaarde"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
jaardoelen[0].waarde: 88.75
"""
FAILS = """
jaardoelen[0].waarde: 89
"""
FAILS_AT = "jaardoelen[0].waarde"


def check(prog: ProgrammeView):
    for i, jd, doel in jaardoelen(prog):
        if ivp114(prog, jd, doel) or ivp115(jd, doel):
            continue
        pad = verwachte_waarde(doel, jd["jaar"])
        if pad is None:
            continue
        j = exact(jd["waarde"])
        richting = doel.get("richting")
        if (richting == "dalen" and j > pad) or (richting == "stijgen" and j < pad):
            yield Finding(
                ("jaardoelen", i, "waarde"),
                f"jaardoel {getal(jd['waarde'])} ligt achter het pad naar de streefwaarde van doel '{doel['id']}' "
                f"(het pad geeft {getal(float(pad), 2)} in {jd['jaar']})",
            )
