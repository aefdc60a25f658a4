"""The regional report as data: the verdict per gemeente (conform / niet_conform / ontbreekt), the
speerpunten per gemeente and the voortgang counts, and its views: the JSON of `ivplan check --format json`,
the table on screen, and the template context of plan_templates/rapport.md.j2. app/check.py fills it;
render/report_html.py and the .docx writer present it.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field

from ivplan.core.diagnostics import Diagnostic, file_json_obj
from ivplan.core.formatting import aantal, opsomming
from ivplan.documents.templating import render
from ivplan.documents.voortgang import ACHTER, DOEL_GEHAALD, GEEN_METING, OP_KOERS, rapportjaar, telling
from ivplan.validation.lint import FileResult, RegioResult
from ivplan.validation.speerpunten import SP_ONTBREEKT, SP_PRIORITEIT, SP_TOEGELICHT

CONFORM = "conform"
NIET_CONFORM = "niet_conform"
ONTBREEKT = "ontbreekt"


STATUS_WORDS = {CONFORM: "conform", NIET_CONFORM: "niet conform", ONTBREEKT: "ontbreekt"}
SPEERPUNT_WORDS = {SP_PRIORITEIT: "prioriteit", SP_TOEGELICHT: "toegelicht", SP_ONTBREEKT: "ontbreekt"}

GROUP_ZONDER_BASISTEAM = "Zonder basisteam"
GROUP_NIET_IN_REGIO = "Niet in het regiobestand"

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
        return {
            "jaar": self.jaar,
            "doel_gehaald": self.doel_gehaald,
            "op_koers": self.op_koers,
            "achter": self.achter,
            "geen_meting": self.geen_meting,
        }

    @property
    def zonder_meting(self) -> bool:
        """No doel has a meting yet: "0 op koers" would suggest a verdict there is none of."""
        return self.doelen > 0 and self.geen_meting == self.doelen

    @property
    def kort(self) -> str:
        """ "6/12": doelen op koers of all doelen (the table on screen); "geen meting" when no doel has
        one (as the JSON says: geen_meting equals the number of doelen), not "0/4"."""
        return "geen meting" if self.zonder_meting else f"{self.op_koers}/{self.doelen}"

    @property
    def cel(self) -> str:
        """ "6 van 12": the same in words (the report's matrix); "geen meting" as in `kort`."""
        return "geen meting" if self.zonder_meting else f"{self.op_koers} van {self.doelen}"

    @property
    def zin(self) -> str:
        """ "Voortgang in 2028 van de 12 meetbare doelen: 1 doel gehaald, 6 op koers, 4 achter en 1 zonder
        meting." """
        delen = []
        for n, een, meer in (
            (self.doel_gehaald, "doel gehaald", "doelen gehaald"),
            (self.op_koers, "op koers", "op koers"),
            (self.achter, "achter", "achter"),
            (self.geen_meting, "zonder meting", "zonder meting"),
        ):
            if n:
                delen.append(aantal(n, een, meer))
        n = self.doelen
        if not delen:
            return f"Voortgang in {self.jaar}: het plan heeft geen meetbare doelen."
        wie = "het ene meetbare doel" if n == 1 else f"de {n} meetbare doelen"
        return f"Voortgang in {self.jaar} van {wie}: {opsomming(delen)}."


def voortgang_van(plan: dict) -> Voortgang:
    """The verdicts of a valid plan's doelen in its report year."""
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
    # the gemeente's uitvoeringsprogramma (the latest start): {file, periode {start, eind}, valid,
    # maatregelen {speerpunt: live maatregelen} or None when not valid}; None without a programme
    uitvoering: dict | None = None
    readable: bool = True  # False: the plan file could not be read or loaded (no gemeente known)
    duplicate: bool = False  # another plan in this check has the same CBS code (IVP037)
    # a joint plan (docs/gezamenlijke-plannen.md): the deel A the gemeente's plan uses (or, for `ontbreekt`, the deel A
    # that lists it), and that deel A's samenwerking.naam
    gezamenlijk: str | None = None
    samenwerking: str | None = None

    @property
    def label(self) -> str:
        """The name to show: the gemeente's name, else its CBS code, else the plan's file; a plan
        that shares its CBS code with another also names its file, so both rows show which is which."""
        base = self.naam or self.cbs_code or self.file or "onbekende gemeente"
        if self.duplicate and self.file:
            return f"{base} ({self.file}; dubbel)"
        return base

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
class JointSummary:
    """A deel A in the regional check: its file object's counts and the gemeenten it lists."""

    file: str
    naam: str | None
    gemeenten: list[str]  # cbs_codes, in deel A's order
    errors: int = 0
    warnings: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def status(self) -> str:
        return NIET_CONFORM if self.errors else CONFORM


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
    programme_results: list[FileResult] = field(default_factory=list)  # uitvoeringsprogramma's
    order: dict[str, int] = field(default_factory=dict)  # a file's real path -> its place among the arguments
    deel_a_results: list[FileResult] = field(default_factory=list)  # file objects after the regio file's
    gezamenlijk: list[JointSummary] = field(default_factory=list)

    @property
    def regio_ok(self) -> bool:
        """The regio file was valid and the plans were checked against it."""
        return self.regio_result.regio is not None

    @property
    def results(self) -> list[FileResult]:
        """Every file's lint result: the regio file first, then each deel A of a joint plan, then the plans
        and uitvoeringsprogramma's in the order given (a plan a programme brought in just before it; a deel B
        no argument reached after them)."""
        files = [*self.plan_results, *self.programme_results]
        files.sort(key=lambda r: self.order.get(os.path.realpath(r.file), len(self.order)))  # stable
        return [self.regio_result, *self.deel_a_results, *files]

    @property
    def has_errors(self) -> bool:
        """Exit 1: the regio file or any plan has an error (`ontbreekt` does not count)."""
        return any(r.has_errors for r in self.results)

    @property
    def grouped(self) -> bool:
        return any(g.basisteam for g in self.gemeenten)

    def counts(self) -> dict[str, int]:
        """Gemeenten per status; a plan that could not be read names no gemeente and is not counted
        (see `unreadable`)."""
        out = {CONFORM: 0, NIET_CONFORM: 0, ONTBREEKT: 0}
        for row in self.gemeenten:
            if row.readable:
                out[row.status] += 1
        return out

    @property
    def n_gemeenten(self) -> int:
        return sum(1 for row in self.gemeenten if row.readable)

    @property
    def unreadable(self) -> list[GemeenteRow]:
        """Rows of plans that could not be read or loaded: they are shown, but they are no gemeente."""
        return [row for row in self.gemeenten if not row.readable]

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
                    "speerpunten": dict(row.speerpunten) if row.readable else {},
                    "voortgang": row.voortgang.as_json() if row.voortgang else None,
                    "uitvoering": row.uitvoering,
                    "gezamenlijk": row.gezamenlijk,
                }
                for row in report.gemeenten
            ],
            "gezamenlijk": [
                {
                    "file": j.file,
                    "naam": j.naam,
                    "gemeenten": list(j.gemeenten),
                    "errors": j.errors,
                    "warnings": j.warnings,
                }
                for j in report.gezamenlijk
            ],
        },
    }


