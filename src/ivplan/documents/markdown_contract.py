"""The Markdown contract: what the templates write (plan_templates/*.md.j2 through the filters of
documents/templating.py) and how the reader takes it (render/markdown_reader.py). One home for both
sides of every rule that must agree; plan_templates/README.md describes the contract for template
authors.

- Directives: a line that is exactly `[[naam]]` or `[[naam: argument]]` (DIRECTIVE_LINE). User text
  never makes one: the writing side escapes every `[[` as `\\[[`, which the reader takes as text.
- Page fields in the footer directive: `{PAGE}` and `{NUMPAGES}` as the template writes them (user text
  through `escape_inline` has `\\{` and never makes one), private-use characters while parsed.
- Blocks in a table cell: `[[alinea]]`, `[[punt]]`, `[[nummer]]` (`[[punt: 2]]` nested, up to level 9)
  inside a pipe-table row (CELL_MARKER). While python-markdown parses, each marker is a private-use
  character (U+E100 alinea, U+E110+n punt and U+E120+n nummer at level n+1), so no inline pattern can
  touch it.
- User text: `escape_inline` makes text literal (the filter `tekst`), `block_markdown` keeps the user's
  Markdown as a block below a heading of a given level (`md`), `cell_markdown` puts it on one line with
  the cell markers (`md_cel`); `unescape_inline` undoes the backslash escapes where the writer needs
  the plain text of a directive argument (an image name, its alt text).
- CommonMark on python-markdown: `normalize_lines` rewrites lists and directive lines so python-markdown
  reads them as CommonMark does (two-space nesting, a list right after a paragraph, "2027. Een jaar" as
  text).
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------------
# Syntax

# A directive line: [[naam]] or [[naam: argument]], nothing else on the line (up to 3 spaces indent,
# like any Markdown block).
DIRECTIVE_LINE = re.compile(r"^ {0,3}\[\[(/?[a-z][a-z0-9-]*)(?::[ \t]*(.*?))?\]\][ \t]*$")

# Directives that hold the lines up to their closing directive: `[[regels]]` ... `[[/regels]]` (a line per
# paragraph) and `[[ondertekening]]` ... `[[/ondertekening]]` (the aanhef, then `function | name` lines).
LINE_BLOCKS = ("regels", "ondertekening")

# Internal directive the reader puts between two adjacent lists of different kinds.
LIST_END = "/lijst"
LIST_END_LINE = f"[[{LIST_END}]]"

# Blocks inside a table cell (a pipe-table cell is one line): `[[alinea]]` starts a new paragraph,
# `[[punt]]` / `[[nummer]]` a new bullet / numbered list item, `[[punt: 2]]` one nested a level deeper.
# An escaped `\[[` is text.
MAX_CELL_LEVEL = 9
CELL_MARKER = re.compile(r"(?<!\\)\[\[(alinea|punt|nummer)(?::[ \t]*([1-9]))?\]\]")
_MARK_ALINEA = 0xE100
_MARK_LIST = {"punt": 0xE110, "nummer": 0xE120}
MARK_CHARS = re.compile(
    "(["
    + chr(_MARK_ALINEA)
    + "".join(f"{chr(first)}-{chr(first + MAX_CELL_LEVEL - 1)}" for first in _MARK_LIST.values())
    + "])"
)
# A `[[` that is not escaped: the writing side escapes it in user text (`\\[[`), so that it is never read
# as a directive or a cell marker.
_UNESCAPED_BRACKETS = re.compile(r"(?<!\\)\[\[")
# The page fields of the footer directive (`[[voettekst: ... pagina {PAGE} van {NUMPAGES}]]`): while the
# directive's argument is parsed, the template's own {PAGE} and {NUMPAGES} become these private-use
# characters, which the writer turns into Word fields. An escaped `\{PAGE\}` (user text through
# `escape_inline`, such as a gemeente named "{PAGE}") stays text; the characters in the input are dropped.
FIELD_PAGE = "\ue130"
FIELD_NUMPAGES = "\ue131"
FIELD_CHARS = re.compile(f"[{FIELD_PAGE}{FIELD_NUMPAGES}]")
_FIELD_IN_ARG = re.compile(r"(?<!\\)\{(PAGE|NUMPAGES)\}")
# An inline code span: what it holds is literal, also a `[[`.
CODE_SPAN = re.compile(r"(`+[^`]*?`+)")

# Markdown headings: ATX (`## Kop`) and setext (a line of `=` or `-` under a paragraph).
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def encode_fields(arg: str) -> str:
    """The footer directive's argument with its page fields as their private-use characters."""
    return _FIELD_IN_ARG.sub(lambda m: FIELD_PAGE if m.group(1) == "PAGE" else FIELD_NUMPAGES, arg)


