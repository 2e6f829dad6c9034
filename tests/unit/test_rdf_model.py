"""Model -> RDF: plain triples, statement nodes, deterministic IRIs, streaming writers, round trip."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pyoxigraph as ox
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graphbuild.builder import write_resolved
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
from graphbuild.resolve.corpus import resolve_corpus
from graphbuild.sinks.rdf import (
    document_graph_quads,
    knowledge_graph_from_quads,
    shacl_report,
    to_rdflib_dataset,
    to_rdflib_graph,
    write_nquads,
    write_ntriples,
)
from graphbuild.sinks.store import GraphStore
from graphbuild.vocab.rdf import GB, RDF, entity_iri

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_rdf", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


def test_positive_relation_is_plain_triple_and_statement():
    g = to_rdflib_graph(document_graph_quads(hm.article_pitch()))
    amazon, ice = rdflib.URIRef(entity_iri("amazon")), rdflib.URIRef(entity_iri("us-ice"))
    assert (amazon, GB.pitched, ice) in g
    [a] = list(g.subjects(RDF.predicate, GB.pitched))
    assert (a, RDF.type, GB.Assertion) in g
    assert (a, RDF.subject, amazon) in g and (a, RDF.object, ice) in g
    assert str(g.value(a, GB.evidence)) == hm.PITCH_SENTENCE
    assert g.value(a, GB.negated).toPython() is False
    assert str(g.value(g.value(a, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
                       rdflib.URIRef("http://purl.org/dc/terms/title"))) == "Amazon courted the agency"


def test_negated_relation_is_only_a_statement():
    g = to_rdflib_graph(document_graph_quads(hm.article_contract()))
    assert not list(g.triples((None, GB.contractedWith, None)))
    [a] = list(g.subjects(RDF.predicate, GB.contractedWith))
    assert g.value(a, GB.negated).toPython() is True


def test_symmetric_plain_triple_in_both_directions():
    g = to_rdflib_graph(document_graph_quads(hm.article_exchange()))
    aws, ice_co = rdflib.URIRef(entity_iri("aws")), rdflib.URIRef(entity_iri(hm.ICE_EXCHANGE.id))
    assert (aws, GB.partneredWith, ice_co) in g and (ice_co, GB.partneredWith, aws) in g


def test_iris_are_deterministic():
    a = {str(q) for q in document_graph_quads(hm.article_pitch())}
    b = {str(q) for q in document_graph_quads(hm.article_pitch())}
    assert a == b


@given(st.text(min_size=1, max_size=40))
def test_pyoxigraph_nodes_are_the_vocabulary_iris(value):
    # the writers build nodes directly; they must stay the IRIs every query and rdflib user sees
    from graphbuild.sinks import rdf as r
    from graphbuild.vocab import rdf as v

    assert r.entity_node(value).value == str(v.entity_iri(value))
    assert r.document_node(value).value == str(v.document_iri(value))
    assert r.graph_node(value).value == str(v.graph_iri(value))


def test_each_document_has_its_named_graph():
    ds = to_rdflib_dataset(document_graph_quads(hm.article_pitch()))
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/graphbuild/graph/pitch" in names


def test_streaming_writers_match_the_store(tmp_path):
    nq, nt = io.BytesIO(), io.BytesIO()
    report = write_nquads(resolve_corpus(hm.corpus()), nq)
    write_ntriples(resolve_corpus(hm.corpus()), nt)
    assert report.documents == 3 and report.triples > 0
    with GraphStore(None) as store:
        write_resolved(store, hm.corpus())
        expected = to_rdflib_graph(store.quads())
        ds = rdflib.Dataset()
        ds.parse(data=nq.getvalue().decode(), format="nquads")
        from_nq = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            from_nq.add((s, p, o))
        assert isomorphic(from_nq, expected)
        assert isomorphic(rdflib.Graph().parse(data=nt.getvalue().decode(), format="nt"), expected)


def test_streamed_file_conforms_to_shapes():
    out = io.BytesIO()
    write_ntriples(resolve_corpus(hm.corpus()), out)
    conforms, text = shacl_report(rdflib.Graph().parse(data=out.getvalue().decode(), format="nt"))
    assert conforms, text


# ------------------------------------------------------------------------------ round trip

names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
entity_types = st.sampled_from(list(EntityType))


@st.composite
def relations(draw):
    s_name, o_name = draw(names), draw(names)
    s_type, o_type = draw(entity_types), draw(entity_types)
    s = Entity(entity_id(s_name, s_type), s_name, s_type)
    o = Entity(entity_id(o_name, o_type), o_name, o_type)
    if s.id == o.id:
        o = Entity(o.id + "-2", o_name, o_type)
    doc_id = draw(st.text(min_size=1, max_size=20))
    start = draw(st.integers(0, 10_000))
    ev = Evidence(doc_id, draw(st.text(max_size=200)), start, start + draw(st.integers(0, 500)),
                  draw(st.text(min_size=1, max_size=30)),
                  draw(st.floats(0, 1, allow_nan=False)))
    rel = Relation(s.id, draw(st.sampled_from(list(Predicate))), o.id, ev, draw(st.booleans()),
                   draw(st.text(max_size=20)), draw(st.text(max_size=20)))
    doc = Document(doc_id, "text", title=draw(st.text(max_size=50)))
    return DocumentGraph(doc, (s, o), (rel,))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(relations())
def test_relation_round_trips_through_nquads(dg):
    data = ox.serialize(document_graph_quads(dg), format=ox.RdfFormat.N_QUADS)
    kg = knowledge_graph_from_quads(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    [got] = list(kg.iter_relations())
    [want] = dg.relations
    assert got.key == want.key
    assert got.evidence.doc_id == want.evidence.doc_id
    assert got.evidence.sentence == want.evidence.sentence
    assert (got.evidence.start, got.evidence.end) == (want.evidence.start, want.evidence.end)
    assert got.evidence.extractor == want.evidence.extractor
    assert abs(got.evidence.confidence - want.evidence.confidence) < 1e-6
    assert (got.negated, got.verb, got.role) == (want.negated, want.verb, want.role)
    for e in dg.entities:
        back = kg.entities[e.id]
        assert (back.name, back.type) == (e.name, e.type)
    assert kg.documents[dg.document.id].title == dg.document.title
    # and rdflib reads the same bytes
    rdflib.Dataset().parse(data=data.decode("utf-8"), format="nquads")
