"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store (stdlib HTTP server).

``GET /sparql?query=...`` and ``POST /sparql`` (form-encoded ``query=`` or a
``application/sparql-query`` body). Results are negotiated from ``Accept``: SPARQL JSON
(default), XML, CSV, TSV for SELECT/ASK; Turtle (default), N-Triples, RDF/XML, JSON-LD for
CONSTRUCT/DESCRIBE. Updates are refused with 403. Every query is bounded in time
(``timeout``, 503 when exceeded) and in size (``max_rows``; a truncated answer carries the
header ``X-Graphbuild-Truncated: true``). Patterns outside ``GRAPH`` match every graph unless
the request names ``default-graph-uri``.

>>> server = make_server(None, port=0)       # doctest: +SKIP
>>> server.serve_forever()                    # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graphbuild.sinks.store import PREFIXES, GraphStore

log = logging.getLogger(__name__)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}


class QueryTimeout(Exception):
    pass


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def negotiate(accept: str, offered: dict[str, object], default: str) -> str:
    """The offered media type the client prefers (q-values honoured), else ``default``."""
    best, best_q = default, 0.0
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        q -= i * 1e-6  # earlier wins among equals
        if media in offered and q > best_q:
            best, best_q = media, q
    return best


class Endpoint:
    """Runs queries against a store with a time and row budget; HTTP-free, so it is testable."""

    def __init__(self, store: GraphStore, timeout: float = 30.0, max_rows: int = 10000, workers: int = 4) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
        self._slots = threading.BoundedSemaphore(workers)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, query: str, deadline: float, default_graphs: list[str], named_graphs: list[str]):
        kwargs: dict[str, object] = {"prefixes": PREFIXES}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        res = self.store.oxigraph.query(query, **kwargs)
        if isinstance(res, ox.QueryBoolean):
            return "ask", [], bool(res), False
        rows = []
        truncated = False
        for item in res:
            if len(rows) >= self.max_rows:
                truncated = True
                break
            if time.monotonic() > deadline:
                raise QueryTimeout
            rows.append(item)
        if isinstance(res, ox.QuerySolutions):
            return "select", [v.value for v in res.variables], rows, truncated
        return "graph", [], rows, truncated

    def execute(self, query: str, accept: str = "", default_graphs: list[str] | None = None,
                named_graphs: list[str] | None = None) -> Response:
        if not self._slots.acquire(timeout=self.timeout):
            return _text(503, "the endpoint is busy; try again later")
        deadline = time.monotonic() + self.timeout
        try:
            future = self._pool.submit(self._run, query, deadline, default_graphs or [], named_graphs or [])
        except RuntimeError:
            self._slots.release()
            return _text(503, "the endpoint is shutting down")
        future.add_done_callback(lambda _: self._slots.release())
        try:
            kind, variables, payload, truncated = future.result(timeout=self.timeout)
        except (FutureTimeout, QueryTimeout):
            return _text(503, f"query exceeded the time limit of {self.timeout:g}s; narrow it or add a LIMIT")
        except SyntaxError as exc:
            return _text(400, f"invalid SPARQL query (updates are not accepted here): {exc}")
        except (OSError, ValueError, TypeError) as exc:
            return _text(500, f"query failed: {exc}")
        headers = {"X-Graphbuild-Truncated": "true"} if truncated else {}
        if kind == "graph":
            media = negotiate(accept, GRAPH_TYPES, "text/turtle")
            body = ox.serialize(payload, format=GRAPH_TYPES[media],
                                prefixes=PREFIXES if GRAPH_TYPES[media] == ox.RdfFormat.TURTLE else None)
            return Response(200, f"{media}; charset=utf-8", body or b"", headers)
        fmt = RESULT_TYPES[negotiate(accept, RESULT_TYPES, "application/sparql-results+json")]
        body = render_results(fmt, variables, payload if kind == "select" else None,
                              payload if kind == "ask" else None)
        return Response(200, f"{RESULT_MEDIA[fmt]}; charset=utf-8", body, headers)


def _text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


