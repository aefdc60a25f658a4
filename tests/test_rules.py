"""The compliance rules (src/ivplan/validation/rules/), each run through the real linter on a real file.

Every rule module carries a passing and a failing fragment (see src/ivplan/validation/rules/base.py); the
parametrised tests apply them to tests/data/rules/base_plan.yaml (and base_regio.yaml), write the
result to a file, lint it and look at what a user would see: code, path, line and message.
"""

from __future__ import annotations

import copy
import re
import shutil
import time
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from ivplan.app.cijfers import Options, analyse, render
from ivplan.core.diagnostics import ERROR, WARNING
from ivplan.source.loader import load_text
from ivplan.source.opendata.sources import Sources
from ivplan.validation.lint import cross_plan, lint_loaded, lint_plan, lint_regio
from ivplan.validation.rules import RULES
from ivplan.validation.rules.ivp005_volgend_plan import deadline

DATA = Path(__file__).parent / "data" / "rules"
BASE_PLAN = yaml.safe_load((DATA / "base_plan.yaml").read_text(encoding="utf-8"))
BASE_REGIO = yaml.safe_load((DATA / "base_regio.yaml").read_text(encoding="utf-8"))
BASE_UITVOERING = yaml.safe_load((DATA / "base_uitvoering.yaml").read_text(encoding="utf-8"))

# Every rule's code, in code order (a rule added to the registry must be added here too).
CODES = (
    "IVP001 IVP002 IVP003 IVP004 IVP005 IVP010 IVP011 IVP012 IVP013 IVP020 IVP021 IVP022 IVP030 IVP031 "
    "IVP032 IVP033 IVP034 IVP035 IVP036 IVP037 IVP040 IVP041 IVP042 IVP043 IVP050 IVP060 IVP070 IVP071 "
    "IVP080 IVP081 IVP082 IVP090 IVP091 IVP092 IVP093 IVP094 IVP095 IVP096 IVP097 IVP098 IVP099 "
    "IVP100 IVP101 IVP102 IVP103 IVP104 IVP105 IVP106 IVP107 IVP108 IVP109 IVP110 IVP111 IVP112 IVP113 "
    "IVP114 IVP115 IVP116 IVP117 IVP118 IVP119 "
    "IVP120 IVP121 IVP122 IVP123 IVP124 IVP125 IVP130 IVP131 IVP132 IVP133 "
    "IVP140 IVP141 IVP142 IVP143 IVP144 IVP145 IVP146 IVP147 IVP148 IVP149"
).split()
OPEN_DATA = Path(__file__).parent / "data" / "open-data"

REMOVE = "<weg>"


# ------------------------------------------------------------------------------------------------
# Applying fragments


def parse_path(text: str) -> list:
    """'meetbare_doelen[0].richting' -> ['meetbare_doelen', 0, 'richting']."""
    parts: list = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return parts


def set_path(doc: dict, path: list, value) -> None:
    cur = doc
    for part, nxt in pairwise(path):
        if isinstance(cur, dict) and part not in cur:
            cur[part] = [] if isinstance(nxt, int) else {}
        cur = cur[part]
    last = path[-1]
    if value == REMOVE:
        del cur[last]
    elif isinstance(cur, list) and last == len(cur):
        cur.append(value)
    else:
        cur[last] = value


def apply(fragment: str, plan: dict | None = None, regio: dict | None = None) -> tuple[dict, dict | None]:
    """The base plan (and, when the fragment touches it, the base regio file) with `fragment` applied."""
    plan = copy.deepcopy(BASE_PLAN if plan is None else plan)
    changes = yaml.safe_load(fragment) or {}
    uses_regio = regio is not None or any(k.startswith("regio.") for k in changes)
    regio = copy.deepcopy(BASE_REGIO if regio is None else regio) if uses_regio else None
    for key, value in changes.items():
        if key.startswith("regio."):
            set_path(regio, parse_path(key[len("regio.") :]), value)
        else:
            set_path(plan, parse_path(key), value)
    return plan, regio


def dump(doc: dict, path: Path, flow: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=True if flow else False)
    path.write_text(text, encoding="utf-8")
    return path


def lint(tmp_path: Path, plan: dict, regio: dict | None = None, name: str = "plan", kwaliteit: bool = False):
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "logo.png", folder / "logo.png")
    regio_obj = None
    if regio is not None:
        regio_result = lint_regio(dump(regio, folder / "regio.yaml"))
        assert regio_result.diagnostics == [], regio_result.diagnostics
        regio_obj = regio_result.regio
    return lint_plan(dump(plan, folder / "ivp.yaml"), regio=regio_obj, kwaliteit=kwaliteit), regio_obj


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def source_line(result, diag) -> str:
    return result.loaded.source.lines[diag.line - 1]


def run_cijfers(tmp_path: Path, plan: dict, flow: bool = False):
    """`ivplan cijfers --bron tests/data/open-data` on the plan: what it reports, and the new text."""
    path = dump(plan, tmp_path / "cijfers" / "ivp.yaml", flow)
    run = analyse(path, str(path), Sources([OPEN_DATA]), Options())
    render(run)
    return run


def apply_programme(fragment: str) -> tuple[dict, dict, dict | None]:
    """The base programme and its base plan with `fragment` applied: a key `plan.…` changes the plan,
    `regio.…` the regio file, any other key (also `plan` itself) the programme."""
    programme, plan = copy.deepcopy(BASE_UITVOERING), copy.deepcopy(BASE_PLAN)
    changes = yaml.safe_load(fragment) or {}
    regio = copy.deepcopy(BASE_REGIO) if any(k.startswith("regio.") for k in changes) else None
    for key, value in changes.items():
        if key.startswith("plan."):
            set_path(plan, parse_path(key[len("plan.") :]), value)
        elif key.startswith("regio."):
            set_path(regio, parse_path(key[len("regio.") :]), value)
        else:
            set_path(programme, parse_path(key), value)
    return programme, plan, regio


def lint_programme(tmp_path: Path, programme: dict, plan: dict, regio: dict | None = None, name: str = "u"):
    """Write the plan as ivp.yaml and the programme beside it; lint both as the command line does."""
    from ivplan.validation.bestanden import lint_paths

    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "logo.png", folder / "logo.png")
    dump(plan, folder / "ivp.yaml")
    regio_obj = None
    if regio is not None:
        regio_obj = lint_regio(dump(regio, folder / "regio.yaml")).regio
    results = lint_paths([dump(programme, folder / "uitvoering.yaml")], regio_obj)
    return results[-1], results[:-1]


