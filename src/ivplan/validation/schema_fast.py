"""A fast yes/maybe check of data against our Cerberus schemas, so that valid plans skip Cerberus.

Cerberus builds a child validator for every section and list item; for an 800-line plan that is
about 70 ms per plan (and a second the first time, when it checks the schema itself), which makes a
regional check of 342 plans take half a minute. Most plans a bureau checks are valid, so:

- `conforms(data, schema)` walks the same YAML schema with the few rules our schemas use and answers
  True only when the data certainly satisfies every rule, exactly as Cerberus decides them;
- whenever it meets anything it is not sure about (a value that is None or empty, a rule it does not
  know), it answers False, and `schema.validate` lets Cerberus decide and word the errors.

So Cerberus stays the one authority on errors and their messages; this module can only save time.
A test runs both on every example, every broken plan and generated plans, and asserts that `conforms`
never says True where Cerberus finds an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ivplan.validation.formats import CHECK_WITH  # the same predicates the Cerberus validator uses


def is_blank(text: str) -> bool:
    """Only white space: Python's, and the byte order mark (U+FEFF), which JavaScript's \\s holds too,
    so the editor's JSON Schema (pattern \\S) and `validate` judge such a text alike."""
    return not text.replace("\ufeff", " ").strip()


# Rules that do not decide validity when normalisation is off.
_IGNORED = {"meta", "default"}
_KNOWN = {
    "type",
    "required",
    "empty",
    "schema",
    "min",
    "max",
    "allowed",
    "regex",
    "check_with",
    "minlength",
    "maxlength",
    "keysrules",
    "valuesrules",
} | _IGNORED


def _type_ok(kind: str, value) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "dict":
        return isinstance(value, Mapping)
    if kind == "list":
        return isinstance(value, Sequence) and not isinstance(value, str)
    return False


@lru_cache(maxsize=256)
def full_regex(pattern: str) -> re.Pattern:
    """A schema's `regex`, to be used with fullmatch: the whole value matches, as the pattern's ^...$
    says (with re.match, `$` also matches before a final line break)."""
    return re.compile(pattern)


def _field_ok(rules: dict, value, checks) -> bool:
    if value is None:
        return False
    if any(rule not in _KNOWN for rule in rules):
        return False
    kind = rules.get("type")
    if isinstance(kind, list):
        return False  # one of several types (gelet_op: a text or a list): Cerberus decides
    if kind is not None and not _type_ok(kind, value):
        return False
    if isinstance(value, (str, list, dict)) and len(value) == 0:
        return False  # Cerberus' 'empty' rule drops other rules here; let it decide
    if isinstance(value, str) and is_blank(value) and rules.get("empty") is False:
        return False  # only spaces: empty too (schema.py)
    if "allowed" in rules:
        allowed = rules["allowed"]
        if isinstance(value, (list, tuple)):
            if any(v not in allowed for v in value):
                return False
        elif value not in allowed:
            return False
    if "regex" in rules and isinstance(value, str) and not full_regex(rules["regex"]).fullmatch(value):
        return False
    if "min" in rules or "max" in rules:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return False
        if "min" in rules and value < rules["min"]:
            return False
        if "max" in rules and value > rules["max"]:
            return False
    if "minlength" in rules and len(value) < rules["minlength"]:
        return False
    if "maxlength" in rules and len(value) > rules["maxlength"]:
        return False
    check = rules.get("check_with")
    if check is not None:
        predicate = checks.get(check)
        if predicate is None or predicate(value) is not None:
            return False
    sub = rules.get("schema")
    if sub is not None:
        if kind == "dict":
            if not _mapping_ok(sub, value, checks):
                return False
        elif kind == "list":
            if not all(_field_ok(sub, item, checks) for item in value):
                return False
        else:
            return False
    keys, values = rules.get("keysrules"), rules.get("valuesrules")
    if keys is not None or values is not None:
        if not isinstance(value, Mapping):
            return False
        if keys is not None and not all(_field_ok(keys, k, checks) for k in value):
            return False
        if values is not None and not all(_field_ok(values, v, checks) for v in value.values()):
            return False
    return True


def _mapping_ok(fields: dict, value: Mapping, checks) -> bool:
    for key, item in value.items():
        rules = fields.get(key)
        if rules is None or not _field_ok(rules, item, checks):
            return False  # unknown key, or a field that is not certainly valid
    return all(key in value for key, rules in fields.items() if rules.get("required"))


def conforms(data, schema: dict) -> bool:
    """True only when Cerberus would certainly find no error in `data` (normalize=False)."""
    return isinstance(data, Mapping) and _mapping_ok(schema, data, CHECK_WITH)
