"""Cypher text of the Neo4j sink, and the one gate through which names reach it.

No value is ever formatted into a query: every value is a parameter (``$rows``). The only
names that go into query text are node labels and relationship types, and those come from the
ontology (:mod:`graphbuild.vocab`) through :func:`quote_name`, which refuses anything else.

>>> label(EntityType.GOVERNMENT_BODY)
'`GovernmentBody`'
>>> rel_type(Predicate.CONTRACTED_WITH)
'`CONTRACTED_WITH`'
>>> rel_type("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
graphbuild.errors.OntologyError: relationship type 'MATCH (n) DETACH DELETE n' is not in the ontology
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from graphbuild.errors import OntologyError
from graphbuild.vocab import EntityType, Predicate, upper_snake

ENTITY = "Entity"
DOCUMENT = "Document"
# One sentence behind an edge: a node of its own, named by the edge's ``key`` (see
# :func:`graphbuild.sinks.neo4j.edge_key`), so that adding a sentence never rewrites the others.
EVIDENCE = "Evidence"
MENTIONS = "MENTIONS"

NameKind = Literal["label", "relationship type"]
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@lru_cache(maxsize=1)
def allowed_labels() -> frozenset[str]:
    """Entity classes of the ontology, plus ``Entity``, ``Document`` and ``Evidence``."""
    return frozenset({t.value for t in EntityType} | {ENTITY, DOCUMENT, EVIDENCE})


@lru_cache(maxsize=1)
def relationship_types() -> dict[str, Predicate]:
    """UPPER_SNAKE relationship type -> ontology predicate (``PART_OF`` -> ``partOf``)."""
    return {upper_snake(p.value): p for p in Predicate}


@lru_cache(maxsize=1)
def allowed_relationship_types() -> frozenset[str]:
    return frozenset(relationship_types()) | {MENTIONS}


def quote_name(name: str, kind: NameKind) -> str:
    """Backtick-quote a label or relationship type that the ontology defines.

    Raises :class:`OntologyError` for any other name, so nothing else can reach query text.
    The identifier check and the backtick escaping are a second fence behind the allow-list.
    """
    allowed = allowed_labels() if kind == "label" else allowed_relationship_types()
    if not isinstance(name, str) or name not in allowed or not _IDENTIFIER.fullmatch(name):
        raise OntologyError(f"{kind} {name!r} is not in the ontology")
    return "`" + name.replace("`", "``") + "`"


def label(entity_type: EntityType | str) -> str:
    """Quoted node label of an entity class (or of ``Entity`` / ``Document`` / ``Evidence``)."""
    name = entity_type.value if isinstance(entity_type, EntityType) else entity_type
    return quote_name(name, "label")


def rel_type(predicate: Predicate | str) -> str:
    """Quoted relationship type of a predicate: ``partOf`` or ``Predicate.PART_OF`` -> ```PART_OF```.

    Strings are read as ontology predicate names (``"partOf"``); ``"MENTIONS"`` is the one
    structural type.
    """
    if isinstance(predicate, Predicate):
        return quote_name(upper_snake(predicate.value), "relationship type")
    if predicate == MENTIONS:
        return quote_name(MENTIONS, "relationship type")
    try:
        pred = Predicate(predicate)
    except ValueError:
        raise OntologyError(f"relationship type {predicate!r} is not in the ontology") from None
    return quote_name(upper_snake(pred.value), "relationship type")


def predicate_of(relationship_type: str) -> Predicate:
    """Inverse of :func:`rel_type` for the predicate types read back from the database."""
    try:
        return relationship_types()[relationship_type]
    except KeyError:
        raise OntologyError(f"relationship type {relationship_type!r} is not in the ontology") from None


# --------------------------------------------------------------------------- schema

SCHEMA_NAMES = frozenset({"entity_id", "document_id", "evidence_key", "evidence_edge", "entity_name",
                          "entity_aliases", "entity_names"})


def schema_statements() -> list[str]:
    """Constraints and indexes, each idempotent (``IF NOT EXISTS``)."""
    entity, document, evidence = label(ENTITY), label(DOCUMENT), label(EVIDENCE)
    return [
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{entity}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:{document}) REQUIRE d.id IS UNIQUE",
        f"CREATE CONSTRAINT evidence_key IF NOT EXISTS FOR (e:{evidence}) REQUIRE e.key IS UNIQUE",
        # an edge's sentences: MATCH (e:Evidence {edge: r.key})
        f"CREATE INDEX evidence_edge IF NOT EXISTS FOR (e:{evidence}) ON (e.edge)",
        f"CREATE INDEX entity_name IF NOT EXISTS FOR (n:{entity}) ON (n.name)",
        f"CREATE INDEX entity_aliases IF NOT EXISTS FOR (n:{entity}) ON (n.aliases)",
        # For people typing names in Neo4j Browser/Bloom:
        # CALL db.index.fulltext.queryNodes('entity_names', 'rekognition')
        # Updated in the background, not in the loader's commits (a name is searchable a moment
        # after its load; the loader itself never uses this index).
        f"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:{entity}) ON EACH [n.name, n.aliases] "
        "OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}",
    ]


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# --------------------------------------------------------------------------- writes
# A write lock is taken (``SET x._lock = true``) before a node or relationship is read, so two
# loaders updating the same record cannot lose each other's aliases or evidence; the marker is
# removed in the same statement, so it is never committed.

# The loader's queries start with ``CYPHER replan=skip``: their plans are index seeks whatever
# the statistics say, and a load changes the statistics so much that the server would otherwise
# re-plan every statement (about half a second each for the evidence update) again and again.
LOADER = "CYPHER replan=skip"

# The loader reads what a batch's records already hold and writes only the difference (a
# reload of the same articles writes nothing); these reads are its one round trip per batch.
READ_DOCUMENTS = f"""{LOADER}
UNWIND $ids AS id
MATCH (d:{label(DOCUMENT)} {{id: id}})
RETURN id, properties(d) AS props
"""

READ_ENTITIES = f"""{LOADER}
UNWIND $ids AS id
MATCH (n:{label(ENTITY)} {{id: id}})
RETURN id, n.name AS name, coalesce(n.aliases, []) AS aliases, n.type AS type, n.qid AS qid,
       labels(n) AS labels