def run_fragment(tmp_path: Path, rule, fragment: str, failing: bool = False):
    """Lint the fragment; for a cross-plan rule the fragment is the second of two plans; a rule of
    `ivplan cijfers` runs it (the failing fragment in flow style where the rule says so)."""
    if getattr(rule, "KIND", "plan") == "uitvoering":
        programme, plan, regio = apply_programme(fragment)
        if getattr(rule, "REGIO", False) and regio is None:
            regio = copy.deepcopy(BASE_REGIO)
        if getattr(rule, "CROSS_PROGRAMME", False):
            from ivplan.validation.bestanden import lint_paths

            folder = tmp_path / "twee"
            folder.mkdir(parents=True)
            shutil.copy(DATA / "logo.png", folder / "logo.png")
            dump(plan, folder / "ivp.yaml")
            regio_obj = lint_regio(dump(regio, folder / "regio.yaml")).regio
            first = dump(BASE_UITVOERING, folder / "eerste.yaml")
            second = dump(programme, folder / "tweede.yaml")
            results = lint_paths([first, second], regio_obj)
            assert [d.code for r in results[:-1] for d in r.diagnostics] == []
            return results[-1]
        result, others = lint_programme(tmp_path, programme, plan, regio)
        # the plan's own file object: clean, unless the fragment is about the plan
        result.other_diagnostics = [d for r in others for d in r.diagnostics]
        return result
    needs_regio = getattr(rule, "REGIO", False)
    plan, regio = apply(fragment, regio=copy.deepcopy(BASE_REGIO) if needs_regio else None)
    if getattr(rule, "CIJFERS", False):
        assert lint(tmp_path, plan)[0].diagnostics == [], "validate meldt iets bij een fragment van ivplan cijfers"
        flow = failing and getattr(rule, "FAILS_STYLE", "") == "flow"
        return run_cijfers(tmp_path, plan, flow)
    if getattr(rule, "CROSS_PLAN", False):
        first, regio_obj = lint(tmp_path, copy.deepcopy(BASE_PLAN), regio, "eerste")
        second, _ = lint(tmp_path, plan, regio, "tweede")
        cross_plan([first, second], regio_obj)
        assert first.diagnostics == []
        return second
    # a kwaliteitsregel runs with --kwaliteit; the base plan is clean with it too
    return lint(tmp_path, plan, regio, kwaliteit=getattr(rule, "KWALITEIT", False))[0]


RULE_PARAMS = [pytest.param(rule, id=code) for code, rule in RULES.items()]
# The rules of joint plans run their fragments on a deel A and deel Bs (tests/test_gezamenlijk.py).
PLAN_RULE_PARAMS = [
    pytest.param(rule, id=code)
    for code, rule in RULES.items()
    if not getattr(rule, "GEZAMENLIJK", False) and not getattr(rule, "JOINT", False)
]


# ------------------------------------------------------------------------------------------------
# The registry and the module contract


def test_every_rule_of_the_table_is_registered_in_code_order():
    assert list(RULES) == CODES


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_rule_module_contract(rule):
    assert rule.__name__.rsplit(".", 1)[1].startswith(rule.CODE.lower() + "_")
    assert rule.SEVERITY in (ERROR, WARNING)
    assert isinstance(rule.TITLE, str) and rule.TITLE and "\n" not in rule.TITLE
    doc = rule.__doc__ or ""
    positions = [
        doc.find(f"\n{h}:") if h != "Wat" else doc.find("Wat:") for h in ("Wat", "Waarom", "Hoe op te lossen", "Bron")
    ]
    assert all(p >= 0 for p in positions), f"{rule.CODE}: docstring mist een kop"
    assert positions == sorted(positions), f"{rule.CODE}: koppen in de verkeerde volgorde"
    assert doc.startswith("Wat:")
    for section in re.split(r"\n(?:Waarom|Hoe op te lossen|Bron):", doc):
        assert len(section.strip()) > 20, f"{rule.CODE}: lege sectie in de uitleg"
    assert isinstance(rule.NEEDS, tuple)
    assert rule.PASSES.strip() and rule.FAILS.strip() and isinstance(rule.FAILS_AT, str)


def test_fout_rules_match_regels_md():
    fout = {c for c, r in RULES.items() if r.SEVERITY == ERROR}
    assert fout == {
        "IVP001",
        "IVP002",
        "IVP003",
        "IVP004",
        "IVP010",
        "IVP011",
        "IVP012",
        "IVP020",
        "IVP030",
        "IVP031",
        "IVP037",
        "IVP082",
        "IVP120",
        "IVP121",
        "IVP122",
        "IVP123",
        "IVP124",
        "IVP125",
        "IVP131",
        "IVP140",
        "IVP141",
        "IVP144",
        "IVP149",
        # the uitvoeringsprogramma (validation/rules/programma.py)
        "IVP100",
        "IVP101",
        "IVP102",
        "IVP103",
        "IVP104",
        "IVP106",
        "IVP109",
        "IVP110",
        "IVP111",
        "IVP114",
        "IVP115",
        "IVP119",
    }


# ------------------------------------------------------------------------------------------------
# The base plan, and every rule's PASSES and FAILS


def test_base_plan_is_clean(tmp_path):
    assert lint(tmp_path, BASE_PLAN)[0].diagnostics == []
    assert lint(tmp_path, BASE_PLAN, name="kwaliteit", kwaliteit=True)[0].diagnostics == []
    assert lint(tmp_path, BASE_PLAN, BASE_REGIO, "met-regio")[0].diagnostics == []


# A passing fragment is a clean plan, except where it shows a boundary that another rule flags:
# IVP001's five-year period 2026-2030 passes IVP001, and IVP005 (five years) and IVP071 (the base
# plan's raadsvergadering in 2027 now lies after the start year) rightly speak.
PASSES_ALSO = {"IVP001": {"IVP005", "IVP071"}}
# A vastgesteld programme without the date of its collegebesluit: IVP106 (an error) and IVP107 (the document's
# missing fields, which applies to a vastgesteld programme too) both speak.
FAILS_ALSO = {"IVP106": {"IVP107"}}


