"""The second writer: the reader's element tree -> HTML, beside the .docx writer (as pandoc has one
document model and many writers).

`ivplan preview` shows a plan as the raad will read it. It renders the same Markdown (the templates'
output) with the same reader (`markdown_reader.parse_markdown`) as `build`, and this module writes the
element tree as HTML with the same meaning the .docx writer gives it:

- headings h1-h4 as <h1>-<h4>, numbered 1, 1.1, 1.1.1 when the template asks `[[kopnummering]]` (as
  Word's outline numbering does); deeper headings as a bold paragraph;
- lists, nested lists, code blocks, block quotes; links only for http, https and mailto
  (`docxwriter.writer.safe_link`), other link text stays text; a Markdown image is its alt text;
- tables with their `[[tabel: ...]]` caption and header cells (<th scope="col">; a `[[labeltabel]]`
  has its first column as <th scope="row">); cells that hold paragraphs and lists;
- the directives: title and subtitle, `[[afbeelding: naam | alt]]` (the program's images with their
  alt text), `[[inhoudsopgave]]` as a navigation list of links to the headings of levels 1-2,
  `[[bijlage: kop]]` as an unnumbered level-1 heading, `[[nieuwe-pagina]]` as a page break in print,
  `[[regels]]` as compact lines, `[[ondertekening]]` as the aanhef and the signatories side by side
  (function, room to sign, name). The footer (`[[voettekst]]`) and the header with a draft's status
  (`[[koptekst]]`, the title block says the status too) belong to a printed page and are not shown.

The result is an ElementTree element (``<div class="ivp-document">``), so a caller can add to it (the
preview marks the places diagnostics concern) before `serialize()` writes it. Text is never markup:
every text and attribute value is escaped when serialized. No style attributes are written (the
preview's Content-Security-Policy allows only its own style sheet): alignment and page breaks are
classes.
"""

from __future__ import annotations

import base64
import re
import struct
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ivplan.documents.markdown_contract import LIST_END, unescape_inline
from ivplan.render.docxwriter import Image
from ivplan.render.docxwriter.writer import HEADING_TAGS, TOC_DEFAULT_HEADING, safe_link, toc_depth
from ivplan.render.markdown_reader import DIRECTIVE_TAG, ONDERTEKENING_TAG, REGELS_TAG, SIGNATORY_TAG, parse_markdown

MAX_HEADING_LEVEL = 4  # deeper headings are a bold paragraph, as in the .docx
TOC_LEVELS = 2  # the inhoudsopgave lists headings of levels 1-2, as the Word TOC field does
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

