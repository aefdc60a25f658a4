"""The HTML regional report meets WCAG 2.1 AA as axe-core judges it, run in Debian's Chromium.

Needs the Python packages playwright and axe-playwright-python (the test extra) and /usr/bin/chromium
(Debian's package; Playwright's own browsers are never downloaded). The page is loaded with
`page.set_content`, and the test also checks that it asks the network for nothing.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path

import pytest

from ivplan.app.check import check_region
from ivplan.render.report_html import render_report_html

sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = os.environ.get("IVPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)), reason=f"Chromium not installed at {CHROMIUM}"
)

# the plans of tests/test_check.py, reused
from test_check import BASE_REGIO, _anderdorp, _plan_with_warning, dump, plan  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _axe(browser, html: str, media: str = "screen"):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.emulate_media(media=media)
        page.set_content(html, wait_until="load")
        result = axe_module.Axe().run(page)
    finally:
        page.close()
    # axe itself is injected as a script by the test, not loaded over the network
    assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
    return result


def _report_cases(tmp_path: Path) -> dict[str, str]:
    """Reports that between them show every status, both layouts and every findings section."""
    cases = {}
    regio_path = dump(tmp_path / "regio.yaml", BASE_REGIO)
    plans = [
        dump(tmp_path / "voorbeeldstad.yaml", _plan_with_warning()),
        dump(tmp_path / "anderdorp.yaml", _anderdorp()),
        dump(tmp_path / "elders.yaml", plan("Elders", "GM9999")),
    ]
    broken = tmp_path / "kapot.yaml"
    broken.write_text("ivplan: 1\ngemeente: [\n", encoding="utf-8")
    cases["gegroepeerd"] = render_report_html(check_region(regio_path, [*plans, broken]))
    cases["strikt"] = render_report_html(check_region(regio_path, plans, strikt=True))

    flat = copy.deepcopy(BASE_REGIO)
    flat["gemeenten"] = [{"cbs_code": g["cbs_code"], "naam": g["naam"]} for g in flat["gemeenten"]]
    flat_path = dump(tmp_path / "regio-zonder-basisteam.yaml", flat)
    cases["zonder basisteam"] = render_report_html(check_region(flat_path, plans))

    bad = copy.deepcopy(BASE_REGIO)
    bad["speerpunten"] = [{"id": "Fout id", "titel": "x"}]
    bad_path = dump(tmp_path / "regio-fout.yaml", bad)
    cases["regiobestand met fouten"] = render_report_html(check_region(bad_path, plans))

    many = copy.deepcopy(BASE_REGIO)
    many["speerpunten"] = [
        {"id": f"speerpunt-{i}", "titel": f"Een vrij lang regionaal speerpunt nummer {i}"} for i in range(12)
    ]
    many_path = dump(tmp_path / "regio-breed.yaml", many)
    cases["brede tabel"] = render_report_html(check_region(many_path, plans))
    return cases


@pytest.mark.parametrize(
    "media, names",
    [
        ("screen", None),  # every case
        ("print", ("gegroepeerd", "brede tabel")),  # the print stylesheet keeps colours: contrast again
    ],
)
def test_axe_finds_no_violations(browser, tmp_path, media, names):
    cases = _report_cases(tmp_path)
    for name in names or cases:
        result = _axe(browser, cases[name], media)
        assert result.violations_count == 0, f"{name} ({media}):\n{result.generate_report()}"


def test_axe_really_checks(browser):
    """The harness itself: a page with a table without headers, low contrast and no lang fails."""
    bad = (
        "<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>x</h1>"
        '<p style="color:#bbbbbb;background:#ffffff">grijze tekst</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    result = _axe(browser, bad)
    ids = {v["id"] for v in result.response["violations"]}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= ids


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_status_colours_have_aa_contrast(tmp_path):
    """Every CSS rule that sets both a background and a text colour has a contrast of at least 4.5:1,
    also in print (where the background colours are kept)."""
    html = _report_cases(tmp_path)["gegroepeerd"]
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    pairs = 0
    for body in re.findall(r"\{([^{}]*)\}", css):
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        if bg and fg:
            la, lb = sorted((_luminance(bg.group(1)), _luminance(fg.group(1))), reverse=True)
            assert (la + 0.05) / (lb + 0.05) >= 4.5, body
            pairs += 1
    assert pairs >= 6


@pytest.mark.parametrize("media", ["screen", "print"])
def test_toets_report_has_no_axe_violations(browser, tmp_path, media):
    """The kwaliteitstoets as .html (ivplan toets -o toets.html): open and answered questions, findings."""
    from click.testing import CliRunner

    from ivplan.cli.commands import main

    root = Path(__file__).parents[1]
    for name, extra in (
        ("open", []),
        ("beantwoord", ["--antwoorden", str(root / "examples/toets/oldenveld-antwoorden.yaml")]),
    ):
        out = tmp_path / f"{name}.html"
        result = CliRunner().invoke(main, ["toets", *extra, "-o", str(out), str(root / "examples/oldenveld.yaml")])
        assert result.exit_code == 0, result.output
        axe = _axe(browser, out.read_text(encoding="utf-8"), media)
        assert axe.violations_count == 0, f"{name} ({media}):\n{axe.generate_report()}"
