"""`ivplan build`: validated plans -> template context -> Markdown -> .docx (and .md, .pdf) on disk.

`plan_documents()` is pure (data in, named bytes out); `build_many()` checks output names, runs the
plans (in parallel worker processes for a batch) and writes every file atomically.
"""

from __future__ import annotations

import gc
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ivplan.core import paths
from ivplan.core.diagnostics import format_text
from ivplan.core.errors import EXIT_INTERNAL, IvplanError, UsageError, internal_message
from ivplan.core.output import ensure_dir, write_all_atomic
from ivplan.core.process import worker_pool
from ivplan.core.sources import protect_sources, source_clash
from ivplan.documents.context import plan_context
from ivplan.documents.naming import document_date, name_collision, output_name
from ivplan.documents.templating import make_environment, render
from ivplan.render.chart_cache import EarlyDrawer, draw_ahead
from ivplan.render.charts import chart_images, chart_jobs
from ivplan.render.docxwriter import DocumentMeta, Image, write_docx
from ivplan.render.pdf import INSTALL_HINT, PdfSession, docx_to_pdfs, libreoffice_available, temp_too_full
from ivplan.validation.lint import apply_strikt, lint_plan
from ivplan.validation.rules.ivp082_logo import logo_path
from ivplan.validation.schema import load_schema
from ivplan.validation.vocabulary import keep_schema

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass
class BuildOptions:
    out_dir: Path
    pdf: bool = False
    markdown: bool = False
    huisstijl: Path | None = None
    templates: Path | None = None
    force_raadsvoorstel: bool = False
    jobs: int = 1
    debug: bool = False

    def check(self) -> None:
        """Fail early, before anything is written, on options that cannot work."""
        if self.huisstijl is not None:
            hs = Path(self.huisstijl)
            if paths.is_dir(hs):
                raise UsageError(f"{hs}: is een map; geef een Word-document (.docx) als huisstijl")
            if not paths.is_file(hs):
                raise UsageError(f"{hs}: huisstijlbestand niet gevonden")
            # here: lxml and python-docx only when a huisstijl is given (else the writer loads them to write)
            from ivplan.render.docxwriter.huisstijl import read_huisstijl

            read_huisstijl(hs)  # its size, its zip and its XML, before anything is built (HuisstijlError: exit 2)
            protect_sources([hs])  # read for every document: no output may replace it
        if self.templates is not None and not paths.is_dir(self.templates):
            if paths.is_file(self.templates):
                raise UsageError(f"{self.templates}: is een bestand, geen map; geef de map met de eigen sjablonen")
            raise UsageError(f"{self.templates}: sjablonenmap niet gevonden")
        if self.pdf:
            if not libreoffice_available():
                raise UsageError(f"voor --pdf is LibreOffice nodig, maar het is niet geïnstalleerd; {INSTALL_HINT}")
            full = temp_too_full()  # before any document is written, not blamed on the first one
            if full is not None:
                raise full


@dataclass
class Failure:
    """One plan's failure, as plain data (it comes back from a worker process): the line to print
    (without `ivplan: `), the exit code and, for an internal failure, the traceback for --debug."""

    message: str
    exit_code: int
    traceback: str | None = None

    @classmethod
    def from_exception(cls, where: str, exc: BaseException) -> Failure:
        """Call inside the `except` block (for the traceback)."""
        if isinstance(exc, IvplanError):
            return cls(f"{where}: {exc}", exc.exit_code)
        return cls(internal_message(exc, where), EXIT_INTERNAL, traceback.format_exc())


@dataclass
class BuildOutcome:
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# One plan, in memory


def wants_raadsvoorstel(plan: dict, force: bool) -> bool:
    return force or plan["plan"].get("status") != "vastgesteld"


def logo_image(plan: dict, plan_dir: Path):
    """The gemeente's logo, read from the path relative to the plan's folder (IVP082 already checked it)."""
    logo = (plan.get("gemeente") or {}).get("logo")
    if not logo:
        return None
    path = logo_path(plan_dir, logo)
    if path is None or not path.is_file():  # the preview reads it despite IVP082: never a pipe or a device
        return None
    data = path.read_bytes()
    return Image(data=data, alt=f"Logo van de gemeente {plan['gemeente']['naam']}")


