"""Wat: de ids van actiepunten en maatregelen zijn samen uniek in het programma; elke prioriteit en elk
overig thema van het plan heeft hoogstens één plek in het programma; elk doel heeft per jaar hoogstens
één jaardoel. De melding staat bij de latere.

Waarom: een maatregel wordt in elk document en in de voortgang aangeduid met zijn id; een prioriteit
die twee keer voorkomt of twee jaardoelen voor één jaar maken het programma dubbelzinnig.

Hoe op te lossen: geef het latere element een eigen id, voeg de twee plekken van een prioriteit samen, of
verwijder het dubbele jaardoel.

Bron: ivplan, samenhang van het programma.
"""

from ivplan.core.diagnostics import ERROR, format_path
from ivplan.validation.rules.base import Finding
from ivplan.validation.rules.programma import ProgrammeView

CODE = "IVP102"
SEVERITY = ERROR
TITLE = "ids, prioriteiten en jaardoelen komen in het programma maar één keer voor"
NEEDS = ()
REGIO = False
KIND = "uitvoering"

PASSES = """
prioriteiten[0].actiepunten[1]:
  id: toezicht
  titel: Toezicht
  maatregelen: [{id: wi-2, omschrijving: Extra toezicht., trekker: politie, termijn: 2027}]
"""
FAILS = """
prioriteiten[0].actiepunten[1]:
  id: toezicht
  titel: Toezicht
  maatregelen: [{id: wi-1, omschrijving: Extra toezicht., trekker: politie, termijn: 2027}]
"""
FAILS_AT = "prioriteiten[0].actiepunten[1].maatregelen[0].id"


def check(prog: ProgrammeView):
    seen_ids: dict[str, tuple] = {}
    for section in ("prioriteiten", "overige_themas"):
        for i, _ in prog.all_items(section):
            for j, ap in prog.all_items(section, i, "actiepunten"):
                ids: list[tuple[tuple[str | int, ...], object]] = [((section, i, "actiepunten", j, "id"), ap.get("id"))]
                ids += [
                    ((section, i, "actiepunten", j, "maatregelen", k, "id"), m.get("id"))
                    for k, m in prog.all_items(section, i, "actiepunten", j, "maatregelen")
                ]
                for path, ident in ids:
                    if not isinstance(ident, str) or not prog.element_ok(*path):
                        continue
                    if ident in seen_ids:
                        yield Finding(
                            path,
                            f"de id '{ident}' komt al voor bij {format_path(seen_ids[ident][:-1])}; actiepunten en "
                            "maatregelen hebben elk een eigen id",
                        )
                    else:
                        seen_ids[ident] = path
    for section, key, what in (("prioriteiten", "prioriteit", "prioriteit"), ("overige_themas", "thema", "thema")):
        seen: dict[str, int] = {}
        for i, entry in prog.all_items(section):
            value = entry.get(key)
            if not isinstance(value, str) or not prog.element_ok(section, i, key):
                continue
            folded = " ".join(value.split()).casefold()
            if folded in seen:
                yield Finding(
                    (section, i, key),
                    f"{what} '{value}' staat al in {section}[{seen[folded]}]; voeg de actiepunten samen onder "
                    f"één {what}",
                )
            else:
                seen[folded] = i
    jaren: dict[tuple, int] = {}
    for i, jd in prog.all_items("jaardoelen"):
        doel, jaar = jd.get("doel"), jd.get("jaar")
        if not (prog.element_ok("jaardoelen", i, "doel") and prog.element_ok("jaardoelen", i, "jaar")):
            continue
        if (doel, jaar) in jaren:
            yield Finding(
                ("jaardoelen", i),
                f"doel '{doel}' heeft al een jaardoel voor {jaar} (jaardoelen[{jaren[(doel, jaar)]}])",
            )
        else:
            jaren[(doel, jaar)] = i
