"""Replaying review decisions on the embedded store.

:func:`apply_decisions` replays a whole decision file, in order, on a
:class:`~graphbuild.sinks.store.GraphStore`. Every step is idempotent, so the build replays the
file after each write: a re-extracted article cannot bring back a rejected assertion, and an
entity a reviewer merged away cannot come back as a node of its own.

What a replay leaves in the store:

* the named graph ``<https://w3id.org/graphbuild/review>`` holds one ``gb:Decision`` per line of
  the file (with the line itself as ``gb:decisionRecord``), the ``gb:reviewStatus``
  (``accepted``/``rejected``) of reviewed assertions, and the assertion and source document of
  every fact added by hand;
* a rejected assertion keeps its statement node in its article's graph but loses its plain triple
  (unless another, unrejected assertion states the same edge);
* a merged-away entity is gone: its names are aliases of the entity it joined (``gb:formerId``
  keeps its id), its assertions point at that entity and are re-keyed (assertion ids are a hash of
  their content, so the same sentence about the same edge stays one assertion);
* a split alias is an entity of its own, with the assertions whose sentence names it (and none of
  the entity's other names) or that the decision listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graphbuild.model.names import canonical_name
from graphbuild.model.records import Document, Entity, Evidence, Relation
from graphbuild.review.decisions import Decision
from graphbuild.sinks import rdf as r
from graphbuild.vocab import rdf as v
from graphbuild.vocab.rdf import GB, PROV, RDF, RDFS, SKOS
from graphbuild.vocab.terms import EntityType, Predicate

if TYPE_CHECKING:
    from graphbuild.sinks.store import GraphStore

REVIEW_GRAPH_IRI = "https://w3id.org/graphbuild/review"
DECISION_NS = "https://w3id.org/graphbuild/decision/"
REVIEW_DOC_PREFIX = "review:"  # document id of a fact added by hand: review:<decision id>
ACCEPTED, REJECTED = "accepted", "rejected"


def review_graph() -> ox.NamedNode:
    return ox.NamedNode(REVIEW_GRAPH_IRI)


def decision_node(decision_id: str) -> ox.NamedNode:
    return ox.NamedNode(DECISION_NS + decision_id)


@dataclass
class ReviewReport:
    """What a replay did: decisions per action, and those whose target the store lacks."""

    decisions: int = 0
    applied: dict[str, int] = field(default_factory=dict)
    not_found: list[str] = field(default_factory=list)  # decision ids with nothing to act on
    accepted: int = 0
    rejected: int = 0

    def summary(self) -> str:
        if not self.decisions:
            return "no review decisions"
        parts = [f"{n} {a}" for a, n in sorted(self.applied.items())]
        text = f"{self.decisions} review decisions replayed ({', '.join(parts) or 'none applied'}); " \
               f"{self.accepted} assertions accepted, {self.rejected} rejected"
        if self.not_found:
            text += f"; {len(self.not_found)} found nothing to act on ({', '.join(self.not_found[:5])})"
        return text


# ------------------------------------------------------------------------------ small helpers

def _t(term: str) -> ox.NamedNode:
    return v.ox(term)


# what quads_for_pattern takes as a graph: a named graph, the default graph, or None for any
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None


def _values(st: ox.Store, s: ox.NamedNode, p: str, g: GraphName = r.DEFAULT) -> list[str]:
    """The values of ``s p ?o`` (this module writes no quoted triples)."""
    return [q.object.value for q in st.quads_for_pattern(s, _t(p), None, g)
            if not isinstance(q.object, ox.Triple)]


def _one(st: ox.Store, s: ox.NamedNode, p: str, g: GraphName) -> object | None:
    for q in st.quads_for_pattern(s, _t(p), None, g):
        return q.object
    return None


def read_entity(st: ox.Store, entity_id: str) -> Entity | None:
    """The entity as described in the default graph, or None."""
    e = r.entity_node(entity_id)
    prefs = _values(st, e, SKOS.prefLabel)
    types = _values(st, e, RDF.type)
    if not prefs or not types:
        return None
    alts = _values(st, e, SKOS.altLabel)
    qids = _values(st, e, GB.wikidata)
    name = prefs[0] if len(prefs) == 1 else canonical_name(prefs)
    try:
        etype = v.type_from_term(types[0])
    except Exception:  # noqa: BLE001 - a non-ontology type: not an entity node
        return None
    return Entity(entity_id, name, etype, tuple(sorted(set(prefs + alts) - {name})), qids[0] if qids else "")


def _replace_entity(st: ox.Store, entity: Entity, former: Iterable[str] = ()) -> None:
    """Rewrite an entity's description (labels, class, QID) in the default graph."""
    e = r.entity_node(entity.id)
    keep = {_t(GB.formerId)}
    for q in list(st.quads_for_pattern(e, None, None, r.DEFAULT)):
        if q.predicate in keep or _is_relation(q.predicate):
            continue
        st.remove(q)
    for q in r.entity_quads(entity):
        st.add(q)
    for old in former:
        st.add(ox.Quad(e, _t(GB.formerId), ox.Literal(old), r.DEFAULT))


