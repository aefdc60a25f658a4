"""The Jinja2 environment, the filters and the Dutch template errors."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ivplan.documents.templating import TemplateError, make_environment, md, md_cel, render, tekst, waarde
from ivplan.render.markdown_reader import parse_markdown

DIRECTIVE = __import__("re").compile(r"^ {0,3}\[\[(/?[a-z][a-z0-9-]*)(?::[ \t]*(.*?))?\]\][ \t]*$")


def to_html(text: str) -> str:
    """The Markdown as the project's reader (ivplan.render.markdown_reader, the docx writer's front end)
    parses it, serialised: raw HTML and entities are text there, directives are elements."""
    return ET.tostring(parse_markdown(text), encoding="unicode")


def visible(text: str) -> str:
    """The text a reader of the document sees."""
    return "".join(parse_markdown(text).itertext()).strip()


HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# environment


def test_override_dir_first_builtin_for_the_rest(tmp_path):
    write(tmp_path, "plan.md.j2", "# Eigen plan van {{ gemeente.naam|tekst }}\n")
    env = make_environment(tmp_path)
    assert render(env, "plan.md.j2", {"gemeente": {"naam": "Ede"}}) == "# Eigen plan van Ede\n"
    # raadsvoorstel.md.j2 is not in the folder: the built-in one is used
    assert env.get_template("raadsvoorstel.md.j2").filename.endswith(
        str(Path("plan_templates") / "raadsvoorstel.md.j2")
    )


def test_override_dir_must_exist(tmp_path):
    with pytest.raises(TemplateError) as err:
        make_environment(tmp_path / "bestaat-niet")
    assert "bestaat niet" in str(err.value)


def test_without_override_the_builtin_templates_load():
    env = make_environment()
    for name in ("plan.md.j2", "raadsvoorstel.md.j2"):
        assert Path(env.get_template(name).filename).parent.name == "plan_templates"


def test_sandbox_blocks_class_walk(tmp_path):
    write(tmp_path, "boos.md.j2", "regel 1\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "boos.md.j2", {})
    msg = str(err.value)
    assert "sandbox" in msg
    assert "sjabloon 'boos.md.j2', regel 2" in msg
    assert err.value.line == 2


def test_sandbox_blocks_mutation(tmp_path):
    write(tmp_path, "muteer.md.j2", "{% set x = [] %}{{ x.append(1) }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "muteer.md.j2", {})
    assert "sandbox" in str(err.value)


def test_undefined_variable_gives_dutch_error_with_template_and_line(tmp_path):
    write(tmp_path, "kapot.md.j2", "# Kop\n\nTekst.\n{{ plan.bestaat_niet }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "kapot.md.j2", {"plan": {"titel": "x"}})
    msg = str(err.value)
    assert msg.startswith("sjabloon 'kapot.md.j2', regel 4: ")
    assert "'bestaat_niet' bestaat niet" in msg
    assert (err.value.template, err.value.line) == ("kapot.md.j2", 4)


def test_unknown_top_level_variable(tmp_path):
    write(tmp_path, "kapot.md.j2", "\n\n{{ onbekend }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "kapot.md.j2", {})
    assert str(err.value) == "sjabloon 'kapot.md.j2', regel 3: de variabele 'onbekend' bestaat niet"


def test_undefined_inside_an_included_template_names_that_template(tmp_path):
    write(tmp_path, "hoofd.md.j2", "a\n{% include 'deel.md.j2' %}\n")
    write(tmp_path, "deel.md.j2", "x\ny\n{{ nergens }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "hoofd.md.j2", {})
    assert "sjabloon 'deel.md.j2', regel 3" in str(err.value)


def test_syntax_error_gives_dutch_error_with_line(tmp_path):
    write(tmp_path, "fout.md.j2", "# Kop\n{% if x %}\nopen\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "fout.md.j2", {"x": True})
    msg = str(err.value)
    assert msg.startswith("sjabloon 'fout.md.j2', regel ")
    assert "onverwacht einde van het sjabloon" in msg
    assert "endif" in msg


def test_unknown_filter_is_a_dutch_error(tmp_path):
    write(tmp_path, "filter.md.j2", "{{ x|bestaatniet }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "filter.md.j2", {"x": 1})
    assert "onbekend filter 'bestaatniet'" in str(err.value)
    assert err.value.line == 1


def test_missing_template(tmp_path):
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "voortgang-bestaat-niet.md.j2", {})
    assert "niet gevonden" in str(err.value)


def test_none_never_reaches_the_document(tmp_path):
    write(tmp_path, "leeg.md.j2", "Datum:\n{{ plan.datum }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "leeg.md.j2", {"plan": {"datum": None}})
    assert "regel 2" in str(err.value)
    assert "None" in str(err.value)


def test_filter_error_names_template_and_line(tmp_path):
    write(tmp_path, "datum.md.j2", "x\n\n{{ d|datum }}\n")
    with pytest.raises(TemplateError) as err:
        render(make_environment(tmp_path), "datum.md.j2", {"d": "2027-02-30"})
    assert str(err.value).startswith("sjabloon 'datum.md.j2', regel 3: geen geldige datum")


def test_environment_settings(tmp_path):
    write(tmp_path, "t.md.j2", "{% if a %}\n    <b>{{ a }}</b>\n{% endif %}\n\n\n\nslot\n")
    out = render(make_environment(tmp_path), "t.md.j2", {"a": "x & y"})
    # no autoescape, block lines vanish (trim/lstrip), blank-line runs collapse, one final newline
    assert out == "    <b>x & y</b>\n\nslot\n"


def test_user_text_is_never_template_code(tmp_path):
    write(tmp_path, "t.md.j2", "# {{ titel|tekst }}\n\n{{ tekst|md(1) }}\n")
    hostile = "{{ 7*7 }} {% raw %} {# c #} {{ ''.join(x) }}"
    out = render(make_environment(tmp_path), "t.md.j2", {"titel": hostile, "tekst": hostile})
    assert "49" not in out
    assert visible(out).count(hostile) == 2


# ------------------------------------------------------------------------------------------------
# tekst


@pytest.mark.parametrize(
    "value",
    [
        "*vet* _schuin_ `code` [link](http://x) <b>html</b> # kop | pijp \\ backslash",
        "1. geen lijst",
        "2027. Een jaar",
        "- geen opsomming",
        "+ ook niet",
        "> geen citaat",
        "# geen kop",
        "[[nieuwe-pagina]]",
        "<script>alert(1)</script>",
        "<https://example.nl>",
        "R&amp;D &lt;tag&gt;",
        "![plaatje](x.png)",
        "{{ 7*7 }} {% if x %}",
        "tekst met __dubbel__ en **sterren**",
        "a ]] b [[ c",
    ],
)
def test_tekst_renders_literally(value):
    assert visible(tekst(value)) == value


def test_tekst_in_a_table_cell_keeps_the_pipe():
    table = "| A | B |\n|---|---|\n| " + tekst("links | rechts") + " | 2 |\n"
    html = to_html(table)
    assert "<td>links | rechts</td>" in html
    assert html.count("<td>") == 2


def test_tekst_joins_lines():
    assert tekst("regel een\nregel   twee\n\n\tdrie") == "regel een regel twee drie"


def test_tekst_is_not_a_directive_as_argument():
    line = f"[[titel: {tekst('x]] [[nieuwe-pagina]]')}]]"
    m = DIRECTIVE.match(line)
    assert m and m.group(1) == "titel"
    assert visible(m.group(2)) == "x]] [[nieuwe-pagina]]"


def test_tekst_of_none_is_an_error():
    with pytest.raises(ValueError):
        tekst(None)


# ------------------------------------------------------------------------------------------------
# md


def headings(text: str) -> list[tuple[int, str]]:
    import re

    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{1,6}) (.+)$", text, re.M)]


def test_md_shifts_headings_below_the_section():
    text = "Inleiding.\n\n# Een\n\ntekst\n\n## Twee\n\nmeer\n\n### Drie\n"
    assert headings(md(text, 1)) == [(2, "Een"), (3, "Twee"), (4, "Drie")]
    assert headings(md(text, 2)) == [(3, "Een"), (4, "Twee")]
    assert "**Drie**" in md(text, 2)


def test_md_deep_headings_become_bold_paragraphs():
    out = md("tekst\n# Kop\n\n## Diep\nna", 3)
    assert headings(out) == [(4, "Kop")]
    assert "\n\n**Diep**\n\n" in out
    assert to_html(out).count("<p>") == 3


@pytest.mark.parametrize(
    "text, niveau, expected",
    [
        ("### Diep\n\ntekst", 1, [(2, "Diep")]),  # not Heading 4 right after Heading 1
        ("## Sub\n\ntekst", 3, [(4, "Sub")]),  # a level-4 heading fits: not a bold paragraph
        ("# A\n\n### B\n\n#### C\n\n# D", 1, [(2, "A"), (3, "B"), (4, "C"), (2, "D")]),
        ("## A\n\n#### B\n\n### C", 1, [(2, "A"), (3, "B"), (3, "C")]),
        ("### A\n\n# B\n\n## C", 2, [(3, "A"), (3, "B"), (4, "C")]),
        ("Titel\n=====\n\n### Diep", 1, [(2, "Titel"), (3, "Diep")]),
    ],
)
def test_md_headings_never_skip_a_level(text, niveau, expected):
    assert headings(md(text, niveau)) == expected


def test_md_setext_headings():
    out = md("Titel\n=====\n\nSub kop\n-------\n\ntekst", 1)
    assert headings(out) == [(2, "Titel"), (3, "Sub kop")]


def test_md_underline_after_list_is_no_heading():
    out = md("- item\n---\n\ntekst", 2)
    assert not any(el.tag in HEADING_TAGS for el in parse_markdown(out).iter())


def test_md_hash_without_space_is_text():
    out = md("#geen kop\n\n#hashtag", 1)
    assert not any(el.tag in HEADING_TAGS for el in parse_markdown(out).iter())
    assert [p.text for p in parse_markdown(out).iter("p")] == ["#geen kop", "#hashtag"]


def test_md_drops_empty_headings():
    assert headings(md("#\n\ntekst\n\n##   \n", 1)) == []


def test_md_neutralises_directives():
    text = "tekst\n\n[[nieuwe-pagina]]\n\n  [[inhoudsopgave: x]]\n\nmidden [[regels]] in zin\n\n`[[code]]`"
    out = md(text, 1)
    assert not any(DIRECTIVE.match(line) for line in out.split("\n"))
    seen = visible(out)
    for literal in ("[[nieuwe-pagina]]", "[[inhoudsopgave: x]]", "midden [[regels]] in zin", "[[code]]"):
        assert literal in seen


def test_md_keeps_markdown():
    text = "**vet** en *schuin*\n\n- een\n- twee\n  - genest\n\n1. eerste\n2. tweede\n\n[site](https://example.nl)"
    html = to_html(md(text, 2))
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert "<ul>" in html and "<ol>" in html
    assert '<a href="https://example.nl">site</a>' in html


def test_md_raw_html_and_template_code_stay_text():
    out = md("<script>alert(1)</script>\n\n{{ 7*7 }} {% raw %}", 1)
    seen = visible(out)
    assert "<script>alert(1)</script>" in seen
    assert "{{ 7*7 }} {% raw %}" in seen


def test_md_cel_is_one_safe_line():
    out = md_cel("Eerste alinea | met pijp.\n\n- punt een\n- punt [[twee]]\n\n## Kop")
    assert "\n" not in out
    html = to_html("| A |\n|---|\n| " + out + " |\n")
    assert html.count("<td>") == 1
    assert "Eerste alinea | met pijp." in visible("| A |\n|---|\n| " + out + " |\n")
    assert "<strong>Kop</strong>" in html
    assert "[[twee]]" in visible(out)


def _cell(markdown_cell: str):
    return next(parse_markdown("| A |\n|---|\n| " + markdown_cell + " |\n").iter("td"))


def test_md_cel_keeps_paragraphs_and_lists_as_blocks_of_the_cell():
    out = md_cel("Via de veiligheidsregio.\n\n- punt een\n- punt twee\n  - genest\n\nSlot.")
    assert "\n" not in out
    cell = _cell(out)
    assert [c.tag for c in cell] == ["p", "ul", "p"]
    assert [" ".join("".join(li.itertext()).split()) for li in cell.find("ul")] == ["punt een", "punt twee genest"]
    assert cell.find("ul/li/ul/li").text.strip() == "genest"
    assert [p.text.strip() for p in cell.findall("p")] == ["Via de veiligheidsregio.", "Slot."]
    cell = _cell(md_cel("1. een\n2. twee\n\n   meer bij twee\n3. drie"))
    assert [c.tag for c in cell] == ["ol"]
    assert [" ".join(li.text.split()) for li in cell.find("ol")] == ["een", "twee meer bij twee", "drie"]
    # lines of one paragraph are one paragraph; a single paragraph needs no marker
    assert md_cel("een\ntwee regels") == "een twee regels"


def test_md_cel_user_text_cannot_make_cell_blocks():
    out = md_cel("tekst [[alinea]] en [[punt]] letterlijk")
    cell = _cell(out)
    assert list(cell) == []
    assert cell.text.strip() == "tekst [[alinea]] en [[punt]] letterlijk"


def test_md_cel_on_one_line_outside_a_table():
    # raadsvoorstel: "overwegende dat {{ o|md_cel }};" is a paragraph, not a cell: the blocks run on
    seen = visible("overwegende dat " + md_cel("eerst\n\n- a\n- b") + ";")
    assert " ".join(seen.split()) == "overwegende dat eerst a b;"


# ------------------------------------------------------------------------------------------------
# waarde and numbers in templates


def test_waarde():
    assert waarde({"waarde": 3.4, "jaar": 2025}) == "3,4 (2025)"
    assert waarde({"waarde": 12, "jaar": 2025}, "%") == "12% (2025)"
    assert waarde({"waarde": 1250, "jaar": 2030}, "aantal") == "1.250 (2030)"
    assert waarde({"waarde": 2.8, "jaar": 2030}, "per 1.000 woningen") == "2,8 (2030)"


def test_number_filters_in_a_template(tmp_path):
    write(
        tmp_path,
        "n.md.j2",
        "{{ a|getal }} {{ b|getal(1) }} {{ c|bedrag }} {{ d|datum }} {{ e|met_eenheid('%') }} "
        "{{ e|met_eenheid('per 1.000 inwoners') }} {{ l|lijst }}\n",
    )
    out = render(
        make_environment(tmp_path),
        "n.md.j2",
        {"a": 1250, "b": 3.45, "c": 1234.5, "d": "2027-01-28", "e": 12.5, "l": ["a", "b", "c"]},
    )
    assert out == "1.250 3,5 € 1.234,50 28 januari 2027 12,5% 12,5 per 1.000 inwoners a, b en c\n"


def test_bounded_wordwrap_keeps_its_arguments():
    """wordwrap gets the environment before its value: the size check around it must pass it on (the
    starter plan wraps its lists of allowed values with it)."""
    env = make_environment()
    assert env.from_string('{{ "aa bb cc"|wordwrap(4, false, "|", false) }}').render() == "aa|bb|cc"
    with pytest.raises(Exception, match="wordwrap"):
        env.from_string('{{ "aa"|wordwrap(3000000000) }}').render()
