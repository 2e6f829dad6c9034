"""Review decisions in Neo4j: a merge moves relationships and keeps both ids, a rejection removes
its evidence, accepted edges are marked, and loads stay idempotent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graphbuild.review.commands import Reviewer, decision_file, load_decisions, replay_review
from graphbuild.review.neo4j import apply_review
from graphbuild.review.read import knowledge_graph, split_rejected
from graphbuild.sinks.neo4j import Neo4jSink, run_cypher
from graphbuild.sinks.store import GraphStore

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_rn", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


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
