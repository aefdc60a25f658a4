"""The command line. Commands parse options, call into the library and format; they hold no logic.

Heavy packages (YAML, Cerberus, Jinja2, python-docx, Markdown) are imported inside the commands that
use them, one group per command (the layers below the command line), so `ivplan --help` and `--version`
start fast and each command pays only for its own stages.

Failures: a command raises (or lets through) an `ivplan.core.errors.IvplanError`; `_Group.invoke`
prints its message and exits with its exit code. Where one file's failure must not stop the others,
`Run.failed()` prints the line and raises the run's exit code instead. Anything else is an internal
failure (`_internal`: one line, exit 3, the traceback with --debug).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ivplan import __version__
from ivplan.cli.early import start_early_charts
from ivplan.cli.nl import install
from ivplan.core.diagnostics import dumps, file_json_obj, format_text
from ivplan.core.errors import (
    EXIT_ERRORS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    IvplanError,
    OutputError,
    UsageError,
    internal_message,
)
from ivplan.core.formatting import aantal
from ivplan.core.resources import schemas_dir
from ivplan.core.sources import forget_sources, protect_sources, source_clash

if TYPE_CHECKING:
    from ivplan.app.build import Checked
    from ivplan.validation.lint import FileResult


class Run:
    """Per-invocation state: the highest exit code so far and the --debug flag."""

    def __init__(self, debug: bool):
        self.debug = debug
        self.code = EXIT_OK

    def raise_to(self, code: int) -> None:
        self.code = max(self.code, code)

    def internal(self, where: str, exc: BaseException) -> None:
        """An internal failure: one Dutch line naming the file; the traceback only with --debug."""
        _internal(exc, self.debug, where)
        self.raise_to(EXIT_INTERNAL)

    def failed(self, exc: Exception, *, where: str | None = None, internal_where: str | None = None) -> None:
        """One file's failure, and the other files go on: an IvplanError's message (after `where`, when
        the message does not name the file itself) and exit code; anything else is internal."""
        if isinstance(exc, IvplanError):
            err(f"ivplan: {where}: {exc}" if where else f"ivplan: {exc}")
            self.raise_to(exc.exit_code)
        else:
            self.internal(internal_where or where or "", exc)


def err(line: str) -> None:
    click.echo(line, err=True)


def _internal(exc: BaseException, debug: bool, where: str | None = None) -> None:
    """The one way an internal failure is shown: the traceback only with --debug, then one line."""
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    err(f"ivplan: {internal_message(exc, where)}")


def _debug_option(f):
    return click.option("--debug", is_flag=True, help="Toon bij een interne fout de volledige traceback.")(f)


_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """The last safety net: whatever escapes a command is one Dutch line and exit 3, never a traceback
    (unless --debug is on the command line). Click's own messages are Dutch too (cli_nl)."""

    def main(self, *args, **kwargs):
        install()
        return super().main(*args, **kwargs)

    def invoke(self, ctx):
        # The subcommand's arguments, read now: Group.invoke empties ctx.args before the command runs
        # (and ctx.protected_args is deprecated, gone in Click 9).
        debug = "--debug" in ctx.args
        forget_sources()  # the files the previous command read (tests run many in one process)
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            # on a line of its own: a progress line ("3/10 plannen gemaakt") may still be open
            err("\nivplan: afgebroken")
            sys.exit(130)
        except IvplanError as exc:  # an expected failure: its own Dutch line and exit code
            err(f"ivplan: {exc}")
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader of stdout stopped early (`ivplan validate ... | head -1`): nothing is wrong with
            # the plans, the rest of the output has no reader. End quietly, as a closed pipe at the end
            # does (entry.exit_now: exit 1); stdout goes to /dev/null so the last flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001
            _internal(exc, debug)
            sys.exit(EXIT_INTERNAL)
        finally:
            forget_sources()  # once the command is over, a source's inode may belong to a new file


@click.group(
    cls=_Group, context_settings=_CONTEXT, options_metavar="[OPTIES]", subcommand_metavar="COMMANDO [ARGUMENTEN]..."
)
@click.version_option(
    __version__, "--version", prog_name="ivplan", message="%(prog)s %(version)s", help="Toon de versie en stop."
)
def main() -> None:
    """ivplan: het integraal veiligheidsplan als YAML, gecontroleerd en omgezet naar raadsstukken.

    \b
    Begin met:   ivplan init --gemeente NAAM --cbs-code GM0123 --inwoners 25000 --politie-eenheid Oost-Nederland
    Controleer:  ivplan validate ivp.yaml
    Maak stukken: ivplan build ivp.yaml
    Uitleg:      ivplan regels, ivplan uitleg IVP010
    """


def _finish(run: Run) -> None:
    sys.exit(run.code)


def _format_option(f):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Uitvoer als leesbare tekst of als JSON.",
    )(f)


def _strikt_option(f):
    return click.option(
        "--strikt", is_flag=True, help="Behandel waarschuwingen als fouten (exit 1; het plan wordt niet gemaakt)."
    )(f)


def _kwaliteit_option(f):
    return click.option(
        "--kwaliteit",
        is_flag=True,
        help="Draai ook de kwaliteitsregels van het CCV (IVP090-IVP099, waarschuwingen).",
    )(f)


def _templates_option(f):
    return click.option(
        "--templates", "templates_dir", type=click.Path(path_type=Path), metavar="MAP", help="Map met eigen sjablonen."
    )(f)


def _huisstijl_option(f):
    return click.option(
        "--huisstijl", type=click.Path(path_type=Path), metavar="REF.docx", help="Word-bestand met de huisstijl."
    )(f)


def _plan_files(f):
    return click.argument(
        "plannen", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=Path), metavar="PLAN.yaml..."
    )(f)


