"""`ivplan toets`: the kwaliteitstoets of one plan (README.md, "Kwaliteitstoets"). The plan is linted with the
kwaliteitsregels (and the regio's rules with `--regio`, not its `eisen`), an answers file is checked
against the checklist and the plan, and the report is written as .docx (plan_templates/toets.md.j2) or
.html (toets.html.j2); `--sjabloon` also writes an answers form (antwoorden.yaml.j2). Prints nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ivplan.core import paths
from ivplan.core.errors import UsageError
from ivplan.core.formatting import iso_datum
from ivplan.core.output import ensure_dir, write_atomic
from ivplan.documents.naming import document_date, output_name
from ivplan.documents.templating import make_environment, render
from ivplan.documents.toets import (
    COLLEGIAAL,
    TITELS,
    ZELFEVALUATIE,
    Toets,
    judge,
    toets_context,
    toets_json as toets_json,  # for the command: the toets's JSON view (--format json)
)
from ivplan.render.docxwriter import DocumentMeta, write_docx
from ivplan.render.html_templates import render_html
from ivplan.validation.antwoorden import lint_antwoorden
from ivplan.validation.ccv import VRAAG
from ivplan.validation.lint import FileResult, RegioResult, lint_plan, lint_regio
from ivplan.validation.rules import teksten
from ivplan.validation.rules.base import PlanView

REPORT_SUFFIXES = (".docx", ".html")


class ToetsUsageError(UsageError):
    """A usage problem of `ivplan toets` (exit 2): an unknown -o extension, an existing --sjabloon."""


@dataclass
class ToetsOptions:
    out: Path | None = None  # default: build/<name>-toets.docx (or -zelfevaluatie.docx)
    antwoorden: Path | None = None
    zelfevaluatie: bool = False
    regio: Path | None = None
    sjabloon: Path | None = None
    templates: Path | None = None
    huisstijl: Path | None = None

    def check(self) -> None:
        """Usage errors, before anything is read or written."""
        if self.out is not None and Path(self.out).suffix.lower() not in REPORT_SUFFIXES:
            raise ToetsUsageError(
                f"{self.out}: onbekend soort rapport '{Path(self.out).suffix or '(geen extensie)'}'; "
                "het rapport moet eindigen op .docx of .html"
            )
        if self.sjabloon is not None and (paths.exists(self.sjabloon) or paths.is_symlink(self.sjabloon)):
            raise ToetsUsageError(f"{self.sjabloon}: bestaat al; ivplan overschrijft geen bestanden")


@dataclass
class ToetsOutcome:
    results: list[FileResult] = field(default_factory=list)  # regio file, plan, answers: as validate prints them
    toets: Toets | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(r.has_errors for r in self.results)

    @property
    def unreadable(self) -> bool:
        return any(r.unreadable for r in self.results)


def _schema_errors(res: FileResult) -> bool:
    """Loading or schema errors: the file is not usable for a report."""
    return res.schema is None or any(d.is_error and (d.code == "IVP000" or d.code >= "IVP900") for d in res.diagnostics)


def run_toets(plan_path: Path, opts: ToetsOptions) -> ToetsOutcome:
    outcome = ToetsOutcome()
    regio = None
    if opts.regio is not None:
        regio_result: RegioResult = lint_regio(opts.regio, str(opts.regio))
        outcome.results.append(regio_result)
        regio = regio_result.regio
    plan_result = lint_plan(plan_path, str(plan_path), regio=regio, kwaliteit=True, with_eisen=False)
    outcome.results.append(plan_result)
    if any(_schema_errors(res) for res in outcome.results):
        return outcome  # the plan, or the regio whose rules the report would judge by
    assert plan_result.schema is not None  # _schema_errors: a plan without a schema result stops above
    plan = plan_result.view_data  # a deel B: its merged plan
    soort = ZELFEVALUATIE if opts.zelfevaluatie else COLLEGIAAL
    antwoorden: dict[str, Any] = {}
    if opts.antwoorden is not None:
        answers_result = lint_antwoorden(
            opts.antwoorden, plan, zelfevaluatie=opts.zelfevaluatie, display=str(opts.antwoorden)
        )
        outcome.results.append(answers_result)
        if answers_result.has_errors or answers_result.unreadable:
            return outcome
        antwoorden = answers_result.data or {}
    if outcome.unreadable:
        return outcome
    view = PlanView(
        plan_result.merged.result if plan_result.merged is not None else plan_result.schema,
        regio,
        Path(plan_path).parent,
    )
    outcome.toets = judge(
        plan, plan_result.diagnostics, soort=soort, antwoorden=antwoorden, woorden=teksten.word_count(view)
    )
    out = Path(opts.out) if opts.out is not None else Path("build") / f"{output_name(plan)}-{_suffix(soort)}.docx"
    _write_report(outcome.toets, out, opts)
    outcome.written.append(out)
    if opts.sjabloon is not None:
        write_atomic(Path(opts.sjabloon), answers_form(outcome.toets, opts.templates))
        outcome.written.append(Path(opts.sjabloon))
    return outcome


def _suffix(soort: str) -> str:
    return "zelfevaluatie" if soort == ZELFEVALUATIE else "toets"


def _report_date(toets: Toets) -> str:
    """The answers' `datum`, else the plan's document date (core properties, like the plan)."""
    return toets.datum or iso_datum(document_date(dict(toets.plan))) or ""


def _write_report(toets: Toets, out: Path, opts: ToetsOptions) -> None:
    ensure_dir(out.parent)
    context = toets_context(toets, _report_date(toets))
    if out.suffix.lower() == ".html":
        write_atomic(out, render_html("toets.html.j2", context))
        return
    markdown = render(make_environment(opts.templates), "toets.md.j2", context)
    plan = toets.plan
    gemeente = plan["gemeente"]["naam"]
    toetser = toets.toetser or {}
    meta = DocumentMeta(
        title=f"{TITELS[toets.soort]} van het {plan['plan']['titel']}",
        subject="Kwaliteitstoets integraal veiligheidsplan (CCV-checklist)",
        author=toetser.get("gemeente") or gemeente,  # the toetser's gemeente by its name, else the plan's
        keywords=("integrale veiligheid", "kwaliteitstoets", TITELS[toets.soort].lower(), gemeente),
        created=date.fromisoformat(_report_date(toets)),
    )
    write_atomic(out, write_docx(markdown, meta, huisstijl=opts.huisstijl))


def answers_form(toets: Toets, templates: Path | None = None) -> str:
    """The answers form of `--sjabloon`: the plan filled in, every question with an empty oordeel and
    its text as a comment. It validates as it is, with only IVP155 (the open questions)."""
    plan = toets.plan
    vragen = [{"id": u.item.id, "tekst": u.item.tekst, "vraag": u.vraag} for u in toets.items if u.item.wijze == VRAAG]
    versie = (plan.get("plan") or {}).get("versie")
    context = {
        # JSON strings are YAML double-quoted scalars: any text is safe in the form
        "cbs_code": json.dumps(plan["gemeente"]["cbs_code"], ensure_ascii=False),
        "versie": json.dumps(versie, ensure_ascii=False) if versie is not None else None,
        "plan_titel": " ".join(str(plan["plan"]["titel"]).split()),
        "vragen": vragen,
    }
    return make_environment(templates).get_template("antwoorden.yaml.j2").render(context)
