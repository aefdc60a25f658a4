"""The benchmark's fair yardstick (issue 20): bench/pandoc_native.py turns ivplan's intermediate Markdown
into what pandoc would be given for the same document, and bench/generate.multiply makes the k-times
plans that show how a build's cost grows with the size of one plan."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402  (bench/generate.py)
import pandoc_native  # noqa: E402  (bench/pandoc_native.py)

INTERMEDIATE = """[[kopnummering]]

[[voettekst: Gemeente X · pagina {PAGE} van {NUMPAGES}]]

[[titel: Veilig in X: plan]]

[[ondertitel: Integraal veiligheidsplan]]

[[inhoudsopgave: Inhoudsopgave]]

[[nieuwe-pagina]]

# Inleiding

[[tabel: Cijfers]]

| Delict | 2025 |
|---|---|
| Inbraak [[alinea]] en poging | 3 [[punt]] a [[punt]] b |

[[afbeelding: grafiek-a | Lijngrafiek van A: 1 in 2025]]

[[labeltabel]]

[[regels]]
de griffier,
mr. S. de Graaf
[[/regels]]

[[koptekst: ONTWERP]]

[[ondertekening]]
Burgemeester en wethouders,
de secretaris | drs. P. Verbeek
[[/ondertekening]]

[[bijlage: Bijlage: Begrippen]]

Een \\[[tabel: geen directief]] in tekst.
"""


def test_every_directive_has_its_pandoc_equivalent():
    native = pandoc_native.convert(INTERMEDIATE)
    text = native.text
    assert text.startswith('---\ntitle: "Veilig in X: plan"\nsubtitle: "Integraal veiligheidsplan"\n')
    assert 'toc-title: "Inhoudsopgave"' in text
    assert native.options == ["--number-sections", "--toc"]
    assert native.images == ["grafiek-a"]
    assert "![Lijngrafiek van A: 1 in 2025](grafiek-a.png)\\ " in text
    assert "Table: Cijfers" in text
    assert '<w:br w:type="page"/>' in text
    assert "| de griffier,\n| mr. S. de Graaf" in text
    assert "| Burgemeester en wethouders,\n| de secretaris | drs. P. Verbeek" in text
    assert "# Bijlage: Begrippen {.unnumbered}" in text
    assert "| Inbraak   en poging | 3  •  a  •  b |" in text
    assert "Een \\[[tabel: geen directief]] in tekst." in text  # escaped: text, left alone
    for gone in ("[[kopnummering", "[[voettekst", "[[koptekst", "[[labeltabel", "[[regels", "[[ondertekening"):
        assert gone not in text


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_makes_the_same_document_from_the_native_markdown(tmp_path):
    out = tmp_path / "uit"
    build = subprocess.run(
        [sys.executable, "-m", "ivplan", "build", str(ROOT / "examples" / "havenstad.yaml"), "--markdown", "-o", out],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "IVPLAN_CACHE": "uit"},
    )
    assert build.returncode == 0, build.stderr
    md = next(out.glob("*-plan.md"))
    cmd = pandoc_native.write_native(md, tmp_path / "native", docx=md.with_suffix(".docx"))
    assert "--toc" in cmd and "--number-sections" in cmd
    subprocess.run(cmd, check=True, capture_output=True)
    with zipfile.ZipFile(tmp_path / "native" / md.with_suffix(".docx").name) as z:
        body = z.read("word/document.xml").decode("utf-8")
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
    ivplan_media = pandoc_native.docx_images(md.with_suffix(".docx"))
    assert body.count("<w:tblCaption ") == md.read_text(encoding="utf-8").count("[[tabel: ")
    assert body.count("<a:blip ") == len(ivplan_media) == 11
    assert len(media) == 11  # the charts ivplan drew, embedded by pandoc
    assert body.count('w:type="page"') == md.read_text(encoding="utf-8").count("[[nieuwe-pagina]]")
    assert "[[" not in body


def test_multiply_makes_a_valid_plan_k_times_as_large(tmp_path):
    base = yaml.safe_load((ROOT / "examples" / "havenstad.yaml").read_text(encoding="utf-8"))
    plan = generate.multiply(base, 3)
    assert len(plan["meetbare_doelen"]) == 3 * len(base["meetbare_doelen"])
    assert len(plan["partners"]) == 3 * len(base["partners"])
    assert plan["prioriteiten"] == base["prioriteiten"]
    path = tmp_path / "havenstad-3x.yaml"
    path.write_text(generate.dump(plan), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "ivplan", "validate", str(path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 fouten, 0 waarschuwingen" in res.stdout + res.stderr
