"""Which reader serves a bron: the `--bron` folders in order, then (with `--online`) the API."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ivplan.core import paths
from ivplan.source.opendata.jsonfiles import JsonFolder, find_entry
from ivplan.source.opendata.model import Request, Series, SeriesError, SourceUsageError
from ivplan.source.opendata.odata import ODataV3
from ivplan.source.opendata.statline_csv import StatlineCsv


def check_folder(folder: Path) -> None:
    """A `--bron` folder must be a readable folder (exit 2 otherwise)."""
    if not paths.exists(folder):
        raise SourceUsageError(f"{folder}: map niet gevonden")
    if not paths.is_dir(folder):
        raise SourceUsageError(f"{folder}: is geen map")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise SourceUsageError(f"{folder}: geen leesrechten")


@dataclass
class Sources:
    folders: list[Path]
    online: ODataV3 | None = None  # None: offline
    # one reader per file or folder for the whole run: a table is parsed once
    _csv_files: dict[Path, StatlineCsv] = field(default_factory=dict)
    _json_folders: dict[tuple[Path, str], JsonFolder] = field(default_factory=dict)

    def series(self, bron: dict[str, Any], req: Request) -> Series:
        """The series `req` from the table of `bron` (its `open_data`: tabel, catalogus, bestand)."""
        tabel = bron["tabel"]
        bestand = bron.get("bestand")
        for folder in self.folders:
            if bestand:
                path = _inside(folder, bestand)
                if paths.is_file(path):
                    if path not in self._csv_files:
                        self._csv_files[path] = StatlineCsv(path)
                    return self._csv_files[path].series(req)
            found = find_entry(folder, tabel, want_dir=True)
            if found is not None:
                if (found, tabel) not in self._json_folders:
                    self._json_folders[found, tabel] = JsonFolder(found, tabel)
                return self._json_folders[found, tabel].series(req)
        if self.online is not None:
            return self.online.series(tabel, bron.get("catalogus") or "cbs", req)
        where = ", ".join(str(f) for f in self.folders)
        wanted = f"map {tabel}/" + (f" of bestand {bestand}" if bestand else "")
        if not self.folders:
            raise SeriesError(
                f"geen bron voor tabel {tabel}: geef --bron MAP met de gedownloade bestanden ({wanted}), "
                "of haal de tabel op met --online"
            )
        raise SeriesError(f"tabel {tabel} niet gevonden in {where} (gezocht: {wanted}); of gebruik --online")


def _inside(folder: Path, name: str) -> Path:
    """`folder/name` for a file name from the plan, which may not leave the folder."""
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(name).drive or ".." in posix.parts:
        raise SeriesError(f"bestand '{name}' moet in de map van --bron liggen (geen absoluut pad, geen '..')")
    return folder / posix
