"""Writing the embedded store: documents in batches, replaced versions retracted, entity
labels settled. :class:`StoreWriter` works on an open
:class:`graphbuild.sinks.store.GraphStore` (``GraphStore.write`` and ``GraphStore.repair`` use
it); it needs only the narrow :class:`WritableStore` interface, so this module does not import
the store.

The graphs are written as given: they are resolved across articles before they reach the
writer (:func:`graphbuild.builder.write_resolved`). One transaction per batch (pyoxigraph
``Store.extend``), so an interrupted run leaves whole documents or nothing; a document already
stored with the same content hash is skipped, a document whose text changed replaces its old
named graph.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, cast

import pyoxigraph as ox

from graphbuild.errors import SinkError
from graphbuild.model.names import canonical_name
from graphbuild.model.records import DocumentGraph, Entity
from graphbuild.sinks import rdf as r
from graphbuild.sinks.report import WriteReport
from graphbuild.sinks.sparql import load_query
from graphbuild.vocab import rdf as v


class WritableStore(Protocol):
    """What the writer needs of the store it writes to."""

    path: Path | None
    read_only: bool
    batch_size: int

    @property
    def oxigraph(self) -> ox.Store: ...

    def get_entity(self, entity_id: str) -> Entity | None: ...

    def remember(self, entity_id: str, entity: Entity | None) -> None: ...

    def forget_entities(self) -> None: ...

    def has_document(self, doc_id: str, content_hash: str) -> bool: ...


class StoreWriter:
    """Adds resolved DocumentGraphs to a store (see the module docstring)."""

    def __init__(self, store: WritableStore) -> None:
        self.store = store

    def write(self, doc_graphs: Iterable[DocumentGraph], /) -> WriteReport:
        """Add documents, one transaction per batch of ``batch_size`` documents. The graphs are
        written as given: resolve them across articles first
        (:func:`graphbuild.builder.write_resolved` does both).

        Unchanged documents (same id and content hash) are skipped; changed ones replace their
        previous version. An entity record is written when it differs from the stored one (new,
        or with new names). Returns counts; raises :class:`SinkError` on failure.
        """
        if self.store.read_only:
            raise SinkError("the store is open read-only")
        started = time.perf_counter()
        report = WriteReport(sink="oxigraph")
        batch: list[DocumentGraph] = []
        ids: set[str] = set()
        for dg in doc_graphs:
            doc = dg.document
            if doc.id in ids:  # a second version of a document in one batch: commit the first
                self._write_batch(batch, report)
                batch, ids = [], set()
            if self.store.has_document(doc.id, doc.content_hash):
                report.documents_skipped += 1
                continue
            batch.append(dg)
            ids.add(doc.id)
            if len(batch) >= self.store.batch_size:
                self._write_batch(batch, report)
                batch, ids = [], set()
        self._write_batch(batch, report)
        report.seconds = time.perf_counter() - started
        return report

    def _write_batch(self, batch: list[DocumentGraph], report: WriteReport) -> None:
        if not batch:
            return
        assertions: list[ox.Quad] = []
        plain: list[ox.Quad] = []
        markers: list[ox.Quad] = []  # document nodes
        entities: dict[str, Entity] = {}
        for dg in batch:
            doc_id = dg.document.id
            if self._graph_has_content(doc_id):
                self.retract_document(doc_id)
            for e in dg.entities:
                # new or with new names; later records of the batch hold the earlier names
                if e.id in entities or self.store.get_entity(e.id) != e:
                    entities[e.id] = e
            rels = r.unique_relations(x for x in dg.relations if x.evidence.doc_id == doc_id)
            doc, graph = r.document_node(doc_id), r.graph_node(doc_id)
            for rel in rels:
                plain.extend(r.plain_quads(rel))
                assertions.extend(r.assertion_quads(rel, doc, graph))
            markers.extend(r.document_quads(dg.document, {x for rel in rels for x in (rel.subject, rel.object)}))
            report.documents += 1
            report.relations += len(rels)
        for e in entities.values():
            plain.extend(r.entity_quads(e))
        try:
            self.store.oxigraph.extend(assertions + plain + markers)  # the whole batch or nothing
            for e in entities.values():
                self.settle_labels(e.id, e.name)
                self.store.remember(e.id, e)
        except OSError as exc:
            raise SinkError(f"writing to the store at {self.store.path} failed: {exc}") from exc
        report.entities += len(entities)
        report.triples += len(assertions) + len(plain) + len(markers)

    def settle_labels(self, entity_id: str, name: str) -> None:
        """Leave exactly one canonical name; former canonical names stay as aliases."""
        store = self.store.oxigraph
        T = r.terms()
        e = r.entity_node(entity_id)
        for pred in (T.pref, T.label):
            for q in list(store.quads_for_pattern(e, pred, None, r.DEFAULT)):
                if getattr(q.object, "value", None) != name:  # labels are literals
                    store.remove(q)
                    store.add(ox.Quad(e, T.alt, q.object, r.DEFAULT))
        store.remove(ox.Quad(e, T.alt, ox.Literal(name), r.DEFAULT))

    def repair(self) -> int:
        """Finish label updates an interrupted write left half-done; returns entities fixed."""
        from graphbuild.model.gazetteer import load_gazetteer

        rows = list(cast(ox.QuerySolutions, self.store.oxigraph.query(load_query("label_conflicts.rq"))))
        if not rows:
            return 0
        self.store.forget_entities()
        preferred = {entry.id: entry.name for entry in load_gazetteer().entries}
        for row in rows:
            eid = v.entity_id_from_iri(row["entity"].value)
            ent = self.store.get_entity(eid)
            if ent is not None:
                self.settle_labels(eid, canonical_name({ent.name, *ent.aliases}, preferred.get(eid, "")))
        return len(rows)

    def retract_document(self, doc_id: str) -> None:
        """Remove an old version of a document: its node, the plain triples only it supported,
        then its named graph. Each step is safe to repeat if interrupted."""
        store = self.store.oxigraph
        T = r.terms()
        g = r.graph_node(doc_id)
        for q in list(store.quads_for_pattern(r.document_node(doc_id), None, None, g)):
            store.remove(q)
        ask = load_query("supported_elsewhere.rq")
        for a in list(store.quads_for_pattern(None, T.negated, r.boolean(False), g)):
            s = _object(store, a.subject, T.subject, g)
            p = _object(store, a.subject, T.predicate, g)
            o = _object(store, a.subject, T.object, g)
            if s is None or p is None or o is None:
                continue
            subs = {ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o, ox.Variable("graph"): g}
            if not list(cast(ox.QuerySolutions, store.query(ask, substitutions=subs))):
                store.remove(ox.Quad(s, p, o, r.DEFAULT))
                if v.predicate_from_term(p.value).symmetric:
                    store.remove(ox.Quad(o, p, s, r.DEFAULT))
        if store.contains_named_graph(g):
            store.remove_graph(g)

    def _graph_has_content(self, doc_id: str) -> bool:
        return any(True for _ in self.store.oxigraph.quads_for_pattern(None, None, None, r.graph_node(doc_id)))


def _object(store: ox.Store, subject: Any, pred: ox.NamedNode, g: ox.NamedNode) -> Any:
    for q in store.quads_for_pattern(subject, pred, None, g):
        return q.object
    return None


__all__ = ["StoreWriter", "WritableStore"]
