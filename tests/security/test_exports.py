"""Control, bidi and zero-width characters through every exporter (finding 8); exports are
written whole or not at all."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from conftest import cli_env, graphbuild_cli

from graphbuild.builder import write_resolved
from graphbuild.errors import SinkError
from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.sinks.export import write_network
from graphbuild.sinks.store import GraphStore

pytestmark = pytest.mark.store

NASTY = "\x1b[31m\x07\u202e\u200b\u2066\x00\x0b"
SENTENCE = f"Ac{NASTY}me pitched ICE\u200b on a contract."


def nasty_graph() -> DocumentGraph:
    text = f"Hostile{NASTY} headline\n\n{SENTENCE}"
    doc = Document("hostile", text, title=f"Hostile{NASTY} headline", source="Wire\x1b[2J",
                   published="2026-01-05")
    acme = Entity(entity_id(f"Ac{NASTY}me", EntityType.COMPANY), f"Ac{NASTY}me", EntityType.COMPANY,
                  (f"A\u202eCME{NASTY}",))
    ice = Entity("us-ice", "ICE\u200b", EntityType.GOVERNMENT_BODY)
    start = text.index(SENTENCE)
    rel = Relation(acme.id, Predicate.PITCHED, ice.id,
                   Evidence(doc.id, SENTENCE, start, start + len(SENTENCE), "graphbuild.relations.v1", 0.9),
                   False, "pitch")
    return DocumentGraph(doc, (acme, ice), (rel,))


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "graph"
    with GraphStore(path) as store:
        write_resolved(store, [nasty_graph()])
    return path


def test_entity_names_are_cleaned_and_evidence_kept() -> None:
    g = nasty_graph()
    assert [e.name for e in g.entities] == ["Ac[31mme", "ICE"]
    assert g.entities[0].aliases == ("ACME[31m",)
    assert NASTY in g.relations[0].evidence.sentence  # the article's text, faithfully


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf"])
def test_every_export_parses(hostile_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    proc = subprocess.run(graphbuild_cli("export", "--store", str(hostile_store), "-o", str(out)),
                          env=cli_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    if fmt in ("graphml", "gexf"):
        ET.parse(out)  # well-formed XML
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        labels = " ".join(str(d) for _, d in g.nodes(data=True))
        assert "Ac[31mme" in labels and "\x1b" not in labels
        evidence = " ".join(str(d) for *_, d in g.edges(data=True))
        assert "\\x1b[31m" in evidence  # shown, not dropped
    else:
        rdf_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]
        ds = rdflib.Dataset()
        ds.parse(out, format=rdf_format)
        literals = [str(o) for _, _, o, _ in ds.quads() if isinstance(o, rdflib.Literal)]
        assert any(NASTY in lit for lit in literals)  # the evidence survives the round trip
        assert "Ac[31mme" in literals


def test_table_output_escapes_terminal_controls(hostile_store: Path) -> None:
    proc = subprocess.run(graphbuild_cli("query", "--store", str(hostile_store),
                                         "SELECT ?name WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }"),
                          env=cli_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout
    sentence = subprocess.run(graphbuild_cli("query", "--store", str(hostile_store),
                                             "SELECT ?s WHERE { GRAPH ?g { ?a ?p ?s "
                                             "FILTER(isLiteral(?s) && CONTAINS(STR(?s), 'pitched')) } }"),
                              env=cli_env(), capture_output=True, text=True, timeout=300)
    assert "\x1b" not in sentence.stdout and "\\x1b[31m" in sentence.stdout, sentence.stdout + sentence.stderr


def test_file_name_with_a_newline_cannot_forge_a_status_line(tmp_path: Path) -> None:
    bad = tmp_path / "x\ngraphbuild: 100 articles added.txt"
    bad.write_bytes(b"")  # empty: skipped with its name on stderr
    proc = subprocess.run(graphbuild_cli("extract", str(bad), "-o", str(tmp_path / "t.jsonl"), "-q"),
                          env=cli_env(), capture_output=True, text=True, timeout=300)
    assert not any(line.startswith("graphbuild: 100 articles") for line in proc.stderr.splitlines()), proc.stderr
    assert "x\\ngraphbuild: 100 articles added.txt" in proc.stderr


def test_failed_graphml_leaves_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    out.write_text("<previous/>", encoding="utf-8")
    g = nx.MultiDiGraph()
    g.add_node("a", weight=1j)  # GraphML has no complex numbers: the writer fails mid-file
    with pytest.raises(SinkError, match="cannot write"):
        write_network(g, out, "graphml")
    assert out.read_text(encoding="utf-8") == "<previous/>"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]  # no temporary left behind


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_export_into_a_read_only_folder_is_one_line(hostile_store: Path, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        proc = subprocess.run(graphbuild_cli("export", "--store", str(hostile_store), "-o", str(ro / "g.ttl")),
                              env=cli_env(), capture_output=True, text=True, timeout=300)
    finally:
        ro.chmod(0o700)
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and "cannot write" in proc.stderr


def test_export_onto_a_folder_is_one_line_and_leaves_nothing(hostile_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.ttl"
    target.mkdir()  # a folder where the file should go: the final rename fails
    proc = subprocess.run(graphbuild_cli("export", "--store", str(hostile_store), "-o", str(target)),
                          env=cli_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.count("\n") == 1 and "cannot write" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl"]


def test_jsonl_of_the_hostile_graph_is_valid(hostile_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonld"
    subprocess.run(graphbuild_cli("export", "--store", str(hostile_store), "-o", str(out)),
                   env=cli_env(), check=True, capture_output=True, timeout=300)
    json.loads(out.read_text(encoding="utf-8"))
