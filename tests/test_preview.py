"""`ivplan preview` without a browser: the command, its security (with a plain HTTP client), stopping
it, watching files and rendering a plan with errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ivplan.app.preview import _render_loop, run_preview
from ivplan.app.preview.rendering import PreviewOptions, Renderer
from ivplan.app.preview.server import Hub, PreviewServer
from ivplan.app.preview.watch import Watcher
from preview_helpers import (
    URL_LINE,
    child_env,
    children_of,
    copy_example,
    listening_addresses,
    programme_with_plan,
    read_head,
    read_line,
    read_ws_text,
    request,
    running,
    start,
    stop,
    websocket_handshake,
)

CSP = re.compile(
    r"default-src 'none'; script-src 'nonce-([A-Za-z0-9_-]+)'; style-src 'nonce-\1'; img-src 'self' data:; "
    r"connect-src 'self'; base-uri 'none'; form-action 'none'"
)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preview")
    plan = copy_example(tmp)
    (plan.parent / "geheim.txt").write_text("GEHEIM\n")
    os.symlink("/etc/hostname", plan.parent / "buiten.txt")
    with running(plan, tmp) as p:
        yield p


def page(preview) -> tuple:
    return request(preview.port, "/", headers={"Cookie": preview.cookie})


# ---- the token and the cookie ---------------------------------------------------------------------


def test_token_sets_the_cookie_and_redirects(preview):
    response, _ = request(preview.port, f"/?t={preview.token}")
    assert response.status == 303
    assert response.getheader("Location") == "/"
    assert (
        response.getheader("Set-Cookie") == f"ivplan_{preview.port}={preview.token}; HttpOnly; SameSite=Strict; Path=/"
    )
    assert response.getheader("Referrer-Policy") == "no-referrer"


def test_page_with_the_cookie(preview):
    response, body = page(preview)
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    csp = response.getheader("Content-Security-Policy")
    match = CSP.fullmatch(csp)
    assert match, csp
    html = body.decode()
    nonce = match.group(1)
    # every script and style element is the page's own, with this response's nonce
    assert re.findall(r"<script[^>]*>", html) == [f'<script nonce="{nonce}">']
    assert re.findall(r"<style[^>]*>", html) == [f'<style nonce="{nonce}">', f'<style nonce="{nonce}" id="huisstijl">']
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    attributes = {name.lower() for tag in re.findall(r"<\w+[^>]*>", markup) for name in re.findall(r"\s([\w-]+)=", tag)}
    assert "style" not in attributes and not [a for a in attributes if a.startswith("on")], attributes
    # nothing the page loads comes from elsewhere
    sources = re.findall(r'\b(?:src|href)="([^"]*)"', html)
    assert not [
        s for s in sources if not s.startswith(("#", "/afbeelding/", "data:", "mailto:", "https://", "http://"))
    ]
    assert not [s for s in re.findall(r'\bsrc="([^"]*)"', html) if s.startswith("http")]
    assert '<html lang="nl">' in html and "Samen veilig in Havenstad" in html
    # a new nonce for every response
    again = CSP.fullmatch(page(preview)[0].getheader("Content-Security-Policy")).group(1)
    assert again != nonce


def test_the_token_is_128_random_bits_per_run(preview, tmp_path):
    assert re.fullmatch(r"[0-9a-f]{32}", preview.token)
    plan = copy_example(tmp_path)
    with running(plan, tmp_path) as other:
        assert other.token != preview.token


@pytest.mark.parametrize(
    "path, cookie",
    [
        ("/", None),  # no cookie
        ("/?t=00000000000000000000000000000000", None),  # wrong token
        ("/?t=", None),
        ("/", "ivplan_1=x"),  # another preview's cookie name
        ("/verbinding", None),
    ],
)
def test_without_the_token_403(preview, path, cookie):
    headers = {"Cookie": cookie} if cookie else {}
    response, body = request(preview.port, path, headers=headers)
    assert response.status == 403
    assert b"Samen veilig" not in body
    assert response.getheader("Set-Cookie") is None
    assert response.getheader("Referrer-Policy") == "no-referrer"


def test_wrong_cookie_value_403(preview):
    response, _ = request(preview.port, "/", headers={"Cookie": f"ivplan_{preview.port}=" + "0" * 32})
    assert response.status == 403


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1:1",
        "127.0.0.1",
        "localhost",
        "[::1]:{port}",
        "0.0.0.0:{port}",
        None,
    ],
)
def test_other_host_403(preview, host):
    """DNS rebinding: a Host other than 127.0.0.1:N or localhost:N, or none, is refused, token or not."""
    host = host.format(port=preview.port) if host else None
    for path, headers in (("/", {"Cookie": preview.cookie}), (f"/?t={preview.token}", {})):
        response, body = request(preview.port, path, host=host, headers=headers)
        assert response.status == 403, (host, path)
        assert response.getheader("Set-Cookie") is None


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}"])
def test_own_hosts_any_case(preview, host):
    response, _ = request(preview.port, "/", host=host.format(port=preview.port), headers={"Cookie": preview.cookie})
    assert response.status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/havenstad.yaml",
        "/geheim.txt",
        "/buiten.txt",  # a symlink out of the plan's folder
        "/../havenstad.yaml",
        "/..%2fhavenstad.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/afbeelding/../havenstad.yaml",
        "/afbeelding/..%2f..%2fetc%2fpasswd",
        "/afbeelding/%2fetc%2fpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/static/../../etc/hostname",
        "/.%2e/.%2e/etc/hostname",
        "/afbeelding/geheim.txt",
    ],
)
def test_no_path_reaches_the_disk(preview, path):
    response, body = request(preview.port, path, headers={"Cookie": preview.cookie})
    assert response.status == 403, path
    assert b"GEHEIM" not in body and b"root:" not in body and b"ivplan:" not in body


def test_absolute_path_of_the_plan_403(preview, tmp_path_factory):
    plan_path = Path(preview.proc.args[4]).resolve()
    response, body = request(preview.port, str(plan_path), headers={"Cookie": preview.cookie})
    assert response.status == 403
    assert b"gemeente" not in body


def test_images_by_opaque_name_only_with_the_cookie(preview):
    html = page(preview)[1].decode()
    sources = re.findall(r'<img src="(/afbeelding/[0-9a-f]{32}\.png)"', html)
    assert len(sources) == 11  # the charts of havenstad
    response, body = request(preview.port, sources[0], headers={"Cookie": preview.cookie})
    assert response.status == 200
    assert response.getheader("Content-Type") == "image/png"
    assert body.startswith(b"\x89PNG")
    assert request(preview.port, sources[0])[0].status == 403
    unknown = "/afbeelding/" + "0" * 32 + ".png"
    assert request(preview.port, unknown, headers={"Cookie": preview.cookie})[0].status == 404


def test_only_get(preview):
    response, _ = request(preview.port, "/", method="POST", headers={"Cookie": preview.cookie})
    assert response.status == 405


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PROPFIND"])
def test_other_methods_need_the_token_and_the_host_too(preview, method):
    """Every request needs the token (403 without it) and an own Host; with both, only GET is
    served; every answer carries the security headers."""
    cases = [
        ({}, None, 403),  # no cookie
        ({"Cookie": preview.cookie}, "evil.example:{port}", 403),
        ({"Cookie": preview.cookie}, None, 405),
    ]
    for headers, host, status in cases:
        host = host.format(port=preview.port) if host else "default"
        response, body = request(preview.port, "/", method=method, headers=headers, host=host)
        assert response.status == status, (method, headers, host)
        assert response.getheader("Referrer-Policy") == "no-referrer"
        assert CSP.fullmatch(response.getheader("Content-Security-Policy") or "")
        assert b"Samen veilig" not in body


def test_a_malformed_request_gets_the_security_headers_too(preview):
    with socket.create_connection(("127.0.0.1", preview.port), timeout=10) as sock:
        # a header line longer than http.server takes: it answers 431 itself
        sock.sendall(b"GET / HTTP/1.1\r\nHost: " + preview.host.encode() + b"\r\nX: " + b"a" * 70000 + b"\r\n\r\n")
        head = read_head(sock)[0].decode("latin-1").lower()
    assert head.startswith("http/1.1 431")
    assert "\r\nreferrer-policy: no-referrer" in head
    assert "\r\ncontent-security-policy: default-src 'none';" in head


# ---- the WebSocket --------------------------------------------------------------------------------


def test_websocket_with_the_pages_origin(preview):
    status, headers, sock, rest, _ = websocket_handshake(preview, origin=f"http://{preview.host}")
    try:
        assert status.startswith("HTTP/1.1 101")
        assert headers["upgrade"].lower() == "websocket"
        message = json.loads(read_ws_text(sock, rest))
        assert message["versie"] >= 1
        assert "Samen veilig in Havenstad" in message["blokken"][0]
        assert message["notitie"] == ""
        assert "0 fouten, 0 waarschuwingen" in message["meldingen"]
    finally:
        sock.close()


@pytest.mark.parametrize(
    "origin", [None, "http://evil.example", "null", "http://localhost:{port}", "https://127.0.0.1:{port}"]
)
def test_websocket_needs_the_pages_origin(preview, origin):
    origin = origin.format(port=preview.port) if origin else None
    status, _, sock, _, _ = websocket_handshake(preview, origin=origin)
    sock.close()
    assert status.startswith("HTTP/1.1 403"), (origin, status)


# ---- the command ----------------------------------------------------------------------------------


def test_binds_to_loopback_only(preview):
    assert listening_addresses(preview.port) == ["0100007F"]  # 127.0.0.1, and no IPv6 socket


def test_port_taken_exit_2(tmp_path):
    plan = copy_example(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = subprocess.run(
            [sys.executable, "-m", "ivplan", "preview", str(plan), "--poort", str(port), "--geen-browser"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert res.returncode == 2
    assert res.stdout == ""
    assert f"poort {port} is al in gebruik" in res.stderr
    assert "Traceback" not in res.stderr


def test_missing_file_exit_2(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "ivplan", "preview", str(tmp_path / "weg.yaml"), "--geen-browser"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 2
    assert res.stderr.strip() == f"ivplan: {tmp_path / 'weg.yaml'}: bestand niet gevonden"


def test_given_port_is_used(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    plan = copy_example(tmp_path)
    with running(plan, tmp_path, "--poort", str(port)) as p:
        assert p.port == port


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stops_within_a_second_leaving_nothing(tmp_path, sig):
    """Ctrl+C (or SIGTERM) on a real process: exit 0 within a second, no process left, no file
    written (in the plan's folder, the cache folder and the temp folder)."""
    plan = copy_example(tmp_path)

    def files():
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))

    # matplotlib's own font list (XDG_CACHE_HOME/matplotlib), which any program that draws with it
    # writes once per machine, is there before, as on a machine where a chart was ever drawn
    env = child_env(tmp_path)
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True)
    before = files()
    p = start(plan, tmp_path)
    # an open page: a WebSocket thread is waiting too
    status, _, sock, _, _ = websocket_handshake(p, origin=f"http://{p.host}")
    assert status.startswith("HTTP/1.1 101")
    time.sleep(0.3)
    assert children_of(p.proc.pid) == []  # the preview starts no process of its own
    code, elapsed = stop(p, sig)
    sock.close()
    assert code == 0
    assert elapsed < 1.0
    assert not Path(f"/proc/{p.proc.pid}").exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", p.port), timeout=1).close()
    assert files() == before


