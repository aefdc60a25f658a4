"""The Markdown-to-docx writer: structure of the produced .docx, as Word and screen readers see it."""

from __future__ import annotations

import datetime
import io
import posixpath
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from lxml import etree

from ivplan.render.docxwriter import DocumentMeta, HuisstijlError, Image, write_docx

DATA = Path(__file__).parent / "data" / "docxwriter"
SAMPLE = (DATA / "sample.md").read_text(encoding="utf-8")
VALIDATE = DATA / "ooxml" / "validate.py"

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
W = "{" + NS["w"] + "}"
R = "{" + NS["r"] + "}"
WP = "{" + NS["wp"] + "}"

META = DocumentMeta(
    title="Integraal Veiligheidsplan 2027-2030",
    subject="Integrale veiligheid",
    author="Gemeente Voorbeeld",
    created=datetime.date(2027, 1, 28),
    keywords=("ivp", "veiligheid"),
)


def png(width: int = 40, height: int = 20) -> bytes:
    raw = b"".join(b"\x00" + b"\x1f\x38\x64" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


IMAGES = {"logo": Image(png()), "grafiek": Image(png(2000, 1000), alt="Grafiek: inbraken dalen van 3,4 naar 2,5")}


def build(markdown: str, **kwargs) -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    kwargs.setdefault("images", IMAGES)
    data = write_docx(markdown, META, warn=warnings.append, **kwargs)
    return data, warnings


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def body(data: bytes):
    return part(data, "word/document.xml").find("w:body", NS)


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def paragraphs(data: bytes):
    return body(data).findall("w:p", NS)


def style_of(p) -> str | None:
    s = p.find("w:pPr/w:pStyle", NS)
    return None if s is None else s.get(W + "val")


def find_paragraph(data: bytes, needle: str):
    for p in body(data).iter(W + "p"):
        if needle in text(p):
            return p
    raise AssertionError(f"no paragraph with {needle!r}")


def num_pr(p):
    n = p.find("w:pPr/w:numPr", NS)
    if n is None:
        return None
    return int(n.find("w:numId", NS).get(W + "val")), int(n.find("w:ilvl", NS).get(W + "val"))


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, list[str]]:
    return build(SAMPLE + "\n\nNog een stuur\x01teken.\n")


# ---- headings -------------------------------------------------------------------------------------


def test_headings_get_heading_styles_and_levels(sample):
    data, _ = sample
    assert style_of(find_paragraph(data, "Inleiding")) == "Heading1"
    assert style_of(find_paragraph(data, "Visie")) == "Heading2"
    assert style_of(find_paragraph(data, "Derde niveau")) == "Heading3"
    assert style_of(find_paragraph(data, "Vierde niveau")) == "Heading4"
    fifth = find_paragraph(data, "Vijfde niveau")
    assert style_of(fifth) is None
    assert all(r.find("w:rPr/w:b", NS) is not None for r in fifth.findall("w:r", NS))


