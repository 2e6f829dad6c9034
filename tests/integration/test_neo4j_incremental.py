"""Loading in steps: the loader reads each batch's existing evidence once, writes only what is
missing, and updates an edge's summary (sources, count, sentences, confidence, dates) from the
appended evidence alone. The result must equal loading everything at once, and a reload must
write no edge at all."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graphbuild.model import (
    Document,
    Entity,
    EntityType,
    EventTime,
    Evidence,
    KnowledgeGraph,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.sinks.neo4j import Neo4jSink, append_evidence, append_row, relation_rows, run_cypher

pytestmark = pytest.mark.neo4j

COMPANIES = [Entity(entity_id(f"Vendor {i}", EntityType.COMPANY), f"Vendor {i}", EntityType.COMPANY)
             for i in range(6)]
AGENCIES = [Entity(entity_id(f"Office {i}", EntityType.GOVERNMENT_BODY), f"Office {i}",
                   EntityType.GOVERNMENT_BODY) for i in range(3)]


def article(d: int) -> KnowledgeGraph:
    """Article ``d``: a few edges that other articles state too, with dates and stated times."""
    kg = KnowledgeGraph()
    doc = Document(f"art{d:02d}", "", title=f"Article {d}", source="Wire",
                   published=f"2019-{1 + d % 12:02d}-{10 + d % 15:02d}")
    kg.documents[doc.id] = doc
    for k in range(4):
        c, a = COMPANIES[(d + k) % len(COMPANIES)], AGENCIES[(d * k) % len(AGENCIES)]
        kg.add_entity(c)
        kg.add_entity(a)
        when = EventTime(f"in {2010 + d}", str(2010 + d), "year", f"{2010 + d}-01-01",
                         f"{2010 + d}-12-31") if k == 2 else None
        sentence = f"{c.name} supplied {a.name} ({k} in {doc.id})."
        ev = Evidence(doc.id, sentence, 100 * k, 100 * k + len(sentence), "test.v1",
                      round(0.4 + ((d * 7 + k) % 10) / 20, 2), when)
        kg.add_relation(Relation(c.id, Predicate.SUPPLIED, a.id, ev, k == 3, "supply", ""))
    return kg


def merged(*graphs: KnowledgeGraph) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for g in graphs:
        kg.documents.update(g.documents)
        for e in g.entities.values():
            kg.add_entity(e)
        for r in g.iter_relations():
            kg.add_relation(r)
    return kg


def edges(driver: Any) -> list[str]:
    """Every edge with its properties and its Evidence nodes' properties."""
    rows = run_cypher(driver, "MATCH (a)-[r]->(b) WHERE type(r) <> 'MENTIONS' "
                              "RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p, "
                              "COLLECT { MATCH (e:Evidence {edge: r.key}) RETURN properties(e) ORDER BY e.key } "
                              "AS evidence")
    out = []
    for row in rows:
        p = row["p"]
        p["evidence"] = row["evidence"]
        p["sources"] = sorted(p["sources"])
        out.append(json.dumps([row["a"], row["t"], row["b"], p], sort_keys=True))
    return sorted(out)


def test_loading_article_by_article_equals_one_load(neo4j_db) -> None:
    articles = [article(d) for d in range(9)]
    with Neo4jSink(neo4j_db, batch_size=3) as sink:
        sink.write(merged(*articles))
        expected = edges(neo4j_db)
        run_cypher(neo4j_db, "MATCH (n) DETACH DELETE n", write=True)
        for kg in articles:
            sink.write(kg)
    assert edges(neo4j_db) == expected
    supplied = run_cypher(neo4j_db, "MATCH ()-[r:SUPPLIED]->() RETURN r.count AS count, "
                                    "r.sentences AS sentences, "
                                    "COUNT { MATCH (e:Evidence {edge: r.key}) } AS n")
    assert any(r["count"] > 1 for r in supplied)  # the data does append to existing edges
    assert all(r["sentences"] == r["n"] for r in supplied)


def test_reload_writes_no_edge(neo4j_db) -> None:
    kg = merged(*(article(d) for d in range(6)))
    with Neo4jSink(neo4j_db, batch_size=4) as sink:
        sink.write(kg)
        before = edges(neo4j_db)
        sink.write(kg)
        assert sink.counters["edges_unchanged"] == len(kg.edges())
        assert sink.counters["relationships_created"] == 0
    assert edges(neo4j_db) == before


def test_stale_append_adds_nothing_twice(neo4j_db) -> None:
    """Another loader appended between this loader's read and its write: nothing is doubled."""
    first, second = article(0), article(6)  # article 6 restates three of article 0's edges
    with Neo4jSink(neo4j_db) as sink:
        sink.write(first)
        sink.write(second)
    expected = edges(neo4j_db)
    [(predicate, rows)] = relation_rows(merged(first, second)).items()
    # Rows as a loader that read the edges before ``second`` was written would send them:
    # article 6's evidence, which is there now.
    stale = [fresh for row in rows
             if any(ev["doc"] == "art00" for ev in row["evidence"])
             and (fresh := append_row(row, {ev["key"] for ev in row["evidence"] if ev["doc"] == "art00"}))]
    assert stale
    def run(query: str, **params: Any) -> list[Any]:
        return [list(r.values()) for r in run_cypher(neo4j_db, query, params, write=True)]

    assert append_evidence(run, predicate, stale) == 0

    assert edges(neo4j_db) == expected


EVIDENCE_STATE = ("MATCH (e:Evidence) RETURN e.key AS key, elementId(e) AS node, properties(e) AS props "
                  "ORDER BY key")


def test_appending_leaves_the_sentences_already_there_untouched(neo4j_db) -> None:
    """Evidence as nodes: a new article's sentence is one new node; the edge's other sentences
    are the same nodes with the same properties (nothing read back and rewritten)."""
    first, second = article(0), article(6)  # article 6 restates three of article 0's edges
    with Neo4jSink(neo4j_db) as sink:
        sink.write(first)
        before = run_cypher(neo4j_db, EVIDENCE_STATE)
        sink.write(second)
    after = {row["key"]: row for row in run_cypher(neo4j_db, EVIDENCE_STATE)}
    assert all(after[row["key"]] == row for row in before)
    assert len(after) == len(before) + len(second.relations)
    restated = run_cypher(neo4j_db, "MATCH ()-[r:SUPPLIED]->() WHERE r.count = 2 "
                                    "RETURN r.sentences AS sentences, r.sources AS sources, "
                                    "COUNT { MATCH (e:Evidence {edge: r.key}) } AS nodes")
    assert restated and all(r["sentences"] == r["nodes"] == 2 and r["sources"] == ["art00", "art06"]
                            for r in restated)


def test_sentences_of_an_edge_deleted_by_hand_are_taken_over(neo4j_db) -> None:
    """Deleting an edge in Neo4j Browser leaves its Evidence nodes; loading again recreates
    the edge and takes them over instead of failing on their unique keys."""
    kg = article(0)
    with Neo4jSink(neo4j_db) as sink:
        sink.write(kg)
        expected = edges(neo4j_db)
        run_cypher(neo4j_db, "MATCH ()-[r:SUPPLIED]->() DELETE r", write=True)
        sink.write(kg)
    assert edges(neo4j_db) == expected