# --------------------------------------------------------------------------------------------------
# the table on screen


def summary_line(report: RegionReport) -> str:
    """ "5 gemeenten: 2 conform, 2 niet conform, 1 ontbreekt (geen plan ingeleverd)"."""
    c = report.counts()
    line = (
        f"{aantal(report.n_gemeenten, 'gemeente', 'gemeenten')}: {c[CONFORM]} conform, "
        f"{c[NIET_CONFORM]} niet conform, {c[ONTBREEKT]} ontbreekt (geen plan ingeleverd)"
    )
    if report.unreadable:
        line += f"; {aantal(len(report.unreadable), 'plan', 'plannen')} niet te lezen"
    if report.strikt:
        line += "; --strikt: waarschuwingen tellen als fouten"
    return line


def format_table(report: RegionReport, *, summary: bool = True) -> str:
    """A plain-text table: one line per gemeente, grouped per basisteam, a legend of the speerpunten,
    then (unless `summary=False`, for a caller that prints `summary_line()` on stderr) the summary line."""
    # with uitvoeringsprogramma's: a column with the programme's years, and per speerpunt its maatregelen
    met_uitvoering = any(row.uitvoering for row in report.gemeenten)
    extra = ["Uitvoering"] if met_uitvoering else []
    headers = [
        "Gemeente",
        "Status",
        "Fouten",
        "Waarschuwingen",
        "Op koers",
        *extra,
        *(s.id for s in report.speerpunten),
    ]
    joint = bool(report.gezamenlijk)  # the column Gezamenlijk only in a run with joint plans
    if joint:
        headers.insert(2, "Gezamenlijk")
    right = {3, 4, 5} if joint else {2, 3, 4}
    groups = report.groups()
    indent = "  " if report.grouped else ""

    def uitvoering(row: GemeenteRow) -> list[str]:
        if not met_uitvoering:
            return []
        u = row.uitvoering
        if not u:
            return ["-"]
        p = u["periode"]
        jaren = str(p["start"]) if p["start"] == p["eind"] else f"{p['start']}-{p['eind']}"
        return [jaren if u["valid"] else f"{jaren} (fouten)"]

    def speerpunt(row: GemeenteRow, sid: str) -> str:
        word = SPEERPUNT_WORDS[row.speerpunten[sid]]
        counts = (row.uitvoering or {}).get("maatregelen")
        return f"{word} ({counts[sid]})" if counts else word

    def cells(row: GemeenteRow) -> list[str]:
        if row.status == ONTBREEKT:
            out = [row.label, row.status_tekst, "-", "-", "-", *uitvoering(row), *("-" for _ in report.speerpunten)]
        elif not row.readable:  # nothing is known of its speerpunten: not 'ontbreekt'
            status = "niet te lezen"
            out = [
                row.label,
                status,
                str(row.errors),
                str(row.warnings),
                "-",
                *uitvoering(row),
                *("-" for _ in report.speerpunten),
            ]
        else:
            out = [
                row.label,
                row.status_tekst,
                str(row.errors),
                str(row.warnings),
                row.voortgang.kort if row.voortgang else "-",
                *uitvoering(row),
                *(speerpunt(row, s.id) for s in report.speerpunten),
            ]
        if joint:
            out.insert(2, row.samenwerking or "—")
        return out

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
    if met_uitvoering:
        out.append(
            "Uitvoering: de jaren van het uitvoeringsprogramma; tussen haakjes per speerpunt het aantal "
            "maatregelen dat het dient (niet vervallen)."
        )
    out.append(
        "Op koers: doelen met het oordeel 'op koers' van alle meetbare doelen, in het laatste jaar met "
        "een meting (ivplan voortgang; alleen bij een conform plan); 'geen meting': nog geen enkel doel "
        "heeft een meting na de nulmeting."
    )
    if joint:
        out.append("")
        out.append("Gezamenlijke plannen:")
        for j in report.gezamenlijk:
            namen = ", ".join(r.label for r in report.gemeenten if r.gezamenlijk == j.file and r.file is not None)
            out.append(
                f"  {j.naam or j.file} ({j.file}): {STATUS_WORDS[j.status]}, {aantal(j.errors, 'fout', 'fouten')}, "
                f"{aantal(j.warnings, 'waarschuwing', 'waarschuwingen')}; gemeenten: {', '.join(j.gemeenten)}"
                + (f" (deel B van {namen})" if namen else "")
            )
    if summary:
        out.append("")
        out.append(summary_line(report))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# the report document


