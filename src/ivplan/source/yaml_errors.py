"""YAML syntax errors in plain Dutch: the cause a person would recognise, at the place to fix it.

PyYAML says where its parser got stuck ("mapping values are not allowed here", "expected <block
end>"), which is often a line after the mistake, and it names no cause. `explain()` looks at the text
around that place for the mistakes people make (a quote inside quotes, a key indented too far, no
space after a colon, a hard space from Word, tabs, a Windows path between double quotes, ...) and
says that; a general hint per PyYAML message is the fallback. tests/data/yaml_fouten/ holds one file
per mistake with the message it must get.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ivplan.core.formatting import aantal


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    position: tuple[int, int] | None  # 1-based (line, column)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines() breaks there too


def split_lines(text: str) -> list[str]:
    """The lines as YAML counts them: CRLF, CR and LF only. (str.splitlines() also breaks at U+000B,
    U+0085, U+2028 and more, which would shift every later line under a diagnostic.)"""
    if not any(ch in text for ch in _OTHER_BREAKS):
        return text.splitlines()  # the same lines, several times as fast
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _spaces(n: int) -> str:
    return aantal(n, "spatie", "spaties")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
# `key: value` or `key:` (after any list dashes); group 4 is the value
_KEY_LINE = re.compile(rf"^( *)((?:- +)*)({_KEY}) *:(?: +(.*))?$")
# `key:value`: no space after the colon (not `http://`, not a Windows path)
_NO_SPACE = re.compile(rf"^( *)((?:- +)*)({_KEY}):([^\s/\\:].*)$")
# `-id: x`: a list item without the space after its dash (YAML reads a key '-id')
_DASH_NO_SPACE = re.compile(rf"^( *)-({_KEY} *:.*)$")
_BLOCK_HEADER = re.compile(rf"^( *)(?:- +)*({_KEY}) *: +[|>][-+0-9]*\s*(?:#.*)?$")


# --------------------------------------------------------------------------------------------------
# Characters that look like what YAML needs but are not: an invisible or hard space where YAML needs
# a space, a dash or bullet where it needs '-' (text pasted from Word, a web page or a PDF)

INVISIBLE_CHARS = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200C))) + "\u202f\u205f\u2060\u3000\ufeff"
DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2022\u00b7\u2043\u25aa\u25cf"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
_LOOKALIKE = re.compile(f"[{INVISIBLE_CHARS}{DASH_CHARS}]")
_NAMES = {
    "\u00a0": "een harde spatie (U+00A0, no-break space)",
    "\u202f": "een smalle harde spatie (U+202F)",
    "\u200b": "een spatie zonder breedte (U+200B, zero width space)",
    "\u2060": "een onzichtbare woordverbinder (U+2060, word joiner)",
    "\ufeff": "een onzichtbaar BOM-teken (U+FEFF)",
    "\u2013": "een gedachtestreepje (U+2013, en dash)",
    "\u2014": "een lang gedachtestreepje (U+2014, em dash)",
    "\u2212": "een minteken (U+2212)",
    "\u2022": "een opsommingsteken (U+2022, bullet)",
}


def has_lookalike(text: str) -> bool:
    """Cheap first look for every file that loads: one `in` per character (a regex search is slower)."""
    return any(ch in text for ch in INVISIBLE_CHARS) or any(ch in text for ch in DASH_CHARS)


def _name(ch: str) -> str:
    if ch in _NAMES:
        return _NAMES[ch]
    kind = "een bijzondere spatie" if ch in INVISIBLE_CHARS else "een teken dat op '-' lijkt"
    return f"{kind} (U+{ord(ch):04X})"


# what follows a look-alike that makes it part of the structure: a key, or a list item
_STRUCTURE = re.compile(rf"(?:- |(?:- +)*{_KEY} *:)")


@dataclass(frozen=True)
class Lookalike:
    line: int
    column: int
    structure_start: int  # offset of the first character after indentation and list dashes
    message: str


def lookalike_characters(text: str) -> list[Lookalike]:
    """Look-alikes in the indentation, right after a list dash, right after a key's colon, or as a
    list's dash: there YAML reads the line as text instead (the error comes later, on another line,
    or not at all)."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    lines = {bisect_right(starts, m.start()) for m in _LOOKALIKE.finditer(text)}
    out = []
    for no in sorted(lines):
        start = starts[no - 1]
        end = starts[no] if no < len(starts) else len(text)
        line = _LINE_BREAK.sub("", text[start:end])
        indent = re.match(r"^ *(?:- +)*", line)  # matches every line, if only with ""
        prefix = indent.end() if indent else 0
        first = line[prefix : prefix + 1]
        dashed = "-" in line[:prefix]
        if first and first in INVISIBLE_CHARS and _STRUCTURE.match(line[prefix:].lstrip(INVISIBLE_CHARS + " ")):
            col, where = prefix, "na het streepje ('-')" if dashed else "in de inspringing"
        elif first and first in DASH_CHARS and not dashed and line[prefix + 1 : prefix + 2] in (" ", "\u00a0"):
            out.append(
                Lookalike(
                    no,
                    prefix + 1,
                    start + prefix,
                    f"lijstteken: {_name(first)} waar YAML een gewoon streepje nodig heeft; een lijstitem "
                    "begint met '- ' (streepje en spatie)",
                )
            )
            continue
        elif (m := re.match(r"-(.)", line[prefix:])) and m.group(1) in INVISIBLE_CHARS:
            col, where = prefix + 1, "na het streepje ('-')"
        elif (m := re.match(rf"({_KEY}):(.)", line[prefix:])) and m.group(2) in INVISIBLE_CHARS:
            col, where = prefix + m.end() - 1, f"na de dubbele punt van '{m.group(1)}'"
        else:
            continue
        out.append(
            Lookalike(
                no,
                col + 1,
                start + prefix,
                f"onzichtbaar teken {where}: {_name(line[col])} waar YAML een gewone spatie nodig heeft; "
                "vervang het door een gewone spatie",
            )
        )
    return out


