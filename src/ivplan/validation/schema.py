"""Schema validation: the Cerberus schemas in `schemas/` (read by vocabulary.py) applied to loaded data,
errors in Dutch (IVP000).

`validate(loaded, kind)` returns the data as the rules and templates see it (a number written in a text
field becomes its source text: `versie: 1.10` -> "1.10") plus one diagnostic per defect, each at the
position docs/uitvoer.md prescribes ("De plek van een melding"), and the set of paths that failed (rules
skip those elements).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ivplan.core import diagnostics as dg
from ivplan.core.diagnostics import ERROR, Diagnostic
from ivplan.core.formatting import aantal, opsomming
from ivplan.source.loader import Loaded
from ivplan.validation import notation
from ivplan.validation.formats import curly_quotes_problem, datum_problem, email_problem, url_problem
from ivplan.validation.schema_fast import conforms, full_regex as _full_regex, is_blank
from ivplan.validation.vocabulary import is_percent_unit, load_schema, percent_fields

_TYPE_NL: dict[object, str] = {  # looked up by whatever a schema's `type` holds
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "dict": "een sectie met velden (sleutel: waarde)",
    "list": "een lijst (regels die met '- ' beginnen)",
}


@cache
def _validator_class():
    import cerberus  # here: a valid plan passes schema_fast.conforms() and never loads Cerberus

    class PlanValidator(cerberus.Validator):
        types_mapping = dict(cerberus.Validator.types_mapping)
        types_mapping["integer"] = cerberus.TypeDefinition("integer", (int,), (bool,))
        types_mapping["number"] = cerberus.TypeDefinition("number", (int, float), (bool,))

        def _error(self, *args):
            """Cerberus 1.3 re-sorts the whole error list and both error trees on every error it adds:
            quadratic, so 5,000 unknown keys took 27 s and a hostile 1 MiB file hours. Errors are only
            appended here (validate() orders the diagnostics by position); the schema error tree, which
            nothing reads, is not kept. The document error tree is (the `dependencies`, `readonly` and
            coercion rules consult it); its nodes hold the few errors of one field each."""
            if len(args) != 1:
                return super()._error(*args)  # builds the error, then comes back here with a list
            new = list(args[0])
            self._errors.extend(new)
            for error in new:
                self.document_error_tree.add(error)
                self.error_handler.emit(error)
            return None

        def _validate_regex(self, pattern, field, value):
            """{'type': 'string'}"""
            # The whole value must match: Cerberus appends `$` and uses re.match, and `$` also matches
            # before a final line break, so "GM0363\n" or an id written as a `|` block passed.
            if isinstance(value, str) and not _full_regex(pattern).fullmatch(value):
                self._error(field, cerberus.errors.REGEX_MISMATCH)

        def _validate_empty(self, empty, field, value):
            """{'type': 'boolean'}"""
            # A text of only spaces is as empty as "" to a reader: the document would show a gap where
            # the title or name belongs.
            # A field with its own pattern (gemeente.naam) says so in its own words.
            if empty is False and isinstance(value, str) and value and is_blank(value) and not self._has_regex(field):
                self._drop_remaining_rules("allowed", "forbidden", "minlength", "maxlength", "regex", "check_with")
                self._error(field, cerberus.errors.EMPTY_NOT_ALLOWED)
                return
            super()._validate_empty(empty, field, value)

        def _has_regex(self, field) -> bool:
            rules = self.schema.get(field) if self.schema is not None else None
            return isinstance(rules, dict) and "regex" in rules

        def _check_with_datum(self, field_name, value):
            self._report(field_name, datum_problem(value))

        def _check_with_email(self, field_name, value):
            self._report(field_name, email_problem(value))

        def _check_with_url(self, field_name, value):
            self._report(field_name, url_problem(value))

        def _report(self, field_name, problem):
            if problem is not None:
                self._error(field_name, problem)

    return PlanValidator


@cache
def _validator(name: str):
    return _validator_class()(load_schema(name))


class FailedPaths(set):
    """The paths that failed the schema, which also knows every path at or above one of them:
    element_ok() is asked for every element, and scanning the whole set each time was quadratic
    (3,000 bad list items took 10 s)."""

    def __init__(self, paths=()):
        super().__init__()
        self.prefixes: set[tuple] = set()
        # paths failed as a whole, everything inside them too: in a merged plan, a deel A section that failed
        # the schema while the deel B holds a part of it (docs/gezamenlijke-plannen.md: it has failed in the
        # merged plan)
        self.wholes: set[tuple] = set()
        for path in paths:
            self.add(path)

    def add(self, path) -> None:
        path = tuple(path)
        super().add(path)
        self.prefixes.update(path[:i] for i in range(len(path) + 1))

    def add_whole(self, path) -> None:
        self.add(path)
        self.wholes.add(tuple(path))

    def inside_whole(self, path: tuple) -> bool:
        """`path` is at or inside a path failed as a whole."""
        return bool(self.wholes) and any(path[:i] in self.wholes for i in range(1, len(path) + 1))


@dataclass
class SchemaResult:
    data: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: set[tuple] = field(default_factory=FailedPaths)

    def section_ok(self, *path) -> bool:
        """A section is usable when present and free of schema errors in itself (its type, presence), and not
        inside a section failed as a whole (FailedPaths.wholes)."""
        cur = self.data
        for part in path:
            try:
                cur = cur[part]
            except (KeyError, IndexError, TypeError):
                return False
        failed = self.failed
        return tuple(path) not in failed and not (isinstance(failed, FailedPaths) and failed.inside_whole(path))

    def element_ok(self, *path) -> bool:
        """No schema error at or below this element (nor above it, for a path failed as a whole)."""
        failed = self.failed
        if isinstance(failed, FailedPaths):
            return tuple(path) not in failed.prefixes and not failed.inside_whole(path)
        n = len(path)
        return not any(f[:n] == path for f in failed)


def validate(loaded: Loaded, kind: str = "plan") -> SchemaResult:
    schema = load_schema(kind)
    data = _strings_as_written(loaded.data, {"type": "dict", "schema": schema}, loaded.numbers_as_written, ())
    result = SchemaResult(data)
    if conforms(data, schema):  # certainly valid: Cerberus would find nothing (see schema_fast.py)
        errors = []
    else:
        v = _validator(kind)
        v.validate(data, normalize=False)
        errors = list(_leaf_errors(v._errors))
    seen = set()
    typos = _typo_targets(errors, schema)
    year_keyed = _year_keyed_items(errors, schema, loaded)
    for item_path, diag in year_keyed.items():
        result.diagnostics.append(diag)
        result.failed.add(item_path)
    for err in errors:
        path = tuple(err.document_path)
        if err.code == 0x02 and path in typos:
            result.failed.add(path)
            continue  # the unknown key next to it says it: one defect, one message
        if year_keyed and any(path[: len(p)] == p for p in year_keyed):
            continue  # the item written as `- 2023: 3.9` has its one message
        diag = _diagnostic(err, path, schema, loaded)
        key = (diag.path, diag.message)
        if key in seen:
            continue
        seen.add(key)
        result.diagnostics.append(diag)
        result.failed.add(path)
    _usable_numbers(result, loaded, schema)
    _thousands_points(result, loaded, schema)
    _one_of_required(result, loaded, schema)
    _percentages(result, loaded, schema)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


# --------------------------------------------------------------------------------------------------
# Numbers in text fields keep the text the user wrote


def _strings_as_written(value, rules: dict | None, numbers: dict, path: tuple):
    """Walk data along the schema; a number where text is wanted becomes the source text."""
    rules = rules if isinstance(rules, dict) else {}
    if isinstance(value, dict):
        fields = rules.get("schema") if rules.get("type") == "dict" else None
        values_rules = rules.get("valuesrules")
        return {
            k: _strings_as_written(v, fields.get(k) if isinstance(fields, dict) else values_rules, numbers, path + (k,))
            for k, v in value.items()
        }
    if isinstance(value, list):
        item_rules = rules.get("schema")
        return [_strings_as_written(v, item_rules, numbers, path + (i,)) for i, v in enumerate(value)]
    if _may_be(rules, "string") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return numbers.get(path, str(value))
    return value


# --------------------------------------------------------------------------------------------------
# Cerberus errors -> Dutch diagnostics


def _leaf_errors(errors):
    for err in errors:
        if err.is_group_error:
            yield from _leaf_errors(err.child_errors)
        else:
            yield err


def _may_be(rules: dict, kind: str) -> bool:
    """The field's `type` is `kind`, or one of several types (`type: [string, list]`) includes it."""
    ctype = rules.get("type")
    return ctype == kind or (isinstance(ctype, list) and kind in ctype)


