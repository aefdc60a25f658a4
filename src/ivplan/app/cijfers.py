"""`ivplan cijfers`: fill metingen, nulmetingen and analysis figures from CBS and politie open data.

Per plan, in three steps the command line drives (docs/open-data.md):

1. `analyse()` loads and schema-checks the plan, reads the series of every binding (a `doel` or `cijfer`
   with `open_data`, through `source.opendata.sources.Sources`) and works out what changes: new and
   corrected metingen, cijfers, `voorlopig` marks, bron years, each a `Change` carrying its text edits,
   with the warnings IVP145-IVP148 and the errors IVP144.
2. `render()` makes the accepted changes in the text (source/yaml_edit.py: every other byte is kept),
   checks that the project's loader reads exactly the intended data from the new text (else IVP149) and
   makes the unified diff.
3. `write()` writes the new text atomically, keeping the file's mode, and refuses when the file changed
   on disk since it was read.

Nothing here prints; the command formats `PlanRun`s.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import ERROR, WARNING, Diagnostic
from ivplan.core.formatting import aantal
from ivplan.core.output import write_atomic
from ivplan.source.loader import Loaded, load_text, read_source, shown_name
from ivplan.source.opendata.figures import Figure, Figures, figures
from ivplan.source.opendata.model import (
    NetworkError as NetworkError,  # for the command to catch: no connection (exit 2)
    Request,
    SeriesError,
    SourceUsageError as SourceUsageError,  # for the command to catch: a --bron folder it cannot use (exit 2)
)
from ivplan.source.opendata.odata import ODataV3, ResponseCache, cache_dir
from ivplan.source.opendata.sources import Sources, check_folder
from ivplan.source.yaml_edit import AddList, Edit, EditError, InsertItem, InsertKey, RemoveKey, SetValue, apply_edits
from ivplan.validation.gezamenlijk import B, Merged
from ivplan.validation.lint import FileResult, lint_plan_loaded
from ivplan.validation.schema import MAX_NUMBER

# Diagnostics `cijfers` reports of its own (the rules IVP140-IVP143 come from the linter).
BINDING_RULES = ("IVP140", "IVP141", "IVP142", "IVP143")
# A deel B whose files form no joint plan (IVP120-IVP125) has no merged plan to fill.
JOINT_RULES = ("IVP120", "IVP121", "IVP122", "IVP123", "IVP124", "IVP125")
BLOCKING = ("IVP000", "IVP140", "IVP141", "IVP144", "IVP149", *JOINT_RULES)

SOORTEN = ("meting_nieuw", "meting_gewijzigd", "cijfer_gewijzigd", "bron_jaar", "voorlopig_weg", "voorlopig_erbij")


def open_sources(folders: list[Path], *, online: bool, use_cache: bool, environ: Mapping[str, str]) -> Sources:
    """Where the series come from: the `--bron` folders, in order (each must be a readable folder, else
    SourceUsageError), then with `--online` the CBS API, its answers cached unless `use_cache` is off."""
    for folder in folders:
        check_folder(folder)
    client = None
    if online:
        cache = ResponseCache(cache_dir(environ)) if use_cache else None
        client = ODataV3(environ, cache)
    return Sources(folders, client)


@dataclass
class Options:
    jaar: int | None = None  # --jaar: the newest year to take
    nulmeting: bool = False  # --nulmeting: a nulmeting may change


@dataclass
class Change:
    """One change to the plan: what the JSON output and `--vraag` show, and the text edits that make it."""

    path: tuple
    jaar: int | None
    oud: Any
    nieuw: Any
    voorlopig: bool | None
    soort: str
    edits: list[Edit] = field(default_factory=list)
    lead: Change | None = None  # taken or left together with this change (a bron year and its cijfers)
    order: int = 0  # when it was worked out: edits at one place are made in this order (year order)

    def json(self) -> dict:
        return {
            "path": dg.format_path(self.path),
            "jaar": self.jaar,
            "oud": self.oud,
            "nieuw": self.nieuw,
            "voorlopig": self.voorlopig,
            "soort": self.soort,
        }


@dataclass
class PlanRun:
    path: Path
    file: str  # as the user named it
    original: str = ""  # the text as read (a BOM included)
    raw: bytes = b""
    loaded: Loaded | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_text: str | None = None
    diff: str = ""
    written: bool = False
    unreadable: bool = False
    # a deel B of a joint plan: its merged plan, whose paths the planner uses (each is written in deel A or in
    # this deel B); `elsewhere`: the changes that would go into deel A, reported and not written
    merged: Merged | None = None
    elsewhere: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    @property
    def changed(self) -> bool:
        return self.new_text is not None and self.new_text != self.original

    def add(self, code: str, severity: str, path: tuple, message: str) -> None:
        if self.merged is not None:  # a path of the merged plan: in this deel B, or in its deel A
            part, where, at = self.merged.locate(path)
            self.diagnostics.append(dg.make(code, severity, where, message, at, part.file))
            return
        self.add_in_file(code, severity, path, message)

    def add_in_file(self, code: str, severity: str, path: tuple, message: str) -> None:
        """A diagnostic at a path of this file itself (for a deel B: of the deel B, not the merged plan)."""
        positions = self.loaded.positions if self.loaded else None
        where, pos = positions.locate(path) if positions else (path, None)
        self.diagnostics.append(dg.make(code, severity, where, message, pos, self.file))

    def json(self) -> dict:
        obj = dg.file_json_obj(self.file, self.diagnostics)
        return {
            "file": obj["file"],
            "valid": obj["valid"],
            "gewijzigd": self.changed,
            "geschreven": self.written,
            "wijzigingen": [c.json() for c in self.changes] if self.changed else [],
            "diff": self.diff,
            "diagnostics": obj["diagnostics"],
        }


# --------------------------------------------------------------------------------------------------
# 1. What changes


def analyse(path: Path, display: str, sources: Sources, options: Options) -> PlanRun:
    """Load and check the plan, read every binding's series, and work out the changes.
    Raises NetworkError and SourceUsageError (the command exits 2 for them)."""
    run = PlanRun(Path(path), shown_name(display))
    text, res = read_source(Path(path), display)
    if text is None:
        run.diagnostics = list(res.diagnostics)
        run.unreadable = res.unreadable
        return run
    try:
        run.raw = Path(path).read_bytes()
        run.original = run.raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):  # changed under our hands: read_source's text is what was checked
        run.original = text
        run.raw = text.encode("utf-8")
    run.loaded = load_text(run.original.removeprefix("\ufeff"), run.file)
    # as validate reads it: a deel B of a joint plan is its merged plan (deel A's elements first)
    result = lint_plan_loaded(run.loaded, Path(path))
    run.diagnostics = _reported(result)
    if run.has_errors:
        return run
    run.merged = result.merged
    _Planner(run, result.view_data, sources, options).plan()
    if run.merged is not None:
        _keep_this_files_changes(run, run.merged)
    run.diagnostics.sort(key=Diagnostic.sort_key)
    for order, change in enumerate(run.changes):
        change.order = order
    positions = run.loaded.positions  # shown in file order: per item, then per year
    if positions is not None:
        run.changes.sort(key=lambda c: (positions.anchor(_item_path(c.path)), c.jaar or 0, c.order))
    return run


def _keep_this_files_changes(run: PlanRun, merged: Merged) -> None:
    """The changes to this deel B, with their paths inside it; a change to an element written in deel A is
    reported (`run.elsewhere`) and not made (cijfers writes only the files named on its command line)."""
    kept: list[Change] = []
    left: set[int] = set()
    for change in run.changes:
        paths = [change.path] + [p for e in change.edits for p in _edit_paths(e)]
        if (change.lead is not None and id(change.lead) in left) or any(merged.home(p)[0] != B for p in paths):
            left.add(id(change))
            part, where, (line, col) = merged.locate(change.path)
            what = _ONE.get(change.soort, change.soort) + (f" ({change.jaar})" if change.jaar is not None else "")
            run.elsewhere.append(
                f"{part.file}:{line}:{col}: {dg.format_path(where)}: {what} niet geschreven: dit staat in het "
                f"gezamenlijke deel A, en ivplan cijfers schrijft alleen {run.file}"
            )
            continue
        change.path = merged.home(change.path)[1]
        change.edits = [_moved(e, merged) for e in change.edits]
        kept.append(change)
    run.changes = kept


def _edit_paths(edit: Edit) -> list[tuple]:
    if isinstance(edit, SetValue):
        return [edit.path]
    if isinstance(edit, InsertItem):
        return [edit.sequence]
    if isinstance(edit, AddList):
        return [edit.mapping, edit.sibling_list]
    return [edit.mapping]  # InsertKey, RemoveKey


def _moved(edit: Edit, merged: Merged) -> Edit:
    """The edit with its paths inside the deel B (each was checked to be written there)."""

    def inside(path: tuple) -> tuple:
        return merged.home(path)[1]

    if isinstance(edit, SetValue):
        return replace(edit, path=inside(edit.path))
    if isinstance(edit, InsertItem):
        return replace(edit, sequence=inside(edit.sequence))
    if isinstance(edit, AddList):
        return replace(edit, mapping=inside(edit.mapping), sibling_list=inside(edit.sibling_list))
    return replace(edit, mapping=inside(edit.mapping))


def _item_path(path: tuple) -> tuple:
    """The doel, cijfer or bron a change belongs to."""
    if path[:1] == ("meetbare_doelen",):
        return path[:2]
    if path[:2] == ("probleemanalyse", "bevindingen"):
        return path[:5]
    return path[:3]


def _reported(result: FileResult) -> list[Diagnostic]:
    """The linter's diagnostics that concern `cijfers`: loading and schema errors, the binding rules, and
    an unknown bron id (IVP002) inside a binding."""
    out = []
    for d in result.diagnostics:
        if d.code.startswith("IVP9") or d.code in ("IVP000", *JOINT_RULES) or d.code in BINDING_RULES:
            out.append(d)
        elif d.code == "IVP002" and ".open_data." in f".{d.path}.":
            out.append(d)
    return out


def _number(text: str) -> int | float:
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def _scalar(text: str):
    if text in ("true", "false"):
        return text == "true"
    return _number(text)


@dataclass(frozen=True)
class _Bound:
    """A binding's figures, and the bronnen they were taken from (the item's, and `per.bron`)."""

    figures: Figures
    bronnen: tuple[str, ...]


class _Planner:
    """Works out one plan's changes (docs/open-data.md §4)."""

    def __init__(self, run: PlanRun, data: dict, sources: Sources, options: Options):
        self.run = run
        self.data = data
        self.sources = sources
        self.options = options
        analyse_ = data.get("probleemanalyse") or {}
        # by id as the file writes it (the plan passed its schema: a string)
        self.bronnen: dict[Any, tuple[int, dict[str, Any]]] = {
            b.get("id"): (i, b) for i, b in enumerate(analyse_.get("bronnen") or []) if isinstance(b, dict)
        }
        self.gemeente = data.get("gemeente") or {}
        self.eind = ((data.get("plan") or {}).get("periode") or {}).get("eind")
        self.taken: dict[str, set[int]] = {}  # bron id -> data years taken from it
        self.modified: dict[str, int] = {}  # bron id -> year of TableInfos.Modified

    # the bindings --------------------------------------------------------------------------------
    def plan(self) -> None:
        for i, doel in enumerate(self.data.get("meetbare_doelen") or []):
            if isinstance(doel, dict) and isinstance(doel.get("open_data"), dict):
                bound = self._figures(("meetbare_doelen", i), doel)
                if bound is not None:
                    self._doel(i, doel, bound)
        for i, bev in enumerate((self.data.get("probleemanalyse") or {}).get("bevindingen") or []):
            for j, cijfer in enumerate((bev or {}).get("cijfers") or []):
                if isinstance(cijfer, dict) and isinstance(cijfer.get("open_data"), dict):
                    path = ("probleemanalyse", "bevindingen", i, "cijfers", j)
                    bound = self._figures(path, cijfer)
                    if bound is not None:
                        self._cijfer(path, cijfer, bound)
        self._bron_years()

    def _request(self, od: dict, meetwaarde: str | None, filters: dict | None, perioden: str) -> Request:
        naam = str(self.gemeente.get("naam") or "")
        csv = od.get("csv") or {}
        regio_text = csv.get("regio")
        return Request(
            meetwaarde=meetwaarde,
            filters=tuple((str(k), str(v).strip()) for k, v in (filters or {}).items()),
            regio=str(od.get("regio") or self.gemeente.get("cbs_code") or "").strip() or None,
            regio_given="regio" in od,
            perioden=perioden,
            csv_kolom=csv.get("kolom"),
            csv_rijen=tuple((str(k), str(v).strip()) for k, v in (csv.get("rijen") or {}).items()),
            csv_regio=(regio_text.strip(),) if regio_text else (naam, f"{naam} (gemeente)"),
        )

    def _figures(self, path: tuple, item: dict) -> _Bound | None:
        """The binding's figures per year, or None (IVP144 reported, or a reference IVP002 reports)."""
        od = item["open_data"]
        bron_entry = self.bronnen.get(item.get("bron"))
        if bron_entry is None or not isinstance(bron_entry[1].get("open_data"), dict):
            return None  # IVP002 or IVP140, reported by the linter
        bron = bron_entry[1]
        per = od.get("per") if isinstance(od.get("per"), dict) else None
        per_bron = None
        if per is not None:
            entry = self.bronnen.get(per.get("bron"))
            if entry is None or not isinstance(entry[1].get("open_data"), dict):
                return None  # IVP002 or IVP141
            per_bron = entry[1]
        try:
            teller = self.sources.series(
                bron["open_data"],
                self._request(od, od.get("meetwaarde"), od.get("filters"), od.get("perioden") or "jaar"),
            )
            noemer = None
            if per is not None and per_bron is not None:
                noemer = self.sources.series(
                    per_bron["open_data"],
                    self._request({**od, "csv": None}, per["meetwaarde"], per.get("filters"), "jaar"),
                )
        except SeriesError as exc:
            self.run.add("IVP144", ERROR, path + ("open_data",), f"de reeks kan niet worden gelezen: {exc}")
            return None
        for bron_id, series in ((item.get("bron"), teller), (per.get("bron") if per else None, noemer)):
            if bron_id is not None and series is not None and series.modified_year is not None:
                self.modified[bron_id] = max(self.modified.get(bron_id, 0), series.modified_year)
        figs = figures(teller, od.get("decimalen"), noemer, int(per["schaal"]) if per else 1, largest=MAX_NUMBER)
        return _Bound(figs, tuple(b for b in (item.get("bron"), per.get("bron") if per else None) if b))

    def _take(self, bound: _Bound, year: int) -> None:
        for bron_id in bound.bronnen:
            self.taken.setdefault(bron_id, set()).add(year)

    def _no_value(self, path: tuple, item: dict, figs: Figures, year: int, tail: str = "") -> None:
        """IVP147 / IVP148 for a year without a figure."""
        od = item["open_data"]
        if year in figs.no_denominator:
            per = od.get("per") or {}
            self.run.add(
                "IVP148",
                WARNING,
                path + ("open_data",),
                f"de noemer ({per.get('meetwaarde')} uit bron '{per.get('bron')}') ontbreekt of is 0 voor {year}: "
                f"dat jaar is overgeslagen{tail}",
            )
        elif year in figs.too_large:
            tabel = self.bronnen[item["bron"]][1]["open_data"]["tabel"]
            self.run.add(
                "IVP147",
                WARNING,
                path + ("open_data",),
                f"tabel {tabel} heeft voor {year} geen waarde die een plan kan bevatten "
                f"({_too_large(figs.too_large[year])}; een getal in een plan ligt tussen -{_BOUND} en {_BOUND}): "
                f"dat jaar is overgeslagen{tail}",
            )
        else:
            tabel = self.bronnen[item["bron"]][1]["open_data"]["tabel"]
            self.run.add(
                "IVP147",
                WARNING,
                path + ("open_data",),
                f"tabel {tabel} heeft geen gepubliceerde waarde voor {year}: dat jaar is overgeslagen{tail}",
            )

    # doelen ------------------------------------------------------------------------------------
    def _doel(self, i: int, doel: dict, bound: _Bound) -> None:
        base = ("meetbare_doelen", i)
        figs = bound.figures
        od = doel["open_data"]
        naam = doel.get("id")
        metingen = [m for m in doel.get("metingen") or [] if isinstance(m, dict)]
        nul = doel.get("nulmeting") or {}
        if figs.newest_year is None:
            return
        last = min(y for y in (figs.newest_year, self.options.jaar, self.eind) if isinstance(y, int))
        first = od.get("vanaf")
        if first is None:
            first = min(y for y in [nul.get("jaar")] + [m.get("jaar") for m in metingen] if isinstance(y, int))
        existing = {m.get("jaar"): j for j, m in enumerate(metingen)}  # of two with one year: the last
        new_items: list[tuple[int, dict[str, str], Figure]] = []
        for year in range(first, last + 1):
            fig = figs.by_year.get(year)
            if fig is None:
                self._no_value(base, doel, figs, year, "; de bestaande meting blijft staan" if year in existing else "")
                continue
            self._take(bound, year)
            if year in existing:
                j = existing[year]
                what = f"de meting van {year} van doel '{naam}'"
                self._update_value(base + ("metingen", j), metingen[j], fig, "meting_gewijzigd", what)
            else:
                fields = {"jaar": str(year), "waarde": fig.text}
                if fig.provisional:
                    fields["voorlopig"] = "true"
                new_items.append((year, fields, fig))
        self._new_metingen(base, doel, metingen, new_items)
        self._nulmeting(base, doel, bound)

    def _nulmeting(self, base: tuple, doel: dict, bound: _Bound) -> None:
        """Never changed silently: a difference is IVP146, a change needs --nulmeting."""
        nul = doel.get("nulmeting") or {}
        year = nul.get("jaar")
        if not isinstance(year, int):
            return
        fig = bound.figures.by_year.get(year)
        path = base + ("nulmeting", "waarde")
        if fig is None:
            return
        self._take(bound, year)
        old = self._written(path)
        if _same(old, fig.value):
            return
        if self.options.nulmeting:
            change = Change(path, year, _scalar(old), _scalar(fig.text), fig.provisional, "meting_gewijzigd")
            change.edits = [SetValue(path, fig.text)]
            self.run.changes.append(change)
        else:
            self.run.add(
                "IVP146",
                WARNING,
                path,
                f"de nulmeting van doel '{doel.get('id')}' ({old}) wijkt af van de gepubliceerde waarde voor {year} "
                f"({fig.text}); de nulmeting blijft staan (bijwerken: ivplan cijfers --nulmeting)",
            )

    def _new_metingen(self, base: tuple, doel: dict, metingen: list[dict], new_items: list) -> None:
        """New metingen in year order: before the first meting of a later year, else at the end; a doel
        without `metingen` gets the list."""
        if not new_items:
            return
        slots = []
        for year, fields, fig in new_items:
            before = next((j for j, m in enumerate(metingen) if _year_key(m.get("jaar")) > year), None)
            slots.append((len(metingen) if before is None else before, year, fields, fig, before))
        lead = None
        for n, (slot, year, fields, fig, before) in enumerate(slots):
            index = slot + sum(1 for other in slots[:n] if other[0] <= slot)
            change = Change(base + ("metingen", index), year, None, _scalar(fig.text), fig.provisional, "meting_nieuw")
            if "metingen" in doel:
                change.edits = [InsertItem(base + ("metingen",), before, fields)]
            elif lead is None:  # one new list holds them all; the others follow it
                items = tuple(f for _, _, f, _, _ in slots)
                change.edits = [AddList(base, "metingen", items, ("meetbare_doelen",))]
                lead = change
            else:
                change.lead = lead
            self.run.changes.append(change)

    def _update_value(self, path: tuple, item: dict, fig, soort: str, what: str) -> None:
        """Correct an existing meting or cijfer of the same year, and its `voorlopig` mark."""
        old = self._written(path + ("waarde",))
        if not _same(old, fig.value):
            self.run.changes.append(
                Change(
                    path + ("waarde",),
                    fig.year,
                    _scalar(old),
                    _scalar(fig.text),
                    fig.provisional,
                    soort,
                    [SetValue(path + ("waarde",), fig.text)],
                )
            )
            if item.get("voorlopig") is not True:
                self.run.add(
                    "IVP145",
                    WARNING,
                    path + ("waarde",),
                    f"{what} is gecorrigeerd naar de gepubliceerde waarde: {old} → {fig.text}",
                )
        self._mark(path, item, fig)

    def _mark(self, path: tuple, item: dict, fig) -> None:
        marked = item.get("voorlopig") is True
        if fig.provisional and not marked:
            edit: Edit = (
                SetValue(path + ("voorlopig",), "true")
                if "voorlopig" in item
                else InsertKey(path, "waarde", "voorlopig", "true")
            )
            self.run.changes.append(
                Change(
                    path + ("voorlopig",), fig.year, item.get("voorlopig", False), True, True, "voorlopig_erbij", [edit]
                )
            )
        elif marked and not fig.provisional:
            self.run.changes.append(
                Change(
                    path + ("voorlopig",), fig.year, True, False, False, "voorlopig_weg", [RemoveKey(path, "voorlopig")]
                )
            )

    # cijfers -----------------------------------------------------------------------------------
    def _cijfer(self, path: tuple, cijfer: dict, bound: _Bound) -> None:
        figs = bound.figures
        cap = self.options.jaar
        published = [
            y
            for y in sorted(set(figs.by_year) | set(figs.missing) | set(figs.no_denominator) | set(figs.too_large))
            if cap is None or y <= cap
        ]
        if not published:
            return
        if published[-1] not in figs.by_year:
            self._no_value(path, cijfer, figs, published[-1])
        years = [y for y in published if y in figs.by_year]
        if not years:
            return
        fig = figs.by_year[years[-1]]
        own = cijfer.get("jaar")
        if isinstance(own, int) and fig.year < own:
            return  # a cijfer never moves to an older year
        self._take(bound, fig.year)
        what = f"cijfer '{cijfer.get('omschrijving')}' ({fig.year})"
        if own == fig.year:
            self._update_value(path, cijfer, fig, "cijfer_gewijzigd", what)
            return
        old = self._written(path + ("waarde",))
        edits: list[Edit] = []
        if not _same(old, fig.value):
            edits.append(SetValue(path + ("waarde",), fig.text))
        edits.append(
            SetValue(path + ("jaar",), str(fig.year))
            if "jaar" in cijfer
            else InsertKey(path, "waarde", "jaar", str(fig.year))
        )
        self.run.changes.append(
            Change(
                path + ("waarde",),
                fig.year,
                _scalar(old),
                _scalar(fig.text),
                fig.provisional,
                "cijfer_gewijzigd",
                edits,
            )
        )
        self._mark(path, cijfer, fig)

    # bron years --------------------------------------------------------------------------------
    def _bron_years(self) -> None:
        """A bron's `jaar` is raised (never lowered) to TableInfos.Modified and the newest data year taken
        from it; first each cijfer of that bron without its own jaar and without a binding gets the old
        year written, so no figure silently changes its year."""
        for bron_id, (k, bron) in self.bronnen.items():
            years = set(self.taken.get(bron_id, ()))
            if bron_id in self.modified and bron_id in self.taken:
                years.add(self.modified[bron_id])
            old = bron.get("jaar")
            if not years or not isinstance(old, int) or max(years) <= old:
                continue
            new = max(years)
            path = ("probleemanalyse", "bronnen", k, "jaar")
            lead = Change(path, new, old, new, None, "bron_jaar", [SetValue(path, str(new))])
            self.run.changes.append(lead)
            for i, bev in enumerate((self.data.get("probleemanalyse") or {}).get("bevindingen") or []):
                for j, cijfer in enumerate((bev or {}).get("cijfers") or []):
                    if cijfer.get("bron") == bron_id and "jaar" not in cijfer and "open_data" not in cijfer:
                        cpath = ("probleemanalyse", "bevindingen", i, "cijfers", j)
                        self.run.changes.append(
                            Change(
                                cpath + ("jaar",),
                                old,
                                None,
                                old,
                                None,
                                "bron_jaar",
                                [InsertKey(cpath, "waarde", "jaar", str(old))],
                                lead,
                            )
                        )

    # helpers -----------------------------------------------------------------------------------
    def _written(self, path: tuple) -> str:
        """A number as the file writes it."""
        loaded, inner = self.run.loaded, tuple(path)
        if self.run.merged is not None:
            side, inner = self.run.merged.home(path)
            loaded = self.run.merged.part(side).loaded
        text = loaded.numbers_as_written.get(inner) if loaded else None
        if text is not None:
            return text
        value: Any = self.data
        for part in path:
            value = value[part]
        return repr(value)


