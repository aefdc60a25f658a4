"""`ivplan preview` in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser). The preview runs as its own process on a copy of an example; the tests change the YAML on
disk and look at what the page shows, run axe-core on screen and in print, and check the keyboard."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest

from preview_helpers import EXAMPLES, copy_example, programme_with_plan, running

sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
expect = sync_api.expect

# Debian's Chromium with the flags the HTML report's accessibility test starts it with
from test_report_html_a11y import CHROMIUM, CHROMIUM_ARGS, pytestmark  # noqa: E402,F401  (skip without Chromium)

TIMEOUT = 10_000  # ms: generous for a shared machine; the latency itself is measured in bench/


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page of the preview, with every request it makes recorded."""

    def __init__(self, browser, preview, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(preview.url)
        self.origin = f"http://127.0.0.1:{preview.port}/"

    def close(self):
        self.context.close()

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.origin, "data:", "ws://127.0.0.1:"))]


@contextlib.contextmanager
def opened(browser, plan: Path, tmp_path: Path, *args: str, **context):
    """`ivplan preview` on `plan` as its own process, and a page of it in a fresh browser context."""
    with running(plan, tmp_path, *args) as preview:
        p = Page(browser, preview, **context)
        try:
            yield preview, p
        finally:
            p.close()


def save(path: Path, text: str, *, atomic: bool = False) -> None:
    """Save as an editor does: in place, or a new file renamed over the old one (vim, VS Code)."""
    if atomic:
        tmp = path.with_name(f".{path.name}.swp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, encoding="utf-8")


def test_every_change_appears_without_a_reload(browser, tmp_path):
    plan = copy_example(tmp_path)
    original = plan.read_text(encoding="utf-8")
    with opened(browser, plan, tmp_path) as (preview, p):
        page = p.page
        expect(page).to_have_url(re.compile(r"/$"))  # the token went into the cookie
        expect(page.locator("#inhoud .titel")).to_have_text(
            "Samen veilig in Havenstad: Integraal Veiligheidsplan 2027-2030"
        )
        page.evaluate("window.zelfdePagina = true")
        first_version = int(page.locator("body").get_attribute("data-versie"))

        # 1. a title
        text = original.replace("Samen veilig in Havenstad", "Veilig en gezond in Havenstad", 1)
        save(plan, text)
        expect(page.locator("#inhoud .titel")).to_contain_text("Veilig en gezond in Havenstad", timeout=TIMEOUT)
        expect(page).to_have_title(re.compile("^Voorbeeld: Veilig en gezond in Havenstad"))
        expect(page.locator("#aankondiging")).to_contain_text("bijgewerkt", timeout=TIMEOUT)

        # 2. a doel's streefwaarde: the table and the chart change
        row = page.locator("#inhoud tr", has_text="Meer bestuurlijke interventies tegen ondermijning.").first
        expect(row).to_contain_text("45 (2030)")
        chart = page.get_by_role("img", name=re.compile("^Lijngrafiek van Aantal Bibob"))
        old_src = chart.get_attribute("src")
        page.evaluate("document.querySelector('#inhoud nav').blijft = true")
        text = text.replace("streefwaarde: {waarde: 45, jaar: 2030}", "streefwaarde: {waarde: 52, jaar: 2030}")
        save(plan, text, atomic=True)
        expect(row).to_contain_text("52 (2030)", timeout=TIMEOUT)
        expect(chart).not_to_have_attribute("src", old_src, timeout=TIMEOUT)
        expect(chart).to_have_attribute("alt", re.compile("streefwaarde 52 in 2030"))
        # only the blocks that changed were replaced: the inhoudsopgave is the same element
        assert page.evaluate("document.querySelector('#inhoud nav').blijft") is True
        assert page.evaluate(f"fetch('{chart.get_attribute('src')}').then(r => r.status)") == 200

        # 3. a YAML syntax error: the error in the panel, the last good rendering greyed under it
        save(plan, text.replace("gemeente:\n", "gemeente:\n  naam: [\n", 1))
        panel = page.get_by_role("region", name="Meldingen")
        expect(panel).to_contain_text("IVP900", timeout=TIMEOUT)
        expect(panel).to_contain_text("1 fout, 0 waarschuwingen")
        expect(panel).to_contain_text(re.compile(re.escape(str(plan)) + r":\d+:\d+: fout IVP900"))
        expect(page.locator("#inhoud")).to_have_class("verouderd")
        expect(page.locator("#inhoud .titel")).to_contain_text("Veilig en gezond in Havenstad")
        expect(row).to_contain_text("52 (2030)")
        expect(page.locator("#aankondiging")).to_contain_text("laatste goede weergave", timeout=TIMEOUT)

        # 4. the fix, saved by renaming (with one more change, so the page must really update)
        save(plan, text.replace("Veilig en gezond", "Veilig en hersteld", 1), atomic=True)
        expect(page.locator("#inhoud .titel")).to_contain_text("Veilig en hersteld", timeout=TIMEOUT)
        expect(page.locator("#inhoud")).not_to_have_class("verouderd")
        expect(panel).to_contain_text("0 fouten, 0 waarschuwingen")
        expect(page.locator("#inhoud .verouderd-melding")).to_have_count(0)

        assert page.evaluate("window.zelfdePagina") is True  # swapped, never reloaded
        assert int(page.locator("body").get_attribute("data-versie")) >= first_version + 4
        assert p.foreign_requests() == []


def test_scroll_position_stays_on_the_same_heading(browser, tmp_path):
    plan = copy_example(tmp_path)
    original = plan.read_text(encoding="utf-8")
    with opened(browser, plan, tmp_path, viewport={"width": 1280, "height": 800}) as (preview, p):
        page = p.page
        heading = page.locator("#inhoud h1", has_text="Partners en afspraken")
        heading.evaluate("h => h.scrollIntoView()")
        page.evaluate("window.scrollBy(0, -40)")
        before = heading.evaluate("h => h.getBoundingClientRect().top")
        # a longer samenvatting above it pushes the heading down the document
        longer = original.replace(
            "  samenvatting: |\n", "  samenvatting: |\n" + "    Een nieuwe alinea bovenaan.\n\n" * 12, 1
        )
        save(plan, longer)
        expect(page.locator("#inhoud")).to_contain_text("Een nieuwe alinea bovenaan.", timeout=TIMEOUT)
        after = heading.evaluate("h => h.getBoundingClientRect().top")
        assert abs(after - before) < 3, (before, after)


def plan_with_diagnostics(tmp_path: Path) -> Path:
    plan = copy_example(tmp_path)
    text = plan.read_text(encoding="utf-8")
    text = text.replace("prioriteit: hic", "prioriteit: onbekend", 1)  # IVP002
    text = text.replace("streefwaarde: {waarde: 45, jaar: 2030}", "streefwaarde: {waarde: 45, jaar: 2020}")  # IVP011
    text = text.replace("  inwoners: ", "  inwoners: veel #", 1)  # IVP000
    plan.write_text(text, encoding="utf-8")
    return plan


def test_diagnostics_panel_links_to_marked_places(browser, tmp_path):
    plan = plan_with_diagnostics(tmp_path)
    with opened(browser, plan, tmp_path, viewport={"width": 1400, "height": 900}) as (preview, p):
        page = p.page
        panel = page.get_by_role("region", name="Meldingen")
        expect(panel.get_by_role("heading", name="Meldingen")).to_be_visible()
        expect(panel).to_contain_text("3 fouten, 0 waarschuwingen")
        links = panel.locator("a.melding-link")
        expect(links).to_have_count(3)
        for i, code in enumerate(["IVP000", "IVP011", "IVP002"]):
            link = links.nth(i)
            expect(link).to_contain_text(code)
            target_id = link.get_attribute("href")[1:]
            target = page.locator(f"#{target_id}")
            expect(target).to_have_count(1)
            mark = target.locator(".merk", has_text=code)
            expect(mark).to_be_visible()
            link.click()
            expect(page).to_have_url(re.compile(f"#{target_id}$"))
            expect(target).to_be_in_viewport()
            # the mark leads back to the diagnostic
            assert mark.get_attribute("href") == f"#melding-{i + 1}"
        # the doel with the wrong streefwaarde: its row, marked in the margin left of the text
        row = page.locator(f"#{links.nth(1).get_attribute('href')[1:]}")
        expect(row).to_contain_text("Meer bestuurlijke interventies tegen ondermijning.")
        mark_box = row.locator(".merk").bounding_box()
        text_box = page.locator("#inhoud .ivp-document").bounding_box()
        assert mark_box["x"] + mark_box["width"] <= text_box["x"]
        # ivplan uitleg, one click away
        details = panel.locator("details").nth(1)
        expect(details.locator(".uitleg")).not_to_be_visible()
        details.locator("summary").click()
        expect(details.locator(".uitleg")).to_contain_text("Hoe op te lossen")


def test_keyboard_reaches_everything_and_updates_do_not_move_focus(browser, tmp_path):
    plan = plan_with_diagnostics(tmp_path)
    text = plan.read_text(encoding="utf-8")
    with opened(browser, plan, tmp_path) as (preview, p):
        page = p.page
        page.keyboard.press("Tab")
        expect(page.locator(".naar-document")).to_be_focused()
        expect(page.locator(".naar-document")).to_be_in_viewport()
        page.keyboard.press("Tab")
        expect(page.locator("a.melding-link").first).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.locator("#meldingen summary").first).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#meldingen details").first).to_have_attribute("open", "")
        # an update while the focus is in the panel: the focus stays where it is (on the body at
        # worst, never moved into the document), the update is announced politely
        focused_before = page.evaluate("document.activeElement.tagName")
        save(plan, text.replace("Samen veilig in Havenstad", "Anders veilig in Havenstad", 1))
        expect(page.locator("#inhoud .titel")).to_contain_text("Anders veilig", timeout=TIMEOUT)
        live = page.locator("[aria-live]")
        expect(live).to_have_count(1)
        expect(live).to_have_attribute("aria-live", "polite")
        expect(live).to_contain_text("3 fouten, 0 waarschuwingen", timeout=TIMEOUT)
        focused_after = page.evaluate("document.activeElement.closest('#inhoud') === null")
        assert focused_after, focused_before
        # every link and summary in the page can get the focus
        unreachable = page.evaluate(
            "[...document.querySelectorAll('a[href], summary')].filter(e => e.tabIndex < 0).length"
        )
        assert unreachable == 0