def test_heading_numbering_is_tied_to_the_heading_styles(sample):
    data, _ = sample
    styles = part(data, "word/styles.xml")
    numbering = part(data, "word/numbering.xml")
    num_ids = set()
    for level in range(4):
        style = styles.find(f"w:style[@w:styleId='Heading{level + 1}']", NS)
        numpr = style.find("w:pPr/w:numPr", NS)
        assert numpr.find("w:ilvl", NS).get(W + "val") == str(level)
        num_ids.add(numpr.find("w:numId", NS).get(W + "val"))
    assert len(num_ids) == 1
    num = numbering.find(f"w:num[@w:numId='{num_ids.pop()}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(W + "val")
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    levels = abstract.findall("w:lvl", NS)
    assert [lv.find("w:pStyle", NS).get(W + "val") for lv in levels] == [f"Heading{n}" for n in range(1, 5)]
    assert [lv.find("w:lvlText", NS).get(W + "val") for lv in levels] == ["%1", "%1.%2", "%1.%2.%3", "%1.%2.%3.%4"]
    # the TOC heading is not numbered, even if a huisstijl bases it on Heading 1
    toc_heading = find_paragraph(data, "Inhoudsopgave")
    assert style_of(toc_heading) == "TOCHeading"
    assert toc_heading.find("w:pPr/w:numPr/w:numId", NS).get(W + "val") == "0"


def test_without_kopnummering_headings_are_not_numbered():
    data, _ = build("# Kop\n\nTekst.\n")
    heading = part(data, "word/styles.xml").find("w:style[@w:styleId='Heading1']", NS)
    assert heading.find("w:pPr/w:numPr", NS) is None


# ---- lists ----------------------------------------------------------------------------------------


def test_lists_are_real_numbering_nested_with_two_and_four_spaces(sample):
    data, _ = sample
    top = num_pr(find_paragraph(data, "ondermijning"))
    assert top[1] == 0
    assert num_pr(find_paragraph(data, "drugscriminaliteit"))[1] == 1  # two-space indent
    assert num_pr(find_paragraph(data, "vastgoed"))[1] == 2
    assert num_pr(find_paragraph(data, "jeugdgroepen"))[1] == 1  # four-space indent
    assert num_pr(find_paragraph(data, "woninginbraak")) == top  # back in the same list
    for p in paragraphs(data):
        assert not text(p).lstrip().startswith(("- ", "* ", "1. ")), "list typed instead of numbered"


def test_list_right_after_paragraph_is_a_list(sample):
    data, _ = sample
    assert style_of(find_paragraph(data, "De prioriteiten zijn:")) is None
    assert num_pr(find_paragraph(data, "ondermijning")) is not None
    assert num_pr(find_paragraph(data, "eerste")) is not None


def test_numbered_list_with_parenthesis_is_real_numbering():
    data, _ = build("De stappen:\n1) melden\n2) bespreken\n")
    for item in ("melden", "bespreken"):
        p = find_paragraph(data, item)
        assert num_pr(p) is not None and text(p) == item  # numbered by Word, not typed "1)"
    assert num_pr(find_paragraph(data, "melden")) == num_pr(find_paragraph(data, "bespreken"))


def test_each_numbered_list_restarts_at_one(sample):
    data, _ = sample
    numbering = part(data, "word/numbering.xml")
    first, second = num_pr(find_paragraph(data, "eerste")), num_pr(find_paragraph(data, "alfa"))
    assert first[0] != second[0]
    for num_id, level in (first, second):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        override = num.find(f"w:lvlOverride[@w:ilvl='{level}']/w:startOverride", NS)
        assert override.get(W + "val") == "1"
        abstract_id = num.find("w:abstractNumId", NS).get(W + "val")
        lvl = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='0']", NS)
        assert lvl.find("w:numFmt", NS).get(W + "val") == "decimal"
    bullet_abstract = numbering.find(
        f"w:num[@w:numId='{num_pr(find_paragraph(data, 'ondermijning'))[0]:d}']/w:abstractNumId", NS
    ).get(W + "val")
    lvl = numbering.find(f"w:abstractNum[@w:abstractNumId='{bullet_abstract}']/w:lvl[@w:ilvl='0']", NS)
    assert lvl.find("w:numFmt", NS).get(W + "val") == "bullet"


def test_all_abstract_nums_come_before_nums(sample):
    data, _ = sample
    tags = [etree.QName(c).localname for c in part(data, "word/numbering.xml")]
    assert "num" in tags and "abstractNum" in tags
    assert max(i for i, t in enumerate(tags) if t == "abstractNum") < min(i for i, t in enumerate(tags) if t == "num")


def test_second_paragraph_of_a_list_item_is_indented_not_numbered(sample):
    data, _ = sample
    follow = find_paragraph(data, "met een tweede alinea")
    assert num_pr(follow) is None
    assert follow.find("w:pPr/w:ind", NS).get(W + "left") == "360"


# ---- inline formatting and links ----------------------------------------------------------------------


def test_bold_italic_code_runs(sample):
    data, _ = sample
    p = find_paragraph(data, "Dit plan beschrijft")
    runs = {text(r): r for r in p.iter(W + "r")}
    assert runs["aanpak"].find("w:rPr/w:b", NS) is not None
    assert runs["veiligheid"].find("w:rPr/w:i", NS) is not None
    assert runs["code"].find("w:rPr/w:rStyle", NS).get(W + "val") == "VerbatimChar"


