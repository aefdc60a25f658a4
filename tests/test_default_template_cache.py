"""The default huisstijl is made once and kept in the cache folder (issue 20): the same bytes from the
cache as made, an entry that is not a whole .docx made again, nothing kept with IVPLAN_CACHE=uit."""

from __future__ import annotations

import pytest

from ivplan.render.docxwriter import package


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("IVPLAN_CACHE", raising=False)
    package.default_template.cache_clear()
    yield tmp_path / "ivplan" / "huisstijl"
    package.default_template.cache_clear()


def test_kept_and_read_back_the_same(fresh):
    made = package.make_default_template()
    assert package.default_template() == made
    [entry] = fresh.iterdir()
    assert entry.read_bytes() == made
    package.default_template.cache_clear()
    entry.write_bytes(made)
    assert package.default_template() == made


def test_a_broken_entry_is_made_again(fresh):
    package.default_template()
    [entry] = fresh.iterdir()
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2])  # cut short: a full disk, a killed process
    package.default_template.cache_clear()
    assert package.default_template() == good
    assert entry.read_bytes() == good


def test_nothing_kept_when_the_cache_is_off(fresh, monkeypatch):
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    assert package.default_template() == package.make_default_template()
    assert not fresh.exists()
