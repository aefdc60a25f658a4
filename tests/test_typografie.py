"""Issue 14: documents a raad is proud to put on the table.

Checked on the built documents of both examples, of a plan full of long Dutch compound words in narrow
tables (tests/data/typografie/lange-woorden.yaml) and of the regional report:

- in the .docx (OOXML): Dutch hyphenation switched on, headings that keep with what follows, column
  widths no narrower than the longest word where the page allows, wide tables on landscape sections,
  year ranges that cannot break, signature blocks side by side with room to sign, the status of a draft
  on every page, the voortgang letter's datum and kenmerk, and wording a griffier would not correct;
- in LibreOffice's PDF (for real; `make test` installs LibreOffice and hyphen-nl), read with
  `pdftotext -bbox-layout` (tests/pdf_layout.py): no word broken without a hyphen, no year range
  broken, no heading as the last line of a page, the signatories side by side, the status on every page.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from ivplan.cli.commands import main
from ivplan.render.docxwriter import ooxml
from ivplan.render.docxwriter.tables import CELL_PADDING, FONT_HALF_POINTS, MIN_COLUMN, text_twips
from ivplan.render.pdf import docx_to_pdf, libreoffice_available
from pdf_layout import (
    Page,
    Source,
    Word,
    broken_words,
    broken_year_ranges,
    read_pdf,
    source_words,
    stranded_headings,
)

ROOT = Path(__file__).parents[1]
EXAMPLES = [ROOT / "examples" / "havenstad.yaml", ROOT / "examples" / "oldenveld.yaml"]
LANGE_WOORDEN = ROOT / "tests" / "data" / "typografie" / "lange-woorden.yaml"
PROGRAMMAS = sorted((ROOT / "examples" / "uitvoering").glob("*.yaml"))  # uitvoeringsprogramma's of the examples
ANTWOORDEN = ROOT / "examples" / "toets" / "oldenveld-antwoorden.yaml"
GEZAMENLIJK = sorted((ROOT / "examples" / "gezamenlijk").rglob("*.yaml"))  # a joint plan: deel A and three deel Bs
REGIO = ROOT / "examples" / "regio" / "regio.yaml"
REGIO_PLANNEN = sorted((ROOT / "examples" / "regio" / "plannen").glob("*.yaml"))
VALIDATE = ROOT / "tests" / "data" / "docxwriter" / "ooxml" / "validate.py"  # the ECMA-376 schema check

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
WORD_JOINER = "2060"


def run(*args) -> object:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or ""), result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every document of the examples and the long-words plan, as .docx and LibreOffice PDF."""
    assert libreoffice_available(), "LibreOffice en python3-uno horen geïnstalleerd te zijn (make test)"
    out = tmp_path_factory.mktemp("documenten")
    plans = EXAMPLES + [LANGE_WOORDEN]
    result = run("build", *plans, *PROGRAMMAS, "-o", out, "--raadsvoorstel", "--pdf")
    assert result.exit_code == 0, result.output
    result = run("voortgang", *plans, *PROGRAMMAS, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    result = run("build", *GEZAMENLIJK, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    result = run("voortgang", *GEZAMENLIJK, "-o", out, "--pdf", "--samen")
    assert result.exit_code == 0, result.output
    # the quality check's report has no --pdf of its own: converted as build --pdf converts
    result = run("toets", EXAMPLES[1], "--antwoorden", ANTWOORDEN, "-o", out / "toets.docx")
    assert result.exit_code == 0, result.output
    docx_to_pdf(out / "toets.docx", out / "toets.pdf")
    # the regional example holds a plan that is not conform: exit 1, the report is written all the same
    result = run("check", "--regio", REGIO, *REGIO_PLANNEN, "-o", out / "regio-rapport.pdf")
    assert result.exit_code == 1, result.output
    result = run("check", "--regio", REGIO, *REGIO_PLANNEN, "-o", out / "regio-rapport.docx")
    assert result.exit_code == 1, result.output
    return out


def docx_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.docx"))


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def body(path: Path):
    return part(path, "word/document.xml").find("w:body", NS)


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def style(p) -> str | None:
    s = p.find("w:pPr/w:pStyle", NS)
    return None if s is None else s.get(W + "val")


def one(folder: Path, suffix: str) -> Path:
    found = [p for p in folder.iterdir() if p.name.endswith(suffix)]
    assert len(found) == 1, (suffix, found)
    return found[0]


# ---- the checks of tests/pdf_layout.py find what they should ------------------------------------------


def _page(*lines: tuple[float, float, str]) -> Page:
    """A page of words: (x, y, text) per word, 10 pt high, 6 pt per letter."""
    return Page(1, 595, 842, [Word(t, x, y, x + 6 * len(t), y + 10) for x, y, t in lines])


def test_layout_checks_find_a_broken_word_and_year_range_and_pass_a_good_break():
    source = Source(frozenset({"woninginbraken", "de", "gemeente", "2027"}), "de gemeente en woninginbraken", ())
    page = _page(
        (70, 100, "Minder"), (112, 100, "woninginbrake"), (70, 112, "n."), (300, 100, "2027-"), (300, 112, "2030")
    )
    assert broken_words([page], source) == ["pagina 1: woninginbrake|n."]
    assert broken_year_ranges([page]) == ["pagina 1: 2027-|2030"]
    fine = _page(
        (70, 100, "voor"), (94, 100, "de"), (70, 112, "gemeente"), (300, 100, "woningin-"), (300, 112, "braken")
    )
    assert broken_words([fine], source) == []


def test_layout_checks_find_a_heading_at_the_bottom_of_a_page():
    source = Source(frozenset(), "", ("Uitvoering",))
    last = _page((70, 100, "Tekst"), (70, 750, "Uitvoering"))
    assert stranded_headings([last, last], source) == ["pagina 1: uitvoering"]
    assert stranded_headings([_page((70, 100, "Tekst"), (70, 750, "Tekst")), last], source) == []


# ---- OOXML ------------------------------------------------------------------------------------------


def test_dutch_hyphenation_and_widow_control_in_every_document(built):
    for name in docx_names(built):
        path = built / name
        settings = part(path, "word/settings.xml")
        assert settings.find("w:autoHyphenation", NS).get(W + "val") == "true", name
        assert int(settings.find("w:hyphenationZone", NS).get(W + "val")) > 0, name
        assert settings.find("w:doNotHyphenateCaps", NS) is not None, name
        styles = part(path, "word/styles.xml")
        assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(W + "val") == "nl-NL", name
        assert styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:widowControl", NS) is not None, name
        for level in range(1, 5):
            heading = styles.find(f"w:style[@w:styleId='Heading{level}']/w:pPr", NS)
            assert heading.find("w:keepNext", NS) is not None, (name, level)
            assert heading.find("w:suppressAutoHyphens", NS) is not None, (name, level)


def test_a_short_intro_keeps_with_its_list(built):
    paragraphs = body(one(built, "havenstad-ivp-2027-2030-raadsvoorstel.docx")).findall("w:p", NS)
    intro = next(i for i, p in enumerate(paragraphs) if text(p) == "Het college stelt de raad voor:")
    assert paragraphs[intro].find("w:pPr/w:keepNext", NS) is not None
    items = [p for p in paragraphs[intro + 1 : intro + 5]]
    assert all(style(p) == "ListParagraph" for p in items)
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in items[:-1])  # the short list stays together


def test_year_ranges_cannot_break_and_keep_their_plain_hyphen(built):
    path = one(built, "oldenveld-ivp-2027-2030-plan.docx")
    title = next(p for p in body(path).iter(W + "p") if style(p) == "Title")
    assert text(title) == "Integraal Veiligheidsplan Oldenveld 2027-2030"  # w:t keeps "-"
    runs = title.findall("w:r", NS)
    joiner = next(i for i, r in enumerate(runs) if r.find("w:sym", NS) is not None)
    assert runs[joiner].find("w:sym", NS).get(W + "char") == WORD_JOINER  # a run of its own
    assert runs[joiner].find("w:t", NS) is None
    assert text(runs[joiner - 1]).endswith("2027-") and text(runs[joiner + 1]).startswith("2030")
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Integraal Veiligheidsplan Oldenveld 2027-2030"
    # no year range in any document stays within one run (without its joiner); a phone number is left alone
    year_range = re.compile(r"(?<!\d)(19|20|21)\d\d[-–](19|20|21)\d\d(?!\d)")
    for name in docx_names(built):
        assert not [text(r) for r in body(built / name).iter(W + "r") if year_range.search(text(r))], name
    assert "06-12345678" in text(ooxml.text_runs("tel 06-12345678")[0])


def _table_font(tbl) -> int:
    sizes = {int(sz.get(W + "val")) for sz in tbl.iterfind(".//w:r/w:rPr/w:sz", NS)}
    return sizes.pop() if len(sizes) == 1 else FONT_HALF_POINTS


def _widest_word(cell_texts: list[tuple[str, bool]], half_points: int) -> int:
    words = [(w, bold) for t, bold in cell_texts for w in re.split(r"\s+|(?<=[-/])(?!(?<=\d-)\d)", t) if w]
    return max((text_twips(w, bold=bold, half_points=half_points) for w, bold in words), default=0)


def test_no_column_narrower_than_its_longest_word_where_the_page_allows(built):
    checked = 0
    for name in docx_names(built):
        for tbl in body(built / name).iter(W + "tbl"):
            grid = [int(c.get(W + "w")) for c in tbl.iterfind("w:tblGrid/w:gridCol", NS)]
            label = tbl.find("w:tblPr/w:tblLook", NS).get(W + "firstColumn") == "1"
            if label:
                continue  # label | value: the label column has its own share (tables.py)
            half_points = _table_font(tbl)
            rows = tbl.findall("w:tr", NS)
            needs = []
            for col in range(len(grid)):
                cells = []
                for index, tr in enumerate(rows):
                    tcs = tr.findall("w:tc", NS)
                    if col < len(tcs):
                        cells.append((" ".join(text(p) for p in tcs[col].iter(W + "p")), index == 0))
                needs.append(max(MIN_COLUMN, _widest_word(cells, half_points) + CELL_PADDING))
            if sum(needs) <= sum(grid):
                assert all(g >= n for g, n in zip(grid, needs, strict=True)), (name, text(rows[0]), grid, needs)
                checked += 1
    assert checked > 40


def _sections(path: Path) -> list[tuple[object, list]]:
    """(sectPr, the blocks of its section) for every section of the body, in order."""
    out, blocks = [], []
    for block in body(path):
        if block.tag == W + "sectPr":
            out.append((block, blocks))
            break
        blocks.append(block)
        sect = block.find("w:pPr/w:sectPr", NS)
        if sect is not None:
            out.append((sect, blocks))
            blocks = []
    return out


def _landscape(sect) -> bool:
    size = sect.find("w:pgSz", NS)
    return size.get(W + "orient") == "landscape" and int(size.get(W + "w")) > int(size.get(W + "h"))


def test_the_meetbare_doelen_table_stands_on_a_landscape_section_with_its_heading(built):
    for plan in ("havenstad-ivp-2027-2030-plan.docx", "oldenveld-ivp-2027-2030-plan.docx"):
        sections = _sections(built / plan)
        assert not _landscape(sections[0][0]) and not _landscape(sections[-1][0])
        wide = [
            blocks
            for sect, blocks in sections
            if _landscape(sect) and any(text(b) == "Meetbare doelen" and style(b) == "Heading1" for b in blocks)
        ]
        assert len(wide) == 1, plan
        tables = [b for b in wide[0] if b.tag == W + "tbl"]
        header = [text(tc) for tc in tables[0].find("w:tr", NS).findall("w:tc", NS)]
        assert header == ["Doel", "Indicator", "Nulmeting", "Streefwaarde", "Bron", "Trekker"]
        # the section breaks sit in paragraphs with text: no empty paragraph for layout
        for _sect, blocks in sections[:-1]:
            assert text(blocks[-1]).strip(), plan


def test_region_report_matrix_on_landscape_and_waarschuwingen_whole(built):
    path = built / "regio-rapport.docx"
    for sect, blocks in _sections(path):
        for tbl in (b for b in blocks if b.tag == W + "tbl"):
            header = [text(tc) for tc in tbl.find("w:tr", NS).findall("w:tc", NS)]
            if header[:4] != ["Gemeente", "Status", "Fouten", "Waarschuwingen"]:
                continue
            assert _landscape(sect)
            width = int(tbl.find("w:tblGrid", NS).findall("w:gridCol", NS)[3].get(W + "w"))
            assert width >= text_twips("Waarschuwingen", bold=True) + CELL_PADDING


def _signature(paragraphs, function: str) -> int:
    return next(i for i, p in enumerate(paragraphs) if text(p) == function)


@pytest.mark.parametrize(
    "document, aanhef, signatories",
    [
        (
            "havenstad-ivp-2027-2030-raadsvoorstel.docx",
            "Burgemeester en wethouders van Havenstad,",
            ("de secretaris,", "de burgemeester,"),
        ),
        (
            "havenstad-ivp-2027-2030-raadsvoorstel.docx",
            "Aldus vastgesteld in de openbare vergadering van 11 maart 2027.",
            ("de griffier,", "de voorzitter,"),
        ),
        (
            "havenstad-ivp-2027-2030-voortgang-2028.docx",
            "Burgemeester en wethouders van Havenstad,",
            ("de secretaris,", "de burgemeester,"),
        ),
    ],
)
def test_signatories_side_by_side_with_room_to_sign(built, document, aanhef, signatories):
    path = built / document
    paragraphs = list(body(path).iter(W + "p"))
    start = next(i for i, p in enumerate(paragraphs) if text(p) == aanhef)
    first, second = (_signature(paragraphs[start:], f) + start for f in signatories)
    block = paragraphs[start : second + 2]
    assert [text(p) for p in block[1:]][0] == signatories[0] and second == first + 2
    # the aanhef ends the section before; the signatories are a continuous section of two columns
    assert paragraphs[start].find("w:pPr/w:sectPr", NS) is not None
    sections = {id(blocks[-1]): sect for sect, blocks in _sections(path)}
    sect = sections.get(id(paragraphs[second + 1]))
    if sect is None:  # the last section of the document: the body's own sectPr
        sect = body(path).find("w:sectPr", NS)
    assert sect.find("w:cols", NS).get(W + "num") == "2"
    assert sect.find("w:type", NS).get(W + "val") == "continuous"
    # the second signatory starts its column; room to sign above each name (three lines and more)
    assert paragraphs[second].find("w:r/w:br[@w:type='column']", NS) is not None
    for name in (paragraphs[first + 1], paragraphs[second + 1]):
        assert text(name).strip()
        assert int(name.find("w:pPr/w:spacing", NS).get(W + "before")) >= 3 * 264 * FONT_HALF_POINTS // 40
    # kept together: every paragraph of the block keeps with the next one
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in block[:-1])
    # no table and no tabs for the layout
    assert not any(list(p.iterancestors(W + "tbl")) for p in block)
    assert not any(list(p.iter(W + "tab")) for p in block)


