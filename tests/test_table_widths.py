"""Table column widths follow the content (ivplan.render.docxwriter.tables): text columns get room, columns
of numbers and years stay narrow but whole, words do not break while the table can hold them, and the
widths are written so Word and LibreOffice use them as they are (fixed layout, twips)."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ivplan.render.docxwriter import DocumentMeta, write_docx
from ivplan.render.docxwriter.tables import CELL_PADDING, LABEL_COLUMN_SHARE, column_widths, text_twips

VALIDATE = Path(__file__).parent / "data" / "docxwriter" / "ooxml" / "validate.py"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
W = "{" + NS["w"] + "}"
META = DocumentMeta(
    title="Tabellen", subject="Kolombreedtes", author="Gemeente Voorbeeld", created=datetime.date(2027, 1, 28)
)
TEXT_WIDTH = 9072  # A4 with 2,5 cm margins: the default huisstijl

DOELEN = """\
[[tabel: Meetbare doelen]]

| Doel | Indicator | Jaar | Waarde |
|---|---|---:|---:|
| Minder woninginbraken in de wijken met de meeste incidenten. | Geregistreerde woninginbraken, inclusief pogingen, per 1.000 woningen | 2025 | 5,1 |
| Inwoners voelen zich veiliger in hun eigen buurt en durven 's avonds over straat. | Rapportcijfer veiligheid in de eigen buurt volgens de Veiligheidsmonitor | 2025 | 6,8 |
| Het aantal problematische jeugdgroepen halveert. | Problematische jeugdgroepen op de shortlist | 2025 | 6 |

[[labeltabel]]

