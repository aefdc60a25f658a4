"""The linter: load -> schema -> rules -> the regio file's `eisen`, for plans and regio files.

`lint_plan()` and `lint_regio()` return everything the commands need about one file: its diagnostics
(sorted by position), the validated data, and whether it has errors. They print nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import ERROR, WARNING, Diagnostic
from ivplan.source.loader import Loaded, load_file
from ivplan.validation.rules import RULES
from ivplan.validation.rules.base import PlanView, Regio
from ivplan.validation.schema import SchemaResult, validate

SEVERITY_WORDS = {"fout": ERROR, "waarschuwing": WARNING}


@dataclass
class FileResult:
    file: str
    loaded: Loaded
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schema: SchemaResult | None = None

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


@dataclass
class RegioResult(FileResult):
    regio: Regio | None = None


_WRONG_KIND = {
    ("plan", "ivplan_regio"): "dit is een regiobestand, geen plan; geef het mee met --regio",
    ("regio", "ivplan"): "dit is een plan, geen regiobestand; geef het regiobestand (ivplan_regio: 1) mee met --regio",
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


def run_rules(
    view: PlanView,
    loaded: Loaded,
    *,
    kind: str = "plan",
    kwaliteit: bool = False,
    eisen: dict[str, str] | None = None,
    only: tuple[str, ...] | None = None,
) -> list[Diagnostic]:
    """The rules of one kind of file (`KIND` of a rule module; a plan's rules have none) on its view;
    `only`: just these codes."""
    out: list[Diagnostic] = []
    assert loaded.positions is not None  # rules run only on a plan that was read
    for code, rule in RULES.items():
        if kind not in rule_kinds(rule) or (only is not None and code not in only):
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
            if finding.missing:
                path, pos = finding.path, loaded.positions.missing(finding.path)
            else:
                path, pos = loaded.positions.locate(finding.path)
            out.append(
                dg.make(
                    code,
                    rule.SEVERITY,
                    path,
                    finding.message,
                    pos,
                    loaded.source.path,
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
) -> FileResult:
    loaded = load_file(path, display)
    return lint_loaded(loaded, regio, folder=Path(path).parent, kwaliteit=kwaliteit, with_eisen=with_eisen)


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
                        f"'{code}' is geen regel die een regio kan instellen (alleen de regels uit "
                        "'ivplan regels', niet IVP000 of IVP9xx)",
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