def _header_texts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [text(etree.fromstring(z.read(n))) for n in z.namelist() if re.fullmatch(r"word/header\d*\.xml", n)]


def test_a_draft_carries_its_status_on_every_page(built):
    for plan in ("havenstad-ivp-2027-2030-plan.docx", "havenstad-ivp-2027-2030-raadsvoorstel.docx"):
        path = built / plan
        assert "ONTWERP — versie 0.9" in _header_texts(path)
        for sect, _ in _sections(path):  # every section shows the header (the first one names it)
            assert sect.find("w:headerReference[@w:type='default']", NS) is not None
    assert "CONCEPT — versie 0.4" in _header_texts(built / "oldenveld-ivp-2027-2030-plan.docx")
    assert not any(
        "ONTWERP" in t or "CONCEPT" in t for t in _header_texts(built / "havenstad-ivp-2027-2030-voortgang-2028.docx")
    )


def test_a_vastgesteld_plan_says_when_the_raad_adopted_it(tmp_path):
    plan = LANGE_WOORDEN.read_text("utf-8")
    plan = plan.replace("  status: ontwerp\n", '  status: vastgesteld\n  vastgesteld_op: "2027-01-27"\n')
    source = tmp_path / "vastgesteld.yaml"
    source.write_text(plan, "utf-8")
    assert run("build", source, "-o", tmp_path).exit_code == 0
    path = one(tmp_path, "-plan.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "Vastgesteld door de raad op: 27 januari 2027" in texts
    assert not any("ONTWERP" in t for t in _header_texts(path))


def test_voortgang_letter_has_datum_and_kenmerk_or_placeholders_with_warnings(built, tmp_path):
    def labels(path):
        table = docx.Document(str(path)).tables[0]
        return {row.cells[0].text: row.cells[1].text for row in table.rows}

    havenstad = labels(built / "havenstad-ivp-2027-2030-voortgang-2028.docx")
    assert havenstad["Datum"] == "15 april 2029" and havenstad["Kenmerk"] == "RIB-2029-027"
    oldenveld = labels(built / "oldenveld-ivp-2027-2030-voortgang-2027.docx")
    assert oldenveld["Datum"] == "[datum]" and oldenveld["Kenmerk"] == "[kenmerk]"
    result = run("voortgang", EXAMPLES[1], "-o", tmp_path)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "voortgangsbrieven" in line]
    assert len(warnings) == 2 and all("oldenveld.yaml" in w and "invulplek" in w for w in warnings)


