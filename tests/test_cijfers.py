"""`ivplan cijfers` offline, as a user runs it: from saved API JSON and StatLine CSV downloads (real
recorded ones and made ones of the same shape, tests/data/open-data/README.md), on hand-written plans.

What is checked: the diff and the summary, that every byte outside the changed values stays (LF, CRLF,
BOM, no final newline, comments everywhere, long lines, folded scalars), that `patch -p1` applied to the
dry run gives exactly what `--schrijf` writes, that a second run changes nothing, provisional figures,
CBS's symbols for missing values, padded keys, rounding, `per`, and every error case of docs/open-data.md with
its code, place and exit code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivplan.app import cijfers as app
from ivplan.cli.commands import main
from ivplan.source.opendata.figures import figures, rounded
from ivplan.source.opendata.model import Point, Series
from ivplan.source.opendata.sources import Sources
from ivplan.source.yaml_edit import EditError, SetValue, apply_edits
from ivplan.validation.lint import lint_plan

DATA = Path(__file__).parent / "data"
OPEN_DATA = DATA / "open-data"
HAND = DATA / "cijfers" / "handgeschreven.yaml"
EXPECTED = DATA / "cijfers" / "handgeschreven.verwacht.yaml"
BASE = DATA / "rules" / "base_plan.yaml"
VALIDATE = Path(__file__).parent / "data" / "docxwriter" / "ooxml" / "validate.py"
POLITIE_BRON = "      jaar: 2026\n      soort: politie\n"  # the base plan's first bron ends here


def cli(*args, cwd: Path | None = None):
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["cijfers", *[str(a) for a in args]])
    finally:
        os.chdir(old)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def plan_file(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def hand(tmp_path: Path, name: str = "plan.yaml", **replacements: str) -> Path:
    """The hand-written plan, with text replaced (old=new pairs given as a dict via **)."""
    text = HAND.read_text("utf-8")
    for old, new in replacements.get("_pairs", []):
        assert old in text, old
        text = text.replace(old, new, 1)
    return plan_file(tmp_path, text, name)


def edited(tmp_path: Path, pairs: list[tuple[str, str]], source: Path = HAND, name: str = "plan.yaml") -> Path:
    text = source.read_text("utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return plan_file(tmp_path, text, name)


def line_of(path: Path, text: str) -> int:
    """The 1-based line where `text` starts in the file."""
    content = path.read_text("utf-8")
    return content[: content.index(text)].count("\n") + 1


def codes(result) -> list[str]:
    return re.findall(r" (IVP\d{3}) ", result.stderr)


def diag_lines(result, code: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if f" {code} " in line]


# ------------------------------------------------------------------------------------------------
# The dry run, --schrijf, and every other byte


def test_dry_run_prints_only_the_diff_and_writes_nothing(tmp_path):
    plan = hand(tmp_path)
    before = plan.read_bytes()
    result = cli("plan.yaml", "--bron", OPEN_DATA, cwd=tmp_path)
    assert result.exit_code == 0
    assert plan.read_bytes() == before
    assert result.stdout.startswith("--- a/plan.yaml\n+++ b/plan.yaml\n@@ ")
    assert all(line[:1] in " +-@\\" for line in result.stdout.splitlines())  # nothing but the diff
    assert "+      - {jaar: 2023, waarde: 91}\n" in result.stdout
    assert "-      - {jaar: 2024, waarde: 87}   # voorlopig cijfer uit 2025\n" in result.stdout
    assert "+      - {jaar: 2024, waarde: 88}   # voorlopig cijfer uit 2025\n" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "plan.yaml: 5 metingen toegevoegd, 1 gecorrigeerd, 2 cijfers bijgewerkt, 2 bronjaren, "
        "2 als voorlopig gemarkeerd; niets geschreven (gebruik --schrijf)"
    )
    (warning,) = diag_lines(result, "IVP145")
    assert warning == (
        "plan.yaml:86:30: waarschuwing IVP145 meetbare_doelen[0].metingen[1].waarde: de meting van 2024 van doel "
        "'d1' is gecorrigeerd naar de gepubliceerde waarde: 87 → 88"
    )


def _variant(text: str, kind: str) -> str:
    if "crlf" in kind:
        text = text.replace("\n", "\r\n")
    if "bom" in kind:
        text = "\ufeff" + text
    if "zonder-slot" in kind:
        text = text.rstrip("\r\n")
    return text


VARIANTS = ["lf", "crlf", "bom", "crlf-bom", "zonder-slot", "crlf-zonder-slot"]


@pytest.mark.parametrize("kind", VARIANTS)
def test_schrijf_keeps_every_other_byte(tmp_path, kind):
    """The written file is exactly the expected one: each value that changes, and nothing else (the
    expected file was checked by hand; the checks below say why it is right without it)."""
    plan = plan_file(tmp_path, _variant(HAND.read_text("utf-8"), kind))
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].endswith("; geschreven")
    assert plan.read_bytes() == _variant(EXPECTED.read_text("utf-8"), kind).encode("utf-8")


def test_only_values_change_and_lines_are_only_added():
    """Independent of the expected file: every line of the original is still there, in order, except
    lines whose numbers changed (and only their numbers, or a `voorlopig: true` added in a flow mapping)."""
    old = HAND.read_text("utf-8").split("\n")
    new = EXPECTED.read_text("utf-8").split("\n")
    import difflib

    numberless = re.compile(r"-?\d+(?:\.\d+)?")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal" or tag == "insert":
            continue
        assert tag == "replace" and i2 - i1 <= j2 - j1, (old[i1:i2], new[j1:j2])
        for before, after in zip(old[i1:i2], new[j1:j2], strict=False):
            after = after.replace(", voorlopig: true", "")
            assert numberless.sub("N", before) == numberless.sub("N", after), (before, after)
    inserted = [line for line in new if line not in old]
    for line in inserted:
        assert re.fullmatch(
            r"\s*(- \{.*\}|voorlopig: true|jaar: \d{4}|metingen:|waarde: \d+.*|.*jaar: \d{4}.*)", line
        ), line


@pytest.mark.parametrize("kind", VARIANTS)
def test_patch_p1_applied_to_the_dry_run_gives_what_schrijf_writes(tmp_path, kind):
    text = _variant(HAND.read_text("utf-8"), kind)
    dry, written = tmp_path / "droog", tmp_path / "echt"
    for folder in (dry, written):
        folder.mkdir()
        plan_file(folder, text)
    result = cli("plan.yaml", "--bron", OPEN_DATA, cwd=dry)
    assert result.exit_code == 0
    diff = result.stdout_bytes
    assert diff.startswith(b"--- a/plan.yaml\n+++ b/plan.yaml\n")
    patched = subprocess.run(["patch", "-p1", "--binary", "-s"], input=diff, cwd=dry, capture_output=True)
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert cli("plan.yaml", "--bron", OPEN_DATA, "--schrijf", cwd=written).exit_code == 0
    assert (dry / "plan.yaml").read_bytes() == (written / "plan.yaml").read_bytes()


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_a_change_on_the_last_line_without_a_final_newline(tmp_path, eol):
    """The diff says `\\ No newline at end of file`; patch and --schrijf agree; the file still has none."""
    text = base_bound(tmp_path, MAANDEN + ", vanaf: 2024}").read_text("utf-8")
    start, end = text.index("meetbare_doelen:\n"), text.index("\npartners:")
    text = (text[:start] + text[end + 1 :] + "\n" + text[start:end]).replace("\n", eol)
    dry, written = tmp_path / "droog", tmp_path / "echt"
    for folder in (dry, written):
        folder.mkdir()
        plan_file(folder, text.rstrip(eol))
    result = cli("plan.yaml", "--bron", OPEN_DATA, cwd=dry)
    assert result.exit_code == 0, result.stderr
    assert b"-        waarde: 95\n\\ No newline at end of file\n" in result.stdout_bytes
    assert (
        f"+        waarde: 95{eol}+        voorlopig: true\n\\ No newline at end of file\n".encode()
        in result.stdout_bytes
    )
    patched = subprocess.run(
        ["patch", "-p1", "--binary", "-s"], input=result.stdout_bytes, cwd=dry, capture_output=True
    )
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert cli("plan.yaml", "--bron", OPEN_DATA, "--schrijf", cwd=written).exit_code == 0
    new = (written / "plan.yaml").read_bytes()
    assert (dry / "plan.yaml").read_bytes() == new
    assert new.endswith(f"waarde: 95{eol}        voorlopig: true".encode())


def test_a_second_run_changes_nothing(tmp_path):
    plan = hand(tmp_path)
    assert cli(plan, "--bron", OPEN_DATA, "--schrijf").exit_code == 0
    first = plan.read_bytes()
    again = cli(plan, "--bron", OPEN_DATA)
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr.splitlines()[-1] == f"{plan}: geen wijzigingen"
    assert cli(plan, "--bron", OPEN_DATA, "--schrijf").exit_code == 0
    assert plan.read_bytes() == first


def test_the_new_file_validates_with_the_new_data(tmp_path):
    plan = hand(tmp_path)
    cli(plan, "--bron", OPEN_DATA, "--schrijf")
    result = CliRunner().invoke(main, ["validate", str(plan)])
    assert result.exit_code == 0
    assert "IVP0" not in result.stdout.replace("IVP070", "")


def test_json_output(tmp_path):
    plan = hand(tmp_path)
    text_run = cli(plan, "--bron", OPEN_DATA)
    result = cli(plan, "--bron", OPEN_DATA, "--format", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    (f,) = out["files"]
    assert set(f) == {"file", "valid", "gewijzigd", "geschreven", "wijzigingen", "diff", "diagnostics"}
    assert (f["file"], f["valid"], f["gewijzigd"], f["geschreven"]) == (str(plan), True, True, False)
    assert f["diff"] == text_run.stdout
    assert {c["soort"] for c in f["wijzigingen"]} <= set(app.SOORTEN)
    assert {
        "path": "meetbare_doelen[0].metingen[3].waarde",
        "jaar": 2024,
        "oud": 87,
        "nieuw": 88,
        "voorlopig": False,
        "soort": "meting_gewijzigd",
    } not in f["wijzigingen"]  # paths are those of the file as read
    assert {
        "path": "meetbare_doelen[0].metingen[1].waarde",
        "jaar": 2024,
        "oud": 87,
        "nieuw": 88,
        "voorlopig": False,
        "soort": "meting_gewijzigd",
    } in f["wijzigingen"]
    new = [c for c in f["wijzigingen"] if c["soort"] == "meting_nieuw"]
    assert [(c["path"], c["jaar"], c["oud"], c["nieuw"], c["voorlopig"]) for c in new] == [
        ("meetbare_doelen[0].metingen[1]", 2023, None, 91, False),
        ("meetbare_doelen[0].metingen[3]", 2025, None, 80, False),
        ("meetbare_doelen[0].metingen[4]", 2026, None, 95, True),
        ("meetbare_doelen[1].metingen[0]", 2025, None, 3.3, False),
        ("meetbare_doelen[1].metingen[1]", 2026, None, 3.9, True),
    ]
    bron = [c for c in f["wijzigingen"] if c["soort"] == "bron_jaar"]
    assert [(c["path"], c["oud"], c["nieuw"]) for c in bron] == [
        ("probleemanalyse.bronnen[0].jaar", 2026, 2027),
        ("probleemanalyse.bronnen[1].jaar", 2025, 2026),
        ("probleemanalyse.bevindingen[0].cijfers[1].jaar", None, 2026),
    ]
    assert [d["code"] for d in f["diagnostics"]] == ["IVP145"]
    # the summary counts every new meting, also the two of doel d2's new metingen list
    assert result.stderr.splitlines()[-1].startswith(f"{plan}: {len(new)} metingen toegevoegd")


# ------------------------------------------------------------------------------------------------
# Sources: real recorded API JSON, real and made StatLine CSV


def _arbeid_plan(tmp_path: Path, od: str, bron_od: str = "{tabel: 80137ned}") -> Path:
    """The base plan, turned into one whose doel reads the real recorded table 80137ned (2001-2005)."""
    text = BASE.read_text("utf-8")
    text = text.replace(POLITIE_BRON, f"      jaar: 2006\n      soort: politie\n      open_data: {bron_od}\n")
    text = text.replace("start: 2027\n    eind: 2030\n  status", "start: 2005\n    eind: 2008\n  status")
    text = text.replace(
        "    nulmeting:\n      waarde: 95\n      jaar: 2026\n    streefwaarde:\n      waarde: 70\n      jaar: 2030",
        "    nulmeting:\n      waarde: 7497\n      jaar: 2005\n    streefwaarde:\n      waarde: 7000\n      jaar: 2008",
    )
    text = text.replace(
        "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
        f"    open_data: {od}\n",
    )
    return plan_file(tmp_path, text)


REAL_BINDING = '{meetwaarde: Werknemers_2, filters: {Persoonskenmerken: "1", BedrijfstakkenSBI93: "99"}, vanaf: 2001}'


def test_real_recorded_api_json_fills_metingen(tmp_path):
    """80137ned, recorded from CBS in 2020: no region dimension, keys padded ("1 "), doubles (7559.0),
    Decimals 0, TableInfos.Modified 2009."""
    plan = _arbeid_plan(tmp_path, REAL_BINDING)
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    text = plan.read_text("utf-8")
    assert (
        "    open_data: " + REAL_BINDING + "\n    metingen:\n"
        "      - {waarde: 7559, jaar: 2001}\n      - {waarde: 7607, jaar: 2002}\n      - {waarde: 7560, jaar: 2003}\n"
        "      - {waarde: 7472, jaar: 2004}\n      - {waarde: 7497, jaar: 2005}\n"
    ) in text
    assert (
        "      jaar: 2009\n      soort: politie\n      open_data: {tabel: 80137ned}" in text
    )  # TableInfos.Modified 2009-07-10
    assert diag_lines(result, "IVP14") == []


def test_the_bare_lists_cbsodata_saves_read_the_same(tmp_path):
    """cbsodata.download_data saves each resource's bare `value` list."""
    folder = tmp_path / "bron" / "80137NED"  # the folder name matches case-insensitively
    folder.mkdir(parents=True)
    for f in (OPEN_DATA / "80137ned").glob("*.json"):
        body = json.loads(f.read_text("utf-8"))
        (folder / f.name).write_text(json.dumps(body["value"]), "utf-8")
    plan = _arbeid_plan(tmp_path, REAL_BINDING)
    result = cli(plan, "--bron", tmp_path / "bron", "--schrijf")
    assert result.exit_code == 0, result.stderr
    assert "      - {waarde: 7472, jaar: 2004}\n" in plan.read_text("utf-8")


