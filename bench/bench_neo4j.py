"""Neo4j load rate: the batched ``UNWIND ... MERGE`` loader against one MERGE statement per
relationship, in the same run, on the same server.

    python bench/bench_neo4j.py                          # 100,000 relations, own server
    python bench/bench_neo4j.py --relations 20000 --loop-sample 1000
    python bench/bench_neo4j.py --use-env                # NEO4J_URI's server: its database is WIPED

Measures, on one generated graph (companies, agencies, people, products; every relation with
its own sentence; some edges stated by several articles, some negated):

* ``batched`` - :class:`graphbuild.sinks.neo4j.Neo4jSink` into an empty database (schema
  created first, outside the clock): documents, entities, mentions and edges.
* ``batched again`` - the same graph a second time (idempotent: nothing is created, no edge is
  written; counts and the number of evidence sentences unchanged).
* ``incremental`` - into a database holding the graph without its last tenth of articles, those
  articles (new edges and new evidence on existing edges); the end state must equal the first
  load's counts.
* ``loop`` - the naive way: one auto-commit statement per relation that merges the same records
  (both entities, the document and its two ``MENTIONS``, the edge, the sentence's Evidence node
  and the edge's summary), on the first ``--loop-sample`` relations (timed on a sample and
  reported as a rate; the full run would take too long). Targets: batched >= 10,000 relations/s on 100,000
  relations and >= 50x the loop's rate; the second load leaves the counts unchanged.
* ``--batch-sizes 1000,5000,10000,20000`` - the first load again with each batch size.
* ``--append-growth 1,100,1000,10000`` - the time to append one article's evidence to an edge
  that already holds that many pieces (each sentence is an Evidence node: the append creates one
  node and updates the edge's summary; this shows whether that grows with the edge).

The first load runs ``--repeat`` times (the best is reported, every run is kept) and prints
where its time went (rows built in the client, then each kind of statement, server time
included). Every row records the 1-minute load average when it finished: on a shared machine
the server's share of the CPU sets the rate. Rates are relation records (pieces of evidence)
per second; the server starts with the full JIT (not the tests' fast-start mode). Results: a
table and ``bench/results/neo4j.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from machine import print_table, save_results  # noqa: E402

from graphbuild.model import (  # noqa: E402
    Document,
    Entity,
    EntityType,
    Evidence,
    KnowledgeGraph,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.sinks.neo4j import DEFAULT_BATCH_SIZE  # noqa: E402

# The same records the batched loader writes (entities, the document and its MENTIONS, the edge
# with its summary, one Evidence node per sentence), one auto-commit statement per relation. The
# relationship type comes from the ontology (rel_type), every value is a parameter.
LOOP_QUERY = """
MERGE (s:Entity {id: $subject}) ON CREATE SET s.name = $subject_name, s.type = $subject_type
MERGE (o:Entity {id: $object}) ON CREATE SET o.name = $object_name, o.type = $object_type
MERGE (d:Document {id: $doc})
MERGE (d)-[:MENTIONS]->(s)
MERGE (d)-[:MENTIONS]->(o)
MERGE (s)-[r:`%s` {negated: $negated}]->(o)
ON CREATE SET r.key = $key
MERGE (e:Evidence {key: $evidence_key})
ON CREATE SET e.edge = $key, e.doc = $doc, e.text = $sentence, e.start = $start, e.end = $end,
    e.confidence = $confidence, e._new = true
WITH r, e, e._new IS NOT NULL AS created
REMOVE e._new
WITH r, created, coalesce(r.sources, []) AS sources WHERE created
SET r.sources = CASE WHEN $doc IN sources THEN sources ELSE sources + $doc END,
    r.count = CASE WHEN $doc IN sources THEN size(sources) ELSE size(sources) + 1 END,
    r.sentences = coalesce(r.sentences, 0) + 1,
    r.confidence = CASE WHEN r.confidence >= $confidence THEN r.confidence ELSE $confidence END
