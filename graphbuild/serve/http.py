"""The SPARQL 1.1 Protocol over HTTP, hardened for clients that misbehave.

The standard library's threading HTTP server, bounded where it is not by default:

* at most ``max_connections`` connections are served at once; the next one gets an immediate
  503 and is closed (no unbounded thread count);
* a request (request line, headers and body) must arrive within ``read_timeout`` seconds of
  the connection becoming idle, whatever pace the client sends at; a reaper closes those that
  do not (slow or half-sent requests, idle keep-alive connections);
* ``Content-Length`` must be one plain decimal number no larger than ``max_body`` (else 400 or
  413 without reading the body); ``Transfer-Encoding`` is refused;
* no CORS header unless an origin is given; when bound to a loopback address the ``Host``
  header must name a loopback host, so a web page cannot reach the endpoint by DNS rebinding.

Why not an ASGI server (uvicorn + h11): it would bound headers and keep-alive, but it has no
deadline on reading a request either, and every query still has to go to a process that can
be killed; the extra stack would not remove a class of the failures found here.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from graphbuild.serve.description import service_description
from graphbuild.serve.endpoint import Endpoint
from graphbuild.serve.results import Response, text_response
from graphbuild.serve.ui import BrowseUI

log = logging.getLogger("graphbuild.serve")

MAX_BODY = 1_000_000
_DIGITS = re.compile(r"[0-9]{1,15}")
_LOOPBACK_NAMES = {"localhost", "localhost.", "127.0.0.1", "::1", "[::1]"}



def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    server_version = "graphbuild-sparql/2"
    protocol_version = "HTTP/1.1"
    server: SparqlServer

    def setup(self) -> None:
        self.deadline: float | None = None
        super().setup()
        self.connection.settimeout(self.server.read_timeout)  # each recv; the reaper bounds the request
        # headers and body go out in two writes; without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every keep-alive answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self, True)

    def finish(self) -> None:
        self.server.track(self, False)
        with contextlib.suppress(OSError):
            super().finish()

    def handle(self) -> None:
        try:
            super().handle()
        except OSError:  # timed out, reset, closed by the reaper: nothing to answer
            self.close_connection = True

    def handle_one_request(self) -> None:
        self.deadline = time.monotonic() + self.server.read_timeout
        super().handle_one_request()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        log.info("%s - %s", self.address_string(), format % args)

    def _cors(self) -> None:
        if self.server.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.cors_origin)
            self.send_header("Vary", "Origin")

    def _send(self, resp: Response, close: bool = False, cors: bool = True) -> None:
        self.deadline = None
        if close:
            self.close_connection = True
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        if cors:  # never on the pages: another origin must not read their review form token
            self._cors()
        for k, val in resp.headers.items():
            self.send_header(k, val)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def _refused_host(self) -> bool:
        if not self.server.check_host:
            return False
        host = (self.headers.get("Host") or "").strip().lower()
        name = host[:host.find("]") + 1] if host.startswith("[") else host.rsplit(":", 1)[0]
        if not host:  # browsers always send Host; a client without one is not a web page
            return False
        if _is_loopback(name):
            return False
        self._send(text_response(403, "this endpoint answers only requests addressed to a loopback host "
                                      "(Host: 127.0.0.1 or localhost)"), close=True)
        return True

    def do_OPTIONS(self) -> None:  # noqa: N802 (stdlib naming)
        self.deadline = None
        self.send_response(204)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self.send_header("Content-Length", "0")
        if self.server.cors_origin:
            self._cors()
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def _path_ok(self, paths: tuple[str, ...]) -> bool:
        if urlsplit(self.path).path in paths:
            return True
        self._send(text_response(404, "not found; the SPARQL endpoint is /sparql, the pages start at /"),
                   close=self.command == "POST")
        return False

    def do_GET(self) -> None:  # noqa: N802
        if self._refused_host():
            return
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        ui = self.server.ui
        is_page = ui is not None and ui.handles(url.path) and not (url.path == "/" and "query" in params)
        if not is_page and not self._path_ok(("/sparql", "/query", "/")):
            return
        if self.headers.get("Content-Length") not in (None, "0") or self.headers.get("Transfer-Encoding"):
            self.close_connection = True  # a body we will not read would desynchronise the connection
        self.deadline = None
        if is_page and ui is not None:
            return self._send(ui.get(url.path, params), cors=False)
        self._dispatch(params, None)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _read_body(self) -> str | None:
        """The request body, or None after answering 400/411/413 (the body is not read)."""
        if self.headers.get("Transfer-Encoding"):
            self._send(text_response(400, "Transfer-Encoding is not accepted; send a Content-Length"), close=True)
            return None
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return ""
        if len(set(values)) != 1 or not _DIGITS.fullmatch(values[0].strip()):
            self._send(text_response(400, "invalid Content-Length header: one decimal number is required"),
                       close=True)
            return None
        length = int(values[0])
        if length > self.server.max_body:
            self._send(text_response(413, f"request body of {length:,} bytes; at most "
                                          f"{self.server.max_body:,} are accepted"), close=True)
            return None
        raw = self.rfile.read(length) if length else b""
        if len(raw) != length:  # the client went away or the reaper closed it
            self.close_connection = True
            return None
        self.deadline = None
        return raw.decode("utf-8", "replace")

    def do_POST(self) -> None:  # noqa: N802
        if self._refused_host():
            return
        url = urlsplit(self.path)
        ui = self.server.ui
        is_page = ui is not None and url.path != "/" and ui.handles(url.path)
        if not is_page and not self._path_ok(("/sparql", "/query", "/update", "/")):
            return
        body = self._read_body()
        if body is None:
            return
        if is_page and ui is not None:
            return self._send(ui.post(url.path, body), cors=False)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update" or url.path == "/update":
            return self._send(text_response(403, "this endpoint is read-only: SPARQL updates are refused"))
        if ctype == "application/sparql-query":
            return self._dispatch(params, body)
        params.update(parse_qs(body, keep_blank_values=True))
        self._dispatch(params, None)

    def _dispatch(self, params: dict[str, list[str]], query: str | None) -> None:
        self.deadline = None
        if "update" in params:
            return self._send(text_response(403, "this endpoint is read-only: SPARQL updates are refused"))
        if query is None:
            queries = params.get("query", [])
            if not queries:
                return self._send(self._description() if not params else text_response(
                    400, "missing 'query' parameter (parameters given: "
                         + ", ".join(sorted(params)[:10]) + ")"))
            if len(queries) > 1:
                return self._send(text_response(400, "exactly one 'query' parameter is allowed"))
            query = queries[0]
        resp = self.server.endpoint.execute(query, self.headers.get("Accept") or "",
                                            params.get("default-graph-uri"), params.get("named-graph-uri"))
        self._send(resp)


    def _description(self) -> Response:
        address, port = self.server.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        host = f"[{host}]" if ":" in host else host
        text = service_description(f"http://{host}:{port}/sparql", self.server.endpoint.ontology)
        return Response(200, "text/turtle; charset=utf-8", text.encode("utf-8"))


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server with a connection cap and a deadline on reading each request."""

    daemon_threads = True
    request_queue_size = 64
    endpoint: Endpoint
    ui: BrowseUI | None = None

    def __init__(self, address: tuple[str, int], *, read_timeout: float = 10.0, max_connections: int = 64,
                 max_body: int = MAX_BODY, cors_origin: str | None = None) -> None:
        self._stop = threading.Event()  # before binding: a failed bind calls server_close
        super().__init__(address, _Handler)
        self.read_timeout, self.max_body, self.cors_origin = read_timeout, max_body, cors_origin
        self.check_host = _is_loopback(address[0])
        self._slots = threading.BoundedSemaphore(max_connections)
        self._active: set[_Handler] = set()
        self._active_lock = threading.Lock()
        self.refused_connections = 0
        threading.Thread(target=self._reap, name="graphbuild-http-reaper", daemon=True).start()

    def track(self, handler: _Handler, active: bool) -> None:
        with self._active_lock:
            (self._active.add if active else self._active.discard)(handler)

    def _reap(self) -> None:
        while not self._stop.wait(0.25):
            now = time.monotonic()
            with self._active_lock:
                late = [h for h in self._active if h.deadline is not None and h.deadline < now]
            for h in late:
                h.deadline = None
                with contextlib.suppress(OSError):
                    h.connection.shutdown(socket.SHUT_RDWR)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            self.refused_connections += 1
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                b"Content-Length: 29\r\nConnection: close\r\n\r\ntoo many connections; retry\n")
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def server_close(self) -> None:
        self._stop.set()
        super().server_close()
