"""Reading where LibreOffice put the words of a PDF (`pdftotext -bbox-layout`), to test typography.

`read_pdf` gives per page the words with their boxes; the checks below work on the geometry alone,
not on pdftotext's own grouping into blocks (which glues the cells of narrow table columns together):

- `broken_words`: a word broken across two lines without a hyphen ("woninginbrake" / "n"): a line
  piece that ends in a letter, and right below it, starting under that piece, a line piece that starts
  with a lower-case letter, where the two glued together make a word of the source text and the two
  with a space between them do not occur in it;
- `broken_year_ranges`: "2027-" at the end of a line piece and "2030" at the start of the one below;
- `stranded_headings`: a heading as the last line of a page's body (above the footer);
- `source_words`: the words and the text of a .docx (body, headers, footers), to compare with.

Usable from the command line too: `python tests/pdf_layout.py DOC.docx DOC.pdf` prints what it finds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# Words on one baseline closer together than this (in points) belong to one line piece; the gap
# between two table columns (two cell margins of 4,25 pt) is wider than any word space.
PIECE_GAP = 6.5
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
YEAR_END = re.compile(r"(?:19|20|21)\d\d[-‐‑–—]$")
YEAR_START = re.compile(r"^(?:19|20|21)\d\d\b")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Piece:
    """Words on one baseline that stand close together: a line of one paragraph or table cell."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1

    def pieces(self) -> list[Piece]:
        lines: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: (round(w.y1, 0), w.x0)):
            if lines and abs(lines[-1][0].y1 - word.y1) < 1.0:
                lines[-1].append(word)
            else:
                lines.append([word])
        pieces: list[Piece] = []
        for line in lines:
            line.sort(key=lambda w: w.x0)
            current = [line[0]]
            for word in line[1:]:
                if word.x0 - current[-1].x1 > PIECE_GAP:
                    pieces.append(Piece(current))
                    current = [word]
                else:
                    current.append(word)
            pieces.append(Piece(current))
        return pieces


def read_pdf(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(out)
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        words = [
            Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
            for w in page.iter(f"{XHTML}word")
        ]
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), words))
    for number, boxes in _images(pdf, {p.number: p.height for p in pages}).items():
        pages[number - 1].images = boxes
    return pages


def _images(pdf: Path, heights: dict[int, float]) -> dict[int, list[tuple[float, float, float, float]]]:
    """The boxes of the images per page, in points (pdftotext leaves images out; pdftohtml -xml gives
    them in its own pixels: the page's height there against its height in points gives the scale)."""
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            ["pdftohtml", "-xml", "-stdout", "-q", str(pdf.resolve()), "beeld"],
            capture_output=True,
            text=True,
            check=True,
            cwd=folder,
        ).stdout
    root = ET.fromstring(out.encode())
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for page in root.iter("page"):
        number = int(page.get("number"))
        scale = float(page.get("height")) / heights[number]
        for image in page.iter("image"):
            top, left = float(image.get("top")) / scale, float(image.get("left")) / scale
            width, height = float(image.get("width")) / scale, float(image.get("height")) / scale
            boxes.setdefault(number, []).append((left, top, left + width, top + height))
    return boxes


# ---- the source text ------------------------------------------------------------------------------


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif node.tag in (f"{W}br", f"{W}tab"):
            parts.append(" ")
    return "".join(parts)


def docx_paragraphs(docx: Path) -> list[tuple[str | None, str]]:
    """(style id, text) of every paragraph of the body, headers and footers (table cells included)."""
    out = []
    with zipfile.ZipFile(docx) as z:
        names = ["word/document.xml"] + sorted(
            n for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)
        )
        for name in names:
            root = ET.fromstring(z.read(name))
            for p in root.iter(f"{W}p"):
                style = p.find(f"{W}pPr/{W}pStyle")
                out.append((None if style is None else style.get(f"{W}val"), _paragraph_text(p)))
    return out


@dataclass(frozen=True)
class Source:
    words: frozenset[str]
    text: str  # all paragraphs, whitespace collapsed, one space between paragraphs
    headings: tuple[str, ...]


