"""Neo4j sink: an idempotent, batched loader over Bolt with the official ``neo4j`` driver.

Graph shape (labels and types come from the ontology, see :mod:`graphbuild.sinks.neo4j_queries`):

* ``(:Entity:<Class> {id, name, aliases, type, qid})`` — unique ``id``;
* ``(:Document {id, title, url, published, source})`` — unique ``id``;
* ``(:Document)-[:MENTIONS]->(:Entity)``;
* ``(:Entity)-[:<PREDICATE> {negated, sources, evidence, count (articles), sentences, confidence, verb, role,
  evidence_keys, evidence_docs, evidence_starts, evidence_ends, evidence_confidences}]->(:Entity)``,
  one relationship per (subject, predicate, object, negated).

The caller owns the driver:

>>> import neo4j                                                        # doctest: +SKIP
>>> with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver, \\
...         Neo4jSink(driver) as sink:                                   # doctest: +SKIP
...     report = sink.write(knowledge_graph)
>>> load_graph(knowledge_graph, uri, user, password).summary()          # doctest: +SKIP
'neo4j: 3 documents, 12 entities, 20 relations in 0.41s'
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from graphbuild.errors import GraphbuildError, SinkError
from graphbuild.model import DocumentGraph, KnowledgeGraph, Relation
from graphbuild.model.facts import edge_dates, outlet, published_day
from graphbuild.sinks import neo4j_queries as q
from graphbuild.sinks.report import WriteReport
from graphbuild.vocab import EntityType, Predicate

if TYPE_CHECKING:
    import neo4j

DEFAULT_BATCH_SIZE = 1000
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONSTRAINT_RETRIES = 5

GraphInput = KnowledgeGraph | DocumentGraph | Iterable[DocumentGraph]


# --------------------------------------------------------------------------- errors

def sink_error(exc: BaseException, uri: str = "", user: str = "") -> SinkError:
    """One clear :class:`SinkError` for a driver exception (what failed, what to check)."""
    import neo4j.exceptions as ne

    where = f" at {uri}" if uri else ""
    if isinstance(exc, ne.AuthError):
        who = f" for user {user!r}" if user else ""
        return SinkError(f"Neo4j{where} refused the login{who}: check NEO4J_USERNAME and NEO4J_PASSWORD")
    if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired)):
        return SinkError(f"cannot reach Neo4j{where}: {_message(exc)}; is the server running and "
                         "is NEO4J_URI right?")
    if isinstance(exc, ne.ConfigurationError) or (isinstance(exc, ValueError) and uri):
        return SinkError(f"invalid Neo4j connection settings{where}: {_message(exc)}")
    if isinstance(exc, ne.Neo4jError):
        return SinkError(f"Neo4j{where} rejected the query: {exc.code}: {_message(exc)}")
    return SinkError(f"Neo4j{where} failed: {_message(exc)}")


def _message(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


@contextlib.contextmanager
def translate_errors(uri: str = "", user: str = "") -> Iterator[None]:
    """Turn driver and socket errors into :class:`SinkError`; graphbuild's own errors pass."""
    import neo4j.exceptions as ne

    try:
        yield
    except GraphbuildError:
        raise
    except (ne.Neo4jError, ne.DriverError, OSError, ValueError) as exc:
        raise sink_error(exc, uri, user) from exc


def connect(uri: str, user: str, password: str, **config: Any) -> neo4j.Driver:
    """A driver that has logged in once (so a wrong URI or password fails here, clearly).

    The returned driver is a context manager; close it when done.
    """
    import neo4j

    scheme = uri.partition("://")[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise SinkError(f"invalid Neo4j connection settings at {uri}: the URI must start with "
                        "bolt:// or neo4j:// (or their +s/+ssc forms)")
    config.setdefault("connection_timeout", 10.0)
    with translate_errors(uri, user):
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), **config)
    try:
        with translate_errors(uri, user):
            driver.verify_connectivity()
    except SinkError:
        driver.close()
        raise
    return driver


def run_cypher(driver: neo4j.Driver, query: str, params: dict[str, Any] | None = None, *,
               database: str | None = None, write: bool = False) -> list[dict[str, Any]]:
    """Run one Cypher query with parameters; rows as dicts (nodes and relationships as maps).

    Read-only unless ``write=True``: the session's access mode is READ, which the server enforces.

    >>> run_cypher(driver, "MATCH (e:Entity) WHERE e.name = $name RETURN e.id AS id",
    ...            {"name": "ICE"})                                     # doctest: +SKIP
    [{'id': 'gov/ice'}]
    """
    import neo4j

    routing = neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ
    with translate_errors():
        records, _, _ = driver.execute_query(query, params or {}, routing_=routing,
                                             database_=database)
    return [record.data() for record in records]


