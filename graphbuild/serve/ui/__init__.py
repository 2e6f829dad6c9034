"""Browse and search pages served beside the SPARQL endpoint (read-only, server-rendered).

``/`` searches entity names and aliases, ``/entity/<id>`` shows an entity and its edges grouped
by predicate, ``/edge?s=&p=&o=`` every sentence behind an edge with its article, and
``/drawing/<id>`` the interactive drawing of the entity's neighbourhood. Every query runs in the
endpoint's worker processes (same time limit and row bound as ``/sparql``), with the values a
visitor typed bound as terms, never spliced into the query text.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import unquote

from graphbuild.serve.endpoint import Endpoint, QueryFailed
from graphbuild.serve.results import Response
from graphbuild.serve.ui import pages, queries

_MAX_QUERY_CHARS = 200


def html_response(status: int, text: str, csp: str = pages.CSP) -> Response:
    return Response(status, "text/html; charset=utf-8", text.encode("utf-8"),
                    {"Content-Security-Policy": csp, "X-Frame-Options": "DENY",
                     "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


class BrowseUI:
    """The pages; HTTP-free (``get(path, params)`` -> :class:`Response`), so they are testable."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._graph: Any = None
        self._graph_lock = threading.Lock()

    def handles(self, path: str) -> bool:
        return path in ("/", "/ui.css", "/edge") or path.startswith(("/entity/", "/drawing/"))

    def get(self, path: str, params: dict[str, list[str]]) -> Response:
        try:
            if path == "/ui.css":
                return Response(200, "text/css; charset=utf-8", pages.CSS.encode(),
                                {"Cache-Control": "max-age=3600"})
            if path == "/":
                return self._search(_one(params, "q").strip())
            if path.startswith("/entity/"):
                return self._entity(unquote(path[len("/entity/"):]))
            if path == "/edge":
                return self._edge(_one(params, "s"), _one(params, "p"), _one(params, "o"))
            if path.startswith("/drawing/"):
                return self._drawing(unquote(path[len("/drawing/"):]))
        except QueryFailed as exc:
            status = exc.status if exc.status in (400, 503) else 500
            return html_response(status, pages.error_page(status, str(exc)))
        return html_response(404, pages.error_page(404, "no such page"))

    def _search(self, q: str) -> Response:
        if len(q) > _MAX_QUERY_CHARS:
            return html_response(400, pages.error_page(400, f"a search of at most {_MAX_QUERY_CHARS} characters"))
        if not q:
            return html_response(200, pages.search_page("", self.endpoint.select(queries.TOP), top=True))
        rows = self.endpoint.select(queries.SEARCH, {"q": ("literal", q)})
        return html_response(200, pages.search_page(q, rows, top=False))

    def _entity(self, entity_id: str) -> Response:
        iri = pages.ENTITY_NS + entity_id
        rows = self.endpoint.select(queries.ENTITY, {"entity": ("iri", iri)})
        if not rows:
            return html_response(404, pages.error_page(404, f"no entity with the id {entity_id}"))
        edges = self.endpoint.select(queries.EDGES, {"entity": ("iri", iri)})
        return html_response(200, pages.entity_page(rows, edges))

    def _edge(self, s: str, p: str, o: str) -> Response:
        if not (s and p and o) or not p.isidentifier():
            return html_response(400, pages.error_page(400, "an edge is named by s (subject id), "
                                                            "p (predicate) and o (object id)"))
        subject, predicate, obj = pages.ENTITY_NS + s, pages.GB + p, pages.ENTITY_NS + o
        rows = self.endpoint.select(queries.EVIDENCE, {"s": ("iri", subject), "p": ("iri", predicate),
                                                       "o": ("iri", obj)})
        return html_response(200, pages.evidence_page(rows, subject, predicate, obj))

    def _drawing(self, entity_id: str) -> Response:
        from graphbuild.viz.html import CSP, html_document
        from graphbuild.viz.select import AmbiguousEntity, EntityNotFound

        graph = self._network()
        if entity_id not in graph:
            return html_response(404, pages.error_page(404, f"no entity with the id {entity_id} has an edge to draw"))
        name = str(graph.nodes[entity_id].get("name") or entity_id)
        try:
            text = html_document(graph, focus=entity_id, hops=1, title=f"{name}: its neighbourhood", max_nodes=150)
        except (AmbiguousEntity, EntityNotFound) as exc:
            return html_response(404, pages.error_page(404, str(exc)))
        return html_response(200, text, csp=CSP)

    def _network(self) -> Any:
        """The store as a networkx graph, read once (the served store does not change)."""
        with self._graph_lock:
            if self._graph is None:
                from graphbuild.model.networkx import kg_to_networkx
                from graphbuild.sinks.store import GraphStore

                with GraphStore(self.endpoint.store_path, read_only=True) as store:
                    self._graph = kg_to_networkx(store.to_knowledge_graph())
            return self._graph


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name) or [""]
    return values[0]
