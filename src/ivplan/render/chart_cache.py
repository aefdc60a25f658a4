"""Charts kept between runs: drawing one costs about 20 ms of CPU and loading matplotlib's renderer
0.3-0.5 s, while a gemeente rebuilds its plan dozens of times with the same metingen.

A chart is deterministic (charts.py), so a cached PNG is byte-for-byte the chart that would be drawn.
The key covers everything the picture depends on: the doel's fields the chart draws (DRAWN_FIELDS),
the options, the source of every ivplan module the drawing runs (DRAWING_MODULES: the chart code, what
a chart shows and says, the Dutch number formats of its labels), the installed matplotlib (its location
and modification time, found without importing it) and the zlib version. The cache lives in the user's
cache folder ($XDG_CACHE_HOME/ivplan/grafieken, else ~/.cache/ivplan/grafieken), used only when it is
private to this user (see usable_cache_dir); IVPLAN_CACHE=uit switches it off. A cache that cannot be
read or written, or an entry that is not a whole PNG, only means drawing again: it never fails a build.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import pickle
import signal
import stat
import struct
import tempfile
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ivplan.core.cache import cache_root, keep_entry, private_folder
from ivplan.core.process import die_with_parent

_PNG = b"\x89PNG\r\n\x1a\n"


def cache_dir() -> Path | None:
    root = cache_root()
    return None if root is None else root / "grafieken"


# Every ivplan module whose code runs while a chart is drawn: an edit in any of them may change the
# picture, so their source is part of the key. tests/test_chart_cache.py checks that this is every
# ivplan module charts.py and chart_canvas.py import (directly or not), except this cache and the
# docx writer's Image (which only carries the PNG).
DRAWING_MODULES = (
    "ivplan.render.charts",
    "ivplan.render.chart_canvas",
    "ivplan.documents.grafiek",
    "ivplan.core.formatting",
    "ivplan.core.cache",  # where matplotlib keeps its font list when its own folder cannot be written
)
_PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # src/ivplan


def module_source(name: str) -> Path:
    """The source file of an ivplan module, found without importing it."""
    return _PACKAGE_ROOT.joinpath(*name.split(".")[1:]).with_suffix(".py")


@functools.cache
def _environment_stamp() -> str:
    bron = b"".join(module_source(name).read_bytes() for name in DRAWING_MODULES)
    spec = importlib.util.find_spec("matplotlib")
    origin = spec.origin if spec and spec.origin else "-"
    try:
        mtime = os.stat(origin).st_mtime_ns
    except OSError:
        mtime = 0
    # zlib compresses the PNG (chart_canvas.py): another zlib may give other bytes for the same picture
    return hashlib.sha256(bron).hexdigest() + f"|{origin}|{mtime}|{zlib.ZLIB_RUNTIME_VERSION}"


# what charts.lijngrafiek reads of a doel: editing its omschrijving or trekker keeps the chart
DRAWN_FIELDS = ("indicator", "eenheid", "nulmeting", "streefwaarde", "metingen")


def key(doel: dict[str, Any], options: dict[str, Any]) -> str:
    drawn = {k: doel.get(k) for k in DRAWN_FIELDS}
    payload = json.dumps([drawn, options, _environment_stamp()], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def usable_cache_dir() -> Path | None:
    """The cache folder when it is safe to use, made if needed; None otherwise (then charts are drawn).
    See core/cache.private_folder: another user who could write there could put any picture into our
    documents."""
    return private_folder(cache_dir())


def png_complete(data: bytes) -> bool:
    """A whole PNG: the signature, then chunks whose CRCs hold, up to IEND. A cache entry cut short
    (a full disk, a killed process) would otherwise be taken again and again, and dropped from the
    document as an unreadable image every time."""
    if not data.startswith(_PNG):
        return False
    pos = len(_PNG)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            return False
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            return False
        if kind == b"IEND":
            return True
        pos = end
    return False


def _read_entry(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        data = fh.read()
    return data if png_complete(data) else None


def stored_png(doel: dict[str, Any], options: dict[str, Any]) -> bytes | None:
    """The PNG for `doel` if the cache holds it, read only (the preview writes no files): nothing is
    made or narrowed, so only a folder that usable_cache_dir() accepts as it is counts."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) != stat.S_IRWXU:
        return None
    return _read_entry(folder / f"{key(doel, options)}.png")


