"""Markdown (as the templates render it) -> an element tree that the docx writer walks.

The reader does one job: turn text into structure. It uses python-markdown with pipe tables and three
safety rules of the project:

- raw HTML and character entities in the text are shown as text, never interpreted;
- nested list items indented by two spaces nest just like those indented by four, and a list may start on
  the line right after a paragraph (CommonMark does both; python-markdown alone does neither);
- a line that consists of exactly a directive (``[[naam]]`` or ``[[naam: argument]]``, see
  ``plan_templates/README.md``) becomes an ``<ivp-directive>`` element; ``[[regels]]`` ... ``[[/regels]]``
  becomes an ``<ivp-regels>`` element holding one ``<p>`` per non-empty line. An escaped ``\\[[`` is text;
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

from ivplan.core.xmltext import remove_invalid_xml_chars

DIRECTIVE_TAG = "ivp-directive"
REGELS_TAG = "ivp-regels"

# A directive line: [[naam]] or [[naam: argument]], nothing else on the line (up to 3 spaces indent,
# like any Markdown block).
DIRECTIVE_LINE = re.compile(r"^ {0,3}\[\[(/?[a-z][a-z0-9-]*)(?::[ \t]*(.*?))?\]\][ \t]*$")

_BULLET = re.compile(r"^( *)([-*+])([ \t]+)(\S.*)$")
_ORDERED = re.compile(r"^( *)(\d{1,9})\.([ \t]+)(\S.*)$")
_HR = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")

# Internal directive the preprocessor puts between two adjacent lists of different kinds.
LIST_END = "/lijst"
LIST_END_LINE = "[[/lijst]]"

# Blocks inside a table cell (a pipe-table cell is one line): `[[alinea]]` starts a new paragraph,
# `[[punt]]` / `[[nummer]]` a new bullet / numbered list item, `[[punt: 2]]` one nested a level deeper
# (plan_templates/README.md). An escaped `\[[` is text. While python-markdown parses, each marker is a
# private-use character (U+E100 alinea, U+E110+n punt and U+E120+n nummer at level n+1), so no inline
# pattern (links, references, escapes) can touch it; the same characters in the input are dropped.
CELL_MARKER = re.compile(r"(?<!\\)\[\[(alinea|punt|nummer)(?::[ \t]*([1-9]))?\]\]")
_MARK_ALINEA = 0xE100
_MARK_LIST = {"punt": 0xE110, "nummer": 0xE120}
_MARK_CHARS = re.compile("([\ue100\ue110-\ue118\ue120-\ue128])")
_CODE_SPAN = re.compile(r"(`+[^`]*?`+)")


# The page fields of the footer directive (`[[voettekst: ... pagina {PAGE} van {NUMPAGES}]]`): while the
# directive's argument is parsed, the template's own {PAGE} and {NUMPAGES} become these private-use
# characters, which the writer turns into Word fields. An escaped `\{PAGE\}` (user text through the
# `tekst` filter, such as a gemeente named "{PAGE}") stays text; the characters in the input are dropped.
FIELD_PAGE = "\ue130"
FIELD_NUMPAGES = "\ue131"
_FIELD_CHARS = re.compile("[\ue130\ue131]")
_FIELD_IN_ARG = re.compile(r"(?<!\\)\{(PAGE|NUMPAGES)\}")


def _encode_fields(arg: str) -> str:
    return _FIELD_IN_ARG.sub(lambda m: FIELD_PAGE if m.group(1) == "PAGE" else FIELD_NUMPAGES, arg)


# --------------------------------------------------------------------------------------------------
# Preprocessing on lines (before python-markdown sees the text)
# --------------------------------------------------------------------------------------------------


def _list_marker(line: str) -> re.Match[str] | None:
    if _HR.match(line):
        return None
    return _BULLET.match(line) or _ORDERED.match(line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_table_line(line: str) -> bool:
    return "|" in line


def normalize_lines(text: str) -> str:
    """Rewrite the Markdown so python-markdown reads it the way CommonMark users expect.

    - Directive lines get an empty line before and after; ``[[regels]]`` blocks are kept together.
    - List items are re-indented to four spaces per nesting level, whatever indent (two, three, four)
      the author used, and their continuation lines follow.
    - A list that starts right after a paragraph line gets the empty line python-markdown needs
      (not inside an indented code block or a table; an ordered list only when it starts at 1, as
      CommonMark rules, so "2027. Een jaar" stays a sentence).
    - A list marker right after an item's second paragraph, or one that goes back to an outer level
      after an empty line in the list, gets an empty line before it: python-markdown would otherwise
      read it as text of that paragraph or nest it in the item before (CommonMark: a new item).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    out: list[str] = []
    levels: list[int] = []  # marker indents of the open list levels
    top_kind = ""  # marker kind of the outer list: "-", "*", "+" or "."
    prev_blank = True
    in_code = False
    in_regels = False
    prev_line = ""
    # the previous line continues an item's second (or later) paragraph: python-markdown would read a
    # list marker right after it as text of that paragraph
    in_item_paragraph = False
    # an empty line inside the open list: python-markdown then reads each following indented block as
    # content of the item before it, a less indented marker in that block included
    list_had_blank = False

    for line in text.split("\n"):
        stripped = line.strip()
        directive = DIRECTIVE_LINE.match(line)

        if in_regels:
            if directive and directive.group(1) == "/regels":
                out.append(stripped)
                out.append("")
                in_regels = False
                prev_blank = True
            elif stripped:
                out.append(stripped)
            continue

        if not stripped:
            out.append("")
            prev_blank = True
            list_had_blank = list_had_blank or bool(levels)
            continue

        if directive and not in_code:
            levels = []
            in_item_paragraph = False
            if out and out[-1] != "":
                out.append("")
            out.append(stripped)
            if directive.group(1) == "regels":
                in_regels = True
            else:
                out.append("")
            prev_blank = True
            prev_line = ""
            continue

        ind = _indent(line)
        if in_code and ind >= 4:
            out.append(line)
            prev_blank = False
            prev_line = line
            continue
        in_code = False
        if prev_blank and not levels and ind >= 4:
            in_code = True  # an indented code block
            out.append(line)
            prev_blank = False
            prev_line = line
            continue

        marker = _list_marker(line)
        if marker is not None and not (_is_table_line(line) and _is_table_line(prev_line) and not prev_blank):
            is_ordered = marker.re is _ORDERED
            kind = "." if is_ordered else marker.group(2)
            # CommonMark: this marker starts a new item (or a sublist), not text of the line before
            new_block = not prev_blank and (in_item_paragraph or (list_had_blank and bool(levels) and ind < levels[-1]))
            if levels and ind <= levels[0] and kind != top_kind:
                # CommonMark: another marker kind starts a new list; python-markdown would merge them.
                out.extend(["", LIST_END_LINE, ""])
                levels = []
                prev_blank = True
            if not levels:
                top_kind = kind
                list_had_blank = False
                if ind >= 4:
                    out.append(line)
                    prev_blank = False
                    prev_line = line
                    continue
                if not prev_blank:
                    if is_ordered and marker.group(2) != "1":
                        out.append(line)  # lazy paragraph continuation: "2027. ..." is no list
                        prev_blank = False
                        prev_line = line
                        continue
                    out.append("")
                levels = [ind]
            elif ind > levels[-1]:
                levels.append(ind)
            else:
                while len(levels) > 1 and ind < levels[-1]:
                    levels.pop()
                if ind < levels[-1]:
                    levels[-1] = ind
            depth = len(levels) - 1
            sep = "." if is_ordered else ""
            if new_block:
                out.append("")
            in_item_paragraph = False
            out.append(" " * (4 * depth) + marker.group(2) + sep + " " + marker.group(4))
            prev_blank = False
            prev_line = line
            continue

        if levels and ind == 0 and stripped.startswith("#"):
            levels = []  # a heading ends the list (python-markdown would put it inside the item)
            if not prev_blank:
                out.append("")
        if levels:
            if ind > 0:
                # continuation of the current item (paragraph, or a lazy line): indent to its content
                in_item_paragraph = in_item_paragraph or prev_blank
                out.append(" " * (4 * len(levels)) + stripped)
                prev_blank = False
                prev_line = line
                continue
            if prev_blank:
                levels = []  # an unindented line after an empty line ends the list
        in_item_paragraph = False
        out.append(line)
        prev_blank = False
        prev_line = line

    return "\n".join(out)


