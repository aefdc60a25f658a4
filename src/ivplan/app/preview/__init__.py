"""`ivplan preview`: the plan in the browser as the raad will read it, updated on every save.

    rendering.py  the plan -> diagnostics + the document as HTML (render/htmlwriter.py) + the panel
    locate.py     where in the document each diagnostic applies
    page.py       the page around it, the diagnostics panel, the huisstijl's colours
    watch.py      which files changed (inotify, or os.stat polling)
    server.py     the local web server (127.0.0.1, token, WebSocket for the updates)

Three kinds of thread: the main thread serves HTTP; one render thread watches the files and renders,
so at most one rendering runs at a time and a burst of saves renders once more at the end; each open
page has a thread that pushes new renderings to it. Ctrl+C or SIGTERM stops all of them within a
second, and nothing is left behind: the preview writes no file and starts no process (except the
user's browser, on request).
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import NoReturn

from ivplan.app.preview.rendering import PreviewOptions, Renderer
from ivplan.app.preview.server import Hub, PreviewServer
from ivplan.app.preview.watch import Watcher
from ivplan.core import paths
from ivplan.core.errors import PreviewError

__all__ = ["PreviewError", "PreviewOptions", "run_preview"]

POLL_INTERVAL = 0.1  # seconds serve_forever waits between checks for shutdown
STOP_WAIT = 0.5  # seconds to wait for a rendering under way when stopping


class _Stop(BaseException):
    """SIGTERM, handled like Ctrl+C. A BaseException, as KeyboardInterrupt is: the signal arrives in
    the main thread wherever it is, and socketserver's request handling there catches Exception (a
    _Stop raised while it accepted a request was swallowed, and the preview ran on)."""


# The text browsers Python's webbrowser registers for a console (and their Debian alternative name)
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m"})


def _open_browser(url: str) -> None:
    """The user's default browser (also one named in BROWSER), unless it is a text browser (lynx,
    w3m): that would take over the terminal the preview prints in. No browser is not an error."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return
    # a command webbrowser knows only by name (BROWSER=/path/to/browser) is a GenericBrowser too
    if type(browser) is webbrowser.GenericBrowser and browser.basename.lower() in CONSOLE_BROWSERS:
        return
    try:
        browser.open(url)
    except Exception:  # noqa: BLE001 - the URL is printed; opening it is a convenience
        pass


def _render_loop(
    renderer: Renderer, hub: Hub, watcher: Watcher, stop: threading.Event, report: Callable[[str], None]
) -> None:
    while not stop.is_set():
        try:
            changed = watcher.wait(0.2)
        except (OSError, ValueError):  # the watcher was closed: the preview stops
            return
        if not changed or stop.is_set():
            continue
        try:
            rendering = renderer.render()
        except Exception as exc:  # noqa: BLE001 - the preview goes on; the next save may render
            report(f"ivplan: interne fout bij het maken van het voorbeeld ({type(exc).__name__}: {exc})")
            continue
        hub.publish(rendering)
        watcher.watch(rendering.watch_files, rendering.watch_folders)


def run_preview(
    options: PreviewOptions,
    *,
    port: int = 0,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> int:
    """Serve the preview until Ctrl+C or SIGTERM; returns the exit code (0). Raises PreviewError when
    the port cannot be used."""
    hub = Hub()
    try:
        server = PreviewServer(port, hub, str(options.plan))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PreviewError(
                f"poort {port} is al in gebruik; kies een andere met --poort, of laat --poort weg"
            ) from None
        if exc.errno == errno.EACCES:
            raise PreviewError(
                f"poort {port} mag niet worden gebruikt (geen rechten); kies een poort boven 1024"
            ) from None
        raise PreviewError(f"poort {port}: {exc.strerror or exc}") from None

    server.report = report  # a request that fails: one line, as a failed rendering (_render_loop)
    stop = threading.Event()
    watcher = Watcher()
    renderer = Renderer(options)
    previous_term = signal.getsignal(signal.SIGTERM)
    previous_int = signal.getsignal(signal.SIGINT)

    def on_term(signum: int, frame: FrameType | None) -> NoReturn:
        raise _Stop()

    worker: threading.Thread | None = None
    try:
        signal.signal(signal.SIGTERM, on_term)
        # Ctrl+C too, also when the preview was started with SIGINT ignored (a shell script's `&`)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        first = renderer.render()
        hub.publish(first)
        watcher.watch(first.watch_files, first.watch_folders)
        worker = threading.Thread(
            target=_render_loop, args=(renderer, hub, watcher, stop, report), name="ivplan-render", daemon=True
        )
        worker.start()
        say(f"Voorbeeld: {server.url}  (stoppen: Ctrl+C)")
        if open_browser:
            threading.Thread(target=_open_browser, args=(server.url,), daemon=True).start()
        server.serve_forever(poll_interval=POLL_INTERVAL)
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        stop.set()
        hub.stop()
        server.server_close()
        if worker is not None:
            worker.join(STOP_WAIT)
        watcher.close()
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
    return 0


def check_options(options: PreviewOptions) -> None:
    """What must hold before the server starts (exit 2 otherwise): the plan is a readable file, and
    the optional files and folders exist."""
    plan = Path(options.plan)
    if paths.is_dir(plan):
        raise PreviewError(f"{plan}: is een map, geen bestand")
    if not paths.is_file(plan):
        raise PreviewError(f"{plan}: bestand niet gevonden")
    if options.regio is not None and not paths.is_file(options.regio):
        raise PreviewError(f"{options.regio}: regiobestand niet gevonden")