# --------------------------------------------------------------------------------------------------
# validate


def _print_unreadable(result) -> None:
    """A missing or unreadable file is no plan diagnostic: one line on stderr (also with JSON)."""
    for d in result.diagnostics:
        if d.code == "IVP910":
            err(f"ivplan: {d.file}: {d.message}")


def _print_text(result, diagnostics=None) -> None:
    """`diagnostics`: those of the result to print (lint.printed_once: deel A's findings once per run)."""
    _print_unreadable(result)
    for d in result.diagnostics if diagnostics is None else diagnostics:
        if d.code != "IVP910":
            click.echo(format_text(d, result.lines_for(d)), nl=False)


def _validation():
    """(bestanden, lint): the validation layer's modules that the commands call, imported by the first
    that needs them."""
    # here: the validation layer loads YAML, Cerberus and the rules, which `ivplan --help` must not pay for
    from ivplan.validation import bestanden, lint

    return bestanden, lint


def _print_all(results) -> None:
    _, lint = _validation()
    for res, diags in zip(results, lint.printed_once(results), strict=True):
        _print_text(res, diags)


def _counts(results) -> tuple[int, int, int]:
    """(files, errors, warnings) for the summary line; unreadable files are no plan diagnostics; deel A's
    findings, shared by the gemeenten using it, count once."""
    _, lint = _validation()
    readable = [r for r in results if not r.unreadable]
    linted = [r for r in readable if hasattr(r, "diagnostics")]  # a batch's Checked records hold counts
    errors = sum(r.counts()[0] for r in readable if r not in linted)
    warnings = sum(r.counts()[1] for r in readable if r not in linted)
    for ds in lint.printed_once(linted):
        n = sum(1 for d in ds if d.is_error)
        errors, warnings = errors + n, warnings + len(ds) - n
    return len(readable), errors, warnings


def _summary(n_files: int, errors: int, warnings: int) -> str:
    files, e = aantal(n_files, "bestand", "bestanden"), aantal(errors, "fout", "fouten")
    return f"{files} gecontroleerd: {e}, {aantal(warnings, 'waarschuwing', 'waarschuwingen')}"


def _lint_many(run: Run, plannen, regio_path, strikt: bool, kwaliteit: bool = False):
    """Lint the regio file (if any) and every plan or programme; returns (regio_result, [file results])."""
    bestanden, lint = _validation()
    regio_result = None
    regio = None
    if regio_path is not None:
        try:
            regio_result = lint.lint_regio(regio_path, str(regio_path))
            regio = regio_result.regio
        except Exception as exc:  # noqa: BLE001 - one line, exit 3
            run.internal(str(regio_path), exc)
    results = bestanden.lint_paths(plannen, regio, strikt=strikt, kwaliteit=kwaliteit, on_failure=run.internal)
    return regio_result, results


PROGRAMMES_AT_ONCE = 8


@dataclass
class _Counted:
    """What the summary line needs of a file that was printed and let go (its data is not kept)."""

    file: str
    errors: int
    warnings: int
    unreadable: bool

    def counts(self) -> tuple[int, int]:
        return self.errors, self.warnings

    @property
    def has_errors(self) -> bool:
        return self.errors > 0


def _code_for(results) -> int:
    code = EXIT_OK
    for res in results:
        if res is None:
            continue
        if res.unreadable:
            code = max(code, EXIT_USAGE)
        elif res.has_errors:
            code = max(code, EXIT_ERRORS)
    return code


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@_plan_files
@click.option(
    "--regio",
    "regio_path",
    type=click.Path(path_type=Path),
    metavar="REGIO.yaml",
    help="Toets ook tegen het regiobestand: speerpunten, regionaal plan en de eisen van de regio.",
)
@_format_option
@_strikt_option
@_kwaliteit_option
@_debug_option
def validate(plannen, regio_path, fmt, strikt, kwaliteit, debug):
    """Controleer plannen op het formaat (schema) en de regels; toont fouten met regel en kolom."""
    run = Run(debug)
    regio_result, results = _lint_many(run, plannen, regio_path, strikt, kwaliteit)
    everything = ([regio_result] if regio_result else []) + results
    if fmt == "json":
        for res in everything:
            _print_unreadable(res)
        click.echo(dumps({"files": [file_json_obj(r.file, r.diagnostics) for r in everything]}))
    else:
        _print_all(everything)
    err(_summary(*_counts(everything)))
    run.raise_to(_code_for(everything))
    _finish(run)