# --------------------------------------------------------------------------------------------------
# Tabs


TAB_MESSAGE = "tab gebruikt om in te springen; gebruik spaties (YAML staat geen tabs toe)"


def tab_lines(text: str) -> list[tuple[int, int]]:
    """(line, column of the first tab) of every line whose indentation holds a tab."""
    out = []
    for no, line in enumerate(split_lines(text), 1):
        rest = line.lstrip(" \t")
        indent = line[: len(line) - len(rest)]
        if "\t" in indent and rest and not rest.startswith("#"):
            out.append((no, indent.index("\t") + 1))
    return out


def _tab_where_the_parser_stopped(e: _Err) -> tuple[int, int] | None:
    """A tab in the indentation of the line the parser stopped at that tab_lines() leaves out: in front
    of a comment, on an otherwise blank line, or right after a list's '-'. (line, column) of the tab."""
    if not e.pos:
        return None
    line = e.line(e.pos[0])
    prefix = re.match(r"[ \t-]*", line)
    if prefix is None or "\t" not in prefix.group():
        return None
    return e.pos[0], prefix.group().index("\t") + 1


# --------------------------------------------------------------------------------------------------
# The explanation


@dataclass
class _Err:
    lines: list[str]
    problem: str
    context: str
    pos: tuple[int, int] | None  # where the parser got stuck
    cpos: tuple[int, int] | None  # where what it was reading began

    def line(self, no: int | None) -> str:
        return self.lines[no - 1] if no is not None and 1 <= no <= len(self.lines) else ""

    def previous(self, no: int) -> int | None:
        """The nearest line before `no` with content (not blank, not only a comment)."""
        for i in range(no - 1, 0, -1):
            stripped = self.line(i).strip()
            if stripped and not stripped.startswith("#"):
                return i
        return None


def _err(message: str, pos: tuple[int, int] | None) -> Problem:
    return Problem("IVP900", message, pos)


