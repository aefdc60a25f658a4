"""Read a YAML file into plain data plus a position index, or into loading diagnostics (IVP900-IVP910).

The file is composed once into PyYAML's node graph (libyaml when available) with YAML 1.2 core-schema
scalars: `no`, `yes`, `12:30` and dates stay strings; `true`/`false`, integers and decimals are typed.
The data is then built from that graph by this module, not by PyYAML's constructors, so no YAML tag
can ever construct an object, duplicate keys are caught with both lines, and every node's position is
kept in a `Positions` index keyed by document path (`('meetbare_doelen', 2, 'bron')`).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import ERROR, WARNING, Diagnostic
from ivplan.core.errors import PlanFileError
from ivplan.core.xmltext import CONTROL_CHARS
from ivplan.source import yaml_errors

MAX_BYTES = 1024 * 1024
# Deeper nesting is refused before the node graph is composed: libyaml's composer recurses in C without
# a limit (tens of thousands of `[` crash the process) and the pure-Python one is slow to fail. A plan
# is at most six levels deep.
MAX_DEPTH = 64
# Integers with more digits are refused: Python will not convert them (int_max_str_digits), and no
# number in a plan is that long.
MAX_INT_DIGITS = 1000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_CORE_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ}

_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every character YAML does not allow in a file (its c-printable complement): the C0 controls above, the
# C1 controls except NEL, U+FFFE/U+FFFF and surrogates. Found up front so the message has a position
# (the YAML reader reports them without a line).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ANCHOR_HINT = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]")

DocPath = tuple[str | int, ...]  # a place in the document: ('meetbare_doelen', 2, 'bron')
Position = tuple[int, int]  # 1-based (line, column)
_R = TypeVar("_R", bound=yaml.resolver.BaseResolver)


def _add_core_resolvers(cls: type[_R]) -> type[_R]:
    """YAML 1.2 core schema, as editors (yaml-language-server) read it."""
    cls.yaml_implicit_resolvers = {}
    cls.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    cls.add_implicit_resolver(_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
    cls.add_implicit_resolver(
        _FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), list("-+.0123456789")
    )
    cls.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    return cls


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@_add_core_resolvers
class _Resolver(yaml.resolver.BaseResolver):
    """What a plain scalar resolves to without a tag; a node whose tag differs carried an explicit tag."""


_RESOLVER = _Resolver()


# First characters with which a plain scalar can resolve to something other than text.
_NON_STR_FIRST = set("-+.0123456789tTfFnN~")


def _implicit_tag(node: ScalarNode) -> str:
    if node.style:  # quoted or block scalar: always text
        return _STR
    if node.tag == _STR and node.value[:1] not in _NON_STR_FIRST and node.value:
        return _STR  # most text: no resolver can match it, so no need to ask (one call per scalar)
    tag: str = _RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]  # PyYAML's stubs
    return tag


# _BaseLoader is chosen at run time (libyaml's loader when PyYAML has it), so mypy cannot see the class
# _BaseLoader is chosen at run time (libyaml's loader when PyYAML has it), so mypy cannot see the class
@_add_core_resolvers
class _FastLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


@_add_core_resolvers
class _PyLoader(yaml.SafeLoader):
    """Pure-Python parser: slower, but its error messages name the character that is wrong."""


_Row = tuple[DocPath, Position, Position | None, Position | None, bool]  # NodePos as a plain tuple


def _positions_from_tuples(rows: list[_Row]) -> Positions:
    return Positions({k: NodePos(value, key, dash, block) for k, value, key, dash, block in rows})


# --------------------------------------------------------------------------------------------------
# Position index


@dataclass(frozen=True)
class NodePos:
    value: Position  # 1-based start of the value node
    key: Position | None  # the key of a mapping entry
    dash: Position | None  # the '-' of a block sequence item
    block: bool  # the value is a block mapping or sequence


class Positions:
    """Document path -> source position, built once from the node graph."""

    def __init__(self, nodes: dict[DocPath, NodePos]) -> None:
        self._nodes = nodes

    def __reduce__(self) -> tuple[Callable[[list[_Row]], Positions], tuple[list[_Row]]]:
        # Sent from a worker process as plain tuples: unpickling ~800 NodePos instances one by one
        # costs more than checking the plan did.
        rows = [(k, v.value, v.key, v.dash, v.block) for k, v in self._nodes.items()]
        return (_positions_from_tuples, (rows,))

    def subset(self, paths: Iterable[Sequence[str | int]]) -> Positions:
        """Only these paths (and so a much smaller object to send between processes)."""
        return Positions({tuple(p): self._nodes[tuple(p)] for p in paths if tuple(p) in self._nodes})

    def value(self, path: Sequence[str | int]) -> Position | None:
        p = self._nodes.get(tuple(path))
        return p.value if p else None

    def key(self, path: Sequence[str | int]) -> Position | None:
        p = self._nodes.get(tuple(path))
        return (p.key or p.value) if p else None

    def anchor(self, path: Sequence[str | int]) -> Position:
        """Where an element 'is': its key, its list dash, or line 1 for the whole file."""
        here = tuple(path)
        if not here:
            return (1, 1)
        p = self._nodes.get(here)
        if p is None:
            return self.anchor(here[:-1])
        return p.key or p.dash or p.value

    def point(self, path: Sequence[str | int]) -> Position:
        """Where a value that is wrong is: the value itself, or its key for a block collection."""
        here = tuple(path)
        p = self._nodes.get(here)
        if p is None:
            return self.locate(here)[1]
        if p.block:
            return self.anchor(here)
        return p.value

    def deepest(self, path: Sequence[str | int]) -> DocPath:
        found = tuple(path)
        while found and found not in self._nodes:
            found = found[:-1]
        return found

    def locate(self, path: Sequence[str | int]) -> tuple[DocPath, Position]:
        """The deepest existing element on `path` and where to point for it."""
        found = self.deepest(path)
        if found == tuple(path):
            p = self._nodes.get(found)
            if p is not None and not p.block:
                return found, p.value
        return found, self.anchor(found)

    def missing(self, path: Sequence[str | int]) -> Position:
        """For a missing key: the key (or dash) of the mapping that should hold it."""
        return self.anchor(self.deepest(tuple(path)[:-1]))


# --------------------------------------------------------------------------------------------------
# Result types


@dataclass
class Source:
    path: str  # as the user named it, for messages
    lines: list[str] = field(default_factory=list)


@dataclass
class Loaded:
    source: Source
    data: Any = None
    positions: Positions | None = None
    numbers_as_written: dict[DocPath, str] = field(default_factory=dict)  # path -> source text of a number
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: bool = False  # IVP910: missing or unreadable file (exit 2)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(d.is_error for d in self.diagnostics)


class _LoadError(PlanFileError):
    """Why a file is no plan: the diagnostic `code` (IVP90x) with its message and position, and further
    problems of the same kind (every line indented with a tab)."""

    def __init__(
        self,
        code: str,
        message: str,
        position: Position | None = None,
        path: str = "",
        more: Iterable[yaml_errors.Problem] = (),
    ) -> None:
        super().__init__(message)
        self.code, self.position, self.path = code, position, path
        self.more = list(more)

    @classmethod
    def of(cls, problems: list[yaml_errors.Problem]) -> _LoadError:
        first = problems[0]
        return cls(first.code, first.message, first.position, more=problems[1:])


# --------------------------------------------------------------------------------------------------
# Reading


def shown_name(display: str) -> str:
    """A file's name as messages and the JSON `file` key show it: as the user gave it, normalised without
    resolving links (`plannen/x/../deel-a.yaml` is `plannen/deel-a.yaml`, `./ivp.yaml` is `ivp.yaml`)."""
    return os.path.normpath(display) if display else display


def read_source(path: Path, display: str) -> tuple[str | None, Loaded]:
    """The file's text, or a Loaded that carries the reason it has none; `display` is shown normalised."""
    display = shown_name(display)
    src = Source(display)
    res = Loaded(src)
    try:
        if path.is_dir():
            raise IsADirectoryError("is een map, geen bestand")
        if path.exists() and not path.is_file():
            return None, _unreadable(res, "is geen gewoon bestand (maar bijvoorbeeld een apparaat of pijp)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            res.diagnostics.append(
                dg.make(
                    "IVP905",
                    ERROR,
                    "",
                    f"het bestand is te groot ({size:,} bytes; maximaal 1 MiB)".replace(",", "."),
                    file=display,
                )
            )
            return None, res
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, _unreadable(res, "bestand niet gevonden")
    except IsADirectoryError:
        return None, _unreadable(res, "is een map, geen bestand")
    except PermissionError:
        return None, _unreadable(res, "geen leesrechten")
    except OSError as exc:
        return None, _unreadable(res, f"kan het bestand niet lezen ({exc.strerror or exc})")
    return decode(raw, res)


