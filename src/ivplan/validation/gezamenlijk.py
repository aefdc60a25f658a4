"""Joint plans (docs/gezamenlijke-plannen.md): the link from a deel B to its deel A, the set of a deel A, and the merge.

- `kind_of(data)`: which kind of file a loaded mapping is (plan, deel A, deel B, regio, ...).
- `resolve_link()`: where a deel B's `gezamenlijk` leads, or why it leads nowhere (IVP120, IVP121).
- `find_set()`: the deel Bs of a deel A (its folder and direct subfolders), in relative-path order.
- `split()`: one part's data without the elements whose home is the other part (IVP123).
- `merge()`: deel A plus a deel B, the merged plan the rules judge, with `Merged.home()` saying in which
  file and at which path each element of the merged plan is written (so every diagnostic names the
  file, line and column of its element).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ivplan.core import diagnostics as dg, paths
from ivplan.core.diagnostics import ERROR, Diagnostic
from ivplan.source.loader import Loaded, load_file
from ivplan.validation import delen
from ivplan.validation.delen import A, B
from ivplan.validation.schema import FailedPaths, SchemaResult, missing_message

PLAN, DEEL_A, DEEL_B, REGIO = "plan", "deel_a", "deel_b", "regio"
_LINK_LINE = re.compile(r"^gezamenlijk:[ \t]*(.*?)[ \t]*(?:#.*)?$", re.MULTILINE)
_LINK_KEY = re.compile(r"^(?:gezamenlijk|\"gezamenlijk\"|'gezamenlijk')[ \t]*:", re.MULTILINE)


def kind_of(data: Any) -> str | None:
    """The kind a loaded file's top-level keys decide (None: not a mapping)."""
    if not isinstance(data, dict):
        return None
    keys = list(data)
    if "ivplan_gezamenlijk" in data and (
        "ivplan" not in data or keys.index("ivplan_gezamenlijk") < keys.index("ivplan")
    ):
        return DEEL_A
    if "ivplan_regio" in data and "ivplan" not in data:
        return REGIO
    if "gezamenlijk" in data:
        return DEEL_B
    return PLAN


def display_join(folder_display: str, link: str) -> str:
    """The name of the file a link leads to, as messages show it: normalised, links not resolved
    (`plannen/x/../deel-a.yaml` is `plannen/deel-a.yaml`)."""
    return os.path.normpath(os.path.join(folder_display, link))


# --------------------------------------------------------------------------------------------------
# The link


@dataclass(frozen=True)
class Link:
    """Where a deel B's `gezamenlijk` leads: `path` (the file, links resolved) and `display`, or a
    `problem` (code, message) when it leads nowhere usable."""

    text: str
    path: Path | None = None
    display: str = ""
    problem: tuple[str, str] | None = None


def link_text(loaded: Loaded) -> str | None:
    """The `gezamenlijk` of a deel B; for a file that does not load, a line starting `gezamenlijk:`."""
    if isinstance(loaded.data, dict):
        value = loaded.data.get("gezamenlijk")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # a number names no .yaml file (IVP121); the schema takes it as text
        return value if isinstance(value, str) and value.strip() else None  # empty: the schema's IVP000
    return link_in_text("\n".join(loaded.source.lines))


def link_in_text(text: str) -> str | None:
    """The value of a line starting `gezamenlijk:` (quotes and a comment taken off), read as text."""
    m = _LINK_LINE.search(text)
    if not m:
        return None
    value = m.group(1).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value or None


