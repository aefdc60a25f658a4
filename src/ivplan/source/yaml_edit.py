"""Editing a hand-written YAML file in place: only the values that change, every other byte kept.

The plan is the user's own text; losing a comment is a defect. ruamel.yaml composes the file in
round-trip mode, and its nodes carry the exact character offsets of every key, value and list item; an
edit replaces or inserts text only there. Comments, key order, quotes, flow or block style,
indentation, blank lines, line endings (CRLF stays), a BOM and the final newline are never touched.
(`YAML().dump()` is never used to write: it rewraps long lines and joins multi-line scalars.)

An edit is one of `SetValue`, `InsertKey`, `RemoveKey`, `InsertItem` and `AddList`, addressed by
document path like the project's position index (`('meetbare_doelen', 0, 'metingen', 2, 'waarde')`).
Where a change cannot be made without touching other text (a value inside a flow collection that spans
several lines, a doel written as one `{...}` mapping), `EditError` says so and nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ivplan.source.loader import DocPath

# Key order of a new meting or of keys added to a cijfer (docs/open-data.md §4).
KEY_ORDER = ("waarde", "jaar", "voorlopig")
# YAML 1.1 line breaks that YAML 1.2 (and the project's loader) read as ordinary characters, and the TAB,
# which ruamel's scanner refuses as whitespace after a value (`jaar: 2025<TAB># bron`) although YAML allows
# it: masked one-for-one while ruamel composes, so offsets stay the same. A TAB inside a text becomes a
# space only in what ruamel reads; the edits go into the original text, and the check after editing
# (the project's loader must read exactly the intended data) catches any misreading.
_MASK = str.maketrans({"\u0085": "\ue085", "\u2028": "\ue028", "\u2029": "\ue029", "\t": " "})


class EditError(Exception):
    """The edit at `path` cannot be made in place (IVP149)."""

    def __init__(self, path: DocPath, message: str, position: tuple[int, int] | None = None):
        super().__init__(message)
        self.path = tuple(path)
        self.message = message
        self.position = position  # (line, column), when the place is known but no element of the plan is


@dataclass(frozen=True)
class SetValue:
    path: DocPath  # a scalar
    text: str


@dataclass(frozen=True)
class InsertKey:
    mapping: DocPath
    after: str  # the new key follows this one
    key: str
    text: str


@dataclass(frozen=True)
class RemoveKey:
    mapping: DocPath
    key: str


@dataclass(frozen=True)
class InsertItem:
    sequence: DocPath
    before: int | None  # the index (in the file as read) of the item it goes before; None: at the end
    fields: dict[str, str] = field(default_factory=dict)  # key -> value text


@dataclass(frozen=True)
class AddList:
    mapping: DocPath  # the block mapping that gets the new key (a doel)
    key: str
    items: tuple[dict[str, str], ...]
    sibling_list: DocPath  # a list whose dash indentation the new one copies (the list holding the mapping)


Edit = SetValue | InsertKey | RemoveKey | InsertItem | AddList


def apply_edits(text: str, edits: list[Edit]) -> str:
    """The text with every edit made; EditError when one cannot be made in place."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    try:
        root = YAML(typ="rt").compose(body.translate(_MASK))
    except YAMLError as exc:  # the project's loader read it; ruamel should too
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is None:
            raise EditError((), "het bestand kan niet worden bewerkt") from None
        raise EditError(
            (),
            f"de bewerker van ivplan kan regel {mark.line + 1} niet lezen, al is het geldige YAML",
            (mark.line + 1, mark.column + 1),
        ) from None
    if root is None:
        raise EditError((), "het bestand is leeg")
    editor = _Editor(body, root)
    for seq, edit in enumerate(edits):
        editor.add(edit, seq)
    return bom + editor.result()