def plan_documents(
    plan: dict,
    plan_dir: Path,
    opts: BuildOptions,
    warn: Callable[[str], None],
    *,
    draw_ahead: bool = False,
    early: EarlyDrawer | None = None,
) -> list[tuple[str, bytes]]:
    """The files one plan produces, as (file name, bytes), in a fixed order.

    `draw_ahead`: draw the plan's charts in a second process meanwhile (a single build on a machine
    with cores to spare; never in a batch worker, the batch already keeps every core busy). `early`:
    that second process, started before the plan was read (cli/commands.py, `_early_charts`)."""
    wait_for_charts: Callable[[], None] | None
    if early is not None:
        wait_for_charts = early.draw([(doel, options) for _, doel, options, _ in chart_jobs(plan)])
    else:
        wait_for_charts = _draw_charts_ahead(plan) if draw_ahead else None
    try:
        return _plan_documents(plan, plan_dir, opts, warn, wait_for_charts)
    finally:
        if wait_for_charts is not None:
            wait_for_charts()


def _plan_documents(
    plan: dict,
    plan_dir: Path,
    opts: BuildOptions,
    warn: Callable[[str], None],
    wait_for_charts: Callable[[], None] | None,
) -> list[tuple[str, bytes]]:
    env = _environment(opts.templates)
    ctx = plan_context(plan)
    name = output_name(plan)
    gemeente = plan["gemeente"]["naam"]
    titel = plan["plan"]["titel"]
    periode = plan["plan"]["periode"]
    created = document_date(plan)
    images = {}
    logo = logo_image(plan, plan_dir)
    if logo is not None:
        images["logo"] = logo
    images.update(_chart_images(plan, wait_for_charts))
    keywords = ("integrale veiligheid", "veiligheidsplan", gemeente, f"{periode['start']}-{periode['eind']}")
    docs = plan_metas(
        titel,
        gemeente,
        keywords,
        created,
        wants_raadsvoorstel(plan, opts.force_raadsvoorstel),
        subject=None,
        periode=periode,
    )
    made: dict[str, tuple[str, bytes]] = {}
    for kind, meta in reversed(docs):  # the raadsvoorstel first: it shows no chart to wait for
        markdown = render(env, f"{kind}.md.j2", ctx)
        made[kind] = markdown, write_docx(markdown, meta, images=images, huisstijl=opts.huisstijl, warn=warn)
    out: list[tuple[str, bytes]] = []
    for kind, _ in docs:
        markdown, docx = made[kind]
        if opts.markdown:
            out.append((f"{name}-{kind}.md", markdown_bytes(markdown)))
        out.append((f"{name}-{kind}.docx", docx))
    return out


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def markdown_bytes(markdown: str) -> bytes:
    """The Markdown as the .md file holds it: UTF-8, without lone surrogates (a custom template can emit one,
    as "\\ud800"; UTF-8 cannot encode it). The .docx drops them too, and warns once for both."""
    return _LONE_SURROGATE.sub("", markdown).encode("utf-8")


def plan_metas(
    titel: str, gemeente: str, keywords: tuple, created, raadsvoorstel: bool, *, subject: str | None, periode: dict
) -> list[tuple[str, DocumentMeta]]:
    """(kind, core properties) of a plan's documents: the plan, and the raadsvoorstel when wanted.
    `subject`: the plan's subject when it is not the default one."""
    docs = [
        (
            "plan",
            DocumentMeta(
                title=titel,
                subject=subject
                or f"Integraal veiligheidsplan {periode['start']}-{periode['eind']} van de gemeente {gemeente}",
                author=gemeente,  # the gemeente by its name, as regio and samenwerking documents carry theirs
                keywords=keywords,
                created=created,
            ),
        )
    ]
    if raadsvoorstel:
        docs.append(
            (
                "raadsvoorstel",
                DocumentMeta(
                    title=f"Raadsvoorstel {titel}",
                    subject=f"Raadsvoorstel tot vaststelling van het {titel}",
                    author=gemeente,  # the gemeente by its name, as regio and samenwerking documents carry theirs
                    keywords=keywords + ("raadsvoorstel", "raadsbesluit"),
                    created=created,
                ),
            )
        )
    return docs


