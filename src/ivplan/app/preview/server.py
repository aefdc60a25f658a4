"""The preview's web server: the standard library's ThreadingHTTPServer on 127.0.0.1, and a minimal
WebSocket (RFC 6455, server-to-page text messages only) for the live updates.

Why no framework: the server answers three kinds of request (the page, its WebSocket, the images of the
current rendering) for one local user; http.server does that, and adds no dependency to audit. Why a
WebSocket and not Server-Sent Events: the contract asks an `Origin` equal to the page's own on the
update channel (against cross-site WebSocket hijacking), and browsers send `Origin` on a WebSocket
handshake but not on a same-origin EventSource request.

Security (the contract of issue 19):
- bound to 127.0.0.1 only; a `Host` other than 127.0.0.1:N or localhost:N (any case; without :N only
  for port 80) is refused (DNS rebinding);
- a random 128-bit token per run: `?t=<token>` sets the cookie `ivplan_<port>` (HttpOnly, SameSite=
  Strict, Path=/) and redirects (303) to `/`; every other request needs that cookie; the WebSocket also
  an `Origin` equal to the page's own; refused requests get 403;
- no request path ever reaches the disk: the routes are `/`, `/verbinding` and `/afbeelding/<opaque
  name>` of an image of the current (or the previous) rendering, held in memory; anything else is 403;
- every response: the strict Content-Security-Policy (a fresh nonce for the page's own style and
  script), `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import select
import socket
import struct
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from ivplan.app.preview.page import page_html
from ivplan.app.preview.rendering import IMAGE_PATH, Rendering

HOST = "127.0.0.1"
WS_PATH = "/verbinding"
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
WAIT = 0.25  # seconds a WebSocket thread waits for a rendering before it looks at the socket again
_IMAGE_NAME = re.compile(r"^[0-9a-f]{32}\.(?:png|jpg)$")


def content_security_policy(nonce: str) -> str:
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


class Hub:
    """The current rendering, shared by the render thread (publishes) and the request threads (wait)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.current: Rendering | None = None
        self._images: dict[str, tuple[str, bytes]] = {}
        self.stopping = False

    def publish(self, rendering: Rendering) -> None:
        with self._cond:
            previous = self.current.images if self.current is not None else {}
            # the previous rendering's images too: a page that has not swapped yet may still ask
            self._images = {**previous, **rendering.images}
            self.current = rendering
            self._cond.notify_all()

    def image(self, name: str) -> tuple[str, bytes] | None:
        with self._cond:
            return self._images.get(name)

    def newer(self, version: int, timeout: float) -> Rendering | None:
        """The current rendering once it is newer than `version` (None after `timeout` or on stop)."""
        with self._cond:
            self._cond.wait_for(
                lambda: self.stopping or (self.current is not None and self.current.version > version), timeout
            )
            if self.stopping or self.current is None or self.current.version <= version:
                return None
            return self.current

    def stop(self) -> None:
        with self._cond:
            self.stopping = True
            self._cond.notify_all()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a page's open WebSocket never keeps the process alive

    def __init__(self, port: int, hub: Hub, file_label: str):
        self.hub = hub
        self.report: Callable[[str], None] = lambda line: print(line, file=sys.stderr)
        self.token = secrets.token_hex(16)  # 128 bits
        self.file_label = file_label
        super().__init__((HOST, port), PreviewHandler)
        self.port = self.server_address[1]
        self.cookie_name = f"ivplan_{self.port}"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/?t={self.token}"

    def handle_error(self, request, client_address) -> None:
        """Instead of socketserver's traceback on stderr for whatever a request raised: nothing for a client
        that goes away (a tab closed, a reload while the page was sent: the connection is reset or times
        out), one Dutch line for anything else; the preview goes on either way."""
        exc = sys.exc_info()[1]
        if exc is None or isinstance(exc, (ConnectionError, TimeoutError)):
            return
        self.report(
            f"ivplan: interne fout bij een verzoek aan het voorbeeld ({type(exc).__name__}: {exc}); "
            "het voorbeeld draait door; meld het probleem"
        )

    def allowed_hosts(self) -> set[str]:
        hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        if self.port == 80:
            hosts |= {HOST, "localhost"}
        return hosts


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "ivplan-preview"

    def log_message(self, format, *args) -> None:
        pass  # the terminal shows only the URL line

    # ---- answers -----------------------------------------------------------------------------------

    def _common_headers(self, nonce: str | None = None) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(nonce or secrets.token_urlsafe(16)))
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")

    def _answer(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = "text/plain; charset=utf-8",
        *,
        nonce: str | None = None,
        headers: dict[str, str] | None = None,
        cache: str = "no-store",
    ) -> None:
        self.send_response(status)
        self._common_headers(nonce)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forbidden(self, why: str) -> None:
        self._answer(403, f"Geen toegang: {why}\n".encode())

    # ---- checks ------------------------------------------------------------------------------------

    def _host_ok(self) -> bool:
        host = self.headers.get("Host")
        return host is not None and host.strip().lower() in self.server.allowed_hosts()

    def _cookie_ok(self) -> bool:
        for header in self.headers.get_all("Cookie") or []:
            for pair in header.split(";"):
                name, _, value = pair.strip().partition("=")
                if name == self.server.cookie_name and hmac.compare_digest(value.encode(), self.server.token.encode()):
                    return True
        return False

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        host = (self.headers.get("Host") or "").strip().lower()
        return origin is not None and origin.strip().lower() == f"http://{host}"

    # ---- routes ------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_ok():
            return self._forbidden("onbekende Host")
        path, _, query = self.path.partition("?")
        params = parse_qs(query, keep_blank_values=True)
        if "t" in params:
            given = params["t"][0].encode()
            if len(params["t"]) != 1 or not hmac.compare_digest(given, self.server.token.encode()):
                return self._forbidden("onjuist token")
            cookie = f"{self.server.cookie_name}={self.server.token}; HttpOnly; SameSite=Strict; Path=/"
            return self._answer(303, headers={"Location": "/", "Set-Cookie": cookie})
        if not self._cookie_ok():
            return self._forbidden("open het voorbeeld met de link die ivplan preview toont")
        if path == "/":
            return self._page()
        if path == WS_PATH and self.command == "GET":
            return self._websocket()
        if path.startswith(IMAGE_PATH) and _IMAGE_NAME.match(path[len(IMAGE_PATH) :]):
            found = self.server.hub.image(path[len(IMAGE_PATH) :])
            if found is None:
                return self._answer(404, b"Niet gevonden\n")
            mime, data = found
            # the name is the content's hash: the same name always means the same bytes
            return self._answer(200, data, mime, cache="private, max-age=86400, immutable")
        return self._forbidden("deze server geeft alleen het voorbeeld")

    def do_HEAD(self) -> None:
        self.do_GET()

    def _refuse_method(self) -> None:
        """Any method but GET and HEAD: refused as GET refuses (Host, token) first, then 405."""
        self.close_connection = True  # a body, if any, is not read
        if not self._host_ok():
            return self._forbidden("onbekende Host")
        if not self._cookie_ok():
            return self._forbidden("open het voorbeeld met de link die ivplan preview toont")
        self._answer(405, b"Alleen GET\n", headers={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The answers http.server gives itself (a method it has no do_ for, a malformed request): with
        the headers every answer carries, and a method as the other methods."""
        if code == HTTPStatus.NOT_IMPLEMENTED and self.command and getattr(self, "headers", None) is not None:
            return self._refuse_method()
        self.close_connection = True
        text = f"{code} {message or self.responses.get(code, ('',))[0]}\n"
        self._answer(code, text.encode("utf-8", "replace"), headers={"Connection": "close"})

    def _page(self) -> None:
        r = self.server.hub.current
        if r is None:  # not reachable in practice: the first rendering is made before the URL is shown
            return self._answer(503, b"Het voorbeeld wordt nog gemaakt\n", headers={"Retry-After": "1"})
        nonce = secrets.token_urlsafe(16)
        body = page_html(
            nonce=nonce,
            title=r.title,
            file=self.server.file_label,
            version=r.version,
            panel=r.panel,
            note=r.note,
            blocks=r.blocks,
            stale=r.stale,
            style=r.style,
        ).encode("utf-8")
        self._answer(200, body, "text/html; charset=utf-8", nonce=nonce)

    # ---- WebSocket ---------------------------------------------------------------------------------

    def _websocket(self) -> None:
        if not self._origin_ok():
            return self._forbidden("verkeerde Origin")
        key = self.headers.get("Sec-WebSocket-Key")
        if (self.headers.get("Upgrade") or "").lower() != "websocket" or not key:
            return self._answer(400, b"Verwacht een WebSocket\n")
        accept = base64.b64encode(hashlib.sha1((key.strip() + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self._common_headers()
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        version = -1  # the current rendering first: the page learns the blocks it shows
        hub, sock = self.server.hub, self.connection
        try:
            while not hub.stopping:
                rendering = hub.newer(version, WAIT)
                if rendering is not None:
                    sock.sendall(_frame(0x1, rendering.message))
                    version = rendering.version
                if not self._incoming(sock):
                    break
        except OSError:
            pass  # the page went away

    def _incoming(self, sock: socket.socket) -> bool:
        """Answer what the page sent (ping, close); False when the connection is over."""
        while select.select([sock], [], [], 0)[0]:
            frame = _read_frame(sock)
            if frame is None:
                return False
            opcode, payload = frame
            if opcode == 0x8:  # close: answer it and stop
                sock.sendall(_frame(0x8, payload[:2]))
                return False
            if opcode == 0x9:  # ping
                sock.sendall(_frame(0xA, payload))
        return True


def _frame(opcode: int, payload: bytes) -> bytes:
    """One unmasked, final frame (server to client)."""
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, n)
    return head + payload


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


MAX_CLIENT_FRAME = 1 << 16  # the page sends only close and ping frames


def _read_frame(sock: socket.socket) -> tuple[int, bytes] | None:
    head = _recv_exact(sock, 2)
    if head is None:
        return None
    opcode, n = head[0] & 0x0F, head[1] & 0x7F
    masked = head[1] & 0x80
    if n == 126:
        ext = _recv_exact(sock, 2)
        n = struct.unpack("!H", ext)[0] if ext else MAX_CLIENT_FRAME + 1
    elif n == 127:
        ext = _recv_exact(sock, 8)
        n = struct.unpack("!Q", ext)[0] if ext else MAX_CLIENT_FRAME + 1
    if n > MAX_CLIENT_FRAME:
        return None
    mask = _recv_exact(sock, 4) if masked else b"\0\0\0\0"
    payload = _recv_exact(sock, n) if n else b""
    if mask is None or payload is None:
        return None
    return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
