"""Extraction speed: graphbuild against plain ``nlp.pipe`` of the same model, in the same run.

    python bench/bench_extract.py                    # 300 articles of ~400 words
    python bench/bench_extract.py --articles 60 --no-dask

Measures, on one synthetic corpus (``bench/corpus.py``):

* ``plain nlp.pipe`` - the spaCy model alone (no graphbuild components), model loaded before
  the clock starts; ``plain n_process=2`` the same with spaCy's own two processes.
* ``graphbuild workers=1`` - ``extract()`` end to end: read files, NLP + gazetteer + mentions +
  relations, resolve, JSON lines written to a file. Ratio to plain: target >= 0.8.
* ``graphbuild workers=2`` - two worker processes (start-up and model load included).
  Speed-up over workers=1: target >= 1.5 on 2 cores.
* ``graphbuild dask local:2`` - a two-process Dask LocalCluster (cluster start-up and model load
  included). Overhead against workers=2: target <= 25 %.
* a per-component profile of the graphbuild pipeline (where the time goes).

Each measurement is the best of ``--repeat`` rounds, a round running every configuration in turn
(so a change in the machine's load hits them alike); the start-up of the parallel runs is
measured on four articles and reported apart. Other work on the machine makes the figures noisy,
so the load average is recorded with them. Results: a table and
``bench/results/extract.json``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from machine import print_table, save_results  # noqa: E402


def _texts(folder: Path) -> list[str]:
    from graphbuild.ingest import iter_documents
    from graphbuild.model.records import Document

    return [d.text for d in iter_documents([folder]) if isinstance(d, Document)]


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _run_extract(folder: Path, config, nlp, out: Path) -> None:
    from graphbuild.model.serialize import write_jsonl
    from graphbuild.runners import extract

    with out.open("w", encoding="utf-8") as fh:
        write_jsonl(extract([folder], config, nlp=nlp), fh)


def profile_components(nlp, texts: list[str], batch_size: int) -> list[dict]:
    """Seconds per pipeline component over the texts (each component over the whole batch
    stream), plus the graphbuild resolve step."""
    from graphbuild.model.records import Document
    from graphbuild.pipeline import doc_graph_from_spacy

    rows = []
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    rows.append({"component": "tokenizer", "seconds": time.perf_counter() - t0})
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
        rows.append({"component": name, "seconds": time.perf_counter() - t0})
    t0 = time.perf_counter()
    for i, (doc, text) in enumerate(zip(docs, texts, strict=True)):
        doc_graph_from_spacy(Document(id=f"p{i}", text=text), doc)
    rows.append({"component": "resolve (graphbuild)", "seconds": time.perf_counter() - t0})
    total = sum(r["seconds"] for r in rows)
    for r in rows:
        r["share"] = f"{100 * r['seconds'] / total:.1f}%"
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--words", type=int, default=400, help="words per article")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    a = p.parse_args()

    import spacy

    from graphbuild.config import Config
    from graphbuild.nlp.model import resolve_model_name
    from graphbuild.pipeline import cached_pipeline

    tmp = Path(tempfile.mkdtemp(prefix="gb-bench-extract-"))
    folder = write_corpus(a.articles, tmp / "articles", words=a.words)
    texts = _texts(folder)
    words = sum(len(t.split()) for t in texts)
    out = tmp / "triples.jsonl"
    config = Config(batch_size=a.batch_size, quiet=True)
    model = resolve_model_name(config.model)
    print(f"{len(texts)} articles, {words:,} words, model {model}, batch size {a.batch_size}", file=sys.stderr)

    plain = spacy.load(model, exclude=["textcat"])
    nlp = cached_pipeline(config)
    for warm in (plain, nlp):
        list(warm.pipe(texts[:8]))

    def plain_pipe(n_process: int = 1) -> None:
        for _ in plain.pipe(texts, batch_size=a.batch_size, n_process=n_process):
            pass

    cfg2 = config.model_copy(update={"workers": 2})
    cfgd = config.model_copy(update={"dask": "local:2"})
    runs = {
        "plain nlp.pipe": (lambda: plain_pipe(1), "model only, loaded before"),
        "graphbuild workers=1": (lambda: _run_extract(folder, config, nlp, out),
                                 "read + NLP + relations + resolve + JSONL"),
        "plain nlp.pipe n_process=2": (lambda: plain_pipe(2), "spaCy's processes"),
        "graphbuild workers=2": (lambda: _run_extract(folder, cfg2, None, out), "incl. process start + model load"),
    }
    if not a.no_dask:
        runs["graphbuild dask local:2"] = (lambda: _run_extract(folder, cfgd, None, out),
                                           "incl. cluster start + model load")
    # Repeats go round all runs in turn, so a change in the machine's load affects all of
    # them alike; the best time of each run is kept.
    best: dict[str, float] = {}
    for i in range(a.repeat):
        for name, (fn, _) in runs.items():
            print(f"round {i + 1}: {name}", file=sys.stderr)
            best[name] = min(best.get(name, float("inf")), _best(fn, 1))
    # Start-up of the parallel runs (processes or cluster, model load in each), measured on
    # four articles, to tell fixed cost from throughput.
    tiny = write_corpus(4, tmp / "tiny", words=a.words)
    startup = {"graphbuild workers=2": _best(lambda: _run_extract(tiny, cfg2, None, out), 1)}
    if not a.no_dask:
        startup["graphbuild dask local:2"] = _best(lambda: _run_extract(tiny, cfgd, None, out), 1)

    rows: list[dict] = []
    rate: dict[str, float] = {}
    for name, (_, note) in runs.items():
        seconds = best[name]
        rate[name] = words / seconds
        row = {"run": name, "seconds": round(seconds, 2), "words/s": round(rate[name]),
               "articles/s": round(len(texts) / seconds, 1), "start-up s": "", "note": note}
        if name in startup:
            row["start-up s"] = round(startup[name], 2)
            row["words/s after start-up"] = round(words / max(seconds - startup[name], 1e-9))
        rows.append(row)

    print_table(rows, ["run", "seconds", "words/s", "articles/s", "start-up s", "words/s after start-up", "note"])
    gb1, gb2 = rate["graphbuild workers=1"], rate["graphbuild workers=2"]
    ratios = {
        "graphbuild / plain nlp.pipe (target >= 0.8)": round(gb1 / rate["plain nlp.pipe"], 3),
        "workers=2 / workers=1 speed-up (target >= 1.5)": round(gb2 / gb1, 3),
        "plain n_process=2 / n_process=1 speed-up (reference)":
            round(rate["plain nlp.pipe n_process=2"] / rate["plain nlp.pipe"], 3),
    }
    if not a.no_dask:
        ratios["dask local:2 overhead vs workers=2 (target <= 0.25)"] = round(gb2 / rate["graphbuild dask local:2"] - 1, 3)
        after = {r["run"]: r.get("words/s after start-up") for r in rows}
        ratios["dask local:2 overhead vs workers=2, start-up excluded"] = round(
            after["graphbuild workers=2"] / after["graphbuild dask local:2"] - 1, 3)
    print()
    for k, v in ratios.items():
        print(f"{k}: {v}")

    profile = profile_components(nlp, texts, a.batch_size)
    print("\nwhere the time goes (one process):")
    print_table([{**r, "seconds": round(r["seconds"], 2)} for r in profile], ["component", "seconds", "share"])
    save_results("extract", {"corpus": {"articles": len(texts), "words": words, "batch_size": a.batch_size,
                                        "model": model},
                             "runs": rows, "ratios": ratios, "profile": profile})


if __name__ == "__main__":
    main()
