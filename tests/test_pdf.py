"""`ivplan.render.pdf.docx_to_pdf`: LibreOffice headless for real (CI installs it; see scripts/systeempakketten.sh).

Checked on the PDF a user gets: the table of contents is filled in (a plain `--convert-to pdf` would
leave its placeholder text), the PDF is tagged, it is written atomically, parallel runs do not collide,
and a missing or hanging LibreOffice gives a clear PdfError.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ivplan.cli.commands import main
from ivplan.render import pdf as pdfmod
from ivplan.render.pdf import PdfError, docx_to_pdf, libreoffice_available

PLACEHOLDER = "Klik met rechts om de inhoudsopgave bij te werken"
HEADING_1 = "Woninginbraak voorkomen"
HEADING_2 = "Ondermijning samen aanpakken"


def _field_run(paragraph, char_type: str) -> None:
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), char_type)
    paragraph.add_run()._r.append(fld)


def make_docx(path: Path) -> Path:
    doc = Document()
    doc.core_properties.title = "Integraal Veiligheidsplan Voorbeeldstad"
    doc.core_properties.language = "nl-NL"
    doc.add_paragraph("Inhoud")
    toc = doc.add_paragraph()
    _field_run(toc, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    toc.add_run()._r.append(instr)
    _field_run(toc, "separate")
    toc.add_run(PLACEHOLDER)
    _field_run(toc, "end")
    doc.add_heading(HEADING_1, 1)
    doc.add_paragraph("Het aantal woninginbraken daalt.")
    doc.add_page_break()
    doc.add_heading(HEADING_2, 2)
    doc.add_paragraph("Met politie en OM.")
    doc.save(path)
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


@pytest.fixture
def docx_file(tmp_path: Path) -> Path:
    return make_docx(tmp_path / "voorbeeldstad-plan.docx")


def test_libreoffice_is_installed_for_these_tests():
    # The tests below run LibreOffice for real; `make test` installs it first.
    assert libreoffice_available()


def test_pdf_has_filled_toc_and_is_tagged(docx_file: Path, tmp_path: Path):
    out_dir = tmp_path / "build"
    out_dir.mkdir()
    target = out_dir / "voorbeeldstad-plan.pdf"
    docx_to_pdf(docx_file, target)

    assert target.read_bytes().startswith(b"%PDF-")
    text = pdf_text(target)
    assert PLACEHOLDER not in text
    # Each heading appears once in the TOC and once in the body; the TOC lines carry page numbers.
    assert text.count(HEADING_1) == 2
    assert text.count(HEADING_2) == 2
    toc_area = text.split(HEADING_2)[0]
    assert HEADING_1 in toc_area
    toc_lines = [line for line in text.splitlines() if HEADING_1 in line or HEADING_2 in line][:2]
    assert toc_lines[0].rstrip().endswith("1")
    assert toc_lines[1].rstrip().endswith("2")

    info = pdf_info(target)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Integraal Veiligheidsplan Voorbeeldstad"
    assert info["Pages"] == "2"
    raw = target.read_bytes()
    assert b"/Outlines" in raw  # headings exported as PDF bookmarks
    assert b"/DisplayDocTitle true" in raw  # viewers show the title, not the file name
    # Only the PDF is written: no temporary file, no LibreOffice lock file, nothing beside the input.
    assert sorted(p.name for p in out_dir.iterdir()) == ["voorbeeldstad-plan.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "voorbeeldstad-plan.docx"]


def test_existing_pdf_is_replaced(docx_file: Path, tmp_path: Path):
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"oude inhoud")
    docx_to_pdf(docx_file, target)
    assert HEADING_1 in pdf_text(target)


@pytest.fixture(autouse=True)
def _own_temp_folder(tmp_path_factory, monkeypatch):
    """Each test gets a temporary folder of its own: other ivplan runs on the machine (other test runs)
    make and remove work folders in the shared one meanwhile."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("tmp")))


