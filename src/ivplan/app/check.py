"""The regional check (`ivplan check --regio REGIO.yaml PLAN.yaml...`): lint every plan against the regio
file, then summarise per gemeente: conform / niet_conform / ontbreekt, the counts of errors and warnings,
and per regional speerpunt whether the plan makes it a local `prioriteit`, only `toegelicht` it, or lets
it `ontbreekt`.

`check_region()` does the work and returns plain data (`RegionReport`); the other functions only present
it: `format_table()` for the terminal, `report_json()` for `--format json`, `report_markdown()` for the
.docx report (through plan_templates/rapport.md.j2) and `write_report()` for `-o rapport.docx|.html`.

Decisions:
- `report_json()["files"]` always starts with the regio file's own file object (also when it has no
  diagnostics), followed by one per plan in the order given; the regio file is an input whose errors
  give exit 1, so its diagnostics must be visible in the JSON.
- `strikt`: like `validate --strikt`, every warning of a plan becomes an error (in the counts, the
  JSON and the report), so a plan with warnings is `niet_conform` and the run exits 1.
- Per speerpunt, a `prioriteit` entry counts only when it names a priority the plan has (a dangling
  reference is IVP002's); a `toelichting` counts when it holds more than whitespace.
- The .html report always uses the built-in plan_templates/rapport.html.j2 (`--templates` applies to
  rapport.md.j2, i.e. the .docx).
- A regio file with errors: the plans are still linted, without the regio file (no speerpunten, no
  expected gemeenten); every plan appears as not listed. The exit code is 1 anyway.
- A gemeente without a plan (`ontbreekt`) has 0 errors, 0 warnings and every speerpunt `ontbreekt`.
- Voortgang (how many doelen are op koers): only for a `conform` plan, the verdicts of
  `voortgang.telling()` in the plan's own report year (`voortgang.rapportjaar()`: its latest year with
  a meting). A plan that is missing or not conform (also through `--strikt`) has none (JSON null).
  "Op koers" counts the verdict op koers only, as the JSON does; doel gehaald is its own count.
- Rows: the regio file's gemeenten in its order (a gemeente with two plans gets two rows, IVP037
  reports the second; both rows name their file and say "dubbel"), then the plans whose gemeente the
  regio file does not list, in the order given.
- A plan that could not be read or loaded (a missing file, not YAML) names no gemeente: its row shows
  "niet te lezen" and no speerpunten (JSON: an empty object), and it is not counted as a gemeente.
- A regio file that cannot be read is a usage error: no plan is checked and no verdict is shown
  (exit 2); see `RegioUnreadable`.

The report's data and its views (JSON, table, template context) are documents/regio_rapport.py.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ivplan.core.errors import OutputError, ReportFormatError, UsageError
from ivplan.core.output import write_atomic
from ivplan.core.process import worker_pool
from ivplan.documents.regio_rapport import (
    CONFORM,
    NIET_CONFORM,
    ONTBREEKT,
    SP_ONTBREEKT,
    GemeenteRow,
    JointSummary,
    RegionReport,
    Speerpunt,
    Voortgang,
    report_date,
    report_markdown,
    report_title,
    voortgang_van,
)
from ivplan.documents.templating import make_environment
from ivplan.documents.uitvoering import maatregelen_per_speerpunt, periode as uitvoering_periode
from ivplan.render.docxwriter import DocumentMeta, write_docx
from ivplan.render.pdf import docx_to_pdf
from ivplan.render.report_html import render_report_html
from ivplan.validation.bestanden import cross_programmes, is_programme, lint_paths
from ivplan.validation.gezamenlijk import DEEL_A, DEEL_B
from ivplan.validation.lint import (
    FileResult,
    JointRun,
    RegioResult,
    apply_strikt,
    cross_plan,
    expand_paths,
    lint_plan,
    lint_regio,
    peek_kind,
)
from ivplan.validation.schema import load_schema
from ivplan.validation.speerpunten import speerpunt_status
from ivplan.validation.uitvoering import ProgrammeResult, lint_uitvoering, programme_plan
from ivplan.validation.vocabulary import default_value

REPORT_SUFFIXES = (".docx", ".html", ".pdf")


class RegioUnreadable(UsageError):
    """The regio file is missing or cannot be read: a usage error (exit 2), so no plan is checked and
    no verdict shown. `result` holds its IVP910 diagnostic (for the line on stderr and the JSON)."""

    def __init__(self, result: RegioResult) -> None:
        reasons = [d.message for d in result.diagnostics if d.code == "IVP910"]
        super().__init__(f"{result.file}: {reasons[0] if reasons else 'kan niet worden gelezen'}")
        self.result = result


# --------------------------------------------------------------------------------------------------
# the check


PARALLEL_FROM = 24  # plans; fewer are checked in this process (starting workers costs more)
CHUNK = 12  # plans per task sent to a worker (the regio goes along once per task)


_CROSS_PLAN_PATHS = [(), ("gemeente",), ("gemeente", "cbs_code")]  # where IVP037 may point


@dataclass
class _Samenvatting:
    """What a gemeente's row needs of its plan data, worked out right after the plan is linted (by a
    worker, or in this process for a small region), so that the main process neither receives nor
    keeps the data (its memory then hardly grows with the number of plans) and does not compute the
    rows one by one after all linting is done."""

    speerpunten: dict[str, str]
    voortgang: Voortgang | None  # None when the plan had errors in the worker


def _samenvatting(res: FileResult, speerpunt_ids: list[str]) -> _Samenvatting:
    errors, _ = res.counts()
    data = _plan_data(res)
    return _Samenvatting(
        speerpunt_status(data, speerpunt_ids),
        None if errors or not isinstance(res.view_data, dict) else voortgang_van(res.view_data),
    )


def _slim(res: FileResult) -> FileResult:
    """What the main process needs of a worker's result, and no more: sending every source line and
    position of every plan back cost more than checking them (pickling, unpickling one by one). Of
    the data only `gemeente` is kept (naam and cbs_code for the row and IVP037); the rest of the row
    comes as a _Samenvatting."""
    loaded = res.loaded
    if loaded.positions is not None:
        loaded.positions = loaded.positions.subset(_CROSS_PLAN_PATHS)
    needed = {d.line for d in res.diagnostics if d.line}
    cbs = loaded.positions.value(("gemeente", "cbs_code")) if loaded.positions is not None else None
    if cbs:
        needed.add(cbs[0])
    loaded.source.lines = [line if n in needed else "" for n, line in enumerate(loaded.source.lines, 1)]
    if res.schema is not None:  # the validated data is in res.schema; the raw copy is not used
        loaded.data = None
        loaded.numbers_as_written = {}
        if isinstance(res.schema.data, dict):
            res.schema.data = {k: v for k, v in res.schema.data.items() if k == "gemeente"}
    elif isinstance(loaded.data, dict):
        loaded.data = {k: v for k, v in loaded.data.items() if k == "gemeente"}
    return res


def _lint_each(paths: list[Path], regio, speerpunt_ids: list[str], kwaliteit: bool, with_plan=None):
    """(slimmed lint result, _Samenvatting, programmes) per plan, or None for a plan whose linting
    raised. `with_plan` (a _WithPlan, or None) holds the programmes that point to these plans: each is
    linted right after its plan, with that plan's result (`programmes`: [(path, _programme_job's item
    or None when it raised)]), instead of reading and checking the plan a second time."""
    for p in paths:
        try:
            res = lint_plan(p, str(p), regio=regio, kwaliteit=kwaliteit)
            programmes = with_plan.lint(p, res) if with_plan is not None else []
            samenvatting = _samenvatting(res, speerpunt_ids)
            yield _slim(res), samenvatting, programmes
        except Exception:  # noqa: BLE001 - redone by check_region, which reports it
            yield None


@dataclass
class _WithPlan:
    """The programmes of a region, by the real path of the plan they point to (uitvoering.programme_plan),
    linted where that plan is: the plan is checked once, not again for its programme (that doubled the
    work of `check --regio` over plans with programmes)."""

    programmes: dict[str, list[Path]]
    regio: Any
    strikt: bool
    kwaliteit: bool
    speerpunt_ids: list[str]

    def lint(self, plan_path: Path, plan_res: FileResult) -> list[tuple[Path, Any]]:
        real = os.path.realpath(plan_path)

        def lint_plan_file(p: Path, shown: str) -> FileResult:
            if os.path.realpath(p) != real:  # not the plan linted here (cannot happen; then as before)
                return _lint_plan_as_programme_does(p, shown, self.regio, self.strikt, self.kwaliteit)
            # the same lint_plan(p, ..., regio, kwaliteit) a programme runs, under the name it gives
            diagnostics = apply_strikt(plan_res.diagnostics) if self.strikt else list(plan_res.diagnostics)
            return replace(plan_res, file=shown, diagnostics=diagnostics)

        done: list[tuple[Path, Any]] = []
        for path in self.programmes.get(real, []):
            args = (path, self.regio, self.strikt, self.kwaliteit, self.speerpunt_ids)
            try:
                done.append((path, _programme_job(args, lint_plan_file)))
            except Exception:  # noqa: BLE001 - redone by check_region, which reports it
                done.append((path, None))
        return done


def _lint_plan_as_programme_does(p: Path, shown: str, regio, strikt: bool, kwaliteit: bool) -> FileResult:
    plan_res = lint_plan(p, shown, regio=regio, kwaliteit=kwaliteit)
    if strikt:
        plan_res.diagnostics = apply_strikt(plan_res.diagnostics)
    return plan_res


def _lint_chunk(args) -> list[tuple[FileResult, _Samenvatting, list[tuple[Path, Any]]] | None]:
    paths, regio, speerpunt_ids, kwaliteit, with_plan = args
    return list(_lint_each(paths, regio, speerpunt_ids, kwaliteit, with_plan))


def _lint_all(
    plan_paths: list[Path],
    regio,
    jobs: int | None,
    speerpunt_ids: list[str],
    kwaliteit: bool = False,
    meanwhile: Callable[[], None] | None = None,
    with_plan: _WithPlan | None = None,
):
    """(lint result, _Samenvatting or None, programmes) in input order: by `jobs` worker processes (default: the
    number of cores) for a large region, else here. A plan whose linting raised yields None.
    `meanwhile()` runs in this process while the workers lint (the parts of joint plans), else first.

    Both ways give the same: also here a result is slimmed (_slim) and its row's needs summarised
    first, so that a report column that reads plan data the main process no longer has fails in a
    small test too, not only in a region of PARALLEL_FROM plans or more."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(plan_paths) < PARALLEL_FROM:
        if meanwhile is not None:
            meanwhile()
        yield from _lint_each(plan_paths, regio, speerpunt_ids, kwaliteit, with_plan)
        return
    load_schema("plan")  # read once here; the workers inherit it
    chunks = [
        (plan_paths[i : i + CHUNK], regio, speerpunt_ids, kwaliteit, with_plan)
        for i in range(0, len(plan_paths), CHUNK)
    ]
    with worker_pool(min(jobs, len(chunks))) as pool:
        linted = pool.map(_lint_chunk, chunks)  # every chunk is submitted here
        if meanwhile is not None:
            meanwhile()
        for chunk in linted:
            yield from chunk


