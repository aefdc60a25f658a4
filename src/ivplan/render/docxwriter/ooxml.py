"""Every raw OOXML snippet the writer needs, as small named functions.

The ECMA-376 schema fixes the order of children inside w:pPr, w:rPr, w:tblPr, w:settings and friends;
``insert_in_order`` puts a child where the schema wants it, from the sequences below.
"""

from __future__ import annotations

import re

from docx.oxml.parser import oxml_parser
from lxml.etree import SubElement, _Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute: w('p') -> '{...main}p'."""
    return f"{{{W_NS}}}{tag}"


_NSMAP = {"w": W_NS, "r": R_NS}


def el(tag: str, attrs: dict[str, str] | None = None, *children: _Element | None) -> _Element:
    """Make w:<tag> with w: attributes (keys without prefix) and children."""
    attrib = {w(k): v for k, v in attrs.items()} if attrs else None
    e = oxml_parser.makeelement(w(tag), attrib=attrib, nsmap=_NSMAP)
    for c in children:
        if c is not None:
            e.append(c)
    return e


def sub(parent: _Element, tag: str, attrs: dict[str, str] | None = None) -> _Element:
    """Append w:<tag> to parent (the parent already declares the w: namespace)."""
    if attrs:
        return SubElement(parent, w(tag), {w(k): v for k, v in attrs.items()})
    return SubElement(parent, w(tag))


# Child order from wml.xsd (the ones we write or insert into; unknown names go last).
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
SETTINGS_ORDER = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
    "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
    "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
    "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
    "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
    "mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
).split()
STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
    "sectPrChange"
).split()


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def insert_in_order(parent, child, order: list[str]):
    """Insert ``child`` into ``parent`` at the place the schema sequence ``order`` gives it."""
    name = _local(child.tag)
    rank = order.index(name) if name in order else len(order)
    for i, existing in enumerate(parent):
        other = _local(existing.tag)
        if other in order and order.index(other) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def replace_in_order(parent, child, order: list[str]):
    """Like insert_in_order, after removing any child of the same name."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    return insert_in_order(parent, child, order)


def get_or_add(parent, tag: str, order: list[str]):
    found = parent.find(w(tag))
    if found is not None:
        return found
    return insert_in_order(parent, el(tag), order)


# ---- paragraphs and runs ---------------------------------------------------------------------------


def paragraph(style_id: str | None = None):
    """An empty w:p with a pPr (and pStyle when given)."""
    p = el("p")
    ppr = sub(p, "pPr")
    if style_id:
        sub(ppr, "pStyle", {"val": style_id})
    return p


def set_page_break_before(p) -> None:
    insert_in_order(p.find(w("pPr")), el("pageBreakBefore"), PPR_ORDER)


def set_numbering(p, num_id: int, ilvl: int) -> None:
    """w:numPr in a paragraph's pPr (num_id 0 switches numbering off, e.g. inherited from a style)."""
    numpr = el("numPr")
    if num_id:
        sub(numpr, "ilvl", {"val": str(ilvl)})
    sub(numpr, "numId", {"val": str(num_id)})
    replace_in_order(p.find(w("pPr")), numpr, PPR_ORDER)


def set_indent(p, left: int) -> None:
    replace_in_order(p.find(w("pPr")), el("ind", {"left": str(left)}), PPR_ORDER)


def set_alignment(p, jc: str) -> None:
    replace_in_order(p.find(w("pPr")), el("jc", {"val": jc}), PPR_ORDER)


# The hyphen or en dash of a range of years ("2027-2030", "2027–2028"): never a place to break the line.
YEAR_RANGE_HYPHEN = re.compile(r"(?<!\d)((?:19|20|21)\d\d[-–])(?=(?:19|20|21)\d\d(?!\d))")
WORD_JOINER = "2060"  # U+2060: no line break on either side, no width
SYMBOL_FONT = "Arial"  # the default huisstijl's font; the joiner has no width in any font


def run(text: str, *, bold=False, italic=False, style_id: str | None = None):
    """A w:r holding text (with xml:space=preserve when it has edge spaces)."""
    r = el("r")
    if bold or italic or style_id:
        rpr = sub(r, "rPr")
        if style_id:
            sub(rpr, "rStyle", {"val": style_id})
        if bold:
            sub(rpr, "b")
        if italic:
            sub(rpr, "i")
    t = sub(r, "t")
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")
    return r


def text_runs(text: str, *, bold=False, italic=False, style_id: str | None = None) -> list:
    """The runs for a piece of text: one run, except that a range of years ("2027-2030", "2027–2028")
    gets a word joiner after its dash, so it never breaks at the end of a line. The joiner is a run of
    its own holding a w:sym (U+2060, no width): in the same run LibreOffice would draw the text after it
    in the symbol's font. The text keeps the plain hyphen: in the .docx (w:t, and python-docx's text,
    which skips w:sym) and in LibreOffice's PDF (which writes no character for the joiner), a search
    for "2027-2030" finds it. (A non-breaking hyphen, U+2011 or w:noBreakHyphen, would not be found by
    a search for the plain hyphen in the w:t text.)"""
    if "-" not in text and "–" not in text:  # no range of years (most text): no regex
        return [run(text, bold=bold, italic=italic, style_id=style_id)]
    out = []
    for i, piece in enumerate(YEAR_RANGE_HYPHEN.split(text)):
        # split() gives text, "2027-", text, "2027-", ...: a word joiner follows each "2027-" (or "2027–")
        if piece:
            out.append(run(piece, bold=bold, italic=italic, style_id=style_id))
        if i % 2:
            joiner = run("", bold=bold, italic=italic, style_id=style_id)
            joiner.remove(joiner.find(w("t")))
            sub(joiner, "sym", {"font": SYMBOL_FONT, "char": WORD_JOINER})
            out.append(joiner)
    return out


