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
  reference is IVP002's); a `toelichting` counts when it holds more than whitespace. A plan that could
  not be read has every speerpunt `ontbreekt`.
- The .html report does not use templates (`--templates` applies to rapport.md.j2, i.e. the .docx).
- A regio file with errors: the plans are still linted, without the regio file (no speerpunten, no
  expected gemeenten); every plan appears as not listed. The exit code is 1 anyway.
- A gemeente without a plan (`ontbreekt`) has 0 errors, 0 warnings and every speerpunt `ontbreekt`.
- Voortgang (how many doelen are op koers): only for a `conform` plan, the verdicts of
  `voortgang.telling()` in the plan's own report year (`voortgang.rapportjaar()`: its latest year with
  a meting). A plan that is missing or not conform (also through `--strikt`) has none (JSON null).
  "Op koers" counts the verdict op koers only, as the JSON does; doel gehaald is its own count.
- Rows: the regio file's gemeenten in its order (a gemeente with two plans gets two rows, IVP037
  reports the second), then the plans whose gemeente the regio file does not list, in the order given.

Heavy packages (Jinja2, python-docx) are imported only inside the functions that write a document.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .diagnostics import ERROR, Diagnostic, file_json_obj
from .lint import FileResult, RegioResult, cross_plan, lint_plan, lint_regio
from .output import OutputError

CONFORM = "conform"
NIET_CONFORM = "niet_conform"
ONTBREEKT = "ontbreekt"

SP_PRIORITEIT = "prioriteit"
SP_TOEGELICHT = "toegelicht"
SP_ONTBREEKT = "ontbreekt"

STATUS_WORDS = {CONFORM: "conform", NIET_CONFORM: "niet conform", ONTBREEKT: "ontbreekt"}
SPEERPUNT_WORDS = {SP_PRIORITEIT: "prioriteit", SP_TOEGELICHT: "toegelicht", SP_ONTBREEKT: "ontbreekt"}

GROUP_ZONDER_BASISTEAM = "Zonder basisteam"
GROUP_NIET_IN_REGIO = "Niet in het regiobestand"

REPORT_SUFFIXES = (".docx", ".html")


class ReportFormatError(OutputError):
    """`-o` names a file that is neither .docx nor .html (a usage error: exit 2)."""


# --------------------------------------------------------------------------------------------------
# the data


@dataclass(frozen=True)
class Speerpunt:
    id: str
    titel: str


@dataclass(frozen=True)
class Voortgang:
    """How a plan's doelen stand in its report year: the count per verdict (ivplan voortgang)."""

    jaar: int
    doel_gehaald: int
    op_koers: int
    achter: int
    geen_meting: int

    @property
    def doelen(self) -> int:
        return self.doel_gehaald + self.op_koers + self.achter + self.geen_meting

    def as_json(self) -> dict:
        return {"jaar": self.jaar, "doel_gehaald": self.doel_gehaald, "op_koers": self.op_koers,
                "achter": self.achter, "geen_meting": self.geen_meting}

    @property
    def kort(self) -> str:
        """"6/12": doelen op koers of all doelen (the table on screen)."""
        return f"{self.op_koers}/{self.doelen}"

    @property
    def cel(self) -> str:
        """"6 van 12": the same in words (the report's matrix)."""
        return f"{self.op_koers} van {self.doelen}"

    @property
    def zin(self) -> str:
        """"Voortgang in 2028 van de 12 meetbare doelen: 1 doel gehaald, 6 op koers, 4 achter en 1 zonder
        meting." """
        delen = []
        for n, een, meer in ((self.doel_gehaald, "doel gehaald", "doelen gehaald"),
                             (self.op_koers, "op koers", "op koers"), (self.achter, "achter", "achter"),
                             (self.geen_meting, "zonder meting", "zonder meting")):
            if n:
                delen.append(f"{n} {een if n == 1 else meer}")
        n = self.doelen
        if not delen:
            return f"Voortgang in {self.jaar}: het plan heeft geen meetbare doelen."
        lijst = delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]
        wie = "het ene meetbare doel" if n == 1 else f"de {n} meetbare doelen"
        return f"Voortgang in {self.jaar} van {wie}: {lijst}."