@pytest.mark.parametrize("rule", PLAN_RULE_PARAMS)
def test_passes_fragment_gives_no_diagnostic(tmp_path, rule):
    result = run_fragment(tmp_path, rule, rule.PASSES)
    assert rule.CODE not in codes(result)
    others = [(d.code, d.path, d.message) for d in result.diagnostics if d.code not in PASSES_ALSO.get(rule.CODE, ())]
    assert others == []


@pytest.mark.parametrize("rule", PLAN_RULE_PARAMS)
def test_fails_fragment_gives_the_rule_at_its_element(tmp_path, rule):
    result = run_fragment(tmp_path, rule, rule.FAILS, failing=True)
    ours = [d for d in result.diagnostics if d.code == rule.CODE]
    assert ours, f"{rule.CODE} niet gemeld; wel: {[(d.code, d.path) for d in result.diagnostics]}"
    # one defect, one message: the fragment causes nothing else (except where a rule says so itself)
    assert {d.code for d in result.diagnostics} == {rule.CODE} | FAILS_ALSO.get(rule.CODE, set())
    at = [d for d in ours if d.path == rule.FAILS_AT]
    assert at, f"{rule.CODE} op {[d.path for d in ours]}, verwacht {rule.FAILS_AT}"
    for d in at:
        assert d.severity == rule.SEVERITY
        assert len(d.message) > 20
        assert d.line is not None and d.column is not None
        line = source_line(result, d)
        last = parse_path(rule.FAILS_AT)[-1] if rule.FAILS_AT else None
        if isinstance(last, str):
            assert f"{last}:" in line, (line, rule.FAILS_AT)
        elif isinstance(last, int):  # a list item: its '-', or the start of an item in flow style
            assert line[d.column - 1] in "-{[", (line, rule.FAILS_AT)
        else:
            assert d.line == 1


# ------------------------------------------------------------------------------------------------
# One defect, one message: rules stay silent on what another diagnostic already says


def test_meetbare_doelen_missing_only_schema_error(tmp_path):
    plan, _ = apply("""
meetbare_doelen: <weg>
prioriteiten[1]: {id: jeugd, titel: Jeugd, veiligheidsveld: veilige_woon_en_leefomgeving, motivering: M., aanpak: A.}
partners[3]: {id: woonstichting, naam: Woonstichting, soort: woningcorporatie, rol: Beheer}
partners[1].afspraken: <weg>
""")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [("IVP000", "meetbare_doelen", 1)]
    assert "meetbare_doelen" in result.diagnostics[0].message


def test_a_partner_id_that_is_a_list_is_a_schema_error_also_for_the_quality_rules(tmp_path):
    # IVP098 gathered the politie partners' ids in a set: a list as id was an internal error (exit 3)
    plan, _ = apply("partners[1].id: [x]\n")
    result, _ = lint(tmp_path, plan, kwaliteit=True)
    assert ("IVP000", "partners[1].id") in [(d.code, d.path) for d in result.diagnostics]


def test_meetbare_doelen_wrong_type_only_schema_error(tmp_path):
    plan, _ = apply(
        "meetbare_doelen: geen doelen\n"
        "partners[3]: {id: wsw, naam: Woonstichting, soort: woningcorporatie, rol: Beheer}\n"
    )
    result, _ = lint(tmp_path, plan)
    assert codes(result) == ["IVP000"]
    assert result.diagnostics[0].path == "meetbare_doelen"


BAD_PERIOD_TRIGGERS = """
plan.vastgesteld_op: "2027-01-28"
meetbare_doelen[0].nulmeting: {waarde: 95, jaar: 2035}
meetbare_doelen[0].streefwaarde: {waarde: 70, jaar: 2045}
meetbare_doelen[0].metingen[2]: {jaar: 2045, waarde: 60}
regionale_afstemming.regionaal_plan.periode: {start: 2046, eind: 2049}
probleemanalyse.bronnen[0].jaar: 2010
monitoring.evaluatie.jaar: 2045
raadsvoorstel.vergadering.datum: "2040-01-01"
"""


@pytest.mark.parametrize(
    "periode, code",
    [
        ("{start: 2027, eind: 2031}", None),  # the control: a valid 5-year period, every rule speaks
        ("{start: 2027, eind: 2033}", "IVP001"),
        ("{start: 2030, eind: 2027}", "IVP001"),
        ("{start: '2027', eind: 2031}", "IVP000"),
        ("<weg>", "IVP000"),
    ],
)
def test_bad_period_silences_the_rules_that_read_it(tmp_path, periode, code):
    plan, _ = apply(BAD_PERIOD_TRIGGERS + f"plan.periode: {periode}\n")
    result, _ = lint(tmp_path, plan)
    found = set(codes(result))
    readers = {"IVP005", "IVP011", "IVP013", "IVP033", "IVP040", "IVP050", "IVP071"}
    if code is None:
        assert readers <= found
    else:
        assert found == {code}


def test_ivp031_ivp032_a_typo_in_a_speerpunt_is_one_error(tmp_path):
    plan, regio = apply("regionale_afstemming.speerpunten[0].speerpunt: ondermijnig\n", regio=copy.deepcopy(BASE_REGIO))
    result, _ = lint(tmp_path, plan, regio)
    (d,) = result.diagnostics
    assert (d.code, d.path, d.severity) == ("IVP031", "regionale_afstemming.speerpunten[0].speerpunt", ERROR)
    assert "'ondermijnig'" in d.message and "bedoelde u 'ondermijning'?" in d.message


def test_ivp031_names_every_missing_speerpunt(tmp_path):
    plan, regio = apply(
        "regio.speerpunten[1]: {id: cybercrime, titel: Cyber}\n"
        "regio.speerpunten[2]: {id: zorg-en-veiligheid, titel: Zorg}\n"
    )
    result, _ = lint(tmp_path, plan, regio)
    assert [(d.code, d.path) for d in result.diagnostics] == [("IVP031", "regionale_afstemming.speerpunten")] * 2
    assert {re.search(r"'(.+?)'", d.message).group(1) for d in result.diagnostics} == {
        "cybercrime",
        "zorg-en-veiligheid",
    }


def test_rules_skip_a_doel_with_an_unresolved_reference(tmp_path):
    plan, _ = apply("""
meetbare_doelen[0].trekker: politei
meetbare_doelen[0].richting: stijgen
meetbare_doelen[0].nulmeting: {waarde: 95, jaar: 2029}
""")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [("IVP002", "meetbare_doelen[0].trekker")]


