"""`ivplan voortgang`: the voortgangsrapportage as a .docx (docs/uitvoer.md, "De documenten"): the
template context of documents/voortgang.py rendered through plan_templates/voortgang.md.j2, the
charts drawn, the document written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ivplan.app.build import UsageError, logo_image
from ivplan.core.output import write_atomic
from ivplan.documents.gezamenlijk import (
    gemeenten as gezamenlijk_gemeenten,
    samen_datum,
    samen_naam,
    samenwerking,
    set_rapportjaar,
    voortgang_gezamenlijk,
)
from ivplan.documents.naming import document_date, name_collision, output_name, voortgang_naam
from ivplan.documents.templating import make_environment, render
from ivplan.documents.uitvoering import periode, uitvoering_naam, uitvoering_voortgang, voortgang_jaar
from ivplan.documents.voortgang import (
    OORDELEN,
    jaar_bezwaar,
    rapportjaar,
    voortgang_context,
    voortgang_titel,
    voortgangsbrief,
)
from ivplan.render.charts import chart_images
from ivplan.render.docxwriter import DocumentMeta, Image, write_docx
from ivplan.render.pdf import docx_to_pdf
from ivplan.validation.bestanden import lint_paths
from ivplan.validation.gezamenlijk import find_set
from ivplan.validation.lint import FileResult, JointRun
from ivplan.validation.uitvoering import ProgrammeResult


def _plan_data(result_or_plan: FileResult | dict[str, Any]) -> dict[str, Any]:
    data = getattr(result_or_plan, "view_data", getattr(result_or_plan, "data", result_or_plan))
    if getattr(result_or_plan, "has_errors", False):
        raise ValueError("een plan met fouten krijgt geen voortgangsrapportage")
    if not isinstance(data, dict):
        raise ValueError("geen geldig plan")
    return data


def voortgang_markdown(
    plan: dict[str, Any],
    jaar: int,
    templates: Path | None = None,
    programme: dict[str, Any] | None = None,
    deel_a: dict[str, Any] | None = None,
) -> str:
    """The rendered Markdown of the voortgangsrapportage (raises templating.TemplateError); with an
    uitvoeringsprogramma, its chapter "Uitvoering in <jaar>" too. `deel_a`: the plan is a deel B's merged
    plan, and this its deel A (joint doelen apart from the local ones)."""
    uitvoering = uitvoering_voortgang(programme, plan, jaar) if programme is not None else None
    ctx = voortgang_context(plan, jaar, uitvoering)
    if deel_a is not None:
        ctx["gezamenlijk"] = voortgang_gezamenlijk(ctx, deel_a)
    return render(make_environment(templates), "voortgang.md.j2", ctx)


# What the letter shows in place of a missing field (the wording of IVP070's warnings).
_INVULPLEKKEN = {
    "datum": ("monitoring.voortgangsbrieven", "datum", "de datum van de brief"),
    "kenmerk": ("monitoring.voortgangsbrieven", "kenmerk", "het kenmerk van de brief"),
    "secretaris": ("raadsvoorstel.ondertekening", "secretaris", "de naam van de secretaris"),
    "burgemeester": ("raadsvoorstel.ondertekening", "burgemeester", "de naam van de burgemeester"),
}


def placeholder_warnings(plan: dict[str, Any], jaar: int) -> list[str]:
    """One warning per field the raadsinformatiebrief over `jaar` shows a placeholder for, worded like
    IVP070's: the brief's datum and kenmerk (monitoring.voortgangsbrieven) and the names it is signed with."""
    missing = list(voortgangsbrief(plan, jaar)["ontbrekend"])
    ondertekening = (plan.get("raadsvoorstel") or {}).get("ondertekening") or {}
    missing += [naam for naam in ("secretaris", "burgemeester") if not ondertekening.get(naam)]
    messages = []
    for veld in missing:
        sectie, sleutel, wat = _INVULPLEKKEN[veld]
        waar = f" voor {jaar}" if sectie == "monitoring.voortgangsbrieven" else ""
        messages.append(
            f"{sectie}: '{sleutel}'{waar} ontbreekt; de voortgangsrapportage toont daar een invulplek voor {wat}"
        )
    return messages


def voortgang_document(
    plan: dict[str, Any],
    jaar: int,
    *,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    plan_dir: Path | None = None,
    warn: Callable[[str], None] | None = None,
    programme: dict[str, Any] | None = None,
    deel_a: dict[str, Any] | None = None,
) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the voortgangsrapportage; nothing is written. With an
    uitvoeringsprogramma: `<name>-uitvoering-<jaar>-voortgang.docx` with its chapter."""
    markdown = voortgang_markdown(plan, jaar, templates, programme, deel_a)
    if warn is not None:
        for message in placeholder_warnings(plan, jaar):
            warn(message)
    images: dict[str, Image] = chart_images(plan, jaar=jaar)
    if plan_dir is not None:
        logo = logo_image(plan, Path(plan_dir))
        if logo is not None:
            images["logo"] = logo
    gemeente = plan["gemeente"]["naam"]
    periode = plan["plan"]["periode"]
    jaren = f"{periode['start']}-{periode['eind']}"
    titel = plan["plan"]["titel"]
    meta = DocumentMeta(
        title=voortgang_titel(jaar),
        # the period once: "Veilig Dijkdorp 2027-2030", not "Veilig Dijkdorp 2027-2030 (2027-2030)"
        subject=f"Voortgang in {jaar} van het {titel if jaren in titel else f'{titel} ({jaren})'} "
        f"van de gemeente {gemeente}",
        author=gemeente,  # the gemeente by its name, as regio and samenwerking documents carry theirs
        keywords=("integrale veiligheid", "voortgangsrapportage", "raadsinformatiebrief", gemeente, str(jaar)),
        created=document_date(plan),
    )
    data = write_docx(markdown, meta, images=images, huisstijl=huisstijl, warn=warn)
    if programme is not None:
        return f"{uitvoering_naam(programme, plan)}-voortgang.docx", data
    return f"{voortgang_naam(plan, jaar)}.docx", data