def resolve_link(text: str, file: Path, display: str) -> Link:
    """IVP121: absolute, not .yaml/.yml, with '\\', or outside the deel B's folder and its parent
    (also after resolving symbolic links); IVP120: missing, unreadable, or a folder."""
    bad = None
    if text.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", text):
        bad = (
            f"'{text}' is een absoluut pad; schrijf het pad vanaf de map van dit bestand, bijvoorbeeld '../deel-a.yaml'"
        )
    elif "\\" in text:
        bad = f"'{text}' gebruikt '\\'; schrijf mappen met '/', bijvoorbeeld '../deel-a.yaml'"
    elif not text.lower().endswith((".yaml", ".yml")):
        bad = f"'{text}' is geen .yaml- of .yml-bestand; verwijs naar het deel A, bijvoorbeeld '../deel-a.yaml'"
    if bad:
        return Link(text, problem=("IVP121", bad))
    folder = file.parent
    target = folder / text
    shown = display_join(os.path.dirname(display), text)
    norm = os.path.normpath(text)
    outside = (
        f"'{text}' ligt buiten de map van dit bestand en de map erboven; zet het deel A in een van die "
        "mappen (ivplan leest geen bestanden elders)"
    )
    if os.path.dirname(norm) not in ("", os.pardir):
        return Link(text, problem=("IVP121", outside))
    try:
        real = Path(os.path.realpath(target))
        here = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return Link(text, problem=("IVP120", f"'{text}' kan niet worden gelezen"))
    if real.parent not in (here, here.parent):
        return Link(text, problem=("IVP121", outside))
    if paths.is_dir(real):
        return Link(text, problem=("IVP120", f"'{text}' is een map, geen bestand; verwijs naar het deel A"))
    if not paths.exists(real):
        return Link(
            text, problem=("IVP120", f"'{text}' bestaat niet ({shown}); een deel B is geen plan zonder zijn deel A")
        )
    if not paths.is_file(real):
        return Link(
            text,
            problem=(
                "IVP120",
                f"'{text}' kan niet worden gelezen (het is geen gewoon bestand, maar bijvoorbeeld een apparaat of "
                "pijp); verwijs naar het deel A",
            ),
        )
    if not os.access(real, os.R_OK):
        return Link(text, problem=("IVP120", f"'{text}' kan niet worden gelezen (geen leesrechten)"))
    return Link(text, real, shown)


def link_diagnostic(loaded: Loaded, code: str, message: str) -> Diagnostic:
    pos = loaded.positions.point(("gezamenlijk",)) if loaded.positions is not None else None
    return dg.make(code, ERROR, ("gezamenlijk",), message, pos, loaded.source.path)


def wrong_target_message(text: str, target: Loaded, same_file: bool) -> str:
    """IVP122: what the named file is instead of a deel A."""
    kind = kind_of(target.data)
    if same_file:
        return f"'{text}' is dit bestand zelf; verwijs naar het deel A (ivplan_gezamenlijk: 1)"
    if kind == DEEL_B:
        other = target.data.get("gezamenlijk")
        return f"'{text}' is zelf een deel B (het verwijst naar '{other}'); verwijs naar het deel A"
    if kind == PLAN and "ivplan_uitvoering" in target.data and "ivplan" not in target.data:
        return f"'{text}' is een uitvoeringsprogramma, geen deel A; verwijs naar het deel A (ivplan_gezamenlijk: 1)"
    if kind == PLAN and "ivplan" in target.data:
        return f"'{text}' is een plan, geen deel A; verwijs naar het deel A (ivplan_gezamenlijk: 1)"
    if kind == REGIO:
        return f"'{text}' is een regiobestand, geen deel A; verwijs naar het deel A (ivplan_gezamenlijk: 1)"
    return f"'{text}' heeft geen 'ivplan_gezamenlijk: 1' bovenaan en is dus geen deel A"


# --------------------------------------------------------------------------------------------------
# The set of a deel A


def find_set(deel_a: Path) -> list[Path]:
    """The `*.yaml`/`*.yml` files in deel A's folder and its direct subfolders (not hidden) whose
    `gezamenlijk` resolves to it (for a file that does not load: a line `gezamenlijk: ...`), ordered
    by relative path. Read as text: only the link line is needed."""
    real = Path(os.path.realpath(deel_a))
    folder = Path(os.path.dirname(os.path.abspath(deel_a)))
    found: list[tuple[str, Path]] = []
    try:
        subfolders = [folder] + sorted(p for p in folder.iterdir() if paths.is_dir(p) and not p.name.startswith("."))
    except OSError:
        return []
    for sub in subfolders:
        try:
            names = sorted(sub.iterdir())
        except OSError:
            continue
        for p in names:
            if p.name.startswith(".") or p.suffix.lower() not in (".yaml", ".yml") or not paths.is_file(p):
                continue
            text = _head_link(p)
            if text is None:
                continue
            link = resolve_link(text, p, str(p))
            if link.path is not None and link.path == real:
                found.append((os.path.relpath(p, folder), p))
    return [p for _, p in sorted(found)]


def _head_link(path: Path) -> str | None:
    text = read_head(path)
    if text is None:
        return None
    link = link_in_text(text)
    if link is None and has_link_key(text):
        # the value on a line of its own (or a file that does not load): what the loaded file says
        link = link_text(load_file(path, str(path)))
    return link


def has_link_key(text: str) -> bool:
    """Whether a line starts with the key `gezamenlijk` (a deel B, whatever its value)."""
    return _LINK_KEY.search(text) is not None


