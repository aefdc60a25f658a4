"""How a plan takes up each regional speerpunt: as a local `prioriteit`, only `toegelicht`, or it
`ontbreekt`. One home for the verdict the regional check shows (documents/regio_rapport.py) and the
programme rules read (IVP113: a speerpunt the plan only explains).
"""

from __future__ import annotations

SP_PRIORITEIT = "prioriteit"
SP_TOEGELICHT = "toegelicht"
SP_ONTBREEKT = "ontbreekt"


def speerpunt_status(plan: dict, speerpunt_ids: list[str]) -> dict[str, str]:
    """Per regional speerpunt: `prioriteit` when an entry of `regionale_afstemming.speerpunten` links it
    to a local priority that exists, `toegelicht` when entries explain it (a non-empty `toelichting`)
    and none links it, else `ontbreekt` (absent, or listed with neither)."""
    prios: set[str] = set()
    items = plan.get("prioriteiten")
    if isinstance(items, list):
        prios = {p["id"] for p in items if isinstance(p, dict) and isinstance(p.get("id"), str)}
    linked: set[str] = set()
    explained: set[str] = set()
    ra = plan.get("regionale_afstemming")
    entries = ra.get("speerpunten") if isinstance(ra, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("speerpunt"), str):
            continue
        sp = entry["speerpunt"]
        prioriteit = entry.get("prioriteit")
        if isinstance(prioriteit, str) and prioriteit in prios:
            linked.add(sp)
        toelichting = entry.get("toelichting")
        if isinstance(toelichting, str) and toelichting.strip():
            explained.add(sp)
    return {
        sid: SP_PRIORITEIT if sid in linked else SP_TOEGELICHT if sid in explained else SP_ONTBREEKT
        for sid in speerpunt_ids
    }
