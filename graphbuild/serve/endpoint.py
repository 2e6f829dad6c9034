"""The SPARQL endpoint without HTTP: guard, worker pool, time and row budget.

>>> with GraphStore(None) as store:                           # doctest: +SKIP
...     endpoint = Endpoint(store, timeout=5)
...     endpoint.execute("ASK { ?s ?p ?o }").body
b'{"head": {}, "boolean": false}'
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graphbuild.errors import SinkError
from graphbuild.serve.guard import MAX_DEPTH, QueryRefused, check_query
from graphbuild.serve.results import Response, text_response
from graphbuild.serve.workers import Job, WorkerPool
from graphbuild.sinks.store import ONTOLOGY_GRAPH_IRI, PREFIXES, GraphStore

log = logging.getLogger("graphbuild.serve")

_HAS_ONTOLOGY = f"ASK {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?p ?q ?o }} }}"


def add_ontology(store: ox.Store) -> bool:
    """Load ``ontology/graphbuild.ttl`` into its own named graph unless it is there; True if added.

    Predicate groups (``gb:commercialRelation`` ...) and classes are ``rdfs:subPropertyOf`` /
    ``rdfs:subClassOf`` hierarchies of the ontology; with it in the dataset, queries such as
    ``?p rdfs:subPropertyOf gb:commercialRelation`` answer on the endpoint.
    """
    from graphbuild.vocab import ontology_path

    if bool(store.query(_HAS_ONTOLOGY)):
        return False
    store.load(path=str(ontology_path("graphbuild.ttl")), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(ONTOLOGY_GRAPH_IRI))
    store.flush()
    return True


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Endpoint:
    """Runs queries against a store with a time and row budget; HTTP-free, so it is testable.

    Queries are checked first (length, nesting, ``SERVICE`` endpoints against
    ``allowed_services``, updates), then evaluated in one of ``workers`` processes that is
    killed when ``timeout`` passes.
    """

    def __init__(self, store: GraphStore | str | Path | None, timeout: float = 30.0, max_rows: int = 10000,
                 workers: int | None = None, *, allowed_services: tuple[str, ...] | list[str] = (),
                 max_depth: int = MAX_DEPTH, max_requests_per_worker: int = 500,
                 ontology: bool = True) -> None:
        self.timeout, self.max_rows, self.max_depth = timeout, max_rows, max_depth
        self.allowed_services = frozenset(allowed_services)
        self._tmp: str | None = None
        path = self._store_path(store)
        self.ontology = ontology and self._ensure_ontology(store, path)
        self.store_path = path
        self.pool = WorkerPool(path, workers or default_workers(), PREFIXES, max_rows,
                               max_requests=max_requests_per_worker)

    def _store_path(self, store: GraphStore | str | Path | None) -> str:
        if isinstance(store, GraphStore) and store.path is not None:
            return str(store.path)
        if isinstance(store, str | Path):
            if not Path(store).is_dir():
                raise FileNotFoundError(f"no store at {store}; build one first (graphbuild build)")
            return str(store)
        # an in-memory store (or none): workers need a copy on disk to open
        self._tmp = tempfile.mkdtemp(prefix="graphbuild-serve-")
        copy = ox.Store(self._tmp)
        if isinstance(store, GraphStore):
            copy.extend(store.oxigraph)
        copy.flush()
        del copy
        return self._tmp

    def _ensure_ontology(self, store: GraphStore | str | Path | None, path: str) -> bool:
        """The ontology's named graph in the served store (written once; False if it cannot be)."""
        try:
            if isinstance(store, GraphStore) and store.path is not None and not store.read_only:
                add_ontology(store.oxigraph)  # open here already: a second writer would be refused
            else:
                writable = ox.Store(path)
                try:
                    add_ontology(writable)
                finally:
                    del writable
            return True
        except (OSError, SinkError, ValueError) as exc:
            log.warning("the ontology could not be added to the store (%s); predicate groups and "
                        "class hierarchies will not answer", exc)
            return False

    @property
    def is_copy(self) -> bool:
        """True when the served store is a temporary copy of one in memory."""
        return self._tmp is not None

    def close(self) -> None:
        self.pool.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def execute(self, query: str, accept: str = "", default_graphs: list[str] | None = None,
                named_graphs: list[str] | None = None) -> Response:
        try:
            shape = check_query(query, max_depth=self.max_depth, allowed_services=self.allowed_services,
                                check_services=True, prefixes=PREFIXES)
        except QueryRefused as exc:
            return text_response(exc.status, str(exc))
        if shape.is_update:
            return text_response(400, "this is a SPARQL update; the endpoint is read-only and answers "
                                      "queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)")
        job = Job(query, accept, tuple(default_graphs or ()), tuple(named_graphs or ()),
                  own_dataset=shape.has_dataset)
        # a request may wait its own time budget for a free worker, plus the few seconds a
        # worker killed at the time limit takes to be replaced
        return self.pool.run(job, timeout=self.timeout, wait=self.timeout + 5)

    def select(self, query: str, bindings: dict[str, tuple[str, str]] | None = None) -> Rows:
        """Rows of a SELECT (variable -> value) for the pages; ``bindings`` are bound as terms
        (``{"entity": ("iri", "https://...")}``, ``("literal", text)``, or a typed literal as
        ``(datatype IRI, lexical form)``), never spliced into the text.

        Runs in the worker pool like any query (time limit, row bound: ``rows.truncated`` is
        True when the answer was cut at ``max_rows``). Raises :class:`QueryFailed` with the
        endpoint's status and message when it is not answered.
        """
        job = Job(query, "application/sparql-results+json", (), (),
                  bindings=tuple((k, kind, v) for k, (kind, v) in (bindings or {}).items()))
        resp = self.pool.run(job, timeout=self.timeout, wait=self.timeout + 5)
        if resp.status != 200:
            raise QueryFailed(resp.status, resp.body.decode("utf-8", "replace").strip())
        data = json.loads(resp.body)
        return Rows(({k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]),
                    truncated=resp.headers.get("X-Graphbuild-Truncated") == "true")


class Rows(list[dict[str, str]]):
    """Rows of a page query; ``truncated``: the answer had more than the endpoint's ``max_rows``."""

    def __init__(self, rows: Iterable[dict[str, str]] = (), truncated: bool = False) -> None:
        super().__init__(rows)
        self.truncated = truncated


class QueryFailed(RuntimeError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