def test_wording_a_griffier_would_not_correct(built, tmp_path):
    def texts(name):
        return [p.text for p in docx.Document(str(built / name)).paragraphs]

    plan = texts("oldenveld-ivp-2027-2030-plan.docx")
    assert "Woninginbraak" in plan and "woninginbraak" not in plan  # a thema as a heading
    assert "De gemeente Oldenveld kiest voor de periode 2027-2030 deze drie prioriteiten:" in plan
    assert "Vorm: Raadsinformatiebrief met de stand van de doelen, in het tweede kwartaal." in plan
    document = docx.Document(str(built / "oldenveld-ivp-2027-2030-plan.docx"))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Rapportcijfer veiligheid in de eigen buurt" in cells  # no "(rapportcijfer)" after it
    assert not any(c.endswith("(rapportcijfer)") or c.endswith(" rapportcijfer") for c in cells)
    assert not any(re.search(r"\((per [^)]*)\) \(\1\)|(per 1\.000 \w+) \(\2\)", c) for c in cells)
    raadsvoorstel = texts("oldenveld-ivp-2027-2030-raadsvoorstel.docx")
    assert "Dekking: Binnen de bestaande begroting (programma Veiligheid)." in raadsvoorstel
    assert any("voor de jaren 2027 tot en met 2030" in t for t in raadsvoorstel)
    voortgang = texts("havenstad-ivp-2027-2030-voortgang-2028.docx")
    assert voortgang[0] == "Raadsinformatiebrief over de voortgang van het integraal veiligheidsplan in 2028"
    assert not any("2027-2030 (" in t and "2027-2030)" in t for t in voortgang)
    html = tmp_path / "rapport.html"
    run("check", "--regio", REGIO, *REGIO_PLANNEN, "-o", html)
    assert "2027-2030 (2027-2030)" not in html.read_text("utf-8")
    rapport = texts("regio-rapport.docx")
    assert not any("2027-2030 (2027-2030" in t for t in rapport)