def test_ctrl_c_stops_also_when_started_with_sigint_ignored(tmp_path):
    """A program started in the background by a shell script (`ivplan preview ... &`) inherits SIGINT
    ignored; Ctrl+C (SIGINT) must still stop the preview within a second, exit 0."""
    plan = copy_example(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivplan", "preview", str(plan), "--geen-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(tmp_path),
        cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        assert URL_LINE.fullmatch(read_line(proc))
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(5)
        assert time.monotonic() - t0 < 1.0
        assert code == 0
        assert proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_invalid_yaml_is_no_exit(tmp_path):
    plan = copy_example(tmp_path)
    plan.write_text("ivplan: 1\ngemeente: [\n", encoding="utf-8")
    with running(plan, tmp_path) as p:
        html = page(p)[1].decode()
        assert "IVP900" in html
        assert "1 fout, 0 waarschuwingen" in html
        assert "Er is nog geen weergave" in html


# ---- rendering and watching (in this process) -----------------------------------------------------


def test_plan_with_errors_renders_with_marks(tmp_path):
    plan = copy_example(tmp_path)
    text = plan.read_text(encoding="utf-8")
    text = text.replace("prioriteit: hic", "prioriteit: onbekend", 1)
    text = text.replace("streefwaarde: {waarde: 45, jaar: 2030}", "streefwaarde: {waarde: 45, jaar: 2020}")
    text = text.replace("  inwoners: ", "  inwoners: veel #", 1)
    plan.write_text(text, encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan)).render()
    assert not r.stale
    assert "3 fouten, 0 waarschuwingen" in r.panel
    assert "Samen veilig in Havenstad" in r.document
    items = re.findall(
        r'<li id="(melding-\d+)" class="melding fout"><a href="#([^"]+)" class="melding-link">(.*?)</a>', r.panel
    )
    assert [re.search(r"<code>(IVP\d+)</code>", body).group(1) for _, _, body in items] == [
        "IVP000",
        "IVP011",
        "IVP002",
    ]
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("  inwoners: veel"))) + 1
    assert f"{plan}:{line}:13" in items[0][2]  # file:line:column as in the text output
    for anchor, target, body in items:
        code = re.search(r"<code>(IVP\d+)</code>", body).group(1)
        element = re.search(rf'<(\w+) [^>]*id="{target}"[^>]*>', r.document)
        assert element, target
        assert code in element.group(0)  # data-codes
        # the mark links back to the diagnostic
        assert f'href="#{anchor}"' in r.document[element.start() :][:600]
    # the doel with the wrong streefwaarde is its row in the overview table
    doel_row = re.search(rf'<tr [^>]*id="{items[1][1]}".*?</tr>', r.document, re.S).group(0)
    assert "Meer bestuurlijke interventies tegen ondermijning." in doel_row
    assert "Gemeente:" in re.search(rf'<p [^>]*id="{items[0][1]}".*?</p>', r.document, re.S).group(0)
    assert "<details><summary>Uitleg bij IVP011</summary>" in r.panel