def voortgang_van(plan: dict) -> Voortgang:
    """The verdicts of a valid plan's doelen in its report year."""
    from .voortgang import ACHTER, DOEL_GEHAALD, GEEN_METING, OP_KOERS, rapportjaar, telling

    jaar = rapportjaar(plan)
    t = telling(plan, jaar)
    return Voortgang(jaar, t[DOEL_GEHAALD], t[OP_KOERS], t[ACHTER], t[GEEN_METING])


@dataclass
class GemeenteRow:
    """One row of the regional matrix: a gemeente of the regio file, or a plan it does not list."""

    cbs_code: str | None
    naam: str | None
    basisteam: str | None
    file: str | None  # None: no plan handed in
    status: str  # CONFORM, NIET_CONFORM or ONTBREEKT
    errors: int = 0
    warnings: int = 0
    speerpunten: dict[str, str] = field(default_factory=dict)  # speerpunt id -> SP_*
    diagnostics: list[Diagnostic] = field(default_factory=list)
    listed: bool = True  # the regio file lists this gemeente
    voortgang: Voortgang | None = None  # None: no plan, or a plan that is not conform

    @property
    def label(self) -> str:
        """The name to show: the gemeente's name, else its CBS code, else the plan's file."""
        return self.naam or self.cbs_code or self.file or "onbekende gemeente"

    @property
    def status_tekst(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass
class Group:
    """Rows shown together: one basisteam, the listed gemeenten without one, or the unlisted plans.
    `titel` is None when the regio file gives no basisteam at all (one table, no grouping)."""

    titel: str | None
    basisteam: str | None
    rows: list[GemeenteRow]


@dataclass
class RegionReport:
    regio_naam: str
    regio_file: str
    regionaal_plan: dict | None  # {titel, start, eind, status, vastgesteld_op} from the regio file
    speerpunten: list[Speerpunt]
    gemeenten: list[GemeenteRow]
    regio_result: RegioResult
    plan_results: list[FileResult]
    strikt: bool = False

    @property
    def regio_ok(self) -> bool:
        """The regio file was valid and the plans were checked against it."""
        return self.regio_result.regio is not None

    @property
    def results(self) -> list[FileResult]:
        """Every file's lint result: the regio file first, then the plans in the order given."""
        return [self.regio_result, *self.plan_results]

    @property
    def has_errors(self) -> bool:
        """Exit 1: the regio file or any plan has an error (`ontbreekt` does not count)."""
        return any(r.has_errors for r in self.results)

    @property
    def grouped(self) -> bool:
        return any(g.basisteam for g in self.gemeenten)

    def counts(self) -> dict[str, int]:
        out = {CONFORM: 0, NIET_CONFORM: 0, ONTBREEKT: 0}
        for row in self.gemeenten:
            out[row.status] += 1
        return out

    def groups(self) -> list[Group]:
        """Rows per basisteam (in the order the regio file first names them), then the listed
        gemeenten without a basisteam, then the plans the regio file does not list. Without any
        basisteam in the regio file: one group with every row."""
        if not self.grouped:
            return [Group(None, None, list(self.gemeenten))] if self.gemeenten else []
        order: list[str] = []
        by_team: dict[str, list[GemeenteRow]] = {}
        zonder: list[GemeenteRow] = []
        niet: list[GemeenteRow] = []
        for row in self.gemeenten:
            if not row.listed:
                niet.append(row)
            elif row.basisteam:
                if row.basisteam not in by_team:
                    order.append(row.basisteam)
                    by_team[row.basisteam] = []
                by_team[row.basisteam].append(row)
            else:
                zonder.append(row)
        groups = [Group(f"Basisteam {team}", team, by_team[team]) for team in order]
        if zonder:
            groups.append(Group(GROUP_ZONDER_BASISTEAM, None, zonder))
        if niet:
            groups.append(Group(GROUP_NIET_IN_REGIO, None, niet))
        return groups


# --------------------------------------------------------------------------------------------------
# the check


PARALLEL_FROM = 24  # plans; fewer are checked in this process (starting workers costs more)
CHUNK = 12  # plans per task sent to a worker (the regio goes along once per task)


_CROSS_PLAN_PATHS = [(), ("gemeente",), ("gemeente", "cbs_code")]  # where IVP037 may point


@dataclass
class _Samenvatting:
    """What a gemeente's row needs of its plan data, worked out by the worker that linted it, so that
    the main process neither receives nor keeps the data (its memory then hardly grows with the
    number of plans) and does not compute the rows one by one after all linting is done."""

    speerpunten: dict[str, str]
    voortgang: Voortgang | None  # None when the plan had errors in the worker


def _samenvatting(res: FileResult, speerpunt_ids: list[str]) -> _Samenvatting:
    errors, _ = res.counts()
    data = _plan_data(res)
    return _Samenvatting(speerpunt_status(data, speerpunt_ids),
                         None if errors or not isinstance(res.data, dict) else voortgang_van(res.data))


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


def _lint_chunk(args) -> list[tuple[FileResult, _Samenvatting] | None]:
    paths, regio, speerpunt_ids = args
    out: list[tuple[FileResult, _Samenvatting] | None] = []
    for p in paths:
        try:
            res = lint_plan(p, str(p), regio=regio)
            samenvatting = _samenvatting(res, speerpunt_ids)
            out.append((_slim(res), samenvatting))
        except Exception:  # noqa: BLE001 - redone in the main process, which reports it
            out.append(None)
    return out


def _lint_all(plan_paths: list[Path], regio, jobs: int | None, speerpunt_ids: list[str]):
    """(lint result, _Samenvatting or None) in input order: by `jobs` worker processes (default: the
    number of cores) for a large region, else here (no summary: the row is made from the data). A
    plan whose linting raised yields None."""
    import os

    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(plan_paths) < PARALLEL_FROM:
        for p in plan_paths:
            try:
                yield lint_plan(p, str(p), regio=regio), None
            except Exception:  # noqa: BLE001
                yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    from .schema import load_schema

    load_schema("plan")  # read once here; the workers inherit it
    chunks = [(plan_paths[i:i + CHUNK], regio, speerpunt_ids) for i in range(0, len(plan_paths), CHUNK)]
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
        for chunk in pool.map(_lint_chunk, chunks):
            yield from chunk


def check_region(regio_path: Path, plan_paths: list[Path], *, strikt: bool = False,
                 progress: Callable[[int, int], None] | None = None,
                 on_failure: Callable[[str, Exception], None] | None = None,
                 jobs: int | None = None) -> RegionReport:
    """Lint the regio file and every plan against it; summarise per gemeente. Prints nothing.

    Every plan is processed, also after one fails; a plan that cannot be read or validated appears
    as `niet_conform` with its file. A large region is checked by `jobs` worker processes (default: the
    number of cores), results in input order. `progress(done, total)` is called after each plan. An internal
    failure on one plan is handed to `on_failure(file, exc)` (the CLI prints one line and exits 3 at
    the end) and that plan is left out; without `on_failure` it is raised."""
    regio_result = lint_regio(regio_path, str(regio_path))
    regio = regio_result.regio
    speerpunten = _speerpunten(regio.data) if regio is not None else []
    ids = [s.id for s in speerpunten]
    total = len(plan_paths)
    results: list[FileResult] = []
    samenvattingen: list[_Samenvatting | None] = []
    for i, (p, linted) in enumerate(zip(plan_paths, _lint_all(plan_paths, regio, jobs, ids)), start=1):
        res, samenvatting = linted if linted is not None else (None, None)
        if res is None:  # failed (in a worker): again here, so that on_failure gets the real traceback
            try:
                res = lint_plan(p, str(p), regio=regio)
            except Exception as exc:  # noqa: BLE001 - one plan fails on its own, the others go on
                if on_failure is None:
                    raise
                on_failure(str(p), exc)
        if res is not None:
            results.append(res)
            samenvattingen.append(samenvatting)
        if progress is not None:
            progress(i, total)
    cross_plan(results, regio)  # IVP037: two plans for one gemeente
    if strikt:
        for res in results:
            res.diagnostics = [d if d.is_error else d.with_severity(ERROR) for d in res.diagnostics]

    listed = _listed_gemeenten(regio.data) if regio is not None else []

    plan_rows = [_plan_row(res, ids, sv) for res, sv in zip(results, samenvattingen)]
    by_code: dict[str, list[GemeenteRow]] = {}
    for row in plan_rows:
        if row.cbs_code is not None:
            by_code.setdefault(row.cbs_code, []).append(row)

    rows: list[GemeenteRow] = []
    taken: set[int] = set()
    for g in listed:
        matched = by_code.get(g["cbs_code"], [])
        if not matched:
            rows.append(GemeenteRow(g["cbs_code"], g["naam"], g.get("basisteam"), None, ONTBREEKT,
                                    speerpunten={sid: SP_ONTBREEKT for sid in ids}))
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
    )


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
            out.append({"cbs_code": g["cbs_code"], "naam": g["naam"],
                        "basisteam": basisteam if isinstance(basisteam, str) and basisteam.strip() else None})
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
    periode = rp.get("periode") if isinstance(rp.get("periode"), dict) else {}
    return {
        "titel": rp.get("titel"),
        "start": periode.get("start"),
        "eind": periode.get("eind"),
        "status": rp.get("status") or "vastgesteld",
        "vastgesteld_op": rp.get("vastgesteld_op"),
    }


