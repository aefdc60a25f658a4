"""The JSON Schema export: the committed files are up to date, the mapping is the documented one, and
JSON Schema (what the editor shows) agrees with the Cerberus schema (what `ivplan validate` says) on
valid plans and on plans with one defect each."""

from __future__ import annotations

import copy
import functools
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from ivplan.core.resources import schemas_dir
from ivplan.source import loader
from ivplan.validation import jsonschema_export as jx, schema

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


# --------------------------------------------------------------------------------------------------
# Committed files


@pytest.mark.parametrize("filename", sorted(jx.OUTPUTS))
def test_committed_json_schema_is_up_to_date(filename):
    committed = (schemas_dir() / filename).read_text(encoding="utf-8")
    fresh = jx.dumps(jx.generate_all(schemas_dir())[filename])
    assert committed == fresh, (
        f"schemas/{filename} is verouderd: draai `PYTHONPATH=src python -m ivplan.validation.jsonschema_export`"
    )


@pytest.mark.parametrize("filename", sorted(jx.OUTPUTS))
def test_generated_schema_is_valid_draft7(filename):
    generated = json.loads((schemas_dir() / filename).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(generated)
    assert generated["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_plan_json_schema_is_what_the_cli_writes():
    assert jx.dumps(jx.plan_json_schema()) == (schemas_dir() / jx.PLAN_JSON_SCHEMA).read_text(encoding="utf-8")
    assert jx.regio_json_schema()["properties"]["ivplan_regio"]["enum"] == [1]


def test_main_regenerates_the_files(tmp_path):
    for source, _, _ in jx.OUTPUTS.values():
        shutil.copy(schemas_dir() / source, tmp_path / source)
    assert jx.main([str(tmp_path)]) == 0
    for filename in jx.OUTPUTS:
        assert (tmp_path / filename).read_bytes() == (schemas_dir() / filename).read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_is_deterministic_utf8_and_keeps_field_order():
    text = jx.dumps(jx.plan_json_schema())
    assert text == jx.dumps(jx.plan_json_schema())
    assert text.endswith("}\n") and "Súdwest-Fryslân" in text  # ensure_ascii=False
    props = jx.plan_json_schema()["properties"]
    assert list(props)[:3] == ["ivplan", "gemeente", "plan"]
    assert list(props["meetbare_doelen"]["items"]["properties"])[:3] == ["id", "prioriteit", "omschrijving"]


# --------------------------------------------------------------------------------------------------
# The mapping


def test_mapping_of_each_rule():
    cerb = {
        "naam": {
            "type": "string",
            "required": True,
            "empty": False,
            "meta": {"titel": "Naam", "beschrijving": "De naam.", "voorbeelden": ["A"]},
        },
        "tekst": {"type": "string", "meta": {"titel": "Tekst", "beschrijving": "Vrij.", "markdown": True}},
        "code": {"type": "string", "regex": "^GM[0-9]{4}$", "meta": {"foutmelding": "GM en vier cijfers"}},
        "id": {"type": "string", "regex": "^[a-z0-9][a-z0-9_-]*$"},
        "soort": {"type": "string", "allowed": ["a", "b"]},
        "dag": {"type": "string", "check_with": "datum"},
        "jaar": {"type": "integer", "min": 2000, "max": 2100},
        "lijst": {"type": "list", "minlength": 2, "schema": {"type": "number"}},
        "eisen": {
            "type": "dict",
            "keysrules": {"type": "string", "regex": "^IVP0[0-9]{2}$"},
            "valuesrules": {"type": "string", "allowed": ["fout", "uit"]},
        },
        "sectie": {"type": "dict", "schema": {"x": {"type": "boolean", "required": True}}, "default": {"x": True}},
    }
    out = jx.to_json_schema(cerb, title="T", schema_id="https://example.invalid/s.json")
    assert out["$schema"] == jx.DRAFT_07 and out["$id"] == "https://example.invalid/s.json"
    assert out["title"] == "T" and out["type"] == "object"
    assert out["required"] == ["naam"] and out["additionalProperties"] is False
    p = out["properties"]
    assert p["naam"] == {
        "title": "Naam",
        "description": "De naam.",
        "markdownDescription": "De naam.",
        "type": ["string", "number"],
        "minLength": 1,
        "pattern": r"\S",  # only spaces is empty too
        "patternErrorMessage": "Vul een tekst in; alleen spaties is geen tekst.",
        "examples": ["A"],
    }
    assert "Markdown" in p["tekst"]["markdownDescription"] and "Markdown" in p["tekst"]["description"]
    assert p["code"] == {"type": "string", "pattern": "^GM[0-9]{4}$", "errorMessage": "GM en vier cijfers"}
    assert p["id"]["type"] == ["string", "integer"] and p["id"]["minimum"] == 0
    assert p["soort"] == {"type": "string", "enum": ["a", "b"]}
    assert p["dag"]["format"] == "date" and p["dag"]["type"] == "string" and "JJJJ-MM-DD" in p["dag"]["errorMessage"]
    assert p["jaar"] == {"type": "integer", "minimum": 2000, "maximum": 2100}
    # a number without bounds of its own gets the bound every number in a plan has (IVP000 beyond it)
    bound = {"minimum": -(10**15), "maximum": 10**15}
    assert p["lijst"] == {"type": "array", "items": {"type": "number", **bound}, "minItems": 2}
    assert p["eisen"]["propertyNames"]["pattern"] == "^IVP0[0-9]{2}$"
    assert p["eisen"]["additionalProperties"] == {"type": "string", "enum": ["fout", "uit"]}
    assert p["sectie"] == {
        "type": "object",
        "properties": {"x": {"type": "boolean"}},
        "required": ["x"],
        "additionalProperties": False,
        "default": {"x": True},
    }


def test_a_field_of_several_types_keeps_its_help_and_examples():
    # gelet_op of a programme: a text or a list of texts; the editor shows its examples as for any field
    cerb = {
        "g": {
            "type": ["string", "list"],
            "schema": {"type": "string"},
            "meta": {"titel": "G", "beschrijving": "Een of meer.", "voorbeelden": ["de Verordening"]},
        }
    }
    p = jx.to_json_schema(cerb, title="T", schema_id="https://example.invalid/s.json")["properties"]["g"]
    assert p["title"] == "G" and p["description"] == "Een of meer." and p["examples"] == ["de Verordening"]
    assert [v["type"] for v in p["anyOf"]] == [["string", "number"], "array"]


def test_percent_fields_become_a_condition_on_the_unit():
    cerb = {
        "doel": {
            "type": "dict",
            "meta": {"procentvelden": ["nul.waarde", "metingen[].waarde"]},
            "schema": {
                "eenheid": {"type": "string"},
                "nul": {"type": "dict", "schema": {"waarde": {"type": "number"}}},
                "metingen": {"type": "list", "schema": {"type": "dict", "schema": {"waarde": {"type": "number"}}}},
            },
        }
    }
    doel = jx.to_json_schema(cerb, title="T")["properties"]["doel"]
    assert doel["if"]["required"] == ["eenheid"]
    assert doel["then"] == {
        "properties": {
            "nul": {"properties": {"waarde": {"minimum": 0, "maximum": 100}}},
            "metingen": {"items": {"properties": {"waarde": {"minimum": 0, "maximum": 100}}}},
        }
    }
    for wrong in (["nul.bestaatniet"], ["nul"], ["eenheid"]):
        cerb["doel"]["meta"]["procentvelden"] = wrong
        with pytest.raises(jx.SchemaExportError):
            jx.to_json_schema(cerb, title="T")


def test_allowed_values_with_their_display_names_reach_the_editor():
    cerb = {
        "soort": {
            "type": "string",
            "allowed": ["riec", "boa_handhaving"],
            "meta": {
                "titel": "Soort",
                "beschrijving": "Het soort.",
                "weergave": {"riec": "RIEC", "boa_handhaving": "Boa's"},
            },
        },
        "status": {
            "type": "string",
            "allowed": ["a", "b"],
            "meta": {"titel": "Status", "beschrijving": "`a` (eerst) of `b` (daarna)."},
        },
        "richting": {"type": "string", "allowed": ["op", "neer"], "meta": {"titel": "R", "beschrijving": "Kant."}},
    }
    p = jx.to_json_schema(cerb, title="T")["properties"]
    assert p["soort"]["enum"] == ["riec", "boa_handhaving"]
    assert p["soort"]["enumDescriptions"] == ["RIEC", "Boa's"]
    assert p["soort"]["description"] == "Het soort. Kies uit: `riec` (RIEC) of `boa_handhaving` (Boa's)."
    assert p["status"]["description"] == "`a` (eerst) of `b` (daarna)."  # it names every value already
    assert p["richting"]["description"] == "Kant. Kies uit: `op` of `neer`."
    assert "enumDescriptions" not in p["richting"]


@pytest.mark.parametrize(
    "weergave",
    [{"a": "A"}, {"a": "A", "b": "B", "c": "C"}, {"a": "A", "b": ""}, ["A", "B"]],
)
def test_display_names_must_name_exactly_the_allowed_values(weergave):
    cerb = {"x": {"type": "string", "allowed": ["a", "b"], "meta": {"weergave": weergave}}}
    with pytest.raises(jx.SchemaExportError, match="weergave"):
        jx.to_json_schema(cerb, title="T")


@pytest.mark.parametrize(
    "bad",
    [
        {"x": {"type": "string", "coerce": "int"}},
        {"x": {"type": "string", "regex": "[a-z]+"}},
        {"x": {"type": "date"}},
        {"x": {"type": "string", "check_with": "postcode"}},
        {"x": {"type": "string", "meta": {"title": "Engels"}}},
        {"x": {"required": True}},
    ],
)
def test_what_cannot_be_exported_is_refused(bad):
    with pytest.raises(jx.SchemaExportError):
        jx.to_json_schema(bad, title="T")


# --------------------------------------------------------------------------------------------------
# Agreement between Cerberus and JSON Schema


def minimal_plan() -> dict:
    return loader.load_file(DATA / "minimal_plan.yaml").data


@functools.cache
def json_validator(filename: str) -> jsonschema.Draft7Validator:
    # Freshly generated (this tests the exporter); test_committed_json_schema_is_up_to_date ties the
    # committed files to the same output.
    generated = jx.generate_all(schemas_dir())[filename]
    return jsonschema.Draft7Validator(generated, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def verdicts(data, kind: str = "plan") -> tuple[bool, bool]:
    """(Cerberus says valid, JSON Schema says valid) for a document given as Python data.

    The document goes through YAML text and the project's loader, so numbers keep the text they were
    written as, exactly as for a user's file. JSON Schema sees the YAML 1.2 data, as an editor does.
    """
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = loader.load_text(text)
    assert loaded.ok, loaded.diagnostics
    cerberus_ok = not any(d.is_error for d in schema.validate(loaded, kind).diagnostics)
    filename = jx.PLAN_JSON_SCHEMA if kind == "plan" else jx.REGIO_JSON_SCHEMA
    validator = json_validator(filename)
    json_ok = not list(validator.iter_errors(loaded.data))
    return cerberus_ok, json_ok


def agrees(data, kind: str = "plan") -> bool:
    c, j = verdicts(data, kind)
    return c == j


def changed(path: str, value=None, *, delete: bool = False) -> dict:
    """The minimal plan with one element set (or deleted); `path` like 'partners.1.naam'."""
    plan = copy.deepcopy(minimal_plan())
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = plan
    for part in parents:
        node = node[part]
    if delete:
        del node[last]
    else:
        node[last] = value
    return plan


VALID = {
    "minimal plan": lambda: minimal_plan(),
    "version as number 1.10": lambda: changed("plan.versie", 1.10),
    "agendapunt 8": lambda: changed("raadsvoorstel", {"vergadering": {"datum": "2027-01-28", "agendapunt": 8}}),
    "numeric id": lambda: changed("prioriteiten.0.id", 7),
    "real date": lambda: changed("plan.datum", "2028-02-29"),
    "email": lambda: changed("plan.contactpersoon", {"naam": "C. Jansen", "email": "c.jansen@voorbeeldstad.nl"}),
    "url": lambda: changed("probleemanalyse.bronnen.0.url", "https://www.politie.nl/mijn-buurt"),
    "optional sections": lambda: {
        **minimal_plan(),
        "overige_themas": [
            {
                "thema": "verkeersveiligheid",
                "veiligheidsveld": "fysieke_veiligheid",
                "aanpak": "Zie het verkeersplan.",
                "verwijzing": "Verkeersplan 2025-2028",
            }
        ],
        "politie": {"wijkagenten": 9, "beschikbaarheid_wijk": 80, "afspraken": "**Vaste** inzet."},
        "financien": {"begroting": [{"jaar": 2027, "bedrag": 250000.5}], "dekking": "Binnen de begroting."},
        "organisatie": {"interne_samenhang": [{"beleidsterrein": "jeugd", "bijdrage": "Jongerenwerk."}]},
    },
    "regional plan in draft": lambda: changed("regionale_afstemming.regionaal_plan.status", "ontwerp"),
    "percentage goal within 0..100": lambda: percent_goal(nul=64.5, streef=70, eenheid="%"),
    "above 100 without % unit": lambda: percent_goal(nul=140, streef=150, eenheid="aantal"),
    "figure in % within range": lambda: percent_figure(74, eenheid=" % "),
}

INVALID = {
    "missing required section": lambda: changed("monitoring", delete=True),
    "missing required key in list item": lambda: changed("meetbare_doelen.0.trekker", delete=True),
    "unknown top-level key": lambda: {**minimal_plan(), "prioriteit": []},
    "unknown nested key": lambda: changed("plan.statsu", "concept"),
    "unknown key in list item": lambda: changed("meetbare_doelen.0.doel", "x"),
    "text where integer": lambda: changed("gemeente.inwoners", "veel"),
    "boolean where integer": lambda: changed("gemeente.inwoners", True),
    "zero inwoners": lambda: changed("gemeente.inwoners", 0),
    "section as text": lambda: changed("gemeente", "Voorbeeldstad"),
    "bad enum status": lambda: changed("plan.status", "klaar"),
    "bad enum richting": lambda: changed("meetbare_doelen.0.richting", "omlaag"),
    "bad enum veiligheidsveld": lambda: changed("prioriteiten.0.veiligheidsveld", "jeugd"),
    "bad slug": lambda: changed("prioriteiten.0.id", "Woninginbraak"),
    "negative numeric id": lambda: changed("prioriteiten.0.id", -7),
    "bad cbs_code": lambda: changed("gemeente.cbs_code", "GM123"),
    "cbs_code as number": lambda: changed("gemeente.cbs_code", 1234),
    "date shape": lambda: changed("plan.datum", "3-11-2026"),
    "date not in calendar": lambda: changed("plan.datum", "2027-02-29"),
    "list too short": lambda: changed("partners", minimal_plan()["partners"][:1]),
    "empty required list": lambda: changed("probleemanalyse.bronnen", []),
    "list item not a mapping": lambda: changed("probleemanalyse.bronnen", ["politie-2025"]),
    "year out of range": lambda: changed("plan.periode.start", 1999),
    "percentage over 100": lambda: changed("politie", {"beschikbaarheid_wijk": 120}),
    "empty required text": lambda: changed("plan.titel", ""),
    "null value": lambda: changed("plan.titel", None),
    "bad e-mail": lambda: changed("plan.contactpersoon", {"naam": "C. Jansen", "email": "geen-adres"}),
    "ftp url": lambda: changed("probleemanalyse.bronnen.0.url", "ftp://bestanden.example.nl/x"),
    "wrong format version": lambda: changed("ivplan", 2),
    "number where waarde text": lambda: changed("meetbare_doelen.0.nulmeting.waarde", "4,1"),
    "percentage streefwaarde over 100": lambda: percent_goal(nul=64.5, streef=101, eenheid="%"),
    "percentage meting below 0": lambda: percent_goal(nul=64.5, streef=70, eenheid="procent", meting=-1),
    "percentage figure over 100": lambda: percent_figure(120, eenheid="%"),
}


def percent_goal(*, nul, streef, eenheid, meting=None) -> dict:
    plan = changed("meetbare_doelen.0.eenheid", eenheid)
    doel = plan["meetbare_doelen"][0]
    doel["nulmeting"]["waarde"], doel["streefwaarde"]["waarde"] = nul, streef
    doel["richting"] = "stijgen"
    if meting is not None:
        doel["metingen"] = [{"jaar": 2027, "waarde": meting}]
    return plan


def percent_figure(waarde, *, eenheid) -> dict:
    return changed(
        "probleemanalyse.bevindingen.0.cijfers",
        [
            {
                "omschrijving": "Inwoners die zich veilig voelen",
                "waarde": waarde,
                "eenheid": eenheid,
                "bron": "politie-2025",
            }
        ],
    )


@pytest.mark.parametrize("name", sorted(VALID))
def test_both_accept_valid_plans(name):
    assert verdicts(VALID[name]()) == (True, True)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_both_reject_plans_with_one_defect(name):
    assert verdicts(INVALID[name]()) == (False, False)


@pytest.mark.parametrize(
    "name", ["hostile/getal-10-tot-de-400e.yaml", "hostile/getal-1e308.yaml", "hostile/getal-oneindig.yaml"]
)
def test_a_number_too_large_for_ivplan_is_red_in_the_editor_too(name):
    """`ivplan validate` refuses a number beyond 10^15 (IVP000); the editor's schema must not call the
    file valid, neither the plan's own schema nor the one `ivplan init` writes for every kind."""
    loaded = loader.load_file(DATA / name)
    assert any(d.code == "IVP000" for d in schema.validate(loaded, "plan").diagnostics)
    assert list(json_validator(jx.PLAN_JSON_SCHEMA).iter_errors(loaded.data))
    assert list(json_validator(jx.EDITOR_JSON_SCHEMA).iter_errors(loaded.data))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_both_accept_the_examples(example):
    loaded = loader.load_file(example)
    assert agrees(loaded.data)


def regio() -> dict:
    return {
        "ivplan_regio": 1,
        "regio": {"naam": "Voorbeeldregio", "politie_eenheid": "Oost-Nederland"},
        "regionaal_plan": {"titel": "Regionaal beleidsplan 2027-2030", "periode": {"start": 2027, "eind": 2030}},
        "speerpunten": [{"id": "ondermijning", "titel": "Ondermijning"}],
        "gemeenten": [{"cbs_code": "GM9001", "naam": "Voorbeeldstad"}],
        "eisen": {"IVP042": "fout", "IVP043": "uit"},
    }


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, True),
        ({"eisen": {"IVP42": "fout"}}, False),
        ({"eisen": {"IVP042": "streng"}}, False),
        ({"speerpunten": []}, False),
        ({"gemeenten": [{"cbs_code": "GM9001"}]}, False),
        ({"regio": {"naam": "Voorbeeldregio", "politie_eenheid": "Oost"}}, False),
        ({"regionaal_plan": {"titel": "R", "periode": {"start": 2027, "eind": 2030}, "status": "concept"}}, False),
        ({"extra": 1}, False),
    ],
)
def test_both_agree_on_regio_files(change, expected):
    assert verdicts({**regio(), **change}, "regio") == (expected, expected)


@pytest.mark.parametrize("path", ["plan.titel", "gemeente.naam", "prioriteiten.0.titel", "partners.1.naam"])
def test_a_required_text_of_only_spaces_fails_in_ivplan_and_in_the_editor(path):
    """Only spaces is as empty as "": the document would show a gap where the title or name belongs."""
    assert verdicts(changed(path, "   ")) == (False, False)
    assert verdicts(changed(path, " x ")) == (True, True)