"""

TYPES = [EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION, EntityType.PERSON,
         EntityType.PRODUCT]


def generate(n_relations: int, seed: int = 7) -> KnowledgeGraph:
    """A graph of ``n_relations`` relation records over ~n/5 entities and ~n/20 documents."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    n_entities = max(20, n_relations // 5)
    entities = []
    for i in range(n_entities):
        t = TYPES[i % len(TYPES)]
        name = f"{t.value} {i:06d}"
        e = Entity(entity_id(name, t), name, t, (f"{t.value[:3].upper()}{i}",))
        kg.add_entity(e)
        entities.append(e)
    n_docs = max(1, n_relations // 20)
    for d in range(n_docs):
        doc = Document(f"article-{d:06d}", "", title=f"Article {d}", source="Bench Wire",
                       url=f"https://news.example/{d}", published="2026-01-01")
        kg.documents[doc.id] = doc
    predicates = list(Predicate)
    made = 0
    while made < n_relations:
        s, o = rng.sample(entities, 2)
        p = rng.choice(predicates)
        negated = rng.random() < 0.05
        # About a fifth of the edges are stated again by other articles.
        for _ in range(1 + (rng.random() < 0.2) * rng.randint(1, 3)):
            if made >= n_relations:
                break
            doc = f"article-{rng.randrange(n_docs):06d}"
            start = rng.randrange(0, 5000)
            sentence = f"{s.name} {p.value} {o.name}, sentence {made} in {doc}."
            ev = Evidence(doc, sentence, start, start + len(sentence), "bench.v1", round(rng.random(), 3))
            kg.add_relation(Relation(s.id, p, o.id, ev, negated, p.value, ""))
            made += 1
    return kg


def wipe(driver) -> None:
    while True:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS deleted")
        if records[0]["deleted"] == 0:
            return


def db_counts(driver) -> tuple[int, int, int]:
    """Nodes, relationships, and evidence sentences on the edges."""
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    record = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c, "
                                  "sum(coalesce(r.sentences, 0)) AS s").records[0]
    return nodes, record["c"], record["s"]


def split_by_documents(kg: KnowledgeGraph, fraction: float) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The graph without its last ``fraction`` of documents, and those documents' graph."""
    docs = sorted(kg.documents)
    late = set(docs[int(len(docs) * (1 - fraction)):])
    parts = (KnowledgeGraph(), KnowledgeGraph())
    for entity in kg.entities.values():
        parts[0].add_entity(entity)  # every entity is in the first part, related or not
    for doc_id, doc in kg.documents.items():
        parts[doc_id in late].documents[doc_id] = doc
    for rel in kg.iter_relations():
        part = parts[rel.evidence.doc_id in late]
        for end in (rel.subject, rel.object):
            part.add_entity(kg.entities[end])
        part.add_relation(rel)
    return parts