def line_break():
    r = el("r")
    sub(r, "br")
    return r


def add_hyperlink(parent: _Element, r_id: str, runs: list[_Element]) -> _Element:
    """w:hyperlink r:id=... around the runs (the runs carry the Hyperlink character style)."""
    h = oxml_parser.makeelement(w("hyperlink"), attrib={f"{{{R_NS}}}id": r_id}, nsmap=_NSMAP)
    for r in runs:
        h.append(r)
    parent.append(h)
    return h


def add_field(parent, instruction: str, placeholder: str | None = None, *, dirty: bool = False) -> None:
    """A complex field: begin, instrText, separate, placeholder result, end (runs appended to parent)."""
    begin = el("r")
    fc = sub(begin, "fldChar", {"fldCharType": "begin"})
    if dirty:
        fc.set(w("dirty"), "true")
    parent.append(begin)
    instr = el("r")
    it = sub(instr, "instrText")
    it.text = f" {instruction} "
    it.set(XML_SPACE, "preserve")
    parent.append(instr)
    sep = el("r")
    sub(sep, "fldChar", {"fldCharType": "separate"})
    parent.append(sep)
    if placeholder:
        parent.append(run(placeholder))
    end = el("r")
    sub(end, "fldChar", {"fldCharType": "end"})
    parent.append(end)


def toc_paragraph(placeholder: str, levels: str = "1-2"):
    """A paragraph holding a dirty TOC field, so Word fills it in when the document opens."""
    p = paragraph()
    add_field(p, f'TOC \\o "{levels}" \\h \\z \\u', placeholder, dirty=True)
    return p


def set_update_fields(settings) -> None:
    """w:updateFields in settings.xml: Word updates the fields (the TOC) when it opens the document."""
    replace_in_order(settings, el("updateFields", {"val": "true"}), SETTINGS_ORDER)


HYPHENATION_ZONE = "850"  # twips (1,5 cm): a line of running text is hyphenated only when it would end this short


def set_auto_hyphenation(settings) -> None:
    """Automatic hyphenation in settings.xml: Word (and LibreOffice, with the hyphenation patterns of
    the document language installed) hyphenate, so a long word in a narrow column breaks with a hyphen.
    A hyphenation zone of 1,5 cm keeps running text mostly unhyphenated (a ragged right margin needs
    few hyphens), and words in capitals (RIEC, CONCEPT) are never hyphenated."""
    replace_in_order(settings, el("autoHyphenation", {"val": "true"}), SETTINGS_ORDER)
    replace_in_order(settings, el("hyphenationZone", {"val": HYPHENATION_ZONE}), SETTINGS_ORDER)
    replace_in_order(settings, el("doNotHyphenateCaps", {"val": "true"}), SETTINGS_ORDER)


def set_theme_font_lang(settings, language: str) -> None:
    replace_in_order(settings, el("themeFontLang", {"val": language}), SETTINGS_ORDER)


def complete_zoom(settings) -> None:
    """w:zoom without w:percent (python-docx's template has one) breaks the schema: add 100 %."""
    zoom = settings.find(w("zoom"))
    if zoom is not None and zoom.get(w("percent")) is None:
        zoom.set(w("percent"), "100")


def set_language(styles, language: str) -> None:
    """w:lang in the style defaults (w:docDefaults/w:rPrDefault/w:rPr)."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = el("docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = el("rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "rPr")
    replace_in_order(rpr, el("lang", {"val": language, "eastAsia": language, "bidi": "ar-SA"}), RPR_ORDER)
    # A style of a huisstijl made in another language's Word may set its own language, which would
    # switch off the document language's spelling and hyphenation for its paragraphs.
    for lang in styles.iterfind(f"{w('style')}/{w('rPr')}/{w('lang')}"):
        lang.set(w("val"), language)


# ---- tables -----------------------------------------------------------------------------------------


def mark_header_row(tr) -> None:
    """w:trPr/w:tblHeader: the row repeats at the top of each page and is the header row for readers."""
    trpr = tr.find(w("trPr"))
    if trpr is None:
        trpr = el("trPr")
        tr.insert(0, trpr)
    sub(trpr, "tblHeader", {"val": "true"})


def table_look(first_row: bool, first_column: bool):
    # w:val is the Word 2007 bit mask (0x20 firstRow, 0x80 firstColumn, 0x400 noVBand); the attributes
    # are the 2010+ spelling. Write both, as Word does.
    val = (0x20 if first_row else 0) | (0x80 if first_column else 0) | 0x400
    return el(
        "tblLook",
        {
            "val": f"{val:04X}",
            "firstRow": "1" if first_row else "0",
            "lastRow": "0",
            "firstColumn": "1" if first_column else "0",
            "lastColumn": "0",
            "noHBand": "0",
            "noVBand": "1",
        },
    )


# ---- drawings ---------------------------------------------------------------------------------------


def set_alt_text(inline, doc_pr_id: int, name: str, descr: str) -> None:
    """wp:docPr of an inline picture: unique id, name and the alt text (descr)."""
    ns_wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")  # LibreOffice adds a margin around an inline picture without these
    doc_pr = inline.find(f"{{{ns_wp}}}docPr")
    doc_pr.set("id", str(doc_pr_id))
    doc_pr.set("name", name)
    if descr:
        doc_pr.set("descr", descr)
