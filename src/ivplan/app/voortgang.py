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
from ivplan.documents.naming import document_date, name_collision, voortgang_naam
from ivplan.documents.templating import make_environment, render
from ivplan.documents.uitvoering import periode, uitvoering_naam, uitvoering_voortgang, voortgang_jaar
from ivplan.documents.voortgang import jaar_bezwaar, rapportjaar, voortgang_context
from ivplan.render.charts import chart_images
from ivplan.render.docxwriter import DocumentMeta, Image, write_docx
from ivplan.validation.lint import FileResult
from ivplan.validation.uitvoering import ProgrammeResult


def _plan_data(result_or_plan: FileResult | dict[str, Any]) -> dict[str, Any]:
    data = getattr(result_or_plan, "data", result_or_plan)
    if getattr(result_or_plan, "has_errors", False):
        raise ValueError("een plan met fouten krijgt geen voortgangsrapportage")
    if not isinstance(data, dict):
        raise ValueError("geen geldig plan")
    return data


def voortgang_markdown(
    plan: dict[str, Any], jaar: int, templates: Path | None = None, programme: dict[str, Any] | None = None
) -> str:
    """The rendered Markdown of the voortgangsrapportage (raises templating.TemplateError); with an
    uitvoeringsprogramma, its chapter "Uitvoering in <jaar>" too."""
    uitvoering = uitvoering_voortgang(programme, plan, jaar) if programme is not None else None
    return render(make_environment(templates), "voortgang.md.j2", voortgang_context(plan, jaar, uitvoering))


def voortgang_document(
    plan: dict[str, Any],
    jaar: int,
    *,
    templates: Path | None = None,
    huisstijl: Path | None = None,
    plan_dir: Path | None = None,
    warn: Callable[[str], None] | None = None,
    programme: dict[str, Any] | None = None,
) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the voortgangsrapportage; nothing is written. With an
    uitvoeringsprogramma: `<name>-uitvoering-<jaar>-voortgang.docx` with its chapter."""
    markdown = voortgang_markdown(plan, jaar, templates, programme)
    images: dict[str, Image] = chart_images(plan, jaar=jaar)
    if plan_dir is not None:
        logo = logo_image(plan, Path(plan_dir))
        if logo is not None:
            images["logo"] = logo
    gemeente = plan["gemeente"]["naam"]
    periode = plan["plan"]["periode"]
    meta = DocumentMeta(
        title=f"Raadsinformatiebrief voortgang integraal veiligheidsplan {jaar}",
        subject=f"Voortgang in {jaar} van het {plan['plan']['titel']} ({periode['start']}-{periode['eind']}) "
        f"van de gemeente {gemeente}",
        author=f"Gemeente {gemeente}",
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
) -> Path:
    """Render and write `<bestandsnaam>-voortgang-<jaar>.docx` into `out_dir` (atomically); returns its
    path. `result_or_plan` is a lint FileResult (its `.data`) or the validated plan dict; `jaar` None
    means `rapportjaar(plan)`; `plan_dir` is where the plan file lies (for the logo)."""
    plan = _plan_data(result_or_plan)
    plan_file = getattr(result_or_plan, "file", None)
    if plan_dir is None and plan_file:
        plan_dir = Path(plan_file).parent
    if jaar is None:
        jaar = rapportjaar(plan)
    name, data = voortgang_document(plan, jaar, templates=templates, huisstijl=huisstijl, plan_dir=plan_dir, warn=warn)
    path = Path(out_dir) / name
    write_atomic(path, data)
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
) -> Path:
    """The voortgangsrapportage of a programme's plan with the chapter "Uitvoering in <jaar>", written as
    `<name>-uitvoering-<jaar>-voortgang.docx`. `jaar` None: the programme's latest year with a meting;
    a year outside the programme raises UsageError (exit 2) before anything is written."""
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
    return path


def programmes_and_plans(
    results: Sequence[FileResult], named: Iterable[Path | str]
) -> tuple[list[ProgrammeResult], list[FileResult]]:
    """What gets a report among the linted files: every uitvoeringsprogramma (its plan's report with the
    chapter "Uitvoering in <jaar>"), and the plans named on the command line; a plan a programme brought
    along and that was not named itself gets no report of its own."""
    real = {os.path.realpath(p) for p in named}
    programmes = [r for r in results if isinstance(r, ProgrammeResult)]
    plans = [r for r in results if not isinstance(r, ProgrammeResult) and os.path.realpath(r.file) in real]
    return programmes, plans


def refused_years(results: Sequence[FileResult], jaar: int) -> list[tuple[str, str]]:
    """(file, why) for each plan whose report cannot be about `jaar` (a year outside the plan)."""
    refused = [(res.file, jaar_bezwaar(res.data, jaar)) for res in results]
    return [(file, why) for file, why in refused if why]


def check_unique_names(results: Sequence[FileResult], jaar: int | None) -> None:
    """Two plans whose reports would get the same file name: UsageError, before anything is written."""
    collision = name_collision((res.file, voortgang_naam(res.data, jaar)) for res in results)
    if collision:
        raise UsageError(collision)