def encode_cell_markers(text: str) -> str:
    """Replace the block markers of table cells (outside code spans) by their private-use characters;
    drop those characters where the input already had them."""
    text = _FIELD_CHARS.sub("", _MARK_CHARS.sub("", text))
    if "[[" not in text:
        return text

    def encode(m: re.Match[str]) -> str:
        if m.group(1) == "alinea":
            return chr(_MARK_ALINEA)
        return chr(_MARK_LIST[m.group(1)] + int(m.group(2) or 1) - 1)

    parts = _CODE_SPAN.split(text)
    return "".join(part if i % 2 else CELL_MARKER.sub(encode, part) for i, part in enumerate(parts))


def _marker(ch: str) -> tuple[str, int]:
    """("p", 0), ("ul", level) or ("ol", level) for a marker character (level 0 = top)."""
    code = ord(ch)
    if code == _MARK_ALINEA:
        return "p", 0
    if code >= _MARK_LIST["nummer"]:
        return "ol", code - _MARK_LIST["nummer"]
    return "ul", code - _MARK_LIST["punt"]


def _unmark(node: ET.Element) -> None:
    """Markers where no cell can hold blocks (a paragraph, inside bold text) become a space."""
    for el in node.iter():
        if el.text and _MARK_CHARS.search(el.text):
            el.text = _MARK_CHARS.sub(" ", el.text)
        if el is not node and el.tail and _MARK_CHARS.search(el.tail):
            el.tail = _MARK_CHARS.sub(" ", el.tail)


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
        for i, piece in enumerate(_MARK_CHARS.split(text or "")):
            if i % 2:
                segments.append((_marker(piece), []))
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
        if node.tag in ("td", "th") and any(_MARK_CHARS.search(t) for t in node.itertext()):
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


