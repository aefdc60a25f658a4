"""The Markdown reader: structure python-markdown gives, with ivplan's safety and CommonMark fixes."""

import xml.etree.ElementTree as ET

import pytest

from ivplan.markdown_reader import (
    DIRECTIVE_TAG,
    REGELS_TAG,
    parse_markdown,
    remove_invalid_xml_chars,
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
        "Een zin met [[nieuwe-pagina]] erin.\n\n[[nieuwe-pagina]]\n\n\\[[nieuwe-pagina]]\n\n"
        "[[titel: Plan **2027**]]\n"
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
