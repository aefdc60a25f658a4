"""Asking the file system about a path the user wrote, without an exception.

pathlib's `exists()`, `is_file()`, `is_dir()` and `is_symlink()` answer False for a missing file, but raise
OSError when the path cannot be looked at for another reason: a name longer than the file system allows
(ENAMETOOLONG), a folder on the way without search permission (EACCES). Such an error escaped as an internal
failure. These functions answer False for every path that cannot be looked at (as `os.path` does), so each
caller treats such a path exactly like a missing one: the same message and the same exit code.
"""

from __future__ import annotations

import os

StrPath = str | os.PathLike[str]


def exists(path: StrPath) -> bool:
    """The path names something (following links); False also when it cannot be looked at."""
    return os.path.exists(path)


def is_file(path: StrPath) -> bool:
    """The path is a regular file (following links); False also when it cannot be looked at."""
    return os.path.isfile(path)


def is_dir(path: StrPath) -> bool:
    """The path is a folder (following links); False also when it cannot be looked at."""
    return os.path.isdir(path)


def is_symlink(path: StrPath) -> bool:
    """The path itself is a symbolic link; False also when it cannot be looked at."""
    return os.path.islink(path)