# --------------------------------------------------------------------------------------------------
# build


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@_plan_files
@click.option(
    "-o",
    "--uitvoer",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    metavar="MAP",
    show_default=True,
    help="Map voor de documenten.",
)
@click.option("--pdf", is_flag=True, help="Maak ook PDF's (met LibreOffice; getagde PDF).")
@click.option("--markdown", is_flag=True, help="Schrijf ook de tussenliggende Markdown (*.md).")
@click.option(
    "--huisstijl",
    type=click.Path(path_type=Path),
    metavar="REF.docx",
    help="Word-bestand met de huisstijl: stijlen, pagina-instelling en koptekst.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path),
    metavar="MAP",
    help="Map met eigen sjablonen; ontbrekende komen uit de ingebouwde.",
)
@click.option(
    "--raadsvoorstel",
    "force_raadsvoorstel",
    is_flag=True,
    help="Maak ook het raadsvoorstel voor een plan dat al is vastgesteld.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Aantal plannen tegelijk (standaard: het aantal processorkernen).",
)
@click.option(
    "--samen",
    is_flag=True,
    help="Maak ook per gezamenlijk deel A het gezamenlijke document voor de driehoek van het basisteam.",
)
@_strikt_option
@_kwaliteit_option
@_debug_option
def build(
    plannen,
    out_dir,
    pdf,
    markdown,
    huisstijl,
    templates_dir,
    force_raadsvoorstel,
    jobs,
    samen,
    strikt,
    kwaliteit,
    debug,
):
    """Controleer en maak per plan het veiligheidsplan en het raadsvoorstel (.docx); voor een gezamenlijk plan
    per gemeente haar plan (deel A met haar deel B) en raadsvoorstel."""
    # the chart process: started by entry.py already, or now, before the build stage's imports (early.py);
    # stopped and reaped when the command ends, whether the build used it or not
    ctx = click.get_current_context()
    early = ctx.obj.pop("early", None) if isinstance(ctx.obj, dict) else None
    if early is None:
        early = start_early_charts(plannen, jobs)
    if early is not None:
        ctx.call_on_close(early.cancel)
    # here: the build stage (Jinja2, python-docx, Markdown), not for --help
    from ivplan.app import build as build_app, gezamenlijk as gezamenlijk_app, uitvoering as uitvoering_app

    bestanden, lint = _validation()

    run = Run(debug)
    opts = build_app.BuildOptions(
        out_dir=out_dir,
        pdf=pdf,
        markdown=markdown,
        huisstijl=huisstijl,
        templates=templates_dir,
        force_raadsvoorstel=force_raadsvoorstel,
        jobs=jobs or os.cpu_count() or 1,
        debug=debug,
    )
    opts.check()
    # uitvoeringsprogramma's (a look at their top key) are linted here with their plans and built after
    # the plans; the parts of joint plans are checked and built here too (each deel A read once per run);
    # plain plans go through the batch: worker processes check and build them (results in input order),
    # and this process keeps only what it prints, so a batch's memory does not grow with the number of plans.
    joint = lint.JointRun()
    expanded = lint.expand_paths(plannen, joint)
    protect_sources(p for p, _ in expanded)  # before the workers start: they inherit it
    programmes = [p for p, _ in expanded if bestanden.is_programme(p)]
    joint_paths = [(p, d) for p, d in expanded if lint.peek_kind(p) is not None and p not in programmes]
    plannen = [p for p, _ in expanded if lint.peek_kind(p) is None and p not in programmes]
    with build_app.Batch(opts.jobs, len(plannen)) as batch:
        checked = batch.check(plannen, strikt=strikt, kwaliteit=kwaliteit)
        for c in checked:
            if c.failure is not None:
                if debug and c.failure.traceback:
                    err(c.failure.traceback)
                err(f"ivplan: {c.failure.message}")
                run.raise_to(c.failure.exit_code)
            for to_stderr, text in c.report:
                err(text) if to_stderr else click.echo(text, nl=False)
        results: list[Checked | FileResult | _Counted] = [c for c in checked if c.failure is None]
        joint_results, set_rest = gezamenlijk_app.lint_parts(
            joint, joint_paths, samen=samen, strikt=strikt, kwaliteit=kwaliteit, on_failure=run.internal
        )
        _print_all(joint_results + set_rest)
        results += joint_results + set_rest
        protect_sources(f for r in joint_results + set_rest for f in (r.file, getattr(r.deel_a, "file", None)) if f)
        run.raise_to(_code_for(results))
        taken = {c.name: c.file for c in checked if c.name}
        joint_jobs = gezamenlijk_app.jobs(joint, joint_results, samen, taken, set_rest)
        # the programmes are checked (and printed) before anything is written: their names too
        programme_runs, programme_names = _check_programmes(
            run, uitvoering_app, programmes, results, plannen, strikt, kwaliteit
        )
        uitvoering_app.check_unique_names(programme_names)  # UsageError (exit 2): nothing is written
        stems = [stem for c in checked if c.buildable and c.name for stem in build_app.plan_stems(c.name)]
        stems += gezamenlijk_app.job_stems(joint_jobs)
        stems += [stem for _, name in programme_names for stem in uitvoering_app.programme_stems(name)]
        clash = source_clash(build_app.output_files(out_dir, stems, opts))
        if clash:
            raise UsageError(clash)
        outcome = batch.build(checked, opts, progress=sum(c.buildable for c in checked) > 3, early=early)
        gezamenlijk_app.build_jobs(joint_jobs, opts, outcome)
    for chunk, prog_results in programme_runs:
        # a few programmes at a time, each with its plan, built and let go: memory stays flat for many
        if prog_results is None:  # not kept (many programmes): read again
            prog_results = bestanden.lint_paths(chunk, strikt=strikt, kwaliteit=kwaliteit, on_failure=run.internal)
        more = uitvoering_app.build_programmes(prog_results, opts)
        outcome.written += more.written
        outcome.warnings += more.warnings
        outcome.failures += more.failures
    for line in outcome.warnings:
        err(f"ivplan: waarschuwing: {line}")
    for failure in outcome.failures:
        err(f"ivplan: {failure.message}")
        if debug and failure.traceback:
            err(failure.traceback)
        run.raise_to(failure.exit_code)
    for path in outcome.written:
        click.echo(f"geschreven: {path}")
    n = len(outcome.written)
    # plans that passed the check but failed while they were made (a template, the output folder):
    # counted, so a summary of '0 fouten' does not stand next to an exit code that says otherwise
    failed = len(outcome.failures) + sum(c.failure is not None for c in checked)
    not_made = f"; {aantal(failed, 'plan', 'plannen')} niet gemaakt" if failed else ""
    err(_summary(*_counts(results)) + not_made + f"; {aantal(n, 'document', 'documenten')} geschreven")
    _finish(run)