def _leftover_work_dirs() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob("ivplan-pdf-*")}


def test_a_conversion_leaves_no_pipe_of_libreoffice_behind(docx_file: Path, tmp_path: Path, monkeypatch):
    # LibreOffice listens on a named pipe, a socket /tmp/OSL_PIPE_<uid>_<name> it removes only when it
    # shuts down by itself; ivplan stops it once the PDFs are written, so it removes that socket itself
    # (else every `build --pdf` left one more in /tmp)
    names: list[str] = []
    popen = pdfmod.subprocess.Popen

    def recording(args, *rest, **kwargs):
        names.append(args[5])  # UNO_PYTHON -I script soffice profile PIPE_NAME ...
        return popen(args, *rest, **kwargs)

    monkeypatch.setattr(pdfmod.subprocess, "Popen", recording)
    docx_to_pdf(docx_file, tmp_path / "plan.pdf")  # may make the profile kept for the next runs
    docx_to_pdf(docx_file, tmp_path / "weer.pdf")  # with that profile: stopped once its PDF is there
    assert len(names) == 2 and all(name.startswith("ivplan-") for name in names)
    left = [name for name in names if os.path.lexists(f"/tmp/OSL_PIPE_{os.getuid()}_{name}")]
    assert left == []


def test_a_conversion_leaves_no_single_instance_pipe_behind(docx_file: Path, tmp_path: Path, monkeypatch):
    # Every LibreOffice also makes /tmp/OSL_PIPE_<uid>_SingleOfficeIPC_<hash of its profile>; each session
    # has a profile folder of its own, so each `build --pdf` left one more socket there (a thousand after
    # a day of tests). The name ivplan computes must be the one LibreOffice made: it exists when removed.
    removed: list[tuple[str, bool]] = []
    remove = pdfmod._remove_pipe

    def recording(name: str) -> None:
        removed.append((name, os.path.lexists(f"/tmp/OSL_PIPE_{os.getuid()}_{name}")))
        remove(name)

    monkeypatch.setattr(pdfmod, "_remove_pipe", recording)
    docx_to_pdf(docx_file, tmp_path / "plan.pdf")
    docx_to_pdf(docx_file, tmp_path / "weer.pdf")
    single = [(name, existed) for name, existed in removed if name.startswith("SingleOfficeIPC_")]
    assert len(single) == 2 and all(existed for _, existed in single), removed
    assert not any(os.path.lexists(f"/tmp/OSL_PIPE_{os.getuid()}_{name}") for name, _ in single)


def test_parallel_conversions_use_own_profiles(docx_file: Path, tmp_path: Path):
    before = _leftover_work_dirs()
    targets = [tmp_path / f"plan-{i}.pdf" for i in range(2)]
    errors: list[BaseException] = []

    def convert(target: Path) -> None:
        try:
            docx_to_pdf(docx_file, target)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for target in targets:
        text = pdf_text(target)
        assert text.count(HEADING_1) == 2
        assert PLACEHOLDER not in text
    # Profiles and work folders are removed afterwards.
    assert _leftover_work_dirs() - before == set()


def test_conversion_leaves_users_libreoffice_profile_alone(docx_file: Path, tmp_path: Path, monkeypatch):
    # Each run uses a throw-away profile (-env:UserInstallation), never ~/.config/libreoffice, which a
    # user's own LibreOffice (or another conversion) may have open.
    home = tmp_path / "thuis"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    docx_to_pdf(docx_file, tmp_path / "plan.pdf")
    assert (tmp_path / "plan.pdf").is_file()
    assert not (home / ".config" / "libreoffice").exists()