def test_a_doel_with_an_unresolved_prioriteit_silences_ivp010(tmp_path):
    plan, _ = apply("meetbare_doelen[0].prioriteit: woninginbrak\n")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [("IVP002", "meetbare_doelen[0].prioriteit")]


def test_a_doel_with_a_schema_error_still_covers_its_prioriteit(tmp_path):
    # IVP000 says the indicator is missing; IVP010 must not add that 'jeugd' has no doel.
    plan, _ = apply("""
prioriteiten[1]: {id: jeugd, titel: Jeugd, veiligheidsveld: veilige_woon_en_leefomgeving, motivering: M., aanpak: A.}
meetbare_doelen[1]: {id: d2, prioriteit: jeugd, omschrijving: O., bron: politie-2026,
                     nulmeting: {waarde: 5, jaar: 2026}, streefwaarde: {waarde: 3, jaar: 2030},
                     richting: dalen, trekker: politie}
""")
    result, _ = lint(tmp_path, plan)
    assert codes(result) == ["IVP000"]
    assert "indicator" in result.diagnostics[0].message


def test_a_bad_meting_is_skipped_on_its_own(tmp_path):
    plan, _ = apply("""
meetbare_doelen[0].metingen: [{jaar: 2026, waarde: 95}, {jaar: 2026, waarde: 96}, {jaar: '2027', waarde: 1}]
""")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("IVP013", "meetbare_doelen[0].metingen[1].jaar"),
        ("IVP000", "meetbare_doelen[0].metingen[2].jaar"),
    ]


def test_a_doel_with_a_schema_error_still_has_its_references_checked(tmp_path):
    # the missing indicator is one defect (IVP000), the unknown trekker another (IVP002)
    plan, _ = apply("meetbare_doelen[0].indicator: <weg>\nmeetbare_doelen[0].trekker: zz\n")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("IVP000", "meetbare_doelen[0].indicator"),
        ("IVP002", "meetbare_doelen[0].trekker"),
    ]


def test_a_bad_reference_in_a_list_is_skipped_on_its_own(tmp_path):
    plan, _ = apply("meetbare_doelen[0].partners: [gemeente, 'Geen id!', zz]\n")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("IVP000", "meetbare_doelen[0].partners[1]"),
        ("IVP002", "meetbare_doelen[0].partners[2]"),
    ]


def test_a_bad_cijfer_leaves_the_next_cijfer_checked(tmp_path):
    plan, _ = apply("""
probleemanalyse.bevindingen[0].cijfers: [{omschrijving: Inbraken, waarde: veel, eenheid: aantal, bron: politie-2026},
                                          {omschrijving: Inbraken, waarde: 3, eenheid: aantal, bron: onbekend}]
""")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("IVP000", "probleemanalyse.bevindingen[0].cijfers[0].waarde"),
        ("IVP002", "probleemanalyse.bevindingen[0].cijfers[1].bron"),
    ]


# ------------------------------------------------------------------------------------------------
# Specific rules


def test_ivp003_reported_at_each_later_duplicate(tmp_path):
    plan, _ = apply("""
prioriteiten[1]: {id: woninginbraak, titel: Nog eens, veiligheidsveld: veilige_woon_en_leefomgeving,
                  motivering: M., aanpak: A.}
prioriteiten[2]: {id: woninginbraak, titel: En nog eens, veiligheidsveld: veilige_woon_en_leefomgeving,
                  motivering: M., aanpak: A.}
""")
    result, _ = lint(tmp_path, plan)
    ours = [d for d in result.diagnostics if d.code == "IVP003"]
    assert [d.path for d in ours] == ["prioriteiten[1].id", "prioriteiten[2].id"]
    for d in ours:
        assert "woninginbraak" in d.message and "prioriteiten[0]" in d.message
        assert source_line(result, d).strip() == "- id: woninginbraak"
        assert d.column == source_line(result, d).index("woninginbraak") + 1


def test_with_an_id_twice_references_resolve_to_the_first(tmp_path):
    # References resolve to the first item with the id (docs/gezamenlijke-plannen.md); the later one is IVP003's only.
    # Doel d1's trekker is the first 'politie' (with afspraken): no IVP021 for the second, which has none; d1's bron
    # is the first 'politie-2026' (with open_data): no IVP140 for the second, which has none.
    plan, _ = apply("""
partners[3]: {id: politie, naam: Politie (nog eens), soort: politie, rol: Opsporing.}
probleemanalyse.bronnen[0].open_data: {tabel: 47013NED, catalogus: politie}
probleemanalyse.bronnen[4]: {id: politie-2026, titel: Nog eens, jaar: 2026, soort: politie}
meetbare_doelen[0].open_data: {meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.1.1"}}
""")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [
        ("IVP003", "probleemanalyse.bronnen[4].id", source_line_number(result, "id: politie-2026", 2)),
        ("IVP003", "partners[3].id", source_line_number(result, "id: politie", 2)),
    ]


def source_line_number(result, text: str, nth: int) -> int:
    """The line number of the nth line (1-based) whose text ends with `text`."""
    lines = [n for n, line in enumerate(result.loaded.source.lines, 1) if line.rstrip().endswith(text)]
    return lines[nth - 1]


def test_ivp005_names_the_deadline_in_dutch(tmp_path):
    plan, _ = apply('plan.periode: {start: 2027, eind: 2031}\nplan.vastgesteld_op: "2027-01-28"\n')
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert d.code == "IVP005" and "28 januari 2031" in d.message

    plan, _ = apply("plan.periode: {start: 2027, eind: 2031}\n")
    result, _ = lint(tmp_path, plan, name="zonder-datum")
    (d,) = result.diagnostics
    assert "1 januari 2031" in d.message


def test_ivp005_deadline_calendar():
    assert deadline(2027, "2027-01-28").isoformat() == "2031-01-28"
    assert deadline(2027, None).isoformat() == "2031-01-01"
    assert deadline(2024, "2024-02-29").isoformat() == "2028-02-29"
    assert deadline(2096, "2096-02-29").isoformat() == "2100-02-28"  # 2100 is no leap year


def test_ivp010_message_names_the_prioriteit(tmp_path):
    plan, _ = apply("""
prioriteiten[1]: {id: jeugd, titel: Jeugdoverlast, veiligheidsveld: veilige_woon_en_leefomgeving,
                  motivering: M., aanpak: A.}
""")
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert d.code == "IVP010" and "prioriteit 'jeugd'" in d.message and "geen meetbaar doel" in d.message