def _check_programmes(
    run: Run, uitvoering_app, programmes: list, results: list, plannen: list, strikt: bool, kwaliteit: bool
):
    """Lint the programmes of a build a few at a time (each with its plan), print their diagnostics and
    protect their plans as sources; returns ([(chunk, its results, or None when not kept)], [(programme
    file, output name)]). The results are kept for one chunk only: a build of many programmes reads them
    again when it builds them, so its memory does not grow with their number."""
    bestanden, _lint = _validation()
    printed = {os.path.realpath(p) for p in plannen}  # a plan named itself was printed above
    chunks = [programmes[start : start + PROGRAMMES_AT_ONCE] for start in range(0, len(programmes), PROGRAMMES_AT_ONCE)]
    runs = []
    names: list[tuple[str, str]] = []
    for chunk in chunks:
        prog_results = bestanden.lint_paths(chunk, strikt=strikt, kwaliteit=kwaliteit, on_failure=run.internal)
        for res in prog_results:
            if os.path.realpath(res.file) not in printed:
                printed.add(os.path.realpath(res.file))
                _print_text(res)
                errors, warnings = res.counts()
                results.append(_Counted(res.file, errors, warnings, res.unreadable))
        run.raise_to(_code_for(prog_results))
        # the programmes, their plans and, for a plan that is a deel B, its deel A
        protect_sources(
            f for r in prog_results for f in (r.file, getattr(getattr(r, "deel_a", None), "file", None)) if f
        )
        names += uitvoering_app.programme_names(prog_results)
        runs.append((chunk, prog_results if len(chunks) == 1 else None))
    return runs, names


def _no_deel_a(paths, command: str) -> None:
    """`toets`, `cijfers` and `preview` take a plan or a deel B, never a joint plan's deel A
    (docs/gezamenlijke-plannen.md)."""
    _, lint = _validation()
    for p in paths:
        if lint.peek_kind(Path(p)) == "deel_a":
            raise UsageError(
                f"{p}: is een gezamenlijk deel A (ivplan_gezamenlijk: 1); 'ivplan {command}' neemt een plan of "
                "het deel B van een gemeente"
            )


# --------------------------------------------------------------------------------------------------
# voortgang


def _warn_about(file: str) -> Callable[[str], None]:
    """How a command prints a warning about one plan's document: naming the plan."""
    return lambda message: err(f"ivplan: waarschuwing: {file}: {message}")


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@_plan_files
@click.option(
    "--jaar",
    type=click.IntRange(2000, 2100),
    default=None,
    metavar="JAAR",
    help="Het jaar van de rapportage (standaard: het laatste jaar met een meting).",
)
@click.option(
    "-o",
    "--uitvoer",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    metavar="MAP",
    show_default=True,
    help="Map voor de documenten.",
)
@click.option("--pdf", is_flag=True, help="Maak ook een PDF (met LibreOffice; getagde PDF).")
@_huisstijl_option
@_templates_option
@click.option(
    "--samen",
    is_flag=True,
    help="Maak ook per gezamenlijk deel A de gezamenlijke voortgangsrapportage voor de driehoek van het basisteam.",
)
@_strikt_option
@_debug_option
def voortgang(plannen, jaar, out_dir, pdf, huisstijl, templates_dir, samen, strikt, debug):
    """Maak de voortgangsrapportage (raadsinformatiebrief) over de meetbare doelen."""
    # here: the voortgang stage (matplotlib, Jinja2, python-docx), not for `ivplan --help`
    from ivplan.app import build as build_app, uitvoering as uitvoering_app, voortgang as voortgang_app

    run = Run(debug)
    build_app.BuildOptions(out_dir=out_dir, pdf=pdf, huisstijl=huisstijl, templates=templates_dir, debug=debug).check()
    _regio, results = _lint_many(run, plannen, None, strikt)
    _print_all(results)
    run.raise_to(_code_for(results))
    protect_sources(f for r in results for f in (r.file, getattr(r.deel_a, "file", None)) if f)
    programmes, results = voortgang_app.programmes_and_plans(results, plannen)
    # what the plans' reports are called, checked before anything is written (also a programme's report)
    buildable = voortgang_app.buildable(results)
    voortgang_app.check_unique_names(buildable)  # also of a plan --jaar refuses below: one run, one <name>
    if jaar is not None:  # a year outside a plan is a usage error for that plan; the other plans go on
        refused = voortgang_app.refused_years(buildable, jaar)
        for file, why in refused:
            err(f"ivplan: {file}: {why}; er is niets geschreven")
            run.raise_to(EXIT_USAGE)
        buildable = [res for res in buildable if res.file not in {file for file, _ in refused}]
    years = voortgang_app.set_years(buildable, jaar)
    named = voortgang_app.programme_report_names(programmes, uitvoering_app.programme_plan)
    uitvoering_app.check_unique_names(named)  # two programmes of the same plan and years: nothing written
    files = voortgang_app.report_files(buildable, jaar, years, out_dir, pdf=pdf)
    files += [out_dir / f"{name}{suffix}" for _, name in named for suffix in (".docx", ".pdf")]
    clash = source_clash(files)
    if clash:
        raise UsageError(clash)
    for prog in programmes:
        plan_res = prog.plan_result
        if prog.has_errors or plan_res is None or plan_res.has_errors:
            continue
        try:
            path = voortgang_app.build_programme_voortgang(
                prog.data,
                uitvoering_app.programme_plan(plan_res),
                jaar=jaar,
                out_dir=out_dir,
                templates=templates_dir,
                huisstijl=huisstijl,
                warn=_warn_about(prog.file),
                plan_dir=Path(plan_res.file).parent,
                pdf=pdf,
            )
            click.echo(f"geschreven: {path}")
            if pdf:
                click.echo(f"geschreven: {path.with_suffix('.pdf')}")
        except Exception as exc:  # noqa: BLE001 - each programme fails on its own, the others go on
            run.failed(exc, where=prog.file)
    for res in buildable:
        try:
            path = voortgang_app.build_voortgang(
                res,
                jaar=years.get(res.file, jaar),
                out_dir=out_dir,
                templates=templates_dir,
                huisstijl=huisstijl,
                warn=_warn_about(res.file),
                plan_dir=Path(res.file).parent,
                deel_a=res.merged.a.schema.data if res.merged is not None else None,
                pdf=pdf,
            )
            click.echo(f"geschreven: {path}")
            if pdf:
                click.echo(f"geschreven: {path.with_suffix('.pdf')}")
        except Exception as exc:  # noqa: BLE001 - each plan fails on its own, the others go on
            run.failed(exc, where=res.file)
    if samen:
        voortgang_app.samen_voortgang(
            results,
            jaar,
            out_dir=out_dir,
            templates=templates_dir,
            huisstijl=huisstijl,
            warn=lambda m: err(f"ivplan: waarschuwing: {m}"),
            written=lambda path: click.echo(f"geschreven: {path}"),
            refused=lambda file, why: err(f"ivplan: {file}: {why}"),
            failed=lambda exc, file: run.failed(exc, where=file),
            pdf=pdf,
        )
    _finish(run)