def _plan_data(res: FileResult) -> dict:
    data = res.data if res.data is not None else res.loaded.data
    return data if isinstance(data, dict) else {}


def _plan_row(res: FileResult, speerpunt_ids: list[str], samenvatting: _Samenvatting | None = None) -> GemeenteRow:
    """The row of one plan; `samenvatting` when a worker already worked out what needs the plan data
    (the errors counted here may be more: IVP037 and --strikt come after the worker)."""
    data = _plan_data(res)
    gemeente = data.get("gemeente") if isinstance(data.get("gemeente"), dict) else {}
    code = gemeente.get("cbs_code")
    naam = gemeente.get("naam")
    errors, warnings = res.counts()
    if samenvatting is None:
        samenvatting = _samenvatting(res, speerpunt_ids)
    return GemeenteRow(
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


def speerpunt_status(plan: dict, speerpunt_ids: list[str]) -> dict[str, str]:
    """Per regional speerpunt: `prioriteit` when an entry of `regionale_afstemming.speerpunten` links it
    to a local priority that exists, `toegelicht` when entries explain it (a non-empty `toelichting`)
    and none links it, else `ontbreekt` (absent, or listed with neither)."""
    prios: set[str] = set()
    items = plan.get("prioriteiten")
    if isinstance(items, list):
        prios = {p["id"] for p in items if isinstance(p, dict) and isinstance(p.get("id"), str)}
    linked: set[str] = set()
    explained: set[str] = set()
    ra = plan.get("regionale_afstemming")
    entries = ra.get("speerpunten") if isinstance(ra, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("speerpunt"), str):
            continue
        sp = entry["speerpunt"]
        prioriteit = entry.get("prioriteit")
        if isinstance(prioriteit, str) and prioriteit in prios:
            linked.add(sp)
        toelichting = entry.get("toelichting")
        if isinstance(toelichting, str) and toelichting.strip():
            explained.add(sp)
    return {sid: SP_PRIORITEIT if sid in linked else SP_TOEGELICHT if sid in explained else SP_ONTBREEKT
            for sid in speerpunt_ids}


# --------------------------------------------------------------------------------------------------
# JSON


def report_json(report: RegionReport) -> dict:
    """`ivplan check --format json`: the per-file objects (the regio file first) and the `regio` summary."""
    return {
        "files": [file_json_obj(r.file, r.diagnostics) for r in report.results],
        "regio": {
            "naam": report.regio_naam,
            "gemeenten": [
                {
                    "cbs_code": row.cbs_code,
                    "naam": row.naam,
                    "basisteam": row.basisteam,
                    "file": row.file,
                    "status": row.status,
                    "errors": row.errors,
                    "warnings": row.warnings,
                    "speerpunten": dict(row.speerpunten),
                    "voortgang": row.voortgang.as_json() if row.voortgang else None,
                }
                for row in report.gemeenten
            ],
        },
    }


# --------------------------------------------------------------------------------------------------
# the table on screen


def _aantal(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def summary_line(report: RegionReport) -> str:
    """"5 gemeenten: 2 conform, 2 niet conform, 1 ontbreekt (geen plan ingeleverd)"."""
    c = report.counts()
    line = (f"{_aantal(len(report.gemeenten), 'gemeente', 'gemeenten')}: {c[CONFORM]} conform, "
            f"{c[NIET_CONFORM]} niet conform, {c[ONTBREEKT]} ontbreekt (geen plan ingeleverd)")
    if report.strikt:
        line += "; --strikt: waarschuwingen tellen als fouten"
    return line


def format_table(report: RegionReport, *, summary: bool = True) -> str:
    """A plain-text table: one line per gemeente, grouped per basisteam, a legend of the speerpunten,
    then (unless `summary=False`, for a caller that prints `summary_line()` on stderr) the summary line."""
    headers = ["Gemeente", "Status", "Fouten", "Waarschuwingen", "Op koers", *(s.id for s in report.speerpunten)]
    right = {2, 3, 4}
    groups = report.groups()
    indent = "  " if report.grouped else ""

    def cells(row: GemeenteRow) -> list[str]:
        if row.status == ONTBREEKT:
            return [row.label, row.status_tekst, "-", "-", "-", *("-" for _ in report.speerpunten)]
        return [row.label, row.status_tekst, str(row.errors), str(row.warnings),
                row.voortgang.kort if row.voortgang else "-",
                *(SPEERPUNT_WORDS[row.speerpunten[s.id]] for s in report.speerpunten)]

    body = [(g, [cells(r) for r in g.rows]) for g in groups]
    widths = [len(h) for h in headers]
    for _, rows in body:
        for c in rows:
            widths[0] = max(widths[0], len(indent) + len(c[0]))
            for i, text in enumerate(c[1:], start=1):
                widths[i] = max(widths[i], len(text))

    def line(values: list[str], first_indent: str = "") -> str:
        parts = []
        for i, text in enumerate(values):
            text = (first_indent + text) if i == 0 else text
            parts.append(text.rjust(widths[i]) if i in right else text.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    out = [f"Regio: {report.regio_naam}"]
    if report.regionaal_plan and report.regionaal_plan.get("titel"):
        out.append(f"Regionaal plan: {report.regionaal_plan['titel']}")
    if not report.regio_ok:
        out.append("Het regiobestand heeft fouten: de plannen zijn zonder het regiobestand getoetst.")
    out.append("")
    out.append(line(headers))
    out.append("  ".join("-" * w for w in widths))
    for group, rows in body:
        if group.titel:
            out.append(group.titel)
        for c in rows:
            out.append(line(c, indent))
    if report.speerpunten:
        out.append("")
        out.append("Speerpunten: " + "; ".join(f"{s.id} = {s.titel}" for s in report.speerpunten))
    out.append("Op koers: doelen met het oordeel 'op koers' van alle meetbare doelen, in het laatste jaar met "
               "een meting (ivplan voortgang; alleen bij een conform plan).")
    if summary:
        out.append("")
        out.append(summary_line(report))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# the report document


def report_title(report: RegionReport) -> str:
    return f"Toetsing integrale veiligheidsplannen {report.regio_naam}"


def _report_date(report: RegionReport) -> _dt.date:
    """`regionaal_plan.vastgesteld_op`, else 1 January of its start year; never the clock (a regio
    file without either, which the schema does not allow, gives 1 January 2000)."""
    rp = report.regionaal_plan or {}
    iso = rp.get("vastgesteld_op")
    if isinstance(iso, str):
        try:
            return _dt.date.fromisoformat(iso)
        except ValueError:
            pass
    start = rp.get("start")
    return _dt.date(start if isinstance(start, int) and 1 <= start <= 9999 else 2000, 1, 1)


def _diag_context(d: Diagnostic) -> dict:
    return {
        "regel": d.line,
        "kolom": d.column,
        "ernst": d.severity,
        "code": d.code,
        "pad": d.path,
        "melding": d.message,
    }


def report_context(report: RegionReport) -> dict:
    """The data the rapport templates get: plain dicts, lists, strings and numbers."""
    counts = report.counts()
    speerpunten = [{"id": s.id, "titel": s.titel} for s in report.speerpunten]

    def row_ctx(row: GemeenteRow) -> dict:
        return {
            "naam": row.label,
            "cbs_code": row.cbs_code,
            "basisteam": row.basisteam,
            "bestand": row.file,
            "in_regio": row.listed,
            "status": row.status,
            "status_tekst": row.status_tekst,
            "fouten": row.errors,
            "waarschuwingen": row.warnings,
            "speerpunten": [
                {"id": s.id, "titel": s.titel,
                 "waarde": row.speerpunten.get(s.id, SP_ONTBREEKT),
                 "tekst": ("geen plan" if row.status == ONTBREEKT
                           else SPEERPUNT_WORDS[row.speerpunten.get(s.id, SP_ONTBREEKT)])}
                for s in report.speerpunten
            ],
            "bevindingen": [_diag_context(d) for d in row.diagnostics],
            "voortgang": (dict(row.voortgang.as_json(), doelen=row.voortgang.doelen, cel=row.voortgang.cel,
                               zin=row.voortgang.zin) if row.voortgang else None),
        }

    rows = {id(r): row_ctx(r) for r in report.gemeenten}
    return {
        "titel": report_title(report),
        "regio": {"naam": report.regio_naam, "bestand": report.regio_file, "ok": report.regio_ok,
                  "bevindingen": [_diag_context(d) for d in report.regio_result.diagnostics]},
        "regionaal_plan": dict(report.regionaal_plan) if report.regionaal_plan else None,
        "speerpunten": speerpunten,
        "aantallen": {
            "gemeenten": len(report.gemeenten),
            "plannen": len(report.plan_results),
            "conform": counts[CONFORM],
            "niet_conform": counts[NIET_CONFORM],
            "ontbreekt": counts[ONTBREEKT],
        },
        "strikt": report.strikt,
        "gegroepeerd": report.grouped,
        "groepen": [{"titel": g.titel, "basisteam": g.basisteam, "gemeenten": [rows[id(r)] for r in g.rows]}
                    for g in report.groups()],
        "gemeenten": [rows[id(r)] for r in report.gemeenten],
    }


def report_markdown(report: RegionReport, env) -> str:
    """The regional report as Markdown, rendered from `rapport.md.j2` in `env`
    (templating.make_environment)."""
    from .templating import render

    return render(env, "rapport.md.j2", report_context(report))


def report_format(out: Path) -> str:
    """'docx' or 'html' from the file's suffix; ReportFormatError (exit 2) for anything else."""
    suffix = Path(out).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ReportFormatError(
            f"{out}: onbekend soort rapport '{Path(out).suffix or '(geen extensie)'}'; "
            "het rapport moet eindigen op .docx of .html")
    return suffix[1:]


def write_report(report: RegionReport, out: Path, *, templates: Path | None = None,
                 huisstijl: Path | None = None, warn: Callable[[str], None] | None = None) -> None:
    """Write the report to `out` (.docx through the Markdown templates and the docx writer, .html as
    one self-contained page), atomically. Raises ReportFormatError for another suffix, OutputError
    when it cannot be written, TemplateError / HuisstijlError from the stages below."""
    from .output import write_atomic

    kind = report_format(out)
    if kind == "html":
        from .report_html import render_report_html

        write_atomic(Path(out), render_report_html(report))
        return

    from .docxwriter import DocumentMeta, write_docx
    from .templating import make_environment

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
        created=_report_date(report),
        language="nl-NL",
    )
    data = write_docx(markdown, meta, huisstijl=huisstijl, warn=warn)
    write_atomic(Path(out), data)


__all__ = [
    "CONFORM", "NIET_CONFORM", "ONTBREEKT", "SP_PRIORITEIT", "SP_TOEGELICHT", "SP_ONTBREEKT",
    "Speerpunt", "Voortgang", "GemeenteRow", "Group", "RegionReport", "ReportFormatError",
    "check_region", "voortgang_van", "speerpunt_status", "report_json", "format_table", "summary_line", "report_title",
    "report_context", "report_markdown", "report_format", "write_report",
]