def _rules_at(schema: dict, path: tuple) -> dict | None:
    """The Cerberus rules for the element at `path`."""
    rules: dict | None = {"type": "dict", "schema": schema}
    for part in path:
        if not isinstance(rules, dict):
            return None
        if isinstance(part, int):
            rules = rules.get("schema") if _may_be(rules, "list") else None
        elif isinstance(rules.get("schema"), dict) and rules.get("type") == "dict":
            rules = rules["schema"].get(part)
        else:
            rules = rules.get("valuesrules")
    return rules


def _diagnostic(err, path: tuple, schema: dict, loaded: Loaded) -> Diagnostic:
    pos = loaded.positions
    file = loaded.source.path
    key = path[-1] if path else ""
    code = err.code
    value = err.value
    if code == 0x02:  # required
        return dg.make(
            "IVP000",
            ERROR,
            path,
            missing_message(path),
            pos.missing(path) if pos else None,
            file,
        )
    if code == 0x03:  # unknown
        siblings = _sibling_keys(schema, path)
        hint = difflib.get_close_matches(str(key), siblings, n=1, cutoff=0.6)
        msg = f"onbekend veld '{key}'"
        if hint:
            msg += f"; bedoelde u '{hint[0]}'?"
            parent = _rules_at(schema, path[:-1]) or {}
            sibling = (parent.get("schema") or {}).get(hint[0]) or {}
            if sibling.get("required") and isinstance(loaded.data, dict) and hint[0] not in _at(loaded.data, path[:-1]):
                msg += " (dat veld is verplicht en ontbreekt nog)"
        elif siblings:
            msg += "; toegestaan zijn: " + ", ".join(siblings)
        return dg.make("IVP000", ERROR, path, msg, pos.key(path) if pos else None, file)
    at = pos.point(path) if pos and path else (pos.anchor(path) if pos else None)
    rules = _rules_at(schema, path) or {}
    glued = _glued_comment(err, key)
    if glued:
        return dg.make("IVP000", ERROR, path, glued, at, file)
    if code == 0x23:  # null
        comment = _comment_instead_of_value(loaded, at)
        if comment:
            return dg.make(
                "IVP000",
                ERROR,
                path,
                f"heeft geen waarde: '{comment[1]}' is commentaar (na een spatie begint '#' een opmerking); "
                f'zet de tekst tussen aanhalingstekens ({key}: "{comment[1]}")',
                comment[0],
                file,
            )
        kind = rules.get("type")
        want = _TYPE_NL.get(kind, "een waarde") if isinstance(kind, str) else "een waarde"
        return dg.make("IVP000", ERROR, path, f"heeft geen waarde; vul {want} in", at, file)
    if code == 0x24:  # type
        want = err.constraint if isinstance(err.constraint, str) else (err.constraint or ["?"])[0]
        type_hint = _type_hint(value, want, path, rules, loaded)
        if type_hint:
            return dg.make("IVP000", ERROR, path, type_hint, at, file)
        found = _describe(value)
        if isinstance(value, float) and path in loaded.numbers_as_written:  # 42000.0 is no 42000 to its writer
            found = f"het getal {loaded.numbers_as_written[path]}"
        return dg.make("IVP000", ERROR, path, f"verwacht {_TYPE_NL.get(want, want)}, maar gevonden: {found}", at, file)
    if code == 0x22:  # empty
        if isinstance(value, str) and value:
            return dg.make("IVP000", ERROR, path, "bevat alleen spaties; vul een tekst in", at, file)
        return dg.make("IVP000", ERROR, path, "mag niet leeg zijn", at, file)
    if code == 0x27:  # minlength
        if isinstance(value, list):
            n = err.constraint
            return dg.make(
                "IVP000",
                ERROR,
                path,
                f"de lijst moet minstens {aantal(n, 'item', 'items')} bevatten (nu {len(value)})",
                at,
                file,
            )
        return dg.make("IVP000", ERROR, path, f"de tekst is te kort (minstens {err.constraint} tekens)", at, file)
    if code == 0x28:  # maxlength
        if isinstance(value, str):
            msg = f"de tekst is te lang ({len(value)} tekens; maximaal {err.constraint})"
            return dg.make("IVP000", ERROR, path, msg, at, file)
        return dg.make("IVP000", ERROR, path, f"te lang (maximaal {err.constraint})", at, file)
    if "keysrules" in err.schema_path:  # a key that is not allowed: point at the key
        if path[:-1] == ("eisen",):  # a regio's rule codes: the message knows which rules exist
            msg = _key_message(str(key))
        else:
            msg = _form_message(key, (_rules_at(schema, path[:-1]) or {}).get("keysrules") or {})
        return dg.make("IVP000", ERROR, path, msg, pos.key(path) if pos else None, file)
    if code == 0x41:  # regex
        return dg.make("IVP000", ERROR, path, _form_message(value, rules), at, file)
    if code == 0x42:
        return dg.make("IVP000", ERROR, path, f"{_num(value)} is te klein (minimaal {_num(err.constraint)})", at, file)
    if code == 0x43:
        return dg.make("IVP000", ERROR, path, f"{_num(value)} is te groot (maximaal {_num(err.constraint)})", at, file)
    if code in (0x44, 0x45):  # allowed
        allowed = [str(a) for a in err.constraint]
        bad = value if not isinstance(value, list) else next((v for v in value if v not in err.constraint), value)
        hint = difflib.get_close_matches(str(bad), allowed, n=1, cutoff=0.6)
        curly = curly_quotes_problem(bad)
        if curly and str(bad)[1:-1] in allowed:
            return dg.make("IVP000", ERROR, path, f"{curly}: schrijf '{str(bad)[1:-1]}'", at, file)
        msg = f"'{bad}' is geen toegestane waarde"
        msg += f"; bedoelde u '{hint[0]}'?" if hint else ""
        msg += "; toegestaan: " + ", ".join(allowed)
        return dg.make("IVP000", ERROR, path, msg, at, file)
    if code == 0x00 and err.info:  # our own check_with messages are already Dutch
        return dg.make("IVP000", ERROR, path, str(err.info[0]), at, file)
    return dg.make("IVP000", ERROR, path, "ongeldige waarde voor dit veld", at, file)


