"""Faults: a failing or interrupted build, unwritable outputs, missing files, a bad huisstijl, a hanging
LibreOffice and internal errors. Each gives a clear Dutch message and the exit code of docs/uitvoer.md, and a
previous good document always survives byte for byte, with no temporary file left behind.

Note on permissions: the tests run as root in CI, and root ignores file modes, so `chmod 0o500` cannot
make a folder unwritable there. The unwritable-output cases therefore use paths that no user can write
to: a folder below a regular file (`-o plan.txt/sub`), an output folder that is a file, and a document
name that is taken by a folder. The chmod variant runs only for a non-root user.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import ivplan.app.build
import ivplan.core.output
import ivplan.render.docxwriter
from ivplan.cli.commands import main

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal_plan.yaml"
NAME = "voorbeeldstad-ivp-2027-2030"


def _invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output or "--debug" in args, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _build(plan: Path, out: Path, *extra: str):
    return _invoke("build", str(plan), "-o", str(out), "--jobs", "1", *extra)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _no_temp_files(folder: Path) -> None:
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    assert not leftovers, leftovers


@pytest.fixture
def good_build(tmp_path):
    """A plan and a folder with its two documents from a first, good build."""
    plan = tmp_path / "plan.yaml"
    shutil.copy(MINIMAL, plan)
    out = tmp_path / "uit"
    result = _build(plan, out)
    assert result.exit_code == 0, result.output
    before = _snapshot(out)
    assert sorted(before) == [f"{NAME}-plan.docx", f"{NAME}-raadsvoorstel.docx"]
    return plan, out, before


def _internal_error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "interne fout" in line]


# --------------------------------------------------------------------------------------------------
# A failing or interrupted rebuild keeps the previous documents


def test_a_failing_rebuild_keeps_the_previous_documents(good_build, monkeypatch):
    plan, out, before = good_build

    def broken(*args, **kwargs):
        raise RuntimeError("schrijver kapot")

    monkeypatch.setattr(ivplan.app.build, "write_docx", broken)
    result = _build(plan, out)
    assert result.exit_code == 3
    [line] = _internal_error_lines(result.stderr)
    assert str(plan) in line and "RuntimeError: schrijver kapot" in line and "--debug" in line
    assert _snapshot(out) == before
    _no_temp_files(out)


def test_a_rebuild_that_fails_on_the_second_document_writes_neither(good_build, monkeypatch):
    # every document of a plan is rendered in memory before the first one is written
    plan, out, before = good_build
    real = ivplan.render.docxwriter.write_docx
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("tweede document kapot")
        return real(*args, **kwargs)

    monkeypatch.setattr(ivplan.app.build, "write_docx", second_fails)
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("Minder woninginbraken.", "Veel minder inbraken."), encoding="utf-8"
    )
    result = _build(plan, out)
    assert result.exit_code == 3
    assert len(calls) == 2
    assert _snapshot(out) == before
    _no_temp_files(out)


@pytest.mark.parametrize("fault", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")])
def test_an_interrupted_or_failed_write_removes_its_temporary_file(good_build, monkeypatch, fault):
    plan, out, before = good_build

    def fsync(fd):
        raise fault

    monkeypatch.setattr(ivplan.core.output.os, "fsync", fsync)
    result = _build(plan, out)
    if isinstance(fault, KeyboardInterrupt):
        assert result.exit_code == 130
        assert "ivplan: afgebroken" in result.stderr
    else:
        assert result.exit_code == 2
        assert "de schijf is vol" in result.stderr and NAME in result.stderr
    assert _snapshot(out) == before
    _no_temp_files(out)


@pytest.mark.skipif(sys.platform != "linux", reason="relies on fork: the workers inherit the patched writer")
def test_a_worker_that_dies_mid_build_leaves_the_previous_documents(tmp_path, monkeypatch):
    plans = []
    for n, naam in enumerate(["Voorbeeldstad", "Anderstad"]):
        plan = tmp_path / f"plan{n}.yaml"
        plan.write_text(MINIMAL.read_text(encoding="utf-8").replace("Voorbeeldstad", naam), encoding="utf-8")
        plans.append(str(plan))
    out = tmp_path / "uit"
    assert _invoke("build", *plans, "-o", str(out), "--jobs", "2").exit_code == 0
    before = _snapshot(out)
    assert len(before) == 4

    def die(*args, **kwargs):
        os._exit(9)  # as if the worker were killed

    monkeypatch.setattr(ivplan.app.build, "write_docx", die)
    result = _invoke("build", *plans, "-o", str(out), "--jobs", "2")
    assert result.exit_code == 3
    assert len(_internal_error_lines(result.stderr)) == 1
    assert _snapshot(out) == before
    _no_temp_files(out)


# --------------------------------------------------------------------------------------------------
# Outputs that cannot be written (exit 2)


def test_output_folder_below_a_regular_file(tmp_path):
    blocker = tmp_path / "plan.txt"
    blocker.write_text("ik ben een bestand\n", encoding="utf-8")
    result = _build(MINIMAL, blocker / "sub")
    assert result.exit_code == 2
    assert f"ivplan: {blocker / 'sub'}: uitvoermap kan niet worden gemaakt" in result.stderr
    assert "een deel van het pad is een bestand, geen map" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "ik ben een bestand\n"


def test_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "uit"
    blocker.write_bytes(b"x")
    result = _build(MINIMAL, blocker)
    assert result.exit_code == 2
    assert str(blocker) in result.stderr and "uitvoermap" in result.stderr
    assert blocker.read_bytes() == b"x"


def test_a_document_name_taken_by_a_folder(tmp_path):
    out = tmp_path / "uit"
    (out / f"{NAME}-plan.docx").mkdir(parents=True)
    result = _build(MINIMAL, out)
    assert result.exit_code == 2
    assert f"{NAME}-plan.docx: kan niet schrijven (is een map)" in result.stderr
    assert (out / f"{NAME}-plan.docx").is_dir()
    _no_temp_files(out)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_output_folder_without_write_permission(tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = _build(MINIMAL, out)
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2
    assert "geen schrijfrechten" in result.stderr


# --------------------------------------------------------------------------------------------------
# Missing and unreadable inputs (exit 2)


def test_missing_plan_file_is_exit_2_and_the_other_plans_still_build(tmp_path):
    missing = tmp_path / "bestaat-niet.yaml"
    result = _build(missing, tmp_path / "uit")
    assert result.exit_code == 2
    assert f"ivplan: {missing}: bestand niet gevonden" in result.stderr
    result = _invoke("build", str(missing), str(MINIMAL), "-o", str(tmp_path / "uit"), "--jobs", "1")
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == [f"{NAME}-plan.docx", f"{NAME}-raadsvoorstel.docx"]


def test_a_folder_given_as_plan_is_exit_2(tmp_path):
    result = _invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert f"ivplan: {tmp_path}:" in result.stderr and "map" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_an_unreadable_plan_is_exit_2(tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copy(MINIMAL, plan)
    plan.chmod(0)
    result = _invoke("validate", str(plan))
    assert result.exit_code == 2
    assert "geen leesrechten" in result.stderr


# --------------------------------------------------------------------------------------------------
# A huisstijl that is not a usable .docx (exit 2, before anything is written)


def _huisstijl(tmp_path: Path, kind: str) -> Path:
    good = tmp_path / "goed.docx"
    docx.Document().save(str(good))
    data = good.read_bytes()
    path = tmp_path / f"{kind}.docx"
    if kind == "tekst":
        path.write_text("Dit is geen Word-document.\n", encoding="utf-8")
    elif kind == "afgekapt":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "leeg":
        path.write_bytes(b"")
    elif kind == "map":
        path.mkdir()
    elif kind == "ontbreekt":
        pass
    else:
        with zipfile.ZipFile(good) as z, zipfile.ZipFile(path, "w") as o:
            for name in z.namelist():
                if name == "word/styles.xml":
                    if kind == "zonder-stijlen":
                        continue
                    o.writestr(
                        name,
                        b"<<< geen XML"
                        if kind == "kapotte-stijlen"
                        else b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        b'<w:style w:type="paragraph" w:styleId="x"><w:name w:val="&e;"/></w:style></w:styles>',
                    )
                else:
                    o.writestr(name, z.read(name))
    return path


@pytest.mark.parametrize(
    "kind, fragment",
    [
        ("tekst", "geen leesbaar Word-document"),
        ("afgekapt", "geen leesbaar Word-document"),
        ("leeg", "geen leesbaar Word-document"),
        ("map", "is een map"),
        ("ontbreekt", "niet gevonden"),
        ("zonder-stijlen", "met stijlen"),
        ("kapotte-stijlen", "geen leesbaar Word-bestand"),
        ("xxe-stijlen", "bevat een DTD"),
    ],
)
def test_a_huisstijl_that_is_not_a_usable_docx_is_exit_2(tmp_path, kind, fragment):
    huisstijl = _huisstijl(tmp_path, kind)
    out = tmp_path / "uit"
    result = _build(MINIMAL, out, "--huisstijl", str(huisstijl))
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr, result.stderr
    assert huisstijl.name in result.stderr
    assert not out.exists() or not list(out.glob("*.docx"))
    assert "root:" not in result.output  # the external entity was never read


# --------------------------------------------------------------------------------------------------
# LibreOffice missing or hanging


def test_pdf_without_libreoffice_is_exit_2_before_anything_is_written(tmp_path, monkeypatch):
    empty = tmp_path / "leeg-pad"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "uit"
    result = _build(MINIMAL, out, "--pdf")
    assert result.exit_code == 2
    assert "LibreOffice" in result.stderr and "niet geïnstalleerd" in result.stderr
    assert not out.exists()


def _fake_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A `soffice` on PATH that never answers; it writes its pid so the test can check it was killed."""
    folder = tmp_path / "nep-bin"
    folder.mkdir()
    pids = tmp_path / "pids"
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 300\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder, pids


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # a zombie that nobody reaped in a container is not running