def load_graph(graph: GraphInput, uri: str, user: str, password: str, database: str | None = None,
               batch_size: int = DEFAULT_BATCH_SIZE) -> WriteReport:
    """Connect, load ``graph`` idempotently, disconnect. Raises :class:`SinkError` on failure."""
    with connect(uri, user, password) as driver, \
            Neo4jSink(driver, database=database, batch_size=batch_size, uri=uri, user=user) as sink:
        return sink.write(graph)


# --------------------------------------------------------------------------- rows

def _as_knowledge_graph(graph: GraphInput) -> tuple[KnowledgeGraph, dict[str, set[str]]]:
    """The graph to load, and the entities each document mentions (from DocumentGraphs)."""
    mentioned: dict[str, set[str]] = defaultdict(set)
    if isinstance(graph, KnowledgeGraph):
        return graph, mentioned
    doc_graphs = [graph] if isinstance(graph, DocumentGraph) else graph
    kg = KnowledgeGraph()
    for dg in doc_graphs:
        kg.add(dg)
        mentioned[dg.document.id].update(e.id for e in dg.entities)
    return kg, mentioned


def evidence_key(rel: Relation) -> str:
    """Identity of one piece of evidence on an edge: ``doc:start:end``."""
    ev = rel.evidence
    return f"{ev.doc_id}:{ev.start}:{ev.end}"


def document_rows(kg: KnowledgeGraph, referenced: Iterable[str]) -> list[dict[str, Any]]:
    rows = []
    for doc_id in sorted(set(kg.documents) | set(referenced)):
        doc = kg.documents.get(doc_id)
        props: dict[str, str] = {}
        if doc is not None:
            props = {k: v for k, v in (("title", doc.title), ("url", doc.url),
                                       ("published", doc.published), ("source", doc.source),
                                       ("outlet", outlet(doc)), ("content_hash", doc.content_hash)) if v}
        rows.append({"id": doc_id, "props": props})
    return rows


def entity_rows(kg: KnowledgeGraph) -> dict[EntityType, list[dict[str, Any]]]:
    rows: dict[EntityType, list[dict[str, Any]]] = defaultdict(list)
    for entity_id in sorted(kg.entities):
        e = kg.entities[entity_id]
        rows[e.type].append({"id": e.id, "name": e.name, "type": e.type.value,
                             "aliases": sorted(set(e.aliases) - {e.name}), "qid": e.qid or None})
    return rows


def relation_rows(kg: KnowledgeGraph) -> dict[Predicate, list[dict[str, Any]]]:
    """One row per edge (subject, predicate, object, negated) with its evidence as parallel lists."""
    rows: dict[Predicate, list[dict[str, Any]]] = defaultdict(list)
    for (subject, predicate, obj, negated), rels in kg.edges().items():
        seen: set[str] = set()
        ev: dict[str, list[Any]] = defaultdict(list)
        for rel in rels:
            key = evidence_key(rel)
            if key in seen:
                continue
            seen.add(key)
            ev["evidence_keys"].append(key)
            ev["evidence"].append(rel.evidence.sentence)
            ev["evidence_docs"].append(rel.evidence.doc_id)
            ev["evidence_starts"].append(rel.evidence.start)
            ev["evidence_ends"].append(rel.evidence.end)
            ev["evidence_confidences"].append(float(rel.evidence.confidence))
            # when: the stated time ("" when none), the period it covers, the publication day
            when = rel.evidence.when
            doc = kg.documents.get(rel.evidence.doc_id)
            ev["evidence_times"].append(when.value if when else "")
            ev["evidence_date_starts"].append(when.start if when else "")
            ev["evidence_date_ends"].append(when.end if when else "")
            ev["evidence_published"].append(published_day(doc))
            # Neo4j lists hold no nulls: no amount is 0.0 with currency ""
            ev["evidence_amounts"].append(float(rel.evidence.amount.value) if rel.evidence.amount else 0.0)
            ev["evidence_currencies"].append(rel.evidence.amount.currency if rel.evidence.amount else "")
        rows[Predicate(predicate)].append({
            "subject": subject, "object": obj, "negated": bool(negated),
            "verb": next((r.verb for r in rels if r.verb), None),
            "role": next((r.role for r in rels if r.role), None),
            # what a new edge gets as it is (an existing one recomputes them in the query)
            "sources": list(dict.fromkeys(ev["evidence_docs"])),
            "count": len(dict.fromkeys(ev["evidence_docs"])), "sentences": len(ev["evidence_keys"]),
            "confidence": max(ev["evidence_confidences"], default=0.0),
            **dict(zip(("first_date", "last_date"), edge_dates(rels, kg.documents), strict=True)),
            **ev,
        })
    for predicate_rows in rows.values():
        predicate_rows.sort(key=lambda row: (row["subject"], row["object"], row["negated"]))
    return rows