@pytest.mark.parametrize(
    "richting, streef, ok",
    [
        ("dalen", 94, True),
        ("dalen", 95, False),
        ("stijgen", 96, True),
        ("stijgen", 95, False),
        ("handhaven", 95, True),
        ("handhaven", 94.5, False),
    ],
)
def test_ivp012_direction(tmp_path, richting, streef, ok):
    plan, _ = apply(
        f"meetbare_doelen[0].richting: {richting}\nmeetbare_doelen[0].streefwaarde: {{waarde: {streef}, jaar: 2030}}\n"
    )
    result, _ = lint(tmp_path, plan)
    assert codes(result) == ([] if ok else ["IVP012"])


def test_ivp013_meting_after_the_period(tmp_path):
    plan, _ = apply("meetbare_doelen[0].metingen[2]: {jaar: 2031, waarde: 60}\n")
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert (d.code, d.path) == ("IVP013", "meetbare_doelen[0].metingen[2].jaar") and "2031" in d.message


def test_ivp020_one_message_per_missing_partner_kind(tmp_path):
    plan, _ = apply("partners[1].soort: veiligheidsregio\npartners[2].soort: riec\n")
    result, _ = lint(tmp_path, plan)
    ours = [d for d in result.diagnostics if d.code == "IVP020"]
    assert [d.path for d in ours] == ["partners", "partners"]
    assert {("politie'" in d.message, "openbaar_ministerie" in d.message) for d in ours} == {
        (True, False),
        (False, True),
    }


def test_ivp021_ivp022_leave_the_gemeente_alone(tmp_path):
    # the gemeente partner contributes to d1 without afspraken, and a second gemeente has no role at all
    plan, _ = apply("partners[3]: {id: buurgemeente, naam: Buurgemeente, soort: gemeente, rol: Meedenken}\n")
    result, _ = lint(tmp_path, plan)
    assert result.diagnostics == []


def test_ivp021_trekker_without_afspraken(tmp_path):
    plan, _ = apply("partners[1].afspraken: []\n")
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert (d.code, d.path) == ("IVP021", "partners[1].afspraken")
    assert "'politie'" in d.message and "trekker van doel 'd1'" in d.message


def test_ivp022_partner_with_afspraken_but_no_doel_has_a_role(tmp_path):
    plan, _ = apply(
        "partners[3]: {id: horeca, naam: KHN, soort: horeca, rol: R., "
        "afspraken: [{omschrijving: Keurmerk veilig uitgaan.}]}\n"
    )
    result, _ = lint(tmp_path, plan)
    assert result.diagnostics == []


@pytest.mark.parametrize(
    "fragment, path",
    [
        ("regionale_afstemming.driehoek: <weg>", "regionale_afstemming"),
        ("regionale_afstemming.driehoek: {afspraken: Afspraken.}", "regionale_afstemming.driehoek"),
    ],
)
def test_ivp034_points_at_the_deepest_existing_element(tmp_path, fragment, path):
    plan, _ = apply(fragment)
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert (d.code, d.path) == ("IVP034", path)
    assert source_line(result, d).strip().startswith(path.rsplit(".", 1)[-1] + ":")


def test_ivp033_ivp036_use_the_regio_files_regional_plan(tmp_path):
    # the plan's own entry is fine, the regio file's regional plan is an old draft
    plan, regio = apply("""
plan.status: vastgesteld
plan.vastgesteld_op: "2027-01-28"
regio.regionaal_plan: {titel: Oud regionaal plan, periode: {start: 2019, eind: 2022}, status: ontwerp}
""")
    result, _ = lint(tmp_path, plan, regio)
    got = {(d.code, d.path) for d in result.diagnostics}
    assert got == {("IVP033", "plan.periode"), ("IVP036", "plan.status")}
    assert all("Oud regionaal plan" in d.message for d in result.diagnostics)

    # and the other way round: the plan's entry is an old draft, the regio file's plan is fine
    plan, regio = apply("""
plan.status: vastgesteld
plan.vastgesteld_op: "2027-01-28"
regionale_afstemming.regionaal_plan: {titel: Oud, periode: {start: 2019, eind: 2022}, status: ontwerp}
regio.regionaal_plan.titel: Regionaal beleidsplan 2027-2030
""")
    result, _ = lint(tmp_path, plan, regio, "andersom")
    assert result.diagnostics == []


@pytest.mark.parametrize(
    "periode, expect",
    [
        ("{start: 2030, eind: 2033}", None),  # shares 2030
        ("{start: 2023, eind: 2026}", "tot en met 2026"),
        ("{start: 2031, eind: 2034}", "tot en met 2034"),
        ("{start: 2030, eind: 2027}", "loopt achteruit"),
    ],
)
def test_ivp033_overlap(tmp_path, periode, expect):
    plan, _ = apply(f"regionale_afstemming.regionaal_plan.periode: {periode}\n")
    result, _ = lint(tmp_path, plan)
    if expect is None:
        assert result.diagnostics == []
    else:
        (d,) = result.diagnostics
        assert d.code == "IVP033" and expect in d.message


def test_ivp042_counts_every_prioriteit(tmp_path):
    rule = RULES["IVP042"]
    plan, _ = apply(rule.FAILS)
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert (d.code, d.path) == ("IVP042", "prioriteiten")
    assert "6 prioriteiten" in d.message
    assert source_line(result, d).startswith("prioriteiten:")


def test_ivp060_only_when_wijkagenten_given(tmp_path):
    plan, _ = apply("gemeente.inwoners: 250000\npolitie: <weg>\n")
    assert lint(tmp_path, plan)[0].diagnostics == []
    plan, _ = apply("gemeente.inwoners: 250000\npolitie.wijkagenten: 49\n")
    result, _ = lint(tmp_path, plan, name="te-weinig")
    (d,) = result.diagnostics
    assert d.code == "IVP060" and "50" in d.message and "250.000" in d.message


def test_ivp070_whole_raadsvoorstel_absent_is_one_warning_at_line_1(tmp_path):
    plan, _ = apply("raadsvoorstel: <weg>\n")
    result, _ = lint(tmp_path, plan)
    (d,) = result.diagnostics
    assert (d.code, d.path, d.line, d.severity) == ("IVP070", "", 1, WARNING)


