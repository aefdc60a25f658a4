"""The CBS OData v3 API over HTTPS: StatLine (opendata.cbs.nl) and the politie's tables (dataderden.cbs.nl).

Per table it asks for `TableInfos`, `DataProperties`, each dimension the binding uses and `TypedDataSet`,
nothing else (docs/open-data.md §3); as in a saved folder, TableInfos and the region and filter lists
may be missing (404). `$filter` names the region and filter codes with the padded keys from the
dimension lists and `$select` the columns needed; `odata.nextLink` is followed past the row cap, re-based
on the configured base URL. A request waits at most 30 s; connection errors, 5xx and 429 are tried three
times with pauses of 1 s and 2 s (`Retry-After`, up to 30 s, where the server sends one). Responses are
kept for 24 hours in a cache folder (`ResponseCache`).

Base URLs can be set with IVPLAN_ODATA_CBS and IVPLAN_ODATA_POLITIE (tests point them at a local
server); `http://` is accepted only for this computer (127.0.0.0/8, ::1, localhost).

OData v4 (`datasets.cbs.nl/odata/v1/CBS/<tabel>/Observations`) is not used yet: a reader for it only has
to offer `series(tabel, catalogus, request)` like this one.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import os
import ssl
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from ivplan import __version__
from ivplan.source.opendata.jsonfiles import parse_json, value_list
from ivplan.source.opendata.model import (
    FILTER_TYPE,
    PERIOD_TYPE,
    REGION_TYPES,
    NetworkError,
    Request,
    Series,
    SeriesError,
    SourceUsageError,
)
from ivplan.source.opendata.table import resolve, series, table_from_metadata

DEFAULT_BASES = {
    "cbs": "https://opendata.cbs.nl/ODataApi/odata",
    "politie": "https://dataderden.cbs.nl/ODataApi/OData",
}
BASE_ENV = {"cbs": "IVPLAN_ODATA_CBS", "politie": "IVPLAN_ODATA_POLITIE"}
TIMEOUT = 30.0  # seconds per request
PAUSES = (1.0, 2.0)  # between the three tries
MAX_RETRY_AFTER = 30.0
CACHE_SECONDS = 24 * 3600
MAX_PAGES = 10_000  # a safety net against a server whose nextLink never ends


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url(catalogus: str, environ: Mapping[str, str]) -> str:
    """The base URL of a catalogue: its environment variable, else CBS's address."""
    name = BASE_ENV[catalogus]
    base = (environ.get(name) or DEFAULT_BASES[catalogus]).rstrip("/")
    parts = urlsplit(base)
    if parts.scheme == "https" and parts.hostname:
        return base
    if parts.scheme == "http" and is_loopback(parts.hostname):
        return base
    if parts.scheme == "http":
        raise SourceUsageError(
            f"{name}={base}: http:// alleen voor een adres op deze computer (127.0.0.1, ::1 of localhost); "
            "gebruik https://"
        )
    raise SourceUsageError(f"{name}={base}: geen geldig webadres (https://...)")


def cache_dir(environ: Mapping[str, str]) -> Path:
    """$IVPLAN_CACHE_DIR, else $XDG_CACHE_HOME/ivplan/odata, else ~/.cache/ivplan/odata."""
    own = environ.get("IVPLAN_CACHE_DIR")
    if own:
        return Path(own)
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ivplan" / "odata"