def _type_hint(value, want: str, path: tuple, rules: dict, loaded: Loaded) -> str | None:
    """For a value of the wrong type, the cause a person would recognise: a number in Dutch notation
    (`3,9`, `185.000` in a field of whole numbers), curly quotes around a value, or a list written as
    a mapping of years. None when there is nothing better to say than the type."""
    if want in ("integer", "number"):
        text = value if isinstance(value, str) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = loaded.numbers_as_written.get(path)
        hint = notation.written_problem(text.strip(), want, notation.noun_for(rules)) if text else None
        if hint:
            return hint
    curly = curly_quotes_problem(value)
    if curly and want in ("integer", "number"):
        return f"{curly}; schrijf het getal zonder aanhalingstekens: {str(value)[1:-1]}"
    if want == "list" and isinstance(value, str) and re.match(r"-[^\s-]", value):
        # `-Oldenveld` and `-Hesselo` on two lines are read as one text "-Oldenveld -Hesselo"
        items = re.split(r"\s+-(?=[^\s-])", value[1:])
        fix = opsomming(f"'- {item}'" for item in items)
        return "een lijstitem begint met een streepje en een spatie; schrijf " + (
            fix if len(items) == 1 else fix + ", elk op een eigen regel"
        )
    if want == "list" and isinstance(value, dict) and value and str(next(iter(value))).startswith("-"):
        first = next(iter(value))
        shown = loaded.numbers_as_written.get(path + (first,), value[first])
        return f"een lijstitem begint met een streepje en een spatie; schrijf '- {first[1:]}: {shown}'"
    if want == "list" and isinstance(value, dict) and value:
        first = next(iter(value))
        example = _year_example(rules.get("schema") or {}, first, path + (first,), loaded)
        if example:
            return f"schrijf {path[-1]} als een lijst, elk jaar op een eigen regel: - {example}"
    return None


