"""The chart process of a single build, started by entry.py from the command line as typed (cli/early.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ivplan.cli.early import early_charts_for

HAVENSTAD = Path(__file__).parent.parent / "examples" / "havenstad.yaml"


@pytest.fixture
def plan(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    target = tmp_path / "havenstad.yaml"
    shutil.copy(HAVENSTAD, target)
    return str(target)


def started(args):
    early = early_charts_for(args)
    if early is None:
        return False
    early.cancel()  # stopped and reaped: no process is left behind
    with pytest.raises(ChildProcessError):
        os.waitpid(early.pid, os.WNOHANG)
    return True


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build draws its charts itself")
def test_a_single_build_of_a_plan_with_metingen_starts_it(plan, tmp_path):
    assert started(["build", plan])
    assert started(["build", "-o", str(tmp_path / "uit"), "--markdown", plan])


def test_other_command_lines_leave_it_to_the_build_command(plan, tmp_path):
    other = tmp_path / "ander.yml"
    shutil.copy(plan, other)
    assert not started(["validate", plan])
    assert not started(["build", plan, str(other)])  # two plans: a batch
    assert not started(["build", "--jobs", "1", plan])  # the build decides about a second core
    assert not started(["build", "-j1", plan])
    assert not started(["build", plan, "--help"])
    assert not started(["build"])
    without = tmp_path / "zonder.yaml"
    without.write_text("ivplan: 1\n", encoding="utf-8")
    assert not started(["build", str(without)])  # no metingen: no charts
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    assert not started(["build", str(fifo)])  # never opened: the loader says what it is
