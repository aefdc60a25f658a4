"""Markdown pipe tables -> Word tables (built directly as lxml elements: no per-cell python-docx lookups).

A data table has its Markdown header row as the repeating header row (w:tblHeader, tblLook firstRow).
A label table (``[[labeltabel]]``) is two columns label | value: every Markdown row is data and the first
column is the header column (tblLook firstColumn). ``[[tabel: bijschrift]]`` gives w:tblCaption.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .ooxml import el, mark_header_row, sub, table_look

LABEL_COLUMN_SHARE = 0.35


@dataclass
class TableSpec:
    rows: Sequence[Sequence[object]]  # cells (the reader's th/td elements)
    header_rows: int  # how many top rows are header rows (0 for a label table)
    label_table: bool = False
    caption: str | None = None


def build_table(
    spec: TableSpec,
    style_id: str,
    text_width: int,
    fill_cell: Callable[[object, object], None],
    cell_style_id: str,
):
    """Return a w:tbl. ``fill_cell(cell, tc)`` appends the cell's paragraphs to the w:tc."""
    columns = max((len(r) for r in spec.rows), default=1) or 1
    if spec.label_table and columns == 2:
        first = int(text_width * LABEL_COLUMN_SHARE)
        widths = [first, text_width - first]
    else:
        widths = [text_width // columns] * columns

    tbl = el("tbl")
    tblpr = sub(tbl, "tblPr")
    sub(tblpr, "tblStyle", {"val": style_id})
    sub(tblpr, "tblW", {"w": "5000", "type": "pct"})
    tblpr.append(table_look(first_row=spec.header_rows > 0, first_column=spec.label_table))
    if spec.caption:
        sub(tblpr, "tblCaption", {"val": spec.caption})
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", {"w": str(width)})

    for index, cells in enumerate(spec.rows):
        tr = sub(tbl, "tr")
        if index < spec.header_rows:
            mark_header_row(tr)
        for col in range(columns):
            tc = sub(tr, "tc")
            tcpr = sub(tc, "tcPr")
            sub(tcpr, "tcW", {"w": str(widths[col]), "type": "dxa"})
            if col < len(cells):
                fill_cell(cells[col], tc)
            if tc.find(tc.tag.replace("}tc", "}p")) is None:
                p = sub(tc, "p")  # a cell must hold a paragraph, even when empty
                sub(sub(p, "pPr"), "pStyle", {"val": cell_style_id})
    return tbl
