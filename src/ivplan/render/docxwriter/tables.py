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

Page breaks: a row of ordinary length does not break across pages (w:cantSplit; not for a row with a
very long cell, which could be taller than a page), and a short label table stays on one page (every
row but the last keeps with the next), so the figures of one doel stay together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ivplan.render.docxwriter.ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    el,
    get_or_add,
    mark_header_row,
    replace_in_order,
    sub,
    table_look,
    w,
)

LABEL_COLUMN_SHARE = 0.35  # a label column never takes more than this share of the text width


class _Advances(dict[str, int]):
    """Advance widths by character. A character not listed gets its width from _char_units, which is
    then kept here: measuring a plan's tables looks up some 50,000 characters, and `text_twips` sums
    them with map() over dict lookups instead of a Python call per character (pure memoisation of a
    fixed function: the same widths in every process)."""

    def __missing__(self, ch: str) -> int:
        units = _char_units(ch, self)
        self[ch] = units
        return units


# Advance widths in 1/1000 em of Arial (metric-compatible with Liberation Sans and Helvetica).
_WIDTHS = _Advances(
    {
        " ": 278,
        "!": 278,
        '"': 355,
        "#": 556,
        "$": 556,
        "%": 889,
        "&": 667,
        "'": 191,
        "(": 333,
        ")": 333,
        "*": 389,
        "+": 584,
        ",": 278,
        "-": 333,
        ".": 278,
        "/": 278,
        ":": 278,
        ";": 278,
        "<": 584,
        "=": 584,
        ">": 584,
        "?": 556,
        "@": 1015,
        "[": 278,
        "\\": 278,
        "]": 278,
        "^": 469,
        "_": 556,
        "`": 333,
        "{": 334,
        "|": 260,
        "}": 334,
        "~": 584,
        "€": 556,
        "–": 556,
        "—": 1000,
        "‘": 222,
        "’": 222,
        "“": 333,
        "”": 333,
        "…": 1000,
        "·": 278,
        "°": 400,
        "±": 584,
        "×": 584,
        "A": 667,
        "B": 667,
        "C": 722,
        "D": 722,
        "E": 667,
        "F": 611,
        "G": 778,
        "H": 722,
        "I": 278,
        "J": 500,
        "K": 667,
        "L": 556,
        "M": 833,
        "N": 722,
        "O": 778,
        "P": 667,
        "Q": 778,
        "R": 722,
        "S": 667,
        "T": 611,
        "U": 722,
        "V": 667,
        "W": 944,
        "X": 667,
        "Y": 667,
        "Z": 611,
        "a": 556,
        "b": 556,
        "c": 500,
        "d": 556,
        "e": 556,
        "f": 278,
        "g": 556,
        "h": 556,
        "i": 222,
        "j": 222,
        "k": 500,
        "l": 222,
        "m": 833,
        "n": 556,
        "o": 556,
        "p": 556,
        "q": 556,
        "r": 333,
        "s": 500,
        "t": 278,
        "u": 556,
        "v": 500,
        "w": 722,
        "x": 500,
        "y": 500,
        "z": 500,
    }
)
# Arial Bold where it differs from the regular weight.
_BOLD = _Advances(
    {
        **_WIDTHS,
        "!": 333,
        '"': 474,
        "&": 722,
        "'": 238,
        ":": 333,
        ";": 333,
        "?": 611,
        "@": 975,
        "[": 333,
        "]": 333,
        "^": 584,
        "{": 389,
        "|": 280,
        "}": 389,
        "‘": 278,
        "’": 278,
        "“": 500,
        "”": 500,
        "A": 722,
        "B": 722,
        "J": 556,
        "K": 722,
        "L": 611,
        "b": 611,
        "c": 556,
        "d": 611,
        "f": 333,
        "g": 611,
        "h": 611,
        "i": 278,
        "j": 278,
        "k": 556,
        "l": 278,
        "m": 889,
        "n": 611,
        "o": 611,
        "p": 611,
        "q": 611,
        "r": 389,
        "s": 556,
        "t": 333,
        "u": 611,
        "v": 556,
        "w": 778,
        "x": 556,
        "y": 556,
    }
)
_DEFAULT_WIDTH = 556  # digits and anything not listed
_WIDE_WIDTH = 1000  # East Asian wide characters

