"""The regional report as one self-contained HTML page (`ivplan check ... -o rapport.html`).

The page holds everything itself: styles inline in one <style> element, no scripts, fonts or images,
no external links. It is meant to meet WCAG 2.1 AA (documenten.md §4): `lang="nl"`, a title, landmarks
(header, main, footer), headings without skipped levels, tables with a <caption> and <th scope> header
cells, status told in words (a symbol beside it is decoration, hidden from screen readers) and colours
with a contrast of at least 4.5:1, plus a print stylesheet for A4. Same report in, same bytes out: no
clock, no random ids.

Every text from the files (names, paths, messages) is escaped with `html.escape`; nothing from a plan
or regio file reaches the page unescaped.
"""

from __future__ import annotations

from html import escape

from ivplan.core.diagnostics import Diagnostic
from ivplan.core.formatting import datum_lang
from ivplan.documents.regio_rapport import (
    CONFORM,
    NIET_CONFORM,
    ONTBREEKT,
    SP_ONTBREEKT,
    SPEERPUNT_WORDS,
    GemeenteRow,
    RegionReport,
    report_context,
    report_title,
)

# Colours: every pair of text and background has a contrast ratio of at least 4.5:1
# (tests/test_report_html_a11y.py computes it and runs axe-core).
_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0; padding: 0 1.5rem 2rem; color: #1a1a1a; background: #ffffff;
  font-family: "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  line-height: 1.5;
}
header, main, footer { max-width: 80rem; margin: 0 auto; }
header { border-bottom: 3px solid #1f4e79; padding: 1.5rem 0 1rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; color: #1f4e79; }
h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; color: #1f4e79; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.ondertitel { margin: 0; font-size: 1.1rem; }
dl.samenvatting { display: grid; grid-template-columns: max-content auto; gap: .25rem 1.5rem; margin: 0 0 1rem; }
dl.samenvatting dt { font-weight: 600; }
dl.samenvatting dd { margin: 0; }
.tabel { overflow-x: auto; margin: 0 0 1.5rem; }
.tabel:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
table { border-collapse: collapse; min-width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0 .5rem; }
th, td { border: 1px solid #767676; padding: .35rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; color: #1a1a1a; }
tbody th { font-weight: 600; background: #ffffff; }
td.getal { text-align: right; font-variant-numeric: tabular-nums; }
.status, .sp { white-space: nowrap; }
.symbool { display: inline-block; width: 1.1em; font-weight: 700; }
.conform { background: #e6f4ea; color: #14532d; }
.niet_conform { background: #fdecea; color: #8a1414; }
.ontbreekt { background: #fff4d6; color: #5c3d00; }
.sp-prioriteit { background: #e6f4ea; color: #14532d; }
.sp-toegelicht { background: #eef2f7; color: #1f3a5a; }
.sp-ontbreekt { background: #fdecea; color: #8a1414; }
.geen-plan { color: #4d4d4d; font-style: italic; }
.legenda { margin: 0 0 1rem; }
ul.bevindingen { padding-left: 1.25rem; }
ul.bevindingen li { margin: .25rem 0; }
code { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: .95em; }
.ernst { font-weight: 700; }
.meta { color: #4d4d4d; }
a { color: #1f4e79; }
a:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
footer { border-top: 1px solid #767676; margin-top: 2rem; padding-top: .75rem; color: #4d4d4d; font-size: .9rem; }
@page { size: A4; margin: 18mm 15mm; }
@media print {
  body { padding: 0; font-size: 10pt; }
  header, main, footer { max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .tabel { overflow: visible; }
  table { min-width: 0; width: 100%; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  th, td { padding: .15rem .35rem; border-color: #000000; }
  .conform, .niet_conform, .ontbreekt, .sp-prioriteit, .sp-toegelicht, .sp-ontbreekt {
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }
  a { color: inherit; text-decoration: none; }
  section.gemeente { break-inside: avoid-page; }
}
"""

_STATUS_SYMBOL = {CONFORM: "✓", NIET_CONFORM: "✗", ONTBREEKT: "–"}
_SP_SYMBOL = {"prioriteit": "✓", "toegelicht": "i", "ontbreekt": "✗"}


def _e(text) -> str:
    return escape(str(text), quote=True)


def _status_cell(row: GemeenteRow) -> str:
    return (
        f'<td class="status {row.status}"><span class="symbool" aria-hidden="true">'
        f"{_STATUS_SYMBOL[row.status]}</span>{_e(row.status_tekst)}</td>"
    )


def _sp_cell(value: str) -> str:
    return (
        f'<td class="sp sp-{value}"><span class="symbool" aria-hidden="true">{_SP_SYMBOL[value]}</span>'
        f"{_e(SPEERPUNT_WORDS[value])}</td>"
    )


def _diagnostic_item(d: Diagnostic) -> str:
    where = f"regel {d.line}: " if d.line is not None else ""
    path = f" <code>{_e(d.path)}</code>" if d.path else ""
    return (
        f'<li>{where}<span class="ernst">{_e(d.severity)}</span> <code>{_e(d.code)}</code>{path}: {_e(d.message)}</li>'
    )


def _matrix(
    report: RegionReport, rows: list[GemeenteRow], caption: str, table_id: str, anchors: dict[int, str]
) -> list[str]:
    out = [
        f'<div class="tabel" role="region" aria-labelledby="{table_id}-titel" tabindex="0">',
        f'<table id="{table_id}">',
        f'<caption id="{table_id}-titel">{_e(caption)}</caption>',
        "<thead><tr>",
        '<th scope="col">Gemeente</th><th scope="col">Status</th>'
        '<th scope="col">Fouten</th><th scope="col">Waarschuwingen</th>',
    ]
    out += [f'<th scope="col">{_e(s.titel)}</th>' for s in report.speerpunten]
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        naam = f'<a href="#{anchors[id(row)]}">{_e(row.label)}</a>'
        if not row.listed and not report.grouped:
            naam += " (niet in het regiobestand)"
        cells = [f'<th scope="row">{naam}</th>', _status_cell(row)]
        if row.status == ONTBREEKT:
            cells += ['<td class="geen-plan">geen plan</td>'] * (2 + len(report.speerpunten))
        else:
            cells += [f'<td class="getal">{row.errors}</td>', f'<td class="getal">{row.warnings}</td>']
            cells += [_sp_cell(row.speerpunten.get(s.id, SP_ONTBREEKT)) for s in report.speerpunten]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return out


def _voortgang_section(report: RegionReport, anchors: dict[int, str]) -> list[str]:
    """Per conform plan: how its doelen stand in its latest year with a meting (check.Voortgang)."""
    met = [r for r in report.gemeenten if r.voortgang is not None]
    zonder = [r for r in report.gemeenten if r.voortgang is None]
    out = [
        '<section aria-labelledby="voortgang">',
        '<h2 id="voortgang">Voortgang van de meetbare doelen</h2>',
        "<p>Per conform plan staat hieronder hoe de meetbare doelen ervoor staan in het laatste jaar waarin "
        "het plan een meting heeft, met het oordeel van <code>ivplan voortgang</code>: doel gehaald, op "
        "koers, achter, of geen meting (nog geen meting van na de nulmeting).</p>",
    ]
    if met:
        out += [
            '<div class="tabel" role="region" aria-labelledby="tabel-voortgang-titel" tabindex="0">',
            '<table id="tabel-voortgang">',
            '<caption id="tabel-voortgang-titel">Voortgang van de meetbare doelen per gemeente</caption>',
            "<thead><tr>"
            + "".join(
                f'<th scope="col">{h}</th>'
                for h in ("Gemeente", "Jaar", "Doelen", "Doel gehaald", "Op koers", "Achter", "Geen meting")
            )
            + "</tr></thead>",
            "<tbody>",
        ]
        for row in met:
            v = row.voortgang
            assert v is not None  # `met`: the rows with a voortgang
            cells = [f'<th scope="row"><a href="#{anchors[id(row)]}">{_e(row.label)}</a></th>']
            cells += [
                f'<td class="getal">{n}</td>'
                for n in (v.jaar, v.doelen, v.doel_gehaald, v.op_koers, v.achter, v.geen_meting)
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table></div>")
        if zonder:
            namen = [_e(r.label) for r in zonder]
            lijst = namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
            out.append(f"<p>Niet bepaald (geen plan of niet conform): {lijst}.</p>")
    else:
        out.append("<p>Geen enkel plan is conform, dus de voortgang is bij geen gemeente bepaald.</p>")
    out.append("</section>")
    return out


def _aantal(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def render_report_html(report: RegionReport) -> str:
    """The regional report as one self-contained, accessible HTML page (a str; write it as UTF-8)."""
    ctx = report_context(report)
    title = report_title(report)
    counts = ctx["aantallen"]
    rp = ctx["regionaal_plan"]
    anchors = {id(row): f"gemeente-{i}" for i, row in enumerate(report.gemeenten, start=1)}

    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
    ]
    if rp and rp.get("titel"):
        out.append(f'<p class="ondertitel">{_e(rp["titel"])}</p>')
    out.append("</header>")
    out.append("<main>")

    # summary
    out.append('<section aria-labelledby="samenvatting">')
    out.append('<h2 id="samenvatting">Samenvatting</h2>')
    out.append('<dl class="samenvatting">')
    out.append(f"<dt>Regio</dt><dd>{_e(report.regio_naam)}</dd>")
    if rp and rp.get("titel"):
        periode = f" ({rp['start']}-{rp['eind']})" if rp.get("start") and rp.get("eind") else ""
        status = ""
        if rp.get("status") == "ontwerp":
            status = ", ontwerp"
        elif rp.get("vastgesteld_op"):
            try:
                status = f", vastgesteld op {datum_lang(rp['vastgesteld_op'])}"
            except ValueError:
                status = ""
        out.append(f"<dt>Regionaal plan</dt><dd>{_e(rp['titel'])}{_e(periode)}{_e(status)}</dd>")
    out.append(f"<dt>Getoetste plannen</dt><dd>{counts['plannen']}</dd>")
    out.append(f"<dt>Conform</dt><dd>{counts['conform']}</dd>")
    out.append(f"<dt>Niet conform</dt><dd>{counts['niet_conform']}</dd>")
    out.append(f"<dt>Ontbreekt (geen plan ingeleverd)</dt><dd>{counts['ontbreekt']}</dd>")
    out.append("</dl>")
    if not report.regio_ok:
        out.append(
            f"<p><strong>Het regiobestand ({_e(report.regio_file)}) bevat fouten.</strong> De plannen "
            "zijn daarom getoetst zonder de speerpunten, gemeenten en eisen van de regio; zie de "
            "bevindingen bij het regiobestand.</p>"
        )
    rule = (
        "bij deze toetsing (met --strikt) tellen ook waarschuwingen als fouten"
        if report.strikt
        else "waarschuwingen mogen"
    )
    out.append(
        f"<p>Een plan is <em>conform</em> als het geen fouten heeft; {rule}. Een gemeente uit het "
        "regiobestand zonder plan staat als <em>ontbreekt</em> in het overzicht.</p>"
    )
    out.append("</section>")

    # matrix
    out.append('<section aria-labelledby="overzicht">')
    out.append('<h2 id="overzicht">Overzicht per gemeente</h2>')
    if report.speerpunten:
        out.append(
            '<p class="legenda">Per regionaal speerpunt staat in de tabel of de gemeente het speerpunt '
            "als lokale <strong>prioriteit</strong> heeft overgenomen, in haar plan heeft "
            "<strong>toegelicht</strong> waarom het geen lokale prioriteit is, of dat het speerpunt "
            "<strong>ontbreekt</strong>.</p>"
        )
    groups = report.groups()
    for n, group in enumerate(groups, start=1):
        if group.titel:
            out.append(f'<h3 id="groep-{n}">{_e(group.titel)}</h3>')
            caption = f"Toetsing per gemeente: {group.titel}"
        else:
            caption = "Toetsing per gemeente"
        out += _matrix(report, group.rows, caption, f"tabel-{n}", anchors)
    out.append("</section>")

    out += _voortgang_section(report, anchors)

    # findings
    out.append('<section aria-labelledby="bevindingen">')
    out.append('<h2 id="bevindingen">Bevindingen per gemeente</h2>')
    if report.regio_result.diagnostics:
        out.append('<section aria-labelledby="regiobestand">')
        out.append('<h3 id="regiobestand">Regiobestand</h3>')
        out.append(f'<p class="meta">Bestand: {_e(report.regio_file)}</p>')
        out.append('<ul class="bevindingen">')
        out += [_diagnostic_item(d) for d in report.regio_result.diagnostics]
        out.append("</ul>")
        out.append("</section>")
    for row in report.gemeenten:
        anchor = anchors[id(row)]
        out.append('<section class="gemeente">')
        out.append(f'<h3 id="{anchor}">{_e(row.label)}</h3>')
        if row.status == ONTBREEKT:
            code = f" (CBS-code {_e(row.cbs_code)})" if row.cbs_code else ""
            out.append(f"<p>Status: ontbreekt. Er is geen plan ingeleverd{code}.</p>")
        else:
            note = " Deze gemeente staat niet in het regiobestand." if not row.listed else ""
            out.append(
                f"<p>Status: {_e(row.status_tekst)}; {_aantal(row.errors, 'fout', 'fouten')}, "
                f"{_aantal(row.warnings, 'waarschuwing', 'waarschuwingen')}. "
                f'<span class="meta">Bestand: {_e(row.file)}</span>.{note}</p>'
            )
            if row.voortgang is not None:
                out.append(f'<p class="voortgang">{_e(row.voortgang.zin)}</p>')
            if row.diagnostics:
                out.append('<ul class="bevindingen">')
                out += [_diagnostic_item(d) for d in row.diagnostics]
                out.append("</ul>")
            else:
                out.append("<p>Geen bevindingen.</p>")
        out.append("</section>")
    out.append("</section>")
    out.append("</main>")
    out.append(
        f"<footer><p>{_e(report.regio_naam)} – Toetsing integrale veiligheidsplannen, gemaakt met "
        "ivplan check.</p></footer>"
    )
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


__all__ = ["render_report_html"]