def _axe(browser, preview, media: str, *, stale: bool = False):
    # axe is injected by the test through the DevTools protocol; bypass_csp lets axe-core's own
    # checks run inside the page (the page itself is tested with its Content-Security-Policy above)
    p = Page(browser, preview, bypass_csp=True)
    try:
        expect(p.page.locator("#inhoud.verouderd")).to_have_count(1 if stale else 0, timeout=TIMEOUT)
        p.page.emulate_media(media=media)
        result = axe_module.Axe().run(p.page)
        assert p.foreign_requests() == []
        return result
    finally:
        p.close()


@pytest.mark.parametrize("media", ["screen", "print"])
def test_axe_finds_no_violations(browser, tmp_path, media):
    names = ["havenstad.yaml", "oldenveld.yaml", "", "p", "b"]
    cases = [(name, tmp_path / f"geval-{i}") for i, name in enumerate(names)]
    for name, folder in cases:
        if name == "p":
            plan = programme_with_plan(folder)[0]
        elif name == "b":  # a deel B: the gemeente's plan with deel A's chapters
            shutil.copytree(EXAMPLES / "gezamenlijk", folder / "gezamenlijk")
            plan = folder / "gezamenlijk" / "hoeksdonk" / "ivp.yaml"
        else:
            plan = copy_example(folder, name) if name else plan_with_diagnostics(folder)
        with running(plan, folder) as preview:
            result = _axe(browser, preview, media)
            assert result.violations_count == 0, f"{plan} ({media}):\n{result.generate_report()}"
            if name == "":
                # and under a YAML error: the last good rendering, greyed
                plan.write_text(plan.read_text(encoding="utf-8") + "\nkapot: [\n", encoding="utf-8")
                result = _axe(browser, preview, media, stale=True)
                assert result.violations_count == 0, f"YAML-fout ({media}):\n{result.generate_report()}"