def test_missing_libreoffice_is_exit_2(docx_file: Path, tmp_path: Path, monkeypatch):
    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert not libreoffice_available()
    target = tmp_path / "plan.pdf"
    with pytest.raises(PdfError) as info:
        docx_to_pdf(docx_file, target)
    assert info.value.exit_code == 2
    message = str(info.value)
    assert "LibreOffice is niet geïnstalleerd" in message
    assert "libreoffice-writer" in message and "python3-uno" in message
    assert not target.exists()


def test_missing_python3_uno_is_exit_2(docx_file: Path, tmp_path: Path, monkeypatch):
    # A Python without the uno module (the test's own venv Python cannot import it).
    monkeypatch.setattr(pdfmod, "UNO_PYTHON", sys.executable)
    assert not libreoffice_available()
    with pytest.raises(PdfError) as info:
        docx_to_pdf(docx_file, tmp_path / "plan.pdf")
    assert info.value.exit_code == 2
    assert "python3-uno" in str(info.value)


def _is_gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    # A killed process whose parent was the converter may stay a zombie until init reaps it.
    return any(line.startswith("State:") and "Z" in line.split()[1] for line in status.splitlines())


def _fake_soffice(folder: Path, body: str) -> Path:
    folder.mkdir()
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return folder


def test_hanging_libreoffice_is_killed_after_timeout(docx_file: Path, tmp_path: Path, monkeypatch):
    pid_file = tmp_path / "soffice.pid"
    fake = _fake_soffice(tmp_path / "nep", f'echo $$ > "{pid_file}"\nexec sleep 300\n')
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "plan.pdf"
    before = _leftover_work_dirs()

    started = time.monotonic()
    with pytest.raises(PdfError) as info:
        docx_to_pdf(docx_file, target, timeout=3)
    elapsed = time.monotonic() - started

    assert elapsed < 15
    assert info.value.exit_code == 2  # LibreOffice failing as a program: the user must repair it
    assert str(info.value) == (
        f"LibreOffice reageerde niet binnen 3 seconden bij het omzetten van {docx_file} naar PDF"
    )
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while not _is_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _is_gone(pid), "de vastgelopen soffice draait nog"
    assert not target.exists()
    assert _leftover_work_dirs() - before == set()


def test_libreoffice_that_crashes_is_exit_2(docx_file: Path, tmp_path: Path, monkeypatch):
    fake = _fake_soffice(tmp_path / "nep", "exit 77\n")
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "plan.pdf"
    with pytest.raises(PdfError) as info:
        docx_to_pdf(docx_file, target, timeout=30)
    assert info.value.exit_code == 2
    assert str(info.value) == (
        f"{docx_file}: omzetten naar PDF mislukt: LibreOffice stopte onverwacht tijdens het opstarten (afsluitcode 77)"
    )
    assert not target.exists()


def test_failed_conversion_keeps_existing_pdf(tmp_path: Path):
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"dit is geen Word-document")
    target = tmp_path / "kapot.pdf"
    target.write_bytes(b"%PDF- vorige goede versie")
    with pytest.raises(PdfError) as info:
        docx_to_pdf(broken, target, timeout=60)
    assert info.value.exit_code == 3
    assert str(info.value).startswith(f"{broken}: omzetten naar PDF mislukt: ")
    assert target.read_bytes() == b"%PDF- vorige goede versie"


def test_timeout_message_uses_dutch_decimal_comma():
    assert pdfmod._seconds(120) == "120"
    assert pdfmod._seconds(0.5) == "0,5"


# --------------------------------------------------------------------------------------------------
# One LibreOffice session for every document of a run (issue 20)


def _soffice_starts(tmp_path: Path, monkeypatch) -> Path:
    """A soffice on PATH that notes every start in a file and then runs the real one."""
    real = pdfmod._find_soffice()
    log = tmp_path / "starts.log"
    fake = _fake_soffice(tmp_path / "tellend", f'echo start >> "{log}"\nexec "{real}" "$@"\n')
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    return log


