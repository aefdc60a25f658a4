"""The smaller faults and attacks of issue 13, item 22. Every attack file is made by the test."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import ivplan.app.build
from ivplan.cli.commands import main
from ivplan.core.output import OutputError, write_all_atomic
from ivplan.render import chart_cache, pdf
from test_chart_cache import tiny_png

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal_plan.yaml"
NAME = "voorbeeldstad-ivp-2027-2030"
GEMEENTE = "  naam: Voorbeeldstad"


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _plan(tmp_path: Path, old: str, new: str, name: str = "plan.yaml") -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _xml(docx: Path, member: str) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(member).decode("utf-8")


# --------------------------------------------------------------------------------------------------
# outputs respect the umask and keep a document's mode


def test_new_documents_follow_the_umask_and_a_rebuild_keeps_the_mode_the_user_set(tmp_path):
    out = tmp_path / "uit"
    old = os.umask(0o027)
    try:
        assert _run("build", MINIMAL, "-o", out, "--jobs", "1").exit_code == 0
        plan = out / f"{NAME}-plan.docx"
        assert stat.S_IMODE(plan.stat().st_mode) == 0o640  # was forced to 0644
        plan.chmod(0o600)
        assert _run("build", MINIMAL, "-o", out, "--jobs", "1").exit_code == 0
        assert stat.S_IMODE(plan.stat().st_mode) == 0o600  # was widened to 0644
    finally:
        os.umask(old)


# --------------------------------------------------------------------------------------------------
# braces in a gemeente name are text, not footer fields


def test_braces_in_the_gemeente_name_stay_text_in_the_footer(tmp_path):
    plan = _plan(tmp_path, GEMEENTE, '  naam: "{PAGE} en {NUMPAGES}stad"')
    out = tmp_path / "uit"
    result = _run("build", plan, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    docx = out / "page-en-numpages-stad-ivp-2027-2030-plan.docx"
    with zipfile.ZipFile(docx) as z:
        [footer] = [n for n in z.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
    xml = _xml(docx, footer)
    # the template's own "pagina {PAGE} van {NUMPAGES}": one field each, and the name as text
    assert len(re.findall(r"<w:instrText[^>]*> ?PAGE ?<", xml)) == 1
    assert len(re.findall(r"<w:instrText[^>]*> ?NUMPAGES ?<", xml)) == 1
    assert "Gemeente {PAGE} en {NUMPAGES}stad" in re.sub(r"<[^>]+>", "", xml)


# --------------------------------------------------------------------------------------------------
# e-mail addresses and mailto links


def test_an_email_with_a_query_is_refused_by_validate(tmp_path):
    plan = _plan(
        tmp_path,
        "    functie: burgemeester\n",
        "    functie: burgemeester\n  contactpersoon:\n    naam: C. de Boer\n"
        "    email: x@evil.example?attach=file:///etc/passwd\n",
    )
    result = _run("validate", plan)
    assert result.exit_code == 1
    assert (
        "plan.contactpersoon.email: 'x@evil.example?attach=file:///etc/passwd' is geen geldig e-mailadres: een "
        "e-mailadres bevat geen '?'" in result.stdout
    )


@pytest.mark.parametrize(
    "value, ok",
    [
        ("j.jansen@voorbeeldstad.nl", True),
        ("a.de-vries@súdwest-fryslân.nl", True),
        ("info+ivp@gemeente-x.nl", True),
        ("x@evil.example?attach=file:///etc/passwd", False),
        ("x@evil.example&cc=a@b.nl", False),
        ("x%3Fattach@evil.example", False),
        ("x@-evil.nl", False),
        ("x@evil", False),
    ],
)
def test_the_email_format(value, ok):
    from ivplan.validation.formats import email_problem

    assert (email_problem(value) is None) == ok


def test_a_mailto_link_in_plan_text_loses_its_attach_but_keeps_its_subject(tmp_path):
    link = "[mail ons](mailto:ivp@voorbeeldstad.nl?attach=file:///etc/passwd&subject=Veiligheid)"
    plan = _plan(
        tmp_path,
        "  samenvatting: Het aantal woninginbraken ligt boven het landelijk gemiddelde.",
        f'  samenvatting: "Zie {link}."',
    )
    out = tmp_path / "uit"
    assert _run("build", plan, "-o", out, "--jobs", "1").exit_code == 0
    rels = _xml(out / f"{NAME}-plan.docx", "word/_rels/document.xml.rels")
    assert "mailto:ivp@voorbeeldstad.nl?subject=Veiligheid" in rels
    assert "attach" not in rels and "/etc/passwd" not in rels


# --------------------------------------------------------------------------------------------------
# gemeente names that build cannot write, whitespace-only names


def test_a_gemeente_name_too_long_for_a_file_name_is_refused_by_validate(tmp_path):
    plan = _plan(tmp_path, GEMEENTE, "  naam: " + "Langgerekt" * 21)  # 210 characters
    result = _run("validate", plan)
    assert result.exit_code == 1
    assert "gemeente.naam: de tekst is te lang (210 tekens; maximaal 100)" in result.stdout
    built = _run("build", plan, "-o", tmp_path / "uit", "--jobs", "1")
    assert built.exit_code == 1 and not (tmp_path / "uit").exists()


def test_a_whitespace_only_gemeente_name_is_refused(tmp_path):
    plan = _plan(tmp_path, GEMEENTE, "  naam: '   '")
    result = _run("validate", plan)
    assert result.exit_code == 1
    assert "gemeente.naam: '   ' heeft niet de juiste vorm. De naam van de gemeente mag niet leeg zijn" in result.stdout


def test_a_plan_s_documents_are_written_all_or_none(tmp_path):
    good, bad = tmp_path / "plan.docx", tmp_path / ("r" * 250 + ".docx")  # the second name is too long
    good.write_bytes(b"oud")
    with pytest.raises(OutputError, match="de naam is te lang"):
        write_all_atomic([(good, b"nieuw"), (bad, b"nieuw")])
    assert good.read_bytes() == b"oud"  # the first was not replaced either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx"]  # no temporary file left


def test_a_target_that_is_a_folder_stops_the_plan_before_any_document_is_replaced(tmp_path):
    out = tmp_path / "uit"
    assert _run("build", MINIMAL, "-o", out, "--jobs", "1").exit_code == 0
    plan_docx = out / f"{NAME}-plan.docx"
    before = plan_docx.read_bytes()
    raadsvoorstel = out / f"{NAME}-raadsvoorstel.docx"
    raadsvoorstel.unlink()
    raadsvoorstel.mkdir()
    changed = _plan(tmp_path, "Minder woninginbraken.", "Veel minder inbraken.")
    result = _run("build", changed, "-o", out, "--jobs", "1")
    assert result.exit_code == 2
    assert f"{NAME}-raadsvoorstel.docx: kan niet schrijven (is een map)" in result.stderr
    assert plan_docx.read_bytes() == before


# --------------------------------------------------------------------------------------------------
# the chart cache


def test_a_chart_cache_folder_open_to_others_is_made_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "ivplan" / "grafieken"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert chart_cache.usable_cache_dir() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_chart_cache_folder_that_is_a_link_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "ivplan").mkdir()
    (tmp_path / "ivplan" / "grafieken").symlink_to(elsewhere)
    assert chart_cache.usable_cache_dir() is None
    calls = []
    chart_cache.cached_png({"id": "x"}, {}, lambda: calls.append(1) or tiny_png())
    assert calls == [1] and not list(elsewhere.iterdir())


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder to another user")
def test_a_chart_cache_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "ivplan" / "grafieken"
    folder.mkdir(parents=True, mode=0o700)
    os.chown(folder, 65534, 65534)
    assert chart_cache.usable_cache_dir() is None


def test_a_truncated_cache_entry_is_drawn_again_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    whole = tiny_png()
    calls = []

    def draw():
        calls.append(1)
        return whole

    doel = {"id": "x", "metingen": [1, 2]}
    assert chart_cache.cached_png(doel, {}, draw) == whole and calls == [1]
    entry = tmp_path / "ivplan" / "grafieken" / f"{chart_cache.key(doel, {})}.png"
    entry.write_bytes(whole[: len(whole) - 7])  # cut short, as by a full disk or a kill
    assert chart_cache.cached_png(doel, {}, draw) == whole and calls == [1, 1]
    assert entry.read_bytes() == whole  # replaced: not drawn for ever after
    assert chart_cache.cached_png(doel, {}, draw) == whole and calls == [1, 1]


# --------------------------------------------------------------------------------------------------
# a full $TMPDIR


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounts a small tmpfs (root only)")
def test_a_full_tmpdir_is_said_to_be_full_not_blamed_on_the_document(tmp_path):
    if not pdf.libreoffice_available():
        pytest.skip("LibreOffice is not installed")
    full = tmp_path / "vol"
    full.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(full)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        with open(full / "vulling", "wb") as fh:
            try:
                fh.write(b"\0" * 2**20)
            except OSError:
                pass
        env = dict(os.environ, TMPDIR=str(full))
        out = tmp_path / "uit"
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                "from ivplan.cli.entry import main; main()",
                "build",
                str(MINIMAL),
                "--pdf",
                "--jobs",
                "1",
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    finally:
        subprocess.run(["umount", str(full)], check=False)
    assert run.returncode == 2, run.stderr
    assert f"ivplan: de tijdelijke map {full} is (bijna) vol: 0 MB vrij" in run.stderr
    assert "wijs met TMPDIR een andere map aan" in run.stderr
    assert "interne fout" not in run.stderr and not out.exists()  # refused before anything is written


# --------------------------------------------------------------------------------------------------
# init never writes through a link


@pytest.mark.parametrize("which", ["ivp.yaml", ".vscode"])
def test_init_refuses_to_write_through_a_link(tmp_path, which):
    folder = tmp_path / "mijnplan"
    folder.mkdir()
    elsewhere = tmp_path / "elders"
    if which == "ivp.yaml":
        (folder / "ivp.yaml").symlink_to(elsewhere / "ivp.yaml")  # dangling
    else:
        elsewhere.mkdir()
        (folder / ".vscode").symlink_to(elsewhere)
    result = _run(
        "init", folder, "--gemeente", "X", "--cbs-code", "GM0001", "--inwoners", "100", "--politie-eenheid", "Limburg"
    )
    assert result.exit_code == 2
    link = folder / which
    assert result.stderr == (
        f"ivplan: {link} is een symbolische koppeling (naar {os.readlink(link)}); ivplan init schrijft niet via "
        "een koppeling (er is niets geschreven)\n"
    )
    assert not (elsewhere / "ivp.yaml").exists() and not (elsewhere / "settings.json").exists()
    assert sorted(p.name for p in folder.iterdir()) == [which]


# --------------------------------------------------------------------------------------------------
# Ctrl-C


def test_ctrl_c_during_a_batch_puts_its_message_on_a_line_of_its_own(tmp_path, monkeypatch):
    plans = []
    for naam in ("Aastad", "Beestad", "Ceestad", "Deestad", "Eestad"):
        plans.append(_plan(tmp_path, GEMEENTE, f"  naam: {naam}", f"{naam}.yaml"))
    real = ivplan.app.build.write_docx
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) > 4:  # the third plan: the progress line of two plans is open
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(ivplan.app.build, "write_docx", interrupted)
    result = _run("build", *plans, "-o", tmp_path / "uit", "--jobs", "1")
    assert result.exit_code == 130
    assert "\r2/5 plannen gemaakt\nivplan: afgebroken\n" in result.stderr  # was "...gemaaktivplan: afgebroken"
