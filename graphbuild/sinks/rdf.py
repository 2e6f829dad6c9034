"""The model as RDF: quads for entities, documents, plain triples and assertion nodes.

Layout (also described in ``ontology/graphbuild.ttl`` and checked by ``ontology/shapes.ttl``):

* **default graph**: entities (class, ``skos:prefLabel`` = ``rdfs:label`` = canonical name,
  ``skos:altLabel`` per other name, ``skos:hiddenLabel`` per normalised name,
  ``gb:wikidata`` + ``owl:sameAs`` when the QID is known) and one plain triple per positive
  relation (both directions for symmetric predicates);
* **one named graph per document** (:func:`graphbuild.vocab.rdf.graph_iri`): the ``gb:Document``
  node and every ``gb:Assertion`` the document states, positive or negated. A negated assertion
  has no plain triple.

IRIs are deterministic (model ids; assertions: a hash of the edge key, document and span), so
writing the same thing twice adds nothing. Terms are pyoxigraph terms (fast to build, correct
N-Triples); :func:`to_rdflib_dataset` converts for rdflib users.

>>> from graphbuild.model import Document, DocumentGraph
>>> quads = list(document_graph_quads(DocumentGraph(Document("d1", "text", title="T"))))
>>> len(quads) > 0
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.names import canonical_name, name_keys
from graphbuild.model.records import (
    Document,
    DocumentGraph,
    Entity,
    EventTime,
    Evidence,
    Money,
    Relation,
)
from graphbuild.sinks.report import WriteReport
from graphbuild.vocab import rdf as v
from graphbuild.vocab.ontology import (
    ASSERTION_NS,
    DOC_NS,
    ENTITY_NS,
    GRAPH_NS,
    OPENSANCTIONS_NS,
    WIKIDATA_NS,
)
from graphbuild.vocab.rdf import (
    DCTERMS,
    GB,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    class_term,
    predicate_term,
)
from graphbuild.vocab.terms import EntityType, Predicate

if TYPE_CHECKING:
    import rdflib

DEFAULT = ox.DefaultGraph()
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def t(term: str) -> ox.NamedNode:
    """A vocabulary term (``GB.pitched``, ``SKOS.prefLabel``) as a pyoxigraph node."""
    return v.ox(term)


@lru_cache(maxsize=1)
def terms() -> SimpleNamespace:
    """Every vocabulary term the writers use, as pyoxigraph nodes, built once from the ontology
    (a missing term fails here, on first use, with OntologyError)."""
    return SimpleNamespace(
        type=t(RDF.type), subject=t(RDF.subject), predicate=t(RDF.predicate), object=t(RDF.object),
        pref=t(SKOS.prefLabel), label=t(RDFS.label), alt=t(SKOS.altLabel), hidden=t(SKOS.hiddenLabel),
        wikidata=t(GB.wikidata), same_as=t(OWL.sameAs), derived=t(PROV.wasDerivedFrom),
        Assertion=t(GB.Assertion), Document=t(GB.Document), evidence=t(GB.evidence),
        start=t(GB.startOffset), end=t(GB.endOffset), confidence=t(GB.confidence),
        extractor=t(GB.extractor), negated=t(GB.negated), verb=t(GB.verb), role=t(GB.role),
        title=t(DCTERMS.title), url=t(GB.url), issued=t(DCTERMS.issued), outlet=t(GB.outlet),
        hash=t(GB.contentHash), mentions=t(GB.mentions),
        event_date=t(GB.eventDate), event_start=t(GB.eventStart), event_end=t(GB.eventEnd),
        event_time=t(GB.eventTime), date_precision=t(GB.datePrecision), date_text=t(GB.dateText),
        amount=t(GB.amount), currency=t(GB.currency), amount_text=t(GB.amountText),
        date=t(XSD.date), g_year_month=t(XSD.gYearMonth), g_year=t(XSD.gYear),
        integer=t(XSD.integer), boolean=t(XSD.boolean), decimal=t(XSD.decimal), any_uri=t(XSD.anyURI),
        true=ox.Literal("true", datatype=t(XSD.boolean)), false=ox.Literal("false", datatype=t(XSD.boolean)),
        predicates={p: t(predicate_term(p)) for p in Predicate},
        classes={c: t(class_term(c)) for c in EntityType},
    )


def string(value: str) -> ox.Literal:
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=terms().integer)


def boolean(value: bool) -> ox.Literal:
    return terms().true if value else terms().false


def decimal(value: float) -> ox.Literal:
    """xsd:decimal lexical form (no exponent), six digits at most."""
    s = f"{float(value):.6f}".rstrip("0")
    return ox.Literal(s + "0" if s.endswith(".") else s, datatype=terms().decimal)


def date_literal(value: str) -> ox.Literal:
    if _ISO_DATE.match(value):
        return ox.Literal(value, datatype=t(XSD.date))
    if _ISO_DATETIME.match(value):
        return ox.Literal(value, datatype=t(XSD.dateTime))
    return ox.Literal(value)


# Graph nodes are built as pyoxigraph terms directly (the IRIs of graphbuild.vocab.rdf, the
# same strings), not as rdflib terms converted: the writers make several per relation.

@lru_cache(maxsize=1 << 16)
def entity_node(entity_id: str) -> ox.NamedNode:
    """:func:`graphbuild.vocab.rdf.entity_iri` as a pyoxigraph node."""
    return ox.NamedNode(ENTITY_NS + v.local_part(entity_id))


def document_node(doc_id: str) -> ox.NamedNode:
    """:func:`graphbuild.vocab.rdf.document_iri` as a pyoxigraph node."""
    return ox.NamedNode(DOC_NS + v.local_part(doc_id))


def graph_node(doc_id: str) -> ox.NamedNode:
    """:func:`graphbuild.vocab.rdf.graph_iri` as a pyoxigraph node."""
    return ox.NamedNode(GRAPH_NS + v.local_part(doc_id))


def assertion_digest(rel: Relation) -> str:
    """Hash of the edge key (symmetric predicates in sorted order), document and span."""
    s, p, o, neg = rel.key
    ev = rel.evidence
    parts = (s, p, o, "1" if neg else "0", ev.doc_id, str(ev.start), str(ev.end))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def assertion_node(rel: Relation) -> ox.NamedNode:
    return ox.NamedNode(ASSERTION_NS + assertion_digest(rel))


# ------------------------------------------------------------------------------------ quads


def entity_quads(entity: Entity) -> Iterator[ox.Quad]:
    """The entity's description in the default graph."""
    T = terms()
    e = entity_node(entity.id)
    yield ox.Quad(e, T.type, T.classes[entity.type], DEFAULT)
    name = string(entity.name)
    yield ox.Quad(e, T.pref, name, DEFAULT)
    yield ox.Quad(e, T.label, name, DEFAULT)
    for alias in entity.aliases:
        if alias != entity.name:
            yield ox.Quad(e, T.alt, string(alias), DEFAULT)
    for key in sorted(name_keys(entity)):
        yield ox.Quad(e, T.hidden, string(key), DEFAULT)
    if entity.qid:
        yield ox.Quad(e, T.wikidata, string(entity.qid), DEFAULT)
        yield ox.Quad(e, T.same_as, ox.NamedNode(WIKIDATA_NS + v.local_part(entity.qid)), DEFAULT)
    if entity.id.startswith("os/"):  # imported from an OpenSanctions export (a user gazetteer)
        yield ox.Quad(e, T.same_as, node(f"{OPENSANCTIONS_NS}{entity.id[3:]}/"), DEFAULT)


