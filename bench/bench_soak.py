"""Soak: ``graphbuild serve`` under mixed good and hostile requests for a while.

    python bench/bench_soak.py                          # 2 minutes, concurrency 20
    python bench/bench_soak.py --minutes 10 --concurrency 20

Builds a store from the hand-made test corpus repeated ``--copies`` times (no model needed),
starts ``graphbuild serve`` as its own process on 127.0.0.1 (``--timeout 2``) and runs
``--concurrency`` clients over keep-alive connections. Each client picks, in a fixed mix:
good SELECT/ASK/CONSTRUCT queries, syntax errors, nesting bombs, SERVICE calls (refused),
results truncated at ``--max-rows``, cartesian products that hit the time limit, ``Content-Length:
-1``, oversized bodies and half-sent requests (slow clients). Reported: requests, answers by
status, p50/p95/p99 latency of the good queries and of all answers, transport errors (a
connection the server dropped without an answer, other than the half-sent ones it is meant to
drop), and the peak RSS of the server with its workers (sampled every 0.5 s).
Results: a table and ``bench/results/soak.json``.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from machine import print_table, save_results  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

GOOD = [
    "SELECT ?c ?a WHERE { ?c <https://w3id.org/graphbuild/ontology#pitched> ?a }",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } WHERE "
    "{ ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } LIMIT 50",
]
BAD = {
    "syntax": "SELECT * WHERE { ?s ?p }",
    "nesting": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "truncated": "SELECT * WHERE { ?s ?p ?o . ?s ?q ?r }",
    "timeout": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
}
# kind -> weight out of 1000
MIX = {"good": 800, "syntax": 50, "nesting": 30, "service": 30, "truncated": 50, "timeout": 4,
       "negative_length": 15, "oversized": 11, "half_sent": 10}


def build_store(path: Path, copies: int) -> None:
    spec = importlib.util.spec_from_file_location("handmade", ROOT / "tests" / "fixtures" / "graph" / "handmade.py")
    hm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hm)
    from dataclasses import replace

    from graphbuild.builder import write_resolved
    from graphbuild.sinks.store import GraphStore

    with GraphStore(path) as store:
        graphs = []
        for i in range(copies):
            for dg in hm.corpus():
                doc = replace(dg.document, id=f"{dg.document.id}-{i}")
                graphs.append(replace(dg, document=doc, relations=tuple(
                    replace(r, evidence=replace(r.evidence, doc_id=doc.id)) for r in dg.relations)))
        write_resolved(store, graphs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
        return total
    except psutil.NoSuchProcess:
        return 0


class Client(threading.Thread):
    def __init__(self, port: int, until: float, seed: int, results: list) -> None:
        super().__init__(daemon=True)
        self.port, self.until, self.rng, self.results = port, until, random.Random(seed), results
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def _conn(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self.conn

    def _query(self, query: str) -> int:
        reused = self.conn is not None
        conn = self._conn()
        try:
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
            resp = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # the server closed the idle keep-alive connection (--read-timeout): reconnect once,
            # as HTTP client libraries do
            self._drop()
            self.reconnects += 1
            conn = self._conn()
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
            resp = conn.getresponse()
        resp.read()
        if resp.getheader("Connection", "").lower() == "close":
            self._drop()
        return resp.status

    def _raw(self, data: bytes, expect_answer: bool = True) -> int:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
            s.sendall(data)
            head = s.recv(64)
        if not head:
            return 0 if expect_answer else -1  # -1: dropped on purpose (a half-sent request)
        return int(head.split()[1])

    def _drop(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def run(self) -> None:
        kinds, weights = zip(*MIX.items(), strict=True)
        while time.monotonic() < self.until:
            kind = self.rng.choices(kinds, weights)[0]
            t0 = time.perf_counter()
            try:
                if kind == "good":
                    status = self._query(self.rng.choice(GOOD))
                elif kind in BAD:
                    status = self._query(BAD[kind])
                elif kind == "negative_length":
                    status = self._raw(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n"
                                       b"Content-Type: application/sparql-query\r\n\r\n" + b"x" * 4096)
                elif kind == "oversized":
                    status = self._raw(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n"
                                       b"Content-Type: application/sparql-query\r\n\r\nASK {}")
                else:
                    status = self._raw(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\nq",
                                       expect_answer=False)
            except (OSError, http.client.HTTPException) as exc:
                self._drop()
                status = f"error:{type(exc).__name__}"
            self.results.append((kind, status, time.perf_counter() - t0))


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=float, default=2.0, help="how long to run (default: 2)")
    p.add_argument("--concurrency", type=int, default=20, help="clients at once (default: 20)")
    p.add_argument("--copies", type=int, default=40, help="copies of the test corpus in the store (default: 40)")
    p.add_argument("--workers", type=int, default=2, help="query workers of the server (default: 2)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "graph"
        build_store(store, args.copies)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "graphbuild", "serve", "--store", str(store), "--port", str(port),
             "--timeout", "2", "--max-rows", "100", "--workers", str(args.workers), "--read-timeout", "5"],
            cwd=ROOT, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.2)
            time.sleep(2)  # workers up
            start_rss = tree_rss(server.pid)
            peak = [start_rss]
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.5):
                    peak.append(tree_rss(server.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            results: list = []
            until = time.monotonic() + args.minutes * 60
            t0 = time.monotonic()
            clients = [Client(port, until, args.seed + i, results) for i in range(args.concurrency)]
            for c in clients:
                c.start()
            for c in clients:
                c.join()
            elapsed = time.monotonic() - t0
            stop.set()
            sampler.join()
            alive = server.poll() is None
            end_rss = tree_rss(server.pid)
        finally:
            server.terminate()
            try:
                _, stderr = server.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                _, stderr = server.communicate()

    statuses = Counter(str(s) for _, s, _ in results)
    by_kind = Counter(k for k, _, _ in results)
    good = [d for k, s, d in results if k == "good" and s == 200]
    answered = [d for _, s, d in results if isinstance(s, int) and s > 0]
    good_failed = sum(1 for k, s, _ in results if k == "good" and s != 200)
    transport = sum(1 for _, s, _ in results if (isinstance(s, str)) or s == 0)
    row = {
        "minutes": round(elapsed / 60, 2), "concurrency": args.concurrency, "requests": len(results),
        "req_per_s": round(len(results) / elapsed, 1),
        "good_p50_ms": round(pct(good, 0.5), 1), "good_p95_ms": round(pct(good, 0.95), 1),
        "good_p99_ms": round(pct(good, 0.99), 1),
        "all_p50_ms": round(pct(answered, 0.5), 1), "all_p95_ms": round(pct(answered, 0.95), 1),
        "good_not_200": good_failed, "transport_errors": transport,
        "idle_reconnects": sum(c.reconnects for c in clients),
        "start_rss_mb": round(start_rss / 2**20, 1), "peak_rss_mb": round(max(peak) / 2**20, 1),
        "end_rss_mb": round(end_rss / 2**20, 1), "server_alive": alive,
        "stderr_lines": len([line for line in stderr.splitlines() if line.strip()]),
    }
    print_table([row], list(row))
    print("answers by status:", dict(sorted(statuses.items())))
    print("requests by kind:", dict(sorted(by_kind.items())))
    save_results("soak", {"result": row, "statuses": dict(statuses), "kinds": dict(by_kind),
                          "args": vars(args)})


if __name__ == "__main__":
    main()