def _year_key(year) -> int:
    return year if isinstance(year, int) else 10**6


_BOUND = f"{MAX_NUMBER:,}".replace(",", ".")


def _too_large(value: Decimal) -> str:
    """A published value no plan can hold, in words (like the plan's own check on numbers)."""
    if value.is_nan():
        return "geen getal"
    if value.is_infinite():
        return "oneindig groot" if value > 0 else "oneindig klein"
    return f"{'een getal' if value > 0 else 'een negatief getal'} van {value.adjusted() + 1} cijfers"


def _same(old_text: str, new: Decimal) -> bool:
    try:
        return Decimal(old_text) == new
    except InvalidOperation:
        return False


# --------------------------------------------------------------------------------------------------
# 2. The new text and the diff


def render(run: PlanRun, accepted: list[Change] | None = None) -> None:
    """Make the accepted changes (default: all) in the text; IVP149 when they cannot be made in place."""
    if run.has_errors or run.loaded is None:
        return
    chosen = run.changes if accepted is None else accepted
    taken = {id(c) for c in chosen}
    chosen = [c for c in run.changes if id(c) in taken or (c.lead is not None and id(c.lead) in taken)]
    run.changes = chosen
    edits = [e for c in sorted(chosen, key=lambda c: c.order) for e in c.edits]
    if not edits:
        run.new_text = run.original
        return
    try:
        new_text = apply_edits(run.original, edits)
    except EditError as exc:
        _cannot_edit(run, exc.path, exc.message, exc.position)
        return
    problem = _verify(run, new_text, edits)
    if problem is not None:
        _cannot_edit(run, (), problem)
        return
    run.new_text = new_text
    run.diff = unified_diff(run.original, new_text, run.file)


