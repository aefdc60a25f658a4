"""A new user's first steps (issue 13, items 15 and 16).

- README.md's "Zo begint u" runs exactly as written after `make demo` (which leaves .venv/ behind);
  `make demo` ends by saying how to reach the command.
- A rebuild without --markdown removes the .md files an earlier build wrote for that plan (only those).
- Building the package gives no deprecation warning about `project.license`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal_plan.yaml"
NAME = "voorbeeldstad-ivp-2027-2030"
VENV = Path(sys.prefix)


def _first_steps() -> str:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("## Zo begint u", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_first_steps_start_by_making_the_command_reachable():
    first = _first_steps().strip().splitlines()[0]
    assert first in (". .venv/bin/activate", "source .venv/bin/activate")


def test_make_demo_ends_by_saying_how_to_reach_the_command():
    makefile = ROOT.joinpath("Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    last_lines = [line.strip() for line in recipe.splitlines() if line.strip()][-3:]
    assert any(". .venv/bin/activate" in line for line in last_lines), last_lines
    assert any(".venv/bin/ivplan" in line for line in last_lines), last_lines


@pytest.mark.skipif(
    not (VENV / "bin" / "activate").is_file() or not (VENV / "bin" / "ivplan").is_file(),
    reason="the tests do not run from a venv with the ivplan command (as make demo and make test make)",
)
def test_the_readme_first_steps_run_exactly_as_written_after_make_demo(tmp_path):
    # the folder a user is in after `make demo`: the checkout with its .venv (here: a link to it)
    (tmp_path / ".venv").symlink_to(VENV)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}  # no ivplan on PATH
    assert shutil.which("ivplan", path=env["PATH"]) is None
    run = subprocess.run(
        ["bash", "-e", "-c", _first_steps()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "command not found" not in run.stderr
    assert (tmp_path / "mijnplan" / "ivp.yaml").is_file()
    assert len(list((tmp_path / "stukken").glob("*-plan.docx"))) == 1


def test_a_rebuild_without_markdown_removes_only_its_own_stale_markdown(tmp_path):
    out = tmp_path / "uit"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(MINIMAL), "-o", str(out), "--markdown", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert (out / f"{NAME}-plan.md").is_file() and (out / f"{NAME}-raadsvoorstel.md").is_file()
    # files that are not this plan's own outputs stay
    keep = [out / "aantekeningen.md", out / "anderstad-ivp-2027-2030-plan.md", out / f"{NAME}-plan.md.bak"]
    for path in keep:
        path.write_text("van de gebruiker\n", encoding="utf-8")
    again = runner.invoke(main, ["build", str(MINIMAL), "-o", str(out), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.glob(f"{NAME}-*")) == [
        f"{NAME}-plan.docx",
        f"{NAME}-plan.md.bak",
        f"{NAME}-raadsvoorstel.docx",
    ]
    assert all(path.read_text(encoding="utf-8") == "van de gebruiker\n" for path in keep)


def test_a_failed_rebuild_keeps_the_markdown(tmp_path, monkeypatch):
    import ivplan.app.build

    out = tmp_path / "uit"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(MINIMAL), "-o", str(out), "--markdown", "--jobs", "1"]).exit_code == 0

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(ivplan.app.build, "write_docx", broken)
    result = runner.invoke(main, ["build", str(MINIMAL), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 3
    assert (out / f"{NAME}-plan.md").is_file()  # nothing of a failed build is removed either


def test_the_license_is_an_spdx_expression_that_the_pinned_setuptools_understands():
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "EUPL-1.2"
    [setuptools] = [r for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    minimum = tuple(int(x) for x in re.search(r">=\s*([\d.]+)", setuptools).group(1).split("."))
    assert minimum >= (77,)  # the first setuptools that reads `license` as an SPDX expression


def test_building_the_wheel_gives_no_license_deprecation_warning(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-v",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    output = run.stdout + run.stderr
    assert "project.license` as a TOML table is deprecated" not in output
    [wheel] = tmp_path.glob("ivplan-*.whl")
    with zipfile.ZipFile(wheel) as z:
        metadata = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: EUPL-1.2" in metadata