def cell_marker(kind: str, level: int = 1) -> str:
    """The marker of a block in a table cell: cell_marker("punt") -> "[[punt]]", level 2 -> "[[punt: 2]]"."""
    return f"[[{kind}]]" if level <= 1 else f"[[{kind}: {min(level, MAX_CELL_LEVEL)}]]"


# --------------------------------------------------------------------------------------------------
# Writing: user text into the Markdown of a template

MAX_KOPNIVEAU = 4  # a heading in user Markdown deeper than this becomes a bold paragraph
_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]{}#|>])")


def escape_inline(text: str) -> str:
    """A literal inline value (a title, a name, a table cell) made safe for Markdown.

    The Markdown punctuation \\ ` * _ [ ] { } # | > is backslash-escaped, newlines and runs of
    whitespace become one space, and a start that would read as a list item ("1.", "-", "+") is
    escaped. `<` and `&` need nothing: the reader shows raw HTML and entities as text. Meant for inline
    positions: after a label, in a heading, a table cell, a list item or a directive argument.
    """
    s = " ".join(text.split())
    s = _INLINE_ESCAPE.sub(r"\\\1", s)
    s = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", s)
    s = re.sub(r"^([-+])(?=\s|$|[-+])", r"\\\1", s)
    return s


_HASH_NO_SPACE = re.compile(r"^( {0,3})(#+)(?=[^#\s])")
_BLOCK_START = re.compile(r"^ {0,3}(?:[-+*][ \t]|\d+[.)](?:[ \t]|$)|>|\||#|\\?\[\[)")


def _escape_double_brackets(line: str) -> str:
    """Escape every `[[` outside inline code spans, so no line of user text reads as a directive."""
    parts = CODE_SPAN.split(line)
    out = []
    for part in parts:
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            out.append(part)
        else:
            out.append(_UNESCAPED_BRACKETS.sub(r"\\[[", part))
    line = "".join(out)
    stripped = line.lstrip()
    if stripped.startswith("[["):  # a code span at the start of a line is no protection
        line = line[: len(line) - len(stripped)] + "\\" + stripped
    return line


class _Outline:
    """The levels the headings of one Markdown field get below a section of level `niveau`: the first
    heading gets niveau+1; a deeper one gets one level more than the heading it follows (never a
    skipped level, whatever the number of `#`); a heading as shallow as an earlier one gets that one's
    level. So `### Diep` under a level-1 section is level 2, and `# A` / `### B` / `## C` are 2, 3, 3."""

    def __init__(self, niveau: int):
        self.niveau = niveau
        self.stack: list[tuple[int, int]] = []  # (level as written, level in the document)

    def heading(self, level: int, text: str) -> list[str]:
        text = text.strip()
        if not text:
            return []
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        target = self.stack[-1][1] + 1 if self.stack else self.niveau + 1
        self.stack.append((level, target))
        if target <= MAX_KOPNIVEAU:
            return ["", "#" * target + " " + text, ""]
        return ["", "**" + text + "**", ""]


