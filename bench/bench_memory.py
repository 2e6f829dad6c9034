"""Peak memory of ``extract`` over 1,000 and 10,000 articles: it must not grow with the corpus.

    python bench/bench_memory.py                       # 1,000 vs 10,000 articles of ~60 words
    python bench/bench_memory.py --sizes 500 5000 --words 100 --workers 2

Each size runs in a fresh subprocess (``extract`` -> JSON lines file) and reports its peak
resident set size (``ru_maxrss``; with ``--workers`` the largest worker too) and the RSS right
after the model is loaded. Articles are short because memory growth depends on the number of
articles, not their length. Target: the larger run peaks within 20 % of the smaller one.
Results: a table and ``bench/results/memory.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from machine import print_table, save_results  # noqa: E402

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from graphbuild.config import Config
    from graphbuild.model.serialize import write_jsonl
    from graphbuild.pipeline import ExtractReport, cached_pipeline
    from graphbuild.runners import extract

    folder, out, workers, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    config = Config(workers=workers, batch_size=batch, quiet=True)
    nlp = cached_pipeline(config) if workers == 1 else None
    after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = ExtractReport()
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as fh:
        lines = write_jsonl(extract([folder], config, nlp=nlp, report=report), fh)
    print(json.dumps({
        "seconds": time.perf_counter() - t0, "documents": report.documents, "words": report.words,
        "relations": lines, "after_load_kb": after_load,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }))
""")


def measure(folder: Path, out: Path, workers: int, batch_size: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(out), str(workers), str(batch_size)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--words", type=int, default=60, help="words per article (default: 60)")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    a = p.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gb-bench-memory-"))
    rows = []
    for n in a.sizes:
        folder = write_corpus(n, tmp / f"articles-{n}", words=a.words)
        print(f"{n:,} articles ...", file=sys.stderr)
        r = measure(folder, tmp / f"triples-{n}.jsonl", a.workers, a.batch_size)
        rows.append({"articles": n, "words": r["words"], "relations": r["relations"],
                     "seconds": round(r["seconds"], 1), "articles/s": round(r["documents"] / r["seconds"], 1),
                     "after load MB": round(r["after_load_kb"] / 1024, 1),
                     "peak MB": round(r["peak_kb"] / 1024, 1),
                     "worker peak MB": round(r["children_peak_kb"] / 1024, 1) if a.workers > 1 else ""})
    print_table(rows, list(rows[0]))
    key = "worker peak MB" if a.workers > 1 else "peak MB"
    growth = rows[-1][key] / rows[0][key] - 1
    print(f"\npeak memory growth from {rows[0]['articles']:,} to {rows[-1]['articles']:,} articles: "
          f"{100 * growth:+.1f}% (target: within 20%)")
    save_results("memory" if a.workers == 1 else f"memory-workers{a.workers}",
                 {"words_per_article": a.words, "workers": a.workers, "batch_size": a.batch_size,
                  "runs": rows, "growth": round(growth, 4)})


if __name__ == "__main__":
    main()