def _quoted(text: str) -> str:
    """`text` as a YAML string a person can copy: between single quotes, or double ones when it holds
    a single quote."""
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def explain(
    text: str, problem: str, context: str, pos: tuple[int, int] | None, cpos: tuple[int, int] | None
) -> list[Problem]:
    """The problems to report for a YAML syntax error (PyYAML's problem and context texts, and their
    1-based positions), most likely cause first. Tabs give one problem per line indented with one."""
    e = _Err(split_lines(text), problem, context, pos, cpos)
    err_line = pos[0] if pos else len(e.lines)

    tabs = tab_lines(text)
    if tabs and tabs[0][0] <= err_line and any(w in problem for w in ("\\t", "tab", "token", "indent", "expected")):
        return [Problem("IVP902", TAB_MESSAGE, t) for t in tabs]
    tab = _tab_where_the_parser_stopped(e)
    if tab and any(w in problem for w in ("\\t", "tab", "token", "indent")):
        return [Problem("IVP902", TAB_MESSAGE, tab)]
    if "found another document" in problem:
        return [
            Problem(
                "IVP909",
                "het bestand bevat meer dan één YAML-document ('---'); zet elk plan in een eigen bestand",
                pos,
            )
        ]
    near = {err_line, err_line - 1, err_line - 2} | ({cpos[0]} if cpos else set())
    for inv in reversed(lookalike_characters(text)):
        if inv.line in near:
            return [_err(inv.message, (inv.line, inv.column))]
    for cause in _CAUSES:
        found = cause(e)
        if found is not None:
            return [found]
    return [_err(_fallback(e), e.cpos if _points_at_start(e) else e.pos)]


def _unclosed_quote(e: _Err) -> Problem | None:
    if "quoted scalar" not in e.context or "end of stream" not in e.problem or not e.cpos:
        return None
    line, col = e.cpos
    rest = e.line(line)[col - 1 :]
    quote = rest[:1]
    if quote == "'" and re.match(r"'[a-zA-Z]{1,2}[ -]", rest):
        return _err(
            f"de waarde begint met een apostrof ({rest.split()[0]}), die YAML leest als een aanhalingsteken "
            f'dat nergens wordt gesloten; zet de hele tekst tussen dubbele aanhalingstekens: "{rest.rstrip()}"',
            e.cpos,
        )
    return _err(
        f"het aanhalingsteken ({quote}) hier wordt niet gesloten; zet aan het eind van de tekst ook een {quote}",
        e.cpos,
    )