def _cannot_edit(run: PlanRun, path: tuple, message: str, position: tuple[int, int] | None = None) -> None:
    text = f"het plan kan hier niet worden bijgewerkt zonder andere tekst te raken: {message}; er is niets geschreven"
    if position is not None:
        run.diagnostics.append(dg.make("IVP149", ERROR, path, text, position, run.file))
    else:  # the edits name paths of this file (a deel B's own, not the merged plan's)
        run.add_in_file("IVP149", ERROR, path, text)
    run.diagnostics.sort(key=Diagnostic.sort_key)
    run.new_text = None
    run.diff = ""


def _verify(run: PlanRun, new_text: str, edits: list[Edit]) -> str | None:
    """The new text must load without a new loading error and give exactly the intended data."""
    assert run.loaded is not None  # render() checked it
    before = {d.code for d in run.loaded.diagnostics if d.code.startswith("IVP9")}
    after = load_text(new_text.removeprefix("\ufeff"), run.file)
    new_errors = [d for d in after.diagnostics if d.code.startswith("IVP9") and d.code not in before]
    if new_errors or after.data is None:
        return f"de nieuwe tekst is geen geldige YAML meer ({new_errors[0].message if new_errors else 'leeg'})"
    if after.data != intended_data(run.loaded.data, edits):
        return "de nieuwe tekst geeft niet precies de bedoelde gegevens"
    return None