def check_region(
    regio_path: Path,
    plan_paths: list[Path],
    *,
    strikt: bool = False,
    kwaliteit: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_failure: Callable[[str, Exception], None] | None = None,
    jobs: int | None = None,
) -> RegionReport:
    """Lint the regio file and every plan against it; summarise per gemeente. Prints nothing.

    Every plan is processed, also after one fails; a plan that cannot be read or validated appears
    as `niet_conform` with its file. A large region is checked by `jobs` worker processes (default: the
    number of cores), results in input order. `progress(done, total)` is called after each plan. An internal
    failure on one plan is handed to `on_failure(file, exc)` (the CLI prints one line and exits 3 at
    the end) and that plan is left out; without `on_failure` it is raised."""
    regio_result = lint_regio(regio_path, str(regio_path))
    if regio_result.unreadable:
        raise RegioUnreadable(regio_result)
    regio = regio_result.regio
    speerpunten = _speerpunten(regio.data) if regio is not None else []
    ids = [s.id for s in speerpunten]
    # uitvoeringsprogramma's: each brings its plan as if it were named just before it (checked with the plans)
    in_order: list[tuple[Path, bool]] = []  # the arguments, a programme's plan before it; True: a programme
    by_plan: dict[str, list[Path]] = {}  # the programmes, by the plan they point to
    for pp in plan_paths:
        if not is_programme(pp):
            in_order.append((pp, False))
            continue
        target = programme_plan(Path(pp))
        if target is not None:
            by_plan.setdefault(os.path.realpath(target), []).append(Path(pp))
            in_order.append((target, False))
        in_order.append((pp, True))
    programme_paths = [p for p, prog in in_order if prog]
    plan_paths = [p for p, prog in in_order if not prog]  # a file reached twice: once, at its first place
    # Joint plans (docs/gezamenlijke-plannen.md): a deel A stands for its whole set, a deel B is its gemeente's plan;
    # their parts are read here (each deel A once); plain plans as before.
    joint = JointRun()
    expanded = expand_paths(plan_paths, joint)
    # the file objects in the order of the arguments, programmes at their place (as validate gives them)
    rank: dict[str, int] = {}
    for p, prog in in_order:
        for q, _ in [(p, str(p))] if prog else expand_paths([p], joint):
            rank.setdefault(os.path.realpath(q), len(rank))
    kinds = {os.path.realpath(p): peek_kind(p) for p, _ in expanded}
    plan_paths = [p for p, _ in expanded if kinds[os.path.realpath(p)] is None]
    joint_paths = [(p, d) for p, d in expanded if kinds[os.path.realpath(p)] is not None]
    total = len(plan_paths)
    results: list[FileResult] = []
    samenvattingen: list[_Samenvatting | None] = []
    joint_parts: list = []

    def lint_joint() -> None:
        joint_parts.extend(_joint_parts(joint, joint_paths, regio, kwaliteit, ids, on_failure))

    # each plain plan's programmes are linted with it, once per plan (a plan named twice: the first time)
    first_time = [os.path.realpath(p) for p in plan_paths]
    first_time = [real for i, real in enumerate(first_time) if real not in first_time[:i]]
    with_plan = _WithPlan(
        {real: by_plan[real] for real in first_time if real in by_plan}, regio, strikt, kwaliteit, ids
    )
    programme_items: dict[Path, Any] = {}  # programme path -> _programme_job's item, or None: again below
    linting = _lint_all(plan_paths, regio, jobs, ids, kwaliteit, meanwhile=lint_joint, with_plan=with_plan)
    for i, (p, linted) in enumerate(zip(plan_paths, linting, strict=True), start=1):
        # a plan whose linting raised: its programmes are linted below, each with its plan read again
        res, samenvatting, programmes = linted if linted is not None else (None, None, [])
        for path, item in programmes:
            programme_items[path] = item
        if res is None:  # failed (in a worker): again here, so that on_failure gets the real traceback
            try:
                res = lint_plan(p, str(p), regio=regio, kwaliteit=kwaliteit)
            except Exception as exc:  # noqa: BLE001 - one plan fails on its own, the others go on
                if on_failure is None:
                    raise
                on_failure(str(p), exc)
        if res is not None:
            results.append(res)
            samenvattingen.append(samenvatting)
        if progress is not None:
            progress(i, total)
    if not joint_parts:  # no plain plan: the generator above never ran
        lint_joint()
    deel_a_results, joint_results, summaries = joint_parts
    # the file objects in the order of the arguments (a deel A's set at its place), plain and joint mixed
    place = {os.path.realpath(p): i for i, (p, _) in enumerate(expanded)}
    pairs = list(zip(results, samenvattingen, strict=True)) + [(r, None) for r in joint_results]
    pairs.sort(key=lambda pair: place.get(os.path.realpath(pair[0].file), len(place)))  # stable: the rest in order
    results, samenvattingen = [r for r, _ in pairs], [sv for _, sv in pairs]
    cross_plan(results, regio)  # IVP037: two plans for one gemeente
    linted = _lint_programmes(
        programme_paths,
        regio,
        strikt=strikt,
        kwaliteit=kwaliteit,
        on_failure=on_failure,
        speerpunt_ids=ids,
        jobs=jobs,
        done=programme_items,
    )
    programmes = [res for res, _, _ in linted]
    cross_programmes(programmes, regio, cbs_codes=[cbs for _, _, cbs in linted])  # IVP119
    if strikt:
        for res in (*results, *programmes, *deel_a_results):
            res.diagnostics = apply_strikt(res.diagnostics)
    for res, summary, _ in linted:  # IVP119 (and --strikt) can make a programme not valid after all
        if summary is not None and res.has_errors:
            summary["valid"], summary["maatregelen"] = False, None
    for summary, res in zip(summaries, deel_a_results, strict=True):
        summary.errors, summary.warnings = res.counts()
        summary.diagnostics = list(res.diagnostics)

    listed = _listed_gemeenten(regio.data) if regio is not None else []
    # a gemeente a deel A lists is expected as if the regio file listed it
    listed_codes = {g["cbs_code"] for g in listed}
    joint_of: dict[str, tuple[str, str | None]] = {}
    for summary, res in zip(summaries, deel_a_results, strict=True):
        data = res.schema.data if res.schema is not None and isinstance(res.schema.data, dict) else {}
        for g in data.get("gemeenten") or []:
            if isinstance(g, dict) and isinstance(g.get("cbs_code"), str):
                joint_of.setdefault(g["cbs_code"], (res.file, summary.naam))
                if g["cbs_code"] not in listed_codes and isinstance(g.get("naam"), str):
                    s = data.get("samenwerking")
                    s = s if isinstance(s, dict) else {}
                    basisteam = s.get("basisteam") if isinstance(s.get("basisteam"), str) else None
                    listed.append({"cbs_code": g["cbs_code"], "naam": g["naam"], "basisteam": basisteam})
                    listed_codes.add(g["cbs_code"])

    plan_rows = [_plan_row(res, ids, sv) for res, sv in zip(results, samenvattingen, strict=True)]
    uitvoering = _uitvoering_per_gemeente(linted)
    for row in plan_rows:
        row.uitvoering = uitvoering.get(row.cbs_code) if row.cbs_code is not None else None
    by_code: dict[str, list[GemeenteRow]] = {}
    for row in plan_rows:
        if row.cbs_code is not None:
            by_code.setdefault(row.cbs_code, []).append(row)
    for same in by_code.values():
        if len(same) > 1:  # IVP037 reports the later plans; the table shows every one as a duplicate
            for row in same:
                row.duplicate = True

    rows: list[GemeenteRow] = []
    taken: set[int] = set()
    for g in listed:
        matched = by_code.get(g["cbs_code"], [])
        if not matched:
            deel_a = joint_of.get(g["cbs_code"])
            rows.append(
                GemeenteRow(
                    g["cbs_code"],
                    g["naam"],
                    g.get("basisteam"),
                    None,
                    ONTBREEKT,
                    speerpunten={sid: SP_ONTBREEKT for sid in ids},
                    gezamenlijk=deel_a[0] if deel_a else None,
                    samenwerking=deel_a[1] if deel_a else None,
                )
            )
            continue
        for row in matched:
            row.naam = g["naam"]
            row.basisteam = g.get("basisteam")
            taken.add(id(row))
            rows.append(row)
    for row in plan_rows:
        if id(row) not in taken:
            row.listed = False
            row.basisteam = None
            rows.append(row)

    return RegionReport(
        regio_naam=_regio_naam(regio_result),
        regio_file=regio_result.file,
        regionaal_plan=_regionaal_plan(regio.data) if regio is not None else None,
        speerpunten=speerpunten,
        gemeenten=rows,
        regio_result=regio_result,
        plan_results=results,
        strikt=strikt,
        programme_results=programmes,
        order=rank,
        deel_a_results=deel_a_results,
        gezamenlijk=summaries,
    )