def report_title(report: RegionReport) -> str:
    return f"Toetsing integrale veiligheidsplannen {report.regio_naam}"


def report_date(report: RegionReport) -> _dt.date:
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


def _diag_context(d: Diagnostic, own_file: str | None = None) -> dict:
    """`bestand`: the file the finding is in when it is not `own_file`, the file it is listed under (a deel A
    finding under a gemeente whose plan is a deel B), so its line is not read as one of the deel B; else None."""
    return {
        "bestand": d.file if d.file and own_file is not None and d.file != own_file else None,
        "regel": d.line,
        "kolom": d.column,
        "ernst": d.severity,
        "code": d.code,
        "pad": d.path,
        "melding": d.message,
    }


def _uitvoering_ctx(u: dict | None) -> dict | None:
    if not u:
        return None
    p = u["periode"]
    return {**u, "jaren": str(p["start"]) if p["start"] == p["eind"] else f"{p['start']}-{p['eind']}"}


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
                {
                    "id": s.id,
                    "titel": s.titel,
                    "waarde": row.speerpunten.get(s.id, SP_ONTBREEKT),
                    "tekst": (
                        "geen plan"
                        if row.status == ONTBREEKT
                        else SPEERPUNT_WORDS[row.speerpunten.get(s.id, SP_ONTBREEKT)]
                    ),
                }
                for s in report.speerpunten
            ],
            "bevindingen": [_diag_context(d, row.file) for d in row.diagnostics],
            "voortgang": (
                dict(row.voortgang.as_json(), doelen=row.voortgang.doelen, cel=row.voortgang.cel, zin=row.voortgang.zin)
                if row.voortgang
                else None
            ),
            "uitvoering": _uitvoering_ctx(row.uitvoering),
            "gezamenlijk": row.samenwerking,
        }

    rows = {id(r): row_ctx(r) for r in report.gemeenten}
    return {
        "titel": report_title(report),
        "regio": {
            "naam": report.regio_naam,
            "bestand": report.regio_file,
            "ok": report.regio_ok,
            "bevindingen": [_diag_context(d) for d in report.regio_result.diagnostics],
        },
        "regionaal_plan": dict(report.regionaal_plan) if report.regionaal_plan else None,
        "speerpunten": speerpunten,
        "aantallen": {
            "gemeenten": report.n_gemeenten,
            "plannen": len(report.plan_results),
            "conform": counts[CONFORM],
            "niet_conform": counts[NIET_CONFORM],
            "ontbreekt": counts[ONTBREEKT],
        },
        "strikt": report.strikt,
        "gegroepeerd": report.grouped,
        "groepen": [
            {"titel": g.titel, "basisteam": g.basisteam, "gemeenten": [rows[id(r)] for r in g.rows]}
            for g in report.groups()
        ],
        "gemeenten": [rows[id(r)] for r in report.gemeenten],
        "gezamenlijke_plannen": [
            {
                "naam": j.naam or j.file,
                "bestand": j.file,
                "status": j.status,
                "status_tekst": STATUS_WORDS[j.status],
                "fouten": j.errors,
                "waarschuwingen": j.warnings,
                "gemeenten": [
                    {"naam": r.label, "status_tekst": r.status_tekst}
                    for r in report.gemeenten
                    if r.gezamenlijk == j.file
                ],
                "bevindingen": [_diag_context(d) for d in j.diagnostics],
            }
            for j in report.gezamenlijk
        ],
    }


def report_markdown(report: RegionReport, env) -> str:
    """The regional report as Markdown, rendered from `rapport.md.j2` in `env`
    (templating.make_environment)."""
    return render(env, "rapport.md.j2", report_context(report))