@pytest.mark.skipif(
    not Path("/usr/bin/python3").exists() or not sys.platform.startswith("linux"),
    reason="needs the system Python that runs the LibreOffice converter",
)
def test_a_hanging_libreoffice_times_out_with_a_clear_message(tmp_path, monkeypatch):
    from ivplan.render import pdf

    if not pdf.libreoffice_available():
        pytest.skip("python3-uno is not installed")
    folder, pids = _fake_soffice(tmp_path)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setitem(pdf.docx_to_pdfs.__kwdefaults__, "timeout", 2)
    out = tmp_path / "uit"
    start = time.perf_counter()
    result = _build(MINIMAL, out, "--pdf")
    assert time.perf_counter() - start < 30
    assert result.exit_code == 2  # pdf.py: a LibreOffice that hangs is exit 2, like one that is missing
    assert "LibreOffice reageerde niet binnen 2 seconden" in result.stderr
    assert len([line for line in result.stderr.splitlines() if "LibreOffice reageerde niet" in line]) == 1
    assert (out / f"{NAME}-plan.docx").exists()  # the document itself was written
    assert not list(out.glob("*.pdf"))
    _no_temp_files(out)
    assert pids.exists(), "the fake soffice was never started"
    deadline = time.monotonic() + 5
    while not all(_gone(int(p)) for p in pids.read_text().split()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(int(p)) for p in pids.read_text().split()), "a soffice outlived its timeout"