def run_loop(driver, kg: KnowledgeGraph, sample: int) -> tuple[int, float]:
    from graphbuild.sinks.neo4j import edge_key, evidence_key
    from graphbuild.sinks.neo4j_queries import rel_type

    rels = list(kg.iter_relations())[:sample]
    ents = kg.entities
    started = time.perf_counter()
    with driver.session() as session:
        for r in rels:
            s, o = ents[r.subject], ents[r.object]
            query = LOOP_QUERY % rel_type(r.predicate).strip("`")
            ev = r.evidence
            session.run(query, subject=s.id, subject_name=s.name, subject_type=s.type.value,
                        object=o.id, object_name=o.name, object_type=o.type.value,
                        negated=r.negated, key=edge_key(r.subject, r.predicate.value, r.object, r.negated),
                        evidence_key=evidence_key(r), sentence=ev.sentence, doc=ev.doc_id,
                        start=ev.start, end=ev.end, confidence=ev.confidence).consume()
    return len(rels), time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--relations", type=int, default=100_000, help="relation records (default: 100000)")
    ap.add_argument("--loop-sample", type=int, default=2_000, help="relations for the loop (default: 2000)")
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                    help=f"rows per transaction (default: {DEFAULT_BATCH_SIZE}, the loader's)")
    ap.add_argument("--batch-sizes", default="",
                    help="also time the first load with each of these batch sizes, e.g. 1000,5000,10000,20000")
    ap.add_argument("--repeat", type=int, default=1, help="first loads into an empty database (default: 1)")
    ap.add_argument("--append-growth", default="",
                    help="time one append to an edge holding each of these numbers of sentences, e.g. 1,100,1000")
    ap.add_argument("--heap", default="2g", help="JVM heap of the bench server (default: 2g)")
    ap.add_argument("--use-env", action="store_true",
                    help="use NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD instead of starting a server; "
                         "WIPES that database")
    args = ap.parse_args(argv)

    import neo4j

    from graphbuild.sinks.neo4j import Neo4jSink

    server = None
    if args.use_env:
        uri = os.environ["NEO4J_URI"]
        auth = (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
    else:
        from neo4j_server import start_neo4j

        password = secrets.token_urlsafe(18)
        server = start_neo4j(password, heap=args.heap, fast_start=False)
        print(f"server: Neo4j at {server.uri}, started in {server.startup_seconds:.1f}s", file=sys.stderr)
        uri, auth = server.uri, (server.user, password)

    t = time.perf_counter()
    kg = generate(args.relations)
    n_edges = len(kg.edges())
    print(f"graph: {len(kg.relations):,} relations on {n_edges:,} edges, {len(kg.entities):,} "
          f"entities, {len(kg.documents):,} documents (generated in {time.perf_counter() - t:.1f}s)",
          file=sys.stderr)
    rows = []
    sweep = []
    try:
        with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
            wipe(driver)
            with Neo4jSink(driver, batch_size=args.batch_size) as sink:
                sink.ensure_schema()
                # Warm-up on a small graph, in two steps and again, so that the server has
                # planned every query text (new edges, appended evidence, reads) once; 10,000
                # relations, so that every predicate has edges stated again in the second step.
                small = generate(10_000, seed=1)
                for part in (*split_by_documents(small, 0.5), small):
                    sink.write(part)
                firsts = []
                for _ in range(max(1, args.repeat)):
                    wipe(driver)
                    report = sink.write(kg)
                    firsts.append(row(f"batched (batch {args.batch_size})", len(kg.relations), report.seconds,
                                      db_counts(driver)))
                    firsts[-1]["phases"] = {k: round(v, 3) for k, v in sorted(sink.timings.items())}
                best = max(firsts, key=lambda r: r["relations/s"])
                rows.append(best)
                print_phases(best["phases"], best["seconds"])
                again = sink.write(kg)
                rows.append(row("batched again (idempotent)", len(kg.relations), again.seconds,
                                db_counts(driver)))
                rows[-1]["phases"] = {k: round(v, 3) for k, v in sorted(sink.timings.items())}
                unchanged_edges = sink.counters["edges_unchanged"]
                wipe(driver)
                base, late = split_by_documents(kg, 0.1)
                sink.write(base)
                step = sink.write(late)
                rows.append(row("incremental (last 10 % of articles)", len(late.relations), step.seconds,
                                db_counts(driver)))
                rows[-1]["phases"] = {k: round(v, 3) for k, v in sorted(sink.timings.items())}
            wipe(driver)
            run_loop(driver, generate(200, seed=2), 200)  # warm-up: plans for the loop's texts
            wipe(driver)
            n, seconds = run_loop(driver, kg, args.loop_sample)
            rows.append(row("loop: one statement per relation", n, seconds, db_counts(driver)))
            wipe(driver)
            for size in [int(x) for x in args.batch_sizes.split(",") if x.strip()]:
                with Neo4jSink(driver, batch_size=size) as sized:
                    sized.write(small)  # plans for this size's row counts
                    wipe(driver)
                    report = sized.write(kg)
                sweep.append(row(f"first load, batch {size}", len(kg.relations), report.seconds,
                                 db_counts(driver)))
                wipe(driver)
            growth = [append_time(driver, int(n)) for n in args.append_growth.split(",") if n.strip()]
    finally:
        if server is not None:
            server.stop()

    columns = ["loader", "relations", "seconds", "relations/s", "nodes", "relationships", "sentences",
               "loadavg"]
    print_table(rows, columns)
    if len(firsts) > 1:
        print("\nfirst loads: " + ", ".join(f"{r['relations/s']:,.0f}/s (load {r['loadavg']})" for r in firsts))
    if sweep:
        print()
        print_table(sweep, columns)
    if growth:
        print("\nappend one sentence to an edge holding n: " + ", ".join(
            f"n={g['held']:,}: {g['ms']:.1f} ms (read of its keys {g['read_ms']:.1f} ms)" for g in growth))
    ratio = rows[0]["relations/s"] / rows[3]["relations/s"]
    counted = columns[4:7]
    unchanged = all(rows[0][c] == rows[1][c] for c in counted) and unchanged_edges == n_edges
    incremental_equal = all(rows[0][c] == rows[2][c] for c in counted)
    print(f"\nbatched: {rows[0]['relations/s']:,.0f} relations/s (target >= 10,000); second load "
          f"{'leaves the counts unchanged and writes no edge' if unchanged else 'CHANGED the database'}; "
          f"incremental load {'ends equal to one load' if incremental_equal else 'ends DIFFERENT from one load'}")
    print(f"batched / loop: {ratio:,.1f}x (target >= 50x); "
          f"loop extrapolated to {len(kg.relations):,} relations: "
          f"{len(kg.relations) / rows[3]['relations/s']:,.0f}s")
    save_results("neo4j", {"relations": len(kg.relations), "edges": n_edges, "batch_size": args.batch_size,
                           "rows": rows, "first_loads": firsts, "batch_sizes": sweep, "append_growth": growth,
                           "ratio_batched_over_loop": round(ratio, 1),
                           "second_load_unchanged": unchanged, "incremental_equals_one_load": incremental_equal,
                           "driver_rust_extension": rust_extension(),
                           "server": "own (tests/neo4j_launcher)" if server else "NEO4J_URI"})
    return 0 if unchanged and incremental_equal else 1


def row(loader: str, relations: int, seconds: float, counts: tuple[int, int, int]) -> dict:
    return {"loader": loader, "relations": relations, "seconds": seconds, "relations/s": relations / seconds,
            "nodes": counts[0], "relationships": counts[1], "sentences": counts[2],
            "loadavg": round(os.getloadavg()[0], 2)}


def append_time(driver, held: int, repeat: int = 7) -> dict:
    """Median time of the statements that append one new article's sentence to an edge that
    already holds ``held`` sentences, and of the read of its keys before (one transaction per
    append, the loader's own path)."""
    from graphbuild.sinks.neo4j import Neo4jSink

    company = Entity(entity_id("Growth Vendor", EntityType.COMPANY), "Growth Vendor", EntityType.COMPANY)
    agency = Entity(entity_id("Growth Agency", EntityType.GOVERNMENT_BODY), "Growth Agency",
                    EntityType.GOVERNMENT_BODY)

    def graph(docs: range) -> KnowledgeGraph:
        kg = KnowledgeGraph()
        kg.add_entity(company)
        kg.add_entity(agency)
        for d in docs:
            doc = Document(f"growth-{d:06d}", "", title=f"Growth {d}", published="2026-01-01")
            kg.documents[doc.id] = doc
            sentence = f"Growth Vendor supplied Growth Agency, sentence {d}."
            kg.add_relation(Relation(company.id, Predicate.SUPPLIED, agency.id,
                                     Evidence(doc.id, sentence, 0, len(sentence), "bench.v1", 0.5)))
        return kg

    wipe(driver)
    times = []
    with Neo4jSink(driver, batch_size=10_000) as sink:
        sink.write(graph(range(held)))
        for k in range(repeat):
            sink.write(graph(range(held + k, held + k + 1)))
            # the new sentence's edge exists: the create statement finds it, the append adds to it
            times.append((sink.timings["edges: create"] + sink.timings["edges: append"],
                          sink.timings["edges: read"]))
    wipe(driver)

    def median(values: list[float]) -> float:
        return round(1000 * sorted(values)[len(values) // 2], 2)

    return {"held": held, "ms": median([t[0] for t in times]), "read_ms": median([t[1] for t in times])}


def print_phases(phases: dict[str, float], total: float) -> None:
    """Where the first load's time went (the rest: transactions, commits, driver)."""
    print("first load, seconds per phase: " + ", ".join(
        f"{name} {sec:.2f}" for name, sec in sorted(phases.items(), key=lambda kv: -kv[1]))
        + f"; other {total - sum(phases.values()):.2f} of {total:.2f}", file=sys.stderr)


def rust_extension() -> bool:
    """Whether the driver packs Bolt messages in Rust (``neo4j-rust-ext``)."""
    try:
        import neo4j._rust  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