def test_hyperlinks_only_for_http_https_mailto(sample):
    data, _ = sample
    p = find_paragraph(data, "Dit plan beschrijft")
    rels = part(data, "word/_rels/document.xml.rels")
    links = {}
    for h in p.findall("w:hyperlink", NS):
        rel = rels.find(f"rel:Relationship[@Id='{h.get(R + 'id')}']", NS)
        assert rel.get("TargetMode") == "External"
        assert rel.get("Type").endswith("/hyperlink")
        assert h.find("w:r/w:rPr/w:rStyle", NS).get(W + "val") == "Hyperlink"
        links[text(h)] = rel.get("Target")
    assert links == {
        "de Politiewet 2012": "https://wetten.overheid.nl/BWBR0031788/",
        "mail": "mailto:info@voorbeeld.nl",
    }
    assert "gevaarlijke link" in text(p)
    assert not any("javascript" in (r.get("Target") or "") for r in rels)


def test_markdown_image_is_not_loaded_but_shows_its_alt_text(sample):
    data, _ = sample
    p = find_paragraph(data, "blijft gewone tekst")
    assert "net als een plaatje" in text(p)
    assert p.find(".//w:drawing", NS) is None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any("passwd" in n for n in z.namelist())


def test_raw_html_appears_literally(sample):
    data, _ = sample
    assert '<script>alert("x")</script> & <b>geen vet</b>' in text(find_paragraph(data, "Ruwe HTML"))


def test_escaped_directive_appears_literally(sample):
    data, _ = sample
    assert "Escaped directief: [[nieuwe-pagina]]" in text(find_paragraph(data, "Escaped directief"))


def test_control_characters_removed_with_warning(sample):
    data, warnings = sample
    assert "Nog een stuurteken." in text(find_paragraph(data, "Nog een stuur"))
    assert any("stuurteken" in w for w in warnings)


def test_hard_line_break_is_a_break_not_an_empty_paragraph(sample):
    data, _ = sample
    p = find_paragraph(data, "regelafbreking")
    assert p.find("w:r/w:br", NS) is not None


# ---- tables ---------------------------------------------------------------------------------------------


def tables(data: bytes):
    return body(data).findall("w:tbl", NS)


def test_data_table_has_repeating_header_row_and_caption(sample):
    data, _ = sample
    table = tables(data)[0]
    tblpr = table.find("w:tblPr", NS)
    assert tblpr.find("w:tblStyle", NS).get(W + "val") == "Table"
    look = tblpr.find("w:tblLook", NS)
    assert look.get(W + "firstRow") == "1" and look.get(W + "firstColumn") == "0"
    assert tblpr.find("w:tblCaption", NS).get(W + "val") == "Doelen en indicatoren"
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert [text(c) for c in rows[0].findall("w:tc", NS)] == ["Doel", "Indicator", "Nulmeting", "Streefwaarde"]
    assert len(rows) == 4
    right = rows[1].findall("w:tc", NS)[2].find("w:p/w:pPr/w:jc", NS)
    assert right.get(W + "val") == "right"


def test_label_table_marks_first_column_and_has_no_header_row(sample):
    data, _ = sample
    table = tables(data)[1]
    look = table.find("w:tblPr/w:tblLook", NS)
    assert look.get(W + "firstColumn") == "1" and look.get(W + "firstRow") == "0"
    assert table.find(".//w:tblHeader", NS) is None
    rows = table.findall("w:tr", NS)
    assert [text(r.find("w:tc", NS)) for r in rows] == [
        "Registratienummer",
        "Datum raadsvergadering",
        "Onderwerp",
    ]
    assert table.find("w:tblPr/w:tblCaption", NS) is None  # the caption was for the first table only


BLOCK_CELL_TABLE = (
    "[[nieuwe-pagina]]\n\n"
    "| Thema | Aanpak |\n|---|---:|\n"
    "| Brand | Via de veiligheidsregio. [[alinea]] [[punt]] punt een [[punt: 2]] genest [[punt]] punt twee "
    "[[alinea]] Slot. |\n"
    "| Zorg | [[nummer]] een [[nummer]] twee |\n"
)


