"""`ivplan cijfers --online` against a real local HTTP(S) server that answers like the CBS OData v3 API
(tests/odata_server.py), reached through IVPLAN_ODATA_CBS / IVPLAN_ODATA_POLITIE. No mock of the HTTP
client: the requests go over a socket on 127.0.0.1, and the server pages, fails and refuses for real.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from click.testing import CliRunner

from ivplan.cli.commands import main
from ivplan.source.opendata.model import NetworkError, Request
from ivplan.source.opendata.odata import ODataV3
from odata_server import Behaviour, ODataServer

DATA = Path(__file__).parent / "data"
HAND = DATA / "cijfers" / "handgeschreven.yaml"
EXPECTED = DATA / "cijfers" / "handgeschreven.verwacht.yaml"
OPEN_DATA = DATA / "open-data"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh cache folder per test; the base URLs are set per server."""
    monkeypatch.setenv("IVPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("IVPLAN_ODATA_CBS", raising=False)
    monkeypatch.delenv("IVPLAN_ODATA_POLITIE", raising=False)
    return monkeypatch


def point_at(env, base: str) -> None:
    env.setenv("IVPLAN_ODATA_CBS", base)
    env.setenv("IVPLAN_ODATA_POLITIE", base)


def cli(*args):
    result = CliRunner().invoke(main, ["cijfers", *[str(a) for a in args]])
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(HAND, path)
    return path


def resources(requests: list[str]) -> list[str]:
    return [urlsplit(r).path.rsplit("/", 1)[1] for r in requests]


def test_online_gives_the_same_result_as_the_saved_files(tmp_path, env):
    with ODataServer(Behaviour(page_size=100)) as server:
        point_at(env, server.base)
        path = plan(tmp_path)
        result = cli(path, "--online", "--schrijf")
        assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == EXPECTED.read_bytes()
    # only TableInfos, DataProperties, the dimensions used and TypedDataSet; nothing else
    assert set(resources(server.requests)) == {
        "TableInfos",
        "DataProperties",
        "Perioden",
        "RegioS",
        "SoortMisdrijf",
        "TypedDataSet",
    }
    assert all("$format=json" in r for r in server.requests)


def test_the_query_names_padded_keys_selects_columns_and_follows_next_links(tmp_path, env):
    with ODataServer(Behaviour(page_size=25)) as server:
        point_at(env, server.base)
        result = cli(plan(tmp_path), "--online")
        assert result.exit_code == 0, result.stderr
    typed = [dict(parse_qsl(urlsplit(r).query)) for r in server.requests if "/47013NED/TypedDataSet" in r]
    first = typed[0]
    assert first["$filter"] == "RegioS eq 'GM9001  ' and SoortMisdrijf eq '1.1.1 '"
    assert first["$select"] == "ID,SoortMisdrijf,RegioS,Perioden,GeregistreerdeMisdrijven_1"
    # 75 rows in pages of 25: the nextLink named dataderden.cbs.nl and was re-based on the local server
    assert [q.get("$skip") for q in typed[:3]] == [None, "25", "50"]
    regions = [unquote(r) for r in server.requests if "/RegioS?" in r]
    assert any("$select=Key,Title" in r and "startswith(Key,'GM')" in r for r in regions)


def test_the_cache_answers_for_24_hours_and_geen_cache_bypasses_it(tmp_path, env):
    with ODataServer() as server:
        point_at(env, server.base)
        assert cli(plan(tmp_path), "--online").exit_code == 0
        count = len(server.requests)
        assert any((tmp_path / "cache").iterdir())
        assert cli(plan(tmp_path), "--online").exit_code == 0
        assert len(server.requests) == count  # everything came from the cache
    # the server is gone: the cache still answers, --geen-cache does not use it
    result = cli(plan(tmp_path), "--online")
    assert result.exit_code == 0
    result = cli(plan(tmp_path), "--online", "--geen-cache")
    assert result.exit_code == 2


def test_a_cached_answer_older_than_24_hours_is_asked_again(tmp_path, env):
    with ODataServer() as server:
        point_at(env, server.base)
        cli(plan(tmp_path), "--online")
        count = len(server.requests)
        old = time.time() - 25 * 3600
        for f in (tmp_path / "cache").iterdir():
            import os

            os.utime(f, (old, old))
        assert cli(plan(tmp_path), "--online").exit_code == 0
        assert len(server.requests) == 2 * count


def test_retries_after_5xx_and_429(tmp_path, env):
    behaviour = Behaviour(fail={"DataProperties": [503, 429]}, retry_after="0")
    with ODataServer(behaviour) as server:
        point_at(env, server.base)
        result = cli(plan(tmp_path), "--online")
        assert result.exit_code == 0, result.stderr
    assert resources(server.requests).count("DataProperties") == 2 + 2  # two tables; the first asked three times


def test_5xx_after_every_try_is_the_network_error(tmp_path, env):
    behaviour = Behaviour(fail={"TableInfos": [503, 503, 503]}, retry_after="0")
    with ODataServer(behaviour) as server:
        point_at(env, server.base)
        path = plan(tmp_path)
        result = cli(path, "--online", "--schrijf")
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == "ivplan: geen verbinding met 127.0.0.1; gebruik --bron MAP met gedownloade bestanden"
    )
    assert resources(server.requests) == ["TableInfos"] * 3
    assert path.read_bytes() == HAND.read_bytes()
    assert result.stdout == ""


