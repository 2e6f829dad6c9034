"""The ontology as code: closed vocabularies, RDF terms and Neo4j names derived from ``ontology/``."""

from __future__ import annotations

from graphbuild.vocab.ontology import (
    ASSERTION_NS,
    DOC_NS,
    ENTITY_NS,
    GB_NS,
    GRAPH_NS,
    WIKIDATA_NS,
    load_ontology,
    ontology_path,
    upper_snake,
)
from graphbuild.vocab.terms import EntityType, Predicate

__all__ = [
    "ASSERTION_NS",
    "DOC_NS",
    "ENTITY_NS",
    "GB_NS",
    "GRAPH_NS",
    "WIKIDATA_NS",
    "EntityType",
    "Predicate",
    "load_ontology",
    "ontology_path",
    "upper_snake",
]
