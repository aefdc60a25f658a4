"""Turn the Cerberus schemas in `schemas/*.yaml` into draft-07 JSON Schemas for editors.

The JSON Schema is advisory: VS Code (redhat.vscode-yaml) uses it for completion, hover help and
red squiggles while someone types; `ivplan validate` stays authoritative. The mapping follows the
rules the schemas use and refuses any rule it does not know, so a schema change that the export
cannot express is noticed at once instead of silently dropped.

Run `python -m ivplan.validation.jsonschema_export` after changing a schema: it rewrites the generated
`schemas/*.schema.json` files (a test checks that they are up to date).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from ivplan.core.errors import SchemaExportError, SchemaFileError
from ivplan.core.formatting import opsomming
from ivplan.core.resources import schemas_dir
from ivplan.validation.formats import FORMATS
from ivplan.validation.schema import MAX_NUMBER
from ivplan.validation.schema_delen import compose_deel
from ivplan.validation.vocabulary import (
    PERCENT_UNIT_PATTERN,
    field_display_names,
    read_schema_file,
    weergave_problem,
)

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# Generated file name -> (Cerberus schema file, title, description).
OUTPUTS: dict[str, tuple[str, str, str]] = {
    "ivplan.schema.json": (
        "plan.yaml",
        "ivplan: Integraal Veiligheidsplan (formaatversie 1)",
        "Een Integraal Veiligheidsplan als YAML, te controleren met `ivplan validate` en om te "
        "zetten naar het plan en het raadsvoorstel met `ivplan build`.",
    ),
    "ivplan-gezamenlijk.schema.json": (
        "gezamenlijk.yaml",
        "ivplan: gezamenlijk deel A (formaatversie 1)",
        "Het gezamenlijke deel A van het plan van de gemeenten van één basisteam of district; elke "
        "gemeente schrijft haar eigen deel B (een plan met `gezamenlijk: ../deel-a.yaml`).",
    ),
    "ivplan-regio.schema.json": (
        "regio.yaml",
        "ivplan: regiobestand (formaatversie 1)",
        "De regionale speerpunten, gemeenten en eisen waarmee een regiobureau plannen controleert "
        "met `ivplan check --regio`.",
    ),
    "ivplan-uitvoering.schema.json": (
        "uitvoering.yaml",
        "ivplan: uitvoeringsprogramma (formaatversie 1)",
        "Het uitvoeringsprogramma van het college bij een integraal veiligheidsplan: maatregelen per "
        "prioriteit, jaardoelen en financiën, te controleren met `ivplan validate` en om te zetten naar "
        "het programma en de raadsinformatiebrief met `ivplan build`.",
    ),
}
PLAN_JSON_SCHEMA = "ivplan.schema.json"
DEEL_A_JSON_SCHEMA = "ivplan-gezamenlijk.schema.json"
REGIO_JSON_SCHEMA = "ivplan-regio.schema.json"

_DEFAULT_PATTERN_MESSAGE = "Deze waarde heeft niet de vorm die ivplan verwacht."
_MARKDOWN_NOTE = "Opmaak met Markdown mag: alinea's, **vet**, *cursief*, opsommingen, links en eenvoudige tabellen."

_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "dict": "object",
    "list": "array",
}
_KNOWN_RULES = {
    "type",
    "required",
    "empty",
    "nullable",
    "minlength",
    "maxlength",
    "min",
    "max",
    "allowed",
    "regex",
    "schema",
    "keysrules",
    "valuesrules",
    "check_with",
    "meta",
    "default",
}
_KNOWN_META = {
    "titel",
    "beschrijving",
    "markdown",
    "voorbeelden",
    "foutmelding",
    "procentvelden",
    "weergave",
    "soort_getal",  # read by ivplan.validation.notation (from the source text, which JSON has not)
    "aantalvelden",  # idem
    "een_van_verplicht",  # at least one of these fields is present (anyOf/required)
}


# --------------------------------------------------------------------------------------------------
# Loading


def load_cerberus_schema(path: Path) -> dict:
    """A Cerberus schema file: a YAML mapping of field -> rules (anchors and merge keys allowed, and
    `zoals` references to another schema file in the same folder: see vocabulary.py)."""
    try:
        return read_schema_file(path)
    except SchemaFileError as exc:
        raise SchemaExportError(str(exc)) from None


# --------------------------------------------------------------------------------------------------
# Conversion


def to_json_schema(
    cerberus_schema: dict, *, title: str, schema_id: str | None = None, description: str | None = None
) -> dict:
    """The draft-07 JSON Schema for a document that `cerberus_schema` (field -> rules) validates."""
    out: dict[str, Any] = {"$schema": DRAFT_07}
    if schema_id:
        out["$id"] = schema_id
    out["title"] = title
    if description:
        out["description"] = description
    out.update(_object(cerberus_schema, ()))
    return out


def _object(fields: dict, path: tuple) -> dict:
    if not isinstance(fields, dict):
        raise SchemaExportError(f"{_where(path)}: 'schema' van een dict moet een mapping zijn")
    properties = {name: _field(rules, path + (name,)) for name, rules in fields.items()}
    required = [name for name, rules in fields.items() if rules.get("required") is True]
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _field(rules: dict, path: tuple) -> dict:
    if not isinstance(rules, dict):
        raise SchemaExportError(f"{_where(path)}: de regels moeten een mapping zijn")
    unknown = set(rules) - _KNOWN_RULES
    if unknown:
        raise SchemaExportError(f"{_where(path)}: regel(s) {sorted(unknown)} kan ik niet omzetten")
    meta = rules.get("meta") or {}
    unknown_meta = set(meta) - _KNOWN_META
    if unknown_meta:
        raise SchemaExportError(f"{_where(path)}: meta-sleutel(s) {sorted(unknown_meta)} onbekend")

    problem = weergave_problem(rules)
    if problem:
        raise SchemaExportError(f"{_where(path)}: {problem}")

    out: dict[str, Any] = {}
    out.update(_help(meta, _allowed_sentence(rules, meta)))
    ctype = rules.get("type")
    if ctype is None:
        raise SchemaExportError(f"{_where(path)}: 'type' ontbreekt")
    if isinstance(ctype, list):
        # one of several types (gelet_op: a text or a list of texts): each a variant, the help once
        out["anyOf"] = [_field({**rules, "type": kind, "meta": {}}, path) for kind in ctype]
        if "voorbeelden" in meta:
            out["examples"] = list(meta["voorbeelden"])
        return out
    if ctype not in _TYPES:
        raise SchemaExportError(f"{_where(path)}: type {ctype!r} kan ik niet omzetten")

    if ctype == "string":
        out.update(_string(rules, meta, path))
    else:
        out["type"] = _TYPES[ctype]
        if "allowed" in rules and ctype != "list":
            out["enum"] = list(rules["allowed"])
        for rule in ("regex", "check_with"):
            if rule in rules:
                raise SchemaExportError(f"{_where(path)}: '{rule}' alleen bij type string")
    if ctype in ("integer", "number"):
        # without a bound of its own, the bound `ivplan validate` puts on every number (IVP000)
        out["minimum"] = rules.get("min", -MAX_NUMBER)
        out["maximum"] = rules.get("max", MAX_NUMBER)
    elif ctype == "list":
        out.update(_list(rules, path))
    elif ctype == "dict":
        out.update(_dict(rules, path))

    if rules.get("nullable"):
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = types + ["null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
    if "weergave" in meta and "enum" in out:
        names = field_display_names(rules)
        out["enumDescriptions"] = [names[v] for v in rules["allowed"]]
    if "default" in rules:
        out["default"] = rules["default"]
    if "voorbeelden" in meta:
        out["examples"] = list(meta["voorbeelden"])
    return out


def _allowed_sentence(rules: dict, meta: dict) -> str | None:
    """ "Kies uit: `a` (A), `b` of `c`." for a field with a choice of values, with their display names,
    unless its description already names every value; so the help never misses a value the schema
    allows."""
    allowed = rules.get("allowed")
    text = meta.get("beschrijving") or ""
    if not isinstance(allowed, list) or len(allowed) < 2 or not text:
        return None
    if all(f"`{v}`" in text for v in allowed):
        return None
    names = (meta.get("weergave") or {}) if isinstance(meta.get("weergave"), dict) else {}
    choices = [f"`{v}` ({names[v]})" if v in names else f"`{v}`" for v in allowed]
    return f"Kies uit: {opsomming(choices, laatste=' of ')}."


def _help(meta: dict, extra: str | None = None) -> dict:
    out: dict[str, Any] = {}
    if "titel" in meta:
        out["title"] = meta["titel"]
    text = meta.get("beschrijving")
    if text and extra:
        text = f"{text} {extra}"
    if text:
        if meta.get("markdown"):
            out["description"] = f"{text} (Markdown toegestaan.)"
            out["markdownDescription"] = f"{text}\n\n*{_MARKDOWN_NOTE}*"
        else:
            out["description"] = text
            out["markdownDescription"] = text
    return out


def _string(rules: dict, meta: dict, path: tuple) -> dict:
    out: dict[str, Any] = {}
    check = rules.get("check_with")
    if check is not None and check not in FORMATS:
        raise SchemaExportError(f"{_where(path)}: check_with {check!r} kan ik niet omzetten")
    if check is not None and ("regex" in rules or "allowed" in rules):
        raise SchemaExportError(f"{_where(path)}: check_with samen met regex/allowed kan ik niet omzetten")

    if "allowed" in rules:
        out["type"] = "string"
        out["enum"] = list(rules["allowed"])
    elif check is not None:
        out["type"] = "string"
        out["format"] = FORMATS[check].json_format
        out["pattern"] = FORMATS[check].json_pattern
    elif "regex" in rules:
        regex = rules["regex"]
        if not (regex.startswith("^") and regex.endswith("$")):
            raise SchemaExportError(f"{_where(path)}: regex {regex!r} moet met ^ beginnen en op $ eindigen")
        integers = _integer_range(regex)
        if integers is not None:
            # ivplan reads a number in a string field as the text it was written as (`id: 7` -> "7",
            # `termijn: 2027` -> "2027"); editors see a number. Every integer whose digits the regex
            # accepts is then allowed as a number too.
            out["type"] = ["string", "integer"]
            out["minimum"], maximum = integers
            if maximum is not None:
                out["maximum"] = maximum
        else:
            out["type"] = "string"
        out["pattern"] = regex
    else:
        # YAML 1.2 editors read `versie: 1.10` as a number; ivplan keeps it as the text "1.10".
        out["type"] = ["string", "number"]

    min_length = rules.get("minlength")
    if rules.get("empty") is False and "enum" not in out:  # an enum of non-empty texts says it already
        min_length = max(min_length or 0, 1)
        if "pattern" not in out:  # only spaces is empty too (schema.py)
            out["pattern"] = r"\S"
            out["patternErrorMessage"] = "Vul een tekst in; alleen spaties is geen tekst."
    if min_length:
        out["minLength"] = min_length
    if "maxlength" in rules:
        out["maxLength"] = rules["maxlength"]

    message = meta.get("foutmelding")
    if message is None and check is not None:
        message = FORMATS[check].json_message
    if message is None and "regex" in rules:
        message = _DEFAULT_PATTERN_MESSAGE
    if message is not None:
        out["errorMessage"] = message
    return out


# Digit counts tried for a regex of a string field; accepting the longest means accepting any length.
_MAX_DIGITS = 20


def _integer_range(regex: str) -> tuple[int, int | None] | None:
    """(minimum, maximum or None) of the non-negative integers whose text the regex accepts, when it
    accepts every integer of a run of digit counts (`^[0-9]{4}(-Q[1-4])?$`: 1000..9999; a slug: 0 and
    up); None when it accepts no such run (then a number is no valid value in an editor)."""

    def every(k: int) -> bool:
        samples = ("0", "7", "9") if k == 1 else ("1" + "0" * (k - 1), "9" * k, ("1234567890" * 2)[:k])
        return all(re.fullmatch(regex, sample) for sample in samples)

    counts = [k for k in range(1, _MAX_DIGITS + 1) if every(k)]
    if not counts or counts != list(range(counts[0], counts[-1] + 1)):
        return None
    low = 0 if counts[0] == 1 else 10 ** (counts[0] - 1)
    high = None if counts[-1] == _MAX_DIGITS else 10 ** counts[-1] - 1
    return low, high


def _list(rules: dict, path: tuple) -> dict:
    out: dict[str, Any] = {}
    if "schema" in rules:
        out["items"] = _field(rules["schema"], path + ("[]",))
    if "allowed" in rules:
        out.setdefault("items", {})["enum"] = list(rules["allowed"])
    min_items = rules.get("minlength")
    if rules.get("empty") is False:
        min_items = max(min_items or 0, 1)
    if min_items:
        out["minItems"] = min_items
    if "maxlength" in rules:
        out["maxItems"] = rules["maxlength"]
    return out


def _dict(rules: dict, path: tuple) -> dict:
    if "schema" in rules:
        if "keysrules" in rules or "valuesrules" in rules:
            raise SchemaExportError(f"{_where(path)}: schema samen met keysrules/valuesrules kan ik niet omzetten")
        out = _object(rules["schema"], path)
        del out["type"]
        percent_fields = (rules.get("meta") or {}).get("procentvelden")
        if percent_fields:
            out.update(_percent_condition(rules["schema"], percent_fields, path))
        one_of = (rules.get("meta") or {}).get("een_van_verplicht")
        if one_of:
            # `meta.een_van_verplicht`: at least one of these fields is present (ivplan.validation.schema
            # applies the same check)
            missing = [name for name in one_of if name not in rules["schema"]]
            if missing:
                raise SchemaExportError(f"{_where(path)}: een_van_verplicht noemt onbekende velden {missing}")
            out["anyOf"] = [{"required": [name]} for name in one_of]
    else:
        out = {}
        if "keysrules" in rules:
            key_rules = rules["keysrules"]
            if key_rules.get("type", "string") != "string":
                raise SchemaExportError(f"{_where(path)}: keysrules moeten tekst zijn")
            names = _field({**key_rules, "type": "string"}, path + ("<sleutel>",))
            names["type"] = "string"  # object keys are always strings
            names.pop("minimum", None)
            out["propertyNames"] = names
        if "valuesrules" in rules:
            out["additionalProperties"] = _field(rules["valuesrules"], path + ("<waarde>",))
        else:
            out["additionalProperties"] = True
    if rules.get("empty") is False or rules.get("minlength"):
        out["minProperties"] = max(rules.get("minlength") or 0, 1)
    return out


def _percent_condition(fields: dict, percent_fields: list, path: tuple) -> dict:
    """`if eenheid is % then every listed number lies in 0..100`, as JSON Schema."""
    if "eenheid" not in fields:
        raise SchemaExportError(f"{_where(path)}: procentvelden zonder veld 'eenheid'")
    then: dict[str, Any] = {}
    for dotted in percent_fields:
        rules: dict = {"type": "dict", "schema": fields}
        target = then
        parts = dotted.split(".")
        for i, part in enumerate(parts):
            is_list = part.endswith("[]")
            name = part[:-2] if is_list else part
            sub = rules.get("schema") if rules.get("type") == "dict" else None
            if not isinstance(sub, dict) or name not in sub:
                raise SchemaExportError(f"{_where(path)}: procentveld {dotted!r} bestaat niet")
            rules = sub[name]
            node = target.setdefault("properties", {}).setdefault(name, {})
            if is_list:
                if rules.get("type") != "list":
                    raise SchemaExportError(f"{_where(path)}: {name!r} in {dotted!r} is geen lijst")
                rules = rules.get("schema") or {}
                node = node.setdefault("items", {})
            target = node
            if i == len(parts) - 1:
                if rules.get("type") != "number":
                    raise SchemaExportError(f"{_where(path)}: procentveld {dotted!r} is geen getal")
                target.update({"minimum": 0, "maximum": 100})
    return {
        "if": {"properties": {"eenheid": {"type": "string", "pattern": PERCENT_UNIT_PATTERN}}, "required": ["eenheid"]},
        "then": then,
    }


def _where(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "<bovenste niveau>"


# --------------------------------------------------------------------------------------------------
# Files


def dumps(schema: dict) -> str:
    """The exact text of a generated schema file (deterministic; properties keep schema order)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def generate_all(schemas_dir: Path) -> dict[str, dict]:
    """Generated file name -> JSON Schema, for every Cerberus schema in `schemas_dir`."""
    schemas_dir = Path(schemas_dir)
    out: dict[str, dict] = {}
    for filename, (source, title, description) in OUTPUTS.items():
        if filename == DEEL_A_JSON_SCHEMA:
            cerberus_schema = _deel(schemas_dir, "deel_a")
        else:
            cerberus_schema = load_cerberus_schema(schemas_dir / source)
        schema = to_json_schema(cerberus_schema, title=title, description=description)
        if filename == PLAN_JSON_SCHEMA:
            schema = _plan_or_deel_b(schema, schemas_dir)
        out[filename] = _with_comment(schema, source)
    out[EDITOR_JSON_SCHEMA] = editor_schema(out)
    return out