"""

READ_MENTIONS = f"""{LOADER}
UNWIND $ids AS id
MATCH (:{label(DOCUMENT)} {{id: id}})-[:{rel_type(MENTIONS)}]->(e:{label(ENTITY)})
RETURN id, collect(e.id) AS entities
"""

MERGE_DOCUMENTS = f"""{LOADER}
UNWIND $rows AS row
MERGE (d:{label(DOCUMENT)} {{id: row.id}})
SET d += row.props
"""


def create_entities_query(entity_type: EntityType) -> str:
    """Create entities the loader did not find, each in one step from its row (no lock, no
    marker: nothing else sees the node before commit). A node another loader created since the
    read and that differs from the row comes back as ``{i}``; the loader then merges the row
    into it with :func:`merge_entities_query`."""
    return f"""{LOADER}
UNWIND $rows AS row
MERGE (n:{label(ENTITY)} {{id: row.id}})
ON CREATE SET n:{label(entity_type)}, n.name = row.name, n.aliases = row.aliases, n.type = row.type,
    n.qid = row.qid
WITH n, row
WHERE n.name <> row.name OR coalesce(n.aliases, []) <> row.aliases OR n.type <> row.type
   OR coalesce(n.qid, '') <> coalesce(row.qid, '')
RETURN row.i AS i
"""


def merge_entities_query(entity_type: EntityType) -> str:
    """Create or update the entities of one class.

    A node this statement creates gets the row as it is (no read, no lock marker: nothing else
    can see it before commit). An existing node is locked before it is read; the longer name
    wins (as :func:`graphbuild.model.merge_entities` decides), every other name is kept once in
    ``aliases``; a node whose class changed loses its old class label.
    """
    others = sorted(t for t in EntityType if t is not entity_type)
    remove_labels = "".join(f":{label(t)}" for t in others)
    return f"""{LOADER}