def document_quads(doc: Document, mentioned: Iterable[str] = ()) -> Iterator[ox.Quad]:
    """The document node, in the document's own named graph."""
    T = terms()
    g = graph_node(doc.id)
    d = document_node(doc.id)
    yield ox.Quad(d, T.type, T.Document, g)
    if doc.title:
        yield ox.Quad(d, T.title, string(doc.title), g)
    if doc.url:
        yield ox.Quad(d, T.url, ox.Literal(doc.url, datatype=T.any_uri), g)
    if doc.published:
        yield ox.Quad(d, T.issued, date_literal(doc.published), g)
    if doc.source:
        yield ox.Quad(d, T.outlet, string(doc.source), g)
    yield ox.Quad(d, T.hash, string(doc.content_hash), g)
    for eid in sorted(set(mentioned)):
        yield ox.Quad(d, T.mentions, entity_node(eid), g)


def plain_quads(rel: Relation) -> Iterator[ox.Quad]:
    """The plain triple(s) of a positive relation (none for a negated one)."""
    if rel.negated:
        return
    s, p, o, _ = rel.key
    pred = terms().predicates[rel.predicate]
    yield ox.Quad(entity_node(s), pred, entity_node(o), DEFAULT)
    if rel.predicate.symmetric:
        yield ox.Quad(entity_node(o), pred, entity_node(s), DEFAULT)


