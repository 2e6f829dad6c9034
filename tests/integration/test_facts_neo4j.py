"""Corroboration and conflicts are the same on the store, Neo4j and networkx (sample corpus)."""

from __future__ import annotations

import pytest
from conftest_neo4j import wipe_database

from graphbuild.model.networkx import kg_to_networkx
from graphbuild.query.facts import Neo4jFacts, StoreFacts
from graphbuild.sinks.neo4j import Neo4jSink, run_cypher

pytestmark = [pytest.mark.neo4j, pytest.mark.model]


@pytest.fixture(scope="module")
def loaded(neo4j_driver, sample_store):
    wipe_database(neo4j_driver, keep_loader_schema=True)
    store, kg = sample_store
    with Neo4jSink(neo4j_driver) as sink:
        sink.write(kg)
    return store, kg, Neo4jFacts(neo4j_driver), neo4j_driver


def test_corroboration_equal_on_store_neo4j_and_networkx(loaded) -> None:
    store, kg, neo, _ = loaded
    from_store = StoreFacts(store).corroboration()
    from_neo4j = neo.corroboration()
    g = kg_to_networkx(kg)
    from_nx = {(s, a["predicate"], o, a["negated"]): (a["articles"], a["outlets"], a["first_published"],
                                                     a["last_published"]) for s, o, a in g.edges(data=True)}
    as_tuples = {k: (c.articles, c.outlets, c.first_published, c.last_published) for k, c in from_store.items()}
    assert as_tuples == from_nx
    assert {k: (c.articles, c.outlets, c.first_published, c.last_published) for k, c in from_neo4j.items()} == from_nx


def test_conflicts_equal_on_store_and_neo4j(loaded) -> None:
    store, kg, neo, _ = loaded
    found = StoreFacts(store).conflicts()
    assert found and found == neo.conflicts()


def test_neo4j_edges_carry_first_and_last_date(loaded) -> None:
    from graphbuild.model.facts import edge_dates

    _, kg, _, driver = loaded
    rows = run_cypher(driver, "MATCH (s:Entity)-[r]->(o:Entity) WHERE r.negated IS NOT NULL "
                              "RETURN s.id AS s, type(r) AS t, o.id AS o, r.negated AS neg, "
                              "r.first_date AS first, r.last_date AS last")
    from graphbuild.sinks.neo4j_queries import predicate_of

    got = {(r["s"], predicate_of(r["t"]).value, r["o"], r["neg"]): (r["first"] or "", r["last"] or "") for r in rows}
    want = {k: edge_dates(rels, kg.documents) for k, rels in kg.edges().items()}
    assert got == want
    assert any(first != last for first, last in got.values())
