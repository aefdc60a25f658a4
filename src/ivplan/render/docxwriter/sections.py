"""Sections: a landscape page for a table too wide for a portrait one, two columns for a signature block.

A section of a Word document ends with the paragraph whose w:pPr holds its w:sectPr; the last section's
properties are the body's own w:sectPr. The writer marks stretches of its blocks (`Span`: first and
last block, `Layout`) and `apply` turns them into sections when the whole body is written (after the
footer and header, whose references every section copies). Between the spans the document keeps its
own layout. A span never needs an extra, empty paragraph to end a section: the writer only makes one
where a paragraph stands before it, and where its last block is a paragraph (or the body ends).

Every section is made from the document's own w:sectPr (the default huisstijl's A4, or a gemeente's
page setup, headers and footers): the landscape one with the page turned (width and height swapped,
the margins kept), the signature one with two columns and no page break before it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ivplan.render.docxwriter.ooxml import PPR_ORDER, SECTPR_ORDER, el, insert_in_order, w

COLUMN_SPACE = "567"  # 1 cm between the two columns of a signature block


@dataclass(frozen=True)
class Layout:
    landscape: bool = False
    columns: int = 1
    continuous: bool = False  # starts on the page where the section before it ends


DOCUMENT = Layout()


@dataclass(frozen=True)
class Span:
    first: int  # index of the span's first block in the body
    last: int  # index of its last block (a paragraph, or the body's last block)
    layout: Layout


def is_landscape(sect_pr) -> bool:
    size = sect_pr.find(w("pgSz")) if sect_pr is not None else None
    if size is None:
        return False
    try:
        return int(size.get(w("w"))) > int(size.get(w("h")))
    except (AttributeError, TypeError, ValueError):
        return False


def landscape_text_width(sect_pr) -> int:
    """The width between the margins when the page is turned (0 when it cannot be read)."""
    try:
        size, margins = sect_pr.find(w("pgSz")), sect_pr.find(w("pgMar"))
        long_side = max(int(size.get(w("w"))), int(size.get(w("h"))))
        return long_side - int(margins.get(w("left"))) - int(margins.get(w("right")))
    except (AttributeError, TypeError, ValueError):
        return 0


def section_properties(base, layout: Layout, *, first: bool):
    """A w:sectPr for a section of `layout`, made from the document's own `base`."""
    sect = copy.deepcopy(base)
    for name in ("type",) + (() if first else ("titlePg", "pgNumType")):
        # a first-page header and a restart of the page numbers belong to the document's first section
        for old in sect.findall(w(name)):
            sect.remove(old)
    if layout.continuous:
        insert_in_order(sect, el("type", {"val": "continuous"}), SECTPR_ORDER)
    size = sect.find(w("pgSz"))
    if layout.landscape and size is not None and not is_landscape(sect):
        width, height = size.get(w("w")), size.get(w("h"))
        size.set(w("w"), height)
        size.set(w("h"), width)
        size.set(w("orient"), "landscape")
    cols = sect.find(w("cols"))
    if layout.columns > 1:
        if cols is not None:
            sect.remove(cols)
        insert_in_order(sect, el("cols", {"num": str(layout.columns), "space": COLUMN_SPACE}), SECTPR_ORDER)
    return sect


def apply(body, blocks: list, spans: list[Span]) -> None:
    """Turn the spans (in body order, not overlapping) into sections of the body's blocks."""
    if not spans:
        return
    body_sect = body.find(w("sectPr"))
    if body_sect is None:
        return
    base = copy.deepcopy(body_sect)
    sections: list[tuple[int, Layout]] = []  # (index of the section's last block, layout)
    position, continuous_next = 0, False
    for span in spans:
        if span.first > position:
            sections.append((span.first - 1, Layout(continuous=continuous_next)))
        sections.append((span.last, span.layout))
        position, continuous_next = span.last + 1, span.layout.columns > 1
    if position < len(blocks):
        sections.append((len(blocks) - 1, Layout(continuous=continuous_next)))
    *ended, (_, final) = sections
    for number, (last, layout) in enumerate(ended):
        paragraph = blocks[last]
        ppr = paragraph.find(w("pPr"))
        if ppr is None:
            ppr = el("pPr")
            paragraph.insert(0, ppr)
        insert_in_order(ppr, section_properties(base, layout, first=number == 0), PPR_ORDER)
    body.replace(body_sect, section_properties(base, final, first=False))