@lru_cache(maxsize=8)
def _environment(templates: Path | None):
    """One Jinja environment per template folder and process: Jinja compiles each template once and
    keeps it (checking the file's mtime), instead of once per plan of a batch."""
    return make_environment(templates)


def _draw_charts_ahead(plan: dict) -> Callable[[], None]:
    return draw_ahead([(doel, options, draw) for _, doel, options, draw in chart_jobs(plan)])


def _chart_images(plan: dict, wait_for_charts: Callable[[], None] | None = None) -> dict:
    """Charts for doelen with two or more metingen (matplotlib is only imported when one is drawn).
    With `wait_for_charts` the writer waits for the charts drawn ahead when it reaches the first."""
    return chart_images(plan, first=wait_for_charts)


# --------------------------------------------------------------------------------------------------
# Many plans


@dataclass
class _Job:
    file: str
    data: dict | None  # None: the worker reads and validates the plan itself (a batch, see Batch)
    opts: BuildOptions
    draw_ahead: bool = False  # see plan_documents
    early: EarlyDrawer | None = None  # see plan_documents; never sent to a worker process
    collect: bool = False  # one of many plans: free its garbage before the next (see _run_job)


@dataclass
class _JobResult:
    file: str
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failure: Failure | None = None


def _run_job(job: _Job) -> _JobResult:
    res = _JobResult(job.file)
    try:
        data = job.data if job.data is not None else _reread(job.file)
        if data is None:
            res.failure = Failure(
                f"{job.file}: het bestand is veranderd tijdens het maken en heeft nu "
                "fouten; er is niets geschreven voor dit plan",
                1,
            )
            return res
        files = plan_documents(
            data, Path(job.file).parent, job.opts, res.warnings.append, draw_ahead=job.draw_ahead, early=job.early
        )
        targets = [(job.opts.out_dir / fname, payload) for fname, payload in files]
        write_all_atomic(targets)  # all of a plan's documents, or none of them
        res.written += [target for target, _ in targets]
        if not job.opts.markdown:
            remove_stale_markdown(job.opts.out_dir, output_name(data))
    except Exception as exc:  # noqa: BLE001 - each plan fails on its own, the others go on
        res.failure = Failure.from_exception(job.file, exc)
    finally:
        if job.collect:
            # A plan leaves reference cycles (lxml proxies, python-docx parts) that Python's collector
            # frees only in its rare full collections; meanwhile a worker's peak memory crept up with
            # the number of plans (41 -> 64 MB over 210 plans). Collecting here keeps it flat, and is
            # cheap (2 ms) because _preload froze everything imported before the workers started.
            gc.collect()
    return res


MARKDOWN_KINDS = ("plan", "raadsvoorstel")


def output_files(out_dir: Path, stems: list[str], opts: BuildOptions) -> list[Path]:
    """Every file a build may write or remove for documents with these stems: the .docx, the .md (written
    with --markdown, else a stale one removed) and with --pdf the PDF. For the check, before anything is
    written, that none of them is a source file (core/sources.py)."""
    suffixes = (".docx", ".md") + ((".pdf",) if opts.pdf else ())
    return [out_dir / f"{stem}{suffix}" for stem in stems for suffix in suffixes]


def plan_stems(name: str) -> list[str]:
    """The stems of a plan's documents (`<name>-plan`, `<name>-raadsvoorstel`)."""
    return [f"{name}-{kind}" for kind in MARKDOWN_KINDS]


def remove_stale_markdown(out_dir: Path, name: str) -> list[Path]:
    """A build without --markdown removes the .md files an earlier build with --markdown wrote for this
    plan: only the names ivplan itself gives them (`<name>-plan.md`, `<name>-raadsvoorstel.md`), and
    only regular files (a link is removed, not what it points at). Returns what was removed."""
    removed = []
    for kind in MARKDOWN_KINDS:
        stale = out_dir / f"{name}-{kind}.md"
        if source_clash([stale]) is not None:
            continue  # a source file of this command (refused before the build; a safeguard)
        try:
            if stale.is_symlink() or stale.is_file():
                stale.unlink()
                removed.append(stale)
        except OSError:
            pass  # an old .md that cannot be removed is no reason to fail the build
    return removed


