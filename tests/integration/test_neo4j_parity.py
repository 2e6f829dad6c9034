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
from helpers import article_one, article_two

from graphbuild.builder import write_resolved
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
        write_resolved(store, docs)
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


def test_cli_answers_the_same_with_neo4j_and_with_the_store(neo4j_server, neo4j_db, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    store_dir = tmp_path / "graph"
    with GraphStore(store_dir) as store:
        write_resolved(store, [*handmade.corpus(), article_one(), article_two()])
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}

    def gb(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "graphbuild", *args], env=env, capture_output=True,
                              text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    gb("load", "neo4j", "--store", str(store_dir))
    # "ICE" is the agency and a company here: both backends list the two instead of mixing them
    for backend in (["--store", str(store_dir)], ["--neo4j"]):
        proc = subprocess.run([sys.executable, "-m", "graphbuild", "neighbors", "ICE", *backend], env=env,
                              capture_output=True, text=True, timeout=180)
        assert proc.returncode == 1 and "'ICE' matches 2 entities" in proc.stderr and "us-ice" in proc.stderr
    for command in (["neighbors", "us-ice"], ["evidence", "Amazon", "us-ice"], ["paths", "Amazon", "us-ice"]):
        from_store = gb(*command, "--store", str(store_dir), "--format", "json")
        from_neo4j = gb(*command, "--neo4j", "--format", "json")
        rows = [json.loads(line) for line in from_store.splitlines()]
        assert rows, command
        assert rows == [json.loads(line) for line in from_neo4j.splitlines()], command
