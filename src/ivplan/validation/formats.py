"""The value formats a schema field can name with `check_with` (`datum`, `email`, `url`): one home for
each format's check, used by the Cerberus validator (schema.py), the fast path (schema_fast.py) and,
as a JSON Schema pattern with its message, the editor schema (jsonschema_export.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # ASCII digits: `\d` would take "２０２７" as a date
# An address as a mail program takes it, and nothing a mailto: link would read as more: no `?` or `&`
# (`x@evil.example?attach=file:///etc/passwd` asked the mail program for an attachment), no `%`
# escapes; domain labels of letters (also accented ones), digits and inner hyphens.
_EMAIL_LABEL = "[A-Za-z0-9\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f-]*[A-Za-z0-9\u00c0-\u024f])?"
_EMAIL = "^[A-Za-z0-9\u00c0-\u024f!#$'*+/=^_`{|}~.-]+@" + f"(?:{_EMAIL_LABEL}\\.)+[A-Za-z\u00c0-\u024f]{{2,}}$"
_URL = r"^https?://[^\s/$.?#][^\s]*$"  # the scheme in any case: HTTPS:// is as good as https://
_EMAIL_RE = re.compile(_EMAIL)
_URL_RE = re.compile(_URL, re.IGNORECASE)


def datum_problem(value: object) -> str | None:
    curly = curly_quotes_problem(value)
    if curly and _DATE.fullmatch(str(value)[1:-1]):
        return f'{curly}; schrijf "{str(value)[1:-1]}" (met rechte aanhalingstekens) of zonder aanhalingstekens'
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return f'\'{value}\' is geen datum; schrijf die als "JJJJ-MM-DD", bijvoorbeeld "2027-01-28"'
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"'{value}' bestaat niet als datum in de kalender"
    return None


def email_problem(value: object) -> str | None:
    curly = curly_quotes_problem(value)
    if curly and _EMAIL_RE.fullmatch(str(value)[1:-1]):
        return f"{curly}; schrijf {str(value)[1:-1]} zonder aanhalingstekens"
    if not isinstance(value, str) or not _EMAIL_RE.fullmatch(value):
        if isinstance(value, str) and any(c in value for c in "?&%"):
            return (
                f"'{value}' is geen geldig e-mailadres: een e-mailadres bevat geen '?', '&' of '%' (wat erachter "
                "staat, leest een mailprogramma als een opdracht, zoals een bijlage meesturen)"
            )
        return f"'{value}' is geen geldig e-mailadres"
    return None


def url_problem(value: object) -> str | None:
    curly = curly_quotes_problem(value)
    if curly and _URL_RE.fullmatch(str(value)[1:-1]):
        return f"{curly}; schrijf {str(value)[1:-1]} zonder aanhalingstekens"
    if not isinstance(value, str) or not _URL_RE.fullmatch(value):
        return f"'{value}' is geen geldig webadres; begin met http:// of https://"
    return None


@dataclass(frozen=True)
class Format:
    """A `check_with` format: the Python check (None or the Dutch problem) and how JSON Schema says it."""

    problem: Callable[[object], str | None]
    json_format: str
    json_pattern: str  # JSON Schema has no case-insensitive flag: the URL's scheme is spelled out
    json_message: str


FORMATS: dict[str, Format] = {
    "datum": Format(
        datum_problem,
        "date",
        "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$",
        "Schrijf een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2027-01-15.",
    ),
    "email": Format(
        email_problem,
        "email",
        _EMAIL,
        "Schrijf een geldig e-mailadres, bijvoorbeeld naam@gemeente.nl.",
    ),
    "url": Format(
        url_problem,
        "uri",
        r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$",
        "Schrijf een volledig webadres dat begint met https:// of http://.",
    ),
}

# `check_with` name -> the predicate (Cerberus' PlanValidator and schema_fast use the same)
CHECK_WITH: dict[str, Callable[[object], str | None]] = {name: f.problem for name, f in FORMATS.items()}


# Quotes Word and other editors put in (typographic, "curly"); YAML only knows the straight ' and ".
_CURLY_OPEN = "\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb\u2039\u203a"
_CURLY_CLOSE = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a"


def curly_quotes_problem(value: object) -> str | None:
    """For a value between curly quotes (“2026-10-14”, ‘concept’): the sentence that names them. The
    caller says what to write instead (the text between them is value[1:-1])."""
    if isinstance(value, str) and len(value) >= 2 and value[0] in _CURLY_OPEN and value[-1] in _CURLY_CLOSE:
        return (
            f"'{value}' staat tussen gekrulde aanhalingstekens ({value[0]} {value[-1]}, bijvoorbeeld uit Word), "
            "die YAML als gewone tekens leest"
        )
    return None
