"""Running `ivplan preview` as a real process, and talking to it with a plain HTTP client."""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
URL_LINE = re.compile(r"Voorbeeld: (http://127\.0\.0\.1:(\d+)/\?t=([0-9a-f]{32}))  \(stoppen: Ctrl\+C\)\n")


@dataclass
class Preview:
    proc: subprocess.Popen
    url: str
    port: int
    token: str

    @property
    def cookie(self) -> str:
        return f"ivplan_{self.port}={self.token}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


def copy_example(tmp_path: Path, name: str = "havenstad.yaml") -> Path:
    folder = tmp_path / "plan"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy(EXAMPLES / name, target)
    return target


def programme_with_plan(tmp_path: Path) -> tuple[Path, Path]:
    """examples/uitvoering/havenstad-2027.yaml and the plan it points to (../havenstad.yaml), copied."""
    plan = copy_example(tmp_path)
    folder = plan.parent / "uitvoering"
    folder.mkdir()
    programme = folder / "havenstad-2027.yaml"
    programme.write_text((EXAMPLES / "uitvoering" / "havenstad-2027.yaml").read_text(encoding="utf-8"))
    return programme, plan


def child_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "cache").mkdir(exist_ok=True)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env.pop("IVPLAN_CACHE", None)
    return env


def read_line(proc: subprocess.Popen, timeout: float = 60.0) -> str:
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        if not sel.select(timeout):
            raise AssertionError("ivplan preview showed no URL in time")
        return proc.stdout.readline()
    finally:
        sel.close()


def start(plan: Path, tmp_path: Path, *args: str) -> Preview:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivplan", "preview", str(plan), "--geen-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(tmp_path),
        cwd=tmp_path,
    )
    line = read_line(proc)
    match = URL_LINE.fullmatch(line)
    if match is None:
        proc.kill()
        raise AssertionError(f"unexpected first line {line!r}; stderr: {proc.stderr.read()}")
    return Preview(proc, match.group(1), int(match.group(2)), match.group(3))


def stop(preview: Preview, sig: int = signal.SIGINT, timeout: float = 5.0) -> tuple[int, float]:
    """Send `sig`; returns (exit code, seconds until the process was gone)."""
    t0 = time.monotonic()
    preview.proc.send_signal(sig)
    code = preview.proc.wait(timeout)
    elapsed = time.monotonic() - t0
    preview.proc.stdout.close()
    preview.proc.stderr.close()
    return code, elapsed


@contextlib.contextmanager
def running(plan: Path, tmp_path: Path, *args: str):
    preview = start(plan, tmp_path, *args)
    try:
        yield preview
    finally:
        if preview.proc.poll() is None:
            stop(preview)


def request(
    port: int,
    path: str,
    *,
    host: str | None = "default",
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> tuple[http.client.HTTPResponse, bytes]:
    """One request with exactly the headers given (Host too: None sends none)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host == "default":
            host = f"127.0.0.1:{port}"
        if host is not None:
            conn.putheader("Host", host)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def websocket_handshake(preview: Preview, origin: str | None, host: str | None = None):
    """Open the page's WebSocket by hand; returns (status line, headers, socket)."""
    import socket

    sock = socket.create_connection(("127.0.0.1", preview.port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /verbinding HTTP/1.1",
        f"Host: {host or preview.host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        f"Cookie: {preview.cookie}",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    head, rest = read_head(sock)
    status, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return status, headers, sock, rest, key


def read_head(sock) -> tuple[bytes, bytes]:
    """An answer's status line and headers, and what came after them."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def read_ws_text(sock, rest: bytes) -> str:
    """One unmasked text frame from the server."""
    buf = bytearray(rest)

    def need(n: int) -> bytes:
        while len(buf) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError("connection closed")
            buf.extend(chunk)
        out = bytes(buf[:n])
        del buf[:n]
        return out

    b0, b1 = need(2)
    assert b0 == 0x81, hex(b0)
    n = b1 & 0x7F
    if n == 126:
        n = int.from_bytes(need(2), "big")
    elif n == 127:
        n = int.from_bytes(need(8), "big")
    return need(n).decode("utf-8")


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def listening_addresses(port: int) -> list[str]:
    """The local addresses that listen on `port` (hex, from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # LISTEN
                found.append(address)
    return found