def _unreadable(res: Loaded, reason: str) -> Loaded:
    res.unreadable = True
    res.diagnostics.append(dg.make("IVP910", ERROR, "", reason, file=res.source.path))
    return res


def decode(raw: bytes, res: Loaded) -> tuple[str | None, Loaded]:
    display = res.source.path
    if len(raw) > MAX_BYTES:
        res.diagnostics.append(dg.make("IVP905", ERROR, "", "het bestand is te groot (maximaal 1 MiB)", file=display))
        return None, res
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        res.diagnostics.append(
            dg.make(
                "IVP906",
                ERROR,
                "",
                f"het bestand is geen UTF-8 (ongeldige byte op regel {line}); sla het op als UTF-8",
                file=display,
            )
        )
        return None, res
    return text, res


def load_file(path: Path | str, display: str | None = None) -> Loaded:
    path = Path(path)
    text, res = read_source(path, display if display is not None else str(path))
    if text is None:
        return res
    return load_text(text, res.source.path)


def load_text(text: str, display: str = "<tekst>") -> Loaded:
    res = Loaded(Source(display, yaml_errors.split_lines(text)))
    try:
        res.data, res.positions, res.numbers_as_written, warnings = _parse(text)
        res.diagnostics.extend(dg.make(c, WARNING, p, m, pos, display) for c, p, m, pos in warnings)
    except _LoadError as err:
        res.data = None
        res.diagnostics.append(dg.make(err.code, ERROR, err.path, err.message, err.position, display))
        res.diagnostics.extend(dg.make(p.code, ERROR, "", p.message, p.position, display) for p in err.more)
    except RecursionError:  # a last resort: _reject_deep_nesting refuses deep files before this
        res.data = None
        res.diagnostics.append(
            dg.make("IVP900", ERROR, "", "het bestand is te diep genest om te lezen", (1, 1), display)
        )
    return res


