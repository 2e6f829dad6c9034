"""RDF terms from the ontology: a closed ``gb:`` namespace read from ``ontology/graphbuild.ttl``.

``GB.pitched`` is the IRI of the ``pitched`` predicate; ``GB.pitchd`` raises
:class:`~graphbuild.errors.OntologyError`, so a term that is not in the ontology cannot reach a
store. The ontology is read on first use, never at import time.

IRIs of graph nodes are built here too, from model ids, so every sink and query agrees on them:

* entities   ``https://w3id.org/graphbuild/entity/<id>``   (default graph)
* documents  ``https://w3id.org/graphbuild/doc/<id>``       (in the document's named graph)
* assertions ``https://w3id.org/graphbuild/assertion/<hash>`` (in the document's named graph)
* named graph of a document ``https://w3id.org/graphbuild/graph/<doc id>``

>>> from graphbuild.vocab.rdf import GB, entity_iri
>>> str(GB.pitched)
'https://w3id.org/graphbuild/ontology#pitched'
>>> str(entity_iri("us-ice"))
'https://w3id.org/graphbuild/entity/us-ice'
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import (
    ASSERTION_NS,
    DOC_NS,
    ENTITY_NS,
    GB_NS,
    GRAPH_NS,
    ONTOLOGY_FILE,
    WIKIDATA_NS,
    ontology_path,
)
from graphbuild.vocab.terms import EntityType, Predicate

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "DCTERMS", "GB", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "OntologyNamespace",
    "assertion_iri", "class_term", "document_iri", "entity_iri", "entity_id_from_iri",
    "doc_id_from_iri", "graph_iri", "local_part", "ox", "predicate_from_term", "predicate_term",
    "type_from_term", "wikidata_iri", "gb_terms",
]

# Characters kept as they are in the local part of an IRI; everything else is percent-encoded
# (UTF-8), so any model id gives a valid IRI and the id comes back with ``unquote``.
_SAFE = "/-_.~:"


class OntologyNamespace(ClosedNamespace):
    """A closed namespace whose unknown terms raise :class:`OntologyError`."""

    def term(self, name: str) -> URIRef:
        try:
            return super().term(name)
        except KeyError:
            raise OntologyError(f"gb:{name} is not a term of ontology/{ONTOLOGY_FILE}; add it "
                                "there (and run python -m graphbuild.vocab.generate)") from None

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.term(name)


@lru_cache(maxsize=1)
def gb_terms() -> tuple[str, ...]:
    """Local names of every term the ontology defines in the ``gb:`` namespace."""
    import rdflib

    g = rdflib.Graph()
    try:
        g.parse(ontology_path(ONTOLOGY_FILE), format="turtle")
    except Exception as exc:  # rdflib raises many parser error types
        raise OntologyError(f"cannot parse the ontology: {exc}") from exc
    names = {str(s)[len(GB_NS):] for s in g.subjects() if str(s).startswith(GB_NS)}
    names.discard("")
    return tuple(sorted(names))


@lru_cache(maxsize=1)
def _gb_namespace() -> OntologyNamespace:
    return OntologyNamespace(GB_NS, list(gb_terms()))


class _LazyNamespace:
    """Stands for the ``gb:`` namespace until it is first used (the TTL is read then)."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(_gb_namespace(), name)

    def __getitem__(self, name: str) -> URIRef:
        return _gb_namespace()[name]

    def __contains__(self, ref: str) -> bool:
        return ref in _gb_namespace()

    def __str__(self) -> str:
        return GB_NS

    def __repr__(self) -> str:
        return f"GB({GB_NS!r})"

    def __dir__(self) -> list[str]:
        return list(gb_terms())


GB = _LazyNamespace()


def predicate_term(predicate: Predicate) -> URIRef:
    return GB[Predicate(predicate).value]


def class_term(entity_type: EntityType) -> URIRef:
    return GB[EntityType(entity_type).value]


def predicate_from_term(term: str) -> Predicate:
    """``gb:pitched`` IRI -> :class:`Predicate`; anything else raises OntologyError."""
    s = str(term)
    if s.startswith(GB_NS):
        try:
            return Predicate(s[len(GB_NS):])
        except ValueError:
            pass
    raise OntologyError(f"{s} is not a relation predicate of the ontology")


def type_from_term(term: str) -> EntityType:
    s = str(term)
    if s.startswith(GB_NS):
        try:
            return EntityType(s[len(GB_NS):])
        except ValueError:
            pass
    raise OntologyError(f"{s} is not an entity class of the ontology")


def local_part(value: str) -> str:
    """A model id as the local part of an IRI (UTF-8 percent-encoded but for ``/-_.~:``).

    >>> local_part("company/acme inc")
    'company/acme%20inc'
    """
    return quote(value, safe=_SAFE)


def entity_iri(entity_id: str) -> URIRef:
    return URIRef(ENTITY_NS + local_part(entity_id))


def document_iri(doc_id: str) -> URIRef:
    return URIRef(DOC_NS + local_part(doc_id))


def graph_iri(doc_id: str) -> URIRef:
    """The named graph that holds a document's node and its assertions."""
    return URIRef(GRAPH_NS + local_part(doc_id))


def assertion_iri(digest: str) -> URIRef:
    return URIRef(ASSERTION_NS + digest)


def wikidata_iri(qid: str) -> URIRef:
    return URIRef(WIKIDATA_NS + local_part(qid))


def _strip(prefix: str, iri: str) -> str:
    s = str(iri)
    if not s.startswith(prefix):
        raise OntologyError(f"{s} is not a graphbuild IRI under {prefix}")
    return unquote(s[len(prefix):])


def entity_id_from_iri(iri: str) -> str:
    return _strip(ENTITY_NS, iri)


def doc_id_from_iri(iri: str) -> str:
    return _strip(DOC_NS, iri)


@lru_cache(maxsize=4096)
def ox(term: str) -> pyoxigraph.NamedNode:
    """The pyoxigraph form of a vocabulary IRI (cached: vocabulary terms are few)."""
    import pyoxigraph

    return pyoxigraph.NamedNode(str(term))