FONT_HALF_POINTS = 21  # 10,5 pt: the default huisstijl's body text (styles.py)
# A table too wide for its page at the body's size is set smaller, down to 9 pt (writer.py).
TABLE_FONT_STEPS = (21, 19, 18)
CELL_PADDING = 2 * 85 + 30  # the Table style's left and right cell margins, plus a little slack (twips)
MIN_COLUMN = 567  # 1 cm: even an empty column stays visible
SHORT_CELL_PART = 8  # a cell no wider than 1/8 of the text width (2 cm on A4) is kept on one line
KEEP_ROW_CHARS = 400  # a row whose cells hold at most this many characters each does not break across pages
KEEP_TABLE_ROWS = 12  # a label table of at most this many rows stays on one page

# A line may break at a space and after a hyphen or slash (Word and LibreOffice both do), but not
# between a hyphen and a digit: a range of years ("2027-2030") has a no-break hyphen (ooxml.run).
_BREAK = re.compile(r"\s+|(?<=[-/])(?!(?<=\d-)\d)")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The pieces of `text` between the places a line may break. Kept: every table is measured two
    or three times, at one or more font sizes."""
    return tuple(piece for piece in _BREAK.split(text) if piece)


@dataclass
class TableSpec:
    rows: Sequence[Sequence[object]]  # cells (the reader's th/td elements)
    header_rows: int  # how many top rows are header rows (0 for a label table)
    label_table: bool = False
    caption: str | None = None

    @cached_property
    def texts(self) -> list[list[str]]:
        """Each cell's text on one line, read once: a table is measured two or three times (its
        widths, the width its words need, maybe the font that fits), and reading the text out of the
        reader's elements was half of that."""
        return [[_cell_text(cell) for cell in cells] for cells in self.rows]


# ---- measuring -----------------------------------------------------------------------------------------


def _char_units(ch: str, widths: dict[str, int]) -> int:
    if ch in widths:
        return widths[ch]
    base = unicodedata.normalize("NFD", ch)[:1]  # é -> e
    if base in widths:
        return widths[base]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _WIDE_WIDTH
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn"):
        return 0
    return _DEFAULT_WIDTH


