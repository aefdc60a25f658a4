"""HTML pages from Jinja2 templates with autoescape (plan_templates/*.html.j2): every value from a plan
or an answers file is escaped by Jinja itself, so no user text reaches a page as markup.

Unlike the Markdown templates (documents/templating.py) these are not user-overridable with
`--templates`: their markup carries the accessibility the tests check (landmarks, captions, scopes).
"""

from __future__ import annotations

from functools import cache

import jinja2

from ivplan.core.resources import templates_dir


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(template_name: str, context: dict) -> str:
    """The page `template_name` rendered with `context` (a str; write it as UTF-8)."""
    return _environment().get_template(template_name).render(context)