def _joint_parts(joint: JointRun, paths, regio, kwaliteit: bool, ids: list[str], on_failure):
    """Lint the parts of joint plans: every deel B named or in the set of a deel A that was reached
    (Settled 3: the whole set, so a deel B on disk is never `ontbreekt`), and each deel A once, as a
    file object of its own. Returns (deel A results, deel B results, a JointSummary per deel A)."""
    results = lint_paths(
        [(p, d) for p, d in paths if peek_kind(p) == DEEL_B],
        regio,
        kwaliteit=kwaliteit,
        joint=joint,
        on_failure=on_failure,
        cross=False,
    )
    named_a = [(p, d) for p, d in paths if peek_kind(p) == DEEL_A]
    for p, d in named_a:
        joint.deel_a(p, d, regio)
    seen = {os.path.realpath(r.file) for r in results}
    more = [m for a in list(joint.deel_as.values()) for m in joint.set_members(a) if os.path.realpath(m[0]) not in seen]
    results += lint_paths(more, regio, kwaliteit=kwaliteit, joint=joint, on_failure=on_failure, cross=False)
    deel_a_results = [joint.deel_a_object(a.path, a.result.file, regio) for a in joint.deel_as.values()]
    summaries = []
    for res in deel_a_results:
        data = res.schema.data if res.schema is not None and isinstance(res.schema.data, dict) else {}
        naam = (data.get("samenwerking") or {}).get("naam") if isinstance(data.get("samenwerking"), dict) else None
        codes = [g.get("cbs_code") for g in data.get("gemeenten") or [] if isinstance(g, dict)]
        summaries.append(JointSummary(res.file, naam, [c for c in codes if isinstance(c, str)]))
    return deel_a_results, results, summaries


