"""`ivplan build` end to end: which documents, their quality, and what happens with bad input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from ivplan.cli.commands import main
from ivplan.core import sources
from ivplan.core.output import write_all_atomic
from ivplan.core.sources import forget_sources, protect_sources, source_clash

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
MINIMAL = ROOT / "tests" / "data" / "minimal_plan.yaml"
VALIDATE = ROOT / "tests" / "data" / "docxwriter" / "ooxml" / "validate.py"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or "")
    return result


def plan_text(**replace) -> str:
    text = MINIMAL.read_text("utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@pytest.fixture(scope="module")
def havenstad(tmp_path_factory):
    out = tmp_path_factory.mktemp("havenstad")
    result = run("build", EXAMPLES / "havenstad.yaml", EXAMPLES / "oldenveld.yaml", "-o", out, "--markdown")
    assert result.exit_code == 0, result.output
    return out


def test_both_documents_and_markdown_per_plan(havenstad):
    names = sorted(p.name for p in havenstad.iterdir())
    assert names == [
        "havenstad-ivp-2027-2030-plan.docx",
        "havenstad-ivp-2027-2030-plan.md",
        "havenstad-ivp-2027-2030-raadsvoorstel.docx",
        "havenstad-ivp-2027-2030-raadsvoorstel.md",
        "oldenveld-ivp-2027-2030-plan.docx",
        "oldenveld-ivp-2027-2030-plan.md",
        "oldenveld-ivp-2027-2030-raadsvoorstel.docx",
        "oldenveld-ivp-2027-2030-raadsvoorstel.md",
    ]


def test_every_document_is_schema_valid(havenstad):
    docs = sorted(str(p) for p in havenstad.glob("*.docx"))
    out = subprocess.run([sys.executable, str(VALIDATE), *docs], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert f"0 schema problems in {len(docs)} documents" in out.stdout


def test_every_package_is_sound(havenstad):
    for doc in havenstad.glob("*.docx"):
        with zipfile.ZipFile(doc) as z:
            names = set(z.namelist())
            types = etree.fromstring(z.read("[Content_Types].xml"))
            defaults = {d.get("Extension") for d in types if d.tag.endswith("Default")}
            overrides = {o.get("PartName").lstrip("/") for o in types if o.tag.endswith("Override")}
            for name in names:
                if name.endswith("/") or name == "[Content_Types].xml":
                    continue
                assert name in overrides or name.rsplit(".", 1)[-1] in defaults, f"{doc.name}: {name}"
            for rels in [n for n in names if n.endswith(".rels")]:
                base = rels.replace("_rels/", "").removesuffix(".rels")
                folder = base.rsplit("/", 1)[0] if "/" in base else ""
                for rel in etree.fromstring(z.read(rels)):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = rel.get("Target")
                    full = target.lstrip("/") if target.startswith("/") else "/".join(x for x in (folder, target) if x)
                    parts = []
                    for piece in full.split("/"):
                        parts = parts[:-1] if piece == ".." else parts + [piece]
                    assert "/".join(parts) in names, f"{doc.name}: {rels} -> {target}"
            # the same timestamp on every entry: rebuilds are byte-identical
            assert len({i.date_time for i in z.infolist()}) == 1


def test_core_properties_are_one_line_when_the_plan_texts_end_in_a_line_break(tmp_path):
    # Word's and the PDF's title, author and keywords are one line: a name or title that ends in a
    # line break (a `|` block, a quoted "\n") is shown without it, as in the document itself
    plan = tmp_path / "ivp.yaml"
    plan.write_text(
        plan_text(
            **{
                "  naam: Voorbeeldstad\n": '  naam: "Voorbeeldstad\\n"\n',
                "  titel: Integraal Veiligheidsplan Voorbeeldstad 2027-2030\n": (
                    '  titel: "Integraal Veiligheidsplan Voorbeeldstad 2027-2030\\n\\n"\n'
                ),
            }
        ),
        encoding="utf-8",
    )
    result = run("build", plan, "-o", tmp_path / "uit")
    assert result.exit_code == 0, result.output
    for name in ("plan", "raadsvoorstel"):
        props = Document(str(tmp_path / "uit" / f"voorbeeldstad-ivp-2027-2030-{name}.docx")).core_properties
        assert props.author == "Voorbeeldstad"
        assert props.title.endswith("Integraal Veiligheidsplan Voorbeeldstad 2027-2030")
        assert "\n" not in props.title + props.subject + props.keywords + props.last_modified_by
        assert "Voorbeeldstad, " in props.keywords


def test_plan_document_contents(havenstad):
    path = havenstad / "havenstad-ivp-2027-2030-plan.docx"
    doc = Document(str(path))
    props = doc.core_properties
    assert props.title == "Samen veilig in Havenstad: Integraal Veiligheidsplan 2027-2030"
    assert props.author == "Havenstad"  # the gemeente, by its name
    assert props.subject and props.keywords
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    level1 = [t for s, t in headings if s == "Heading 1"]
    for chapter in (
        "Inleiding",
        "Probleemanalyse",
        "Participatie",
        "Prioriteiten",
        "Meetbare doelen",
        "Partners en afspraken",
        "Regionale afstemming",
    ):
        assert any(chapter in t for t in level1), (chapter, level1)
    levels = [int(s.split()[-1]) for s, _ in headings]
    assert all(b <= a + 1 for a, b in pairwise(levels)), "a heading level is skipped"
    xml = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    instr = " ".join(xml.xpath("//w:instrText/text()", namespaces=NS))
    assert re.search(r'TOC \\o "1-2"', instr)
    tables = doc.tables
    assert tables and all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in tables)
    text = body_text(path)
    assert "3,4" in text or "," in text  # Dutch decimal comma
    assert not re.search(r"\bNone\b", text)


def test_dates_and_numbers_are_dutch(havenstad):
    text = body_text(havenstad / "havenstad-ivp-2027-2030-raadsvoorstel.docx")
    assert re.search(
        r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
        r"november|december) 20\d\d\b",
        text,
    )
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)


def test_ontwerp_raadsbesluit_reads_as_a_decision(havenstad):
    text = body_text(havenstad / "havenstad-ivp-2027-2030-raadsvoorstel.docx")
    besluit = text[text.index("De raad van de gemeente Havenstad;") :]
    order = [
        "De raad van de gemeente Havenstad;",
        "gelezen het voorstel van burgemeester en wethouders d.d.",
        "gelet op artikel 38b van de Politiewet 2012",
        "besluit:",
        "vast te stellen het Samen veilig in Havenstad",
        "Aldus vastgesteld in de openbare vergadering van",
        "de griffier,",
        "de voorzitter,",
    ]
    positions = [besluit.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_placeholders_for_missing_raadsvoorstel_fields(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(), "utf-8")
    result = run("build", plan, "-o", tmp_path / "uit")
    assert result.exit_code == 0
    text = body_text(tmp_path / "uit" / "voorbeeldstad-ivp-2027-2030-raadsvoorstel.docx")
    assert "[datum raadsvergadering]" in text
    assert "[registratienummer]" in text or "[registratienummer]" in "".join(
        c.text
        for t in Document(str(tmp_path / "uit" / "voorbeeldstad-ivp-2027-2030-raadsvoorstel.docx")).tables
        for r in t.rows
        for c in r.cells
    )


def test_vastgesteld_plan_gets_plan_only_unless_forced(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        plan_text(**{"  status: concept\n": '  status: vastgesteld\n  vastgesteld_op: "2027-01-28"\n'}), "utf-8"
    )
    assert run("build", plan, "-o", tmp_path / "a").exit_code == 0
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["voorbeeldstad-ivp-2027-2030-plan.docx"]
    assert run("build", plan, "-o", tmp_path / "b", "--raadsvoorstel").exit_code == 0
    assert len(list((tmp_path / "b").iterdir())) == 2


def test_plan_with_errors_is_not_built_and_others_are(tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text(plan_text(**{"richting: dalen": "richting: stijgen"}), "utf-8")
    good = tmp_path / "goed.yaml"
    good.write_text(plan_text(**{"naam: Voorbeeldstad": "naam: Goedstad"}), "utf-8")
    result = run("build", bad, good, "-o", tmp_path / "uit")
    assert result.exit_code == 1
    assert "IVP012" in result.stdout
    assert sorted(p.name for p in (tmp_path / "uit").iterdir()) == [
        "goedstad-ivp-2027-2030-plan.docx",
        "goedstad-ivp-2027-2030-raadsvoorstel.docx",
    ]


def test_strikt_does_not_build_a_plan_with_warnings(tmp_path):
    result = run("build", MINIMAL, "--strikt", "-o", tmp_path / "uit")
    assert result.exit_code == 1
    assert not (tmp_path / "uit").exists() or not any((tmp_path / "uit").iterdir())


def test_same_name_twice_is_exit_2_and_nothing_written(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(plan_text(), "utf-8")
    b.write_text(plan_text(**{"naam: Voorbeeldstad": "naam: VOORBEELDSTAD"}), "utf-8")
    result = run("build", a, b, "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert "dezelfde uitvoernaam 'voorbeeldstad-ivp-2027-2030'" in result.stderr
    assert not (tmp_path / "uit").exists()


def test_byte_identical_rebuild_across_processes(tmp_path):
    for n in (1, 2):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ivplan",
                "build",
                str(EXAMPLES / "oldenveld.yaml"),
                "-o",
                str(tmp_path / str(n)),
                "--markdown",
            ],
            check=True,
            capture_output=True,
        )
    for f in (tmp_path / "1").iterdir():
        assert f.read_bytes() == (tmp_path / "2" / f.name).read_bytes(), f.name


def test_parallel_batch_keeps_input_order(tmp_path):
    plans = []
    for name in ("Cstad", "Astad", "Bstad"):
        p = tmp_path / f"{name}.yaml"
        p.write_text(plan_text(**{"naam: Voorbeeldstad": f"naam: {name}"}), "utf-8")
        plans.append(p)
    result = run("build", *plans, "--jobs", "2", "-o", tmp_path / "uit")
    assert result.exit_code == 0
    written = [line.split("/")[-1] for line in result.stdout.splitlines() if line.startswith("geschreven:")]
    assert [w.split("-")[0] for w in written] == ["cstad", "cstad", "astad", "astad", "bstad", "bstad"]


def test_user_text_stays_text_in_the_document(tmp_path):
    hostile = "{{ 7*7 }} {% if true %}ja{% endif %} <script>alert(1)</script>"
    plan = tmp_path / "p.yaml"
    plan.write_text(
        plan_text(
            **{
                "  samenvatting: Het aantal woninginbraken": (
                    f"  samenvatting: |\n    {hostile}\n\n    [[nieuwe-pagina]]\n\n    Het aantal woninginbraken"
                ),
                "    titel: Woninginbraak": '    titel: "Woninginbraak {{ 6*7 }} | pijp"',
            }
        ),
        "utf-8",
    )
    result = run("build", plan, "-o", tmp_path / "uit", "--markdown")
    assert result.exit_code == 0, result.output
    docx = tmp_path / "uit" / "voorbeeldstad-ivp-2027-2030-plan.docx"
    text = body_text(docx)
    assert hostile in text
    assert "[[nieuwe-pagina]]" in text
    assert "Woninginbraak {{ 6*7 }} | pijp" in text
    assert not re.search(r"\b49\b", text)


def test_huisstijl_that_is_not_a_docx_is_exit_2(tmp_path):
    fake = tmp_path / "huisstijl.docx"
    fake.write_text("geen word", "utf-8")
    result = run("build", MINIMAL, "--huisstijl", fake, "-o", tmp_path / "uit")
    assert result.exit_code == 2
    assert "geen leesbaar Word-document" in result.stderr
    assert not (tmp_path / "uit").exists()


def test_huisstijl_styles_are_used(tmp_path):
    from docx.shared import Pt

    ref = Document()
    ref.styles["Normal"].font.name = "Georgia"
    ref.styles["Normal"].font.size = Pt(12)
    ref.add_paragraph("dit verdwijnt")
    ref.save(str(tmp_path / "ref.docx"))
    result = run("build", MINIMAL, "--huisstijl", tmp_path / "ref.docx", "-o", tmp_path / "uit")
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "uit" / "voorbeeldstad-ivp-2027-2030-plan.docx"))
    assert doc.styles["Normal"].font.name == "Georgia"
    assert "dit verdwijnt" not in body_text(tmp_path / "uit" / "voorbeeldstad-ivp-2027-2030-plan.docx")


def test_pdf_through_libreoffice(tmp_path):
    result = run("build", MINIMAL, "--pdf", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "voorbeeldstad-ivp-2027-2030-plan.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Probleemanalyse") >= 2  # the TOC was filled in
    assert (tmp_path / "voorbeeldstad-ivp-2027-2030-raadsvoorstel.pdf").is_file()


def test_pdf_of_every_plan_in_one_libreoffice_session(tmp_path, monkeypatch):
    # issue 20: LibreOffice starts once per run, for all documents; a plan's PDFs are listed after its .docx
    from ivplan.render.pdf import _find_soffice

    starts = tmp_path / "starts.log"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text(f'#!/bin/sh\necho start >> "{starts}"\nexec "{_find_soffice()}" "$@"\n')
    (fake / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tweede = tmp_path / "tweede.yaml"
    tweede.write_text(plan_text(**{"naam: Voorbeeldstad": "naam: Tweestad"}), "utf-8")
    result = run("build", MINIMAL, tweede, "--pdf", "--jobs", "2", "-o", tmp_path / "uit")
    assert result.exit_code == 0, result.output
    assert starts.read_text().split() == ["start"]
    written = [
        line.removeprefix("geschreven: ") for line in result.stdout.splitlines() if line.startswith("geschreven: ")
    ]
    names = [Path(line).name for line in written]
    assert names == [
        f"{stem}-ivp-2027-2030-{kind}.{ext}"
        for stem in ("voorbeeldstad", "tweestad")
        for ext in ("docx", "pdf")
        for kind in ("plan", "raadsvoorstel")
    ]
    for line in written:
        assert Path(line).is_file()


def test_unwritable_output_is_exit_2(tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x", "utf-8")
    result = run("build", MINIMAL, "-o", blocker / "sub")
    assert result.exit_code == 2
    assert "uitvoermap" in result.stderr


# --------------------------------------------------------------------------------------------------
# A custom template that emits a lone surrogate: the .md is written without it, as the .docx is


def _templates_and_plan(tmp_path: Path, name: str, template: str) -> tuple[Path, Path]:
    """A template folder holding one own template, and the minimal plan."""
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / name).write_text(template, "utf-8")
    plan = tmp_path / "ivp.yaml"
    plan.write_text(plan_text(), "utf-8")
    return templates, plan


def test_a_template_emitting_a_lone_surrogate_still_writes_the_markdown(tmp_path):
    templates, plan = _templates_and_plan(tmp_path, "plan.md.j2", '# Plan\n\nvoor{{ "\\ud800" }}na\n')
    out = tmp_path / "out"
    result = run("build", plan, "--templates", templates, "--markdown", "-o", out)
    assert result.exit_code == 0, result.output
    assert "interne fout" not in result.output
    md = (out / "voorbeeldstad-ivp-2027-2030-plan.md").read_text("utf-8")
    assert "voorna" in md
    assert "voorna" in body_text(out / "voorbeeldstad-ivp-2027-2030-plan.docx")


# --------------------------------------------------------------------------------------------------
# Source files are never written: an output named like the plan's own file, two programmes with one name


@pytest.mark.parametrize(
    "name, options",
    [
        ("voorbeeldstad-ivp-2027-2030-plan.md", ["--markdown"]),
        ("voorbeeldstad-ivp-2027-2030-plan.md", []),  # without --markdown an old .md is removed
        ("voorbeeldstad-ivp-2027-2030-plan.docx", []),
        ("voorbeeldstad-ivp-2027-2030-raadsvoorstel.docx", []),
    ],
)
def test_build_never_replaces_the_plan_it_reads(tmp_path, name, options):
    plan = tmp_path / name
    plan.write_text(plan_text(), "utf-8")
    result = run("build", plan, "-o", tmp_path, *options)
    assert result.exit_code == 2, result.output
    assert f"ivplan: {plan}: de uitvoer zou het bronbestand overschrijven" in result.stderr
    assert "er is niets geschreven" in result.stderr
    assert plan.read_text("utf-8") == plan_text()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_build_never_replaces_a_programmes_plan(tmp_path):
    (tmp_path / "uitvoering").mkdir()
    plan = tmp_path / "havenstad-ivp-2027-2030-uitvoering-2027.docx"  # the programme's output name
    plan.write_text((EXAMPLES / "havenstad.yaml").read_text("utf-8"), "utf-8")
    programme = tmp_path / "uitvoering" / "havenstad-2027.yaml"
    text = (EXAMPLES / "uitvoering" / "havenstad-2027.yaml").read_text("utf-8")
    programme.write_text(text.replace("plan: ../havenstad.yaml", f"plan: ../{plan.name}", 1), "utf-8")
    result = run("build", programme, "-o", tmp_path)
    assert result.exit_code == 2, result.output
    assert "de uitvoer zou het bronbestand" in result.stderr and str(plan) in result.stderr
    assert plan.read_text("utf-8") == (EXAMPLES / "havenstad.yaml").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [plan.name, "uitvoering"]


@pytest.mark.parametrize("command", ["build", "voortgang"])
def test_two_programmes_with_one_output_name_write_nothing(tmp_path, command):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("gezamenlijk", "regio", "toets", "open-data"))
    first = folder / "uitvoering" / "havenstad-2027.yaml"
    copy = folder / "uitvoering" / "kopie.yaml"
    copy.write_text(first.read_text("utf-8"), "utf-8")
    out = tmp_path / "uit"
    result = run(command, first, copy, "-o", out)
    assert result.exit_code == 2, result.output
    assert f"ivplan: {first} en {copy} krijgen dezelfde uitvoernaam 'havenstad-ivp-2027-2030-uitvoering-2027" in (
        result.stderr
    )
    assert not out.exists()


def test_voortgang_never_replaces_the_plan_it_reads(tmp_path):
    plan = tmp_path / "havenstad-ivp-2027-2030-voortgang-2028.docx"
    plan.write_text((EXAMPLES / "havenstad.yaml").read_text("utf-8"), "utf-8")
    result = run("voortgang", plan, "-o", tmp_path, "--jaar", "2028")
    assert result.exit_code == 2, result.output
    assert "de uitvoer zou het bronbestand overschrijven" in result.stderr
    assert plan.read_text("utf-8") == (EXAMPLES / "havenstad.yaml").read_text("utf-8")


def test_check_and_toets_never_write_their_report_over_a_plan(tmp_path):
    plan = tmp_path / "rapport.html"
    plan.write_text((EXAMPLES / "oldenveld.yaml").read_text("utf-8"), "utf-8")
    result = run("check", "--regio", EXAMPLES / "regio" / "regio.yaml", plan, "-o", plan)
    assert result.exit_code == 2, result.output
    assert f"ivplan: {plan}: de uitvoer zou het bronbestand overschrijven" in result.stderr
    toets = tmp_path / "toets.docx"
    toets.write_text((EXAMPLES / "oldenveld.yaml").read_text("utf-8"), "utf-8")
    result = run("toets", toets, "-o", toets)
    assert result.exit_code == 2, result.output
    assert f"ivplan: {toets}: de uitvoer zou het bronbestand overschrijven" in result.stderr
    assert plan.read_text("utf-8") == toets.read_text("utf-8") == (EXAMPLES / "oldenveld.yaml").read_text("utf-8")


def test_schema_o_replaces_a_schema_but_not_a_plan(tmp_path):
    target = tmp_path / "ivplan.schema.json"
    assert run("schema", "-o", target).exit_code == 0
    assert run("schema", "-o", target).exit_code == 0  # written again after an update: what -o is for
    plan = tmp_path / "ivp.yaml"
    plan.write_text(plan_text(), "utf-8")
    result = run("schema", "-o", plan)
    assert result.exit_code == 2
    assert f"ivplan: {plan}: bestaat al en is geen JSON Schema" in result.stderr
    assert plan.read_text("utf-8") == plan_text()


def test_build_samen_never_replaces_the_deel_a_it_reads(tmp_path):
    folder = tmp_path / "gezamenlijk"
    shutil.copytree(EXAMPLES / "gezamenlijk", folder)
    deel_a = folder / "de-zandmeren-ivp-2027-2030-gezamenlijk.docx"  # the joint document's output name
    (folder / "deel-a.yaml").rename(deel_a)
    for deel_b in folder.glob("*/ivp.yaml"):
        text = deel_b.read_text("utf-8")
        deel_b.write_text(text.replace("gezamenlijk: ../deel-a.yaml", f"gezamenlijk: ../{deel_a.name}", 1), "utf-8")
    before = deel_a.read_text("utf-8")
    result = run("build", deel_a, "--samen", "-o", folder)
    assert result.exit_code == 2, result.output
    assert f"ivplan: {deel_a}: de uitvoer zou het bronbestand overschrijven" in result.stderr
    assert deel_a.read_text("utf-8") == before
    assert [p.name for p in folder.glob("*.docx")] == [deel_a.name]


def test_schema_o_onto_a_pipe_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "schema.json"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "ivplan", "schema", "-o", str(fifo)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "bestaat al en is geen gewoon bestand" in result.stderr


def test_the_protected_sources_end_with_their_command(tmp_path):
    """A command's sources are protected while it runs only: afterwards (tests and the preview run more in
    one process) a file there may be written, and a source deleted meanwhile protects nothing."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(), "utf-8")
    assert run("build", plan, "-o", tmp_path / "uit").exit_code == 0
    write_all_atomic([(plan, b"ander\n")])  # the build is over: its plan is an ordinary file again
    assert plan.read_bytes() == b"ander\n"
    other = tmp_path / "ander.yaml"
    other.write_text("x", "utf-8")
    protect_sources([other])
    try:
        info = os.lstat(other)
        # the file's identity registered under a source that is gone (as after a delete and a reused inode)
        sources._SOURCES[(info.st_dev, info.st_ino)] = str(tmp_path / "weg.yaml")
        assert source_clash([other]) is None
        sources._SOURCES[(info.st_dev, info.st_ino)] = str(other)
        assert "bronbestand" in (source_clash([other]) or "")
    finally:
        forget_sources()


