"""The embedded graph store: an on-disk Oxigraph database queried with SPARQL.

:class:`GraphStore` is a context manager (``None`` as path = in memory) that opens the store,
reads entities and documents back, runs queries and exports. Writing lives in
:mod:`graphbuild.sinks.store_writer` (``GraphStore.write`` hands the graphs to it): documents
as given, resolved across articles beforehand (:func:`graphbuild.builder.write_resolved`), in
batches, one transaction per batch. The RDF layout is described in :mod:`graphbuild.sinks.rdf`.

Every value reaches SPARQL as a bound term (pyoxigraph ``substitutions``); query text lives in
``graphbuild/query/sparql/*.rq``.

>>> with GraphStore(None) as store:
...     store.query("ASK { ?s ?p ?o }")
[{'boolean': False}]
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphbuild.errors import SinkError
from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.names import canonical_name
from graphbuild.model.records import DocumentGraph, Entity
from graphbuild.sinks import rdf as r
from graphbuild.sinks.report import WriteReport
from graphbuild.sinks.store_writer import StoreWriter
from graphbuild.vocab import rdf as v
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

# the ontology's named graph, which ``graphbuild serve`` adds to the store it serves: part of the
# served dataset, never of an export (an export after serving equals the export before)
ONTOLOGY_GRAPH_IRI = "https://w3id.org/graphbuild/ontology"

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

    def remember(self, entity_id: str, entity: Entity | None) -> None:
        """Cache an entity record just read or written (bounded)."""
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
        self.remember(entity_id, found)
        return found

    def _read_entity(self, entity_id: str) -> Entity | None:
        e = r.entity_node(entity_id)
        T = r.terms()
        store = self.oxigraph

        def values(pred: ox.NamedNode) -> list[str]:
            # one index lookup per property: an entity's relation triples are never scanned
            return [q.object.value for q in store.quads_for_pattern(e, pred, None, r.DEFAULT)
                    if not isinstance(q.object, ox.Triple)]  # no quoted triples are written here

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
        T = r.terms()
        cls = T.classes[entity_type]
        out = set()
        for q in self.oxigraph.quads_for_pattern(None, T.hidden, ox.Literal(key), r.DEFAULT):
            if isinstance(q.subject, ox.NamedNode) and any(
                    True for _ in self.oxigraph.quads_for_pattern(q.subject, T.type, cls, r.DEFAULT)):
                out.add(v.entity_id_from_iri(q.subject.value))
        return out

    def id_for_qid(self, qid: str) -> str | None:
        for q in self.oxigraph.quads_for_pattern(None, r.terms().wikidata, ox.Literal(qid), r.DEFAULT):
            if isinstance(q.subject, ox.NamedNode):
                return v.entity_id_from_iri(q.subject.value)
        return None

    # ------------------------------------------------------------------ documents

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """True when the document is stored with this content hash (its text is unchanged)."""
        pattern = self.oxigraph.quads_for_pattern(r.document_node(doc_id), r.terms().hash,
                                                  ox.Literal(content_hash), r.graph_node(doc_id))
        return any(True for _ in pattern)

    # ------------------------------------------------------------------ writing

    def write(self, doc_graphs: Iterable[DocumentGraph], /) -> WriteReport:
        """Add documents as given (resolved across articles beforehand:
        :func:`graphbuild.builder.write_resolved` does both); see
        :meth:`graphbuild.sinks.store_writer.StoreWriter.write`."""
        return StoreWriter(self).write(doc_graphs)

    def repair(self) -> int:
        """Finish label updates an interrupted write left half-done; returns entities fixed."""
        return StoreWriter(self).repair()

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

    def to_knowledge_graph(self) -> KnowledgeGraph:
        """Entities, documents and relations (one per assertion, with evidence) of everything
        stored. Review decisions are not applied here: the graph as review leaves it (rejected
        assertions hidden, statuses attached) is :func:`graphbuild.review.read.knowledge_graph`."""
        return r.knowledge_graph_from_quads(self.oxigraph)

    # ------------------------------------------------------------------ export

    def export(self, path: str | Path, format: str | None = None) -> str:
        """Write everything stored to ``path`` (``-`` = stdout); returns the format used.

        RDF: ``ttl nt`` (all graphs merged), ``nq trig jsonld`` (named graph per document);
        ``graphml gexf`` (networkx, list attributes joined with `` | ``); ``neo4j-admin``
        (a folder of CSV files for ``neo4j-admin database import``). Review decisions are not
        applied here: :func:`graphbuild.review.read.export` leaves rejected assertions out.
        """
        fmt = format_for_path(path, format) if str(path) != "-" or format else "nq"
        ontology = ox.NamedNode(ONTOLOGY_GRAPH_IRI)
        if next(iter(self.oxigraph.quads_for_pattern(None, None, None, ontology)), None) is not None:
            # the ontology graph ``serve`` adds is not data: the same store without it
            with GraphStore(None) as shown:
                shown.oxigraph.extend(q for q in self.oxigraph if q.graph_name != ontology)
                return shown.export(path, fmt)
        if fmt == "neo4j-admin":
            from graphbuild.sinks.neo4j_csv import write_neo4j_admin

            write_neo4j_admin(self.to_knowledge_graph(), Path(path))
            return fmt
        if fmt in ("graphml", "gexf"):
            from graphbuild.model.networkx import kg_to_networkx

            write_network(kg_to_networkx(self.to_knowledge_graph()), path, fmt)
            return fmt
        from graphbuild.sinks.export import atomic_output

        rdf_format = _RDF_EXPORT[fmt]
        with atomic_output(path) as target:  # whole or not at all
            try:
                if fmt == "jsonld":
                    target.write(_jsonld(self.oxigraph))
                elif rdf_format.supports_datasets:
                    self.oxigraph.dump(target, rdf_format, prefixes=PREFIXES if fmt != "nq" else None)
                else:
                    ox.serialize((q.triple for q in self.oxigraph), target, rdf_format,
                                 prefixes=PREFIXES if fmt == "ttl" else None)
            except (SyntaxError, ValueError) as exc:
                raise SinkError(f"cannot write {path}: {exc}") from None
        return fmt


def _jsonld(store: ox.Store) -> bytes:
    """JSON-LD with an ``@context`` of our prefixes (compact IRIs, one named graph per article);
    the engine writes expanded JSON-LD only, so rdflib compacts it."""
    import io

    import rdflib

    quads = io.BytesIO()
    store.dump(quads, ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    dataset.parse(data=quads.getvalue().decode("utf-8"), format="nquads")
    return dataset.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode("utf-8")


def write_network(graph: Any, path: str | Path, fmt: str) -> None:
    """GraphML/GEXF that Gephi opens (see :func:`graphbuild.sinks.export.write_network`)."""
    from graphbuild.sinks.export import write_network as write

    write(graph, path, fmt)


__all__ = ["EXPORT_FORMATS", "ONTOLOGY_GRAPH_IRI", "PREFIXES", "GraphStore", "format_for_path", "to_term", "write_network"]
