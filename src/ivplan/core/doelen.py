"""The arithmetic of a meetbaar doel, shared by the voortgang verdicts (documents/voortgang.py) and the
jaardoel rules of an uitvoeringsprogramma (IVP115, IVP116): numbers exactly as written, the straight
path from nulmeting to streefwaarde, and the margin around a streefwaarde to `handhaven`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

# handhaven: the margin around the streefwaarde
MARGE_RELATIEF = Fraction(5, 100)
MARGE_BIJ_NUL = Fraction(5, 100)


def exact(x: Any) -> Fraction:
    """A number as written (floats through their shortest repr: 0.1 is exactly 1/10)."""
    if isinstance(x, bool):
        raise ValueError(f"geen getal: {x!r}")
    if isinstance(x, float):
        return Fraction(repr(x))
    return Fraction(x)


def verwachte_waarde(doel: dict[str, Any], jaar: int) -> Fraction | None:
    """The value on the straight line from nulmeting to streefwaarde in `jaar` (the streefwaarde itself
    after streefwaarde.jaar); None when both lie in the same year (no path)."""
    nj, nw = doel["nulmeting"]["jaar"], exact(doel["nulmeting"]["waarde"])
    sj, sw = doel["streefwaarde"]["jaar"], exact(doel["streefwaarde"]["waarde"])
    if nj == sj:
        return None
    t = Fraction(jaar - nj, sj - nj)
    t = max(Fraction(0), min(Fraction(1), t))
    return nw + (sw - nw) * t


def marge(streefwaarde: object) -> Fraction:
    """handhaven: the allowed distance from the streefwaarde (5 % of it, 0,05 when it is 0)."""
    sw = exact(streefwaarde)
    return MARGE_BIJ_NUL if sw == 0 else abs(sw) * MARGE_RELATIEF