def test_table_cell_holds_paragraphs_and_real_lists(tmp_path):
    data, _ = build(BLOCK_CELL_TABLE)
    rows = tables(data)[0].findall("w:tr", NS)
    cell = rows[1].findall("w:tc", NS)[1]
    ps = cell.findall("w:p", NS)
    assert [text(p) for p in ps] == ["Via de veiligheidsregio.", "punt een", "genest", "punt twee", "Slot."]
    assert [style_of(p) for p in ps] == ["Compact", "ListParagraph", "ListParagraph", "ListParagraph", "Compact"]
    items = [num_pr(p) for p in ps[1:4]]
    assert items[0][1] == 0 and items[1][1] == 1 and items[2] == items[0]  # nesting as elsewhere
    numbering = part(data, "word/numbering.xml")
    for num_id, _ in items:
        assert numbering.find(f"w:num[@w:numId='{num_id}']", NS) is not None
    # a little space after the first paragraph, none after the last; the cell's alignment stays
    assert ps[0].find("w:pPr/w:spacing", NS).get(W + "after") == "60"
    assert ps[-1].find("w:pPr/w:spacing", NS) is None
    assert ps[0].find("w:pPr/w:jc", NS).get(W + "val") == "right"
    ordered = rows[2].findall("w:tc", NS)[1].findall("w:p", NS)
    assert [text(p) for p in ordered] == ["een", "twee"]
    assert num_pr(ordered[0]) == num_pr(ordered[1]) and num_pr(ordered[0]) not in items
    # no text flattened into one paragraph, no typed bullets, no empty paragraph
    assert not any(t.startswith(("-", "•")) for t in map(text, body(data).iter(W + "p")))
    assert all(_has_text(p) for p in cell.findall("w:p", NS))
    # the page break before the table is the table's, not a list item's in the cell
    assert rows[0].find("w:tc/w:p/w:pPr/w:pageBreakBefore", NS) is not None
    assert not [p for p in cell.findall("w:p", NS) if p.find("w:pPr/w:pageBreakBefore", NS) is not None]
    assert validate(tmp_path, data).returncode == 0
    assert build(BLOCK_CELL_TABLE)[0] == data  # byte-identical


def _has_text(p) -> bool:
    return bool(text(p).strip())


TWO_TABLES = "| a | b |\n|---|---|\n| 1 | 2 |\n\n[[tabel: Cijfers over inbraak]]\n\n| c | d |\n|---|---|\n| 3 | 4 |\n"


def test_a_table_right_after_a_table_gets_its_caption_between(tmp_path):
    data, warnings = build(TWO_TABLES)
    kinds = [etree.QName(b).localname for b in body(data)]
    assert kinds == ["tbl", "p", "tbl", "sectPr"]  # never two w:tbl side by side: Word would join them
    caption = body(data).findall("w:p", NS)[0]
    assert text(caption) == "Cijfers over inbraak"
    assert style_of(caption) == "Caption"
    assert tables(data)[1].find("w:tblPr/w:tblCaption", NS).get(W + "val") == "Cijfers over inbraak"
    styles = part(data, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='Caption']/w:name", NS).get(W + "val") == "caption"
    assert not [w for w in warnings if "huisstijl" in w]
    assert validate(tmp_path, data).returncode == 0
    # without a caption the separating paragraph still has text; a table after text gets none
    data, _ = build("Tekst.\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n\n| c |\n|---|\n| 3 |\n")
    kinds = [etree.QName(b).localname for b in body(data)]
    assert kinds == ["p", "tbl", "p", "tbl", "p", "tbl", "sectPr"]
    assert [text(p) for p in body(data).findall("w:p", NS)] == ["Tekst.", "Tabel 2", "Tabel 3"]


def test_caption_style_is_required_from_a_huisstijl(tmp_path):
    ref = make_huisstijl(tmp_path, drop=("Caption",))
    data, warnings = build(TWO_TABLES, huisstijl=ref)
    (warning,) = [w for w in warnings if "huisstijl mist stijlen" in w]
    assert "Caption" in warning
    caption = body(data).findall("w:p", NS)[0]
    ids = {s.get(W + "styleId") for s in part(data, "word/styles.xml").findall("w:style", NS)}
    assert style_of(caption) in ids
    assert validate(tmp_path, data).returncode == 0


# ---- fields, page breaks, footer -----------------------------------------------------------------------


