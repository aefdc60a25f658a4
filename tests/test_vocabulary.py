"""The schema is the one home of every allowed value and its display name: adding a value is one edit
in schemas/plan.yaml plus the regenerate command (README, "Ontwikkelen"), and then validation, the fast
path, the documents' display names, the JSON Schema and the starter plan of `ivplan init` all know it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ivplan.core.resources import schemas_dir
from ivplan.documents.context import plan_context
from ivplan.source import loader
from ivplan.validation import vocabulary
from ivplan.validation.jsonschema_export import OUTPUTS

DATA = Path(__file__).parent / "data"
SRC = Path(__file__).resolve().parents[1] / "src"

# In a fresh process whose schemas folder is the edited copy: what each part of ivplan makes of the
# plan that uses the new value.
PROBE = textwrap.dedent(
    """
    import json, sys
    from datetime import date
    from pathlib import Path

    import ivplan.core.resources as resources

    resources.schemas_dir = lambda: Path(sys.argv[1])  # before anything reads a schema

    from ivplan.app.init import starter_text
    from ivplan.documents.context import plan_context
    from ivplan.documents.templating import make_environment, render
    from ivplan.validation.lint import lint_plan
    from ivplan.validation.schema_fast import conforms
    from ivplan.validation.vocabulary import load_schema

    res = lint_plan(Path(sys.argv[2]))
    ctx = plan_context(res.data)
    starter = starter_text(
        gemeente="X", cbs_code="GM0001", inwoners=100, politie_eenheid="Limburg", start=2027, today=date(2026, 1, 1)
    )
    print(json.dumps({
        "diagnostics": [d.code + " " + d.message for d in res.diagnostics if d.code == "IVP000"],
        "fast_path": conforms(res.data, load_schema("plan")),
        "soorten": [p["soort_naam"] for p in ctx["partners"]],
        "frequentie": ctx["monitoring"]["rapportage"]["frequentie_naam"],
        "plan": render(make_environment(None), "plan.md.j2", ctx),
        "starter": starter,
    }))
    """
)

EDITS = {
    # a value whose display name is the value itself: one line
    "frequentie": (
        "          allowed: [jaarlijks, halfjaarlijks, per_kwartaal]\n",
        "          allowed: [jaarlijks, halfjaarlijks, per_kwartaal, maandelijks]\n",
    ),
    # a value with a display name: the value and its name, in the same field
    "soort": ("          - overig\n", "          - overig\n          - reclassering\n"),
}
SOORT_NAME = ("            overig: Overig\n", "            overig: Overig\n            reclassering: Reclassering\n")


def edited_copy(tmp_path: Path, field: str) -> Path:
    folder = tmp_path / "schemas"
    folder.mkdir()
    for source, _, _ in OUTPUTS.values():
        shutil.copy(schemas_dir() / source, folder / source)
    plan = folder / "plan.yaml"
    text = plan.read_text("utf-8")
    old, new = EDITS[field]
    assert text.count(old) == 1
    text = text.replace(old, new)
    if field == "soort":
        assert text.count(SOORT_NAME[0]) == 1
        text = text.replace(*SOORT_NAME)
    plan.write_text(text, "utf-8")
    return folder


def regenerate(folder: Path) -> subprocess.CompletedProcess:
    """The documented command, on the copy."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "ivplan.validation.jsonschema_export", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def plan_using(tmp_path: Path, field: str) -> Path:
    text = (DATA / "minimal_plan.yaml").read_text("utf-8")
    if field == "frequentie":
        old, new = "    frequentie: jaarlijks\n", "    frequentie: maandelijks\n"
    else:
        old = "    soort: gemeente\n"
        new = "    soort: reclassering\n"
    assert text.count(old) == 1
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def probe(folder: Path, plan: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), str(plan)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("field", sorted(EDITS))
def test_adding_an_allowed_value_is_one_edit_and_one_command(tmp_path, field):
    folder = edited_copy(tmp_path, field)
    plan = plan_using(tmp_path, field)

    # before the regenerate command, the committed-file test would fail: the JSON Schema is stale
    assert regenerate(folder).returncode == 0
    json_schema = json.loads((folder / "ivplan.schema.json").read_text("utf-8"))
    if field == "frequentie":
        rules = json_schema["properties"]["monitoring"]["properties"]["rapportage"]["properties"]["frequentie"]
        assert rules["enum"][-1] == "maandelijks"
        assert "`maandelijks`" in rules["description"]
    else:
        rules = json_schema["properties"]["partners"]["items"]["properties"]["soort"]
        assert rules["enum"][-1] == "reclassering"
        assert rules["enumDescriptions"][-1] == "Reclassering"
        assert "`reclassering` (Reclassering)" in rules["description"]

    seen = probe(folder, plan)
    assert seen["diagnostics"] == []  # Cerberus accepts the value
    assert seen["fast_path"] is True  # and so does the fast path
    if field == "frequentie":
        assert seen["frequentie"] == "maandelijks"
        assert "Het college informeert de raad maandelijks over de voortgang." in seen["plan"]
        assert "# rapportage.frequentie: jaarlijks, halfjaarlijks, per_kwartaal of maandelijks." in seen["starter"]
    else:
        assert seen["soorten"][0] == "Reclassering"
        assert "| Gemeente Voorbeeldstad | Reclassering |" in seen["plan"]
        assert "boa_handhaving, overig, reclassering." in seen["starter"]


