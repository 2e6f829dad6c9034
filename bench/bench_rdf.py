"""RDF write rate and SPARQL latency: graphbuild's embedded Oxigraph store against rdflib's
in-memory graph, on the same generated graph, in the same run.

    python bench/bench_rdf.py                     # about 1,000,000 triples
    python bench/bench_rdf.py --triples 100000    # a quick run

The graph is generated (no NLP): documents with relations between entities drawn from a pool,
with aliases, negations and symmetric predicates, so the RDF has the shape a real build writes
(entities, plain triples, one assertion node per relation, one named graph per document).

Write rates (triples/s, triples = quads written):

* ``GraphStore.write``: model records -> on-disk store, with cross-article resolution and one
  transaction per batch of documents (what ``graphbuild build`` does after extraction);
* ``write_nquads``: model records -> an N-Quads file, streaming;
* ``Oxigraph bulk_load``: that N-Quads file -> a fresh on-disk store;
* ``rdflib Graph.add``: the same quads -> ``rdflib.Dataset`` in memory;
* ``rdflib parse``: the N-Quads file -> ``rdflib.Dataset`` in memory.

Query latency (median of ``--repeat`` runs, milliseconds): the same SPARQL text on the built
store and on the rdflib Dataset (union default graph on both), plus the investigator queries.
Results: a table and ``bench/results/rdf.json``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import print_table, save_results  # noqa: E402

from graphbuild.builder import write_resolved  # noqa: E402
from graphbuild.model import (  # noqa: E402
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Relation,
    entity_id,
)

QUADS_PER_RELATION = 14.5  # assertion node + plain triple(s) + share of document and entities
RELATIONS_PER_DOC = 10

QUERIES = {
    "count assertions": """
        PREFIX gb: <https://w3id.org/graphbuild/ontology#>
        SELECT (COUNT(?a) AS ?n) WHERE { ?a a gb:Assertion }""",
    "pitched by company (top 10)": """
        PREFIX gb: <https://w3id.org/graphbuild/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name (COUNT(?o) AS ?n) WHERE { ?s gb:pitched ?o . ?s skos:prefLabel ?name }
        GROUP BY ?name ORDER BY DESC(?n) LIMIT 10""",
    "evidence of one entity": """
        PREFIX gb: <https://w3id.org/graphbuild/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?sentence WHERE { ?e skos:prefLabel "Agency 7" . ?a rdf:subject ?e ; gb:evidence ?sentence }""",
    "negated statements": """
        PREFIX gb: <https://w3id.org/graphbuild/ontology#>
        SELECT ?a WHERE { ?a gb:negated true } LIMIT 100""",
}