# -------------------------------------------------------------------------- result formats


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def render_results(fmt: str, variables: list[str], rows: list | None, boolean: bool | None) -> bytes:
    """SPARQL 1.1 results (JSON, XML, CSV, TSV) for SELECT rows or an ASK answer."""
    if fmt == "json":
        if rows is None:
            return json.dumps({"head": {}, "boolean": bool(boolean)}).encode()
        bindings = [{v: _json_term(r[v]) for v in variables if r[v] is not None} for r in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>")
        if rows is None:
            out.append(f"<boolean>{'true' if boolean else 'false'}</boolean>")
        else:
            out.append("<results>")
            for r in rows:
                out.append("<result>" + "".join(
                    f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>"
                    for v in variables if r[v] is not None) + "</result>")
            out.append("</results>")
        out.append("</sparql>\n")
        return "\n".join(out).encode("utf-8")
    buf = io.StringIO()
    if rows is None:
        return (("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + ("true" if boolean else "false") + "\n").encode()
    if fmt == "csv":
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for r in rows:
            w.writerow(["" if r[v] is None else (f"_:{r[v].value}" if isinstance(r[v], ox.BlankNode) else r[v].value)
                        for v in variables])
    else:
        buf.write("\t".join(f"?{v}" for v in variables) + "\n")
        for r in rows:
            buf.write("\t".join("" if r[v] is None else str(r[v]) for v in variables) + "\n")
    return buf.getvalue().encode("utf-8")


# ------------------------------------------------------------------------------------- HTTP

_HELP = """graphbuild SPARQL endpoint (read-only)

GET  /sparql?query=...               SPARQL 1.1 Protocol query
POST /sparql  query=... (form) or an application/sparql-query body
Results: Accept application/sparql-results+json (default), +xml, text/csv,
text/tab-separated-values; CONSTRUCT: text/turtle (default), application/n-triples.
"""


class _Handler(BaseHTTPRequestHandler):
    server_version = "graphbuild-sparql/1"
    endpoint: Endpoint  # set on the subclass made by make_server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        log.info("%s - %s", self.address_string(), format % args)

    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, val in resp.headers.items():
            self.send_header(k, val)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def do_OPTIONS(self) -> None:  # noqa: N802 (stdlib naming)
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path not in ("/sparql", "/query", "/"):
            return self._send(_text(404, "not found; the endpoint is /sparql"))
        self._dispatch(params, None)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/update", "/"):
            return self._send(_text(404, "not found; the endpoint is /sparql"))
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1_000_000:
            return self._send(_text(413, "request too large"))
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if ctype == "application/sparql-update" or url.path == "/update":
            return self._send(_text(403, "this endpoint is read-only: SPARQL updates are refused"))
        if ctype == "application/sparql-query":
            return self._dispatch(params, body)
        params.update(parse_qs(body, keep_blank_values=True))
        self._dispatch(params, None)

    def _dispatch(self, params: dict[str, list[str]], query: str | None) -> None:
        if "update" in params:
            return self._send(_text(403, "this endpoint is read-only: SPARQL updates are refused"))
        if query is None:
            queries = params.get("query", [])
            if not queries:
                return self._send(_text(200, _HELP) if not params else _text(400, "missing 'query' parameter"))
            if len(queries) > 1:
                return self._send(_text(400, "exactly one 'query' parameter is allowed"))
            query = queries[0]
        resp = self.endpoint.execute(query, self.headers.get("Accept") or "",
                                     params.get("default-graph-uri"), params.get("named-graph-uri"))
        self._send(resp)


def make_server(store: GraphStore | str | Path | None, host: str = "127.0.0.1", port: int = 7878,
                timeout: float = 30.0, max_rows: int = 10000) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL queries; ``serve_forever()`` runs it (``port=0``: any)."""
    if not isinstance(store, GraphStore):
        store = GraphStore(store, read_only=store is not None)
    endpoint = Endpoint(store, timeout=timeout, max_rows=max_rows)
    handler = type("SparqlHandler", (_Handler,), {"endpoint": endpoint})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.endpoint = endpoint  # type: ignore[attr-defined]
    return server


def serve(store_path: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 10000) -> None:
    """Serve the store until interrupted."""
    import sys

    server = make_server(store_path, host, port, timeout, max_rows)
    addr = f"http://{server.server_address[0]}:{server.server_address[1]}/sparql"
    print(f"graphbuild: SPARQL endpoint at {addr} (read-only; Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.endpoint.close()  # type: ignore[attr-defined]