def intended_data(data: Any, edits: list[Edit]) -> Any:
    """The data the edits should give: what the new text must load as."""
    out = copy.deepcopy(data)
    inserts: dict[tuple, list[InsertItem]] = {}
    for edit in edits:
        if isinstance(edit, SetValue):
            _at(out, edit.path[:-1])[edit.path[-1]] = _scalar(edit.text)
        elif isinstance(edit, InsertKey):
            _at(out, edit.mapping)[edit.key] = _scalar(edit.text)
        elif isinstance(edit, RemoveKey):
            del _at(out, edit.mapping)[edit.key]
        elif isinstance(edit, AddList):
            _at(out, edit.mapping)[edit.key] = [{k: _scalar(v) for k, v in item.items()} for item in edit.items]
        elif isinstance(edit, InsertItem):
            inserts.setdefault(edit.sequence, []).append(edit)
    for path, items in inserts.items():
        old = _at(out, path)
        new: list = []
        for j, item in enumerate(old + [None]):
            new += [
                {k: _scalar(v) for k, v in e.fields.items()}
                for e in items
                if e.before == (j if item is not None else None)
            ]
            if item is not None:
                new.append(item)
        old[:] = new
    return out


def _at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def unified_diff(old: str, new: str, name: str) -> str:
    """`--- a/<name>` / `+++ b/<name>`, 3 lines of context, lines split on '\\n' only, and
    `\\ No newline at end of file` where a last line has none: `patch -p1` applies it. A name with a space
    ends in a tab in the headers, as git writes it: patch then takes the whole name, not its first word."""
    a = _lines(old)
    b = _lines(new)
    tab = "\t" if " " in name else ""
    out = []
    for line in difflib.unified_diff(a, b, f"a/{name}{tab}", f"b/{name}{tab}", n=3):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


