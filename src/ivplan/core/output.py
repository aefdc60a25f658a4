"""Writing outputs atomically: a temporary file in the same folder, then a rename.

An interrupted or failed build never leaves a half-written document, and an existing good document
survives a failed rebuild.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ivplan.core.errors import OutputError

__all__ = ["OutputError", "ensure_dir", "reason", "write_atomic"]


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


def write_atomic(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """`mode`: the new file's permissions (a rewritten source file keeps its own)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    ensure_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: kan niet schrijven ({reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: kan niet schrijven ({reason(exc)})") from None
        raise