def test_the_page_title_is_the_plans_title_also_when_a_diagnostic_marks_it(tmp_path):
    plan = copy_example(tmp_path)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('  titel: "Samen veilig', '  titel: "[VOORBEELD] Samen veilig', 1), encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan)).render()
    assert re.search(r'<p class="titel ivp-plek waarschuwing"[^>]*><span class="merken">.*IVP081', r.blocks[0])
    assert r.title == "Voorbeeld: [VOORBEELD] Samen veilig in Havenstad: Integraal Veiligheidsplan 2027-2030"


def test_yaml_error_keeps_the_last_good_rendering(tmp_path):
    plan = copy_example(tmp_path)
    good = plan.read_text(encoding="utf-8")
    renderer = Renderer(PreviewOptions(plan=plan))
    first = renderer.render()
    plan.write_text(good.replace("ivplan: 1", "ivplan: 1\n  kapot: [", 1), encoding="utf-8")
    broken = renderer.render()
    assert broken.stale and not first.stale
    assert broken.version == first.version + 1
    assert "IVP900" in broken.panel and f"{plan}:" in broken.panel
    assert "laatste goede weergave" in broken.document
    assert first.document in broken.document
    assert broken.images == first.images
    plan.write_text(good.replace("Samen veilig", "Veilig samen"), encoding="utf-8")
    fixed = renderer.render()
    assert not fixed.stale and "Veilig samen in Havenstad" in fixed.document


