"""Hostile input: the corpus in tests/data/hostile/ (EXPECTED.tsv holds each case's expected outcome),
plus the cases that need a file system trick (sizes, symlinks, FIFOs) or a look inside the documents.

What must hold for every case: the documented exit code, the expected codes and message fragments,
never a traceback or an internal error, an answer within seconds, and nothing executed (a tag or a
template that tries to run `touch ivplan-marker-geraakt` must leave no such file behind).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.source import loader
from ivplan.source.loader import MAX_BYTES, load_file

DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile"
MINIMAL = DATA / "minimal_plan.yaml"
MARKER = "ivplan-marker-geraakt"
NO_LINE = {"IVP905", "IVP906", "IVP907", "IVP910"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECONDS = 10  # every case; the refusals that must be fast have their own, tighter test below


@dataclass
class Case:
    bestand: str
    opdracht: str
    exit: int
    codes: list[str]
    bevat: list[str]
    bekend: str | None


def _cases() -> list[Case]:
    rows = [
        line.split("\t")
        for line in (HOSTILE / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    header, rows = rows[0], rows[1:]
    assert header == ["bestand", "opdracht", "exit", "codes", "bevat", "bekend"]
    out = []
    for row in rows:
        assert len(row) == 6, row
        bestand, opdracht, code, codes, bevat, bekend = row
        out.append(
            Case(
                bestand,
                opdracht,
                int(code),
                [] if codes == "-" else codes.split(","),
                [] if bevat == "-" else bevat.split(" | "),
                None if bekend == "-" else bekend,
            )
        )
    return out


CASES = _cases()


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.bekend)] if case.bekend else []
    return pytest.param(case, id=case.bestand, marks=marks)


def test_corpus_has_at_least_50_cases_and_every_file_is_listed():
    assert len(CASES) >= 50
    listed = {c.bestand for c in CASES}
    on_disk = {p.name for p in HOSTILE.glob("*.yaml")} | {
        f"sjablonen/{p.name}" for p in (HOSTILE / "sjablonen").iterdir()
    }
    assert on_disk == listed, on_disk ^ listed
    for case in CASES:
        assert (HOSTILE / case.bestand).exists(), case.bestand


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))


def _run(case: Case, workdir: Path):
    """Runs the case from `workdir` (so a marker file would land there); returns (result, seconds, out)."""
    target = str(HOSTILE / case.bestand)
    out = workdir / "uit"
    args = {
        "validate": ["validate", "--format", "json", target],
        "regio": ["validate", "--format", "json", "--regio", target, str(MINIMAL)],
        "build": ["build", target, "-o", str(out), "--jobs", "1"],
        "sjabloon": ["build", str(MINIMAL), "-o", str(out), "--jobs", "1", "--templates", target],
    }[case.opdracht]
    old = Path.cwd()
    os.chdir(workdir)
    try:
        start = time.perf_counter()
        result = CliRunner().invoke(main, args)
        seconds = time.perf_counter() - start
    finally:
        os.chdir(old)
    return result, seconds, out


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_corpus_case(case: Case, tmp_path):
    result, seconds, out = _run(case, tmp_path)
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output and "interne fout" not in output, output[-1500:]
    assert result.exit_code == case.exit, output[-1500:]
    for code in case.codes:
        assert code in output, (code, output[-1500:])
    for fragment in case.bevat:
        assert fragment in output, (fragment, output[-1500:])
    assert seconds < SECONDS, seconds
    assert not (tmp_path / MARKER).exists(), "a tag or template executed code"
    assert not list(tmp_path.rglob(MARKER))

    if case.opdracht in ("validate", "regio"):
        files = json.loads(result.stdout)["files"]
        for f in files:
            for d in f["diagnostics"]:
                if d["severity"] == "error" and d["code"] not in NO_LINE:
                    assert d["line"] is not None and d["line"] >= 1, d
    if case.opdracht == "build":
        written = sorted(out.glob("*.docx"))
        assert len(written) == 2, output
        for path in written:
            docx.Document(str(path))  # opens
    if case.opdracht == "sjabloon":
        assert not list(out.glob("*-plan.docx")), "a plan whose template failed must not be written"


# --------------------------------------------------------------------------------------------------
# Fast refusals


@pytest.mark.parametrize(
    "name",
    [
        "alias-bom.yaml",
        "alias-bom-in-plan.yaml",
        "diep-vierkant.yaml",
        "diep-accolade.yaml",
        "diep-open.yaml",
        "diep-blok.yaml",
        "diep-streepjes.yaml",
        "diep-gemengd.yaml",
        "regio-alias-bom.yaml",
    ],
)
def test_bombs_and_deep_nesting_are_refused_in_well_under_a_second(name):
    start = time.perf_counter()
    loaded = load_file(HOSTILE / name)
    seconds = time.perf_counter() - start
    assert [d.code for d in loaded.diagnostics] in (["IVP903"], ["IVP900"])
    assert loaded.diagnostics[0].line is not None
    assert seconds < 1.0, f"{name}: {seconds:.2f} s"  # measured: a few ms to 0.2 s


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_nesting_that_would_crash_the_c_parser_is_refused(depth, tmp_path):
    # 50,000 nested `[` made libyaml's composer overflow the C stack (a segfault, not an exception)
    path = tmp_path / "diep.yaml"
    path.write_text("ivplan: 1\nplan: " + "[{a: " * depth + "\n", encoding="utf-8")
    start = time.perf_counter()
    loaded = load_file(path)
    assert time.perf_counter() - start < 2.0
    assert [d.code for d in loaded.diagnostics] == ["IVP900"]
    assert "te diep genest" in loaded.diagnostics[0].message


def test_nesting_up_to_the_limit_is_fine():
    inner = loader.MAX_DEPTH - 1  # the top-level mapping is the first level
    loaded = loader.load_text("ivplan: 1\nx: " + "[" * inner + "]" * inner + "\n")
    assert loaded.ok, loaded.diagnostics
    loaded = loader.load_text("ivplan: 1\nx: " + "[" * (inner + 1) + "]" * (inner + 1) + "\n")
    assert [d.code for d in loaded.diagnostics] == ["IVP900"]


def test_many_schema_errors_stay_linear(tmp_path):
    # Cerberus re-sorted its whole error list on every error: 5,000 unknown keys took 27 s
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "prioriteiten:\n", "prioriteiten:\n" + "".join(f"  - {{x{i}: 1}}\n" for i in range(3000)), 1
    )
    path = tmp_path / "veel.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert time.perf_counter() - start < 10  # about 1.5 s; quadratic it was minutes
    assert result.exit_code == 1
    [f] = json.loads(result.stdout)["files"]
    assert sum(d["path"].endswith(".x2999") for d in f["diagnostics"]) == 1


def test_file_over_1_mib_is_refused_before_parsing(tmp_path, monkeypatch):
    def parse_called(*args, **kwargs):
        raise AssertionError("a file over 1 MiB reached the YAML parser")

    monkeypatch.setattr(loader, "_parse", parse_called)
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"ivplan: 1\nx: " + b"[" * (MAX_BYTES + 1))  # would be a nesting bomb if parsed
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert time.perf_counter() - start < 2.0
    assert result.exit_code == 1
    [f] = json.loads(result.stdout)["files"]
    assert [d["code"] for d in f["diagnostics"]] == ["IVP905"]
    assert "1 MiB" in f["diagnostics"][0]["message"]


def test_file_of_exactly_1_mib_is_read(tmp_path):
    text = MINIMAL.read_bytes()
    path = tmp_path / "precies.yaml"
    path.write_bytes(text + b"#" * (MAX_BYTES - len(text) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    loaded = load_file(path)
    assert loaded.ok, loaded.diagnostics


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_plan_that_is_a_fifo_or_a_device_is_refused_without_reading(kind, tmp_path):
    if kind == "fifo":
        path = tmp_path / "pijp.yaml"
        os.mkfifo(path)  # reading it would block forever: nobody writes
    else:
        path = Path("/dev/zero")  # reading it would never end
        if not path.exists():
            pytest.skip("no /dev/zero")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert time.perf_counter() - start < 2.0
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"ivplan: {path}:" in result.stderr


# --------------------------------------------------------------------------------------------------
# Paths in the plan: the logo


def _plan_with_logo(folder: Path, logo: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  politie_eenheid: Oost-Nederland\n", f'  politie_eenheid: Oost-Nederland\n  logo: "{logo}"\n', 1
    )
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _validate(path: Path):
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert "Traceback" not in result.output and "interne fout" not in result.output, result.output
    [f] = json.loads(result.stdout)["files"]
    return result.exit_code, f["diagnostics"]


def test_logo_symlink_to_a_file_that_is_no_image_is_refused(tmp_path):
    """A logo is judged by the file it names, also through a symbolic link: pointing one at a file
    elsewhere that is no PNG or JPEG is IVP082, and nothing of that file reaches a document."""
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "geheim.txt").write_text("geheime tekst\n")
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "logo.png").symlink_to(outside / "geheim.txt")
    code, diags = _validate(_plan_with_logo(folder, "logo.png"))
    assert code == 1
    [d] = [d for d in diags if d["code"] == "IVP082"]
    assert "geen PNG" in d["message"] and d["line"] == 15  # the logo: line


def test_logo_symlink_inside_the_plan_folder_is_fine_and_the_image_is_embedded(tmp_path):
    (tmp_path / "afbeeldingen").mkdir()
    shutil.copy(HOSTILE / "logo.png", tmp_path / "afbeeldingen" / "echt.png")
    (tmp_path / "logo.png").symlink_to(tmp_path / "afbeeldingen" / "echt.png")
    plan = _plan_with_logo(tmp_path, "logo.png")
    code, diags = _validate(plan)
    assert code == 0, diags
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(tmp_path / "uit"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    [doc] = (tmp_path / "uit").glob("*-plan.docx")
    with zipfile.ZipFile(doc) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert any(z.read(n) == (HOSTILE / "logo.png").read_bytes() for n in media)


def test_logo_with_windows_separators_is_the_file_the_rule_checked(tmp_path):
    """IVP082 and the build decide in one place which file a logo names: `afbeeldingen\\logo.png`
    passes the rule and is the image the document gets (the build used to look for a file with a
    backslash in its name and stop with an internal error)."""
    (tmp_path / "afbeeldingen").mkdir()
    shutil.copy(HOSTILE / "logo.png", tmp_path / "afbeeldingen" / "echt.png")
    plan = _plan_with_logo(tmp_path, "afbeeldingen\\\\echt.png")  # YAML "\\" is one backslash
    code, diags = _validate(plan)
    assert code == 0, diags
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(tmp_path / "uit"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    [doc] = (tmp_path / "uit").glob("*-plan.docx")
    with zipfile.ZipFile(doc) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert any(z.read(n) == (HOSTILE / "logo.png").read_bytes() for n in media)


def test_logo_symlink_loop_is_a_plan_error(tmp_path):
    (tmp_path / "a.png").symlink_to(tmp_path / "b.png")
    (tmp_path / "b.png").symlink_to(tmp_path / "a.png")
    code, diags = _validate(_plan_with_logo(tmp_path, "a.png"))
    assert code == 1
    assert any(d["code"] == "IVP082" for d in diags)


# --------------------------------------------------------------------------------------------------
# Text stays text; control characters never crash the writer


def _build(plan: Path, out: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in out.glob("*.docx")}


def test_template_html_and_markdown_syntax_in_the_plan_stays_text(tmp_path):
    docs = _build(HOSTILE / "sjabloontekst-in-yaml.yaml", tmp_path)
    [plan] = [data for name, data in docs.items() if name.endswith("-plan.docx")]
    text = _docx_text(plan)
    for literal in [
        "{{ 7*7 }}",
        "{% if true %}ja{% endif %}",
        "<b>vet</b>",
        "[[pagina-einde]]",
        "{{ plan.gemeente.naam }}",
        "{% raw %}",
        "{# commentaar #}",
        '<script>alert("x")</script>',
        "<img src=x onerror=alert(1)>",
    ]:
        assert literal in text, literal
    assert "Plan 49" not in text
    with zipfile.ZipFile(io.BytesIO(plan)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    assert "javascript:" not in rels  # only http, https and mailto become links
    assert "mailto:a@b.nl" in rels
    assert "klik" in text
    assert "<script" not in document  # escaped in the XML, never markup


def test_escaped_control_characters_are_removed_with_a_warning_and_the_plan_builds(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(HOSTILE / "escape-stuurtekens.yaml"), "-o", str(tmp_path), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "IVP080" in result.output and "plan.titel" in result.output
    for path in tmp_path.glob("*.docx"):
        document = docx.Document(str(path))
        assert document.core_properties.title is not None
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", document.core_properties.title)


def test_the_writer_never_crashes_on_characters_xml_cannot_hold():
    from datetime import date

    from ivplan.render.docxwriter import DocumentMeta, write_docx

    nasty = "".join(chr(c) for c in range(0x20)) + "\x7f\ufffe\uffff\ud800\udfff\U0010ffff\u2028\u202e"
    markdown = (
        f"# Kop {nasty}\n\nTekst {nasty}\n\n- item {nasty}\n  - genest {nasty}\n\n"
        f"| a {nasty} | b |\n|---|---|\n| {nasty} | x |\n\n[link {nasty}](https://example.nl/{nasty})\n"
    )
    warnings = []
    meta = DocumentMeta(
        title=f"Titel {nasty}", subject=nasty, author=f"Gemeente {nasty}", created=date(2027, 1, 1), keywords=(nasty,)
    )
    data = write_docx(markdown, meta, warn=warnings.append)
    document = docx.Document(io.BytesIO(data))  # opens: every part is well-formed XML
    assert "Kop" in "\n".join(p.text for p in document.paragraphs)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                ET.fromstring(z.read(name))


# --------------------------------------------------------------------------------------------------
# Templates that try to leave the sandbox


def test_a_template_error_from_the_sandbox_is_explained_in_dutch(tmp_path):
    result, _, _ = _run(Case("sjablonen/range", "sjabloon", 1, [], [], None), tmp_path)
    assert result.exit_code == 1
    assert "plan.md.j2" in result.output
    assert "Range too big" not in result.output