class ResponseCache:
    """Response bodies by full URL, fresh for 24 hours. A cache that cannot be read or written is no
    cache: the request simply goes to the server."""

    def __init__(self, folder: Path, max_age: float = CACHE_SECONDS, clock: Callable[[], float] = time.time):
        self.folder = folder
        self.max_age = max_age
        self.clock = clock

    def _path(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def get(self, url: str) -> bytes | None:
        path = self._path(url)
        try:
            if self.clock() - path.stat().st_mtime > self.max_age:
                return None
            return path.read_bytes()
        except OSError:
            return None

    def put(self, url: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".odata.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self._path(url))
        except OSError:
            pass


class NotFound(SeriesError):
    """The server answered 404 for a resource."""


def _quote(value: str) -> str:
    return quote(value, safe="',()")


def _literal(code: str) -> str:
    return "'" + code.replace("'", "''") + "'"


class ODataV3:
    """Series from the OData v3 API, one table at a time; every response is kept for the run."""

    def __init__(
        self,
        environ: Mapping[str, str],
        cache: ResponseCache | None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = TIMEOUT,
    ):
        self.environ = environ
        self.cache = cache
        self.sleep = sleep
        self.timeout = timeout
        self._bodies: dict[str, object] = {}

    # requests ---------------------------------------------------------------------------------
    def _opener(self, host: str | None) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPSHandler(context=ssl.create_default_context())]
        if is_loopback(host):
            handlers.append(urllib.request.ProxyHandler({}))  # this computer: never through a proxy
        return urllib.request.build_opener(*handlers)

    def _fetch(self, url: str, what: str) -> bytes:
        host = urlsplit(url).hostname or url
        opener = self._opener(host)
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": f"ivplan/{__version__}"}
        )
        tries = len(PAUSES) + 1
        for attempt in range(tries):
            try:
                with opener.open(request, timeout=self.timeout) as response:
                    body: bytes = response.read()
                    return body
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and exc.code < 500:
                    if exc.code == 404:
                        raise NotFound(f"{what} niet gevonden bij {host} (404)") from None
                    raise SeriesError(f"{host} weigert de vraag naar {what} ({exc.code} {exc.reason})") from None
                if attempt == tries - 1:
                    raise NetworkError(host, f"{exc.code} {exc.reason}") from None
                pause = _retry_after(exc.headers.get("Retry-After")) if exc.headers else None
            except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
                reason = getattr(exc, "reason", exc)
                if attempt == tries - 1 or isinstance(reason, ssl.SSLCertVerificationError):  # no use trying again
                    raise NetworkError(host, str(exc)) from None
                pause = None
            self.sleep(PAUSES[attempt] if pause is None else pause)
        raise NetworkError(host)  # not reached: the loop returns or raises

    def _json(self, url: str, what: str) -> Any:
        """The parsed JSON body (any JSON value), from this run, the cache or the server."""
        if url in self._bodies:
            return self._bodies[url]
        cached = self.cache.get(url) if self.cache else None
        body = None
        if cached is not None:
            try:
                body = parse_json(cached, what)
            except SeriesError:
                body = None  # a damaged cache file: ask the server again
        if body is None:
            data = self._fetch(url, what)
            body = parse_json(data, f"het antwoord van {urlsplit(url).hostname} op de vraag naar {what}")
            if self.cache:
                self.cache.put(url, data)
        self._bodies[url] = body
        return body

    def _all(self, base: str, tabel: str, resource: str, params: list[tuple[str, str]], what: str) -> list[Any]:
        """Every row of a resource, following odata.nextLink (re-based on `base`)."""
        query = "&".join(f"{k}={_quote(v)}" for k, v in [("$format", "json"), *params])
        url: str | None = f"{base}/{tabel}/{resource}?{query}"
        rows: list[Any] = []
        seen: set[str] = set()
        while url is not None:
            if url in seen or len(seen) >= MAX_PAGES:
                raise SeriesError(
                    f"{what}: het volgende blok (odata.nextLink) herhaalt zich; de server antwoordt vreemd"
                )
            seen.add(url)
            body = self._json(url, what)
            rows.extend(value_list(body, what))
            link = None
            if isinstance(body, dict):
                link = body.get("odata.nextLink") or body.get("@odata.nextLink")
            url = _rebase(link, base, tabel, what) if isinstance(link, str) and link else None
        return rows

    # the table ---------------------------------------------------------------------------------
    def series(self, tabel: str, catalogus: str, req: Request) -> Series:
        base = base_url(catalogus, self.environ)
        host = urlsplit(base).hostname or base
        # TableInfos and the lists of the region and filter dimensions may be absent, as in a saved folder
        # (a 404 for them alone): the table is unknown only when DataProperties is not found either
        try:
            infos = self._all(base, tabel, "TableInfos", [], f"tabel {tabel} (TableInfos)")
            no_infos = None
        except NotFound as exc:
            infos, no_infos = [], exc
        try:
            properties = self._all(base, tabel, "DataProperties", [], f"tabel {tabel} (DataProperties)")
        except NotFound:
            if no_infos is not None:
                raise no_infos from None
            raise
        wanted_filters = {key for key, _ in req.filters}
        dims: dict[str, list[Any]] = {}
        for prop in properties:
            if not isinstance(prop, dict) or not isinstance(prop.get("Key"), str):
                continue
            key, kind = prop["Key"], prop.get("Type")
            what = f"tabel {tabel} ({key})"
            if kind == PERIOD_TYPE:
                dims[key] = self._all(base, tabel, key, [], what)
            elif kind == FILTER_TYPE and key in wanted_filters:
                with suppress(NotFound):
                    dims[key] = self._all(base, tabel, key, [], what)
            elif kind in REGION_TYPES and req.regio:
                # a region list can exceed one request (every wijk and buurt): only the codes that start like
                # ours (GM for a gemeente, WK0344 for the wijken of one gemeente), Key and Title
                prefix = req.regio[:6] if req.regio[:2] in ("WK", "BU") else req.regio[:2]
                params = [("$select", "Key,Title"), ("$filter", f"startswith(Key,{_literal(prefix)})")]
                with suppress(NotFound):
                    dims[key] = self._all(base, tabel, key, params, what)
        table = table_from_metadata(tabel, host, properties, dims, infos)
        resolved = resolve(table, req)
        # the server filters only on codes padded as its lists write them; without a list, only here
        conditions = []
        if resolved.region is not None and resolved.region_raw is not None and resolved.region.key in dims:
            conditions.append(f"{resolved.region.key} eq {_literal(resolved.region_raw)}")
        conditions += [f"{key} eq {_literal(raw)}" for key, raw in resolved.filter_raw if key in dims]
        columns = ["ID", *table.dimensions, resolved.topic.key]
        params = [("$select", ",".join(columns))]
        if conditions:
            params.insert(0, ("$filter", " and ".join(conditions)))
        table.rows = self._all(base, tabel, "TypedDataSet", params, f"tabel {tabel} (TypedDataSet)")
        return series(table, req, resolved)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, min(float(value), MAX_RETRY_AFTER))
    except ValueError:
        return None  # an HTTP date: take the usual pause


def _rebase(link: str, base: str, tabel: str, what: str) -> str:
    """`odata.nextLink` names the server's own address; the rest of it goes after the configured base."""
    parts = urlsplit(link)
    segments = parts.path.split("/")
    for i, segment in enumerate(segments):
        if segment.lower() == tabel.lower():
            rest = "/".join(segments[i + 1 :])
            query = quote(parts.query, safe="=&$',()%/:+*")  # a link with raw spaces still makes a valid URL
            return f"{base}/{tabel}/{rest}" + (f"?{query}" if query else "")
    raise SeriesError(f"{what}: een odata.nextLink zonder de tabel ({link[:80]})")
