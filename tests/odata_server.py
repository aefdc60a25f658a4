"""A real local HTTP(S) server that answers like the CBS OData v3 API, for the online tests of `ivplan cijfers`.

It serves the recorded and made responses in tests/data/open-data/ under the paths the API uses
(`/ODataApi/OData/<tabel>/<Resource>`), on 127.0.0.1 with an ephemeral port, in a thread. Like a real
server it pages TypedDataSet (`odata.nextLink` with `$skip`, naming CBS's own host, so the client must
re-base it) and ignores nothing it need not: `$filter` on `eq` and `startswith`, and `$select`, are
applied, so the requests ivplan sends are checked by what they get back. It records every request, and
can be told to fail the first requests of a path (503, 429) or to answer 404.
"""

from __future__ import annotations

import json
import re
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

DATA = Path(__file__).parent / "data" / "open-data"
PREFIX = "/ODataApi/OData"
OWN_HOST = "https://dataderden.cbs.nl"  # the host a real nextLink names
SAFE = "',()"  # left as they are in a query value


@dataclass
class Behaviour:
    page_size: int = 10_000
    fail: dict[str, list[int]] = field(default_factory=dict)  # resource -> statuses to answer first
    retry_after: str | None = None
    requests: list[str] = field(default_factory=list)


def _json(path: Path):
    return json.loads(path.read_text("utf-8-sig"))


def _rows(folder: Path, resource: str) -> list | None:
    for entry in folder.iterdir():
        if entry.name.lower() == f"{resource.lower()}.json":
            body = _json(entry)
            return body["value"] if isinstance(body, dict) else body
    return None


_EQ = re.compile(r"(\w+) eq '((?:[^']|'')*)'")
_STARTS = re.compile(r"startswith\((\w+),'((?:[^']|'')*)'\)")


def _apply_query(rows: list, query: dict[str, str]) -> list:
    text = query.get("$filter", "")
    for key, value in _EQ.findall(text):
        rows = [r for r in rows if r.get(key) == value.replace("''", "'")]
    for key, value in _STARTS.findall(text):
        rows = [r for r in rows if str(r.get(key, "")).startswith(value.replace("''", "'"))]
    if "$select" in query:
        keep = query["$select"].split(",")
        rows = [{k: r[k] for k in keep if k in r} for r in rows]
    return rows


class _Handler(BaseHTTPRequestHandler):
    behaviour: Behaviour

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        b = self.behaviour
        b.requests.append(self.path)
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        segments = parts.path[len(PREFIX) :].strip("/").split("/") if parts.path.startswith(PREFIX) else []
        if len(segments) != 2:
            return self._send(404, b'{"odata.error":{"message":{"value":"Not found"}}}')
        tabel, resource = segments
        pending = b.fail.get(resource)
        if pending:
            status = pending.pop(0)
            headers = {"Retry-After": b.retry_after} if b.retry_after is not None else {}
            return self._send(status, b'{"odata.error":{}}', headers)
        folder = next((p for p in DATA.iterdir() if p.is_dir() and p.name.lower() == tabel.lower()), None)
        rows = _rows(folder, resource) if folder is not None else None
        if rows is None:
            return self._send(404, b'{"odata.error":{"message":{"value":"Resource not found"}}}')
        rows = _apply_query(rows, query)
        skip = int(query.get("$skip", "0"))
        page = rows[skip : skip + b.page_size]
        body: dict = {
            "odata.metadata": f"{OWN_HOST}{PREFIX}/{tabel}/$metadata#Cbs.OData.WebAPI.{resource}",
            "value": page,
        }
        if skip + b.page_size < len(rows):
            rest = "&".join(f"{k}={quote(v, safe=SAFE)}" for k, v in query.items() if k != "$skip")
            body["odata.nextLink"] = f"{OWN_HOST}{PREFIX}/{tabel}/{resource}?{rest}&$skip={skip + b.page_size}"
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        self._send(200, text.encode("utf-8"))


class ODataServer:
    """`with ODataServer() as server:` ... `server.base` is the URL for IVPLAN_ODATA_*."""

    def __init__(self, behaviour: Behaviour | None = None, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1"):
        self.behaviour = behaviour or Behaviour()
        handler = type("Handler", (_Handler,), {"behaviour": self.behaviour})
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.base = f"{scheme}://{host}:{self.httpd.server_address[1]}{PREFIX}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def requests(self) -> list[str]:
        return self.behaviour.requests

    def __enter__(self) -> ODataServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()
