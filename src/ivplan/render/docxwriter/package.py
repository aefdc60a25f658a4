"""Package assembly: the base document (default huisstijl or a gemeente's), core properties, and a
deterministic zip (one fixed timestamp on every entry, stable order) so the same input gives the same bytes.

What python-docx offers only through private names is reached through `compat` (one module, each with
a fallback on the public API).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
from lxml import etree

from ivplan.core.cache import cache_root, keep_entry, private_folder
from ivplan.render.docxwriter import compat
from ivplan.render.docxwriter.errors import HuisstijlError
from ivplan.render.docxwriter.huisstijl import read_huisstijl
from ivplan.render.docxwriter.ooxml import SECTPR_ORDER, el, replace_in_order, w
from ivplan.render.docxwriter.styles import apply_default_huisstijl

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# A4 with 2.5 cm margins (twips: 1 cm = 567; 2.5 cm = 1417).
A4 = {"w": "11906", "h": "16838"}
MARGINS = {
    "top": "1417",
    "right": "1417",
    "bottom": "1417",
    "left": "1417",
    "header": "709",
    "footer": "567",
    "gutter": "0",
}

RT_EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>ivplan</Application><DocSecurity>0</DocSecurity></Properties>"
)
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
RT_GLOSSARY = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/glossaryDocument"
RT_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def drop_template_leftovers(doc) -> None:
    """Drop what a template file carries that is no part of the document written into it: the
    thumbnail of the template's first page, customXml data (SharePoint/template properties),
    stylesWithEffects, the glossary (building blocks) and a macro project (app.xml gets ivplan's own
    bytes when the package is zipped: `_app_member`). Parts nothing refers to any more are not saved,
    so their content types go too."""
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in (RT_THUMBNAIL, RT_CUSTOM_XML):
            package.rels.pop(r_id)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype in (RT_CUSTOM_XML, RT_STYLES_WITH_EFFECTS, RT_GLOSSARY, RT_VBA_PROJECT):
            doc.part.rels.pop(r_id)


def _app_member(doc) -> str | None:
    """The zip member of the extended properties (docProps/app.xml), if the package has them. A
    template's app.xml claims its own application, company and word counts; python-docx has no API
    for this part, so save_deterministic writes ivplan's own bytes (APP_XML) in its place."""
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT_EXTENDED_PROPERTIES and not rel.is_external:
            return rel.target_part.partname.membername
    return None


@lru_cache(maxsize=1)
def default_template() -> bytes:
    """ivplan's default huisstijl as .docx bytes: from the cache folder (core/cache.py) when it holds
    the one this code makes with this python-docx and lxml, else made (make_default_template) and kept
    there. Making it costs 12-35 ms a process (python-docx's own template opened, restyled and saved
    again); reading it back, under 1 ms. The bytes are the same either way: the key covers everything
    they depend on, and an entry that is not a whole zip is made again."""
    folder = private_folder(_cache_root_or_none())
    if folder is None:
        return make_default_template()
    path = folder / f"{_template_key()}.docx"
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if z.testzip() is None:
                return data
    except (OSError, zipfile.BadZipFile):
        pass
    data = make_default_template()
    keep_entry(path, data)
    return data


def _cache_root_or_none() -> Path | None:
    root = cache_root()
    return None if root is None else root / "huisstijl"


def _template_key() -> str:
    """What the default template's bytes depend on: the code that makes it, python-docx (its own
    template and how it writes XML) and lxml."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("package.py", "styles.py", "ooxml.py", "compat.py"):
        digest.update((here / name).read_bytes())
    template = Path(docx.__file__).parent / "templates" / "default.docx"
    digest.update(f"{docx.__version__}|{etree.LXML_VERSION}|{template.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def make_default_template() -> bytes:
    """python-docx's default template turned into ivplan's default huisstijl."""
    doc = docx.Document()
    drop_template_leftovers(doc)
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    apply_default_huisstijl(doc.styles.element)
    sect = doc.element.body.find(w("sectPr"))
    replace_in_order(sect, el("pgSz", A4), SECTPR_ORDER)
    replace_in_order(sect, el("pgMar", MARGINS), SECTPR_ORDER)
    for name in ("rsidR", "rsidRPr", "rsidSect"):
        sect.attrib.pop(w(name), None)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def open_base(huisstijl: Path | None):
    """A python-docx Document to write into: the default huisstijl, or the gemeente's file."""
    if huisstijl is None:
        return docx.Document(io.BytesIO(default_template()))
    path = Path(huisstijl)
    data = read_huisstijl(path)  # bounded and checked before python-docx unpacks anything
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # zip, XML or content-type errors alike: not a usable Word file
        raise HuisstijlError(f"huisstijl '{path.name}' is geen leesbaar Word-bestand (.docx)") from exc
    drop_template_leftovers(doc)
    return doc