def assertion_quads(rel: Relation, doc: ox.NamedNode | None = None,
                    graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    """The statement node of one relation, in its document's named graph.

    ``rdf:subject``/``rdf:object`` follow :pyattr:`Relation.key` (sorted ids for symmetric
    predicates), so one sentence stating an edge both ways is one assertion.
    """
    T = terms()
    ev = rel.evidence
    g = graph if graph is not None else graph_node(ev.doc_id)
    a = assertion_node(rel)
    s, _, o, neg = rel.key
    yield ox.Quad(a, T.type, T.Assertion, g)
    yield ox.Quad(a, T.subject, entity_node(s), g)
    yield ox.Quad(a, T.predicate, T.predicates[rel.predicate], g)
    yield ox.Quad(a, T.object, entity_node(o), g)
    yield ox.Quad(a, T.derived, doc if doc is not None else document_node(ev.doc_id), g)
    yield ox.Quad(a, T.evidence, string(ev.sentence), g)
    yield ox.Quad(a, T.start, integer(ev.start), g)
    yield ox.Quad(a, T.end, integer(ev.end), g)
    yield ox.Quad(a, T.confidence, decimal(ev.confidence), g)
    yield ox.Quad(a, T.extractor, string(ev.extractor), g)
    yield ox.Quad(a, T.negated, T.true if neg else T.false, g)
    if rel.verb:
        yield ox.Quad(a, T.verb, string(rel.verb), g)
    if rel.role:
        yield ox.Quad(a, T.role, string(rel.role), g)
    yield from qualifier_quads(a, ev, g)


_POINT_DATATYPE = {"day": "date", "month": "g_year_month", "year": "g_year"}


def qualifier_quads(a: ox.NamedNode, ev: Evidence, g: ox.NamedNode) -> Iterator[ox.Quad]:
    """When and how much, on the assertion node (``gb:eventDate`` with its precision's datatype
    for a single day, month or year; ``gb:eventStart``/``gb:eventEnd`` for every stated time).
    The publication date stays ``dcterms:issued`` on the document."""
    T = terms()
    when, money = ev.when, ev.amount
    if when is not None:
        yield ox.Quad(a, T.event_time, string(when.value), g)
        point = _POINT_DATATYPE.get(when.precision)
        if point and "/" not in when.value:
            yield ox.Quad(a, T.event_date, ox.Literal(when.value, datatype=getattr(T, point)), g)
        if when.start:
            yield ox.Quad(a, T.event_start, ox.Literal(when.start, datatype=T.date), g)
        if when.end:
            yield ox.Quad(a, T.event_end, ox.Literal(when.end, datatype=T.date), g)
        yield ox.Quad(a, T.date_precision, string(when.precision), g)
        yield ox.Quad(a, T.date_text, string(when.text), g)
    if money is not None:
        yield ox.Quad(a, T.amount, decimal_amount(money.value), g)
        yield ox.Quad(a, T.currency, string(money.currency), g)
        yield ox.Quad(a, T.amount_text, string(money.text), g)


def decimal_amount(value: float) -> ox.Literal:
    """xsd:decimal of an amount, to the cent."""
    s = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return ox.Literal(s if "." in s else s + ".0", datatype=terms().decimal)


def unique_relations(relations: Iterable[Relation]) -> list[Relation]:
    """One relation per assertion IRI: the most confident, then the first."""
    best: dict[str, Relation] = {}
    for r in relations:
        k = assertion_digest(r)
        old = best.get(k)
        if old is None or r.evidence.confidence > old.evidence.confidence:
            best[k] = r
    return list(best.values())


def document_graph_quads(dg: DocumentGraph, with_entities: bool = True) -> Iterator[ox.Quad]:
    """Every quad of one document: entities (optional), plain triples, assertions, document."""
    if with_entities:
        for e in dg.entities:
            yield from entity_quads(e)
    rels = unique_relations(r for r in dg.relations if r.evidence.doc_id == dg.document.id)
    for r in rels:
        yield from plain_quads(r)
    doc, graph = document_node(dg.document.id), graph_node(dg.document.id)
    for r in rels:
        yield from assertion_quads(r, doc, graph)
    yield from document_quads(dg.document, {x for r in rels for x in (r.subject, r.object)})


# --------------------------------------------------------------------------- streaming files

QUAD_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
TRIPLE_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}


