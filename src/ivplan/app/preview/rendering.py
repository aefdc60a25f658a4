"""One rendering of the preview: the file read and checked as `validate` does, rendered as `build`
renders it (same context, same template, same reader), written by the HTML writer. For a plan that is
the plan document (plan.md.j2); for an uitvoeringsprogramma (`ivplan_uitvoering: 1`) the programme
(uitvoering.md.j2), with the diagnostics of the plan it points to in the panel too; for a deel B of a
joint plan the gemeente's plan (gezamenlijk-plan.md.j2: deel A's chapters, then its own deel B), with
deel A's diagnostics in the panel and marked in deel A's chapters.

Where `build` refuses a plan with errors, the preview renders what can be rendered: that is where the
user fixes them. When the template cannot render the plan as it is (a filter that gets nothing where a
required field is missing), the elements that failed the schema and those the errors name are left
out and it is tried again. A YAML error (IVP9xx) leaves no plan to render: the last good rendering
stays, greyed, under the error.

`Renderer.render()` runs in the preview's one render thread; it keeps the last good document and the
charts drawn so far (a chart is drawn again only when what it shows changed). It writes no files: the
charts come from the chart cache when it has them (read only) or are drawn in this process.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ivplan.app.build import logo_image
from ivplan.app.gezamenlijk import GEMEENTE_PLAN_TEMPLATE, gemeente_plan_context
from ivplan.app.preview.locate import mark_places, parse_path
from ivplan.app.preview.page import counts_text, diagnostic_anchor, huisstijl_css, panel_html
from ivplan.app.uitvoering import programme_plan
from ivplan.documents.context import plan_context
from ivplan.documents.grafiek import alt_tekst
from ivplan.documents.templating import TemplateError, make_environment, render
from ivplan.documents.uitvoering import uitvoering_context
from ivplan.render.chart_cache import key as chart_key, stored_png
from ivplan.render.charts import chart_jobs
from ivplan.render.docxwriter import Image
from ivplan.render.htmlwriter import plain_text, serialize_blocks, write_html
from ivplan.validation import gezamenlijk as gz
from ivplan.validation.bestanden import is_programme
from ivplan.validation.lint import FileResult, lint_plan, lint_regio
from ivplan.validation.schema import SchemaResult
from ivplan.validation.uitvoering import lint_uitvoering

PLAN_TEMPLATE = "plan.md.j2"  # the document `build` writes first for a plan
PROGRAMME_TEMPLATE = "uitvoering.md.j2"  # ... and for an uitvoeringsprogramma
IMAGE_PATH = "/afbeelding/"
# What data of a shape the schema rejected makes a template, a context or a chart raise: the preview then
# leaves out what failed and tries again, or goes on without that piece (a number too large for the
# decimal context raises decimal.InvalidOperation, an ArithmeticError).
_SHAPE_ERRORS = (LookupError, TypeError, ValueError, AttributeError, ArithmeticError)


@dataclass(frozen=True)
class PreviewOptions:
    plan: Path  # the file to preview: a plan, an uitvoeringsprogramma or a deel B of a joint plan
    regio: Path | None = None
    templates: Path | None = None
    huisstijl: Path | None = None


@dataclass
class Rendering:
    """What the page shows after one rendering, and what the server needs to serve it."""

    version: int
    title: str
    note: str  # HTML above the document: why it is greyed ('' when it is current)
    blocks: list[str]  # HTML of the document's blocks (the page replaces only the ones that changed)
    panel: str  # HTML of the diagnostics panel
    announcement: str  # for the polite live region
    stale: bool  # the document is the last good one, under a YAML error
    style: str  # CSS from the huisstijl ('' for the default look)
    errors: int = 0
    warnings: int = 0
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # opaque name -> (mime, bytes)
    watch_files: list[Path] = field(default_factory=list)
    watch_folders: list[Path] = field(default_factory=list)

    @property
    def document(self) -> str:
        """HTML of the document area: the note and the document."""
        return self.note + '<div class="ivp-document">' + "".join(self.blocks) + "</div>"

    @functools.cached_property
    def message(self) -> bytes:
        """The update the page receives (JSON, UTF-8), made once for every page that is open."""
        text = json.dumps(
            {
                "versie": self.version,
                "titel": self.title,
                "notitie": self.note,
                "blokken": self.blocks,
                "meldingen": self.panel,
                "verouderd": self.stale,
                "aankondiging": self.announcement,
                "stijl": self.style,
            },
            ensure_ascii=False,
        )
        return text.encode("utf-8")


@dataclass
class _Good:
    """The last document that could be rendered."""

    blocks: list[str]
    images: dict[str, tuple[str, bytes]]
    title: str


@dataclass
class _Source:
    """What one rendering reads: the file the document is made from, and the plan behind it."""

    main: FileResult  # the file the document is made from; its diagnostics are placed in the document
    shown: list[FileResult]  # every file whose diagnostics the panel lists, in order
    template: str
    context: Callable[[Any], dict]  # the main file's data -> the template's context
    plan: Any  # the plan's data (the plan itself, or a programme's plan): its logo and charts
    plan_dir: Path
    charts: bool  # the document shows the plan's charts
    also_watched: list[Path] = field(default_factory=list)  # the plan of a programme, deel A of a deel B
    missing: str | None = None  # why there is nothing to render although the main file could be read
    located_in: dict[str, Any] = field(default_factory=dict)  # another file's data, for its diagnostics' places


def _without(data: Any, paths: list[tuple]) -> Any:
    """A copy of `data` without the elements at `paths` (deepest and last items first)."""
    pruned = copy.deepcopy(data)
    for path in sorted(set(paths), key=lambda p: (len(p), [str(x) for x in p]), reverse=True):
        parent = pruned
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict) and path[-1] in parent:
            del parent[path[-1]]
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            del parent[path[-1]]
    return pruned


def _deel_a_file(res: FileResult | None, path: Path) -> list[Path]:
    """The deel A a deel B (read from `path`) points to, as a list of one; [] for any other file."""
    if res is None or res.kind != gz.DEEL_B:
        return []
    link_text = gz.link_text(res.loaded)
    link = gz.resolve_link(link_text, path, str(path)) if link_text is not None else None
    return [link.path] if link is not None and link.path is not None else []


class Renderer:
    """Renders the preview of one file, again and again (one thread at a time)."""

    def __init__(self, options: PreviewOptions):
        self.options = options
        self.version = 0
        self._good: _Good | None = None
        self._charts: dict[str, bytes] = {}  # chart cache key -> PNG, of the last rendering
        self._env: jinja2.Environment | None = None

    # ---- the pieces ------------------------------------------------------------------------------

    def _environment(self) -> jinja2.Environment:
        """One Jinja environment for the whole preview: it compiles each template once, and again only
        when the file changed. Without Jinja's file cache: the preview writes no files."""
        if self._env is None:
            self._env = make_environment(self.options.templates, bytecode_cache=False)
        return self._env

    def _read(self, regio) -> _Source:
        """Lint the file as `validate` does: a plan, or a programme with the plan it points to."""
        opts = self.options
        if not is_programme(opts.plan):
            res = lint_plan(opts.plan, str(opts.plan), regio=regio)
            if res.kind == gz.DEEL_B:
                return self._deel_b(res)
            return _Source(res, [res], PLAN_TEMPLATE, plan_context, res.data, opts.plan.parent, charts=True)
        res = lint_uitvoering(opts.plan, str(opts.plan), regio=regio)
        plan_res = res.plan_result
        plan: Any = plan_res.data if plan_res is not None else None  # the plan's YAML data, None: not read
        if plan_res is not None and plan_res.merged is not None and isinstance(plan_res.view_data, dict):
            plan = programme_plan(plan_res)  # a deel B: its merged plan, as build reads it
        plan_dir = Path(res.plan_file).parent if res.plan_file else opts.plan.parent
        source = _Source(
            res,
            [res] + ([plan_res] if plan_res is not None else []),
            PROGRAMME_TEMPLATE,
            lambda programme: uitvoering_context(programme, plan),
            plan,
            plan_dir,
            charts=False,
            also_watched=[Path(res.plan_file), *_deel_a_file(plan_res, Path(res.plan_file))] if res.plan_file else [],
        )
        if res.data is not None and not isinstance(plan, dict):
            source.missing = "het plan van dit programma kan niet worden gelezen (zie de meldingen)"
        return source

    def _deel_b(self, res: FileResult) -> _Source:
        """A deel B: the gemeente's plan as `build` writes it, from deel A and this deel B merged. Its
        result already holds deel A's diagnostics (as `validate` prints them for a deel B)."""
        opts = self.options
        merged = res.merged
        deel_a_file = _deel_a_file(res, opts.plan)
        if merged is None:
            source = _Source(res, [res], GEMEENTE_PLAN_TEMPLATE, plan_context, None, opts.plan.parent, charts=False)
            source.also_watched = deel_a_file
            if res.data is not None:
                source.missing = "het gezamenlijke deel A van dit plan kan niet worden gelezen (zie de meldingen)"
            return source
        a = merged.a.schema.data if isinstance(merged.a.schema.data, dict) else {}
        env = self._environment()

        def context(b: Any) -> dict:
            # merged again from this deel B's data: the preview may leave out what fails (_markdown)
            again = gz.merge(
                merged.a, gz.Part(merged.b.file, merged.b.loaded, SchemaResult(b if isinstance(b, dict) else {}))
            )
            return gemeente_plan_context(env, a, b if isinstance(b, dict) else {}, again.result.data)

        return _Source(
            res,
            [res],
            GEMEENTE_PLAN_TEMPLATE,
            context,
            merged.result.data,
            opts.plan.parent,
            charts=True,
            also_watched=deel_a_file,
            located_in={merged.a.file: a},
        )

    def _markdown(self, source: _Source, notes: list[str]) -> tuple[str, Any]:
        """The template's Markdown and the data it was made from; raises TemplateError when even the
        data without its failed elements cannot be rendered."""
        env = self._environment()
        res, data = source.main, source.main.data
        try:
            return render(env, source.template, source.context(data)), data
        except (TemplateError, *_SHAPE_ERRORS) as first:
            failed = set(getattr(res.schema, "failed", ()) or ())
            # the main file's own errors (a deel B's result also holds deel A's, with deel A's paths)
            failed |= {
                parse_path(d.path)
                for d in res.diagnostics
                if d.is_error and d.path and (not d.file or d.file == res.file)
            }
            keep = {("plan",), ("gemeente",), ("programma",)}
            tries = [[p for p in failed if p], sorted({p[:1] for p in failed if p} - keep)]
            for paths in tries:
                pruned = _without(data, paths)
                try:
                    markdown = render(env, source.template, source.context(pruned))
                except (TemplateError, *_SHAPE_ERRORS):
                    continue
                notes.append("wat fouten bevat, staat niet in dit voorbeeld; herstel de fouten om het te zien")
                return markdown, pruned
            if isinstance(first, TemplateError):
                raise
            raise TemplateError(f"het plan kan nog niet worden opgemaakt ({type(first).__name__}: {first})") from first

    def _images(self, source: _Source, notes: list[str]) -> dict[str, Image]:
        images: dict[str, Image] = {}
        try:
            logo = logo_image(source.plan, source.plan_dir)
        except (OSError, *_SHAPE_ERRORS):
            logo = None
        if logo is not None:
            images["logo"] = logo
        charts: dict[str, bytes] = {}
        try:
            jobs = chart_jobs(source.plan) if source.charts else []
        except _SHAPE_ERRORS:
            jobs = []
        for name, doel, options, draw in jobs:
            try:
                k = chart_key(doel, options)
                png = self._charts.get(k) or stored_png(doel, options) or draw()
                images[name] = Image(data=png, alt=alt_tekst(doel, None))
            except Exception as exc:  # noqa: BLE001 - one chart that cannot be drawn leaves a note, not a crash
                notes.append(f"grafiek '{name}' kan niet worden getekend ({type(exc).__name__})")
                continue
            charts[k] = png
        self._charts = charts
        return images

    def _watched(self, source: _Source) -> tuple[list[Path], list[Path]]:
        """The files and folders this rendering depends on: the file, the plan of a programme, the
        plan's logo, and the options' files."""
        opts = self.options
        files = [opts.plan] + [p for p in (opts.regio, opts.huisstijl) if p is not None]
        files += source.also_watched
        gemeente = source.plan.get("gemeente") if isinstance(source.plan, dict) else None
        logo = gemeente.get("logo") if isinstance(gemeente, dict) else None  # any shape, when it failed the schema
        if isinstance(logo, str) and logo.strip():
            files.append(source.plan_dir / logo)
        folders = [opts.templates] if opts.templates is not None else []
        return files, folders

    # ---- one rendering ---------------------------------------------------------------------------

    def render(self) -> Rendering:
        opts = self.options
        notes: list[str] = []
        results: list[FileResult] = []
        regio = None
        if opts.regio is not None:
            regio_res = lint_regio(opts.regio, str(opts.regio))
            regio = regio_res.regio
            results.append(regio_res)
        source = self._read(regio)
        results += source.shown
        diagnostics = [d for r in results for d in r.diagnostics]
        source_lines = {r.file: r.loaded.source.lines for r in results}
        for r in results:  # the other files a result's diagnostics point into (deel A of a deel B)
            source_lines.update({file: lines for file, lines in r.sources.items() if file not in source_lines})
        main_first = sum(len(r.diagnostics) for r in results[: results.index(source.main)])

        blocks: list[str] | None = None
        images: dict[str, tuple[str, bytes]] = {}
        targets: list[str | None] = [None] * len(diagnostics)
        title = opts.plan.name
        if source.missing:
            notes.append(source.missing)
        elif source.main.data is not None:
            try:
                markdown, data = self._markdown(source, notes)
                doc_images = self._images(source, notes)

                def register(name: str, png: bytes, mime: str) -> str:
                    opaque = hashlib.sha256(png).hexdigest()[:32] + (".png" if mime == "image/png" else ".jpg")
                    images[opaque] = (mime, png)
                    return IMAGE_PATH + opaque

                written = write_html(markdown, images=doc_images, warn=notes.append, image_src=register)
                # before the marks: a diagnostic placed at the title adds its class and its code to it
                title = next((plain_text(p) for p in written.root.iter("p") if p.get("class") == "titel"), title)
                own = source.main.diagnostics
                targets[main_first : main_first + len(own)] = mark_places(
                    written.root,
                    data,
                    own,
                    lambda i: diagnostic_anchor(main_first + i),
                    data_by_file=source.located_in,
                )
                blocks = serialize_blocks(written.root)
                self._good = _Good(blocks, images, title)
            except TemplateError as exc:
                notes.append(f"het document kan niet worden opgemaakt: {exc}")
            except Exception as exc:  # noqa: BLE001 - the preview shows the problem and goes on
                notes.append(
                    f"interne fout bij het opmaken ({type(exc).__name__}: {exc}); de laatste goede weergave "
                    "blijft staan; meld het probleem"
                )

        stale = blocks is None
        note = ""
        errors = sum(1 for d in diagnostics if d.is_error)
        warnings = len(diagnostics) - errors
        if blocks is None:
            note, blocks, images, title = self._stale_document()
            announcement = (
                f"Fout in {opts.plan.name}: {counts_text(errors, warnings)}. De laatste goede weergave blijft staan."
            )
        else:
            announcement = f"Voorbeeld bijgewerkt om {time.strftime('%H:%M:%S')}: {counts_text(errors, warnings)}."
        self.version += 1
        files, folders = self._watched(source)
        return Rendering(
            version=self.version,
            title=f"Voorbeeld: {title}",
            note=note,
            blocks=blocks,
            panel=panel_html(diagnostics, targets, source_lines, notes),
            announcement=announcement,
            stale=stale,
            style=huisstijl_css(opts.huisstijl),
            errors=errors,
            warnings=warnings,
            images=images,
            watch_files=files,
            watch_folders=folders,
        )

    def _stale_document(self) -> tuple[str, list[str], dict[str, tuple[str, bytes]], str]:
        """A note and the last good document, or only the note when there was none yet."""
        if self._good is None:
            note = "Er is nog geen weergave: herstel de fout hierboven, dan verschijnt het plan hier."
            return f'<p class="verouderd-melding">{note}</p>', [], {}, self.options.plan.name
        note = (
            "Het plan kan nu niet worden getoond (zie de meldingen hierboven). "
            "Hieronder staat de laatste goede weergave."
        )
        good = self._good
        return f'<p class="verouderd-melding">{note}</p>', good.blocks, good.images, good.title