def _programme_job(args, lint_plan_file=None) -> tuple[ProgrammeResult, dict | None, str | None]:
    """Lint one programme with its plan, and summarise what the report needs: (result without the data,
    its `uitvoering` entry or None, the cbs_code of its plan). Run in a worker for a large region.
    `lint_plan_file`: see uitvoering.lint_uitvoering (_WithPlan hands over the plan it just linted)."""
    path, regio, strikt, kwaliteit, speerpunt_ids = args
    res = lint_uitvoering(path, str(path), regio, strikt=strikt, kwaliteit=kwaliteit, lint_plan_file=lint_plan_file)
    plan = (
        res.plan_result.view_data
        if res.plan_result is not None and isinstance(res.plan_result.view_data, dict)
        else None
    )
    programme = res.data if isinstance(res.data, dict) else None
    summary, cbs = None, None
    if plan is not None and programme is not None:
        cbs = (plan.get("gemeente") or {}).get("cbs_code")
        start, eind = uitvoering_periode(programme)
        valid = not res.has_errors
        summary = {
            "file": res.file,
            "periode": {"start": start, "eind": eind},
            "valid": valid,
            "maatregelen": maatregelen_per_speerpunt(programme, plan, speerpunt_ids) if valid else None,
        }
    # what the main process keeps: the diagnostics and the period (IVP119), not the data or the plan;
    # of the source, the lines the diagnostics show and the line of `plan`, where IVP119 goes
    periode = res.view.periode if res.view is not None else None
    res.plan_result = None
    res.view = _Periode(periode)
    keep = {1} | {d.line for d in res.diagnostics if d.line is not None}
    if res.loaded.positions is not None:
        keep.add(res.loaded.positions.locate(("plan",))[1][0])
    res.loaded.data, res.loaded.source.lines = (
        None,
        [line if n in keep else "" for n, line in enumerate(res.loaded.source.lines, 1)],
    )
    if res.schema is not None:
        res.schema.data = None
    return res, summary, cbs


