"""Neo4j and the embedded store answer the investigator queries the same way.

The corpus is written to the embedded store (which resolves entities across articles); the
store's graph is then loaded into Neo4j, and ``neighbors``, ``evidence`` and ``paths`` are asked
of both for every name, alias and a few spellings that differ only in case.
"""

from __future__ import annotations

import importlib.util
from itertools import permutations
from pathlib import Path

import pytest
from conftest_neo4j import wipe_database
from test_neo4j_sink import article_one, article_two

from graphbuild.query.neo4j import Neo4jQueries
from graphbuild.query.store import StoreQueries
from graphbuild.sinks.neo4j import Neo4jSink
from graphbuild.sinks.store import GraphStore

pytestmark = pytest.mark.neo4j

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_neo4j", FIXTURES / "handmade.py")
assert _spec and _spec.loader
handmade = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(handmade)


@pytest.fixture(scope="module")
def both(neo4j_driver):
    """(store queries, Neo4j queries, graph) over the same resolved graph; the tests only read."""
    wipe_database(neo4j_driver, keep_loader_schema=True)
    docs = [*handmade.corpus(), handmade.article_second_pitch(), article_one(), article_two()]
    with GraphStore(None) as store:
        store.write(docs)
        graph = store.to_knowledge_graph()
        with Neo4jSink(neo4j_driver) as sink:
            sink.write(graph)
        yield StoreQueries(store), Neo4jQueries(neo4j_driver), graph


def _names(graph) -> list[str]:
    names = set()
    for e in graph.entities.values():
        names.update([e.name, *e.aliases, e.name.upper(), e.name.lower()])
    return sorted(names | {"ice", "Ice", "Nobody At All", "!!!"})


def test_the_graph_is_not_trivial(both) -> None:
    store, graph_db, graph = both
    assert len(graph.entities) >= 10
    assert len(graph_db.find("ICE")) >= 2  # the agency and the exchange operator
    assert any(n.negated for n in graph_db.neighbors("ICE"))
    assert any(len(n.sources) > 1 for n in graph_db.neighbors("Amazon"))


def test_neighbors_parity(both) -> None:
    store, graph_db, graph = both
    for name in _names(graph):
        assert graph_db.neighbors(name) == store.neighbors(name), name


def test_evidence_parity(both) -> None:
    store, graph_db, graph = both
    names = sorted({e.name for e in graph.entities.values()} | {"ICE", "aws", "Nobody At All"})
    answered = 0
    for a, b in permutations(names, 2):
        expected = store.evidence(a, b)
        assert graph_db.evidence(a, b) == expected, (a, b)
        answered += bool(expected)
    assert answered >= 10


@pytest.mark.parametrize("max_hops", [0, 1, 2, 3, 4])
def test_paths_parity(both, max_hops: int) -> None:
    store, graph_db, graph = both
    names = sorted({e.name for e in graph.entities.values()} | {"ICE"})
    found = 0
    for a, b in permutations(names, 2):
        expected = store.paths(a, b, max_hops=max_hops)
        assert graph_db.paths(a, b, max_hops=max_hops) == expected, (a, b, max_hops)
        found += len(expected)
    if max_hops >= 2:
        assert found > 0


def test_paths_limit_parity(both) -> None:
    store, graph_db, _ = both
    assert graph_db.paths("Amazon", "ICE", 4, limit=2) == store.paths("Amazon", "ICE", 4, limit=2)