def build_voortgang(
    result_or_plan: FileResult | dict[str, Any],
    *,
    jaar: int | None = None,
    out_dir: Path,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
    plan_dir: Path | None = None,
    deel_a: dict[str, Any] | None = None,
    pdf: bool = False,
) -> Path:
    """Render and write `<bestandsnaam>-voortgang-<jaar>.docx` into `out_dir` (atomically), and with
    `pdf` also the tagged PDF beside it (the same name with .pdf; render/pdf.py, as `ivplan build
    --pdf`); returns the path of the .docx. `result_or_plan` is a lint FileResult (its `.data`) or the
    validated plan dict; `jaar` None means `rapportjaar(plan)`; `plan_dir` is where the plan file lies
    (for the logo)."""
    plan = _plan_data(result_or_plan)
    plan_file = getattr(result_or_plan, "file", None)
    if plan_dir is None and plan_file:
        plan_dir = Path(plan_file).parent
    if jaar is None:
        jaar = rapportjaar(plan)
    name, data = voortgang_document(
        plan, jaar, templates=templates, huisstijl=huisstijl, plan_dir=plan_dir, warn=warn, deel_a=deel_a
    )
    path = Path(out_dir) / name
    write_atomic(path, data)
    if pdf:
        docx_to_pdf(path, path.with_suffix(".pdf"))
    return path


def build_programme_voortgang(
    programme: dict[str, Any],
    plan: dict[str, Any],
    *,
    jaar: int | None = None,
    out_dir: Path,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
    plan_dir: Path | None = None,
    pdf: bool = False,
) -> Path:
    """The voortgangsrapportage of a programme's plan with the chapter "Uitvoering in <jaar>", written as
    `<name>-uitvoering-<jaar>-voortgang.docx` (and with `pdf` the PDF beside it). `jaar` None: the
    programme's latest year with a meting; a year outside the programme raises UsageError (exit 2)
    before anything is written."""
    start, eind = periode(programme)
    if jaar is None:
        jaar = voortgang_jaar(programme, plan)
    elif not start <= jaar <= eind:
        jaren = str(start) if start == eind else f"{start}-{eind}"
        raise UsageError(f"--jaar {jaar} valt buiten het uitvoeringsprogramma ({jaren}); er is niets geschreven")
    name, data = voortgang_document(
        plan, jaar, templates=templates, huisstijl=huisstijl, plan_dir=plan_dir, warn=warn, programme=programme
    )
    path = Path(out_dir) / name
    write_atomic(path, data)
    if pdf:
        docx_to_pdf(path, path.with_suffix(".pdf"))
    return path