def test_content_security_policy_holds_in_the_browser(browser, tmp_path):
    """The page's own script runs under its policy (the live update works, see above) and nothing the
    policy forbids does: an inline script without the nonce is refused."""
    plan = copy_example(tmp_path)
    with opened(browser, plan, tmp_path) as (preview, p):
        messages: list[str] = []
        p.page.on("console", lambda m: messages.append(m.text))
        p.page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.ingevoegd = 1';"
            " document.body.append(s); }"
        )
        assert p.page.evaluate("window.ingevoegd === undefined")
        assert any("Content Security Policy" in m for m in messages)


def test_programme_follows_its_plan(browser, tmp_path):
    """An uitvoeringsprogramma shows the programme; a change in the plan it points to shows too."""
    programme, plan = programme_with_plan(tmp_path)
    with opened(browser, programme, tmp_path) as (preview, p):
        page = p.page
        expect(page.locator("#inhoud .titel")).to_contain_text("Uitvoeringsprogramma")
        expect(page.locator("#inhoud .ondertitel")).to_contain_text("Samen veilig in Havenstad")
        text = plan.read_text(encoding="utf-8")
        save(plan, text.replace("Samen veilig in Havenstad", "Veilig samen in Havenstad", 1), atomic=True)
        expect(page.locator("#inhoud .ondertitel")).to_contain_text("Veilig samen in Havenstad", timeout=TIMEOUT)