def test_the_first_bron_folder_wins(tmp_path):
    other = tmp_path / "ander" / "80137ned"
    shutil.copytree(OPEN_DATA / "80137ned", other)
    typed = other / "TypedDataSet.json"
    typed.write_text(typed.read_text("utf-8").replace('"Werknemers_2":7559.0', '"Werknemers_2":7000.0'), "utf-8")
    plan = _arbeid_plan(tmp_path, REAL_BINDING)
    result = cli(plan, "--bron", tmp_path / "ander", "--bron", OPEN_DATA, "--format", "json")
    assert "+      - {waarde: 7000, jaar: 2001}\n" in json.loads(result.stdout)["files"][0]["diff"]


def _donor_plan(tmp_path: Path, rijen: str, kolom: str = "Donorregister, vastgelegde keuze (x 1 000)") -> Path:
    od = f'{{csv: {{kolom: "{kolom}", rijen: {rijen}}}, vanaf: 2014}}'
    plan = _arbeid_plan(tmp_path, od, "{tabel: 83727NED, bestand: donorregistratie.csv}")
    text = plan.read_text("utf-8")
    text = text.replace("start: 2005\n    eind: 2008", "start: 2022\n    eind: 2025")
    text = text.replace("waarde: 7497\n      jaar: 2005", "waarde: 14019.3\n      jaar: 2022")
    text = text.replace("waarde: 7000\n      jaar: 2008", "waarde: 15000\n      jaar: 2025").replace(
        "richting: dalen", "richting: stijgen"
    )
    return plan_file(tmp_path, text)


def test_real_statline_csv_as_written_with_the_provisional_year(tmp_path):
    plan = _donor_plan(tmp_path, '{Donorregistratie: "Geregistreerd in donorregister"}')
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    text = plan.read_text("utf-8")
    assert "      - {waarde: 5768.6, jaar: 2014}\n" in text
    assert "      - {waarde: 13907.5, jaar: 2021}\n      - {waarde: 14019.3, jaar: 2022, voorlopig: true}\n" in text
    assert "IVP146" not in result.stderr