_PREDICATE_IRIS: dict[str, Predicate] = {}


def _is_relation(node: object) -> bool:
    if not _PREDICATE_IRIS:
        _PREDICATE_IRIS.update({str(v.predicate_term(p)): p for p in Predicate})
    return getattr(node, "value", None) in _PREDICATE_IRIS


# ------------------------------------------------------------------------------ assertions

@dataclass(frozen=True)
class StoredAssertion:
    node: ox.NamedNode
    graph: ox.NamedNode
    relation: Relation

    @property
    def id(self) -> str:
        return self.node.value.rsplit("/", 1)[-1]


def read_assertion(st: ox.Store, node: ox.NamedNode, graph: ox.NamedNode | None = None) -> StoredAssertion | None:
    if graph is None:  # assertions live in named graphs (a document's, or the review graph)
        graph = next((q.graph_name for q in st.quads_for_pattern(node, _t(RDF.type), _t(GB.Assertion), None)
                      if isinstance(q.graph_name, ox.NamedNode)), None)
        if graph is None:
            return None
    props: dict[str, list] = {}
    for q in st.quads_for_pattern(node, None, None, graph):
        props.setdefault(q.predicate.value, []).append(q.object)

    def one(term: str, default: object = "") -> object:
        vals = props.get(str(term))
        return r.python_value(vals[0]) if vals else default

    def number(term: str) -> float:
        value = one(term, 0)
        return float(value) if isinstance(value, int | float | str) else 0.0

    if not props.get(str(RDF.subject)) or not props.get(str(RDF.object)):
        return None
    ev = Evidence(v.doc_id_from_iri(str(one(PROV.wasDerivedFrom))), str(one(GB.evidence)),
                  int(number(GB.startOffset)), int(number(GB.endOffset)), str(one(GB.extractor)),
                  number(GB.confidence))
    rel = Relation(v.entity_id_from_iri(str(one(RDF.subject))), v.predicate_from_term(str(one(RDF.predicate))),
                   v.entity_id_from_iri(str(one(RDF.object))), ev, bool(one(GB.negated, False)),
                   str(one(GB.verb)), str(one(GB.role)))
    return StoredAssertion(node, graph, rel)


def assertions_of(st: ox.Store, entity_id: str) -> list[StoredAssertion]:
    """Every assertion (any graph) with the entity as subject or object."""
    e = r.entity_node(entity_id)
    found: dict[tuple[str, str], StoredAssertion] = {}
    for pred in (RDF.subject, RDF.object):
        for q in st.quads_for_pattern(None, _t(pred), e, None):
            if not isinstance(q.subject, ox.NamedNode) or not isinstance(q.graph_name, ox.NamedNode):
                continue
            k = (q.subject.value, q.graph_name.value)
            if k not in found:
                got = read_assertion(st, q.subject, q.graph_name)
                if got is not None:
                    found[k] = got
    return [found[k] for k in sorted(found)]


