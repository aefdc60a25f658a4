"""Markdown pipe tables -> Word tables (built directly as lxml elements: no per-cell python-docx lookups).

A data table has its Markdown header row as the repeating header row (w:tblHeader, tblLook firstRow).
A label table (``[[labeltabel]]``) is two columns label | value: every Markdown row is data and the first
column is the header column (tblLook firstColumn). ``[[tabel: bijschrift]]`` gives w:tblCaption.

Column widths follow the content (`column_widths`), measured with the character widths of Arial /
Liberation Sans (the default huisstijl's font; other sans-serif fonts are close enough for proportions):
every column gets at least the width of its longest word, so a word never breaks in the middle while
the table fits; the rest of the text width goes to the columns that hold the most text. The widths are
written as w:tblGrid/w:gridCol and w:tcW in twips, with a fixed layout (w:tblLayout fixed) and the
table's width in twips, so Word and LibreOffice both lay the table out with exactly these widths
instead of each auto-fitting it its own way. Integer arithmetic only: same table, same widths.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

from .ooxml import el, mark_header_row, sub, table_look

LABEL_COLUMN_SHARE = 0.35  # a label column never takes more than this share of the text width

# Advance widths in 1/1000 em of Arial (metric-compatible with Liberation Sans and Helvetica).
_WIDTHS = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191, "(": 333, ")": 333,
    "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278, "<": 584, "=": 584,
    ">": 584, "?": 556, "@": 1015, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333, "{": 334,
    "|": 260, "}": 334, "~": 584, "€": 556, "–": 556, "—": 1000, "‘": 222, "’": 222, "“": 333, "”": 333,
    "…": 1000, "·": 278, "°": 400, "±": 584, "×": 584,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278, "J": 500,
    "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722, "S": 667, "T": 611,
    "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222, "j": 222,
    "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333, "s": 500, "t": 278,
    "u": 556, "v": 500, "w": 722, "x": 500, "y": 500, "z": 500,
}
_DEFAULT_WIDTH = 556  # digits and anything not listed
_WIDE_WIDTH = 1000  # East Asian wide characters
_BOLD_PERMILLE = 1080  # bold Arial runs about 8 % wider

FONT_HALF_POINTS = 21  # 10,5 pt: the default huisstijl's body text (styles.py)
CELL_PADDING = 2 * 85 + 30  # the Table style's left and right cell margins, plus a little slack (twips)
MIN_COLUMN = 567  # 1 cm: even an empty column stays visible

# A line may break at a space and after a hyphen or slash (Word and LibreOffice both do).
_BREAK = re.compile(r"\s+|(?<=[-/])")


@dataclass
class TableSpec:
    rows: Sequence[Sequence[object]]  # cells (the reader's th/td elements)
    header_rows: int  # how many top rows are header rows (0 for a label table)
    label_table: bool = False
    caption: str | None = None


# ---- measuring -----------------------------------------------------------------------------------------


def _char_units(ch: str) -> int:
    if ch in _WIDTHS:
        return _WIDTHS[ch]
    base = unicodedata.normalize("NFD", ch)[:1]  # é -> e
    if base in _WIDTHS:
        return _WIDTHS[base]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _WIDE_WIDTH
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn"):
        return 0
    return _DEFAULT_WIDTH


def text_twips(text: str, *, bold: bool = False, half_points: int = FONT_HALF_POINTS) -> int:
    """The width of `text` on one line, in twips (1/20 pt), at `half_points` (Word's w:sz)."""
    units = sum(_char_units(ch) for ch in text)
    if bold:
        units = units * _BOLD_PERMILLE // 1000
    # units/1000 em, and one em is half_points/2 pt = half_points * 10 twips
    return -(-units * half_points // 100)


@dataclass(frozen=True)
class _Measure:
    word: int  # the widest unbreakable piece, in twips (without padding)
    line: int  # the widest cell on one line
    mean: int  # the average cell width on one line (the cells that hold text)


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    itertext = getattr(cell, "itertext", None)
    return " ".join("".join(itertext()).split()) if itertext else str(cell)


def _measure(texts: list[tuple[str, bool]], half_points: int) -> _Measure:
    word = line = total = count = 0
    for text, bold in texts:
        if not text:
            continue
        width = text_twips(text, bold=bold, half_points=half_points)
        pieces = [p for p in _BREAK.split(text) if p]
        word = max([word] + [text_twips(p, bold=bold, half_points=half_points) for p in pieces])
        line = max(line, width)
        total += width
        count += 1
    return _Measure(word, line, total // count if count else 0)


# ---- distributing ----------------------------------------------------------------------------------------


def _fit(values: list[int], total: int) -> list[int]:
    """Integers proportional to `values` (all > 0) that add up to exactly `total`; the remainder of the
    rounding goes to the largest parts first (ties: the leftmost), so the result is deterministic."""
    weight = sum(values)
    out = [total * v // weight for v in values]
    rest = total - sum(out)
    order = sorted(range(len(values)), key=lambda i: (-(total * values[i] % weight), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def _cap(minimum: list[int], total: int) -> list[int]:
    """Minimums that do not fit: the narrow columns (numbers, years, short words) keep theirs, and the
    columns with the widest words share what is left equally, so as few columns as possible break a
    word, and a column of numbers never does because a column of long compounds is too wide."""
    order = sorted(range(len(minimum)), key=lambda i: (minimum[i], i))
    out = list(minimum)
    left, count = total, len(minimum)
    for position, i in enumerate(order):
        share = left // count
        if minimum[i] <= share:
            left -= minimum[i]
            count -= 1
            continue
        rest = order[position:]
        for k, j in enumerate(sorted(rest)):
            out[j] = left // count + (1 if k < left % count else 0)
        return out
    return out  # not reached: the minimums add up to more than total


def _spread(minimum: list[int], desired: list[int], total: int) -> list[int]:
    """Widths that add up to `total`: every column its minimum, and the space that is left shared in
    proportion to how much more each column would like (HTML's automatic table layout, in short).
    When even the minimums do not fit, the columns with the widest words give way (`_cap`)."""
    base = sum(minimum)
    if base >= total:
        return _cap(minimum, total)
    extra = [max(0, d - m) for m, d in zip(minimum, desired)]
    if sum(extra) == 0:
        extra = list(minimum)  # everything fits on one line: widen all columns alike
    elif sum(extra) < total - base:
        # every column can have its desired width; the room that is left goes to them in proportion
        room = total - base - sum(extra)
        widened = [m + e for m, e in zip(minimum, extra)]
        return [w + r for w, r in zip(widened, _fit(widened, room))]
    return [m + e for m, e in zip(minimum, _fit(extra, total - base))]


def column_widths(
    rows: Sequence[Sequence[object]],
    text_width: int,
    *,
    header_rows: int = 1,
    label_table: bool = False,
    half_points: int = FONT_HALF_POINTS,
) -> list[int]:
    """Column widths in twips that add up to `text_width`, following the content.

    Each column's minimum is its widest unbreakable piece (a word; a line may also break after a
    hyphen or slash) plus the cell margins, so no word breaks when the minimums fit. What a column
    would like is the average width of its cells on one line (at least its header on one line, at most
    its widest cell), so a column of long sentences gets more room than a column of years or numbers.
    A label table's first column gets its longest label on one line, up to LABEL_COLUMN_SHARE of the
    width, the value column the rest. `rows` hold cells as the reader's elements or plain strings.
    """
    columns = max((len(r) for r in rows), default=1) or 1
    if text_width < columns:
        return [1] * columns
    per_column: list[list[tuple[str, bool]]] = [[] for _ in range(columns)]
    header_texts: list[list[str]] = [[] for _ in range(columns)]
    for index, cells in enumerate(rows):
        for col in range(columns):
            text = _cell_text(cells[col]) if col < len(cells) else ""
            header = index < header_rows
            bold = header or (label_table and col == 0)
            per_column[col].append((text, bold))
            if header:
                header_texts[col].append(text)
    measures = [_measure(texts, half_points) for texts in per_column]
    minimum = [max(MIN_COLUMN, m.word + CELL_PADDING) for m in measures]

    if label_table and columns == 2:
        cap = int(text_width * LABEL_COLUMN_SHARE)
        first = min(cap, max(minimum[0], measures[0].line + CELL_PADDING))
        first = min(first, text_width - MIN_COLUMN)
        return [first, text_width - first]

    desired = []
    for col, m in enumerate(measures):
        header = max((text_twips(t, bold=True, half_points=half_points) for t in header_texts[col]), default=0)
        body = _measure([t for t in per_column[col][header_rows:]], half_points)
        want = max(body.mean, header)
        want = min(want, max(m.line, header))
        desired.append(max(minimum[col], want + CELL_PADDING))
    return _spread(minimum, desired, text_width)


# ---- the table ---------------------------------------------------------------------------------------------


def build_table(
    spec: TableSpec,
    style_id: str,
    text_width: int,
    fill_cell: Callable[[object, object], None],
    cell_style_id: str,
    *,
    half_points: int = FONT_HALF_POINTS,
):
    """Return a w:tbl. ``fill_cell(cell, tc)`` appends the cell's paragraphs to the w:tc."""
    columns = max((len(r) for r in spec.rows), default=1) or 1
    widths = column_widths(spec.rows, text_width, header_rows=spec.header_rows,
                           label_table=spec.label_table, half_points=half_points)

    tbl = el("tbl")
    tblpr = sub(tbl, "tblPr")
    sub(tblpr, "tblStyle", {"val": style_id})
    sub(tblpr, "tblW", {"w": str(sum(widths)), "type": "dxa"})
    sub(tblpr, "tblLayout", {"type": "fixed"})
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