@dataclass
class _Periode:
    """What IVP119 reads of a programme checked in a worker: its period."""

    periode: tuple[int, int] | None


def _lint_programmes(paths, regio, *, strikt: bool, kwaliteit: bool, on_failure, speerpunt_ids, jobs, done=None):
    """The programmes, each linted with its plan; those in `done` (path -> item, linted with their plan
    by _WithPlan) are taken from there, the others (a plan that is a deel B, or no plan) are linted here
    with their plan read again, by worker processes when they are many. A programme never changes its
    gemeente's counts or status. Returns [(result, uitvoering summary or None, cbs_code)] in argument
    order."""
    done = done or {}
    args = [(Path(p), regio, strikt, kwaliteit, speerpunt_ids) for p in paths]
    rest = [a for a in args if a[0] not in done]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(rest) >= PARALLEL_FROM:
        with worker_pool(jobs) as pool:
            linted = list(pool.map(_programme_job_safe, rest, chunksize=CHUNK))
    else:
        linted = [_programme_job_safe(a) for a in rest]
    items = dict(done)
    items.update((a[0], item) for a, item in zip(rest, linted, strict=True))
    out = []
    for a in args:
        item = items[a[0]]
        if isinstance(item, BaseException) or item is None:
            try:  # again here, so that on_failure gets the real traceback
                item = _programme_job(a)
            except Exception as exc:  # noqa: BLE001 - one file fails on its own, the others go on
                if on_failure is None:
                    raise
                on_failure(str(a[0]), exc)
                continue
        out.append(item)
    return out


