"""ivplan.render.docxwriter.compat: a python-docx without the internals ivplan uses still gives the same,
valid, deterministic document (slower, never wrong)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter

from ivplan.render.docxwriter import compat, write_docx
from test_docxwriter import META, SAMPLE, Image, make_huisstijl, png, validate

PRIVATE_STEPS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
MARKDOWN = SAMPLE + "\n[[voettekst: pagina {PAGE} van {NUMPAGES}]]\n"


def _write(**kwargs) -> bytes:
    return write_docx(MARKDOWN, META, images={"logo": Image(png()), "grafiek": Image(png(200, 100))}, **kwargs)


def _rename_private_steps(monkeypatch) -> None:
    """python-docx as a release that renamed PackageWriter's private steps would be: its own save
    still works, ivplan's shortcut finds nothing."""
    for name in PRIVATE_STEPS:
        monkeypatch.setattr(PackageWriter, f"{name}_v2", PackageWriter.__dict__[name], raising=False)
        monkeypatch.delattr(PackageWriter, name)

    def write(pkg_file, pkg_rels, parts):
        phys_writer = PhysPkgWriter(pkg_file)
        PackageWriter._write_content_types_stream_v2(phys_writer, parts)
        PackageWriter._write_pkg_rels_v2(phys_writer, pkg_rels)
        PackageWriter._write_parts_v2(phys_writer, parts)
        phys_writer.close()

    monkeypatch.setattr(PackageWriter, "write", staticmethod(write))


@pytest.fixture
def fallbacks(monkeypatch) -> list:
    """python-docx without the internals ivplan uses; lists each fallback taken."""
    _rename_private_steps(monkeypatch)
    calls: list = []
    real = compat.members_by_saving

    def counting(doc):
        calls.append(doc)
        return real(doc)

    monkeypatch.setattr(compat, "members_by_saving", counting)
    return calls


@pytest.mark.parametrize("with_huisstijl", [False, True], ids=["standaard", "huisstijl"])
def test_without_the_internals_the_document_is_the_same_valid_and_deterministic(tmp_path, request, with_huisstijl):
    kwargs = {"huisstijl": make_huisstijl(tmp_path)} if with_huisstijl else {}
    fast = _write(**kwargs)
    fallbacks = request.getfixturevalue("fallbacks")
    slow = _write(**kwargs)
    assert len(fallbacks) == 1, "the fallback was not taken"
    assert slow == _write(**kwargs)  # deterministic
    assert slow == fast  # the same bytes as through python-docx's internals
    with zipfile.ZipFile(io.BytesIO(slow)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<Application>ivplan</Application>" in z.read("docProps/app.xml")
    result = validate(tmp_path, slow)
    assert result.returncode == 0 and "0 schema problems" in result.stdout, result.stdout + result.stderr
    opened = docx.Document(io.BytesIO(slow))
    assert opened.core_properties.title == META.title
    assert opened.sections[-1].footer.paragraphs[0].text.startswith("pagina ")


def test_package_members_falls_back_only_when_the_internals_are_missing(monkeypatch):
    doc = docx.Document()
    calls: list = []
    real = compat.members_by_saving
    monkeypatch.setattr(compat, "members_by_saving", lambda d: calls.append(d) or real(d))
    fast = compat.package_members(doc)
    assert calls == []
    _rename_private_steps(monkeypatch)
    assert compat.package_members(doc) == fast
    assert calls == [doc]


def test_core_properties_element_is_the_one_behind_core_properties():
    doc = docx.Document()
    element = compat.core_properties_element(doc)
    doc.core_properties.title = "Titel"
    assert element.title_text == "Titel"


def test_story_element_is_the_footer_root():
    doc = docx.Document()
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    root = compat.story_element(footer)
    assert root.tag.endswith("}ftr")
    footer.paragraphs[0].text = "voet"
    assert "voet" in "".join(root.itertext())


# --------------------------------------------------------------------------------------------------
# ImageIndex: python-docx's image bookkeeping without a cost per image that grows (issue 20)


def _many_images(n: int) -> tuple[str, dict]:
    """n different charts plus every one of them a second time (the same bytes: one media part)."""
    images = {f"grafiek-{i}": Image(png(40 + i, 20), alt=f"Grafiek {i}") for i in range(n)}
    images.update({f"kopie-{i}": Image(png(40 + i, 20), alt=f"Kopie {i}") for i in range(n)})
    lines = [f"[[afbeelding: {name} | {image.alt}]]" for name, image in images.items()]
    text = "# Grafieken\n\n" + "\n\n".join(lines) + "\n\n[Een link](https://example.org/)\n"
    return text, images


def test_image_index_gives_the_bytes_python_docx_gives(tmp_path, monkeypatch):
    text, images = _many_images(30)
    huisstijl = make_huisstijl(tmp_path)
    fast = [write_docx(text, META, images=images), write_docx(text, META, images=images, huisstijl=huisstijl)]

    def missing(self):
        raise AttributeError("python-docx without ImageParts")

    monkeypatch.setattr(compat.ImageIndex, "_index", missing)
    slow = [write_docx(text, META, images=images), write_docx(text, META, images=images, huisstijl=huisstijl)]
    assert fast == slow
    with zipfile.ZipFile(io.BytesIO(fast[0])) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert sorted(media) == sorted(f"word/media/image{i}.png" for i in range(1, 31))  # duplicates share a part


def test_image_index_hashes_each_image_once(monkeypatch):
    from docx.parts.image import ImagePart

    counts = {}
    for n in (10, 40):
        text, images = _many_images(n)
        calls = []
        real = ImagePart.sha1
        counting = property(lambda part, calls=calls, real=real: calls.append(part) or real.fget(part))
        monkeypatch.setattr(ImagePart, "sha1", counting)
        write_docx(text, META, images=images)
        monkeypatch.setattr(ImagePart, "sha1", real)
        counts[n] = len(calls)
    # python-docx hashes every earlier image again for each new one (n * (n - 1) / 2 and more);
    # the index hashes only the images the base template already has, once
    assert counts[10] == counts[40] == 0


def test_image_index_reuses_what_the_part_already_has():
    doc = docx.Document()
    first_rid, first = doc.part.get_or_add_image(io.BytesIO(png()))
    index = compat.ImageIndex(doc.part)
    assert index.fast
    r_id, image = index.add(png())
    assert (r_id, image.sha1) == (first_rid, first.sha1)
    other_rid, _ = index.add(png(80, 40))
    assert other_rid != first_rid
    assert len(list(doc.part.package.image_parts)) == 2
    assert doc.part.related_parts[other_rid].partname == "/word/media/image2.png"