# --------------------------------------------------------------------------------------------------
# 3. Writing


class ChangedOnDisk(Exception):
    """The plan changed on disk since it was read: nothing written."""


def write(run: PlanRun) -> None:
    """Write the new text over the plan (its target, when the plan is a symbolic link), atomically and with
    the file's mode kept. Raises ChangedOnDisk, or core.output.OutputError."""
    if not run.changed or run.new_text is None:
        return
    target = Path(os.path.realpath(run.path))
    try:
        now = target.read_bytes()
    except OSError:
        now = None
    if now != run.raw:
        raise ChangedOnDisk(f"{run.file}: het bestand is gewijzigd sinds ivplan het las; er is niets geschreven")
    mode = target.stat().st_mode & 0o7777
    write_atomic(target, run.new_text.encode("utf-8"), mode=mode)
    run.written = True


# --------------------------------------------------------------------------------------------------
# Words


_COUNTS = (
    ("meting_nieuw", "meting toegevoegd", "metingen toegevoegd"),
    ("meting_gewijzigd", "gecorrigeerd", "gecorrigeerd"),
    ("cijfer_gewijzigd", "cijfer bijgewerkt", "cijfers bijgewerkt"),
    ("bron_jaar", "bronjaar", "bronjaren"),
    ("voorlopig_weg", "definitief geworden", "definitief geworden"),
    ("voorlopig_erbij", "als voorlopig gemarkeerd", "als voorlopig gemarkeerd"),
)