_YEAR_KEY = re.compile(r"^(?:19|20|21)[0-9]{2}$")


def _year_example(item_rules: dict, year, value_path: tuple, loaded: Loaded) -> str | None:
    """`{jaar: 2023, waarde: 3.9}` for a `2023: 3.9` written where an item with a `jaar` and a number
    field is wanted; None when the key is no year or the item has no such fields."""
    fields = item_rules.get("schema") if item_rules.get("type") == "dict" else None
    if not isinstance(fields, dict) or "jaar" not in fields or not _YEAR_KEY.match(str(year)):
        return None
    numeric = [k for k, r in fields.items() if k != "jaar" and (r or {}).get("type") in ("number", "integer")]
    if not numeric:
        return None
    written = loaded.numbers_as_written.get(value_path, "…")
    return f"{{jaar: {year}, {numeric[0]}: {written}}}"


def _year_keyed_items(errors, schema: dict, loaded: Loaded) -> dict[tuple, Diagnostic]:
    """Items written as `- 2023: 3.9` where `{jaar: 2023, waarde: 3.9}` is meant: one diagnostic per
    item (at its first year) instead of an unknown key plus two missing ones."""
    out: dict[tuple, Diagnostic] = {}
    for err in errors:
        path = tuple(err.document_path)
        if err.code != 0x03 or not path or path[:-1] in out:
            continue
        item_rules = _rules_at(schema, path[:-1]) or {}
        example = _year_example(item_rules, path[-1], path, loaded)
        if example is None:
            continue
        what = str((item_rules.get("meta") or {}).get("titel") or "item").lower()
        written = loaded.numbers_as_written.get(path)
        shown = f"{path[-1]}: {written}" if written else str(path[-1])
        out[path[:-1]] = dg.make(
            "IVP000",
            ERROR,
            path[:-1],
            f"schrijf een {what} als {example}, niet als '{shown}'",
            loaded.positions.key(path) if loaded.positions else None,
            loaded.source.path,
        )
    return out