def find_assertion(st: ox.Store, decision: Decision) -> list[StoredAssertion]:
    """The assertion a decision names: by id, else by its ``match`` (same document, span,
    predicate and negation; else same document, sentence, predicate and negation)."""
    node = ox.NamedNode(str(v.assertion_iri(decision.assertion)))
    got = read_assertion(st, node)
    if got is not None:
        return [got]
    m = decision.match
    if m is None:
        return []
    doc = r.document_node(m.doc)
    candidates = []
    for q in st.quads_for_pattern(None, _t(PROV.wasDerivedFrom), doc, None):
        if not isinstance(q.subject, ox.NamedNode) or not isinstance(q.graph_name, ox.NamedNode):
            continue  # assertion nodes are IRIs in named graphs
        a = read_assertion(st, q.subject, q.graph_name)
        if a is not None and a.relation.predicate.value == m.predicate and a.relation.negated == m.negated:
            candidates.append(a)
    exact = [a for a in candidates if (a.relation.evidence.start, a.relation.evidence.end) == (m.start, m.end)]
    if exact:
        return exact
    return [a for a in candidates if m.sentence and a.relation.evidence.sentence == m.sentence]


def _status_quads(st: ox.Store, node: ox.NamedNode) -> list[ox.Quad]:
    g = review_graph()
    return [*st.quads_for_pattern(node, _t(GB.reviewStatus), None, g),
            *st.quads_for_pattern(node, _t(GB.reviewedBy), None, g)]


def _rewrite_assertion(st: ox.Store, a: StoredAssertion, remap: dict[str, str], touched: set) -> None:
    """Point an assertion at other entities; re-key it (its id is a hash of its content), carry
    its review status over; drop it when both ends become one entity."""
    rel = a.relation
    s, o = remap.get(rel.subject, rel.subject), remap.get(rel.object, rel.object)
    touched.add(rel.key[:3])
    old_quads = list(st.quads_for_pattern(a.node, None, None, a.graph))
    status = _status_quads(st, a.node)
    for q in old_quads + status:
        st.remove(q)
    if s == o:
        return
    new = Relation(s, rel.predicate, o, rel.evidence, rel.negated, rel.verb, rel.role)
    node = r.assertion_node(new)
    doc = r.document_node(rel.evidence.doc_id)
    for q in r.assertion_quads(new, doc, a.graph):
        st.add(q)
    for q in status:
        st.add(ox.Quad(node, q.predicate, q.object, q.graph_name))
    for eid in (s, o):
        st.add(ox.Quad(doc, _t(GB.mentions), r.entity_node(eid), a.graph))
    touched.add(new.key[:3])


def _supported(st: ox.Store, s: str, p: str, o: str) -> bool:
    """Does an unrejected positive assertion (any graph) state the edge s p o (key order)?"""
    pred = _t(str(v.GB[p]))
    for q in st.quads_for_pattern(None, _t(RDF.subject), r.entity_node(s), None):
        a, g = q.subject, q.graph_name
        if not any(True for _ in st.quads_for_pattern(a, _t(RDF.predicate), pred, g)):
            continue
        if not any(True for _ in st.quads_for_pattern(a, _t(RDF.object), r.entity_node(o), g)):
            continue
        if not any(True for _ in st.quads_for_pattern(a, _t(GB.negated), r.boolean(False), g)):
            continue
        if any(True for _ in st.quads_for_pattern(a, _t(GB.reviewStatus), ox.Literal(REJECTED), review_graph())):
            continue
        return True
    return False


def _settle_plain(st: ox.Store, touched: set[tuple[str, str, str]]) -> None:
    """A plain triple exactly where an unrejected positive assertion stands behind it."""
    for s, p, o in sorted(touched):
        pred = Predicate(p)
        quads = [ox.Quad(r.entity_node(s), _t(str(v.predicate_term(pred))), r.entity_node(o), r.DEFAULT)]
        if pred.symmetric:
            quads.append(ox.Quad(r.entity_node(o), quads[0].predicate, r.entity_node(s), r.DEFAULT))
        ok = s != o and _supported(st, s, p, o)
        if pred.symmetric and not ok:
            ok = s != o and _supported(st, o, p, s)
        for q in quads:
            if ok:
                st.add(q)
            else:
                st.remove(q)