def test_real_statline_csv_missing_values_are_skipped(tmp_path):
    plan = _donor_plan(tmp_path, '{Donorregistratie: "Geen bezwaar tegen orgaandonatie"}')
    plan.write_text(plan.read_text("utf-8").replace("waarde: 14019.3", "waarde: 3317.1"), "utf-8")
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0
    missing = diag_lines(result, "IVP147")
    assert [re.search(r"voor (\d{4})", line).group(1) for line in missing] == [str(y) for y in range(2014, 2021)]
    assert all(".open_data: " in line for line in missing)
    text = plan.read_text("utf-8")
    assert "- {waarde: 3257.9, jaar: 2021}\n      - {waarde: 3317.1, jaar: 2022, voorlopig: true}\n" in text
    assert "jaar: 2020}" not in text


def test_csv_more_than_one_row_per_year_names_the_column(tmp_path):
    plan = _donor_plan(tmp_path, "{}")
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    assert result.stdout == ""  # no diff for a plan with an error
    (line,) = diag_lines(result, "IVP144")
    assert "meetbare_doelen[0].open_data: " in line
    assert "kies in open_data.csv.rijen een waarde voor kolom 'Donorregistratie'" in line
    assert "'Geregistreerd in donorregister'" in line
    assert result.stderr.splitlines()[-1] == f"{plan}: niets geschreven (fouten)"


def test_csv_unknown_column_and_row(tmp_path):
    result = cli(_donor_plan(tmp_path, "{}", kolom="Donorregister"), "--bron", OPEN_DATA)
    assert "kolom 'Donorregister' staat niet in donorregistratie.csv" in result.stderr
    plan = _donor_plan(tmp_path, '{Donorregistratie: "Onbekend"}')
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    assert "onbekende rij 'Onbekend': die staat niet in kolom 'Donorregistratie'" in result.stderr


def _crime_csv_plan(
    tmp_path: Path, naam: str, cbs_code: str, rij: str, kolom="Geregistreerde misdrijven (aantal)"
) -> Path:
    return edited(
        tmp_path,
        [
            ("naam: Voorbeeldstad\n  cbs_code: GM9001", f"naam: {naam}\n  cbs_code: {cbs_code}"),
            (
                POLITIE_BRON,
                POLITIE_BRON + "      open_data: {tabel: 47013NED, bestand: misdrijven-gemeenten.csv}\n",
            ),
            (
                "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
                f'    open_data: {{csv: {{kolom: "{kolom}", rijen: {{Soort misdrijf: "{rij}"}}}}, vanaf: 2021}}\n',
            ),
        ],
        source=BASE,
    )


def test_made_csv_region_symbols_and_quarters(tmp_path):
    """`x` (geheim) and `.` are no value, `-` is nihil (0); '<naam> (gemeente)' matches; quarters are skipped."""
    plan = _crime_csv_plan(tmp_path, "Anderdorp", "GM9002", "Diefstal/inbraak woning")
    plan.write_text(
        plan.read_text("utf-8").replace("waarde: 95\n      jaar: 2026", "waarde: 46\n      jaar: 2026"), "utf-8"
    )
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    assert [re.search(r"voor (\d{4})", line).group(1) for line in diag_lines(result, "IVP147")] == ["2021"]
    text = plan.read_text("utf-8")
    assert (
        "    metingen:\n      - {waarde: 0, jaar: 2022}\n      - {waarde: 50, "
        "jaar: 2023}\n      - {waarde: 47, jaar: 2024}\n"
        "      - {waarde: 44, jaar: 2025}\n      - {waarde: 46, jaar: 2026, voorlopig: true}\n"
    ) in text


def test_csv_region_default_is_the_gemeente_naam_and_decimals_as_written(tmp_path):
    kolom = "Geregistreerde misdrijven per 1000 inwoners (per 1 000 inwoners)"
    plan = _crime_csv_plan(tmp_path, "Voorbeeldstad", "GM9001", "Totaal misdrijven", kolom)
    plan.write_text(
        plan.read_text("utf-8").replace("waarde: 95\n      jaar: 2026", "waarde: 56.8\n      jaar: 2026"), "utf-8"
    )
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    assert "- {waarde: 62.2, jaar: 2021}\n      - {waarde: 59.5, jaar: 2022}\n" in plan.read_text("utf-8")


def test_csv_with_a_decimal_comma_and_cp1252(tmp_path):
    folder = tmp_path / "bron"
    folder.mkdir()
    text = OPEN_DATA.joinpath("misdrijven-gemeenten.csv").read_bytes().decode("utf-8-sig")
    text = re.sub(r'"(\s*\d+)\.(\d)"', r'"\1,\2"', text).replace("Regio's", "Regio's")
    (folder / "misdrijven-gemeenten.csv").write_bytes(text.encode("cp1252"))
    kolom = "Geregistreerde misdrijven per 1000 inwoners (per 1 000 inwoners)"
    plan = _crime_csv_plan(tmp_path, "Voorbeeldstad", "GM9001", "Totaal misdrijven", kolom)
    plan.write_text(
        plan.read_text("utf-8").replace("waarde: 95\n      jaar: 2026", "waarde: 56.8\n      jaar: 2026"), "utf-8"
    )
    result = cli(plan, "--bron", folder, "--schrijf")
    assert result.exit_code == 0, result.stderr
    assert "- {waarde: 62.2, jaar: 2021}" in plan.read_text("utf-8")


@pytest.mark.parametrize(
    "content",
    [
        "Soort misdrijf,Regio's,Perioden,Aantal\nTotaal,Voorbeeldstad,2024,12\n",  # commas
        '"Geregistreerde criminaliteit; regio"\n"Soort";"Perioden";"Aantal"\n"Totaal";"2024";"12"\n',  # old Statweb
        '"Soort misdrijf";"Perioden";"Aantal"\n"Totaal";"2024"\n',  # a short row
    ],
)
def test_a_csv_that_is_not_statlines(tmp_path, content):
    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "misdrijven-gemeenten.csv").write_text(content, "utf-8")
    plan = _crime_csv_plan(tmp_path, "Voorbeeldstad", "GM9001", "Totaal", "Aantal")
    result = cli(plan, "--bron", folder)
    assert result.exit_code == 1
    (line,) = diag_lines(result, "IVP144")
    assert "geen StatLine-CSV" in line


# ------------------------------------------------------------------------------------------------
# The figures: months, per, rounding, provisional


def base_bound(tmp_path: Path, od: str, extra: list[tuple[str, str]] = ()) -> Path:
    pairs = [
        (
            POLITIE_BRON,
            POLITIE_BRON + "      open_data: {tabel: 47013NED, catalogus: politie}\n",
        ),
        ("    metingen:\n      - jaar: 2025", f"    open_data: {od}\n    metingen:\n      - jaar: 2025"),
        *extra,
    ]
    return edited(tmp_path, pairs, source=BASE)


MAANDEN = '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.1.1"}, perioden: maanden'


def test_months_are_summed_and_the_incomplete_current_year_is_skipped_silently(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + ", vanaf: 2021}")
    result = cli(plan, "--bron", OPEN_DATA, "--format", "json")
    assert result.exit_code == 0
    f = json.loads(result.stdout)["files"][0]
    assert f["diagnostics"] == []
    new = [(c["jaar"], c["nieuw"]) for c in f["wijzigingen"] if c["soort"] == "meting_nieuw"]
    assert new == [(2021, 110), (2022, 102), (2023, 91), (2024, 88)]
    # only the bron year mentions 2027 (the diff's header names the file: pytest's tmp folder may hold digits)
    assert "2027" not in f["diff"].replace(str(tmp_path), "").replace("jaar: 2027", "")


def test_a_year_with_a_month_missing_has_no_value(tmp_path):
    plan = base_bound(
        tmp_path,
        '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.2.3"}, perioden: maanden, vanaf: 2022}',
        [
            (
                "waarde: 80\n      - jaar: 2026\n        waarde: 95",
                "waarde: 139\n      - jaar: 2026\n        waarde: 130",
            )
        ],
    )
    plan.write_text(
        plan.read_text("utf-8").replace("waarde: 95\n      jaar: 2026", "waarde: 130\n      jaar: 2026"), "utf-8"
    )
    result = cli(plan, "--bron", OPEN_DATA, "--format", "json")
    f = json.loads(result.stdout)["files"][0]
    assert [(d["code"], d["path"]) for d in f["diagnostics"]] == [("IVP147", "meetbare_doelen[0].open_data")]
    assert "2023" in f["diagnostics"][0]["message"]
    assert [c["jaar"] for c in f["wijzigingen"] if c["soort"] == "meting_nieuw"] == [2022, 2024]


