"""Result records of the investigator queries; every backend (store, Neo4j) returns these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Neighbor:
    """One edge between the asked entity and a neighbour.

    ``direction`` is ``"out"`` when the asked entity is the subject, ``"in"`` otherwise.
    """

    entity_id: str
    name: str
    type: str
    predicate: str
    direction: str
    negated: bool
    sources: tuple[str, ...]  # document ids, sorted


@dataclass(frozen=True, slots=True, order=True)
class EvidenceRow:
    """One sentence that states an edge between two entities."""

    subject: str  # canonical names
    predicate: str
    object: str
    negated: bool
    doc_id: str
    doc_title: str
    sentence: str
    start: int
    end: int
    confidence: float
    doc_url: str = ""  # the article's address, "" when unknown
    doc_published: str = ""  # the article's publication date (ISO), "" when unknown


@dataclass(frozen=True, slots=True, order=True)
class PathStep:
    subject: str  # canonical names, in the edge's own direction
    predicate: str
    object: str


@dataclass(frozen=True, slots=True, order=True)
class Path:
    """A chain of edges (ignoring direction, positive edges only) from one entity to another."""

    names: tuple[str, ...]  # entity names along the path, first = start
    steps: tuple[PathStep, ...]


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """An entity a name matches, as shown when a name matches several."""

    entity_id: str
    name: str
    type: str
    articles: int  # documents that mention it


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """One node of the graph as ``graphbuild entities`` shows it."""

    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    ids: tuple[str, ...]  # external ids: Wikidata QID, OpenSanctions id
    articles: int
    degree: int  # distinct edges (subject, predicate, object, negated) it takes part in
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AmbiguousName:
    """A name (normalised) that several entities of one class carry: they were kept apart."""

    key: str
    type: str
    entities: tuple[EntityInfo, ...]
