"""Browse and search pages served beside the SPARQL endpoint (read-only, server-rendered).

``/`` searches entity names and aliases, ``/entity/<id>`` shows an entity and its edges grouped
by predicate (``.csv`` and ``.graphml`` export them), ``/edge?s=&p=&o=`` every sentence behind an
edge with its article, ``/article/<id>`` an article's statements, and
``/drawing/<id>`` the interactive drawing of the entity's neighbourhood. The entity page, the
evidence of an edge, the drawing, the exports and the sentence search take the filters of
:mod:`graphbuild.serve.ui.filters` from the query string. Every query runs in the
endpoint's worker processes (same time limit and row bound as ``/sparql``; a page cut at the
bound says so), with the values a visitor typed bound as terms, never spliced into the query text.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode

from graphbuild.errors import ConfigError
from graphbuild.serve.endpoint import Endpoint, QueryFailed, Rows
from graphbuild.serve.results import Response
from graphbuild.serve.ui import pages, queries
from graphbuild.serve.ui.filters import ViewFilter

_MAX_QUERY_CHARS = 200
_DRAWINGS_KEPT = 8  # filtered graphs of the drawing kept in memory (the last used)
_ASSERTION_ID = re.compile(r"[0-9a-f]{32}")
ASSERTION_NS = "https://w3id.org/graphbuild/assertion/"


def html_response(status: int, text: str, csp: str = pages.CSP) -> Response:
    return Response(status, "text/html; charset=utf-8", text.encode("utf-8"),
                    {"Content-Security-Policy": csp, "X-Frame-Options": "DENY",
                     "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


class BrowseUI:
    """The pages; HTTP-free (``get(path, params)`` -> :class:`Response`), so they are testable."""

    def __init__(self, endpoint: Endpoint, *, allow_review: bool = False, reviewer: str = "") -> None:
        self.endpoint = endpoint
        self._kg: Any = None  # the store's KnowledgeGraph, read when a drawing is first asked
        self._graphs: OrderedDict[tuple[tuple[str, str], ...], Any] = OrderedDict()  # filter -> networkx
        self._marker: tuple = ()
        self._graph_lock = threading.Lock()
        self.allow_review, self.reviewer = allow_review, reviewer
        # the form token: a page of another origin cannot read it (no CORS on the pages)
        self.csrf_token = secrets.token_urlsafe(32) if allow_review else None
        if allow_review and endpoint.is_copy:
            raise ValueError("review decisions need a store on disk (serve --store DIR)")

    def handles(self, path: str) -> bool:
        return path in ("/", "/ui.css", "/favicon.ico", "/edge", "/review") or path.startswith(("/entity/", "/drawing/", "/article/"))

    def post(self, path: str, body: str) -> Response:
        """Only ``/review`` takes a POST, and only when serving with ``--allow-review``."""
        if path != "/review":
            return html_response(405, pages.error_page(405, "these pages are read-only"))
        if not self.allow_review or self.csrf_token is None:
            return html_response(403, pages.error_page(
                403, "the pages are read-only; start `graphbuild serve --allow-review` to record review decisions"))
        form = parse_qs(body, keep_blank_values=True)
        token, decision, assertion = _one(form, "csrf"), _one(form, "decision"), _one(form, "assertion")
        if not hmac.compare_digest(token.encode(), self.csrf_token.encode()):
            return html_response(403, pages.error_page(403, "the form is stale or came from another site; "
                                                            "reload the page and try again"))
        if decision not in ("accept", "reject"):
            return html_response(400, pages.error_page(400, "decision must be accept or reject"))
        assertion = assertion.removeprefix(ASSERTION_NS)
        if not _ASSERTION_ID.fullmatch(assertion):
            return html_response(400, pages.error_page(400, "assertion must be a 32-hex assertion id"))
        from graphbuild.review.commands import Reviewer
        from graphbuild.review.decisions import ReviewError

        # no reader holds the store while it is written: neither a worker nor a drawing being read
        with self._graph_lock:
            try:
                with self.endpoint.pool.paused(wait=self.endpoint.timeout + 5):
                    rv = Reviewer(self.endpoint.store_path, user=self.reviewer)
                    (rv.accept if decision == "accept" else rv.reject)(assertion, note="graphbuild serve")
            except ReviewError as exc:
                return html_response(400, pages.error_page(400, str(exc)))
            except TimeoutError as exc:
                return html_response(503, pages.error_page(503, str(exc)))
            self._kg = None
            self._graphs.clear()
        back = _one(form, "back")
        location = back if back.startswith("/edge?") else "/"
        return Response(303, "text/plain; charset=utf-8", f"{decision}ed\n".encode(), {"Location": location})

    def get(self, path: str, params: dict[str, list[str]]) -> Response:
        try:
            if path == "/ui.css":
                return Response(200, "text/css; charset=utf-8", pages.CSS.encode(),
                                {"Cache-Control": "max-age=3600"})
            if path == "/favicon.ico":  # asked by browsers on every page; there is none
                return Response(204, "image/x-icon", b"", {"Cache-Control": "max-age=86400"})
            if path == "/":
                return self._search(_one(params, "q").strip(), params)
            if path.startswith("/entity/") and path.endswith(".csv"):
                return self._entity_csv(unquote(path[len("/entity/"):-len(".csv")]), params)
            if path.startswith("/entity/") and path.endswith(".graphml"):
                return self._entity_graphml(unquote(path[len("/entity/"):-len(".graphml")]), params)
            if path.startswith("/entity/"):
                return self._entity(unquote(path[len("/entity/"):]), params)
            if path == "/edge":
                return self._edge(_one(params, "s"), _one(params, "p"), _one(params, "o"), params)
            if path.startswith("/article/"):
                return self._article(unquote(path[len("/article/"):]))
            if path.startswith("/drawing/"):
                return self._drawing(unquote(path[len("/drawing/"):]), params)
        except QueryFailed as exc:
            status = exc.status if exc.status in (400, 503) else 500
            return html_response(status, pages.error_page(status, str(exc)))
        except ConfigError as exc:  # a filter value that does not parse
            return html_response(400, pages.error_page(400, str(exc), unfiltered=path))
        return html_response(404, pages.error_page(404, "no such page"))

    def _search(self, q: str, params: dict[str, list[str]]) -> Response:
        if len(q) > _MAX_QUERY_CHARS:
            return html_response(400, pages.error_page(400, f"a search of at most {_MAX_QUERY_CHARS} characters"))
        if not q:
            return html_response(200, pages.search_page("", self.endpoint.select(queries.TOP), top=True))
        view = ViewFilter.from_params(params)
        rows = self.endpoint.select(queries.SEARCH, {"q": ("literal", q)})
        sentences = self.endpoint.select(queries.sentences(view.kinds()), {"q": ("literal", q), **view.bindings()})
        return html_response(200, pages.search_page(q, rows, top=False, sentences=sentences, view=view))

    def _edges(self, iri: str, view: ViewFilter) -> Rows:
        return self.endpoint.select(queries.edges(view.kinds()), {"entity": ("iri", iri), **view.bindings()})

    def _lookup(self, entity_id: str) -> tuple[str, Rows]:
        """The entity's IRI and its rows (none for an unknown id)."""
        iri = pages.ENTITY_NS + entity_id
        return iri, self.endpoint.select(queries.ENTITY, {"entity": ("iri", iri)})

    @staticmethod
    def _unknown(entity_id: str) -> Response:
        return html_response(404, pages.error_page(404, f"no entity with the id {entity_id}"))

    def _entity(self, entity_id: str, params: dict[str, list[str]]) -> Response:
        view = ViewFilter.from_params(params)
        iri, rows = self._lookup(entity_id)
        if not rows:
            return self._unknown(entity_id)
        return html_response(200, pages.entity_page(rows, self._edges(iri, view), view))

    def _entity_csv(self, entity_id: str, params: dict[str, list[str]]) -> Response:
        """The entity page's edges as CSV (the view exported, filter included: one row per edge
        and polarity)."""
        view = ViewFilter.from_params(params)
        iri = pages.ENTITY_NS + entity_id
        edges = self._edges(iri, view)
        if not edges and not self._lookup(entity_id)[1]:
            return self._unknown(entity_id)
        return Response(200, "text/csv; charset=utf-8", pages.edges_csv(entity_id, edges).encode("utf-8"),
                        _attachment(entity_id, "csv", edges))

    def _entity_graphml(self, entity_id: str, params: dict[str, list[str]]) -> Response:
        """The entity page's view (filter included) as GraphML, for Gephi or yEd."""
        from graphbuild.serve.ui.exports import edges_graphml

        view = ViewFilter.from_params(params)
        iri, entity = self._lookup(entity_id)
        if not entity:
            return self._unknown(entity_id)
        edges = self._edges(iri, view)
        body = edges_graphml(entity, edges, view.describe(), edges.truncated)
        return Response(200, "application/graphml+xml; charset=utf-8", body, _attachment(entity_id, "graphml", edges))

    def _edge(self, s: str, p: str, o: str, params: dict[str, list[str]]) -> Response:
        if not (s and p and o) or not p.isidentifier():
            return html_response(400, pages.error_page(400, "an edge is named by s (subject id), "
                                                            "p (predicate) and o (object id)"))
        view = ViewFilter.from_params(params)
        subject, predicate, obj = pages.ENTITY_NS + s, pages.GB + p, pages.ENTITY_NS + o
        rows = self.endpoint.select(queries.evidence(view.kinds()), {
            "s": ("iri", subject), "p": ("iri", predicate), "o": ("iri", obj), **view.bindings()})
        back = "/edge?" + urlencode({"s": s, "p": p, "o": o, **view.params()})
        return html_response(200, pages.evidence_page(rows, subject, predicate, obj, self.csrf_token, back, view))

    def _article(self, doc_id: str) -> Response:
        rows = self.endpoint.select(queries.ARTICLE, {"doc": ("iri", pages.DOC_NS + doc_id)})
        if not rows:
            return html_response(404, pages.error_page(404, f"no article with the id {doc_id}"))
        return html_response(200, pages.article_page(rows))

    def _drawing(self, entity_id: str, params: dict[str, list[str]]) -> Response:
        from graphbuild.viz.html import CSP, html_document
        from graphbuild.viz.select import AmbiguousEntity, EntityNotFound

        view = ViewFilter.from_params(params)
        graph = self._network(view)
        if entity_id not in graph:
            if view.active and entity_id in self._network(ViewFilter()):
                return html_response(200, pages.empty_drawing(entity_id, view))
            return html_response(404, pages.error_page(404, f"no entity with the id {entity_id} has an edge to draw"))
        name = str(graph.nodes[entity_id].get("name") or entity_id)
        try:
            text = html_document(graph, focus=entity_id, hops=1, title=f"{name}: its neighbourhood", max_nodes=150,
                                 note=view.describe())
        except (AmbiguousEntity, EntityNotFound) as exc:
            return html_response(404, pages.error_page(404, str(exc)))
        return html_response(200, text, csp=CSP)

    def _network(self, view: ViewFilter) -> Any:
        """The store as a networkx graph with the filter applied (the code of ``graphbuild viz``).

        The store is read once and read again when it changes on disk while it is served (its
        files' names, sizes and times are the change marker); the graphs of the last few
        filters are kept.
        """
        with self._graph_lock:
            marker = _store_marker(self.endpoint.store_path)
            if marker != self._marker:
                self._kg, self._marker = None, marker
                self._graphs.clear()
            if self._kg is None:
                from graphbuild.review.read import knowledge_graph
                from graphbuild.sinks.store import GraphStore

                with GraphStore(self.endpoint.store_path, read_only=True) as store:
                    self._kg = knowledge_graph(store)  # rejected assertions hidden
            key = tuple(sorted(view.params().items()))
            if key in self._graphs:
                self._graphs.move_to_end(key)
                return self._graphs[key]
            from graphbuild.model.networkx import kg_to_networkx

            graph = self._graphs[key] = kg_to_networkx(view.apply(self._kg))
            while len(self._graphs) > _DRAWINGS_KEPT:
                self._graphs.popitem(last=False)
            return graph


def _store_marker(path: str) -> tuple:
    """Changes when the store's files do (a write adds to its write-ahead log or adds a table
    file); the engine's info logs (``LOG*``), which a reader may write too, do not count."""
    try:
        with os.scandir(path) as entries:
            return tuple(sorted((e.name, s.st_size, s.st_mtime_ns) for e in entries
                                if e.is_file() and not e.name.startswith("LOG") for s in (e.stat(),)))
    except OSError:
        return ()


def _attachment(entity_id: str, suffix: str, rows: Rows) -> dict[str, str]:
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in entity_id)[:80] or "entity"
    headers = {"Content-Disposition": f'attachment; filename="{name}-edges.{suffix}"'}
    if rows.truncated:
        headers["X-Graphbuild-Truncated"] = "true"
    return headers


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name) or [""]
    return values[0]