def test_user_text_is_escaped_in_the_page(tmp_path):
    plan = copy_example(tmp_path)
    text = plan.read_text(encoding="utf-8").replace(
        'titel: "Samen veilig in Havenstad',
        'titel: "<script>alert(1)</script><img src=x onerror=alert(2)> Havenstad',
        1,
    )
    plan.write_text(text, encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan)).render()
    assert "<script>" not in r.document and "<img src=x" not in r.document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in r.document
    message = json.loads(r.message)
    assert "<script>" not in "".join(message["blokken"]) + message["meldingen"]
    assert message["titel"].startswith("Voorbeeld: <script>")  # plain text for document.title, never parsed


def test_template_error_is_shown_not_raised(tmp_path):
    plan = copy_example(tmp_path)
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "plan.md.j2").write_text("# {{ bestaat_niet }}\n", encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan, templates=templates)).render()
    assert r.stale
    assert "bestaat_niet" in r.panel
    assert templates in r.watch_folders


def test_regio_diagnostics_in_the_panel(tmp_path):
    plan = copy_example(tmp_path)
    regio = tmp_path / "regio.yaml"
    regio.write_text("ivplan_regio: 1\nnaam: [\n", encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan, regio=regio)).render()
    assert f"{regio}:" in r.panel and "IVP900" in r.panel
    assert regio in r.watch_files


@pytest.mark.parametrize("use_inotify", [True, False])
def test_watcher_sees_writes_renames_and_referred_files(tmp_path, use_inotify):
    plan = tmp_path / "plan.yaml"
    plan.write_text("a\n")
    logo = tmp_path / "logo.png"
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    watcher = Watcher(use_inotify=use_inotify)
    try:
        assert watcher.uses_inotify == (use_inotify and sys.platform.startswith("linux"))
        watcher.watch([plan, logo], [templates])
        assert not watcher.wait(0.3)
        (tmp_path / "ander.txt").write_text("x")  # another file in the folder: not ours
        assert not watcher.wait(0.3) if use_inotify else True
        plan.write_text("b\n")  # in place
        assert watcher.wait(2)
        tmp = tmp_path / ".plan.yaml.tmp"
        tmp.write_text("c\n")
        os.replace(tmp, plan)  # an editor's atomic save
        assert watcher.wait(2)
        while watcher.wait(0.3):
            pass
        logo.write_bytes(b"\x89PNG")  # a file the plan refers to appears
        assert watcher.wait(2)
        (templates / "plan.md.j2").write_text("# x\n")
        assert watcher.wait(2)
    finally:
        watcher.close()


def test_one_render_at_a_time_and_once_more_after_a_burst(tmp_path):
    """Ten saves during a slow rendering: never two renderings at once, and the last rendering
    reads the last save."""
    plan = copy_example(tmp_path)
    text = plan.read_text(encoding="utf-8")
    seen: list[str] = []
    running_now = 0
    most = 0
    lock = threading.Lock()

    class SlowRenderer(Renderer):
        def render(self):
            nonlocal running_now, most
            with lock:
                running_now += 1
                most = max(most, running_now)
            try:
                time.sleep(0.3)
                r = super().render()
                seen.append(re.search(r'<p class="titel">(.*?)</p>', r.document).group(1))
                return r
            finally:
                with lock:
                    running_now -= 1

    renderer = SlowRenderer(PreviewOptions(plan=plan))
    hub, watcher, stop_event = Hub(), Watcher(), threading.Event()
    watcher.watch([plan])
    worker = threading.Thread(target=_render_loop, args=(renderer, hub, watcher, stop_event, print), daemon=True)
    worker.start()
    try:
        for i in range(10):
            plan.write_text(text.replace("Samen veilig", f"Versie {i}"), encoding="utf-8")
            time.sleep(0.05)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (seen and seen[-1].startswith("Versie 9")):
            time.sleep(0.05)
        time.sleep(0.8)  # no stale renderings queued after the last one
    finally:
        stop_event.set()
        worker.join(2)
        watcher.close()
    assert most == 1
    assert seen[-1].startswith("Versie 9")
    assert len(seen) <= 4, seen


