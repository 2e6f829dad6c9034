"""The ontology as code: generated enums are fresh, RDF terms come from the TTL and nowhere else."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from graphbuild.errors import OntologyError
from graphbuild.model import EntityType, Predicate
from graphbuild.vocab.generate import TERMS_PATH, render_terms_module
from graphbuild.vocab.ontology import GB_NS, ONTOLOGY_FILE, SHAPES_FILE, ontology_path
from graphbuild.vocab.rdf import (
    GB,
    class_term,
    doc_id_from_iri,
    document_iri,
    entity_id_from_iri,
    entity_iri,
    predicate_from_term,
    predicate_term,
    type_from_term,
)


def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path(ONTOLOGY_FILE), format="turtle")


def test_generated_terms_module_is_not_stale():
    assert TERMS_PATH.read_text(encoding="utf-8") == render_terms_module(), \
        "run: python -m graphbuild.vocab.generate"


def test_every_predicate_and_class_has_a_term_in_the_ontology():
    g = ontology()
    for p in Predicate:
        term = predicate_term(p)
        assert (term, RDF.type, OWL.ObjectProperty) in g
        assert g.value(term, RDFS.label) is not None and g.value(term, RDFS.comment) is not None
        assert g.value(term, RDFS.domain) is not None and g.value(term, RDFS.range) is not None
        group = g.value(term, RDFS.subPropertyOf)
        assert (group, RDFS.subPropertyOf, GB.relation) in g
        assert predicate_from_term(term) is p
        assert ((term, RDF.type, OWL.SymmetricProperty) in g) == p.symmetric
    for t in EntityType:
        term = class_term(t)
        assert (term, RDF.type, OWL.Class) in g
        assert type_from_term(term) is t


def test_symmetric_predicates_are_the_designed_ones():
    assert {p.value for p in Predicate if p.symmetric} == {"contractedWith", "partneredWith", "metWith"}


def test_works_for_keeps_a_role():
    assert "role" in str(ontology().value(GB.worksFor, RDFS.comment))
    assert (GB.role, RDFS.domain, GB.Assertion) in ontology()


def test_closed_namespace_refuses_unknown_terms():
    assert str(GB.pitched) == GB_NS + "pitched"
    assert GB["Assertion"] == rdflib.URIRef(GB_NS + "Assertion")
    with pytest.raises(OntologyError, match="pitchd"):
        GB.pitchd  # noqa: B018
    with pytest.raises(OntologyError):
        GB["Organisation"]
    with pytest.raises(OntologyError):
        predicate_from_term("https://example.org/pitched")
    with pytest.raises(OntologyError):
        type_from_term(GB.pitched)


def test_every_gb_term_used_by_the_rdf_sink_is_declared():
    declared = set(dir(GB))
    for name in ("Assertion", "Document", "evidence", "startOffset", "endOffset", "confidence",
                 "extractor", "negated", "verb", "role", "contentHash", "url", "outlet", "wikidata",
                 "mentions"):
        assert name in declared


@pytest.mark.parametrize("raw", ["us-ice", "company/amazon-1a2b", "wd/Q42", "a b/c?d#e", "Ünïcødé/名前"])
def test_iris_round_trip_ids(raw):
    assert entity_id_from_iri(entity_iri(raw)) == raw
    assert doc_id_from_iri(document_iri(raw)) == raw
    assert " " not in entity_iri(raw) and "#" not in str(entity_iri(raw))[8:]


def test_shapes_file_parses_and_targets_the_ontology():
    shapes = rdflib.Graph().parse(ontology_path(SHAPES_FILE), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, sh.targetClass))
    assert {GB.Assertion, GB.Document} <= targets
    for term in shapes.all_nodes():
        if isinstance(term, rdflib.URIRef) and str(term).startswith(GB_NS):
            assert str(term)[len(GB_NS):] in dir(GB), f"{term} is not in the ontology"


def test_importing_the_vocabulary_does_not_read_the_ontology():
    import subprocess
    import sys

    code = ("import graphbuild.vocab.rdf, graphbuild.sinks.rdf, graphbuild.sinks.store;"
            "from graphbuild.vocab.rdf import gb_terms, _gb_namespace;"
            "assert gb_terms.cache_info().currsize == 0 and _gb_namespace.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True)