class _Editor:
    def __init__(self, body: str, root: Node):
        self.body = body
        self.root = root
        self.replacements: list[tuple[int, int, int, str]] = []  # (start, seq, end, text)

    # finding nodes -----------------------------------------------------------------------------
    def chain(self, path: DocPath) -> list[Node]:
        """The nodes from the root to `path`."""
        nodes = [self.root]
        node: Node | None = self.root
        for i, part in enumerate(path):
            if isinstance(node, MappingNode):
                node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                node = None
            if node is None:
                raise EditError(path[: i + 1], "niet gevonden in het bestand")
            nodes.append(node)
        self._check_flow(path, nodes)
        return nodes

    def node(self, path: DocPath) -> Node:
        return self.chain(path)[-1]

    def _check_flow(self, path: DocPath, nodes: list[Node]) -> None:
        if len(path) >= 2 and path[0] == "meetbare_doelen" and len(nodes) > 2 and _is_flow(nodes[2]):
            raise EditError(
                path[:2],
                "het doel is als één sectie tussen { } geschreven; schrijf het als blok (sleutel: waarde per regel)",
            )
        for depth, node in enumerate(nodes):
            if _is_flow(node) and node.start_mark.line != node.end_mark.line:
                raise EditError(
                    path[:depth],
                    "de waarde staat in een lijst of sectie tussen [ ] of { } die over meerdere regels loopt; "
                    "zet die op één regel of schrijf haar als blok",
                )

    # text positions ----------------------------------------------------------------------------
    def line_start(self, pos: int) -> int:
        return self.body.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        """Just past the line break of the line holding `pos` (the end of the text on the last line)."""
        i = self.body.find("\n", pos)
        return len(self.body) if i < 0 else i + 1

    def column(self, pos: int) -> int:
        return pos - self.line_start(pos)

    def content_end(self, node: Node) -> int:
        """Just past the last character of `node`'s own text (a block collection: of its last value),
        so comments and blank lines after it are not counted."""
        if isinstance(node, MappingNode) and not node.flow_style and node.value:
            return self.content_end(node.value[-1][1])
        if isinstance(node, SequenceNode) and not node.flow_style and node.value:
            return self.content_end(node.value[-1])
        end: int = node.end_mark.index
        while end > node.start_mark.index and self.body[end - 1] in " \t\r\n":
            end -= 1
        return end

    def lines_after(self, pos: int, lines: list[str], seq: int) -> None:
        """Insert whole lines after the line holding `pos`, with that line's line ending."""
        at = self.line_end(pos)
        if at > 0 and self.body[at - 1] == "\n":
            eol = "\r\n" if self.body[at - 2 : at] == "\r\n" else "\n"
            self.replace(at, at, "".join(line + eol for line in lines), seq)
        else:  # the last line, without a final line break: keep it that way
            eol = "\r\n" if "\r\n" in self.body else "\n"
            self.replace(at, at, "".join(eol + line for line in lines), seq)

    def lines_before(self, line_start: int, lines: list[str], seq: int) -> None:
        """Insert whole lines at the start of a line, with the line ending of the line before."""
        prev = self.body[max(0, line_start - 2) : line_start]
        if prev.endswith("\n"):
            eol = "\r\n" if prev == "\r\n" else "\n"
        else:
            end = self.line_end(line_start)
            eol = "\r\n" if self.body[end - 2 : end] == "\r\n" else "\n"
        self.replace(line_start, line_start, "".join(line + eol for line in lines), seq)

    def replace(self, start: int, end: int, text: str, seq: int) -> None:
        self.replacements.append((start, seq, end, text))

    def result(self) -> str:
        out, pos = [], 0
        for start, _seq, end, text in sorted(self.replacements):
            if start < pos:
                raise EditError((), "twee wijzigingen overlappen elkaar")
            out.append(self.body[pos:start])
            out.append(text)
            pos = end
        out.append(self.body[pos:])
        return "".join(out)

    # the edits ---------------------------------------------------------------------------------
    def add(self, edit: Edit, seq: int) -> None:
        if isinstance(edit, SetValue):
            node = self.node(edit.path)
            if not isinstance(node, ScalarNode):
                raise EditError(edit.path, "is geen enkele waarde")
            self.replace(node.start_mark.index, node.end_mark.index, edit.text, seq)
        elif isinstance(edit, InsertKey):
            self._insert_key(edit, seq)
        elif isinstance(edit, RemoveKey):
            self._remove_key(edit, seq)
        elif isinstance(edit, InsertItem):
            self._insert_item(edit, seq)
        elif isinstance(edit, AddList):
            self._add_list(edit, seq)
        else:  # pragma: no cover - every kind is handled above
            raise TypeError(edit)

    def _entry(self, mapping: MappingNode, key: str, path: DocPath) -> int:
        for i, (k, _v) in enumerate(mapping.value):
            if isinstance(k, ScalarNode) and k.value == key:
                return i
        raise EditError(path + (key,), "niet gevonden in het bestand")

    def _mapping(self, path: DocPath) -> MappingNode:
        node = self.node(path)
        if not isinstance(node, MappingNode):
            raise EditError(path, "is geen sectie")
        return node

    def _insert_key(self, edit: InsertKey, seq: int) -> None:
        mapping = self._mapping(edit.mapping)
        k, v = mapping.value[self._entry(mapping, edit.after, edit.mapping)]
        if mapping.flow_style:
            self.replace(v.end_mark.index, v.end_mark.index, f", {edit.key}: {edit.text}", seq)
        else:
            indent = " " * self.column(k.start_mark.index)
            self.lines_after(self.content_end(v), [f"{indent}{edit.key}: {edit.text}"], seq)

    def _remove_key(self, edit: RemoveKey, seq: int) -> None:
        mapping = self._mapping(edit.mapping)
        i = self._entry(mapping, edit.key, edit.mapping)
        k, v = mapping.value[i]
        entries = mapping.value
        if mapping.flow_style:
            if i > 0:
                self.replace(entries[i - 1][1].end_mark.index, v.end_mark.index, "", seq)
            elif len(entries) > 1:
                self.replace(k.start_mark.index, entries[1][0].start_mark.index, "", seq)
            else:
                self.replace(k.start_mark.index, v.end_mark.index, "", seq)
            return
        start = self.line_start(k.start_mark.index)
        prefix = self.body[start : k.start_mark.index]
        if prefix.strip():  # the key follows a '- ' on its line: the next key moves up
            if i + 1 >= len(entries):
                raise EditError(edit.mapping + (edit.key,), "kan niet worden verwijderd zonder de lijst te breken")
            self.replace(k.start_mark.index, entries[i + 1][0].start_mark.index, "", seq)
            return
        end_value = self.content_end(v)
        end = self.line_end(end_value)
        rest = self.body[end_value:end]
        if rest.strip().startswith("#"):  # a comment on that line stays, on a line of its own
            self.replace(k.start_mark.index, end_value + len(rest) - len(rest.lstrip(" \t")), "", seq)
        else:
            self.replace(start, end, "", seq)

    def _flow_text(self, fields: dict[str, str], model: Node | None) -> str:
        inner = (
            " "
            if model is not None and self.body[model.start_mark.index + 1 : model.start_mark.index + 2] == " "
            else ""
        )
        return "{" + inner + ", ".join(f"{k}: {v}" for k, v in _ordered(fields, model)) + inner + "}"

    def _dash(self, item: Node) -> int:
        """The offset of the '-' in front of a block sequence item."""
        i: int = item.start_mark.index - 1
        while i >= 0 and self.body[i] in " \t\r\n":
            i -= 1
        if i < 0 or self.body[i] != "-":
            raise EditError((), "het lijstteken '-' is niet gevonden")
        return i

    def _insert_item(self, edit: InsertItem, seq: int) -> None:
        node = self.node(edit.sequence)
        if not isinstance(node, SequenceNode):
            raise EditError(edit.sequence, "is geen lijst")
        items = node.value
        if node.flow_style:
            model = items[-1] if items else None
            text = self._flow_text(edit.fields, model if isinstance(model, MappingNode) else None)
            if edit.before is None:
                if items:
                    self.replace(items[-1].end_mark.index, items[-1].end_mark.index, ", " + text, seq)
                else:
                    self.replace(node.start_mark.index + 1, node.start_mark.index + 1, text, seq)
            else:
                at = items[edit.before].start_mark.index
                self.replace(at, at, text + ", ", seq)
            return
        if not items:
            raise EditError(edit.sequence, "is een lege lijst")
        first = edit.before == 0
        model = items[0] if first else items[-1 if edit.before is None else edit.before - 1]
        if not isinstance(model, MappingNode):
            raise EditError(edit.sequence, "bevat geen secties")
        dash = self._dash(model)
        dash_col = self.column(dash)
        if model.flow_style:
            gap = self.body[dash + 1 : model.start_mark.index]
            gap = gap if gap.strip(" \t") == "" and gap else " "
            lines = [" " * dash_col + "-" + gap + self._flow_text(edit.fields, model)]
        else:
            key_col = self.column(model.value[0][0].start_mark.index)
            if self.line_start(model.start_mark.index) != self.line_start(dash):
                key_col = dash_col + 2  # the mapping starts on the line after the dash
            pairs = _ordered(edit.fields, model)
            lines = [" " * dash_col + "-" + " " * max(1, key_col - dash_col - 1) + f"{pairs[0][0]}: {pairs[0][1]}"]
            lines += [" " * key_col + f"{k}: {v}" for k, v in pairs[1:]]
        if first:
            self.lines_before(self.line_start(dash), lines, seq)
        else:
            self.lines_after(self.content_end(model), lines, seq)

    def _add_list(self, edit: AddList, seq: int) -> None:
        mapping = self._mapping(edit.mapping)
        if mapping.flow_style or not mapping.value:
            raise EditError(edit.mapping, "is geen blok met sleutels")
        key_col = self.column(mapping.value[0][0].start_mark.index)
        offset = 2
        chain = self.chain(edit.sibling_list)
        sibling, holder = chain[-1], chain[-2]
        if isinstance(sibling, SequenceNode) and not sibling.flow_style and sibling.value:
            key_node = next((k for k, v in getattr(holder, "value", []) if v is sibling), None)
            if isinstance(key_node, ScalarNode):
                offset = max(0, self.column(self._dash(sibling.value[0])) - self.column(key_node.start_mark.index))
        lines = [" " * key_col + f"{edit.key}:"]
        lines += [" " * (key_col + offset) + "- " + self._flow_text(item, None) for item in edit.items]
        self.lines_after(self.content_end(mapping), lines, seq)


def _is_flow(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and bool(node.flow_style)


def _ordered(fields: dict[str, str], model: Node | None) -> list[tuple[str, str]]:
    """The model item's key order for the keys it has, then waarde, jaar, voorlopig."""
    order: list[str] = []
    if isinstance(model, MappingNode):
        order = [k.value for k, _ in model.value if isinstance(k, ScalarNode) and k.value in fields]
    order += [k for k in KEY_ORDER if k in fields and k not in order]
    order += [k for k in fields if k not in order]
    return [(k, fields[k]) for k in order]
