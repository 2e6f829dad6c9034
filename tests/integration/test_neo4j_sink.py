"""The Neo4j loader against a real server: schema, provenance, idempotency, injection, races,
and the errors a user sees."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import neo4j
import pytest
from conftest_neo4j import wipe_database
from helpers import ACLU, AMAZON, AWS, ICE, JANE, article_one, article_two, doc_graph, ent, rel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.errors import OntologyError, SinkError
from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    KnowledgeGraph,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.sinks.neo4j import Neo4jSink, load_graph, run_cypher
from graphbuild.sinks.neo4j_queries import label, quote_name, rel_type

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- sample data

def graph_of(*doc_graphs: DocumentGraph) -> KnowledgeGraph:
    return KnowledgeGraph.from_documents(doc_graphs)


# --------------------------------------------------------------------------- helpers

def load(driver: Any, graph: Any, **kwargs: Any):
    with Neo4jSink(driver, **kwargs) as sink:
        return sink.write(graph)


def counts(driver: Any) -> dict[str, int]:
    """Nodes, relationships and their properties (and labels) in the database."""
    nodes = run_cypher(driver, "MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS "
                               "node_props, sum(size(labels(n))) AS labels")[0]
    rels = run_cypher(driver, "MATCH ()-[r]->() RETURN count(r) AS rels, "
                              "coalesce(sum(size(keys(r))), 0) AS rel_props")[0]
    return {**nodes, **rels}


def snapshot(driver: Any, *, unordered_lists: bool = False) -> tuple[list[str], list[str]]:
    """Every node and relationship with all properties, as sorted JSON strings."""
    def norm(props: dict[str, Any]) -> dict[str, Any]:
        if not unordered_lists:
            return props
        return {k: sorted(map(json.dumps, v)) if isinstance(v, list) else v for k, v in props.items()}

    nodes = run_cypher(driver, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = run_cypher(driver, "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, "
                              "properties(r) AS props")
    return (sorted(json.dumps([sorted(n["labels"]), norm(n["props"])], sort_keys=True) for n in nodes),
            sorted(json.dumps([r["a"], r["type"], r["b"], norm(r["props"])], sort_keys=True) for r in rels))


# An edge's sentences, in key order (document, then offsets).
SENTENCES = "COLLECT { MATCH (e:Evidence {edge: r.key}) RETURN e.text ORDER BY e.key }"


def edge(driver: Any, s: Entity, type_: str, o: Entity) -> list[dict[str, Any]]:
    return run_cypher(driver, "MATCH (s:Entity {id: $s})-[r]->(o:Entity {id: $o}) "
                              "WHERE type(r) = $type RETURN r {.*, evidence: " + SENTENCES + "} AS r",
                      {"s": s.id, "o": o.id, "type": type_})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- names

def test_only_ontology_names_reach_query_text() -> None:
    assert label(EntityType.GOVERNMENT_BODY) == "`GovernmentBody`"
    assert label("Entity") == "`Entity`"
    assert rel_type(Predicate.WORKS_FOR) == "`WORKS_FOR`"
    assert rel_type("contractedWith") == "`CONTRACTED_WITH`"
    for bad in ["Robert'); MATCH (n) DETACH DELETE n //", "Back`tick", "Company` {x:1}",
                "company", "", "PITCHED", "pitched`]->() DELETE n //"]:
        with pytest.raises(OntologyError):
            label(bad)
        with pytest.raises(OntologyError):
            rel_type(bad)
    with pytest.raises(OntologyError):
        quote_name("Admin", "label")


# --------------------------------------------------------------------------- loading

def test_counts_after_load(neo4j_db) -> None:
    graph = graph_of(article_one())
    report = load(neo4j_db, graph)
    assert (report.documents, report.entities, report.relations) == (1, 8, 7)
    c = counts(neo4j_db)
    assert c["nodes"] == 1 + 8 + 7  # the document, the entities, one Evidence node per sentence
    mentions = run_cypher(neo4j_db, "MATCH (:Document {id: 'a1'})-[m:MENTIONS]->(:Entity) RETURN count(m) AS n")
    assert mentions[0]["n"] == 8
    assert c["rels"] == 8 + 7
    types = run_cypher(neo4j_db, "MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS t ORDER BY t")
    assert [r["t"] for r in types] == ["CONTRACTED_WITH", "CONTRACTED_WITH", "DEVELOPED", "PART_OF",
                                       "PITCHED", "STUDIED", "WORKS_FOR"]
    amazon = run_cypher(neo4j_db, "MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels, "
                                  "properties(n) AS p", {"id": AMAZON.id})[0]
    assert sorted(amazon["labels"]) == ["Company", "Entity"]
    assert amazon["p"] == {"id": AMAZON.id, "name": "Amazon", "aliases": ["Amazon.com"], "type": "Company"}
    doc = run_cypher(neo4j_db, "MATCH (d:Document {id: 'a1'}) RETURN properties(d) AS p")[0]["p"]
    assert len(doc.pop("content_hash")) == 64  # corroboration counts articles by content
    assert doc == {"id": "a1", "title": "Amazon met with ICE", "source": "Example News",
                   "url": "https://news.example/a1", "published": "2018-10-23", "outlet": "Example News"}


def test_edge_carries_provenance(neo4j_db) -> None:
    load(neo4j_db, graph_of(article_one()))
    [pitched] = edge(neo4j_db, AMAZON, "PITCHED", ICE)
    r = pitched["r"]
    assert r["sources"] == ["a1"]
    assert r["evidence"] == ["Amazon pitched its Rekognition software to ICE in June."]
    assert r["count"] == 1
    assert r["confidence"] == pytest.approx(0.9)
    assert r["negated"] is False
    assert r["verb"] == "pitch"
    assert "role" not in r
    [works] = edge(neo4j_db, JANE, "WORKS_FOR", ACLU)
    assert works["r"]["role"] == "researcher"


def test_second_load_changes_nothing(neo4j_db) -> None:
    graph = graph_of(article_one(), article_two())
    load(neo4j_db, graph)
    before_counts, before = counts(neo4j_db), snapshot(neo4j_db)
    report = load(neo4j_db, graph)
    assert counts(neo4j_db) == before_counts
    assert snapshot(neo4j_db) == before
    assert "created 0 nodes and 0 relationships" in report.notes


def test_new_article_adds_its_sources(neo4j_db) -> None:
    load(neo4j_db, graph_of(article_one()))
    nodes_before = counts(neo4j_db)["nodes"]
    load(neo4j_db, graph_of(article_two()))
    [pitched] = edge(neo4j_db, AMAZON, "PITCHED", ICE)
    r = pitched["r"]
    assert r["sources"] == ["a1", "a2"]
    assert r["count"] == 2
    assert len(r["evidence"]) == len(set(r["evidence"])) == 2
    assert r["confidence"] == pytest.approx(0.9)  # the max, not the latest
    added = run_cypher(neo4j_db, "MATCH (e:Evidence) WHERE e.doc = 'a2' RETURN count(e) AS n")[0]["n"]
    assert counts(neo4j_db)["nodes"] == nodes_before + 1 + added  # the new Document and its sentences
    # ...and loading everything again afterwards adds nothing.
    before = snapshot(neo4j_db)
    load(neo4j_db, graph_of(article_one(), article_two()))
    assert snapshot(neo4j_db) == before


def test_entity_names_merge_like_the_model(neo4j_db) -> None:
    short = Entity(ICE.id, "ICE", EntityType.GOVERNMENT_BODY, ("Immigration and Customs Enforcement",))
    load(neo4j_db, [DocumentGraph(Document("d1", "x"), (short,))])
    load(neo4j_db, [DocumentGraph(Document("d2", "y"), (ICE,))])
    p = run_cypher(neo4j_db, "MATCH (n:Entity {id: $id}) RETURN properties(n) AS p", {"id": ICE.id})[0]["p"]
    assert p["name"] == ICE.name  # the longer name wins
    assert sorted(p["aliases"]) == ["ICE", "Immigration and Customs Enforcement"]


def test_constraints_and_indexes_present(neo4j_db) -> None:
    wipe_database(neo4j_db)  # schema too: the loader must create it
    assert run_cypher(neo4j_db, "SHOW CONSTRAINTS YIELD name RETURN name") == []
    load(neo4j_db, graph_of(article_one()))
    constraints = run_cypher(neo4j_db, "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
                                       "RETURN type, labelsOrTypes, properties")
    unique = {(c["labelsOrTypes"][0], c["properties"][0]) for c in constraints if c["type"] == "UNIQUENESS"}
    assert unique == {("Entity", "id"), ("Document", "id"), ("Evidence", "key")}
    evidence = run_cypher(neo4j_db, "SHOW INDEXES YIELD state, labelsOrTypes, properties "
                                    "WHERE labelsOrTypes = ['Evidence'] RETURN state, properties")
    assert sorted(tuple(i["properties"]) for i in evidence) == [("edge",), ("key",)]
    indexes = run_cypher(neo4j_db, "SHOW INDEXES YIELD name, state, labelsOrTypes, properties "
                                   "WHERE labelsOrTypes = ['Entity'] RETURN name, state, properties")
    indexed = {tuple(i["properties"]) for i in indexes}
    assert {("id",), ("name",), ("aliases",), ("name", "aliases")} <= indexed
    assert {i["state"] for i in indexes} == {"ONLINE"}
    # The constraint is real: a second node with the same id is refused by the server.
    with pytest.raises(neo4j.exceptions.ConstraintError):
        neo4j_db.execute_query("CREATE (:Entity {id: $id})", id=AMAZON.id)
    # Creating the schema again is a no-op.
    load(neo4j_db, graph_of(article_one()))
    assert len(run_cypher(neo4j_db, "SHOW CONSTRAINTS YIELD name RETURN name")) == 3


def test_negated_edge_is_stored_negated_and_never_positive(neo4j_db) -> None:
    load(neo4j_db, graph_of(article_one()))
    s, o = sorted([ICE, AWS], key=lambda e: e.id)  # symmetric predicate: ids in sorted order
    edges = run_cypher(neo4j_db, "MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b}) "
                                 "RETURN type(r) AS t, r.negated AS negated, startNode(r).id AS start",
                       {"a": ICE.id, "b": AWS.id})
    assert edges == [{"t": "CONTRACTED_WITH", "negated": True, "start": s.id}]
    # A positive statement of the same edge becomes a second, separate relationship.
    positive = rel("a3", ICE, Predicate.CONTRACTED_WITH, AWS, "ICE signed a contract with AWS.")
    load(neo4j_db, [doc_graph("a3", "Later", [positive], [ICE, AWS])])
    edges = run_cypher(neo4j_db, "MATCH (a:Entity {id: $a})-[r:CONTRACTED_WITH]-(b:Entity {id: $b}) "
                                 "RETURN r.negated AS negated, r.sources AS sources ORDER BY negated",
                       {"a": ICE.id, "b": AWS.id})
    assert edges == [{"negated": False, "sources": ["a3"]}, {"negated": True, "sources": ["a1"]}]
    assert o.id != s.id


@pytest.mark.parametrize("name", [
    "Robert'); MATCH (n) DETACH DELETE n //",
    "Back`tick",
    '{"x": 1}',
    "$rows",
    "x" * 5000,
])
def test_hostile_names_are_stored_verbatim(neo4j_db, name: str) -> None:
    graph = graph_of(article_one())
    load(neo4j_db, graph)
    before = counts(neo4j_db)
    hostile = Entity(entity_id(name, EntityType.ORGANIZATION) + "-" + str(len(name)), name,
                     EntityType.ORGANIZATION, (name + " alias",))
    sentence = f"{name} criticized Amazon."
    dg = doc_graph(f"doc {name[:40]}", name, [
        rel(f"doc {name[:40]}", hostile, Predicate.CRITICIZED, AMAZON, sentence, verb=name),
    ], [hostile, AMAZON])
    load(neo4j_db, [dg])
    stored = run_cypher(neo4j_db, "MATCH (n:Entity {id: $id})-[r:CRITICIZED]->(a:Entity {id: $amazon}) "
                                  "RETURN n.name AS name, n.aliases AS aliases, " + SENTENCES + " AS evidence, "
                                  "r.verb AS verb", {"id": hostile.id, "amazon": AMAZON.id})
    assert stored == [{"name": name, "aliases": [name + " alias"], "evidence": [sentence], "verb": name}]
    doc = run_cypher(neo4j_db, "MATCH (d:Document {id: $id}) RETURN d.title AS title", {"id": dg.document.id})
    assert doc == [{"title": name}]
    after = counts(neo4j_db)
    # Exactly one new entity, one new document, one sentence, its two MENTIONS and one edge:
    # nothing else moved.
    assert after["nodes"] == before["nodes"] + 3
    assert after["rels"] == before["rels"] + 3
    assert run_cypher(neo4j_db, "MATCH (n:Entity) WHERE n.id <> $id RETURN count(n) AS n",
                      {"id": hostile.id})[0]["n"] == 8


# Any unicode text but lone surrogates (not encodable as UTF-8, so not a valid Neo4j string).
_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_text, alias=_text, sentence=_text, doc_id=_text)
def test_any_unicode_round_trips(neo4j_db, name: str, alias: str, sentence: str, doc_id: str) -> None:
    org = Entity("org/" + name, name, EntityType.ORGANIZATION, (alias,) if alias != name else ())
    relation = Relation(org.id, Predicate.CRITICIZED, AMAZON.id, Evidence(doc_id, sentence, 0, 1, "t", 0.5))
    load(neo4j_db, [DocumentGraph(Document(doc_id, "", title=name), (org, AMAZON), (relation,))])
    got = run_cypher(neo4j_db, "MATCH (n:Entity {id: $id})-[r:CRITICIZED]->() RETURN n.name AS name, "
                               "n.aliases AS aliases, " + SENTENCES + " AS evidence, r.sources AS sources",
                     {"id": org.id})
    # names are stored as the record holds them (control and zero-width characters removed)
    assert got == [{"name": org.name, "aliases": list(org.aliases), "evidence": [sentence], "sources": [doc_id]}]
    run_cypher(neo4j_db, "MATCH (n) DETACH DELETE n", write=True)


def _overlapping_graphs(n_docs: int = 60) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    companies = [ent(f"Company {i}", EntityType.COMPANY, f"C{i}") for i in range(40)]
    agencies = [ent(f"Agency {i}", EntityType.GOVERNMENT_BODY, f"A{i}") for i in range(10)]
    predicates = [Predicate.PITCHED, Predicate.SUPPLIED, Predicate.CONTRACTED_WITH, Predicate.LOBBIED]
    dgs = []
    for d in range(n_docs):
        doc = f"doc{d:03d}"
        rels, ents = [], set()
        for k in range(8):
            c = companies[(d * 3 + k) % len(companies)]
            a = agencies[(d + k) % len(agencies)]
            p = predicates[(d + k) % len(predicates)]
            rels.append(rel(doc, c, p, a, f"{c.name} and {a.name}, sentence {k} of {doc}.", k * 100,
                            negated=(k == 7), confidence=0.5 + k / 20))
            ents.update([c, a])
        dgs.append(doc_graph(doc, f"Article {d}", rels, sorted(ents, key=lambda e: e.id)))
    half = n_docs // 2
    return graph_of(*dgs[: half + half // 2]), graph_of(*dgs[half // 2:])


def test_concurrent_loaders_leave_no_duplicates(neo4j_db) -> None:
    first, second = _overlapping_graphs()
    # The expected end state: the two graphs loaded one after the other.
    load(neo4j_db, first, batch_size=25)
    load(neo4j_db, second, batch_size=25)
    expected_counts, expected = counts(neo4j_db), snapshot(neo4j_db, unordered_lists=True)

    wipe_database(neo4j_db, keep_loader_schema=True)
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def loader(graph: KnowledgeGraph) -> None:
        try:
            barrier.wait()
            load(neo4j_db, graph, batch_size=25)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=loader, args=(g,)) for g in (first, second, second, first)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    dupes = run_cypher(neo4j_db, "MATCH (n) WITH coalesce(n.id, n.key) AS id, count(*) AS c WHERE c > 1 RETURN id")
    assert dupes == []
    dupe_edges = run_cypher(neo4j_db, "MATCH (a)-[r]->(b) WITH a, type(r) AS t, r.negated AS neg, b, "
                                      "count(r) AS c WHERE c > 1 RETURN a.id, t, b.id")
    assert dupe_edges == []
    assert counts(neo4j_db) == expected_counts
    assert snapshot(neo4j_db, unordered_lists=True) == expected


# --------------------------------------------------------------------------- errors

def test_unreachable_server_raises_sink_error() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(SinkError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:\d+") as info:
        load_graph(graph_of(article_one()), uri, "neo4j", "whatever")
    assert "\n" not in str(info.value)


def test_unreachable_server_with_injected_driver() -> None:
    with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{free_port()}", auth=("neo4j", "x"),
                                    connection_timeout=5) as driver, \
            pytest.raises(SinkError, match="cannot reach Neo4j"):
        load(driver, graph_of(article_one()))


def test_wrong_password_raises_sink_error(neo4j_server) -> None:
    with pytest.raises(SinkError, match="refused the login for user 'neo4j'") as info:
        load_graph(graph_of(article_one()), neo4j_server.uri, neo4j_server.user, "not-the-password")
    assert "NEO4J_PASSWORD" in str(info.value)


def test_invalid_uri_raises_sink_error() -> None:
    with pytest.raises(SinkError, match="invalid Neo4j connection settings"):
        load_graph(graph_of(article_one()), "http://127.0.0.1:1", "neo4j", "x")
    with pytest.raises(SinkError, match="invalid Neo4j connection settings"):
        load_graph(graph_of(article_one()), "127.0.0.1:7687", "neo4j", "x")


def test_relation_without_entity_is_refused_before_writing(neo4j_db) -> None:
    dg = doc_graph("a1", "t", [rel("a1", AMAZON, Predicate.PITCHED, ICE, "s")], [AMAZON])
    with pytest.raises(SinkError, match="no entity record"):
        load(neo4j_db, [dg])
    assert counts(neo4j_db)["nodes"] == 0


def test_run_cypher_is_read_only_by_default(neo4j_db) -> None:
    load(neo4j_db, graph_of(article_one()))
    rows = run_cypher(neo4j_db, "MATCH (c:Company)-[r:PITCHED]->(g) WHERE $name IN g.aliases "
                                "RETURN c.name AS company, r.sources AS sources", {"name": "ICE"})
    assert rows == [{"company": "Amazon", "sources": ["a1"]}]
    with pytest.raises(SinkError, match="rejected the query"):
        run_cypher(neo4j_db, "CREATE (:Entity {id: $id})", {"id": "x"})
    assert run_cypher(neo4j_db, "CREATE (n:Scratch) RETURN count(n) AS n", write=True) == [{"n": 1}]
    with pytest.raises(SinkError, match="Neo.ClientError.Statement.SyntaxError"):
        run_cypher(neo4j_db, "MATCH (n RETURN n")


def test_cli_reports_a_wrong_password_in_one_line(neo4j_server, tmp_path: Path) -> None:
    from graphbuild.model.serialize import write_jsonl

    triples = tmp_path / "triples.jsonl"
    with open(triples, "w", encoding="utf-8") as fh:
        write_jsonl([article_one()], fh)
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user,
           "NEO4J_PASSWORD": "wrong", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "graphbuild", "load", "neo4j", "--triples", str(triples)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused the login" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_loads_and_queries(neo4j_server, neo4j_db, tmp_path: Path) -> None:
    from graphbuild.model.serialize import write_jsonl

    triples = tmp_path / "triples.jsonl"
    with open(triples, "w", encoding="utf-8") as fh:
        write_jsonl([article_one(), article_two()], fh)
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password, "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "graphbuild"]
    for _ in range(2):
        proc = subprocess.run([*cli, "load", "neo4j", "--triples", str(triples)],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert re.search(r"loader rate [\d,]+ relations/s", proc.stderr), proc.stderr
    proc = subprocess.run([*cli, "cypher", "--format", "json",
                           "MATCH (c:Company)-[r:PITCHED]->(g) WHERE $name IN g.aliases "
                           "RETURN c.name AS company, r.sources AS sources", "--params", '{"name": "ICE"}'],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line) for line in proc.stdout.splitlines()] == [
        {"company": "Amazon", "sources": ["a1", "a2"]}]