UNWIND $rows AS row
MERGE (n:{label(ENTITY)} {{id: row.id}})
ON CREATE SET n:{label(entity_type)}, n.name = row.name, n.aliases = row.aliases, n.type = row.type,
    n.qid = row.qid, n._new = true
WITH n, row, n._new IS NOT NULL AS created
REMOVE n._new
WITH n, row WHERE NOT created
SET n._lock = true
WITH n, row, coalesce(n.name, row.name) AS old_name
WITH n, row, old_name,
     CASE WHEN size(row.name) > size(old_name) THEN row.name ELSE old_name END AS name
WITH n, row, name,
     reduce(acc = [], a IN coalesce(n.aliases, []) + [old_name] + row.aliases + [row.name] |
            CASE WHEN a = name OR a IN acc THEN acc ELSE acc + a END) AS aliases
SET n:{label(entity_type)}, n.name = name, n.aliases = aliases, n.type = row.type,
    n.qid = coalesce(n.qid, row.qid)
REMOVE n{remove_labels}, n._lock
"""


# Documents this load created, locked until the transaction ends (a concurrent loader's MERGE of
# a MENTIONS waits for the lock): those that have MENTIONS already (another loader's) come back;
# the others get theirs with CREATE_MENTIONS, no check needed.
LOCK_NEW_DOCUMENTS = f"""{LOADER}
UNWIND $ids AS id
MATCH (d:{label(DOCUMENT)} {{id: id}})
SET d._lock = true
REMOVE d._lock
WITH d WHERE EXISTS {{ MATCH (d)-[:{rel_type(MENTIONS)}]->() }}
RETURN d.id
"""

def _mentions(write: str) -> str:
    """``MENTIONS`` from rows of one document with the entities it mentions (the document is
    looked up once), written with ``CREATE`` or ``MERGE``."""
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (d:{label(DOCUMENT)} {{id: row.doc}})
UNWIND row.entities AS id
MATCH (e:{label(ENTITY)} {{id: id}})
{write} (d)-[:{rel_type(MENTIONS)}]->(e)
"""


CREATE_MENTIONS = _mentions("CREATE")  # documents this load created and locked: no check needed
MERGE_MENTIONS = _mentions("MERGE")


def read_edges_query(predicate: Predicate) -> str:
    """Which of a batch's edges exist, and which of their sentences the database holds: the
    loader's one read per batch. Rows are ``{i, subject, object, negated, keys}``; the answer
    is ``[i, held keys]`` for each edge that exists (index seeks, one expansion per edge).
    """
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MATCH (s)-[:{rel_type(predicate)} {{negated: row.negated}}]->(o)
RETURN row.i AS i, [k IN row.keys WHERE EXISTS {{ MATCH (:{label(EVIDENCE)} {{key: k}}) }}] AS held
"""


def create_relations_query(predicate: Predicate) -> str:
    """Create the edges the loader did not find, each in one step from its row.

    Rows are ``{i, subject, object, negated, props}``, ``props`` the edge's summary (``key``,
    ``sources``, ``count``, ``sentences``, ``confidence``, ``first_date``, ``last_date``,
    ``verb``, ``role``) as the client computed it. ``negated`` is part of the MERGE key, so a
    negated assertion never becomes (or merges into) a positive edge. An edge that exists
    already (another loader created it since the read, or the read was skipped) is left as it
    is and comes back as ``{i}``: the loader then appends to it with
    :func:`graphbuild.sinks.neo4j.append_evidence`; the others get their sentences from
    :data:`CREATE_EVIDENCE`.
    """
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MERGE (s)-[r:{rel_type(predicate)} {{negated: row.negated}}]->(o)
ON CREATE SET r += row.props
ON MATCH SET r._there = true
WITH r, row WHERE r._there
REMOVE r._there
RETURN row.i AS i
"""