def programmes_and_plans(
    results: Sequence[FileResult], named: Iterable[Path | str]
) -> tuple[list[ProgrammeResult], list[FileResult]]:
    """What gets a report among the linted files: every uitvoeringsprogramma (its plan's report with the
    chapter "Uitvoering in <jaar>"), and the plans named on the command line; a plan a programme brought
    along and that was not named itself (also a deel B) gets no report of its own. The deel Bs of a named
    deel A's set are not named but stand for it."""
    real = {os.path.realpath(p) for p in named}

    def wanted(r: FileResult) -> bool:
        if os.path.realpath(r.file) in real:
            return True
        if r.kind == "deel_b":  # not named: only as a member of a named deel A's set, not as a programme's plan
            return r.deel_a is not None and os.path.realpath(r.deel_a.file) in real
        return r.kind != "plan"

    programmes = [r for r in results if isinstance(r, ProgrammeResult)]
    plans = [r for r in results if not isinstance(r, ProgrammeResult) and wanted(r)]
    return programmes, plans


def buildable(results: Sequence[FileResult]) -> list[FileResult]:
    """The plans that get a report: free of errors and readable; a deel A stands for its set (its deel Bs
    are among the results); a deel B needs a deel A without errors."""
    return [
        r
        for r in results
        if not r.has_errors
        and not r.unreadable
        and r.kind != "deel_a"
        and (r.kind != "deel_b" or (r.merged is not None and r.deel_a is not None and not r.deel_a.has_errors))
    ]


def refused_years(results: Sequence[FileResult], jaar: int) -> list[tuple[str, str]]:
    """(file, why) for each plan whose report cannot be about `jaar` (a year outside the plan)."""
    refused = [(res.file, jaar_bezwaar(res.view_data, jaar)) for res in results]
    return [(file, why) for file, why in refused if why]


def check_unique_names(results: Sequence[FileResult]) -> None:
    """Two plans with the same `<name>` (gemeente and period, as `ivplan build` checks it): UsageError,
    before anything is written; also when their default report years differ."""
    collision = name_collision((res.file, output_name(res.view_data)) for res in results)
    if collision:
        raise UsageError(collision)


def report_files(
    results: Sequence[FileResult], jaar: int | None, years: dict[str, int], out_dir: Path, *, pdf: bool
) -> list[Path]:
    """The files the plans' reports are written to (the .docx, with `pdf` also the PDF): for the check,
    before anything is written, that none of them is a source file."""
    names = [voortgang_naam(res.view_data, years.get(res.file, jaar)) for res in results]
    return [
        Path(out_dir) / f"{name}{suffix}" for name in names for suffix in (".docx", ".pdf") if pdf or suffix == ".docx"
    ]


def programme_report_names(
    programmes: Sequence[ProgrammeResult], plan_of: Callable[[FileResult], dict[str, Any]]
) -> list[tuple[str, str]]:
    """(programme file, report name without .docx) of every programme whose report is made (it and its plan
    free of errors); `plan_of`: the plan as the report reads it (uitvoering.programme_plan)."""
    return [
        (prog.file, f"{uitvoering_naam(prog.data, plan_of(prog.plan_result))}-voortgang")
        for prog in programmes
        if not prog.has_errors
        and prog.data is not None
        and prog.plan_result is not None
        and not prog.plan_result.has_errors
    ]


def set_years(results: Sequence[FileResult], jaar: int | None) -> dict[str, int]:
    """The report year of each deel B without --jaar: taken over its whole set (docs/gezamenlijke-plannen.md), the
    latest year in which any doel of deel A or of any deel B of the set has a meting."""
    if jaar is not None:
        return {}
    out: dict[str, int] = {}
    joint = JointRun()
    by_set: dict[str, int] = {}
    for res in results:
        if res.merged is None:
            continue
        assert res.deel_a is not None  # a merged deel B has its deel A
        key = os.path.realpath(res.deel_a.file)
        if key not in by_set:
            members = lint_paths(find_set(Path(res.deel_a.file)), joint=joint)
            plans = [m.merged.result.data for m in members if m.merged is not None]
            start = (res.merged.result.data.get("plan") or {}).get("periode", {}).get("start")
            by_set[key] = set_rapportjaar(plans) or int(start)
        out[res.file] = by_set[key]
    return out


def _doelen(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in plan.get("meetbare_doelen") or [] if isinstance(d, dict)]