def cached_png(doel: dict[str, Any], options: dict[str, Any], draw: Callable[[], bytes]) -> bytes:
    """The PNG for `doel` from the cache, or `draw()` it and keep it (also in place of a damaged entry)."""
    folder = usable_cache_dir()
    if folder is None:
        return draw()
    path = folder / f"{key(doel, options)}.png"
    data = _read_entry(path)
    if data is not None:
        return data
    data = draw()
    keep_entry(path, data)
    return data


def draw_ahead(items: list[tuple[dict[str, Any], dict[str, Any], Callable[[], bytes]]]) -> Callable[[], None]:
    """Draw the charts of `items` (doel, options, draw) that are not in the cache yet in a child
    process, while this process goes on with the documents; returns the function that waits for it
    (calling it again does nothing).

    A single build uses one core for its documents; the second core meanwhile loads matplotlib and
    draws. The child only fills the cache: after `wait()` the caller takes the charts with
    `cached_png()` as always, and draws any the child did not leave (it failed, or the cache could not
    be written) itself, so the result never depends on the child. Nothing is started without a
    writable cache, without fork, or when this process runs other threads (a batch's process pool)."""
    folder = usable_cache_dir()
    if folder is None or not hasattr(os, "fork") or threading.active_count() > 1:
        return _nothing  # forking a process that runs threads can leave the child deadlocked
    missing = [(d, o, draw) for d, o, draw in items if _read_entry(folder / f"{key(d, o)}.png") is None]
    if not missing or not _writable(folder):
        return _nothing  # a child that cannot keep its charts would only make the parent wait
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        return _nothing
    if pid == 0:  # the child: draw, keep, and leave without running the parent's exit handlers
        code = 0
        try:
            die_with_parent(parent)
            for d, o, draw in missing:
                cached_png(d, o, draw)
        except BaseException:  # noqa: BLE001 - the parent draws what is missing
            code = 1
        finally:
            os._exit(code)

    done: list[bool] = []

    def wait() -> None:  # may be called again: the child is reaped once
        if not done:
            done.append(True)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass

    return wait


# (doel, cache options) of one chart to draw
ChartWork = tuple[dict[str, Any], dict[str, Any]]


