"""The embedded graph store: an on-disk Oxigraph database queried with SPARQL.

:class:`GraphStore` is a context manager (``None`` as path = in memory). ``write`` adds
documents as it is given them (resolved across articles beforehand: see
:func:`graphbuild.builder.write_resolved`) in batches, one transaction per batch (pyoxigraph
``Store.extend``), so an interrupted run leaves whole documents or nothing. Writing is idempotent (deterministic IRIs); a document already stored
with the same content hash is skipped, a document whose text changed replaces its old named
graph. The RDF layout is described in :mod:`graphbuild.sinks.rdf`.

Every value reaches SPARQL as a bound term (pyoxigraph ``substitutions``); query text lives in
``graphbuild/query/sparql/*.rq``.

>>> with GraphStore(None) as store:
...     store.query("ASK { ?s ?p ?o }")
[{'boolean': False}]
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphbuild.errors import SinkError
from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.records import DocumentGraph, Entity
from graphbuild.resolve.corpus import canonical_name
from graphbuild.sinks import rdf as r
from graphbuild.sinks.report import WriteReport
from graphbuild.sinks.sparql import load_query
from graphbuild.vocab import rdf as v
from graphbuild.vocab.rdf import GB, RDF, RDFS, SKOS
from graphbuild.vocab.terms import EntityType

PREFIXES = {
    "gb": "https://w3id.org/graphbuild/ontology#",
    "entity": "https://w3id.org/graphbuild/entity/",
    "doc": "https://w3id.org/graphbuild/doc/",
    "assertion": "https://w3id.org/graphbuild/assertion/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "neo4j-admin")
_RDF_EXPORT = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
}
_SUFFIX_FORMAT = {".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig",
                  ".jsonld": "jsonld", ".json": "jsonld", ".graphml": "graphml", ".gexf": "gexf"}


def format_for_path(path: str | Path, fmt: str | None = None) -> str:
    """Export format from ``fmt`` or the file extension."""
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise SinkError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        return fmt
    suffix = Path(str(path)).suffix.lower()
    if suffix in _SUFFIX_FORMAT:
        return _SUFFIX_FORMAT[suffix]
    raise SinkError(f"cannot tell the export format of {path!s}; use one of "
                    f"{', '.join(sorted(_SUFFIX_FORMAT))} or --format")


def to_term(value: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A Python value as a pyoxigraph term for a SPARQL substitution."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, bool):
        return r.boolean(value)
    if isinstance(value, int):
        return r.integer(value)
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=v.ox(v.XSD.double))
    from rdflib import BNode, Literal, URIRef

    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, str):
        return ox.Literal(value)
    raise SinkError(f"cannot bind a {type(value).__name__} in a SPARQL query")


def _substitutions(bindings: dict[str, object] | None) -> dict[ox.Variable, Any] | None:
    if not bindings:
        return None
    return {ox.Variable(k.lstrip("?$")): to_term(val) for k, val in bindings.items()}


class GraphStore:
    """The embedded SPARQL store. ``path=None`` keeps it in memory.

    ``batch_size`` documents are written per transaction (larger batches load faster; a
    crash loses at most the batch in flight, which a re-run writes again).

    >>> from graphbuild.sinks.store import GraphStore
    >>> from graphbuild.builder import write_resolved
    >>> with GraphStore(None) as store:                    # doctest: +SKIP
    ...     write_resolved(store, graphbuild.extract(["articles/"]))
    ...     store.query("SELECT ?n WHERE { ?e skos:prefLabel ?n }")
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 batch_size: int = 64, entity_cache: int = 50_000) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # entity records recently read or written (bounded: memory does not grow with the corpus)
        self._entities: OrderedDict[str, Entity | None] = OrderedDict()
        self._entity_cache = entity_cache
        self.batch_size = max(1, batch_size)
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise SinkError(f"no store at {self.path}; build one with: graphbuild build ARTICLES --store {self.path}")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise SinkError(f"cannot open the store at {self.path}: {exc} (is another graphbuild "
                            "process writing to it?)") from exc
        if not read_only:
            self.repair()

    # ------------------------------------------------------------------ context manager

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "_store", None) is not None and not self.read_only and self.path is not None:
            try:
                self._store.flush()
            except OSError as exc:
                raise SinkError(f"cannot flush the store at {self.path}: {exc}") from exc
        self._store = None  # type: ignore[assignment]

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for bulk tools and the SPARQL endpoint)."""
        if self._store is None:
            raise SinkError("the store is closed")
        return self._store

    def __len__(self) -> int:
        return len(self.oxigraph)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.oxigraph)

    # ------------------------------------------------------------------ entity index

    def _remember(self, entity_id: str, entity: Entity | None) -> None:
        self._entities[entity_id] = entity
        self._entities.move_to_end(entity_id)
        if len(self._entities) > self._entity_cache:
            self._entities.popitem(last=False)

    def forget_entities(self) -> None:
        """Drop the entity records cached from the store (after something else rewrote them)."""
        self._entities.clear()

    def get_entity(self, entity_id: str) -> Entity | None:
        """The entity as stored (all its names), or None."""
        if entity_id in self._entities:
            self._entities.move_to_end(entity_id)
            return self._entities[entity_id]
        found = self._read_entity(entity_id)
        self._remember(entity_id, found)
        return found

    def _read_entity(self, entity_id: str) -> Entity | None:
        e = r.entity_node(entity_id)
        T = r.terms()
        store = self.oxigraph

        def values(pred: ox.NamedNode) -> list[str]:
            # one index lookup per property: an entity's relation triples are never scanned
            return [q.object.value for q in store.quads_for_pattern(e, pred, None, r.DEFAULT)]

        prefs = values(T.pref)
        if not prefs:
            return None
        types = values(T.type)
        if not types:
            return None
        alts = values(T.alt)
        qids = values(T.wikidata)
        name = prefs[0] if len(prefs) == 1 else canonical_name(prefs)
        return Entity(entity_id, name, v.type_from_term(types[0]),
                      tuple(sorted(set(prefs + alts) - {name})), qids[0] if qids else "")

    def ids_for_name_key(self, entity_type: EntityType, key: str) -> set[str]:
        cls = r.t(v.class_term(entity_type))
        out = set()
        for q in self.oxigraph.quads_for_pattern(None, r.t(SKOS.hiddenLabel), ox.Literal(key), r.DEFAULT):
            if isinstance(q.subject, ox.NamedNode) and any(
                    True for _ in self.oxigraph.quads_for_pattern(q.subject, r.t(RDF.type), cls, r.DEFAULT)):
                out.add(v.entity_id_from_iri(q.subject.value))
        return out

    def id_for_qid(self, qid: str) -> str | None:
        for q in self.oxigraph.quads_for_pattern(None, r.t(GB.wikidata), ox.Literal(qid), r.DEFAULT):
            return v.entity_id_from_iri(q.subject.value)
        return None

    # ------------------------------------------------------------------ documents

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """True when the document is stored with this content hash (its text is unchanged)."""
        pattern = self.oxigraph.quads_for_pattern(r.document_node(doc_id), r.t(GB.contentHash),
                                                  ox.Literal(content_hash), r.graph_node(doc_id))
        return any(True for _ in pattern)

    def _retract_document(self, doc_id: str) -> None:
        """Remove an old version of a document: its node, the plain triples only it supported,
        then its named graph. Each step is safe to repeat if interrupted."""
        store = self.oxigraph
        g = r.graph_node(doc_id)
        for q in list(store.quads_for_pattern(r.document_node(doc_id), None, None, g)):
            store.remove(q)
        ask = load_query("supported_elsewhere.rq")
        for a in list(store.quads_for_pattern(None, r.t(GB.negated), r.boolean(False), g)):
            s = _object(store, a.subject, RDF.subject, g)
            p = _object(store, a.subject, RDF.predicate, g)
            o = _object(store, a.subject, RDF.object, g)
            if s is None or p is None or o is None:
                continue
            subs = {ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o, ox.Variable("graph"): g}
            if not list(store.query(ask, substitutions=subs)):
                store.remove(ox.Quad(s, p, o, r.DEFAULT))
                if v.predicate_from_term(p.value).symmetric:
                    store.remove(ox.Quad(o, p, s, r.DEFAULT))
        if store.contains_named_graph(g):
            store.remove_graph(g)

    def _graph_has_content(self, doc_id: str) -> bool:
        return any(True for _ in self.oxigraph.quads_for_pattern(None, None, None, r.graph_node(doc_id)))

    # ------------------------------------------------------------------ writing

    def write(self, doc_graphs: Iterable[DocumentGraph]) -> WriteReport:
        """Add documents, one transaction per batch of ``batch_size`` documents. The graphs are
        written as given: resolve them across articles first
        (:func:`graphbuild.builder.write_resolved` does both).

        Unchanged documents (same id and content hash) are skipped; changed ones replace their
        previous version. An entity record is written when it differs from the stored one (new,
        or with new names). Returns counts; raises :class:`SinkError` on failure.
        """
        if self.read_only:
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
            if self.has_document(doc.id, doc.content_hash):
                report.documents_skipped += 1
                continue
            batch.append(dg)
            ids.add(doc.id)
            if len(batch) >= self.batch_size:
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
                self._retract_document(doc_id)
            for e in dg.entities:
                # new or with new names; later records of the batch hold the earlier names
                if e.id in entities or self.get_entity(e.id) != e:
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
            self.oxigraph.extend(assertions + plain + markers)  # the whole batch or nothing
            for e in entities.values():
                self._settle_labels(e.id, e.name)
                self._remember(e.id, e)
        except OSError as exc:
            raise SinkError(f"writing to the store at {self.path} failed: {exc}") from exc
        report.entities += len(entities)
        report.triples += len(assertions) + len(plain) + len(markers)

    def _settle_labels(self, entity_id: str, name: str) -> None:
        """Leave exactly one canonical name; former canonical names stay as aliases."""
        store = self.oxigraph
        e = r.entity_node(entity_id)
        for pred in (SKOS.prefLabel, RDFS.label):
            for q in list(store.quads_for_pattern(e, r.t(pred), None, r.DEFAULT)):
                if q.object.value != name:
                    store.remove(q)
                    store.add(ox.Quad(e, r.t(SKOS.altLabel), q.object, r.DEFAULT))
        store.remove(ox.Quad(e, r.t(SKOS.altLabel), ox.Literal(name), r.DEFAULT))

    def repair(self) -> int:
        """Finish label updates an interrupted write left half-done; returns entities fixed."""
        from graphbuild.resolve.corpus import gazetteer_names

        rows = list(self.oxigraph.query(load_query("label_conflicts.rq")))
        if not rows:
            return 0
        self._entities.clear()
        preferred = {k: entry.name for k, entry in gazetteer_names().items()}
        for row in rows:
            eid = v.entity_id_from_iri(row["entity"].value)
            ent = self.get_entity(eid)
            if ent is not None:
                self._settle_labels(eid, canonical_name({ent.name, *ent.aliases}, preferred.get(eid, "")))
        return len(rows)

    # ------------------------------------------------------------------ reading

    def raw_query(self, sparql: str, bindings: dict[str, object] | None = None, *,
                  union: bool = True) -> Any:
        """pyoxigraph results. ``union``: patterns outside ``GRAPH`` match every graph."""
        try:
            return self.oxigraph.query(sparql, substitutions=_substitutions(bindings),
                                       use_default_graph_as_union=union, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise SinkError(f"invalid SPARQL: {exc}") from exc
        except RuntimeError as exc:
            hint = (" (a bound variable must be in the SELECT projection: add it, or SELECT *)"
                    if "projection" in str(exc) else "")
            raise SinkError(f"query failed: {exc}{hint}") from exc
        except OSError as exc:
            raise SinkError(f"query failed: {exc}") from exc

    def query(self, sparql: str, bindings: dict[str, object] | None = None, *,
              union: bool = True) -> list[dict[str, object]]:
        """Run a SPARQL query; rows as dicts of plain Python values.

        ``bindings`` maps variable names to values (str, int, float, bool, rdflib or pyoxigraph
        terms); they are substituted as RDF terms, never pasted into the text. Prefixes
        ``gb: skos: rdf: rdfs: owl: prov: dcterms: xsd: entity: doc: wd:`` are predeclared.
        ASK gives ``[{"boolean": ...}]``; CONSTRUCT/DESCRIBE rows of subject, predicate, object.
        """
        res = self.raw_query(sparql, bindings, union=union)
        if isinstance(res, ox.QueryBoolean):
            return [{"boolean": bool(res)}]
        if isinstance(res, ox.QuerySolutions):
            names = [x.value for x in res.variables]
            return [{n: r.python_value(sol[n]) for n in names} for sol in res]
        return [{"subject": r.python_value(tr.subject), "predicate": r.python_value(tr.predicate),
                 "object": r.python_value(tr.object)} for tr in res]

    def to_knowledge_graph(self, include_rejected: bool = False) -> KnowledgeGraph:
        """Entities, documents and relations (one per assertion, with evidence) of the store,
        as review leaves them: assertions a reviewer rejected are left out unless
        ``include_rejected``; reviewed ones carry their status (:mod:`graphbuild.review.read`)."""
        from graphbuild.review.read import knowledge_graph

        return knowledge_graph(self, include_rejected)

    # ------------------------------------------------------------------ export

    def export(self, path: str | Path, format: str | None = None, include_rejected: bool = False) -> str:
        """Write the graph to ``path`` (``-`` = stdout); returns the format used.

        RDF: ``ttl nt`` (all graphs merged), ``nq trig jsonld`` (named graph per document);
        ``graphml gexf`` (networkx, list attributes joined with `` | ``); ``neo4j-admin``
        (a folder of CSV files for ``neo4j-admin database import``). Assertions a reviewer
        rejected are left out unless ``include_rejected``.
        """
        fmt = format_for_path(path, format) if str(path) != "-" or format else "nq"
        from graphbuild.review.read import has_rejected, visible_quads

        if not include_rejected and has_rejected(self.oxigraph):
            with GraphStore(None) as shown:  # the same store without the rejected statements
                shown.oxigraph.extend(visible_quads(self.oxigraph))
                return shown.export(path, fmt, include_rejected=True)
        if fmt == "neo4j-admin":
            from graphbuild.sinks.neo4j_csv import write_neo4j_admin

            write_neo4j_admin(self.to_knowledge_graph(include_rejected), Path(path))
            return fmt
        if fmt in ("graphml", "gexf"):
            from graphbuild.model.networkx import kg_to_networkx

            write_network(kg_to_networkx(self.to_knowledge_graph(include_rejected)), path, fmt)
            return fmt
        from graphbuild.sinks.export import atomic_output

        rdf_format = _RDF_EXPORT[fmt]
        with atomic_output(path) as target:  # whole or not at all
            try:
                if rdf_format.supports_datasets:
                    self.oxigraph.dump(target, rdf_format, prefixes=PREFIXES if fmt != "nq" else None)
                else:
                    ox.serialize((q.triple for q in self.oxigraph), target, rdf_format,
                                 prefixes=PREFIXES if fmt == "ttl" else None)
            except (SyntaxError, ValueError) as exc:
                raise SinkError(f"cannot write {path}: {exc}") from None
        return fmt


def write_network(graph: Any, path: str | Path, fmt: str) -> None:
    """GraphML/GEXF that Gephi opens (see :func:`graphbuild.sinks.export.write_network`)."""
    from graphbuild.sinks.export import write_network as write

    write(graph, path, fmt)


def _object(store: ox.Store, subject: Any, pred: str, g: ox.NamedNode) -> Any:
    for q in store.quads_for_pattern(subject, r.t(pred), None, g):
        return q.object
    return None


__all__ = ["EXPORT_FORMATS", "PREFIXES", "GraphStore", "format_for_path", "to_term", "write_network"]
