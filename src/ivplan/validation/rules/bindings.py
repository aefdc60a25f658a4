"""The items of a plan that are bound to open data (`open_data` on a doel or a cijfer), for the rules
IVP140-IVP143. Plain functions over a PlanView, like references.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def bound_items(plan: Any) -> Iterator[tuple[tuple, dict, str]]:
    """(path, item, what) for every doel and cijfer with `open_data` that passed the schema; `what` names
    the item in a message ("doel 'd1'", "cijfer 'Woninginbraken'")."""
    for i, doel in plan.items("meetbare_doelen"):
        if isinstance(doel.get("open_data"), dict):
            yield ("meetbare_doelen", i), doel, f"doel '{doel.get('id')}'"
    for i, bevinding in plan.items("probleemanalyse", "bevindingen"):
        for j, cijfer in enumerate(bevinding.get("cijfers") or []):
            if isinstance(cijfer, dict) and isinstance(cijfer.get("open_data"), dict):
                path = ("probleemanalyse", "bevindingen", i, "cijfers", j)
                yield path, cijfer, f"cijfer '{cijfer.get('omschrijving')}'"


def bronnen(plan: Any) -> dict[str, dict]:
    """Every bron by id, as written (a bron whose open_data failed the schema still has one: IVP000
    reports that, not IVP140); with an id twice, the first (references resolve to it)."""
    out: dict[str, dict] = {}
    for _, b in plan.all_items("probleemanalyse", "bronnen"):
        if isinstance(b.get("id"), str):
            out.setdefault(b["id"], b)
    return out