def block_markdown(text: str, niveau: int = 1) -> str:
    """User Markdown placed in a section whose heading has level `niveau`.

    The shallowest heading in the text becomes level niveau+1, deeper ones keep their depth below it
    but never skip a level (`#` / `###` become niveau+1 / niveau+2; setext headings, text underlined
    with === or ---, count as `#` and `##`); a heading that would get a level above 4 becomes a bold
    paragraph. Every `[[` is escaped (`\\[[`), so no line of user text reads as a directive; a `#` at
    the start of a line without a space after it is text, not a heading, and is escaped; empty headings
    are dropped. Everything else stays the user's Markdown (raw HTML is shown as text by the reader).
    """
    niveau = int(niveau)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    paragraph: list[int] = []  # indices in `out` of the current plain paragraph's lines
    outline = _Outline(niveau)

    for line in lines:
        if not line.strip():
            paragraph = []
            out.append("")
            continue
        m = _ATX.match(line)
        if m:
            paragraph = []
            out.extend(outline.heading(len(m.group(1)), _escape_double_brackets(m.group(2) or "")))
            continue
        m = _SETEXT.match(line)
        if m and paragraph:
            text = " ".join(out[i].strip() for i in paragraph)
            del out[paragraph[0] :]
            out.extend(outline.heading(1 if m.group(1)[0] == "=" else 2, text))
            paragraph = []
            continue
        if m and out and out[-1].strip():
            # an underline after a list item or a quote: python-markdown would make that a heading too
            out.append("")
            out.append(line)
            continue
        line = _HASH_NO_SPACE.sub(lambda mm: mm.group(1) + "\\" + mm.group(2), line)
        line = _escape_double_brackets(line)
        if _BLOCK_START.match(line) or line.startswith(("    ", "\t")):
            paragraph = []
        else:
            paragraph.append(len(out))
        out.append(line)

    text = "\n".join(line.rstrip() if not line.endswith("  ") else line for line in out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


_CEL_ITEM = re.compile(r"^( *)(?:([-+*])|(\d{1,9})[.)])[ \t]+(\S.*)$")
_CEL_SKIP = re.compile(r"=+|-+|([-*_])( *\1){2,}")  # setext underlines and thematic breaks
_ALINEA = cell_marker("alinea")


def labelled_markdown(text: str, label: str, niveau: int = 1) -> str:
    """User Markdown after a bold label: "**Vorm:** Raadsinformatiebrief met ..." when the text starts
    with a plain paragraph; the label as a paragraph of its own above a text that starts with a list,
    a heading or a quote (a label on the same line would break that block)."""
    block = block_markdown(text, niveau)
    first = block.split("\n", 1)[0]
    if not first.strip() or _BLOCK_START.match(first) or first.startswith(("    ", "\t", "**")):
        return f"**{label}**\n\n{block}"
    return f"**{label}** {block}"


def _cel_piece(text: str) -> str:
    s = " ".join(text.split())
    s = re.sub(r"(?<!\\)\|", r"\\|", s)
    s = _UNESCAPED_BRACKETS.sub(r"\\[[", s)
    s = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", s)
    s = re.sub(r"^([-+])(?=\s|$)", r"\\\1", s)
    return s


def cell_markdown(text: str) -> str:
    """User Markdown in a table cell, on one line (a pipe-table cell cannot hold more).

    Paragraphs and list items stay blocks: `[[alinea]]` goes between paragraphs and `[[punt]]` or
    `[[nummer]]` before each list item (`[[punt: 2]]` one level deeper), which the reader turns into
    separate paragraphs and real list items inside the cell (plan_templates/README.md); a heading
    becomes a bold paragraph. The lines of one paragraph or item are joined with a space; `|` and `[[`
    in the text are escaped, so user text never makes a marker. Inline formatting stays. Outside a
    table cell the reader reads the markers as a space, so the result also fits on one line of text.
    """
    blocks: list[tuple[str, list[str]]] = []  # (marker, [text lines])
    levels: list[int] = []  # marker indents of the open list levels
    blank = True  # an empty line (or the start) before this line
    in_item = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n"):
        s = raw.strip()
        if not s:
            blank = True
            continue
        if _CEL_SKIP.fullmatch(s) or s.startswith(("```", "~~~")):
            blank = True  # an underline or a break ends the paragraph; a fence line is left out
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        m = _ATX.match(s)
        item = _CEL_ITEM.match(raw)
        if item and item.group(3) and not blank and not in_item and int(item.group(3)) != 1:
            item = None  # "2027. Een jaar" inside a paragraph is text (as in CommonMark)
        if m:
            levels, in_item = [], False
            if m.group(2) and m.group(2).strip():
                blocks.append((_ALINEA, ["**" + m.group(2).strip() + "**"]))
            blank = True
            continue
        if item:
            if not levels or indent > levels[-1]:
                levels.append(indent)
            else:
                while len(levels) > 1 and indent < levels[-1]:
                    levels.pop()
                levels[-1] = min(levels[-1], indent)
            blocks.append((cell_marker("nummer" if item.group(3) else "punt", len(levels)), [item.group(4)]))
            in_item, blank = True, False
            continue
        s = re.sub(r"^(>\s?)+", "", s)
        if blocks and not blank:
            blocks[-1][1].append(s)  # the next line of the same paragraph or item (also a lazy one)
        elif in_item and levels and indent > levels[0]:
            blocks[-1][1].append(s)  # a second paragraph of a list item: part of that item
        else:
            levels, in_item = [], False
            blocks.append((_ALINEA, [s]))
        blank = False
    pieces: list[str] = []
    for marker, lines in blocks:
        piece = _cel_piece(" ".join(lines))
        if not piece:
            continue
        pieces.append(piece if marker == _ALINEA and not pieces else f"{marker} {piece}")
    return " ".join(pieces)


def unescape_inline(text: str) -> str:
    """The plain text of inline Markdown that holds only backslash escapes (a directive argument
    written with `escape_inline`): every escaped punctuation character is itself again."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)


# --------------------------------------------------------------------------------------------------
# Reading: CommonMark's block rules on top of python-markdown, and the cell markers


_BULLET = re.compile(r"^( *)([-*+])([ \t]+)(\S.*)$")
_ORDERED = re.compile(r"^( *)(\d{1,9})[.)]([ \t]+)(\S.*)$")  # "1." and "1)", as CommonMark
_HR = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")


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
      CommonMark rules, so "2027. Een jaar" stays a sentence; in a list item's text too).
    - A list marker right after an item's second paragraph, or one that goes back to an outer level
      after an empty line in the list, gets an empty line before it: python-markdown would otherwise
      read it as text of that paragraph or nest it in the item before (CommonMark: a new item).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    out: list[str] = []
    levels: list[int] = []  # marker indents of the open list levels
    top_kind = ""  # marker kind of the outer list: "-", "*", "+", "." or ")"
    prev_blank = True
    in_code = False
    in_regels = ""  # the line block ([[regels]], [[ondertekening]]) being read
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
            if directive and directive.group(1) == "/" + in_regels:
                out.append(stripped)
                out.append("")
                in_regels = ""
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
            if directive.group(1) in LINE_BLOCKS:
                in_regels = directive.group(1)
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
        in_table = _is_table_line(line) and _is_table_line(prev_line) and not prev_blank
        if (
            marker is not None
            and levels
            and not prev_blank
            and not in_table
            and marker.re is _ORDERED
            and marker.group(2) != "1"
            and (ind >= levels[-1] + 2 or (ind <= levels[0] and line[marker.end(2)] != top_kind))
        ):
            # CommonMark: a numbered list that does not start at 1 cannot interrupt an item's text either:
            # "- zie het plan (vanaf\n2027) ..." is one item. The delimiter is escaped, so python-markdown
            # does not read "2027." as an item. (Deeper means at least two spaces: at the item's text.)
            line = line[: marker.end(2)] + "\\" + line[marker.end(2) :]
            stripped = line.strip()
            marker = None
        if marker is not None and not in_table:
            is_ordered = marker.re is _ORDERED
            # "1." and "1)" are two kinds (CommonMark: another delimiter starts a new list)
            kind = line[marker.end(2)] if is_ordered else marker.group(2)
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

        if not prev_blank and _is_table_line(prev_line) and _ATX.match(line):
            out.append("")  # a heading ends a table (python-markdown would read it as one more row)
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
    drop those characters, and those of the page fields, where the input already had them."""
    text = FIELD_CHARS.sub("", MARK_CHARS.sub("", text))
    if "[[" not in text:
        return text

    def encode(m: re.Match[str]) -> str:
        if m.group(1) == "alinea":
            return chr(_MARK_ALINEA)
        return chr(_MARK_LIST[m.group(1)] + int(m.group(2) or 1) - 1)

    parts = CODE_SPAN.split(text)
    return "".join(part if i % 2 else CELL_MARKER.sub(encode, part) for i, part in enumerate(parts))


def cell_marker_kind(ch: str) -> tuple[str, int]:
    """("p", 0), ("ul", level) or ("ol", level) for a marker character (level 0 = top)."""
    code = ord(ch)
    if code == _MARK_ALINEA:
        return "p", 0
    if code >= _MARK_LIST["nummer"]:
        return "ol", code - _MARK_LIST["nummer"]
    return "ul", code - _MARK_LIST["punt"]
