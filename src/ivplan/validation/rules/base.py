"""What every rule module gets and gives.

A rule module (one per rule, named `ivpNNN_<wat>.py`) defines, like a yamllint rule:

- its module docstring: the explanation `ivplan uitleg CODE` prints, in Dutch, with the headings
  `Wat`, `Waarom`, `Hoe op te lossen` and `Bron`;
- `CODE`, `SEVERITY` (`fout` or `waarschuwing`), `TITLE` (one Dutch line for `ivplan regels`);
- `NEEDS`: the sections the rule reads; when one of them failed the schema (missing or of the wrong
  type) the rule stays silent, because IVP000 already reports it. `"plan.periode"` also counts as
  failed when IVP001 rejects the period;
- `REGIO`: True for a rule that only runs with a regio file;
- `PASSES` and `FAILS`: YAML fragments applied to the minimal plan `tests/data/rules/base_plan.yaml`:
  each key is a path into the plan (`plan.periode`, `meetbare_doelen[0].richting`) and its value
  replaces what is there (the value `<weg>` removes the key; an index one past the end appends an
  item); keys starting with `regio.` apply to the minimal regio file `tests/data/rules/base_regio.yaml`
  and make the test run with it. `FAILS_AT` is the path the failing fragment is reported at (the
  linter reduces a finding's path to the deepest element that exists). A parametrised test
  (tests/test_rules.py) runs them for every rule;
- `check(plan: PlanView) -> Iterable[Finding]`.

Some rules are special. IVP080 (`LOADER = True`) is reported by the loader, the only stage that sees
the escapes; its `check()` yields nothing. IVP037 (`CROSS_PLAN = True`) compares several plans: its
`check()` yields nothing and `check_plans()` is called by `lint.cross_plan()`; its PASSES/FAILS
fragments describe the second of two plans whose first is the minimal plan. IVP144-IVP149
(`CIJFERS = True`) are reported by `ivplan cijfers` (app/cijfers.py), which reads the published series
(validate and build never use the network); their `check()` yields nothing, and their fragments are run
through `ivplan cijfers --bron tests/data/open-data`. `FAILS_STYLE = "flow"` writes the failing plan in
flow style throughout (IVP149: nothing can be edited in place there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ivplan.core.diagnostics import format_path
from ivplan.validation.rules.references import unresolved
from ivplan.validation.schema import FailedPaths, SchemaResult

# --------------------------------------------------------------------------------------------------
# A period {start, eind}: read here once, for the plan (IVP001 and every rule that NEEDS plan.periode)
# and for a regional plan (IVP033).

# The raad sets the doelen at least once every four years (Politiewet 2012, art. 38b), so a plan spans
# at most five calendar years (IVP001; IVP005 warns at five).
MAX_KALENDERJAREN = 5


def periode_jaren(periode) -> tuple[int, int] | None:
    """(start, eind) of a {start, eind} mapping whose years are both whole numbers, else None."""
    if not isinstance(periode, dict):
        return None
    start, eind = periode.get("start"), periode.get("eind")
    if type(start) is not int or type(eind) is not int:  # true/false are no years
        return None
    return start, eind


def periode_fout(start: int, eind: int) -> str | None:
    """What is wrong with the plan period start-eind (IVP001), or None."""
    if eind < start:
        return f"het eindjaar {eind} ligt voor het beginjaar {start}"
    if eind - start + 1 > MAX_KALENDERJAREN:
        return (
            f"de periode {start}-{eind} beslaat {eind - start + 1} kalenderjaren; de raad stelt de doelen ten "
            f"minste eens in de vier jaar vast (hoogstens {MAX_KALENDERJAREN} kalenderjaren)"
        )
    return None


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on one element. The linter turns it into a Diagnostic: it adds the code and
    severity and points at the deepest element of `path` that exists in the file."""

    path: tuple
    message: str
    data: tuple = ()  # what a program may need beyond the message (e.g. IVP092's missing soorten)
    # `path` names a key that is absent: the diagnostic keeps that path and points, like IVP000 for a
    # missing key, at the key of the mapping that should hold it (line 1 for a top-level key)
    missing: bool = False


@dataclass
class Regio:
    """A validated regio file, as the rules see it."""

    data: dict
    file: str

    @property
    def speerpunten(self) -> list[dict]:
        return [s for s in self.data.get("speerpunten", []) if isinstance(s, dict) and "id" in s]

    @property
    def politie_eenheid(self) -> str | None:
        return (self.data.get("regio") or {}).get("politie_eenheid")

    @property
    def regionaal_plan(self) -> dict | None:
        rp = self.data.get("regionaal_plan")
        return rp if isinstance(rp, dict) else None

    @property
    def eisen(self) -> dict[str, str]:
        return dict(self.data.get("eisen") or {})


@dataclass
class Joint:
    """For the merged plan of a deel B (docs/gezamenlijke-plannen.md): what the joint rules (`JOINT = True`) read of
    the two parts, each as validated (a section that failed its schema is absent), and how a message
    names an element of the merged plan (`where`: with deel A's file:line:col for deel A's)."""

    deel_a: dict
    deel_b: dict
    deel_a_file: str
    counts: dict  # joined list -> number of deel A items
    where: Callable[[tuple], str]
    positions_a: Any = None  # deel A's Positions, for messages that name a line there


