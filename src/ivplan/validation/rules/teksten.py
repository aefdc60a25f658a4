"""The plan's own text as the kwaliteitsregels read it: every string value that passed the schema, in
file order, and the abbreviations in it (IVP091; `ivplan toets` counts its words for ccv-1.6).

The raadsvoorstel (the document about the plan, not the plan) and the begrippen themselves are left
out, and so are values that are no prose: `url`, `email`, `logo`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

SKIPPED_SECTIONS = frozenset({"raadsvoorstel", "begrippen"})
SKIPPED_KEYS = frozenset({"url", "email", "logo"})

# Common abbreviations every reader knows, and Roman numerals (II, IV, XII): never asked for a begrip.
EXEMPT = frozenset({"EU", "NL", "NB", "OK", "ICT", "PDF", "TV"})
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_CAPITALS = re.compile(r"[A-Z]+")


def strings(plan: Any) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string value of the plan that passed the schema, in file order."""

    def walk(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(value, str):
            if plan.element_ok(*path):
                yield path, value
        elif isinstance(value, dict):
            for key, child in value.items():
                if key in SKIPPED_KEYS or (not path and key in SKIPPED_SECTIONS):
                    continue
                yield from walk(child, (*path, key))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                yield from walk(child, (*path, i))

    yield from walk(plan.data, ())


def is_roman(run: str) -> bool:
    return bool(_ROMAN.fullmatch(run))


def abbreviations(text: str) -> list[str]:
    """The abbreviations in `text`, in order: runs of 2 to 6 capitals A-Z with no letter or digit
    (in the Unicode sense) directly before or after ("RIEC-beeld", "(OM)" and "BOA's" count; "GM0363",
    "Bibob" and "NATIONAAL" do not), except the exempt ones and Roman numerals."""
    found = []
    for m in _CAPITALS.finditer(text):
        run = m.group()
        if not 2 <= len(run) <= 6:
            continue
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before.isalnum() or after.isalnum():
            continue
        if run in EXEMPT or is_roman(run):
            continue
        found.append(run)
    return found


def word_count(plan: Any) -> int:
    """The words of the plan's own text (ccv-1.6): whitespace-separated, over the same strings as IVP091."""
    return sum(len(text.split()) for _, text in strings(plan))
