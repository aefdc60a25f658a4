"""A gemeente's own templates (`--templates`) get a time and a memory budget and stay inside their folder
(issue 13, item 19). Every attack template is written by the test itself.

The attacks that allocate run in a subprocess (the real `ivplan`), so that a regression costs that
process its memory and not the test run's; the memory budget (RLIMIT_AS) is also only set in a process
with one thread, as a build is.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import ivplan.documents.templating as templating
from ivplan.cli.commands import main

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal_plan.yaml"
NAME = "voorbeeldstad-ivp-2027-2030"


def _templates(tmp_path: Path, plan_template: str) -> Path:
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    (folder / "plan.md.j2").write_text(plan_template, encoding="utf-8")
    return folder


def _ivplan(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", "from ivplan.cli.entry import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return run, time.monotonic() - started


def _build_in_subprocess(tmp_path: Path, folder: Path):
    out = tmp_path / "uit"
    run, elapsed = _ivplan("build", str(MINIMAL), "-o", str(out), "--templates", str(folder), "--jobs", "1")
    assert "Traceback" not in run.stderr, run.stderr
    return run, elapsed, out


@pytest.mark.parametrize(
    "source, fragment",
    [
        ('{{ "x" * 3000000000 }}', "de uitkomst wordt te groot (een herhaling van 3000000000 tekens"),
        ("{{ 2 ** 4000000000 }}", "de uitkomst wordt te groot (een macht met meer dan"),
        ('{{ "x"|indent(3000000000, true) }}', "de uitkomst wordt te groot (filter 'indent' met 3000000000"),
        ('{{ "a b"|center(3000000000) }}', "de uitkomst wordt te groot (filter 'center' met 3000000000"),
        ('{{ "%*s"|format(3000000000, "x") }}', "het sjabloon vraagt meer dan 512 MB geheugen"),
        ('{{ "x".ljust(3000000000) }}', "het sjabloon vraagt meer dan 512 MB geheugen"),
        (
            '{% set ns = namespace(s="xxxxxxxx") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
            "{% endfor %}{{ ns.s|length }}",
            "het sjabloon vraagt meer dan 512 MB geheugen",
        ),
        (
            '{% for i in range(2000) %}{{ "x" * 10000 }}{% endfor %}',
            "het sjabloon maakt 20000008 tekens tekst (de grens is 16777216)",
        ),
    ],
)
def test_a_template_that_would_take_gigabytes_is_stopped_with_a_dutch_message(tmp_path, source, fragment):
    folder = _templates(tmp_path, "# Plan\n\n" + source + "\n")
    run, elapsed, out = _build_in_subprocess(tmp_path, folder)
    assert run.returncode == 1, run.stderr
    assert "sjabloon 'plan.md.j2'" in run.stderr and fragment in run.stderr, run.stderr
    assert "interne fout" not in run.stderr
    assert elapsed < 30, elapsed  # before: 30-60 s and 12-24 GB of memory, exit 3 or even 0
    assert not list(out.glob("*-plan.docx")) if out.exists() else True


def test_a_template_that_loops_for_ever_is_stopped_after_its_time(tmp_path, monkeypatch):
    import resource

    limit_before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(templating, "RENDER_SECONDS", 1)
    folder = _templates(
        tmp_path, "# Plan\n\n{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    )
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "-o", str(tmp_path / "uit"), "--templates", str(folder), "--jobs", "1"]
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert (
        "sjabloon 'plan.md.j2', regel 4: het sjabloon is na 1 seconden nog niet klaar (een lus die te lang "
        "doorgaat?); het document is niet gemaakt"
    ) in result.stderr
    assert elapsed < 20, elapsed
    # nothing of the budget is left afterwards: the memory cap is lifted, the next render completes
    assert resource.getrlimit(resource.RLIMIT_AS) == limit_before
    time.sleep(1.5)  # past the budget of that render: no late exception arrives
    markdown = templating.render(templating.make_environment(None), "plan.md.j2", _context())
    assert "Voorbeeldstad" in markdown


def _context() -> dict:
    from ivplan.documents.context import plan_context
    from ivplan.validation.lint import lint_plan

    return plan_context(lint_plan(MINIMAL, str(MINIMAL)).data)


def test_the_default_budget_stops_a_hanging_template_in_a_real_build(tmp_path):
    folder = _templates(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n")
    run, elapsed, _ = _build_in_subprocess(tmp_path, folder)
    assert run.returncode == 1, run.stderr
    assert f"het sjabloon is na {templating.RENDER_SECONDS} seconden nog niet klaar" in run.stderr
    assert elapsed < templating.RENDER_SECONDS + 20, elapsed


def test_a_link_out_of_the_template_folder_is_not_followed(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("root:x:0:0:GEHEIM\n", encoding="utf-8")
    folder = _templates(tmp_path, '# Plan\n\n{% include "x.txt" %}\n')
    os.symlink(secret, folder / "x.txt")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "-o", str(tmp_path / "uit"), "--templates", str(folder), "--jobs", "1"]
    )
    assert result.exit_code == 1, result.output
    assert (
        f"sjabloon 'x.txt' is een koppeling naar buiten de sjablonenmap ({secret}); ivplan volgt die niet"
        in result.stderr
    )
    assert not list((tmp_path / "uit").glob("*.docx")) if (tmp_path / "uit").exists() else True


def test_a_template_that_is_itself_a_link_out_of_the_folder_is_refused(tmp_path):
    elsewhere = tmp_path / "ergens" / "plan.md.j2"
    elsewhere.parent.mkdir()
    elsewhere.write_text("# Van elders\n", encoding="utf-8")
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    os.symlink(elsewhere, folder / "plan.md.j2")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "-o", str(tmp_path / "uit"), "--templates", str(folder), "--jobs", "1"]
    )
    assert result.exit_code == 1, result.output
    assert "sjabloon 'plan.md.j2' is een koppeling naar buiten de sjablonenmap" in result.stderr


def test_a_link_that_stays_inside_the_template_folder_is_fine(tmp_path):
    folder = _templates(tmp_path, '{% include "deel.txt" %}\n\n[[voettekst]] x\n')
    (folder / "echt.txt").write_text("# Eigen plan\n\nEigen tekst.\n", encoding="utf-8")
    os.symlink("echt.txt", folder / "deel.txt")
    result = CliRunner().invoke(
        main, ["build", str(MINIMAL), "-o", str(tmp_path / "uit"), "--templates", str(folder), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "uit" / f"{NAME}-plan.docx").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_template_folder_is_refused_without_opening_it(tmp_path):
    folder = _templates(tmp_path, '# Plan\n\n{% include "pijp.txt" %}\n')
    os.mkfifo(folder / "pijp.txt")
    run, elapsed, _ = _build_in_subprocess(tmp_path, folder)
    assert run.returncode == 1, run.stderr
    assert "sjabloon 'pijp.txt' is geen gewoon bestand" in run.stderr
    assert elapsed < 30
