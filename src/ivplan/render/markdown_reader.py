"""Markdown (as the templates render it) -> an element tree that the docx writer walks.

The reader does one job: turn text into structure. It uses python-markdown with pipe tables and the
rules of the Markdown contract (documents/markdown_contract.py, shared with the template filters that
write the Markdown):

- raw HTML and character entities in the text are shown as text, never interpreted;
- nested list items indented by two spaces nest just like those indented by four, and a list may start on
  the line right after a paragraph (CommonMark does both; python-markdown alone does neither);
- a line that consists of exactly a directive (``[[naam]]`` or ``[[naam: argument]]``, see
  ``plan_templates/README.md``) becomes an ``<ivp-directive>`` element; ``[[regels]]`` ... ``[[/regels]]``
  becomes an ``<ivp-regels>`` element holding one ``<p>`` per non-empty line; ``[[ondertekening]]`` ...
  ``[[/ondertekening]]`` an ``<ivp-ondertekening>`` element holding a ``<p>`` per line without ``|`` and a
  ``<ivp-teken>`` (two ``<p>``: function and name) per line ``function | name``. An escaped ``\\[[`` is text;
- in a table cell, ``[[alinea]]``, ``[[punt]]`` and ``[[nummer]]`` (``[[punt: 2]]`` nested) start a new
  paragraph or list item: such a cell holds ``<p>``, ``<ul>`` and ``<ol>`` children instead of inline
  content. Elsewhere these markers read as a space.

Link schemes and images are judged by the writer: the reader keeps ``<a>`` and ``<img>`` as python-markdown
makes them.

The result is an ``xml.etree.ElementTree.Element`` named ``div`` whose children are the blocks (tags as
in python-markdown's HTML: p, h1-h6, ul, ol, li, table, pre, code, blockquote, strong, em, a, img, br).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from ivplan.core.xmltext import remove_invalid_xml_chars
from ivplan.documents.markdown_contract import (
    DIRECTIVE_LINE,
    LINE_BLOCKS,
    MARK_CHARS,
    cell_marker_kind,
    encode_cell_markers,
    encode_fields,
    normalize_lines,
)

DIRECTIVE_TAG = "ivp-directive"
REGELS_TAG = "ivp-regels"
ONDERTEKENING_TAG = "ivp-ondertekening"
SIGNATORY_TAG = "ivp-teken"
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")

# --------------------------------------------------------------------------------------------------
# Table cells with blocks: the private-use marker characters (markdown_contract.encode_cell_markers)
# become <p>, <ul> and <ol> children of the cell
# --------------------------------------------------------------------------------------------------


def _unmark(node: ET.Element) -> None:
    """Markers where no cell can hold blocks (a paragraph, inside bold text) become a space."""
    for el in node.iter():
        if el.text and MARK_CHARS.search(el.text):
            el.text = MARK_CHARS.sub(" ", el.text)
        if el is not node and el.tail and MARK_CHARS.search(el.tail):
            el.tail = MARK_CHARS.sub(" ", el.tail)


def _fill(parent: ET.Element, parts: list) -> None:
    """Put inline parts (strings and elements) into `parent` as its text and children."""
    last = None
    for part in parts:
        if isinstance(part, str):
            if last is None:
                parent.text = (parent.text or "") + part
            else:
                last.tail = (last.tail or "") + part
        else:
            parent.append(part)
            last = part


def _cell_blocks(cell: ET.Element) -> None:
    """Turn a cell with markers into block children: <p>, and <ul>/<ol> with <li> (nested)."""
    segments: list[tuple[tuple[str, int], list]] = [(("p", 0), [])]

    def add_text(text: str | None) -> None:
        for i, piece in enumerate(MARK_CHARS.split(text or "")):
            if i % 2:
                segments.append((cell_marker_kind(piece), []))
            elif piece:
                segments[-1][1].append(piece)

    add_text(cell.text)
    children = list(cell)
    for child in children:
        cell.remove(child)
        tail, child.tail = child.tail, None
        _unmark(child)
        segments[-1][1].append(child)
        add_text(tail)
    cell.text = None

    stack: list[ET.Element] = []  # the open lists, outermost first
    for (kind, level), parts in segments:
        if not any(not isinstance(p, str) or p.strip() for p in parts):
            continue  # nothing in this paragraph or item
        if kind == "p":
            stack = []
            _fill(ET.SubElement(cell, "p"), parts)
            continue
        level = min(level, len(stack))  # a level deeper than the open lists allow: one deeper
        del stack[level + 1 :]
        if len(stack) > level and stack[level].tag != kind:
            del stack[level:]  # another kind of list at this level: a new list
        if len(stack) == level:
            holder = cell if level == 0 else stack[level - 1][-1]
            stack.append(ET.SubElement(holder, kind))
        _fill(ET.SubElement(stack[level], "li"), parts)


def _structure_cells(root: ET.Element) -> None:
    for node in list(root.iter()):
        if node.tag in ("td", "th") and any(MARK_CHARS.search(t) for t in node.itertext()):
            _cell_blocks(node)
    _unmark(root)


# --------------------------------------------------------------------------------------------------
# Deep inline nesting
# --------------------------------------------------------------------------------------------------

# What an inline element does to its text; the same inside the same adds nothing (bold in bold).
_INLINE_KIND = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "a": "link", "code": "code"}
MAX_DEPTH = 40  # levels of elements below the root that the writer walks (blocks and inlines together)


def flatten_nesting(root: ET.Element) -> None:
    """Unwrap inline elements that an ancestor already formats the same way, and flatten whatever is
    still nested deeper than MAX_DEPTH into its text: `**` pairs nested a thousand deep (4 KB of plan
    text) made a tree the writer walked recursively until Python's recursion limit (exit 3). Bold
    inside bold is just bold, so the document looks the same. Works without recursion (ElementTree's
    iter() and itertext() are iterative)."""
    parent: dict[ET.Element, ET.Element] = {}
    kinds: dict[ET.Element, frozenset[str]] = {root: frozenset()}
    depth: dict[ET.Element, int] = {root: 0}
    redundant: list[ET.Element] = []
    too_deep: list[ET.Element] = []
    for node in root.iter():  # preorder: a parent comes before its children
        for child in node:
            parent[child] = node
            kind = _INLINE_KIND.get(child.tag)
            above = kinds[node]
            kinds[child] = above | {kind} if kind else above
            if kind in above:
                redundant.append(child)
                depth[child] = depth[node]
            else:
                depth[child] = depth[node] + 1
                if depth[child] == MAX_DEPTH:
                    too_deep.append(child)
    for node in reversed(redundant):  # the deepest first: its children move up to a kept parent
        _unwrap(parent[node], node)
    for node in too_deep:
        if any(True for _ in node):
            text = "".join(node.itertext())
            for child in list(node):
                node.remove(child)
            node.text = text


def _unwrap(holder: ET.Element, node: ET.Element) -> None:
    """Replace `node` in `holder` by its text and children (its tail follows them)."""
    index = list(holder).index(node)
    children = list(node)
    text, tail = node.text or "", node.tail or ""
    if index == 0:
        holder.text = (holder.text or "") + text
    else:
        previous = holder[index - 1]
        previous.tail = (previous.tail or "") + text
    holder.remove(node)
    for offset, child in enumerate(children):
        holder.insert(index + offset, child)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index == 0:
        holder.text = (holder.text or "") + tail
    else:
        previous = holder[index - 1]
        previous.tail = (previous.tail or "") + tail


# --------------------------------------------------------------------------------------------------
# python-markdown set-up
# --------------------------------------------------------------------------------------------------


# What any of python-markdown's inline patterns (as set up below: INLINE_PATTERNS) needs to match: a
# backslash (escape, backtick), a backtick, '[' (links, references, images), '<' (autolinks), '*' or
# '_' (emphasis) or two spaces before a line end (line break). Text without any of them comes out of the
# inline pass as it went in.
INLINE_PATTERNS = (
    "backtick",
    "escape",
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
    "autolink",
    "automail",
    "linebreak",
    "em_strong",
)
_INLINE_SYNTAX = re.compile(r"[\\`\[<*_]|  \n")


def _make_markdown(*, skip_plain_text: bool = True):
    """python-markdown set up for ivplan. `skip_plain_text`: mark text that no inline pattern can match
    as atomic before the inline pass, which then passes it by. That pass tries every pattern on every
    piece of text and was half of parsing a plan (24 of 45 ms for havenstad); the result is the same
    (tests/test_markdown_reader.py compares both ways)."""

    class PlainTextProcessor(Treeprocessor):
        def run(self, root):
            for node in root.iter():
                text, tail = node.text, node.tail
                if text and not isinstance(text, AtomicString) and _INLINE_SYNTAX.search(text) is None:
                    node.text = AtomicString(text)
                if tail and not isinstance(tail, AtomicString) and _INLINE_SYNTAX.search(tail) is None:
                    node.tail = AtomicString(tail)

    class DirectiveProcessor(BlockProcessor):
        """A block that is exactly one directive line, or a line block ([[regels]] ... [[/regels]])."""

        def test(self, parent, block):
            first = block.split("\n", 1)[0]
            match = DIRECTIVE_LINE.match(first)
            return match is not None and ("\n" not in block or match.group(1) in LINE_BLOCKS)

        def run(self, parent, blocks):
            block = blocks.pop(0)
            lines = block.split("\n")
            match = DIRECTIVE_LINE.match(lines[0])
            assert match is not None  # test() saw this line match
            name, arg = match.group(1), match.group(2)
            if name in LINE_BLOCKS:
                el = ET.SubElement(parent, ONDERTEKENING_TAG if name == "ondertekening" else REGELS_TAG)
                for line in lines[1:]:
                    if DIRECTIVE_LINE.match(line) and line.strip() == f"[[/{name}]]":
                        break
                    parts = _UNESCAPED_BAR.split(line.strip(), maxsplit=1) if name == "ondertekening" else [line]
                    if len(parts) == 2:
                        signatory = ET.SubElement(el, SIGNATORY_TAG)
                        for part in parts:
                            ET.SubElement(signatory, "p").text = part.strip()
                    elif line.strip():
                        ET.SubElement(el, "p").text = line.strip()
                return
            el = ET.SubElement(parent, DIRECTIVE_TAG)
            el.set("name", name)
            if arg is not None:
                if name == "voettekst":
                    arg = encode_fields(arg)
                el.set("arg", arg)
                el.text = arg  # inline Markdown, processed by python-markdown's inline pass

    class IvplanExtension(Extension):
        def extendMarkdown(self, md):  # noqa: N802 (python-markdown API)
            # Raw HTML and entities are text (python-markdown's documented replacement for safe_mode).
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.inlinePatterns.deregister("entity")
            md.parser.blockprocessors.register(DirectiveProcessor(md.parser), "ivp_directive", 200)
            # an ordered list that starts at 3 starts at 3 (as in CommonMark)
            md.parser.blockprocessors["olist"].LAZY_OL = False
            # "prettify" only adds line breaks for the HTML serializer, which the reader never runs
            md.treeprocessors.deregister("prettify")
            if skip_plain_text:
                patterns = md.inlinePatterns
                if len(patterns) != len(INLINE_PATTERNS) or not all(name in patterns for name in INLINE_PATTERNS):
                    raise RuntimeError("python-markdown's inline patterns changed: check _INLINE_SYNTAX")
                md.treeprocessors.register(PlainTextProcessor(md), "ivp_plain_text", 25)  # before "inline" (20)

    # The escape extension must come after "tables" (notes section 6: order matters).
    # An extension object, not the name "tables": a name makes Markdown scan every installed package's
    # entry points (importlib.metadata), 25 ms per process.
    return markdown.Markdown(extensions=[TableExtension(), IvplanExtension()])


def _restore_text(root: ET.Element) -> None:
    """Undo python-markdown's escaping that its serializer would otherwise resolve: code text is
    HTML-escaped (``&amp;``), and automatic mail links are entity-encoded behind a placeholder."""

    def fix(value: str) -> str:
        return html.unescape(value.replace(AMP_SUBSTITUTE, "&")) if AMP_SUBSTITUTE in value else value

    for node in root.iter():
        if node.tag == "code" and node.text:
            node.text = html.unescape(node.text)
        if node.text:
            node.text = fix(node.text)
        if node.tail:
            node.tail = fix(node.tail)
        for key, value in node.attrib.items():
            if AMP_SUBSTITUTE in value:
                node.set(key, fix(value))


def parse_markdown(text: str, *, skip_plain_text: bool = True) -> ET.Element:
    """Parse Markdown into a ``div`` element holding the blocks (see the module docstring).

    Runs python-markdown's preprocessors, block parser and tree processors (as ``Markdown.convert``
    does) and takes the element tree before serialization: no HTML string is made or parsed.
    """
    text, _ = remove_invalid_xml_chars(text)
    md = _make_markdown(skip_plain_text=skip_plain_text)
    text = encode_cell_markers(text)
    cells_with_blocks = MARK_CHARS.search(text) is not None
    lines = normalize_lines(text).split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for treeprocessor in md.treeprocessors:
        new_root = treeprocessor.run(root)
        if new_root is not None:
            root = new_root
    _restore_text(root)
    if cells_with_blocks:
        _structure_cells(root)
    flatten_nesting(root)
    root.tag = "div"
    root.attrib.clear()
    return root
