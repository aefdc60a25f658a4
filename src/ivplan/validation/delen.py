"""Where each element of a joint plan is written: deel A (shared), deel B (one gemeente's) or both.

The one home of the table in docs/gezamenlijke-plannen.md ("Deel B and the merge"). The schemas of both parts, the
merge, IVP123 and the documents all read it from here.
"""

from __future__ import annotations

# Elements only deel A may hold (paths into the file).
DEEL_A_ONLY: tuple[tuple, ...] = (
    ("ivplan_gezamenlijk",),
    ("samenwerking",),
    ("gemeenten",),
    ("plan", "titel"),
    ("plan", "periode"),
    ("regionale_afstemming", "regionaal_plan"),
    ("regionale_afstemming", "driehoek"),
    ("monitoring",),
)

# Elements only a deel B may hold.
DEEL_B_ONLY: tuple[tuple, ...] = (
    ("ivplan",),
    ("gezamenlijk",),
    ("gemeente",),
    ("plan", "status"),
    ("plan", "versie"),
    ("plan", "datum"),
    ("plan", "vastgesteld_op"),
    ("plan", "portefeuillehouder"),
    ("plan", "contactpersoon"),
    ("regionale_afstemming", "zienswijze_raad"),
    ("organisatie",),
    ("politie",),
    ("financien",),
    ("raadsvoorstel",),
)

# Sections both parts may hold: mappings whose keys each have a home, and lists that are joined.
BOTH_MAPPINGS: tuple[str, ...] = ("plan", "probleemanalyse", "participatie", "regionale_afstemming")

# Lists written in both parts: joined in the merged plan, deel A's items first.
JOINED_LISTS: tuple[tuple, ...] = (
    ("plan", "evaluatie_sterke_punten"),
    ("plan", "evaluatie_verbeterpunten"),
    ("probleemanalyse", "bronnen"),
    ("probleemanalyse", "bevindingen"),
    ("prioriteiten",),
    ("overige_themas",),
    ("meetbare_doelen",),
    ("partners",),
    ("begrippen",),
    ("regionale_afstemming", "speerpunten"),
)

# Top-level order of the merged plan (the order of a v1 plan).
MERGED_ORDER: tuple[str, ...] = (
    "ivplan",
    "gemeente",
    "plan",
    "probleemanalyse",
    "participatie",
    "prioriteiten",
    "overige_themas",
    "meetbare_doelen",
    "partners",
    "regionale_afstemming",
    "monitoring",
    "organisatie",
    "politie",
    "financien",
    "begrippen",
    "raadsvoorstel",
)

A, B = "A", "B"


def only_in(path: tuple) -> str | None:
    """'A' or 'B' when the element at `path` (or a section holding it) may only be written in that
    part, None when both may hold it."""
    for n in (1, 2):
        head = tuple(path[:n])
        if len(head) < n:
            break
        if head in DEEL_A_ONLY:
            return A
        if head in DEEL_B_ONLY:
            return B
    return None


def joined_list(path: tuple) -> tuple | None:
    """The joined list `path` lies in (the list itself or anything inside it), else None."""
    for lst in JOINED_LISTS:
        if tuple(path[: len(lst)]) == lst:
            return lst
    return None


def misplaced(data, part: str) -> list[tuple]:
    """Paths of the elements in `data` (one part's file) that belong to the other part only, in
    file order."""
    if not isinstance(data, dict):
        return []
    other = DEEL_B_ONLY if part == A else DEEL_A_ONLY
    out: list[tuple] = []
    for key, value in data.items():
        if key in ("ivplan", "ivplan_gezamenlijk"):
            continue  # the kind markers: both in one file is IVP000 (lint), not a misplaced element
        if (key,) in other:
            out.append((key,))
        elif isinstance(value, dict):
            out.extend((key, sub) for sub in value if (key, sub) in other)
    return out
