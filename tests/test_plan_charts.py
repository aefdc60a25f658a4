"""The plan document shows a line chart per doel with two or more metingen (issue 7, item 4): inline,
with alt text that states the numbers, under a heading naming the doel; a plan without metingen has no
chart and never imports matplotlib."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from ivplan.documents.context import plan_context
from ivplan.documents.templating import make_environment, render
from ivplan.render.markdown_reader import parse_markdown

ROOT = Path(__file__).resolve().parent.parent
HAVENSTAD = ROOT / "examples" / "havenstad.yaml"
MINIMAL = ROOT / "tests" / "data" / "minimal_plan.yaml"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
W = "{" + NS["w"] + "}"
WP = "{" + NS["wp"] + "}"


def lint(path: Path):
    from ivplan.validation.lint import lint_plan

    res = lint_plan(path)
    assert not res.has_errors, [str(d) for d in res.diagnostics if d.is_error]
    return res


def plan_docx(path: Path, tmp_path: Path) -> bytes:
    from ivplan.app.build import BuildOptions, plan_documents

    res = lint(path)
    files = dict(plan_documents(res.data, path.parent, BuildOptions(out_dir=tmp_path), lambda m: None))
    return next(data for name, data in files.items() if name.endswith("-plan.docx"))


def body(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find("w:body", NS)


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


@pytest.fixture(scope="module")
def havenstad(tmp_path_factory) -> bytes:
    return plan_docx(HAVENSTAD, tmp_path_factory.mktemp("havenstad"))


def test_context_names_a_chart_for_each_doel_with_two_metingen():
    plan = yaml.safe_load(HAVENSTAD.read_text(encoding="utf-8"))
    ctx = plan_context(plan)
    by_id = {d["id"]: d for d in ctx["doelen"]}
    # cyber-melden has one meting: no chart; hic-woninginbraak has six
    assert by_id["cyber-melden"]["grafiek"] is None and by_id["cyber-melden"]["grafiek_alt"] is None
    assert by_id["hic-woninginbraak"]["grafiek"] == "grafiek-hic-woninginbraak"
    alt = by_id["hic-woninginbraak"]["grafiek_alt"]
    assert "nulmeting 5,1 in 2025" in alt and "streefwaarde 3,8 in 2030" in alt
    assert "6,0 in 2022" in alt and "4,2 in 2028" in alt
    # exactly the charts the build supplies (voortgang.chart_images draws them), by the same name
    from ivplan.documents.grafiek import heeft_grafiek

    expected = {f"grafiek-{d['id']}" for d in plan["meetbare_doelen"] if heeft_grafiek(d)}
    assert {d["grafiek"] for d in ctx["doelen"] if d["grafiek"]} == expected
    assert len(expected) == 11


def test_template_places_charts_in_meetbare_doelen_with_a_lead_in():
    plan = yaml.safe_load(HAVENSTAD.read_text(encoding="utf-8"))
    md = render(make_environment(), "plan.md.j2", plan_context(plan))
    lines = md.split("\n")
    start = lines.index("# Meetbare doelen")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("# "))
    chapter = lines[start:end]
    assert "## Verloop van de metingen" in chapter
    assert any(
        line.startswith(
            "Voor de elf doelen met twee of meer metingen laat een grafiek het verloop zien"
        )  # counts in words
        for line in chapter
    )
    images = [line for line in chapter if line.startswith("[[afbeelding: grafiek-")]
    assert len(images) == 11
    # each chart under a heading that names its doel
    i = chapter.index("[[afbeelding: grafiek-hic-woninginbraak | " + images[2].split(" | ", 1)[1])
    assert chapter[i - 2] == "### Minder woninginbraken"
    # the alt text reaches the reader as one directive argument
    tree = parse_markdown(md)
    args = [d.get("arg") for d in tree.iter() if d.get("name") == "afbeelding"]
    assert any(a.startswith("grafiek-hic-woninginbraak | Lijngrafiek van Geregistreerde woninginbraken") for a in args)


def test_havenstad_plan_has_inline_charts_with_alt_text(havenstad):
    b = body(havenstad)
    drawings = list(b.iter(WP + "inline"))
    descr = [d.find("wp:docPr", NS).get("descr") for d in drawings]
    assert len(descr) == 11
    assert all(d.startswith("Lijngrafiek van ") for d in descr)
    woninginbraak = next(d for d in descr if "woninginbraken" in d)
    assert woninginbraak == (
        "Lijngrafiek van Geregistreerde woninginbraken, inclusief pogingen (per 1.000 woningen): nulmeting 5,1 "
        "in 2025, metingen 6,0 in 2022, 5,6 in 2023, 5,3 in 2024, 4,8 in 2026, 4,5 in 2027 en 4,2 in 2028, "
        "streefwaarde 3,8 in 2030; de stippellijn is het pad van nulmeting naar streefwaarde."
    )
    # inline (not floating), and the paragraph before each chart is the heading of its doel
    assert not list(b.iter(WP + "anchor"))
    paragraphs = list(b.iter(W + "p"))
    for p in paragraphs:
        if p.find(".//wp:inline", NS) is not None:
            before = paragraphs[paragraphs.index(p) - 1]
            assert before.find("w:pPr/w:pStyle", NS).get(W + "val") == "Heading3", text(before)
    with zipfile.ZipFile(io.BytesIO(havenstad)) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 11


def test_plan_with_charts_is_byte_identical_on_rebuild(havenstad, tmp_path):
    assert plan_docx(HAVENSTAD, tmp_path) == havenstad


def test_plan_without_metingen_has_no_chart_and_no_matplotlib(tmp_path):
    plan = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    assert not any(d.get("metingen") for d in plan.get("meetbare_doelen") or [])
    out = tmp_path / "uit"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ivplan.cli.commands import main\n"
        f"try:\n    main([ 'build', {str(MINIMAL)!r}, '-o', {str(out)!r}, '--raadsvoorstel'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in ('matplotlib', 'PIL') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    docs = sorted(out.glob("*-plan.docx"))
    assert len(docs) == 1
    data = docs[0].read_bytes()
    assert not list(body(data).iter(WP + "inline"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    assert "Verloop van de metingen" not in text(body(data))


def test_one_meting_is_no_chart():
    plan = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    doel = plan["meetbare_doelen"][0]
    doel["metingen"] = [{"jaar": doel["nulmeting"]["jaar"] + 1, "waarde": doel["nulmeting"]["waarde"]}]
    ctx = plan_context(plan)
    assert ctx["doelen"][0]["grafiek"] is None
    md = render(make_environment(), "plan.md.j2", ctx)
    assert "[[afbeelding: grafiek-" not in md and "Verloop van de metingen" not in md
    doel["metingen"].append({"jaar": doel["nulmeting"]["jaar"] + 2, "waarde": doel["nulmeting"]["waarde"]})
    md = render(make_environment(), "plan.md.j2", plan_context(plan))
    assert md.count("[[afbeelding: grafiek-") == 1
    assert "Voor het doel met twee of meer metingen laat een grafiek het verloop zien" in md