def missing_evidence(row: dict[str, Any], held: list[str] | None) -> dict[str, Any] | None:
    """The row to write for an edge whose database copy holds the evidence keys ``held``.

    ``held is None`` (the edge was not there when read): the whole row, marked ``seen = -1``,
    so that every key is checked against what another loader wrote meanwhile. Otherwise only the
    evidence the edge lacks, with ``seen``/``last`` describing what was read (the query appends
    without checking keys when the edge is unchanged since); ``None`` when nothing is missing.

    >>> row = {"evidence_keys": ["a:0:5", "b:0:5"], "evidence_docs": ["a", "b"],
    ...        "evidence_confidences": [0.9, 0.7]}
    >>> missing_evidence(row, ["a:0:5", "b:0:5"]) is None
    True
    >>> {k: v for k, v in missing_evidence(row, ["a:0:5"]).items() if k in ("evidence_keys", "seen", "last")}
    {'evidence_keys': ['b:0:5'], 'seen': 1, 'last': 'a:0:5'}
    """
    if held is None:
        return {**row, "seen": -1, "last": ""}
    have = set(held)
    keep = [i for i, key in enumerate(row["evidence_keys"]) if key not in have]
    if not keep:
        return None
    out = {**row, "seen": len(held), "last": held[-1] if held else ""}
    if len(keep) < len(row["evidence_keys"]):
        for name in q.EVIDENCE_LISTS:
            values = row.get(name)
            if values is not None:
                out[name] = [values[i] for i in keep]
        # What a new edge gets, should this one be deleted before the write (its dates stay the edge's).
        docs = list(dict.fromkeys(out["evidence_docs"]))
        out.update(sources=docs, count=len(docs), sentences=len(keep),
                   confidence=max(out.get("evidence_confidences") or [0.0]))
    return out


def new_edge_row(i: int, row: dict[str, Any]) -> dict[str, Any]:
    """A row of :func:`graphbuild.sinks.neo4j_queries.create_relations_query`: the edge's
    properties as one map (``first_date``/``last_date`` left out when unknown)."""
    props = {name: row[name] for name in q.EVIDENCE_LISTS}
    props.update(verb=row["verb"], role=row["role"], count=row["count"], sentences=row["sentences"],
                 sources=row["sources"], confidence=row["confidence"],
                 first_date=row["first_date"] or None, last_date=row["last_date"] or None)
    return {"i": i, "subject": row["subject"], "object": row["object"], "negated": row["negated"],
            "props": props}


def mention_rows(kg: KnowledgeGraph, mentioned: dict[str, set[str]]) -> list[dict[str, str]]:
    """Document -> entity pairs: the DocumentGraphs' entities plus both ends of every relation."""
    pairs = {(doc, e) for doc, ids in mentioned.items() for e in ids}
    for rel in kg.relations.values():
        pairs.add((rel.evidence.doc_id, rel.subject))
        pairs.add((rel.evidence.doc_id, rel.object))
    return [{"doc": d, "entity": e} for d, e in sorted(pairs)]


def batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


# --------------------------------------------------------------------------- sink

