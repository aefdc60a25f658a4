"""Linting what a command line names: plans, uitvoeringsprogramma's and the parts of joint plans mixed,
each file once.

A file is recognised by its top key (`ivplan_uitvoering` a programme, `ivplan_gezamenlijk` a joint plan's
deel A, `gezamenlijk` a deel B, else a plan). The same file is the same real path, shown as the first
path given; a plan brought in by a programme and not named itself gets its own file object just before
its first programme, and is linted once however many programmes point to it. A deel A stands for itself
and then its set (lint.expand_paths); a deel B is linted as its merged plan, its deel A read once per run
(lint.JointRun), also when a programme points to the deel B.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import Diagnostic
from ivplan.source.loader import MAX_BYTES, load_file
from ivplan.validation.lint import (
    FileResult,
    JointRun,
    apply_eisen,
    apply_strikt,
    cross_plan,
    expand_paths,
    lint_loaded,
    lint_plan,
    peek_kind,
)
from ivplan.validation.rules import RULES
from ivplan.validation.rules.base import Regio
from ivplan.validation.uitvoering import MARKER, ProgrammeResult, lint_uitvoering_loaded

_PROGRAMME_KEY = re.compile(rb"^ivplan_uitvoering[ \t]*:", re.MULTILINE)


def is_programme(path: Path | str) -> bool:
    """Whether the file is an uitvoeringsprogramma: a top-level key `ivplan_uitvoering`. A cheap look at
    the bytes (no YAML parse), so that a batch of plans pays nothing for it; a file that cannot be read
    is no programme (the plan linter reports it)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a FIFO or a device would block or never end: the plan linter refuses it
        with open(path, "rb") as fh:
            return _PROGRAMME_KEY.search(fh.read(MAX_BYTES + 1)) is not None
    except (OSError, ValueError):
        return False


def _real(path: Path | str) -> str:
    return os.path.realpath(path)


def lint_paths(
    paths: Sequence[Path | str | tuple[Path, str]],
    regio: Regio | None = None,
    *,
    strikt: bool = False,
    kwaliteit: bool = False,
    on_failure: Callable[[str, Exception], None] | None = None,
    joint: JointRun | None = None,
    cross: bool = True,
) -> list[FileResult]:
    """Every file object in output order, --strikt applied; programmes' plans included, each deel A's set
    after it. An item is a path or a (path, display) pair. An internal failure on one file is handed to
    `on_failure(file, exc)` and that file is left out (without `on_failure` it is raised); the others go
    on. `joint`: what the run has read of joint plans (shared with other calls of one command); `cross`:
    also the rules across files (IVP037, IVP119; off for a caller that runs them over more files)."""
    joint = joint if joint is not None else JointRun()
    by_real: dict[str, FileResult] = {}
    order: list[FileResult] = []

    def finish(res: FileResult) -> FileResult:
        if strikt:
            res.diagnostics = apply_strikt(res.diagnostics)
        return res

    def plan_result(path: Path, shown: str) -> FileResult:
        """A programme's plan (a deel B: its merged plan), linted once (IVP100 judges its errors after
        --strikt)."""
        real = _real(path)
        if real not in by_real:
            by_real[real] = finish(lint_plan(path, shown, regio=regio, kwaliteit=kwaliteit, joint=joint))
        return by_real[real]

    def lint_one(p: Path | str, shown: str) -> None:
        res: FileResult
        if peek_kind(Path(p)) is not None and not is_programme(p):  # a part of a joint plan
            res = finish(lint_plan(p, shown, regio=regio, kwaliteit=kwaliteit, joint=joint))
            by_real[_real(p)] = res
            if res not in order:
                order.append(res)
            return
        real = _real(p)
        loaded = load_file(p, shown)
        if loaded.ok and isinstance(loaded.data, dict) and MARKER in loaded.data:
            prog = lint_uitvoering_loaded(loaded, Path(p), regio, kwaliteit=kwaliteit, lint_plan_file=plan_result)
            finish(prog)
            if prog.plan_result is not None and prog.plan_result not in order:
                order.append(prog.plan_result)
            res = prog
        else:
            res = finish(lint_loaded(loaded, regio, folder=Path(p).parent, kwaliteit=kwaliteit))
        by_real[real] = res
        if res not in order:
            order.append(res)

    for p, shown in expand_paths(paths, joint):
        real = _real(p)
        if real in by_real:
            continue  # a file reached twice is processed once, at its first place
        try:
            lint_one(p, shown)
        except Exception as exc:  # noqa: BLE001 - one file's failure does not stop the others
            if on_failure is None:
                raise
            on_failure(shown, exc)
    if not cross:
        return order
    cross_plan([r for r in order if not isinstance(r, ProgrammeResult) and r.kind != "deel_a"], regio)
    cross_programmes([r for r in order if isinstance(r, ProgrammeResult)], regio)
    if strikt:  # what the cross-file rules added
        for r in order:
            r.diagnostics = apply_strikt(r.diagnostics)
    return order


def cross_programmes(
    results: list[ProgrammeResult], regio: Regio | None, *, cbs_codes: list[str | None] | None = None
) -> None:
    """IVP119: two programmes of one gemeente overlap (with a regio file, like IVP037). `cbs_codes`: the
    gemeente of each programme's plan when the results no longer hold their plan (checked in a worker)."""
    if regio is None:
        return
    rule = RULES["IVP119"]
    entries = []
    for i, r in enumerate(results):
        if cbs_codes is not None:
            cbs = cbs_codes[i]
        else:
            data = (
                r.plan_result.view_data
                if r.plan_result is not None and isinstance(r.plan_result.view_data, dict)
                else {}
            )
            cbs = (data.get("gemeente") or {}).get("cbs_code") if isinstance(data.get("gemeente"), dict) else None
        entries.append((cbs, getattr(r, "view", None)))
    for index, finding in rule.check_programmes(entries):
        res = results[index]
        path, pos = res.loaded.positions.locate(finding.path)
        diag = dg.make("IVP119", rule.SEVERITY, path, finding.message, pos, res.loaded.source.path)
        res.diagnostics += apply_eisen([diag], regio.eisen)
        res.diagnostics.sort(key=Diagnostic.sort_key)