def test_an_existing_meting_stays_when_its_year_has_no_value(tmp_path):
    plan = base_bound(
        tmp_path,
        '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.2.3"}, perioden: maanden}',
        [
            (
                "      - jaar: 2025\n        waarde: 80",
                "      - jaar: 2023\n        waarde: 150\n      - jaar: 2025\n        waarde: 139",
            )
        ],
    )
    plan.write_text(
        plan.read_text("utf-8").replace("waarde: 95\n      jaar: 2026", "waarde: 130\n      jaar: 2026"), "utf-8"
    )
    plan.write_text(plan.read_text("utf-8").replace("        waarde: 95\n", "        waarde: 130\n"), "utf-8")
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    (line,) = diag_lines(result, "IVP147")
    assert "geen gepubliceerde waarde voor 2023" in line and "de bestaande meting blijft staan" in line
    assert "      - jaar: 2023\n        waarde: 150\n" in plan.read_text("utf-8")


def test_per_1000_inwoners_is_rounded_half_up_at_the_end(tmp_path):
    pairs = [
        (
            POLITIE_BRON,
            POLITIE_BRON + "      open_data: {tabel: 47013NED, catalogus: politie}\n"
            "    - id: cbs-bevolking\n      titel: Bevolking\n      jaar: 2026\n      open_data: {tabel: 70072ned}\n",
        ),
        (
            "indicator: Geregistreerde woninginbraken\n",
            "indicator: Geregistreerde woninginbraken\n    eenheid: per 1.000 inwoners\n",
        ),
        (
            "waarde: 95\n      jaar: 2026\n    streefwaarde:\n      waarde: 70",
            "waarde: 3.9\n      jaar: 2026\n    streefwaarde:\n      waarde: 3",
        ),
        (
            "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
            '    open_data:\n      meetwaarde: GeregistreerdeMisdrijven_1\n      filters: {SoortMisdrijf: "1.1.1"}\n'
            "      perioden: maanden\n      vanaf: 2021\n"
            "      per: {bron: cbs-bevolking, meetwaarde: TotaleBevolking_1, schaal: 1000}\n",
        ),
    ]
    plan = edited(tmp_path, pairs, source=BASE)
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    # 110/23780 = 4.6257 -> 4.6; 91/24010 = 3.790 -> 3.8; 95/24150 = 3.934 -> 3.9 (2026: both provisional)
    assert (
        "    metingen:\n      - {waarde: 4.6, jaar: 2021}\n      - {waarde: 4.3, "
        "jaar: 2022}\n      - {waarde: 3.8, jaar: 2023}\n"
        "      - {waarde: 3.7, jaar: 2024}\n      - {waarde: 3.3, jaar: 2025}\n      - {waarde: 3.9, "
        "jaar: 2026, voorlopig: true}\n"
    ) in plan.read_text("utf-8")
    assert diag_lines(result, "IVP14") == []


def test_rounding_is_decimal_half_up_and_fixed_point():
    assert rounded(__import__("decimal").Decimal(133) * 1000 / 38450, 1)[1] == "3.5"
    from decimal import Decimal

    assert rounded(Decimal("3.05"), 1) == (Decimal("3.1"), "3.1")
    assert rounded(Decimal("2.5"), 0)[1] == "3"
    assert rounded(Decimal("3"), 1)[1] == "3.0"
    assert rounded(Decimal("7559.0"), 0)[1] == "7559"
    assert rounded(Decimal("-0.04"), 1)[1] == "0.0"
    teller = Series({2024: Point(Decimal(133)), 2025: Point(Decimal(5), True), 2026: Point(Decimal(7))})
    noemer = Series({2024: Point(Decimal(38450)), 2025: Point(Decimal(1000)), 2026: Point(Decimal(0))})
    figs = figures(teller, None, noemer, 1000)
    assert {y: (f.text, f.provisional) for y, f in figs.by_year.items()} == {2024: ("3.5", False), 2025: ("5.0", True)}
    assert figs.no_denominator == [2026]


def test_the_diff_of_a_plan_whose_name_has_a_space_applies_with_patch(tmp_path):
    """A name with a space ends in a tab in the headers (as git writes it), so patch -p1 reads the whole name."""
    dry, written = tmp_path / "droog", tmp_path / "echt"
    for folder in (dry, written):
        folder.mkdir()
        plan_file(folder, HAND.read_text("utf-8"), "mijn plan.yaml")
    result = cli("mijn plan.yaml", "--bron", OPEN_DATA, cwd=dry)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/mijn plan.yaml\t\n+++ b/mijn plan.yaml\t\n@@ ")
    patched = subprocess.run(["patch", "-p1", "-s"], input=result.stdout_bytes, cwd=dry, capture_output=True)
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert cli("mijn plan.yaml", "--bron", OPEN_DATA, "--schrijf", cwd=written).exit_code == 0
    assert (dry / "mijn plan.yaml").read_bytes() == (written / "mijn plan.yaml").read_bytes()


def test_the_diff_of_a_plan_whose_file_name_is_not_utf8(tmp_path):
    """The diff names the file with its own bytes (0xff), as patch must find it."""
    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path, dirs_exist_ok=True)
    plan = tmp_path / os.fsdecode(b"\xff.yaml")
    shutil.copy(tmp_path / "oldenveld.yaml", plan)
    result = cli(plan.name, "--bron", "open-data", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"--- a/\xff.yaml\n+++ b/\xff.yaml\n@@ ")


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("1E+400", "een getal van 401 cijfers"),
        ("9" * 100, "een getal van 101 cijfers"),
        ("1E+20", "een getal van 21 cijfers"),
    ],
)
def test_a_published_value_no_plan_can_hold_is_skipped_and_not_written(tmp_path, published, shown):
    """A value beyond the plan format's bound on numbers is IVP147 for its year: the year is skipped, the plan
    stays valid (nine months of 2025 hold the value; the year is their sum)."""
    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path, dirs_exist_ok=True)
    shutil.copytree(tmp_path / "open-data", tmp_path / "od")
    data = tmp_path / "od" / "47013NED" / "TypedDataSet.json"
    text, n = re.subn(
        r'("SoortMisdrijf":"1\.4\.6 *","RegioS":"GM9012 *","Perioden":"2025MM0[1-9]","GeregistreerdeMisdrijven_1":)'
        r"[^,]*",
        lambda m: m.group(1) + published,
        data.read_text("utf-8"),
    )
    assert n == 9
    data.write_text(text, "utf-8")
    plan = tmp_path / "havenstad.yaml"
    before = plan.read_text("utf-8")
    result = cli(plan, "--bron", tmp_path / "od", "--schrijf")
    assert result.exit_code == 0, result.stderr
    (line,) = diag_lines(result, "IVP147")
    assert line == (
        f"{plan}:471:5: waarschuwing IVP147 meetbare_doelen[3].open_data: tabel 47013NED heeft voor 2025 geen "
        f"waarde die een plan kan bevatten ({shown}; een getal in een plan ligt tussen -1.000.000.000.000.000 en "
        "1.000.000.000.000.000): dat jaar is overgeslagen"
    )
    after = plan.read_text("utf-8")
    assert published not in after and "jaar: 2025, voorlopig" not in after[after.index("id: hic-straatroof") :]
    assert after != before  # the other bindings are still filled
    assert lint_plan(plan).counts()[0] == 0


def test_cbs_counts_rounded_to_fives_are_taken_as_published(tmp_path):
    """Published figures are not re-rounded beyond `decimalen`: 185 stays 185 (not 190)."""
    teller = Series({2024: Point(__import__("decimal").Decimal("185"))}, decimals=0)
    assert figures(teller, None).by_year[2024].text == "185"


# ------------------------------------------------------------------------------------------------
# Corrections, provisional marks, the nulmeting


def test_a_provisional_meting_is_corrected_silently_and_its_mark_removed_when_definitive(tmp_path):
    plan = base_bound(
        tmp_path,
        MAANDEN + "}",
        [
            (
                "      - jaar: 2025\n        waarde: 80\n",
                "      - jaar: 2025\n        waarde: 79\n        voorlopig: true   # maart 2026\n",
            )
        ],
    )
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf", "--format", "json")
    f = json.loads(result.stdout)["files"][0]
    assert [d["code"] for d in f["diagnostics"]] == []
    assert {(c["soort"], c["jaar"]) for c in f["wijzigingen"]} >= {("meting_gewijzigd", 2025), ("voorlopig_weg", 2025)}
    # the comment on the removed line stays
    assert "      - jaar: 2025\n        waarde: 80\n        # maart 2026\n      - jaar: 2026\n" in plan.read_text(
        "utf-8"
    )


