"""Cached charts are the very bytes a fresh drawing gives, and a broken cache only means drawing again."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ivplan.render import chart_cache, charts
from ivplan.render.charts import chart_images
from ivplan.source.loader import load_file

HAVENSTAD = Path(__file__).parents[1] / "examples" / "havenstad.yaml"


def test_cache_hit_is_identical_and_skips_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    plan = load_file(HAVENSTAD).data
    first = chart_images(plan)
    files = list((tmp_path / "ivplan" / "grafieken").glob("*.png"))
    assert len(files) == len(first) >= 2
    doel = next(d for d in plan["meetbare_doelen"] if len(d.get("metingen") or []) >= 2)
    fresh = charts.lijngrafiek(doel)[0]
    assert first[f"grafiek-{doel['id']}"].data == fresh
    code = (
        "import sys; from ivplan.source.loader import load_file; from ivplan.render.charts import chart_images\n"
        f"imgs = chart_images(load_file({str(HAVENSTAD)!r}).data)\n"
        "print(len(imgs), 'matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    ).stdout
    assert out.split() == [str(len(first)), "False"]


def test_a_changed_doel_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    plan = load_file(HAVENSTAD).data
    doel = next(d for d in plan["meetbare_doelen"] if len(d.get("metingen") or []) >= 2)
    a = chart_cache.key(doel, {"tot_jaar": None})
    changed = dict(doel, metingen=[*doel["metingen"][:-1], {"jaar": 2029, "waarde": 1}])
    assert chart_cache.key(changed, {"tot_jaar": None}) != a


def tiny_png() -> bytes:
    """A whole 1 x 1 PNG (the cache keeps only whole ones)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")


def test_corrupt_or_unwritable_cache_never_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def draw():
        calls.append(1)
        return tiny_png()

    folder = tmp_path / "ivplan" / "grafieken"
    folder.mkdir(parents=True)
    (folder / f"{chart_cache.key({'id': 'x'}, {})}.png").write_bytes(b"kapot")
    assert chart_cache.cached_png({"id": "x"}, {}, draw) == tiny_png() and calls == [1]
    assert chart_cache.cached_png({"id": "x"}, {}, draw) == tiny_png() and calls == [1]
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert chart_cache.cached_png({"id": "y"}, {}, draw) == tiny_png() and calls == [1, 1]
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    chart_cache.cached_png({"id": "x"}, {}, draw)
    assert calls == [1, 1, 1]


def _doelen_met_grafiek():
    plan = load_file(HAVENSTAD).data
    return [d for d in plan["meetbare_doelen"] if len(d.get("metingen") or []) >= 2]


