"""Real Word numbering (numbering.xml) for lists and for heading numbering.

Every Markdown list (every <ul>/<ol>, nested ones too) gets a w:num of its own with a w:startOverride,
so each list starts at 1 (or at the number its first item has). All w:abstractNum come before any w:num,
or Word silently drops the numbering.
"""

from __future__ import annotations

from ivplan.render.docxwriter.ooxml import PPR_ORDER, STYLE_ORDER, el, insert_in_order, replace_in_order, sub, w

BULLETS = ("\u2022", "\u2013", "\u25aa")
ORDERED_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
LIST_INDENT = 360  # twips per level (0.635 cm)
HEADING_INDENT = 851  # twips (1.5 cm) between the heading number and its text


class Numbering:
    """Adds definitions to a numbering part's root element; ids continue after the existing ones."""

    def __init__(self, root) -> None:
        self.root = root
        abstract_ids = [int(a.get(w("abstractNumId"))) for a in root.iterfind(w("abstractNum"))]
        num_ids = [int(n.get(w("numId"))) for n in root.iterfind(w("num"))]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        self._abstract: dict[str, int] = {}

    def _add_abstract(self, key: str, levels: list) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = el("abstractNum", {"abstractNumId": str(abstract_id)})
        sub(abstract, "nsid", {"val": f"{0x1F38A000 + abstract_id:08X}"})
        sub(abstract, "multiLevelType", {"val": "multilevel" if key == "headings" else "hybridMultilevel"})
        for lvl in levels:
            abstract.append(lvl)
        first_num = self.root.find(w("num"))
        cleanup = self.root.find(w("numIdMacAtCleanup"))
        anchor = first_num if first_num is not None else cleanup
        if anchor is not None:
            anchor.addprevious(abstract)
        else:
            self.root.append(abstract)
        self._abstract[key] = abstract_id
        return abstract_id

    def _add_num(self, abstract_id: int, overrides: dict[int, int]) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = el("num", {"numId": str(num_id)})
        sub(num, "abstractNumId", {"val": str(abstract_id)})
        for ilvl, start in sorted(overrides.items()):
            override = sub(num, "lvlOverride", {"ilvl": str(ilvl)})
            sub(override, "startOverride", {"val": str(start)})
        cleanup = self.root.find(w("numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.root.append(num)
        return num_id

    def new_list(self, ordered: bool, level: int, start: int = 1) -> int:
        """A fresh w:num for one list at nesting ``level``; it restarts at ``start``."""
        key = "ordered" if ordered else "bullet"
        if key not in self._abstract:
            self._add_abstract(key, [_list_level(i, ordered) for i in range(9)])
        return self._add_num(self._abstract[key], {level: start})

    def heading_numbering(self, styles, heading_ids: list[str]) -> int:
        """Outline numbering 1, 1.1, 1.1.1 tied to the heading styles (w:pStyle in each level and
        w:numPr in each heading style), so the TOC and the navigation pane show the numbers."""
        levels = []
        for i, style_id in enumerate(heading_ids):
            lvl = el("lvl", {"ilvl": str(i)})
            sub(lvl, "start", {"val": "1"})
            sub(lvl, "numFmt", {"val": "decimal"})
            sub(lvl, "pStyle", {"val": style_id})
            sub(lvl, "suff", {"val": "tab"})
            sub(lvl, "lvlText", {"val": ".".join(f"%{k + 1}" for k in range(i + 1))})
            sub(lvl, "lvlJc", {"val": "left"})
            ppr = sub(lvl, "pPr")
            tabs = sub(ppr, "tabs")
            sub(tabs, "tab", {"val": "num", "pos": str(HEADING_INDENT)})
            sub(ppr, "ind", {"left": str(HEADING_INDENT), "hanging": str(HEADING_INDENT)})
            levels.append(lvl)
        num_id = self._add_num(self._add_abstract("headings", levels), {})
        by_id = {s.get(w("styleId")): s for s in styles.iterfind(w("style"))}
        for i, style_id in enumerate(heading_ids):
            style = by_id[style_id]
            ppr = style.find(w("pPr"))
            if ppr is None:
                ppr = insert_in_order(style, el("pPr"), STYLE_ORDER)
            numpr = el("numPr")
            sub(numpr, "ilvl", {"val": str(i)})
            sub(numpr, "numId", {"val": str(num_id)})
            replace_in_order(ppr, numpr, PPR_ORDER)
            # the numbering level's indent applies; a huisstijl's own w:ind would fight it
            for ind in ppr.findall(w("ind")):
                ppr.remove(ind)
        return num_id


def _list_level(i: int, ordered: bool):
    lvl = el("lvl", {"ilvl": str(i)})
    sub(lvl, "start", {"val": "1"})
    if ordered:
        sub(lvl, "numFmt", {"val": ORDERED_FORMATS[i % 3]})
        sub(lvl, "lvlText", {"val": f"%{i + 1}."})
    else:
        sub(lvl, "numFmt", {"val": "bullet"})
        sub(lvl, "lvlText", {"val": BULLETS[i % 3]})
    sub(lvl, "lvlJc", {"val": "left"})
    ppr = sub(lvl, "pPr")
    sub(ppr, "ind", {"left": str(LIST_INDENT * (i + 1)), "hanging": str(LIST_INDENT)})
    if not ordered:
        rpr = sub(lvl, "rPr")
        sub(rpr, "rFonts", {"ascii": "Arial", "hAnsi": "Arial", "hint": "default"})
    return lvl


def list_indent(level: int) -> int:
    """Left indent (twips) of the text of a list item at ``level``; for its follow-on paragraphs."""
    return LIST_INDENT * (level + 1)