def test_a_provisional_mark_in_a_flow_mapping_is_removed(tmp_path):
    plan = base_bound(
        tmp_path,
        MAANDEN + "}",
        [("      - jaar: 2025\n        waarde: 80\n", "      - {jaar: 2025, waarde: 80, voorlopig: true}   # noot\n")],
    )
    cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert "      - {jaar: 2025, waarde: 80}   # noot\n" in plan.read_text("utf-8")


def test_the_nulmeting_never_changes_silently(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + "}", [("waarde: 95\n      jaar: 2026", "waarde: 96\n      jaar: 2026")])
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0
    (line,) = diag_lines(result, "IVP146")
    row = line_of(plan, "      waarde: 96\n")
    assert f":{row}:15: waarschuwing IVP146 meetbare_doelen[0].nulmeting.waarde: " in line
    assert "(96) wijkt af van de gepubliceerde waarde voor 2026 (95)" in line
    assert "      waarde: 96\n      jaar: 2026\n" in plan.read_text("utf-8")
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf", "--nulmeting", "--format", "json")
    f = json.loads(result.stdout)["files"][0]
    assert {
        "path": "meetbare_doelen[0].nulmeting.waarde",
        "jaar": 2026,
        "oud": 96,
        "nieuw": 95,
        "voorlopig": True,
        "soort": "meting_gewijzigd",
    } in f["wijzigingen"]
    assert "      waarde: 95\n      jaar: 2026\n    streefwaarde:\n      waarde: 70\n" in plan.read_text("utf-8")


def test_jaar_and_the_plan_period_cap_the_range(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + ", vanaf: 2021}")
    f = json.loads(cli(plan, "--bron", OPEN_DATA, "--jaar", "2022", "--format", "json").stdout)["files"][0]
    assert [c["jaar"] for c in f["wijzigingen"] if c["soort"] == "meting_nieuw"] == [2021, 2022]
    plan = base_bound(
        tmp_path,
        MAANDEN + ", vanaf: 2021}",
        [("start: 2027\n    eind: 2030", "start: 2026\n    eind: 2026")],
    )
    plan.write_text(
        plan.read_text("utf-8")
        .replace("jaar: 2030\n    richting", "jaar: 2026\n    richting")
        .replace("jaar: 2030\n    wijze", "jaar: 2026\n    wijze"),
        "utf-8",
    )
    f = json.loads(cli(plan, "--bron", OPEN_DATA, "--format", "json").stdout)["files"][0]
    assert max(c["jaar"] for c in f["wijzigingen"] if c["soort"] == "meting_nieuw") == 2024


def test_years_before_the_range_are_never_added(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + "}")
    f = json.loads(cli(plan, "--bron", OPEN_DATA, "--format", "json").stdout)["files"][0]
    assert [c for c in f["wijzigingen"] if c["soort"] == "meting_nieuw"] == []


def test_a_cijfer_never_moves_to_an_older_year(tmp_path):
    pairs = [("          jaar: 2025\n          open_data:", "          jaar: 2030\n          open_data:")]
    plan = edited(tmp_path, pairs)
    f = json.loads(cli(plan, "--bron", OPEN_DATA, "--format", "json").stdout)["files"][0]
    assert not [c for c in f["wijzigingen"] if c["path"].startswith("probleemanalyse.bevindingen[0].cijfers[0]")]


def test_a_bron_year_is_never_lowered(tmp_path):
    plan = edited(
        tmp_path, [("      jaar: 2026   # het jaar van uitgave", "      jaar: 2029   # het jaar van uitgave")]
    )
    f = json.loads(cli(plan, "--bron", OPEN_DATA, "--format", "json").stdout)["files"][0]
    assert [c["path"] for c in f["wijzigingen"] if c["soort"] == "bron_jaar"] == ["probleemanalyse.bronnen[1].jaar"]


# ------------------------------------------------------------------------------------------------
# IVP144: the series cannot be read


@pytest.mark.parametrize(
    "od, expected",
    [
        (
            '{meetwaarde: Misdrijven, filters: {SoortMisdrijf: "1.1.1"}, perioden: maanden}',
            "onbekende meetwaarde 'Misdrijven' in tabel 47013NED (bekend: 'GeregistreerdeMisdrijven_1', "
            "'Aangiften_2', 'Internetaangiften_3')",
        ),
        (
            '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.1"}, perioden: maanden}',
            "onbekende filter SoortMisdrijf '1.1': die staat niet in kolom 'SoortMisdrijf' van tabel 47013NED "
            "(geldig: '0.0.0 (Totaal misdrijven)', '1.1.1 (Diefstal/inbraak woning)', '1.2.3 (Diefstal van "
            "brom-, snor-, fietsen)')",
        ),
        (
            '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.1.1"}, '
            "perioden: maanden, regio: GM9009}",
            "onbekende regio 'GM9009': die staat niet in kolom 'RegioS' van tabel 47013NED (geldig: 'GM9001 "
            "(Voorbeeldstad)', 'GM9002 (Anderdorp)')",
        ),
        (
            "{meetwaarde: GeregistreerdeMisdrijven_1, perioden: maanden}",
            "meer dan één rij per periode in tabel 47013NED: kies in open_data.filters een code voor "
            "'SoortMisdrijf' (geldig: '0.0.0', '1.1.1', '1.2.3')",
        ),
        (
            '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {Soort: "1.1.1"}, perioden: maanden}',
            "tabel 47013NED heeft geen kolom 'Soort' om op te filteren (wel: 'SoortMisdrijf')",
        ),
        (
            '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.1.1"}}',
            "tabel 47013NED heeft geen jaarcijfers (perioden als 2024JJ00); gebruik perioden: maanden",
        ),
    ],
)
def test_ivp144_names_the_column_and_valid_values(tmp_path, od, expected):
    plan = base_bound(tmp_path, od)
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = diag_lines(result, "IVP144")
    row = line_of(plan, "    open_data: {meetwaarde")
    assert (
        f"{plan}:{row}:16: fout IVP144 meetbare_doelen[0].open_data: de reeks kan niet worden gelezen: {expected}"
        == line
    )


def test_ivp144_padded_keys_are_compared_trimmed(tmp_path):
    """The plan writes "1.1.1" and GM9001; the table has "1.1.1 " and "GM9001  "."""
    assert '"SoortMisdrijf":"1.1.1 "' in (OPEN_DATA / "47013NED" / "TypedDataSet.json").read_text("utf-8")
    plan = base_bound(
        tmp_path,
        '{meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.1.1 "}, '
        'perioden: maanden, regio: "GM9001  "}',
    )
    assert cli(plan, "--bron", OPEN_DATA).exit_code == 0


def test_ivp144_table_not_found_offline(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + "}")
    result = cli(plan)
    assert result.exit_code == 1
    assert "geen bron voor tabel 47013NED: geef --bron MAP met de gedownloade bestanden" in result.stderr
    empty = tmp_path / "leeg"
    empty.mkdir()
    result = cli(plan, "--bron", empty)
    assert result.exit_code == 1
    assert f"tabel 47013NED niet gevonden in {empty} (gezocht: map 47013NED/); of gebruik --online" in result.stderr


def test_ivp144_a_saved_table_without_perioden_or_a_period_dimension(tmp_path):
    folder = tmp_path / "bron" / "47013NED"
    shutil.copytree(OPEN_DATA / "47013NED", folder)
    (folder / "Perioden.json").unlink()
    plan = base_bound(tmp_path, MAANDEN + "}")
    result = cli(plan, "--bron", tmp_path / "bron")
    assert "Perioden.json ontbreekt" in result.stderr and result.exit_code == 1
    props = json.loads((folder / "DataProperties.json").read_text("utf-8"))
    props["value"] = [p for p in props["value"] if p["Type"] != "TimeDimension"]
    (folder / "DataProperties.json").write_text(json.dumps(props), "utf-8")
    result = cli(plan, "--bron", tmp_path / "bron")
    assert "tabel 47013NED heeft geen perioden" in result.stderr and result.exit_code == 1


def test_ivp144_a_broken_json_file(tmp_path):
    folder = tmp_path / "bron" / "47013NED"
    shutil.copytree(OPEN_DATA / "47013NED", folder)
    (folder / "TypedDataSet.json").write_text('{"value": [', "utf-8")
    result = cli(base_bound(tmp_path, MAANDEN + "}"), "--bron", tmp_path / "bron")
    assert result.exit_code == 1
    assert "TypedDataSet.json is geen leesbare JSON" in result.stderr