class EarlyDrawer:
    """draw_ahead, started before this process even reads the plan: a child that loads matplotlib and
    the chart code (`warm`, about 0.3 s of CPU) while this process loads its own modules and checks the
    plan, instead of after. `draw(jobs)` sends it the (doel, options) of the plan's charts, which it
    draws with `draw_one(doel, options)` into the cache, as draw_ahead's child does; `cancel()` when
    there is nothing to send (an invalid plan, no charts). Before loading anything the child asks
    `needed()` (a quick look at the plan: is a chart missing from the cache?) and ends at once when
    not: a rebuild whose charts are all kept then costs a glance, not matplotlib's 0.3 s of CPU.

    The jobs go through a file in the cache folder (only its name through the pipe): a pipe holds
    64 KB, and the child reads only after loading matplotlib, which this process must not wait for."""

    def __init__(self, pid: int, pipe: int, folder: Path) -> None:
        self.pid = pid
        self.pipe: int | None = pipe
        self.folder = folder
        self.reaped = False
        self.jobs_file: str | None = None  # removed once the child is reaped, if it never read it

    @classmethod
    def start(
        cls,
        warm: Callable[[], None],
        draw_one: Callable[[dict[str, Any], dict[str, Any]], bytes],
        needed: Callable[[], bool],
    ) -> EarlyDrawer | None:
        """The child, started; None where draw_ahead would not start one either."""
        folder = usable_cache_dir()
        if folder is None or not hasattr(os, "fork") or threading.active_count() > 1 or not _writable(folder):
            return None
        read_end, write_end = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: load, wait for the jobs, draw, keep; leave without exit handlers
            code = 0
            try:
                signal.signal(signal.SIGTERM, _stop)  # cancel(): unwind, so matplotlib's locks are freed
                os.close(write_end)
                die_with_parent(parent)
                if not needed():
                    os._exit(0)
                warm()
                work = _receive_jobs(read_end, folder)
                sibling = _sibling_for(work)
                share = work if sibling is None else work[1::2] if sibling == 0 else work[0::2]
                for doel, options in share:
                    cached_png(doel, options, functools.partial(draw_one, doel, options))
                if sibling:  # the parent's wait for this child covers the sibling's charts too
                    os.waitpid(sibling, 0)
            except BaseException:  # noqa: BLE001 - the parent draws what is missing
                code = 1
            finally:
                os._exit(code)
        os.close(read_end)
        return cls(pid, write_end, folder)

    def draw(self, jobs: list[ChartWork]) -> Callable[[], None]:
        """Send the charts to draw; returns the function that waits for the child (see draw_ahead)."""
        missing = [(d, o) for d, o in jobs if _read_entry(self.folder / f"{key(d, o)}.png") is None]
        if self.pipe is not None:
            try:
                if missing:
                    fd, self.jobs_file = tempfile.mkstemp(dir=self.folder, suffix=".jobs")
                    with os.fdopen(fd, "wb") as fh:
                        pickle.dump(missing, fh, protocol=pickle.HIGHEST_PROTOCOL)
                    os.write(self.pipe, os.fsencode(os.path.basename(self.jobs_file)))
            except OSError:
                pass  # the child found nothing needed and ended, or gets no jobs: the writer draws them
            finally:
                os.close(self.pipe)
                self.pipe = None
        if not missing:
            self.cancel()
        return self.wait

    def wait(self) -> None:
        if not self.reaped:
            self.reaped = True
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            if self.jobs_file is not None:  # a child that ended before reading it leaves it behind
                Path(self.jobs_file).unlink(missing_ok=True)

    def cancel(self) -> None:
        """Nothing to draw: stop the child (it may still be loading matplotlib) and reap it. SIGTERM,
        which the child turns into SystemExit (see start), not SIGKILL: matplotlib writes its font
        cache on its first run under a lock file, and only an unwinding process removes that lock
        (left behind, it would make every later chart wait and fail)."""
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
        if not self.reaped:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self.wait()


def _sibling_for(work: list[ChartWork]) -> int | None:
    """In the early drawing child, once matplotlib is loaded: a sibling forked to draw every other chart
    (0 in the sibling, its pid here), or None when one process draws them all (one chart, one core, no
    fork). By now the parent has made its documents and waits for the charts, so both cores are free,
    and the sibling shares what was loaded instead of loading it again: havenstad's 11 charts take half
    the time."""
    if len(work) < 2 or (os.cpu_count() or 1) < 2:  # as the build counts cores (cli/early.py)
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        die_with_parent(parent)  # not inherited through fork: it ends with this child
    return pid


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(1)


def _receive_jobs(pipe: int, folder: Path) -> list[ChartWork]:
    """In the child: the jobs file's name from the pipe (nothing: no jobs), its jobs; the file removed."""
    name = b""
    while chunk := os.read(pipe, 4096):
        name += chunk
    os.close(pipe)
    if not name:
        return []
    path = folder / os.path.basename(os.fsdecode(name))
    try:
        with open(path, "rb") as fh:
            jobs: list[ChartWork] = pickle.load(fh)  # written by our parent a moment ago, in our private folder
            return jobs
    finally:
        path.unlink(missing_ok=True)


def _nothing() -> None:
    return None


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False