def test_draw_ahead_fills_the_cache_in_a_child_process(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    doelen = _doelen_met_grafiek()[:3]
    parent = os.getpid()
    drawn_in = tmp_path / "getekend"

    def draw(d):
        drawn_in.open("a").write(f"{os.getpid()}\n")
        return charts.lijngrafiek(d)[0]

    wait = chart_cache.draw_ahead([(d, {"tot_jaar": None}, lambda d=d: draw(d)) for d in doelen])
    assert wait is not chart_cache._nothing  # a child was started
    wait()
    pids = drawn_in.read_text().split()
    assert len(pids) == 3 and all(int(p) != parent for p in pids)  # drawn by the child, not here
    folder = tmp_path / "ivplan" / "grafieken"
    for d in doelen:
        png = (folder / f"{chart_cache.key(d, {'tot_jaar': None})}.png").read_bytes()
        assert png == charts.lijngrafiek(d)[0]
    # all cached now: nothing is started again
    assert chart_cache.draw_ahead([(d, {"tot_jaar": None}, lambda: b"") for d in doelen]) is chart_cache._nothing


def test_draw_ahead_needs_the_cache_and_a_failing_child_changes_nothing(tmp_path, monkeypatch):
    doel = _doelen_met_grafiek()[0]
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    assert chart_cache.draw_ahead([(doel, {}, lambda: b"")]) is chart_cache._nothing
    monkeypatch.delenv("IVPLAN_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parent = os.getpid()

    def draw():
        if os.getpid() != parent:
            raise RuntimeError("kapot in het kind")
        return charts.lijngrafiek(doel)[0]

    wait = chart_cache.draw_ahead([(doel, {}, draw)])
    assert wait is not chart_cache._nothing  # a child was started, and failed
    wait()
    assert not list(tmp_path.glob("ivplan/grafieken/*.png"))  # the child left nothing
    assert chart_cache.cached_png(doel, {}, draw) == charts.lijngrafiek(doel)[0]  # this process draws


def test_single_build_draws_ahead_and_gives_the_same_documents(tmp_path):
    """`ivplan build` of one plan draws its charts in a second process; the documents are the very bytes
    of a build that draws them itself (no cache, so no drawing ahead)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    cache = tmp_path / "cache"
    code = (
        "import sys; from ivplan.cli.commands import main\n"
        f"try:\n    main(['build', {str(HAVENSTAD)!r}, '-o', {str(tmp_path / 'a')!r}, '--jobs', '2'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print('matplotlib' in sys.modules)\n"
    )
    ahead = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(env, XDG_CACHE_HOME=str(cache))
    )
    assert ahead.returncode == 0, ahead.stderr
    assert ahead.stdout.split()[-1] == "False"  # this process only read the charts the child drew
    assert len(list(cache.glob("ivplan/grafieken/*.png"))) == 11
    alone = subprocess.run(
        [sys.executable, "-m", "ivplan", "build", str(HAVENSTAD), "-o", str(tmp_path / "b"), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=dict(env, IVPLAN_CACHE="uit"),
    )
    assert alone.returncode == 0, alone.stderr
    a = sorted((tmp_path / "a").glob("*.docx"))
    assert [p.name for p in a] == [p.name for p in sorted((tmp_path / "b").glob("*.docx"))] and len(a) == 2
    for p in a:
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name


def test_draw_ahead_starts_nothing_without_a_writable_cache_or_beside_threads(tmp_path, monkeypatch):
    import threading

    doel = _doelen_met_grafiek()[0]
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder cannot be made
    assert chart_cache.draw_ahead([(doel, {}, lambda: b"")]) is chart_cache._nothing
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # forking beside a running thread could leave the child deadlocked
        assert chart_cache.draw_ahead([(doel, {}, lambda: b"")]) is chart_cache._nothing
    finally:
        stop.set()
        thread.join()


def test_the_cache_key_names_the_zlib_that_compressed_the_png():
    import zlib

    assert zlib.ZLIB_RUNTIME_VERSION in chart_cache._environment_stamp()


# --------------------------------------------------------------------------------------------------
# The key covers the source of every module the drawing runs (a change in how labels are formatted
# must not leave stale charts behind)

NOT_DRAWING = {"ivplan.render.chart_cache"}  # the cache itself; packages (docxwriter's Image) hold no drawing


def _ivplan_imports(name: str) -> set[str]:
    """The ivplan modules (files, not packages) that `name` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(chart_cache.module_source(name).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {m for m in found if m.startswith("ivplan.") and chart_cache.module_source(m).is_file()}


def _drawing_modules() -> list[str]:
    todo, seen = ["ivplan.render.charts", "ivplan.render.chart_canvas"], set()
    while todo:
        name = todo.pop()
        if name not in seen and name not in NOT_DRAWING:
            seen.add(name)
            todo += sorted(_ivplan_imports(name))
    return sorted(seen)


def test_the_key_hashes_every_module_the_drawing_imports():
    assert "ivplan.core.formatting" in _drawing_modules()  # the labels: 1.234,5 and 12%
    assert sorted(chart_cache.DRAWING_MODULES) == _drawing_modules()


@pytest.mark.parametrize("module", _drawing_modules())
def test_editing_a_module_the_drawing_runs_changes_the_key(monkeypatch, module):
    doel = {"indicator": "Woninginbraken", "eenheid": "per 1.000", "metingen": [{"jaar": 2027, "waarde": 3.4}]}
    edited = chart_cache.module_source(module).resolve()
    chart_cache._environment_stamp.cache_clear()
    before = chart_cache.key(doel, {})
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: real(p) + (b"\n# bewerkt\n" if p.resolve() == edited else b""))
    chart_cache._environment_stamp.cache_clear()
    try:
        assert chart_cache.key(doel, {}) != before
    finally:
        monkeypatch.undo()
        chart_cache._environment_stamp.cache_clear()


def test_an_early_drawer_loads_first_and_draws_what_it_is_sent(tmp_path, monkeypatch):
    # issue 20: started before the plan is read; it draws in the child, into the cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    doelen = _doelen_met_grafiek()[:3]
    parent = os.getpid()
    log = tmp_path / "log"

    def warm():
        log.open("a").write(f"geladen {os.getpid()}\n")

    def draw_one(doel, options):
        log.open("a").write(f"getekend {os.getpid()}\n")
        return charts.draw_chart(doel, options)

    early = chart_cache.EarlyDrawer.start(warm, draw_one, lambda: True)
    assert early is not None
    wait = early.draw([(d, {"tot_jaar": None}) for d in doelen])
    wait()
    lines = log.read_text().split("\n")
    assert lines[0].startswith("geladen ") and len([x for x in lines if x.startswith("getekend ")]) == 3
    assert all(int(x.split()[1]) != parent for x in lines if x)  # all in the child
    drawers = {x.split()[1] for x in lines if x.startswith("getekend ")}
    if (os.cpu_count() or 1) > 1:  # with a second core a sibling draws every other chart
        assert len(drawers) == 2 and lines[0].split()[1] in drawers
    folder = tmp_path / "ivplan" / "grafieken"
    for d in doelen:
        png = (folder / f"{chart_cache.key(d, {'tot_jaar': None})}.png").read_bytes()
        assert png == charts.lijngrafiek(d)[0]
    assert not list(folder.glob("*.jobs"))  # the jobs file is gone
    early.cancel()  # after use: nothing left to do


def test_an_early_drawer_with_nothing_to_draw_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    early = chart_cache.EarlyDrawer.start(lambda: __import__("time").sleep(30), charts.draw_chart, lambda: True)
    assert early is not None
    early.cancel()  # does not wait for the 30 s of loading: the child is stopped (SIGTERM) and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(early.pid, os.WNOHANG)
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    assert chart_cache.EarlyDrawer.start(lambda: None, charts.draw_chart, lambda: True) is None  # no cache


def test_an_early_drawer_that_ended_leaves_no_jobs_file(tmp_path, monkeypatch):
    # the child found nothing needed and ended before the jobs were sent: the file it never read is
    # removed when the child is reaped (the writer then draws the charts itself)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    early = chart_cache.EarlyDrawer.start(lambda: None, charts.draw_chart, lambda: False)
    assert early is not None
    os.waitid(os.P_PID, early.pid, os.WEXITED | os.WNOWAIT)  # it has ended (not reaped yet)
    wait = early.draw([(d, {"tot_jaar": None}) for d in _doelen_met_grafiek()[:2]])
    assert early.jobs_file is not None and Path(early.jobs_file).exists()
    wait()
    assert not list((tmp_path / "ivplan" / "grafieken").glob("*.jobs"))


def test_the_quick_look_finds_missing_charts(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert charts.charts_missing(HAVENSTAD)  # an empty cache
    plan = load_file(HAVENSTAD).data
    for _, doel, options, draw in charts.chart_jobs(plan):
        chart_cache.cached_png(doel, options, draw)
    assert not charts.charts_missing(HAVENSTAD)  # all kept: the early drawer ends before loading anything
    broken = tmp_path / "kapot.yaml"
    broken.write_text("ivplan: 1\n\tx: [", encoding="utf-8")
    assert not charts.charts_missing(broken)
