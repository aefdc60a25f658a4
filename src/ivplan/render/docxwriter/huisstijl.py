"""A gemeente's huisstijl .docx, read safely: bounded before it is unpacked, refused when it holds a DTD,
completed where it lacks a part the writer needs, and stripped of what reaches outside the document.

The file comes from outside (a template from a supplier, a mail attachment), so nothing in it is trusted:
- Bounds (`read_huisstijl`): a .docx is a zip; before any member is unpacked, the sizes its directory
  declares are checked (per XML part, per other part, in total, the number of members, and the
  compression ratio of large members). Python's zipfile never unpacks more than a member declares
  (more data fails its CRC check), so these bounds hold for what python-docx reads afterwards. A 2 MB
  file that unpacks into a 2 GB styles.xml is refused in milliseconds instead of costing 4 GB of memory.
- DTDs: Word and LibreOffice never write a `<!DOCTYPE>`. python-docx does not resolve entities, so an
  entity reference would be copied without its definition into a document that no longer opens; such a
  file is refused (exit 2).
- What it lacks (`ensure_numbering_part`): LibreOffice writes no numbering part when the file has no
  lists; the writer needs one, so an empty one is added (the warning names it with the missing styles).
- What reaches outside (`strip_outside_references`): a remote attached template, fields that fetch or
  run something when Word updates them (DDEAUTO, DDE, INCLUDEPICTURE, INCLUDETEXT, LINK, IMPORT, or any
  field naming a file: URL), external relationships other than http, https and mailto hyperlinks
  (file:// links, linked images, mail-merge sources). The documents ask Word to update their fields
  (for the inhoudsopgave), so such a field would run on opening.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from lxml import etree

from ivplan.render.docxwriter import compat
from ivplan.render.docxwriter.errors import HuisstijlError
from ivplan.render.docxwriter.ooxml import R_NS, W_NS, w

# Bounds for what a huisstijl may unpack into. A real one (Word, LibreOffice, with a logo and embedded
# fonts) is far below them: styles.xml is 30-300 KB, a logo a few hundred KB, an embedded font a few MB.
MAX_MEMBERS = 1000
MAX_XML_BYTES = 16 * 2**20  # one XML part, unpacked (python-docx parses it: about 10x that in memory)
MAX_PART_BYTES = 32 * 2**20  # one other part (an image, an embedded font)
MAX_TOTAL_BYTES = 64 * 2**20  # everything, unpacked
MAX_RATIO = 200  # unpacked / packed, for a member over RATIO_FROM bytes (XML packs 5-30x)
RATIO_FROM = 2**20

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_STRICT = b"purl.oclc.org/ooxml"  # the namespaces of "Strict Open XML", which python-docx cannot read

SAFE_LINK_SCHEMES = ("http", "https", "mailto")
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
# Field instructions that fetch or run something when Word updates the field.
_OUTSIDE_FIELDS = re.compile(r"^\s*(DDEAUTO|DDE|INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT)\b", re.IGNORECASE)
_FILE_URL = re.compile(r"file:", re.IGNORECASE)
_REMOVE_WHOLE = (w("drawing"), w("pict"), w("object"), w("mailMerge"))
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def read_huisstijl(path: Path) -> bytes:
    """The bytes of the huisstijl at `path`, after checking that it is a .docx that is safe to open.

    Raises HuisstijlError (exit 2) with a Dutch message: not found, not a zip or no Word document, too
    large when unpacked (or packed suspiciously tight: a zip bomb), a DTD in a part, Strict Open XML."""
    path = Path(path)
    name = str(path)  # as the user gave it
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise HuisstijlError(f"huisstijl '{name}' is een map; geef een Word-document (.docx)") from None
    except FileNotFoundError:
        raise HuisstijlError(f"huisstijl '{name}' bestaat niet") from None
    except PermissionError:
        raise HuisstijlError(f"huisstijl '{name}' kan niet worden gelezen (geen leesrechten)") from None
    except OSError as exc:
        raise HuisstijlError(f"huisstijl '{name}' kan niet worden gelezen ({exc.strerror or exc})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_bounds(name, z.infolist())
            members = set(z.namelist())
            if "word/styles.xml" not in members:
                raise HuisstijlError(f"huisstijl '{name}' is geen Word-document (.docx) met stijlen")
            if "[Content_Types].xml" in members:
                _check_kind(name, z.read("[Content_Types].xml"))
            for info in z.infolist():
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    _check_xml(name, info.filename, z.read(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError):
        # not a zip, a damaged one, or an unknown compression method
        raise HuisstijlError(f"huisstijl '{name}' is geen leesbaar Word-document (.docx)") from None
    return data


# Word files whose main part python-docx refuses (it opens a .docx only), with what the user has
_OTHER_KINDS = (
    (b"wordprocessingml.template.main+xml", "een Word-sjabloon (.dotx)"),
    (b"ms-word.template.macroEnabledTemplate.main+xml", "een Word-sjabloon met macro's (.dotm)"),
    (b"ms-word.document.macroEnabled.main+xml", "een Word-document met macro's (.docm)"),
)


def _check_kind(name: str, content_types: bytes) -> None:
    """A Word template or a document with macros: refused with what to do (save it as a .docx)."""
    for marker, kind in _OTHER_KINDS:
        if marker in content_types:
            raise HuisstijlError(f"huisstijl '{name}' is {kind}; sla het in Word op als Word-document (.docx)")


def _check_bounds(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise HuisstijlError(
            f"huisstijl '{name}' bevat {len(infos)} onderdelen (meer dan {MAX_MEMBERS}); dat is geen gewoon "
            "Word-document"
        )
    total = 0
    for info in infos:
        size = info.file_size
        limit = MAX_XML_BYTES if info.filename.lower().endswith(_XML_SUFFIXES) else MAX_PART_BYTES
        if size > limit:
            raise HuisstijlError(
                f"huisstijl '{name}' is te groot: {info.filename} wordt uitgepakt {_mib(size)} (meer dan "
                f"{_mib(limit)}); sla de huisstijl opnieuw op in Word of LibreOffice, zonder ingesloten inhoud"
            )
        if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
            raise HuisstijlError(
                f"huisstijl '{name}' is verdacht: {info.filename} is {info.compress_size} bytes en wordt "
                f"uitgepakt {_mib(size)} (een zipbom?); deze huisstijl wordt niet gebruikt"
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        raise HuisstijlError(
            f"huisstijl '{name}' is te groot: uitgepakt {_mib(total)} (meer dan {_mib(MAX_TOTAL_BYTES)}); "
            "verwijder grote afbeeldingen of ingesloten lettertypen uit de huisstijl"
        )


def _check_xml(name: str, member: str, data: bytes) -> None:
    text = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a byte order mark
        text = data.decode("utf-16", "replace").encode("utf-8")
    if _DOCTYPE.search(text):
        raise HuisstijlError(
            f"huisstijl '{name}' bevat een DTD (<!DOCTYPE> in {member}); Word en LibreOffice schrijven die "
            "nooit: sla de huisstijl opnieuw op in Word of LibreOffice"
        )
    if member == "_rels/.rels" and _STRICT in text:
        raise HuisstijlError(
            f"huisstijl '{name}' is opgeslagen als 'Strict Open XML'; sla hem in Word op als gewoon "
            "Word-document (.docx)"
        )


# --------------------------------------------------------------------------------------------------
# What the writer needs and the file may lack


def ensure_numbering_part(doc) -> bool:
    """Give the document an empty numbering part when it has none (LibreOffice writes none for a file
    without lists; python-docx cannot make one). True when one was added."""
    part = doc.part
    if any(rel.reltype == RT_NUMBERING and not rel.is_external for rel in part.rels.values()):
        return False
    taken = {str(p.partname) for p in part.package.iter_parts()}
    partname, n = "/word/numbering.xml", 1
    while partname in taken:
        partname, n = f"/word/numbering{n}.xml", n + 1
    # python-docx's parser (parse_xml), so that the element has its element classes
    element = parse_xml(f'<w:numbering xmlns:w="{W_NS}" xmlns:r="{R_NS}"/>'.encode())
    part.relate_to(NumberingPart(PackURI(partname), CT_NUMBERING, element, part.package), RT_NUMBERING)
    return True


# --------------------------------------------------------------------------------------------------
# What reaches outside the document


def strip_outside_references(doc) -> bool:
    """Remove from every part what reaches outside the document (module docstring); True when anything
    was removed. Parts python-docx keeps as bytes (footnotes, glossary, webSettings) are parsed, cleaned
    and put back."""
    removed = False
    for part in list(doc.part.package.iter_parts()):
        element = compat.xml_element(part)
        parsed_blob = False
        if element is None and str(part.content_type).endswith("+xml"):
            try:
                element = etree.fromstring(part.blob, _SAFE_PARSER)
                parsed_blob = True
            except etree.XMLSyntaxError:
                element = None
        changed = False
        for r_id, rel in list(part.rels.items()):
            if rel.is_external and not (rel.reltype == RT_HYPERLINK and _safe_url(rel.target_ref)):
                part.rels.pop(r_id)
                if element is not None:
                    _drop_references(element, r_id)
                changed = True
        if element is not None:
            changed |= _strip_fields(element)
        if changed and parsed_blob:
            blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
            if not compat.replace_blob(part, blob):
                _drop_part(doc, part)
        removed |= changed
    return removed


def _drop_part(doc, part) -> None:
    """Remove every relationship to `part` (it is then not saved): for a part whose cleaned bytes
    cannot be put back. Only parts python-docx keeps as bytes get here, which nothing refers to by id."""
    for source in [doc.part.package, *doc.part.package.iter_parts()]:
        for r_id, rel in list(source.rels.items()):
            if not rel.is_external and rel.target_part is part:
                source.rels.pop(r_id)


def _safe_url(url: str) -> bool:
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return scheme in SAFE_LINK_SCHEMES


def _drop_references(root, r_id: str) -> None:
    """Remove what refers to a dropped relationship: a hyperlink keeps its text; a picture, an embedded
    object or a mail merge goes as a whole; anything else (w:attachedTemplate) is removed."""
    referring = [e for e in root.iter() if any(k.startswith(f"{{{R_NS}}}") and v == r_id for k, v in e.attrib.items())]
    for e in referring:
        if e.getparent() is None:
            continue
        if e.tag == w("hyperlink"):
            parent = e.getparent()
            index = parent.index(e)
            for child in list(e):
                parent.insert(index, child)
                index += 1
            parent.remove(e)
            continue
        target = e
        for ancestor in e.iterancestors():
            if ancestor.tag in _REMOVE_WHOLE:
                target = ancestor
                break
        if target.getparent() is not None:
            target.getparent().remove(target)


def _strip_fields(root) -> bool:
    """Remove simple and complex fields whose instruction reaches outside (with their shown result)."""
    removed = False
    for simple in list(root.iter(w("fldSimple"))):
        if _outside(simple.get(w("instr"), "")) and simple.getparent() is not None:
            simple.getparent().remove(simple)
            removed = True
    runs = list(root.iter(w("r")))
    doomed: list[tuple[int, int]] = []
    stack: list[dict] = []  # open complex fields: start run index, instruction so far, in instruction
    for i, run in enumerate(runs):
        for child in run:
            if child.tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    stack.append({"start": i, "instr": "", "reading": True})
                elif kind == "separate" and stack:
                    stack[-1]["reading"] = False
                elif kind == "end" and stack:
                    field = stack.pop()
                    if _outside(field["instr"]):
                        doomed.append((field["start"], i))
            elif child.tag == w("instrText") and stack and stack[-1]["reading"]:
                stack[-1]["instr"] += child.text or ""
    for field in stack:  # a field without its end: up to the end of the part
        if _outside(field["instr"]):
            doomed.append((field["start"], len(runs) - 1))
    gone: set[int] = set()
    for start, end in doomed:
        gone.update(range(start, end + 1))
    for i in sorted(gone):
        run = runs[i]
        if run.getparent() is not None:
            run.getparent().remove(run)
            removed = True
    return removed


def _outside(instruction: str) -> bool:
    return bool(_OUTSIDE_FIELDS.match(instruction) or _FILE_URL.search(instruction))