def samen_voortgang(
    results: Sequence[FileResult],
    jaar: int | None,
    *,
    out_dir: Path,
    templates: Path | None,
    huisstijl: Path | None,
    warn: Callable[[str], None],
    written: Callable[[Path], None],
    refused: Callable[[str, str], None],
    failed: Callable[[Exception, str], None],
    pdf: bool = False,
) -> None:
    """`voortgang --samen`: per deel A reached, the joint report of its whole set; none when deel A or a
    deel B of the set has an error (`refused(file, why)`). With `pdf` also its PDF. `written(path)` for
    each file written, `failed(exc, file)` for each deel A whose report failed (the others go on)."""
    done: set[str] = set()
    joint = JointRun()
    for res in results:
        deel_a = res if res.kind == "deel_a" else res.deel_a if res.kind == "deel_b" else None
        if deel_a is None or os.path.realpath(deel_a.file) in done:
            continue
        done.add(os.path.realpath(deel_a.file))
        members = lint_paths(find_set(Path(deel_a.file)), joint=joint)
        if deel_a.has_errors or deel_a.schema is None or any(m.has_errors or m.merged is None for m in members):
            refused(deel_a.file, "geen gezamenlijke voortgangsrapportage: het deel A of een deel B heeft fouten")
            continue
        plans = [m.merged.result.data for m in members if m.merged is not None]
        a = deel_a.schema.data
        if jaar is not None:  # a year outside the joint plan, as for each gemeente's own report
            why = jaar_bezwaar({"plan": a["plan"], "meetbare_doelen": [d for p in plans for d in _doelen(p)]}, jaar)
            if why:
                failed(UsageError(f"{why}; er is niets geschreven"), deel_a.file)
                continue
        year = jaar or set_rapportjaar(plans) or int(a["plan"]["periode"]["start"])
        try:
            name, data = samen_voortgang_document(a, plans, year, templates=templates, huisstijl=huisstijl, warn=warn)
            path = Path(out_dir) / name
            write_atomic(path, data)
            written(path)
            if pdf:
                docx_to_pdf(path, path.with_suffix(".pdf"))
                written(path.with_suffix(".pdf"))
        except Exception as exc:  # noqa: BLE001 - each deel A fails on its own
            failed(exc, deel_a.file)


def samen_voortgang_document(
    deel_a: dict[str, Any],
    merged_plans: list[dict[str, Any]],
    jaar: int,
    *,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[str, bytes]:
    """(file name, .docx bytes) of `<samen>-voortgang-<jaar>.docx`: the joint doelen, a table per
    gemeente and each gemeente's own doelen (`merged_plans`: the merged plans of the set's deel Bs)."""
    a_doelen = {d.get("id") for d in deel_a.get("meetbare_doelen") or [] if isinstance(d, dict)}
    by_code = {(p.get("gemeente") or {}).get("cbs_code"): p for p in merged_plans}
    gemeenten = []
    gezamenlijke_doelen: list[dict[str, Any]] = []
    images: dict[str, Image] = {}
    for g in gezamenlijk_gemeenten(deel_a):
        plan = by_code.get(g["cbs_code"])
        if plan is None:
            gemeenten.append(
                {"naam": g["naam"], "heeft_deel_b": False, "doelen": [], "telling": dict.fromkeys(OORDELEN, 0)}
            )
            continue
        ctx = voortgang_context(plan, jaar)
        eigen = [d for d in ctx["doelen"] if d["id"] not in a_doelen]
        if not gezamenlijke_doelen:
            gezamenlijke_doelen = [d for d in ctx["doelen"] if d["id"] in a_doelen]
        telling = {soort: sum(1 for d in eigen if d["voortgang"]["oordeel"] == soort) for soort in OORDELEN}
        gemeenten.append({"naam": g["naam"], "heeft_deel_b": True, "doelen": eigen, "telling": telling})
        images.update(chart_images(plan, jaar=jaar))
    s = samenwerking(deel_a)
    plan_a = deel_a.get("plan") or {}
    ctx = {
        "samenwerking": s,
        "plan": {"titel": plan_a.get("titel") or "", "periode": plan_a.get("periode") or {}},
        "jaar": jaar,
        # the year is the year reported on, not part of the plan's name
        "titel": f"Voortgang van het gezamenlijk integraal veiligheidsplan {s['naam']} in {jaar}",
        "gezamenlijke_doelen": gezamenlijke_doelen,
        "gemeenten": gemeenten,
    }
    markdown = render(make_environment(templates), "gezamenlijk-voortgang.md.j2", ctx)
    meta = DocumentMeta(
        title=ctx["titel"],
        subject=f"Voortgang in {jaar} van het {ctx['plan']['titel']}",
        author=s["naam"],
        keywords=("integrale veiligheid", "voortgangsrapportage", s["naam"], str(jaar)),
        created=samen_datum(deel_a, merged_plans),
    )
    data = write_docx(markdown, meta, images=images, huisstijl=huisstijl, warn=warn)
    return f"{samen_naam(deel_a).removesuffix('-gezamenlijk')}-voortgang-{jaar}.docx", data
