"""The linter of an uitvoeringsprogramma (`ivplan_uitvoering: 1`): load it with positions, check its
schema, read the plan it points to (linted as a plan, its diagnostics in its own file object), and run
the programme rules IVP100-IVP119 (rules/ivp1NN_*.py, `KIND = "uitvoering"`).

No cascade: a plan that cannot be read gives IVP100 alone; a plan with errors gives IVP100 and is read
where it passed, so the other rules still judge what they can.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ivplan.core import diagnostics as dg, paths
from ivplan.core.diagnostics import ERROR, Diagnostic
from ivplan.core.formatting import aantal
from ivplan.source.loader import MAX_BYTES, Loaded, load_file
from ivplan.validation.lint import FileResult, apply_eisen, apply_strikt, lint_plan, run_rules
from ivplan.validation.rules.base import PlanView, Regio
from ivplan.validation.rules.programma import ProgrammePeriode, ProgrammeView
from ivplan.validation.schema import validate

KIND = "uitvoering"
MARKER = "ivplan_uitvoering"

# the other kinds a file can be, by their top key, for IVP100's "geen plan"
_OTHER_KINDS = {
    "ivplan_uitvoering": "een uitvoeringsprogramma",
    "ivplan_regio": "een regiobestand",
    "ivplan_toets": "een antwoordenbestand van ivplan toets",
    "ivplan_gezamenlijk": "een deel A van een gezamenlijk plan",
}


# the top keys of the other kinds a file can be, as the IVP000 for a file with one of them and
# `ivplan_uitvoering` names them
_OTHER_TOP_KEYS = {
    "ivplan": "een plan",
    "ivplan_gezamenlijk": "een deel A van een gezamenlijk plan",
    "ivplan_regio": "een regiobestand",
    "ivplan_toets": "een antwoordenbestand van ivplan toets",
}


# The other kinds that a plain plan linter would misread as a plan with errors: when `plan` names one of
# them, IVP100 says so and the file is not linted as a plan (it keeps its own kind when named itself).
_NOT_A_PLAN = {key: name for key, name in _OTHER_KINDS.items() if key != "ivplan_gezamenlijk"}
_TOP_KEY = re.compile(rb"^(ivplan|ivplan_uitvoering|ivplan_regio|ivplan_toets)[ \t]*:", re.MULTILINE)


def _other_kind(path: Path) -> str | None:
    """What the file is when it is a programme, a regio file or a toets answers file by its top key (a
    look at the bytes, like bestanden.is_programme); None for a plan, a part of a joint plan, or a file
    the plan linter refuses on its own (IVP90x)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            keys = {m.group(1).decode("ascii") for m in _TOP_KEY.finditer(fh.read(MAX_BYTES + 1))}
    except (OSError, ValueError):
        return None
    if MARKER in keys:  # a programme, also beside `ivplan` (its own linter reports that conflict)
        return _NOT_A_PLAN[MARKER]
    if "ivplan" in keys:
        return None
    return next((name for key, name in _NOT_A_PLAN.items() if key in keys), None)


@dataclass
class ProgrammeResult(FileResult):
    plan_file: str | None = None  # the plan's file as named for messages (its own file object)
    plan_result: FileResult | None = None  # None: not read (IVP100 says why)
    # what the rules read; IVP119 compares the programmes' periods (from a worker: the period alone)
    view: ProgrammePeriode | None = None


def _plan_problem_of_path(base: Path, value: str) -> tuple[Path | None, str | None]:
    """The plan's path, or the reason it cannot be one (IVP100)."""
    if "\\" in value:
        return None, f"schrijf het pad naar het plan met / in plaats van \\ ('{value}')"
    if value.startswith("/") or (len(value) > 1 and value[1] == ":"):
        return None, f"'{value}' is een absoluut pad; geef het plan ten opzichte van dit bestand"
    norm = posixpath.normpath(value)
    if norm.startswith("../../") or norm == "../..":
        return None, f"het plan '{value}' ligt buiten de map van het programma en de map daarboven"
    path = base / norm
    if paths.is_dir(path):
        return None, f"het plan '{value}' is een map, geen bestand"
    if not paths.exists(path):
        folder = path.parent
        candidates = []
        if paths.is_dir(folder):
            candidates = [posixpath.join(posixpath.dirname(norm), p.name) for p in sorted(folder.glob("*.y*ml"))]
        close = difflib.get_close_matches(norm, candidates, n=1, cutoff=0.6)
        hint = f" (bedoelde u '{close[0]}'?)" if close else ""
        return None, f"het plan '{value}' bestaat niet{hint}"
    # read here, not by the plan's linter: a plan the programme cannot read is IVP100 (a plan error), not
    # an unreadable file of the command line (a usage error)
    if not paths.is_file(path):
        why = "het is geen gewoon bestand, maar bijvoorbeeld een apparaat of pijp"
        return None, f"het plan '{value}' kan niet worden gelezen ({why})"
    if not os.access(path, os.R_OK):
        return None, f"het plan '{value}' kan niet worden gelezen (geen leesrechten)"
    return path, None