_REFERENCES = (w("headerReference"), w("footerReference"))


def clear_body(doc) -> None:
    """Drop the huisstijl's body content; keep the final w:sectPr (page setup, header, footer).

    A final section that links a header or footer to the section before it (it has no reference of
    that kind and type; Word's default for a new section) gets that section's reference: the header
    the huisstijl shows there stays, also when the sections before it are dropped."""
    body = doc.element.body
    final = body.find(w("sectPr"))
    if final is not None:
        _inherit_references(final, [p.find(f"{w('pPr')}/{w('sectPr')}") for p in body.iter(w("p"))])
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    if final is None:  # w:sectPr is optional: the page setup of the default huisstijl (A4), no header
        body.append(etree.fromstring(_default_sect_pr()))


@lru_cache(maxsize=1)
def _default_sect_pr() -> bytes:
    """The body's w:sectPr of the default huisstijl (page size and margins; it refers to no part)."""
    with zipfile.ZipFile(io.BytesIO(default_template())) as z:
        sect_pr = etree.fromstring(z.read("word/document.xml")).find(f"{w('body')}/{w('sectPr')}")
    assert sect_pr is not None  # the default huisstijl has its page setup
    return etree.tostring(sect_pr)


MIN_TEXT_TWIPS = 1134  # 2 cm: a huisstijl whose margins leave less has no room for a word, a table, a chart


def check_text_width(doc, huisstijl) -> None:
    """Refuse a huisstijl whose page margins leave (almost) no width for text (HuisstijlError, exit 2)."""
    if text_width_twips(doc) < MIN_TEXT_TWIPS:
        raise HuisstijlError(
            f"huisstijl '{Path(huisstijl).name}': de paginamarges laten geen ruimte voor tekst (de tekst moet "
            "ten minste 2 cm breed zijn)"
        )


def _inherit_references(final, earlier: list) -> None:
    """Copy into `final` each header/footer reference (per kind and w:type) it lacks from the nearest
    earlier section that has one; they go first in w:sectPr, as the schema orders them."""
    have = {(ref.tag, ref.get(w("type"))) for ref in final if ref.tag in _REFERENCES}
    at = len(have)
    for sect in reversed([s for s in earlier if s is not None]):
        for ref in sect:
            key = (ref.tag, ref.get(w("type")))
            if ref.tag in _REFERENCES and key not in have:
                have.add(key)
                final.insert(at, copy.deepcopy(ref))
                at += 1


def text_width_twips(doc) -> int:
    """Width between the margins of the last section, in twips."""
    sect = doc.element.body.find(w("sectPr"))
    try:
        page = int(sect.find(w("pgSz")).get(w("w")))
        margins = sect.find(w("pgMar"))
        return page - int(margins.get(w("left"))) - int(margins.get(w("right")))
    except (AttributeError, TypeError, ValueError):
        return 9072


def _fit(text: str) -> str:
    """Core properties are one line (a title ending in a line break is shown without it) of at most
    255 characters (python-docx refuses more): cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254] + "…"


def set_core_properties(doc, meta) -> None:
    """Core properties from the plan, never from the clock; other fields emptied."""
    cp = doc.core_properties
    # Start from an empty element: a huisstijl brings its own author, dates, comments ...
    element = compat.core_properties_element(doc)  # python-docx has no public "clear"
    for child in list(element):
        element.remove(child)
    stamp = dt.datetime(meta.created.year, meta.created.month, meta.created.day)
    cp.title = _fit(meta.title)
    cp.subject = _fit(meta.subject)
    cp.author = _fit(meta.author)
    cp.keywords = _fit(", ".join(" ".join(k.split()) for k in meta.keywords))
    cp.language = meta.language
    cp.last_modified_by = _fit(meta.author)
    cp.revision = 1
    cp.created = stamp
    cp.modified = stamp


def _entry_order(name: str) -> tuple[int, str]:
    if name == "[Content_Types].xml":
        return (0, name)
    if name == "_rels/.rels":
        return (1, name)
    return (2, name)


_STORED = (".png", ".jpeg", ".jpg", ".gif")  # compressed already: deflating them again only costs time


def save_deterministic(doc) -> bytes:
    """The package as one zip with one fixed timestamp and a stable entry order, written once.

    python-docx's own save writes a zip (deflating every part) that we would have to read back and
    write again for the timestamps; instead `compat.package_members` takes the members as python-docx
    makes them (falling back on that save and a read-back when its internals change) and they are
    zipped here, the XML deflated and the images stored as they are."""
    entries = compat.package_members(doc)
    app = _app_member(doc)
    if app in entries:
        entries[app] = APP_XML
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(entries, key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, entries[name])
    return out.getvalue()
