"""Watching the files a preview depends on: the plan, what it refers to, the options' files.

Editors save in two ways: writing the file in place, or writing a new file and renaming it over the old
one (vim, VS Code's atomic save). Both are seen because the *folders* are watched, and a file is known
by its folder and name, never by an open handle or inode.

On Linux the kernel tells (inotify, through ctypes: no dependency): a change is seen the moment the
editor closes the file (IN_CLOSE_WRITE) or renames it into place (IN_MOVED_TO), never halfway through a
write, and the watcher sleeps in between. Elsewhere, or when inotify is not available (its watch limit
reached), the files are compared by `os.stat` every 100 ms. Both also compare the stat signatures once a
second, which catches what the kernel does not report (a network file system, a folder that appeared
later).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import sys
import time
from pathlib import Path

POLL_INTERVAL = 0.1  # seconds between stat rounds without inotify
SAFETY_INTERVAL = 1.0  # seconds between stat rounds with inotify
SETTLE = 0.15  # after a file disappeared: wait this long for the editor's new one

# inotify(7)
IN_MODIFY = 0x002
IN_ATTRIB = 0x004
IN_CLOSE_WRITE = 0x008
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_IGNORED = 0x8000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
_WATCH_MASK = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | IN_ONLYDIR
_GONE = IN_MOVED_FROM | IN_DELETE
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of name


def _signature(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class _Inotify:
    """The few inotify calls the watcher needs, through ctypes."""

    def __init__(self) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._rm = libc.inotify_rm_watch
        self._rm.argtypes = [ctypes.c_int, ctypes.c_int]
        fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.fd = fd

    def add(self, folder: Path) -> int | None:
        wd = self._add(self.fd, os.fsencode(folder), _WATCH_MASK)
        return wd if wd >= 0 else None

    def remove(self, wd: int) -> None:
        self._rm(self.fd, wd)

    def read(self) -> list[tuple[int, int, str]]:
        """The events waiting now: (watch descriptor, mask, name)."""
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return []
        events, offset = [], 0
        while offset + _EVENT.size <= len(data):
            wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
            offset += _EVENT.size
            name = os.fsdecode(data[offset : offset + length].rstrip(b"\0"))
            offset += length
            events.append((wd, mask, name))
        return events

    def close(self) -> None:
        os.close(self.fd)


class Watcher:
    """Tells when any of a set of files, or anything in a set of folders, changed.

    `watch(files, folders)` sets what to watch (again after every rendering: the plan may name another
    logo); `wait(timeout)` blocks until something changed (True) or the time is up (False)."""

    def __init__(self, *, use_inotify: bool = True) -> None:
        self.files: set[Path] = set()
        self.folders: set[Path] = set()
        self._signatures: dict[Path, tuple | None] = {}
        self._inotify: _Inotify | None = None
        self._watches: dict[Path, int] = {}  # watched folder -> watch descriptor
        self._last_stat_round = time.monotonic()
        if use_inotify and sys.platform.startswith("linux"):
            try:
                self._inotify = _Inotify()
            except (OSError, AttributeError):
                self._inotify = None

    @property
    def uses_inotify(self) -> bool:
        return self._inotify is not None

    def watch(self, files, folders=()) -> None:
        files = {Path(os.path.abspath(f)) for f in files}
        folders = {Path(os.path.abspath(f)) for f in folders}
        if files == self.files and folders == self.folders:
            return
        self.files, self.folders = files, folders
        self._signatures = {p: _signature(p) for p in self._stat_paths()}
        if self._inotify is not None:
            wanted = {f.parent for f in files} | folders
            for folder in set(self._watches) - wanted:
                self._inotify.remove(self._watches.pop(folder))
            for folder in wanted - set(self._watches):
                wd = self._inotify.add(folder)
                if wd is not None:
                    self._watches[folder] = wd

    def _stat_paths(self) -> list[Path]:
        paths = list(self.files)
        for folder in self.folders:
            try:
                paths += [folder / name for name in sorted(os.listdir(folder))]
            except OSError:
                paths.append(folder)
        return paths

    def _stat_changed(self) -> bool:
        now = {p: _signature(p) for p in self._stat_paths()}
        changed = now != self._signatures
        self._signatures = now
        return changed

    def _relevant(self, wd: int, name: str) -> bool:
        folder = next((f for f, w in self._watches.items() if w == wd), None)
        if folder is None:
            return False
        return folder in self.folders or (folder / name) in self.files

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            interval = SAFETY_INTERVAL if self._inotify is not None else POLL_INTERVAL
            if now - self._last_stat_round >= interval:
                self._last_stat_round = now
                if self._stat_changed():
                    return True
            if now >= deadline:
                return False
            pause = min(deadline, self._last_stat_round + interval) - now
            if self._inotify is None:
                time.sleep(max(pause, 0.0))
                continue
            ready, _, _ = select.select([self._inotify.fd], [], [], max(pause, 0.0))
            if ready and self._inotify_changed():
                self._signatures = {p: _signature(p) for p in self._stat_paths()}
                return True

    def _inotify_changed(self) -> bool:
        assert self._inotify is not None
        relevant = [(wd, mask, name) for wd, mask, name in self._inotify.read() if self._relevant(wd, name)]
        if relevant and all(mask & _GONE for _, mask, _ in relevant):
            # the file went away: an editor that renames the old file aside writes the new one next
            ready, _, _ = select.select([self._inotify.fd], [], [], SETTLE)
            if ready:
                self._inotify.read()
        return bool(relevant)

    def close(self) -> None:
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None
            self._watches.clear()