# ------------------------------------------------------------------------------ actions

def _set_status(st: ox.Store, d: Decision, report: ReviewReport, touched: set) -> bool:
    found = find_assertion(st, d)
    status = ACCEPTED if d.action == "accept" else REJECTED
    g = review_graph()
    for a in found:
        for q in _status_quads(st, a.node):
            st.remove(q)
        st.add(ox.Quad(a.node, _t(GB.reviewStatus), ox.Literal(status), g))
        st.add(ox.Quad(a.node, _t(GB.reviewedBy), decision_node(d.id), g))
        touched.add(a.relation.key[:3])
    return bool(found)


def _merge(st: ox.Store, d: Decision, touched: set) -> bool:
    keep, gone = read_entity(st, d.entity), read_entity(st, d.other)
    moving = assertions_of(st, d.other)
    if gone is None and not moving:
        return False
    if keep is None:
        if gone is None:
            return False
        keep = Entity(d.entity, gone.name, gone.type)  # the target was never built: it takes over
    if gone is not None:
        names = {keep.name, *keep.aliases, gone.name, *gone.aliases} - {keep.name}
        merged = Entity(keep.id, keep.name, keep.type, tuple(sorted(names)), keep.qid or gone.qid)
        former = [d.other, *_values(st, r.entity_node(d.other), GB.formerId)]
        _replace_entity(st, merged, former)
    g_node, k_node = r.entity_node(d.other), r.entity_node(d.entity)
    for q in list(st.quads_for_pattern(g_node, None, None, None)):
        st.remove(q)
    for q in list(st.quads_for_pattern(None, None, g_node, None)):
        if q.predicate == _t(GB.reviewTarget):
            continue  # decisions keep naming what they were about
        st.remove(q)
        if q.predicate == _t(GB.mentions):
            st.add(ox.Quad(q.subject, q.predicate, k_node, q.graph_name))
    for a in moving:
        _rewrite_assertion(st, a, {d.other: d.entity}, touched)
    return True


_WORD = r"(?<![\w]){}(?![\w])"


def _names_in(sentence: str, name: str) -> bool:
    return bool(name) and re.search(_WORD.format(re.escape(name)), sentence) is not None


def names_alias(sentence: str, alias: str, others: Iterable[str]) -> bool:
    """Does ``sentence`` name ``alias`` on its own, not as part of another name of the entity?
    ("Acme met ..." does; "Acme Analytics supplied ..." does not, for the alias "Acme".)"""
    masked = sentence
    for name in sorted((n for n in others if n and n != alias), key=len, reverse=True):
        masked = re.sub(_WORD.format(re.escape(name)), "\x00", masked)
    return _names_in(masked, alias)


def split_candidates(st: ox.Store, entity: Entity, alias: str) -> list[StoredAssertion]:
    """Assertions of ``entity`` whose sentence names ``alias`` on its own."""
    others = [n for n in (entity.name, *entity.aliases) if n != alias]
    return [a for a in assertions_of(st, entity.id) if names_alias(a.relation.evidence.sentence, alias, others)]


def _split(st: ox.Store, d: Decision, touched: set) -> bool:
    ent = read_entity(st, d.entity)
    if ent is None:
        return False
    names = {ent.name, *ent.aliases}
    moving = {a.node.value: a for a in split_candidates(st, ent, d.alias)}
    for a in assertions_of(st, d.entity):
        if a.id in d.moved:
            moving.setdefault(a.node.value, a)
    if d.alias not in names and not moving:
        return False
    rest = names - {d.alias}
    if rest:
        name = ent.name if ent.name in rest else canonical_name(rest)
        _replace_entity(st, Entity(ent.id, name, ent.type, tuple(sorted(rest - {name})), ent.qid))
    new = read_entity(st, d.new_id)
    new_type = EntityType(d.type)
    if new is None:
        _replace_entity(st, Entity(d.new_id, d.alias, new_type))
    elif d.alias not in {new.name, *new.aliases}:
        _replace_entity(st, Entity(new.id, new.name, new.type, tuple(sorted({*new.aliases, d.alias})), new.qid))
    for a in moving.values():
        _rewrite_assertion(st, a, {d.entity: d.new_id}, touched)
    return True