def _make_markdown():
    import markdown
    from markdown.blockprocessors import BlockProcessor
    from markdown.extensions import Extension
    from markdown.extensions.tables import TableExtension

    class DirectiveProcessor(BlockProcessor):
        """A block that is exactly one directive line, or a [[regels]] ... [[/regels]] block."""

        def test(self, parent, block):
            first = block.split("\n", 1)[0]
            return DIRECTIVE_LINE.match(first) is not None and ("\n" not in block or first.strip() == "[[regels]]")

        def run(self, parent, blocks):
            block = blocks.pop(0)
            lines = block.split("\n")
            match = DIRECTIVE_LINE.match(lines[0])
            name, arg = match.group(1), match.group(2)
            if name == "regels":
                el = ET.SubElement(parent, REGELS_TAG)
                for line in lines[1:]:
                    if DIRECTIVE_LINE.match(line) and line.strip() == "[[/regels]]":
                        break
                    if line.strip():
                        ET.SubElement(el, "p").text = line.strip()
                return
            el = ET.SubElement(parent, DIRECTIVE_TAG)
            el.set("name", name)
            if arg is not None:
                if name == "voettekst":
                    arg = _encode_fields(arg)
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

    # The escape extension must come after "tables" (notes section 6: order matters).
    # An extension object, not the name "tables": a name makes Markdown scan every installed package's
    # entry points (importlib.metadata), 25 ms per process.
    return markdown.Markdown(extensions=[TableExtension(), IvplanExtension()])


def _restore_text(root: ET.Element) -> None:
    """Undo python-markdown's escaping that its serializer would otherwise resolve: code text is
    HTML-escaped (``&amp;``), and automatic mail links are entity-encoded behind a placeholder."""
    from markdown.util import AMP_SUBSTITUTE

    def fix(value: str | None) -> str | None:
        if value and AMP_SUBSTITUTE in value:
            return html.unescape(value.replace(AMP_SUBSTITUTE, "&"))
        return value

    for node in root.iter():
        if node.tag == "code" and node.text:
            node.text = html.unescape(node.text)
        node.text = fix(node.text)
        node.tail = fix(node.tail)
        for key, value in node.attrib.items():
            if AMP_SUBSTITUTE in value:
                node.set(key, fix(value))


def parse_markdown(text: str) -> ET.Element:
    """Parse Markdown into a ``div`` element holding the blocks (see the module docstring).

    Runs python-markdown's preprocessors, block parser and tree processors (as ``Markdown.convert``
    does) and takes the element tree before serialization: no HTML string is made or parsed.
    """
    text, _ = remove_invalid_xml_chars(text)
    md = _make_markdown()
    text = encode_cell_markers(text)
    cells_with_blocks = _MARK_CHARS.search(text) is not None
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