def test_toc_field_dirty_with_placeholder_and_update_fields(sample):
    data, _ = sample
    instr = [i.text for i in body(data).iter(W + "instrText")]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instr
    toc = next(p for p in paragraphs(data) if any("TOC" in (i.text or "") for i in p.iter(W + "instrText")))
    assert toc.find("w:r/w:fldChar[@w:fldCharType='begin']", NS).get(W + "dirty") == "true"
    assert "Veld bijwerken" in text(toc)
    settings = part(data, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(W + "val") == "true"


def test_page_break_goes_on_the_next_block_without_empty_paragraph(sample):
    data, _ = sample
    assert find_paragraph(data, "Inleiding").find("w:pPr/w:pageBreakBefore", NS) is not None
    assert find_paragraph(data, "Raadsvoorstel").find("w:pPr/w:pageBreakBefore", NS) is not None
    assert not any(br.get(W + "type") == "page" for br in body(data).iter(W + "br"))


def test_page_break_before_a_table_lands_in_its_first_cell():
    data, _ = build("Tekst.\n\n[[nieuwe-pagina]]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    first_cell_p = tables(data)[0].find("w:tr/w:tc/w:p", NS)
    assert first_cell_p.find("w:pPr/w:pageBreakBefore", NS) is not None


def test_footer_on_every_page_with_page_fields(sample):
    data, _ = sample
    sect = body(data).find("w:sectPr", NS)
    ref = sect.find("w:footerReference", NS)
    assert ref.get(W + "type") == "default"
    rels = part(data, "word/_rels/document.xml.rels")
    target = rels.find(f"rel:Relationship[@Id='{ref.get(R + 'id')}']", NS).get("Target")
    footer = part(data, "word/" + target)
    instr = [i.text.strip() for i in footer.iter(W + "instrText")]
    assert instr == ["PAGE", "NUMPAGES"]
    assert "Gemeente Voorbeeld · Integraal Veiligheidsplan 2027-2030 · pagina" in text(footer)
    assert "{PAGE}" not in text(footer)


# ---- images ------------------------------------------------------------------------------------------------


def test_images_inline_with_alt_text_and_unique_ids(sample):
    data, warnings = sample
    doc_prs = list(body(data).iter(WP + "docPr"))
    assert len(doc_prs) == 2
    assert all(d.getparent().tag == WP + "inline" for d in doc_prs)
    assert [d.get("descr") for d in doc_prs] == [
        "Logo van de gemeente Voorbeeld",
        "Grafiek: inbraken dalen van 3,4 naar 2,5",  # the Image's default alt text
    ]
    assert len({d.get("id") for d in doc_prs}) == 2
    wide = doc_prs[1].getparent().find("wp:extent", NS)
    assert int(wide.get("cx")) <= (11906 - 2 * 1417) * 635  # scaled to the text width


def test_missing_image_warns_and_leaves_visible_placeholder(sample):
    data, warnings = sample
    assert any("afbeelding 'ontbreekt'" in w for w in warnings)
    assert text(find_paragraph(data, "[afbeelding ontbreekt: ontbreekt]"))


def test_image_without_any_alt_text_warns():
    data, warnings = build("[[afbeelding: kaal]]\n", images={"kaal": Image(png())})
    assert any("afbeelding 'kaal' heeft geen alt-tekst" in w for w in warnings)
    assert body(data).find(".//w:drawing", NS) is not None


def test_unreadable_image_warns_and_does_not_crash():
    data, warnings = build("[[afbeelding: stuk | Een grafiek]]\n", images={"stuk": Image(b"geen plaatje")})
    assert any("afbeelding 'stuk'" in w for w in warnings)
    assert body(data).find(".//w:drawing", NS) is None


def test_image_given_as_a_function_is_fetched_when_the_writer_reaches_it():
    calls = []

    def later() -> bytes:
        calls.append(1)
        return png()

    eager, _ = build("# Kop\n\n[[afbeelding: g | Een grafiek]]\n", images={"g": Image(png())})
    lazy, _ = build("# Kop\n\n[[afbeelding: g | Een grafiek]]\n", images={"g": Image(later)})
    assert lazy == eager and calls == [1]
    build("# Kop\n", images={"g": Image(later)})
    assert calls == [1]  # an image the document does not show is never fetched


def test_image_function_that_fails_is_an_error_not_an_unreadable_image():
    def broken() -> bytes:
        raise RuntimeError("grafiek kapot")

    with pytest.raises(RuntimeError, match="grafiek kapot"):
        build("[[afbeelding: g | Een grafiek]]\n", images={"g": Image(broken)})


def test_unknown_directive_is_kept_as_text_with_warning():
    data, warnings = build("[[onbekend: iets]]\n")
    assert text(find_paragraph(data, "[[onbekend: iets]]"))
    assert any("onbekend directief" in w for w in warnings)


def test_default_huisstijl_gives_no_warnings():
    _, warnings = build("# Kop\n\nTekst.\n")
    assert warnings == []


# ---- document-wide quality ------------------------------------------------------------------------------


def test_core_properties_from_meta_never_the_clock(sample):
    data, _ = sample
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == META.title
    assert props.subject == META.subject
    assert props.author == "Gemeente Voorbeeld"
    assert props.last_modified_by == "Gemeente Voorbeeld"
    assert props.keywords == "ivp, veiligheid"
    assert props.revision == 1
    assert props.created == datetime.datetime(2027, 1, 28, tzinfo=props.created.tzinfo)
    assert props.modified == props.created
    assert props.comments == ""  # python-docx's "generated by python-docx" is gone


def test_language_nl_in_style_defaults_and_settings(sample):
    data, _ = sample
    lang = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W + "val") == "nl-NL"
    assert part(data, "word/settings.xml").find("w:themeFontLang", NS).get(W + "val") == "nl-NL"


def test_no_empty_paragraphs(sample):
    data, _ = sample
    for p in paragraphs(data):
        assert text(p).strip() or p.find(".//w:drawing", NS) is not None, etree.tostring(p)


def test_regels_are_compact_paragraphs(sample):
    data, _ = sample
    for line in ("Burgemeester en wethouders van Voorbeeld,", "de secretaris,", "J. Jansen"):
        assert style_of(find_paragraph(data, line)) == "Compact"


def test_title_and_subtitle(sample):
    data, _ = sample
    assert style_of(find_paragraph(data, "Integraal Veiligheidsplan 2027-2030")) == "Title"
    assert style_of(find_paragraph(data, "versie 1.0")) == "Subtitle"


def test_page_is_a4_with_25mm_margins(sample):
    data, _ = sample
    sect = body(data).find("w:sectPr", NS)
    assert sect.find("w:pgSz", NS).get(W + "w") == "11906"
    assert sect.find("w:pgMar", NS).get(W + "left") == "1417"


def test_byte_identical_rebuild():
    first, _ = build(SAMPLE)
    second, _ = build(SAMPLE)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_package_is_sound(sample):
    data, _ = sample
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        types = etree.fromstring(z.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types.findall("ct:Default", NS)}
        overrides = {o.get("PartName") for o in types.findall("ct:Override", NS)}
        for name in names - {"[Content_Types].xml"}:
            ext = name.rsplit(".", 1)[-1].lower()
            assert "/" + name in overrides or ext in defaults, f"{name} has no content type"
        for rels_name in (n for n in names if n.endswith(".rels")):
            source_dir = posixpath.dirname(posixpath.dirname(rels_name))
            for rel in etree.fromstring(z.read(rels_name)).findall("rel:Relationship", NS):
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(source_dir, rel.get("Target"))).lstrip("/")
                assert target in names, f"{rels_name}: {rel.get('Target')} missing"


