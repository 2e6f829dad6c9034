"""The SPARQL endpoint without HTTP: guard, worker pool, time and row budget.

>>> with GraphStore(None) as store:                           # doctest: +SKIP
...     endpoint = Endpoint(store, timeout=5)
...     endpoint.execute("ASK { ?s ?p ?o }").body
b'{"head": {}, "boolean": false}'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from graphbuild.serve.guard import MAX_DEPTH, QueryRefused, check_query
from graphbuild.serve.results import Response, text_response
from graphbuild.serve.workers import Job, WorkerPool
from graphbuild.sinks.store import PREFIXES, GraphStore


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
                 max_depth: int = MAX_DEPTH, max_requests_per_worker: int = 500) -> None:
        self.timeout, self.max_rows, self.max_depth = timeout, max_rows, max_depth
        self.allowed_services = frozenset(allowed_services)
        self._tmp: str | None = None
        path = self._store_path(store)
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
        job = Job(query, accept, tuple(default_graphs or ()), tuple(named_graphs or ()))
        # a request may wait its own time budget for a free worker, plus the few seconds a
        # worker killed at the time limit takes to be replaced
        return self.pool.run(job, timeout=self.timeout, wait=self.timeout + 5)
