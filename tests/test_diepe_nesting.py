"""Deep Markdown nesting in plan text never crashes a build (issue 13, item 20): about a thousand nested
`**` pairs (4 KB) ended in RecursionError, exit 3, while `validate` said 0 errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.render.markdown_reader import MAX_DEPTH, parse_markdown

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal_plan.yaml"
NAME = "voorbeeldstad-ivp-2027-2030"
SAMENVATTING = "  samenvatting: Het aantal woninginbraken ligt boven het landelijk gemiddelde."

DEEP = {
    "sterren": "**" * 1000 + "kern" + "**" * 1000,
    "vet-in-vet": "**a " * 1000 + "kern" + " b**" * 1000,
    "vet-en-cursief": "*a **b " * 500 + "kern" + " c** d*" * 500,
}


def _depth(node, level: int = 0) -> int:
    stack, deepest = [(node, level)], level
    while stack:
        current, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in current)
    return deepest


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_a_plan_with_deeply_nested_emphasis_validates_and_builds(tmp_path, kind):
    plan = tmp_path / "plan.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    assert SAMENVATTING in text
    plan.write_text(text.replace(SAMENVATTING, "  samenvatting: " + json.dumps(DEEP[kind])), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", str(plan)])
    assert checked.exit_code == 0, checked.output
    result = runner.invoke(main, ["build", str(plan), "-o", str(tmp_path / "uit"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "interne fout" not in result.stderr and "RecursionError" not in result.output
    with zipfile.ZipFile(tmp_path / "uit" / f"{NAME}-plan.docx") as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert "kern" in document


def test_bold_inside_bold_is_unwrapped_and_the_text_stays_bold():
    root = parse_markdown("Voor " + "**a " * 300 + "kern" + " b**" * 300 + " na.\n")
    assert _depth(root) <= 3  # div > p > strong
    p = root[0]
    assert "".join(p.itertext()) == "Voor " + "a " * 300 + "kern" + " b" * 300 + " na."
    [strong] = list(p)
    assert strong.tag == "strong" and "kern" in "".join(strong.itertext())


def test_alternating_bold_and_italic_keeps_one_of_each():
    root = parse_markdown("*a **b " * 200 + "kern" + " c** d*" * 200 + "\n")
    assert _depth(root) <= 4  # div > p > em > strong
    assert "kern" in "".join(root.itertext())


def test_nesting_that_is_not_formatting_is_flattened_below_the_limit():
    # blockquotes inside blockquotes: each level is real structure, so it is cut at MAX_DEPTH
    root = parse_markdown("> " * 300 + "kern\n")
    assert _depth(root) <= MAX_DEPTH
    assert "kern" in "".join(root.itertext())