| Registratienummer | RV-2027-0042 |
|---|---|
| Datum raadsvergadering | 11 maart 2027 |
| Onderwerp | Vaststelling van het integraal veiligheidsplan 2027-2030 van de gemeente Voorbeeld |
"""  # noqa: E501 - a Markdown table row is one line


def tables(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find("w:body", NS).findall("w:tbl", NS)


def grid(tbl) -> list[int]:
    return [int(c.get(W + "w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]


@pytest.fixture(scope="module")
def built() -> bytes:
    return write_docx(DOELEN, META)


def test_text_columns_get_more_width_than_numbers(built):
    doelen = tables(built)[0]
    doel, indicator, jaar, waarde = grid(doelen)
    assert min(doel, indicator) > 2 * max(jaar, waarde)
    assert indicator > doel  # more text
    # a number column still holds its header and values on one line
    assert jaar >= text_twips("Jaar", bold=True) + CELL_PADDING
    assert waarde >= text_twips("Waarde", bold=True) + CELL_PADDING


def test_widths_fill_the_text_width_in_twips_with_a_fixed_layout(built):
    for tbl in tables(built):
        widths = grid(tbl)
        assert sum(widths) == TEXT_WIDTH
        tblpr = tbl.find("w:tblPr", NS)
        assert tblpr.find("w:tblLayout", NS).get(W + "type") == "fixed"
        tblw = tblpr.find("w:tblW", NS)
        assert (tblw.get(W + "type"), int(tblw.get(W + "w"))) == ("dxa", TEXT_WIDTH)
        for tr in tbl.findall("w:tr", NS):
            cells = [
                (int(tc.find("w:tcPr/w:tcW", NS).get(W + "w")), tc.find("w:tcPr/w:tcW", NS).get(W + "type"))
                for tc in tr.findall("w:tc", NS)
            ]
            assert cells == [(w, "dxa") for w in widths]


def test_label_column_holds_its_longest_label(built):
    label, value = grid(tables(built)[1])
    assert label >= text_twips("Datum raadsvergadering", bold=True) + CELL_PADDING
    assert label <= TEXT_WIDTH * LABEL_COLUMN_SHARE
    assert value > 2 * label


def test_label_table_stays_together_and_rows_do_not_split(built):
    label_table = tables(built)[1]
    rows = label_table.findall("w:tr", NS)
    for tr in rows:
        assert tr.find("w:trPr/w:cantSplit", NS) is not None
    keep = [all(p.find("w:pPr/w:keepNext", NS) is not None for p in tr.iter(W + "p")) for tr in rows]
    assert keep == [True, True, False]  # every row keeps with the next, the last with what follows freely


def test_long_words_do_not_break_when_the_table_can_hold_them():
    rows = [
        ["Thema", "Aanpak"],
        ["Bedrijventerreinen", "Keurmerk Veilig Ondernemen en bestuurlijke aanpak"],
        ["Woninginbraak", "Preventie"],
    ]
    thema, aanpak = column_widths(rows, TEXT_WIDTH)
    assert thema >= text_twips("Bedrijventerreinen") + CELL_PADDING
    assert aanpak > thema


def test_short_values_stay_whole_when_the_table_is_full():
    """Six columns of long Dutch compounds do not fit in 16 cm: the words give way in the text
    columns, while "40% (2025)" stays on one line and the headers of the number columns stay whole."""
    rows = [
        ["Doel", "Indicator", "Nulmeting", "Streefwaarde", "Bron", "Trekker"],
        [
            "Acht op de tien bedrijventerreinen hebben een actief keurmerk.",
            "Aandeel bedrijventerreinen met een actief keurmerk",
            "40% (2025)",
            "80% (2030)",
            "Jaarverslag Keurmerk Veilig Ondernemen",
            "Ondernemersvereniging Havenstad en Parkmanagement",
        ],
    ]
    widths = column_widths(rows, TEXT_WIDTH)
    assert sum(widths) == TEXT_WIDTH
    assert widths[2] >= text_twips("40% (2025)") + CELL_PADDING
    assert widths[3] >= text_twips("Streefwaarde", bold=True) + CELL_PADDING


def test_widths_are_deterministic_and_degenerate_tables_survive():
    rows = [["a", "b", "c"], ["1", "", "lange tekst " * 30]]
    assert column_widths(rows, TEXT_WIDTH) == column_widths([list(r) for r in rows], TEXT_WIDTH)
    assert sum(column_widths([[""]], TEXT_WIDTH)) == TEXT_WIDTH
    assert sum(column_widths([["x"] * 40], TEXT_WIDTH)) == TEXT_WIDTH  # 40 columns: all narrow, still exact
    assert sum(column_widths([["één", "中文字"], ["ß", "\u200b"]], 5000)) == 5000
    assert write_docx(DOELEN, META) == write_docx(DOELEN, META)


def test_tables_valid_against_ecma_376(built, tmp_path):
    path = tmp_path / "tabellen.docx"
    path.write_bytes(built)
    result = subprocess.run([sys.executable, str(VALIDATE), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 schema problems" in result.stdout


def test_header_words_give_way_before_the_words_in_the_cells():
    """A matrix with many columns: every word in the cells stays whole; of the long header words, as
    many as fit (the ones that need least) stay whole too."""
    header = [
        "Gemeente",
        "Status",
        "Fouten",
        "Waarschuwingen",
        "Ondermijning en drugscriminaliteit",
        "High impact crimes",
        "Jeugd en criminaliteit",
        "Gedigitaliseerde criminaliteit",
    ]
    rows = [header, ["Sallandsveen", "conform", "0", "3", "prioriteit", "prioriteit", "toegelicht", "ontbreekt"]]
    widths = column_widths(rows, TEXT_WIDTH)
    assert sum(widths) == TEXT_WIDTH
    for col, cell in enumerate(rows[1]):
        assert widths[col] >= text_twips(cell) + CELL_PADDING, cell
    whole = [
        w >= max(text_twips(p, bold=True) for p in h.split()) + CELL_PADDING
        for w, h in zip(widths, header, strict=True)
    ]
    assert whole.count(False) >= 1 and whole.count(True) >= 6
    assert not whole[3]  # "Waarschuwingen", the widest header word, is the one that breaks