_WS = re.compile(r"[ \t\n\r\f\v]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

ImageSource = Callable[[str, bytes, str], str]  # (image name, bytes, mime type) -> URL for <img src>


def data_uri(name: str, data: bytes, mime: str) -> str:
    """The default image source: the bytes inline as a data: URI (a self-contained page)."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


@dataclass
class Heading:
    """A heading as the inhoudsopgave and the preview's scroll keeping see it."""

    level: int
    number: str  # "2.1", "" without heading numbering
    text: str
    id: str


@dataclass
class _State:
    page_break: bool = False
    label_table: bool = False
    caption: str | None = None
    tables: int = 0
    table_names: set[str] = field(default_factory=set)  # captions that already name a table region
    last_block: ET.Element | None = None
    headings: list[Heading] = field(default_factory=list)
    tocs: list[ET.Element] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def plain_text(node: ET.Element) -> str:
    return _WS.sub(" ", "".join(node.itertext())).strip()


def image_type(data: bytes) -> str | None:
    """The mime type of a PNG or JPEG (the kinds the .docx writer takes), else None."""
    if data.startswith(PNG_MAGIC):
        return "image/png"
    if data.startswith(JPEG_MAGIC):
        return "image/jpeg"
    return None


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels from a PNG's IHDR chunk (so the page keeps its layout while the
    image loads: the preview keeps the reader's place when the content is swapped)."""
    if not data.startswith(PNG_MAGIC) or len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", folded).strip("-")[:60] or "kop"


class HtmlWriter:
    """Writes one document's element tree as HTML elements."""

    def __init__(
        self,
        images: Mapping[str, Image],
        warn: Callable[[str], None],
        headings_numbered: bool,
        image_src: ImageSource = data_uri,
    ) -> None:
        self.images = images
        self.warn = warn
        self.headings_numbered = headings_numbered
        self.image_src = image_src
        self.state = _State()
        self._counters = [0] * MAX_HEADING_LEVEL

    # ---- entry point -------------------------------------------------------------------------------

    def write(self, root: ET.Element) -> ET.Element:
        out = ET.Element("div", {"class": "ivp-document"})
        self.blocks(root, out)
        for toc in self.state.tocs:
            self.fill_toc(toc)
        return out

    def unique_id(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.state.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.state.ids.add(candidate)
        return candidate

    # ---- blocks ------------------------------------------------------------------------------------

    def emit(self, parent: ET.Element, block: ET.Element) -> ET.Element:
        """Append a block; a pending page break goes onto it as a class (never an empty block)."""
        if self.state.page_break:
            _add_class(block, "nieuwe-pagina")
            self.state.page_break = False
        parent.append(block)
        self.state.last_block = block
        return block

    def blocks(self, container: ET.Element, parent: ET.Element) -> None:
        for node in container:
            self.block(node, parent)

    def block(self, node: ET.Element, parent: ET.Element) -> None:
        tag = node.tag
        if tag == "p":
            self.paragraph(node, parent, "p")
        elif tag in HEADING_TAGS:
            self.heading(node, parent, HEADING_TAGS[tag])
        elif tag in ("ul", "ol"):
            self.emit(parent, self.list_block(node))
        elif tag == "table":
            self.table(node, parent)
        elif tag == "pre":
            pre = ET.Element("pre")
            ET.SubElement(pre, "code").text = "".join(node.itertext()).rstrip("\n")
            if pre[0].text:
                self.emit(parent, pre)
        elif tag == "blockquote":
            quote = ET.Element("blockquote")
            self.blocks(node, quote)
            if len(quote):
                self.emit(parent, quote)
        elif tag == "hr":
            pass  # a thematic break has no place in a raadsstuk (as in the .docx)
        elif tag == DIRECTIVE_TAG:
            self.directive(node, parent)
        elif tag == REGELS_TAG:
            lines = ET.Element("div", {"class": "regels"})
            for line in node:
                self.paragraph(line, lines, "p")
            if len(lines):
                self.emit(parent, lines)
        elif tag == ONDERTEKENING_TAG:
            self.signature(node, parent)
        elif tag == "div":
            self.blocks(node, parent)
        else:
            self.paragraph(node, parent, "p")

    def signature(self, node: ET.Element, parent: ET.Element) -> None:
        """`[[ondertekening]]`: the lines without a signatory full width, the signatories side by side,
        each its function and its name (the preview's style sheet leaves room to sign between them)."""
        block = ET.Element("div", {"class": "ondertekening"})
        signers = None
        for child in node:
            if child.tag == SIGNATORY_TAG:
                if signers is None:
                    signers = ET.SubElement(block, "div", {"class": "ondertekenaars"})
                signer = ET.SubElement(signers, "div", {"class": "ondertekenaar"})
                for part, cls in zip(child, ("functie", "naam"), strict=False):
                    self.paragraph(part, signer, "p", cls)
            else:
                self.paragraph(child, block, "p")
        if len(block):
            self.emit(parent, block)

    def paragraph(self, node: ET.Element, parent: ET.Element, tag: str, cls: str | None = None) -> ET.Element | None:
        p = ET.Element(tag, {"class": cls} if cls else {})
        self.inline(node, p)
        if not _has_content(p):
            return None
        return self.emit(parent, p)

    def heading(self, node: ET.Element, parent: ET.Element, level: int, *, annex: bool = False) -> None:
        if level > MAX_HEADING_LEVEL:
            p = ET.Element("p")
            strong = ET.SubElement(p, "strong")
            self.inline(node, strong)
            if _has_content(strong):
                self.emit(parent, p)
            return
        h = ET.Element(f"h{level}", {"class": "bijlage"} if annex else {})
        self.inline(node, h)
        text = plain_text(h)
        if not text:
            return
        number = ""
        if self.headings_numbered and not annex:
            self._counters[level - 1] += 1
            for deeper in range(level, MAX_HEADING_LEVEL):
                self._counters[deeper] = 0
            number = ".".join(str(n) for n in self._counters[:level])
            span = ET.Element("span", {"class": "kopnummer"})
            span.text = number
            span.tail = " " + (h.text or "")
            h.text = None
            h.insert(0, span)
        # the id comes from the words, not the number: inserting a chapter keeps the reader's place
        heading_id = self.unique_id("h-" + slug(text))
        h.set("id", heading_id)
        self.state.headings.append(Heading(level, number, text, heading_id))
        self.emit(parent, h)

    # ---- lists -------------------------------------------------------------------------------------

    def list_block(self, node: ET.Element) -> ET.Element:
        out = ET.Element(node.tag)
        start = node.get("start")
        if node.tag == "ol" and start and start.isdigit() and start != "1":
            out.set("start", start)
        for item in node:
            if item.tag == "li":
                out.append(self.list_item(item))
        return out

    def list_item(self, item: ET.Element) -> ET.Element:
        li = ET.Element("li")
        li.text = item.text
        for child in item:
            if child.tag in ("ul", "ol"):
                li.append(self.list_block(child))
                _append_text(li, child.tail)
            elif child.tag == "p":
                self.paragraph(child, li, "p")
                _append_text(li, child.tail)
            elif child.tag in (
                "table",
                "pre",
                "blockquote",
                DIRECTIVE_TAG,
                REGELS_TAG,
                ONDERTEKENING_TAG,
                "div",
                "hr",
            ) or (child.tag in HEADING_TAGS):
                self.block(child, li)
                _append_text(li, child.tail)
            else:
                self.inline_child(child, li)
                _append_text(li, child.tail)
        return li

    # ---- tables ------------------------------------------------------------------------------------

    def table(self, node: ET.Element, parent: ET.Element) -> None:
        rows: list[tuple[bool, list[ET.Element]]] = []
        for section in node:
            for tr in section.iter("tr"):
                rows.append((section.tag == "thead", [c for c in tr if c.tag in ("th", "td")]))
        label = self.state.label_table
        caption = self.state.caption
        self.state.label_table = False
        self.state.caption = None
        if not rows:
            return
        self.state.tables += 1
        if caption is None and self.state.last_block is not None and self.state.last_block.get("class") == "tabel":
            caption = f"Tabel {self.state.tables}"  # two tables in a row: told apart, as in the .docx
        wrapper = ET.Element("div", {"class": "tabel"})
        table = ET.SubElement(wrapper, "table")
        if caption:
            caption_id = self.unique_id(f"tabel-{self.state.tables}")
            ET.SubElement(table, "caption", {"id": caption_id}).text = caption
            # a wide table scrolls on its own: keyboard users reach it, screen readers hear its name
            wrapper.set("role", "region")
            if caption in self.state.table_names:
                # a caption seen before (a joint plan's deel A and deel B both have "Meetbare doelen"):
                # landmarks must be told apart, so this one's name also says which table it is
                wrapper.set("aria-label", f"{caption} (tabel {self.state.tables})")
            else:
                wrapper.set("aria-labelledby", caption_id)
            self.state.table_names.add(caption)
        wrapper.set("tabindex", "0")
        head = [cells for is_head, cells in rows if is_head and not label]
        body = [cells for is_head, cells in rows if label or not is_head]
        if head:
            thead = ET.SubElement(table, "thead")
            for cells in head:
                tr = ET.SubElement(thead, "tr")
                for cell in cells:
                    self.cell(cell, ET.SubElement(tr, "th", {"scope": "col"}))
        if body:
            tbody = ET.SubElement(table, "tbody")
            for cells in body:
                tr = ET.SubElement(tbody, "tr")
                for i, cell in enumerate(cells):
                    if label and i == 0:
                        out = ET.SubElement(tr, "th", {"scope": "row"})
                    else:
                        out = ET.SubElement(tr, "td")
                    self.cell(cell, out)
        self.emit(parent, wrapper)

    def cell(self, cell: ET.Element, out: ET.Element) -> None:
        style = (cell.get("style") or "") + " " + (cell.get("align") or "")
        align = next((a for a in ("right", "center") if a in style), None)
        if align:
            _add_class(out, {"right": "rechts", "center": "midden"}[align])
        if any(child.tag in ("p", "ul", "ol") for child in cell):
            saved = self.state.page_break, self.state.last_block
            self.state.page_break = False  # a pending page break belongs to the table
            for child in cell:
                if child.tag in ("ul", "ol"):
                    out.append(self.list_block(child))
                else:
                    self.paragraph(child, out, "p")
            self.state.page_break, self.state.last_block = saved
            return
        self.inline(cell, out)

    # ---- directives --------------------------------------------------------------------------------

    def directive(self, node: ET.Element, parent: ET.Element) -> None:
        name = node.get("name")
        arg = node.get("arg")
        if name in ("kopnummering", LIST_END, "voettekst", "koptekst"):
            return  # numbering is read before writing; footer and header belong to a printed page
        if name == "titel":
            self.paragraph(node, parent, "p", "titel")
        elif name == "ondertitel":
            self.paragraph(node, parent, "p", "ondertitel")
        elif name == "nieuwe-pagina":
            self.state.page_break = True
        elif name == "labeltabel":
            self.state.label_table = True
        elif name == "tabel":
            self.state.caption = plain_text(node) or None
        elif name == "inhoudsopgave":
            nav = ET.Element("nav", {"class": "inhoudsopgave"})
            kop_id = self.unique_id("inhoudsopgave")
            kop = ET.SubElement(nav, "h2", {"class": "inhoudsopgave-kop", "id": kop_id})
            depth = toc_depth(arg)  # `[[inhoudsopgave: 3]]`: the depth, as in the .docx
            if depth is not None:
                nav.set("data-niveaus", str(depth))
            elif arg:
                self.inline(node, kop)
            if not _has_content(kop):
                kop.text = TOC_DEFAULT_HEADING
            nav.set("aria-labelledby", kop_id)
            self.state.tocs.append(nav)
            self.emit(parent, nav)
        elif name == "bijlage":
            # an annex: a level-1 heading (in the inhoudsopgave) without a chapter number, as in the .docx
            self.heading(node, parent, 1, annex=True)
        elif name == "afbeelding":
            self.image(arg or "", parent)
        else:
            literal = f"[[{name}: {arg}]]" if arg is not None else f"[[{name}]]"
            self.warn(f"onbekend directief {literal}; als tekst overgenomen")
            self.placeholder(literal, parent)

    def fill_toc(self, nav: ET.Element) -> None:
        """A nested list of links to the headings of levels 1-2 (the Word TOC field's levels)."""
        top = ET.SubElement(nav, "ul")
        current_item: ET.Element | None = None
        sub: ET.Element | None = None
        depth = int(nav.get("data-niveaus") or TOC_LEVELS)
        for h in self.state.headings:
            if h.level > depth:
                continue
            if h.level == 1 or current_item is None:
                li = ET.SubElement(top, "li")
                current_item, sub = li, None
            else:
                if sub is None:
                    sub = ET.SubElement(current_item, "ul")
                li = ET.SubElement(sub, "li")
            a = ET.SubElement(li, "a", {"href": f"#{h.id}"})
            a.text = f"{h.number} {h.text}" if h.number else h.text
        if not len(top):
            nav.remove(top)

    def image(self, arg: str, parent: ET.Element) -> None:
        name, _, alt = arg.partition("|")
        name, alt = unescape_inline(name.strip()), unescape_inline(alt.strip())
        image = self.images.get(name)
        if image is None:
            self.warn(f"afbeelding '{name}' is niet aangeleverd; in het document staat een tekst tussen haken")
            self.placeholder(f"[afbeelding ontbreekt: {name}]", parent)
            return
        alt = alt or (image.alt or "")
        if not alt:
            self.warn(f"afbeelding '{name}' heeft geen alt-tekst")
        data = image.content()
        mime = image_type(data)
        if mime is None:
            self.warn(f"afbeelding '{name}' is geen leesbare PNG of JPEG; overgeslagen")
            self.placeholder(f"[afbeelding onleesbaar: {name}]", parent)
            return
        p = ET.Element("p", {"class": "afbeelding"})
        img = ET.SubElement(p, "img", {"src": self.image_src(name, data, mime), "alt": alt})
        size = png_size(data)
        if size:
            img.set("width", str(size[0]))
            img.set("height", str(size[1]))
        self.emit(parent, p)

    def placeholder(self, text: str, parent: ET.Element) -> None:
        p = ET.Element("p")
        p.text = text
        self.emit(parent, p)

    # ---- inlines -----------------------------------------------------------------------------------

    def inline(self, node: ET.Element, out: ET.Element, *, in_link: bool = False) -> None:
        """The inline content of `node` (text, emphasis, code, links, line breaks) into `out`."""
        _append_text(out, node.text)
        for child in node:
            self.inline_child(child, out, in_link=in_link)
            _append_text(out, child.tail)

    def inline_child(self, node: ET.Element, out: ET.Element, *, in_link: bool = False) -> None:
        tag = node.tag
        if tag in ("strong", "b", "em", "i"):
            el = ET.SubElement(out, "strong" if tag in ("strong", "b") else "em")
            self.inline(node, el, in_link=in_link)
        elif tag == "code":
            ET.SubElement(out, "code").text = "".join(node.itertext())
        elif tag == "br":
            ET.SubElement(out, "br")
        elif tag == "img":
            # Markdown images are never loaded: their alt text stands in the text (as in the .docx)
            _append_text(out, node.get("alt", ""))
        elif tag == "a":
            href = safe_link(node.get("href"))
            if href is None or in_link:  # a link in a link is text, as in the .docx
                self.inline(node, out, in_link=in_link)
            else:
                a = ET.SubElement(out, "a", {"href": href})
                self.inline(node, a, in_link=True)
        else:
            self.inline(node, out, in_link=in_link)


def _append_text(el: ET.Element, text: str | None) -> None:
    if not text:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + text
    else:
        el.text = (el.text or "") + text


def _add_class(el: ET.Element, cls: str) -> None:
    el.set("class", f"{el.get('class')} {cls}" if el.get("class") else cls)


def _has_content(el: ET.Element) -> bool:
    return bool("".join(el.itertext()).strip()) or el.find(".//img") is not None


def has_heading_numbering(root: ET.Element) -> bool:
    return any(d.get("name") == "kopnummering" for d in root.iter(DIRECTIVE_TAG))


@dataclass
class HtmlDocument:
    """A written document: its element tree and its headings."""

    root: ET.Element
    headings: list[Heading]

    def __str__(self) -> str:
        return serialize(self.root)


def write_html(
    markdown: str,
    *,
    images: Mapping[str, Image] | None = None,
    warn: Callable[[str], None] | None = None,
    image_src: ImageSource = data_uri,
) -> HtmlDocument:
    """The whole stage: Markdown (with directives) -> the document as an HTML element tree.

    `images` are the program's images by name (logo, charts: the same `Image` objects the .docx writer
    takes); `image_src` decides what an <img src> says (default: a data: URI). `warn` receives the same
    Dutch one-line warnings as the .docx writer's (an image not supplied, an unknown directive)."""
    root = parse_markdown(markdown)
    writer = HtmlWriter(dict(images or {}), warn or (lambda message: None), has_heading_numbering(root), image_src)
    return HtmlDocument(writer.write(root), writer.state.headings)


def serialize(el: ET.Element) -> str:
    """HTML text of an element; text and attribute values escaped."""
    return ET.tostring(el, encoding="unicode", method="html")


def serialize_blocks(root: ET.Element) -> list[str]:
    """HTML text of each block of a written document (the children of `root`), without text between
    them (the writer puts none there)."""
    return [serialize(block) for block in root]
