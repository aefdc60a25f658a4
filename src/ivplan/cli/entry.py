"""The `ivplan` command's entry point (console script and `python -m ivplan`).

`ivplan --help` and `ivplan --version` are answered without importing click: importing click alone
takes three times as long as starting Python, and these two are what people type first. The help text
is the one click makes, rendered in advance for the two widths click almost always uses (terminals of
100 columns or more, and 80 columns: pipes and most terminals) and kept in `_helptext.py` with a
checksum of the sources it came from (commands.py, nl.py). When those sources changed since, or at any
other width, click answers as for every other command line: a stale text is never shown, only slower.
`python -m ivplan.cli.entry` writes the text again; a test fails while it is stale.
"""

from __future__ import annotations

import os
import sys
import zlib

from ivplan import __version__
from ivplan.cli import _helptext
from ivplan.cli.early import early_charts_for

PROG = "ivplan"
MAX_CONTENT_WIDTH = 100  # cli._CONTEXT["max_content_width"]; a test checks that they agree
PRERENDERED_WIDTHS = (78, 98)
EXIT_INTERRUPTED = 130  # Ctrl+C, as the shell reports a process that SIGINT ended
HELP_SOURCES = ("commands.py", "nl.py")  # the files the help text is made from


def sources_checksum() -> int:
    """CRC-32 over the help text's source files (cheap: no click, no hashlib)."""
    crc = 0
    here = os.path.dirname(os.path.abspath(__file__))
    for name in HELP_SOURCES:
        try:
            with open(os.path.join(here, name), "rb") as fh:
                crc = zlib.crc32(fh.read(), crc)
        except OSError:
            crc = zlib.crc32(b"-", crc)
    return crc


def help_width() -> int:
    """The width click's HelpFormatter takes: shutil.get_terminal_size() (without importing shutil),
    capped at max_content_width, minus 2, at least 50."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return max(min(columns, MAX_CONTENT_WIDTH) - 2, 50)


def _fast(args: list[str]) -> str | None:
    """The output for `--help` / `-h` / `--version` alone, or None when click must answer."""
    if args == ["--version"]:
        return f"{PROG} {__version__}\n"
    if args in (["--help"], ["-h"]):
        text = _helptext.HELP.get(help_width())
        if text is not None and _helptext.SOURCES_CHECKSUM == sources_checksum():
            return text
    return None


def main(prog_name: str | None = None) -> None:
    args = sys.argv[1:]
    if (prog_name or os.path.basename(sys.argv[0])) == PROG:
        text = _fast(args)
        if text is not None:
            sys.stdout.write(text)
            sys.stdout.flush()
            sys.exit(0)
    early = None
    try:
        early = early_charts_for(args)  # for a single build: charts start loading before click does (early.py)
        from ivplan.cli.commands import main as click_main  # click and the commands: not for --help, --version
    except KeyboardInterrupt:
        # Ctrl+C while click is imported, before a command can catch it: the line and exit code a
        # command gives (commands._Group), not a traceback
        if early is not None:
            early.cancel()
        sys.stderr.write("\nivplan: afgebroken\n")
        if sys.getprofile() is not None or sys.gettrace() is not None:
            sys.exit(EXIT_INTERRUPTED)
        exit_now(EXIT_INTERRUPTED)

    try:
        # click's standalone mode ends every command with SystemExit; the build command takes `early`
        click_main(prog_name=prog_name, obj={"early": early} if early is not None else None)
    except SystemExit as done:
        if early is not None:
            early.cancel()  # reaped: after the build's use nothing is left to do; unused, it is stopped
        if sys.getprofile() is not None or sys.gettrace() is not None:
            raise  # a profiler or coverage writes its results at exit: let Python end as usual
        exit_now(done.code)


def exit_now(code: object) -> None:  # never returns (os._exit); not typing.NoReturn: `typing` costs --help 3 ms
    """Leave as `sys.exit(code)` would, but without the interpreter's teardown: freeing every module
    and object of a build costs about 26 ms, more than writing a document. Safe here, at the very end:
    outputs are already fsynced and renamed into place (core/output.py), worker pools shut down and the
    chart process reaped by the commands themselves; only Python's own buffers are left, flushed here."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message on stderr, exit 1
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (ivplan ... | head): nothing more to say there
            status = status or 1
    os._exit(status & 0xFF)


def render_help(width: int) -> str:
    """click's `ivplan --help` at this formatter width, exactly as the command prints it."""
    from click.testing import CliRunner  # only when making the help text again, never at start-up

    from ivplan.cli.commands import main as group  # click's commands: only when making the help text again

    result = CliRunner().invoke(group, ["--help"], prog_name=PROG, terminal_width=width)
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return result.output


def write_helptext() -> None:
    """Write `_helptext.py` from the click command (run after changing a command or its help)."""
    lines = [
        '"""Generated by `python -m ivplan.cli.entry` from the click command in commands.py; do not edit.',
        "",
        "`ivplan --help` at the formatter widths entry.PRERENDERED_WIDTHS (see entry.py).",
        '"""',
        "",
        "HELP = {",
    ]
    for width in PRERENDERED_WIDTHS:
        lines.append(f"    {width}: {render_help(width)!r},")
    lines.append("}")
    lines.append(f"SOURCES_CHECKSUM = {sources_checksum()}")
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_helptext.py")
    with open(target, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"geschreven: {target}")


if __name__ == "__main__":
    write_helptext()
