"""`ivplan --help` / `--version` answered without click (entry.py) say exactly what click says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivplan import __version__
from ivplan.cli import _helptext, entry
from ivplan.cli._helptext import HELP
from ivplan.cli.commands import _CONTEXT, main

SRC = str(Path(__file__).parents[1] / "src")


def _run(args, columns: int | None):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-m", "ivplan", *args], capture_output=True, text=True, env=env)


def test_prerendered_help_is_current():
    assert entry.MAX_CONTENT_WIDTH == _CONTEXT["max_content_width"]
    assert _helptext.SOURCES_CHECKSUM == entry.sources_checksum(), "run: PYTHONPATH=src python -m ivplan.cli.entry"
    for width in entry.PRERENDERED_WIDTHS:
        click_help = CliRunner().invoke(main, ["--help"], prog_name="ivplan", terminal_width=width).output
        assert HELP[width] == click_help, "run: PYTHONPATH=src python -m ivplan.cli.entry"


@pytest.mark.parametrize("columns", [None, 80, 100, 160, 72, 55])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_equals_clicks_at_every_width(columns, flag):
    fast = _run([flag], columns)
    width = max(min(columns or 80, 100) - 2, 50)  # stdout is a pipe: COLUMNS or 80
    click_help = CliRunner().invoke(main, ["--help"], prog_name="ivplan", terminal_width=width).output
    assert fast.returncode == 0
    assert fast.stdout == click_help
    assert fast.stdout.split("\n")[0].endswith(": ivplan [OPTIES] COMMANDO [ARGUMENTEN]...")
    assert "validate" in fast.stdout


def test_version():
    out = _run(["--version"], None)
    assert (out.returncode, out.stdout) == (0, f"ivplan {__version__}\n")
    assert CliRunner().invoke(main, ["--version"], prog_name="ivplan").output == out.stdout


def test_help_and_version_do_not_import_click():
    code = (
        "import sys; from ivplan.cli import entry; sys.argv = ['ivplan', '{}']\n"
        "try:\n    entry.main()\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'yaml', 'docx', 'jinja2')))"
    )
    env = dict(os.environ, PYTHONPATH=SRC, COLUMNS="80")
    for flag in ("--help", "--version"):
        out = subprocess.run(
            [sys.executable, "-c", code.format(flag)], capture_output=True, text=True, env=env, check=True
        )
        assert out.stdout.strip().splitlines()[-1] == "[]"


def test_stale_help_text_is_never_shown(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert entry._fast(["--help"]) == HELP[78]
    monkeypatch.setattr(_helptext, "SOURCES_CHECKSUM", _helptext.SOURCES_CHECKSUM + 1)
    assert entry._fast(["--help"]) is None  # click answers instead
    monkeypatch.setenv("COLUMNS", "90")
    assert entry._fast(["--help"]) is None  # a width without a text made in advance


def test_other_command_lines_go_to_click():
    out = _run(["regels"], None)
    assert out.returncode == 0 and "IVP010" in out.stdout
    out = _run(["bestaatniet"], None)
    assert out.returncode == 2 and "bestaatniet" in out.stderr
    out = _run(["validate", "--help"], None)
    assert out.returncode == 0 and "ivplan validate" in out.stdout.split("\n")[0]


def test_ctrl_c_while_click_is_imported_is_the_usual_clean_line(tmp_path):
    # the interrupt arrives while the commands (click) are imported, before any command can catch it
    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'ivplan.cli.commands':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['ivplan', 'validate', 'ivp.yaml']\n"
        "from ivplan.cli.entry import main\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 130
    assert out.stderr == "\nivplan: afgebroken\n"
    assert out.stdout == ""
