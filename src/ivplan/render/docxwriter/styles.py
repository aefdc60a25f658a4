"""The default huisstijl, and filling in styles a gemeente's huisstijl lacks.

The default is sober, like a Dutch gemeente's raadsstuk: Arial 10.5 pt, dark blue headings (#1F3864,
contrast 11.9:1 on white), moderate spacing, a table style with a dark blue header row and white bold
text (contrast 11.9:1), A4 with 2.5 cm margins (set in package.py). Every style is written out below
as the XML Word keeps in styles.xml, so it can be reviewed and changed in one place.

Styles are named the way Word names its built-in styles in styles.xml ("heading 1", "footer", "toc 1"),
so a Dutch Word shows them as "Kop 1", "Voettekst", "Inhopg 1". A huisstijl may use other style ids
(Dutch Word saves "Kop1"); the writer therefore finds styles by name and uses whatever id the file has.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.parser import parse_xml
from lxml.etree import _Element

from ivplan.render.docxwriter.ooxml import W_NS, w


@dataclass(frozen=True)
class StyleSpec:
    key: str  # how the writer refers to the style
    name: str  # w:name in styles.xml (Word's internal name for built-in styles)
    ui_name: str  # how warnings name it
    xml: str  # children of w:style; {Normal} is replaced by the id of the Normal style


_HEADING = """<w:name w:val="heading {n}"/><w:basedOn w:val="{{Normal}}"/><w:next w:val="{{Normal}}"/>
<w:uiPriority w:val="9"/><w:qFormat/>
<w:pPr><w:keepNext/><w:keepLines/><w:suppressAutoHyphens/><w:spacing w:before="{before}" w:after="{after}"/>
<w:outlineLvl w:val="{lvl}"/></w:pPr>
<w:rPr><w:b/><w:bCs/>{extra}<w:color w:val="1F3864"/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>"""


def _heading(n: int, before: int, after: int, sz: int, extra: str = "") -> StyleSpec:
    xml = _HEADING.format(n=n, before=before, after=after, lvl=n - 1, sz=sz, extra=extra)
    return StyleSpec(f"Heading{n}", f"heading {n}", f"Heading {n}", "paragraph|" + xml)


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", "Normal", 'paragraph|default|<w:name w:val="Normal"/><w:qFormat/>'),
    StyleSpec(
        "Title",
        "Title",
        "Title",
        "paragraph|"
        '<w:name w:val="Title"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="10"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:suppressAutoHyphens/><w:spacing w:before="0" w:after="120"/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:kern w:val="28"/>'
        '<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr>',
    ),
    StyleSpec(
        "Subtitle",
        "Subtitle",
        "Subtitle",
        "paragraph|"
        '<w:name w:val="Subtitle"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="11"/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:suppressAutoHyphens/><w:spacing w:before="0" w:after="240"/></w:pPr>'
        '<w:rPr><w:color w:val="404040"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>',
    ),
    _heading(1, 360, 120, 28),
    _heading(2, 280, 100, 24),
    _heading(3, 220, 80, 22),
    _heading(4, 180, 60, 21, "<w:i/><w:iCs/>"),
    StyleSpec(
        "TOCHeading",
        "TOC Heading",
        "TOC Heading",
        "paragraph|"
        '<w:name w:val="TOC Heading"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:keepLines/><w:suppressAutoHyphens/><w:spacing w:before="360" w:after="120"/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>',
    ),
    StyleSpec(
        "TOC1",
        "toc 1",
        "TOC 1",
        "paragraph|"
        '<w:name w:val="toc 1"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs>'
        '<w:spacing w:before="80" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>',
    ),
    StyleSpec(
        "TOC2",
        "toc 2",
        "TOC 2",
        "paragraph|"
        '<w:name w:val="toc 2"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9060"/></w:tabs>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="221"/></w:pPr>',
    ),
    StyleSpec(
        "ListParagraph",
        "List Paragraph",
        "List Paragraph",
        "paragraph|"
        '<w:name w:val="List Paragraph"/><w:basedOn w:val="{Normal}"/><w:uiPriority w:val="34"/>'
        '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="60"/><w:ind w:left="720"/>'
        "<w:contextualSpacing/></w:pPr>",
    ),
    StyleSpec(
        "Compact",
        "Compact",
        "Compact",
        "paragraph|"
        '<w:name w:val="Compact"/><w:basedOn w:val="{Normal}"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>',
    ),
    StyleSpec(
        "Quote",
        "Quote",
        "Quote",
        "paragraph|"
        '<w:name w:val="Quote"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="29"/><w:qFormat/>'
        '<w:pPr><w:ind w:left="567" w:right="567"/></w:pPr>'
        '<w:rPr><w:i/><w:iCs/><w:color w:val="404040"/></w:rPr>',
    ),
    StyleSpec(
        "Footer",
        "footer",
        "Footer",
        "paragraph|"
        '<w:name w:val="footer"/><w:basedOn w:val="{Normal}"/><w:uiPriority w:val="99"/>'
        "<w:unhideWhenUsed/>"
        '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" w:pos="9072"/>'
        '</w:tabs><w:suppressAutoHyphens/><w:spacing w:before="0" w:after="0"/></w:pPr>'
        '<w:rPr><w:color w:val="595959"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>',
    ),
    StyleSpec(
        "Header",
        "header",
        "Header",
        "paragraph|"
        '<w:name w:val="header"/><w:basedOn w:val="{Normal}"/><w:uiPriority w:val="99"/>'
        "<w:unhideWhenUsed/>"
        '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" w:pos="9072"/>'
        '</w:tabs><w:suppressAutoHyphens/><w:spacing w:before="0" w:after="0"/></w:pPr>'
        '<w:rPr><w:color w:val="595959"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>',
    ),
    StyleSpec(
        "Hyperlink",
        "Hyperlink",
        "Hyperlink",
        "character|"
        '<w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>',
    ),
    StyleSpec(
        "VerbatimChar",
        "Verbatim Char",
        "Verbatim Char",
        "character|"
        '<w:name w:val="Verbatim Char"/>'
        '<w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
        '<w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
    ),
    StyleSpec(
        "Table",
        "Table",
        "Table",
        "table|"
        '<w:name w:val="Table"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        "<w:tblPr><w:tblBorders>"
        '<w:top w:val="single" w:sz="4" w:space="0" w:color="1F3864"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="1F3864"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6B4CC"/>'
        "</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/><w:color w:val="000000"/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DCE3EF"/></w:tcPr></w:tblStylePr>',
    ),
    # a table's title above it, where a table directly follows another (which Word would join)
    StyleSpec(
        "Caption",
        "caption",
        "Caption",
        "paragraph|"
        '<w:name w:val="caption"/><w:basedOn w:val="{Normal}"/><w:next w:val="{Normal}"/>'
        '<w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/>'
        '<w:pPr><w:keepNext/><w:suppressAutoHyphens/><w:spacing w:before="240" w:after="60"/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
    ),
)

# Styles the writer refers to; a huisstijl lacking one of these gets it from the default (with a warning).
REQUIRED_KEYS: tuple[str, ...] = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    "TOCHeading",
    "ListParagraph",
    "Compact",
    "Quote",
    "Footer",
    "Hyperlink",
    "VerbatimChar",
    "Table",
    "Caption",
)

_BY_KEY = {s.key: s for s in STYLES}

# Styles kept from python-docx's default template besides ours (others refer to them).
_KEEP_FROM_TEMPLATE = {"DefaultParagraphFont", "TableNormal", "NoList"}

DOC_DEFAULTS = (
    f'<w:docDefaults xmlns:w="{W_NS}">'
    '<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
    '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="nl-NL" w:eastAsia="nl-NL" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault>"
    '<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
)


def _style_element(spec: StyleSpec, ids: dict[str, str], style_id: str):
    kind, _, rest = spec.xml.partition("|")
    default = ""
    if rest.startswith("default|"):
        default, rest = ' w:default="1"', rest[len("default|") :]
    body = rest.replace("{Normal}", ids.get("Normal", "Normal"))
    return parse_xml(f'<w:style xmlns:w="{W_NS}" w:type="{kind}"{default} w:styleId="{style_id}">{body}</w:style>')


def _styles_by_name(styles: _Element) -> dict[str, _Element]:
    found: dict[str, _Element] = {}
    for style in styles.iterfind(w("style")):
        name = style.find(w("name"))
        if name is not None:
            found.setdefault(name.get(w("val"), "").lower(), style)
    return found


def apply_default_huisstijl(styles) -> None:
    """Turn python-docx's default styles.xml into ivplan's default huisstijl (in place)."""
    for child in list(styles):
        if child.tag == w("docDefaults"):
            styles.remove(child)
        elif child.tag == w("style") and child.get(w("styleId")) not in _KEEP_FROM_TEMPLATE:
            styles.remove(child)
    styles.insert(0, parse_xml(DOC_DEFAULTS))
    for keep in styles.iterfind(w("style")):
        for link in keep.findall(w("link")):
            keep.remove(link)
    ids = {spec.key: spec.key for spec in STYLES}
    for spec in STYLES:
        styles.append(_style_element(spec, ids, spec.key))


def resolve_style_ids(styles) -> tuple[dict[str, str], list[str]]:
    """Map each style key the writer uses to the id in this styles.xml; also the keys it lacks.

    Only real w:style definitions count: a style Word lists only as latent (python-docx#1333) is missing.
    """
    by_name = _styles_by_name(styles)
    ids: dict[str, str] = {}
    missing: list[str] = []
    for spec in STYLES:
        style = by_name.get(spec.name.lower())
        style_id = style.get(w("styleId")) if style is not None else None
        if style_id:
            ids[spec.key] = style_id
        elif spec.key in REQUIRED_KEYS:
            missing.append(spec.key)
    return ids, missing


def fill_missing_styles(styles, ids: dict[str, str], missing: list[str]) -> list[str]:
    """Add the missing styles from the default huisstijl; update ``ids``; return their UI names."""
    taken = {s.get(w("styleId")) for s in styles.iterfind(w("style"))}
    added = []
    for key in missing:
        spec = _BY_KEY[key]
        style_id = key
        while style_id in taken:
            style_id += "Ivp"
        taken.add(style_id)
        ids[key] = style_id
        element = _style_element(spec, ids, style_id)
        if key == "Normal":
            # the huisstijl has another default paragraph style (or none); ours is an ordinary one
            element.attrib.pop(w("default"), None)
        styles.append(element)
        added.append(spec.ui_name)
    return added
