"""Where a plan refers to an id, and which references do not resolve (IVP002 reports them; every other
rule skips an element that holds one, through `PlanView.holds_unresolved`).

Plain functions over a PlanView-like object (`ids`, `items`, `section_ok`), so that rules/base.py and
ivp002 can both use them without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ivplan.validation.delen import A, joined_list, only_in

# What a dangling reference names, per kind of list it should be in.
WHAT = {
    "prioriteiten": "onbekende prioriteit",
    "bronnen": "onbekende bron",
    "partners": "onbekende partner",
    "meetbare_doelen": "onbekend doel",
}


def _reference_ok(plan: Any, path: tuple, depth: int) -> bool:
    """The reference at `path` passed the schema, and so did the list item `path[:depth]` that holds it
    and every container between them. Another field of that item may have failed: the reference is
    still checked: a bad item inside a list is skipped on its own, the rest of it is checked."""
    return all(plan.section_ok(*path[:n]) for n in range(depth, len(path))) and plan.element_ok(*path)


def _dicts(value: Any) -> list[tuple[int, dict]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _values(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _per_bron(base: tuple, item: dict, bronnen: set[str]) -> list[tuple]:
    """The bron of an `open_data.per` (the noemer of a figure per 1.000 inwoners)."""
    od = item.get("open_data")
    per = od.get("per") if isinstance(od, dict) else None
    if isinstance(per, dict) and "bron" in per:
        return [(base + ("open_data", "per", "bron"), per["bron"], bronnen, "bronnen")]
    return []


def unresolved(plan: Any) -> Iterator[tuple[tuple[str | int, ...], str, set[str], str]]:
    """(path, value, known ids, kind) for every reference whose value is not a known id: in every item
    of a usable list, also an item another field of which failed the schema (`_reference_ok`)."""
    prioriteiten = plan.ids("prioriteiten")
    bronnen = plan.ids("probleemanalyse", "bronnen")
    partners = plan.ids("partners")
    doelen = plan.ids("meetbare_doelen")
    checks: list[tuple[tuple[str | int, ...], object, set[str], str]] = []  # path, value, ids, kind
    depth: dict[tuple, int] = {}  # path -> length of the path of the list item that holds it

    def add(item: tuple, found: list[tuple]) -> None:
        for check in found:
            depth[check[0]] = len(item)
            checks.append(check)

    if plan.section_ok("meetbare_doelen"):
        for i, d in plan.all_items("meetbare_doelen"):
            base: tuple = ("meetbare_doelen", i)
            found: list[tuple] = []
            if plan.section_ok("prioriteiten"):
                found.append((base + ("prioriteit",), d.get("prioriteit"), prioriteiten, "prioriteiten"))
            if plan.section_ok("probleemanalyse", "bronnen"):
                found.append((base + ("bron",), d.get("bron"), bronnen, "bronnen"))
                found += _per_bron(base, d, bronnen)
            if plan.section_ok("partners"):
                found.append((base + ("trekker",), d.get("trekker"), partners, "partners"))
                for j, partner in _values(d.get("partners")):
                    found.append((base + ("partners", j), partner, partners, "partners"))
            add(base, found)
        for i, item in plan.all_items("partners"):
            for j, a in _dicts(item.get("afspraken")):
                for k, doel in _values(a.get("doelen")):
                    add(
                        ("partners", i),
                        [(("partners", i, "afspraken", j, "doelen", k), doel, doelen, "meetbare_doelen")],
                    )
    if plan.section_ok("prioriteiten"):
        for i, speerpunt in plan.all_items("regionale_afstemming", "speerpunten"):
            if "prioriteit" in speerpunt:
                base = ("regionale_afstemming", "speerpunten", i)
                add(base, [(base + ("prioriteit",), speerpunt["prioriteit"], prioriteiten, "prioriteiten")])
        for i, r in plan.all_items("financien", "begroting"):
            if "prioriteit" in r:
                base = ("financien", "begroting", i)
                add(base, [(base + ("prioriteit",), r["prioriteit"], prioriteiten, "prioriteiten")])
    if plan.section_ok("probleemanalyse", "bronnen"):
        for i, b in plan.all_items("probleemanalyse", "bevindingen"):
            for j, c in _dicts(b.get("cijfers")):
                base = ("probleemanalyse", "bevindingen", i, "cijfers", j)
                add(base, [(base + ("bron",), c.get("bron"), bronnen, "bronnen")] + _per_bron(base, c, bronnen))
    if plan.section_ok("partners"):
        for i, o in plan.all_items("monitoring", "overleg"):
            for j, partner in _values(o.get("partners")):
                add(
                    ("monitoring", "overleg", i),
                    [(("monitoring", "overleg", i, "partners", j), partner, partners, "partners")],
                )
    in_a = _deel_a_ids(plan)
    for path, value, ids, kind in checks:
        if in_a is not None and _written_in_deel_a(path, plan.joint.counts):
            ids = ids & in_a[kind]  # a reference from deel A resolves in deel A only
        if isinstance(value, str) and value not in ids and _reference_ok(plan, path, depth[path]):
            yield path, value, ids, kind


# Where the ids a reference names are listed, per kind.
LISTS = {
    "prioriteiten": ("prioriteiten",),
    "bronnen": ("probleemanalyse", "bronnen"),
    "partners": ("partners",),
    "meetbare_doelen": ("meetbare_doelen",),
}


def _deel_a_ids(plan: Any) -> dict[str, set[str]] | None:
    """In a deel B's merged plan (docs/gezamenlijke-plannen.md), the ids per kind that deel A's own items
    give (deel A's items come first in each joined list); None for any other plan."""
    joint = getattr(plan, "joint", None)
    if joint is None:
        return None
    return {
        kind: {
            item["id"]
            for i, item in plan.all_items(*lst)
            if i < joint.counts.get(lst, 0) and isinstance(item.get("id"), str)  # a list as id: IVP000
        }
        for kind, lst in LISTS.items()
    }


def _written_in_deel_a(path: tuple, counts: dict) -> bool:
    """The merged plan's element at `path` is written in deel A."""
    lst = joined_list(path)
    if lst is not None and len(path) > len(lst) and isinstance(path[len(lst)], int):
        return path[len(lst)] < counts.get(lst, 0)
    return only_in(path) == A
