"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store.

``GET /sparql?query=...`` and ``POST /sparql`` (form-encoded ``query=`` or a
``application/sparql-query`` body). Results are negotiated from ``Accept``: SPARQL JSON
(default), XML, CSV, TSV for SELECT/ASK; Turtle (default), N-Triples, RDF/XML, JSON-LD for
CONSTRUCT/DESCRIBE. Updates are refused. Every query is checked before parsing (length,
nesting, ``SERVICE`` only to allowed endpoints), evaluated in a worker process that is killed
at ``timeout`` (503), and bounded in size (``max_rows``; a truncated answer carries the header
``X-Graphbuild-Truncated: true``). Patterns outside ``GRAPH`` match every graph unless the
query names its dataset (``FROM`` / ``FROM NAMED``) or the request names ``default-graph-uri``;
the ontology is added to its own named graph at start (:func:`add_ontology`); ``GET /sparql``
without a query answers the service description. The HTTP side is described in
:mod:`graphbuild.serve.http`; the browse and search pages at ``/`` in :mod:`graphbuild.serve.ui`.

>>> server = make_server("graph/", port=0)    # doctest: +SKIP
>>> server.serve_forever()                    # doctest: +SKIP
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from graphbuild.errors import SinkError
from graphbuild.serve.endpoint import Endpoint, add_ontology
from graphbuild.serve.guard import QueryRefused, check_query
from graphbuild.serve.http import MAX_BODY, SparqlServer
from graphbuild.serve.results import Response, negotiate, render_results
from graphbuild.serve.ui import BrowseUI
from graphbuild.sinks.store import GraphStore

__all__ = ["BrowseUI", "Endpoint", "QueryRefused", "add_ontology", "Response", "SparqlServer", "check_query", "make_server",
           "negotiate", "render_results", "serve"]


def make_server(store: GraphStore | str | Path | None, host: str = "127.0.0.1", port: int = 7878,
                timeout: float = 30.0, max_rows: int = 10000, *, workers: int | None = None,
                allow_services: tuple[str, ...] | list[str] = (), cors_origin: str | None = None,
                read_timeout: float = 10.0, max_connections: int = 64, max_body: int = MAX_BODY,
                browse: bool = True, allow_review: bool = False, reviewer: str = "",
                ontology: bool = True) -> SparqlServer:
    """An HTTP server answering SPARQL queries; ``serve_forever()`` runs it (``port=0``: any).

    Raises :class:`SinkError` when the address cannot be bound (a port in use) or the store
    cannot be opened. Close it with ``server.server_close(); server.endpoint.close()``.
    """
    if allow_review and not browse:
        raise SinkError("--allow-review needs the browse pages (do not combine it with --no-browse)")
    try:
        server = SparqlServer((host, port), read_timeout=read_timeout, max_connections=max_connections,
                              max_body=max_body, cors_origin=cors_origin)
    except OSError as exc:
        reason = "the port is in use; choose another with --port" if exc.errno == errno.EADDRINUSE \
            else (exc.strerror or str(exc))
        raise SinkError(f"cannot listen on {host}:{port}: {reason}") from None
    try:
        server.endpoint = Endpoint(store, timeout=timeout, max_rows=max_rows, workers=workers,
                                   allowed_services=tuple(allow_services), ontology=ontology)
    except OSError as exc:
        server.server_close()
        raise SinkError(f"cannot serve the store: {exc}") from None
    try:
        server.ui = BrowseUI(server.endpoint, allow_review=allow_review, reviewer=reviewer) if browse else None
    except ValueError as exc:
        server.server_close()
        server.endpoint.close()
        raise SinkError(f"cannot serve the store: {exc}") from None
    return server


def serve(store_path: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 10000, **options) -> None:
    """Serve the store until interrupted (options as for :func:`make_server`)."""
    server = make_server(store_path, host, port, timeout, max_rows, **options)
    host_name, port_number = server.server_address[:2]
    addr = f"http://{host_name!s}:{port_number}/sparql"
    print(f"graphbuild: SPARQL endpoint at {addr} (read-only; Ctrl-C to stop)", file=sys.stderr)
    if server.ui is not None:
        review = "; review buttons on" if server.ui.allow_review else ""
        print(f"graphbuild: browse and search at http://{host_name!s}:{port_number}/{review}", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.endpoint.close()
