"""Review decisions in Neo4j: a merge moves relationships and keeps both ids, a rejection removes
its evidence, accepted edges are marked, and loads stay idempotent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graphbuild.model import (
    Document,
    Entity,
    EntityType,
    EventTime,
    Evidence,
    KnowledgeGraph,
    Money,
    Predicate,
    Relation,
)
from graphbuild.review.commands import Reviewer, decision_file, load_decisions, replay_review
from graphbuild.review.decisions import Decision
from graphbuild.review.neo4j import apply_review
from graphbuild.review.read import knowledge_graph, split_rejected
from graphbuild.sinks.neo4j import Neo4jSink, run_cypher
from graphbuild.sinks.store import GraphStore

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_rn", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


# An edge's Evidence nodes (their properties), in key order.
EVIDENCE = "COLLECT { MATCH (e:Evidence {edge: r.key}) RETURN properties(e) ORDER BY e.key }"

def load(driver, store_path: Path) -> None:
    """What ``graphbuild load neo4j --store`` does."""
    with GraphStore(store_path, read_only=True) as store:
        full = knowledge_graph(store, include_rejected=True)
        decisions = load_decisions(store, decision_file(store_path))
    kg, rejected = split_rejected(full)
    with Neo4jSink(driver) as sink:
        sink.write(kg)
    apply_review(driver, kg, decisions, rejected=rejected)


def counts(driver) -> tuple[int, int]:
    [row] = run_cypher(driver, "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")
    return row["n"], row["r"]


def test_merge_and_reject_reach_neo4j_and_survive_a_rebuild(neo4j_db, tmp_path: Path) -> None:
    store = tmp_path / "graph"
    with GraphStore(store) as s:
        s.write(hm.corpus())
    load(neo4j_db, store)  # loaded before any decision
    assert run_cypher(neo4j_db, "MATCH (a:Entity {id: 'amazon'})-[:PITCHED]->(i) RETURN i.id AS id") == [{"id": "us-ice"}]

    rv = Reviewer(store, user="ana")
    [pitch] = [p.id for p in rv.pending() if p.predicate == "pitched"]
    [supplied] = [p.id for p in rv.pending() if p.predicate == "supplied"]
    rv.reject(supplied)
    rv.accept(pitch)  # accepted before the merge re-keys it: the status moves with it
    rv.merge("Amazon Web Services", "Amazon")
    load(neo4j_db, store)

    assert run_cypher(neo4j_db, "MATCH (a:Entity {id: 'amazon'}) RETURN a") == []
    [aws] = run_cypher(neo4j_db, "MATCH (a:Entity {id: 'aws'}) RETURN a.ids AS ids, a.aliases AS aliases")
    assert aws["ids"] == ["aws", "amazon"] and "Amazon" in aws["aliases"]
    moved = run_cypher(neo4j_db, "MATCH (:Entity {id: 'aws'})-[r:PITCHED]->(i:Entity) "
                                 "RETURN i.id AS id, r.count AS count, r.reviewed AS reviewed")
    assert moved == [{"id": "us-ice", "count": 1, "reviewed": "accepted"}]
    assert run_cypher(neo4j_db, "MATCH ()-[r:SUPPLIED]->() RETURN r") == []
    assert run_cypher(neo4j_db, "MATCH (d:Document {id: 'pitch'})-[:MENTIONS]->(e {id: 'aws'}) RETURN d.id AS d") \
        == [{"d": "pitch"}]
    before = counts(neo4j_db)
    load(neo4j_db, store)
    assert counts(neo4j_db) == before, "loading again changes nothing"

    # rebuild the store from scratch with the decision file, load into an empty database
    fresh = tmp_path / "fresh"
    with GraphStore(fresh) as s:
        s.write(hm.corpus())
        from graphbuild.config import Config

        replay_review(s, fresh, Config(review_file=str(rv.path)))
    run_cypher(neo4j_db, "MATCH (n) DETACH DELETE n", write=True)
    load(neo4j_db, fresh)
    assert run_cypher(neo4j_db, "MATCH (a:Entity) WHERE a.id IN ['amazon', 'aws'] RETURN a.id AS id") == [{"id": "aws"}]
    assert run_cypher(neo4j_db, "MATCH ()-[r:SUPPLIED]->() RETURN r") == []
    [aws] = run_cypher(neo4j_db, "MATCH (a:Entity {id: 'aws'}) RETURN a.ids AS ids")
    assert aws["ids"] == ["aws", "amazon"]


def test_merge_appends_time_and_amount_lists_without_nulls(neo4j_db) -> None:
    """Regression: a merge moved an edge's evidence without its time, publication and amount
    lists, so appending to the target's existing edge stored lists with nulls (refused by the
    server) and a moved edge lost its sources and count."""

    aws = Entity("aws", "Amazon Web Services", EntityType.COMPANY)
    amazon = Entity("amazon", "Amazon", EntityType.COMPANY)
    ice = Entity("us-ice", "ICE", EntityType.GOVERNMENT_BODY)
    kg = KnowledgeGraph()
    for e in (aws, amazon, ice):
        kg.add_entity(e)
    for doc_id, day in (("d1", "2018-06-20"), ("d2", "2019-02-01"), ("d3", "2019-03-05")):
        kg.documents[doc_id] = Document(doc_id, "", title=doc_id, published=day)
    in_2017 = EventTime("in 2017", "2017", "year", "2017-01-01", "2017-12-31")
    kg.add_relation(Relation(aws.id, Predicate.PITCHED, ice.id, Evidence(
        "d1", "AWS pitched ICE.", 0, 16, "t", 0.6), verb="pitch"))
    kg.add_relation(Relation(amazon.id, Predicate.PITCHED, ice.id, Evidence(
        "d2", "In 2017 Amazon pitched ICE a $2 million deal.", 0, 45, "t", 0.8, in_2017,
        Money(2_000_000.0, "USD", "$2 million")), verb="pitch"))
    kg.add_relation(Relation(amazon.id, Predicate.STUDIED, ice.id, Evidence(
        "d3", "Amazon studied ICE.", 0, 19, "t", 0.7), verb="study"))
    with Neo4jSink(neo4j_db) as sink:
        sink.write(kg)
    merge = Decision.make("merge", user="ana", entity=aws.id, other=amazon.id)
    apply_review(neo4j_db, kg, [merge])
    apply_review(neo4j_db, kg, [merge])  # idempotent

    [pitched] = run_cypher(neo4j_db, "MATCH (:Entity {id: 'aws'})-[r:PITCHED]->(:Entity {id: 'us-ice'}) "
                                     "RETURN properties(r) AS p, " + EVIDENCE + " AS evidence")
    p, ev = pitched["p"], pitched["evidence"]
    # the moved sentence keeps its time, amount and day, re-keyed to the edge it joined
    assert [e["doc"] for e in ev] == ["d1", "d2"] and {e["edge"] for e in ev} == {p["key"]}
    assert [e.get("time") for e in ev] == [None, "2017"]
    assert [e.get("amount") for e in ev] == [None, 2_000_000.0] and [e.get("currency") for e in ev] == [None, "USD"]
    assert [e["published"] for e in ev] == ["2018-06-20", "2019-02-01"]
    # the merged-away node's old Evidence nodes are gone with it
    assert run_cypher(neo4j_db, "MATCH (e:Evidence) WHERE e.edge CONTAINS 'amazon' RETURN e.key") == []
    assert (p["sources"], p["count"], p["sentences"]) == (["d1", "d2"], 2, 2)
    assert (p["first_date"], p["last_date"]) == ("2017-01-01", "2018-06-20")
    assert p["confidence"] == 0.8

    # an edge the target did not have arrives whole: sources, count and dates included
    [studied] = run_cypher(neo4j_db, "MATCH (:Entity {id: 'aws'})-[r:STUDIED]->(:Entity {id: 'us-ice'}) "
                                     "RETURN properties(r) AS p, " + EVIDENCE + " AS evidence")
    s = studied["p"]
    assert (s["sources"], s["count"], s["sentences"]) == (["d3"], 1, 1)
    assert [e["published"] for e in studied["evidence"]] == ["2019-03-05"] and s["first_date"] == "2019-03-05"
    assert run_cypher(neo4j_db, "MATCH (a:Entity {id: 'amazon'}) RETURN a") == []


def test_rejection_trims_every_evidence_list_and_recounts(neo4j_db) -> None:
    """Regression: a rejection trimmed six of the twelve parallel lists (times, amounts and
    publication days no longer lined up) and set ``count`` to the sentences, not the articles.
    Now the rejected sentence's Evidence node goes and the summary is recounted from the rest."""

    vendor = Entity("vendor", "Vendor", EntityType.COMPANY)
    agency = Entity("agency", "Agency", EntityType.GOVERNMENT_BODY)
    kg = KnowledgeGraph()
    kg.add_entity(vendor)
    kg.add_entity(agency)
    for doc_id, day in (("d1", "2018-06-20"), ("d2", "2019-02-01")):
        kg.documents[doc_id] = Document(doc_id, "", title=doc_id, published=day)
    in_2015 = EventTime("in 2015", "2015", "year", "2015-01-01", "2015-12-31")
    rels = [Relation(vendor.id, Predicate.SUPPLIED, agency.id, Evidence(doc, text, start, start + 20, "t", conf, when))
            for doc, text, start, conf, when in (("d1", "Vendor supplied Agency in 2015.", 0, 0.9, in_2015),
                                                 ("d1", "Vendor supplied Agency again.", 50, 0.4, None),
                                                 ("d2", "Vendor supplies Agency.", 0, 0.6, None))]
    for r in rels:
        kg.add_relation(r)
    with Neo4jSink(neo4j_db) as sink:
        sink.write(kg)
    apply_review(neo4j_db, kg, [], rejected=[rels[0]])

    [row] = run_cypher(neo4j_db, "MATCH ()-[r:SUPPLIED]->() RETURN properties(r) AS p, " + EVIDENCE + " AS evidence")
    p, ev = row["p"], row["evidence"]
    assert [e["text"] for e in ev] == ["Vendor supplied Agency again.", "Vendor supplies Agency."]
    assert [e["published"] for e in ev] == ["2018-06-20", "2019-02-01"]
    assert run_cypher(neo4j_db, "MATCH (e:Evidence) RETURN count(e) AS n") == [{"n": 2}]
    assert (p["sources"], p["count"], p["sentences"]) == (["d1", "d2"], 2, 2)
    assert (p["first_date"], p["last_date"]) == ("2018-06-20", "2019-02-01")  # 2015 left with its sentence
    assert p["confidence"] == 0.6
