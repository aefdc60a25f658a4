"""Where a plan refers to an id, and which references do not resolve (IVP002 reports them; every other
rule skips an element that holds one, through `PlanView.holds_unresolved`).

Plain functions over a PlanView-like object (`ids`, `items`, `section_ok`), so that rules/base.py and
ivp002 can both use them without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# What a dangling reference names, per kind of list it should be in.
WHAT = {
    "prioriteiten": "onbekende prioriteit",
    "bronnen": "onbekende bron",
    "partners": "onbekende partner",
    "meetbare_doelen": "onbekend doel",
}


def _per_bron(base: tuple, item: dict, bronnen: set[str]) -> list[tuple]:
    """The bron of an `open_data.per` (the noemer of a figure per 1.000 inwoners)."""
    od = item.get("open_data")
    per = od.get("per") if isinstance(od, dict) else None
    if isinstance(per, dict) and "bron" in per:
        return [(base + ("open_data", "per", "bron"), per["bron"], bronnen, "bronnen")]
    return []


def unresolved(plan: Any) -> Iterator[tuple[tuple[str | int, ...], str, set[str], str]]:
    """(path, value, known ids, kind) for every reference whose value is not a known id."""
    prioriteiten = plan.ids("prioriteiten")
    bronnen = plan.ids("probleemanalyse", "bronnen")
    partners = plan.ids("partners")
    doelen = plan.ids("meetbare_doelen")
    checks: list[tuple[tuple[str | int, ...], object, set[str], str]] = []
    if plan.section_ok("meetbare_doelen"):
        for i, d in plan.items("meetbare_doelen"):
            base = ("meetbare_doelen", i)
            if plan.section_ok("prioriteiten"):
                checks.append((base + ("prioriteit",), d.get("prioriteit"), prioriteiten, "prioriteiten"))
            if plan.section_ok("probleemanalyse", "bronnen"):
                checks.append((base + ("bron",), d.get("bron"), bronnen, "bronnen"))
                checks += _per_bron(base, d, bronnen)
            if plan.section_ok("partners"):
                checks.append((base + ("trekker",), d.get("trekker"), partners, "partners"))
                for j, p in enumerate(d.get("partners") or []):
                    checks.append((base + ("partners", j), p, partners, "partners"))
    if plan.section_ok("meetbare_doelen"):
        for i, p in plan.items("partners"):
            for j, a in enumerate(p.get("afspraken") or []):
                for k, doel in enumerate(a.get("doelen") or []):
                    checks.append((("partners", i, "afspraken", j, "doelen", k), doel, doelen, "meetbare_doelen"))
    if plan.section_ok("prioriteiten"):
        for i, s in plan.items("regionale_afstemming", "speerpunten"):
            if "prioriteit" in s:
                checks.append(
                    (
                        ("regionale_afstemming", "speerpunten", i, "prioriteit"),
                        s["prioriteit"],
                        prioriteiten,
                        "prioriteiten",
                    )
                )
    if plan.section_ok("probleemanalyse", "bronnen"):
        for i, b in plan.items("probleemanalyse", "bevindingen"):
            for j, c in enumerate(b.get("cijfers") or []):
                checks.append(
                    (("probleemanalyse", "bevindingen", i, "cijfers", j, "bron"), c.get("bron"), bronnen, "bronnen")
                )
                if isinstance(c, dict):
                    checks += _per_bron(("probleemanalyse", "bevindingen", i, "cijfers", j), c, bronnen)
    if plan.section_ok("partners"):
        for i, o in plan.items("monitoring", "overleg"):
            for j, p in enumerate(o.get("partners") or []):
                checks.append((("monitoring", "overleg", i, "partners", j), p, partners, "partners"))
    if plan.section_ok("prioriteiten"):
        for i, r in plan.items("financien", "begroting"):
            if "prioriteit" in r:
                checks.append(
                    (("financien", "begroting", i, "prioriteit"), r["prioriteit"], prioriteiten, "prioriteiten")
                )
    for path, value, ids, kind in checks:
        if isinstance(value, str) and value not in ids:
            yield path, value, ids, kind