_ONE = {soort: one for soort, one, _ in _COUNTS}


def summary(run: PlanRun, schrijf: bool) -> str:
    """`maasdal.yaml: 1 meting toegevoegd, 2 gecorrigeerd, 1 cijfer bijgewerkt, 3 bronjaren; niets
    geschreven (gebruik --schrijf)`."""
    name = run.file
    if run.has_errors or run.new_text is None:
        return f"{name}: niets geschreven (fouten)"
    if not run.changed:
        return f"{name}: geen wijzigingen"
    parts = []
    for soort, one, many in _COUNTS:
        # every change counts, also one that goes with another (the metingen of one new list);
        # of the bron years only the bronnen' own (the cijfers that keep their year follow them)
        changes = [c for c in run.changes if c.soort == soort]
        if soort == "bron_jaar":
            changes = [c for c in changes if c.path[:2] == ("probleemanalyse", "bronnen")]
        if changes:
            parts.append(aantal(len(changes), one, many))
    tail = "geschreven" if run.written else ("niets geschreven" if schrijf else "niets geschreven (gebruik --schrijf)")
    return f"{name}: {', '.join(parts)}; {tail}"


_WHAT = {
    "meting_nieuw": "nieuwe meting",
    "meting_gewijzigd": "gecorrigeerde waarde",
    "cijfer_gewijzigd": "bijgewerkt cijfer",
    "bron_jaar": "bronjaar",
    "voorlopig_weg": "niet meer voorlopig",
    "voorlopig_erbij": "voorlopig",
}


def describe(change: Change) -> str:
    """One line for `--vraag`: where, what, old and new."""
    where = dg.format_path(change.path)
    jaar = f" {change.jaar}" if change.jaar is not None and change.soort != "bron_jaar" else ""
    old = "-" if change.oud is None else _shown(change.oud)
    note = (
        " (voorlopig)"
        if change.voorlopig and change.soort in ("meting_nieuw", "meting_gewijzigd", "cijfer_gewijzigd")
        else ""
    )
    return f"{where}: {_WHAT[change.soort]}{jaar}: {old} → {_shown(change.nieuw)}{note}"


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
