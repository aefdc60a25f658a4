"""`ivplan build` for joint plans (docs/gezamenlijke-plannen.md "Documents" and "Command line").

A deel B gives its gemeente's plan (deel A's chapters, then its own deel B) and raadsvoorstel; `--samen`
adds, per deel A of the run, the joint document for the basisteam driehoek. An error in deel A: nothing of
its set is written; in a deel B: neither that gemeente's documents nor the joint document.
These run in this process (a joint plan's parts are read once per run); plain plans go through the batch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivplan.app.build import (
    BuildOptions,
    BuildOutcome,
    Failure,
    _chart_images,
    _environment,
    logo_image,
    markdown_bytes,
    plan_metas,
    wants_raadsvoorstel,
)
from ivplan.core.errors import UsageError
from ivplan.core.output import ensure_dir, write_atomic
from ivplan.documents import gezamenlijk as gzdoc
from ivplan.documents.naming import document_date, output_name
from ivplan.documents.templating import render
from ivplan.render.docxwriter import DocumentMeta, write_docx
from ivplan.render.pdf import docx_to_pdf
from ivplan.validation import gezamenlijk as gz
from ivplan.validation.bestanden import lint_paths
from ivplan.validation.lint import FileResult, JointRun


@dataclass
class JointOutcome:
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_joint(res) -> bool:
    return getattr(res, "kind", gz.PLAN) in (gz.DEEL_A, gz.DEEL_B)


def buildable(res: FileResult) -> bool:
    """A deel B whose merged plan and deel A are free of errors (deel A's are in its file object)."""
    return (
        res.kind == gz.DEEL_B
        and res.merged is not None
        and not res.has_errors
        and res.deel_a is not None
        and not res.deel_a.has_errors
    )


def _parts(res: FileResult) -> tuple[dict, dict, dict]:
    merged = res.merged
    assert merged is not None  # only a buildable deel B (with its merged plan) is built
    a = merged.a.schema.data if isinstance(merged.a.schema.data, dict) else {}
    b = merged.b.schema.data if isinstance(merged.b.schema.data, dict) else {}
    return a, b, merged.result.data


def gemeente_name(res: FileResult) -> str:
    """`<name>` of a deel B's documents: its gemeente, deel A's period."""
    assert res.merged is not None  # only a buildable deel B is named
    return output_name(res.merged.result.data)


GEMEENTE_PLAN_TEMPLATE = "gezamenlijk-plan.md.j2"  # a gemeente's plan: title block, deel A, its own deel B


def gemeente_plan_context(env, a: dict, b: dict, merged: dict) -> dict:
    """The context of a gemeente's plan and raadsvoorstel (deel A's and deel B's chapters already
    rendered); `build` and `preview` both read it."""
    ctx = gzdoc.gemeente_context(merged, a)
    ctx["hoofdstukken_a"] = render(env, "plan_hoofdstukken.md.j2", gzdoc.deel_a_context(a))
    ctx["hoofdstukken_b"] = render(env, "plan_hoofdstukken.md.j2", gzdoc.deel_b_context(a, b))
    return ctx


def gemeente_documents(res: FileResult, opts: BuildOptions, warn: Callable[[str], None]) -> list[tuple[str, bytes]]:
    """A gemeente's plan and raadsvoorstel, as (file name, bytes)."""
    env = _environment(opts.templates)
    a, b, merged = _parts(res)
    ctx = gemeente_plan_context(env, a, b, merged)
    name = output_name(merged)
    gemeente = ctx["gemeente"]["naam"]
    titel = ctx["plan"]["titel"]
    periode = ctx["plan"]["periode"]
    created = document_date(merged)
    images = dict(_chart_images(merged))
    logo = logo_image(merged, Path(res.file).parent)
    if logo is not None:
        images["logo"] = logo
    keywords = ("integrale veiligheid", "veiligheidsplan", gemeente, ctx["gezamenlijk"]["naam"])
    subject = (
        f"Integraal veiligheidsplan {periode['start']}-{periode['eind']} van de gemeente {gemeente}, "
        f"gezamenlijk plan van {ctx['gezamenlijk']['naam']}"
    )
    wanted = wants_raadsvoorstel(merged, opts.force_raadsvoorstel)
    templates = {"plan": GEMEENTE_PLAN_TEMPLATE, "raadsvoorstel": "raadsvoorstel.md.j2"}
    docs = [
        (kind, templates[kind], meta)
        for kind, meta in plan_metas(titel, gemeente, keywords, created, wanted, subject=subject, periode=periode)
    ]
    out: list[tuple[str, bytes]] = []
    for kind, template, meta in docs:
        markdown = render(env, template, ctx)
        if opts.markdown:
            out.append((f"{name}-{kind}.md", markdown_bytes(markdown)))
        out.append(
            (f"{name}-{kind}.docx", write_docx(markdown, meta, images=images, huisstijl=opts.huisstijl, warn=warn))
        )
    return out


def samen_document(
    deel_a: FileResult, members: list[FileResult], opts: BuildOptions, warn: Callable[[str], None]
) -> list[tuple[str, bytes]]:
    """The joint document of a deel A and the deel Bs of its set (`members`, valid ones)."""
    env = _environment(opts.templates)
    assert deel_a.schema is not None  # a usable deel A was validated
    a = deel_a.schema.data if isinstance(deel_a.schema.data, dict) else {}
    by_code: dict[Any, FileResult] = {}
    images: dict = {}
    for m in members:
        _, b, merged = _parts(m)
        code = (b.get("gemeente") or {}).get("cbs_code")
        by_code.setdefault(code, m)
    ctx = gzdoc.samen_context(a, {code: _parts(m)[1] for code, m in by_code.items()})
    ctx["hoofdstukken_a"] = render(env, "plan_hoofdstukken.md.j2", gzdoc.deel_a_context(a))
    delen_b: list[str | None] = []
    for g in ctx["gemeenten"]:
        member = by_code.get(g["cbs_code"])
        if member is None:
            delen_b.append(None)
            continue
        _, b, merged = _parts(member)
        images.update(_chart_images(merged))
        delen_b.append(render(env, "plan_hoofdstukken.md.j2", gzdoc.deel_b_context(a, b)))
    if not members:
        images.update(_chart_images({**a, "gemeente": {}}))
    ctx["delen_b"] = delen_b
    name = gzdoc.samen_naam(a)
    s = ctx["samenwerking"]
    periode = ctx["plan"]["periode"]
    meta = DocumentMeta(
        title=ctx["plan"]["titel"],
        subject=f"Gezamenlijk integraal veiligheidsplan {periode['start']}-{periode['eind']} van {s['naam']}",
        author=s["naam"],
        keywords=("integrale veiligheid", "veiligheidsplan", s["naam"], "gezamenlijk plan"),
        created=gzdoc.samen_datum(a, [_parts(m)[1] for m in by_code.values()]),
    )
    markdown = render(env, "gezamenlijk-samen.md.j2", ctx)
    out = []
    if opts.markdown:
        out.append((f"{name}.md", markdown_bytes(markdown)))
    out.append((f"{name}.docx", write_docx(markdown, meta, images=images, huisstijl=opts.huisstijl, warn=warn)))
    return out


def write_files(files: list[tuple[str, bytes]], opts: BuildOptions, outcome: JointOutcome) -> None:
    ensure_dir(opts.out_dir)
    for fname, payload in files:
        target = opts.out_dir / fname
        write_atomic(target, payload)
        outcome.written.append(target)
        if opts.pdf and fname.endswith(".docx"):
            pdf = target.with_suffix(".pdf")
            docx_to_pdf(target, pdf)
            outcome.written.append(pdf)


# --------------------------------------------------------------------------------------------------
# The steps `ivplan build` takes for joint plans


def lint_parts(
    joint: JointRun,
    paths: list[tuple[Path, str]],
    *,
    samen: bool,
    strikt: bool,
    kwaliteit: bool,
    on_failure: Callable[[str, Exception], None],
) -> tuple[list[FileResult], list[FileResult]]:
    """Lint the parts of joint plans a command names (a deel A stands for its set): (those, and with --samen
    every other deel B of each deel A reached). The joint document takes the whole set (Settled 3); the
    other deel Bs are read for it only: a deel B gives its own gemeente's documents, `--samen` adds the
    joint plan (docs/gezamenlijke-plannen.md, "Commando's en documenten")."""
    results = lint_paths(paths, strikt=strikt, kwaliteit=kwaliteit, joint=joint, on_failure=on_failure)
    more: list[FileResult] = []
    if samen:
        seen = {os.path.realpath(p) for p, _ in paths}
        rest = [
            m for a in list(joint.deel_as.values()) for m in joint.set_members(a) if os.path.realpath(m[0]) not in seen
        ]
        more = lint_paths(rest, strikt=strikt, kwaliteit=kwaliteit, joint=joint, on_failure=on_failure)
    return results, more


def jobs(
    joint: JointRun, results: list[FileResult], samen: bool, taken: dict[str, str], rest: Sequence[FileResult] = ()
) -> list[tuple[str, Any]]:
    """What to build of the joint plans: (kind, result(s)) per gemeente of `results` (the parts named) and,
    with --samen, per deel A, whose set may hold deel Bs that were not named (`rest`, no documents of their
    own). Output names are checked against each other and the plain plans' (`taken`: name -> file) before
    anything is written."""
    out: list[tuple[str, Any]] = []
    names = dict(taken)
    for res in results:
        if buildable(res):
            name = gemeente_name(res)
            if name in names:
                raise UsageError(
                    f"{names[name]} en {res.file} krijgen dezelfde uitvoernaam '{name}'; er is niets geschreven"
                )
            names[name] = res.file
            out.append(("gemeente", res))
    if samen:
        by_real = {os.path.realpath(r.file): r for r in (*results, *rest)}
        for a in joint.deel_as.values():
            members = [by_real.get(os.path.realpath(m)) for m in a.set_files]
            if not a.usable or a.result.has_errors or any(m is None or not buildable(m) for m in members):
                continue  # an error in deel A or a deel B of the set: no joint document
            out.append(("samen", (a.result, members)))
            assert a.result.schema is not None  # a usable deel A was validated
            name = gzdoc.samen_naam(a.result.schema.data)
            if name in names:
                raise UsageError(
                    f"{names[name]} en {a.result.file} krijgen dezelfde uitvoernaam '{name}'; er is niets geschreven"
                )
            names[name] = a.result.file
    return out


def job_stems(jobs: list[tuple[str, Any]]) -> list[str]:
    """The stems of the documents of `jobs` (see jobs()): a gemeente's plan and raadsvoorstel, deel A's joint
    document; for the check that none of them is a source file, before anything is written."""
    stems: list[str] = []
    for kind, job in jobs:
        if kind == "gemeente":
            stems += [f"{gemeente_name(job)}-{k}" for k in ("plan", "raadsvoorstel")]
        else:
            deel_a = job[0]
            assert deel_a.schema is not None  # a usable deel A was validated
            stems.append(gzdoc.samen_naam(deel_a.schema.data))
    return stems


def build_jobs(jobs: list[tuple[str, Any]], opts: BuildOptions, outcome: BuildOutcome) -> None:
    """Write the documents of `jobs` (see jobs()); each gemeente's or deel A's failure lands in `outcome`
    and the others go on."""
    warnings: list[str] = []
    for kind, job in jobs:
        where = job.file if kind == "gemeente" else job[0].file
        try:
            if kind == "gemeente":
                files = gemeente_documents(job, opts, warnings.append)
            else:
                deel_a, members = job
                files = samen_document(deel_a, members, opts, warnings.append)
            written = JointOutcome()
            write_files(files, opts, written)
            outcome.written += written.written
        except Exception as exc:  # noqa: BLE001 - each gemeente fails on its own, the others go on
            outcome.failures.append(Failure.from_exception(where, exc))
    for w in warnings:
        if w not in outcome.warnings:
            outcome.warnings.append(w)