# The schema `ivplan init` puts in .vscode/: one file for every kind a user writes in that folder, chosen by
# the top key, so a plan (or a deel B), an uitvoeringsprogramma and a joint plan's deel A all validate in
# the editor.
EDITOR_JSON_SCHEMA = "ivplan-editor.schema.json"
EDITOR_KINDS = (
    ("ivplan_uitvoering", "uitvoering", "ivplan-uitvoering.schema.json"),
    ("ivplan_gezamenlijk", "gezamenlijk", DEEL_A_JSON_SCHEMA),
)


def editor_schema(generated: dict[str, dict]) -> dict:
    """A draft-07 schema that picks the plan's schema, or another kind's by its top key (if/then/else)."""

    def body(schema: dict) -> dict:
        return {k: v for k, v in schema.items() if k not in ("$schema", "$comment")}

    definitions = {"plan": body(generated[PLAN_JSON_SCHEMA])}
    choice: dict = {"$ref": "#/definitions/plan"}
    for marker, name, filename in reversed(EDITOR_KINDS):
        definitions[name] = body(generated[filename])
        choice = {"if": {"required": [marker]}, "then": {"$ref": f"#/definitions/{name}"}, "else": choice}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": "Gegenereerd door ivplan (python -m ivplan.validation.jsonschema_export); niet met de hand "
        "bewerken.",
        "title": "ivplan: plan, uitvoeringsprogramma of gezamenlijk deel A (formaatversie 1)",
        "description": "Kiest het schema naar de bovenste sleutel: ivplan_uitvoering voor een uitvoeringsprogramma, "
        "ivplan_gezamenlijk voor het deel A van een gezamenlijk plan, anders het plan (of een deel B, met "
        "gezamenlijk).",
        "definitions": definitions,
        **choice,
    }


