"""The corpus-level graph: documents, canonical entities and relations, merged idempotently."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graphbuild.model.records import Document, DocumentGraph, Entity, Relation


def merge_entities(a: Entity, b: Entity) -> Entity:
    """Union of two records of the same entity: the fuller name wins, aliases are united."""
    name = a.name if len(a.name) >= len(b.name) else b.name
    names = {a.name, b.name, *a.aliases, *b.aliases}
    names.discard(name)
    return Entity(a.id, name, a.type, tuple(sorted(names)), a.qid or b.qid)


@dataclass
class KnowledgeGraph:
    """Documents, entities and relations of a corpus.

    Adding the same document twice changes nothing; relations are kept per evidence and grouped
    into edges by :pyattr:`Relation.key`.

    >>> kg = KnowledgeGraph()
    >>> len(kg.entities)
    0
    """

    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[tuple, Relation] = field(default_factory=dict)
    # review status ("accepted" / "rejected") of relations a person reviewed, by relations' key
    reviewed: dict[tuple, str] = field(default_factory=dict)

    def add_entity(self, entity: Entity) -> None:
        old = self.entities.get(entity.id)
        self.entities[entity.id] = entity if old is None else merge_entities(old, entity)

    def add_relation(self, rel: Relation) -> None:
        ev = rel.evidence
        key = (*rel.key, ev.doc_id, ev.start, ev.end)
        self.relations[key] = rel

    def add(self, doc_graph: DocumentGraph) -> None:
        self.documents[doc_graph.document.id] = doc_graph.document
        for e in doc_graph.entities:
            self.add_entity(e)
        for r in doc_graph.relations:
            self.add_relation(r)

    @classmethod
    def from_documents(cls, doc_graphs: Iterable[DocumentGraph]) -> KnowledgeGraph:
        kg = cls()
        for dg in doc_graphs:
            kg.add(dg)
        return kg

    def edges(self) -> dict[tuple[str, str, str, bool], list[Relation]]:
        """Relations grouped by edge key, evidence in a stable order."""
        out: dict[tuple[str, str, str, bool], list[Relation]] = {}
        for k in sorted(self.relations):
            rel = self.relations[k]
            out.setdefault(rel.key, []).append(rel)
        return out

    def review_of(self, rels: Iterable[Relation]) -> str:
        """Review status of an edge from its relations: ``accepted`` when a person accepted any
        of them, ``rejected`` when every one was rejected, else ``""``."""
        states = [self.reviewed.get((*r.key, r.evidence.doc_id, r.evidence.start, r.evidence.end), "")
                  for r in rels]
        if "accepted" in states:
            return "accepted"
        return "rejected" if states and all(s == "rejected" for s in states) else ""

    def iter_relations(self) -> Iterator[Relation]:
        for k in sorted(self.relations):
            yield self.relations[k]
