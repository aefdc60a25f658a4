"""One binding's series from a table in the OData v3 shape (saved JSON files or the API).

`resolve()` checks the binding against the table's metadata (topic, region, filter codes) before any
row is read, so the online reader can ask the server for exactly the rows it needs with the padded
keys; `series()` then turns the rows into one value per year. Rows are always filtered again here: a
full table, or a server that ignores the query, gives the same series.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ivplan.source.opendata.model import (
    FILTER_TYPE,
    MAX_DECIMALS,
    MONTH_CODE,
    PERIOD_TYPE,
    REGION_TYPES,
    TOPIC_TYPE,
    YEAR_CODE,
    Code,
    Dimension,
    Point,
    Request,
    Series,
    SeriesError,
    Table,
    Topic,
    listed,
)


def table_from_metadata(
    tabel: str, where: str, properties: list[Any], dimension_lists: dict[str, list[Any]], infos: list[Any]
) -> Table:
    """A Table (without rows) from the DataProperties list, the dimension lists read so far
    ({dimension key: rows}) and TableInfos (may be empty)."""
    table = Table(tabel, where, modified_year=modified_year(infos))
    for prop in properties:
        if not isinstance(prop, dict):
            continue
        kind, key = prop.get("Type"), _text(prop.get("Key"))
        if not key:
            continue  # TopicGroups have an empty Key
        if kind == TOPIC_TYPE:
            decimals = prop.get("Decimals")
            table.topics[key] = Topic(
                key,
                _text(prop.get("Title")),
                _text(prop.get("Unit")),
                int(decimals) if isinstance(decimals, (int, Decimal)) and 0 <= decimals <= MAX_DECIMALS else None,
            )
        elif kind in REGION_TYPES or kind in (PERIOD_TYPE, FILTER_TYPE):
            rows = dimension_lists.get(key)
            table.dimensions[key] = Dimension(
                key, kind, _text(prop.get("Title")), codes_from_rows(rows) if rows is not None else None
            )
    return table


def modified_year(infos: list[Any] | None) -> int | None:
    """The year of TableInfos.Modified (`2026-06-12T02:00:00`), None when absent."""
    for info in infos or []:
        if isinstance(info, dict):
            text = _text(info.get("Modified"))
            if len(text) >= 4 and text[:4].isdigit():
                return int(text[:4])
    return None


def codes_from_rows(rows: list[Any]) -> list[Code]:
    return [
        Code(raw.strip(), raw, _text(r.get("Title")), _text(r.get("Status")))
        for r in rows
        if isinstance(r, dict) and isinstance(raw := r.get("Key"), str)
    ]


@dataclass(frozen=True)
class Resolved:
    """A binding checked against a table: the padded keys to ask for."""

    topic: Topic
    period: Dimension
    region: Dimension | None
    region_raw: str | None
    filter_raw: tuple[tuple[str, str], ...]  # (dimension key, padded code)


def resolve(table: Table, req: Request) -> Resolved:
    if not req.meetwaarde:
        raise SeriesError(
            f"tabel {table.tabel} komt uit {table.where}, niet uit een CSV-bestand: geef open_data.meetwaarde "
            f"(bekend: {listed(table.topics)})"
        )
    topic = table.topics.get(req.meetwaarde)
    if topic is None:
        raise SeriesError(
            f"onbekende meetwaarde '{req.meetwaarde}' in tabel {table.tabel} (bekend: {listed(table.topics)})"
        )
    period = table.period
    if period is None:
        raise SeriesError(f"tabel {table.tabel} heeft geen perioden (geen TimeDimension); er is geen reeks per jaar")
    region = table.region
    region_raw = None
    if region is None:
        if req.regio_given:
            raise SeriesError(f"tabel {table.tabel} heeft geen regio's; laat open_data.regio weg")
    elif req.regio is not None:
        region_raw = _raw_code(table, region, req.regio, "regio", prefix_hint=True)
    filter_raw = []
    dims = table.filters
    for key, code in req.filters:
        dim = table.dimensions.get(key)
        if dim is None or dim.type != FILTER_TYPE:
            if dim is not None:
                raise SeriesError(
                    f"'{key}' is de regio- of periodekolom van tabel {table.tabel}; die hoort niet in filters "
                    "(gebruik open_data.regio of open_data.perioden)"
                )
            raise SeriesError(
                f"tabel {table.tabel} heeft geen kolom '{key}' om op te filteren (wel: {listed(d.key for d in dims)})"
            )
        filter_raw.append((key, _raw_code(table, dim, code, f"filter {key}")))
    return Resolved(topic, period, region, region_raw, tuple(filter_raw))


def _raw_code(table: Table, dim: Dimension, code: str, what: str, prefix_hint: bool = False) -> str:
    """The padded key of `code` in `dim`; SeriesError naming the column and valid values when unknown."""
    codes = dim.codes if dim.codes is not None else _codes_in_rows(table, dim.key)
    for c in codes:
        if c.key == code:
            return c.raw
    if dim.codes is None and not table.rows:
        return code  # no list and no rows yet (online: the rows are asked with this code)
    valid = codes
    if prefix_hint:  # for a region, the codes of the same kind (GM, WK, BU) say most
        same = [c for c in codes if c.key[:2] == code[:2]]
        valid = same or codes
    shown = [f"{c.key} ({c.title})" if c.title and c.title != c.key else c.key for c in valid]
    raise SeriesError(
        f"onbekende {what} '{code}': die staat niet in kolom '{dim.key}' van tabel {table.tabel} "
        f"(geldig: {listed(shown)})"
    )


def _codes_in_rows(table: Table, key: str) -> list[Code]:
    seen = dict.fromkeys(r[key] for r in table.rows if isinstance(r, dict) and isinstance(r.get(key), str))
    return [Code(raw.strip(), raw) for raw in seen]


def series(table: Table, req: Request, resolved: Resolved) -> Series:
    """One value per year of the period dimension (docs/open-data.md §4): `jaar` takes `<jaar>JJ00`, `maanden` the
    sum of the twelve months (a year with a month missing has no value; the newest, incomplete year of a
    monthly table is left out)."""
    period_key = resolved.period.key
    wanted = {resolved.region.key: resolved.region_raw.strip()} if resolved.region and resolved.region_raw else {}
    wanted.update((key, raw.strip()) for key, raw in resolved.filter_raw)
    rows: dict[str, dict[str, Any]] = {}
    for row in table.rows:
        if not isinstance(row, dict) or not all(_text(row.get(k)).strip() == v for k, v in wanted.items()):
            continue
        period = _text(row.get(period_key)).strip()
        if period in rows:
            raise SeriesError(_ambiguous(table, [rows[period], row], wanted, period_key))
        rows[period] = row
    codes = resolved.period.codes if resolved.period.codes is not None else _codes_in_rows(table, period_key)
    topic = resolved.topic.key

    def value(code: Code) -> Decimal | None:
        row = rows.get(code.key)
        return None if row is None else number(row.get(topic))

    points: dict[int, Point] = {}
    if req.perioden == "maanden":
        months: dict[int, list[Code]] = {}
        for code in codes:
            m = MONTH_CODE.match(code.key)
            if m:
                months.setdefault(int(m.group(1)), []).append(code)
        if not months:
            raise SeriesError(f"tabel {table.tabel} heeft geen maandcijfers (perioden als 2024MM01)")
        newest = max(months)
        for year, year_codes in sorted(months.items()):
            if len({c.key for c in year_codes}) < 12:
                if year == newest:
                    continue  # the current year, still incomplete: skipped silently
                points[year] = Point(None)
                continue
            values = [value(c) for c in year_codes]
            total = sum((v for v in values if v is not None), Decimal(0))
            points[year] = Point(None if None in values else total, any(c.provisional for c in year_codes))
    else:
        for code in codes:
            m = YEAR_CODE.match(code.key)
            if m:
                points[int(m.group(1))] = Point(value(code), code.provisional)
        if not points:
            hint = "; gebruik perioden: maanden" if any(MONTH_CODE.match(c.key) for c in codes) else ""
            raise SeriesError(f"tabel {table.tabel} heeft geen jaarcijfers (perioden als 2024JJ00){hint}")
    return Series(dict(sorted(points.items())), resolved.topic.decimals, table.modified_year)


def _ambiguous(table: Table, rows: list[dict[str, Any]], wanted: dict[str, str], period_key: str) -> str:
    """More than one row per period: name the column that differs and its values."""
    for dim in table.dimensions.values():
        if dim.key in wanted or dim.key == period_key:
            continue
        if len({_text(r.get(dim.key)).strip() for r in rows}) > 1:
            values = (
                [c.key for c in dim.codes] if dim.codes is not None else [c.key for c in _codes_in_rows(table, dim.key)]
            )
            return (
                f"meer dan één rij per periode in tabel {table.tabel}: kies in open_data.filters een code voor "
                f"'{dim.key}' (geldig: {listed(values)})"
            )
    return f"meer dan één rij per periode in tabel {table.tabel}; controleer regio en filters"


def number(value: object) -> Decimal | None:
    """A TypedDataSet cell: a number (parsed as an exact decimal) or null."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):  # an UntypedDataSet-like cell ("   183.3", ".")
        text = value.strip()
        try:
            return Decimal(text) if text not in ("", ".", "x") else None
        except ArithmeticError:
            return None
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