# --------------------------------------------------------------------------------------------------
# Internal errors: one line and exit 3; --debug shows the traceback


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_while_validating(tmp_path, monkeypatch, debug):
    import ivplan.validation.lint

    def broken(*args, **kwargs):
        raise RuntimeError("regel kapot")

    monkeypatch.setattr(ivplan.validation.lint, "run_rules", broken)
    result = _invoke("validate", str(MINIMAL), *(["--debug"] if debug else []))
    assert result.exit_code == 3
    [line] = _internal_error_lines(result.stderr)
    assert line.startswith(f"ivplan: {MINIMAL}: interne fout (RuntimeError: regel kapot)")
    assert ("Traceback" in result.stderr) == debug


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_while_building(tmp_path, monkeypatch, debug):
    import ivplan.documents.context

    def broken(*args, **kwargs):
        raise RuntimeError("context kapot")

    monkeypatch.setattr(ivplan.app.build, "plan_context", broken)
    result = _build(MINIMAL, tmp_path / "uit", *(["--debug"] if debug else []))
    assert result.exit_code == 3
    [line] = _internal_error_lines(result.stderr)
    assert f"{MINIMAL}: interne fout (RuntimeError: context kapot)" in line
    assert ("Traceback" in result.stderr) == debug


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_that_escapes_a_command_is_caught_by_the_safety_net(monkeypatch, debug):
    import ivplan.cli.commands

    def broken(*args, **kwargs):
        raise RuntimeError("uitvoer kapot")

    monkeypatch.setattr(ivplan.cli.commands, "dumps", broken)  # the JSON output of validate
    result = _invoke("validate", "--format", "json", str(MINIMAL), *(["--debug"] if debug else []))
    assert result.exit_code == 3
    [line] = _internal_error_lines(result.stderr)
    assert line.startswith("ivplan: interne fout (RuntimeError: uitvoer kapot)")
    assert ("Traceback" in result.stderr) == debug


def test_the_safety_net_shows_the_traceback_with_debug():
    # a real process: the safety net reads --debug from the command line (sys.argv)
    code = (
        "import ivplan.core.diagnostics as d\n"
        "def broken(*a, **k):\n    raise RuntimeError('uitvoer kapot')\n"
        "d.dumps = broken\n"
        "from ivplan.cli.commands import main\nmain()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(ivplan.core.output.__file__).parents[2])}
    for debug in (False, True):
        args = [sys.executable, "-c", code, "validate", "--format", "json", str(MINIMAL)] + (
            ["--debug"] if debug else []
        )
        proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 3, proc.stderr
        assert len(_internal_error_lines(proc.stderr)) == 1
        assert ("Traceback" in proc.stderr) == debug, proc.stderr


def test_a_very_long_titel_still_builds(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        MINIMAL.read_text(encoding="utf-8").replace(
            "titel: Integraal Veiligheidsplan Voorbeeldstad 2027-2030", "titel: " + "Lang " * 70
        ),
        encoding="utf-8",
    )
    result = _build(plan, tmp_path / "uit")
    assert result.exit_code == 0, result.stderr
