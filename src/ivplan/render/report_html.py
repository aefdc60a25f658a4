"""The regional report as one self-contained HTML page (`ivplan check ... -o rapport.html`).

The page is rendered from `plan_templates/rapport.html.j2` (the wording and the markup live there, the
data comes from `ivplan.documents.regio_rapport.report_context`) by the HTML environment of
render/html_templates.py: autoescape, every value escaped with `html.escape`, so nothing from a plan or
regio file reaches the page unescaped, and the page is byte for byte what it was when it was built by
string concatenation.

The page holds everything itself: styles inline in one <style> element, no scripts, fonts or images,
no external links. It is meant to meet WCAG 2.1 AA: `lang="nl"`, a title, landmarks (header, main,
footer), headings without skipped levels, tables with a <caption> and <th scope> header cells, status
told in words (a symbol beside it is decoration, hidden from screen readers) and colours with a contrast
of at least 4.5:1 (tests/test_report_html_a11y.py computes it and runs axe-core), plus a print stylesheet
for A4. Same report in, same bytes out: no clock, no random ids.
"""

from __future__ import annotations

from ivplan.core.formatting import datum_lang
from ivplan.documents.regio_rapport import RegionReport, report_context
from ivplan.render.html_templates import render_html

TEMPLATE = "rapport.html.j2"


def _regionaal_plan_regel(rp: dict | None) -> str | None:
    """'Titel (2027-2030), vastgesteld op 1 maart 2027' for the summary; None without a regional plan.
    The period only where the title does not say it already (never "... 2027-2030 (2027-2030)")."""
    if not rp or not rp.get("titel"):
        return None
    periode = f"{rp['start']}-{rp['eind']}" if rp.get("start") and rp.get("eind") else ""
    periode = f" ({periode})" if periode and periode not in rp["titel"] else ""
    status = ""
    if rp.get("status") == "ontwerp":
        status = ", ontwerp"
    elif rp.get("vastgesteld_op"):
        try:
            status = f", vastgesteld op {datum_lang(rp['vastgesteld_op'])}"
        except ValueError:
            status = ""
    return f"{rp['titel']}{periode}{status}"


def render_report_html(report: RegionReport) -> str:
    """The regional report as one self-contained, accessible HTML page (a str; write it as UTF-8)."""
    ctx = report_context(report)
    for i, row in enumerate(ctx["gemeenten"], start=1):  # the same dicts as in ctx["groepen"]
        row["anker"] = f"gemeente-{i}"
    ctx["regionaal_plan_regel"] = _regionaal_plan_regel(ctx["regionaal_plan"])
    return render_html(TEMPLATE, ctx)


__all__ = ["render_report_html"]