def test_the_unit_is_not_said_twice_when_the_indicator_names_it(tmp_path):
    plan = LANGE_WOORDEN.read_text("utf-8")
    assert "indicator: Geregistreerde woninginbraken inclusief inbraakpogingen per 1.000 woningen" in plan
    source = tmp_path / "plan.yaml"
    source.write_text(plan, "utf-8")
    assert run("build", source, "-o", tmp_path).exit_code == 0
    document = docx.Document(str(one(tmp_path, "-plan.docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Geregistreerde woninginbraken inclusief inbraakpogingen per 1.000 woningen" in cells
    assert not any("(per 1.000 woningen)" in c for c in cells)


def test_rebuilds_are_byte_identical_and_valid(built, tmp_path):
    plans = EXAMPLES + [LANGE_WOORDEN]
    assert run("build", *plans, "-o", tmp_path, "--raadsvoorstel").exit_code == 0
    assert run("voortgang", *plans, "-o", tmp_path).exit_code == 0
    run("check", "--regio", REGIO, *REGIO_PLANNEN, "-o", tmp_path / "regio-rapport.docx")
    assert run("build", *PROGRAMMAS, "-o", tmp_path).exit_code == 0
    assert run("voortgang", *PROGRAMMAS, "-o", tmp_path).exit_code == 0
    assert run("toets", EXAMPLES[1], "--antwoorden", ANTWOORDEN, "-o", tmp_path / "toets.docx").exit_code == 0
    assert run("build", *GEZAMENLIJK, "-o", tmp_path).exit_code == 0
    assert run("voortgang", *GEZAMENLIJK, "-o", tmp_path, "--samen").exit_code == 0
    names = docx_names(built)
    assert len(names) == 26
    for name in names:
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name
    report = subprocess.run(
        [sys.executable, str(VALIDATE), *(str(built / n) for n in names)], capture_output=True, text=True
    )
    assert report.returncode == 0 and f"0 schema problems in {len(names)} documents" in report.stdout, report.stdout


# ---- LibreOffice's PDF --------------------------------------------------------------------------------


def _pdfs(built: Path) -> list[Path]:
    pdfs = sorted(built.glob("*.pdf"))
    # 3 plans x (plan, raadsvoorstel, voortgang), 2 programmes x (programme, raadsinformatiebrief,
    # voortgang with its chapter), the regional report, the quality check's report, and a joint plan:
    # 3 gemeenten x (plan, voortgang), 2 raadsvoorstellen (one deel B is vastgesteld), the joint voortgang
    assert len(pdfs) == 26, [p.name for p in pdfs]
    return pdfs


def _source(pdf: Path) -> Source:
    return source_words(pdf.with_suffix(".docx"))


def test_no_word_broken_without_a_hyphen_in_any_pdf(built):
    found = {pdf.name: broken_words(read_pdf(pdf), _source(pdf)) for pdf in _pdfs(built)}
    assert not any(found.values()), found


def test_no_year_range_broken_in_any_pdf(built):
    found = {pdf.name: broken_year_ranges(read_pdf(pdf)) for pdf in _pdfs(built)}
    assert not any(found.values()), found


def test_no_heading_as_the_last_line_of_a_page(built):
    found = {pdf.name: stranded_headings(read_pdf(pdf), _source(pdf)) for pdf in _pdfs(built)}
    assert not any(found.values()), found


def test_pdf_text_search_finds_year_ranges_and_waarschuwingen_is_whole(built):
    text_layer = subprocess.run(
        ["pdftotext", "-layout", str(built / "havenstad-ivp-2027-2030-plan.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Samen veilig in Havenstad: Integraal Veiligheidsplan 2027-2030" in text_layer
    words = [w.text for page in read_pdf(built / "regio-rapport.pdf") for w in page.words]
    assert words.count("Waarschuwingen") >= 3  # the header of every matrix, in one piece


def test_table_of_contents_on_its_own_page(built):
    for plan in (
        "havenstad-ivp-2027-2030-plan.pdf",
        "oldenveld-ivp-2027-2030-plan.pdf",
        "westerkwartiermeerdijk-ivp-2027-2030-plan.pdf",
    ):
        pages = read_pdf(built / plan)
        assert "Inhoudsopgave" in [w.text for w in pages[1].words], plan
        third = sorted(pages[2].words, key=lambda w: (w.y0, w.x0))
        body_words = [w.text for w in third if w.y0 > 70]  # below the status line in the header
        assert body_words[:2] == ["1", "Inleiding"], (plan, body_words[:5])


def test_signatories_side_by_side_in_the_pdf(built):
    pages = read_pdf(built / "havenstad-ivp-2027-2030-raadsvoorstel.pdf")
    for functions, names in (
        (("secretaris,", "burgemeester,"), ("Verbeek", "Rijswijk")),
        (("griffier,", "voorzitter,"), ("Graaf-Özdemir", "Rijswijk")),
    ):
        page = next(p for p in pages if functions[0] in [w.text for w in p.words])
        word = {w.text: w for w in page.words}
        left, right = word[functions[0]], word[functions[1]]
        assert abs(left.y0 - right.y0) < 1 and right.x0 - left.x1 > 100  # one line, two columns
        name_left = next(w for w in page.words if w.text == names[0])
        name_right = next(w for w in page.words if w.text == names[1] and w.y0 > right.y0)
        line = left.y1 - left.y0
        assert name_left.y0 - left.y1 >= 3 * line and abs(name_left.y0 - name_right.y0) < 1  # room to sign


def test_status_of_a_draft_on_every_page_of_the_pdf(built):
    for pdf in ("havenstad-ivp-2027-2030-plan.pdf", "havenstad-ivp-2027-2030-raadsvoorstel.pdf"):
        for page in read_pdf(built / pdf):
            top = [w.text for w in page.words if w.y1 < 70]
            assert "ONTWERP" in top, (pdf, page.number)


def test_voortgang_and_regional_report_pdfs_are_tagged(built):
    for name in ("havenstad-ivp-2027-2030-voortgang-2028.pdf", "regio-rapport.pdf"):
        info = subprocess.run(["pdfinfo", str(built / name)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), name
