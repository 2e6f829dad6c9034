"""Latency of the browse pages of ``graphbuild serve`` on a built store.

    python bench/bench_browse.py --store graph/ [--requests 30] [--workers 2]

Serves the store in this process (``make_server``, as ``graphbuild serve`` does) and times,
one request at a time over HTTP: the front page, a search by a short prefix, the entity pages
of the best connected (also filtered, and its CSV and GraphML exports) and of a median entity,
the evidence of their first edge, and the neighbourhood drawing (also filtered) (the first drawing request reads the whole store into a graph; it is
reported apart). Results: a table and ``bench/results/browse.json``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import print_table, save_results  # noqa: E402


def timed(url: str) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read().decode("utf-8")
        return (time.perf_counter() - t0) * 1000, r.status, body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--requests", type=int, default=30, help="requests per page (default: 30)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search", default="ic", help="the search text (default: ic)")
    args = parser.parse_args(argv)

    from graphbuild.serve import make_server
    from graphbuild.sinks.store import GraphStore

    with GraphStore(args.store, read_only=True) as store:
        quads = len(store)
    server = make_server(args.store, port=0, workers=args.workers, timeout=30)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        _, _, front = timed(base + "/")
        entities = re.findall(r'class="entity" href="([^"]+)"', front)
        top, median = entities[0], entities[len(entities) // 2]
        _, _, page = timed(base + top)
        edge = re.search(r'class="evidence" href="([^"]+)"', page).group(1).replace("&amp;", "&")
        first_drawing, _, _ = timed(base + "/drawing/" + top[len("/entity/"):])
        pages = {"front page (top 20)": "/", f"search '{args.search}'": f"/?q={args.search}",
                 "entity, best connected": top, "entity, median of the top 20": median,
                 "entity, best connected, filtered": top + "?predicates=commercial&since=2000",
                 "its CSV export": top + ".csv", "its GraphML export": top + ".graphml",
                 "evidence of an edge": edge, "drawing (graph read)": "/drawing/" + top[len("/entity/"):],
                 "drawing, filtered": "/drawing/" + top[len("/entity/"):] + "?predicates=commercial&since=2000"}
        rows = []
        for label, path in pages.items():
            times, size = [], 0
            for _ in range(args.requests):
                ms, status, body = timed(base + path)
                assert status == 200, (path, status)
                times.append(ms)
                size = len(body)
            times.sort()
            rows.append({"page": label, "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "bytes": size})
    finally:
        server.shutdown()
        server.server_close()
        server.endpoint.close()
    print(f"store {args.store}: {quads:,} quads; first drawing request (reads the store) {first_drawing:,.0f} ms")
    print_table(rows, ["page", "p50_ms", "p95_ms", "bytes"])
    save_results("browse", {"store": str(args.store), "quads": quads, "first_drawing_ms": round(first_drawing, 1),
                            "requests": args.requests, "workers": args.workers, "pages": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