def _glued_comment(err, key) -> str | None:
    """`status: concept#opmerking`: without a space before it, '#' is part of the value. Said only
    when the part before the '#' would have been right."""
    value = err.value
    if not isinstance(value, str) or not re.search(r"[^\s#]#", value):
        return None
    before, after = value.split("#", 1)
    if err.code in (0x44, 0x45):
        fits = before in err.constraint
    elif err.code == 0x24 and err.constraint in ("integer", "number"):
        fits = bool(
            re.fullmatch(r"[-+]?[0-9]+" if err.constraint == "integer" else r"[-+]?[0-9]+(?:\.[0-9]+)?", before)
        )
    elif err.code == 0x41:
        fits = bool(_full_regex(err.constraint).fullmatch(before))
    else:
        fits = False
    if not fits:
        return None
    return (
        f"'{value}': een '#' direct achter de waarde hoort bij de waarde; een opmerking begint met een spatie "
        f"en dan '#' ({key}: {before} #{after})"
    )


def _comment_instead_of_value(loaded: Loaded, at) -> tuple[tuple[int, int], str] | None:
    """`titel: #1 veilig`: the value is empty because a '#' after a space starts a comment. The
    comment's position and text, or None."""
    lines = loaded.source.lines
    if not at or not (1 <= at[0] <= len(lines)):
        return None
    line = lines[at[0] - 1]
    m = re.match(r"\s*(#.*\S)", line[at[1] - 1 :])
    if not m or not line[: at[1] - 1].rstrip().endswith(":"):
        return None
    return (at[0], at[1] + m.start(1)), m.group(1)


def _typo_targets(errors, schema: dict) -> set[tuple]:
    """Missing required keys for which an unknown sibling key is the likely misspelling."""
    missing = {tuple(e.document_path) for e in errors if e.code == 0x02}
    out = set()
    for e in errors:
        if e.code != 0x03:
            continue
        path = tuple(e.document_path)
        hint = difflib.get_close_matches(str(path[-1]), _sibling_keys(schema, path), n=1, cutoff=0.6)
        if hint and path[:-1] + (hint[0],) in missing:
            out.add(path[:-1] + (hint[0],))
    return out


def missing_message(path: tuple) -> str:
    """IVP000 for a required key that is absent."""
    return f"verplicht veld '{path[-1]}' ontbreekt" + _where(path)


def _where(path: tuple) -> str:
    if len(path) <= 1:
        return ""
    return f" in {dg.format_path(path[:-1])}"


def _at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def _sibling_keys(schema: dict, path: tuple) -> list[str]:
    rules = _rules_at(schema, path[:-1]) or {}
    fields = rules.get("schema")
    return list(fields) if isinstance(fields, dict) and rules.get("type") == "dict" else []