def test_a_region_in_a_wijk_table_geodetail(tmp_path):
    """47018NED: the politie's wijk and buurt table; its region is a GeoDetail, keys padded to 10."""
    plan = edited(
        tmp_path,
        [
            (
                POLITIE_BRON,
                POLITIE_BRON + "      open_data: {tabel: 47018NED, catalogus: politie}\n",
            ),
            (
                "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
                "    open_data: {meetwaarde: GeregistreerdeMisdrijven_1, "
                'filters: {SoortMisdrijf: "0.0.0"}, regio: WK900101, vanaf: 2022}\n',
            ),
            ("waarde: 95\n      jaar: 2026", "waarde: 542\n      jaar: 2026"),
            ("waarde: 70\n      jaar: 2030", "waarde: 500\n      jaar: 2030"),
        ],
        source=BASE,
    )
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    assert "      - {waarde: 610, jaar: 2022}\n" in plan.read_text("utf-8")
    assert "- {waarde: 542, jaar: 2026, voorlopig: true}" in plan.read_text("utf-8")


# ------------------------------------------------------------------------------------------------
# IVP149: no edit that would touch other text


def test_ivp149_a_multi_line_flow_list(tmp_path):
    plan = base_bound(
        tmp_path,
        MAANDEN + ", vanaf: 2023}",
        [
            (
                "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
                "    metingen: [{jaar: 2025, waarde: 80},\n      {jaar: 2026, waarde: 95}]\n",
            )
        ],
    )
    before = plan.read_bytes()
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = diag_lines(result, "IVP149")
    assert (
        " fout IVP149 meetbare_doelen[0].metingen: het plan kan hier niet worden bijgewerkt zonder andere "
        "tekst te raken" in line
    )
    assert "er is niets geschreven" in line
    assert plan.read_bytes() == before


def test_a_one_line_flow_list_is_edited_in_place(tmp_path):
    plan = base_bound(
        tmp_path,
        MAANDEN + ", vanaf: 2023}",
        [
            (
                "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
                "    metingen: [{jaar: 2025, waarde: 81}, {jaar: 2026, waarde: 95}]  # lijst\n",
            )
        ],
    )
    assert cli(plan, "--bron", OPEN_DATA, "--schrijf").exit_code == 0
    assert (
        "    metingen: [{jaar: 2023, waarde: 91}, {jaar: 2024, waarde: 88}, {jaar: 2025, waarde: 80}, "
        "{jaar: 2026, waarde: 95, voorlopig: true}]  # lijst\n"
    ) in plan.read_text("utf-8")


def _zandwijk_with_a_bound_doel(tmp_path: Path, tail: str) -> Path:
    """examples/gezamenlijk/zandwijk (copied to tmp_path) with one more doel, z-straatroof, ending in `tail`."""
    return edited(
        tmp_path,
        [
            (
                "    trekker: gemeente\n    partners: [politie]\n",
                "    trekker: gemeente\n    partners: [politie]\n  - id: z-straatroof\n    prioriteit: ondermijning\n"
                "    omschrijving: Minder straatroof.\n    indicator: Geregistreerde straatroven\n    eenheid: aantal\n"
                "    bron: politie-2026\n    nulmeting: {waarde: 92, jaar: 2025}\n"
                "    streefwaarde: {waarde: 60, jaar: 2030}\n"
                "    richting: dalen\n    trekker: politie\n" + tail,
            )
        ],
        source=tmp_path / "gezamenlijk" / "zandwijk" / "ivp.yaml",
        name="gezamenlijk/zandwijk/ivp.yaml",
    )


