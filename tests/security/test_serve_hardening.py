"""``graphbuild serve`` against hostile requests: one test per finding, each on a real server."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pytest
from conftest import cli_env, free_port, graphbuild_cli

from graphbuild.serve import Endpoint

pytestmark = pytest.mark.store

ASK = "ASK { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def get(url: str, query: str, headers: dict[str, str] | None = None, timeout: float = 30):
    """(status, headers, body) of a GET query."""
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def raw_request(host: str, port: int, data: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for c in self.held:
            c.close()


# 1. one request killed the server ------------------------------------------------------------

def test_nested_braces_are_refused_before_parsing(start_server):
    srv = start_server()
    status, _, body = get(srv.url, "SELECT * WHERE " + "{" * 2500 + "}" * 2500)
    assert status == 400
    assert b"nests 2500 levels" in body
    assert get(srv.url, ASK)[0] == 200


def test_parser_crash_costs_one_worker_not_the_server(store_path, caplog):
    # the guard is opened up so the engine's own parser overflows its stack (SIGSEGV)
    ep = Endpoint(store_path, timeout=20, workers=1, max_depth=10**9)
    try:
        with caplog.at_level("ERROR", logger="graphbuild.serve"):
            resp = ep.execute("SELECT * WHERE " + "{" * 45_000 + "}" * 45_000)
        assert resp.status == 500
        assert b"query engine failed" in resp.body
        assert len([r for r in caplog.records if "died" in r.getMessage()]) == 1
        assert ep.execute(ASK).status == 200  # a replacement worker answers
    finally:
        ep.close()


def test_query_command_refuses_deep_nesting_in_one_line(store_path):
    proc = subprocess.run(graphbuild_cli("query", "--store", str(store_path), "ASK " + "{" * 3000 + "}" * 3000),
                          env=cli_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "nests 3000 levels" in proc.stderr


def test_cors_is_off_by_default_and_explicit_when_on(start_server):
    _, headers, _ = get(start_server().url, ASK, {"Origin": "http://evil.example"})
    assert headers.get("Access-Control-Allow-Origin") is None
    _, headers, _ = get(start_server(cors_origin="http://yasgui.example").url, ASK)
    assert headers.get("Access-Control-Allow-Origin") == "http://yasgui.example"


def test_dns_rebinding_host_is_refused(start_server):
    srv = start_server()
    status, _, body = get(srv.url, ASK, {"Host": f"evil.example:{srv.port}"})
    assert status == 403 and b"loopback" in body
    assert get(srv.url, ASK, {"Host": f"localhost:{srv.port}"})[0] == 200


# 2. SERVICE reached other services -----------------------------------------------------------

@pytest.mark.parametrize("shape", ["iri", "prefixed", "variable", "silent"])
def test_service_is_refused_without_an_allow_list(start_server, shape):
    listener = Listener()
    try:
        srv = start_server()
        query = {
            "iri": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
            "prefixed": f"PREFIX x: <http://127.0.0.1:{listener.port}/> "
                        "SELECT * WHERE { service x:sparql { ?s ?p ?o } }",
            "variable": f"SELECT * WHERE {{ BIND(<{listener.url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
            "silent": f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}",
        }[shape]
        status, _, body = get(srv.url, query)
        assert status == 403
        assert b"--allow-service" in body
        time.sleep(0.2)
        assert listener.connections == 0
    finally:
        listener.close()


def test_service_word_inside_strings_and_names_is_not_a_service(start_server):
    srv = start_server()
    q = "SELECT * WHERE { ?s ?p ?o FILTER(?o != 'SERVICE <http://x/>') } LIMIT 1 # SERVICE <http://y/>"
    assert get(srv.url, q)[0] == 200


def test_allowed_service_to_a_silent_host_is_cut_at_the_timeout(start_server):
    listener = Listener()
    try:
        srv = start_server(timeout=2, workers=2, allow_services=[listener.url])
        query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        results: list[int] = []
        threads = [threading.Thread(target=lambda: results.append(get(srv.url, query)[0])) for _ in range(4)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert results == [503] * 4
        assert time.monotonic() - t0 < 15  # two waves of 2 s, plus worker restarts
        assert get(srv.url, ASK)[0] == 200  # nobody is locked out afterwards
    finally:
        listener.close()


# 3. a timeout that did not stop --------------------------------------------------------------

def test_timed_out_query_stops_using_cpu(serve_process):
    proc, url = serve_process("--timeout", "2", "--workers", "1")
    get(url, ASK)  # workers up
    server = psutil.Process(proc.pid)
    t0 = time.monotonic()
    status, _, body = get(url, CARTESIAN)
    assert status == 503 and b"time limit" in body
    assert time.monotonic() - t0 < 6
    time.sleep(1.0)  # the replacement worker starts

    def cpu() -> float:
        total = sum(server.cpu_times()[:2])
        for child in server.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += sum(child.cpu_times()[:2])
        return total

    before = cpu()
    time.sleep(3)
    assert cpu() - before < 0.5  # the killed query no longer burns a core
    assert get(url, ASK)[0] == 200


# 4. a leak on failing requests ---------------------------------------------------------------

def _tree_rss(pid: int) -> int:
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total


@pytest.mark.slow
def test_five_thousand_failing_requests_do_not_grow_memory(serve_process):
    closed = free_port()  # nothing listens there: the SERVICE call fails while results are read
    proc, url = serve_process("--max-rows", "5", "--allow-service", f"http://127.0.0.1:{closed}/")
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    failing = [
        f"SELECT * WHERE {{ ?s ?p ?o . SERVICE <http://127.0.0.1:{closed}/> {{ ?s ?p ?x }} }}",
        "SELECT * WHERE { ?s ?p ?o . ?s ?q ?r }",  # truncated at --max-rows: results left unread
        "SELECT * WHERE { ?s ?p }",  # a syntax error
    ]
    conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def one(i: int) -> int:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": failing[i % 3]}))
        resp = conn.getresponse()
        resp.read()
        return resp.status

    for i in range(300):
        one(i)
    baseline = _tree_rss(proc.pid)
    statuses = {one(i) for i in range(5000)}
    grown = _tree_rss(proc.pid) - baseline
    conn.close()
    assert statuses == {200, 400, 500}
    assert grown < 100 * 2**20, f"RSS grew by {grown / 2**20:.0f} MB over 5,000 failing requests"


# 5. a body limit that could be bypassed ------------------------------------------------------

@pytest.mark.parametrize("value,status", [("-1", 400), ("+5", 400), ("1e9", 400), ("5, 5", 400),
                                          ("999999999999", 413)])
def test_content_length_is_validated_before_reading(start_server, value, status):
    srv = start_server()
    head = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {value}\r\n\r\n").encode()
    t0 = time.monotonic()
    answer = raw_request(srv.host, srv.port, head + b"x" * 100_000)
    assert answer.startswith(f"HTTP/1.1 {status}".encode()), answer[:80]
    assert time.monotonic() - t0 < 5
    assert get(srv.url, ASK)[0] == 200


def test_chunked_bodies_are_refused(start_server):
    srv = start_server()
    head = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/sparql-query\r\n\r\n10\r\nASK { ?s ?p ?o }\r\n0\r\n\r\n")
    assert raw_request(srv.host, srv.port, head).startswith(b"HTTP/1.1 400")


# 6. half-sent requests never timed out -------------------------------------------------------

def test_half_sent_request_is_closed_after_the_read_timeout(start_server):
    srv = start_server(read_timeout=1.0)
    with socket.create_connection((srv.host, srv.port), timeout=10) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nquery=")
        t0 = time.monotonic()
        assert s.recv(1024) == b""  # closed, without an answer to a request that never ended
        assert time.monotonic() - t0 < 4


def test_slow_drip_headers_are_cut_at_the_deadline(start_server):
    srv = start_server(read_timeout=1.0)
    with socket.create_connection((srv.host, srv.port), timeout=10) as s:
        t0 = time.monotonic()
        closed = False
        for ch in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nX-Slow: " + b"a" * 100:
            try:
                s.sendall(bytes([ch]))
            except OSError:
                closed = True
                break
            time.sleep(0.2)
            if time.monotonic() - t0 > 6:
                break
        if not closed:
            s.settimeout(3)
            try:
                closed = s.recv(1024) == b""
            except ConnectionResetError:
                closed = True
        assert closed
        assert time.monotonic() - t0 < 6


def test_connections_beyond_the_cap_get_503(start_server):
    srv = start_server(max_connections=4, read_timeout=5)
    idle = [socket.create_connection((srv.host, srv.port)) for _ in range(4)]
    try:
        time.sleep(0.2)
        answer = raw_request(srv.host, srv.port, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503")
    finally:
        for s in idle:
            s.close()
    time.sleep(0.3)
    assert get(srv.url, ASK)[0] == 200


# the messages and the exit code --------------------------------------------------------------

def test_syntax_errors_say_what_is_wrong(start_server):
    status, _, body = get(start_server().url, "SELECT * WHERE { ?s ?p }")
    assert status == 400
    assert body.startswith(b"invalid SPARQL query: ") and b"updates" not in body


def test_busy_port_is_a_one_line_error(store_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        proc = subprocess.run(graphbuild_cli("serve", "--store", str(store_path), "--port", str(port)),
                              env=cli_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stderr.strip() == f"graphbuild: error: cannot listen on 127.0.0.1:{port}: " \
                                  "the port is in use; choose another with --port"