# (code, path, message, position) of a warning found while reading
_Warning = tuple[str, str, str, Position]


def _parse(text: str) -> tuple[Any, Positions, dict[DocPath, str], list[_Warning]]:
    if not text.strip() or _only_comments(text):
        raise _LoadError("IVP907", "het bestand is leeg")
    text = _mask_word_breaks(text)
    m = _NOT_PRINTABLE.search(text)
    if m:
        kind = "stuurteken" if _RAW_CONTROL.match(m.group()) or "\x80" <= m.group() <= "\x9f" else "teken"
        raise _LoadError(
            "IVP900", f"ongeldig {kind} U+{ord(m.group()):04X} in de tekst; verwijder het", _offset_pos(text, m.start())
        )
    _reject_deep_nesting(text)
    text = _mask_breaks(text)
    hints = [m.end() - 2 for m in _ANCHOR_HINT.finditer(text)]  # offsets of the '&' or '*'
    loader = _FastLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        if hints:
            _reject_anchors(text)  # an anchor before the syntax error is reported first
        raise _LoadError.of(_syntax_problems(text, exc)) from None
    finally:
        loader.dispose()
    if hints and not _all_inside_scalars(text, root, hints):
        _reject_anchors(text)
    if yaml_errors.has_lookalike(text):
        _reject_lookalike_structure(text, root)
    if root is None:
        raise _LoadError("IVP907", "het bestand is leeg")
    if not isinstance(root, MappingNode):
        raise _LoadError(
            "IVP908",
            "het bestand moet bestaan uit secties van de vorm 'sleutel: waarde' "
            "(bovenaan staat nu een lijst of losse tekst)",
            _mark(root.start_mark),
        )
    builder = _Builder(text)
    data = builder.build(root, ())
    return data, Positions(builder.nodes), builder.numbers, builder.warnings


