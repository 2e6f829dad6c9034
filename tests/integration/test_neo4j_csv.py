"""neo4j-admin CSV export: the files, and a real ``neo4j-admin database import full`` (from the
test server's Maven jars) that gives the same graph as the batched Bolt loader."""

from __future__ import annotations

import csv
import os
import secrets
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graphbuild.errors import SinkError
from graphbuild.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    KnowledgeGraph,
    Predicate,
    Relation,
)
from graphbuild.sinks.neo4j_csv import (
    ENTITY_HEADER,
    EVIDENCE_HEADER,
    FILES,
    IMPORT_SCRIPT,
    RELATION_HEADER,
    SCHEMA_FILE,
    write_neo4j_admin,
)
from graphbuild.sinks.neo4j_queries import allowed_labels, allowed_relationship_types

X = "graphbuild.relations.v1"
CO, GOV, ORG = EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION


def _graph(with_semicolon: bool = True) -> KnowledgeGraph:
    """A small graph with values that break naive CSV: quotes, commas, line breaks, unicode,
    semicolons (the default array delimiter), a negated and a positive edge between one pair,
    a symmetric predicate, several pieces of evidence on one edge, a document without edges."""
    kg = KnowledgeGraph()
    docs = [
        Document("d1", "x", title='Amazon, ICE and the "pitch"', url="https://e.org/1", published="2026-01-05",
                 source="Example Wire"),
        Document("d2", "x", title="Zweite Meldung \u2013 Gr\u00fc\u00dfe", source="Beispiel"),
        Document("d3", "x", title="No relations here"),
    ]
    for d in docs:
        kg.documents[d.id] = d
    amazon = Entity("amazon", "Amazon", CO, ("Amazon.com", "Amazon, Inc."), "Q3884")
    ice = Entity("us-ice", "U.S. Immigration and Customs Enforcement", GOV, ("ICE",), "Q1137094")
    aclu = Entity("aclu", "American Civil Liberties Union", ORG,
                  ("ACLU", "ACLU; the union") if with_semicolon else ("ACLU",))
    acme = Entity("company/acme-1234abcd", 'Acme "Analytics"', CO)
    for e in (amazon, ice, aclu, acme):
        kg.add_entity(e)
    semi = "; it declined to comment" if with_semicolon else ", it declined to comment"
    rels = [
        Relation("amazon", Predicate.PITCHED, "us-ice",
                 Evidence("d1", 'Amazon pitched ICE, the agency said "twice".', 0, 45, X, 0.9), verb="pitch"),
        Relation("amazon", Predicate.PITCHED, "us-ice",
                 Evidence("d2", "Amazon pitched ICE\nagain in June" + semi + ".", 10, 60, X, 0.7), verb="pitch"),
        Relation("us-ice", Predicate.CONTRACTED_WITH, "amazon",
                 Evidence("d1", "ICE has no contract with Amazon.", 50, 82, X, 0.8), negated=True, verb="have"),
        Relation("amazon", Predicate.CONTRACTED_WITH, "us-ice",
                 Evidence("d2", "Amazon signed a contract with ICE.", 70, 104, X, 0.85), verb="sign"),
        Relation("aclu", Predicate.CRITICIZED, "amazon",
                 Evidence("d1", "The ACLU criticized Amazon \u2014 sharply.", 90, 130, X, 0.75), verb="criticize"),
        Relation("company/acme-1234abcd", Predicate.WORKS_FOR, "us-ice",
                 Evidence("d2", "Acme works for ICE as a contractor.", 120, 155, X, 0.6), verb="work",
                 role="contractor"),
    ]
    for r in rels:
        kg.add_relation(r)
    return kg


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_files_headers_and_labels_come_from_the_ontology(tmp_path: Path) -> None:
    report = write_neo4j_admin(_graph(with_semicolon=False), tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {*FILES, IMPORT_SCRIPT, SCHEMA_FILE}
    assert (report.documents, report.entities, report.relations) == (3, 4, 6)
    entities = _rows(tmp_path / "entities.csv")
    assert list(entities[0]) == ENTITY_HEADER
    assert {r[":LABEL"] for r in entities} == {"Entity;Company", "Entity;GovernmentBody", "Entity;Organization"}
    assert all(set(r[":LABEL"].split(";")) <= allowed_labels() for r in entities)
    relations = _rows(tmp_path / "relations.csv")
    assert list(relations[0]) == RELATION_HEADER
    assert {r[":TYPE"] for r in relations} == {"PITCHED", "CONTRACTED_WITH", "CRITICIZED", "WORKS_FOR"}
    assert {r[":TYPE"] for r in relations} <= allowed_relationship_types()
    assert {r[":TYPE"] for r in _rows(tmp_path / "mentions.csv")} == {"MENTIONS"}
    assert {r["id:ID(Document)"] for r in _rows(tmp_path / "documents.csv")} == {"d1", "d2", "d3"}
    evidence = _rows(tmp_path / "evidence.csv")
    assert list(evidence[0]) == EVIDENCE_HEADER
    assert {r[":LABEL"] for r in evidence} == {"Evidence"} <= allowed_labels()
    assert len(evidence) == 6 and {r["edge"] for r in evidence} == {r["key"] for r in relations}


def test_evidence_and_arrays_survive_quotes_line_breaks_and_semicolons(tmp_path: Path) -> None:
    report = write_neo4j_admin(_graph(), tmp_path)
    assert "array delimiter U+001F" in report.notes  # an alias holds a ';'
    script = (tmp_path / IMPORT_SCRIPT).read_text(encoding="utf-8")
    assert "--array-delimiter=U+001F" in script and "--multiline-fields=true" in script
    pitched = next(r for r in _rows(tmp_path / "relations.csv") if r[":TYPE"] == "PITCHED")
    evidence = [r["text"] for r in _rows(tmp_path / "evidence.csv") if r["edge"] == pitched["key"]]
    assert evidence == ['Amazon pitched ICE, the agency said "twice".',
                        "Amazon pitched ICE\nagain in June; it declined to comment."]
    assert pitched["sources:string[]"].split("\x1f") == ["d1", "d2"]
    assert (pitched["count:int"], pitched["confidence:double"], pitched["negated:boolean"]) == ("2", "0.9", "false")
    labels = {r[":LABEL"] for r in _rows(tmp_path / "entities.csv")}
    assert "Entity\x1fCompany" in labels  # several labels are split by the array delimiter too
    contracted = [r for r in _rows(tmp_path / "relations.csv") if r[":TYPE"] == "CONTRACTED_WITH"]
    assert sorted(r["negated:boolean"] for r in contracted) == ["false", "true"]


def test_semicolon_is_the_delimiter_when_no_value_holds_one(tmp_path: Path) -> None:
    report = write_neo4j_admin(_graph(with_semicolon=False), tmp_path)
    assert "array delimiter ;" in report.notes
    assert "--array-delimiter" not in (tmp_path / IMPORT_SCRIPT).read_text(encoding="utf-8")
    amazon = next(r for r in _rows(tmp_path / "entities.csv") if r["id:ID(Entity)"] == "amazon")
    assert amazon["aliases:string[]"].split(";") == ["Amazon, Inc.", "Amazon.com"]


def test_an_explicit_delimiter_found_in_a_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SinkError, match="array delimiter"):
        write_neo4j_admin(_graph(), tmp_path, array_delimiter=";")