def read_head(path: Path | str) -> str | None:
    """A file's text for a look at its top keys, without parsing; None for anything but a readable
    regular file (a FIFO or a device would block or never end: the loader reports those)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            return fh.read(1024 * 1024 + 1).decode("utf-8-sig", errors="replace")
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------------------------------
# Each part holds its own elements (IVP123)


def split(loaded: Loaded, part: str) -> tuple[Loaded, list[Diagnostic]]:
    """The part's data without the elements that belong to the other part, and an IVP123 at each."""
    wrong = delen.misplaced(loaded.data, part)
    if not wrong:
        return loaded, []
    assert loaded.positions is not None  # a part is split only after it loaded
    diags = []
    for path in wrong:
        diags.append(
            dg.make(
                "IVP123",
                ERROR,
                path,
                misplaced_message(path, part),
                loaded.positions.key(path),
                loaded.source.path,
            )
        )
    data = dict(loaded.data)
    for path in wrong:
        if len(path) == 1:
            data.pop(path[0], None)
        else:
            data[path[0]] = {k: v for k, v in data[path[0]].items() if k != path[1]}
    return replace(loaded, data=data), diags


def misplaced_message(path: tuple, part: str) -> str:
    where = dg.format_path(path)
    if part == A and path == ("gezamenlijk",):
        return "een deel A verwijst niet naar een ander bestand; 'gezamenlijk' hoort alleen in een deel B"
    if part == A:
        return (
            f"'{where}' hoort in het deel B van elke gemeente, niet in het gezamenlijke deel A; "
            "verplaats het naar de deel B-bestanden (hier wordt het genegeerd)"
        )
    return (
        f"'{where}' staat in het gezamenlijke deel A en is voor alle gemeenten gelijk; een deel B kan "
        "het niet aanvullen of wijzigen (hier wordt het genegeerd)"
    )


# --------------------------------------------------------------------------------------------------
# The merge


@dataclass
class Part:
    """One file of a joint plan as the merge reads it: its display name, load and schema results."""

    file: str
    loaded: Loaded
    schema: SchemaResult


@dataclass
class Merged:
    """The merged plan: `result` (data and failed paths, as a plan's SchemaResult) plus where each of
    its elements is written."""

    result: SchemaResult
    a: Part
    b: Part
    counts: dict[tuple, int] = field(default_factory=dict)  # joined list -> number of deel A items
    diagnostics: list[Diagnostic] = field(default_factory=list)  # IVP000 of the merged plan (in deel B)

    def home(self, path) -> tuple[str, tuple]:
        """(A or B, path inside that file) of the merged plan's element at `path`."""
        path = tuple(path)
        only = delen.only_in(path)
        if only is not None:
            return only, path
        lst = delen.joined_list(path)
        if lst is not None and len(path) > len(lst) and isinstance(path[len(lst)], int):
            i, n = path[len(lst)], self.counts.get(lst, 0)
            if i < n:
                return A, path
            return B, lst + (i - n,) + path[len(lst) + 1 :]
        if not path:
            return B, path
        # a section or text both may hold: where it is written, deel B first (Settled 6)
        b_has, a_has = _has(self.b.loaded.data, path), _has(self.a.loaded.data, path)
        if b_has or not a_has:
            if not b_has and _depth(self.a.loaded.data, path) > _depth(self.b.loaded.data, path):
                return A, path
            return B, path
        return A, path

    def part(self, side: str) -> Part:
        return self.a if side == A else self.b

    def locate(self, path, missing: bool = False) -> tuple[Part, tuple, tuple[int, int]]:
        """The file, the path inside it (reduced to the deepest existing element unless `missing`)
        and the position of the merged plan's element at `path`."""
        side, inner = self.home(path)
        part = self.part(side)
        assert part.loaded.positions is not None  # both parts were read
        if missing:
            return part, inner, part.loaded.positions.missing(inner)
        found, pos = part.loaded.positions.locate(inner)
        return part, found, pos

    def where(self, path) -> str:
        """How a message names another element of the merged plan: its path, and for an element of
        the other file also the file:line:col."""
        side, inner = self.home(path)
        if side == B:
            return dg.format_path(inner)
        part = self.a
        assert part.loaded.positions is not None  # both parts were read
        line, col = part.loaded.positions.anchor(inner)
        return f"{dg.format_path(inner)} in deel A ({part.file}:{line}:{col})"