def test_a_deel_b_is_read_as_its_merged_plan(tmp_path):
    """cijfers reads a deel B as validate does, with its deel A; it writes only the deel B, and reports what
    would change in deel A."""
    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path, dirs_exist_ok=True)
    result = cli("gezamenlijk/zandwijk/ivp.yaml", "--bron", "open-data", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "gezamenlijk/zandwijk/ivp.yaml: geen wijzigingen\n"
    binding = (
        '    open_data: {meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.4.6"}, perioden: maanden, '
        "regio: GM9012}\n"
    )
    bron = "      uitgever: Politie Oost-Brabant\n      jaar: 2026\n"
    deel_a = edited(
        tmp_path,
        [
            (bron, bron + "      open_data: {tabel: 47013NED, catalogus: politie}\n"),
            (
                "    richting: dalen\n    trekker: politie\n    metingen:\n",
                "    richting: dalen\n    trekker: politie\n" + binding + "    metingen:\n",
            ),
        ],
        source=tmp_path / "gezamenlijk" / "deel-a.yaml",
        name="gezamenlijk/deel-a.yaml",
    )
    _zandwijk_with_a_bound_doel(tmp_path, binding)
    before = deel_a.read_bytes()
    result = cli("gezamenlijk/zandwijk/ivp.yaml", "--bron", "open-data", "--schrijf", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/gezamenlijk/zandwijk/ivp.yaml\n+++ b/gezamenlijk/zandwijk/ivp.yaml\n")
    assert "+      - {waarde: 57, jaar: 2028, voorlopig: true}\n" in result.stdout
    notes = [line for line in result.stderr.splitlines() if line.startswith("ivplan: waarschuwing: ")]
    assert notes[0] == (
        "ivplan: waarschuwing: gezamenlijk/deel-a.yaml:151:17: meetbare_doelen[1].metingen[0].waarde: gecorrigeerd "
        "(2024) niet geschreven: dit staat in het gezamenlijke deel A, en ivplan cijfers schrijft alleen "
        "gezamenlijk/zandwijk/ivp.yaml"
    )
    assert (
        "gezamenlijk/deel-a.yaml:52:13: probleemanalyse.bronnen[0].jaar: bronjaar (2029) niet geschreven" in notes[-2]
    )
    assert result.stderr.splitlines()[-1] == "gezamenlijk/zandwijk/ivp.yaml: 4 metingen toegevoegd; geschreven"
    assert deel_a.read_bytes() == before
    assert lint_plan(tmp_path / "gezamenlijk" / "zandwijk" / "ivp.yaml").counts()[0] == 0


def test_ivp149_in_a_deel_b_names_the_deel_b(tmp_path):
    """A deel B's metingen written as a flow list over two lines cannot be edited in place: IVP149 names the
    deel B's own file and line (the edits are the deel B's), not deel A's element at that merged index."""
    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path, dirs_exist_ok=True)
    binding = (
        '    open_data: {meetwaarde: GeregistreerdeMisdrijven_1, filters: {SoortMisdrijf: "1.4.6"}, perioden: maanden, '
        "regio: GM9012}\n"
    )
    bron = "      uitgever: Politie Oost-Brabant\n      jaar: 2026\n"
    edited(
        tmp_path,
        [(bron, bron + "      open_data: {tabel: 47013NED, catalogus: politie}\n")],
        source=tmp_path / "gezamenlijk" / "deel-a.yaml",
        name="gezamenlijk/deel-a.yaml",
    )
    flow = "    metingen: [{jaar: 2024, waarde: 90},\n      {jaar: 2025, waarde: 92}]\n"
    deel_b = _zandwijk_with_a_bound_doel(tmp_path, binding + flow)
    before = deel_b.read_bytes()
    result = cli("gezamenlijk/zandwijk/ivp.yaml", "--bron", "open-data", "--schrijf", cwd=tmp_path)
    assert result.exit_code == 1
    (line,) = diag_lines(result, "IVP149")
    at = line_of(deel_b, "    metingen: [{jaar: 2024")
    assert line.startswith(f"gezamenlijk/zandwijk/ivp.yaml:{at}:"), line
    assert deel_b.read_bytes() == before


def test_a_tab_as_whitespace_after_a_value_is_edited_around(tmp_path):
    """YAML allows a TAB between a value and its comment, or at the end of a line; ruamel's scanner does not. The
    plan is edited as without the TABs, and they stay where they were."""
    plan = base_bound(
        tmp_path,
        MAANDEN + ", vanaf: 2023}",
        [
            (
                "    metingen:\n      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n",
                "    metingen: [{jaar: 2025, waarde: 81}, {jaar: 2026, waarde: 95}]\t# lijst\n",
            )
        ],
    )
    plan.write_text(plan.read_text("utf-8").replace("ivplan: 1\n", "ivplan: 1\t# versie\t\n", 1), "utf-8")
    assert CliRunner().invoke(main, ["validate", str(plan)]).exit_code == 0
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert result.exit_code == 0, result.stderr
    text = plan.read_text("utf-8")
    assert "\nivplan: 1\t# versie\t\n" in text
    assert (
        "    metingen: [{jaar: 2023, waarde: 91}, {jaar: 2024, waarde: 88}, {jaar: 2025, waarde: 80}, "
        "{jaar: 2026, waarde: 95, voorlopig: true}]\t# lijst\n"
    ) in text


def test_ivp149_what_the_editor_cannot_read_is_named_by_its_line():
    with pytest.raises(EditError) as caught:
        apply_edits("a: 1\nb: [2,\n", [SetValue(("a",), "3")])
    assert caught.value.position == (3, 1)
    assert caught.value.message == "de bewerker van ivplan kan regel 3 niet lezen, al is het geldige YAML"


def test_ivp149_a_doel_written_as_a_flow_mapping(tmp_path):
    text = BASE.read_text("utf-8").replace(
        POLITIE_BRON, POLITIE_BRON + "      open_data: {tabel: 47013NED, catalogus: politie}\n"
    )
    start = text.index("  - id: d1\n")
    end = text.index("\npartners:")
    doel = (
        "  - {id: d1, prioriteit: woninginbraak, omschrijving: Minder woninginbraken., "
        "indicator: Geregistreerde woninginbraken, "
        "bron: politie-2026, nulmeting: {waarde: 95, jaar: 2026}, streefwaarde: {waarde: 70, "
        "jaar: 2030}, richting: dalen, "
        "trekker: politie, partners: [gemeente, om], open_data: " + MAANDEN + ", vanaf: 2024}}\n"
    )
    plan = plan_file(tmp_path, text[:start] + doel + text[end:])
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    (line,) = diag_lines(result, "IVP149")
    assert " meetbare_doelen[0]: " in line and "het doel is als één sectie tussen { } geschreven" in line


# ------------------------------------------------------------------------------------------------
# What blocks, exit codes, writing


def test_binding_errors_block_the_plan_other_rule_errors_do_not(tmp_path):
    plan = edited(tmp_path, [("      open_data: {tabel: 47013NED, catalogus: politie}\n", "")])
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert {"IVP140"} == set(codes(result))
    plan = edited(
        tmp_path,
        [
            (
                "    richting: dalen\n    trekker: politie\n    partners: [gemeente, om]",
                "    richting: stijgen\n    trekker: politie\n    partners: [gemeente, om]",
            )
        ],
    )
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 0  # IVP012 is validate's business
    assert "IVP012" not in result.stderr and result.stdout.startswith("--- a/")


def test_a_schema_error_blocks_the_plan(tmp_path):
    plan = edited(tmp_path, [("      perioden: maanden\n  - id: d2", "      perioden: kwartalen\n  - id: d2")])
    result = cli(plan, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert codes(result) == ["IVP000"]


def test_several_plans_the_highest_exit_code_wins_and_good_plans_still_get_their_diff(tmp_path):
    good = hand(tmp_path, "goed.yaml")
    bad = edited(tmp_path, [("      open_data: {tabel: 47013NED, catalogus: politie}\n", "")], name="fout.yaml")
    result = cli(good, bad, "--bron", OPEN_DATA)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- a/{good}\n")
    assert f"a/{bad}" not in result.stdout


@pytest.mark.parametrize("what", ["ontbreekt", "bestand"])
def test_an_unreadable_bron_is_a_usage_error(tmp_path, what):
    target = tmp_path / "nergens"
    if what == "bestand":
        target.write_text("x")
    result = cli(hand(tmp_path), "--bron", target)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"ivplan: {target}: {'map niet gevonden' if what == 'ontbreekt' else 'is geen map'}"


def test_a_missing_plan_is_a_usage_error(tmp_path):
    result = cli(tmp_path / "weg.yaml", "--bron", OPEN_DATA)
    assert result.exit_code == 2
    assert f"ivplan: {tmp_path / 'weg.yaml'}: bestand niet gevonden" in result.stderr


def test_vraag_needs_a_terminal(tmp_path):
    result = cli(hand(tmp_path), "--bron", OPEN_DATA, "--vraag")
    assert result.exit_code == 2
    assert "--vraag werkt alleen in een terminal" in result.stderr


def test_vraag_asks_per_change_on_a_terminal(tmp_path):
    """In a pseudo-terminal: the new meting of 2023 is taken, every other change left."""
    import pty

    plan = base_bound(tmp_path, MAANDEN + ", vanaf: 2023}")
    pid, fd = pty.fork()
    if pid == 0:  # the child: ivplan on the terminal
        os.execv(
            sys.executable, [sys.executable, "-m", "ivplan", "cijfers", str(plan), "--bron", str(OPEN_DATA), "--vraag"]
        )
    output = b""
    answered = 0
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        while output.count(b"Overnemen? [j/N]") > answered:
            asked = output.split(b"Overnemen? [j/N]")[answered].strip().splitlines()[-1]
            os.write(fd, b"j\n" if b"nieuwe meting 2023" in asked else b"n\n")
            answered += 1
    os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert "meetbare_doelen[0].metingen[0]: nieuwe meting 2023: - → 91" in text
    written = plan.read_text("utf-8")
    assert "      - {jaar: 2023, waarde: 91}\n" in written or "      - jaar: 2023\n        waarde: 91\n" in written
    assert "2024" not in written.replace("2024-", "")
    assert POLITIE_BRON + "      open_data: {tabel: 47013NED" in written  # the bron year was left


def test_a_plan_changed_on_disk_since_it_was_read_is_not_written(tmp_path):
    plan = hand(tmp_path)
    run = app.analyse(plan, str(plan), Sources([OPEN_DATA]), app.Options())
    app.render(run)
    plan.write_text(plan.read_text("utf-8") + "# intussen bewerkt\n", "utf-8")
    with pytest.raises(
        app.ChangedOnDisk, match="het bestand is gewijzigd sinds ivplan het las; er is niets geschreven"
    ):
        app.write(run)
    assert plan.read_text("utf-8").endswith("# intussen bewerkt\n")


def test_a_symlinked_plan_writes_its_target_and_keeps_its_mode(tmp_path):
    target = hand(tmp_path, "echt.yaml")
    target.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert cli(link, "--bron", OPEN_DATA, "--schrijf").exit_code == 0
    assert link.is_symlink()
    assert target.read_bytes() == EXPECTED.read_bytes()
    assert target.stat().st_mode & 0o777 == 0o600


def test_validate_and_build_open_no_socket(tmp_path):
    """A plan with bindings is validated and built in a process where any network connection fails."""
    plan = hand(tmp_path)
    hook = (
        "import sys\n"
        "def hook(event, args):\n"
        "    if event in ('socket.connect', 'socket.getaddrinfo', 'socket.gethostbyname'):\n"
        "        if event != 'socket.connect' or isinstance(args[1], tuple):\n"
        "            sys.stderr.write('NETWERK ' + event + '\\n'); sys.stderr.flush(); import os; os._exit(99)\n"
        "sys.addaudithook(hook)\n"
        "from ivplan.cli.entry import main\n"
        "sys.argv = ['ivplan'] + sys.argv[1:]\n"
        "main()\n"
    )
    for args in (["validate", str(plan)], ["build", str(plan), "-o", str(tmp_path / "uit"), "--jobs", "1"]):
        done = subprocess.run([sys.executable, "-c", hook, *args], capture_output=True, text=True, cwd=tmp_path)
        assert "NETWERK" not in done.stderr, done.stderr
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "uit").is_dir()


def test_regels_and_uitleg_know_the_new_rules():
    result = CliRunner().invoke(main, ["regels"])
    for code in (f"IVP14{i}" for i in range(10)):
        assert re.search(rf"^{code}  (fout|waarschuwing) ", result.stdout, re.M), code
    result = CliRunner().invoke(main, ["uitleg", "IVP149"])
    assert result.exit_code == 0 and "Wat:" in result.stdout and "Hoe op te lossen:" in result.stdout


# ------------------------------------------------------------------------------------------------
# The documents: "(voorlopig)" after a provisional figure, the table behind a bron


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_documents_show_provisional_figures_and_the_table_of_a_bron(tmp_path):
    plan = plan_file(tmp_path, EXPECTED.read_text("utf-8"))
    out = tmp_path / "uit"
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(out), "--markdown"])
    assert result.exit_code == 0, result.stderr
    (docx,) = out.glob("*-plan.docx")
    text = _docx_text(docx)
    assert "95 (voorlopig)" in text  # the cijfer 'Woninginbraken' of 2026
    assert "24.150 (voorlopig)" in text
    assert "1.355 (voorlopig)" not in text
    assert "cijfers uit tabel 47013NED van data.politie.nl" in text
    assert "cijfers uit tabel 70072ned van CBS StatLine" in text
    checked = subprocess.run(
        [sys.executable, str(VALIDATE), *map(str, out.glob("*.docx"))], capture_output=True, text=True
    )
    assert checked.returncode == 0 and "0 schema problems" in checked.stdout, checked.stdout
    result = CliRunner().invoke(main, ["voortgang", str(plan), "--jaar", "2026", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    (brief,) = out.glob("*-voortgang-2026.docx")
    assert "95 (voorlopig) (2026)" in _docx_text(brief)


# ------------------------------------------------------------------------------------------------
# The examples and the README's yearly routine


EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.mark.parametrize(
    "name, nieuw",
    [
        ("havenstad.yaml", [("hic-straatroof", 2025, 92)]),
        ("oldenveld.yaml", [("d1", y, v) for y, v in ((2025, 58), (2026, 55), (2027, 51), (2028, 49))]),
    ],
)
def test_the_examples_bindings_read_the_example_table(tmp_path, name, nieuw):
    plan = tmp_path / name
    shutil.copy(EXAMPLES / name, plan)
    before = [(d.code, d.path) for d in lint_plan(plan).diagnostics]
    result = cli(plan, "--bron", EXAMPLES / "open-data", "--schrijf", "--format", "json")
    assert result.exit_code == 0, result.stderr
    f = json.loads(result.stdout)["files"][0]
    assert f["diagnostics"] == []
    doelen = dict(enumerate(d["id"] for d in yaml.safe_load((EXAMPLES / name).read_text("utf-8"))["meetbare_doelen"]))
    new = [
        (doelen[int(re.search(r"\[(\d+)\]", c["path"]).group(1))], c["jaar"], c["nieuw"])
        for c in f["wijzigingen"]
        if c["soort"] == "meting_nieuw"
    ]
    assert new == nieuw
    after = [(d.code, d.path) for d in lint_plan(plan).diagnostics]
    assert after == before  # the example still gives exactly the diagnostics tests/test_examples.py expects
    assert cli(plan, "--bron", EXAMPLES / "open-data").stderr.splitlines()[-1] == f"{plan}: geen wijzigingen"


# ------------------------------------------------------------------------------------------------
# Editing details


def test_new_metingen_in_a_block_list_copy_its_style(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + ", vanaf: 2023}")
    assert cli(plan, "--bron", OPEN_DATA, "--schrijf").exit_code == 0
    assert (
        "    metingen:\n      - jaar: 2023\n        waarde: 91\n      - jaar: 2024\n        waarde: 88\n"
        "      - jaar: 2025\n        waarde: 80\n      - jaar: 2026\n        waarde: 95\n        voorlopig: true\n"
    ) in plan.read_text("utf-8")


def test_a_value_is_rewritten_only_when_it_differs_numerically(tmp_path):
    plan = base_bound(tmp_path, MAANDEN + "}", [("        waarde: 80\n", "        waarde: 80.00   # zo geschreven\n")])
    cli(plan, "--bron", OPEN_DATA, "--schrijf")
    assert "        waarde: 80.00   # zo geschreven\n" in plan.read_text("utf-8")


def test_of_two_metingen_with_one_year_the_last_is_updated(tmp_path):
    plan = base_bound(
        tmp_path,
        MAANDEN + "}",
        [
            (
                "      - jaar: 2025\n        waarde: 80\n",
                "      - jaar: 2025\n        waarde: 70\n      - jaar: 2025\n        waarde: 75\n",
            )
        ],
    )
    result = cli(plan, "--bron", OPEN_DATA, "--schrijf")
    (line,) = diag_lines(result, "IVP145")
    assert "meetbare_doelen[0].metingen[1].waarde" in line and "75 → 80" in line
    assert "      - jaar: 2025\n        waarde: 70\n      - jaar: 2025\n        waarde: 80\n" in plan.read_text("utf-8")


def test_line_separators_inside_text_stay_and_lines_split_on_newline_only(tmp_path):
    """U+2028 and U+0085 are no line breaks in YAML 1.2: the diff splits on '\\n' only, patch applies it."""
    text = HAND.read_text("utf-8").replace(
        "Een enquête onder 1.200 inwoners.", '"Een enquête\u2028onder 1.200\u0085inwoners."'
    )
    dry, written = tmp_path / "droog", tmp_path / "echt"
    for folder in (dry, written):
        folder.mkdir()
        plan_file(folder, text)
    result = cli("plan.yaml", "--bron", OPEN_DATA, cwd=dry)
    assert result.exit_code == 0, result.stderr
    patched = subprocess.run(
        ["patch", "-p1", "--binary", "-s"], input=result.stdout_bytes, cwd=dry, capture_output=True
    )
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert cli("plan.yaml", "--bron", OPEN_DATA, "--schrijf", cwd=written).exit_code == 0
    new = (written / "plan.yaml").read_bytes()
    assert (dry / "plan.yaml").read_bytes() == new
    expected = EXPECTED.read_text("utf-8").replace(
        "Een enquête onder 1.200 inwoners.", '"Een enquête\u2028onder 1.200\u0085inwoners."'
    )
    assert new == expected.encode("utf-8")


def test_ivp141_a_noemer_from_a_csv_file(tmp_path):
    plan = edited(
        tmp_path,
        [
            (
                "      open_data:\n        tabel: 70072ned\n",
                "      open_data:\n        tabel: 70072ned\n        bestand: bevolking.csv\n",
            )
        ],
    )
    result = CliRunner().invoke(main, ["validate", str(plan)])
    (line,) = [line for line in result.stdout.splitlines() if " IVP141 " in line]
    assert "meetbare_doelen[1].open_data.per.bron: " in line and "bevolking.csv" in line
    assert cli(plan, "--bron", OPEN_DATA).exit_code == 1


def test_ivp142_names_the_scale_as_a_whole_number():
    from ivplan.validation.rules.ivp142_eenheid_schaal import names_scale

    assert names_scale("per 1.000 inwoners", 1000)
    assert names_scale("per 1000 woningen", 1000)
    assert names_scale("per 1 000 inwoners", 1000)
    assert not names_scale("per 10.000 inwoners", 1000)
    assert not names_scale("per 100 inwoners", 1000)
    assert not names_scale("aantal", 1000)
    assert names_scale("per 10.000 inwoners", 10000)


def test_ivp143_regions_in_another_gemeente():
    from ivplan.validation.rules.ivp143_regio_andere_gemeente import elsewhere

    assert not elsewhere("WK034401", "GM0344") and not elsewhere("BU03440101", "GM0344")
    assert elsewhere("BU03450101", "GM0344") and elsewhere("GM0345", "GM0344")
    assert not elsewhere("NL01", "GM0344") and not elsewhere(" gm0344 ", "GM0344")


@pytest.mark.parametrize(
    ("decimals", "value", "written"),
    [
        (100, "7559.0", "7559.0"),  # a Decimals no table has: the value as published
        (-3, "7559.0", "7559.0"),
        (0, "1E-100", "0"),
        (None, "0.0000000000000000000000000000000000000000000000000000000000000000000001", "0.0000000000"),
    ],
)
def test_a_table_with_impossible_decimals_or_a_tiny_value_is_no_internal_error(tmp_path, decimals, value, written):
    """A table that claims 100 or -3 decimals, or a value with seventy decimal places, ended in an internal
    error (exit 3); now a table's Decimals outside 0..10 counts as not given, and no value is written with
    more than ten decimals."""
    od = tmp_path / "od" / "80137ned"
    shutil.copytree(OPEN_DATA / "80137ned", od)
    props = json.loads((od / "DataProperties.json").read_text("utf-8"))
    (topic,) = [p for p in props["value"] if p.get("Key") == "Werknemers_2"]
    topic["Decimals"] = decimals
    (od / "DataProperties.json").write_text(json.dumps(props), "utf-8")
    rows = json.loads((od / "TypedDataSet.json").read_text("utf-8"))
    (row,) = [
        r
        for r in rows["value"]
        if r["Perioden"] == "2001JJ00" and r["BedrijfstakkenSBI93"] == "99" and r["Persoonskenmerken"] == "1 "
    ]
    row["Werknemers_2"] = "@VALUE@"
    (od / "TypedDataSet.json").write_text(json.dumps(rows).replace('"@VALUE@"', value), "utf-8")
    plan = _arbeid_plan(tmp_path, REAL_BINDING)
    result = cli(plan, "--bron", od.parent, "--schrijf")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert f"      - {{waarde: {written}, jaar: 2001}}\n" in plan.read_text("utf-8")
