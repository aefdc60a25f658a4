"""The linter: load -> schema -> rules -> the regio file's `eisen`, for plans and regio files.

`lint_plan()` and `lint_regio()` return everything the commands need about one file: its diagnostics
(sorted by position), the validated data, and whether it has errors. They print nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import ERROR, WARNING, Diagnostic
from ivplan.source.loader import Loaded, load_file
from ivplan.validation import gezamenlijk as gz
from ivplan.validation.delen import A
from ivplan.validation.gezamenlijk import Merged, Part
from ivplan.validation.rules import RULES
from ivplan.validation.rules.base import Joint, PlanView, Regio
from ivplan.validation.schema import SchemaResult, validate

SEVERITY_WORDS = {"fout": ERROR, "waarschuwing": WARNING}


@dataclass
class FileResult:
    file: str
    loaded: Loaded
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schema: SchemaResult | None = None
    # Joint plans (docs/gezamenlijke-plannen.md): the kind of file ('plan', 'deel_a', 'deel_b'); for a deel B the
    # deel A it uses and the merged plan; `shared` the deel A findings in this file object (printed once
    # per run as text); `sources` the lines of every other file its diagnostics point into.
    kind: str = "plan"
    deel_a: FileResult | None = None
    merged: Merged | None = None
    shared: tuple[Diagnostic, ...] = ()
    sources: dict[str, list[str]] = field(default_factory=dict)

    @property
    def data(self) -> Any:
        return self.schema.data if self.schema else None

    @property
    def unreadable(self) -> bool:
        return self.loaded.unreadable

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def counts(self) -> tuple[int, int]:
        errors = sum(1 for d in self.diagnostics if d.is_error)
        return errors, len(self.diagnostics) - errors

    def lines_for(self, d: Diagnostic) -> list[str]:
        """The source lines of the file a diagnostic points into (for the excerpt under it)."""
        if d.file and d.file != self.file and d.file in self.sources:
            return self.sources[d.file]
        return self.loaded.source.lines

    @property
    def view_data(self) -> Any:
        """What the documents read: the merged plan of a deel B, else the validated data."""
        return self.merged.result.data if self.merged is not None else self.data


@dataclass
class RegioResult(FileResult):
    regio: Regio | None = None


_WRONG_KIND = {
    ("plan", "ivplan_regio"): "dit is een regiobestand, geen plan; geef het mee met --regio",
    ("regio", "ivplan"): "dit is een plan, geen regiobestand; geef het regiobestand (ivplan_regio: 1) mee met --regio",
    ("regio", "ivplan_gezamenlijk"): (
        "dit is het deel A van een gezamenlijk plan, geen regiobestand; geef het mee als plan en het regiobestand "
        "(ivplan_regio: 1) met --regio"
    ),
    ("regio", "ivplan_uitvoering"): (
        "dit is een uitvoeringsprogramma, geen regiobestand; geef het mee als plan en het regiobestand "
        "(ivplan_regio: 1) met --regio"
    ),
    ("regio", "ivplan_toets"): (
        "dit is een antwoordenbestand van ivplan toets, geen regiobestand; geef het regiobestand (ivplan_regio: 1) "
        "mee met --regio"
    ),
}


def _validated(loaded: Loaded, kind: str) -> tuple[list[Diagnostic], SchemaResult | None]:
    if not loaded.ok:
        return list(loaded.diagnostics), None
    assert loaded.positions is not None  # loaded.ok: the file was read, so it has its index
    for (wanted, marker), message in _WRONG_KIND.items():
        if kind == wanted and marker in loaded.data:
            path = (marker,)
            return [dg.make("IVP000", ERROR, path, message, loaded.positions.key(path), loaded.source.path)], None
    result = validate(loaded, kind)
    return list(loaded.diagnostics) + result.diagnostics, result


def kwaliteit_on(code: str, kwaliteit: bool, eisen: dict[str, str] | None) -> tuple[bool, bool]:
    """Whether a kwaliteitsregel (IVP090-IVP099) runs, and whether it is only advice: it runs with
    --kwaliteit or when a regio's `eisen` names it (`waarschuwing` or `fout`); `uit` keeps it off.
    Switched on by --kwaliteit alone it is advice (`advisory`): --strikt does not make it an error."""
    wish = (eisen or {}).get(code)
    if wish == "uit":
        return False, False
    if wish in ("waarschuwing", "fout"):
        return True, False
    return kwaliteit, kwaliteit


# The rules that judge deel A alone, where all they read is there (docs/gezamenlijke-plannen.md "Diagnostics"): on a
# merged plan they judge only deel B's elements.
DEEL_A_ALONE = frozenset(
    "IVP001 IVP002 IVP003 IVP011 IVP012 IVP013 IVP022 IVP030 IVP033 IVP034 IVP041 IVP050 IVP080 IVP081".split()
)


def run_rules(
    view: PlanView,
    loaded: Loaded,
    *,
    kind: str = "plan",
    kwaliteit: bool = False,
    eisen: dict[str, str] | None = None,
    only: frozenset[str] | tuple[str, ...] | None = None,
    merged: Merged | None = None,
    gemeente: str = "",
) -> list[Diagnostic]:
    """The rules of one kind of file (`KIND` of a rule module; a plan's rules have none) on its view;
    `only`: just these codes (deel A alone). `merged`: the view is a deel B's merged plan: each finding
    points into the file where its element is written; a finding of a deel-A-alone rule on a deel A
    element is left out (deel A's own lint reported it), and one of the other rules on a deel A element
    names the gemeente whose plan it concerns."""
    out: list[Diagnostic] = []
    assert loaded.positions is not None  # rules run only on a plan that was read
    for code, rule in RULES.items():
        if kind not in rule_kinds(rule) or (only is not None and code not in only):
            continue
        if getattr(rule, "JOINT", False) and view.joint is None:
            continue
        if getattr(rule, "REGIO", False) and view.regio is None:
            continue
        advisory = False
        if getattr(rule, "KWALITEIT", False):
            runs, advisory = kwaliteit_on(code, kwaliteit, eisen)
            if not runs:
                continue
        if not view.needs_met(getattr(rule, "NEEDS", ())):
            continue
        for finding in rule.check(view):
            message, file = finding.message, loaded.source.path
            if merged is not None:
                side, _ = merged.home(finding.path)
                if side == A and code in DEEL_A_ALONE:
                    continue
                part, path, pos = merged.locate(finding.path, finding.missing)
                file = part.file
                if side == A:
                    message += f" (in het plan van {gemeente}: deel A samen met het deel B van {gemeente})"
            elif finding.missing:
                path, pos = finding.path, loaded.positions.missing(finding.path)
            else:
                path, pos = loaded.positions.locate(finding.path)
            out.append(
                dg.make(
                    code,
                    rule.SEVERITY,
                    path,
                    message,
                    pos,
                    file,
                    subject=finding.path,
                    data=finding.data,
                    advisory=advisory,
                )
            )
    return out


def rule_kinds(rule: object) -> tuple[str, ...]:
    """The kinds of file a rule module judges: `KIND` ("plan" when absent; a tuple for a rule of several,
    such as IVP081 for plans and programmes)."""
    kind = getattr(rule, "KIND", "plan")
    return kind if isinstance(kind, tuple) else (kind,)


def apply_strikt(diags: list[Diagnostic]) -> list[Diagnostic]:
    """--strikt: every warning becomes an error, except advice (a kwaliteitsregel on by --kwaliteit alone)."""
    return [d if d.advisory else d.with_severity(ERROR) for d in diags]


def apply_eisen(diags: list[Diagnostic], eisen: dict[str, str] | None) -> list[Diagnostic]:
    """A regio file's `eisen` set the severity of the rules in validation/rules/, never of IVP000/9xx."""
    if not eisen:
        return diags
    out = []
    for d in diags:
        wish = eisen.get(d.code)
        if wish is None or not adjustable(d.code):  # IVP000 and IVP9xx are no rules: never adjusted
            out.append(d)
        elif wish == "uit":
            continue
        else:
            out.append(d.with_severity(SEVERITY_WORDS[wish]))
    return out


def adjustable(code: str) -> bool:
    """Whether a regio's `eisen` may set this code: every registered rule (IVP080, which the loader
    reports, too) except those whose module says `EISEN = False` (IVP100: whether a programme has a
    usable plan is no matter of regional policy)."""
    return code in RULES and getattr(RULES[code], "EISEN", True)


# A regio file may adjust every rule (IVP080, which the loader reports, is a registered rule too).
DEFAULT_SEVERITY = {code: rule.SEVERITY for code, rule in RULES.items()}


def lint_plan(
    path: Path | str,
    display: str | None = None,
    regio: Regio | None = None,
    *,
    kwaliteit: bool = False,
    with_eisen: bool = True,
    joint: JointRun | None = None,
) -> FileResult:
    """A plan, or a part of a joint plan: a deel B is linted as its merged plan, a deel A on its own
    plus its set (IVP130). `joint` holds what a run reads once (each deel A and its set); without it
    this call has its own."""
    return lint_plan_loaded(
        load_file(path, display), path, regio, kwaliteit=kwaliteit, with_eisen=with_eisen, joint=joint
    )


def lint_plan_loaded(
    loaded: Loaded,
    path: Path | str,
    regio: Regio | None = None,
    *,
    kwaliteit: bool = False,
    with_eisen: bool = True,
    joint: JointRun | None = None,
) -> FileResult:
    """lint_plan on a file already loaded from `path` (`ivplan cijfers` edits the text it read)."""
    kind = gz.kind_of(loaded.data) if loaded.ok else None
    if kind == gz.DEEL_B or (kind is None and gz.link_text(loaded) is not None and not loaded.unreadable):
        joint = joint if joint is not None else JointRun()
        return joint.lint_deel_b(Path(path), loaded, regio, kwaliteit=kwaliteit, with_eisen=with_eisen)
    if kind == gz.DEEL_A:
        joint = joint if joint is not None else JointRun()
        return joint.deel_a_object(Path(path), loaded.source.path, regio)
    return lint_loaded(loaded, regio, folder=Path(path).parent, kwaliteit=kwaliteit, with_eisen=with_eisen)


def _sorted(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=Diagnostic.sort_key)


def _kind_markers(loaded: Loaded) -> tuple[Loaded, list[Diagnostic]]:
    """`ivplan` and `ivplan_gezamenlijk` together: IVP000 at the second (which is then ignored)."""
    data = loaded.data
    if not (isinstance(data, dict) and "ivplan" in data and "ivplan_gezamenlijk" in data):
        return loaded, []
    assert loaded.positions is not None  # data was read, so it has its index
    keys = list(data)
    second = "ivplan" if keys.index("ivplan") > keys.index("ivplan_gezamenlijk") else "ivplan_gezamenlijk"
    diag = dg.make(
        "IVP000",
        ERROR,
        (second,),
        "'ivplan' en 'ivplan_gezamenlijk' staan samen in één bestand; een bestand is een plan (ivplan: 1) "
        "of een gezamenlijk deel A (ivplan_gezamenlijk: 1)",
        loaded.positions.key((second,)),
        loaded.source.path,
    )
    return replace(loaded, data={k: v for k, v in data.items() if k != second}), [diag]


@dataclass
class DeelA:
    """A deel A as a run reads it once: its own findings (shared by every gemeente using it), its
    validated data, and its set."""

    path: Path
    result: FileResult
    usable: bool  # loads and is a deel A: a deel B can be merged with it
    set_files: list[Path] = field(default_factory=list)


class JointRun:
    """What one run reads once: every deel A (by real path) with its findings and its set, and the
    CBS-codes of the set's deel Bs (IVP125, IVP130)."""

    def __init__(self) -> None:
        self.deel_as: dict[str, DeelA] = {}
        self._codes: dict[str, list[tuple[Path, str | None, str | None]]] = {}

    # deel A -------------------------------------------------------------------------------------
    def deel_a(self, path: Path, display: str, regio: Regio | None) -> DeelA:
        key = os.path.realpath(path)
        if key not in self.deel_as:
            self.deel_as[key] = self._lint_deel_a(path, display, regio)
        return self.deel_as[key]

    def _lint_deel_a(self, path: Path, display: str, regio: Regio | None) -> DeelA:
        loaded = load_file(path, display)
        res = FileResult(loaded.source.path, loaded, list(loaded.diagnostics), kind=gz.DEEL_A)
        if not loaded.ok or gz.kind_of(loaded.data) != gz.DEEL_A:
            return DeelA(path, res, usable=False)
        marked, diags = _kind_markers(loaded)
        split, misplaced = gz.split(marked, A)
        schema_result = validate(split, "deel_a")
        res.schema = schema_result
        res.diagnostics += diags + misplaced + schema_result.diagnostics
        eisen = regio.eisen if regio is not None else None
        res.diagnostics += run_rules(PlanView(schema_result, regio, path.parent), split, only=DEEL_A_ALONE, eisen=eisen)
        res.diagnostics = _sorted(apply_eisen(res.diagnostics, eisen))
        res.loaded = split
        return DeelA(path, res, usable=True, set_files=gz.find_set(path))

    def deel_a_object(self, path: Path, display: str, regio: Regio | None) -> FileResult:
        """The file object of a deel A named in a run: its own findings and those about its set (IVP130)."""
        a = self.deel_a(path, display, regio)
        res = replace(a.result, diagnostics=list(a.result.diagnostics))
        if a.usable and a.result.schema is not None:
            res.diagnostics = _sorted(res.diagnostics + self._ivp130(a, regio))
        return res

    def set_members(self, a: DeelA) -> list[tuple[Path, str]]:
        """(path, display) of every deel B of a deel A's set, named beside the deel A as messages name it."""
        return [(m, _display_beside(a.result.file, a.path, m)) for m in a.set_files]

    def set_codes(self, a: DeelA) -> list[tuple[Path, str | None, str | None]]:
        """(file, cbs_code, naam) of every deel B of the set, in set order (None: it does not load)."""
        key = os.path.realpath(a.path)
        if key not in self._codes:
            rows = []
            for p in a.set_files:
                loaded = load_file(p)
                gemeente = loaded.data.get("gemeente") if loaded.ok and isinstance(loaded.data, dict) else None
                gemeente = gemeente if isinstance(gemeente, dict) else {}
                code = gemeente.get("cbs_code") if loaded.ok else None
                rows.append((p, code if isinstance(code, str) else None, None if loaded.ok else "laadt niet"))
            self._codes[key] = rows
        return self._codes[key]

    def _ivp130(self, a: DeelA, regio: Regio | None) -> list[Diagnostic]:
        rows = self.set_codes(a)
        if any(problem for _, _, problem in rows):
            return []  # while a file of the set fails to load, it may be the missing one (Settled 7)
        have = {code for _, code, _ in rows}
        assert a.result.schema is not None  # only a usable deel A is judged (deel_a_object)
        view = PlanView(a.result.schema, regio)
        out = []
        loaded = a.result.loaded
        assert loaded.positions is not None  # a usable deel A was read
        for i, g in view.items("gemeenten"):
            if g.get("cbs_code") not in have:
                path = ("gemeenten", i)
                out.append(
                    dg.make(
                        "IVP130",
                        RULES["IVP130"].SEVERITY,
                        path,
                        RULES["IVP130"].message(g, a.result.file),
                        loaded.positions.anchor(path),
                        a.result.file,
                    )
                )
        return apply_eisen(out, regio.eisen if regio is not None else None)

    # deel B -------------------------------------------------------------------------------------
    def lint_deel_b(
        self, path: Path, loaded: Loaded, regio: Regio | None, *, kwaliteit: bool = False, with_eisen: bool = True
    ) -> FileResult:
        eisen = regio.eisen if regio is not None and with_eisen else None
        res = FileResult(loaded.source.path, loaded, list(loaded.diagnostics), kind=gz.DEEL_B)
        text = gz.link_text(loaded)
        a: DeelA | None = None
        problem: Diagnostic | None = None
        if text is not None:
            link = gz.resolve_link(text, path, loaded.source.path)
            if link.problem is not None:
                problem = gz.link_diagnostic(loaded, *link.problem)
            else:
                assert link.path is not None  # resolve_link gives a path or a problem
                if os.path.realpath(link.path) == os.path.realpath(path):
                    problem = gz.link_diagnostic(loaded, "IVP122", gz.wrong_target_message(text, loaded, True))
                else:
                    a = self.deel_a(link.path, link.display, regio)
                    if a.result.loaded.ok and gz.kind_of(a.result.loaded.data) != gz.DEEL_A:
                        problem = gz.link_diagnostic(
                            loaded, "IVP122", gz.wrong_target_message(text, a.result.loaded, False)
                        )
                        a = None
        if not loaded.ok:
            return res
        if problem is not None:
            res.diagnostics.append(problem)
        if a is not None:
            res.deel_a = a.result
            res.shared = tuple(a.result.diagnostics)
            res.sources[a.result.file] = a.result.loaded.source.lines
        split, misplaced = gz.split(loaded, "B")
        schema_result = validate(split, "deel_b")
        res.schema = schema_result
        own = misplaced + schema_result.diagnostics
        if a is None or not a.usable:
            # no cascade: without a usable deel A, deel B gets only its own schema check
            res.diagnostics = list(res.shared) + _sorted(res.diagnostics + own)
            return res
        assert a.result.schema is not None  # a usable deel A was validated
        merged = gz.merge(Part(a.result.file, a.result.loaded, a.result.schema), Part(res.file, split, schema_result))
        res.merged = merged
        gemeente = _gemeente_naam(schema_result.data, res.file)
        joint = Joint(
            a.result.schema.data if isinstance(a.result.schema.data, dict) else {},
            schema_result.data if isinstance(schema_result.data, dict) else {},
            a.result.file,
            merged.counts,
            merged.where,
            a.result.loaded.positions,
        )
        view = PlanView(merged.result, regio, path.parent, joint)
        found = run_rules(view, split, kwaliteit=kwaliteit, eisen=eisen, merged=merged, gemeente=gemeente)
        if any(d.code == "IVP131" for d in found):
            found = [d for d in found if d.code != "IVP035"]  # one eenheid mismatch, one message
        found += self._ivp125(a, path, split, regio)
        in_a = [d for d in found if d.file == a.result.file]
        in_b = [d for d in found if d.file != a.result.file]
        mine = apply_eisen(in_a, eisen), apply_eisen(res.diagnostics + own + merged.diagnostics + in_b, eisen)
        res.diagnostics = list(res.shared) + _sorted(mine[0]) + _sorted(mine[1])
        return res

    def _ivp125(self, a: DeelA, path: Path, loaded: Loaded, regio: Regio | None) -> list[Diagnostic]:
        data = loaded.data if isinstance(loaded.data, dict) else {}
        code = (data.get("gemeente") or {}).get("cbs_code") if isinstance(data.get("gemeente"), dict) else None
        if not isinstance(code, str):
            return []
        me = os.path.realpath(path)
        for other, other_code, _ in self.set_codes(a):
            if os.path.realpath(other) == me:
                return []
            if other_code == code:
                at = ("gemeente", "cbs_code")
                assert loaded.positions is not None  # deel B was read (lint_deel_b returns before otherwise)
                return [
                    dg.make(
                        "IVP125",
                        RULES["IVP125"].SEVERITY,
                        at,
                        RULES["IVP125"].message(code, _display_beside(a.result.file, a.path, other)),
                        loaded.positions.point(at),
                        loaded.source.path,
                    )
                ]
        return []


def _gemeente_naam(data: object, file: str) -> str:
    g = data.get("gemeente") if isinstance(data, dict) else None
    naam = g.get("naam") if isinstance(g, dict) else None
    return naam if isinstance(naam, str) else file


def lint_loaded(
    loaded: Loaded,
    regio: Regio | None = None,
    folder: Path | str | None = None,
    *,
    kwaliteit: bool = False,
    with_eisen: bool = True,
) -> FileResult:
    """`folder`: the plan file's folder, where relative paths in the plan (gemeente.logo) start;
    None for a plan that was not read from a file (IVP082 then stays silent). `kwaliteit`: run the
    kwaliteitsregels (IVP090-IVP099); `with_eisen=False`: the regio's rules but not its `eisen`
    (ivplan toets)."""
    eisen = regio.eisen if regio is not None and with_eisen else None
    diags, schema_result = _validated(loaded, "plan")
    res = FileResult(loaded.source.path, loaded, diags, schema_result)
    if schema_result is not None:
        res.diagnostics += run_rules(PlanView(schema_result, regio, folder), loaded, kwaliteit=kwaliteit, eisen=eisen)
    res.diagnostics = apply_eisen(res.diagnostics, eisen)
    res.diagnostics.sort(key=Diagnostic.sort_key)
    return res


def cross_plan(results: list[FileResult], regio: Regio | None) -> None:
    """Rules over several plans (IVP037: two plans with the same gemeente.cbs_code), run by
    `check --regio` and `validate --regio` after every plan was linted. A finding is appended to the
    later plan's FileResult, with the regio file's `eisen` applied. Without a regio file: nothing."""
    if regio is None:
        return
    entries = [(r.file, PlanView(r.schema, regio) if r.schema is not None else None) for r in results]
    for code, rule in RULES.items():
        if not getattr(rule, "CROSS_PLAN", False):
            continue
        for index, finding in rule.check_plans(entries):
            res = results[index]
            path, pos = res.loaded.positions.locate(finding.path)
            diag = dg.make(code, rule.SEVERITY, path, finding.message, pos, res.loaded.source.path)
            res.diagnostics += apply_eisen([diag], regio.eisen)
            res.diagnostics.sort(key=Diagnostic.sort_key)


def lint_regio(path: Path | str, display: str | None = None) -> RegioResult:
    loaded = load_file(path, display)
    diags, schema_result = _validated(loaded, "regio")
    res = RegioResult(loaded.source.path, loaded, diags, schema_result)
    if schema_result is None:
        return res
    data = schema_result.data
    res.diagnostics += _regio_checks(schema_result, loaded)
    res.diagnostics.sort(key=Diagnostic.sort_key)
    if not res.has_errors:
        res.regio = Regio(data, res.file)
    return res


def _regio_checks(result: SchemaResult, loaded: Loaded) -> list[Diagnostic]:
    """IVP003 for duplicate speerpunt ids and cbs_codes; `eisen` that name no adjustable rule."""
    out: list[Diagnostic] = []
    data = result.data if isinstance(result.data, dict) else {}
    pos, file = loaded.positions, loaded.source.path
    assert pos is not None  # checks run only on a regio file that was read
    for section, key in (("speerpunten", "id"), ("gemeenten", "cbs_code")):
        seen: dict[object, int] = {}
        items = data.get(section)
        if not isinstance(items, list) or not result.section_ok(section):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not result.element_ok(section, i):
                continue
            value = item.get(key)
            if value in seen:
                path: tuple[str | int, ...] = (section, i, key)
                out.append(
                    dg.make(
                        "IVP003",
                        ERROR,
                        path,
                        f"'{value}' komt al voor in {section}[{seen[value]}]; elke {key} is uniek",
                        pos.point(path),
                        file,
                    )
                )
            else:
                seen[value] = i
    eisen = data.get("eisen")
    if isinstance(eisen, dict) and result.section_ok("eisen"):
        for code, wish in eisen.items():
            path = ("eisen", code)
            if not result.element_ok(*path):
                continue
            if not adjustable(code):
                out.append(
                    dg.make(
                        "IVP000",
                        ERROR,
                        path,
                        (
                            f"{code} kan een regio niet instellen: die regel bepaalt of de bestanden samen "
                            "te toetsen zijn, niet hoe streng de regio toetst"
                            if code in RULES
                            else f"{code} kan een regio niet instellen: die regel geldt het antwoordenbestand "
                            "van 'ivplan toets'"
                            if re.fullmatch(r"IVP15\d", code)
                            else f"'{code}' is geen regel van ivplan; 'ivplan regels' toont alle regels"
                        ),
                        pos.key(path),
                        file,
                    )
                )
            elif wish == "uit" and DEFAULT_SEVERITY[code] == ERROR:
                out.append(
                    dg.make(
                        "IVP000",
                        ERROR,
                        path,
                        f"{code} is een fout-regel: die kan naar 'waarschuwing', niet 'uit'",
                        pos.point(path),
                        file,
                    )
                )
    return out


# --------------------------------------------------------------------------------------------------
# What a command line names (docs/gezamenlijke-plannen.md "Command line")


def expand_paths(paths: Iterable[Path | str | tuple[Path, str]], joint: JointRun) -> list[tuple[Path, str]]:
    """(path, display) of every file a command processes, in order: a deel A stands for itself and then
    its set, anything else for itself; a file reached twice (the same real path) is processed once, at
    its first place. Only a deel A is opened here (to find its set)."""
    out: list[tuple[Path, str]] = []
    seen: set[str] = set()

    def add(p: Path, display: str) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append((p, display))

    for item in paths:
        p, display = (Path(item[0]), item[1]) if isinstance(item, tuple) else (Path(item), str(item))
        add(p, display)
        if p.suffix.lower() in (".yaml", ".yml") and _starts_as_deel_a(p):
            for member in gz.find_set(p):
                add(member, _display_beside(display, p, member))
    return out


def _starts_as_deel_a(path: Path) -> bool:
    return peek_kind(path) == gz.DEEL_A


def peek_kind(path: Path) -> str | None:
    """Whether a file is part of a joint plan, read as text (it need not load): 'deel_a' for a line
    `ivplan_gezamenlijk:`, 'deel_b' for a line `gezamenlijk:`, else None."""
    head = gz.read_head(path)
    if head is None:
        return None
    if re.search(r"^ivplan_gezamenlijk[ \t]*:", head, re.MULTILINE):
        return gz.DEEL_A
    if gz.has_link_key(head):
        return gz.DEEL_B
    return None


def _display_beside(display: str, path: Path, member: Path) -> str:
    """A set member's name as messages show it: beside the deel A's name as the user wrote it."""
    return os.path.normpath(os.path.join(os.path.dirname(display), os.path.relpath(member, path.parent)))


def printed_once(results: list[FileResult]) -> list[list[Diagnostic]]:
    """Per file object, the diagnostics to print as text: deel A's findings, shared by every gemeente
    using it, only the first time they appear in the run (and so counted once in the summary)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for res in results:
        shared = {_key(d) for d in getattr(res, "shared", ())}
        is_deel_a = getattr(res, "kind", gz.PLAN) == gz.DEEL_A
        mine = []
        for d in res.diagnostics:
            key = _key(d)
            if key in shared or is_deel_a:
                if key in seen:
                    continue
                seen.add(key)
            mine.append(d)
        out.append(mine)
    return out


def _key(d: Diagnostic) -> tuple[object, ...]:
    return (d.file, d.line, d.column, d.code, d.path, d.message)
