"""The loader: YAML 1.2 scalars as editors read them, positions, and numbers kept as written."""

from __future__ import annotations

import pytest

from ivplan.source.loader import load_text
from ivplan.validation.schema import validate


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: no", "no"),
        ("a: yes", "yes"),
        ("a: on", "on"),
        ("a: off", "off"),
        ("a: No", "No"),
        ("a: 12:30", "12:30"),
        ("a: 2027-01-28", "2027-01-28"),
        ("a: 1_000", "1_000"),
        ("a: .inf", ".inf"),
        ("a: .nan", ".nan"),
        ("a: true", True),
        ("a: false", False),
        ("a: 08", 8),
        ("a: 010", 10),
        ("a: 1.5", 1.5),
        ("a: -3", -3),
        ("a: ~", None),
        ("a:", None),
        ("a: null", None),
        ("a: 0x1F", 31),
        ("a: '08'", "08"),
        ('a: "true"', "true"),
        ("a: 3.000", 3.0),
    ],
)
def test_yaml_12_core_scalars(text, expected):
    loaded = load_text(text + "\n")
    assert loaded.ok, loaded.diagnostics
    assert loaded.data["a"] == expected
    assert type(loaded.data["a"]) is type(expected)


def test_numbers_remember_their_source_text():
    loaded = load_text("a: 1.10\nb: 08\nc: [1.50, 2]\n")
    assert loaded.numbers_as_written[("a",)] == "1.10"
    assert loaded.numbers_as_written[("b",)] == "08"
    assert loaded.numbers_as_written[("c", 0)] == "1.50"


def test_number_in_text_field_becomes_the_text_as_written(tmp_path):
    text = (
        open("tests/data/minimal_plan.yaml", encoding="utf-8")
        .read()
        .replace("  status: concept\n", "  status: concept\n  versie: 1.10\n")
    )
    result = validate(load_text(text, "p.yaml"))
    assert not result.diagnostics
    assert result.data["plan"]["versie"] == "1.10"


def test_positions_value_key_dash_and_missing():
    loaded = load_text("a: x\nlijst:\n  - id: een\n    b: 2\n  -\n    id: twee\nsectie:\n  c: 1\n")
    pos = loaded.positions
    assert pos.point(("a",)) == (1, 4)
    assert pos.key(("lijst", 0, "b")) == (4, 5)
    assert pos.point(("lijst", 0)) == (3, 3)  # the dash of a block item
    assert pos.point(("lijst", 1)) == (5, 3)  # a dash on a line of its own
    assert pos.missing(("sectie", "d")) == (7, 1)  # the key of the mapping that should hold it
    assert pos.missing(("lijst", 1, "titel")) == (5, 3)
    assert pos.missing(("nergens",)) == (1, 1)
    assert pos.locate(("sectie", "x", "y")) == (("sectie",), (7, 1))


def test_tags_never_construct_anything(tmp_path):
    marker = tmp_path / "geraakt"
    loaded = load_text(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not loaded.ok
    assert loaded.diagnostics[0].code == "IVP904"
    assert not marker.exists()


def test_escaped_control_characters_are_removed_and_reported():
    loaded = load_text('titel: "Plan\\a met \\x07 bel"\n')
    assert loaded.data["titel"] == "Plan met  bel"
    [d] = loaded.diagnostics
    assert (d.code, d.severity, d.path, d.line) == ("IVP080", "waarschuwing", "titel", 1)


def test_bom_is_accepted():
    from ivplan.source.loader import Loaded, Source, decode

    text, _ = decode("\ufeffa: 1\n".encode("utf-8"), Loaded(Source("x")))
    assert text == "a: 1\n"


@pytest.mark.parametrize(
    "text",
    [
        "ivplan: !!int abc\n",
        "a: !!float .inf\n",
        "a: !!bool maybe\n",
        "a: !!str 1\n",
        "a: !!null x\n",
        "a: !!binary aGFsbG8=\n",
        # a tag that names what the value would be anyway is still a tag
        "a: !!str politie\n",
        "a: !!int 5\n",
        "a: ! politie\n",
        "a: !!map {b: 1}\n",
        "a: !!seq [1]\n",
        "a: !!map\n  b: 1\n",
        "!!str a: 1\n",
    ],
)
def test_every_explicit_tag_is_ivp904(text):
    loaded = load_text(text, "t.yaml")
    assert [(d.code, d.line) for d in loaded.diagnostics] == [("IVP904", 1)]


def test_an_exclamation_mark_inside_a_value_is_no_tag():
    loaded = load_text('a: "!politie"\nb: |\n  !x\nc: x!\nd: [x, "!y"]\ne: \'!\'\n', "t.yaml")
    assert loaded.ok and loaded.data == {"a": "!politie", "b": "!x\n", "c": "x!", "d": ["x", "!y"], "e": "!"}


@pytest.mark.parametrize(
    "text, tag",
    [
        ("a: !!str tekst\n", "!!str"),
        ("a: !!int 5\n", "!!int"),
        ("a: !!float 1.5\n", "!!float"),
        ("a: ! tekst\n", "!"),
        ("a: !!map {b: 1}\n", "!!map"),
        ("a: !!seq [1]\n", "!!seq"),
        ("a:\n  - !!str tekst\n", "!!str"),
        ("? !!str a\n: 1\n", "!!str"),
        ("--- !!map\na: 1\n", "!!map"),
    ],
)
def test_a_tag_that_names_the_type_yaml_would_give_anyway_is_still_ivp904(text, tag):
    """YAML tags are errors, also a tag such as `!!str` that changes nothing about the value."""
    loaded = load_text(text, "t.yaml")
    assert [d.code for d in loaded.diagnostics] == ["IVP904"]
    assert f"'{tag}'" in loaded.diagnostics[0].message


def test_text_that_starts_with_an_exclamation_mark_between_quotes_is_no_tag():
    loaded = load_text("a: \"!belangrijk\"\nb: '!!str'\n", "t.yaml")
    assert loaded.ok and loaded.data == {"a": "!belangrijk", "b": "!!str"}


def test_unicode_line_separators_do_not_shift_lines():
    loaded = load_text('a: "een\u2028twee\u2029drie"\nb: |\n  x\u0085y: z\nc: [\n', "t.yaml")
    [d] = loaded.diagnostics
    assert (d.line, d.column) == (5, 1)  # the end of the file, counted by real line breaks only (not 7)
    ok = load_text('a: "een\u2028twee\u2029drie"\nb: |\n  x\u0085y: z\n', "t.yaml")
    assert ok.data == {"a": "een\ntwee\n\ndrie", "b": "x\ny: z\n"}


def test_unclosed_quote_points_where_it_opened():
    loaded = load_text("a: 1\nb: 'open\nc: 2\n", "t.yaml")
    [d] = loaded.diagnostics
    assert (d.code, d.line, d.column) == ("IVP900", 2, 4)


def test_special_files_are_not_read():
    from ivplan.source.loader import load_file

    [d] = load_file("/dev/zero").diagnostics
    assert d.code == "IVP910" and "geen gewoon bestand" in d.message