def _reread(file: str) -> dict | None:
    """A batch worker reads its plan again instead of receiving it: the main process then never holds
    every plan at once. None when the plan has errors now (it was changed since it was checked)."""
    res = lint_plan(Path(file), file)
    return None if res.has_errors or res.unreadable else res.data


def _output_name(result, job: _Job) -> str:
    """The stem of a plan's documents: a `Checked` record carries it, else the plan's data gives it."""
    name = getattr(result, "name", None)
    if name:
        return name
    assert job.data is not None  # a result without an output name carries its data
    return output_name(job.data)


def build_many(
    results, opts: BuildOptions, *, progress: bool = False, pool=None, early: EarlyDrawer | None = None
) -> BuildOutcome:
    """Build every valid plan; names are checked for collisions before anything is written.

    `results` are lint results (with `.file`, `.data`) or `Checked` records (with `.file`, `.name` and
    maybe `.data`); a plan without data is read again by the process that builds it. `pool`: an open
    ProcessPoolExecutor to use (see Batch); without one, a pool is made when opts.jobs > 1."""
    outcome = BuildOutcome()
    jobs = [_Job(r.file, r.data, opts, collect=len(results) > 1) for r in results]
    collision = name_collision((job.file, _output_name(r, job)) for r, job in zip(results, jobs, strict=True))
    if collision:
        raise UsageError(collision)
    if not jobs:
        return outcome
    ensure_dir(opts.out_dir)  # OutputError (exit 2): nothing is built
    pdf_session = PdfSession.start() if opts.pdf else None  # LibreOffice starts while the documents are made
    try:
        done = 0

        def tick():
            nonlocal done
            done += 1
            if progress:
                print(
                    f"\r{done}/{len(jobs)} plannen gemaakt",
                    end="\n" if done == len(jobs) else "",
                    file=sys.stderr,
                    flush=True,
                )

        if pool is not None and len(jobs) > 1:
            job_results = []
            for res in pool.map(_run_job, jobs, chunksize=1):
                job_results.append(res)
                tick()
        elif opts.jobs > 1 and len(jobs) > 1:
            with _worker_pool(min(opts.jobs, len(jobs))) as own_pool:
                job_results = []
                for res in own_pool.map(_run_job, jobs, chunksize=1):
                    job_results.append(res)
                    tick()
        else:
            if len(jobs) > 1:
                _preload()  # for the cheap collection after each plan
            job_results = []
            for job in jobs:
                # one plan, in this process: a second core is free (not while a pool's threads run)
                job.draw_ahead = opts.jobs > 1 and pool is None
                job.early = early if job.draw_ahead and len(jobs) == 1 else None
                job_results.append(_run_job(job))
                tick()
        if pdf_session is not None:
            _add_pdfs(job_results, pdf_session)
    finally:
        if pdf_session is not None:
            pdf_session.close()
    keep_schema("plan")  # for the next process: validation.schema.load_schema reads it from the cache
    seen_warnings = set()
    for res in job_results:  # input order: deterministic output
        outcome.written += res.written
        for w in res.warnings:
            if w not in seen_warnings:
                seen_warnings.add(w)
                outcome.warnings.append(w)
        if res.failure:
            outcome.failures.append(res.failure)
    return outcome


def _add_pdfs(job_results: list[_JobResult], session: PdfSession) -> None:
    """Convert every .docx of the run in one LibreOffice session (starting it costs more than
    converting a plan), after all documents are written, in `session` (started before they were
    made); a plan's PDFs are listed after its other files. A plan whose PDF fails gets that failure
    (the first, if several); the others keep theirs."""
    docs = [(res, docx) for res in job_results if res.failure is None for docx in res.written if docx.suffix == ".docx"]
    if not docs:
        return
    try:
        errors = docx_to_pdfs([(docx, docx.with_suffix(".pdf")) for _, docx in docs], session=session)
    except Exception as exc:  # noqa: BLE001 - the same for every plan: LibreOffice missing, no room, a bug
        for res, _ in docs:
            res.failure = res.failure or Failure.from_exception(res.file, exc)
        return
    for (res, docx), error in zip(docs, errors, strict=True):
        if error is None:
            res.written.append(docx.with_suffix(".pdf"))
        elif res.failure is None:
            res.failure = Failure(f"{res.file}: {error}", error.exit_code if isinstance(error, IvplanError) else 3)


