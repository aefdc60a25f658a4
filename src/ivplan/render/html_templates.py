"""HTML pages from Jinja2 templates with autoescape (plan_templates/*.html.j2: the regional report and the
toets report): every value from a plan, regio or answers file is escaped, so no user text reaches a page
as markup, and no user text is read as template code.

The escape is `html.escape` (`'` becomes `&#x27;`, `"` `&quot;`), applied to every printed value as the
environment's `finalize`; autoescape then finds markup and leaves it alone. (The regional report was built
with html.escape before it had a template, and kept its bytes.) The filter `opsomming` joins values as
Dutch does ("a, b en c"), each escaped; `aantal` counts ("1 fout", "3 fouten"); `md` shows a user's
Markdown (the toetser's `algemeen` and `opmerking`) as HTML blocks, as the .docx writer shows it.

Unlike the Markdown templates (documents/templating.py) these are not user-overridable with
`--templates`: their markup carries the accessibility the tests check (landmarks, captions, scopes).
"""

from __future__ import annotations

from functools import cache
from html import escape

import jinja2
from markupsafe import Markup

from ivplan.core import formatting
from ivplan.core.resources import templates_dir
from ivplan.documents.markdown_contract import block_markdown
from ivplan.render.htmlwriter import serialize_blocks, write_html


def escape_value(value) -> Markup:
    """A value the template prints, escaped once (markup from a macro or a filter stays as it is)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape(str(value), quote=True))


def opsomming(items) -> Markup:
    """'a', 'a en b', 'a, b en c' (core/formatting.opsomming), each item escaped."""
    return Markup(formatting.opsomming(escape_value(item) for item in items))


def md(value, niveau: int = 1) -> Markup:
    """User Markdown as HTML blocks in a section whose heading has level `niveau` (as the Markdown
    templates' filter `md`: every `[[` is text, headings go below `niveau`). Text is escaped by the
    writer, raw HTML shows as text. Its headings get no id: the page's own ids are the anchors."""
    root = write_html(block_markdown(str(value), int(niveau))).root
    for el in root.iter():
        el.attrib.pop("id", None)
    return Markup("\n".join(serialize_blocks(root)))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        finalize=escape_value,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["opsomming"] = opsomming
    env.filters["aantal"] = formatting.aantal
    env.filters["md"] = md
    return env


def render_html(template_name: str, context: dict) -> str:
    """The page `template_name` rendered with `context` (a str; write it as UTF-8)."""
    return _environment().get_template(template_name).render(context)
