"""What the rules of an uitvoeringsprogramma (IVP100-IVP119, `KIND = "uitvoering"`) read: the
programme as it passed the schema, and the plan it points to, read where it passed (an item of a plan
with errors whose `id` passed still resolves).

A rule module for a programme has the same shape as a plan rule (rules/base.py), with
`KIND = "uitvoering"`, `check(prog: ProgrammeView)`, and PASSES/FAILS fragments applied to
tests/data/rules/base_uitvoering.yaml (keys starting with `plan.` apply to the plan it points to,
tests/data/rules/base_plan.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ivplan.validation.rules.base import PlanView
from ivplan.validation.schema import SchemaResult
from ivplan.validation.vocabulary import default_value

# A maatregel's status: its values and its default (gepland) are those of schemas/uitvoering.yaml.
MAATREGEL_STATUS = "prioriteiten[].actiepunten[].maatregelen[].status"


@dataclass(frozen=True)
class Maatregel:
    """One maatregel with where it sits: under `prioriteiten` or `overige_themas`, entry and actiepunt."""

    path: tuple  # ('prioriteiten', i, 'actiepunten', j, 'maatregelen', k)
    entry: int
    section: str
    data: dict

    @property
    def status(self) -> str:
        return self.data.get("status") or default_value(MAATREGEL_STATUS, "uitvoering")

    @property
    def live(self) -> bool:
        return self.status != "vervallen"

    def listed(self, key: str) -> list[Any]:
        """The list under `key` (doelen, speerpunten), empty when it is absent or no list."""
        value = self.data.get(key)
        return value if isinstance(value, list) else []


class ProgrammePeriode(Protocol):
    """What IVP119 reads of a programme: its period. A ProgrammeView, or the period alone that a worker
    process sends back for a programme of a large region (app/check.py)."""

    @property
    def periode(self) -> tuple[int, int] | None: ...


class ProgrammeView(PlanView):
    """The validated programme (a PlanView over its own schema result) plus `plan`: the plan's view, or
    None when the plan could not be read at all (IVP100 then says so and the other rules are silent)."""

    def __init__(self, result: SchemaResult, plan: PlanView | None):
        super().__init__(result)
        self.plan = plan
        self.plan_problem: str | None = None  # why `plan` names no readable plan (IVP100); set by the linter

    # the programme's period ------------------------------------------------------------------
    @property
    def periode(self) -> tuple[int, int] | None:
        """(start, eind) of `programma.periode` when it passed the schema and IVP103 (eind >= start, at
        most two years); eind defaults to start. IVP104 (within the plan) is checked apart."""
        p = self.get("programma", "periode")
        if not isinstance(p, dict) or not self.section_ok("programma", "periode"):
            return None
        start = p.get("start")
        eind = p.get("eind", start)
        if not isinstance(start, int) or not isinstance(eind, int):
            return None
        if eind < start or eind - start + 1 > 2:
            return None
        return start, eind

    @property
    def periode_in_plan(self) -> tuple[int, int] | None:
        """The period when it also lies within the plan's period (IVP104), else None. With the plan's
        period failing IVP104 cannot judge it: the programme's own period then still holds (IVP110, IVP114);
        the rules comparing with the plan's period check `plan.periode` themselves."""
        own, plan = self.periode, self.plan.periode if self.plan is not None else None
        if own is None:
            return None
        if plan is not None and (own[0] < plan[0] or own[1] > plan[1]):
            return None
        return own

    # the maatregelen -------------------------------------------------------------------------
    def maatregelen(self, *, valid_only: bool = True) -> Iterator[Maatregel]:
        """Every maatregel under prioriteiten and overige_themas, in file order. `valid_only`: only
        those that passed the schema entirely (rules judging a maatregel); else every mapping (rules
        that count what is present)."""
        for section in ("prioriteiten", "overige_themas"):
            entries = self.items(section) if valid_only else self.all_items(section)
            for i, _entry in entries:
                for j, _ap in self.all_items(section, i, "actiepunten"):
                    for k, m in self.all_items(section, i, "actiepunten", j, "maatregelen"):
                        path = (section, i, "actiepunten", j, "maatregelen", k)
                        if valid_only and not self.element_ok(*path):
                            continue
                        yield Maatregel(path, i, section, m)

    def unseen_maatregelen(self, section: str) -> set[int] | None:
        """The entries of `section` under which a maatregel may sit that `maatregelen()` cannot see,
        because a list on the way or one of its items failed the schema (`actiepunten` missing,
        `maatregelen: x`, an item that is no mapping). Such an element still counts as present
        (for IVP109, IVP112, IVP113). None when the whole section is present but unreadable;
        empty when the section is absent."""
        if not self.has(section):
            return set()
        entries = self.raw(section)
        if not self.section_ok(section) or not isinstance(entries, list):
            return None
        return {i for i, entry in enumerate(entries) if not isinstance(entry, dict) or self._hides((section, i))}

    def _hides(self, entry: tuple) -> bool:
        aps = self.raw(*entry, "actiepunten")
        if not self.section_ok(*entry, "actiepunten") or not isinstance(aps, list):
            return True
        for j, ap in enumerate(aps):
            if not isinstance(ap, dict):
                return True
            ms = ap.get("maatregelen")
            if not self.section_ok(*entry, "actiepunten", j, "maatregelen") or not isinstance(ms, list):
                return True
            if not all(isinstance(m, dict) for m in ms):
                return True
        return False

    def all_maatregelen_seen(self) -> bool:
        """No maatregel under prioriteiten or overige_themas is hidden by a schema failure."""
        return all(self.unseen_maatregelen(section) == set() for section in ("prioriteiten", "overige_themas"))

    def plan_ids(self, *path) -> set[str]:
        return self.plan.ids(*path) if self.plan is not None else set()

    def plan_doel(self, doel_id: object) -> dict | None:
        if self.plan is None:
            return None
        for _, d in self.plan.items("meetbare_doelen"):
            if d.get("id") == doel_id:
                return d
        return None