def _programme_job_safe(args):
    try:
        return _programme_job(args)
    except Exception:  # noqa: BLE001 - redone in the main process, which reports it
        return None


def _uitvoering_per_gemeente(programmes: list[tuple[ProgrammeResult, dict | None, str | None]]) -> dict[str, dict]:
    """Per gemeente (cbs_code of the programme's plan) its programme with the latest start (of equal
    starts, the later argument): the `uitvoering` of its row and of the JSON."""
    out: dict[str, dict] = {}
    for _res, summary, cbs in programmes:
        if summary is None or not isinstance(cbs, str) or not isinstance(summary["periode"]["start"], int):
            continue
        if cbs in out and summary["periode"]["start"] < out[cbs]["periode"]["start"]:
            continue
        out[cbs] = summary
    return out


def _speerpunten(data: dict) -> list[Speerpunt]:
    out = []
    for s in data.get("speerpunten") or []:
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            titel = s.get("titel")
            out.append(Speerpunt(s["id"], titel if isinstance(titel, str) and titel.strip() else s["id"]))
    return out


def _listed_gemeenten(data: dict) -> list[dict]:
    out = []
    for g in data.get("gemeenten") or []:
        if isinstance(g, dict) and isinstance(g.get("cbs_code"), str) and isinstance(g.get("naam"), str):
            basisteam = g.get("basisteam")
            out.append(
                {
                    "cbs_code": g["cbs_code"],
                    "naam": g["naam"],
                    "basisteam": basisteam if isinstance(basisteam, str) and basisteam.strip() else None,
                }
            )
    return out