def test_focus_and_open_explanations_in_the_panel_stay_after_an_update(browser, tmp_path):
    """An update never takes the focus away: a keyboard user in the diagnostics panel stays on the same
    diagnostic (not thrown back to the start of the page), and an explanation opened stays open."""
    plan = plan_with_diagnostics(tmp_path)
    text = plan.read_text(encoding="utf-8")
    with opened(browser, plan, tmp_path) as (preview, p):
        page = p.page
        second = page.locator("#meldingen a.melding-link").nth(1)
        expect(second).to_contain_text("IVP011")
        page.locator("#meldingen summary").nth(2).click()
        second.focus()
        save(plan, text.replace("Samen veilig in Havenstad", "Anders veilig in Havenstad", 1))
        expect(page.locator("#inhoud .titel")).to_contain_text("Anders veilig", timeout=TIMEOUT)
        expect(page.locator("#aankondiging")).to_contain_text("bijgewerkt", timeout=TIMEOUT)
        focused = page.locator("#meldingen a.melding-link").nth(1)
        expect(focused).to_be_focused()
        expect(focused).to_contain_text("IVP011")
        expect(page.locator("#meldingen details").nth(2)).to_have_attribute("open", "")
        expect(page.locator("#meldingen details[open]")).to_have_count(1)


def test_a_changed_huisstijl_reaches_the_open_page(browser, tmp_path):
    """--huisstijl is watched: a new Heading 1 colour in the reference document shows without a reload."""
    import docx
    from docx.shared import RGBColor

    plan = copy_example(tmp_path)
    ref = tmp_path / "huisstijl.docx"

    def save_huisstijl(rgb: tuple[int, int, int]) -> None:
        document = docx.Document()
        document.styles["Heading 1"].font.color.rgb = RGBColor(*rgb)
        document.save(str(ref))

    save_huisstijl((0x7A, 0x1F, 0x2B))
    with opened(browser, plan, tmp_path, "--huisstijl", str(ref)) as (preview, p):
        page = p.page
        heading = page.locator("#inhoud h1").first
        expect(heading).to_have_css("color", "rgb(122, 31, 43)")
        page.evaluate("window.zelfdePagina = true")
        save_huisstijl((0x0B, 0x5A, 0x2A))
        expect(heading).to_have_css("color", "rgb(11, 90, 42)", timeout=TIMEOUT)
        assert page.evaluate("window.zelfdePagina") is True