def test_a_failed_export_leaves_the_previous_files_whole(tmp_path: Path) -> None:
    """The files are renamed into place only once all are written: an export that fails half-way
    (here on entities.csv, after documents.csv) leaves the previous export and no temporary file."""
    write_neo4j_admin(_graph(with_semicolon=False), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    kg = _graph()
    kg.documents["d4"] = Document("d4", "x", title="Only in the failed export")
    with pytest.raises(SinkError, match="array delimiter"):
        write_neo4j_admin(kg, tmp_path, array_delimiter=";")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert os.access(tmp_path / IMPORT_SCRIPT, os.X_OK)


def test_relation_without_its_entities_is_refused(tmp_path: Path) -> None:
    kg = _graph()
    del kg.entities["aclu"]
    with pytest.raises(SinkError, match="no entity record"):
        write_neo4j_admin(kg, tmp_path)


# --------------------------------------------------------------------------- real import

def _snapshot(driver: Any) -> dict[str, Any]:
    """Everything a user sees: nodes with labels and properties, relationships with type and
    properties (empty lists, nulls and arrays of empty strings are the same thing to
    neo4j-admin: absent; an edge none of whose sentences states a time is one)."""

    def empty(v: Any) -> bool:
        return v in (None, [], "") or (isinstance(v, list) and all(x == "" for x in v))

    def clean(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if not empty(v)}

    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")
    return {
        "nodes": sorted((sorted(r["labels"]), sorted(clean(r["props"]).items())) for r in nodes),
        "relationships": sorted((r["a"], r["type"], r["b"], sorted((k, str(v)) for k, v in clean(r["props"]).items()))
                                for r in rels),
    }


def _admin_import(csv_dir: Path, home: Path) -> None:
    from neo4j_server import LIB, java_executable

    java = java_executable()
    if java is None or not LIB.is_dir():
        pytest.skip("java or the Neo4j jars (tests/neo4j_launcher/target/lib) are missing")
    conf = home / "neo4j" / "conf"
    conf.mkdir(parents=True)
    (conf / "neo4j.conf").write_text("", encoding="utf-8")
    script = (csv_dir / IMPORT_SCRIPT).read_text(encoding="utf-8")
    args = shlex.split(script.split("\nneo4j-admin", 1)[1].replace("\\\n", " "))
    env = {**os.environ, "NEO4J_HOME": str(home / "neo4j"), "NEO4J_CONF": str(conf)}
    proc = subprocess.run([java, "-Xmx512m", "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool", *args,
                           "--max-off-heap-memory=256m"],
                          cwd=csv_dir, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "IMPORT DONE" in proc.stdout + proc.stderr


@pytest.mark.slow
def test_neo4j_admin_import_equals_the_batched_loader(tmp_path: Path, neo4j_server: Any, neo4j_db: Any) -> None:
    import neo4j
    from neo4j_server import start_neo4j

    from graphbuild.sinks.neo4j import load_graph

    kg = _graph()
    write_neo4j_admin(kg, tmp_path / "csv")
    load_graph(kg, neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    loaded = _snapshot(neo4j_db)

    home = tmp_path / "imported"
    _admin_import(tmp_path / "csv", home)
    password = secrets.token_urlsafe(18)
    with start_neo4j(password, data_dir=home) as server, \
            neo4j.GraphDatabase.driver(server.uri, auth=(server.user, password)) as driver:
        imported = _snapshot(driver)
    assert len(imported["nodes"]) == 3 + 4 + 6  # documents, entities, sentences
    assert len(imported["relationships"]) == len(loaded["relationships"])
    assert imported["nodes"] == loaded["nodes"]
    assert imported["relationships"] == loaded["relationships"]
