"""The Cerberus schemas in `schemas/` as the one home of the plan's vocabulary: every field, its allowed
values and their display names, and the percentage fields. Everything else derives from them: the
validation (schema.py, schema_fast.py), the JSON Schema for editors (jsonschema_export.py), the display
names in the documents (documents/context.py), `ivplan init` and its starter plan.

A field is named by its path, `.` between the keys, `[]` for every item of a list and `{}` for every
value of a mapping with free keys (`valuesrules`): `partners[].soort`, `monitoring.rapportage.frequentie`,
`antwoorden{}.oordeel`.

Two extensions of the schema files, both read here:
- `meta.weergave` next to `allowed`: the display name of each allowed value (`openbaar_ministerie:
  Openbaar Ministerie`). Without it a value's display name is the value with spaces for underscores
  (`per_kwartaal` -> "per kwartaal"). When present it names every allowed value and no other.
- `zoals: plan.yaml#gemeente.politie_eenheid` in a field's rules: the rules of that field in that file,
  like a YAML merge key (`<<:`) across files; the field's own keys (its `meta`) replace those.
  So the regio file takes the politie-eenheden from the plan schema instead of a copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ivplan.core.cache import kept
from ivplan.core.errors import SchemaFileError
from ivplan.core.resources import schemas_dir
from ivplan.validation.schema_delen import compose_deel

SCHEMA_FILES = {
    "plan": "plan.yaml",
    "regio": "regio.yaml",
    "antwoorden": "antwoorden.yaml",
    "uitvoering": "uitvoering.yaml",
}

# The units that make a figure a percentage: with one of them, the fields that `meta.procentvelden`
# names lie in 0..100 (schema.py checks it, jsonschema_export.py tells editors).
PERCENT_UNITS = ("%", "procent")
PERCENT_UNIT_PATTERN = r"^\s*(?:" + "|".join(re.escape(u) for u in PERCENT_UNITS) + r")\s*$"

_REFERENCE = "zoals"


# --------------------------------------------------------------------------------------------------
# Reading the schema files


def read_schema_file(path: Path) -> dict[str, Any]:
    """A Cerberus schema file as field -> rules, with its `zoals` references resolved."""
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        # our own file, trusted; the C loader when PyYAML has it (plan.yaml is read on every run)
        schema = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(schema, dict):
        raise SchemaFileError(f"{path}: het schema moet een mapping zijn")
    _resolve_fields(schema, path.parent, path.name)
    return schema


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The installed Cerberus schema `name` ('plan', 'regio', ..., or a part of a joint plan: 'deel_a',
    'deel_b'), read once per process: from the cache folder when a build kept it there (keep_schema;
    parsing the plan schema's YAML costs 20-25 ms a process), else parsed. Writes nothing itself:
    `ivplan preview` and `validate` leave no files."""
    return _schema(name, keep=False)


def keep_schema(name: str) -> None:
    """Keep the parsed schema `name` in the cache folder for the next processes (a build does)."""
    _schema(name, keep=True)


def _schema(name: str, *, keep: bool) -> dict[str, Any]:
    schema: dict[str, Any] = kept("schema", _schema_sources(name), lambda: _read_schema(name), keep=keep)
    return schema


def _read_schema(name: str) -> dict[str, Any]:
    if name in ("deel_a", "deel_b"):
        return compose_deel(load_schema("plan"), read_schema_file(schemas_dir() / "gezamenlijk.yaml"), name)
    return read_schema_file(schemas_dir() / SCHEMA_FILES[name])


def _schema_sources(name: str) -> bytes:
    """What the parsed schema `name` depends on: its name, every schema file (a `zoals` may point at
    any of them) and this module, which reads and composes them (an upgraded ivplan parses anew)."""
    folder = schemas_dir()
    files = b"".join(p.name.encode() + p.read_bytes() for p in sorted(folder.glob("*.yaml")))
    return name.encode() + Path(__file__).read_bytes() + files


def _resolve_fields(fields: dict[str, Any], folder: Path, where: str) -> None:
    for name, rules in fields.items():
        if isinstance(rules, dict):
            fields[name] = _resolve_rules(rules, folder, f"{where}: {name}")


def _resolve_rules(rules: dict[str, Any], folder: Path, where: str) -> dict[str, Any]:
    if _REFERENCE in rules:
        target = rules[_REFERENCE]
        file, _, field = str(target).partition("#")
        if not file or not field:
            raise SchemaFileError(f"{where}: '{_REFERENCE}: {target}' moet de vorm bestand.yaml#pad hebben")
        try:
            base = field_rules(read_schema_file(folder / file), field)
        except (OSError, KeyError) as exc:
            raise SchemaFileError(f"{where}: '{_REFERENCE}: {target}' verwijst naar niets ({exc})") from None
        rules = {**base, **{k: v for k, v in rules.items() if k != _REFERENCE}}
    sub = rules.get("schema")
    if isinstance(sub, dict):
        if rules.get("type") == "dict":
            _resolve_fields(sub, folder, where)
        else:
            rules["schema"] = _resolve_rules(sub, folder, where + "[]")
    for key in ("keysrules", "valuesrules"):
        if isinstance(rules.get(key), dict):
            rules[key] = _resolve_rules(rules[key], folder, f"{where}<{key}>")
    return rules


