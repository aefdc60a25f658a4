"""The Markdown contract: what the writing side (the template filters) produces, the reading side
(render/markdown_reader.py and the docx writer) takes back exactly; both import the same rules."""

import pytest

from ivplan.documents import markdown_contract as mc
from ivplan.documents.templating import md, md_cel, tekst
from ivplan.render.markdown_reader import DIRECTIVE_TAG, parse_markdown


@pytest.mark.parametrize(
    "text",
    ["a*b_c`d", "[x](y) {z} #h |p| >q \\ slash", "1. geen lijst", "- geen punt", "gewoon", "[[nieuwe-pagina]]"],
)
def test_unescape_inline_undoes_escape_inline(text):
    assert mc.unescape_inline(mc.escape_inline(text)) == text


def test_the_filters_are_the_contract_functions():
    assert tekst("a *b*\n c") == mc.escape_inline("a *b*\n c") == "a \\*b\\* c"
    assert md("# Kop\n\ntekst", 2) == mc.block_markdown("# Kop\n\ntekst", 2)
    assert md_cel("- a\n- b") == mc.cell_markdown("- a\n- b")


def test_a_directive_in_user_text_is_never_a_directive():
    for written in (tekst("[[nieuwe-pagina]]"), md("[[nieuwe-pagina]]"), md_cel("[[nieuwe-pagina]]")):
        assert not mc.DIRECTIVE_LINE.match(written), written
        root = parse_markdown(written + "\n")
        assert not list(root.iter(DIRECTIVE_TAG))
        assert "[[nieuwe-pagina]]" in "".join(root.itertext())


@pytest.mark.parametrize(
    "kind, level, expected", [("punt", 1, "[[punt]]"), ("nummer", 2, "[[nummer: 2]]"), ("punt", 12, "[[punt: 9]]")]
)
def test_cell_markers_the_writer_makes_are_the_ones_the_reader_knows(kind, level, expected):
    marker = mc.cell_marker(kind, level)
    assert marker == expected
    encoded = mc.encode_cell_markers(f"| {marker} x |")
    (char,) = mc.MARK_CHARS.findall(encoded)
    assert mc.cell_marker_kind(char) == ("ol" if kind == "nummer" else "ul", min(level, mc.MAX_CELL_LEVEL) - 1)


def test_a_marker_in_user_text_stays_text():
    cell = md_cel("zie [[punt]] hier")
    assert mc.encode_cell_markers(cell) == cell  # escaped: no private-use character
    assert "[[punt]]" in "".join(parse_markdown(f"| a |\n|---|\n| {cell} |\n").itertext())
