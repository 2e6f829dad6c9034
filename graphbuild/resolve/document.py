"""Within-document resolution: mentions -> canonical entities (aliases, acronyms, gazetteer)."""

from __future__ import annotations

from collections.abc import Sequence

from graphbuild.model.ids import entity_id, normalize_name
from graphbuild.model.records import (
    Document,
    DocumentGraph,
    Entity,
    Mention,
    MentionKind,
    Relation,
    RelationMention,
)
from graphbuild.nlp.gazetteer import Gazetteer, load_gazetteer


def _cluster_key(m: Mention, gaz: Gazetteer) -> str:
    if m.kb_id:
        return m.kb_id
    entry = gaz.lookup(m.text)
    if entry is not None:
        return entry.id
    return f"{m.type.value}:{normalize_name(m.text)}"


def resolve_document(document: Document, mentions: Sequence[Mention],
                     relation_mentions: Sequence[RelationMention],
                     gazetteer: Gazetteer | None = None) -> DocumentGraph:
    """Group mentions into entities and rewrite relation mentions onto entity ids."""
    gaz = gazetteer or load_gazetteer()
    by_id = gaz.by_id
    names: dict[str, set[str]] = {}
    types: dict[str, Mention] = {}
    for m in [*mentions, *(x for r in relation_mentions for x in (r.subject, r.object))]:
        key = _cluster_key(m, gaz)
        if m.kind in (MentionKind.NAME, MentionKind.ACRONYM):
            names.setdefault(key, set()).add(m.text)
        else:
            names.setdefault(key, set())
        types.setdefault(key, m)
    entities: dict[str, Entity] = {}
    for key, ns in names.items():
        m = types[key]
        entry = by_id.get(key)
        if entry is not None:
            name, etype, qid = entry.name, entry.type, entry.qid
            eid = entity_id(name, etype, kb_id=entry.id)
        else:
            name = max(ns or {m.text}, key=len)
            etype, qid = m.type, ""
            eid = entity_id(name, etype)
        aliases = tuple(sorted(ns - {name}))
        entities[key] = Entity(eid, name, etype, aliases, qid)
    relations = []
    for r in relation_mentions:
        s = entities[_cluster_key(r.subject, gaz)]
        o = entities[_cluster_key(r.object, gaz)]
        if s.id == o.id:
            continue
        relations.append(Relation(s.id, r.predicate, o.id, r.evidence, r.negated, r.verb, r.role))
    used = {r.subject for r in relations} | {r.object for r in relations}
    ents = tuple(sorted((e for e in entities.values() if e.id in used), key=lambda e: e.id))
    return DocumentGraph(document, ents, tuple(relations), tuple(mentions))