def test_ivp070_one_warning_per_missing_field_at_its_parent(tmp_path):
    plan, _ = apply(
        "raadsvoorstel.vergadering: <weg>\nraadsvoorstel.ondertekening.griffier: <weg>\nraadsvoorstel.argumenten: []\n"
    )
    result, _ = lint(tmp_path, plan)
    got = sorted((d.path, re.search(r"'([a-z_.]+)'", d.message).group(1)) for d in result.diagnostics)
    assert got == [
        ("raadsvoorstel", "vergadering.agendapunt"),
        ("raadsvoorstel", "vergadering.datum"),
        ("raadsvoorstel.argumenten", "argumenten"),
        ("raadsvoorstel.ondertekening", "ondertekening.griffier"),
    ]
    assert set(codes(result)) == {"IVP070"}


def test_a_raadsvoorstel_text_of_only_spaces_is_empty_not_a_placeholder(tmp_path):
    # only spaces is as empty as "" (IVP000 at the field), not a field left out (IVP070's placeholder)
    plan, _ = apply('raadsvoorstel.registratienummer: "   "\nraadsvoorstel.ondertekening.griffier: " "\n')
    result, _ = lint(tmp_path, plan)
    got = sorted((d.code, d.severity, d.path, d.message) for d in result.diagnostics)
    assert got == [
        ("IVP000", ERROR, "raadsvoorstel.ondertekening.griffier", "bevat alleen spaties; vul een tekst in"),
        ("IVP000", ERROR, "raadsvoorstel.registratienummer", "bevat alleen spaties; vul een tekst in"),
    ]
    # and `ivplan uitleg IVP070` no longer says such a field counts as missing
    explained = " ".join(RULES["IVP070"].__doc__.split())
    assert "alleen spaties" not in explained
    assert "een lege lijst `argumenten` telt als ontbrekend" in explained


def test_ivp070_not_for_a_vastgesteld_plan(tmp_path):
    plan, _ = apply('raadsvoorstel: <weg>\nplan.status: vastgesteld\nplan.vastgesteld_op: "2027-01-28"\n')
    assert lint(tmp_path, plan)[0].diagnostics == []


def test_ivp080_comes_from_the_loader(tmp_path):
    rule = RULES["IVP080"]
    assert rule.LOADER is True
    plan, _ = apply(rule.FAILS)
    path = dump(plan, tmp_path / "ivp.yaml")
    assert "\\a" in path.read_text(encoding="utf-8")  # written as an escape in a quoted string
    result = lint_plan(path)
    (d,) = result.diagnostics
    assert (d.code, d.path, d.severity) == ("IVP080", "plan.titel", WARNING)
    assert result.data["plan"]["titel"] == "Integraal VeiligheidsplanVoorbeeldstad"


def test_ivp081_one_warning_per_field(tmp_path):
    plan, _ = apply("""
plan.samenvatting: "[VOORBEELD] Vat samen."
prioriteiten[0].motivering: "[VOORBEELD] Waarom."
prioriteiten[0].gebieden: [Centrum, "[VOORBEELD] Noord"]
""")
    result, _ = lint(tmp_path, plan)
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("IVP081", "plan.samenvatting"),
        ("IVP081", "prioriteiten[0].motivering"),
        ("IVP081", "prioriteiten[0].gebieden[1]"),
    ]


# IVP082: what the logo may be -----------------------------------------------------------------


def _logo_result(tmp_path: Path, logo: str):
    plan, _ = apply(f"gemeente.logo: '{logo}'\n")
    return lint(tmp_path, plan)[0]


def _logo_messages(result) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == "IVP082"]


def test_ivp082_png_and_jpeg_in_a_subfolder(tmp_path):
    sub = tmp_path / "plan" / "afbeeldingen"
    sub.mkdir(parents=True)
    shutil.copy(DATA / "logo.jpg", sub / "logo.jpg")
    shutil.copy(DATA / "logo.png", sub / "als-jpg.jpg")  # the content decides, not the extension
    assert _logo_result(tmp_path, "afbeeldingen/logo.jpg").diagnostics == []
    assert _logo_result(tmp_path, "afbeeldingen/als-jpg.jpg").diagnostics == []
    assert _logo_result(tmp_path, "afbeeldingen/../logo.png").diagnostics == []


def test_ivp082_not_an_image_despite_the_extension(tmp_path):
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "nep.png").write_bytes(b"GIF89a" + b"\x00" * 20)
    (msg,) = _logo_messages(_logo_result(tmp_path, "nep.png"))
    assert "geen PNG- of JPEG" in msg


@pytest.mark.parametrize(
    "source, damage",
    [
        ("logo.png", lambda b: b[:-12]),  # IEND chunk cut off
        ("logo.png", lambda b: b[:30]),  # cut off inside a chunk
        ("logo.png", lambda b: b[:8] + b"\x00\x00\x00\x0dIHDR" + b"\x00" * 17 + b[33:]),  # 0 x 0 pixels
        ("logo.jpg", lambda b: b[:-2]),  # no end-of-image marker
        ("logo.jpg", lambda b: b[: len(b) // 3]),  # cut off in the headers
        ("logo.jpg", lambda b: b"\xff\xd8\xff\xe0garbage"),  # only the first bytes are right
        ("logo.jpg", lambda b: b[:2] + b[20:]),  # no JFIF/Exif header: python-docx cannot read it
    ],
)
def test_ivp082_a_damaged_image_is_refused(tmp_path, source, damage):
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "logo.img").write_bytes(damage((DATA / source).read_bytes()))
    (msg,) = _logo_messages(_logo_result(tmp_path, "logo.img"))
    assert "geen leesbare PNG- of JPEG-afbeelding" in msg or "geen PNG- of JPEG" in msg


def test_ivp082_accepts_what_the_writer_can_read():
    """The rule's verdict agrees with python-docx, which the writer uses to place the logo."""
    from docx.image.image import Image

    from ivplan.validation.rules.ivp082_logo import image_problem

    for source in ("logo.png", "logo.jpg"):
        data = (DATA / source).read_bytes()
        assert image_problem(data) is None
        assert Image.from_blob(data).px_width > 0


def test_ivp082_missing_and_directory(tmp_path):
    (tmp_path / "plan" / "map.png").mkdir(parents=True)
    (msg,) = _logo_messages(_logo_result(tmp_path, "weg.png"))
    assert "bestaat niet" in msg
    (msg,) = _logo_messages(_logo_result(tmp_path, "map.png"))
    assert "geen bestand" in msg


def test_ivp082_a_relative_path_may_lead_out_of_the_plan_folder(tmp_path):
    """The logo is a path relative to the YAML file: `../logo.png` (a logo shared by the plans in the
    folders beside it) is fine when it names a PNG or JPEG; only an absolute path is refused."""
    shutil.copy(DATA / "logo.png", tmp_path / "buiten.png")  # exists, and is a real PNG
    assert _logo_result(tmp_path, "../buiten.png").diagnostics == []
    (msg,) = _logo_messages(_logo_result(tmp_path, "../weg.png"))
    assert "bestaat niet" in msg
    (msg,) = _logo_messages(_logo_result(tmp_path, str(tmp_path / "buiten.png")))
    assert "absoluut pad" in msg
    (msg,) = _logo_messages(_logo_result(tmp_path, "C:\\logo's\\logo.png".replace("'", "")))
    assert "absoluut pad" in msg


def test_ivp082_a_symlink_is_judged_by_the_file_it_names(tmp_path):
    shutil.copy(DATA / "logo.png", tmp_path / "buiten.png")
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "link.png").symlink_to(tmp_path / "buiten.png")
    assert _logo_result(tmp_path, "link.png").diagnostics == []
    (tmp_path / "plan" / "kapot.png").symlink_to(tmp_path / "bestaat-niet.png")
    (msg,) = _logo_messages(_logo_result(tmp_path, "kapot.png"))
    assert "bestaat niet" in msg


