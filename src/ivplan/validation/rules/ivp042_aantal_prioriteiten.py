"""Wat: het plan heeft hoogstens vijf prioriteiten.

Waarom: het CCV adviseert het aantal lokale prioriteiten te beperken. Wie alles prioriteit geeft,
kiest niet: met een paar prioriteiten krijgen de partners focus en is de inzet te volgen. Thema's die
wel aandacht houden maar geen prioriteit zijn, horen onder `overige_themas`.

Hoe op te lossen: kies de belangrijkste prioriteiten (meestal drie tot vijf) en zet de overige
onderwerpen onder `overige_themas`, eventueel met een verwijzing naar het plan waarin ze zijn
uitgewerkt. Een regiobureau kan deze regel in zijn regiobestand strenger of soepeler instellen
(`eisen: {IVP042: fout}`).

Bron: CCV, Kernbeleid Veiligheid / stappenplan integraal veiligheidsplan (beperk het aantal
prioriteiten).
"""

from ivplan.core.diagnostics import WARNING
from ivplan.validation.rules.base import Finding, PlanView

CODE = "IVP042"
SEVERITY = WARNING
TITLE = "hoogstens vijf prioriteiten"
NEEDS = ("prioriteiten",)
REGIO = False
MAXIMUM = 5

_EXTRA = "\n".join(
    f"prioriteiten[{i}]: {{id: p{i}, titel: Prioriteit {i}, veiligheidsveld: veilige_woon_en_leefomgeving, "
    f"motivering: Uit de analyse., aanpak: Preventie.}}\n"
    f"meetbare_doelen[{i}]: {{id: d{i + 1}, prioriteit: p{i}, omschrijving: Doel {i}., indicator: Aantal, "
    f"bron: politie-2026, nulmeting: {{waarde: 10, jaar: 2026}}, streefwaarde: {{waarde: 8, jaar: 2030}}, "
    f"richting: dalen, trekker: politie, partners: [om]}}"
    for i in range(1, 6)
)
PASSES = "\n".join(_EXTRA.splitlines()[:8]) + "\n"  # five prioriteiten in all
FAILS = _EXTRA + "\n"  # six
FAILS_AT = "prioriteiten"


def check(plan: PlanView):
    items = plan.raw("prioriteiten")
    if isinstance(items, list) and len(items) > MAXIMUM:
        yield Finding(
            ("prioriteiten",),
            f"het plan heeft {len(items)} prioriteiten; beperk u tot hoogstens {MAXIMUM} en zet de andere "
            "onderwerpen onder overige_themas",
        )
