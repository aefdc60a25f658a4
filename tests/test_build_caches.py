"""What a build keeps in the cache folder to skip work it did before (issue 20): the default huisstijl
and parsed schemas. The same value from the cache as made, a broken entry made again, nothing kept
with IVPLAN_CACHE=uit."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ivplan.core.cache import kept
from ivplan.render.docxwriter import package
from ivplan.validation import vocabulary as schema

EXAMPLES = Path(__file__).parent.parent / "examples"


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("IVPLAN_CACHE", raising=False)
    package.default_template.cache_clear()
    yield tmp_path / "ivplan" / "huisstijl"
    package.default_template.cache_clear()


def test_kept_and_read_back_the_same(fresh):
    made = package.default_template()  # made and kept
    assert _members(made) == _members(package.make_default_template())
    [entry] = fresh.iterdir()
    assert entry.read_bytes() == made
    package.default_template.cache_clear()
    assert package.default_template() == made  # read back, byte for byte


def test_a_broken_entry_is_made_again(fresh):
    package.default_template()
    [entry] = fresh.iterdir()
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2])  # cut short: a full disk, a killed process
    package.default_template.cache_clear()
    again = package.default_template()  # made again (members compared: the zip stamps the clock)
    assert _members(again) == _members(good)
    assert entry.read_bytes() == again


def test_nothing_kept_when_the_cache_is_off(fresh, monkeypatch):
    monkeypatch.setenv("IVPLAN_CACHE", "uit")
    # the same members: python-docx stamps each zip member with the clock (2-second steps), so the
    # bytes of two templates made a moment apart may differ there
    assert _members(package.default_template()) == _members(package.make_default_template())
    assert not fresh.exists()


def test_kept_values_are_read_back_and_a_broken_entry_is_computed_again(fresh):
    calls = []

    def make():
        calls.append(1)
        return {"a": [1, 2.5, "drie", None, True], 7: {"b": ()}}

    assert kept("proef", b"bron", make, keep=False) == make()
    assert not (fresh.parent / "proef").exists()
    first = kept("proef", b"bron", make)
    assert kept("proef", b"bron", make) == first == make()
    assert len(calls) == 4  # made for keep=False (and compared), once for kept, once just now
    [entry] = (fresh.parent / "proef").iterdir()
    entry.write_bytes(b"\x00kapot")
    assert kept("proef", b"bron", make) == first
    assert kept("proef", b"andere bron", lambda: "anders") == "anders"


def test_the_plan_schema_from_the_cache_is_the_yaml(fresh):
    schema.load_schema.cache_clear()
    try:
        from_yaml = schema.read_schema_file(schema.schemas_dir() / "plan.yaml")
        assert schema.load_schema("plan") == from_yaml
        assert not (fresh.parent / "schema").exists()  # load_schema writes nothing (ivplan preview)
        schema.keep_schema("plan")  # a build does
        assert list((fresh.parent / "schema").iterdir())
        schema.load_schema.cache_clear()
        assert schema.load_schema("plan") == from_yaml  # this time read back
    finally:
        schema.load_schema.cache_clear()


def test_a_cache_root_others_may_write_in_is_narrowed_or_refused(tmp_path, monkeypatch):
    # another user who may write in ivplan's cache root could swap a checked subfolder for theirs
    import os
    import stat

    from ivplan.core.cache import cache_root, private_as_it_is, private_folder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    root = cache_root()
    assert root is not None
    root.mkdir(mode=0o777)
    os.chmod(root, 0o777)
    assert private_as_it_is(root / "schema") is None  # only looks: refuses
    assert private_folder(root / "schema") == root / "schema"  # ours: narrowed first
    assert stat.S_IMODE(os.lstat(root).st_mode) == 0o755
    assert private_as_it_is(root / "schema") == root / "schema"
    if os.geteuid() == 0:  # only root can give the folder away to test someone else's root
        os.chown(root, 65534, 65534)
        assert private_folder(root / "schema") is None
        assert private_as_it_is(root / "schema") is None
    linked = tmp_path / "elders"
    linked.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "via"))
    (tmp_path / "via").mkdir()
    (tmp_path / "via" / "ivplan").symlink_to(linked)
    assert private_folder(tmp_path / "via" / "ivplan" / "schema") is None  # a root that is a link


def test_charts_without_a_usable_cache_folder_leave_no_trace_and_speak_dutch(tmp_path):
    """$XDG_CACHE_HOME and $HOME that cannot hold folders (a file): matplotlib cannot keep its font
    list where it wants. The build draws its charts all the same, prints no English warning, and leaves
    no temporary matplotlib folder behind (a private ivplan folder in the temp folder is used)."""
    blocked = tmp_path / "geen-map"
    blocked.write_text("")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "IVPLAN_CACHE")}
    env.update(HOME=str(blocked), XDG_CACHE_HOME=str(blocked), XDG_CONFIG_HOME=str(blocked), TMPDIR=str(temp))
    out = tmp_path / "uit"
    res = subprocess.run(
        [sys.executable, "-m", "ivplan", "build", str(EXAMPLES / "havenstad.yaml"), "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "atplotlib" not in res.stderr and "Traceback" not in res.stderr
    assert (out / "havenstad-ivp-2027-2030-plan.docx").is_file()
    assert list(temp.glob("matplotlib-*")) == []
    assert (temp / f"ivplan-{os.geteuid()}" / "matplotlib").is_dir()