def _regio_naam(res: RegioResult) -> str:
    data = res.data if isinstance(res.data, dict) else res.loaded.data
    if isinstance(data, dict):
        regio = data.get("regio")
        if isinstance(regio, dict) and isinstance(regio.get("naam"), str) and regio["naam"].strip():
            return regio["naam"].strip()
    return Path(res.file).name


def _regionaal_plan(data: dict) -> dict | None:
    rp = data.get("regionaal_plan")
    if not isinstance(rp, dict):
        return None
    periode = rp["periode"] if isinstance(rp.get("periode"), dict) else {}
    return {
        "titel": rp.get("titel"),
        "start": periode.get("start"),
        "eind": periode.get("eind"),
        "status": rp.get("status") or default_value("regionaal_plan.status", "regio"),
        "vastgesteld_op": rp.get("vastgesteld_op"),
    }


def _plan_data(res: FileResult) -> dict:
    """The plan as its row reads it: a deel B's merged plan (speerpunten and doelen of both parts)."""
    data = res.view_data if res.view_data is not None else res.loaded.data
    return data if isinstance(data, dict) else {}


def _plan_row(res: FileResult, speerpunt_ids: list[str], samenvatting: _Samenvatting | None = None) -> GemeenteRow:
    """The row of one plan; `samenvatting` when a worker already worked out what needs the plan data
    (the errors counted here may be more: IVP037 and --strikt come after the worker)."""
    data = _plan_data(res)
    gemeente = data["gemeente"] if isinstance(data.get("gemeente"), dict) else {}
    code = gemeente.get("cbs_code")
    naam = gemeente.get("naam")
    errors, warnings = res.counts()
    if samenvatting is None:
        samenvatting = _samenvatting(res, speerpunt_ids)
    loaded = res.data if res.data is not None else res.loaded.data
    deel_a = res.deel_a if getattr(res, "kind", "plan") == DEEL_B else None
    samenwerking = None
    if deel_a is not None and deel_a.schema is not None and isinstance(deel_a.schema.data, dict):
        s = deel_a.schema.data.get("samenwerking")
        samenwerking = s.get("naam") if isinstance(s, dict) else None
    return GemeenteRow(
        readable=not res.unreadable and isinstance(loaded, dict),
        gezamenlijk=deel_a.file if deel_a is not None else None,
        samenwerking=samenwerking,
        voortgang=None if errors else samenvatting.voortgang,
        cbs_code=code if isinstance(code, str) and code.strip() else None,
        naam=" ".join(naam.split()) if isinstance(naam, str) and naam.strip() else None,
        basisteam=None,
        file=res.file,
        status=NIET_CONFORM if errors else CONFORM,
        errors=errors,
        warnings=warnings,
        speerpunten=samenvatting.speerpunten,
        diagnostics=list(res.diagnostics),
    )