# ------------------------------------------------------------------------------------------------
# The regio file's `eisen`


def test_eisen_set_the_severity(tmp_path):
    fragment = (
        RULES["IVP042"].FAILS
        + """
prioriteiten[6]: {id: jeugd, titel: Jeugd, veiligheidsveld: veilige_woon_en_leefomgeving, motivering: M., aanpak: A.}
plan.evaluatie_vorig_plan: <weg>
"""
    )
    plan, _ = apply(fragment)
    without, _ = lint(tmp_path, plan, name="zonder")
    assert {(d.code, d.severity) for d in without.diagnostics} == {
        ("IVP042", WARNING),
        ("IVP010", ERROR),
        ("IVP043", WARNING),
    }
    assert without.has_errors

    plan, regio = apply(fragment + "regio.eisen: {IVP042: fout, IVP010: waarschuwing, IVP043: uit}\n")
    with_eisen, _ = lint(tmp_path, plan, regio, "met")
    assert {(d.code, d.severity) for d in with_eisen.diagnostics} == {("IVP042", ERROR), ("IVP010", WARNING)}
    assert with_eisen.has_errors  # IVP042 is now an error


def test_eisen_for_a_rule_a_regio_cannot_set_says_why(tmp_path):
    """IVP100 and IVP120 are rules `ivplan regels` lists, yet a regio cannot set them; IVP155 belongs to
    the answers file of `ivplan toets`; IVP044 is no rule at all. Each message says which of these it is,
    never that the code is missing from `ivplan regels` when it is there."""
    regio = copy.deepcopy(BASE_REGIO)
    regio["eisen"] = {"IVP100": "waarschuwing", "IVP120": "uit", "IVP155": "fout", "IVP044": "fout"}
    result = lint_regio(dump(regio, tmp_path / "regio.yaml"))
    messages = {d.path: d.message for d in result.diagnostics}
    assert {d.code for d in result.diagnostics} == {"IVP000"}
    assert set(messages) == {"eisen.IVP100", "eisen.IVP120", "eisen.IVP155", "eisen.IVP044"}
    for code in ("IVP100", "IVP120", "IVP155"):
        assert messages[f"eisen.{code}"].startswith(f"{code} kan een regio niet instellen")
        assert "ivplan regels" not in messages[f"eisen.{code}"]
    assert messages["eisen.IVP044"] == "'IVP044' is geen regel van ivplan; 'ivplan regels' toont alle regels"


@pytest.mark.parametrize(
    "marker, text",
    [
        ("ivplan_gezamenlijk", "het deel A van een gezamenlijk plan"),
        ("ivplan_uitvoering", "een uitvoeringsprogramma"),
        ("ivplan_toets", "een antwoordenbestand"),
    ],
)
def test_another_kind_of_file_as_regio_file_gets_one_clear_error(tmp_path, marker, text):
    """As with a plan given as the regio file: one message at the marker that says what the file is,
    not a list of every key the regio format does not know."""
    path = tmp_path / "regio.yaml"
    path.write_text(f"# eerste regel\n{marker}: 1\nplan: ../ivp.yaml\nsamenwerking: {{naam: X}}\n", encoding="utf-8")
    result = lint_regio(path)
    (d,) = result.diagnostics
    assert (d.code, d.path, d.line, d.column) == ("IVP000", marker, 2, 1)
    assert d.message.startswith(f"dit is {text}") and "geen regiobestand" in d.message


# ------------------------------------------------------------------------------------------------
# IVP037: across plans


def test_ivp037_reported_on_the_second_plan_with_the_same_cbs_code(tmp_path):
    a, regio = apply("gemeente.naam: Eerstestad\n", regio=copy.deepcopy(BASE_REGIO))
    b, _ = apply("gemeente.naam: Tweedestad\n")
    c, _ = apply("gemeente.cbs_code: GM9002\n")
    d_, _ = apply("gemeente.naam: Vierdestad\n")
    results = []
    for name, plan in (("a", a), ("b", b), ("c", c), ("d", d_)):
        result, regio_obj = lint(tmp_path, plan, regio, name)
        results.append(result)
    cross_plan(results, regio_obj)
    assert results[0].diagnostics == [] and results[2].diagnostics == []
    for second in (results[1], results[3]):
        (d,) = second.diagnostics
        assert (d.code, d.path, d.severity) == ("IVP037", "gemeente.cbs_code", ERROR)
        assert "GM9001" in d.message and results[0].file in d.message and "Eerstestad" in d.message
        assert "cbs_code:" in source_line(second, d)
        assert second.has_errors