def _describe(value) -> str:
    if value is None:
        return "geen waarde"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (ja/nee)"
    if isinstance(value, dict):
        return "een sectie met velden"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, (int, float)):
        return f"het getal {_num(value)}"
    text = str(value)
    return f"de tekst '{text[:40]}{'…' if len(text) > 40 else ''}'"


def _num(x) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return str(x).replace(".", ",")


def _form_message(value, rules: dict) -> str:
    """A value that does not match the field's regex: the schema says what the form is (every regex
    field has a foutmelding, tests/test_schema_files.py holds that)."""
    hint = (rules.get("meta") or {}).get("foutmelding")
    return f"'{value}' heeft niet de juiste vorm." + (f" {hint}" if hint else "")


def _key_message(key: str) -> str:
    """A key of `eisen` in a regio file that names no adjustable rule."""
    if re.fullmatch(r"IVP9\d\d|IVP000", key):
        return (
            f"'{key}' kan een regio niet instellen: alleen de regels uit 'ivplan regels', niet IVP000 of "
            "de laadfouten IVP9xx"
        )
    if re.fullmatch(r"ivp\d{3}", key, re.IGNORECASE):
        return f"schrijf de regelcode met hoofdletters: '{key.upper()}'"
    return f"'{key}' is geen regelcode; de vorm is IVP gevolgd door drie cijfers (bijvoorbeeld IVP042)"


# --------------------------------------------------------------------------------------------------
# Checks the Cerberus rules cannot express (still schema errors: IVP000)


# No figure in a plan comes near this; beyond it, rules and charts would compute with numbers that a
# float cannot hold (1e400 reads as infinity, 10**400 overflows float()).
MAX_NUMBER = 10**15


def _usable_numbers(result: SchemaResult, loaded: Loaded, schema: dict) -> None:
    """IVP000 for a number field whose value is infinite or absurdly large (1e400, 10**400)."""
    pos, file = loaded.positions, loaded.source.path

    def walk(value, rules, path: tuple) -> None:
        rules = rules if isinstance(rules, dict) else {}
        if isinstance(value, dict):
            fields = rules.get("schema") if rules.get("type") == "dict" else None
            for k, v in value.items():
                walk(v, fields.get(k) if isinstance(fields, dict) else rules.get("valuesrules"), path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, rules.get("schema"), path + (i,))
        elif (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and rules.get("type") in ("integer", "number")
            and not (abs(value) <= MAX_NUMBER)
        ):  # also true for nan; abs() keeps huge ints exact
            if not result.element_ok(*path):
                return
            if isinstance(value, float) and math.isnan(value):
                shown = "geen getal"
            elif isinstance(value, float) and math.isinf(value):
                shown = "oneindig groot" if value > 0 else "oneindig klein"
            elif isinstance(value, float):
                shown = f"te {'groot' if value > 0 else 'klein'} ({value:.3g})".replace(".", ",")
            else:
                shown = f"te {'groot' if value > 0 else 'klein'} (een getal van {len(str(abs(value)))} cijfers)"
            result.diagnostics.append(
                dg.make(
                    "IVP000",
                    ERROR,
                    path,
                    f"de waarde is {shown}; een getal in een plan ligt tussen "
                    f"-{MAX_NUMBER:,} en {MAX_NUMBER:,}".replace(",", "."),
                    pos.point(path) if pos else None,
                    file,
                )
            )
            result.failed.add(path)

    walk(result.data, {"type": "dict", "schema": schema}, ())


def _thousands_points(result: SchemaResult, loaded: Loaded, schema: dict) -> None:
    """IVP000 for an amount or a count written with a Dutch thousands point (`bedrag: 185.000`), which
    YAML reads as 185. Only fields the schema marks as amounts or counts (notation.py): elsewhere a
    number may well have three decimals. Costs one regex match per number of the plan."""
    pos, file = loaded.positions, loaded.source.path
    for path, text in loaded.numbers_as_written.items():
        if not notation.THOUSANDS.match(text):
            continue
        rules = _rules_at(schema, path) or {}
        if rules.get("type") != "number" or not result.element_ok(*path):
            continue  # a field of whole numbers already failed on the type, with this hint (_type_hint)
        noun = notation.NOUNS.get((rules.get("meta") or {}).get("soort_getal"))
        if noun is None and _is_count(result.data, schema, path):
            noun = notation.NOUNS["aantal"]
        if noun is None:
            continue
        message = notation.thousands_problem(text, noun)
        assert message is not None  # THOUSANDS matched the text above
        result.diagnostics.append(dg.make("IVP000", ERROR, path, message, pos.point(path) if pos else None, file))
        result.failed.add(path)


