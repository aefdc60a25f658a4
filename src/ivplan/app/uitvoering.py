"""`ivplan build UITVOERING.yaml`: the uitvoeringsprogramma and its raadsinformatiebrief as .docx (and
.md, .pdf), from plan_templates/uitvoering.md.j2 and raadsinformatiebrief.md.j2, written atomically
beside the plans' documents. The programme was linted with its plan (validation/uitvoering.py); one
with an error, or whose plan has one, is not built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ivplan.app.build import BuildOptions, BuildOutcome, Failure, logo_image, markdown_bytes
from ivplan.core.errors import UsageError
from ivplan.core.output import ensure_dir, write_atomic
from ivplan.documents.gezamenlijk import als_gemeenteplan
from ivplan.documents.naming import name_collision
from ivplan.documents.templating import make_environment, render
from ivplan.documents.uitvoering import document_datum, uitvoering_context, uitvoering_naam
from ivplan.render.docxwriter import DocumentMeta, write_docx
from ivplan.render.pdf import docx_to_pdf
from ivplan.validation.lint import FileResult
from ivplan.validation.uitvoering import ProgrammeResult


def programme_documents(
    programme: dict[str, Any], plan: dict[str, Any], plan_dir: Path, opts: BuildOptions, warn: Callable[[str], None]
) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the programme and its raadsinformatiebrief (and their Markdown with --markdown)."""
    env = make_environment(opts.templates)
    ctx = uitvoering_context(programme, plan)
    name = uitvoering_naam(programme, plan)
    gemeente = plan["gemeente"]["naam"]
    titel = ctx["programma"]["titel"]
    created = document_datum(programme)
    images = {}
    logo = logo_image(plan, plan_dir)
    if logo is not None:
        images["logo"] = logo
    keywords = ("integrale veiligheid", "uitvoeringsprogramma", gemeente, ctx["programma"]["jaren_tekst"])
    docs = [
        (
            name,
            "uitvoering.md.j2",
            DocumentMeta(
                title=titel,
                subject=f"Uitvoering van het {plan['plan']['titel']} in {ctx['programma']['jaren_tekst']}",
                author=gemeente,  # the gemeente by its name, as regio and samenwerking documents carry theirs
                keywords=keywords,
                created=created,
            ),
        ),
        (
            programme_stems(name)[1],
            "raadsinformatiebrief.md.j2",
            DocumentMeta(
                title=f"Raadsinformatiebrief {titel}",
                subject=f"Raadsinformatiebrief over het {titel}",
                author=gemeente,  # the gemeente by its name, as regio and samenwerking documents carry theirs
                keywords=keywords + ("raadsinformatiebrief",),
                created=created,
            ),
        ),
    ]
    out: list[tuple[str, bytes]] = []
    for stem, template, meta in docs:
        markdown = render(env, template, ctx)
        if opts.markdown:
            out.append((f"{stem}.md", markdown_bytes(markdown)))
        out.append((f"{stem}.docx", write_docx(markdown, meta, images=images, huisstijl=opts.huisstijl, warn=warn)))
    return out


def programme_plan(plan_res: FileResult) -> dict[str, Any]:
    """The plan as a programme's documents (and its voortgang) read it: the plan, or a deel B's merged plan
    with the title "<plan.titel> (gemeente <naam>)"."""
    data: dict[str, Any] = plan_res.view_data
    return als_gemeenteplan(data) if plan_res.merged is not None else data


def _buildable(results: Sequence[FileResult]) -> list[tuple[ProgrammeResult, FileResult]]:
    """The programmes among `results` (not the plans they brought along) without errors whose plan has none."""
    return [
        (r, plan_res)
        for r in results
        if isinstance(r, ProgrammeResult)
        and (plan_res := r.plan_result) is not None
        and not r.has_errors
        and not plan_res.has_errors
        and r.data is not None
    ]


def programme_names(results: Sequence[FileResult]) -> list[tuple[str, str]]:
    """(programme file, the stem of its documents) of every programme among `results` that is built: for
    the check, before anything is written, that no two get the same name."""
    return [(res.file, uitvoering_naam(res.data, programme_plan(plan_res))) for res, plan_res in _buildable(results)]


def check_unique_names(names: Sequence[tuple[str, str]]) -> None:
    """Two programmes whose documents would get the same name (the same plan and years): UsageError, before
    anything is written, as for two plans."""
    collision = name_collision(names)
    if collision:
        raise UsageError(collision)


def programme_stems(name: str) -> list[str]:
    """The stems of a programme's documents (programme_documents): the programme and its raadsinformatiebrief."""
    return [name, f"{name}-raadsinformatiebrief"]


def build_programmes(results: Sequence[FileResult], opts: BuildOptions) -> BuildOutcome:
    """Build every programme among `results` (the plans they brought along are skipped) without errors
    whose plan has none; the caller printed the diagnostics."""
    outcome = BuildOutcome()
    buildable = _buildable(results)
    if buildable:
        ensure_dir(opts.out_dir)
    for res, plan_res in buildable:
        try:
            files = programme_documents(
                res.data, programme_plan(plan_res), Path(plan_res.file).parent, opts, outcome.warnings.append
            )
            for fname, payload in files:
                target = opts.out_dir / fname
                write_atomic(target, payload)
                outcome.written.append(target)
                if opts.pdf and fname.endswith(".docx"):
                    pdf = target.with_suffix(".pdf")
                    docx_to_pdf(target, pdf)
                    outcome.written.append(pdf)
        except Exception as exc:  # noqa: BLE001 - reported per programme, like a plan
            outcome.failures.append(Failure.from_exception(res.file, exc))
    return outcome
