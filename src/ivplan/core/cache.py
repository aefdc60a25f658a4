"""ivplan's cache folder: what a build keeps between runs to skip work it did before (drawn charts,
the default huisstijl, a LibreOffice profile). Everything in it can be made again: a cache that is
missing, unsafe or unwritable only makes a build slower, never different.

The folder is $XDG_CACHE_HOME/ivplan, else ~/.cache/ivplan; IVPLAN_CACHE=uit switches it off. Each use
gets a subfolder, taken only when it is private to this user (`private_folder`).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

OFF = ("uit", "0", "nee", "off")


def cache_root() -> Path | None:
    """ivplan's cache folder; None with IVPLAN_CACHE=uit."""
    if os.environ.get("IVPLAN_CACHE", "").lower() in OFF:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ivplan"


def private_folder(folder: Path | None) -> Path | None:
    """`folder`, made if needed, when it is safe to use; None otherwise.

    Safe as Jinja's own cache folder is: a real folder (not a link), owned by this user, and private
    (mode 0700; a folder of ours with a wider mode is narrowed first). Another user who could write
    there could put anything into our documents."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _closed_parent(folder, narrow=True):
            return None
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return None
        if stat.S_IMODE(info.st_mode) != stat.S_IRWXU:
            os.chmod(folder, stat.S_IRWXU)
            if stat.S_IMODE(os.lstat(folder).st_mode) != stat.S_IRWXU:
                return None
    except OSError:
        return None
    return folder


def private_temp_folder(name: str) -> Path | None:
    """A private folder `name` in this user's own folder in the temp folder (`ivplan-<uid>`, mode 0700,
    refused when someone else made it): for what must live somewhere when the cache folder cannot."""
    mine = Path(tempfile.gettempdir()) / f"ivplan-{os.geteuid()}"
    try:
        os.mkdir(mine, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    return private_folder(mine / name)


def private_as_it_is(folder: Path | None) -> Path | None:
    """`folder` when it exists and private_folder would take it as it is; never made or changed (for a
    process that writes no files, like `ivplan preview`)."""
    if folder is None:
        return None
    try:
        info = os.lstat(folder)
        if not _closed_parent(folder, narrow=False):
            return None
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) != stat.S_IRWXU:
        return None
    return folder


_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


def _closed_parent(folder: Path, *, narrow: bool) -> bool:
    """Whether the folder holding `folder` (ivplan's cache root) is this user's real folder that no one
    else may write in: else another user could swap `folder` for one of theirs after it was checked
    (and a LibreOffice profile can hold start-up macros). A root of ours that group or others may
    write in is narrowed first when `narrow`. Raises OSError when the folder cannot be looked at."""
    parent = folder.parent
    info = os.lstat(parent)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return False
    if info.st_mode & _OTHERS_WRITE:
        if not narrow:
            return False
        os.chmod(parent, stat.S_IMODE(info.st_mode) & ~_OTHERS_WRITE)
        return not os.lstat(parent).st_mode & _OTHERS_WRITE
    return True


def kept(name: str, source: bytes, make: Callable[[], Any], *, keep: bool = True) -> Any:
    """`make()`, a value of plain data (dicts, lists, strings, numbers) computed from `source` alone,
    kept in the cache subfolder `name` under the SHA-256 of `source` (and this Python's marshal format):
    the next process reads it back instead of computing it. For work that costs more than reading
    (parsing a 70 KB schema in YAML: 20-25 ms; reading it back: 0.3 ms). `keep=False`: read what is
    kept, but write nothing (no folder, no file) when it is not."""
    root = cache_root()
    where = None if root is None else root / name
    folder = private_folder(where) if keep else private_as_it_is(where)
    if folder is None:
        return make()
    digest = hashlib.sha256(source)
    digest.update(f"|{marshal.version}|{sys.hexversion}".encode())
    path = folder / f"{digest.hexdigest()[:32]}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = make()
    if not keep:
        return value
    try:
        data = marshal.dumps(value)
    except ValueError:
        return value  # not kept: a value marshal cannot write is computed again next time
    keep_entry(path, data)
    return value


def keep_entry(path: Path, data: bytes) -> None:
    """Write a cache entry whole or not at all (a temporary file in its folder, then a rename), so no
    reader sees half of one; when it cannot be written (a full disk) it is only made again next time."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
