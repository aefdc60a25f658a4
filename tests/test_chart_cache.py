"""Cached charts are the very bytes a fresh drawing gives, and a broken cache only means drawing again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ivplan import chart_cache, charts
from ivplan.loader import load_file
from ivplan.voortgang import chart_images

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
    code = ("import sys; from ivplan.loader import load_file; from ivplan.voortgang import chart_images\n"
            f"imgs = chart_images(load_file({str(HAVENSTAD)!r}).data)\n"
            "print(len(imgs), 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}).stdout
    assert out.split() == [str(len(first)), "False"]


def test_a_changed_doel_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    plan = load_file(HAVENSTAD).data
    doel = next(d for d in plan["meetbare_doelen"] if len(d.get("metingen") or []) >= 2)
    a = chart_cache.key(doel, {"tot_jaar": None})
    changed = dict(doel, metingen=[*doel["metingen"][:-1], {"jaar": 2029, "waarde": 1}])
    assert chart_cache.key(changed, {"tot_jaar": None}) != a


def test_corrupt_or_unwritable_cache_never_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def draw():
        calls.append(1)
        return b"\x89PNG\r\n\x1a\nfake"

    folder = tmp_path / "ivplan" / "grafieken"
    folder.mkdir(parents=True)
    (folder / f"{chart_cache.key({'id': 'x'}, {})}.png").write_bytes(b"kapot")
    assert chart_cache.cached_png({"id": "x"}, {}, draw).endswith(b"fake") and calls == [1]
    assert chart_cache.cached_png({"id": "x"}, {}, draw).endswith(b"fake") and calls == [1]
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert chart_cache.cached_png({"id": "y"}, {}, draw).endswith(b"fake") and calls == [1, 1]
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    chart_cache.cached_png({"id": "x"}, {}, draw)
    assert calls == [1, 1, 1]