def _rename(st: ox.Store, d: Decision) -> bool:
    ent = read_entity(st, d.entity)
    if ent is None:
        return False
    if ent.name != d.name:
        names = ({ent.name, *ent.aliases} | {d.name}) - {d.name}
        _replace_entity(st, Entity(ent.id, d.name, ent.type, tuple(sorted(names)), ent.qid))
    return True


def _retype(st: ox.Store, d: Decision) -> bool:
    ent = read_entity(st, d.entity)
    if ent is None:
        return False
    if ent.type.value != d.type:
        _replace_entity(st, Entity(ent.id, ent.name, EntityType(d.type), ent.aliases, ent.qid))
    return True


def added_relation(d: Decision) -> tuple[Document, Relation]:
    """The document and relation of a fact added by hand (the same on every replay)."""
    sentence = d.quote or d.note or f"{d.subject} {d.predicate} {d.object}"
    doc_id = REVIEW_DOC_PREFIX + d.id
    doc = Document(doc_id, f"{sentence}\n{d.source}", title=d.note or f"Added by {d.user}",
                   url=d.source, published=d.date)
    ev = Evidence(doc_id, sentence, 0, len(sentence), f"review/{d.user}", 1.0)
    return doc, Relation(d.subject, Predicate(d.predicate), d.object, ev, d.negated, "", d.role)


def _add(st: ox.Store, d: Decision, touched: set) -> bool:
    for eid, name, etype in ((d.subject, d.subject_name, d.subject_type), (d.object, d.object_name, d.object_type)):
        if read_entity(st, eid) is None:
            if not (name and etype):
                return False
            _replace_entity(st, Entity(eid, name, EntityType(etype)))
    doc, rel = added_relation(d)
    g = review_graph()
    node = r.assertion_node(rel)
    for q in r.assertion_quads(rel, r.document_node(doc.id), g):
        st.add(q)
    for q in r.document_quads(doc, (rel.subject, rel.object)):
        st.add(ox.Quad(q.subject, q.predicate, q.object, g))
    for q in _status_quads(st, node):
        st.remove(q)
    st.add(ox.Quad(node, _t(GB.reviewStatus), ox.Literal(ACCEPTED), g))
    st.add(ox.Quad(node, _t(GB.reviewedBy), decision_node(d.id), g))
    touched.add(rel.key[:3])
    return True


# ------------------------------------------------------------------------------ decisions as RDF

def decision_quads(d: Decision) -> Iterator[ox.Quad]:
    g, n = review_graph(), decision_node(d.id)
    yield ox.Quad(n, _t(RDF.type), _t(GB.Decision), g)
    yield ox.Quad(n, _t(GB.reviewAction), ox.Literal(d.action), g)
    yield ox.Quad(n, _t(GB.reviewer), ox.Literal(d.user), g)
    yield ox.Quad(n, _t(PROV.endedAtTime), r.date_literal(d.at), g)
    if d.note:
        yield ox.Quad(n, _t(RDFS.comment), ox.Literal(d.note), g)
    yield ox.Quad(n, _t(GB.decisionRecord), ox.Literal(d.to_json()), g)
    if d.assertion:
        yield ox.Quad(n, _t(GB.reviewTarget), ox.NamedNode(str(v.assertion_iri(d.assertion))), g)
    for eid in (d.entity, d.other, d.new_id, d.subject, d.object):
        if eid:
            yield ox.Quad(n, _t(GB.reviewTarget), r.entity_node(eid), g)


def stored_decisions(store: GraphStore) -> list[Decision]:
    """The decisions mirrored in the store's review graph, oldest first."""
    from graphbuild.review.decisions import parse_decisions

    st = store.oxigraph
    lines = [q.object.value for q in st.quads_for_pattern(None, _t(GB.decisionRecord), None, review_graph())
             if isinstance(q.object, ox.Literal)]
    return sorted(parse_decisions(lines, "the store's review graph"), key=lambda d: (d.at, d.id))