# YAML 1.1 (PyYAML) treats NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks, YAML 1.2 and
# editors do not: text pasted from Word or PDF would shift every later line number. They are masked
# one-for-one with private-use characters while parsing (positions stay right) and given back as
# line breaks in the text values.
_BREAKS = {"\u0085": "\ue085", "\u2028": "\ue028", "\u2029": "\ue029"}
_UNMASK = {"\ue085": "\n", "\ue028": "\n", "\ue029": "\n\n"}
_BREAK_RE = re.compile("[\u0085\u2028\u2029]")
_MASKED_RE = re.compile("[\ue085\ue028\ue029]")


def _mask_breaks(text: str) -> str:
    if not _BREAK_RE.search(text) or _MASKED_RE.search(text):
        return text
    return _BREAK_RE.sub(lambda m: _BREAKS[m.group()], text)


def _unmask_breaks(value: str) -> str:
    if not _MASKED_RE.search(value):
        return value
    return _MASKED_RE.sub(lambda m: _UNMASK[m.group()], value)


# Word's manual line break (Shift+Enter) is U+000B, which YAML does not allow in a file; pasted into a
# text it is no reason to refuse the plan. It is masked one-for-one while parsing (positions stay
# right), then replaced by a space in the text value with an IVP080 warning at the character.
_WORD_BREAK, _WORD_BREAK_MASK = "\x0b", "\ue00b"
_WORD_BREAK_RUN = re.compile(" *\ue00b[\ue00b ]*")


def _mask_word_breaks(text: str) -> str:
    if _WORD_BREAK not in text or _WORD_BREAK_MASK in text:
        return text
    return text.replace(_WORD_BREAK, _WORD_BREAK_MASK)


def _reject_lookalike_structure(text: str, root: Node | None) -> None:
    """IVP900 for a hard space (or another invisible one) where YAML needs a space, or a dash or bullet
    where it needs '-', in a file that parsed: `wijkagenten:<nbsp>8` alone in its section is the text
    'wijkagenten: 8', `• id: x` a key '• id'. Only where such a line starts a plain scalar (a key or
    value the line begins with); inside a text it is just text."""
    found = yaml_errors.lookalike_characters(text)
    if not found:
        return
    starts = {node.start_mark.index for node in _scalar_nodes(root) if not node.style}
    for inv in found:
        if inv.structure_start in starts:
            raise _LoadError("IVP900", inv.message, (inv.line, inv.column))