class RdfFileSink:
    """N-Quads (``nq``) or N-Triples (``nt``) streamed to a binary file, as a
    :class:`graphbuild.sinks.base.Sink` of resolved DocumentGraphs.

    Each document's quads are written as soon as it arrives; entity descriptions, which later
    articles may extend with new names, are written once by ``close`` (memory grows with the
    number of distinct entities, not with the number of articles). The last record given for an
    entity is the one written: resolved graphs carry every name seen so far. N-Triples drops
    the named graphs (the union is written). ``report`` sums every ``write`` and ``close``.
    """

    def __init__(self, out: IO[bytes], fmt: str = "nq") -> None:
        if fmt not in ("nq", "nt"):
            raise ValueError(f"streaming RDF is N-Quads (nq) or N-Triples (nt), not {fmt!r}")
        self.out = out
        self.fmt = fmt
        self.entities: dict[str, Entity] = {}
        self.report = WriteReport(sink=f"rdf-{fmt}")
        self._closed = False

    def __enter__(self) -> RdfFileSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serialize(self, quads: Iterator[ox.Quad]) -> None:
        items = quads if self.fmt == "nq" else (q.triple for q in quads)
        ox.serialize(items, self.out, QUAD_FORMATS.get(self.fmt) or TRIPLE_FORMATS[self.fmt])

    def write(self, doc_graphs: Iterable[DocumentGraph], /) -> WriteReport:
        """Write the documents' assertions, plain triples and document nodes."""
        import time

        started = time.perf_counter()
        report = WriteReport(sink=self.report.sink)

        def quads() -> Iterator[ox.Quad]:
            for dg in doc_graphs:
                report.documents += 1
                report.relations += len(dg.relations)
                for e in dg.entities:
                    self.entities[e.id] = e
                for q in document_graph_quads(dg, with_entities=False):
                    report.triples += 1
                    yield q

        self._serialize(quads())
        report.seconds = time.perf_counter() - started
        _add_report(self.report, report)
        return report

    def close(self) -> None:
        """Write the entity descriptions (sorted by id); a second call does nothing."""
        if self._closed:
            return
        import time

        started = time.perf_counter()
        report = WriteReport(sink=self.report.sink)

        def quads() -> Iterator[ox.Quad]:
            for e in sorted(self.entities.values(), key=lambda x: x.id):
                report.entities += 1
                for q in entity_quads(e):
                    report.triples += 1
                    yield q

        self._serialize(quads())
        self._closed = True
        report.seconds = time.perf_counter() - started
        _add_report(self.report, report)