def _closing_quote(line: str, start: int) -> int | None:
    """Index of the quote that closes the quoted scalar opening at `start`, on the same line."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        ch = line[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


_QUOTED_VALUE = re.compile(rf"^( *(?:- +)*(?:{_KEY} *: +)?)([\"'])")


def _quote_closed_early(e: _Err) -> Problem | None:
    """`titel: "Veilig in "Maasdal" samen"`: the text stops at the second quote; or text after it."""
    if not e.pos:
        return None
    no, col = e.pos
    line = e.line(no)
    m = _QUOTED_VALUE.match(line)
    if not m:
        return None
    start = m.start(2)
    close = _closing_quote(line, start)
    if close is None or close >= col - 1:
        return None
    rest = line[close + 1 :].strip()
    if not rest or rest.startswith("#"):
        return None
    quote = line[start]
    value = line[start:].rstrip()
    inner = value[1:-1] if value.endswith(quote) else value[1:]
    word = rest.split(quote)[0].strip() or rest
    if quote in rest and quote == '"':
        better = _quoted(inner)
        return _err(
            f'aanhalingstekens binnen aanhalingstekens: de tekst stopt al bij dit " (voor {word}); '
            f'zet de hele tekst tussen enkele aanhalingstekens ({better}) of schrijf \\" voor elk '
            "aanhalingsteken in de tekst",
            (no, close + 1),
        )
    if quote in rest:
        return _err(
            f"een apostrof binnen enkele aanhalingstekens: de tekst stopt al bij deze ' (voor {word}); "
            f"schrijf de apostrof dubbel ('{inner.replace(chr(39), chr(39) * 2)}') of zet de hele tekst "
            f'tussen dubbele aanhalingstekens ("{inner}")',
            (no, close + 1),
        )
    rest_col = close + 1 + (len(line[close + 1 :]) - len(line[close + 1 :].lstrip())) + 1
    return _err(
        f"na het sluitende aanhalingsteken staat nog tekst ({rest}); zet de hele waarde tussen "
        f"aanhalingstekens, bijvoorbeeld {_quoted(value)}",
        (no, rest_col),
    )


def _windows_path(e: _Err) -> Problem | None:
    if "double-quoted" not in e.context or "escape" not in e.problem or not e.cpos:
        return None
    line, col = e.cpos
    value = e.line(line)[col - 1 :].rstrip()
    inner = value[1:-1] if value.endswith('"') and len(value) > 1 else value[1:]
    if not re.match(r"^(?:[A-Za-z]:\\|\\\\)", inner):
        return None
    return _err(
        "een Windows-pad met backslashes tussen dubbele aanhalingstekens, waar '\\' een escape begint; "
        f"zet het pad tussen enkele aanhalingstekens ('{inner}') of gebruik schuine strepen "
        f"({inner.replace(chr(92), '/')})",
        e.cpos,
    )


def _value_starts_with_bracket(e: _Err) -> Problem | None:
    """`titel: [Concept] Veilig`: YAML reads a list (or, with `{`, a mapping) and then more text."""
    if not e.pos or not ("expected <block end>" in e.problem or "expected key" in e.problem):
        return None
    no, col = e.pos
    m = _KEY_LINE.match(e.line(no))
    if not m or not m.group(4) or m.group(4)[0] not in "[{" or m.start(4) >= col - 1:
        return None
    bracket = m.group(4)[0]
    what = "een lijst" if bracket == "[" else "een sectie"
    return _err(
        f"een waarde die met '{bracket}' begint leest YAML als {what}; zet tekst die met '{bracket}' begint "
        f'tussen aanhalingstekens ({m.group(3)}: "{m.group(4).rstrip()}")',
        (no, m.start(4) + 1),
    )


def _block_indicator_with_text(e: _Err) -> Problem | None:
    if "block scalar" not in e.context or "line break" not in e.problem or not e.cpos:
        return None
    no, col = e.cpos
    line = e.line(no)
    indicator, rest = line[col - 1], line[col:].strip()
    m = _KEY_LINE.match(line)
    key = m.group(3) if m else "veld"
    return _err(
        f"na '{indicator}' begint een tekst over meerdere regels op de volgende regel, ingesprongen; tekst op "
        f'dezelfde regel zet u tussen aanhalingstekens ({key}: "{indicator} {rest}")',
        e.cpos,
    )


def _no_space_after_colon(e: _Err, no: int | None) -> Problem | None:
    m = _NO_SPACE.match(e.line(no))
    if not m or no is None:
        return None
    key, value = m.group(3), m.group(4)
    return _err(
        f"na de dubbele punt van '{key}' ontbreekt een spatie; schrijf '{key}: {value.rstrip()}'",
        (no, m.end(3) + 2),
    )


def _dash_without_space(e: _Err, no: int | None) -> Problem | None:
    m = _DASH_NO_SPACE.match(e.line(no))
    if not m or no is None:
        return None
    return _err(
        f"een lijstitem begint met een streepje en een spatie; schrijf '- {m.group(2).rstrip()}'",
        (no, len(m.group(1)) + 1),
    )


def _mapping_values(e: _Err) -> Problem | None:
    """A colon YAML did not expect: in a value, on a continuation line, or after a key without space."""
    if "mapping values are not allowed" not in e.problem or not e.pos:
        return None
    no, col = e.pos
    line = e.line(no)
    m = _KEY_LINE.match(line)
    if m and m.group(4) and m.start(4) < col - 1:  # `titel: Doel: minder`
        return _colon_in_value(m.group(3), m.group(4), e.pos)
    prev = e.previous(no)
    if prev is None:
        return None
    no_space = _no_space_after_colon(e, prev) or _dash_without_space(e, prev)
    if no_space:
        return no_space
    before = line[: col - 1].strip()
    key = re.sub(r"^(?:- +)*", "", before)
    if re.fullmatch(_KEY, key):
        above = _KEY_LINE.match(e.line(prev))
        if _indent(line) > _indent(e.line(prev)) and above and above.group(4):
            return _err(
                f"de inspringing klopt niet: '{key}' springt verder in ({_spaces(_indent(line))}) dan "
                f"'{above.group(3)}' op de regel erboven ({_spaces(_indent(e.line(prev)))}); de sleutels van "
                "één sectie staan recht onder elkaar",
                (no, _indent(line) + 1),
            )
        if _indent(line) == _indent(e.line(prev)) and ":" not in e.line(prev):
            return _missing_colon(e, prev)
    if _indent(line) > _indent(e.line(prev)):
        return _err(
            "een dubbele punt in een tekst over meerdere regels; zet de hele tekst tussen aanhalingstekens, "
            "of begin hem met '|' achter de sleutel en zet de tekst ingesprongen op de regels eronder",
            e.pos,
        )
    return None


def _colon_in_value(key: str, value: str, pos: tuple[int, int] | None) -> Problem:
    return _err(
        f'een dubbele punt midden in een waarde; zet de tekst tussen aanhalingstekens ({key}: "{value.rstrip()}")',
        pos,
    )


def _missing_colon(e: _Err, no: int) -> Problem:
    """A line in the place of a key, without a colon: a key without its colon, or text that belongs to
    the key above and is not indented under it."""
    line = e.line(no)
    prev = e.previous(no)
    above = _KEY_LINE.match(e.line(prev)) if prev else None
    if (
        above
        and _indent(e.line(prev)) >= _indent(line)
        and (not above.group(4) or _indent(e.line(prev)) > _indent(line))
    ):
        key = above.group(3)
        return _err(
            f"deze regel springt niet verder in dan '{key}' op de regel erboven; hoort hij bij de tekst van "
            f"'{key}', spring hem dan verder in dan '{key}'; is het een sleutel, dan ontbreekt de dubbele punt",
            (no, _indent(line) + 1),
        )
    words = line.strip().split(None, 1)
    example = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{words[0]}: …"
    return _err(
        f"de dubbele punt ontbreekt na de sleutel (schrijf '{example}'); of, als deze regel bij de tekst "
        "erboven hoort: spring hem verder in dan de sleutel van die tekst",
        (no, _indent(line) + 1),
    )


def _simple_key(e: _Err) -> Problem | None:
    """A line that YAML takes for a key, but that has no colon."""
    if "simple key" not in e.context or "expected ':'" not in e.problem or not e.cpos:
        return None
    no = e.cpos[0]
    no_space = _no_space_after_colon(e, no) or _dash_without_space(e, no)
    if no_space:
        return no_space
    line = e.line(no)
    for above in range(no - 1, 0, -1):  # a block of text (`key: |`) that this line should be part of
        text = e.line(above)
        if not text.strip():
            continue
        if _indent(text) <= _indent(line):
            header = _BLOCK_HEADER.match(text)
            if header and above < no - 1:
                return _err(
                    f"deze regel hoort bij de tekst van '{header.group(2)}' (regel {above}), maar springt minder "
                    "in dan die tekst; zet hem even ver in als de regels erboven",
                    (no, _indent(line) + 1),
                )
            break
    return _missing_colon(e, no)


def _colon_without_key(e: _Err) -> Problem | None:
    if not e.pos or not e.line(e.pos[0]).strip().startswith(":"):
        return None
    no = e.pos[0]
    return _err("de sleutel voor de dubbele punt ontbreekt", (no, _indent(e.line(no)) + 1))


def _list_item_indent(e: _Err) -> Problem | None:
    if not e.pos or "<block sequence start>" not in e.problem:
        return None
    no = e.pos[0]
    here = _indent(e.line(no))
    for above in range(no - 1, 0, -1):
        text = e.line(above)
        if re.match(r"^ *- ", text) or text.strip() == "-":
            other = _indent(text)
            if other != here:
                return _err(
                    f"de inspringing klopt niet: dit lijstitem springt {_spaces(here)} in en het item op regel "
                    f"{above} {_spaces(other)}; zet de '- ' van één lijst recht onder elkaar",
                    e.pos,
                )
            break
    return None


def _key_in_list(e: _Err) -> Problem | None:
    """A key at the indentation of the list's dashes, after an item: part of the item, or a new item?"""
    if not e.pos or "block collection" not in e.context or "'?'" not in e.problem or not e.cpos:
        return None
    no = e.pos[0]
    m = _KEY_LINE.match(e.line(no))
    item = re.match(rf"^ *- +({_KEY}) *:", e.line(e.cpos[0]))
    if not m:
        return None
    under = f" tot onder '{item.group(1)}'" if item else ""
    return _err(
        f"'{m.group(3)}' staat even ver ingesprongen als de '- ' van de lijst (regel {e.cpos[0]}); hoort het bij "
        f"dat item, spring het dan in{under}; is het een nieuw item, begin de regel dan met '- '",
        e.pos,
    )