# --------------------------------------------------------------------------------------------------
# References into the plan (IVP101; other rules skip what holds an unresolved one)

WHAT = {
    "prioriteit": "onbekende prioriteit",
    "thema": "onbekend overig thema",
    "partner": "onbekende partner",
    "doel": "onbekend meetbaar doel",
    "speerpunt": "onbekend regionaal speerpunt",
}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def known(prog: ProgrammeView) -> dict[str, set[str]]:
    """Per kind of reference, the values the plan knows (themes trimmed and case-folded)."""
    plan = prog.plan
    if plan is None:
        return {k: set() for k in WHAT}
    return {
        "prioriteit": plan.ids("prioriteiten"),
        "thema": {_fold(t) for t in plan.texts("overige_themas", key="thema")},
        "partner": plan.ids("partners"),
        "doel": plan.ids("meetbare_doelen"),
        "speerpunt": plan.texts("regionale_afstemming", "speerpunten", key="speerpunt"),
    }


def references(prog: ProgrammeView) -> Iterator[tuple[tuple, str, str]]:
    """(path, value, kind) for every reference into the plan whose element passed the schema."""

    def ref(path: tuple, kind: str):
        value = prog.raw(*path)
        if isinstance(value, str) and prog.element_ok(*path):
            yield path, value, kind

    for i, _ in prog.all_items("prioriteiten"):
        yield from ref(("prioriteiten", i, "prioriteit"), "prioriteit")
    for i, _ in prog.all_items("overige_themas"):
        yield from ref(("overige_themas", i, "thema"), "thema")
    for m in prog.maatregelen(valid_only=False):
        yield from ref((*m.path, "trekker"), "partner")
        for key, kind in (("partners", "partner"), ("doelen", "doel"), ("speerpunten", "speerpunt")):
            values = m.data.get(key)
            for k in range(len(values) if isinstance(values, list) else 0):
                yield from ref((*m.path, key, k), kind)
    for i, w in prog.all_items("regulier_werk"):
        if "trekker" in w:
            yield from ref(("regulier_werk", i, "trekker"), "partner")
    for i, _ in prog.all_items("jaardoelen"):
        yield from ref(("jaardoelen", i, "doel"), "doel")


def unresolved(prog: ProgrammeView) -> list[tuple[tuple, str, str]]:
    """The references the plan does not know (none while there is no plan to resolve them against)."""
    if prog.plan is None:
        return []
    ids = known(prog)
    return [
        (path, value, kind)
        for path, value, kind in references(prog)
        if (_fold(value) if kind == "thema" else value) not in ids[kind]
    ]


def failed_kinds(prog: ProgrammeView) -> set[str]:
    """The kinds of reference (prioriteit, doel, speerpunt) of which one is present but failed the schema
    (`prioriteit: [jeugd]`, `doelen: x`, `speerpunten: [null]`), or missing from an entry that needs it:
    it counts as present, and its value is unknown."""
    out: set[str] = set()
    if prog.has("prioriteiten") and prog.section_ok("prioriteiten"):
        for i, entry in enumerate(prog.raw("prioriteiten") or []):
            if not isinstance(entry, dict) or not prog.element_ok("prioriteiten", i, "prioriteit"):
                out.add("prioriteit")
            elif "prioriteit" not in entry:
                out.add("prioriteit")
    for m in prog.maatregelen(valid_only=False):
        for key, kind in (("doelen", "doel"), ("speerpunten", "speerpunt")):
            if key in m.data and not prog.element_ok(*m.path, key):
                out.add(kind)
    return out


def unresolved_kinds(prog: ProgrammeView) -> set[str]:
    """The kinds of reference of which one is unresolved or failed the schema: IVP109, IVP112 and IVP113
    are silent while one of theirs is."""
    return {kind for _, _, kind in unresolved(prog)} | failed_kinds(prog)


def jaardoelen(prog: ProgrammeView) -> Iterator[tuple[int, dict, dict]]:
    """(index, jaardoel, plan doel) for every jaardoel that passed the schema and whose doel resolves to a
    plan doel that passed the schema."""
    for i, jd in prog.items("jaardoelen"):
        doel = prog.plan_doel(jd.get("doel"))
        if doel is not None:
            yield i, jd, doel