def _deel(schemas_dir: Path, name: str) -> dict:
    """The Cerberus schema of a part of a joint plan, composed as the validator composes it."""
    plan = load_cerberus_schema(schemas_dir / "plan.yaml")
    return compose_deel(plan, load_cerberus_schema(schemas_dir / "gezamenlijk.yaml"), name)


def _plan_or_deel_b(plan: dict, schemas_dir: Path) -> dict:
    """One schema for a plan and for a deel B, chosen by the top key `gezamenlijk`: a deel B needs only
    its own part (docs/gezamenlijke-plannen.md), a plan every section of version 1. The top level describes every
    field a plan or a deel B may hold, for completion and hover help, without requiring any; `then`
    (a deel B) and `else` (a plan) say what each requires and allows."""
    head = {k: v for k, v in plan.items() if k in ("$schema", "$id", "title", "description")}
    v1 = {k: v for k, v in plan.items() if k not in head}
    deel_b = to_json_schema(_deel(schemas_dir, "deel_b"), title="")
    cerberus_plan = load_cerberus_schema(schemas_dir / "plan.yaml")
    either = compose_deel(cerberus_plan, load_cerberus_schema(schemas_dir / "gezamenlijk.yaml"), "either")
    loose = to_json_schema(either, title="")
    return {
        **head,
        "type": "object",
        "properties": loose["properties"],
        "additionalProperties": False,
        "if": {"type": "object", "required": ["gezamenlijk"]},
        "then": {k: v for k, v in deel_b.items() if k not in ("$schema", "title")},
        "else": v1,
    }


