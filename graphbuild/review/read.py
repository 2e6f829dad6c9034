"""The graph as outputs see it after review.

The store holds everything, with the decisions replayed in its review graph; what an output
shows is composed here, above the store. :func:`knowledge_graph` reads the store with rejected
assertions left out (unless ``include_rejected``) and the review status of reviewed relations
in :pyattr:`~graphbuild.model.KnowledgeGraph.reviewed`: networkx, drawings, neo4j-admin CSV, the
Neo4j loader, FollowTheMoney and notebooks read it. :func:`export` writes the same view to a
file in any export format (:func:`visible_quads` is its filter for RDF).

:func:`apply_to_graph` replays decisions on an in-memory graph (relations read from
``triples.jsonl`` rather than a store), with the same meaning as the store replay.

>>> from graphbuild.model import KnowledgeGraph
>>> apply_to_graph(KnowledgeGraph(), []).relations
{}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.names import canonical_name
from graphbuild.model.records import Entity, Relation
from graphbuild.review.decisions import Decision
from graphbuild.review.store import (
    ACCEPTED,
    REJECTED,
    added_relation,
    names_alias,
    review_statuses,
)
from graphbuild.sinks import rdf as r
from graphbuild.vocab import rdf as v
from graphbuild.vocab.terms import EntityType

if TYPE_CHECKING:
    from graphbuild.sinks.store import GraphStore


def _rejected_nodes(st: ox.Store) -> set[str]:
    return {str(v.assertion_iri(a)) for a, s in review_statuses(st).items() if s == REJECTED}


def visible_quads(st: ox.Store, include_rejected: bool = False) -> Iterator[ox.Quad]:
    """Every quad, less the statement nodes of rejected assertions (and their status quads)."""
    hidden = set() if include_rejected else _rejected_nodes(st)
    for q in st:
        if hidden and q.subject.value in hidden:
            continue
        yield q


def has_rejected(st: ox.Store) -> bool:
    return bool(_rejected_nodes(st))


def knowledge_graph(store: GraphStore, include_rejected: bool = False) -> KnowledgeGraph:
    """Entities, documents and relations of the store as review leaves them."""
    st = store.oxigraph
    kg = r.knowledge_graph_from_quads(visible_quads(st, include_rejected))
    statuses = review_statuses(st)
    if statuses:
        for key, rel in kg.relations.items():
            status = statuses.get(r.assertion_digest(rel))
            if status:
                kg.reviewed[key] = status
    return kg


def export(store: GraphStore, path: str | Path, format: str | None = None,
           include_rejected: bool = False) -> str:
    """Write the store as review leaves it to ``path`` (``-`` = stdout), in any format of
    :meth:`GraphStore.export <graphbuild.sinks.store.GraphStore.export>`; returns the format
    used. Assertions a reviewer rejected are left out unless ``include_rejected``.

    >>> import tempfile
    >>> from graphbuild.sinks.store import GraphStore
    >>> with GraphStore(None) as store, tempfile.TemporaryDirectory() as tmp:
    ...     export(store, Path(tmp) / "graph.nt")
    'nt'
    """
    from graphbuild.sinks.store import GraphStore, format_for_path

    fmt = format_for_path(path, format) if str(path) != "-" or format else "nq"
    if fmt in ("neo4j-admin", "graphml", "gexf"):  # written from the graph: statuses kept
        from graphbuild.model.networkx import kg_to_networkx
        from graphbuild.sinks.neo4j_csv import write_neo4j_admin
        from graphbuild.sinks.store import write_network

        kg = knowledge_graph(store, include_rejected)
        if fmt == "neo4j-admin":
            write_neo4j_admin(kg, Path(path))
        else:
            write_network(kg_to_networkx(kg), path, fmt)
        return fmt
    if include_rejected or not has_rejected(store.oxigraph):
        return store.export(path, fmt)
    with GraphStore(None) as shown:  # the same store without the rejected statements
        shown.oxigraph.extend(visible_quads(store.oxigraph))
        return shown.export(path, fmt)


# ------------------------------------------------------------------------------ in memory

def _rel_key(rel: Relation) -> tuple:
    ev = rel.evidence
    return (*rel.key, ev.doc_id, ev.start, ev.end)


def _find(kg: KnowledgeGraph, d: Decision) -> list[tuple]:
    out = [k for k, rel in kg.relations.items() if r.assertion_digest(rel) == d.assertion]
    if out or d.match is None:
        return out
    m = d.match
    cands = [k for k, rel in kg.relations.items() if rel.evidence.doc_id == m.doc
             and rel.predicate.value == m.predicate and rel.negated == m.negated]
    exact = [k for k in cands if (kg.relations[k].evidence.start, kg.relations[k].evidence.end) == (m.start, m.end)]
    return exact or [k for k in cands if m.sentence and kg.relations[k].evidence.sentence == m.sentence]


def _remap(kg: KnowledgeGraph, keys: Iterable[tuple], old: str, new: str) -> None:
    for k in list(keys):
        rel = kg.relations.pop(k)
        status = kg.reviewed.pop(k, "")
        s = new if rel.subject == old else rel.subject
        o = new if rel.object == old else rel.object
        if s == o:
            continue
        moved = Relation(s, rel.predicate, o, rel.evidence, rel.negated, rel.verb, rel.role)
        kg.relations[_rel_key(moved)] = moved
        if status:
            kg.reviewed[_rel_key(moved)] = status


def apply_to_graph(kg: KnowledgeGraph, decisions: Iterable[Decision], include_rejected: bool = False) -> KnowledgeGraph:
    """Replay decisions on ``kg`` (changed in place and returned)."""
    for d in decisions:
        if d.action in ("accept", "reject"):
            for k in _find(kg, d):
                kg.reviewed[k] = ACCEPTED if d.action == "accept" else REJECTED
        elif d.action == "merge":
            keep, gone = kg.entities.get(d.entity), kg.entities.pop(d.other, None)
            if gone is not None:
                base = keep or Entity(d.entity, gone.name, gone.type)
                names = {base.name, *base.aliases, gone.name, *gone.aliases} - {base.name}
                kg.entities[d.entity] = Entity(d.entity, base.name, base.type, tuple(sorted(names)),
                                               base.qid or gone.qid)
            _remap(kg, [k for k, rel in kg.relations.items() if d.other in (rel.subject, rel.object)],
                   d.other, d.entity)
        elif d.action == "split" and d.entity in kg.entities:
            ent = kg.entities[d.entity]
            rest = {ent.name, *ent.aliases} - {d.alias}
            keys = [k for k, rel in kg.relations.items() if d.entity in (rel.subject, rel.object)
                    and (r.assertion_digest(rel) in d.moved
                         or names_alias(rel.evidence.sentence, d.alias, rest))]
            if rest:
                name = ent.name if ent.name in rest else canonical_name(rest)
                kg.entities[d.entity] = Entity(ent.id, name, ent.type, tuple(sorted(rest - {name})), ent.qid)
            kg.entities.setdefault(d.new_id, Entity(d.new_id, d.alias, EntityType(d.type)))
            _remap(kg, keys, d.entity, d.new_id)
        elif d.action == "rename" and d.entity in kg.entities:
            ent = kg.entities[d.entity]
            names = {ent.name, *ent.aliases} - {d.name}
            kg.entities[d.entity] = Entity(ent.id, d.name, ent.type, tuple(sorted(names)), ent.qid)
        elif d.action == "retype" and d.entity in kg.entities:
            ent = kg.entities[d.entity]
            kg.entities[d.entity] = Entity(ent.id, ent.name, EntityType(d.type), ent.aliases, ent.qid)
        elif d.action == "add":
            for eid, name, etype in ((d.subject, d.subject_name, d.subject_type),
                                     (d.object, d.object_name, d.object_type)):
                if eid not in kg.entities and name and etype:
                    kg.entities[eid] = Entity(eid, name, EntityType(etype))
            if d.subject in kg.entities and d.object in kg.entities:
                doc, rel = added_relation(d)
                kg.documents[doc.id] = doc
                kg.relations[_rel_key(rel)] = rel
                kg.reviewed[_rel_key(rel)] = ACCEPTED
    if not include_rejected:
        for k, status in list(kg.reviewed.items()):
            if status == REJECTED:
                kg.relations.pop(k, None)
                del kg.reviewed[k]
    return kg


def split_rejected(kg: KnowledgeGraph) -> tuple[KnowledgeGraph, list[Relation]]:
    """The graph without its rejected relations, and those relations."""
    shown = KnowledgeGraph(dict(kg.documents), dict(kg.entities), {}, {})
    rejected = []
    for k, rel in kg.relations.items():
        if kg.reviewed.get(k) == REJECTED:
            rejected.append(rel)
        else:
            shown.relations[k] = rel
            if k in kg.reviewed:
                shown.reviewed[k] = kg.reviewed[k]
    return shown, rejected