def _is_count(data, schema: dict, path: tuple) -> bool:
    """True when an ancestor mapping lists `path` in its `meta.aantalvelden` and its `eenheid` is a count."""
    for depth in range(len(path) - 1, -1, -1):
        fields = ((_rules_at(schema, path[:depth]) or {}).get("meta") or {}).get("aantalvelden")
        relative = ".".join(f"{p}" if isinstance(p, str) else "[]" for p in path[depth:]).replace(".[]", "[]")
        if fields and relative in fields:
            return notation.is_count_unit(_at(data, path[:depth]).get("eenheid"))
    return False


def _one_of_required(result: SchemaResult, loaded: Loaded, schema: dict) -> None:
    """IVP000 for a section whose `meta.een_van_verplicht` fields are all absent (an `open_data` binding
    needs `meetwaarde` or `csv`); Cerberus cannot say "one of these is required"."""
    pos, file = loaded.positions, loaded.source.path

    def walk(value, rules, path: tuple) -> None:
        rules = rules if isinstance(rules, dict) else {}
        if isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, rules.get("schema"), path + (i,))
            return
        if not isinstance(value, dict) or rules.get("type") != "dict":
            return
        fields = rules.get("schema")
        if not isinstance(fields, dict):
            return
        names = (rules.get("meta") or {}).get("een_van_verplicht")
        if names and not any(name in value for name in names) and result.element_ok(*path):
            first = path + (names[0],)
            others = " of ".join(f"'{name}'" for name in names[1:])
            result.diagnostics.append(
                dg.make(
                    "IVP000",
                    ERROR,
                    first,
                    f"verplicht veld '{names[0]}' ontbreekt{_where(first)} (of geef {others})",
                    pos.missing(first) if pos else None,
                    file,
                )
            )
            result.failed.add(first)
        for k, v in value.items():
            walk(v, fields.get(k), path + (k,))

    walk(result.data, {"type": "dict", "schema": schema}, ())


def _percentages(result: SchemaResult, loaded: Loaded, schema: dict) -> None:
    """IVP000 for a number outside 0..100 in a field that `meta.procentvelden` names, in an item whose
    `eenheid` is a percentage."""
    pos, file = loaded.positions, loaded.source.path

    def check(path: tuple, value) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= 100:
            if not result.element_ok(*path):
                return
            result.diagnostics.append(
                dg.make(
                    "IVP000",
                    ERROR,
                    path,
                    f"{_num(value)} is geen percentage: met eenheid '%' ligt de waarde tussen 0 en 100",
                    pos.point(path) if pos else None,
                    file,
                )
            )
            result.failed.add(path)

    def walk(value, rules, path: tuple) -> None:
        rules = rules if isinstance(rules, dict) else {}
        if isinstance(value, dict) and rules.get("type") == "dict":
            if is_percent_unit(value.get("eenheid")):
                for dotted in percent_fields(rules):
                    for field_path, number in _values_at(value, dotted.split("."), path):
                        check(field_path, number)
            fields = rules.get("schema")
            if isinstance(fields, dict):
                for k, v in value.items():
                    walk(v, fields.get(k), path + (k,))
        elif isinstance(value, list) and rules.get("type") == "list":
            for i, v in enumerate(value):
                walk(v, rules.get("schema"), path + (i,))

    walk(result.data, {"type": "dict", "schema": schema}, ())


def _values_at(value, parts: list[str], path: tuple):
    """(path, value) of every value at the relative field path `parts` (`x[]`: every item of list x)."""
    if not parts:
        yield path, value
        return
    if not isinstance(value, dict):
        return
    part = parts[0]
    if part.endswith("[]"):
        items = value.get(part[:-2])
        if isinstance(items, list):
            for i, item in enumerate(items):
                yield from _values_at(item, parts[1:], path + (part[:-2], i))
    elif part in value:
        yield from _values_at(value[part], parts[1:], path + (part,))
