"""From published series to the figures a plan holds: `per` ratios and rounding (docs/open-data.md §4).

Arithmetic is in `decimal`, rounded half up to `decimalen` only at the end (133 / 38450 × 1000 =
3.459… → 3.5; 3.05 → 3.1). CBS's own rounding (counts rounded to fives) is taken as published. A figure
is written fixed-point with exactly `decimalen` decimals (`3.0`, `7559`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ivplan.source.opendata.model import MAX_DECIMALS, Series

PER_DECIMALS = 1  # the default number of decimals of a `per` figure


@dataclass(frozen=True)
class Figure:
    year: int
    value: Decimal  # rounded
    text: str  # as written in the plan
    provisional: bool


@dataclass
class Figures:
    """A binding's figures per year, and the years that have none."""

    by_year: dict[int, Figure] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)  # no published value (IVP147)
    no_denominator: list[int] = field(default_factory=list)  # the noemer is missing or 0 (IVP148)
    too_large: dict[int, Decimal] = field(default_factory=dict)  # beyond what a plan may hold (IVP147)
    newest_year: int | None = None  # the newest published year of the series

    def years_with_value(self) -> list[int]:
        return sorted(self.by_year)


def rounded(value: Decimal, decimals: int) -> tuple[Decimal, str]:
    """Half up to `decimals` (at most MAX_DECIMALS); the text fixed-point with exactly that many decimals,
    never '-0'."""
    decimals = min(decimals, MAX_DECIMALS)
    with localcontext() as ctx:
        ctx.prec = 60
        q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)
    return q, f"{q:f}"


def _places(value: Decimal) -> int:
    """The decimal places `value` is written with (0 for a whole number such as 12E1)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0  # a str exponent: NaN or Infinity


def figures(
    teller: Series,
    decimalen: int | None,
    noemer: Series | None = None,
    schaal: int = 1,
    *,
    largest: int | None = None,
) -> Figures:
    """The figures of `teller` (per `noemer` × `schaal`); a figure that is not finite or whose size exceeds
    `largest` (the plan format's bound on numbers) goes to `too_large`: it can be neither rounded nor
    written into a plan."""
    out = Figures(newest_year=teller.newest_year)
    for year, point in teller.points.items():
        if point.value is None:
            out.missing.append(year)
            continue
        provisional = point.provisional
        decimals: int | None
        if noemer is not None:
            below = noemer.points.get(year)
            if below is None or below.value is None or below.value == 0:
                out.no_denominator.append(year)
                continue
            with localcontext() as ctx:
                ctx.prec = 60
                value = point.value * Decimal(schaal) / below.value
            provisional = provisional or below.provisional
            decimals = PER_DECIMALS if decimalen is None else decimalen
        else:
            value = point.value
            decimals = decimalen
            if decimals is None:
                decimals = teller.decimals
            if decimals is None:
                decimals = point.decimals if point.decimals is not None else _places(value)
        if not value.is_finite() or (largest is not None and abs(value) > largest):
            out.too_large[year] = value
            continue
        q, text = rounded(value, decimals)
        out.by_year[year] = Figure(year, q, text, provisional)
    return out
