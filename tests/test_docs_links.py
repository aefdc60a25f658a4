"""Docstrings, comments and docs point to files that exist in this repository (docs/architecture.md,
docs/uitvoer.md, a module, a template), never to pages outside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [
    *sorted((ROOT / "src" / "ivplan").rglob("*.py")),
    *sorted((ROOT / "tests").glob("*.py")),
    *sorted((ROOT / "plan_templates").iterdir()),
    *sorted((ROOT / "schemas").glob("*.yaml")),
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "bench").glob("*.py")),
    ROOT / "bench" / "README.md",
    ROOT / "README.md",
    ROOT / "pyproject.toml",
]
# a path into the repository (from its top, or from a package folder), ending in a source or document
# suffix; example paths of a user (MAP/ivp.yaml, plannen/voorbeeldstad.yaml) start elsewhere
TOP = "src|tests|docs|plan_templates|schemas|bench|tools|examples|ivplan|core|source|validation|rules|documents|render"
PATH = re.compile(rf"(?<![\w/.~-])((?:{TOP}|docxwriter|app|cli)/(?:[\w-]+/)*[\w.-]+\.(?:py|md|j2|yaml|toml))\b")
# the pages of the written specification this project was built from; they are not in the repository
SPEC_PAGES = re.compile(
    r"\b(?:cli|regels|documenten|plan-format|cijfers|toets|uitvoering|gezamenlijk|preview)\.md(?![\w-]|\.\w)"
)  # not a template such as toets.md.j2


def _exists(ref: str, source: Path) -> bool:
    package = ROOT / "src" / "ivplan"
    bases = (ROOT, ROOT / "src", package, package / "validation", package / "render", source.parent)
    return any((base / ref).exists() for base in bases)


@pytest.mark.parametrize("source", [p for p in SCANNED if p.is_file()], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_named_exists(source):
    text = source.read_text(encoding="utf-8")
    missing = sorted({m for m in PATH.findall(text) if not _exists(m, source)})
    assert missing == [], f"{source.relative_to(ROOT)} names files that do not exist: {missing}"
    cited = sorted(set(SPEC_PAGES.findall(text)))
    assert cited == [], f"{source.relative_to(ROOT)} cites pages outside the repository: {cited}"
