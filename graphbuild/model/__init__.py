"""Plain records shared by every stage: documents, mentions, entities, relations, evidence."""

from __future__ import annotations

from graphbuild.model.graph import KnowledgeGraph, merge_entities
from graphbuild.model.ids import entity_id, normalize_name
from graphbuild.model.records import (
    Document,
    DocumentGraph,
    Entity,
    EventTime,
    Evidence,
    Mention,
    MentionKind,
    Money,
    Relation,
    RelationMention,
)
from graphbuild.vocab.terms import EntityType, Predicate

__all__ = [
    "Document",
    "DocumentGraph",
    "Entity",
    "EntityType",
    "EventTime",
    "Evidence",
    "KnowledgeGraph",
    "Mention",
    "MentionKind",
    "Money",
    "Predicate",
    "Relation",
    "RelationMention",
    "entity_id",
    "merge_entities",
    "normalize_name",
]
