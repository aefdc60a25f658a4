"""Writing outputs atomically: a temporary file in the same folder, then a rename.

An interrupted or failed build never leaves a half-written document, and an existing good document
survives a failed rebuild.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ivplan.core.errors import OutputError
from ivplan.core.sources import source_clash

__all__ = ["OutputError", "ensure_dir", "reason", "write_all_atomic", "write_atomic"]


_REASONS = {
    errno.EEXIST: "er staat al een bestand met die naam",
    errno.ENOENT: "de map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "niet toegestaan",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quota) is op",
    errno.EISDIR: "is een map",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def reason(exc: OSError) -> str:
    """A Dutch reason for an OSError; the system's own words only for the rare ones."""
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    return known or exc.strerror or str(exc)


def ensure_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: uitvoermap kan niet worden gemaakt ({reason(exc)})") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: geen schrijfrechten in de uitvoermap")


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (/proc; os.umask() can
    only be read by setting it, which other threads would see)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The mode a written file gets: that of the file it replaces (a user who made a document 0600
    keeps it so), else what the umask allows of 0666, as for any file a program creates."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _stage(path: Path, data: bytes, mode: int | None) -> str:
    """Write `data` to a temporary file beside `path` (synced, with its final mode); its name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: kan niet schrijven ({reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path) if mode is None else mode)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: kan niet schrijven ({reason(exc)})") from None
        raise
    return tmp


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes | str, mode: int | None = None) -> None:
    """`mode`: the file's permissions; by default those of the file it replaces, else the umask's."""
    write_all_atomic([(Path(path), data)], mode)


def write_all_atomic(files: Sequence[tuple[Path, bytes | str]], mode: int | None = None) -> None:
    """Write several files as one: every file is first written in full beside its target, and only
    when all of them could be are they renamed into place. A failure (a full disk, a name the file
    system refuses) leaves every target as it was and no temporary file behind."""
    clash = source_clash(path for path, _ in files)
    if clash is not None:
        raise OutputError(clash)
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            path = Path(path)
            ensure_dir(path.parent)
            staged.append((_stage(path, data.encode("utf-8") if isinstance(data, str) else data, mode), path))
        for _, path in staged:  # what would stop a rename, checked before the first one
            if path.is_dir() and not path.is_symlink():
                raise OutputError(f"{path}: kan niet schrijven ({_REASONS[errno.EISDIR]})")
        while staged:
            tmp, path = staged[0]
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"{path}: kan niet schrijven ({reason(exc)})") from None
            staged.pop(0)
    finally:
        for tmp, _ in staged:
            _remove(tmp)
