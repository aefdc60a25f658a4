"""The HTML writer: the reader's element tree as HTML, with the meaning the .docx writer gives it."""

from __future__ import annotations

import base64
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from ivplan.documents.context import plan_context
from ivplan.documents.templating import make_environment, render
from ivplan.render.docxwriter import Image
from ivplan.render.htmlwriter import serialize, write_html
from ivplan.validation.lint import lint_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xff\xff\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def html(markdown: str, **kwargs) -> tuple[ET.Element, list[str]]:
    warnings: list[str] = []
    doc = write_html(markdown, warn=warnings.append, **kwargs)
    return doc.root, warnings


def test_table_regions_with_the_same_caption_get_different_names():
    """Two tables under one caption (deel A's and deel B's "Meetbare doelen" in a joint plan): each
    scrolling region still has a name of its own (axe: landmark-unique), the captions stay as written."""
    table = "| Doel | Waarde |\n|---|--:|\n| Minder inbraken | 3 |\n"
    root, _ = html(f"# A\n\n[[tabel: Doelen]]\n\n{table}\n# B\n\n[[tabel: Doelen]]\n\n{table}")
    first, second = [div for div in root.iter("div") if div.get("class") == "tabel"]
    assert texts(root, "caption") == ["Doelen", "Doelen"]
    assert first.get("aria-labelledby") == first.find("table/caption").get("id")
    assert second.get("aria-labelledby") is None and second.get("aria-label") == "Doelen (tabel 2)"


def texts(root: ET.Element, tag: str) -> list[str]:
    return [" ".join("".join(el.itertext()).split()) for el in root.iter(tag)]


def test_headings_are_numbered_like_word_outline_numbering():
    root, _ = html("[[kopnummering]]\n\n# Een\n\n## Twee\n\n### Drie\n\n## Vier\n\n# Vijf\n\n## Zes\n")
    assert texts(root, "h1") == ["1 Een", "2 Vijf"]
    assert texts(root, "h2") == ["1.1 Twee", "1.2 Vier", "2.1 Zes"]
    assert texts(root, "h3") == ["1.1.1 Drie"]
    assert [h.get("id") for h in root.iter("h1")] == ["h-een", "h-vijf"]


def test_headings_without_numbering_and_deep_headings_as_bold_paragraphs():
    root, _ = html("# Een\n\n##### Diep\n")
    assert texts(root, "h1") == ["Een"]
    assert root.find(".//h5") is None
    assert root.find("p/strong").text == "Diep"


def test_inhoudsopgave_links_to_headings_of_levels_one_and_two():
    root, _ = html("[[kopnummering]]\n\n[[inhoudsopgave: Inhoud]]\n\n# Een\n\n## Twee\n\n### Drie\n\n# Vier\n")
    nav = root.find("nav")
    assert nav.get("aria-labelledby") == nav.find("h2").get("id")
    assert nav.find("h2").text == "Inhoud"
    links = [(a.get("href"), a.text) for a in nav.iter("a")]
    assert links == [("#h-een", "1 Een"), ("#h-twee", "1.1 Twee"), ("#h-vier", "2 Vier")]
    ids = {h.get("id") for h in root.iter() if h.tag in ("h1", "h2")}
    assert all(href[1:] in ids for href, _ in links)


def test_table_with_caption_and_header_cells():
    root, _ = html("[[tabel: Cijfers]]\n\n| Jaar | Waarde |\n|---|--:|\n| 2025 | 3,4 |\n")
    table = root.find(".//table")
    assert table.find("caption").text == "Cijfers"
    assert [(th.get("scope"), th.text) for th in table.iter("th")] == [("col", "Jaar"), ("col", "Waarde")]
    assert [td.text for td in table.iter("td")] == ["2025", "3,4"]
    assert table.find(".//td[2]").get("class") == "rechts"  # alignment as a class: no style attribute
    wrapper = root.find("div[@class='tabel']")
    assert wrapper.get("aria-labelledby") == table.find("caption").get("id")
    assert wrapper.get("tabindex") == "0"


def test_label_table_has_its_first_column_as_row_headers():
    root, _ = html("[[labeltabel]]\n\n| Onderwerp | Plan |\n|---|---|\n| Datum | 1 mei |\n")
    table = root.find(".//table")
    assert table.find("thead") is None
    rows = [[(c.tag, c.get("scope"), c.text) for c in tr] for tr in table.iter("tr")]
    assert rows == [[("th", "row", "Onderwerp"), ("td", None, "Plan")], [("th", "row", "Datum"), ("td", None, "1 mei")]]


def test_two_tables_in_a_row_are_told_apart_by_a_caption():
    root, _ = html("| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n")
    captions = texts(root, "caption")
    assert captions == ["Tabel 2"]


def test_cell_with_paragraphs_and_lists():
    root, _ = html("| Thema | Aanpak |\n|---|---|\n| x | Eerst. [[punt]] een [[punt]] twee [[alinea]] Slot. |\n")
    cell = root.findall(".//td")[1]
    assert [c.tag for c in cell] == ["p", "ul", "p"]
    assert texts(cell, "li") == ["een", "twee"]


def test_lists_nest_and_keep_their_start():
    root, _ = html("- a\n  - b\n- c\n\n3. drie\n4. vier\n")
    ul = root.find("ul")
    assert texts(ul.find("li/ul"), "li") == ["b"]
    assert root.find("ol").get("start") == "3"


