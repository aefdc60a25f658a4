"""A StatLine CSV download as one series per binding (docs/open-data.md §6).

The format, as observed in real downloads: UTF-8 (with or without BOM; cp1252 accepted), `;` between
fields, `"` around them, one header row of titles, then one row per combination of categories; cells
are trimmed; numbers have `.` or `,` as decimal sign and no thousands separator. The period column is
headed `Perioden` (cells `2023`, `2025*` for provisional, `2025**` for nader voorlopig); the region
column `Regio's` or `Wijken en buurten`. Only yearly series are read. CBS's symbols: `.` (gegevens
ontbreken), `x` (geheim) and an empty cell are no value; `-` is nihil (0).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from ivplan.source.opendata.model import Point, Request, Series, SeriesError, listed

PERIOD_COLUMN = "Perioden"
REGION_COLUMNS = ("Regio's", "Wijken en buurten")
YEAR_CELL = re.compile(r"^(\d{4})(\*{0,2})$")
NUMBER_CELL = re.compile(r"^-?\d+(?:[.,](\d+))?$")
NO_VALUE = ("", ".", "x", "X")
NIHIL = ("-", "\u2013")  # '-' and the en dash CBS prints


class StatlineCsv:
    """One CSV file, parsed once."""

    def __init__(self, path: Path):
        self.path = path
        self._parsed: tuple[list[str], list[list[str]]] | None = None

    def _parse(self) -> tuple[list[str], list[list[str]]]:
        if self._parsed is not None:
            return self._parsed
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise SeriesError(f"{self.path}: kan het bestand niet lezen ({exc.strerror or exc})") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        try:
            rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")]
        except csv.Error as exc:
            raise SeriesError(f"{self.path} is geen StatLine-CSV ({exc})") from None
        rows = [row for row in rows if any(row)]
        if not rows or PERIOD_COLUMN not in rows[0]:
            raise SeriesError(
                f"{self.path} is geen StatLine-CSV zoals ivplan die leest: de eerste regel moet de kolomkoppen "
                f"bevatten, met de kolom '{PERIOD_COLUMN}', gescheiden door ';' (download de tabel op StatLine "
                "opnieuw als CSV)"
            )
        header = rows[0]
        for number, row in enumerate(rows[1:], 2):
            if len(row) != len(header):
                raise SeriesError(
                    f"{self.path} is geen StatLine-CSV zoals ivplan die leest: regel {number} heeft {len(row)} "
                    f"velden, de kopregel {len(header)}"
                )
        self._parsed = (header, rows[1:])
        return self._parsed

    def series(self, req: Request) -> Series:
        header, rows = self._parse()
        name = self.path.name
        if not req.csv_kolom:
            raise SeriesError(f"{name} is een CSV-bestand: geef open_data.csv.kolom (kolommen: {listed(header)})")
        if req.csv_kolom not in header:
            raise SeriesError(f"kolom '{req.csv_kolom}' staat niet in {name} (kolommen: {listed(header)})")
        value_col = header.index(req.csv_kolom)
        period_col = header.index(PERIOD_COLUMN)
        wanted: list[tuple[int, tuple[str, ...]]] = []
        region_col = next((header.index(c) for c in REGION_COLUMNS if c in header), None)
        if region_col is not None:
            wanted.append((region_col, req.csv_regio))
        for column, cell in req.csv_rijen:
            if column not in header:
                raise SeriesError(f"kolom '{column}' uit csv.rijen staat niet in {name} (kolommen: {listed(header)})")
            wanted.append((header.index(column), (cell,)))
        for col, accepted in wanted:
            present = [row[col] for row in rows]
            if not any(cell in accepted for cell in present):
                what = "regio" if col == region_col else "rij"
                raise SeriesError(
                    f"onbekende {what} '{accepted[0] if accepted else ''}': die staat niet in kolom "
                    f"'{header[col]}' van {name} (geldig: {listed(present)})"
                )
        matched: dict[int, list[str]] = {}
        years: dict[int, bool] = {}
        used = {value_col, period_col} | {col for col, _ in wanted}
        for row in rows:
            m = YEAR_CELL.match(row[period_col])
            if not m:
                continue  # quarters and months: only yearly series are read from CSV
            year = int(m.group(1))
            years.setdefault(year, False)
            if not all(row[col] in accepted for col, accepted in wanted):
                continue
            if year in matched:
                raise SeriesError(_ambiguous(header, [matched[year], row], used, rows, name))
            matched[year] = row
            years[year] = bool(m.group(2))
        if not years:
            raise SeriesError(f"{name} heeft geen jaarcijfers in de kolom '{PERIOD_COLUMN}' (zoals 2024 of 2025*)")
        points: dict[int, Point] = {}
        for year in sorted(years):
            found = matched.get(year)
            points[year] = Point(None) if found is None else _point(found[value_col], years[year], req.csv_kolom, name)
        return Series(points)


def _is_value(cell: str) -> bool:
    return cell in NO_VALUE or cell in NIHIL or bool(NUMBER_CELL.match(cell))


def _point(cell: str, provisional: bool, column: str, name: str) -> Point:
    if cell in NO_VALUE:
        return Point(None, provisional)
    if cell in NIHIL:
        return Point(Decimal(0), provisional, 0)
    m = NUMBER_CELL.match(cell)
    if not m:
        raise SeriesError(f"'{cell}' in kolom '{column}' van {name} is geen getal")
    return Point(Decimal(cell.replace(",", ".")), provisional, len(m.group(1) or ""))


def _ambiguous(header: list[str], clash: list[list[str]], used: set[int], rows: list[list[str]], name: str) -> str:
    for col, title in enumerate(header):
        if col in used or clash[0][col] == clash[1][col] or all(_is_value(row[col]) for row in rows):
            continue  # the same category, or a column of figures (another topic)
        return (
            f"meer dan één rij per jaar in {name}: kies in open_data.csv.rijen een waarde voor kolom "
            f"'{title}' (geldig: {listed(row[col] for row in rows)})"
        )
    return f"meer dan één rij per jaar in {name}; controleer csv.rijen en csv.regio"