def test_one_session_converts_every_document_and_a_broken_one_does_not_stop_the_rest(
    docx_file: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    starts = _soffice_starts(tmp_path, monkeypatch)
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(b"dit is geen Word-document")
    second = tmp_path / "tweede.docx"
    second.write_bytes(docx_file.read_bytes())
    pairs = [(docx_file, tmp_path / "een.pdf"), (broken, tmp_path / "kapot.pdf"), (second, tmp_path / "twee.pdf")]
    errors = pdfmod.docx_to_pdfs(pairs)
    assert errors[0] is None and errors[2] is None
    assert isinstance(errors[1], PdfError) and errors[1].exit_code == 3
    assert str(errors[1]).startswith(f"{broken}: omzetten naar PDF mislukt: ")
    for target in (tmp_path / "een.pdf", tmp_path / "twee.pdf"):
        assert PLACEHOLDER not in pdf_text(target)
        assert pdf_info(target)["Tagged"] == "yes"
    assert not (tmp_path / "kapot.pdf").exists()
    # the broken document failed inside the session: LibreOffice was not started again for the third
    assert starts.read_text().split() == ["start"]


def test_the_profile_is_kept_and_copied_unless_the_cache_is_off(docx_file: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    docx_to_pdf(docx_file, tmp_path / "een.pdf")
    [kept] = (cache / "ivplan" / "libreoffice").iterdir()
    assert (kept / "user" / "registrymodifications.xcu").is_file()
    made = (kept / "user" / "registrymodifications.xcu").stat().st_mtime_ns
    docx_to_pdf(docx_file, tmp_path / "twee.pdf")  # works on a copy: the kept profile is not touched
    assert (kept / "user" / "registrymodifications.xcu").stat().st_mtime_ns == made
    assert HEADING_1 in pdf_text(tmp_path / "twee.pdf")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ander"))
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    docx_to_pdf(docx_file, tmp_path / "drie.pdf")
    assert HEADING_1 in pdf_text(tmp_path / "drie.pdf")
    assert not (tmp_path / "ander" / "ivplan").exists()  # (LibreOffice itself may leave dconf/ there)


def test_a_profile_folder_that_is_a_link_is_not_used(tmp_path, monkeypatch):
    # a LibreOffice profile someone else can write to could hold macros: only a private folder is used
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "ivplan").mkdir()
    (tmp_path / "ivplan" / "libreoffice").symlink_to(elsewhere)
    assert pdfmod._kept_profile(pdfmod._find_soffice()) is None
    (tmp_path / "ivplan" / "libreoffice").unlink()
    kept = pdfmod._kept_profile(pdfmod._find_soffice())
    assert kept is not None and kept.parent == tmp_path / "ivplan" / "libreoffice"
    assert oct(kept.parent.stat().st_mode & 0o777) == "0o700"


def test_a_session_started_before_the_documents_exist(docx_file: Path, tmp_path: Path, monkeypatch):
    # ivplan build --pdf starts LibreOffice while it makes the documents, and hands them over after
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    starts = _soffice_starts(tmp_path, monkeypatch)
    before = _leftover_work_dirs()
    session = pdfmod.PdfSession.start()
    target = tmp_path / "later.pdf"
    assert pdfmod.docx_to_pdfs([(docx_file, target)], session=session) == [None]
    session.close()
    assert PLACEHOLDER not in pdf_text(target) and pdf_info(target)["Tagged"] == "yes"
    assert starts.read_text().split() == ["start"]
    unused = pdfmod.PdfSession.start()  # a build whose plans all failed: nothing to convert
    unused.close()
    assert _leftover_work_dirs() - before == set()


def test_a_long_list_of_documents_never_blocks_on_a_hanging_libreoffice(docx_file: Path, tmp_path: Path, monkeypatch):
    # the names of many documents are more than a pipe holds; the script reads them while LibreOffice
    # starts, so ivplan hands them over at once and its timeout still ends a LibreOffice that hangs
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fake = _fake_soffice(tmp_path / "nep", "exec sleep 300\n")
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    long_name = tmp_path / ("plan-" + "x" * 150 + ".docx")
    long_name.write_bytes(docx_file.read_bytes())
    pairs = [(long_name, tmp_path / "uit" / f"{n}.pdf") for n in range(600)]
    assert sum(len(str(d)) + len(str(p)) for d, p in pairs) > 65536  # the names sent are as long
    outcome: list = []
    session = pdfmod.PdfSession.start()

    def convert():
        try:
            outcome.append(pdfmod.docx_to_pdfs(pairs, session=session, timeout=3))
        finally:
            session.close()

    worker = threading.Thread(target=convert, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "ivplan wacht nog op LibreOffice"
    (results,) = outcome
    assert all(isinstance(r, PdfError) and r.exit_code == 2 for r in results)
    assert "reageerde niet binnen 3 seconden" in str(results[0])


# --------------------------------------------------------------------------------------------------
# The commands with a LibreOffice that fails: exit 2 with one Dutch line, the .docx files still written


EXAMPLES = Path(__file__).parents[1] / "examples"


def _ivplan(*args, path: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{path}{os.pathsep}{os.environ['PATH']}")
    command = [sys.executable, "-m", "ivplan", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def _failing_libreoffice(tmp_path: Path, body: str = "exit 1\n") -> Path:
    fake = _fake_soffice(tmp_path / "nep", body)
    (fake / "libreoffice").write_text("#!/bin/sh\n" + body)
    (fake / "libreoffice").chmod(0o755)
    return fake


def test_build_pdf_with_a_libreoffice_that_stops_at_once_is_exit_2(tmp_path: Path):
    fake = _failing_libreoffice(tmp_path)
    out = tmp_path / "uit"
    result = _ivplan("build", EXAMPLES / "oldenveld.yaml", "--pdf", "-o", out, path=fake)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "interne fout" not in result.stderr
    assert "omzetten naar PDF mislukt: LibreOffice stopte onverwacht tijdens het opstarten (afsluitcode 1)" in (
        result.stderr
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "oldenveld-ivp-2027-2030-plan.docx",
        "oldenveld-ivp-2027-2030-raadsvoorstel.docx",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("voortgang", EXAMPLES / "havenstad.yaml", "--pdf", "-o", "uit"),
        ("check", "--regio", EXAMPLES / "regio" / "regio.yaml", EXAMPLES / "regio" / "plannen", "-o", "r.pdf"),
        ("build", EXAMPLES / "uitvoering" / "havenstad-2027.yaml", "--pdf", "-o", "uit"),
    ],
)
def test_other_commands_with_a_libreoffice_that_stops_at_once_are_exit_2(tmp_path: Path, args):
    fake = _failing_libreoffice(tmp_path)
    result = _ivplan(*args, path=fake, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "interne fout" not in result.stderr
    assert "LibreOffice stopte onverwacht tijdens het opstarten (afsluitcode 1)" in result.stderr
    assert not list(tmp_path.rglob("*.pdf"))


def test_build_pdf_with_a_libreoffice_that_hangs_stops_at_the_time_limit(tmp_path: Path, monkeypatch):
    # the limit itself is minutes (DOCUMENT_SECONDS); here it is shortened, in the process that converts
    fake = _failing_libreoffice(tmp_path, "exec sleep 300\n")
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(pdfmod, "DOCUMENT_SECONDS", 3)
    out = tmp_path / "uit"
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", str(EXAMPLES / "oldenveld.yaml"), "--pdf", "-o", str(out), "-j", "1"])
    assert time.monotonic() - started < 60
    assert result.exit_code == 2, result.output
    assert "LibreOffice reageerde niet binnen 3 seconden bij het omzetten van" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx"]


def test_the_time_limit_is_generous():
    assert pdfmod.DOCUMENT_SECONDS >= 120
