"""The Markdown reader: structure python-markdown gives, with ivplan's safety and CommonMark fixes."""

import xml.etree.ElementTree as ET

import pytest

from ivplan.core.xmltext import remove_invalid_xml_chars
from ivplan.render.markdown_reader import (
    DIRECTIVE_TAG,
    REGELS_TAG,
    parse_markdown,
)


def nesting(root):
    """[(text, depth)] for every list item, depth counted in ul/ol ancestors."""
    found = []

    def walk(node, depth):
        for child in node:
            if child.tag in ("ul", "ol"):
                for li in child:
                    text = (li.text or "").strip() or "".join(li.find("p").itertext()).strip()
                    found.append((text, depth))
                    walk(li, depth + 1)
            else:
                walk(child, depth)

    walk(root, 0)
    return found


@pytest.mark.parametrize("indent", [2, 3, 4])
def test_nested_list_items_nest_whatever_the_indent(indent):
    pad = " " * indent
    md = f"- een\n{pad}- twee\n{pad}{pad}- drie\n- vier\n"
    assert nesting(parse_markdown(md)) == [("een", 0), ("twee", 1), ("drie", 2), ("vier", 0)]


def test_numbered_list_nested_under_numbered_item_with_three_spaces():
    root = parse_markdown("1. a\n2. b\n   1. ba\n3. c\n")
    assert nesting(root) == [("a", 0), ("b", 0), ("ba", 1), ("c", 0)]
    assert [c.tag for c in root] == ["ol"]


def test_list_right_after_paragraph_is_a_list():
    root = parse_markdown("De prioriteiten zijn:\n- ondermijning\n- jeugd\n")
    assert [c.tag for c in root] == ["p", "ul"]
    assert root[0].text == "De prioriteiten zijn:"


def test_ordered_list_after_paragraph_only_when_it_starts_at_one():
    assert [c.tag for c in parse_markdown("Tekst:\n1. een\n2. twee\n")] == ["p", "ol"]
    root = parse_markdown("Het plan loopt tot\n2027. Daarna volgt een nieuw plan.\n")
    assert [c.tag for c in root] == ["p"]


def test_numbered_list_with_parenthesis_is_a_list_as_in_commonmark():
    # "1)" is CommonMark's other delimiter of a numbered list; also right after a paragraph and nested
    root = parse_markdown("Tekst:\n1) een\n2) twee\n   - genest\n")
    assert [c.tag for c in root] == ["p", "ol"]
    assert nesting(root) == [("een", 0), ("twee", 0), ("genest", 1)]
    assert nesting(parse_markdown("- a\n  1) x\n  2) y\n")) == [("a", 0), ("x", 1), ("y", 1)]
    # another delimiter starts another list; "2027) ..." inside a paragraph stays text
    assert [c.tag for c in parse_markdown("1. a\n2. b\n1) c\n") if c.tag == "ol"] == ["ol", "ol"]
    assert [c.tag for c in parse_markdown("Het plan loopt tot\n2027) Daarna een nieuw.\n")] == ["p"]


@pytest.mark.parametrize(
    "md",
    [
        "- zie het plan (vanaf\n2027) voor details\n",
        "- zie het plan (vanaf\n  2027) voor details\n",
        "1. zie het plan (vanaf\n2027) voor details\n",
        "- zie het plan van\n2027. voor details\n",
    ],
)
def test_number_not_one_right_after_an_item_line_is_text_of_the_item(md):
    # CommonMark: a numbered list that does not start at 1 cannot interrupt a paragraph, in an item neither
    root = parse_markdown(md)
    assert len(root) == 1 and len(root[0]) == 1
    assert " ".join("".join(root[0][0].itertext()).split()) in (
        "zie het plan (vanaf 2027) voor details",
        "zie het plan van 2027. voor details",
    )


def test_bullet_list_then_numbered_list_are_two_lists():
    root = parse_markdown("- a\n- b\n\n1. een\n2. twee\n")
    lists = [c.tag for c in root if c.tag in ("ul", "ol")]
    assert lists == ["ul", "ol"]


def test_raw_html_and_entities_stay_text():
    root = parse_markdown('Tekst <script>alert("x")</script> en <b>vet?</b> &amp; &lt;\n\n<div>blok</div>\n')
    text = "".join(root.itertext())
    assert '<script>alert("x")</script>' in text
    assert "<b>vet?</b>" in text
    assert "&amp; &lt;" in text
    assert "<div>blok</div>" in text
    assert root.find(".//script") is None and root.find(".//b") is None and root.find(".//div") is None


def test_directive_only_when_the_line_is_exactly_a_directive():
    root = parse_markdown(
        "Een zin met [[nieuwe-pagina]] erin.\n\n[[nieuwe-pagina]]\n\n\\[[nieuwe-pagina]]\n\n[[titel: Plan **2027**]]\n"
    )
    directives = root.findall(DIRECTIVE_TAG)
    assert [d.get("name") for d in directives] == ["nieuwe-pagina", "titel"]
    assert directives[1].get("arg") == "Plan **2027**"
    assert directives[1].find("strong").text == "2027"  # the argument is inline Markdown
    paragraphs = ["".join(p.itertext()) for p in root.findall("p")]
    assert paragraphs == ["Een zin met [[nieuwe-pagina]] erin.", "[[nieuwe-pagina]]"]