def source_words(docx: Path, heading_styles=("Heading1", "Heading2", "Heading3", "Heading4", "TOCHeading")) -> Source:
    paragraphs = docx_paragraphs(docx)
    text = " ".join(" ".join(t.split()) for _, t in paragraphs)
    words = frozenset(w.lower() for w in WORD.findall(text))
    headings = tuple(" ".join(t.split()) for style, t in paragraphs if style in heading_styles and t.strip())
    return Source(words, text.lower(), headings)


# ---- the checks -------------------------------------------------------------------------------------


def _below(upper: Piece, lower: Piece) -> bool:
    """`lower` is the next line of the same paragraph or cell as `upper`: directly below it and starting
    within its horizontal extent (left-aligned text starts at the same x)."""
    height = upper.y1 - upper.y0
    gap = lower.y0 - upper.y0
    return 0.5 * height < gap < 1.9 * height and upper.x0 - 2 <= lower.x0 <= upper.x1


def _pairs(page: Page):
    pieces = page.pieces()
    for upper in pieces:
        below = [p for p in pieces if _below(upper, p)]
        if below:
            yield upper, min(below, key=lambda p: (p.y0, abs(p.x0 - upper.x0)))


def broken_words(pages: list[Page], source: Source) -> list[str]:
    """Words broken across two lines without a hyphen, as 'page N: first|rest'."""
    found = []
    for page in pages:
        for upper, lower in _pairs(page):
            last, first = upper.words[-1].text, lower.words[0].text
            if not last or not LETTER.fullmatch(last[-1]) or not first[:1].islower():
                continue
            head = WORD.findall(last)
            tail = WORD.findall(first)
            if not head or not tail or not last.endswith(head[-1]) or not first.startswith(tail[0]):
                continue
            glued = (head[-1] + tail[0]).lower()
            spaced = f"{head[-1]} {tail[0]}".lower()
            if glued in source.words and spaced not in source.text:
                found.append(f"pagina {page.number}: {last}|{first}")
    return found


def broken_year_ranges(pages: list[Page]) -> list[str]:
    found = []
    for page in pages:
        for upper, lower in _pairs(page):
            last, first = upper.words[-1].text, lower.words[0].text
            if YEAR_END.search(last) and YEAR_START.match(first):
                found.append(f"pagina {page.number}: {last}|{first}")
    return found


def body_bottom(page: Page, margin: float = 70.0) -> float:
    """Where the body ends: the footer sits in the bottom margin (2,5 cm = 70,9 pt)."""
    return page.height - margin


def _without_number(text: str) -> str:
    return re.sub(r"^\d+(\.\d+)*\s+", "", " ".join(text.split())).strip().lower()


def stranded_headings(pages: list[Page], source: Source) -> list[str]:
    """Pages whose last body line is a heading (its last line, for a heading of two lines), with more
    pages after it. A picture below the last line of text (a chart) counts as the last thing."""
    found = []
    headings = {h.lower() for h in source.headings}
    for page in pages[:-1]:
        pieces = page.pieces()
        body = [p for p in pieces if p.y1 <= body_bottom(page)]
        if not body:
            continue
        bottom = max(p.y1 for p in body)
        if any(y1 > bottom and y1 <= body_bottom(page) + 1 for _, _, _, y1 in page.images):
            continue
        last = sorted((p for p in body if abs(p.y1 - bottom) < 2), key=lambda p: p.x0)
        if last[0].x0 > min(p.x0 for p in body) + 2 or len(last) > 2:
            continue  # not a line at the left margin (a heading, perhaps with its number), but a table row
        text = _without_number(" ".join(p.text for p in last))
        if text in headings:
            found.append(f"pagina {page.number}: {text}")
            continue
        above = [p for p in body if _below(p, last[-1]) or _below(p, last[0])]
        if above:
            whole = _without_number(" ".join(p.text for p in sorted(above, key=lambda p: p.x0)) + " " + text)
            if whole in headings:
                found.append(f"pagina {page.number}: {whole}")
    return found


def main(argv: list[str]) -> int:
    docx, pdf = Path(argv[0]), Path(argv[1])
    source = source_words(docx)
    pages = read_pdf(pdf)
    problems = {
        "woord zonder afbreekstreepje afgebroken": broken_words(pages, source),
        "jaartallen afgebroken": broken_year_ranges(pages),
        "kop onderaan een pagina": stranded_headings(pages, source),
    }
    for kind, items in problems.items():
        for item in items:
            print(f"{pdf.name}: {kind}: {item}")
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