# --------------------------------------------------------------------------------------------------
# check


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@click.option(
    "--regio",
    "regio_path",
    required=True,
    type=click.Path(path_type=Path),
    metavar="REGIO.yaml",
    help="Het regiobestand: speerpunten, verwachte gemeenten en eisen.",
)
@_plan_files
@_format_option
@click.option(
    "-o",
    "--uitvoer",
    "report_path",
    type=click.Path(path_type=Path),
    metavar="RAPPORT",
    help="Schrijf het rapport: rapport.docx, rapport.pdf (met LibreOffice; getagde PDF) of rapport.html.",
)
@click.option(
    "--huisstijl",
    type=click.Path(path_type=Path),
    metavar="REF.docx",
    help="Word-bestand met de huisstijl (voor rapport.docx).",
)
@_templates_option
@click.option(
    "--strikt",
    is_flag=True,
    help="Behandel waarschuwingen als fouten: een plan met waarschuwingen is niet conform (exit 1).",
)
@_kwaliteit_option
@_debug_option
def check(regio_path, plannen, fmt, report_path, huisstijl, templates_dir, strikt, kwaliteit, debug):
    """Toets alle plannen van een regio: een tabel per gemeente, JSON of een rapport."""
    # here: the linter and the report's stages (YAML, Cerberus, Jinja2, python-docx), not for --help
    from ivplan.app import build as build_app, check as check_app
    from ivplan.documents.regio_rapport import format_table, report_json, summary_line  # the report's views: part of it

    run = Run(debug)
    if report_path is not None and report_path.suffix.lower() not in (".docx", ".html", ".pdf"):
        raise UsageError(f"{report_path}: het rapport moet eindigen op .docx, .html of .pdf")
    pdf = report_path is not None and report_path.suffix.lower() == ".pdf"
    if huisstijl is not None or templates_dir is not None or pdf:
        build_app.BuildOptions(out_dir=Path("."), pdf=pdf, huisstijl=huisstijl, templates=templates_dir).check()
    progress = None
    if len(plannen) > 20 and fmt == "text" and sys.stderr.isatty():

        def progress(done: int, total: int) -> None:
            click.echo(f"\r{done}/{total} plannen gecontroleerd", err=True, nl=done == total)

    protect_sources([regio_path, *plannen])
    try:
        report = check_app.check_region(
            regio_path, list(plannen), strikt=strikt, kwaliteit=kwaliteit, progress=progress, on_failure=run.internal
        )
    except check_app.RegioUnreadable as exc:  # a usage error: no verdict, no report
        _print_unreadable(exc.result)
        if fmt == "json":
            click.echo(dumps({"files": [file_json_obj(exc.result.file, exc.result.diagnostics)]}))
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # noqa: BLE001 - the regio file itself
        run.internal(str(regio_path), exc)
        _finish(run)
        return
    if fmt == "json":
        click.echo(dumps(report_json(report)))
    else:
        _print_all(report.results)  # deel A's findings once, as validate prints them
        click.echo(format_table(report, summary=False))
        err(summary_line(report))
    protect_sources(f for r in report.results for f in (r.file, getattr(getattr(r, "deel_a", None), "file", None)) if f)
    clash = source_clash([report_path]) if report_path is not None else None
    if clash:  # the report would replace a plan or the regio file: nothing is written
        run.failed(OutputError(clash))
    elif report_path is not None:
        try:
            check_app.write_report(
                report,
                report_path,
                templates=templates_dir,
                huisstijl=huisstijl,
                warn=lambda m: err(f"ivplan: waarschuwing: {m}"),
            )
            err(f"geschreven: {report_path}")
        except Exception as exc:  # noqa: BLE001 - the exit code still counts the plans' errors
            run.failed(exc, internal_where=str(report_path))
    run.raise_to(_code_for(report.results))
    _finish(run)


