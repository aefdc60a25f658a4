"""The one error hierarchy: every failure ivplan expects carries its Dutch message and its exit code.

Like click's `ClickException`, an `IvplanError` knows how the command ends: the CLI prints
`ivplan: <message>` on stderr and exits with `exit_code` (or, where one file's failure must not stop the
others, prints the line and raises the run's exit code to it). Anything else that escapes is an internal
failure: one Dutch line made by `internal_message()`, exit 3, the traceback only with --debug.

Exit codes (README.md, "Commando's"; docs/architecture.md):
0 no errors (warnings allowed), 1 a plan or regio file has an error, 2 a usage error (options, files,
outputs, the huisstijl, LibreOffice missing), 3 an internal failure.

The classes live here, at the bottom of the layers, so that every layer can raise them and the CLI can
catch them all without importing the layers in between; each is re-exported by the module that raises
it (`ivplan.documents.templating.TemplateError`, `ivplan.render.pdf.PdfError`, ...).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class IvplanError(Exception):
    """An expected failure. `str(err)` is one Dutch line for the user; `exit_code` ends the command.

    A subclass sets the class attribute `exit_code`; one instance may override it (PdfError)."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(IvplanError):
    """A problem with the command's options or environment (exit 2)."""

    exit_code = EXIT_USAGE


class InitError(UsageError):
    """`ivplan init` cannot write its starter plan: a bad option or an existing file (exit 2)."""


class PreviewError(UsageError):
    """`ivplan preview` cannot start: the port is taken or not allowed (exit 2)."""


class OutputError(IvplanError):
    """An output that cannot be written; the message names the path (exit 2)."""

    exit_code = EXIT_USAGE


class ReportFormatError(OutputError):
    """`check -o` names a file that is neither .docx, .html nor .pdf (exit 2)."""


class HuisstijlError(IvplanError):
    """The huisstijl file cannot be used (exit 2)."""

    exit_code = EXIT_USAGE


class TemplateError(IvplanError):
    """A template could not be loaded or rendered (exit 1: like a plan error, the user's input is wrong).

    `template` and `line` name the place in the template, where known."""

    exit_code = EXIT_ERRORS

    def __init__(self, message: str, template: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.template = template
        self.line = line


class PdfError(IvplanError):
    """A PDF conversion that failed: exit 2 when LibreOffice or python3-uno is missing (the user must
    install something), 3 when the conversion itself failed or hung (see ivplan.render.pdf)."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, exit_code: int = EXIT_INTERNAL) -> None:
        super().__init__(message, exit_code=exit_code)


class PlanFileError(IvplanError):
    """A plan file that cannot be read as a plan (empty, not UTF-8, not YAML, ...): the loader turns it
    into a diagnostic IVP90x, which is a plan error (exit 1). It never reaches the CLI as an exception."""

    exit_code = EXIT_ERRORS


class SchemaExportError(IvplanError, ValueError):
    """The Cerberus schema uses something the JSON Schema export cannot express (a mistake in
    schemas/*.yaml, found by `python -m ivplan.validation.jsonschema_export` and its test; exit 1)."""

    exit_code = EXIT_ERRORS


class SchemaFileError(IvplanError, ValueError):
    """A file in schemas/ that breaks the conventions validation/vocabulary.py reads (`meta.weergave`
    naming exactly the allowed values, `zoals` pointing at a field): a mistake in ivplan's own schemas,
    found by its tests and the regenerate command."""

    exit_code = EXIT_INTERNAL


def internal_message(exc: BaseException, where: str | None = None) -> str:
    """The one line for an internal failure (exit 3), naming the file `where` it happened if known."""
    prefix = f"{where}: " if where else ""
    return (
        f"{prefix}interne fout ({type(exc).__name__}: {exc}); draai opnieuw met --debug voor details "
        "en meld het probleem"
    )