class PlanView:
    """The validated plan as rules read it: only what passed the schema is handed out."""

    def __init__(
        self,
        result: SchemaResult,
        regio: Regio | None = None,
        folder: Path | str | None = None,
        joint: Joint | None = None,
    ):
        self.joint = joint
        self._result = result
        self.data: dict = result.data if isinstance(result.data, dict) else {}
        self.regio = regio
        # The folder of the plan file (relative paths in the plan, such as gemeente.logo, start there);
        # None when the plan was not read from a file: rules that need it stay silent.
        self.folder: Path | None = Path(folder) if folder is not None else None
        self._unresolved: FailedPaths | None = None

    def where(self, path) -> str:
        """How a message names another element of this plan (in a merged plan: with its file)."""
        return self.joint.where(tuple(path)) if self.joint is not None else format_path(path)

    # sections and elements -------------------------------------------------------------------
    def get(self, *path, default=None) -> Any:
        """The value at `path` when it exists and passed the schema entirely, else `default`."""
        cur: Any = self.data
        for part in path:
            try:
                cur = cur[part]
            except (KeyError, IndexError, TypeError):
                return default
        return cur if self._result.element_ok(*path) else default

    def section_ok(self, *path) -> bool:
        return self._result.section_ok(*path)

    def items(self, *path) -> Iterator[tuple[int, dict]]:
        """(index, item) for each item of the list at `path` that passed the schema entirely."""
        if not self.section_ok(*path):
            return
        cur: Any = self.data
        for part in path:
            cur = cur[part]
        if not isinstance(cur, list):
            return
        for i, item in enumerate(cur):
            if isinstance(item, dict) and self._result.element_ok(*path, i):
                yield i, item

    def first_items(self, *path) -> Iterator[tuple[int, dict]]:
        """items(), without an item whose `id` an earlier item of the list already has (IVP003 reports that
        one): references resolve to the first item with the id, so a rule that judges an item by what refers to
        it (a partner's doelen, a prioriteit's doelen) judges the first and leaves the later ones alone."""
        earlier: set[str] = set()
        usable = dict(self.items(*path))
        for i, item in self.all_items(*path):
            ident = item.get("id")
            if i in usable and ident not in earlier:
                yield i, item
            if isinstance(ident, str) and self.element_ok(*path, i, "id"):
                earlier.add(ident)

    def raw(self, *path, default=None) -> Any:
        """The value at `path` as written, whether or not it passed the schema (for evidence only:
        e.g. a doel with a schema error still shows which prioriteit it was meant for)."""
        cur: Any = self.data
        for part in path:
            try:
                cur = cur[part]
            except (KeyError, IndexError, TypeError):
                return default
        return cur

    def has(self, *path) -> bool:
        """The key or index at `path` is present in the file (whatever its value)."""
        parent = self.raw(*path[:-1])
        last = path[-1]
        if isinstance(parent, dict):
            return last in parent
        if isinstance(parent, list) and isinstance(last, int):
            return 0 <= last < len(parent)
        return False

    def element_ok(self, *path) -> bool:
        """No schema error at or below `path`."""
        return self._result.element_ok(*path)

    def all_items(self, *path) -> Iterator[tuple[int, dict]]:
        """(index, item) for every mapping in the list at `path`, also items that failed the schema,
        when the list itself is usable. Rules use it to gather evidence, never to judge an item."""
        if not self.section_ok(*path):
            return
        cur = self.raw(*path)
        if not isinstance(cur, list):
            return
        for i, item in enumerate(cur):
            if isinstance(item, dict):
                yield i, item

    def texts(self, *path, key: str) -> set[str]:
        """The text values of `key` over every item of the list at `path` (all_items: as written)."""
        return {item[key] for _, item in self.all_items(*path) if isinstance(item.get(key), str)}

    def holds_unresolved(self, *path) -> bool:
        """The element at `path` (or something inside it) is a reference that does not resolve
        (IVP002 reports it; other rules skip the element)."""
        if self._unresolved is None:
            self._unresolved = FailedPaths(path for path, *_ in unresolved(self))
        return tuple(path) in self._unresolved.prefixes  # one lookup: rules ask this for every doel

    def ids(self, *path) -> set[str]:
        """The ids of a list section's items whose `id` passed the schema, also when another field of
        the item did not: a reference to such an item is not unresolved (one defect, one message)."""
        if not self.section_ok(*path):
            return set()
        items = self.data
        for part in path:
            items = items[part]
        if not isinstance(items, list):
            return set()
        return {
            item["id"]
            for i, item in enumerate(items)
            if isinstance(item, dict) and isinstance(item.get("id"), str) and self._result.element_ok(*path, i, "id")
        }

    # the plan period -------------------------------------------------------------------------
    @property
    def periode(self) -> tuple[int, int] | None:
        """(start, eind) when the period passed the schema and IVP001, else None."""
        if not self.section_ok("plan", "periode"):
            return None
        jaren = periode_jaren(self.get("plan", "periode"))
        return jaren if jaren is not None and periode_fout(*jaren) is None else None

    @property
    def needed_periode(self) -> tuple[int, int]:
        """`periode` for a rule with "plan.periode" in NEEDS: lint runs it only when there is one."""
        periode = self.periode
        if periode is None:
            raise RuntimeError('a rule that reads the plan period must list "plan.periode" in NEEDS')
        return periode

    @property
    def needed_regio(self) -> Regio:
        """`regio` for a rule with REGIO = True: lint runs it only beside a regio file."""
        if self.regio is None:
            raise RuntimeError("a rule that reads the regio file must set REGIO = True")
        return self.regio

    @property
    def needed_joint(self) -> Joint:
        """`joint` for a rule with JOINT = True: lint runs it only on a deel B's merged plan."""
        if self.joint is None:
            raise RuntimeError("a rule that reads deel A must set JOINT = True")
        return self.joint

    def needs_met(self, needs: tuple[str, ...]) -> bool:
        for need in needs:
            if need == "plan.periode":
                if self.periode is None:
                    return False
                continue
            if not self.section_ok(*need.split(".")):
                return False
        return True
