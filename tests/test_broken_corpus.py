"""A corpus of broken plans, one defect each: every case must give its code at its path and line.

Each case is a change to the minimal valid plan (tests/data/minimal_plan.yaml, whose line numbers the
expectations refer to), or a whole file for the loading errors. The same cases feed the JSON Schema
agreement test: for a schema-level defect the editor's JSON Schema must reject the plan as well.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal_plan.yaml").read_text(encoding="utf-8")


@dataclass
class Case:
    name: str
    code: str
    path: str
    line: int | None
    column: int | None = None
    old: str | None = None  # replaced (first occurrence) in the minimal plan ...
    new: str | None = None  # ... by this
    raw: bytes | None = None  # or the whole file
    message: str | None = None  # a piece of the message


def _without(start: int, end: int) -> tuple[str, str]:
    lines = MINIMAL.splitlines(keepends=True)
    return "".join(lines[start - 1 : end]), ""


CASES = [
    # --- loading (IVP900-IVP909)
    Case(
        "dubbele-punt-in-waarde",
        "IVP900",
        "",
        17,
        14,
        "  titel: Integraal",
        "  titel: Plan: Integraal",
        message="aanhalingstekens",
    ),
    Case(
        "dubbele-sleutel",
        "IVP901",
        "plan.titel",
        20,
        3,
        "  status: concept\n",
        "  status: concept\n  titel: Nog een titel\n",
        message="regel 17 en regel 20",
    ),
    Case("tab-inspringing", "IVP902", "", 13, 1, "  inwoners: 42000", "\tinwoners: 42000", message="tab"),
    Case(
        "anker",
        "IVP903",
        "",
        79,
        14,
        "    periode: {start: 2027, eind: 2030}\n  speerpunten",
        "    periode: &p {start: 2027, eind: 2030}\n  speerpunten",
    ),
    Case(
        "verwijzing",
        "IVP903",
        "",
        18,
        12,
        "  periode: {start: 2027, eind: 2030}\n  status",
        "  periode: &periode {start: 2027, eind: 2030}\n  status",
    ),
    Case(
        "python-tag",
        "IVP904",
        "gemeente.inwoners",
        13,
        13,
        "inwoners: 42000",
        "inwoners: !!python/object/apply:os.system ['echo hallo']",
        message="niet toegestaan",
    ),
    Case("eigen-tag", "IVP904", "plan.status", 19, 11, "status: concept", "status: !geheim concept"),
    Case("te-groot", "IVP905", "", None, raw=b"ivplan: 1\n" + b"# " + b"x" * (1024 * 1024) + b"\n"),
    Case("geen-utf8", "IVP906", "", None, raw=MINIMAL.replace("Voorbeeldstad", "Voorbéeldstad").encode("latin-1")),
    Case("leeg", "IVP907", "", None, raw=b""),
    Case("alleen-commentaar", "IVP907", "", None, raw=b"# nog niets\n\n# later invullen\n"),
    Case("lijst-bovenaan", "IVP908", "", 1, 1, raw=b"- ivplan: 1\n- gemeente: x\n"),
    Case("tweede-document", "IVP909", "", 92, 1, raw=(MINIMAL + "---\nivplan: 1\n").encode()),
    Case(
        "stuurteken",
        "IVP900",
        "",
        25,
        27,
        "  samenvatting: Het aantal",
        "  samenvatting: Het aantal\x07",
        message="stuurteken",
    ),
    Case(
        "open-aanhalingsteken",
        "IVP900",
        "",
        None,
        old="  titel: Integraal",
        new='  titel: "Integraal',
        message="aanhalingsteken",
    ),
    Case(
        "verkeerde-inspringing", "IVP900", "", 14, 2, "  politie_eenheid:", " politie_eenheid:", message="inspringing"
    ),
    Case("ster-aan-begin", "IVP900", "", 44, 13, "    aanpak: Preventie", "    aanpak: *Preventie*", message="'*'"),
    Case(
        "apenstaart-aan-begin",
        "IVP900",
        "",
        22,
        14,
        "    functie: burgemeester",
        "    functie: @burgemeester",
        message="aanhalingstekens",
    ),
    # --- schema (IVP000)
    Case("sectie-ontbreekt", "IVP000", "monitoring", 1, 1, *_without(84, 91), message="'monitoring' ontbreekt"),
    Case("veld-ontbreekt", "IVP000", "plan.portefeuillehouder.naam", 20, 3, "    naam: A.B. de Vries\n", ""),
    Case(
        "veld-ontbreekt-in-lijstitem",
        "IVP000",
        "meetbare_doelen[0].omschrijving",
        47,
        3,
        "    omschrijving: Minder woninginbraken.\n",
        "",
    ),
    Case(
        "tikfout-veldnaam",
        "IVP000",
        "plan.statsu",
        19,
        3,
        "  status: concept",
        "  statsu: concept",
        message="bedoelde u 'status'?",
    ),
    Case(
        "tikfout-sectienaam",
        "IVP000",
        "overige_thema",
        92,
        1,
        raw=(MINIMAL + "overige_thema: []\n").encode(),
        message="bedoelde u 'overige_themas'?",
    ),
    Case(
        "tekst-waar-getal",
        "IVP000",
        "gemeente.inwoners",
        13,
        13,
        "inwoners: 42000",
        "inwoners: veel",
        message="geheel getal",
    ),
    Case("kommagetal-waar-geheel", "IVP000", "gemeente.inwoners", 13, 13, "inwoners: 42000", "inwoners: 42000.5"),
    Case(
        "tekst-waar-sectie",
        "IVP000",
        "plan.periode",
        18,
        12,
        "periode: {start: 2027, eind: 2030}\n  status",
        "periode: 2027-2030\n  status",
        message="sectie",
    ),
    Case(
        "sectie-waar-lijst",
        "IVP000",
        "prioriteiten",
        39,
        1,
        "prioriteiten:\n  - id: woninginbraak",
        "prioriteiten:\n    id: woninginbraak",
    ),
    Case(
        "ongeldige-status",
        "IVP000",
        "plan.status",
        19,
        11,
        "status: concept",
        "status: definitief",
        message="concept, ontwerp, vastgesteld",
    ),
    Case(
        "ongeldig-veiligheidsveld",
        "IVP000",
        "prioriteiten[0].veiligheidsveld",
        42,
        22,
        "    veiligheidsveld: veilige_woon_en_leefomgeving\n    motivering",
        "    veiligheidsveld: woonomgeving\n    motivering",
    ),
    Case(
        "ongeldige-politie-eenheid",
        "IVP000",
        "gemeente.politie_eenheid",
        14,
        20,
        "politie_eenheid: Oost-Nederland",
        "politie_eenheid: Oost Nederland",
        message="Oost-Nederland",
    ),
    Case(
        "id-geen-slug",
        "IVP000",
        "regionale_afstemming.speerpunten[0].speerpunt",
        81,
        18,
        "    - speerpunt: ondermijning",
        "    - speerpunt: Ondermijning en georganiseerde misdaad",
        message="kleine letters",
    ),
    Case("ongeldige-cbs-code", "IVP000", "gemeente.cbs_code", 12, 13, "cbs_code: GM9001", "cbs_code: 9001"),
    Case(
        "datum-bestaat-niet",
        "IVP000",
        "plan.datum",
        20,
        10,
        "  status: concept\n",
        '  status: concept\n  datum: "2027-02-30"\n',
        message="kalender",
    ),
    Case(
        "datum-verkeerde-vorm",
        "IVP000",
        "plan.datum",
        20,
        10,
        "  status: concept\n",
        "  status: concept\n  datum: 28-01-2027\n",
        message="JJJJ-MM-DD",
    ),
    Case(
        "ongeldig-e-mailadres",
        "IVP000",
        "plan.contactpersoon.email",
        22,
        12,
        "  portefeuillehouder:",
        "  contactpersoon:\n    naam: J. Jansen\n    email: j.jansen-at-voorbeeldstad\n  portefeuillehouder:",
        message="e-mailadres",
    ),
    Case(
        "ongeldige-url",
        "IVP000",
        "probleemanalyse.bronnen[0].url",
        30,
        12,
        "      jaar: 2025\n  bevindingen",
        "      jaar: 2025\n      url: javascript:alert(1)\n  bevindingen",
        message="http",
    ),
    Case(
        "lege-lijst",
        "IVP000",
        "probleemanalyse.bronnen",
        26,
        12,
        "  bronnen:\n    - id: politie-2025\n      titel: Politiecijfers Voorbeeldstad 2025\n      jaar: 2025\n",
        "  bronnen: []\n",
        message="minstens 1",
    ),
    Case(
        "jaar-buiten-bereik",
        "IVP000",
        "probleemanalyse.bronnen[0].jaar",
        29,
        13,
        "      jaar: 2025",
        "      jaar: 1899",
        message="te klein",
    ),
    Case(
        "percentage-boven-100",
        "IVP000",
        "meetbare_doelen[0].nulmeting.waarde",
        53,
        25,
        "    nulmeting: {waarde: 4.1, jaar: 2025}",
        "    eenheid: '%'\n    nulmeting: {waarde: 140, jaar: 2025}",
        message="percentage",
    ),
    Case(
        "lege-waarde",
        "IVP000",
        "plan.titel",
        17,
        9,
        "  titel: Integraal Veiligheidsplan Voorbeeldstad 2027-2030",
        "  titel:",
        message="geen waarde",
    ),
    Case("formaatversie", "IVP000", "ivplan", 8, 9, "ivplan: 1", "ivplan: 2"),
    Case(
        "te-weinig-partners",
        "IVP000",
        "partners",
        57,
        1,
        "  - id: politie\n    naam: Politie basisteam",
        "  - id: politie-x\n    naam: Politie basisteam",
        message=None,
    ),
]
# The last case changes an id only; it is a rule case (IVP002), not schema: keep the list honest.
CASES[-1] = Case(
    "verwijzing-naar-onbekende-partner",
    "IVP002",
    "meetbare_doelen[0].trekker",
    55,
    14,
    "  - id: politie\n    naam: Politie basisteam",
    "  - id: politie-x\n    naam: Politie basisteam",
    message="onbekende partner 'politie'",
)


def _text(case: Case) -> bytes:
    if case.raw is not None:
        return case.raw
    assert case.old in MINIMAL, f"{case.name}: '{case.old}' staat niet in het minimale plan"
    return MINIMAL.replace(case.old, case.new, 1).encode("utf-8")


def _validate_json(path: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    assert {f"IVP90{i}" for i in range(10)} <= {c.code for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_plan(case: Case, tmp_path: Path):
    plan = tmp_path / f"{case.name}.yaml"
    plan.write_bytes(_text(case))
    code, out = _validate_json(plan)
    assert code == 1
    [file_obj] = out["files"]
    assert file_obj["file"] == str(plan)
    assert file_obj["valid"] is False
    hits = [d for d in file_obj["diagnostics"] if d["code"] == case.code and d["path"] == case.path]
    assert hits, f"verwacht {case.code} op '{case.path}', gekregen: {file_obj['diagnostics']}"
    d = hits[0]
    assert d["severity"] == "error"
    if case.line is not None:
        assert d["line"] == case.line
    if case.column is not None:
        assert d["column"] == case.column
    if case.message:
        assert case.message in d["message"]
    # one defect, one message
    errors = [x for x in file_obj["diagnostics"] if x["severity"] == "error"]
    assert len(errors) == 1, errors


@pytest.mark.parametrize("case", [c for c in CASES if c.code == "IVP000"], ids=lambda c: c.name)
def test_json_schema_agrees_on_broken_plans(case: Case, tmp_path: Path):
    jsonschema = pytest.importorskip("jsonschema")
    from ivplan.source.loader import load_text

    loaded = load_text(_text(case).decode("utf-8"), "x.yaml")
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "ivplan.schema.json").read_text("utf-8"))
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    errors = list(jsonschema.Draft7Validator(schema, format_checker=checker).iter_errors(loaded.data))
    assert errors, f"JSON Schema accepts what ivplan rejects ({case.name})"


def test_missing_file_is_exit_2_with_ivp910(tmp_path: Path):
    missing = tmp_path / "bestaat-niet.yaml"
    result = CliRunner().invoke(main, ["validate", str(missing)])
    assert result.exit_code == 2
    assert f"ivplan: {missing}: bestand niet gevonden" in result.stderr
    code, out = _validate_json(missing)
    assert code == 2
    assert out["files"][0]["valid"] is False
    assert out["files"][0]["diagnostics"][0]["code"] == "IVP910"
    assert out["files"][0]["diagnostics"][0]["line"] is None


def test_directory_is_exit_2(tmp_path: Path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "is een map" in result.stderr