def _add_report(total: WriteReport, part: WriteReport) -> None:
    total.documents += part.documents
    total.entities += part.entities
    total.relations += part.relations
    total.triples += part.triples
    total.seconds += part.seconds


def _first_records(doc_graphs: Iterable[DocumentGraph]) -> Iterator[DocumentGraph]:
    """The graphs with every entity as first given (unresolved graphs: the first record of an
    id is the one written)."""
    from dataclasses import replace

    seen: dict[str, Entity] = {}
    for dg in doc_graphs:
        ents = tuple(seen.setdefault(e.id, e) for e in dg.entities)
        yield dg if ents == dg.entities else replace(dg, entities=ents)


def write_rdf(doc_graphs: Iterable[DocumentGraph], out: IO[bytes], fmt: str = "nq", *,
              resolved: bool = True) -> WriteReport:
    """Stream documents as N-Quads (``nq``) or N-Triples (``nt``) without building a graph
    (:class:`RdfFileSink`), written as given.

    ``resolved``: the graphs were resolved across articles beforehand (for instance with
    :func:`graphbuild.resolve.corpus.resolve_corpus`), so the last record given for an entity
    holds all its names and is the one written. ``resolved=False`` (parts of a corpus that
    are merged later): each entity is written as first given.

    >>> import io
    >>> from graphbuild.model import Document, DocumentGraph
    >>> write_rdf([DocumentGraph(Document("d1", "text"))], io.BytesIO()).documents
    1
    """
    sink = RdfFileSink(out, fmt)
    with sink:
        sink.write(doc_graphs if resolved else _first_records(doc_graphs))
    return sink.report


def write_nquads(doc_graphs: Iterable[DocumentGraph], out: IO[bytes], *, resolved: bool = True) -> WriteReport:
    return write_rdf(doc_graphs, out, "nq", resolved=resolved)


def write_ntriples(doc_graphs: Iterable[DocumentGraph], out: IO[bytes], *, resolved: bool = True) -> WriteReport:
    return write_rdf(doc_graphs, out, "nt", resolved=resolved)


# ------------------------------------------------------------------------ rdflib and back


def to_rdflib_term(term):
    """pyoxigraph term -> rdflib term (``DefaultGraph`` -> ``None``)."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == str(XSD.string):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported RDF term {term!r}")


def to_rdflib_dataset(quads: Iterable[ox.Quad]) -> rdflib.Dataset:
    """An rdflib Dataset with the same quads (named graphs kept)."""
    import rdflib

    ds = rdflib.Dataset()
    for q in quads:
        g = to_rdflib_term(q.graph_name)
        ctx = ds.default_graph if g is None else ds.graph(g)
        ctx.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return ds


def to_rdflib_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The union of all graphs as one rdflib Graph (what SHACL validation reads)."""
    import rdflib

    g = rdflib.Graph()
    for q in quads:
        g.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return g