def test_the_installed_schema_rejects_the_value_the_copy_adds(tmp_path):
    """The counterpart: without the edit the same plan is a schema error, so the test above proves
    that the edit did it."""
    from ivplan.validation.lint import lint_plan

    res = lint_plan(plan_using(tmp_path, "soort"))
    assert [d.code for d in res.diagnostics if d.code == "IVP000"] == ["IVP000"]


def test_a_forgotten_display_name_stops_the_regenerate_command(tmp_path):
    folder = edited_copy(tmp_path, "frequentie")
    text = (folder / "plan.yaml").read_text("utf-8").replace(SOORT_NAME[0], "")  # soort loses a name
    (folder / "plan.yaml").write_text(text, "utf-8")
    result = regenerate(folder)
    assert result.returncode != 0
    assert "meta.weergave mist een naam voor 'overig'" in result.stderr


def test_display_names_of_the_documents_come_from_the_schema():
    loaded = loader.load_file(DATA / "minimal_plan.yaml")
    ctx = plan_context(loaded.data)
    soorten = vocabulary.display_names("partners[].soort")
    assert [p["soort_naam"] for p in ctx["partners"]] == [soorten[p["soort"]] for p in ctx["partners"]]
    assert soorten["openbaar_ministerie"] == "Openbaar Ministerie"
    assert vocabulary.display_names("monitoring.rapportage.frequentie")["per_kwartaal"] == "per kwartaal"
    assert ctx["plan"]["status_naam"] == vocabulary.display_names("plan.status")[loaded.data["plan"]["status"]]


def test_percent_fields_come_from_the_schema():
    schema = vocabulary.load_schema("plan")
    doel = vocabulary.field_rules(schema, "meetbare_doelen[]")
    assert vocabulary.percent_fields(doel) == ["nulmeting.waarde", "streefwaarde.waarde", "metingen[].waarde"]
    assert vocabulary.is_percent_unit(" % ") and vocabulary.is_percent_unit("procent")
    assert not vocabulary.is_percent_unit("per 1.000 inwoners")


def test_the_percentage_check_follows_meta_procentvelden():
    from ivplan.validation import schema as sch

    custom = {
        "cijfer": {
            "type": "dict",
            "meta": {"procentvelden": ["a", "reeks[].b"]},
            "schema": {
                "eenheid": {"type": "string"},
                "a": {"type": "number"},
                "c": {"type": "number"},
                "reeks": {"type": "list", "schema": {"type": "dict", "schema": {"b": {"type": "number"}}}},
            },
        }
    }
    loaded = loader.load_text("cijfer: {eenheid: procent, a: 120, c: 500, reeks: [{b: 50}, {b: -1}]}\n")
    result = sch.SchemaResult(loaded.data)
    sch._percentages(result, loaded, custom)
    assert sorted(d.path for d in result.diagnostics) == ["cijfer.a", "cijfer.reeks[1].b"]
    assert all("is geen percentage" in d.message for d in result.diagnostics)


def test_the_default_of_the_regional_plan_status_comes_from_the_schema():
    rules = vocabulary.field_rules(vocabulary.load_schema("plan"), "regionale_afstemming.regionaal_plan.status")
    assert vocabulary.default_value("regionale_afstemming.regionaal_plan.status") == rules["default"] == "vastgesteld"
    assert vocabulary.default_value("regionaal_plan.status", "regio") == "vastgesteld"
    plan = loader.load_file(DATA / "minimal_plan.yaml").data
    plan["regionale_afstemming"]["regionaal_plan"].pop("status", None)
    assert plan_context(plan)["regionale_afstemming"]["regionaal_plan"]["status"] == "vastgesteld"


def test_the_answers_file_shares_the_vocabulary():
    """The verdict words of `ivplan toets` and the answers file's CBS-code form come from the schemas."""
    assert vocabulary.allowed_values("antwoorden{}.oordeel", "antwoorden") == (
        "voldoet",
        "deels",
        "voldoet_niet",
        "nvt",
    )
    assert vocabulary.display_names("antwoorden{}.oordeel", "antwoorden")["deels"] == "voldoet deels"
    theirs = vocabulary.field_rules(vocabulary.load_schema("plan"), "gemeente.cbs_code")
    mine = vocabulary.field_rules(vocabulary.load_schema("antwoorden"), "plan.cbs_code")
    assert mine["regex"] == theirs["regex"] and mine["meta"]["titel"] == "CBS-code"
