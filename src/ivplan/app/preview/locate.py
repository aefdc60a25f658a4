"""Where in the rendered document a diagnostic applies: the element its `path` names, or the nearest
rendered ancestor.

The templates turn the plan into Markdown without keeping a map from YAML paths to output, and a
gemeente's own templates may word and order everything differently. So the place is found the way a
reader would find it: by what the document shows of the plan's values. For `meetbare_doelen[2].
streefwaarde.waarde` the locator walks up the path (the number itself; the streefwaarde; the doel) and
takes the first step whose text it finds: a doel by its omschrijving, a prioriteit by its titel, a
Markdown field by its first words. It looks inside the section that holds the path's top-level key
first (the chapter "Meetbare doelen" for a doel), and prefers a heading, then a table row, a list item,
a paragraph. What it cannot find goes to the section's heading, then to the document's title.

`mark_places()` adds to the HTML element tree (render/htmlwriter.py): every place gets an id and a mark
in the margin with the codes, each a link back to its diagnostic in the panel.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ivplan.core.diagnostics import Diagnostic

# Keys whose value names an item in the document (in this order of preference).
NAME_KEYS = ("titel", "omschrijving", "naam", "thema", "beleidsterrein", "speerpunt", "term")
MIN_TEXT = 4  # shorter values (ids, numbers) say too little to be looked for

# The chapter (heading of level 1) of the built-in plan template that shows a top-level key.
SECTION_HEADINGS = {
    "probleemanalyse": "Probleemanalyse",
    "participatie": "Participatie",
    "prioriteiten": "Prioriteiten",
    "overige_themas": "Prioriteiten",
    "meetbare_doelen": "Meetbare doelen",
    "partners": "Partners en afspraken",
    "regionale_afstemming": "Regionale afstemming",
    "organisatie": "Organisatie en regie",
    "politie": "Politie",
    "monitoring": "Monitoring en evaluatie",
    "financien": "Financiën",
    "begrippen": "Bijlage: Begrippen en afkortingen",
}

# Headings of level 2 and the labels of the title block that show a field.
FIELD_HEADINGS = {
    ("plan", "samenvatting"): "Samenvatting",
    ("plan", "visie"): "Visie",
    ("plan", "afbakening"): "Afbakening",
    ("plan", "evaluatie_vorig_plan"): "Evaluatie van het vorige plan",
    ("plan", "evaluatie_sterke_punten"): "Evaluatie van het vorige plan",
    ("plan", "evaluatie_verbeterpunten"): "Evaluatie van het vorige plan",
    ("probleemanalyse", "trends"): "Trends",
    ("probleemanalyse", "bronnen"): "Bronnen",
    ("participatie", "inwoners"): "Inwoners",
    ("participatie", "partners"): "Veiligheidspartners",
    ("participatie", "raad"): "Gemeenteraad",
    ("overige_themas",): "Overige veiligheidsthema's",
    ("regionale_afstemming", "landelijk"): "Landelijke prioriteiten",
    ("regionale_afstemming", "speerpunten"): "Regionale speerpunten",
    ("regionale_afstemming", "driehoek"): "Lokale driehoek",
    ("regionale_afstemming", "zienswijze_raad"): "Zienswijze van de raad",
    ("regionale_afstemming", "samenwerking"): "Samenwerking",
    ("organisatie", "interne_samenhang"): "Samenhang met andere beleidsterreinen",
    ("politie", "afspraken"): "Afspraken met de politie",
    ("monitoring", "rapportage"): "Rapportage",
    ("monitoring", "overleg"): "Overleg over de uitvoering",
    ("monitoring", "evaluatie"): "Evaluatie",
    ("financien", "dekking"): "Dekking",
}
TITLE_LABELS = {
    ("gemeente",): "Gemeente:",
    ("plan", "periode"): "Periode:",
    ("plan", "status"): "Status en versie:",
    ("plan", "versie"): "Status en versie:",
    ("plan", "datum"): "Datum:",
    ("plan", "vastgesteld_op"): "Vastgesteld door de raad op:",
    ("plan", "portefeuillehouder"): "Portefeuillehouder:",
    ("plan", "contactpersoon"): "Contactpersoon:",
}

# Which kind of element names an item best; a doel is its row in the overview table, not the heading
# above its chart.
_RANK = {"h": 0, "tr": 1, "li": 2, "p": 3, "caption": 4}
_RANK_ROWS_FIRST = {"tr": 0, "h": 1, "li": 2, "p": 3, "caption": 4}
ROWS_FIRST = {"meetbare_doelen", "partners", "overige_themas", "financien", "begrippen"}

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_MARKUP = re.compile(r"[*_`>#\[\]]|\]\([^)]*\)|^\s*(?:[-+]|\d+\.)\s+")
_WS = re.compile(r"\s+")


def parse_path(path: str) -> tuple:
    """'meetbare_doelen[2].prioriteit' -> ('meetbare_doelen', 2, 'prioriteit')."""
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(path))


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def _kind(el: ET.Element) -> str | None:
    if el.tag in ("h1", "h2", "h3", "h4"):
        return "h"
    if el.tag in ("tr", "li", "p", "caption"):
        return el.tag
    return None


@dataclass
class _Place:
    el: ET.Element
    kind: str
    text: str  # normalized
    order: int
    heading_text: str = ""  # a heading's text without its number


class _Index:
    """The document's elements that can be a place, in document order."""

    def __init__(self, root: ET.Element):
        self.places: list[_Place] = []
        for el in root.iter():
            kind = _kind(el)
            if kind is None or el.tag == "tr" and el.find("th[@scope='col']") is not None:
                continue  # a header row names no item
            text = _norm("".join(el.itertext()))
            if not text:
                continue
            heading_text = text
            if kind == "h":
                number = el.find("span[@class='kopnummer']")
                if number is not None and number.text:
                    heading_text = text[len(number.text) :].strip()
            self.places.append(_Place(el, kind, text, len(self.places), heading_text))
        self.title = next((p for p in self.places if "titel" in (p.el.get("class") or "").split()), None)

    def heading(self, text: str, levels=("h1", "h2", "h3", "h4"), within: range | None = None) -> _Place | None:
        want = _norm(text)
        for p in self._in(within):
            if p.kind == "h" and p.el.tag in levels and p.heading_text == want:
                return p
        return None

    def section(self, key: str) -> range | None:
        """The places of the chapter that shows top-level `key` (built-in template wording)."""
        title = SECTION_HEADINGS.get(key)
        start = self.heading(title, ("h1",)) if title else None
        if start is None:
            return None
        end = next((p.order for p in self.places[start.order + 1 :] if p.el.tag == "h1"), len(self.places))
        return range(start.order, end)

    def _in(self, within: range | None):
        return self.places if within is None else self.places[within.start : within.stop]

    def find(self, needle: str, within: range | None, ranks: dict[str, int]) -> _Place | None:
        want = _norm(needle)
        found = [p for p in self._in(within) if want in p.text]
        return min(found, key=lambda p: (ranks[p.kind], p.order), default=None)

    def labelled(self, label: str) -> _Place | None:
        want = _norm(label)
        return next((p for p in self.places if p.kind == "p" and p.text.startswith(want)), None)