def validate(tmp_path: Path, data: bytes, name: str = "out.docx") -> subprocess.CompletedProcess:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run([sys.executable, str(VALIDATE), str(path)], capture_output=True, text=True)


def test_every_part_valid_against_ecma_376(tmp_path, sample):
    data, _ = sample
    result = validate(tmp_path, data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 schema problems" in result.stdout


def test_validator_catches_a_broken_part(tmp_path, sample):
    """The schema check can fail: a w:pPr with children out of order is reported."""
    data, _ = sample
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(
                    b'<w:pStyle w:val="Heading1"/><w:pageBreakBefore/>',
                    b'<w:pageBreakBefore/><w:pStyle w:val="Heading1"/>',
                    1,
                )
            dst.writestr(item, content)
    assert validate(tmp_path, broken.getvalue()).returncode == 1


def test_empty_markdown_gives_a_valid_document(tmp_path):
    data, _ = build("")
    assert validate(tmp_path, data).returncode == 0
    assert paragraphs(data) == []


# ---- huisstijl ----------------------------------------------------------------------------------------


def make_huisstijl(tmp_path: Path, *, drop: tuple[str, ...] = (), rename: dict[str, str] | None = None) -> Path:
    """A gemeente's reference .docx (python-docx's template) with body content, a header, some
    styles removed (so Word would know them only as latent) and some style ids renamed (Dutch Word)."""
    doc = docx.Document()
    doc.add_paragraph("Oude inhoud van de huisstijl die weg moet.")
    doc.sections[0].header.paragraphs[0].text = "Briefhoofd Gemeente Voorbeeld"
    styles = doc.styles.element
    for style in list(styles.iterfind(W + "style")):
        if style.get(W + "styleId") in drop:
            styles.remove(style)
    for old, new in (rename or {}).items():
        for style in styles.iterfind(W + "style"):
            if style.get(W + "styleId") == old:
                style.set(W + "styleId", new)
    path = tmp_path / "huisstijl.docx"
    doc.save(path)
    return path


def test_huisstijl_missing_styles_filled_in_with_one_warning(tmp_path):
    ref = make_huisstijl(tmp_path, drop=("Heading3", "ListParagraph"))
    data, warnings = build(SAMPLE, huisstijl=ref)
    style_warnings = [w for w in warnings if "huisstijl mist stijlen" in w]
    assert len(style_warnings) == 1
    assert "Heading 3" in style_warnings[0] and "List Paragraph" in style_warnings[0]
    assert "Table" in style_warnings[0]  # python-docx's template has no table style of that name
    assert style_warnings[0].endswith("aangevuld uit de standaardstijl")
    # afterwards nothing is missing: a second build from the output's styles would not warn
    names = {s.find("w:name", NS).get(W + "val").lower() for s in part(data, "word/styles.xml").findall("w:style", NS)}
    for needed in (
        "normal",
        "heading 1",
        "heading 3",
        "heading 4",
        "list paragraph",
        "compact",
        "toc heading",
        "hyperlink",
        "verbatim char",
        "table",
        "footer",
        "title",
        "subtitle",
    ):
        assert needed in names
    # every style a paragraph uses exists
    ids = {s.get(W + "styleId") for s in part(data, "word/styles.xml").findall("w:style", NS)}
    used = {s.get(W + "val") for s in body(data).iter(W + "pStyle")}
    assert used <= ids
    assert "Oude inhoud" not in text(body(data))
    # the huisstijl brings numbering definitions of its own; ours still come before every w:num
    tags = [etree.QName(c).localname for c in part(data, "word/numbering.xml")]
    assert max(i for i, t in enumerate(tags) if t == "abstractNum") < min(i for i, t in enumerate(tags) if t == "num")
    assert validate(tmp_path, data).returncode == 0


def test_huisstijl_keeps_header_and_uses_its_own_style_ids(tmp_path):
    ref = make_huisstijl(tmp_path, rename={"Heading1": "Kop1"})
    data, _ = build(SAMPLE, huisstijl=ref)
    assert style_of(find_paragraph(data, "Inleiding")) == "Kop1"
    sect = body(data).find("w:sectPr", NS)
    assert sect.find("w:headerReference", NS) is not None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
        assert any(b"Briefhoofd Gemeente Voorbeeld" in z.read(n) for n in headers)
    numbering_style = part(data, "word/styles.xml").find("w:style[@w:styleId='Kop1']/w:pPr/w:numPr", NS)
    assert numbering_style is not None
    assert validate(tmp_path, data).returncode == 0


def test_huisstijl_thumbnail_and_custom_xml_are_dropped(tmp_path):
    ref = make_huisstijl(tmp_path)
    with zipfile.ZipFile(ref) as z:  # python-docx's template has both, like many a Word template
        assert "docProps/thumbnail.jpeg" in z.namelist()
        assert any(n.startswith("customXml/") for n in z.namelist())
    data, _ = build("# Kop\n", huisstijl=ref)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        rels = b"".join(z.read(n) for n in names if n.endswith(".rels"))
        app = z.read("docProps/app.xml")
    assert "docProps/thumbnail.jpeg" not in names
    assert not [n for n in names if n.startswith("customXml/")]
    assert b"thumbnail" not in rels and b"customXml" not in rels
    types = part(data, "[Content_Types].xml")
    assert not [o for o in types.findall("ct:Override", NS) if "customXml" in o.get("PartName")]
    assert not [d for d in types.findall("ct:Default", NS) if d.get("Extension") == "jpeg"]
    assert b"Microsoft" not in app
    assert validate(tmp_path, data).returncode == 0


def test_complete_huisstijl_gives_no_warning(tmp_path):
    first, _ = build("# Kop\n")
    ref = tmp_path / "volledig.docx"
    ref.write_bytes(first)
    _, warnings = build(SAMPLE, huisstijl=ref)
    assert not [w for w in warnings if "huisstijl" in w]


@pytest.mark.parametrize("content", [b"dit is geen zip", b"PK\x03\x04 kapot"])
def test_corrupt_huisstijl_raises(tmp_path, content):
    ref = tmp_path / "kapot.docx"
    ref.write_bytes(content)
    with pytest.raises(HuisstijlError, match="kapot.docx' is geen leesbaar Word-document"):
        write_docx("# Kop\n", META, huisstijl=ref)


def test_zip_that_is_not_word_raises(tmp_path):
    ref = tmp_path / "ander.docx"
    with zipfile.ZipFile(ref, "w") as z:
        z.writestr("hallo.txt", "geen Word")
    with pytest.raises(HuisstijlError):
        write_docx("# Kop\n", META, huisstijl=ref)


def test_missing_huisstijl_file_raises(tmp_path):
    with pytest.raises(HuisstijlError, match="bestaat niet"):
        write_docx("# Kop\n", META, huisstijl=tmp_path / "nergens.docx")


def test_ordered_list_starting_at_three_starts_at_three():
    data, _ = build("Tekst.\n\n3. drie\n4. vier\n")
    num_id, level = num_pr(find_paragraph(data, "drie"))
    numbering = part(data, "word/numbering.xml")
    start = numbering.find(f"w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride", NS)
    assert start.get(W + "val") == "3"


def test_app_properties_name_ivplan(sample):
    data, _ = sample
    app = part(data, "docProps/app.xml")
    assert app.find("{*}Application").text == "ivplan"


def test_footer_also_on_a_huisstijl_first_page(tmp_path):
    doc = docx.Document()
    doc.sections[0].different_first_page_header_footer = True
    doc.sections[0].first_page_footer.paragraphs[0].text = "Oude voettekst eerste pagina"
    ref = tmp_path / "eerste.docx"
    doc.save(ref)
    data, _ = build("[[voettekst: Gemeente · pagina {PAGE} van {NUMPAGES}]]\n\n# Kop\n", huisstijl=ref)
    sect = body(data).find("w:sectPr", NS)
    refs = {r.get(W + "type"): r.get(R + "id") for r in sect.findall("w:footerReference", NS)}
    assert set(refs) == {"default", "first"}
    rels = part(data, "word/_rels/document.xml.rels")
    for r_id in refs.values():
        target = rels.find(f"rel:Relationship[@Id='{r_id}']", NS).get("Target")
        footer = part(data, "word/" + target)
        assert [i.text.strip() for i in footer.iter(W + "instrText")] == ["PAGE", "NUMPAGES"]
        assert "Oude voettekst" not in text(footer)
    assert validate(tmp_path, data).returncode == 0


def test_no_break_space_is_kept():
    data, _ = build("Budget: €\u00a0250.000 per jaar.\n")
    assert "€\u00a0250.000" in text(find_paragraph(data, "Budget"))


def test_cell_blocks_are_measured_as_separate_lines_not_one_glued_word():
    from ivplan.render.docxwriter.tables import column_widths
    from ivplan.render.markdown_reader import parse_markdown

    def widths(cell: str) -> list[int]:
        # a crowded table: the widest words decide the widths
        root = parse_markdown(
            f"| A | B | C |\n|---|---|---|\n| Bestuursrechtelijke | {cell} | Veiligheidsregisseurs |\n"
        )
        rows = [[c for c in tr] for tr in root.iter("tr")]
        return column_widths(rows, 9072)

    blocks = widths("Woninginbraakpreventie[[punt]]Veiligheidsregio")  # no space at the marker
    assert blocks == widths("Woninginbraakpreventie Veiligheidsregio")
    assert blocks != widths("WoninginbraakpreventieVeiligheidsregio")  # what a glued word would need