# --------------------------------------------------------------------------------------------------
# toets


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@click.argument("plan", metavar="PLAN.yaml", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--uitvoer",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    metavar="BESTAND",
    help="Schrijf het rapport: toets.docx of toets.html (standaard: build/<naam>-toets.docx).",
)
@click.option(
    "--antwoorden",
    type=click.Path(path_type=Path),
    metavar="ANTWOORDEN.yaml",
    help="De antwoorden van de toetser op de vragen (ivplan_toets: 1).",
)
@click.option(
    "--zelfevaluatie", is_flag=True, help="Een zelfevaluatie door de opsteller in plaats van een collegiale toets."
)
@click.option(
    "--regio",
    "regio_path",
    type=click.Path(path_type=Path),
    metavar="REGIO.yaml",
    help="Toets ook de regionale regels (niet de eisen van de regio).",
)
@click.option(
    "--sjabloon",
    type=click.Path(path_type=Path),
    metavar="ANTWOORDEN.yaml",
    help="Schrijf ook een leeg antwoordenformulier (nooit over een bestaand bestand).",
)
@_templates_option
@_huisstijl_option
@_format_option
@_debug_option
def toets(plan, out, antwoorden, zelfevaluatie, regio_path, sjabloon, templates_dir, huisstijl, fmt, debug):
    """Kwaliteitstoets van één plan volgens de CCV-checklist: collegiale toets of zelfevaluatie."""
    # here: the app modules load python-docx and Jinja2, which `ivplan --help` must not pay for
    from ivplan.app import build as build_app, toets as toets_app

    _no_deel_a([plan], "toets")
    run = Run(debug)
    opts = toets_app.ToetsOptions(
        out=out,
        antwoorden=antwoorden,
        zelfevaluatie=zelfevaluatie,
        regio=regio_path,
        sjabloon=sjabloon,
        templates=templates_dir,
        huisstijl=huisstijl,
    )
    opts.check()
    build_app.BuildOptions(out_dir=Path("."), huisstijl=huisstijl, templates=templates_dir).check()
    protect_sources(p for p in (plan, antwoorden, regio_path) if p is not None)
    clash = source_clash([out]) if out is not None else None
    if clash:
        raise UsageError(clash)
    try:
        outcome = toets_app.run_toets(plan, opts)
    except Exception as exc:  # noqa: BLE001 - the message names what failed; the exit code counts it
        run.failed(exc, internal_where=str(plan))
        _finish(run)
        return
    if fmt == "json":
        for res in outcome.results:
            _print_unreadable(res)
        files = [file_json_obj(r.file, r.diagnostics) for r in outcome.results]
        click.echo(dumps({"files": files, "toets": toets_app.toets_json(outcome.toets) if outcome.toets else None}))
    else:
        for res in outcome.results:
            _print_text(res)
    for path in outcome.written:
        err(f"geschreven: {path}")
    if outcome.toets is not None:
        scores = [
            f"stap {stap}: {'—' if t.score is None else t.score}"
            for stap, t in ((s, outcome.toets.telling(s)) for s in sorted({u.item.stap for u in outcome.toets.items}))
        ]
        totaal = outcome.toets.telling().score
        err(f"score: {'—' if totaal is None else totaal} ({'; '.join(scores)})")
    run.raise_to(_code_for(outcome.results))
    _finish(run)


# --------------------------------------------------------------------------------------------------
# cijfers


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@_plan_files
@click.option(
    "--bron",
    "bron_mappen",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="MAP",
    help="Map met gedownloade tabellen: MAP/<tabel>/ met de JSON-bestanden van de API, of StatLine-CSV-"
    "bestanden (bron.open_data.bestand). Mag vaker; de eerste map met de tabel telt.",
)
@click.option("--online", is_flag=True, help="Haal tabellen die niet in een --bron-map staan op bij het CBS (HTTPS).")
@click.option(
    "--jaar",
    type=click.IntRange(2000, 2100),
    default=None,
    metavar="JAAR",
    help="Neem geen cijfers van na dit jaar (standaard: tot en met het nieuwste gepubliceerde jaar).",
)
@click.option("--nulmeting", is_flag=True, help="Werk ook een nulmeting bij die van het gepubliceerde cijfer afwijkt.")
@click.option("--schrijf", is_flag=True, help="Schrijf de wijzigingen in het plan (zonder: alleen tonen, als diff).")
@click.option("--vraag", is_flag=True, help="Vraag per wijziging of die erin moet (alleen in een terminal; schrijft).")
@click.option("--geen-cache", "geen_cache", is_flag=True, help="Gebruik de opgeslagen antwoorden van het CBS niet.")
@_format_option
@_debug_option
def cijfers(plannen, bron_mappen, online, jaar, nulmeting, schrijf, vraag, geen_cache, fmt, debug):
    """Vul metingen en cijfers uit open data van het CBS en de politie; toont de wijzigingen als diff."""
    # here: the plan's loader and linter (YAML, Cerberus) and the open-data clients, not for --help
    from ivplan.app import cijfers as app

    _no_deel_a(plannen, "cijfers")
    run = Run(debug)
    if vraag and not (sys.stdin.isatty() and sys.stderr.isatty()):
        err("ivplan: --vraag werkt alleen in een terminal; gebruik --schrijf om alles over te nemen")
        sys.exit(EXIT_USAGE)
    schrijf = schrijf or vraag
    try:
        sources = app.open_sources(list(bron_mappen), online=online, use_cache=not geen_cache, environ=os.environ)
    except app.SourceUsageError as exc:
        err(f"ivplan: {exc}")
        sys.exit(EXIT_USAGE)
    options = app.Options(jaar=jaar, nulmeting=nulmeting)
    runs = []
    # Every plan is read and every table fetched before anything is written: without network, nothing is.
    for plan in plannen:
        try:
            runs.append(app.analyse(plan, str(plan), sources, options))
        except app.NetworkError as exc:
            err(f"ivplan: geen verbinding met {exc.host}; gebruik --bron MAP met gedownloade bestanden")
            sys.exit(EXIT_USAGE)
        except app.SourceUsageError as exc:
            err(f"ivplan: {exc}")
            sys.exit(EXIT_USAGE)
        except Exception as exc:  # noqa: BLE001 - one line, exit 3
            run.internal(str(plan), exc)
    for plan_run in runs:
        accepted = None
        if vraag and plan_run.changes and not plan_run.has_errors:
            accepted = _ask(plan_run, app.describe)
        app.render(plan_run, accepted)
    for plan_run in runs:
        if not schrijf or plan_run.has_errors or not plan_run.changed:
            continue
        try:
            app.write(plan_run)
        except app.ChangedOnDisk as exc:
            err(f"ivplan: {exc}")
            run.raise_to(EXIT_ERRORS)
        except OutputError as exc:
            err(f"ivplan: {exc}")
            run.raise_to(EXIT_USAGE)
    if fmt == "json":
        for plan_run in runs:
            _print_unreadable(plan_run)
        click.echo(dumps({"files": [r.json() for r in runs]}))
    else:
        for plan_run in runs:
            if plan_run.diff:
                # a file name that is not UTF-8 (surrogate escapes) is written back as its own bytes: patch finds it
                click.echo(plan_run.diff.encode("utf-8", "surrogateescape"), nl=False)
    for plan_run in runs:
        if fmt == "text":
            _print_unreadable(plan_run)
            for d in plan_run.diagnostics:
                if d.code != "IVP910":
                    err(format_text(d).rstrip("\n"))
        for note in plan_run.elsewhere:  # a deel B's binding whose value is written in deel A
            err(f"ivplan: waarschuwing: {note}")
        if not plan_run.unreadable:
            err(app.summary(plan_run, schrijf))
    run.raise_to(_code_for(runs))
    _finish(run)


