"""The files the running command reads, which no output may replace.

Source files are never written (docs/uitvoer.md): a plan whose file name is one of its own output names
(`<name>-plan.md` built into its own folder with --markdown) must not be replaced by its document. A
command registers the files it reads (plans, programmes and their plans, the parts of a joint plan, regio
and answers files); every atomic write (core/output.py) refuses to replace one of them, and the commands
ask `source_clash` about their outputs before they write anything (exit 2). Kept apart from
core/output.py so that the command line can reset it for each command without importing tempfile.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

# The files the running command reads (plans, programmes, the parts of a joint plan, regio and answers
# files), by (device, inode): no output may replace one. Sources are never written; a plan whose file name
# is an output name (`<name>-plan.md` built into its own folder) must not be replaced by its own document.
_SOURCES: dict[tuple[int, int], str] = {}


def protect_sources(paths: Iterable[Path | str]) -> None:
    """Add files the command reads to those no output may replace (the file and, for a link, what it
    points at). Files that do not exist are skipped: there is nothing to lose."""
    for path in paths:
        for look in (os.lstat, os.stat):
            try:
                info = look(path)
            except (OSError, ValueError):
                continue
            if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
                _SOURCES.setdefault((info.st_dev, info.st_ino), str(path))


def forget_sources() -> None:
    """A command starts or ends (tests and the preview run several in one process)."""
    _SOURCES.clear()


def source_clash(targets: Iterable[Path | str]) -> str | None:
    """The Dutch message for the first target that is a protected source file, or None. The target as
    it is (not what a link there points at): writing replaces a link, not its target."""
    for target in targets:
        try:
            info = os.lstat(target)
        except (OSError, ValueError):
            continue
        source = _SOURCES.get((info.st_dev, info.st_ino))
        if source is not None and _still(source, (info.st_dev, info.st_ino)):
            named = "" if os.path.abspath(source) == os.path.abspath(target) else f" {source}"
            return (
                f"{target}: de uitvoer zou het bronbestand{named} overschrijven; kies een andere uitvoermap of "
                "geef het bronbestand een andere naam; er is niets geschreven"
            )
    return None


def _still(source: str, key: tuple[int, int]) -> bool:
    """Whether the source file (or what its link points at) still has that identity: a source deleted
    since it was read leaves its inode number free for a new file, which is no source."""
    for look in (os.lstat, os.stat):
        try:
            info = look(source)
        except (OSError, ValueError):
            continue
        if (info.st_dev, info.st_ino) == key:
            return True
    return False