def test_logo_is_read_as_build_reads_it(tmp_path):
    from test_htmlwriter import png

    plan = copy_example(tmp_path)
    (plan.parent / "logo.png").write_bytes(png(6, 2))
    outside = tmp_path / "buiten.png"
    outside.write_bytes(png(9, 9))
    os.symlink(outside, plan.parent / "koppeling.png")
    text = plan.read_text(encoding="utf-8").replace("gemeente:\n", "gemeente:\n  logo: logo.png\n", 1)
    plan.write_text(text, encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan)).render()
    logo = re.search(r'<img src="/afbeelding/([0-9a-f]{32}\.png)" alt="Logo gemeente Havenstad"', r.document)
    assert logo and r.images[logo.group(1)] == ("image/png", png(6, 2))
    assert plan.parent / "logo.png" in r.watch_files
    # a logo up a folder (`../`) or through a symbolic link is read as build reads it: the plan
    # format takes any path relative to the YAML file; the page names the image by an opaque name
    for name in ("../buiten.png", "koppeling.png"):
        plan.write_text(text.replace("logo: logo.png", f"logo: {name}"), encoding="utf-8")
        r = Renderer(PreviewOptions(plan=plan)).render()
        assert "IVP082" not in r.panel
        logo = re.search(r'<img src="/afbeelding/([0-9a-f]{32}\.png)" alt="Logo gemeente Havenstad"', r.document)
        assert logo and r.images[logo.group(1)] == ("image/png", png(9, 9))
        assert "buiten" not in logo.group(0)
    # a logo that names no image: IVP082, and the page shows the gap
    plan.write_text(text.replace("logo: logo.png", "logo: ../weg.png"), encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan)).render()
    assert "IVP082" in r.panel
    assert "[afbeelding ontbreekt: logo]" in r.document


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs a FIFO and /dev/zero")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_logo_that_is_no_regular_file_is_not_read(tmp_path, kind):
    """A logo up a folder or through a symbolic link may name a named pipe or a device (/dev/zero):
    the page still appears at once, with IVP082 and the gap, and nothing is read from it (a pipe would
    wait for ever, /dev/zero fill the memory). Run in a child with a time and memory limit."""
    plan = copy_example(tmp_path)
    if kind == "fifo":
        os.mkfifo(tmp_path / "pijp.png")
        logo = "../pijp.png"
    else:
        os.symlink("/dev/zero", plan.parent / "logo.png")
        logo = "logo.png"
    text = plan.read_text(encoding="utf-8").replace("gemeente:\n", f"gemeente:\n  logo: {logo}\n", 1)
    plan.write_text(text, encoding="utf-8")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
        "from pathlib import Path\n"
        "from ivplan.app.preview.rendering import PreviewOptions, Renderer\n"
        "r = Renderer(PreviewOptions(plan=Path(sys.argv[1]))).render()\n"
        "print('IVP082' in r.panel, '[afbeelding ontbreekt: logo]' in r.document)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(plan)], capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the preview waits for the logo")
    assert done.stdout.split() == ["True", "True"], done.stderr[-2000:]


def test_huisstijl_colour_and_font(tmp_path):
    import zipfile

    from ivplan.app.preview.page import huisstijl_css

    def docx(colour: str, font: str) -> Path:
        path = tmp_path / f"huisstijl-{colour}.docx"
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        styles = (
            f'<w:styles xmlns:w="{w}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font}"/>'
            f'</w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Kop1">'
            f'<w:name w:val="heading 1"/><w:rPr><w:color w:val="{colour}"/></w:rPr></w:style></w:styles>'
        )
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/styles.xml", styles)
        return path

    css = huisstijl_css(docx("7A1F2B", "Verdana"))
    assert "--kop: #7a1f2b;" in css and '--letter: "Verdana"' in css
    assert "--kop" not in huisstijl_css(docx("FFD700", "Arial"))  # too light to read on white
    hostile = huisstijl_css(docx("000000", "x} body{display:none"))
    assert "--kop: #000000;" in hostile and "--letter" not in hostile and "display" not in hostile
    assert huisstijl_css(None) == ""