def _ask(plan_run, describe) -> list:
    """`--vraag`: each change (those that follow another go with it) on stderr, `Overnemen? [j/N]`."""
    accepted = []
    for change in plan_run.changes:
        if change.lead is not None:
            continue
        err(f"{plan_run.file}: {describe(change)}")
        click.echo("Overnemen? [j/N] ", err=True, nl=False)
        answer = sys.stdin.readline().strip().lower()
        if answer in ("j", "ja", "y", "yes"):
            accepted.append(change)
    return accepted


# --------------------------------------------------------------------------------------------------
# preview


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@click.argument("bestand", metavar="BESTAND.yaml", type=click.Path(path_type=Path))
@click.option(
    "--poort",
    type=click.IntRange(0, 65535),
    default=0,
    metavar="N",
    help="Poort op 127.0.0.1 (standaard: een vrije poort).",
)
@click.option("--geen-browser", is_flag=True, help="Open de browser niet; toon alleen de link.")
@click.option(
    "--regio",
    "regio_path",
    type=click.Path(path_type=Path),
    metavar="REGIO.yaml",
    help="Toets ook tegen het regiobestand, zoals validate --regio.",
)
@_templates_option
@_huisstijl_option
@_debug_option
def preview(bestand, poort, geen_browser, regio_path, templates_dir, huisstijl, debug):
    """Toon het plan in de browser zoals de raad het leest, bijgewerkt bij elke keer opslaan."""
    # here: the preview's server and its rendering (YAML, Cerberus, Jinja2, Markdown), not for --help
    from ivplan.app import build as build_app, preview as preview_app

    _no_deel_a([bestand], "preview")
    options = preview_app.PreviewOptions(plan=bestand, regio=regio_path, templates=templates_dir, huisstijl=huisstijl)
    preview_app.check_options(options)  # a PreviewError or UsageError: one line, exit 2 (_Group.invoke)
    build_app.BuildOptions(out_dir=Path("."), huisstijl=huisstijl, templates=templates_dir).check()
    sys.exit(preview_app.run_preview(options, port=poort, open_browser=not geen_browser, say=click.echo, report=err))


# --------------------------------------------------------------------------------------------------
# schema, regels, uitleg, init


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@click.option(
    "-o",
    "--uitvoer",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    metavar="BESTAND",
    help="Schrijf het JSON Schema naar dit bestand (standaard: naar het scherm).",
)
@click.option("--regio", "regio", is_flag=True, help="Het schema van het regiobestand in plaats van het plan.")
@click.option("--uitvoering", "uitvoering", is_flag=True, help="Het schema van het uitvoeringsprogramma.")
@click.option(
    "--deel-a",
    "deel_a",
    is_flag=True,
    help="Het schema van het gezamenlijke deel A (ivplan_gezamenlijk: 1) in plaats van het plan.",
)
@_debug_option
def schema(out, regio, uitvoering, deel_a, debug):
    """Het JSON Schema (draft-07) van het planformaat, voor editors als VS Code. Zonder optie: een plan,
    of een deel B van een gezamenlijk plan (met gezamenlijk: bovenaan)."""
    from ivplan.core.output import write_atomic  # tempfile and shutil: only for -o, not for validate

    # The committed JSON Schema is generated from the Cerberus schema; a test keeps it current.
    if regio + uitvoering + deel_a > 1:
        err("ivplan: kies één van --regio, --uitvoering en --deel-a")
        sys.exit(EXIT_USAGE)
    name = (
        "ivplan-regio.schema.json"
        if regio
        else "ivplan-uitvoering.schema.json"
        if uitvoering
        else "ivplan-gezamenlijk.schema.json"
        if deel_a
        else "ivplan.schema.json"
    )
    text = (schemas_dir() / name).read_text(encoding="utf-8")
    if out is None:
        click.echo(text, nl=False)
        return
    _refuse_other_than_a_schema(out)
    write_atomic(out, text)
    err(f"geschreven: {out}")