# --------------------------------------------------------------------------------------------------
# Fields by path


def field_rules(schema: dict[str, Any], path: str) -> dict[str, Any]:
    """The rules of the field at `path` (`a.b[].c`, `a{}.b`); KeyError when the schema has no such field."""
    rules: dict[str, Any] = {"type": "dict", "schema": schema}
    for part in path.split("."):
        name, items = (part[:-2], part[-2:]) if part.endswith(("[]", "{}")) else (part, "")
        fields = rules.get("schema") if rules.get("type") == "dict" else None
        if not isinstance(fields, dict) or not isinstance(fields.get(name), dict):
            raise KeyError(path)
        rules = fields[name]
        if items == "[]":
            if rules.get("type") != "list" or not isinstance(rules.get("schema"), dict):
                raise KeyError(path)
            rules = rules["schema"]
        elif items == "{}":
            if not isinstance(rules.get("valuesrules"), dict):
                raise KeyError(path)
            rules = rules["valuesrules"]
    return rules


def fields_with_allowed(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, rules) of every field that has `allowed` values, in schema order."""

    def walk(rules: dict[str, Any], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if "allowed" in rules and path:
            yield path, rules
        sub = rules.get("schema")
        if isinstance(sub, dict) and rules.get("type") == "dict":
            for name, child in sub.items():
                if isinstance(child, dict):
                    yield from walk(child, f"{path}.{name}" if path else name)
        elif isinstance(sub, dict) and rules.get("type") == "list":
            yield from walk(sub, path + "[]")
        if isinstance(rules.get("valuesrules"), dict):
            yield from walk(rules["valuesrules"], path + "{}")

    yield from walk({"type": "dict", "schema": schema}, "")


# --------------------------------------------------------------------------------------------------
# Allowed values and their display names


def default_display_name(value: object) -> str:
    """The display name of a value the schema gives none: `per_kwartaal` -> "per kwartaal"."""
    return str(value).replace("_", " ")


def weergave_problem(rules: dict[str, Any]) -> str | None:
    """What is wrong with the field's `meta.weergave`, or None (also when it has none)."""
    weergave = (rules.get("meta") or {}).get("weergave")
    if weergave is None:
        return None
    allowed = rules.get("allowed")
    if not isinstance(weergave, dict) or not isinstance(allowed, list):
        return "meta.weergave hoort bij 'allowed' en is een mapping waarde -> naam"
    missing = [v for v in allowed if v not in weergave]
    if missing:
        return f"meta.weergave mist een naam voor {', '.join(map(repr, missing))}"
    extra = [v for v in weergave if v not in allowed]
    if extra:
        return f"meta.weergave noemt {', '.join(map(repr, extra))}, dat niet in 'allowed' staat"
    empty = [v for v, naam in weergave.items() if not (isinstance(naam, str) and naam.strip())]
    if empty:
        return f"meta.weergave heeft geen naam voor {', '.join(map(repr, empty))}"
    return None


def field_display_names(rules: dict[str, Any]) -> dict[Any, str]:
    """Allowed value -> display name, in the order of `allowed`."""
    problem = weergave_problem(rules)
    if problem:
        raise SchemaFileError(problem)
    weergave = (rules.get("meta") or {}).get("weergave") or {}
    return {v: weergave.get(v, default_display_name(v)) for v in rules.get("allowed") or []}


@cache
def allowed_values(path: str, kind: str = "plan") -> tuple[Any, ...]:
    """The allowed values of the field at `path` in the installed schema, in schema order."""
    return tuple(field_rules(load_schema(kind), path).get("allowed") or ())


@cache
def display_names(path: str, kind: str = "plan") -> dict[Any, str]:
    """Allowed value -> display name for the field at `path` in the installed schema. A fresh dict
    per call would cost every plan context a schema walk; callers do not change it."""
    return field_display_names(field_rules(load_schema(kind), path))


def default_value(path: str, kind: str = "plan") -> Any:
    """The `default` the schema gives the field at `path` (validation does not fill it in: the code that
    reads an absent value uses this)."""
    return field_rules(load_schema(kind), path)["default"]


# --------------------------------------------------------------------------------------------------
# Percentage fields


def is_percent_unit(unit: object) -> bool:
    return isinstance(unit, str) and unit.strip() in PERCENT_UNITS


def percent_fields(rules: dict[str, Any]) -> list[str]:
    """The number fields (relative paths, `x[]` for every item of list x) of a dict field that lie in
    0..100 when the dict's `eenheid` is a percentage: its `meta.procentvelden`."""
    return list((rules.get("meta") or {}).get("procentvelden") or [])