def _with_comment(schema: dict, source: str) -> dict:
    comment = (
        f"Gegenereerd door ivplan uit schemas/{source} (python -m ivplan.validation.jsonschema_export); "
        "niet met de hand bewerken."
    )
    return {"$schema": schema["$schema"], "$comment": comment, **{k: v for k, v in schema.items() if k != "$schema"}}


def write_all(schemas_dir: Path) -> list[Path]:
    """Regenerate the JSON Schema files in `schemas_dir`; returns the files written."""
    schemas_dir = Path(schemas_dir)
    written = []
    for filename, schema in generate_all(schemas_dir).items():
        target = schemas_dir / filename
        text = dumps(schema)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(target)
        written.append(target)
    return written


def _schema_from_package(filename: str) -> dict:
    return generate_all(schemas_dir())[filename]


def plan_json_schema() -> dict:
    """The JSON Schema of the plan format, built from the installed `schemas/plan.yaml`.

    `ivplan schema [-o FILE]` writes `dumps(plan_json_schema())`; `ivplan init` writes the same text
    to `.vscode/ivplan.schema.json`.
    """
    return _schema_from_package(PLAN_JSON_SCHEMA)


def deel_a_json_schema() -> dict:
    """The JSON Schema of a joint plan's deel A (`ivplan schema --deel-a`)."""
    return _schema_from_package(DEEL_A_JSON_SCHEMA)


def regio_json_schema() -> dict:
    """The JSON Schema of the regio file, built from the installed `schemas/regio.yaml`."""
    return _schema_from_package(REGIO_JSON_SCHEMA)


def main(argv: list[str] | None = None) -> int:
    """`python -m ivplan.validation.jsonschema_export [MAP]`: regenerate the JSON Schemas (default: schemas/)."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        target = Path(args[0])
    else:
        target = schemas_dir()
    try:
        written = write_all(target)
    except SchemaExportError as exc:
        print(f"niet geschreven: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"geschreven: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