def test_directive_without_blank_lines_around_it():
    root = parse_markdown("Alinea een.\n[[nieuwe-pagina]]\n# Kop\n")
    assert [c.tag for c in root] == ["p", DIRECTIVE_TAG, "h1"]


def test_regels_block_gives_one_paragraph_per_line():
    root = parse_markdown("[[regels]]\nde griffier,\n\n*J. Jansen*\n[[/regels]]\n\nNa.\n")
    regels = root.find(REGELS_TAG)
    assert ["".join(p.itertext()) for p in regels] == ["de griffier,", "J. Jansen"]
    assert regels[1].find("em") is not None
    assert root[-1].tag == "p" and root[-1].text == "Na."


def test_pipe_table_with_alignment():
    root = parse_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n")
    table = root.find("table")
    assert [th.text for th in table.iter("th")] == ["a", "b"]
    assert "right" in table.findall(".//td")[1].get("style")


def test_heading_right_after_a_table_ends_the_table():
    # as in GitHub's Markdown: a heading starts a new block, it is no row of the table above it
    root = parse_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n## Kop\nTekst.\n")
    assert [c.tag for c in root] == ["table", "h2", "p"]
    assert len(root.find("table").findall(".//tr")) == 2


def test_table_row_starting_with_dash_is_not_a_list():
    root = parse_markdown("a | b\n--|--\n- x | y\n")
    assert root.find("table") is not None and root.find("ul") is None


def test_indented_code_block_is_left_alone():
    root = parse_markdown("Tekst.\n\n    - geen lijst\n      code\n")
    assert root.find("ul") is None
    assert "- geen lijst" in "".join(root.find("pre").itertext())


def test_links_and_images_kept_for_the_writer():
    root = parse_markdown("[a](https://x.nl) [b](javascript:alert(1)) ![alt](/etc/passwd)\n")
    assert [a.get("href") for a in root.iter("a")] == ["https://x.nl", "javascript:alert(1)"]
    assert root.find(".//img").get("alt") == "alt"


def test_control_characters_removed():
    cleaned, count = remove_invalid_xml_chars("a\x00b\x1fc\td\ne\x0b")
    assert cleaned == "abc\td\ne" and count == 3
    root = parse_markdown("Tekst\x01 met\x08 stuurtekens\n")
    assert "".join(root.itertext()).strip() == "Tekst met stuurtekens"
    ET.tostring(root)  # serialisable


def test_ordered_list_keeps_its_start_number():
    assert parse_markdown("3. drie\n4. vier\n").find("ol").get("start") == "3"


def test_heading_right_after_a_list_ends_the_list():
    root = parse_markdown("- a\n- b\n# Kop\nTekst.\n")
    assert [c.tag for c in root] == ["ul", "h1", "p"]


def _items(root):
    """[(tag, [paragraph texts]) for each item of the first list], the CommonMark view of a list."""
    lst = next(c for c in root if c.tag in ("ul", "ol"))
    out = []
    for li in lst:
        paras = ["".join(p.itertext()).strip() for p in li.findall("p")] or [(li.text or "").strip()]
        out.append((lst.tag, paras))
    return out


@pytest.mark.parametrize(
    "marker, second, indent", [("-", "-", 2), ("-", "-", 4), ("*", "*", 2), ("1.", "2.", 3), ("1.", "2.", 4)]
)
def test_item_with_a_second_paragraph_does_not_swallow_the_next_item(marker, second, indent):
    pad = " " * indent
    root = parse_markdown(f"{marker} item een\n\n{pad}tweede alinea\n{second} item twee\n")
    tag = "ol" if marker == "1." else "ul"
    assert _items(root) == [(tag, ["item een", "tweede alinea"]), (tag, ["item twee"])]
    assert [c.tag for c in root] == [tag]


def test_nested_item_with_a_second_paragraph_then_siblings_at_both_levels():
    root = parse_markdown("- a\n  - b\n\n    tweede b\n  - c\n- d\n")
    assert nesting(root) == [("a", 0), ("b", 1), ("c", 1), ("d", 0)]
    # a looser list without a second paragraph: the outer item after it is not swallowed either
    assert nesting(parse_markdown("- a\n  - b\n\n  - c\n- d\n")) == [("a", 0), ("b", 1), ("c", 1), ("d", 0)]


def test_sublist_right_after_an_items_second_paragraph():
    root = parse_markdown("- a\n\n  tweede\n  - sub\n- b\n")
    assert nesting(root) == [("a", 0), ("sub", 1), ("b", 0)]
    assert ["".join(p.itertext()) for p in root[0][0].findall("p")] == ["a", "tweede"]


