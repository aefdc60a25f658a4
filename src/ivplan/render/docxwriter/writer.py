"""Walk the reader's element tree and emit WordprocessingML blocks and inlines.

Blocks are built as lxml elements and appended to the body in one go; python-docx is used for the
package (parts, relationships, images), not for each paragraph. This module and the ones it imports
load python-docx and python-markdown: the package's __init__ imports it only when a document is
written.
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.shared import Emu

from ivplan.core.formatting import opsomming
from ivplan.core.xmltext import remove_invalid_xml_chars
from ivplan.documents.markdown_contract import FIELD_NUMPAGES, FIELD_PAGE, LIST_END, escape_inline, unescape_inline
from ivplan.render.docxwriter import (
    DocumentMeta,
    Image,
    compat,
    huisstijl as huisstijl_io,
    ooxml,
    package,
    sections,
    styles,
)
from ivplan.render.docxwriter.numbering import Numbering, list_indent
from ivplan.render.docxwriter.ooxml import el, sub, w
from ivplan.render.docxwriter.sections import Layout, Span
from ivplan.render.docxwriter.tables import (
    FONT_HALF_POINTS,
    TableSpec,
    apply_widths,
    build_table,
    column_widths,
    fitting_font,
    set_font_size,
    words_width,
)
from ivplan.render.markdown_reader import (
    DIRECTIVE_TAG,
    ONDERTEKENING_TAG,
    REGELS_TAG,
    SIGNATORY_TAG,
    parse_markdown,
)

TOC_DEFAULT_DEPTH = 2


def toc_depth(arg: str | None) -> int | None:
    """The depth `[[inhoudsopgave: N]]` asks for (1 to 9), or None when the argument is no number."""
    text = (arg or "").strip()
    return max(1, min(9, int(text))) if text.isdigit() else None


TOC_PLACEHOLDER = "Klik met rechts en kies 'Veld bijwerken' om de inhoudsopgave te vullen."
TOC_DEFAULT_HEADING = "Inhoudsopgave"
LINK_SCHEMES = ("http", "https", "mailto")
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "table", "pre", "blockquote", "hr", "div", DIRECTIVE_TAG, REGELS_TAG, ONDERTEKENING_TAG}
    | set(HEADING_TAGS)
)
CELL_BLOCK_TAGS = frozenset({"p", "ul", "ol"})  # what the reader puts in a cell that holds blocks
EMU_PER_TWIP = 635
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

BOLD, ITALIC, CODE = 1, 2, 4
SIGN_ROOM = "1000"  # twips above a signatory's name to sign in: 50 pt, more than three lines of body text
SIGN_SPACE_BEFORE = "360"  # twips between the text and the signature block
MAX_SIGN_COLUMNS = 3
INTRO_CHARS = 250  # a paragraph this short (or ending in a colon) before a list or table introduces it
SHORT_LIST_ITEMS = 6  # a list after an intro stays on one page when it is this short
SHORT_LIST_CHARS = 600
LEAD_IN_PARAGRAPHS = 2  # at most this many paragraphs between a wide table and the heading above it
STATUS_COLOR = "9C0006"  # dark red on white: contrast 8.6:1
_WS = re.compile(r"[ \t\n\r\f\v]+")  # HTML whitespace: a no-break space (U+00A0) stays
_FIELD = re.compile(f"({FIELD_PAGE}|{FIELD_NUMPAGES})")  # the reader's page fields of the footer


@dataclass
class _Tok:
    text: str
    fmt: int
    link: str | None
    br: bool = False


@dataclass
class _WideTable:
    """A table whose words do not all fit its columns on a portrait page (at the body's font size)."""

    index: int  # its place among the body's blocks
    spec: TableSpec
    need: int  # the width in which no word breaks (twips)


@dataclass
class _State:
    page_break: bool = False
    label_table: bool = False
    caption: str | None = None
    footer: object | None = None
    header: object | None = None
    toc: bool = False
    out: list = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # stretches of blocks that are sections of their own
    wide: list[_WideTable] = field(default_factory=list)


def _plain_text(node) -> str:
    return _WS.sub(" ", "".join(node.itertext())).strip()


def safe_link(href: str | None) -> str | None:
    """The URL when it may become a hyperlink (http, https, mailto), else None."""
    if not href:
        return None
    href = href.strip()
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in LINK_SCHEMES:
        return None
    if scheme == "mailto" and "?" in href:
        # a mail program reads ?attach=, ?cc= ... as orders; only a subject and a body may come along
        address, _, query = href.partition("?")
        kept = [p for p in query.split("&") if p.split("=", 1)[0].lower() in ("subject", "body")]
        href = address + ("?" + "&".join(kept) if kept else "")
    return urllib.parse.quote(href, safe=":/?#[]@!$&'()*+,;=%~")


class Writer:
    """Emits one document's body into a python-docx Document whose styles are resolved."""

    def __init__(
        self,
        doc,
        style_ids: Mapping[str, str],
        images: Mapping[str, Image],
        warn: Callable[[str], None],
        headings_numbered: bool,
        text_width: int,
    ) -> None:
        self.doc = doc
        self.ids = style_ids
        self.images = images
        self.warn = warn
        self.headings_numbered = headings_numbered
        self.text_width = text_width
        self.numbering = Numbering(doc.part.numbering_part.element)
        self.state = _State()
        self._links: dict[str, str] = {}
        self._next_docpr = _max_docpr_id(doc) + 1
        self._tables = 0  # tables written so far (names a table that needs a visible caption)
        self._image_index: compat.ImageIndex | None = None  # made at the first image (compat.py says why)
        normal = next(
            (s for s in doc.styles.element.iterfind(w("style")) if s.get(w("styleId")) == style_ids["Normal"]),
            None,
        )
        self.normal_is_default = normal is not None and normal.get(w("default")) in ("1", "true", "on")

    # ---- entry point -------------------------------------------------------------------------------

    def write(self, root) -> _State:
        self.blocks(root, quote=False)
        self.keep_intros_with_what_follows()
        self.place_wide_tables()
        body = self.doc.element.body
        sect = body.find(w("sectPr"))
        for block in self.state.out:
            if sect is not None:
                sect.addprevious(block)
            else:
                body.append(block)
        return self.state

    # ---- blocks ------------------------------------------------------------------------------------

    def emit(self, block) -> None:
        """Append a block; a pending page break goes onto it (never as an empty paragraph)."""
        if self.state.page_break:
            target = block
            if block.tag == w("tbl"):
                target = block.find(f"{w('tr')}/{w('tc')}/{w('p')}")
            if target.find(w("pPr")) is None:
                target.insert(0, el("pPr"))
            ooxml.set_page_break_before(target)
            self.state.page_break = False
        self.state.out.append(block)

    def blocks(self, container, *, quote: bool) -> None:
        for node in container:
            self.block(node, quote=quote)

    def block(self, node, *, quote: bool) -> None:
        tag = node.tag
        if tag == "p":
            self.paragraph_block(node, "Quote" if quote else "Normal")
        elif tag in HEADING_TAGS:
            level = HEADING_TAGS[tag]
            if level <= 4:
                self.paragraph_block(node, f"Heading{level}")
            else:
                self.paragraph_block(node, "Normal", fmt=BOLD)
        elif tag in ("ul", "ol"):
            self.list_block(node, 0)
        elif tag == "table":
            self.table_block(node)
        elif tag == "pre":
            self.code_block(node)
        elif tag == "blockquote":
            self.blocks(node, quote=True)
        elif tag == "hr":
            pass  # a thematic break has no place in a raadsstuk; spacing comes from styles
        elif tag == DIRECTIVE_TAG:
            self.directive(node)
        elif tag == REGELS_TAG:
            for line in node:
                self.paragraph_block(line, "Compact")
        elif tag == ONDERTEKENING_TAG:
            self.signature_block(node)
        elif tag == "div":
            self.blocks(node, quote=quote)
        else:
            self.paragraph_block(node, "Normal")

    def new_paragraph(self, style_key: str):
        if style_key == "Normal" and self.normal_is_default:
            return ooxml.paragraph(None)
        return ooxml.paragraph(self.ids[style_key])

    def paragraph_block(self, node, style_key: str, fmt: int = 0):
        p = self.new_paragraph(style_key)
        if self.fill_inline(p, self.tokens(node, fmt)):
            self.emit(p)
            return p
        return None

    def code_block(self, node) -> None:
        p = self.new_paragraph("Normal")
        lines = "".join(node.itertext()).rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if i:
                p.append(ooxml.line_break())
            if line:
                p.append(ooxml.run(line, style_id=self.ids["VerbatimChar"]))
        if _has_content(p):
            self.emit(p)

    # ---- lists -------------------------------------------------------------------------------------

    def list_block(self, node, level: int) -> None:
        ordered = node.tag == "ol"
        try:
            start = max(int(node.get("start", "1")), 0)
        except ValueError:
            start = 1
        num_id = self.numbering.new_list(ordered, min(level, 8), start)
        for item in node:
            if item.tag == "li":
                self.list_item(item, num_id, min(level, 8))

    def list_item(self, item, num_id: int, level: int) -> None:
        numbered = False

        def paragraph_from(tokens) -> None:
            nonlocal numbered
            p = self.new_paragraph("ListParagraph")
            if not self.fill_inline(p, tokens):
                return
            if numbered:
                ooxml.set_indent(p, list_indent(level))
            else:
                ooxml.set_numbering(p, num_id, level)
                numbered = True
            self.emit(p)

        pending: list[_Tok] = []
        if item.text:
            pending.append(_Tok(item.text, 0, None))
        for child in item:
            if child.tag in BLOCK_TAGS:
                if pending:
                    paragraph_from(pending)
                    pending = []
                if child.tag == "p":
                    paragraph_from(self.tokens(child, 0))
                elif child.tag in ("ul", "ol"):
                    self.list_block(child, level + 1)
                else:
                    self.block(child, quote=False)
                if child.tail:
                    pending.append(_Tok(child.tail, 0, None))
            else:
                self.collect(child, 0, None, pending)
                if child.tail:
                    pending.append(_Tok(child.tail, 0, None))
        if pending:
            paragraph_from(pending)

    # ---- tables ------------------------------------------------------------------------------------

    def table_block(self, node) -> None:
        rows, header_rows = [], 0
        for section in node:
            for tr in section.iter("tr"):
                rows.append([c for c in tr if c.tag in ("th", "td")])
                if section.tag == "thead":
                    header_rows += 1
        label = self.state.label_table
        spec = TableSpec(rows, 0 if label else header_rows, label_table=label, caption=self.state.caption)
        self.state.label_table = False
        self.state.caption = None
        if not rows:
            return
        self._tables += 1
        if self.state.out and self.state.out[-1].tag == w("tbl"):
            # Word joins two tables with nothing between them into one: a visible caption separates them
            p = self.new_paragraph("Caption")
            if self.fill_inline(p, [_Tok(spec.caption or f"Tabel {self._tables}", 0, None)]):
                self.emit(p)
        tbl = build_table(spec, self.ids["Table"], self.text_width, self.fill_cell, self.ids["Compact"])
        self.emit(tbl)
        need = words_width(spec.texts, header_rows=spec.header_rows, label_table=spec.label_table)
        if need > self.text_width:
            self.state.wide.append(_WideTable(len(self.state.out) - 1, spec, need))

    def fill_cell(self, cell, tc) -> None:
        style = cell.get("style", "") + " " + cell.get("align", "")
        align = next((jc for jc in ("right", "center") if jc in style), None)
        if any(child.tag in CELL_BLOCK_TAGS for child in cell):
            self.cell_blocks(cell, tc, align)
            return
        p = self.new_paragraph("Compact")
        if align:
            ooxml.set_alignment(p, align)
        if self.fill_inline(p, self.tokens(cell, 0)):
            tc.append(p)

    def cell_blocks(self, cell, tc, align: str | None) -> None:
        """A cell the reader gave paragraphs and lists: Compact paragraphs and real Word lists (their
        own w:num, as everywhere), a little space after every block but the last."""
        saved = self.state.out, self.state.page_break
        self.state.out, self.state.page_break = [], False  # a pending page break is the table's
        try:
            for child in cell:
                if child.tag in ("ul", "ol"):
                    self.list_block(child, 0)
                else:
                    p = self.paragraph_block(child, "Compact")
                    if p is not None and align:
                        ooxml.set_alignment(p, align)
            blocks = self.state.out
        finally:
            self.state.out, self.state.page_break = saved
        compact = self.ids["Compact"]
        for i, p in enumerate(blocks):
            style = p.find(f"{w('pPr')}/{w('pStyle')}")
            if i < len(blocks) - 1 and style is not None and style.get(w("val")) == compact:
                ooxml.replace_in_order(p.find(w("pPr")), el("spacing", {"after": "60"}), ooxml.PPR_ORDER)
            tc.append(p)

    # ---- signatures ----------------------------------------------------------------------------------

    def signature_block(self, node) -> None:
        """``[[ondertekening]]``: its lines without ``|`` span the width (the aanhef, "Burgemeester en
        wethouders van ...,"), then the signatories (``function | name``) stand side by side in columns of
        a section of their own, each its function, room to sign, its name; kept together on one page.
        No table and no tabs: a screen reader reads function and name of one signatory after another."""
        head: list[ET.Element] = []
        signers: list[ET.Element] = []
        tail: list[ET.Element] = []
        for child in node:
            if child.tag == SIGNATORY_TAG:
                signers.append(child)
            else:
                (tail if signers else head).append(child)
        block: list = []
        for line in head:
            p = self.paragraph_block(line, "Normal")
            if p is not None:
                block.append(p)
        if block:
            _set_spacing(block[0], before=SIGN_SPACE_BEFORE, after=None)
        start = len(self.state.out)
        before = self.state.out[start - 1] if start else None
        columns = 2 <= len(signers) <= MAX_SIGN_COLUMNS and before is not None and self.ends_section(before)
        for number, signer in enumerate(signers):
            parts = [child for child in signer if child.tag == "p"] + [None, None]
            function = self.paragraph_block(parts[0], "Normal") if parts[0] is not None else None
            name = self.new_paragraph("Normal")
            if parts[1] is None or not self.fill_inline(name, self.tokens(parts[1], 0)):
                name = None
            if function is not None:
                _set_spacing(function, before=None if columns or not number else SIGN_SPACE_BEFORE, after="0")
                block.append(function)
                if columns and number:
                    column_break = el("r")
                    sub(column_break, "br", {"type": "column"})
                    function.insert(1, column_break)  # after w:pPr: the signatory starts a column
            if name is not None:
                _set_spacing(name, before=SIGN_ROOM, after=None)
                ooxml.insert_in_order(name.find(w("pPr")), el("keepLines"), ooxml.PPR_ORDER)
                self.emit(name)
                block.append(name)
        for p in block[:-1]:
            ooxml.insert_in_order(p.find(w("pPr")), el("keepNext"), ooxml.PPR_ORDER)
        if columns and len(self.state.out) > start:
            self.state.spans.append(Span(start, len(self.state.out) - 1, Layout(columns=len(signers), continuous=True)))
        for line in tail:
            self.paragraph_block(line, "Normal")

    # ---- keeping together and page layout --------------------------------------------------------------

    def style_of(self, block) -> str | None:
        style = block.find(f"{w('pPr')}/{w('pStyle')}") if block.tag == w("p") else None
        return None if style is None else style.get(w("val"))

    def heading_level(self, block) -> int | None:
        style = self.style_of(block)
        for level in range(1, 5):
            if style is not None and style == self.ids[f"Heading{level}"]:
                return level
        return None

    def is_plain(self, block) -> bool:
        """A paragraph of body text: no heading, title, caption or list item."""
        if block.tag != w("p"):
            return False
        style = self.style_of(block)
        special = {self.ids[k] for k in ("Title", "Subtitle", "TOCHeading", "Caption", "ListParagraph")}
        return self.heading_level(block) is None and style not in special

    def ends_section(self, block, *, body_text: bool = False) -> bool:
        """Whether `block` may carry a section break: a paragraph that is no heading (a heading would
        stay behind on the page before) and ends no section yet; with `body_text` no list item either."""
        if block.tag != w("p") or block.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            return False
        if body_text:
            return self.is_plain(block)
        return self.heading_level(block) is None and self.style_of(block) not in (
            self.ids["Title"],
            self.ids["Subtitle"],
            self.ids["TOCHeading"],
        )

    def keep_intros_with_what_follows(self) -> None:
        """A short paragraph that introduces a list or a table ("Het college stelt de raad voor:") keeps
        with it (w:keepNext), and a short list after it stays together, so an intro never ends a page.
        (Headings keep with what follows through their style.)"""
        out = self.state.out
        items = self.ids["ListParagraph"]
        for i, block in enumerate(out[:-1]):
            following = out[i + 1]
            if not self.is_plain(block) or not (following.tag == w("tbl") or self.style_of(following) == items):
                continue
            text = _paragraph_text(block)
            if not (text.endswith(":") or len(text) <= INTRO_CHARS):
                continue
            ooxml.get_or_add(block.find(w("pPr")), "keepNext", ooxml.PPR_ORDER)
            listed = []
            for later in out[i + 1 :]:
                if later.tag != w("p") or self.style_of(later) != items:
                    break
                listed.append(later)
            if len(listed) <= SHORT_LIST_ITEMS and sum(len(_paragraph_text(p)) for p in listed) <= SHORT_LIST_CHARS:
                for p in listed[:-1]:
                    ooxml.get_or_add(p.find(w("pPr")), "keepNext", ooxml.PPR_ORDER)

    def lead_in(self, index: int) -> int:
        """Where the blocks that introduce the table at `index` begin: its caption, the headings above
        it (each of a higher level than the one below it) and a short intro between them."""
        out = self.state.out
        start, level, k = index, 99, index - 1
        while k >= 0:
            block = out[k]
            heading = self.heading_level(block)
            if heading is not None:
                if heading >= level:
                    break
                start, level = k, heading
            elif block.tag == w("p") and self.style_of(block) == self.ids["Caption"] and k == start - 1:
                start = k
            elif not (self.is_plain(block) and start - k <= LEAD_IN_PARAGRAPHS):
                break
            k -= 1
        return start

    def place_wide_tables(self) -> None:
        """A table whose words do not fit its columns on a portrait page goes on a landscape page, with
        the headings and intro above it, when a paragraph stands before them and a body paragraph after
        it (or the document ends there), so the section breaks need no empty paragraph; tables that
        follow each other that way share the landscape pages. Otherwise, and where even the landscape
        page is too narrow, the table gets a smaller font (down to 9 pt) and hyphenation does the rest."""
        sect = self.doc.element.body.find(w("sectPr"))
        landscape = 0 if sections.is_landscape(sect) else sections.landscape_text_width(sect)
        wide, k = self.state.wide, 0
        while k < len(wide):
            group = [wide[k]]
            if landscape > self.text_width:
                while k + len(group) < len(wide) and self.lead_in(wide[k + len(group)].index) == group[-1].index + 1:
                    group.append(wide[k + len(group)])
                span = self.landscape_span(self.lead_in(group[0].index), group[-1].index)
                if span is not None:
                    self.state.spans.append(span)
                    for table in group:
                        self.fit_table(table, landscape)
                    k += len(group)
                    continue
            self.fit_table(wide[k], self.text_width)
            k += 1
        self.state.spans.sort(key=lambda span: span.first)

    def landscape_span(self, start: int, last_table: int) -> Span | None:
        out = self.state.out
        if start < 1 or not self.ends_section(out[start - 1]):
            return None
        last = last_table + 1 if last_table + 1 < len(out) else last_table
        if last != last_table and not self.ends_section(out[last], body_text=True):
            return None
        if any(span.first <= last and start <= span.last for span in self.state.spans):
            return None
        return Span(start, last, Layout(landscape=True))

    def fit_table(self, table: _WideTable, width: int) -> None:
        tbl = self.state.out[table.index]
        spec = table.spec
        half_points = FONT_HALF_POINTS
        if table.need > width:
            half_points = fitting_font(spec.texts, width, header_rows=spec.header_rows)
            set_font_size(tbl, half_points)
        widths = column_widths(
            spec.texts, width, header_rows=spec.header_rows, label_table=spec.label_table, half_points=half_points
        )
        apply_widths(tbl, widths)

    # ---- directives --------------------------------------------------------------------------------

    def directive(self, node) -> None:
        name = node.get("name")
        arg = node.get("arg")
        if name == "kopnummering" or name == LIST_END:
            return
        if name == "titel":
            self.paragraph_block(node, "Title")
        elif name == "ondertitel":
            self.paragraph_block(node, "Subtitle")
        elif name == "nieuwe-pagina":
            self.state.page_break = True
        elif name == "labeltabel":
            self.state.label_table = True
        elif name == "tabel":
            self.state.caption = _plain_text(node) or None
        elif name == "voettekst":
            self.state.footer = node
        elif name == "koptekst":
            self.state.header = node
        elif name == "inhoudsopgave":
            # `[[inhoudsopgave: 3]]` sets the depth (default 2); any other argument is the heading's text
            depth = toc_depth(arg)
            heading = self.new_paragraph("TOCHeading")
            tokens = self.tokens(node, 0) if arg and depth is None else [_Tok(TOC_DEFAULT_HEADING, 0, None)]
            if self.fill_inline(heading, tokens):
                if self.headings_numbered:
                    ooxml.set_numbering(heading, 0, 0)
                self.emit(heading)
            self.emit(ooxml.toc_paragraph(TOC_PLACEHOLDER, f"1-{depth or TOC_DEFAULT_DEPTH}"))
            self.state.toc = True
        elif name == "bijlage":
            # an annex: a level-1 heading (so it is in the table of contents) without a chapter number
            heading = self.new_paragraph("Heading1")
            if self.fill_inline(heading, self.tokens(node, 0)):
                if self.headings_numbered:
                    ooxml.set_numbering(heading, 0, 0)
                self.emit(heading)
        elif name == "afbeelding":
            self.image_block(arg or "")
        else:
            literal = f"[[{name}: {arg}]]" if arg is not None else f"[[{name}]]"
            self.warn(f"onbekend directief {literal}; als tekst overgenomen")
            p = self.new_paragraph("Normal")
            if self.fill_inline(p, [_Tok(literal, 0, None)]):
                self.emit(p)

    def image_block(self, arg: str) -> None:
        name, _, alt = arg.partition("|")
        name, alt = unescape_inline(name.strip()), unescape_inline(alt.strip())
        image = self.images.get(name)
        if image is None:
            self.warn(f"afbeelding '{name}' is niet aangeleverd; in het document staat een tekst tussen haken")
            self.placeholder(f"[afbeelding ontbreekt: {name}]")
            return
        alt = alt or (image.alt or "")
        if not alt:
            self.warn(f"afbeelding '{name}' heeft geen alt-tekst")
        data = image.content()  # outside the try: a failing chart is an error, not an unreadable image
        try:
            if self._image_index is None:
                self._image_index = compat.ImageIndex(self.doc.part)
            r_id, info = self._image_index.add(data)
            cx, cy = int(info.width), int(info.height)
        except Exception:  # noqa: BLE001 - not a PNG/JPEG python-docx can read (it raises many kinds)
            self.warn(f"afbeelding '{name}' is geen leesbare PNG of JPEG; overgeslagen")
            self.placeholder(f"[afbeelding onleesbaar: {name}]")
            return
        max_cx = self.text_width * EMU_PER_TWIP
        if cx > max_cx:
            cx, cy = max_cx, int(cy * max_cx / cx)
        docpr_id = self._next_docpr
        self._next_docpr += 1
        inline = CT_Inline.new_pic_inline(docpr_id, r_id, info.filename, Emu(cx), Emu(cy))
        ooxml.set_alt_text(inline, docpr_id, f"Afbeelding {docpr_id}", alt)
        p = self.new_paragraph("Normal")
        r = sub(p, "r")
        drawing = sub(r, "drawing")
        drawing.append(inline)
        self.emit(p)

    def placeholder(self, text: str) -> None:
        p = self.new_paragraph("Normal")
        self.fill_inline(p, [_Tok(text, 0, None)])
        self.emit(p)

    # ---- inlines -----------------------------------------------------------------------------------

    def tokens(self, node, fmt: int, *, links: bool = True) -> list[_Tok]:
        out: list[_Tok] = []
        if node.text:
            out.append(_Tok(node.text, fmt, None))
        for child in node:
            self.collect(child, fmt, None, out, links=links)
            if child.tail:
                out.append(_Tok(child.tail, fmt, None))
        return out

    def collect(self, node, fmt: int, link: str | None, out: list[_Tok], *, links: bool = True) -> None:
        tag = node.tag
        if tag in ("strong", "b"):
            fmt |= BOLD
        elif tag in ("em", "i"):
            fmt |= ITALIC
        elif tag == "code":
            out.append(_Tok("".join(node.itertext()), fmt | CODE, link))
            return
        elif tag == "br":
            out.append(_Tok("", fmt, link, br=True))
            return
        elif tag == "img":
            # Markdown images are never loaded from disk: their alt text stands in the text.
            alt = node.get("alt", "")
            if alt:
                out.append(_Tok(alt, fmt, link))
            return
        elif tag == "a" and link is None and links:
            link = safe_link(node.get("href"))
        if node.text:
            out.append(_Tok(node.text, fmt, link))
        for child in node:
            self.collect(child, fmt, link, out, links=links)
            if child.tail:
                out.append(_Tok(child.tail, fmt, link))

    def fill_inline(self, p, tokens: list[_Tok], *, fields: bool = False) -> bool:
        """Append runs (and hyperlinks) for the tokens; whitespace collapsed as HTML does.
        Return whether the paragraph got visible content."""
        norm: list[_Tok] = []
        for tok in tokens:
            if tok.br:
                while norm and not norm[-1].br and not norm[-1].text.strip():
                    norm.pop()
                if norm and not norm[-1].br:
                    norm[-1].text = norm[-1].text.rstrip(" ")
                norm.append(tok)
                continue
            text = tok.text.replace("\n", " ") if tok.fmt & CODE else _WS.sub(" ", tok.text)
            at_line_start = not norm or norm[-1].br or norm[-1].text.endswith(" ")
            if at_line_start and not tok.fmt & CODE:
                text = text.lstrip(" ")
            if text:
                norm.append(_Tok(text, tok.fmt, tok.link))
        while norm and (norm[-1].br or not norm[-1].text.strip()):
            norm.pop()
        while norm and norm[0].br:
            norm.pop(0)
        if norm and not norm[-1].fmt & CODE:
            norm[-1].text = norm[-1].text.rstrip(" ")
        if not any(t.text.strip() for t in norm):
            return False

        hyperlink, hyperlink_url = None, None
        for tok in norm:
            if tok.link != hyperlink_url:
                hyperlink, hyperlink_url = None, tok.link
                if tok.link:
                    hyperlink = ooxml.add_hyperlink(p, self.link_rid(tok.link), [])
            target = hyperlink if hyperlink is not None else p
            if tok.br:
                target.append(ooxml.line_break())
                continue
            style = None
            if tok.link:
                style = self.ids["Hyperlink"]
            elif tok.fmt & CODE:
                style = self.ids["VerbatimChar"]
            pieces = _FIELD.split(tok.text) if fields else [tok.text]
            for piece in pieces:
                if fields and piece == FIELD_PAGE:
                    ooxml.add_field(target, "PAGE", "1")
                elif fields and piece == FIELD_NUMPAGES:
                    ooxml.add_field(target, "NUMPAGES", "1")
                elif piece:
                    target.extend(
                        ooxml.text_runs(piece, bold=bool(tok.fmt & BOLD), italic=bool(tok.fmt & ITALIC), style_id=style)
                    )
        return True

    def link_rid(self, url: str) -> str:
        r_id = self._links.get(url)
        if r_id is None:
            r_id = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
            self._links[url] = r_id
        return r_id

    # ---- footer ------------------------------------------------------------------------------------

    def write_footer(self, node) -> None:
        """The footer on every page: default, first-page and even-page footers all get the text."""
        section = self.doc.sections[-1]
        footers = [section.footer]
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        if self.doc.settings.odd_and_even_pages_header_footer:
            footers.append(section.even_page_footer)
        for footer in footers:
            footer.is_linked_to_previous = False
            root = compat.story_element(footer)  # w:ftr; python-docx offers no way to clear a story
            for child in list(root):
                root.remove(child)
            p = ooxml.paragraph(self.ids["Footer"])
            if self.fill_inline(p, self.tokens(node, 0, links=False), fields=True):
                root.append(p)
            else:
                root.append(ooxml.paragraph(self.ids["Footer"]))  # a footer must hold a paragraph

    # ---- header --------------------------------------------------------------------------------------

    def write_header(self, node) -> None:
        """``[[koptekst: ...]]`` (the status of a draft, "ONTWERP — versie 0.9") at the top of every page,
        right-aligned, bold and dark red: below the content of the huisstijl's own header where it has
        one, else as the header's only paragraph."""
        section = self.doc.sections[-1]
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if self.doc.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        style = self.ids.get("Header", self.ids["Footer"])
        for header in headers:
            new = header.is_linked_to_previous  # no header of its own yet (ask before touching its part)
            header.is_linked_to_previous = False
            root = compat.story_element(header)  # w:hdr; python-docx offers no way to append to a story
            if new:
                for child in list(root):
                    root.remove(child)
            p = ooxml.paragraph(style)
            ooxml.set_alignment(p, "right")
            if self.fill_inline(p, self.tokens(node, 0, links=False)):
                for r in p.iter(w("r")):
                    rpr = r.find(w("rPr"))
                    if rpr is None:
                        rpr = el("rPr")
                        r.insert(0, rpr)
                    ooxml.get_or_add(rpr, "b", ooxml.RPR_ORDER)
                    ooxml.replace_in_order(rpr, el("color", {"val": STATUS_COLOR}), ooxml.RPR_ORDER)
                root.append(p)
            elif not len(root):
                root.append(ooxml.paragraph(style))  # a header must hold a paragraph


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t"))).strip()


def _set_spacing(p, *, before: str | None, after: str | None) -> None:
    attrs = {k: v for k, v in (("before", before), ("after", after)) if v is not None}
    if attrs:
        ooxml.replace_in_order(p.find(w("pPr")), el("spacing", attrs), ooxml.PPR_ORDER)


def _has_content(p) -> bool:
    return any((t.text or "").strip() for t in p.iter(w("t"))) or p.find(f".//{w('drawing')}") is not None


def _max_docpr_id(doc) -> int:
    """Highest wp:docPr id in the document and its headers/footers (a huisstijl's logo has one)."""
    ids = [0]
    parts = [doc.part] + [
        rel.target_part for rel in doc.part.rels.values() if not rel.is_external and hasattr(rel.target_part, "element")
    ]
    for part in parts:
        for doc_pr in part.element.iter(f"{{{NS_WP}}}docPr"):
            try:
                ids.append(int(doc_pr.get("id", "0")))
            except ValueError:
                pass
    return max(ids)


def _clean(text: str) -> str:
    return remove_invalid_xml_chars(text)[0]


def _clean_meta(meta: DocumentMeta) -> DocumentMeta:
    """The core properties without the characters XML cannot hold (no warning: the text warns)."""
    return replace(
        meta,
        title=_clean(meta.title),
        subject=_clean(meta.subject),
        author=_clean(meta.author),
        keywords=tuple(_clean(k) for k in meta.keywords),
    )


def default_footer(meta: DocumentMeta):
    """The footer of a document whose template asks for none: every document has one (author, title,
    "pagina X van Y"), the same as the built-in templates write with `[[voettekst]]`."""
    line = (
        f"[[voettekst: {escape_inline(meta.author)} · {escape_inline(meta.title)} · pagina {{PAGE}} van {{NUMPAGES}}]]"
    )
    return next(d for d in parse_markdown(line).iter(DIRECTIVE_TAG) if d.get("name") == "voettekst")


def has_heading_numbering(root) -> bool:
    return any(d.get("name") == "kopnummering" for d in root.iter(DIRECTIVE_TAG))


def write_document(markdown: str, meta, *, images, huisstijl, warn) -> bytes:
    """The whole pipeline stage: Markdown + metadata (+ images, huisstijl) -> .docx bytes."""
    meta = _clean_meta(meta)
    markdown, removed = remove_invalid_xml_chars(markdown)
    if removed:
        warn(f"{removed} stuurteken(s) die Word niet kan bevatten uit de tekst verwijderd")

    doc = package.open_base(huisstijl)
    lacks_numbering = False
    if huisstijl is not None:
        package.clear_body(doc)
        package.check_text_width(doc, huisstijl)
        lacks_numbering = huisstijl_io.ensure_numbering_part(doc)
        if huisstijl_io.strip_outside_references(doc):
            warn(
                "huisstijl verwijst naar buiten het document (een gekoppeld sjabloon, een veld als DDEAUTO "
                "of INCLUDEPICTURE, of een file://-koppeling); dat is uit de documenten weggelaten"
            )
    styles_root = doc.styles.element
    ids, missing = styles.resolve_style_ids(styles_root)
    added = styles.fill_missing_styles(styles_root, ids, missing) if missing else []
    if added or lacks_numbering:
        lacking = [f"stijlen: {', '.join(added)}"] if added else []
        lacking += ["de nummering (numbering.xml)"] if lacks_numbering else []
        warn(f"huisstijl mist {opsomming(lacking)}; aangevuld uit de standaardstijl")
    ooxml.set_language(styles_root, meta.language)
    settings = doc.settings.element
    ooxml.set_theme_font_lang(settings, meta.language)
    ooxml.complete_zoom(settings)

    root = parse_markdown(markdown)
    numbered = has_heading_numbering(root)
    writer = Writer(doc, ids, images, warn, numbered, package.text_width_twips(doc))
    if numbered:
        writer.numbering.heading_numbering(styles_root, [ids[f"Heading{n}"] for n in range(1, 5)])
    state = writer.write(root)
    writer.write_footer(state.footer if state.footer is not None else default_footer(meta))
    if state.header is not None:
        writer.write_header(state.header)
    sections.apply(doc.element.body, state.out, state.spans)
    ooxml.set_auto_hyphenation(settings)
    if state.toc:
        ooxml.set_update_fields(settings)
    package.set_core_properties(doc, meta)
    return package.save_deterministic(doc)