def _only_comments(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _offset_pos(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, counting line breaks as YAML does (CRLF, CR, LF)."""
    line, line_start = 1, 0
    for m in _LINE_BREAK.finditer(text, 0, offset):
        line, line_start = line + 1, m.end()
    return line, offset - line_start + 1


class _Mark(Protocol):
    """A place in the text as PyYAML marks it (its Python and its libyaml mark alike), 0-based."""

    line: int
    column: int


def _mark(mark: _Mark) -> Position:
    return mark.line + 1, mark.column + 1


_FLOW_BRACKETS = re.compile(r"[^\[\]{}]+")
_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
_NESTING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_UNNESTING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _may_nest_deeply(text: str) -> bool:
    """A cheap upper bound: flow nesting needs unclosed brackets, block nesting needs indentation or
    `- ` / `? ` indicators at the start of a line. False means the file cannot exceed MAX_DEPTH."""
    depth = deepest = 0
    for ch in "".join(_FLOW_BRACKETS.split(text)):
        depth = depth + 1 if ch in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH // 2:
        return True
    return max(map(len, _BLOCK_PREFIX.findall(text)), default=0) > MAX_DEPTH // 2


def _reject_deep_nesting(text: str) -> None:
    """IVP900 for nesting deeper than MAX_DEPTH, found in the event stream (the parsers keep an explicit
    stack and never recurse), before anything composes the node graph."""
    if not _may_nest_deeply(text):
        return
    for cls in (_FastLoader, _PyLoader):  # the two parsers may stop at different syntax errors
        loader = cls(text)
        depth = 0
        try:
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, _NESTING):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _LoadError(
                            "IVP900",
                            f"het bestand is te diep genest (meer dan {MAX_DEPTH} "
                            "niveaus lijsten en secties in elkaar); een plan heeft er hooguit zes",
                            _mark(event.start_mark) if event.start_mark is not None else None,
                        )
                elif isinstance(event, _UNNESTING):
                    depth -= 1
        except (yaml.YAMLError, ValueError, OverflowError):
            # the syntax error is reported by the normal path (the pure-Python scanner raises
            # ValueError for an escape such as "\U00110000", which libyaml reports properly)
            continue
        finally:
            loader.dispose()
        return


def _scalar_nodes(root: Node | None) -> Iterator[ScalarNode]:
    """Every scalar node of the graph (keys too), each once, without recursion."""
    stack: list[Node | None] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack += node.value


def _all_inside_scalars(text: str, root: Node | None, offsets: list[int]) -> bool:
    """True when every offset lies inside the text of a scalar without properties (a '**vet**' in a
    block of Markdown): there it cannot be an anchor or alias, and the event scan is not needed. A
    scalar whose text starts with '&', '!' or '*' may carry an anchor, so offsets there do not count."""
    ranges: list[tuple[int, int]] = []
    for node in _scalar_nodes(root):
        start = node.start_mark.index
        if start < len(text) and text[start] not in "&!*":
            ranges.append((start, node.end_mark.index))
    ranges.sort()
    starts = [r[0] for r in ranges]
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if i < 0 or not ranges[i][0] < offset < ranges[i][1]:
            return False
    return True


def _reject_anchors(text: str) -> None:
    """Anchors and aliases are refused (IVP903). Aliases are also caught while building (a node reached
    twice), but a lone anchor is not; so when the text hints at one, the events are scanned (in C)."""
    loader = _FastLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if getattr(event, "anchor", None) is not None:
                raise _LoadError(
                    "IVP903",
                    _ANCHOR_MESSAGE,
                    _mark(event.start_mark),
                )
    except yaml.YAMLError:
        pass  # a syntax error: the real parse reports it
    finally:
        loader.dispose()


# --------------------------------------------------------------------------------------------------
# YAML syntax errors in plain Dutch (yaml_errors.py finds the cause)


def _syntax_problems(text: str, exc: yaml.YAMLError) -> list[yaml_errors.Problem]:
    # libyaml's messages are terse; the pure-Python parser names the character, and yaml_errors
    # knows its wording. Errors are rare, and it stops where libyaml stopped.
    try:
        loader = _PyLoader(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as py_exc:
        exc = py_exc
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        pass  # keep libyaml's error
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    pos = _mark(mark) if mark is not None else None
    if pos is None:  # a reader error (a character YAML refuses) has an offset instead of a mark
        offset = getattr(exc, "position", None)
        pos = _offset_pos(text, min(offset, len(text))) if isinstance(offset, int) else (1, 1)
    cpos = _mark(context_mark) if context_mark is not None else None
    return yaml_errors.explain(text, problem, context, pos, cpos)


# --------------------------------------------------------------------------------------------------
# Node graph -> plain data


class _Builder:
    def __init__(self, text: str):
        self._text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.nodes: dict[DocPath, NodePos] = {}
        self.numbers: dict[DocPath, str] = {}
        self.warnings: list[_Warning] = []
        self._seen: set[int] = set()

    def build(self, node: Node, path: DocPath, key: Position | None = None, dash: Position | None = None) -> Any:
        if id(node) in self._seen:  # an alias: the same node reached twice
            raise _LoadError(
                "IVP903",
                _ANCHOR_MESSAGE,
                _mark(node.start_mark),
            )
        self._seen.add(id(node))
        written = self._written_tag(node)
        if node.tag not in _CORE_TAGS or written:
            raise _LoadError(
                "IVP904",
                _tag_message(written or node.tag),
                _mark(node.start_mark),
                dg.format_path(path),
            )
        block = isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style
        self.nodes[path] = NodePos(_mark(node.start_mark), key, dash, block)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            dashed = not node.flow_style
            return [
                self.build(item, path + (i,), dash=self._dash(item) if dashed else None)
                for i, item in enumerate(node.value)
            ]
        assert isinstance(node, ScalarNode)  # PyYAML's graph has no other kind of node
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: DocPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        pairs = self._rejoin_commas(node.value) if node.flow_style else node.value
        for key_node, value_node in pairs:
            key_tag = self._written_tag(key_node)
            if key_node.tag not in _CORE_TAGS or key_tag:
                raise _LoadError(
                    "IVP904",
                    f"YAML-tag '{_short_tag(key_tag or key_node.tag)}' is niet toegestaan",
                    _mark(key_node.start_mark),
                )
            if not isinstance(key_node, ScalarNode):
                raise _LoadError(
                    "IVP900",
                    "een sleutel moet een naam zijn, geen lijst of sectie",
                    _mark(key_node.start_mark),
                    dg.format_path(path),
                )
            key = key_node.value
            kpos = _mark(key_node.start_mark)
            if _WORD_BREAK_MASK in key:
                offset = self._text.find(_WORD_BREAK_MASK, key_node.start_mark.index)
                raise _LoadError(
                    "IVP900",
                    "ongeldig stuurteken U+000B in een sleutel; verwijder het",
                    _offset_pos(self._text, offset),
                )
            if key in key_lines:
                raise _LoadError(
                    "IVP901",
                    f"sleutel '{key}' staat twee keer in deze sectie "
                    f"(regel {key_lines[key]} en regel {kpos[0]}); verwijder of hernoem er één",
                    kpos,
                    dg.format_path(path + (key,)),
                )
            key_lines[key] = kpos[0]
            out[key] = self.build(value_node, path + (key,), key=kpos)
        return out

    def _written_tag(self, node: Node) -> str | None:
        """The tag as written in front of a node (`!!str`, `!`), or None: also a tag that names the type
        YAML would give anyway is a tag, and tags are refused (a node's mark is at its tag, if any)."""
        i = node.start_mark.index
        if not self._text.startswith("!", i):
            return None
        m = re.match(r"!<[^>\s]*>?|![^\s,\[\]{}]*", self._text[i:])
        return m.group() if m else "!"

    def _rejoin_commas(self, pairs: list[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
        """In `{waarde: 2,8, jaar: 2030}` the comma ends the value, so YAML reads a value 2 and a key
        '8' without a value. What was written is one value with a decimal comma (or a text such as
        `Fase 2,3`): the two are joined again into the text as written, which the schema then
        explains at the value, instead of reporting an unknown key '8'."""
        if not any(isinstance(k, ScalarNode) and k.value.isdigit() for k, _ in pairs):
            return pairs  # nearly every mapping: no key of digits, nothing to join
        text = self._text
        out: list[tuple[Node, Node]] = []
        for key_node, value_node in pairs:
            if out and _is_comma_tail(text, out[-1][1], key_node, value_node):
                prev_key, prev = out.pop()
                joined = text[prev.start_mark.index : key_node.end_mark.index]
                value_node = ScalarNode(_STR, joined, prev.start_mark, key_node.end_mark, style="'")
                key_node = prev_key
            out.append((key_node, value_node))
        return out

    def _scalar(self, node: ScalarNode, path: DocPath) -> str | bool | int | float | None:
        tag, value = node.tag, node.value
        if tag != _implicit_tag(node):  # e.g. `!!int abc`, `!!str 3`, `!!bool maybe`
            raise _LoadError(
                "IVP904",
                _tag_message(tag),
                _mark(node.start_mark),
                dg.format_path(path),
            )
        value = _unmask_breaks(value)
        if tag == _STR and _WORD_BREAK_MASK in value:
            value = self._word_breaks(node, value, path)
        if tag == _STR:
            if CONTROL_CHARS.search(value):
                self.warnings.append(
                    (
                        "IVP080",
                        dg.format_path(path),
                        f"stuurtekens in de tekst van {dg.format_path(path)} zijn verwijderd "
                        "(ze kunnen niet in een document)",
                        _mark(node.start_mark),
                    )
                )
                value = CONTROL_CHARS.sub("", value)
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            if len(value.lstrip("+-")) > MAX_INT_DIGITS:
                raise _LoadError(
                    "IVP900",
                    f"een getal van {len(value.lstrip('+-'))} cijfers is te lang "
                    f"(hooguit {MAX_INT_DIGITS}); controleer de waarde",
                    _mark(node.start_mark),
                    dg.format_path(path),
                )
            self.numbers[path] = value
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        if tag == _FLOAT:
            self.numbers[path] = value
            return float(value)
        return value

    def _word_breaks(self, node: ScalarNode, value: str, path: DocPath) -> str:
        """A text with Word's Shift+Enter (masked, see _mask_word_breaks): a space, and IVP080 at it."""
        offset = self._text.find(_WORD_BREAK_MASK, node.start_mark.index, node.end_mark.index)
        self.warnings.append(
            (
                "IVP080",
                dg.format_path(path),
                f"een regeleinde uit Word (Shift+Enter, het stuurteken U+000B) in de tekst van {dg.format_path(path)} "
                "is vervangen door een spatie",
                _offset_pos(self._text, offset) if offset >= 0 else _mark(node.start_mark),
            )
        )
        value = _WORD_BREAK_RUN.sub(" ", value)
        return value if node.style else value.strip(" ")

    def _dash(self, item: Node) -> Position | None:
        """The position of the '-' in front of a block sequence item (libyaml's marks carry no buffer)."""
        mark = item.start_mark
        if mark.line >= len(self._line_starts):
            return None
        text, i = self._text, self._line_starts[mark.line] + mark.column - 1
        while i >= 0 and text[i] in " \t\r\n":
            i -= 1
        if i >= 0 and text[i] == "-":
            line = bisect_right(self._line_starts, i) - 1
            return line + 1, i - self._line_starts[line] + 1
        return None


def _is_comma_tail(text: str, prev: Node, key_node: Node, value_node: Node) -> bool:
    """True for the '8' of `waarde: 2,8` inside { }: digits right after a comma that ends a plain
    value, and no value of their own."""
    return (
        isinstance(key_node, ScalarNode)
        and key_node.value.isdigit()
        and isinstance(prev, ScalarNode)
        and isinstance(value_node, ScalarNode)
        and not prev.style
        and not key_node.style
        and prev.value[-1:].isdigit()
        and value_node.value == ""
        and not value_node.style
        and text[prev.end_mark.index : key_node.start_mark.index] == ","
        and text[key_node.end_mark.index : key_node.end_mark.index + 1] != ":"
    )


_ANCHOR_MESSAGE = (
    "ankers en verwijzingen (&naam, *naam) zijn niet toegestaan; schrijf de waarde uit, en zet tekst die met "
    "'&' of '*' begint tussen aanhalingstekens"
)


def _tag_message(tag: str) -> str:
    return (
        f"YAML-tag '{_short_tag(tag)}' is niet toegestaan; schrijf de waarde zonder tag, en zet tekst die met "
        "'!' begint tussen aanhalingstekens"
    )


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