def generate(n_docs: int, n_entities: int, seed: int = 7) -> Iterator[DocumentGraph]:
    """Deterministic synthetic documents."""
    rng = random.Random(seed)
    types = [EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION, EntityType.PERSON]
    pool: list[Entity] = []
    for i in range(n_entities):
        t = types[i % len(types)]
        label = {EntityType.GOVERNMENT_BODY: "Agency"}.get(t, t.value)
        name = f"{label} {i}"
        pool.append(Entity(entity_id(name, t), name, t, (f"{label[:2].upper()}{i}",)))
    preds = list(Predicate)
    for d in range(n_docs):
        doc_id = f"doc-{d:07d}"
        sentences, rels, used = [], [], {}
        pos = 0
        for _ in range(RELATIONS_PER_DOC):
            s, o = rng.sample(pool, 2)
            p = rng.choice(preds)
            sentence = f"{s.name} {p.value} {o.name} according to report {rng.randrange(10**6)}."
            sentences.append(sentence)
            ev = Evidence(doc_id, sentence, pos, pos + len(sentence), "bench", round(rng.random(), 3))
            rels.append(Relation(s.id, p, o.id, ev, rng.random() < 0.1, p.value))
            pos += len(sentence) + 1
            used[s.id], used[o.id] = s, o
        doc = Document(doc_id, " ".join(sentences), title=f"Article {d}", source="Bench Wire",
                       url=f"https://bench.example.org/{d}", published="2026-01-01")
        yield DocumentGraph(doc, tuple(used.values()), tuple(rels))


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000, help="approximate size of the graph")
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (median reported)")
    args = ap.parse_args()

    import pyoxigraph as ox
    import rdflib

    from graphbuild.query.store import StoreQueries
    from graphbuild.resolve.corpus import resolve_corpus
    from graphbuild.sinks.rdf import document_graph_quads, to_rdflib_term, write_nquads
    from graphbuild.sinks.store import GraphStore

    n_docs = max(1, int(args.triples / (QUADS_PER_RELATION * RELATIONS_PER_DOC)))
    n_entities = max(10, n_docs // 2)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-rdf-") as tmp:
        tmpdir = Path(tmp)

        t = time.perf_counter()
        with GraphStore(tmpdir / "store", batch_size=256) as store:
            report = write_resolved(store, generate(n_docs, n_entities))
            seconds = time.perf_counter() - t
            n_quads = len(store)
        rows.append({"what": "GraphStore.write (model -> on-disk Oxigraph)", "triples": n_quads,
                     "seconds": seconds, "triples/s": rate(report.triples, seconds)})
        print(f"generated {n_docs:,} documents, {n_entities:,} entities, {n_quads:,} quads", file=sys.stderr)

        nq = tmpdir / "graph.nq"
        t = time.perf_counter()
        with nq.open("wb") as fh:
            rep = write_nquads(resolve_corpus(generate(n_docs, n_entities)), fh)
        seconds = time.perf_counter() - t
        rows.append({"what": "write_nquads (model -> N-Quads file, streaming)", "triples": rep.triples,
                     "seconds": seconds, "triples/s": rate(rep.triples, seconds)})

        t = time.perf_counter()
        bulk = ox.Store(str(tmpdir / "bulk"))
        bulk.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        seconds = time.perf_counter() - t
        rows.append({"what": "Oxigraph bulk_load (N-Quads file -> on-disk)", "triples": len(bulk),
                     "seconds": seconds, "triples/s": rate(len(bulk), seconds)})
        del bulk

        t = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        for dg in generate(n_docs, n_entities):
            for q in document_graph_quads(dg):
                g = to_rdflib_term(q.graph_name)
                ds.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object),
                        g if g is not None else ds.default_graph.identifier))
        seconds = time.perf_counter() - t
        rows.append({"what": "rdflib Dataset.add (model -> in-memory)", "triples": len(ds),
                     "seconds": seconds, "triples/s": rate(len(ds), seconds)})
        del ds

        t = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        ds.parse(nq, format="nquads")
        seconds = time.perf_counter() - t
        rows.append({"what": "rdflib parse (N-Quads file -> in-memory)", "triples": len(ds),
                     "seconds": seconds, "triples/s": rate(len(ds), seconds)})
        print_table(rows, ["what", "triples", "seconds", "triples/s"])

        qrows: list[dict] = []
        with GraphStore(tmpdir / "store", read_only=True) as store:
            for name, sparql in QUERIES.items():
                ours = timed(lambda s=sparql: store.query(s), args.repeat)
                theirs = timed(lambda s=sparql: list(ds.query(s)), max(1, min(args.repeat, 3)))
                qrows.append({"query": name, "oxigraph ms": ours, "rdflib ms": theirs,
                              "speed-up": theirs / ours if ours else float("inf")})
            q = StoreQueries(store)
            for name, fn in (("neighbors('Agency 7')", lambda: q.neighbors("Agency 7")),
                             ("evidence('Agency 7', 'Company 8')", lambda: q.evidence("Agency 7", "Company 8")),
                             ("paths('Agency 7', 'Company 8', 3)", lambda: q.paths("Agency 7", "Company 8", 3))):
                qrows.append({"query": name, "oxigraph ms": timed(fn, args.repeat), "rdflib ms": "",
                              "speed-up": ""})
        print()
        print_table(qrows, ["query", "oxigraph ms", "rdflib ms", "speed-up"])
    save_results("rdf", {"documents": n_docs, "entities": n_entities, "write": rows, "queries": qrows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