def test_a_table_the_server_does_not_know_is_ivp144(tmp_path, env):
    with ODataServer() as server:
        point_at(env, server.base)
        path = plan(tmp_path)
        path.write_text(path.read_text("utf-8").replace("tabel: 70072ned", "tabel: 99999ned"), "utf-8")
        result = cli(path, "--online")
    assert result.exit_code == 1
    assert "de reeks kan niet worden gelezen: tabel 99999ned (TableInfos) niet gevonden bij 127.0.0.1 (404)" in (
        result.stderr
    )
    assert result.stdout == ""


def test_a_server_without_tableinfos_or_region_and_filter_lists_reads_like_such_a_folder(tmp_path, env):
    """TableInfos and the lists of the region and filter dimensions are optional in a saved folder; a server
    that answers 404 for them alone gives the same result (and is not asked to filter on unpadded codes)."""
    folder = tmp_path / "bron"
    shutil.copytree(OPEN_DATA, folder, ignore=shutil.ignore_patterns("TableInfos.json", "RegioS.json", "Soort*.json"))
    offline = cli(plan(tmp_path), "--bron", folder)
    assert offline.exit_code == 0, offline.stderr
    missing = {resource: [404] * 10 for resource in ("TableInfos", "RegioS", "SoortMisdrijf")}
    with ODataServer(Behaviour(fail=missing)) as server:
        point_at(env, server.base)
        result = cli(plan(tmp_path), "--online")
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == (offline.stdout, offline.stderr)
    assert "+          waarde: 95      # uit het politiedashboard\n" in result.stdout
    typed = [dict(parse_qsl(urlsplit(r).query)) for r in server.requests if "/TypedDataSet" in r]
    assert typed and all("$filter" not in q for q in typed)


def test_without_network_one_dutch_line_and_exit_2(tmp_path, env):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    point_at(env, f"http://127.0.0.1:{port}/ODataApi/OData")
    path = plan(tmp_path)
    result = cli(path, "--online", "--schrijf")
    assert result.exit_code == 2
    assert result.stderr == "ivplan: geen verbinding met 127.0.0.1; gebruik --bron MAP met gedownloade bestanden\n"
    assert result.stdout == ""
    assert path.read_bytes() == HAND.read_bytes()


def test_saved_files_come_first_and_online_only_fetches_what_is_missing(tmp_path, env):
    folder = tmp_path / "bron"
    shutil.copytree(OPEN_DATA / "70072ned", folder / "70072ned")
    with ODataServer() as server:
        point_at(env, server.base)
        result = cli(plan(tmp_path), "--bron", folder, "--online")
        assert result.exit_code == 0
    assert {urlsplit(r).path.split("/")[-2] for r in server.requests} == {"47013NED"}


@pytest.mark.parametrize(
    "base", ["http://opendata.cbs.nl/ODataApi/odata", "http://192.168.1.5/ODataApi/odata", "ftp://localhost/x"]
)
def test_plain_http_only_for_this_computer(tmp_path, env, base):
    point_at(env, base)
    result = cli(plan(tmp_path), "--online")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"ivplan: IVPLAN_ODATA_POLITIE={base}: ")


def test_offline_never_asks_the_server(tmp_path, env):
    with ODataServer() as server:
        point_at(env, server.base)
        result = cli(plan(tmp_path), "--bron", OPEN_DATA)
        assert result.exit_code == 0
    assert server.requests == []


# ------------------------------------------------------------------------------------------------
# HTTPS, with a certificate made here


def _certificate(folder: Path) -> tuple[Path, Path]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl maakt het certificaat")
def test_https_with_a_trusted_certificate_and_refused_without(tmp_path, env):
    key, cert = _certificate(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    with ODataServer(tls=tls) as server:
        assert server.base.startswith("https://127.0.0.1:")
        point_at(env, server.base)
        # not trusted: the certificate is refused, which is no connection
        result = cli(plan(tmp_path), "--online", "--geen-cache")
        assert result.exit_code == 2
        assert "geen verbinding met 127.0.0.1" in result.stderr
        env.setenv("SSL_CERT_FILE", str(cert))
        path = plan(tmp_path)
        result = cli(path, "--online", "--schrijf")
        assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == EXPECTED.read_bytes()


# ------------------------------------------------------------------------------------------------
# The timeout (the client's own, shortened: the command waits 30 s)


class _Slow(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        time.sleep(1.0)
        self.send_response(200)
        self.end_headers()


def test_a_server_that_does_not_answer_in_time_is_no_connection():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pauses: list[float] = []
    try:
        environ = {"IVPLAN_ODATA_CBS": f"http://127.0.0.1:{server.server_address[1]}/ODataApi/odata"}
        client = ODataV3(environ, None, sleep=pauses.append, timeout=0.2)
        with pytest.raises(NetworkError) as caught:
            client.series("70072ned", "cbs", Request("TotaleBevolking_1", regio="GM9001"))
    finally:
        server.shutdown()
        server.server_close()
    assert caught.value.host == "127.0.0.1"
    assert pauses == [1.0, 2.0]  # three tries, with 1 s and 2 s between them


def test_the_json_of_the_api_keeps_exact_decimals(tmp_path, env):
    with ODataServer() as server:
        point_at(env, server.base)
        client = ODataV3({"IVPLAN_ODATA_CBS": server.base}, None)
        series = client.series("70072ned", "cbs", Request("TotaleBevolking_1", regio="GM9001"))
    assert [str(p.value) for p in series.points.values()] == [
        "23780.0",
        "23905.0",
        "24010.0",
        "24088.0",
        "24120.0",
        "24150.0",
    ]
    assert series.points[2026].provisional and not series.points[2025].provisional
    assert series.modified_year == 2026
