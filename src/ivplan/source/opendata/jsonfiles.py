"""Reading the API's JSON: a response body, or a folder `MAP/<tabel>/` of saved resources.

A folder holds one file per resource (`TypedDataSet.json`, `DataProperties.json`, one per dimension
such as `Perioden.json`, optional `TableInfos.json`), each either the API's body
(`{"odata.metadata": ..., "value": [...]}`) or the bare list that `cbsodata.download_data` saves.
Numbers are parsed as exact decimals. Folder and file names match case-insensitively (Windows users
save `typeddataset.json` as readily as `TypedDataSet.json`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from ivplan.core import paths
from ivplan.source.opendata.model import REGION_TYPES, Request, Series, SeriesError, Table
from ivplan.source.opendata.table import resolve, series, table_from_metadata

REQUIRED = ("TypedDataSet", "DataProperties")


def parse_json(data: bytes, what: str) -> Any:
    """The JSON of a response or file, numbers as exact decimals; SeriesError when it is no JSON."""
    try:
        return json.loads(data.decode("utf-8-sig"), parse_float=Decimal, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SeriesError(f"{what} is geen leesbare JSON ({_short(exc)})") from None


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is geen getal")


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 80 else text[:77] + "..."


def value_list(body: object, what: str) -> list[Any]:
    """The rows of a resource: `{"value": [...]}` or a bare list."""
    rows = body.get("value") if isinstance(body, dict) else None
    if isinstance(rows, list):
        return rows
    if isinstance(body, list):
        return body
    raise SeriesError(f'{what} heeft niet de vorm van de CBS-API (een lijst of {{"value": [...]}})')


def find_entry(folder: Path, name: str, want_dir: bool) -> Path | None:
    """`folder/name`, matched case-insensitively; None when absent."""
    exact = folder / name
    if paths.is_dir(exact) if want_dir else paths.is_file(exact):
        return exact
    try:
        entries = list(folder.iterdir())
    except OSError:
        return None
    lower = name.lower()
    for entry in sorted(entries):
        if entry.name.lower() == lower and (paths.is_dir(entry) if want_dir else paths.is_file(entry)):
            return entry
    return None


class JsonFolder:
    """The saved resources of one table in `MAP/<tabel>/`, read once."""

    def __init__(self, folder: Path, tabel: str):
        self.folder = folder
        self.tabel = tabel
        self._table: Table | None = None

    def _read(self, resource: str, required: bool) -> list[Any] | None:
        path = find_entry(self.folder, f"{resource}.json", want_dir=False)
        if path is None:
            if required:
                raise SeriesError(
                    f"{self.folder}: {resource}.json ontbreekt (nodig: TypedDataSet.json, DataProperties.json en "
                    "een bestand per gebruikte dimensie, zoals Perioden.json)"
                )
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SeriesError(f"{path}: kan het bestand niet lezen ({exc.strerror or exc})") from None
        return value_list(parse_json(data, str(path)), str(path))

    def table(self) -> Table:
        if self._table is None:
            properties = self._read("DataProperties", True) or []
            infos = self._read("TableInfos", False) or []
            dims = {}
            for prop in properties:
                if isinstance(prop, dict) and prop.get("Type") in (*REGION_TYPES, "TimeDimension", "Dimension"):
                    key = prop.get("Key")
                    if isinstance(key, str) and key:
                        rows = self._read(key, prop.get("Type") == "TimeDimension")
                        if rows is not None:
                            dims[key] = rows
            table = table_from_metadata(self.tabel, f"map {self.folder}", properties, dims, infos)
            table.rows = self._read("TypedDataSet", True) or []
            self._table = table
        return self._table

    def series(self, req: Request) -> Series:
        table = self.table()
        return series(table, req, resolve(table, req))