class Neo4jSink:
    """Writes a graph to Neo4j in batched ``UNWIND $rows ... MERGE`` transactions.

    Idempotent: writing the same graph twice changes nothing; a graph with a new article adds its
    sources and evidence to existing edges. Each batch is one managed write transaction
    (``session.execute_write``), retried by the driver on transient errors (deadlocks, leader
    changes) and here on uniqueness races between concurrent loaders.
    """

    def __init__(self, driver: neo4j.Driver, database: str | None = None,
                 batch_size: int = DEFAULT_BATCH_SIZE, *, create_schema: bool = True,
                 uri: str = "", user: str = "") -> None:
        if batch_size < 1:
            raise SinkError(f"batch_size must be at least 1, not {batch_size}")
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.create_schema = create_schema
        self._where = (uri, user)  # for error messages only
        self._verified = False
        self._schema_done = False
        self.counters: dict[str, int] = defaultdict(int)

    def __enter__(self) -> Neo4jSink:
        self.verify()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """The driver belongs to the caller; nothing to release here."""

    def verify(self) -> None:
        """Log in once, so an unreachable server or a wrong password fails before any write."""
        if not self._verified:
            with translate_errors(*self._where):
                self.driver.verify_connectivity()
            self._verified = True

    def ensure_schema(self) -> None:
        """Uniqueness constraints on ``:Entity(id)`` and ``:Document(id)``, name indexes."""
        import neo4j.exceptions as ne

        with translate_errors(*self._where):
            for statement in q.schema_statements():
                try:
                    self.driver.execute_query(statement, database_=self.database)
                except ne.ClientError as exc:
                    # Two loaders creating the same index at once: the other one won.
                    if "AlreadyExists" not in (exc.code or ""):
                        raise
            self.driver.execute_query(q.AWAIT_INDEXES, {"seconds": 300}, database_=self.database)
        self._schema_done = True

    def write(self, graph: GraphInput) -> WriteReport:
        """Load documents, entities, mentions and edges; returns counts, raises :class:`SinkError`."""
        started = time.perf_counter()
        kg, mentioned = _as_knowledge_graph(graph)
        missing = sorted({i for r in kg.relations.values() for i in (r.subject, r.object)} - set(kg.entities))
        if missing:
            raise SinkError(f"{len(missing)} relation end(s) have no entity record (first: "
                            f"{missing[0]!r}); load the entities with their relations")
        self.verify()
        if self.create_schema and not self._schema_done:
            self.ensure_schema()
        self.counters = defaultdict(int)
        referenced = {r.evidence.doc_id for r in kg.relations.values()} | set(mentioned)
        self._run(q.MERGE_DOCUMENTS, document_rows(kg, referenced))
        for entity_type, rows in sorted(entity_rows(kg).items()):
            self._run(q.merge_entities_query(entity_type), rows)
        self._run(q.MERGE_MENTIONS, mention_rows(kg, mentioned))
        edges = relation_rows(kg)
        for predicate, rows in sorted(edges.items()):
            self._write_edges(predicate, rows)
        report = WriteReport(sink="neo4j", documents=len(kg.documents), entities=len(kg.entities),
                             relations=len(kg.relations))
        report.notes.append(f"{sum(len(r) for r in edges.values())} edges")
        report.notes.append(f"created {self.counters['nodes_created']} nodes and "
                            f"{self.counters['relationships_created']} relationships")
        report.seconds = time.perf_counter() - started
        return report

    def _run(self, query: str, rows: Sequence[dict[str, Any]]) -> None:
        for batch in batches(rows, self.batch_size):
            self._write_batch(query, list(batch))

    def _write_edges(self, predicate: Predicate, rows: Sequence[dict[str, Any]]) -> None:
        """Edges of one predicate. Per batch, in one transaction: one read of the existing
        edges' evidence keys; the missing edges created from their rows as they are; only the
        missing evidence of existing edges appended; edges with nothing new left alone."""
        read = q.existing_edges_query(predicate)
        create, append = q.create_relations_query(predicate), q.append_evidence_query(predicate)
        for batch in batches(rows, self.batch_size):
            probe = [{"i": i, "subject": row["subject"], "object": row["object"], "negated": row["negated"]}
                     for i, row in enumerate(batch)]

            def work(tx: neo4j.ManagedTransaction, batch: Sequence[dict[str, Any]] = batch,
                     probe: list[dict[str, Any]] = probe) -> tuple[list[Any], int]:
                held = {record["i"]: record["keys"] for record in tx.run(read, rows=probe)}
                new = [new_edge_row(i, edge) for i, edge in enumerate(batch) if i not in held]
                todo = [row for i, keys in held.items()
                        if (row := missing_evidence(batch[i], keys)) is not None]
                counters = []
                if new:
                    result = tx.run(create, rows=new)
                    # Created by another loader since the read: every key is checked.
                    todo += [row for record in result
                             if (row := missing_evidence(batch[record["i"]], None)) is not None]
                    counters.append(result.consume().counters)
                if todo:
                    counters.append(tx.run(append, rows=todo).consume().counters)
                return counters, len(batch) - len(new) - len(todo)

            counters, unchanged = self._execute(work)
            for c in counters:
                self._count(c)
            self.counters["edges_unchanged"] += unchanged

    def _write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        def work(tx: neo4j.ManagedTransaction) -> Any:
            return tx.run(query, rows=rows).consume().counters

        self._count(self._execute(work))

    def _execute(self, work: Any) -> Any:
        """Run one batch's transaction function, retried on uniqueness races; returns its result."""
        import neo4j.exceptions as ne

        for attempt in range(1, CONSTRAINT_RETRIES + 1):
            try:
                # No server notifications: the loader's statements are fixed, and on a new
                # database the read of existing edges names types that do not exist yet.
                with translate_errors(*self._where), \
                        self.driver.session(database=self.database, notifications_min_severity="OFF") as session:
                    result = session.execute_write(work)
                break
            except SinkError as exc:
                # A concurrent loader created the same node between our MERGE's read and write:
                # the batch is idempotent, so running it again merges into that node.
                if isinstance(exc.__cause__, ne.ConstraintError) and attempt < CONSTRAINT_RETRIES:
                    time.sleep(0.05 * attempt)
                    continue
                raise
        return result

    def _count(self, counters: Any) -> None:
        if counters is None:
            return
        self.counters["nodes_created"] += counters.nodes_created
        self.counters["relationships_created"] += counters.relationships_created
        self.counters["properties_set"] += counters.properties_set
