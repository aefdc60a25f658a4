"""The preview page: the shell around the document, and the diagnostics panel.

Everything a file says reaches the page as text: the panel is built as an element tree and serialized
with escaping (render/htmlwriter.serialize), the shell (plan_templates/preview.html.j2) is a Jinja
template with autoescape. The style sheet and the script are the package's own files, sent inline
with the response's nonce (the Content-Security-Policy allows nothing else).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from ivplan.app.explain import explain
from ivplan.core.diagnostics import Diagnostic, format_text
from ivplan.core.formatting import aantal
from ivplan.render.html_templates import render_html
from ivplan.render.htmlwriter import serialize

PANEL_HEADING = "Meldingen"
NS_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SAFE_FONT = re.compile(r"^[A-Za-z0-9 \-]{1,40}$")
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
MIN_CONTRAST = 4.5


@functools.cache
def asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def counts_text(errors: int, warnings: int) -> str:
    return f"{aantal(errors, 'fout', 'fouten')}, {aantal(warnings, 'waarschuwing', 'waarschuwingen')}"


def diagnostic_anchor(i: int) -> str:
    return f"melding-{i + 1}"


# --------------------------------------------------------------------------------------------------
# the panel


def _explanation(code: str, into: ET.Element) -> bool:
    """`ivplan uitleg CODE`'s text as paragraphs (`code` spans kept); False when there is none."""
    text = explain(code)
    if not text:
        return False
    for block in re.split(r"\n\s*\n", text.strip()):
        p = ET.SubElement(into, "p")
        for i, part in enumerate(" ".join(block.split()).split("`")):
            if i % 2:
                ET.SubElement(p, "code").text = part
            elif len(p):
                p[-1].tail = (p[-1].tail or "") + part
            else:
                p.text = (p.text or "") + part
    return True


def _where(d: Diagnostic) -> str:
    where = d.file
    if d.line is not None:
        where += f":{d.line}"
        if d.column is not None:
            where += f":{d.column}"
    return where


def panel_html(
    diagnostics: Sequence[Diagnostic],
    targets: Sequence[str | None],
    source_lines: Mapping[str, Sequence[str]],
    notes: Sequence[str],
) -> str:
    """The panel's content: heading, counts, each diagnostic as in the text output with a link to its
    place, its source line, and the rule's explanation one click away; then the writer's notes."""
    root = ET.Element("div")
    ET.SubElement(root, "h2", {"id": "meldingen-kop"}).text = PANEL_HEADING
    errors = sum(1 for d in diagnostics if d.is_error)
    ET.SubElement(root, "p", {"class": "tellingen"}).text = counts_text(errors, len(diagnostics) - errors)
    if diagnostics:
        ol = ET.SubElement(root, "ol", {"class": "meldingenlijst"})
        for i, (d, target) in enumerate(zip(diagnostics, targets, strict=True)):
            li = ET.SubElement(ol, "li", {"id": diagnostic_anchor(i), "class": f"melding {_severity_class(d)}"})
            link = ET.SubElement(li, "a", {"href": f"#{target or 'inhoud'}", "class": "melding-link"})
            # the words of the text output: file:line:column: fout IVP002 path: message
            _span(link, "span", "plaats", _where(d), ": ")
            _span(link, "span", "ernst", d.severity, " ")
            _span(link, "code", None, d.code, f" {d.path}: {d.message}" if d.path else f": {d.message}")
            excerpt = format_text(d, source_lines.get(d.file)).split("\n", 1)[1].rstrip("\n")
            if excerpt.strip():
                ET.SubElement(li, "pre", {"class": "bronregel"}).text = excerpt
            details = ET.Element("details")
            ET.SubElement(details, "summary").text = f"Uitleg bij {d.code}"
            if _explanation(d.code, ET.SubElement(details, "div", {"class": "uitleg"})):
                li.append(details)
    else:
        ET.SubElement(root, "p").text = "Het plan volgt het formaat en de regels."
    if notes:
        ET.SubElement(root, "h3", {"class": "notities-kop"}).text = "Bij het opmaken"
        ul = ET.SubElement(root, "ul", {"class": "notities"})
        for note in notes:
            ET.SubElement(ul, "li").text = note
    return "".join(serialize(child) for child in root)


def _span(parent: ET.Element, tag: str, cls: str | None, text: str, tail: str) -> None:
    el = ET.SubElement(parent, tag, {"class": cls} if cls else {})
    el.text, el.tail = text, tail


def _severity_class(d: Diagnostic) -> str:
    return "fout" if d.is_error else "waarschuwing"


# --------------------------------------------------------------------------------------------------
# the huisstijl's colours and font


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_on_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def huisstijl_css(huisstijl: Path | None) -> str:
    """CSS custom properties from a reference .docx: the Heading 1 colour (when it reads well on
    white) and the body font (a local font; nothing is fetched). '' without a huisstijl or when it
    cannot be read: the default look."""
    if huisstijl is None:
        return ""
    try:
        with zipfile.ZipFile(huisstijl) as z:
            root = ET.fromstring(z.read("word/styles.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return ""
    props = []
    for style in root.iter(f"{NS_W}style"):
        name = style.find(f"{NS_W}name")
        if name is None or (name.get(f"{NS_W}val") or "").lower() != "heading 1":
            continue
        colour = style.find(f"{NS_W}rPr/{NS_W}color")
        value = colour.get(f"{NS_W}val") if colour is not None else None
        if value and _HEX.match(value) and contrast_on_white(value) >= MIN_CONTRAST:
            props.append(f"--kop: #{value.lower()};")
    fonts = root.find(f"{NS_W}docDefaults/{NS_W}rPrDefault/{NS_W}rPr/{NS_W}rFonts")
    font = fonts.get(f"{NS_W}ascii") if fonts is not None else None
    if font and _SAFE_FONT.match(font):
        props.append(f'--letter: "{font}", Arial, "Liberation Sans", sans-serif;')
    return ":root { " + " ".join(props) + " }\n" if props else ""


# --------------------------------------------------------------------------------------------------
# the page


def page_html(
    *,
    nonce: str,
    title: str,
    file: str,
    version: int,
    panel: str,
    note: str,
    blocks: list[str],
    stale: bool,
    style: str,
) -> str:
    """The whole page with the current rendering in it (it works before the script connects).
    `panel`, `note` and `blocks` are HTML this package made with escaping; everything else is escaped
    by the template."""
    return render_html(
        "preview.html.j2",
        {
            "nonce": nonce,
            "titel": title,
            "bestand": file,
            "versie": version,
            "meldingen": Markup(panel),
            "notitie": Markup(note),
            "blokken": Markup("".join(blocks)),
            "verouderd": stale,
            "stijl": Markup(asset("preview.css")),
            "huisstijl": Markup(style),
            "script": Markup(asset("preview.js")),
        },
    )