# The sentences of edges the same transaction has just created: rows ``{edge, evidence}``, one
# map per sentence (``key``, ``doc``, ``text``, ``start``, ``end``, ``confidence`` and, when
# stated, ``time``, ``date_start``, ``date_end``, ``published``, ``amount``, ``currency``).
# MERGE on the unique key, not CREATE: a sentence left behind by an edge deleted by hand is
# taken over rather than failing the load.
CREATE_EVIDENCE = f"""{LOADER}
UNWIND $rows AS row
UNWIND row.evidence AS ev
MERGE (e:{label(EVIDENCE)} {{key: ev.key}})
ON CREATE SET e += ev, e.edge = row.edge
"""


# Sentences for edges that exist: rows ``{i, key, evidence}`` (``key`` the edge's). Each sentence
# is merged on its unique key, so of concurrent loaders exactly one creates it; the answer names,
# per row, the positions of the sentences this statement created, which alone then update the
# edge's summary (:func:`update_edges_query`). One text for every predicate.
APPEND_EVIDENCE = f"""{LOADER}
UNWIND $rows AS row
UNWIND range(0, size(row.evidence) - 1) AS k
WITH row, k, row.evidence[k] AS ev
MERGE (e:{label(EVIDENCE)} {{key: ev.key}})
ON CREATE SET e += ev, e.edge = row.key
ON MATCH SET e._there = true
WITH row, k, e, e._there IS NULL AS created
REMOVE e._there
WITH row, k WHERE created
RETURN row.i AS i, collect(k) AS fresh
"""


def update_edges_query(predicate: Predicate) -> str:
    """Add new sentences' share to the summary of existing edges of one predicate.

    Rows are ``{subject, object, negated, key, verb, role, docs, sentences, confidence, first,
    last}``: what the sentences this transaction created (:data:`APPEND_EVIDENCE`) add, as the
    client computed it from them. The edge is locked before it is read, so concurrent loaders
    take turns; ``sources`` gains the articles it lacks (and is not rewritten when it lacks
    none), ``count`` follows it, ``sentences`` is incremented, ``confidence`` and ``last_date``
    are maxima, ``first_date`` a minimum. Nothing reads or rewrites the sentences already there.
    """
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MATCH (s)-[r:{rel_type(predicate)} {{negated: row.negated}}]->(o)
SET r._lock = true
REMOVE r._lock
WITH r, row, coalesce(r.sources, []) AS sources
WITH r, row, sources, [d IN row.docs WHERE NOT d IN sources] AS new_sources
FOREACH (_ IN CASE WHEN size(new_sources) > 0 THEN [1] ELSE [] END |
  SET r.sources = sources + new_sources, r.count = size(sources) + size(new_sources))
SET r.key = coalesce(r.key, row.key), r.verb = coalesce(r.verb, row.verb), r.role = coalesce(r.role, row.role),
    r.sentences = coalesce(r.sentences, 0) + row.sentences,
    r.confidence = CASE WHEN r.confidence >= row.confidence THEN r.confidence ELSE row.confidence END,
    r.first_date = CASE WHEN row.first IS NOT NULL AND (r.first_date IS NULL OR row.first < r.first_date)
                        THEN row.first ELSE r.first_date END,
    r.last_date = CASE WHEN row.last IS NOT NULL AND (r.last_date IS NULL OR row.last > r.last_date)
                       THEN row.last ELSE r.last_date END
"""


# The properties of an Evidence node, in the order the CSV export writes them; the optional
# ones are absent when the sentence states no time, amount or currency.
EVIDENCE_PROPERTIES = ("key", "edge", "doc", "text", "start", "end", "confidence", "time", "date_start",
                       "date_end", "published", "amount", "currency")
OPTIONAL_EVIDENCE = frozenset({"time", "date_start", "date_end", "published", "amount", "currency"})