def text_twips(text: str, *, bold: bool = False, half_points: int = FONT_HALF_POINTS) -> int:
    """The width of `text` on one line, in twips (1/20 pt), at `half_points` (Word's w:sz)."""
    # units/1000 em, and one em is half_points/2 pt = half_points * 10 twips
    return -(-_units(text, bold) * half_points // 100)


@lru_cache(maxsize=8192)
def _units(text: str, bold: bool) -> int:
    """The width of `text` in 1/1000 em. Kept: a table's words are measured again for each of its
    measures and font sizes."""
    widths = _BOLD if bold else _WIDTHS
    return sum(map(widths.__getitem__, text))


@dataclass(frozen=True)
class _Measure:
    word: int  # the widest word, in twips (without padding)
    piece: int  # the widest piece that should stay on one line: a word, or a short cell as a whole
    mean: int  # the average cell width on one line (the cells that hold text)


_BLOCKS = frozenset({"p", "ul", "ol", "li"})  # what the reader puts in a cell that holds blocks


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    itertext = getattr(cell, "itertext", None)
    if itertext is None:
        return str(cell)
    if any(child.tag in _BLOCKS for child in cell):
        # a cell of paragraphs and lists: its blocks are separate lines, never one glued word
        pieces = [cell.text or ""]
        for child in cell:
            block = child.tag in _BLOCKS
            pieces += [" ", _cell_text(child), " "] if block else ["".join(child.itertext())]
            pieces.append(child.tail or "")
        return " ".join("".join(pieces).split())
    return " ".join("".join(itertext()).split())


def _measure(texts: list[tuple[str, bool]], half_points: int, short: int) -> _Measure:
    """Cells measured; a cell no wider than `short` on one line is a piece that should stay whole (a
    value with its year, "3,4 (2025)", or an amount, "€ 250.000")."""
    word = piece = total = count = 0
    for text, bold in texts:
        if not text:
            continue
        width = text_twips(text, bold=bold, half_points=half_points)
        word = max([word] + [text_twips(p, bold=bold, half_points=half_points) for p in _words(text)])
        piece = max(piece, word, width if width <= short else 0)
        total += width
        count += 1
    return _Measure(word, piece, total // count if count else 0)


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


def _fill(lower: list[int], upper: list[int], total: int) -> list[int]:
    """`lower` fits and `upper` does not: start from `lower` and raise the columns to `upper` that need
    the least, one by one, so that as many columns as possible get what they need."""
    out = list(lower)
    budget = total - sum(lower)
    for i in sorted(range(len(lower)), key=lambda i: (upper[i] - lower[i], i)):
        step = min(upper[i] - lower[i], budget)
        out[i] += step
        budget -= step
    return out


def _spread(minimum: list[int], desired: list[int], total: int) -> list[int]:
    """Widths that add up to `total`: every column its minimum, and the space that is left shared in
    proportion to how much more each column would like (HTML's automatic table layout, in short)."""
    base = sum(minimum)
    if base >= total:
        return _cap(minimum, total)
    extra = [max(0, d - m) for m, d in zip(minimum, desired, strict=True)]
    if sum(extra) == 0:
        extra = list(minimum)  # everything fits on one line: widen all columns alike
    elif sum(extra) < total - base:
        # every column can have its desired width; the room that is left goes to them in proportion
        room = total - base - sum(extra)
        widened = [m + e for m, e in zip(minimum, extra, strict=True)]
        return [w + r for w, r in zip(widened, _fit(widened, room), strict=True)]
    return [m + e for m, e in zip(minimum, _fit(extra, total - base), strict=True)]


def column_widths(
    rows: Sequence[Sequence[object]],
    text_width: int,
    *,
    header_rows: int = 1,
    label_table: bool = False,
    half_points: int = FONT_HALF_POINTS,
) -> list[int]:
    """Column widths in twips that add up to `text_width`, following the content.

    What a column needs, plus the cell margins: its widest word (a line may also break after a hyphen
    or slash), and its short cells such as "3,4 (2025)" or "€ 250.000" on one line. When all of that
    fits, every column gets it, and the rest of the width is shared in proportion to what each column
    would like beyond it: the average width of its cells on one line (at least its header on one line),
    so a column of long sentences gets more room than a column of years or numbers. When it does not
    fit, first the short cells may wrap, then the header words (fewest columns first), and when not
    even the words of the body fit, the columns with the widest words share what the narrow ones leave
    (`_cap`).
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
    short = text_width // SHORT_CELL_PART
    head = [_measure(texts[:header_rows], half_points, short) for texts in per_column]
    body = [_measure(texts[header_rows:], half_points, short) for texts in per_column]

    def need(width: int) -> int:
        return max(MIN_COLUMN, width + CELL_PADDING)

    if label_table and columns == 2:
        cap = int(text_width * LABEL_COLUMN_SHARE)
        longest = max((text_twips(t, bold=True, half_points=half_points) for t, _ in per_column[0]), default=0)
        first = min(cap, need(max(body[0].word, longest)))
        first = max(1, min(first, text_width - min(MIN_COLUMN, text_width // 2)))
        return [first, text_width - first]

    # what each column needs, from what must not break to what is nice to keep whole
    body_words = [need(b.word) for b in body]
    all_words = [need(max(b.word, h.word)) for b, h in zip(body, head, strict=True)]
    pieces = [need(max(b.piece, h.piece)) for b, h in zip(body, head, strict=True)]
    if sum(body_words) > text_width:
        return _cap(pieces, text_width)
    for lower, upper in ((body_words, all_words), (all_words, pieces)):
        if sum(upper) > text_width:
            return _fill(lower, upper, text_width)
    desired = []
    for col in range(columns):
        header_width = max((text_twips(t, bold=True, half_points=half_points) for t in header_texts[col]), default=0)
        desired.append(max(pieces[col], need(max(body[col].mean, header_width))))
    return _spread(pieces, desired, text_width)


def words_width(
    rows: Sequence[Sequence[object]],
    *,
    header_rows: int = 1,
    label_table: bool = False,
    half_points: int = FONT_HALF_POINTS,
) -> int:
    """The width the table needs (twips) so that no word of it breaks: per column its widest word,
    header included, plus the cell margins. A label table needs no more than any width gives it."""
    columns = max((len(r) for r in rows), default=1) or 1
    if label_table and columns == 2:
        return 0
    widest = [0] * columns
    for index, cells in enumerate(rows):
        bold = index < header_rows
        for col in range(min(columns, len(cells))):
            for word in _words(_cell_text(cells[col])):
                widest[col] = max(widest[col], text_twips(word, bold=bold, half_points=half_points))
    return sum(max(MIN_COLUMN, width + CELL_PADDING) for width in widest)


def fitting_font(rows: Sequence[Sequence[object]], text_width: int, *, header_rows: int = 1) -> int:
    """The largest table font of TABLE_FONT_STEPS at which every word fits its column; the smallest
    when none does (then hyphenation breaks the longest words, with a hyphen)."""
    for half_points in TABLE_FONT_STEPS:
        if words_width(rows, header_rows=header_rows, half_points=half_points) <= text_width:
            return half_points
    return TABLE_FONT_STEPS[-1]


def apply_widths(tbl, widths: list[int]) -> None:
    """Give a built table other column widths (tblW, the grid and every cell's tcW)."""
    tbl.find(f"{w('tblPr')}/{w('tblW')}").set(w("w"), str(sum(widths)))
    for col, grid_col in enumerate(tbl.find(w("tblGrid")).iterfind(w("gridCol"))):
        grid_col.set(w("w"), str(widths[col]))
    for tr in tbl.iterfind(w("tr")):
        for col, tc in enumerate(tr.iterfind(w("tc"))):
            tc.find(f"{w('tcPr')}/{w('tcW')}").set(w("w"), str(widths[col]))


def set_font_size(tbl, half_points: int) -> None:
    """Every run of the table (and every paragraph mark) in this font size."""
    size = str(half_points)
    for p in tbl.iter(w("p")):
        ppr = get_or_add_first(p, "pPr")
        targets = [get_or_add(ppr, "rPr", PPR_ORDER)]
        for r in p.iter(w("r")):
            targets.append(get_or_add_first(r, "rPr"))
        for rpr in targets:
            replace_in_order(rpr, el("sz", {"val": size}), RPR_ORDER)
            replace_in_order(rpr, el("szCs", {"val": size}), RPR_ORDER)


def get_or_add_first(parent, tag: str):
    """The child w:<tag> that must come first in its parent (w:pPr in w:p, w:rPr in w:r)."""
    found = parent.find(w(tag))
    if found is None:
        found = el(tag)
        parent.insert(0, found)
    return found


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
    widths = column_widths(
        spec.texts, text_width, header_rows=spec.header_rows, label_table=spec.label_table, half_points=half_points
    )

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

    keep_together = spec.label_table and len(spec.rows) <= KEEP_TABLE_ROWS
    for index, (cells, texts) in enumerate(zip(spec.rows, spec.texts, strict=True)):
        tr = sub(tbl, "tr")
        if max(map(len, texts), default=0) <= KEEP_ROW_CHARS:
            sub(sub(tr, "trPr"), "cantSplit")
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
            if keep_together and index < len(spec.rows) - 1:
                for p in tc.iter(w("p")):  # each row keeps with the next: the table stays on one page
                    ppr = p.find(w("pPr"))
                    if ppr is None:
                        ppr = el("pPr")
                        p.insert(0, ppr)
                    get_or_add(ppr, "keepNext", PPR_ORDER)
    return tbl
