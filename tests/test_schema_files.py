"""The Cerberus schema files themselves: they build, follow the project's conventions, carry Dutch
help text for every field, and their examples are valid values for the field they document."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ivplan.core.resources import schemas_dir
from ivplan.source import loader
from ivplan.validation import schema, vocabulary
from ivplan.validation.jsonschema_export import _KNOWN_META

DATA = Path(__file__).parent / "data"
SCHEMA_NAMES = ("plan", "regio", "antwoorden")
ALLOWED_TYPES = {"string", "integer", "number", "boolean", "dict", "list"}
META_KEYS = _KNOWN_META  # the meta keys the JSON Schema export knows what to do with


def raw_schema(name: str) -> dict:
    return vocabulary.read_schema_file(schemas_dir() / f"{name}.yaml")


def walk_fields(fields: dict, path: tuple = ()):
    """Every named field (path, rules), depth first, including fields inside list items."""
    for name, rules in fields.items():
        here = path + (name,)
        yield here, rules
        yield from walk_rules(rules, here)


def walk_rules(rules: dict, path: tuple):
    sub = rules.get("schema")
    if rules.get("type") == "dict" and isinstance(sub, dict):
        yield from walk_fields(sub, path)
    elif rules.get("type") == "list" and isinstance(sub, dict):
        yield path + ("[]",), sub
        yield from walk_rules(sub, path + ("[]",))
    for extra in ("keysrules", "valuesrules"):
        if extra in rules:
            yield path + (f"<{extra}>",), rules[extra]
            yield from walk_rules(rules[extra], path + (f"<{extra}>",))


def all_rule_sets(name: str):
    return list(walk_fields(raw_schema(name)))


def validator_for(rules: dict):
    return schema._validator_class()({"x": rules})


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_builds_with_the_project_validator(name):
    v = schema._validator_class()(schema.load_schema(name))
    assert v.schema is not None


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_custom_checks_are_the_ones_the_validator_implements(name):
    used = {r["check_with"] for _, r in all_rule_sets(name) if "check_with" in r}
    assert used <= {"datum", "email", "url"}
    assert "datum" in used
    cls = schema._validator_class()
    for check in used:
        assert callable(getattr(cls, f"_check_with_{check}", None)), check


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_field_has_a_known_type_and_dutch_help(name):
    problems = []
    for path, rules in all_rule_sets(name):
        where = ".".join(path)
        if "<keysrules>" in path[-1] or "<valuesrules>" in path[-1]:
            continue
        if rules.get("type") not in ALLOWED_TYPES:
            problems.append(f"{where}: type {rules.get('type')!r}")
        meta = rules.get("meta")
        if path[-1] == "[]" and meta is None:
            continue  # a list's items may rely on the list's help text
        if not isinstance(meta, dict):
            problems.append(f"{where}: geen meta")
            continue
        if set(meta) - META_KEYS:
            problems.append(f"{where}: onbekende meta {sorted(set(meta) - META_KEYS)}")
        for key in ("titel", "beschrijving"):
            if not (isinstance(meta.get(key), str) and meta[key].strip()):
                problems.append(f"{where}: meta.{key} ontbreekt")
        if meta.get("markdown") and rules.get("type") != "string":
            problems.append(f"{where}: markdown op een veld dat geen tekst is")
    assert problems == []


def test_amounts_and_counts_are_marked_on_number_fields():
    """`soort_getal` marks the fields where `185.000` is a thousands point (ivplan.validation.notation);
    `aantalvelden` names number fields of a mapping that has an `eenheid`."""
    marked = {}
    for path, rules in all_rule_sets("plan"):
        meta = rules.get("meta") or {}
        if "soort_getal" in meta:
            assert rules.get("type") in ("integer", "number"), path
            marked[".".join(path)] = meta["soort_getal"]
        for dotted in meta.get("aantalvelden", []):
            assert "eenheid" in rules["schema"], path
            target = {"type": "dict", "schema": rules["schema"]}
            for part in dotted.split("."):
                target = target["schema"][part.removesuffix("[]")]
                if part.endswith("[]"):
                    target = target["schema"]
            assert target["type"] == "number", (path, dotted)
    assert marked == {
        "gemeente.inwoners": "aantal",
        "politie.wijkagenten": "aantal",
        "financien.begroting.[].bedrag": "bedrag",
    }


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_regex_is_anchored(name):
    regexes = [(p, r["regex"]) for p, r in all_rule_sets(name) if "regex" in r]
    assert regexes, "the schema should use regexes (slugs, cbs_code)"
    for path, regex in regexes:
        assert regex.startswith("^") and regex.endswith("$"), (path, regex)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_regex_field_says_its_form_in_dutch(name):
    # the schema is the one home of the message: validation shows the foutmelding, the JSON Schema
    # exports it as errorMessage
    missing = [p for p, r in all_rule_sets(name) if "regex" in r and not (r.get("meta") or {}).get("foutmelding")]
    assert missing == []


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_display_names_name_every_allowed_value(name):
    with_names = [(p, r) for p, r in all_rule_sets(name) if "weergave" in (r.get("meta") or {})]
    assert with_names or name == "regio"
    for path, rules in with_names:
        assert vocabulary.weergave_problem(rules) is None, path
        assert list(rules["meta"]["weergave"]) == rules["allowed"], path  # the same order: documents use it


def test_the_regio_file_takes_shared_fields_from_the_plan_schema():
    plan, regio = raw_schema("plan"), raw_schema("regio")
    for regio_path, plan_path in (
        ("regio.politie_eenheid", "gemeente.politie_eenheid"),
        ("regionaal_plan.status", "regionale_afstemming.regionaal_plan.status"),
        ("gemeenten[].cbs_code", "gemeente.cbs_code"),
    ):
        mine, theirs = vocabulary.field_rules(regio, regio_path), vocabulary.field_rules(plan, plan_path)
        assert {k: v for k, v in mine.items() if k != "meta"} == {k: v for k, v in theirs.items() if k != "meta"}
        assert mine["meta"]["titel"]  # its own help text


def test_a_broken_reference_is_refused(tmp_path):
    (tmp_path / "plan.yaml").write_text("a: {type: string, allowed: [x]}\n", encoding="utf-8")
    (tmp_path / "regio.yaml").write_text("b: {zoals: 'plan.yaml#nergens'}\n", encoding="utf-8")
    with pytest.raises(vocabulary.SchemaFileError, match="verwijst naar niets"):
        vocabulary.read_schema_file(tmp_path / "regio.yaml")
    (tmp_path / "regio.yaml").write_text("b: {zoals: 'plan.yaml#a', meta: {titel: B}}\n", encoding="utf-8")
    assert vocabulary.read_schema_file(tmp_path / "regio.yaml") == {
        "b": {"type": "string", "allowed": ["x"], "meta": {"titel": "B"}}
    }


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_examples_are_valid_values_of_their_field(name):
    # Also catches YAML 1.1 surprises in the schema file: an unquoted date example would load as a
    # datetime.date and fail `type: string`.
    bad = []
    for path, rules in all_rule_sets(name):
        examples = (rules.get("meta") or {}).get("voorbeelden", [])
        if not examples:
            continue
        bare = {k: v for k, v in copy.deepcopy(rules).items() if k != "required"}
        v = validator_for(bare)
        for example in examples:
            if not v.validate({"x": example}, normalize=False):
                bad.append((".".join(path), example, v.errors))
    assert bad == []


def test_required_keys_follow_the_spec():
    plan = raw_schema("plan")
    top_required = {k for k, r in plan.items() if r.get("required")}
    assert top_required == {
        "ivplan",
        "gemeente",
        "plan",
        "probleemanalyse",
        "participatie",
        "prioriteiten",
        "meetbare_doelen",
        "partners",
        "regionale_afstemming",
        "monitoring",
    }
    assert plan["partners"]["minlength"] == 2
    assert plan["prioriteiten"]["minlength"] == 1
    assert plan["meetbare_doelen"]["minlength"] == 1
    doel = plan["meetbare_doelen"]["schema"]["schema"]
    assert {k for k, r in doel.items() if r.get("required")} == {
        "id",
        "prioriteit",
        "omschrijving",
        "indicator",
        "bron",
        "nulmeting",
        "streefwaarde",
        "richting",
        "trekker",
    }
    # vastgesteld_op is a rule (IVP004), never a schema requirement
    assert not plan["plan"]["schema"]["vastgesteld_op"].get("required")

    regio = raw_schema("regio")
    assert {k for k, r in regio.items() if r.get("required")} == {
        "ivplan_regio",
        "regio",
        "regionaal_plan",
        "speerpunten",
    }


def test_thema_help_lists_the_common_themas():
    thema = raw_schema("plan")["probleemanalyse"]["schema"]["bevindingen"]["schema"]["schema"]["thema"]
    text = thema["meta"]["beschrijving"]
    for word in (
        "woninginbraak",
        "high impact crimes",
        "ondermijning",
        "veilige publieke taak",
        "radicalisering en polarisatie",
    ):
        assert word in text
        assert word in thema["meta"]["voorbeelden"]


def load_and_validate(path: Path, kind: str = "plan"):
    loaded = loader.load_file(path)
    assert loaded.ok, loaded.diagnostics
    return loaded, schema.validate(loaded, kind)


def test_minimal_plan_passes_the_schema():
    _, result = load_and_validate(DATA / "minimal_plan.yaml")
    assert result.diagnostics == []


def test_minimal_plan_is_internally_consistent():
    # The fout-rules (src/ivplan/validation/rules/), checked by hand here so the shared fixture stays correct even
    # while the rules themselves are being written.
    loaded, _ = load_and_validate(DATA / "minimal_plan.yaml")
    plan = loaded.data
    start, eind = plan["plan"]["periode"]["start"], plan["plan"]["periode"]["eind"]
    assert start <= eind and eind - start + 1 <= 4  # IVP001, and no IVP005 warning
    prioriteiten = {p["id"] for p in plan["prioriteiten"]}
    bronnen = {b["id"] for b in plan["probleemanalyse"]["bronnen"]}
    partners = {p["id"]: p for p in plan["partners"]}
    doelen = {d["id"]: d for d in plan["meetbare_doelen"]}
    for d in doelen.values():  # IVP002, IVP011, IVP012
        assert d["prioriteit"] in prioriteiten and d["bron"] in bronnen and d["trekker"] in partners
        assert d["nulmeting"]["jaar"] <= start <= d["streefwaarde"]["jaar"] <= eind
        assert d["richting"] == "dalen" and d["streefwaarde"]["waarde"] < d["nulmeting"]["waarde"]
    assert prioriteiten == {d["prioriteit"] for d in doelen.values()}  # IVP010
    for p in partners.values():
        for a in p.get("afspraken", []):
            assert set(a.get("doelen", [])) <= set(doelen)
    assert {"politie", "openbaar_ministerie", "gemeente"} <= {p["soort"] for p in partners.values()}
    assert plan["plan"]["status"] != "vastgesteld"  # IVP004 does not apply
    for sp in plan["regionale_afstemming"]["speerpunten"]:  # IVP030
        assert sp.get("prioriteit") in prioriteiten or sp.get("toelichting")
    assert "logo" not in plan["gemeente"]  # IVP082 cannot fire


def regio_text() -> str:
    return (
        "ivplan_regio: 1\n"
        "regio: {naam: Regionale Veiligheidsstrategie Voorbeeldregio, politie_eenheid: Oost-Nederland}\n"
        "regionaal_plan: {titel: Regionaal beleidsplan 2027-2030, periode: {start: 2027, eind: 2030}}\n"
        "speerpunten:\n"
        "  - {id: ondermijning, titel: Ondermijning}\n"
        "gemeenten:\n"
        "  - {cbs_code: GM9001, naam: Voorbeeldstad, basisteam: Voorbeeldstad-Noord}\n"
        "eisen: {IVP042: fout, IVP010: waarschuwing, IVP043: uit}\n"
    )


def test_regio_file_from_the_spec_passes():
    loaded = loader.load_text(regio_text())
    assert schema.validate(loaded, "regio").diagnostics == []


@pytest.mark.parametrize(
    "old, new, path",
    [
        ("IVP042: fout", "IVP42: fout", "eisen.IVP42"),
        ("IVP043: uit", "IVP043: streng", "eisen.IVP043"),
        ("{id: ondermijning, titel: Ondermijning}", "{id: Ondermijning, titel: Ondermijning}", "speerpunten[0].id"),
        ("cbs_code: GM9001", "cbs_code: 9001", "gemeenten[0].cbs_code"),
    ],
)
def test_regio_file_defects_are_schema_errors(old, new, path):
    text = regio_text()
    assert old in text
    loaded = loader.load_text(text.replace(old, new))
    diags = schema.validate(loaded, "regio").diagnostics
    assert [d.code for d in diags] == ["IVP000"]
    assert diags[0].path.startswith(path)


def test_a_key_of_the_wrong_form_gets_its_own_fields_message():
    """The form of a key comes from its keysrules' foutmelding; only a regio's `eisen` get the rule-code
    hints (a bad open-data filter used to be called 'geen regelcode')."""
    text = (DATA / "minimal_plan.yaml").read_text("utf-8")
    old = "    omschrijving: Minder woninginbraken.\n"
    assert text.count(old) == 1
    text = text.replace(old, old + '    open_data: {meetwaarde: Abc_1, filters: {1Soort: "1.1.1"}}\n')
    diags = [d for d in schema.validate(loader.load_text(text), "plan").diagnostics if d.code == "IVP000"]
    assert [d.path for d in diags] == ["meetbare_doelen[0].open_data.filters.1Soort"]
    assert "regelcode" not in diags[0].message and "Een filter noemt een dimensie" in diags[0].message
    regio = loader.load_text(regio_text().replace("IVP042: fout", "ivp042: fout"))
    [d] = schema.validate(regio, "regio").diagnostics
    assert "met hoofdletters" in d.message