def _dash_among_keys(e: _Err) -> Problem | None:
    if not e.pos or "but found '-'" not in e.problem:
        return None
    return _err(
        "een lijstitem ('- ') waar een sleutel hoort: in een sectie staat elk veld als 'sleutel: waarde'; "
        "een lijst staat ingesprongen onder de sleutel die hem een naam geeft",
        e.pos,
    )


def _key_outdented(e: _Err) -> Problem | None:
    if not e.pos or "<block mapping start>" not in e.problem:
        return None
    no = e.pos[0]
    prev = e.previous(no)
    if prev is None:
        return None
    here, above = _indent(e.line(no)), _indent(e.line(prev))
    return _err(
        f"de inspringing klopt niet: deze regel springt {_spaces(here)} in en de regel erboven "
        f"{_spaces(above)}; de sleutels van één "
        "sectie staan recht onder elkaar",
        e.pos,
    )


def _sequence_on_key_line(e: _Err) -> Problem | None:
    if "sequence entries are not allowed" not in e.problem or not e.pos:
        return None
    no, col = e.pos
    line = e.line(no)
    m = _KEY_LINE.match(line)
    key = m.group(3) if m else "de sleutel"
    item = line[col:].strip()
    return _err(
        f"een lijstitem ('- ') direct achter '{key}:' op dezelfde regel; zet elk item op een eigen regel, "
        f"ingesprongen onder '{key}:', of schrijf de lijst als [{item}]",
        e.pos,
    )