def lint_uitvoering(
    path: Path | str,
    display: str | None = None,
    regio: Regio | None = None,
    *,
    strikt: bool = False,
    kwaliteit: bool = False,
    lint_plan_file: Callable[[Path, str], FileResult] | None = None,
) -> ProgrammeResult:
    """Lint a programme and the plan it points to. `lint_plan_file(path, display)` lints the plan (the
    caller may cache it: a plan named on the command line, or by two programmes, is read once); by
    default `lint_plan` with `regio` and `kwaliteit`, and --strikt applied as the caller will."""
    return lint_uitvoering_loaded(
        load_file(path, display), Path(path), regio, strikt=strikt, kwaliteit=kwaliteit, lint_plan_file=lint_plan_file
    )


def lint_uitvoering_loaded(
    loaded: Loaded,
    path: Path,
    regio: Regio | None = None,
    *,
    strikt: bool = False,
    kwaliteit: bool = False,
    lint_plan_file: Callable[[Path, str], FileResult] | None = None,
) -> ProgrammeResult:
    """lint_uitvoering on a file already loaded (the caller read it to see which kind it is)."""
    file = loaded.source.path
    res = ProgrammeResult(file, loaded, list(loaded.diagnostics))
    if not loaded.ok:
        return res
    assert loaded.positions is not None  # loaded.ok: the file was read, so it has its index
    keys = list(loaded.data)
    other = next((k for k in _OTHER_TOP_KEYS if k in loaded.data), None)
    if other is not None:  # another kind's top key too: IVP000 at the second, nothing else judged
        second = keys[max(keys.index(other), keys.index(MARKER))]
        res.diagnostics.append(
            dg.make(
                "IVP000",
                ERROR,
                (second,),
                f"een bestand is {_OTHER_TOP_KEYS[other]} ({other}) of een uitvoeringsprogramma "
                "(ivplan_uitvoering), niet allebei",
                loaded.positions.key((second,)),
                file,
            )
        )
        return res
    result = validate(loaded, KIND)
    res.schema = result
    res.diagnostics += result.diagnostics

    if lint_plan_file is None:

        def lint_plan_file(p: Path, shown: str) -> FileResult:
            plan_res = lint_plan(p, shown, regio=regio, kwaliteit=kwaliteit)
            if strikt:
                plan_res.diagnostics = apply_strikt(plan_res.diagnostics)
            return plan_res

    plan_view, problem = None, None
    value = result.data.get("plan") if isinstance(result.data, dict) else None
    if isinstance(value, str) and result.element_ok("plan"):
        plan_path, problem = _plan_problem_of_path(Path(path).parent, value)
        other = _other_kind(plan_path) if plan_path is not None else None
        if other is not None:  # not linted as a plan: IVP100 alone (Settled 1)
            plan_path, problem = None, f"'{value}' is geen plan maar {other}"
        if plan_path is not None:
            shown = posixpath.normpath(posixpath.join(posixpath.dirname(file), value)) if file else str(plan_path)
            plan_res = lint_plan_file(plan_path, shown)
            res.plan_file, res.plan_result = plan_res.file, plan_res
            plan_view, problem = _plan_view(plan_res, value, regio, plan_path.parent)
    view = ProgrammeView(result, plan_view)
    view.plan_problem = problem
    res.view = view
    if plan_view is None and problem is None:
        return _done(res)  # `plan` failed the schema: IVP000 says it, no rule can judge anything
    if plan_view is None:  # no cascade: a plan that cannot be read gives IVP100 alone
        diags = run_rules(view, loaded, kind=KIND, only=("IVP100",))
    else:
        diags = run_rules(view, loaded, kind=KIND, kwaliteit=kwaliteit, eisen=regio.eisen if regio else None)
    res.diagnostics += apply_eisen(diags, regio.eisen if regio else None)
    return _done(res)


def _done(res: ProgrammeResult) -> ProgrammeResult:
    res.diagnostics.sort(key=Diagnostic.sort_key)
    return res


def _plan_view(
    plan_res: FileResult, value: str, regio: Regio | None, folder: Path
) -> tuple[PlanView | None, str | None]:
    """The plan as the programme rules read it, and IVP100's problem with it (None: a plan without errors)."""
    if plan_res.unreadable:
        return None, f"het plan '{value}' kan niet worden gelezen"
    data = plan_res.loaded.data
    if not plan_res.loaded.ok or not isinstance(data, dict):
        return None, f"het plan '{value}' kan niet worden geladen; zie de meldingen bij het plan"
    if "ivplan" not in data:
        kind = next((name for key, name in _OTHER_KINDS.items() if key in data), None)
        return None, f"'{value}' is geen plan" + (f" maar {kind}" if kind else "")
    if plan_res.schema is None:
        return None, f"'{value}' is geen plan; zie de meldingen bij het plan"
    # a deel B of a joint plan: its merged plan (docs/gezamenlijke-plannen.md, Settled 1)
    view = PlanView(plan_res.merged.result if plan_res.merged is not None else plan_res.schema, regio, folder)
    errors = plan_res.counts()[0]
    if errors:
        return view, f"het plan '{value}' heeft {aantal(errors, 'fout', 'fouten')}; los die eerst op"
    return view, None


def programme_plan(path: Path) -> Path | None:
    """The plan file a programme names, when it is one that exists (a light read: `check --regio` adds
    it to the plans it checks); None when the programme cannot be read or the path is no plan's."""
    loaded = load_file(path, str(path))
    if not loaded.ok or not isinstance(loaded.data, dict) or not isinstance(loaded.data.get("plan"), str):
        return None
    target, problem = _plan_problem_of_path(Path(path).parent, loaded.data["plan"])
    return target if problem is None and target is not None and _other_kind(target) is None else None
