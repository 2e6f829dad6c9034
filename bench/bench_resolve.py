"""Entity resolution on a real corpus: how many entities, merges and ambiguous names, how long.

    python bench/bench_resolve.py                         # the 325 documents of ../shared/corpus
    python bench/bench_resolve.py --workers 2 --limit 50  # a quick run

Builds an embedded store from ``press_releases.jsonl`` and ``crs_reports.jsonl`` (what
``graphbuild build`` does, with the resolver's counters kept) and reports:

* documents, entities by class, assertions, extraction + build time;
* merges: entities that joined a node of another article under another id (by gazetteer name,
  alias or canonical name); nodes that unite names from several articles (suffix variants and
  gazetteer names land on one id directly and are counted here);
* ambiguous: entities kept apart because several nodes matched one of their names, and the
  names several entities of one class carry in the end (``graphbuild entities --ambiguous``);
* the legal-form libraries on the corpus's company names: how many names cleanco and rigour
  reduce, and how many distinct keys each leaves.

It writes ``bench/results/resolve.json`` and ``bench/results/resolve_merges_sample.tsv``: 50
nodes drawn at random (``--seed``, 20) among those that unite different names from several
articles, each with its evidence — for up to four of its articles, the name the article used
and the sentence where it first appears — for checking by hand (the README gives the count of
wrong ones).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import RESULTS, print_table, save_results  # noqa: E402

from graphbuild.builder import corpus_resolver, write_resolved  # noqa: E402
from graphbuild.config import Config  # noqa: E402
from graphbuild.ingest import iter_documents  # noqa: E402
from graphbuild.model.ids import normalize_name  # noqa: E402
from graphbuild.model.records import DocumentGraph, Entity  # noqa: E402
from graphbuild.pipeline import ExtractReport  # noqa: E402
from graphbuild.pool import process_documents  # noqa: E402
from graphbuild.query.entities import EntityCatalog  # noqa: E402
from graphbuild.resolve.corpus import CorpusResolver  # noqa: E402
from graphbuild.sinks.store import GraphStore  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = ("press_releases.jsonl", "crs_reports.jsonl")


class RecordingResolver(CorpusResolver):
    """The build's resolver, noting which article's entity went to which node."""

    def __init__(self, base: CorpusResolver) -> None:
        super().__init__(base.index, base.gazetteer)
        self.doc = ""
        self.joined: dict[str, dict[str, str]] = {}  # node id -> article -> name it used

    def resolve(self, dg: DocumentGraph) -> DocumentGraph:
        self.doc = dg.document.id
        return super().resolve(dg)

    def _target(self, e: Entity) -> str:
        target = super()._target(e)
        self.joined.setdefault(target, {}).setdefault(self.doc, e.name)
        return target


def first_sentence(text: str, name: str) -> str:
    """The sentence (roughly: between full stops or line breaks) where ``name`` first appears."""
    i = text.find(name)
    if i < 0:
        return ""
    start = max(text.rfind(". ", 0, i), text.rfind("\n", 0, i)) + 1
    ends = [x for x in (text.find(". ", i + len(name)), text.find("\n", i + len(name))) if x >= 0]
    return " ".join(text[start:min(ends or [len(text)]) + 1].split())[:300]


def legal_form_libraries(names: list[str]) -> dict[str, object]:
    """cleanco and rigour on the same company names (normalised first, as the resolver does)."""
    from cleanco import basename
    from rigour.names import remove_org_types

    norms = [normalize_name(n) for n in names]
    out: dict[str, object] = {"company_names": len(norms), "distinct_normalised": len(set(norms))}
    for lib, fn in (("cleanco", lambda s: " ".join(basename(s).split())),
                    ("rigour", lambda s: " ".join(remove_org_types(s).split()))):
        started = time.perf_counter()
        keys = [fn(n) or n for n in norms]
        out[lib] = {"names_reduced": sum(k != n for k, n in zip(keys, norms, strict=True)),
                    "distinct_keys": len(set(keys)),
                    "us_per_name": round((time.perf_counter() - started) / max(len(norms), 1) * 1e6, 1)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents (0: all)")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20)
    args = ap.parse_args()

    config = Config(quiet=True, workers=args.workers)
    docs = list(iter_documents([args.corpus / f for f in FILES], config.max_bytes))
    if args.limit:
        docs = docs[: args.limit]
    report = ExtractReport()
    with tempfile.TemporaryDirectory() as tmp, GraphStore(Path(tmp) / "graph", batch_size=config.batch_size) as store:
        resolver = RecordingResolver(corpus_resolver(store, config))
        started = time.perf_counter()
        written = write_resolved(store, process_documents(iter(docs), None, config, report), resolver)
        seconds = time.perf_counter() - started
        resolve_started = time.perf_counter()
        cat = EntityCatalog(store)
        entities = cat.all()
        ambiguous = cat.ambiguous()
        catalog_seconds = time.perf_counter() - resolve_started

    by_type = Counter(e.type for e in entities)
    multi = [e for e in entities if e.articles >= 2 and e.aliases and e.type != "Group"]
    companies = [n for e in entities if e.type == "Company" for n in (e.name, *e.aliases)]
    rng = random.Random(args.seed)
    texts = {d.id: d.text for d in docs}
    sample = rng.sample(multi, min(args.sample, len(multi)))
    results = {
        "documents": report.documents, "words": report.words, "skipped": report.failed,
        "assertions": written.relations, "entities": len(entities), "entities_by_type": dict(by_type),
        "merges_into_another_id": resolver.stats.merged,
        "nodes_uniting_names_from_several_articles": len(multi),
        "ambiguous_kept_apart": resolver.stats.ambiguous,
        "ambiguous_names_in_store": len(ambiguous),
        "sample_seed": args.seed,
        "groups_per_article": by_type.get("Group", 0),
        "build_seconds": round(seconds, 1), "catalog_seconds": round(catalog_seconds, 2),
        "legal_forms": legal_form_libraries(companies),
        "ambiguous_examples": [{"name": a.key, "type": a.type, "entities": [e.name for e in a.entities]}
                               for a in ambiguous[:20]],
    }
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "resolve_merges_sample.tsv").open("w", encoding="utf-8") as fh:
        fh.write("id\ttype\tarticles\tname\taliases\tverdict\tevidence\n")
        for e in sorted(sample, key=lambda x: x.name):
            joined = list(resolver.joined.get(e.entity_id, {}).items())
            evidence = " || ".join(f"{doc}: {name!r}: {first_sentence(texts.get(doc, ''), name)}"
                                   for doc, name in joined[:4])
            fh.write(f"{e.entity_id}\t{e.type}\t{e.articles}\t{e.name}\t{' | '.join(e.aliases)}\t\t"
                     f"{evidence.replace(chr(9), ' ')}\n")
    path = save_results("resolve", results)
    print_table([{k: v for k, v in results.items() if not isinstance(v, dict | list)}],
                ["documents", "entities", "merges_into_another_id", "nodes_uniting_names_from_several_articles",
                 "ambiguous_kept_apart", "ambiguous_names_in_store", "build_seconds"])
    print(results["legal_forms"])
    print(f"results: {path}; sample of merges: {RESULTS / 'resolve_merges_sample.tsv'}")


if __name__ == "__main__":
    main()
