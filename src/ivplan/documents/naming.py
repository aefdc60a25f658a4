"""What the documents of a plan are called and dated: one home for file names and the document date,
used by the build, the voortgangsrapportage and the output-collision check.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ivplan.core.formatting import bestandsnaam
from ivplan.documents.voortgang import rapportjaar


def document_date(plan: dict[str, Any]) -> date:
    """Core properties take plan.datum, else vastgesteld_op, else 1 January of the start year."""
    p = plan.get("plan") or {}
    for key in ("datum", "vastgesteld_op"):
        if isinstance(p.get(key), str):
            return date.fromisoformat(p[key])
    return date(int((p.get("periode") or {}).get("start", 2000)), 1, 1)


def output_name(plan: dict[str, Any]) -> str:
    """`<gemeente>-ivp-<start>-<eind>`: the stem every document of the plan starts with."""
    p = plan["plan"]["periode"]
    return bestandsnaam(plan["gemeente"]["naam"], p["start"], p["eind"])


def name_collision(named: Iterable[tuple[str, str]]) -> str | None:
    """The Dutch message for the first output name that two plans share, or None. `named`: (plan
    file, output name) pairs in the order of the command line. Checked before anything is written."""
    first: dict[str, str] = {}
    for file, name in named:
        if name in first:
            return f"{first[name]} en {file} krijgen dezelfde uitvoernaam '{name}'; er is niets geschreven"
        first[name] = file
    return None


def voortgang_naam(plan: dict[str, Any], jaar: int | None = None) -> str:
    """The report's file name without .docx: `<bestandsnaam>-voortgang-<jaar>` (jaar None: rapportjaar)."""
    return f"{output_name(plan)}-voortgang-{jaar or rapportjaar(plan)}"
