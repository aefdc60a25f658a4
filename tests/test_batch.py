"""Many plans at once: workers check and build them, the output keeps input order, one plan's error
does not stop the others, and the main process does not hold every plan (issue 6)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402  (bench/generate.py)


def run(*args, cwd=None):
    env_path = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "ivplan", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    out = tmp_path_factory.mktemp("plannen")
    paths = generate.generate(out, 12, broken=2, metingen=False)
    return out, paths


def test_generator_is_deterministic(tmp_path):
    a = generate.generate(tmp_path / "a", 5)
    b = generate.generate(tmp_path / "b", 5)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert (tmp_path / "a" / "regio.yaml").read_bytes() == (tmp_path / "b" / "regio.yaml").read_bytes()


def test_batch_builds_the_valid_plans_in_input_order_despite_errors(plans, tmp_path):
    out, paths = plans
    parallel = run("build", *paths, "-o", tmp_path / "p", "--jobs", "2")
    serial = run("build", *paths, "-o", tmp_path / "s", "--jobs", "1")
    assert parallel.returncode == serial.returncode == 1
    # the same diagnostics and the same documents, in the same order
    assert parallel.stdout.replace(str(tmp_path / "p"), "X") == serial.stdout.replace(str(tmp_path / "s"), "X")
    written = [line for line in parallel.stdout.splitlines() if line.startswith("geschreven: ")]
    assert len(written) == 2 * 10  # 12 plans, 2 with an error: not built, the others are
    assert "IVP002" in parallel.stdout
    names = [Path(line.split(": ", 1)[1]).name for line in written]
    assert names == sorted(names, key=lambda n: [p.stem for p in paths].index(n.split("-ivp-")[0]))
    for p in (tmp_path / "p").glob("*.docx"):
        assert p.read_bytes() == (tmp_path / "s" / p.name).read_bytes()


def test_main_process_keeps_no_plan_data_in_a_batch(plans):
    from ivplan.app.build import Batch

    _out, paths = plans
    with Batch(2, len(paths)) as batch:
        checked = batch.check(paths)
    assert [c.file for c in checked] == [str(p) for p in paths]
    assert all(c.data is None for c in checked)
    assert sum(c.buildable for c in checked) == 10 and all(c.name for c in checked if c.buildable)
    with Batch(1, 1) as batch:  # one plan: its data is kept, it is not read twice
        [one] = batch.check(paths[:1])
    assert one.data is not None


def test_positions_survive_pickling_compactly():
    from ivplan.source.loader import load_file

    loaded = load_file(ROOT / "examples" / "havenstad.yaml")
    again = pickle.loads(pickle.dumps(loaded))
    assert again.positions._nodes == loaded.positions._nodes
    assert again.positions.point(("meetbare_doelen", 2, "bron")) == loaded.positions.point(
        ("meetbare_doelen", 2, "bron")
    )


def test_check_in_workers_equals_check_in_one_process(tmp_path):
    from ivplan.app.check import PARALLEL_FROM, check_region
    from ivplan.documents.regio_rapport import report_json

    paths = generate.generate(tmp_path, PARALLEL_FROM + 6, broken=1, metingen=False)
    regio = tmp_path / "regio.yaml"
    one = report_json(check_region(regio, paths, jobs=1))
    two = report_json(check_region(regio, paths, jobs=2))
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    assert sum(1 for f in one["files"] if not f["valid"]) == 1