def python_value(term) -> object:
    """A pyoxigraph term as a plain Python value (IRIs as strings, typed literals converted)."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt == str(XSD.boolean):
                return term.value in ("true", "1")
            if dt in (str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger)):
                return int(term.value)
            if dt in (str(XSD.decimal), str(XSD.double), str(XSD.float)):
                return float(term.value)
        except ValueError:
            return term.value
        return term.value
    if term is None:
        return None
    return str(term)


def knowledge_graph_from_quads(quads: Iterable[ox.Quad]) -> KnowledgeGraph:
    """Inverse of :func:`document_graph_quads` over a whole dataset: entities, documents and
    relations (one per assertion, with its evidence). Document texts are not in RDF."""
    subjects: dict[str, dict[str, list]] = {}
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode):
            continue
        props = subjects.setdefault(q.subject.value, {})
        props.setdefault(q.predicate.value, []).append(q.object)
    return _kg_from_subjects(subjects)


def _one(props: dict[str, list], term: str, default: object = "") -> object:
    vals = props.get(str(term))
    return python_value(vals[0]) if vals else default


def _number(props: dict[str, list], term: str, default: float = 0.0) -> float:
    val = _one(props, term, default)
    return float(val) if isinstance(val, int | float | str) else default


def _qualifiers(props: dict[str, list]) -> tuple[EventTime | None, Money | None]:
    when = money = None
    if str(GB.eventTime) in props:
        when = EventTime(str(_one(props, GB.dateText)), str(_one(props, GB.eventTime)),
                         str(_one(props, GB.datePrecision)), str(_one(props, GB.eventStart)),
                         str(_one(props, GB.eventEnd)))
    if str(GB.amount) in props:
        money = Money(_number(props, GB.amount), str(_one(props, GB.currency)),
                      str(_one(props, GB.amountText)))
    return when, money


def _kg_from_subjects(subjects: dict[str, dict[str, list]]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    rdf_type, gb_doc, gb_assertion = str(RDF.type), str(GB.Document), str(GB.Assertion)
    for iri, props in subjects.items():
        types = [x.value for x in props.get(rdf_type, []) if isinstance(x, ox.NamedNode)]
        if gb_doc in types:
            doc_id = v.doc_id_from_iri(iri)
            kg.documents[doc_id] = Document(
                id=doc_id, text="", title=str(_one(props, DCTERMS.title)),
                source=str(_one(props, GB.outlet)), url=str(_one(props, GB.url)),
                published=str(_one(props, DCTERMS.issued)), stored_hash=str(_one(props, GB.contentHash)))
        elif gb_assertion in types:
            doc_id = v.doc_id_from_iri(str(_one(props, PROV.wasDerivedFrom)))
            ev = Evidence(doc_id, str(_one(props, GB.evidence)), int(_number(props, GB.startOffset)),
                          int(_number(props, GB.endOffset)), str(_one(props, GB.extractor)),
                          _number(props, GB.confidence), *_qualifiers(props))
            kg.add_relation(Relation(
                v.entity_id_from_iri(str(_one(props, RDF.subject))),
                v.predicate_from_term(str(_one(props, RDF.predicate))),
                v.entity_id_from_iri(str(_one(props, RDF.object))),
                ev, bool(_one(props, GB.negated, False)), str(_one(props, GB.verb)),
                str(_one(props, GB.role))))
        elif types and str(SKOS.prefLabel) in props:
            entity_type = v.type_from_term(types[0])
            prefs = [x.value for x in props[str(SKOS.prefLabel)]]
            alts = [x.value for x in props.get(str(SKOS.altLabel), [])]
            name = canonical_name(prefs) if len(prefs) > 1 else prefs[0]
            eid = v.entity_id_from_iri(iri)
            kg.entities[eid] = Entity(eid, name, entity_type, tuple(sorted(set(prefs + alts) - {name})),
                                      str(_one(props, GB.wikidata)))
    return kg


def shacl_report(graph: rdflib.Graph) -> tuple[bool, str]:
    """Validate a graph (the union of a dataset's graphs) against ``ontology/shapes.ttl``,
    with the ontology merged in; returns (conforms, report text)."""
    import pyshacl
    import rdflib

    from graphbuild.vocab.ontology import ONTOLOGY_FILE, SHAPES_FILE, ontology_path

    shapes = rdflib.Graph().parse(ontology_path(SHAPES_FILE), format="turtle")
    data = rdflib.Graph()
    data += graph
    data.parse(ontology_path(ONTOLOGY_FILE), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    return bool(conforms), str(text)
