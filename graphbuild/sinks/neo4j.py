"""Neo4j sink: an idempotent, batched loader over Bolt with the official ``neo4j`` driver.

Graph shape (labels and types come from the ontology, see :mod:`graphbuild.sinks.neo4j_queries`):

* ``(:Entity:<Class> {id, name, aliases, type, qid})`` — unique ``id``;
* ``(:Document {id, title, url, published, source})`` — unique ``id``;
* ``(:Document)-[:MENTIONS]->(:Entity)``;
* ``(:Entity)-[:<PREDICATE> {key, negated, sources, count (articles), sentences, confidence,
  first_date, last_date, verb, role}]->(:Entity)``, one relationship per (subject, predicate,
  object, negated);
* ``(:Evidence {key, edge, doc, text, start, end, confidence, time, date_start, date_end,
  published, amount, currency})`` — unique ``key``, one node per sentence behind an edge, found
  with ``MATCH (e:Evidence {edge: r.key})`` (indexed).

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
import gc
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from graphbuild.errors import GraphbuildError, SinkError
from graphbuild.model import DocumentGraph, KnowledgeGraph, Relation
from graphbuild.model.facts import edge_dates, outlet, published_day
from graphbuild.sinks import neo4j_queries as q
from graphbuild.sinks.report import WriteReport
from graphbuild.vocab import EntityType, Predicate

if TYPE_CHECKING:
    import neo4j

DEFAULT_BATCH_SIZE = 10_000  # rows per transaction: 10k loaded ~25 % faster than 1k (bench_neo4j.py --batch-sizes)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONSTRAINT_RETRIES = 5

T = TypeVar("T")
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
    """Identity of one piece of evidence (the ``key`` of its Evidence node): the edge's key,
    then ``|doc:start:end``."""
    ev = rel.evidence
    subject, predicate, obj, negated = rel.key
    return sentence_key(edge_key(subject, predicate, obj, negated), ev.doc_id, ev.start, ev.end)


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


def edge_key(subject: str, predicate: str, obj: str, negated: bool) -> str:
    """Identity of one edge, stored as its ``key`` and as the ``edge`` of its Evidence nodes:
    ``subject|predicate|object``, with ``|not`` for a negated assertion.

    >>> edge_key("company/amazon-1", "pitched", "gov/ice-2", False)
    'company/amazon-1|pitched|gov/ice-2'
    """
    return f"{subject}|{predicate}|{obj}|not" if negated else f"{subject}|{predicate}|{obj}"


def sentence_key(edge: str, doc: str, start: int, end: int) -> str:
    """The key of the Evidence node of one sentence behind the edge ``edge``.

    >>> sentence_key("a|pitched|b", "doc-1", 0, 42)
    'a|pitched|b|doc-1:0:42'
    """
    return f"{edge}|{doc}:{start}:{end}"


def relation_rows(kg: KnowledgeGraph) -> dict[Predicate, list[dict[str, Any]]]:
    """One row per edge (subject, predicate, object, negated): ``props``, the edge's summary
    (what a new edge gets as it is), and ``evidence``, one map per sentence (the properties of
    its Evidence node, absent ones left out), in the order of :meth:`KnowledgeGraph.edges`;
    rows sorted by (subject, object, negated) within each predicate. Built in one pass over the
    relations (this is the client's share of a load)."""
    groups: dict[tuple[str, str, str, bool], list[tuple[tuple[Any, ...], Relation]]] = defaultdict(list)
    for rel_key, rel in kg.relations.items():
        groups[rel_key[:4]].append((rel_key[4:], rel))
    published = {doc_id: published_day(doc) for doc_id, doc in kg.documents.items()}
    predicates = {p.value: p for p in Predicate}
    rows: dict[Predicate, list[dict[str, Any]]] = defaultdict(list)
    for edge in sorted(groups):
        items = groups[edge]
        if len(items) > 1:
            items.sort(key=_first)
        subject, predicate, obj, negated = edge
        negated = bool(negated)
        key = edge_key(subject, predicate, obj, negated)
        evidence: list[dict[str, Any]] = []
        docs: list[str] = []
        seen: set[str] = set()
        verb = role = None
        stated = False  # any sentence with a stated time
        confidence = 0.0
        for _, rel in items:
            if verb is None and rel.verb:
                verb = rel.verb
            if role is None and rel.role:
                role = rel.role
            ev = rel.evidence
            ev_key = sentence_key(key, ev.doc_id, ev.start, ev.end)
            if ev_key in seen:
                continue
            seen.add(ev_key)
            conf = float(ev.confidence)
            confidence = max(confidence, conf)
            item = {"key": ev_key, "doc": ev.doc_id, "text": ev.sentence, "start": ev.start, "end": ev.end,
                    "confidence": conf}
            # when: the stated time, the period it covers; the article's day
            when = ev.when
            if when is not None:
                stated = True
                item["time"] = when.value
                if when.start:
                    item["date_start"] = when.start
                if when.end:
                    item["date_end"] = when.end
            day = published.get(ev.doc_id)
            if day:
                item["published"] = day
            amount = ev.amount
            if amount:
                item["amount"] = float(amount.value)
                if amount.currency:
                    item["currency"] = amount.currency
            docs.append(ev.doc_id)
            evidence.append(item)
        if stated:
            first, last = edge_dates([rel for _, rel in items], kg.documents)
        else:  # each assertion speaks of its article's day (as edge_dates computes it)
            known = [published.get(rel.evidence.doc_id, "") for _, rel in items]
            first, last = min((d for d in known if d), default=""), max(known, default="")
        sources = list(dict.fromkeys(docs))
        rows[predicates[predicate]].append({
            "subject": subject, "object": obj, "negated": negated, "key": key, "verb": verb, "role": role,
            "props": {"key": key, "verb": verb, "role": role, "sources": sources, "count": len(sources),
                      "sentences": len(evidence), "confidence": confidence,
                      "first_date": first or None, "last_date": last or None},
            "evidence": evidence,
        })
    return rows


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def append_row(row: dict[str, Any], held: Collection[str] = frozenset()) -> dict[str, Any] | None:
    """The row of :func:`append_evidence` for an edge whose evidence keys ``held`` are in the
    database already: only the sentences it lacks; ``None`` when it lacks none.

    >>> row = {"subject": "s", "object": "o", "negated": False, "key": "s|supplied|o", "verb": "supply",
    ...        "role": None, "evidence": [{"key": "s|supplied|o|a:0:5"}, {"key": "s|supplied|o|b:0:5"}]}
    >>> [ev["key"] for ev in append_row(row, {"s|supplied|o|a:0:5"})["evidence"]]
    ['s|supplied|o|b:0:5']
    >>> append_row(row, {"s|supplied|o|a:0:5", "s|supplied|o|b:0:5"}) is None
    True
    """
    evidence = [ev for ev in row["evidence"] if ev["key"] not in held] if held else row["evidence"]
    if not evidence:
        return None
    return {"subject": row["subject"], "object": row["object"], "negated": row["negated"], "key": row["key"],
            "verb": row["verb"], "role": row["role"], "evidence": evidence}


def summary_row(row: dict[str, Any], fresh: Sequence[int]) -> dict[str, Any]:
    """The row of :func:`graphbuild.sinks.neo4j_queries.update_edges_query` for the sentences at
    positions ``fresh`` of an append row: their articles, their number, their highest
    confidence and the first and last day they speak of (as
    :func:`graphbuild.model.facts.edge_dates` counts them: the stated period, else the
    article's day).

    >>> row = {"subject": "s", "object": "o", "negated": False, "key": "s|supplied|o", "verb": None,
    ...        "role": None, "evidence": [{"doc": "a", "confidence": 0.4, "published": "2020-01-01"},
    ...                                   {"doc": "b", "confidence": 0.7, "time": "2015",
    ...                                    "date_start": "2015-01-01", "date_end": "2015-12-31"}]}
    >>> out = summary_row(row, [0, 1])
    >>> out["docs"], out["sentences"], out["confidence"], out["first"], out["last"]
    (['a', 'b'], 2, 0.7, '2015-01-01', '2020-01-01')
    """
    evidence = [row["evidence"][k] for k in fresh]
    starts = [(ev.get("date_start") if "time" in ev else ev.get("published")) or "" for ev in evidence]
    ends = [(ev.get("date_end") if "time" in ev and ev.get("date_end") else ev.get("published")) or ""
            for ev in evidence]
    return {"subject": row["subject"], "object": row["object"], "negated": row["negated"], "key": row["key"],
            "verb": row["verb"], "role": row["role"], "docs": list(dict.fromkeys(ev["doc"] for ev in evidence)),
            "sentences": len(evidence), "confidence": max(ev["confidence"] for ev in evidence),
            "first": min((d for d in starts if d), default=None), "last": max((d for d in ends if d), default=None)}


def append_evidence(run: Callable[..., list[Any]], predicate: Predicate, rows: Sequence[dict[str, Any]]) -> int:
    """Append sentences to existing edges of one predicate (rows of :func:`append_row`): the
    sentences first, then the summaries of the edges that got new ones. ``run(query,
    **params)`` runs one statement and returns its records as value lists. Returns the number
    of sentences created."""
    created = run(q.APPEND_EVIDENCE, rows=[{"i": i, "key": row["key"], "evidence": row["evidence"]}
                                           for i, row in enumerate(rows)])
    summaries = [summary_row(rows[i], fresh) for i, fresh in created if fresh]
    if summaries:
        run(q.update_edges_query(predicate), rows=summaries)
    return sum(len(fresh) for _, fresh in created)


def new_edge_row(i: int, row: dict[str, Any]) -> dict[str, Any]:
    """A row of :func:`graphbuild.sinks.neo4j_queries.create_relations_query` (the edge alone:
    its sentences follow in :func:`evidence_rows` once it is known to be new)."""
    return {"i": i, "subject": row["subject"], "object": row["object"], "negated": row["negated"],
            "props": row["props"]}


def evidence_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of :data:`graphbuild.sinks.neo4j_queries.CREATE_EVIDENCE` for edges just created."""
    return [{"edge": row["key"], "evidence": row["evidence"]} for row in rows]


_ENTITY_LABELS = frozenset({q.ENTITY} | {t.value for t in EntityType})


def entity_changes(row: dict[str, Any], name: str | None, aliases: list[str], etype: str | None,
                   qid: str | None, labels: list[str]) -> bool:
    """Whether merging ``row`` into a node holding these values changes it: the client-side
    twin of :func:`graphbuild.sinks.neo4j_queries.merge_entities_query` (the longer name wins,
    every other name kept once in ``aliases``, the first QID stays, the row's class).

    >>> row = {"name": "ICE", "aliases": [], "type": "GovernmentBody", "qid": None}
    >>> entity_changes(row, "ICE", [], "GovernmentBody", None, ["Entity", "GovernmentBody"])
    False
    >>> entity_changes(row, "US ICE", [], "GovernmentBody", None, ["Entity", "GovernmentBody"])
    True
    """
    old_name = row["name"] if name is None else name
    new_name = row["name"] if len(row["name"]) > len(old_name) else old_name
    merged: list[str] = []
    for alias in (*aliases, old_name, *row["aliases"], row["name"]):
        if alias != new_name and alias not in merged:
            merged.append(alias)
    return (new_name != name or merged != aliases or row["type"] != etype
            or (qid is None and row["qid"] is not None)
            or set(labels) & _ENTITY_LABELS != {q.ENTITY, row["type"]})


def mentioned_entities(kg: KnowledgeGraph, mentioned: dict[str, set[str]]) -> dict[str, list[str]]:
    """Document -> the entities it mentions (sorted): the DocumentGraphs' entities plus both
    ends of every relation; documents sorted."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for doc, ids in mentioned.items():
        pairs[doc].update(ids)
    for rel in kg.relations.values():
        ends = pairs[rel.evidence.doc_id]
        ends.add(rel.subject)
        ends.add(rel.object)
    return {doc: sorted(pairs[doc]) for doc in sorted(pairs)}


def mention_rows(kg: KnowledgeGraph, mentioned: dict[str, set[str]]) -> list[dict[str, str]]:
    """Document -> entity pairs (see :func:`mentioned_entities`), sorted."""
    return [{"doc": doc, "entity": e} for doc, ents in mentioned_entities(kg, mentioned).items() for e in ents]


def document_batches(mentions: dict[str, list[str]], size: int) -> Iterator[list[tuple[str, list[str]]]]:
    """Documents with their mentioned entities, about ``size`` pairs per batch (a document is
    never split)."""
    batch: list[tuple[str, list[str]]] = []
    pairs = 0
    for doc, ents in mentions.items():
        batch.append((doc, ents))
        pairs += len(ents)
        if pairs >= size:
            yield batch
            batch, pairs = [], 0
    if batch:
        yield batch


def batches(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block, as it was after.

    A load allocates millions of small objects that form no cycles (rows, lists, packed
    values); each allocation burst makes the collector walk every live object again, the whole
    graph included, which took about half of the client's time on 100k relations.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        # seconds per phase of the last write: "rows" (built in the client), then each kind of
        # statement ("edges: read", "edges: create", ...), server time and transfer included
        self.timings: dict[str, float] = defaultdict(float)
        self._pending: list[Any] = []  # counters of the transaction being run

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
        """Load documents, entities, mentions and edges; returns counts, raises :class:`SinkError`.

        Each kind of record is read back per batch first and only the difference is written:
        new records are created from their rows, changed ones updated, the rest left alone.
        Time per phase (client-side rows, each kind of statement) is kept in :attr:`timings`.
        """
        with _collector_paused():
            return self._write(graph)

    def _write(self, graph: GraphInput) -> WriteReport:
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
        self.timings = defaultdict(float)
        with self._timed("rows"):
            referenced = {r.evidence.doc_id for r in kg.relations.values()} | set(mentioned)
            documents = document_rows(kg, referenced)
            entities = entity_rows(kg)
        # The edge and MENTIONS rows are built while the server writes documents and entities
        # (the driver waits on the socket then, without the GIL).
        with ThreadPoolExecutor(1, thread_name_prefix="graphbuild-rows") as pool:
            later = pool.submit(lambda: (relation_rows(kg), mentioned_entities(kg, mentioned)))
            new_documents = self._write_documents(documents)
            new_entities = self._write_entities(entities)
            with self._timed("rows: wait"):
                edges, mentions = later.result()
        # Edges before MENTIONS: a MERGE between two entities scans their relationships, so
        # it is cheaper while they hold only edges.
        for predicate, rows in sorted(edges.items()):
            self._write_edges(predicate, rows, new_entities)
        self._write_mentions(mentions, new_documents)
        report = WriteReport(sink="neo4j", documents=len(kg.documents), entities=len(kg.entities),
                             relations=len(kg.relations))
        report.notes.append(f"{sum(len(r) for r in edges.values())} edges")
        report.notes.append(f"created {self.counters['nodes_created']} nodes and "
                            f"{self.counters['relationships_created']} relationships")
        report.seconds = time.perf_counter() - started
        return report

    @contextlib.contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] += time.perf_counter() - start

    def _statement(self, tx: neo4j.ManagedTransaction, phase: str, query: str,
                   **params: Any) -> list[Any]:
        """Run one statement in ``tx``; its records (values only), its counters counted."""
        with self._timed(phase):
            result = tx.run(query, params)
            records = [record.values() for record in result]
            self._pending.append(result.consume().counters)
        return records

    def _transaction(self, work: Any, kind: str) -> Any:
        """One batch's transaction; counters are counted once it has committed. Its time
        outside its statements (begin, commit, retries) is timed as ``<kind>: commit``."""
        def attempt(tx: neo4j.ManagedTransaction) -> Any:
            self._pending = []
            return work(tx)

        before, started = sum(self.timings.values()), time.perf_counter()
        result = self._execute(attempt)
        # begin, commit and retries: the transaction's time outside its statements
        self.timings[f"{kind}: commit"] += time.perf_counter() - started - (sum(self.timings.values()) - before)
        for counters in self._pending:
            self._count(counters)
        self._pending = []
        return result

    def _write_documents(self, rows: Sequence[dict[str, Any]]) -> set[str]:
        """Documents new to the database or with changed properties; returns the new ids."""
        new: set[str] = set()
        for batch in batches(rows, self.batch_size):
            def work(tx: neo4j.ManagedTransaction, batch: Sequence[dict[str, Any]] = batch) -> set[str]:
                held = dict(self._statement(tx, "documents: read", q.READ_DOCUMENTS,
                                            ids=[row["id"] for row in batch]))
                todo = [row for row in batch if row["id"] not in held
                        or any(held[row["id"]].get(k) != v for k, v in row["props"].items())]
                if todo:
                    self._statement(tx, "documents: write", q.MERGE_DOCUMENTS, rows=todo)
                return {row["id"] for row in batch if row["id"] not in held}

            new |= self._transaction(work, "documents")
        return new

    def _write_entities(self, rows_by_type: dict[EntityType, list[dict[str, Any]]]) -> set[str]:
        """Entities new to the database are created from their rows; existing ones are merged
        (longer name, aliases) only when that changes them. Returns the new ids."""
        rows = [(t, row) for t, type_rows in sorted(rows_by_type.items()) for row in type_rows]
        new: set[str] = set()
        for batch in batches(rows, self.batch_size):
            def work(tx: neo4j.ManagedTransaction, batch: Sequence[tuple[EntityType, dict[str, Any]]] = batch
                     ) -> set[str]:
                held = {record[0]: record[1:] for record in self._statement(
                    tx, "entities: read", q.READ_ENTITIES, ids=[row["id"] for _, row in batch])}
                create: dict[EntityType, list[dict[str, Any]]] = defaultdict(list)
                update: dict[EntityType, list[dict[str, Any]]] = defaultdict(list)
                for i, (etype, row) in enumerate(batch):
                    if row["id"] not in held:
                        create[etype].append({**row, "i": i})
                    elif entity_changes(row, *held[row["id"]]):
                        update[etype].append(row)
                for etype, type_rows in sorted(create.items()):
                    # created by another loader since the read, and different: merge into it
                    for (i,) in self._statement(tx, "entities: create", q.create_entities_query(etype),
                                                rows=type_rows):
                        update[etype].append(batch[i][1])
                for etype, type_rows in sorted(update.items()):
                    self._statement(tx, "entities: update", q.merge_entities_query(etype), rows=type_rows)
                return {row["id"] for _, row in batch if row["id"] not in held}

            new |= self._transaction(work, "entities")
        return new

    def _write_mentions(self, mentions: dict[str, list[str]], new_documents: set[str]) -> None:
        """``MENTIONS`` the database lacks. A document this load created is locked and, when it
        has none yet (no other loader wrote any since), gets its ``MENTIONS`` created without
        a check; an existing document's are read once and only the missing pairs are merged."""
        for batch in document_batches(mentions, self.batch_size):
            def work(tx: neo4j.ManagedTransaction, batch: list[tuple[str, list[str]]] = batch) -> None:
                new = [doc for doc, _ in batch if doc in new_documents]
                taken: set[str] = set()
                if new:
                    taken = {doc for (doc,) in self._statement(tx, "mentions: lock", q.LOCK_NEW_DOCUMENTS,
                                                                ids=new)}
                old = [doc for doc, _ in batch if doc not in new_documents or doc in taken]
                held: dict[str, set[str]] = {}
                if old:
                    held = {doc: set(ents) for doc, ents in self._statement(tx, "mentions: read",
                                                                          q.READ_MENTIONS, ids=old)}
                create, merge = [], []
                for doc, ents in batch:
                    if doc in new_documents and doc not in taken:
                        create.append({"doc": doc, "entities": ents})
                        continue
                    have = held.get(doc)
                    missing = [e for e in ents if e not in have] if have else ents
                    if missing:
                        merge.append({"doc": doc, "entities": missing})
                if create:
                    self._statement(tx, "mentions: write", q.CREATE_MENTIONS, rows=create)
                if merge:
                    self._statement(tx, "mentions: write", q.MERGE_MENTIONS, rows=merge)

            self._transaction(work, "mentions")

    def _write_edges(self, predicate: Predicate, rows: Sequence[dict[str, Any]],
                     new_entities: Collection[str] = frozenset()) -> None:
        """Edges of one predicate. Per batch, in one transaction: one read of which edges exist
        and which of their sentences the database holds (skipped for edges with an end this
        load created: they cannot have been there); edges holding all their sentences are left
        alone; missing edges are created, then their Evidence nodes; the others get the
        sentences they lack appended (each edge locked, its summary updated from the new
        sentences only), as do edges another loader created since the read."""
        read, create = q.read_edges_query(predicate), q.create_relations_query(predicate)
        for batch in batches(rows, self.batch_size):
            def work(tx: neo4j.ManagedTransaction, batch: Sequence[dict[str, Any]] = batch) -> int:
                probe = [{"i": i, "subject": row["subject"], "object": row["object"], "negated": row["negated"],
                          "keys": [ev["key"] for ev in row["evidence"]]}
                         for i, row in enumerate(batch)
                         if row["subject"] not in new_entities and row["object"] not in new_entities]
                held: dict[int, set[str]] = {}
                if probe:
                    held = {i: set(keys) for i, keys in self._statement(tx, "edges: read", read, rows=probe)}
                unchanged = 0
                with self._timed("edges: rows"):
                    new, partial = [], []
                    for i, row in enumerate(batch):
                        if i not in held:  # not there: a new edge
                            new.append(new_edge_row(i, row))
                        elif (missing := append_row(row, held[i])) is None:
                            unchanged += 1
                        else:
                            partial.append(missing)
                if new:
                    there = {i for (i,) in self._statement(tx, "edges: create", create, rows=new)}
                    # there already (created since the read, or never read): append to it
                    for i in sorted(there):
                        if (missing := append_row(batch[i])) is not None:
                            partial.append(missing)
                    created = evidence_rows(batch[row["i"]] for row in new if row["i"] not in there)
                    if created:
                        self._statement(tx, "edges: evidence", q.CREATE_EVIDENCE, rows=created)
                if partial:
                    append_evidence(lambda query, **params: self._statement(tx, "edges: append", query, **params),
                                    predicate, partial)
                return unchanged

            self.counters["edges_unchanged"] += self._transaction(work, "edges")

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