def _blocks(cell):
    """[(tag, text)] of a cell's block children; lists as (tag, [item texts or nested lists])."""

    def items(lst):
        out = []
        for li in lst:
            inline = [li.text or ""] + ["".join(c.itertext()) + (c.tail or "") for c in li if c.tag not in ("ul", "ol")]
            out.append(" ".join("".join(inline).split()))
            out.extend((sub.tag, items(sub)) for sub in li if sub.tag in ("ul", "ol"))
        return out

    return [(b.tag, items(b) if b.tag in ("ul", "ol") else " ".join("".join(b.itertext()).split())) for b in cell]


def test_cell_markers_give_paragraphs_and_lists_in_the_cell():
    root = parse_markdown(
        "| Thema | Aanpak |\n|---|---|\n"
        "| Brand | Via de regio. [[alinea]] [[punt]] punt **een** [[punt: 2]] genest [[punt]] punt twee "
        "[[alinea]] Slot. |\n"
        "| Zorg | [[nummer]] een [[nummer]] twee |\n"
    )
    cells = [row[1] for row in root.iter("tr")]
    assert _blocks(cells[1]) == [
        ("p", "Via de regio."),
        ("ul", ["punt een", ("ul", ["genest"]), "punt twee"]),
        ("p", "Slot."),
    ]
    assert cells[1].find("ul/li/strong").text == "een"
    assert _blocks(cells[2]) == [("ol", ["een", "twee"])]
    assert (cells[0].text, list(cells[0])) == ("Aanpak", [])  # a cell without markers stays inline


def test_cell_markers_escaped_in_code_or_outside_a_table_are_no_blocks():
    root = parse_markdown("| A |\n|---|\n| `[[alinea]]` en \\[[punt]] x |\n\nTekst [[alinea]] verder.\n")
    cell = next(root.iter("td"))
    assert [c.tag for c in cell] == ["code"]
    assert "".join(cell.itertext()) == "[[alinea]] en [[punt]] x"
    assert " ".join(root.find("p").text.split()) == "Tekst verder."
    # the private characters that stand for the markers cannot be typed in
    cell = next(parse_markdown("| A |\n|---|\n| a \ue100 b |\n").iter("td"))
    assert (cell.text, list(cell)) == ("a  b", [])


def test_the_loader_strips_what_the_writer_cannot_hold_and_del():
    """One definition of the characters XML cannot hold: the loader removes those and DEL from plan
    text (IVP080); the writer removes only those (DEL is valid XML)."""
    from ivplan.source import loader

    loaded = loader.load_text('ivplan: 1\nplan: {titel: "a\\x01b\\x7fc\\uffffd"}\n')
    assert loaded.data["plan"]["titel"] == "abcd"
    assert [(d.code, d.path) for d in loaded.diagnostics] == [("IVP080", "plan.titel")]
    assert remove_invalid_xml_chars("a\x01b\x7fc\uffffd") == ("ab\x7fcd", 2)


# --------------------------------------------------------------------------------------------------
# Text without inline syntax skips python-markdown's inline pass (issue 20): the same tree either way

_TRICKY = [
    "Gewoon tekst, zonder opmaak.\n\nTwee regels\nin een alinea.",
    "Regel met twee spaties  \nen dan een harde regelovergang.",
    "Een *nadruk* en **vet**, `code`, \\*geen nadruk\\* en een [link](https://example.org) of <https://x.nl>.",
    "Mail <info@example.org> en ![beeld](x.png), [referentie][1]\n\n[1]: https://example.org",
    "- punt\n- punt met *nadruk*\n    - dieper\n\n1. een\n2. twee  \n   verder",
    "| a | b |\n|---|---|\n| x [[alinea]] y | *z* |\n| \\| | <b>html</b> & &amp; |",
    "# Kop met _onderstreping_ en * losse ster\n\n> citaat met \\[[geen directief]]",
    "[[titel: Een *titel*]]\n\n[[tabel: Bijschrift]]\n\n| a |\n|---|\n| 1 |",
    "Tekst met < en > en [ los, en een ` losse backtick.",
]


def _both_ways(text: str) -> tuple[bytes, bytes]:
    return (
        ET.tostring(parse_markdown(text), encoding="unicode").encode(),
        ET.tostring(parse_markdown(text, skip_plain_text=False), encoding="unicode").encode(),
    )


@pytest.mark.parametrize("text", _TRICKY)
def test_skipping_plain_text_changes_nothing(text):
    fast, slow = _both_ways(text)
    assert fast == slow


def test_skipping_plain_text_changes_nothing_on_random_markdown():
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    import strategies

    for seed in range(400):
        rnd = random.Random(seed)
        text = "\n\n".join(strategies.markdown(rnd) for _ in range(3)) + "\n" + strategies.inline(rnd) + "  \n"
        fast, slow = _both_ways(text)
        assert fast == slow, text


def test_skipping_plain_text_knows_every_inline_pattern():
    # a python-markdown that adds an inline pattern must make us look at _INLINE_SYNTAX again
    from ivplan.render import markdown_reader

    md = markdown_reader._make_markdown()
    assert len(md.inlinePatterns) == len(markdown_reader.INLINE_PATTERNS)
    assert "ivp_plain_text" in md.treeprocessors