def report_format(out: Path) -> str:
    """'docx', 'html' or 'pdf' from the file's suffix; ReportFormatError (exit 2) for anything else."""
    suffix = Path(out).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ReportFormatError(
            f"{out}: onbekend soort rapport '{Path(out).suffix or '(geen extensie)'}'; "
            "het rapport moet eindigen op .docx, .html of .pdf"
        )
    return suffix[1:]


def write_report(
    report: RegionReport,
    out: Path,
    *,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Write the report to `out` (.docx through the Markdown templates and the docx writer, .pdf that
    .docx as a tagged PDF through LibreOffice, .html as one self-contained page), atomically. Raises
    ReportFormatError for another suffix, OutputError when it cannot be written, TemplateError /
    HuisstijlError / PdfError from the stages below."""
    kind = report_format(out)
    if kind == "html":
        write_atomic(Path(out), render_report_html(report))
        return

    markdown = report_markdown(report, make_environment(templates))
    rp = report.regionaal_plan or {}
    subject = "Toetsing van de integrale veiligheidsplannen aan het regionale plan"
    if rp.get("titel"):
        subject += f" '{rp['titel']}'"
    meta = DocumentMeta(
        title=report_title(report),
        subject=subject,
        author=report.regio_naam,
        keywords=("integrale veiligheid", "integraal veiligheidsplan", "regionale toetsing", report.regio_naam),
        created=report_date(report),
        language="nl-NL",
    )
    data = write_docx(markdown, meta, huisstijl=huisstijl, warn=warn)
    if kind == "docx":
        write_atomic(Path(out), data)
        return
    try:
        with tempfile.TemporaryDirectory(prefix="ivplan-rapport-") as folder:
            docx = Path(folder) / Path(out).with_suffix(".docx").name
            docx.write_bytes(data)
            docx_to_pdf(docx, Path(out))
    except OSError as exc:  # the temporary folder (not the output) cannot be written: full or read-only
        raise OutputError(
            f"{out}: de tijdelijke map voor het PDF-rapport is niet te schrijven ({exc.strerror or exc})"
        ) from None
