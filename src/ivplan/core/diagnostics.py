"""Diagnostics as data, and the one formatter that prints them as text or JSON.

Every stage (loader, schema, rules) creates `Diagnostic` objects through `make()`; the CLI prints them
with `format_text()` or `to_json_obj()`. Nothing else formats a diagnostic.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

ERROR = "fout"
WARNING = "waarschuwing"
_JSON_SEVERITY = {ERROR: "error", WARNING: "warning"}


def format_path(path: Sequence[str | int]) -> str:
    """('meetbare_doelen', 2, 'prioriteit') -> 'meetbare_doelen[2].prioriteit'; () -> ''."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: str  # ERROR or WARNING
    path: str  # 'a.b[2].c', '' for the file as a whole
    line: int | None  # 1-based
    column: int | None  # 1-based
    message: str
    file: str = ""
    # Not shown to users; for programs that judge findings (ivplan toets): the finding's full path
    # before it was shortened to the deepest existing element, and data the rule attached to it.
    subject: str = ""
    data: tuple[Any, ...] = ()
    # A kwaliteitsregel switched on by --kwaliteit alone: advice that --strikt does not turn into an error
    advisory: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def with_severity(self, severity: str) -> Diagnostic:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line or 0, self.column or 0, self.code, self.path)


def make(
    code: str,
    severity: str,
    path: Sequence[str | int] | str,
    message: str,
    position: tuple[int, int] | None = None,
    file: str = "",
    *,
    subject: Sequence[str | int] | None = None,
    data: tuple[Any, ...] = (),
    advisory: bool = False,
) -> Diagnostic:
    """The one place diagnostics are created."""
    line, column = position if position else (None, None)
    path_text = path if isinstance(path, str) else format_path(path)
    subject_text = path_text if subject is None else format_path(subject)
    return Diagnostic(code, severity, path_text, line, column, message, file, subject_text, data, advisory)


# Control characters under a message are shown as their symbol (U+000B as ␋): printed raw, a terminal
# would move the cursor, and the caret would point at nothing visible. One character each, so the
# caret stays in its column.
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c != 0x09} | {0x7F: 0x2421}


# A longer source line is shown as this many characters around the column, "…" marking what is left out: a
# generated file may hold one line of hundreds of kilobytes with a diagnostic at every item, and echoing it
# whole under each would write gigabytes. A written paragraph on one line (a Markdown text) is shown whole.
EXCERPT_WIDTH = 500


def _source_excerpt(d: Diagnostic, lines: Sequence[str] | None) -> str:
    if not lines or d.line is None or not (1 <= d.line <= len(lines)):
        return ""
    line = lines[d.line - 1].rstrip("\r\n")  # the line ending is no character of the line
    col = max(1, d.column or 1)
    if len(line) > EXCERPT_WIDTH:  # cut before anything else: the work per diagnostic stays small
        start = max(0, min(col - 1 - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
        end = start + EXCERPT_WIDTH
        line = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
        col += 1 - start if start else 0
    src = line.expandtabs(1).translate(_CONTROL_PICTURES)
    return f"    {src}\n    {' ' * (col - 1)}^\n"


# One line per diagnostic: a line break inside a value the message quotes ('GM0363\n'), or inside a quoted
# key of the path, is shown as \n.
_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r"})


def format_text(d: Diagnostic, source_lines: Sequence[str] | None = None) -> str:
    """`file:line:col: fout IVP002 path: message`, then the source line and a caret."""
    where = d.file
    if d.line is not None:
        where += f":{d.line}"
        if d.column is not None:
            where += f":{d.column}"
    head = f"{where}: {d.severity} {d.code}"
    message = d.message.translate(_ONE_LINE)
    head += f" {d.path.translate(_ONE_LINE)}: {message}" if d.path else f": {message}"
    return head + "\n" + _source_excerpt(d, source_lines)


def to_json_obj(d: Diagnostic, file: str = "") -> dict[str, Any]:
    """`file`: the diagnostic's own file when it has one (in a joint plan deel A's or the deel B's),
    else the file object's (`file`)."""
    return {
        "file": d.file or file,
        "code": d.code,
        "severity": _JSON_SEVERITY[d.severity],
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "message": d.message,
    }


def file_json_obj(file: str, diagnostics: Iterable[Diagnostic]) -> dict[str, Any]:
    diags = list(diagnostics)
    return {
        "file": file,
        "valid": not any(d.is_error for d in diags),
        "diagnostics": [to_json_obj(d, file) for d in diags],
    }


# A file name that is not valid UTF-8 reaches ivplan with its bad bytes as lone surrogates (Python's
# surrogateescape); written raw they would make the output invalid UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(obj: object) -> str:
    """JSON output: UTF-8 text as is, a lone surrogate escaped as json.dumps' ensure_ascii writes it (\\udcff), so
    the output stays valid UTF-8 and json.loads gives back the surrogate-escaped name (os.fsencode: its bytes)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
