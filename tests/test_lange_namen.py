"""A path with a name longer than the file system allows (more than 255 bytes: ENAMETOOLONG) is an
unusable path like any other: at every place a user can write a path, it gets the message and the exit
code a missing file gets there, never an internal error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main

EXAMPLES = Path(__file__).parents[1] / "examples"
LONG = "x" * 300


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "interne fout" not in output, output
    return result


@pytest.fixture
def work(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES, tmp_path / "w")
    monkeypatch.chdir(tmp_path / "w")
    return tmp_path / "w"


def edit(path: str, old: str, new: str, to: str) -> str:
    text = Path(path).read_text("utf-8")
    assert old in text
    Path(to).write_text(text.replace(old, new, 1), "utf-8")
    return to


def test_programme_plan(work):
    f = edit("uitvoering/havenstad-2027.yaml", "plan: ../havenstad.yaml", f"plan: ../{LONG}.yaml", "uitvoering/f.yaml")
    result = run("validate", f)
    assert result.exit_code == 1
    assert f"uitvoering/f.yaml:7:7: fout IVP100 plan: het plan '../{LONG}.yaml' bestaat niet" in result.stdout


def test_deel_b_link_and_the_set_of_its_deel_a(work):
    f = edit(
        "gezamenlijk/zandwijk/ivp.yaml",
        "gezamenlijk: ../deel-a.yaml",
        f"gezamenlijk: ../{LONG}.yaml",
        "gezamenlijk/zandwijk/f.yaml",
    )
    result = run("validate", f)
    assert result.exit_code == 1
    assert f"fout IVP120 gezamenlijk: '../{LONG}.yaml' bestaat niet" in result.stdout
    # the deel B beside the others does not break the set of deel A
    result = run("validate", "gezamenlijk/deel-a.yaml")
    assert result.exit_code == 0
    assert "4 bestanden gecontroleerd: 0 fouten" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["build", "oldenveld.yaml", "--huisstijl", f"{LONG}.docx", "-o", "out"],
            f"{LONG}.docx: huisstijlbestand niet gevonden",
        ),
        (["build", "oldenveld.yaml", "--templates", LONG, "-o", "out"], f"{LONG}: sjablonenmap niet gevonden"),
        (
            ["toets", "oldenveld.yaml", "--sjabloon", f"{LONG}.yaml"],
            f"{LONG}.yaml: kan niet schrijven (de naam is te lang)",
        ),
        (["preview", f"{LONG}.yaml", "--geen-browser"], f"{LONG}.yaml: bestand niet gevonden"),
        (
            ["preview", "oldenveld.yaml", "--regio", f"{LONG}.yaml", "--geen-browser"],
            f"{LONG}.yaml: regiobestand niet gevonden",
        ),
        (
            ["init", "--uitvoering", "2027", "havenstad.yaml", LONG],
            f"{LONG}: uitvoermap kan niet worden gemaakt (de naam is te lang)",
        ),
        (
            [
                "init",
                LONG,
                "--gemeente",
                "X",
                "--cbs-code",
                "GM0123",
                "--inwoners",
                "5000",
                "--politie-eenheid",
                "Limburg",
            ],
            f"{LONG}: uitvoermap kan niet worden gemaakt (de naam is te lang)",
        ),
        (["cijfers", "havenstad.yaml", "--bron", LONG], f"{LONG}: map niet gevonden"),
    ],
    ids=["huisstijl", "templates", "sjabloon", "preview", "preview-regio", "init-uitvoering", "init", "bron"],
)
def test_an_option_or_argument_is_a_usage_error(work, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert f"ivplan: {message}" in result.stderr


def test_open_data_bestand_is_looked_for_like_a_missing_one(work):
    # a `bestand` that is not there: the table's folder is used instead, as for any missing file
    f = edit(
        "havenstad.yaml",
        "open_data: {tabel: 47013NED, catalogus: politie}",
        f"open_data: {{tabel: 47013NED, catalogus: politie, bestand: {LONG}.csv}}",
        "f.yaml",
    )
    result = run("cijfers", f, "--bron", "open-data")
    assert result.exit_code == 0
    assert "f.yaml: 1 meting toegevoegd" in result.stderr


@pytest.mark.parametrize("key", [LONG, "Extra"])
def test_a_dimension_key_too_long_for_a_file_name(work, key):
    # a dimension without its code list (<Key>.json): read like one whose file is missing
    shutil.copytree("open-data", "od")
    props = Path("od/47013NED/DataProperties.json")
    data = json.loads(props.read_text("utf-8"))
    data["value"].append({"ID": 6, "Position": 6, "ParentID": None, "Type": "Dimension", "Key": key, "Title": "X"})
    props.write_text(json.dumps(data), "utf-8")
    result = run("cijfers", "havenstad.yaml", "--bron", "od")
    assert result.exit_code == 0
    assert "havenstad.yaml: 1 meting toegevoegd" in result.stderr