def _question_mark(e: _Err) -> Problem | None:
    if "mapping keys are not allowed" not in e.problem:
        return None
    return _err("een waarde die met '?' begint; zet de tekst tussen aanhalingstekens", e.pos)


def _cannot_start(e: _Err) -> Problem | None:
    if "cannot start any token" not in e.problem:
        return None
    ch = re.search(r"character '(.+?)'", e.problem)
    char = ch.group(1) if ch else "dit teken"
    return _err(f"een waarde mag niet beginnen met {char}; zet de tekst tussen aanhalingstekens", e.pos)


_CAUSES = [
    _unclosed_quote,
    _windows_path,
    _quote_closed_early,
    _value_starts_with_bracket,
    _block_indicator_with_text,
    _mapping_values,
    _simple_key,
    _colon_without_key,
    _list_item_indent,
    _key_in_list,
    _dash_among_keys,
    _key_outdented,
    _sequence_on_key_line,
    _question_mark,
    _cannot_start,
]


# PyYAML's message -> a general hint, when no cause above was found.
_HINTS = [
    (
        "mapping values are not allowed",
        "een dubbele punt midden in een waarde; zet de tekst tussen aanhalingstekens "
        '(bijvoorbeeld titel: "Doel: minder inbraken")',
    ),
    (
        "found undefined alias",
        "een waarde die met '*' begint; zet de tekst tussen aanhalingstekens (bijvoorbeeld \"*vet* woord\")",
    ),
    (
        "while scanning an alias",
        "een waarde die met '*' begint; zet de tekst tussen aanhalingstekens (bijvoorbeeld \"*vet* woord\")",
    ),
    ("while scanning an anchor", "een waarde die met '&' begint; zet de tekst tussen aanhalingstekens"),
    (
        "found unexpected end of stream",
        "een aanhalingsteken of haakje wordt niet gesloten; controleer de tekst tussen aanhalingstekens",
    ),
    (
        "invalid Unicode character escape",
        "een ongeldig tekennummer na \\u, \\U of \\x tussen dubbele aanhalingstekens (bijvoorbeeld een "
        "losse surrogaat als \\ud800); schrijf het teken zelf of verwijder de escape",
    ),
    (
        "decimal number",
        "een escape met \\x, \\u of \\U tussen dubbele aanhalingstekens zonder geldige hexadecimale cijfers; "
        "gebruik enkele aanhalingstekens of schrijf '\\\\'",
    ),
    (
        "hexadecimal numbers",
        "een escape met \\x, \\u of \\U tussen dubbele aanhalingstekens zonder geldige hexadecimale cijfers; "
        "gebruik enkele aanhalingstekens of schrijf '\\\\'",
    ),
    (
        "found unknown escape character",
        "een onbekende escape met '\\' tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens "
        "of schrijf '\\\\'",
    ),
    (
        "expected <block end>",
        "de inspringing klopt niet; controleer of deze regel even ver inspringt als "
        "de andere sleutels van dezelfde sectie",
    ),
    (
        "did not find expected key",
        "de inspringing klopt niet; controleer of deze regel even ver inspringt als "
        "de andere sleutels van dezelfde sectie",
    ),
    (
        "did not find expected '-' indicator",
        "de inspringing klopt niet: hier verwacht de lijst een nieuw item dat met '- ' begint",
    ),
    ("expected '-' indicator", "de inspringing klopt niet: hier verwacht de lijst een nieuw item dat met '- ' begint"),
    (
        "could not find expected ':'",
        "een sleutel zonder dubbele punt, of een tekst over meerdere regels die tussen aanhalingstekens moet",
    ),
    (
        "block sequence entries are not allowed",
        "een lijstitem ('- ') op een plek waar dat niet kan; zet het op een eigen regel en spring het in",
    ),
    ("expected ',' or ']'", "de [ hier wordt niet goed gesloten met ]; controleer de komma's en de ]"),
    ("expected ',' or '}'", "de { hier wordt niet goed gesloten met }; controleer de komma's en de }"),
    ("did not find expected ',' or ']'", "de [ hier wordt niet goed gesloten met ]; controleer de komma's en de ]"),
    ("did not find expected ',' or '}'", "de { hier wordt niet goed gesloten met }; controleer de komma's en de }"),
]


def _points_at_start(e: _Err) -> bool:
    """Point where the '*word', the quote or the bracket began, not where the parser gave up."""
    return e.cpos is not None and any(
        w in e.context for w in ("alias", "anchor", "quoted scalar", "flow sequence", "flow mapping")
    )


def _fallback(e: _Err) -> str:
    combined = f"{e.context} {e.problem}"
    for needle, hint in _HINTS:
        if needle in combined:
            return f"YAML-fout: {hint}"
    return "YAML-fout: het bestand is hier niet te lezen; controleer inspringing, dubbele punten en aanhalingstekens"