def _has(data, path) -> bool:
    cur = data
    for p in path:
        try:
            cur = cur[p]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def _depth(data, path) -> int:
    cur, n = data, 0
    for p in path:
        try:
            cur = cur[p]
        except (KeyError, IndexError, TypeError):
            break
        n += 1
    return n


def merge(a: Part, b: Part) -> Merged:
    """Deel A plus deel B (both split and validated): lists joined with deel A's items first, each
    element from its home, texts both may hold from deel B when it has them (rules only ask whether
    they exist; documents show each part's own). Failed paths of either file carry over, deel A's as a
    whole (with what deel B adds inside them); a section required of a plan and absent from both files is
    IVP000 in deel B (Settled 4)."""
    adata = a.schema.data if isinstance(a.schema.data, dict) else {}
    bdata = b.schema.data if isinstance(b.schema.data, dict) else {}
    counts: dict[tuple, int] = {}
    failed = FailedPaths()
    data: dict = {}
    for key in delen.MERGED_ORDER:
        if key == "ivplan":
            data[key] = 1
        elif key in delen.BOTH_MAPPINGS:
            ours = _merge_mapping(key, adata.get(key), bdata.get(key), counts, failed)
            if ours is not None:
                data[key] = ours
        elif (key,) in delen.JOINED_LISTS:
            joined = _join((key,), adata.get(key), bdata.get(key), counts, failed)
            if joined is not None:
                data[key] = joined
        elif delen.only_in((key,)) == A:
            if key in adata:
                data[key] = adata[key]
        elif key in bdata:
            data[key] = bdata[key]
    for path in a.schema.failed:
        # a deel A section that failed has failed in the merged plan, deel B's part of it too (no rule judges
        # that part, no reference into the section is IVP002)
        if path:
            failed.add_whole(_merged_path(path, A, counts))
        else:
            failed.add(path)
    for path in b.schema.failed:
        failed.add(_merged_path(path, B, counts))
    merged = Merged(SchemaResult(data, [], failed), a, b, counts)
    _required_in_either(merged)
    return merged


def _merge_mapping(key: str, amap, bmap, counts: dict, failed: FailedPaths):
    if amap is None and bmap is None:
        return None
    amap = amap if isinstance(amap, dict) else {}
    bmap = bmap if isinstance(bmap, dict) else {}
    out: dict = {}
    for sub in list(amap) + [k for k in bmap if k not in amap]:
        path = (key, sub)
        if path in delen.JOINED_LISTS:
            joined = _join(path, amap.get(sub), bmap.get(sub), counts, failed)
            if joined is not None:
                out[sub] = joined
        elif delen.only_in(path) == A:
            out[sub] = amap[sub]
        elif delen.only_in(path) == B:
            out[sub] = bmap[sub]
        else:
            out[sub] = bmap[sub] if sub in bmap else amap[sub]
    return out


def _join(path: tuple, alist, blist, counts: dict, failed: FailedPaths):
    if alist is None and blist is None:
        return None
    items = alist if isinstance(alist, list) else []
    counts[path] = len(items)
    if blist is not None and not isinstance(blist, list):
        failed.add(path)
    if alist is not None and not isinstance(alist, list):
        failed.add(path)
    return items + (blist if isinstance(blist, list) else [])


def _merged_path(path: tuple, side: str, counts: dict) -> tuple:
    """A path inside one file as a path of the merged plan (deel B's list items come after deel A's)."""
    path = tuple(path)
    if side == A:
        return path
    lst = delen.joined_list(path)
    if lst is not None and len(path) > len(lst) and isinstance(path[len(lst)], int):
        return lst + (path[len(lst)] + counts.get(lst, 0),) + path[len(lst) + 1 :]
    return path


# A plan requires these; deel A does not (either part may give them). When neither does: IVP000 in deel B.
_EITHER = (("participatie",), ("participatie", "inwoners"), ("participatie", "partners"), ("meetbare_doelen",))


def _required_in_either(merged: Merged) -> None:
    data = merged.result.data
    for path in _EITHER:
        if _has(data, path):
            continue
        if len(path) == 2 and not _has(data, path[:1]):
            continue  # the section itself is missing: one message for it
        b = merged.b.loaded
        pos = b.positions.missing(path) if b.positions is not None else (1, 1)
        merged.diagnostics.append(
            dg.make(
                "IVP000",
                ERROR,
                path,
                missing_message(path) + " (niet in deel A en niet in dit deel B)",
                pos,
                merged.b.file,
            )
        )
        merged.result.failed.add(path)