def test_directives_title_page_break_regels_and_unknown():
    root, warnings = html(
        "[[titel: Het plan]]\n\n[[ondertitel: Van Stad]]\n\n[[nieuwe-pagina]]\n\n# Kop\n\n"
        "[[regels]]\nde griffier,\nJ. Jansen\n[[/regels]]\n\n[[voettekst: pagina {PAGE}]]\n\n[[raar]]\n"
    )
    assert root.find("p[@class='titel']").text == "Het plan"
    assert root.find("p[@class='ondertitel']").text == "Van Stad"
    assert root.find("h1").get("class") == "nieuwe-pagina"
    assert texts(root.find("div[@class='regels']"), "p") == ["de griffier,", "J. Jansen"]
    assert "{PAGE}" not in serialize(root)  # the footer belongs to a printed page
    assert "[[raar]]" in texts(root, "p")
    assert warnings == ["onbekend directief [[raar]]; als tekst overgenomen"]


def test_signature_block_side_by_side_and_no_status_header():
    root, warnings = html(
        "[[koptekst: ONTWERP — versie 0.9]]\n\nTekst.\n\n[[ondertekening]]\nBurgemeester en wethouders van Stad,\n"
        "de secretaris, | A. Pieters\nde burgemeester, | J. \\| Jansen\n[[/ondertekening]]\n"
    )
    block = root.find("div[@class='ondertekening']")
    assert [p.text for p in block.findall("p")] == ["Burgemeester en wethouders van Stad,"]  # full width
    signers = block.findall("div[@class='ondertekenaars']/div[@class='ondertekenaar']")
    assert [texts(s, "p") for s in signers] == [["de secretaris,", "A. Pieters"], ["de burgemeester,", "J. | Jansen"]]
    assert "ONTWERP" not in serialize(root)  # the header belongs to a printed page; the title block says it
    assert warnings == []


def test_images_inline_as_data_uri_with_alt_text_and_size():
    data = png(8, 5)
    root, _ = html("[[afbeelding: grafiek | Lijngrafiek van iets]]\n", images={"grafiek": Image(data)})
    img = root.find(".//img")
    assert img.get("alt") == "Lijngrafiek van iets"
    assert img.get("src") == "data:image/png;base64," + base64.b64encode(data).decode()
    assert (img.get("width"), img.get("height")) == ("8", "5")


def test_images_from_a_source_function_and_default_alt():
    seen = []

    def source(name, data, mime):
        seen.append((name, mime))
        return f"/afbeelding/{name}.png"

    root, _ = html("[[afbeelding: logo]]\n", images={"logo": Image(png(), alt="Logo van X")}, image_src=source)
    img = root.find(".//img")
    assert (img.get("src"), img.get("alt")) == ("/afbeelding/logo.png", "Logo van X")
    assert seen == [("logo", "image/png")]


def test_missing_and_unreadable_images_are_placeholders_as_in_the_docx():
    root, warnings = html("[[afbeelding: weg | x]]\n\n[[afbeelding: kapot | y]]\n", images={"kapot": Image(b"GIF89a")})
    assert texts(root, "p") == ["[afbeelding ontbreekt: weg]", "[afbeelding onleesbaar: kapot]"]
    assert root.find(".//img") is None
    assert len(warnings) == 2


def test_user_text_is_text_never_markup():
    root, _ = html('Een <script>alert("x")</script> en &amp; <b onclick="x">b</b>\n\n[link](javascript:alert(1))\n')
    out = serialize(root)
    assert "<script" not in out and "<b " not in out and "javascript:" not in out
    assert '&lt;script&gt;alert("x")&lt;/script&gt; en &amp;amp; &lt;b onclick="x"&gt;' in out
    assert root.find(".//a") is None  # only http, https and mailto become links


def test_links_and_inline_formatting():
    root, _ = html("**vet** *schuin* `code` [site](https://example.org/a b)\n")
    p = root.find("p")
    assert [c.tag for c in p] == ["strong", "em", "code", "a"]
    assert p.find("a").get("href") == "https://example.org/a%20b"


def test_havenstad_plan_same_headings_and_tables_as_the_markdown():
    """The example plan through the real templates: every heading of the Markdown is in the HTML,
    every [[tabel]] is a caption, every chart an image with its alt text."""
    res = lint_plan(EXAMPLES / "havenstad.yaml")
    markdown = render(make_environment(None), "plan.md.j2", plan_context(res.data))
    from ivplan.render.charts import chart_images

    doc = write_html(markdown, images=chart_images(res.data))
    chapters = [
        line.lstrip("#").strip() if line.startswith("# ") else line[len("[[bijlage: ") : -2]
        for line in markdown.splitlines()
        if line.startswith(("# ", "[[bijlage: "))
    ]
    assert [h.text for h in doc.headings if h.level == 1] == chapters
    assert [h.text for h in doc.headings if not h.number] == [c for c in chapters if c.startswith("Bijlage")]
    captions = [line[len("[[tabel: ") : -2] for line in markdown.splitlines() if line.startswith("[[tabel: ")]
    assert texts(doc.root, "caption") == captions
    images = list(doc.root.iter("img"))
    assert len(images) == markdown.count("[[afbeelding: grafiek-")
    assert all(img.get("alt").startswith("Lijngrafiek van ") for img in images)
    assert all(img.get("src").startswith("data:image/png;base64,") for img in images)


def test_bijlage_is_an_unnumbered_chapter_in_the_inhoudsopgave():
    root, _ = html("[[kopnummering]]\n\n[[inhoudsopgave]]\n\n# Een\n\n[[bijlage: Begrippen]]\n\n# Twee\n")
    assert texts(root, "h1") == ["1 Een", "Begrippen", "2 Twee"]
    assert root.findall(".//h1")[1].get("class") == "bijlage"
    assert [a.text for a in root.find("nav").iter("a")] == ["1 Een", "Begrippen", "2 Twee"]