def review_statuses(st: ox.Store) -> dict[str, str]:
    """Assertion id -> ``accepted`` / ``rejected``."""
    out = {}
    for q in st.quads_for_pattern(None, _t(GB.reviewStatus), None, review_graph()):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
            out[q.subject.value.rsplit("/", 1)[-1]] = q.object.value
    return out


# ------------------------------------------------------------------------------ replay

def apply_decisions(store: GraphStore, decisions: Iterable[Decision]) -> ReviewReport:
    """Replay ``decisions`` in order on the store (idempotent; safe after every build).

    The review graph is made to mirror exactly these decisions: statuses are re-derived from
    them, so removing a reject line and replaying un-hides the assertion. (Merges and splits
    rewrite machine output; undoing one needs a rebuild of the store from scratch.)
    """
    st = store.oxigraph
    decisions = list(decisions)
    report = ReviewReport(decisions=len(decisions))
    g = review_graph()
    touched: set[tuple[str, str, str]] = set()
    wanted = {decision_node(d.id).value for d in decisions}
    for q in list(st.quads_for_pattern(None, _t(RDF.type), _t(GB.Decision), g)):
        if not isinstance(q.subject, ox.Triple) and q.subject.value not in wanted:
            for old in list(st.quads_for_pattern(q.subject, None, None, g)):
                st.remove(old)
    for pred in (GB.reviewStatus, GB.reviewedBy):
        for q in list(st.quads_for_pattern(None, _t(pred), None, g)):
            if pred == GB.reviewStatus and isinstance(q.subject, ox.NamedNode):
                a = read_assertion(st, q.subject)
                if a is not None:
                    touched.add(a.relation.key[:3])
            st.remove(q)
    added_docs = {REVIEW_DOC_PREFIX + d.id for d in decisions if d.action == "add"}
    _drop_stale_additions(st, added_docs, touched)
    for d in decisions:
        for q in decision_quads(d):
            st.add(q)
        if d.action in ("accept", "reject"):
            done = _set_status(st, d, report, touched)
        elif d.action == "merge":
            done = _merge(st, d, touched)
        elif d.action == "split":
            done = _split(st, d, touched)
        elif d.action == "rename":
            done = _rename(st, d)
        elif d.action == "retype":
            done = _retype(st, d)
        else:
            done = _add(st, d, touched)
        if done:
            report.applied[d.action] = report.applied.get(d.action, 0) + 1
        else:
            report.not_found.append(d.id)
    _settle_plain(st, touched)
    statuses = review_statuses(st)
    report.accepted = sum(1 for s in statuses.values() if s == ACCEPTED)
    report.rejected = sum(1 for s in statuses.values() if s == REJECTED)
    store.forget_entities()
    return report


def _drop_stale_additions(st: ox.Store, keep_docs: set[str], touched: set) -> None:
    """Facts added by decisions no longer in the file leave the review graph."""
    g = review_graph()
    for q in list(st.quads_for_pattern(None, _t(RDF.type), _t(GB.Document), g)):
        if not isinstance(q.subject, ox.NamedNode):
            continue  # document nodes are IRIs
        doc_id = v.doc_id_from_iri(q.subject.value)
        if doc_id in keep_docs:
            continue
        for a in list(st.quads_for_pattern(None, _t(PROV.wasDerivedFrom), q.subject, g)):
            got = read_assertion(st, a.subject, g) if isinstance(a.subject, ox.NamedNode) else None
            if got is not None:
                touched.add(got.relation.key[:3])
            for x in list(st.quads_for_pattern(a.subject, None, None, g)):
                st.remove(x)
        for x in list(st.quads_for_pattern(q.subject, None, None, g)):
            st.remove(x)


__all__ = [
    "ACCEPTED", "REJECTED", "REVIEW_GRAPH_IRI", "ReviewReport", "StoredAssertion", "added_relation",
    "apply_decisions", "assertions_of", "decision_quads", "find_assertion", "read_assertion",
    "read_entity", "review_graph", "review_statuses", "split_candidates", "stored_decisions",
]
