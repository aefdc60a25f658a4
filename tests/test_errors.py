"""The one error hierarchy (ivplan.core.errors): every expected failure is an IvplanError that carries
its exit code, and the CLI turns any of them into `ivplan: <message>` and that exit code, never a
traceback, also with --debug (a traceback is only for internal failures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ivplan.app.explain
from ivplan.app.check import ReportFormatError
from ivplan.app.init import InitError
from ivplan.cli.commands import main
from ivplan.core.errors import IvplanError, PlanFileError, UsageError, internal_message
from ivplan.core.output import OutputError
from ivplan.documents.templating import TemplateError
from ivplan.render.docxwriter import HuisstijlError
from ivplan.render.pdf import PdfError
from ivplan.validation.jsonschema_export import SchemaExportError

MINIMAL = Path(__file__).parent / "data" / "minimal_plan.yaml"


@pytest.mark.parametrize(
    ("error", "exit_code"),
    [
        (UsageError("x"), 2),
        (InitError("x"), 2),
        (OutputError("x"), 2),
        (ReportFormatError("x"), 2),
        (HuisstijlError("x"), 2),
        (TemplateError("x", "plan.md.j2", 3), 1),
        (PdfError("x"), 3),
        (PdfError("x", exit_code=2), 2),
        (PlanFileError("x"), 1),
        (SchemaExportError("x"), 1),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
)
def test_every_expected_failure_is_an_ivplan_error_with_its_exit_code(error, exit_code):
    assert isinstance(error, IvplanError)
    assert error.exit_code == exit_code
    assert str(error) == error.message == "x"


def test_schema_export_error_stays_a_value_error():
    assert issubclass(SchemaExportError, ValueError)


def test_internal_message_is_one_line_naming_the_file():
    exc = RuntimeError("kapot")
    assert internal_message(exc, "a.yaml") == (
        "a.yaml: interne fout (RuntimeError: kapot); draai opnieuw met --debug voor details en meld het probleem"
    )
    assert internal_message(exc).startswith("interne fout (RuntimeError: kapot); ")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    ("error", "exit_code"),
    [(TemplateError("sjabloon 'x' kapot"), 1), (UsageError("verkeerd"), 2), (PdfError("pdf mislukt"), 3)],
)
def test_cli_maps_an_escaping_ivplan_error_to_its_message_and_exit_code(monkeypatch, error, exit_code, debug):
    def explain(code):
        raise error

    monkeypatch.setattr(ivplan.app.explain, "explain", explain)
    result = CliRunner().invoke(main, ["uitleg", "IVP010", *(["--debug"] if debug else [])])
    assert result.exit_code == exit_code
    assert result.stderr == f"ivplan: {error}\n"
    assert result.stdout == ""


def test_an_ivplan_error_in_one_plan_lets_the_others_go_on(monkeypatch, tmp_path):
    # voortgang: a huisstijl problem while writing the first plan is one line naming the plan, exit 2,
    # and the second plan is still written
    import ivplan.app.voortgang

    real = ivplan.app.voortgang.build_voortgang
    calls = []

    def build_voortgang(data, **kwargs):
        calls.append(data)
        if len(calls) == 1:
            raise HuisstijlError("huisstijl 'h.docx' is geen leesbaar Word-bestand (.docx)")
        return real(data, **kwargs)

    monkeypatch.setattr(ivplan.app.voortgang, "build_voortgang", build_voortgang)
    examples = Path(__file__).parents[1] / "examples"
    plans = [str(examples / "havenstad.yaml"), str(examples / "oldenveld.yaml")]
    result = CliRunner().invoke(main, ["voortgang", *plans, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert f"ivplan: {plans[0]}: huisstijl 'h.docx' is geen leesbaar Word-bestand (.docx)\n" in result.stderr
    assert len(calls) == 2 and "geschreven:" in result.stdout


def test_the_unknown_code_of_uitleg_is_a_usage_error():
    result = CliRunner().invoke(main, ["uitleg", "IVP999"])
    assert result.exit_code == 2
    assert result.stderr == "ivplan: onbekende code 'IVP999'; 'ivplan regels' toont alle codes\n"


def test_an_output_that_cannot_be_written_is_exit_2(tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["schema", "-o", str(blocker / "schema.json")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"ivplan: {blocker}: uitvoermap kan niet worden gemaakt (er staat al een bestand met die naam)\n"
    )
