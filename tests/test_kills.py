"""Killing ivplan leaves nothing behind (issue 13, item 21), tested with real processes.

- SIGKILL or SIGTERM of the main process of a `--jobs 2` batch: its two workers end too (they were
  orphaned, blocked for minutes).
- SIGKILL during `build --pdf`: LibreOffice ends too (a soffice that never answers stands in for it);
  the temporary folder the killed run left is removed by the next conversion, while a folder whose
  conversion still runs is kept.
"""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ivplan.render import pdf

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal_plan.yaml"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and prctl")


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out += [int(x) for x in task.read_text().split()]
        except OSError:
            pass
    return out


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status  # a zombie nobody reaped (in a container) is not running


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _ivplan(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from ivplan.cli.entry import main; main()", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_workers_of_a_batch_die_with_the_main_process(tmp_path, sig):
    plans = []
    for naam in ("Voorbeeldstad", "Anderstad"):
        plan = tmp_path / f"{naam}.yaml"
        plan.write_text(MINIMAL.read_text(encoding="utf-8").replace("Voorbeeldstad", naam), encoding="utf-8")
        plans.append(str(plan))
    slow = tmp_path / "traag"
    slow.mkdir()  # keeps both workers busy for many seconds
    (slow / "plan.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(3000) %}{% endfor %}{% endfor %}\n# Plan\n", encoding="utf-8"
    )
    main = _ivplan("build", *plans, "--jobs", "2", "--templates", str(slow), "-o", str(tmp_path / "uit"))
    try:
        assert _wait_until(lambda: len(_children(main.pid)) >= 2, 60), "the workers did not start"
        time.sleep(1.0)  # both at work
        workers = _children(main.pid)
        assert all(_running(w) for w in workers)
        os.kill(main.pid, sig)
        main.wait(timeout=30)
        # before: both workers went on (for minutes) after their parent was gone
        assert _wait_until(lambda: not any(_running(w) for w in workers), 5), [w for w in workers if _running(w)]
    finally:
        for pid in [main.pid, *_children(main.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _hanging_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A `soffice` on PATH that never answers; it writes its pid."""
    folder = tmp_path / "nep-bin"
    folder.mkdir()
    pids = tmp_path / "soffice-pids"
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 300\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder, pids


@pytest.mark.skipif(not Path(pdf.UNO_PYTHON).exists(), reason="needs the system Python of the converter")
def test_libreoffice_dies_with_a_killed_build_and_its_temp_folder_goes_on_the_next_run(tmp_path):
    if not pdf.libreoffice_available():
        pytest.skip("python3-uno is not installed")
    folder, pids = _hanging_soffice(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, PATH=f"{folder}{os.pathsep}{os.environ['PATH']}", TMPDIR=str(temp))
    main = _ivplan("build", str(MINIMAL), "--pdf", "--jobs", "1", "-o", str(tmp_path / "uit"), env=env)
    try:
        assert _wait_until(lambda: pids.is_file() and pids.read_text().strip(), 60), "soffice did not start"
        soffice = int(pids.read_text().split()[0])
        assert _running(soffice)
        os.kill(main.pid, signal.SIGKILL)
        main.wait(timeout=30)
        # before: soffice ran on (here for 300 s, a real one at 95 % CPU beyond the timeout)
        assert _wait_until(lambda: not _running(soffice), 5)
    finally:
        try:
            os.kill(main.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    [left] = list(temp.glob("ivplan-pdf-*"))  # what the killed run could not remove itself

    # a conversion that still runs elsewhere: its folder holds the lock and stays
    running = temp / "ivplan-pdf-bezig"
    running.mkdir()
    lock = os.open(running / pdf.LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    # not ours to judge: a link to a folder, and anything not named like ours
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (temp / "ivplan-pdf-koppeling").symlink_to(elsewhere)
    (temp / "iets-anders").mkdir()
    try:
        removed = pdf.remove_stale_work_folders(temp)
    finally:
        os.close(lock)
    assert removed == [left]
    assert not left.exists()
    assert running.is_dir() and elsewhere.is_dir() and (temp / "iets-anders").is_dir()
    assert (temp / "ivplan-pdf-koppeling").is_symlink()
