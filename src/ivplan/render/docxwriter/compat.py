"""Where ivplan needs more of python-docx than its documented API: the one module that knows how.

python-docx is pinned below 2 (pyproject.toml). The only private names used are in
`_members_from_package_writer`; should a release rename or drop them, ivplan gets slower, never wrong:
`package_members` notices (a missing attribute, a changed signature) and takes the fallback, which
gives the same bytes. tests/test_docx_compat.py removes the internals and checks that.

- `package_members(doc)`: the package's members (zip member name -> bytes) exactly as python-docx
  would zip them, taken from its `PackageWriter._write_*` steps instead of a zip that would have to be
  read back (package.save_deterministic zips them once, with a fixed timestamp). Fallback:
  `Document.save` into memory, and the zip read back.
- `story_element(header_or_footer)`: the w:hdr / w:ftr element of a header or footer, to clear it
  (python-docx has no API to clear a story); through the public `part.element`.
- `core_properties_element(doc)`: the cp:coreProperties element, to empty it before the plan's
  properties are set (python-docx has no API to clear them); through the public `element` of the
  package's core-properties part.
- `xml_element(part)`: the root element of a part python-docx parsed (an XmlPart), else None.
- `replace_blob(part, blob)`: new bytes for a part python-docx keeps as bytes (footnotes, glossary,
  webSettings: no XmlPart), after the huisstijl's outside references were stripped from them
  (huisstijl.py); python-docx has no setter. False when the attribute is gone (a changed release):
  the caller then drops the part instead.
- `ImageIndex(part).add(data)`: what `part.get_or_add_image(io.BytesIO(data))` gives (the rId and the
  Image), without python-docx's scans per image: it hashes every image already in the package again to
  find a duplicate, lists every image's number to find a free one and walks every relationship twice.
  That made each image cost more than the one before (a plan with 176 charts: 11,750 SHA1s, 0.8 s).
  The index keeps the SHA1s, the numbers and the rIds, with python-docx's own choice of each (the
  first match, the lowest free number): the same bytes. Fallback: python-docx's own method.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, cast

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.parts.image import ImagePart

if TYPE_CHECKING:
    from docx.opc.phys_pkg import PhysPkgWriter
    from docx.opc.pkgwriter import PackageWriter

# python-docx's zip writer, whose private steps _members_from_package_writer calls. Loaded with docx
# anyway (its package saving uses it); a release without the module takes the fallback.
_PACKAGE_WRITER: type[PackageWriter] | None
try:
    from docx.opc import pkgwriter as _pkgwriter
except ImportError:
    _PACKAGE_WRITER = None
else:
    _PACKAGE_WRITER = _pkgwriter.PackageWriter

CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"


class _Members(dict):
    """Stands in for python-docx's zip writer (PhysPkgWriter): collects every member's bytes by name."""

    def write(self, pack_uri, blob: bytes) -> None:
        self[pack_uri.membername] = blob


def package_members(doc) -> dict[str, bytes]:
    """The members of `doc`'s package, by zip member name (`word/document.xml`, `[Content_Types].xml`)."""
    members = _members_from_package_writer(doc)
    return members if members is not None else members_by_saving(doc)


def _members_from_package_writer(doc) -> dict[str, bytes] | None:
    """What `OpcPackage.save` hands its zip writer, without the zip; None when python-docx changed."""
    steps = _PACKAGE_WRITER
    if steps is None:
        return None
    try:
        package = doc.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        members = _Members()
        writer = cast("PhysPkgWriter", members)  # _Members has the one method the steps call: write()
        steps._write_content_types_stream(writer, parts)
        steps._write_pkg_rels(writer, package.rels)
        steps._write_parts(writer, parts)
    except (AttributeError, TypeError):
        return None
    return dict(members)


def members_by_saving(doc) -> dict[str, bytes]:
    """The fallback: python-docx's public `save`, into memory, and its zip read back."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def story_element(story):
    """The root element (w:hdr or w:ftr) of a section's header or footer that is not linked to the
    previous section's (the element python-docx's own `_element` gives)."""
    return story.part.element


def core_properties_element(doc):
    """The cp:coreProperties element of the package (the element behind `doc.core_properties`)."""
    doc.core_properties  # noqa: B018 - adds a core-properties part when the package has none
    for part in doc.part.package.iter_parts():
        if part.content_type == CT_CORE_PROPERTIES:
            return part.element
    raise LookupError("the package has no core properties")  # python-docx made them just above


def xml_element(part):
    """The root element of a part python-docx parsed (`XmlPart.element`), else None."""
    return part.element if isinstance(part, XmlPart) else None


def replace_blob(part, blob: bytes) -> bool:
    """Give a part that python-docx keeps as bytes new bytes; False when python-docx changed."""
    if not isinstance(getattr(part, "_blob", None), bytes):
        return False
    part._blob = blob
    return True


class ImageIndex:
    """python-docx's image bookkeeping for one story part (the document body), kept instead of searched
    (module docstring). Make it when the images are added, after the document is set up: it indexes
    the images and relationships there are then, and later ones only as they come through `add`."""

    def __init__(self, part) -> None:
        self.part = part
        try:
            self._index()
            self.fast = True
        except (AttributeError, TypeError):
            self.fast = False

    def _index(self) -> None:
        self._Image, self._PackURI, self._ImagePart, self._RT_IMAGE = Image, PackURI, ImagePart, RT.IMAGE
        self._images = self.part.package.image_parts  # ImageParts: python-docx appends to it as well
        self._by_sha1: dict[str, object] = {}
        for image_part in self._images:
            self._by_sha1.setdefault(image_part.sha1, image_part)  # the first one, as _get_by_sha1 finds
        self._numbers = {image_part.partname.idx for image_part in self._images}
        self._next_number = 1
        self._rels = self.part.rels
        self._rid_by_part: dict[object, str] = {}
        for r_id, rel in self._rels.items():
            if rel.reltype == RT.IMAGE and not rel.is_external:
                self._rid_by_part.setdefault(rel.target_part, r_id)  # the first, as _get_matching finds
        self._next_rid = 1
        self._rels_seen = len(self._rels)

    def add(self, data: bytes):
        """(rId, Image) for the image `data`, added to the package and related to the part if new."""
        if not self.fast:
            return self.part.get_or_add_image(io.BytesIO(data))
        image = self._Image.from_file(io.BytesIO(data))
        image_part = self._by_sha1.get(image.sha1)
        if image_part is None:
            # the lowest number no image has (python-docx: ImageParts._next_image_partname)
            while self._next_number in self._numbers:
                self._next_number += 1
            partname = self._PackURI(f"/word/media/image{self._next_number}.{image.ext}")
            image_part = self._ImagePart.from_image(image, partname)
            self._images.append(image_part)
            self._by_sha1[image.sha1] = image_part
            self._numbers.add(self._next_number)
        r_id = self._rid_by_part.get(image_part)
        if r_id is None:
            # the lowest free rIdN (python-docx: Relationships._next_rId); relationships that others
            # removed meanwhile may have freed a lower one
            if len(self._rels) < self._rels_seen:
                self._next_rid = 1
            while f"rId{self._next_rid}" in self._rels:
                self._next_rid += 1
            r_id = f"rId{self._next_rid}"
            self._rels.add_relationship(self._RT_IMAGE, image_part, r_id)
            self._rid_by_part[image_part] = r_id
        self._rels_seen = len(self._rels)
        return r_id, image_part.image  # type: ignore[attr-defined]  # an ImagePart (python-docx is untyped)