def test_a_begrip_is_its_row_in_the_annex(tmp_path):
    plan = copy_example(tmp_path)
    text = plan.read_text(encoding="utf-8")
    assert "\nbegrippen:\n" in text
    # a begrip without its uitleg: a schema error whose place is the begrip's row
    lines = text.split("\n")
    start = lines.index("begrippen:")
    first = next(i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- term:"))
    term = lines[first].split("term:", 1)[1].strip().strip('"')
    follow = first + 1
    while lines[follow].startswith("    ") and not lines[follow].lstrip().startswith("- "):
        del lines[follow]
    plan.write_text("\n".join(lines), encoding="utf-8")
    r = Renderer(PreviewOptions(plan=plan)).render()
    target = re.search(r'<li id="melding-1"[^>]*><a href="#([^"]+)"', r.panel).group(1)
    row = re.search(rf'<tr [^>]*id="{target}".*?</tr>', r.document, re.S).group(0)
    assert term in row and "IVP000" in row


def test_an_internal_failure_while_rendering_keeps_the_last_good_rendering(tmp_path, monkeypatch):
    from ivplan.app.preview import rendering

    plan = copy_example(tmp_path)
    renderer = Renderer(PreviewOptions(plan=plan))
    good = renderer.render()

    def broken(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(rendering, "write_html", broken)
    r = renderer.render()
    assert r.stale and r.blocks == good.blocks
    assert "interne fout bij het opmaken (RuntimeError: stuk)" in r.panel


def test_browser_is_opened_only_when_graphical(monkeypatch):
    """A console browser (lynx, w3m) would take over the terminal the preview prints in; no browser
    at all is no error."""
    import webbrowser

    from ivplan.app.preview import _open_browser

    opened = []

    class Graphical(webbrowser.BackgroundBrowser):
        def open(self, url, new=0, autoraise=True):
            opened.append(url)
            return True

    console = webbrowser.GenericBrowser("lynx")  # how webbrowser registers text browsers
    console.open = lambda url, new=0, autoraise=True: opened.append(("console", url))

    monkeypatch.setattr(webbrowser, "get", lambda: Graphical("x"))
    _open_browser("http://127.0.0.1:1/?t=a")
    monkeypatch.setattr(webbrowser, "get", lambda: console)
    _open_browser("http://127.0.0.1:1/?t=b")

    def none():
        raise webbrowser.Error("geen")

    monkeypatch.setattr(webbrowser, "get", none)
    _open_browser("http://127.0.0.1:1/?t=c")
    assert opened == ["http://127.0.0.1:1/?t=a"]


def test_the_browser_of_the_browser_variable_is_opened(tmp_path):
    """The default browser as Python's webbrowser finds it, also one the user names in BROWSER (a
    command webbrowser knows only by its path): it gets the printed URL."""
    plan = copy_example(tmp_path)
    opened = tmp_path / "geopend.txt"
    browser = tmp_path / "mijn-browser"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = child_env(tmp_path)
    env["BROWSER"] = str(browser)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivplan", "preview", str(plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        url = URL_LINE.fullmatch(read_line(proc)).group(1)
        for _ in range(50):
            if opened.exists():
                break
            time.sleep(0.1)
        assert opened.read_text(encoding="utf-8") == url + "\n"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_programme_shows_the_programme_with_its_plans_diagnostics(tmp_path):
    programme, plan = programme_with_plan(tmp_path)
    renderer = Renderer(PreviewOptions(plan=programme))
    r = renderer.render()
    assert not r.stale
    assert re.search(r'<p class="titel">Uitvoeringsprogramma', r.document)
    assert "Uitvoering van het Samen veilig in Havenstad" in r.document
    assert "0 fouten, 0 waarschuwingen" in r.panel
    assert programme in r.watch_files and Path(str(plan)) in [Path(os.path.normpath(f)) for f in r.watch_files]
    # the plan changes: the programme shows it; an error in the plan is listed with the plan's file
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Samen veilig in Havenstad", "Veilig samen in Havenstad", 1), encoding="utf-8")
    assert "Uitvoering van het Veilig samen in Havenstad" in renderer.render().document
    plan.write_text(text.replace("  inwoners: ", "  inwoners: veel #", 1), encoding="utf-8")
    r = renderer.render()
    assert re.search(r"plan/(uitvoering/\.\./)?havenstad\.yaml:\d+:13</span>: <span class=\"ernst\">fout", r.panel)
    assert "IVP100" in r.panel  # the programme's own rule: its plan has an error
    # a plan that cannot be read: nothing to show, the last good rendering stays
    plan.write_text("ivplan: 1\ngemeente: [\n", encoding="utf-8")
    r = renderer.render()
    assert r.stale and "Uitvoeringsprogramma" in "".join(r.blocks)
    assert "het plan van dit programma kan niet worden gelezen" in r.panel


def _joint_copy(tmp_path: Path) -> Path:
    """examples/gezamenlijk (deel A and three deel B's), copied."""
    folder = tmp_path / "gezamenlijk"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "gezamenlijk", folder)
    return folder


def _marked_text(r, anchor: str) -> str:
    """The text of the element a panel item links to."""
    target = re.search(r'<a href="#([^"]+)" class="melding-link">', r.panel[r.panel.index(f'id="{anchor}"') :])
    element = re.search(rf'<(\w+) [^>]*id="{target.group(1)}"[^>]*>.*?</\1>', r.document, re.S)
    return re.sub(r"<[^>]+>", "", element.group(0))


def test_deel_b_shows_the_gemeentes_plan_with_deel_a(tmp_path):
    folder = _joint_copy(tmp_path)
    deel_b, deel_a = folder / "hoeksdonk" / "ivp.yaml", folder / "deel-a.yaml"
    renderer = Renderer(PreviewOptions(plan=deel_b))
    r = renderer.render()
    # the document build writes first for a deel B: the gemeente's plan, deel A's chapters, then its own
    assert not r.stale and "0 fouten, 0 waarschuwingen" in r.panel
    assert r.title == "Voorbeeld: Integraal Veiligheidsplan De Zandmeren 2027-2030 (gemeente Hoeksdonk)"
    document = r.document
    assert document.index("Deel A – gezamenlijk deel De Zandmeren") < document.index("Deel B – lokaal deel Hoeksdonk")
    assert "Meer signalen van ondermijning worden binnen drie maanden opgepakt." in document  # a doel of deel A
    assert "Minder geweldsincidenten in het uitgaansgebied." in document  # a doel of deel B
    assert deel_a in [Path(os.path.normpath(f)) for f in r.watch_files]

    # an error in deel A: listed with deel A's file and line, marked at deel A's doel (not deel B's first)
    text_a = deel_a.read_text(encoding="utf-8")
    deel_a.write_text(text_a.replace("      waarde: 75\n      jaar: 2030", "      waarde: 75\n      jaar: 2020", 1))
    # and one in deel B, marked at its own doel
    text_b = deel_b.read_text(encoding="utf-8")
    deel_b.write_text(text_b.replace("    bron: horeca-hoeksdonk-2026", "    bron: nergens", 1), encoding="utf-8")
    r = renderer.render()
    assert not r.stale
    items = re.findall(r'<li id="(melding-\d+)" class="melding fout"><a [^>]*>(.*?)</a>', r.panel)
    codes = {re.search(r"<code>(IVP\d+)</code>", body).group(1): (anchor, body) for anchor, body in items}
    in_a = next((anchor, body) for anchor, body in items if "deel-a.yaml" in body)
    line_a = text_a.split("\n").index("      jaar: 2030") + 1
    assert f"deel-a.yaml:{line_a}:" in in_a[1]
    assert "Meer signalen van ondermijning" in _marked_text(r, in_a[0])
    anchor_b, body_b = codes["IVP002"]
    assert "hoeksdonk/ivp.yaml:" in body_b
    assert "Minder geweldsincidenten in het uitgaansgebied." in _marked_text(r, anchor_b)

    # deel A cannot be read: nothing to show, the last good rendering stays
    deel_a.write_text("ivplan_gezamenlijk: 1\ngemeenten: [\n", encoding="utf-8")
    r = renderer.render()
    assert r.stale and "Deel A – gezamenlijk deel De Zandmeren" in "".join(r.blocks)
    assert "het gezamenlijke deel A van dit plan kan niet worden gelezen" in r.panel


def test_deel_b_preview_follows_a_change_in_deel_a(tmp_path):
    """The running server: a change of deel A (the file a deel B points to) shows in the page."""
    folder = _joint_copy(tmp_path)
    deel_a = folder / "deel-a.yaml"
    with running(folder / "hoeksdonk" / "ivp.yaml", tmp_path) as p:
        _, body = page(p)
        assert "Meer signalen van ondermijning worden binnen drie maanden opgepakt." in body.decode("utf-8")
        text = deel_a.read_text(encoding="utf-8")
        deel_a.write_text(text.replace("Meer signalen van ondermijning", "Veel meer signalen van ondermijning", 1))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            _, body = page(p)
            if "Veel meer signalen van ondermijning" in body.decode("utf-8"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the page did not follow the change in deel A")


def test_programme_of_a_deel_b_follows_a_change_in_deel_a(tmp_path):
    """A programme may point at a deel B; the plan it shows is deel A and that deel B merged, so a
    change of deel A shows in the page too."""
    folder = _joint_copy(tmp_path)
    deel_a = folder / "deel-a.yaml"
    programme = folder / "hoeksdonk" / "programma.yaml"
    text = (Path(__file__).parent.parent / "examples" / "uitvoering" / "havenstad-2027.yaml").read_text(
        encoding="utf-8"
    )
    programme.write_text(text.replace("plan: ../havenstad.yaml", "plan: ivp.yaml", 1), encoding="utf-8")
    r = Renderer(PreviewOptions(plan=programme)).render()
    assert deel_a in [Path(os.path.normpath(f)) for f in r.watch_files]
    # the plan as build reads it: deel A and deel B merged, titled for the gemeente
    assert (
        '<p class="ondertitel">Uitvoering van het Integraal Veiligheidsplan De Zandmeren 2027-2030 '
        "(gemeente Hoeksdonk)</p>" in r.document
    )
    with running(programme, tmp_path) as p:
        assert "Integraal Veiligheidsplan De Zandmeren 2027-2030" in page(p)[1].decode("utf-8")
        text_a = deel_a.read_text(encoding="utf-8")
        deel_a.write_text(
            text_a.replace("  titel: Integraal Veiligheidsplan De Zandmeren", "  titel: Veiligheidsplan Zandmeren", 1)
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if "Veiligheidsplan Zandmeren 2027-2030" in page(p)[1].decode("utf-8"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the page did not follow the change in deel A")


def test_sigterm_while_a_request_is_taken_in_stops_the_preview(tmp_path, monkeypatch):
    """SIGTERM arrives in the main thread wherever it is; while socketserver takes in a request there,
    its `except Exception` must not swallow the stop (the preview then ran on until a second SIGTERM)."""
    plan = copy_example(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    original = PreviewServer.process_request

    def process_request(self, request, client_address):
        os.kill(os.getpid(), signal.SIGTERM)  # handled at the next bytecode: inside the request's intake
        return original(self, request, client_address)

    monkeypatch.setattr(PreviewServer, "process_request", process_request)

    serving: list[float] = []

    def say(line: str) -> None:
        serving.append(time.monotonic())  # the first rendering is done, the server takes requests
        port = int(re.search(r":(\d+)/", line).group(1))
        threading.Thread(target=lambda: socket.create_connection(("127.0.0.1", port)).close(), daemon=True).start()

    # a safety net for the old behaviour: Ctrl+C after 5 s, so a failing test does not hang
    watchdog = threading.Timer(5, lambda: os.kill(os.getpid(), signal.SIGINT))
    watchdog.start()
    try:
        assert run_preview(PreviewOptions(plan=plan), open_browser=False, say=say, report=lambda line: None) == 0
    finally:
        watchdog.cancel()
    assert time.monotonic() - serving[0] < 1.5  # the preview stops within a second


# --------------------------------------------------------------------------------------------------
# Shapes a failed schema does not guarantee: the preview shows the diagnostics, never an internal error


@pytest.mark.parametrize("gemeente", ["tekst", "[a, b]", "12"])
def test_deel_b_whose_gemeente_is_no_mapping_shows_the_diagnostics(tmp_path, gemeente):
    folder = _joint_copy(tmp_path)
    deel_b = folder / "zandwijk" / "ivp.yaml"
    text = deel_b.read_text(encoding="utf-8")
    start, end = text.index("\ngemeente:\n"), text.index("\nplan:\n")
    deel_b.write_text(text[:start] + f"\ngemeente: {gemeente}\n" + text[end:], encoding="utf-8")
    r = Renderer(PreviewOptions(plan=deel_b)).render()
    assert "IVP000" in r.panel and "gemeente" in r.panel
    assert "interne fout" not in r.panel + r.document
    assert deel_b in r.watch_files


def test_programme_with_an_out_of_range_budget_renders_with_the_diagnostic(tmp_path):
    programme, _plan = programme_with_plan(tmp_path)
    text = programme.read_text(encoding="utf-8")
    assert "budget: 180000" in text
    programme.write_text(text.replace("budget: 180000", "budget: 1000000000000000000000000000000", 1))
    r = Renderer(PreviewOptions(plan=programme)).render()
    assert "interne fout" not in r.panel + r.document
    assert not r.stale and re.search(r'<p class="titel">Uitvoeringsprogramma', r.document)
    assert "IVP000" in r.panel and "de waarde is te groot" in r.panel


def test_clients_that_drop_their_connection_leave_the_terminal_alone(tmp_path):
    # a tab closed or a reload while the page is sent: the client resets the connection (SO_LINGER 0)
    plan = copy_example(tmp_path)
    preview = start(plan, tmp_path)
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {preview.host}\r\nCookie: {preview.cookie}\r\n\r\n".encode())
        sock.recv(10)
        sock.close()
    time.sleep(0.5)
    preview.proc.send_signal(signal.SIGINT)
    _out, err = preview.proc.communicate(timeout=10)
    assert preview.proc.returncode == 0
    assert err == ""


def test_a_real_failure_of_a_request_is_one_dutch_line(monkeypatch):
    lines: list[str] = []
    server = PreviewServer(0, Hub(), "plan.yaml")
    server.report = lines.append
    try:
        for exc in (ConnectionResetError(104, "reset"), BrokenPipeError(32, "pipe"), TimeoutError("timed out")):
            try:
                raise exc
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert lines == []
        try:
            raise KeyError("x")
        except KeyError:
            server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    assert lines == [
        "ivplan: interne fout bij een verzoek aan het voorbeeld (KeyError: 'x'); het voorbeeld draait door; "
        "meld het probleem"
    ]