def _preload() -> None:
    """Import what every plan needs once, before the workers fork: they inherit it. Then move all of
    it out of the garbage collector's sight (gc.freeze): it lives as long as the process, and the
    collections after each plan (_run_job) then look only at what that plan made."""
    load_schema("plan")
    gc.freeze()


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for a batch, started after _preload() so that they inherit its imports; they die
    with this process, also when it is killed (SIGKILL, SIGTERM): no orphans."""
    _preload()
    return worker_pool(workers)


# --------------------------------------------------------------------------------------------------
# A batch: check every plan, then build the valid ones, in worker processes


@dataclass
class Checked:
    """What the main process keeps of one checked plan: what to print, the counts, and the output
    name of a plan that can be built; not its data or source text, so that the memory of a batch does
    not grow with the number of plans (the data is kept only in a small run, see Batch.KEEP_DATA)."""

    file: str
    report: list[tuple[bool, str]] = field(default_factory=list)  # (to stderr, text), in print order
    errors: int = 0
    warnings: int = 0
    unreadable: bool = False
    name: str | None = None
    data: dict | None = None
    failure: Failure | None = None  # an internal failure while checking (exit 3)

    def counts(self) -> tuple[int, int]:
        return self.errors, self.warnings

    @property
    def has_errors(self) -> bool:
        return self.errors > 0

    @property
    def buildable(self) -> bool:
        return self.failure is None and not self.unreadable and not self.has_errors


def _check_job(args: tuple[Path, bool, bool, bool]) -> Checked:
    path, strikt, kwaliteit, keep_data = args
    checked = Checked(str(path))
    try:
        res = lint_plan(path, str(path), kwaliteit=kwaliteit)
        if strikt:
            res.diagnostics = apply_strikt(res.diagnostics)
        checked.unreadable = res.unreadable
        checked.errors, checked.warnings = res.counts()
        lines = res.loaded.source.lines
        diags = res.diagnostics
        checked.report = [(True, f"ivplan: {d.file}: {d.message}") for d in diags if d.code == "IVP910"]
        checked.report += [(False, format_text(d, lines)) for d in diags if d.code != "IVP910"]
        if checked.buildable:
            checked.name = output_name(res.data)
            if keep_data:
                checked.data = res.data
    except Exception as exc:  # noqa: BLE001 - one plan's failure does not stop the others
        checked.failure = Failure.from_exception(str(path), exc)
    return checked


class Batch:
    """Check and build many plans with `jobs` worker processes (one pool for both steps; none for a
    single plan or jobs=1). Results come back in input order. Use as a context manager:

        with Batch(jobs, len(paths)) as batch:
            checked = batch.check(paths, strikt=strikt)
            ... print the diagnostics ...
            outcome = batch.build(checked, opts, progress=True)
    """

    KEEP_DATA = 4  # up to this many plans the main process keeps their data: no second read
    PARALLEL_CHECK = 8  # from this many plans on, checking is done by the workers too

    def __init__(self, jobs: int, n_plans: int):
        self.jobs = max(1, jobs)
        self.n_plans = n_plans
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Batch:
        if self.jobs > 1 and self.n_plans > 1:
            self.pool = _worker_pool(min(self.jobs, self.n_plans))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def check(self, paths, *, strikt: bool = False, kwaliteit: bool = False) -> list[Checked]:
        keep = len(paths) <= self.KEEP_DATA
        args = [(Path(p), strikt, kwaliteit, keep) for p in paths]
        if self.pool is not None and len(paths) >= self.PARALLEL_CHECK:
            return list(self.pool.map(_check_job, args, chunksize=4))
        return [_check_job(a) for a in args]

    def build(
        self, checked: list[Checked], opts: BuildOptions, *, progress: bool = False, early: EarlyDrawer | None = None
    ) -> BuildOutcome:
        return build_many([c for c in checked if c.buildable], opts, progress=progress, pool=self.pool, early=early)
