"""Write the made fixtures of this folder: tables in exactly the shape of the real recorded ones.

The project's machines cannot reach CBS. The real recorded responses here (80137ned/, a StatLine CSV
download) show the shape; these tables for the crime and population figures `ivplan cijfers` is made for
follow it: OData v3 bodies (`{"value": [...], "odata.metadata": ...}`, compact like the recorded ones),
keys padded to a fixed width, `Perioden` rows with `Status`, TypedDataSet numbers as doubles, `null`
where nothing is published; and a CSV like StatLine writes it (UTF-8 with BOM, CRLF, `;`, every field
in quotes, values right-aligned). The regions are the fictional gemeenten of the tests (GM9001
Voorbeeldstad, GM9002 Anderdorp), the figures invented. Run it again after changing it:

    python tests/data/open-data/maak_fixtures.py

It also writes the example table of the README's yearly routine, `examples/open-data/47013NED/`, for the
example gemeenten Havenstad (GM9012) and Oldenveld (GM9047), "recorded" in April 2029.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
EXAMPLES = HERE.parents[2] / "examples" / "open-data"
MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december".split()


def _body(table: str, resource: str, rows: list, catalog: str) -> str:
    host = "dataderden.cbs.nl/ODataApi/OData" if catalog == "Politie" else "opendata.cbs.nl/ODataApi/OData"
    body = {"value": rows, "odata.metadata": f"https://{host}/{table}/$metadata#Cbs.OData.WebAPI.{resource}"}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _write(table: str, resources: dict[str, list], catalog: str, root: Path = HERE) -> None:
    folder = root / table
    folder.mkdir(parents=True, exist_ok=True)
    for resource, rows in resources.items():
        (folder / f"{resource}.json").write_text(_body(table, resource, rows, catalog), encoding="utf-8")


def _infos(table: str, title: str, modified: str, frequency: str, catalog: str) -> list:
    return [
        {
            "ID": 0,
            "Identifier": table,
            "Title": title,
            "ShortTitle": title.split(";")[0],
            "Summary": title,
            "Modified": modified,
            "MetaDataModified": modified,
            "ReasonDelivery": "Actualisering",
            "ExplanatoryText": "",
            "Language": "nl",
            "Catalog": catalog,
            "Frequency": frequency,
            "Period": "",
            "Source": "Politie." if catalog == "Politie" else "CBS.",
            "SearchPriority": "2",
            "OutputStatus": "Regulier",
            "ShortDescription": "",
            "Description": ". : gegevens ontbreken\r\nx : geheim\r\n- : nihil\r\n* : voorlopig cijfer",
            "DefaultPresentation": "",
            "DefaultSelection": "",
            "GraphTypes": "Table,Bar,Line",
        }
    ]


def _dimension(position: int, kind: str, key: str, title: str) -> dict:
    row = {"ID": position, "Position": position, "ParentID": None, "Type": kind, "Key": key, "Title": title}
    row.update({"Description": None, "odata.type": f"Cbs.OData.{kind}"})
    if kind in ("GeoDimension", "GeoDetail"):
        row["MapYear"] = "2026"
    if kind == "TimeDimension":
        row["ReleasePolicy"] = False
    return row


def _topic(identity: int, position: int, key: str, title: str, unit: str, decimals: int, parent=None) -> dict:
    return {
        "ID": identity,
        "Position": position,
        "ParentID": parent,
        "Type": "Topic",
        "Key": key,
        "Title": title,
        "Description": None,
        "Unit": unit,
        "Decimals": decimals,
        "Datatype": "Double" if decimals else "Long",
        "Default": "Missing",
        "PresentationType": "Absolute",
        "odata.type": "Cbs.OData.Topic",
    }


def _codes(pairs: list[tuple[str, str]], width: int) -> list:
    return [{"Key": k.ljust(width), "Title": t, "Description": None, "CategoryGroupID": None} for k, t in pairs]


def _spread(total: int, months: int = 12) -> list[int]:
    """A yearly total over the months, deterministically uneven (winter months higher)."""
    weights = [13, 11, 10, 8, 7, 6, 6, 7, 8, 9, 12, 14][:months]
    parts = [total * w // sum(weights) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def misdrijven_per_maand(
    regios: list[tuple[str, str]] | None = None,
    soorten: list[tuple[str, str]] | None = None,
    totals: dict[tuple[str, str], list[int]] | None = None,
    last: int = 2026,
    modified: str = "2027-04-14T02:00:00",
    root: Path = HERE,
) -> None:
    """47013NED-like: Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente, per maand (Politie).
    `totals` per (regio, soort): one total per year up to `last`, then the first three months of the
    next, still incomplete year."""
    table = "47013NED"
    if regios is None:
        soorten = [
            ("0.0.0", "Totaal misdrijven"),
            ("1.1.1", "Diefstal/inbraak woning"),
            ("1.2.3", "Diefstal van brom-, snor-, fietsen"),
        ]
        regios = [("GM9001", "Voorbeeldstad"), ("GM9002", "Anderdorp")]
        totals = {
            ("GM9001", "0.0.0"): [1480, 1422, 1390, 1402, 1355, 1371, 118],
            ("GM9001", "1.1.1"): [110, 102, 91, 88, 80, 95, 9],
            ("GM9001", "1.2.3"): [160, 151, 149, 143, 139, 130, 11],
            ("GM9002", "0.0.0"): [902, 880, 871, 860, 844, 850, 70],
            ("GM9002", "1.1.1"): [55, 51, 50, 47, 44, 46, 4],
            ("GM9002", "1.2.3"): [77, 70, 72, 69, 66, 60, 5],
        }
    assert soorten is not None and totals is not None
    years = range(2021, last + 1)
    perioden = []
    for year in years:
        for m in range(1, 13):
            status = "Voorlopig" if year >= last else "Definitief"
            perioden.append(
                {"Key": f"{year}MM{m:02d}", "Title": f"{year} {MAANDEN[m - 1]}", "Description": None, "Status": status}
            )
    for m in range(1, 4):  # the current year, still incomplete
        perioden.append(
            {
                "Key": f"{last + 1}MM{m:02d}",
                "Title": f"{last + 1} {MAANDEN[m - 1]}",
                "Description": None,
                "Status": "Voorlopig",
            }
        )
    rows = []
    for soort, _ in soorten:
        for regio, _ in regios:
            values = []
            for i, _year in enumerate(years):
                values += _spread(totals[(regio, soort)][i])
            values += _spread(totals[(regio, soort)][-1], 3)
            for period, value in zip(perioden, values, strict=True):
                if regio == "GM9001" and soort == "1.2.3" and period["Key"] == "2023MM07":
                    value = None  # not published: 2023 has no yearly sum for fietsendiefstal
                aangiften = None if value is None else round(value * 0.62)
                internet = None if value is None or period["Key"] < "2022" else round(value * 0.21)
                rows.append(
                    {
                        "ID": len(rows),
                        "SoortMisdrijf": soort.ljust(6),
                        "RegioS": regio.ljust(8),
                        "Perioden": period["Key"],
                        "GeregistreerdeMisdrijven_1": None if value is None else float(value),
                        "Aangiften_2": None if aangiften is None else float(aangiften),
                        "Internetaangiften_3": None if internet is None else float(internet),
                    }
                )
    properties = [
        _dimension(0, "Dimension", "SoortMisdrijf", "Soort misdrijf"),
        _dimension(1, "GeoDimension", "RegioS", "Regio's"),
        _dimension(2, "TimeDimension", "Perioden", "Perioden"),
        _topic(3, 3, "GeregistreerdeMisdrijven_1", "Geregistreerde misdrijven", "aantal", 0),
        _topic(4, 4, "Aangiften_2", "Aangiften", "aantal", 0),
        _topic(5, 5, "Internetaangiften_3", "Internetaangiften", "aantal", 0),
    ]
    title = "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"
    _write(
        table,
        {
            "TableInfos": _infos(table, title, modified, "Permaand", "Politie"),
            "DataProperties": properties,
            "SoortMisdrijf": _codes(soorten, 6),
            "RegioS": _codes(regios, 8),
            "Perioden": perioden,
            "TypedDataSet": rows,
        },
        "Politie",
        root,
    )


def voorbeelden() -> None:
    """The table for the examples: examples/open-data/47013NED (fictional figures, consistent with the
    metingen and cijfers in examples/havenstad.yaml and examples/oldenveld.yaml)."""
    misdrijven_per_maand(
        regios=[("GM9012", "Havenstad"), ("GM9047", "Oldenveld")],
        soorten=[("0.0.0", "Totaal misdrijven"), ("1.1.1", "Diefstal/inbraak woning"), ("1.4.6", "Straatroof")],
        totals={
            ("GM9012", "0.0.0"): [10980, 10750, 10420, 10110, 9850, 9730, 9610, 9540, 2310],
            ("GM9012", "1.1.1"): [462, 441, 420, 401, 383, 371, 352, 340, 88],
            ("GM9012", "1.4.6"): [101, 108, 104, 97, 92, 78, 61, 57, 14],
            ("GM9047", "0.0.0"): [702, 688, 671, 655, 640, 633, 621, 610, 150],
            ("GM9047", "1.1.1"): [80, 77, 71, 64, 58, 55, 51, 49, 12],
            ("GM9047", "1.4.6"): [1, 0, 2, 1, 0, 1, 0, 1, 0],
        },
        last=2028,
        modified="2029-04-14T02:00:00",
        root=EXAMPLES,
    )


def bevolking() -> None:
    """70072ned-like: Regionale kerncijfers Nederland (population per gemeente per year, CBS)."""
    table = "70072ned"
    regios = [("NL01", "Nederland"), ("GM9001", "Voorbeeldstad"), ("GM9002", "Anderdorp")]
    perioden = [
        {
            "Key": f"{y}JJ00",
            "Title": f"{y}*" if y == 2026 else str(y),
            "Description": None,
            "Status": "Voorlopig" if y == 2026 else "Definitief",
        }
        for y in range(2021, 2027)
    ]
    totaal = {
        "NL01": [17475415, 17590672, 17811291, 17942942, 18044027, 18118540],
        "GM9001": [23780, 23905, 24010, 24088, 24120, 24150],
        "GM9002": [15210, 15198, 15230, 15244, 15260, 15275],
    }
    gemiddeld = {
        "NL01": [17533044, 17700982, 17877117, 17993484, 18081283, None],
        "GM9001": [23842, 23957, 24049, 24104, 24135, None],
        "GM9002": [15204, 15214, 15237, 15252, 15268, None],
    }
    rows = []
    for regio, _ in regios:
        for i, period in enumerate(perioden):
            rows.append(
                {
                    "ID": len(rows),
                    "RegioS": regio.ljust(6),
                    "Perioden": period["Key"],
                    "TotaleBevolking_1": float(totaal[regio][i]),
                    "GemiddeldAantalInwoners_51": None if gemiddeld[regio][i] is None else float(gemiddeld[regio][i]),
                }
            )
    properties = [
        _dimension(0, "GeoDimension", "RegioS", "Regio's"),
        _dimension(1, "TimeDimension", "Perioden", "Perioden"),
        {
            "ID": 2,
            "Position": None,
            "ParentID": None,
            "Type": "TopicGroup",
            "Key": "",
            "Title": "Bevolking",
            "Description": None,
            "odata.type": "Cbs.OData.TopicGroup",
        },
        _topic(3, 2, "TotaleBevolking_1", "Totale bevolking", "aantal", 0, 2),
        _topic(4, 3, "GemiddeldAantalInwoners_51", "Gemiddeld aantal inwoners", "aantal", 0, 2),
    ]
    _write(
        table,
        {
            "TableInfos": _infos(table, "Regionale kerncijfers Nederland", "2026-11-30T02:00:00", "Perjaar", "CBS"),
            "DataProperties": properties,
            "RegioS": _codes(regios, 6),
            "Perioden": perioden,
            "TypedDataSet": rows,
        },
        "CBS",
    )


def wijken_per_jaar() -> None:
    """47018NED-like: misdrijven per wijk en buurt per jaar (Politie; the region is a GeoDetail padded to 10)."""
    table = "47018NED"
    soorten = [("0.0.0", "Totaal misdrijven"), ("1.1.1", "Diefstal/inbraak woning")]
    gebieden = [
        ("GM9001", "Voorbeeldstad"),
        ("WK900101", "Centrum"),
        ("WK900102", "Noord"),
        ("BU90010101", "Binnenstad"),
        ("GM9002", "Anderdorp"),
        ("WK900201", "Anderdorp-Kern"),
    ]
    perioden = [
        {"Key": f"{y}JJ00", "Title": str(y), "Description": None, "Status": "Voorlopig" if y == 2026 else "Definitief"}
        for y in range(2022, 2027)
    ]
    base = {"GM9001": 1400, "WK900101": 610, "WK900102": 420, "BU90010101": 205, "GM9002": 860, "WK900201": 300}
    rows = []
    for soort, _ in soorten:
        for code, _ in gebieden:
            for i, period in enumerate(perioden):
                total = base[code] - 17 * i
                value = total if soort == "0.0.0" else round(total * 0.065)
                if code == "BU90010101" and soort == "1.1.1" and period["Key"] == "2024JJ00":
                    value = None  # too small to publish
                rows.append(
                    {
                        "ID": len(rows),
                        "SoortMisdrijf": soort.ljust(6),
                        "WijkenEnBuurten": code.ljust(10),
                        "Perioden": period["Key"],
                        "GeregistreerdeMisdrijven_1": None if value is None else float(value),
                    }
                )
    properties = [
        _dimension(0, "Dimension", "SoortMisdrijf", "Soort misdrijf"),
        _dimension(1, "GeoDetail", "WijkenEnBuurten", "Wijken en buurten"),
        _dimension(2, "TimeDimension", "Perioden", "Perioden"),
        _topic(3, 3, "GeregistreerdeMisdrijven_1", "Geregistreerde misdrijven", "aantal", 0),
    ]
    _write(
        table,
        {
            "TableInfos": _infos(
                table,
                "Geregistreerde misdrijven; soort misdrijf, wijk en buurt, jaarcijfers",
                "2027-02-20T02:00:00",
                "Perjaar",
                "Politie",
            ),
            "DataProperties": properties,
            "SoortMisdrijf": _codes(soorten, 6),
            "WijkenEnBuurten": _codes(gebieden, 10),
            "Perioden": perioden,
            "TypedDataSet": rows,
        },
        "Politie",
    )


def misdrijven_csv() -> None:
    """A StatLine CSV download of registered crime per gemeente and year, written like the real one."""
    header = [
        "Soort misdrijf",
        "Regio's",
        "Perioden",
        "Geregistreerde misdrijven (aantal)",
        "Geregistreerde misdrijven per 1000 inwoners (per 1 000 inwoners)",
    ]
    cells = {
        ("Totaal misdrijven", "Voorbeeldstad"): [
            ("1480", "62.2"),
            ("1422", "59.5"),
            ("1390", "57.9"),
            ("1402", "58.2"),
            ("1355", "56.2"),
            ("1371", "56.8"),
        ],
        ("Diefstal/inbraak woning", "Voorbeeldstad"): [
            ("110", "4.6"),
            ("102", "4.3"),
            (".", "."),
            ("88", "3.7"),
            ("80", "3.3"),
            ("95", "3.9"),
        ],
        ("Totaal misdrijven", "Anderdorp (gemeente)"): [
            ("902", "59.3"),
            ("880", "57.9"),
            ("871", "57.2"),
            ("860", "56.4"),
            ("844", "55.3"),
            ("850", "55.6"),
        ],
        ("Diefstal/inbraak woning", "Anderdorp (gemeente)"): [
            ("x", "x"),
            ("-", "-"),
            ("50", "3.3"),
            ("47", "3.1"),
            ("44", "2.9"),
            ("46", "3.0"),
        ],
    }
    lines = [header]
    for (soort, regio), values in cells.items():
        for i, (count, per) in enumerate(values):
            year = 2021 + i
            lines.append([soort, regio, f"{year}*" if year == 2026 else str(year), count.rjust(8), per.rjust(8)])
        lines.append([soort, regio, "2026 1e kwartaal", "".rjust(8, " "), ".".rjust(8)])  # quarters are not read
    text = "\r\n".join(";".join(f'"{c}"' for c in row) for row in lines) + "\r\n"
    (HERE / "misdrijven-gemeenten.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


if __name__ == "__main__":
    misdrijven_per_maand()
    voorbeelden()
    bevolking()
    wijken_per_jaar()
    misdrijven_csv()
    print("geschreven:", ", ".join(sorted(p.name for p in HERE.iterdir() if p.name != Path(__file__).name)))