def _refuse_other_than_a_schema(out: Path) -> None:
    """`schema -o` replaces an existing file only when it is a JSON Schema (one ivplan wrote before: writing
    it again after an update is what -o is for); anything else there (a plan, a note) is the user's own
    file, which no ivplan command overwrites: exit 2, nothing written."""
    try:
        info = os.stat(out)
    except OSError:
        return  # nothing there, or nothing to look at: writing it fails with its own message if it must
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # a pipe or a device: reading it to see what it is could wait forever
        raise UsageError(f"{out}: bestaat al en is geen gewoon bestand; kies een andere naam; er is niets geschreven")
    try:
        with open(out, "rb") as fh:
            head = fh.read(MAX_SCHEMA_BYTES + 1)
    except FileNotFoundError:
        return
    except OSError:
        return  # a folder or an unreadable file: writing it fails with its own message
    try:
        existing = json.loads(head.decode("utf-8")) if len(head) <= MAX_SCHEMA_BYTES else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        existing = None
    if not (isinstance(existing, dict) and "$schema" in existing) and head.strip():
        raise UsageError(
            f"{out}: bestaat al en is geen JSON Schema; ivplan schema -o overschrijft alleen een eerder "
            "geschreven schema; kies een andere naam; er is niets geschreven"
        )


MAX_SCHEMA_BYTES = 4 * 2**20  # larger than any schema ivplan writes (about 100 kB)


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@_debug_option
def regels(debug):
    """Alle regels met hun code, ernst en korte omschrijving."""
    from ivplan.app.explain import rules_table  # the rules' documentation: this command only

    click.echo(rules_table())


@main.command(context_settings=_CONTEXT, options_metavar="[OPTIES]")
@click.argument("code", metavar="CODE")
@_debug_option
def uitleg(code, debug):
    """Leg een regel uit (ivplan uitleg IVP010), of het oordeel in de voortgangsrapportage (voortgang)."""
    from ivplan.app.explain import explain  # the rules' documentation: this command only

    text = explain(code)
    if text is None:
        raise UsageError(f"onbekende code '{code}'; 'ivplan regels' toont alle codes")
    click.echo(text)


class _InitCommand(click.Command):
    """`init` has two forms: a starter plan (with --gemeente, --cbs-code, --inwoners and --politie-eenheid,
    all required) and, with --uitvoering JAAR PLAN.yaml, a starter programme (those options not allowed).
    Which options are required is decided per command line, before click checks them."""

    PLAN_OPTIONS = ("gemeente", "cbs_code", "inwoners", "politie_eenheid")

    def parse_args(self, ctx, args):
        programme = any(a == "--uitvoering" or a.startswith("--uitvoering=") for a in args)
        for param in self.params:
            if param.name in self.PLAN_OPTIONS:
                param.required = not programme
        return super().parse_args(ctx, args)


@main.command(cls=_InitCommand, context_settings=_CONTEXT, options_metavar="[OPTIES]")
@click.argument("argumenten", metavar="[MAP] | PLAN.yaml [MAP]", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gemeente", required=True, metavar="NAAM", help="Naam van de gemeente.")
@click.option("--cbs-code", required=True, metavar="GMxxxx", help="CBS-gemeentecode, bijvoorbeeld GM0344.")
@click.option("--inwoners", required=True, type=click.IntRange(min=1), metavar="AANTAL", help="Aantal inwoners.")
@click.option(
    "--politie-eenheid", required=True, metavar="EENHEID", help="De politie-eenheid, bijvoorbeeld Oost-Nederland."
)
@click.option(
    "--start",
    "start",
    # the starter's bronnen lie two years before the start and its period runs three years on; every
    # year of a plan lies in 2000..2100
    type=click.IntRange(2002, 2097),
    default=None,
    metavar="JAAR",
    help="Beginjaar van het plan (standaard: volgend jaar).",
)
@click.option(
    "--uitvoering",
    "uitvoering",
    type=click.IntRange(2000, 2100),
    default=None,
    metavar="JAAR",
    help="Maak een start-uitvoeringsprogramma voor JAAR bij PLAN.yaml (in MAP, standaard de map van het plan).",
)
@_debug_option
def init(argumenten, gemeente, cbs_code, inwoners, politie_eenheid, start, uitvoering, debug):
    """Maak een startplan MAP/ivp.yaml met voorbeeldtekst, plus de editorinstellingen (VS Code); of met
    --uitvoering JAAR PLAN.yaml een start-uitvoeringsprogramma bij een plan."""
    from ivplan.app.init import PlanError, init_project, init_uitvoering  # Jinja2 and the linter: init only

    if uitvoering is not None:
        given = [
            f"--{n.replace('_', '-')}"
            for n, v in (
                ("gemeente", gemeente),
                ("cbs_code", cbs_code),
                ("inwoners", inwoners),
                ("politie_eenheid", politie_eenheid),
                ("start", start),
            )
            if v is not None
        ]
        if given:
            raise UsageError(f"{', '.join(given)} past niet bij --uitvoering: het programma volgt uit het plan")
        if not 1 <= len(argumenten) <= 2:
            raise UsageError("geef bij --uitvoering het plan (PLAN.yaml) en eventueel de map")
        try:
            path = init_uitvoering(uitvoering, argumenten[0], argumenten[1] if len(argumenten) == 2 else None)
        except PlanError as exc:
            _print_text(exc.result)
            raise
        click.echo(f"geschreven: {path}")
        click.echo(f"Vervang alle tekst met [VOORBEELD] en controleer het programma met: ivplan validate {path}")
        return
    if len(argumenten) > 1:
        raise UsageError("geef hoogstens één map voor het startplan")
    map_ = argumenten[0] if argumenten else Path(".")
    written = init_project(
        map_, gemeente=gemeente, cbs_code=cbs_code, inwoners=inwoners, politie_eenheid=politie_eenheid, start=start
    )
    for path in written:
        click.echo(f"geschreven: {path}")
    click.echo(f"Vervang alle tekst met [VOORBEELD] en controleer het plan met: ivplan validate {written[0]}")
