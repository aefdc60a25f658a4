"""What the open-data readers hand out: tables, series and the errors a user can act on.

Plain data. A `Table` is one CBS or politie table as the OData v3 API describes it (from saved JSON files
or fetched online); a StatLine CSV download becomes a `Series` directly (statline_csv.py). A `Series` is
one value per year with its provisional status, which app/cijfers.py compares with the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# DataProperties `Type` -> the role a dimension plays (docs/open-data.md §6).
REGION_TYPES = ("GeoDimension", "GeoDetail")
PERIOD_TYPE = "TimeDimension"
FILTER_TYPE = "Dimension"
TOPIC_TYPE = "Topic"

# Period statuses and titles that mark a provisional figure (v3 `Perioden.Status`; StatLine's `2025*`).
PROVISIONAL_STATUS = ("Voorlopig", "NaderVoorlopig")
YEAR_CODE = re.compile(r"^(\d{4})JJ00$")
MONTH_CODE = re.compile(r"^(\d{4})MM(0[1-9]|1[0-2])$")

MAX_LISTED = 10  # valid values named in a message
# No published figure has more decimals than this: a table's Decimals beyond it (or below 0) counts as not
# given, and a value written with more places (1E-70) is rounded to it, so the arithmetic stays exact.
MAX_DECIMALS = 10


class SeriesError(Exception):
    """The series of a binding cannot be read (IVP144): no file or table, an unknown meetwaarde, filter
    code or region, more than one row per period, a CSV that is not StatLine's. The message is Dutch."""


class NetworkError(Exception):
    """No answer from the server after every try (exit 2). `host` is the host that was asked."""

    def __init__(self, host: str, detail: str = ""):
        super().__init__(f"geen verbinding met {host}")
        self.host = host
        self.detail = detail


class SourceUsageError(Exception):
    """A source the user named cannot be used at all (exit 2): an unreadable --bron folder, an http://
    base URL that is not on this computer. The message is Dutch."""


@dataclass(frozen=True)
class Code:
    """One category of a dimension: `key` trimmed (CBS pads keys to a fixed width), `raw` as served."""

    key: str
    raw: str
    title: str = ""
    status: str = ""

    @property
    def provisional(self) -> bool:
        return self.status in PROVISIONAL_STATUS or self.title.rstrip().endswith("*")


@dataclass
class Dimension:
    key: str  # 'RegioS', 'Perioden', 'SoortMisdrijf'
    type: str  # the DataProperties Type
    title: str = ""
    codes: list[Code] | None = None  # None: no dimension list was read (the rows' values are used)


@dataclass(frozen=True)
class Topic:
    key: str
    title: str = ""
    unit: str = ""
    decimals: int | None = None


@dataclass
class Table:
    """One table: its dimensions and topics (DataProperties), dimension lists, and the rows read."""

    tabel: str  # as the plan writes it
    where: str  # for messages: 'map X' or the host
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)  # JSON rows as the API gives them
    modified_year: int | None = None

    def dimension(self, types: tuple[str, ...] | str) -> Dimension | None:
        types = (types,) if isinstance(types, str) else types
        return next((d for d in self.dimensions.values() if d.type in types), None)

    @property
    def region(self) -> Dimension | None:
        return self.dimension(REGION_TYPES)

    @property
    def period(self) -> Dimension | None:
        return self.dimension(PERIOD_TYPE)

    @property
    def filters(self) -> list[Dimension]:
        return [d for d in self.dimensions.values() if d.type == FILTER_TYPE]


@dataclass(frozen=True)
class Point:
    """The published figure of one year: None when there is none (`.`, `x`, null, a missing month)."""

    value: Decimal | None
    provisional: bool = False
    decimals: int | None = None  # as written (CSV), else None


@dataclass
class Series:
    """A binding's values per year, from the oldest to the newest published year."""

    points: dict[int, Point] = field(default_factory=dict)
    decimals: int | None = None  # the topic's Decimals (JSON), None for a CSV
    modified_year: int | None = None  # TableInfos.Modified

    @property
    def newest_year(self) -> int | None:
        return max(self.points) if self.points else None


@dataclass(frozen=True)
class Request:
    """What a binding asks of a table (docs/open-data.md §1). Codes are trimmed; `regio` None: no region filter."""

    meetwaarde: str | None
    filters: tuple[tuple[str, str], ...] = ()
    regio: str | None = None
    regio_given: bool = False  # written in the binding (not the default gemeente.cbs_code)
    perioden: str = "jaar"
    csv_kolom: str | None = None
    csv_rijen: tuple[tuple[str, str], ...] = ()
    csv_regio: tuple[str, ...] = ()  # cell texts that name the region in a CSV


def listed(values: Iterable[object], limit: int = MAX_LISTED) -> str:
    """'a, b, c' with at most `limit` values, '...' after them when there are more."""
    unique = list(dict.fromkeys(values))
    shown = ", ".join(f"'{v}'" for v in unique[:limit])
    return shown + (", ..." if len(unique) > limit else "") if unique else "geen"
