"""Queries run in worker processes that are killed at the time limit.

A thread cannot be stopped while the engine evaluates a query, and a parser crash takes its
whole process down; so each query goes to one of a few processes that hold the store open
read-only. At the time limit the worker is killed (its CPU is freed at once) and replaced in
the background; a crash costs only that worker. Workers are also replaced after
``max_requests`` queries, which bounds whatever memory a query might leave behind. Results are
rendered inside the worker, so only finished bytes cross the pipe.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphbuild.serve.results import (
    GRAPH_TYPES,
    RESULT_MEDIA,
    RESULT_TYPES,
    Response,
    negotiate,
    render_results,
    text_response,
)

log = logging.getLogger("graphbuild.serve")
_WORKER_CODE = "import sys; from graphbuild.serve.workers import _worker_main; _worker_main(int(sys.argv[1]))"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True, slots=True)
class Job:
    query: str
    accept: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    own_dataset: bool = False  # the query names its dataset (FROM / FROM NAMED): honour it
    # values bound to variables as terms, never spliced into the text: (variable, kind, value)
    # where kind is "iri", "literal" (a plain string) or the datatype IRI of a typed literal
    bindings: tuple[tuple[str, str, str], ...] = ()


def _term(kind: str, value: str) -> Any:
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "literal":
        return ox.Literal(value)
    return ox.Literal(value, datatype=ox.NamedNode(kind))


def _substitutions(bindings: tuple[tuple[str, str, str], ...]) -> dict[ox.Variable, Any]:
    return {ox.Variable(name): _term(kind, value) for name, kind, value in bindings}


def run_query(store: ox.Store, job: Job, prefixes: dict[str, str], max_rows: int) -> Response:
    """Evaluate ``job`` and render its answer (runs inside a worker)."""
    kwargs: dict[str, Any] = {"prefixes": prefixes}
    if job.bindings:
        try:
            kwargs["substitutions"] = _substitutions(job.bindings)
        except ValueError as exc:
            return text_response(400, f"a value cannot be bound as an RDF term: {exc}")
    # the protocol's default-graph-uri wins over FROM (SPARQL 1.1 Protocol 2.1.4); a query
    # naming its own dataset gets it; otherwise patterns outside GRAPH match every graph
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif not job.own_dataset:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    rows: list[Any] = []
    variables: list[str] = []
    truncated = boolean = False
    try:
        res = store.query(job.query, **kwargs)
        if isinstance(res, ox.QueryBoolean):
            kind, boolean = "ask", bool(res)
        else:
            kind = "select" if isinstance(res, ox.QuerySolutions) else "graph"
            if isinstance(res, ox.QuerySolutions):
                variables = [v.value for v in res.variables]
            for item in res:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(item)
            del res
    except SyntaxError as exc:
        return text_response(400, f"invalid SPARQL query: {exc}")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return text_response(500, f"the query failed while it was evaluated: {str(exc)[:300]}")
    headers = {"X-Graphbuild-Truncated": "true"} if truncated else {}
    if kind == "graph":
        media = negotiate(job.accept, GRAPH_TYPES, "text/turtle")
        fmt = GRAPH_TYPES[media]
        body = ox.serialize(rows, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
        return Response(200, f"{media}; charset=utf-8", body or b"", headers)
    fmt_name = RESULT_TYPES[negotiate(job.accept, RESULT_TYPES, "application/sparql-results+json")]
    body = render_results(fmt_name, variables, rows if kind == "select" else None,
                          boolean if kind == "ask" else None)
    return Response(200, f"{RESULT_MEDIA[fmt_name]}; charset=utf-8", body, headers)


def _worker_main(fd: int) -> None:
    """The worker loop: the first message is its setup, then one answer per job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it kills us
    conn = Connection(fd)
    store_path, prefixes, max_rows = conn.recv()
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send(("error", f"cannot open the store {store_path}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_query(store, job, prefixes, max_rows))


class _Worker:
    __slots__ = ("process", "conn", "served")

    def __init__(self, process: subprocess.Popen, conn: Connection) -> None:
        self.process, self.conn, self.served = process, conn, 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the store at ``store_path`` (opened read-only)."""

    def __init__(self, store_path: str, size: int, prefixes: dict[str, str], max_rows: int,
                 max_requests: int = 500) -> None:
        self.store_path, self.size, self.prefixes = store_path, size, prefixes
        self.max_rows, self.max_requests = max_rows, max_requests
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._pause_lock = threading.Lock()
        self.crashes = self.timeouts = self.replaced = 0
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        # a plain child process (not multiprocessing's spawn, which re-runs the caller's main
        # script) that imports the same graphbuild as this process
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)}
        try:
            process = subprocess.Popen([sys.executable, "-c", _WORKER_CODE, str(theirs.fileno())],
                                       pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env,
                                       close_fds=True)
        finally:
            theirs.close()
        parent = Connection(ours.detach())
        worker = _Worker(process, parent)
        parent.send((self.store_path, self.prefixes, self.max_rows))
        if not parent.poll(60):
            worker.kill()
            raise OSError("a query worker did not start within 60 s")
        status, message = parent.recv()
        if status != "ready":
            worker.kill()
            raise OSError(message)
        with self._lock:
            self._all.add(worker)
        return worker

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all]

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if self._closed:
            return

        def replace() -> None:
            try:
                new = self._start()
            except OSError as exc:
                log.error("a query worker could not be replaced: %s", exc)
                return
            self.replaced += 1
            if self._closed:
                new.kill()
            else:
                self._idle.put(new)

        threading.Thread(target=replace, name="graphbuild-worker-start", daemon=True).start()

    def run(self, job: Job, timeout: float, wait: float) -> Response:
        """The worker's answer, 503 when no worker frees up within ``wait`` seconds or the
        query runs past ``timeout``, 500 when the worker dies."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            return text_response(503, "the endpoint is busy; try again later")
        keep = False
        try:
            started = time.monotonic()
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                resp = worker.conn.recv()
                worker.served += 1
                keep = worker.served < self.max_requests
                return resp
            self.timeouts += 1
            log.error("query stopped at the time limit of %gs (%.1fs; worker %s killed)",
                      timeout, time.monotonic() - started, worker.pid)
            return text_response(503, f"query exceeded the time limit of {timeout:g}s; "
                                      "narrow it or add a LIMIT")
        except (EOFError, OSError):
            self.crashes += 1
            try:
                code = worker.process.wait(1)
            except subprocess.TimeoutExpired:
                code = None
            log.error("a query worker (pid %s) died while evaluating a query (exit code %s); replaced",
                      worker.pid, code)
            return text_response(500, "the query engine failed on this query; it was not answered")
        finally:
            if keep and not self._closed:
                self._idle.put(worker)
            else:
                self._retire(worker)

    @contextlib.contextmanager
    def paused(self, wait: float):
        """No worker holds the store while the block runs (a write from this process is safe:
        a read-only handle open during a write is undefined behaviour); fresh workers after it.

        Raises :class:`TimeoutError` when the workers do not all come back within ``wait``.
        """
        with self._pause_lock:
            held: list[_Worker] = []
            deadline = time.monotonic() + wait
            try:
                while len(held) < self.size:
                    held.append(self._idle.get(timeout=max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                for w in held:
                    self._idle.put(w)
                raise TimeoutError("the query workers stayed busy; try again") from None
            for w in held:
                with self._lock:
                    self._all.discard(w)
                w.kill()
            try:
                yield
            finally:
                for _ in range(self.size):
                    self._idle.put(self._start())

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