def test_ivp037_needs_a_regio_file_and_follows_its_eisen(tmp_path):
    first, _ = lint(tmp_path, BASE_PLAN, name="a")
    second, _ = lint(tmp_path, BASE_PLAN, name="b")
    cross_plan([first, second], None)
    assert second.diagnostics == []

    _, regio = apply("regio.eisen: {IVP037: waarschuwing}\n")
    first, regio_obj = lint(tmp_path, BASE_PLAN, regio, "c")
    second, _ = lint(tmp_path, BASE_PLAN, regio, "d")
    cross_plan([first, second], regio_obj)
    (d,) = second.diagnostics
    assert (d.code, d.severity) == ("IVP037", WARNING)


def test_ivp037_ignores_a_plan_that_did_not_load(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text("gemeente: [\n", encoding="utf-8")
    broken = lint_plan(bad)
    first, regio_obj = lint(tmp_path, BASE_PLAN, BASE_REGIO, "a")
    cross_plan([broken, first], regio_obj)
    assert first.diagnostics == []


# ------------------------------------------------------------------------------------------------
# No input makes a rule crash


def _all_paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _all_paths(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _all_paths(sub, path + (i,))


@pytest.mark.parametrize("schaal", [1, 10, 100])
def test_ivp142_a_scale_below_a_thousand(tmp_path, schaal):
    rule = RULES["IVP142"]
    fragment = rule.FAILS.replace("schaal: 1000", f"schaal: {schaal}")
    result = run_fragment(tmp_path, rule, fragment, failing=True)
    [d] = [d for d in result.diagnostics if d.code == "IVP142"]
    assert d.path == "meetbare_doelen[0].eenheid"
    assert f"rekent per {schaal} (open_data.per.schaal)" in d.message
    assert f"eenheid: per {schaal} inwoners" in d.message
    named = fragment.replace("eenheid: per 10.000 inwoners", f"eenheid: per {schaal} inwoners")
    assert "IVP142" not in codes(run_fragment(tmp_path / "named", rule, named))


def test_ivp002_many_unresolved_references_stay_fast_and_short(tmp_path):
    """Thousands of ids and as many references to unknown ones: the "bekend" list is cut short, the search for
    a likely misspelling is skipped (it compares every reference with every id), and it takes about a second."""
    plan = copy.deepcopy(BASE_PLAN)
    doel = plan["meetbare_doelen"][0]
    n = 2000
    plan["prioriteiten"] += [
        {
            "id": f"prio-{i:05d}",
            "titel": "P",
            "veiligheidsveld": "jeugd_en_veiligheid",
            "motivering": "M",
            "aanpak": "A",
        }
        for i in range(n)
    ]
    plan["meetbare_doelen"] += [
        {**copy.deepcopy(doel), "id": f"dd-{i:05d}", "prioriteit": f"prio-{i:05d}x"} for i in range(n)
    ]
    started = time.monotonic()
    result = lint(tmp_path, plan)[0]
    assert time.monotonic() - started < 10
    found = [d for d in result.diagnostics if d.code == "IVP002"]
    assert len(found) == n
    known = [p["id"] for p in plan["prioriteiten"]]  # as the plan lists them
    assert found[0].message == (
        f"onbekende prioriteit 'prio-00000x' (bekend: {', '.join(known[:25])} en {len(known) - 25} andere)"
    )
    # one reference among as many ids: still a suggestion
    plan["meetbare_doelen"] = plan["meetbare_doelen"][: -n + 1]
    found = [d for d in lint(tmp_path / "een", plan)[0].diagnostics if d.code == "IVP002"]
    assert [d.message.rsplit("; ", 1)[1] for d in found] == ["bedoelde u 'prio-00000'?"]


def test_rules_survive_any_wrong_value_anywhere(tmp_path):
    regio = lint(tmp_path, BASE_PLAN, BASE_REGIO)[1]
    shutil.copy(DATA / "logo.png", tmp_path / "logo.png")
    wrong = (None, "x", 2099, ["x", {"b": 2}], {"a": 1}, REMOVE)
    checked = 0
    for path in list(_all_paths(BASE_PLAN))[1:]:
        for value in wrong:
            plan = copy.deepcopy(BASE_PLAN)
            set_path(plan, list(path), value)
            text = yaml.safe_dump(plan, sort_keys=False, allow_unicode=True)
            for r in (None, regio) if value in ("x", REMOVE) else (None,):
                result = lint_loaded(load_text(text, "fuzz.yaml"), r, folder=tmp_path)
                if r is not None:
                    cross_plan([result, result], r)
                for d in result.diagnostics:
                    assert d.code == "IVP000" or d.code in RULES, d
                    assert d.line is not None and d.message
            checked += 1
    assert checked > 500


# ------------------------------------------------------------------------------------------------
# The uitvoeringsprogramma: its base file is clean, and so is the plan's file object


def test_base_programme_is_clean(tmp_path):
    result, others = lint_programme(tmp_path, BASE_UITVOERING, BASE_PLAN)
    assert result.diagnostics == []
    assert [d for r in others for d in r.diagnostics] == []


@pytest.mark.parametrize("rule", [p for p in RULE_PARAMS if getattr(p.values[0], "KIND", "plan") == "uitvoering"])
def test_programme_fragments_leave_the_plan_clean(tmp_path, rule):
    for fragment in (rule.PASSES, rule.FAILS):
        result = run_fragment(tmp_path / fragment.__hash__().__str__(), rule, fragment)
        assert [(d.code, d.path) for d in getattr(result, "other_diagnostics", [])] == []


@pytest.mark.parametrize(
    "periode, jaren, fout",
    [
        ({"start": 2027, "eind": 2030}, (2027, 2030), None),
        ({"start": 2027, "eind": 2031}, (2027, 2031), None),
        ({"start": 2030, "eind": 2027}, (2030, 2027), "het eindjaar 2027 ligt voor het beginjaar 2030"),
        ({"start": 2027, "eind": 2032}, (2027, 2032), "beslaat 6 kalenderjaren"),
        ({"start": True, "eind": 2030}, None, None),
        ({"start": "2027", "eind": 2030}, None, None),
        ("2027-2030", None, None),
    ],
)
def test_the_period_is_read_in_one_place(periode, jaren, fout):
    """IVP001, the rules that need a valid period and IVP033 read a period with the same two functions."""
    from ivplan.validation.rules.base import periode_fout, periode_jaren

    assert periode_jaren(periode) == jaren
    if jaren is not None:
        message = periode_fout(*jaren)
        assert (message is None) if fout is None else (fout in message)