def _value(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _needles(value: Any, key: Any) -> list[str]:
    """Texts of a value that the document shows as written."""
    if isinstance(value, dict):
        return [str(value[k]).rstrip(" .") for k in NAME_KEYS if isinstance(value.get(k), str)]
    if not isinstance(value, str):
        return []
    text = value.strip()
    if "\n" in text or len(text) > 60:  # a Markdown field: its first words, without markup
        first = next((line for line in text.splitlines() if line.strip()), "")
        words = _MARKUP.sub("", first).split()
        text = " ".join(words[:6])
    elif key not in NAME_KEYS and len(text) < 12:
        return []  # an id or a short code: it would match by chance
    text = text.rstrip(" .")
    return [text] if len(text) >= MIN_TEXT else []


def locate(index: _Index, data: Any, path: tuple) -> _Place | None:
    """The place of `path` in the document (see the module docstring)."""
    top = path[0] if path else None
    within = index.section(top) if isinstance(top, str) else None
    ranks = _RANK_ROWS_FIRST if top in ROWS_FIRST else _RANK
    for n in range(len(path), 0, -1):
        prefix = path[:n]
        if prefix in TITLE_LABELS:
            place = index.labelled(TITLE_LABELS[prefix])
            if place is not None:
                return place
        if prefix == ("plan", "titel"):
            return index.title
        for needle in _needles(_value(data, prefix), prefix[-1]):
            place = index.find(needle, within, ranks) or index.find(needle, None, ranks)
            if place is not None:
                return place
        if prefix in FIELD_HEADINGS:
            place = index.heading(FIELD_HEADINGS[prefix], within=within)
            if place is not None:
                return place
    if within is not None:
        return index.places[within.start]
    return index.title or (index.places[0] if index.places else None)


def mark_places(
    root: ET.Element,
    data: Any,
    diagnostics: Sequence[Diagnostic],
    anchor: Callable[[int], str],
    *,
    data_by_file: Mapping[str, Any] | None = None,
) -> list[str | None]:
    """Find each diagnostic's place in the document tree `root`, give it an id and a mark in the margin
    (a link per code to `#anchor(i)`, the diagnostic in the panel). Returns each diagnostic's element id
    (None when the document has no element at all). A diagnostic's path is read in `data`, or, for a
    diagnostic in another file that `data_by_file` names (deel A of a deel B), in that file's data."""
    index = _Index(root)
    targets: list[str | None] = []
    marks: dict[int, list[int]] = {}  # place order -> diagnostic indexes
    others = data_by_file or {}
    for i, d in enumerate(diagnostics):
        where = others.get(d.file, data) if d.file else data
        place = locate(index, where, parse_path(d.path)) if where is not None else None
        if place is None:
            targets.append(None)
            continue
        if not place.el.get("id"):
            place.el.set("id", f"plek-{place.order}")
        targets.append(place.el.get("id"))
        marks.setdefault(place.order, []).append(i)
    for order, numbers in marks.items():
        place = index.places[order]
        _add_mark(place.el, [(n, diagnostics[n]) for n in numbers], anchor)
    return targets


def _add_mark(el: ET.Element, diags: list[tuple[int, Diagnostic]], anchor: Callable[[int], str]) -> None:
    worst = "fout" if any(d.is_error for _, d in diags) else "waarschuwing"
    el.set("class", " ".join(filter(None, [el.get("class"), "ivp-plek", worst])))
    el.set("data-codes", " ".join(d.code for _, d in diags))
    holder = el
    if el.tag == "tr":
        holder = next((c for c in el if c.tag in ("th", "td")), el)
    marks = ET.Element("span", {"class": "merken"})
    for n, d in diags:
        link = ET.SubElement(
            marks, "a", {"href": f"#{anchor(n)}", "class": f"merk {'fout' if d.is_error else 'waarschuwing'}"}
        )
        hidden = ET.SubElement(link, "span", {"class": "visueel-verborgen"})
        hidden.text = f"{d.severity} "
        hidden.tail = d.code
    marks.tail = holder.text
    holder.text = None
    holder.insert(0, marks)
