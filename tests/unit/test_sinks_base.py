"""One Sink protocol: the store, the RDF file writer, Neo4j and the neo4j-admin CSV exporter."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from graphbuild.model import KnowledgeGraph
from graphbuild.resolve.corpus import resolve_corpus
from graphbuild.sinks.base import Sink
from graphbuild.sinks.neo4j import Neo4jSink
from graphbuild.sinks.neo4j_csv import Neo4jAdminSink, write_neo4j_admin
from graphbuild.sinks.rdf import RdfFileSink, write_nquads
from graphbuild.sinks.store import GraphStore
from graphbuild.vocab.rdf import entity_iri

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_sinks", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


def test_every_sink_is_a_sink(tmp_path):
    with GraphStore(None) as store:
        assert isinstance(store, Sink)
    assert isinstance(RdfFileSink(io.BytesIO()), Sink)
    assert isinstance(Neo4jAdminSink(tmp_path / "csv"), Sink)
    assert isinstance(Neo4jSink(driver=None), Sink)  # the driver is only used by write


def test_rdf_file_sink_in_several_writes_is_the_one_stream_write_nquads_gives():
    graphs = list(resolve_corpus(hm.corpus()))
    whole = io.BytesIO()
    write_nquads(resolve_corpus(hm.corpus()), whole)
    parts = io.BytesIO()
    with RdfFileSink(parts, "nq") as sink:
        sink.write(graphs[:2])
        sink.write(graphs[2:])
    assert parts.getvalue() == whole.getvalue()
    assert sink.report.documents == len(graphs) and sink.report.entities > 0


def test_write_nquads_writes_the_graphs_as_given_and_the_caller_resolves():
    # two articles name one company differently: resolution (above the sink) joins them
    graphs = list(hm.corpus())
    ids = {e.id for dg in graphs for e in dg.entities}
    resolved_ids = {e.id for dg in resolve_corpus(hm.corpus()) for e in dg.entities}
    as_given, resolved = io.BytesIO(), io.BytesIO()
    write_nquads(iter(graphs), as_given, resolved=False)
    write_nquads(resolve_corpus(hm.corpus()), resolved)
    joined = ids - resolved_ids
    assert joined  # the fixture has names to join across articles
    assert all(f"<{entity_iri(i)}>" in as_given.getvalue().decode() for i in joined)
    assert not any(f"<{entity_iri(i)}>" in resolved.getvalue().decode() for i in joined)


def test_neo4j_admin_sink_writes_at_close_what_the_exporter_writes(tmp_path):
    graphs = list(resolve_corpus(hm.corpus()))
    with Neo4jAdminSink(tmp_path / "sink") as sink:
        sink.write(graphs)
        assert not (tmp_path / "sink").exists()  # nothing before close
    write_neo4j_admin(KnowledgeGraph.from_documents(graphs), tmp_path / "direct")
    for name in ("documents.csv", "entities.csv", "mentions.csv", "relations.csv"):
        assert (tmp_path / "sink" / name).read_bytes() == (tmp_path / "direct" / name).read_bytes()
    assert sink.report is not None and sink.report.relations == len(KnowledgeGraph.from_documents(graphs).relations)


def test_neo4j_admin_sink_writes_nothing_after_an_error(tmp_path):
    try:
        with Neo4jAdminSink(tmp_path / "out") as sink:
            sink.write(hm.corpus()[:1])
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert not (tmp_path / "out").exists()


def test_store_writes_an_entity_record_only_when_it_differs_from_the_stored_one():
    from dataclasses import replace

    from graphbuild.builder import write_resolved

    graphs = list(resolve_corpus(hm.corpus()))
    with GraphStore(None) as store:
        first = write_resolved(store, graphs)
        assert first.entities > 0
        dg = graphs[0]
        again = replace(dg, document=replace(dg.document, text=dg.document.text + " "))  # new version
        assert store.write([again]).entities == 0  # same records: nothing to rewrite
        e = dg.entities[0]
        renamed = replace(again, document=replace(again.document, text=again.document.text + " "),
                          entities=(replace(e, aliases=(*e.aliases, "Another Name")), *dg.entities[1:]))
        assert store.write([renamed]).entities == 1
        assert "Another Name" in store.get_entity(e.id).aliases
