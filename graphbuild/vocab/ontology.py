"""Read the ontology files shipped in ``graphbuild.ontology`` (the top-level ``ontology/`` folder)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graphbuild.errors import OntologyError

GB_NS = "https://w3id.org/graphbuild/ontology#"
ENTITY_NS = "https://w3id.org/graphbuild/entity/"
DOC_NS = "https://w3id.org/graphbuild/doc/"
ASSERTION_NS = "https://w3id.org/graphbuild/assertion/"
GRAPH_NS = "https://w3id.org/graphbuild/graph/"
WIKIDATA_NS = "http://www.wikidata.org/entity/"

ONTOLOGY_FILE = "graphbuild.ttl"
SHAPES_FILE = "shapes.ttl"
LEXICON_FILE = "lexicon.tsv"
GAZETTEER_FILE = "gazetteer.jsonl"
NAME_WORDS_FILE = "name_words.tsv"
EXPORT_TYPES_FILE = "export_types.tsv"
OPENSANCTIONS_NS = "https://www.opensanctions.org/entities/"


def ontology_path(name: str) -> Path:
    """Path of a file in the shipped ontology folder."""
    try:
        path = Path(str(resources.files("graphbuild.ontology").joinpath(name)))
    except ModuleNotFoundError:
        # Running from a source checkout (package-dir mapping not installed): ontology/ is
        # beside the package.
        path = Path(__file__).resolve().parents[2] / "ontology" / name
    if not path.exists():
        raise OntologyError(f"ontology file {name!r} is missing from the installed package")
    return path


@dataclass(frozen=True, slots=True)
class PredicateInfo:
    name: str
    label: str
    comment: str
    group: str
    symmetric: bool
    domain: frozenset[str] = frozenset()  # entity classes allowed as subject (empty: any)
    range: frozenset[str] = frozenset()  # entity classes allowed as object (empty: any)


@dataclass(frozen=True, slots=True)
class ClassInfo:
    name: str
    label: str
    comment: str


@dataclass(frozen=True, slots=True)
class Ontology:
    classes: tuple[ClassInfo, ...]
    predicates: tuple[PredicateInfo, ...]
    groups: tuple[str, ...]


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Parse the OWL file: entity classes (``gb:entityClass true``), predicates (``gb:predicate true``)."""
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    g = rdflib.Graph()
    try:
        g.parse(ontology_path(ONTOLOGY_FILE), format="turtle")
    except Exception as exc:  # rdflib raises many parser error types
        raise OntologyError(f"cannot parse the ontology: {exc}") from exc
    gb = rdflib.Namespace(GB_NS)

    def local(term: object) -> str:
        return str(term)[len(GB_NS):]

    def text(subject: rdflib.term.Node, predicate: rdflib.URIRef) -> str:
        value = g.value(subject, predicate)
        return "" if value is None else str(value)

    classes = []
    for c in sorted(g.subjects(gb.entityClass, rdflib.Literal(True)), key=str):
        classes.append(ClassInfo(local(c), text(c, RDFS.label), text(c, RDFS.comment)))
    entity_classes = {local(c) for c in g.subjects(gb.entityClass, rdflib.Literal(True))}

    def members(cls: rdflib.term.Node) -> frozenset[str]:
        """The entity classes a domain or range admits (empty: any, e.g. owl:Thing)."""
        if not str(cls).startswith(GB_NS):
            return frozenset()
        found = {local(cls)} & entity_classes
        for sub in g.transitive_subjects(RDFS.subClassOf, cls):
            if sub != cls:
                found |= {local(sub)} & entity_classes
        return frozenset(found)

    preds = []
    groups = set()
    for p in g.subjects(gb.predicate, rdflib.Literal(True)):
        group = g.value(p, RDFS.subPropertyOf)
        groups.add(local(group))
        domain, range_ = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        preds.append(PredicateInfo(local(p), text(p, RDFS.label), text(p, RDFS.comment), local(group),
                                   (p, RDF.type, OWL.SymmetricProperty) in g,
                                   members(domain) if domain is not None else frozenset(),
                                   members(range_) if range_ is not None else frozenset()))
    preds.sort(key=lambda p: p.name)
    return Ontology(tuple(classes), tuple(preds), tuple(sorted(groups)))


def upper_snake(name: str) -> str:
    """``partOf`` -> ``PART_OF``: Neo4j relationship type of a predicate."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()