def _footer_texts(path: Path) -> list[str]:
    """The text of every footer part of a .docx, with its page fields shown as {PAGE} / {NUMPAGES}."""
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)):
            root = etree.fromstring(z.read(name))
            parts = []
            for node in root.iter(f"{{{NS['w']}}}t", f"{{{NS['w']}}}instrText"):
                if node.tag.endswith("instrText"):
                    parts.append("{" + (node.text or "").strip() + "}")
                else:
                    parts.append(node.text or "")
            texts.append("".join(parts))
    return texts


def test_a_template_without_a_footer_directive_still_gets_the_page_footer(tmp_path):
    # every document has the footer gemeente · title · "pagina X van Y" (docs/uitvoer.md); ivplan writes
    # its content, also when an own template leaves the [[voettekst]] directive out
    templates, plan = _templates_and_plan(tmp_path, "raadsvoorstel.md.j2", "# Eigen raadsvoorstel\n\nTekst.\n")
    own, built_in = tmp_path / "eigen", tmp_path / "standaard"
    assert run("build", plan, "--templates", templates, "-o", own).exit_code == 0
    assert run("build", plan, "-o", built_in).exit_code == 0
    name = "voorbeeldstad-ivp-2027-2030-raadsvoorstel.docx"
    expected = _footer_texts(built_in / name)
    assert expected == [
        "Gemeente Voorbeeldstad · Raadsvoorstel Integraal Veiligheidsplan Voorbeeldstad 2027-2030 · "
        "pagina {PAGE}1 van {NUMPAGES}1"
    ]
    # the same three parts, the gemeente as the document's author names it
    assert _footer_texts(own / name) == [expected[0].removeprefix("Gemeente ")]


def test_build_never_replaces_the_huisstijl_it_reads(tmp_path):
    # the huisstijl is a source of the build too: a document named like it is not written over it
    plan = tmp_path / "ivp.yaml"
    plan.write_text(plan_text(), "utf-8")
    out = tmp_path / "out"
    assert run("build", plan, "-o", out).exit_code == 0
    huisstijl = out / "voorbeeldstad-ivp-2027-2030-plan.docx"  # last year's plan as the huisstijl
    before = huisstijl.read_bytes()
    result = run("build", plan, "-o", out, "--huisstijl", huisstijl)
    assert result.exit_code == 2, result.output
    assert f"{huisstijl}: de uitvoer zou het bronbestand overschrijven" in result.stderr
    assert huisstijl.read_bytes() == before


def test_templates_naming_a_file_says_it_is_no_folder(tmp_path):
    plan = tmp_path / "ivp.yaml"
    plan.write_text(plan_text(), "utf-8")
    result = run("build", plan, "--templates", plan, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"ivplan: {plan}: is een bestand, geen map; geef de map met de eigen sjablonen"
    assert not (tmp_path / "out").exists()
