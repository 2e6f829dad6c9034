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
MENTIONS = "MENTIONS"

NameKind = Literal["label", "relationship type"]
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@lru_cache(maxsize=1)
def allowed_labels() -> frozenset[str]:
    """Entity classes of the ontology, plus ``Entity`` and ``Document``."""
    return frozenset({t.value for t in EntityType} | {ENTITY, DOCUMENT})


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
    """Quoted node label of an entity class (or of ``Entity`` / ``Document``)."""
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

SCHEMA_NAMES = frozenset({"entity_id", "document_id", "entity_name", "entity_aliases", "entity_names"})


def schema_statements() -> list[str]:
    """Constraints and indexes, each idempotent (``IF NOT EXISTS``)."""
    entity, document = label(ENTITY), label(DOCUMENT)
    return [
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{entity}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:{document}) REQUIRE d.id IS UNIQUE",
        f"CREATE INDEX entity_name IF NOT EXISTS FOR (n:{entity}) ON (n.name)",
        f"CREATE INDEX entity_aliases IF NOT EXISTS FOR (n:{entity}) ON (n.aliases)",
        # For people typing names in Neo4j Browser/Bloom:
        # CALL db.index.fulltext.queryNodes('entity_names', 'rekognition')
        f"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:{entity}) ON EACH [n.name, n.aliases]",
    ]


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# --------------------------------------------------------------------------- writes
# A write lock is taken (``SET x._lock = true``) before a node or relationship is read, so two
# loaders updating the same record cannot lose each other's aliases or evidence; the marker is
# removed in the same statement, so it is never committed.

MERGE_DOCUMENTS = f"""
UNWIND $rows AS row
MERGE (d:{label(DOCUMENT)} {{id: row.id}})
SET d += row.props
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
    return f"""
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


MERGE_MENTIONS = f"""
UNWIND $rows AS row
MATCH (d:{label(DOCUMENT)} {{id: row.doc}})
MATCH (e:{label(ENTITY)} {{id: row.entity}})
MERGE (d)-[:{rel_type(MENTIONS)}]->(e)
"""


def merge_relations_query(predicate: Predicate) -> str:
    """Create or update the edges of one predicate, one row per (subject, object, negated).

    ``negated`` is part of the MERGE key, so a negated assertion never becomes (or merges into)
    a positive edge. A new edge is written in one step from the row, whose ``count``,
    ``sources`` and ``confidence`` the loader has already computed: no lock marker, no read of
    lists (this is the path of new data, and where the loader's speed comes from). An existing
    edge is locked before it is read; only evidence whose key ("doc:start:end") it does not hold
    yet is appended, so loading twice changes nothing and a new article adds its sentences and
    sources; an edge with nothing new is not rewritten.

    Time: ``evidence_times`` (the stated ISO time, "" when none), ``evidence_date_starts`` /
    ``evidence_date_ends`` (its period), ``evidence_published`` (the article's day) and
    ``evidence_amounts`` / ``evidence_currencies`` run parallel to the evidence; ``first_date``
    and ``last_date`` are the first and last day the edge's assertions speak of (stated, else
    published), as :func:`graphbuild.model.facts.edge_dates` computes them.
    """
    return f"""
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MERGE (s)-[r:{rel_type(predicate)} {{negated: row.negated}}]->(o)
ON CREATE SET r.evidence_keys = row.evidence_keys, r.evidence = row.evidence,
    r.evidence_docs = row.evidence_docs, r.evidence_starts = row.evidence_starts,
    r.evidence_ends = row.evidence_ends, r.evidence_confidences = row.evidence_confidences,
    r.evidence_times = row.evidence_times, r.evidence_date_starts = row.evidence_date_starts,
    r.evidence_date_ends = row.evidence_date_ends, r.evidence_published = row.evidence_published,
    r.evidence_amounts = row.evidence_amounts, r.evidence_currencies = row.evidence_currencies,
    r.verb = row.verb, r.role = row.role, r.count = row.count, r.sentences = row.sentences,
    r.sources = row.sources, r.confidence = row.confidence,
    r.first_date = CASE WHEN row.first_date = '' THEN null ELSE row.first_date END,
    r.last_date = CASE WHEN row.last_date = '' THEN null ELSE row.last_date END, r._new = true
WITH r, row, r._new IS NOT NULL AS created
REMOVE r._new
WITH r, row WHERE NOT created
SET r._lock = true
WITH r, row, coalesce(r.evidence_keys, []) AS seen
WITH r, row, [i IN range(0, size(row.evidence_keys) - 1) WHERE NOT row.evidence_keys[i] IN seen] AS fresh
REMOVE r._lock
WITH r, row, fresh WHERE size(fresh) > 0
SET r.evidence_keys = coalesce(r.evidence_keys, []) + [i IN fresh | row.evidence_keys[i]],
    r.evidence = coalesce(r.evidence, []) + [i IN fresh | row.evidence[i]],
    r.evidence_docs = coalesce(r.evidence_docs, []) + [i IN fresh | row.evidence_docs[i]],
    r.evidence_starts = coalesce(r.evidence_starts, []) + [i IN fresh | row.evidence_starts[i]],
    r.evidence_ends = coalesce(r.evidence_ends, []) + [i IN fresh | row.evidence_ends[i]],
    r.evidence_confidences = coalesce(r.evidence_confidences, []) + [i IN fresh | row.evidence_confidences[i]],
    r.evidence_times = coalesce(r.evidence_times, []) + [i IN fresh | row.evidence_times[i]],
    r.evidence_date_starts = coalesce(r.evidence_date_starts, []) + [i IN fresh | row.evidence_date_starts[i]],
    r.evidence_date_ends = coalesce(r.evidence_date_ends, []) + [i IN fresh | row.evidence_date_ends[i]],
    r.evidence_published = coalesce(r.evidence_published, []) + [i IN fresh | row.evidence_published[i]],
    r.evidence_amounts = coalesce(r.evidence_amounts, []) + [i IN fresh | row.evidence_amounts[i]],
    r.evidence_currencies = coalesce(r.evidence_currencies, []) + [i IN fresh | row.evidence_currencies[i]],
    r.verb = coalesce(r.verb, row.verb),
    r.role = coalesce(r.role, row.role)
SET r.sources = reduce(acc = [], doc IN r.evidence_docs | CASE WHEN doc IN acc THEN acc ELSE acc + doc END),
    r.sentences = size(r.evidence_keys),
    r.confidence = reduce(m = 0.0, c IN r.evidence_confidences | CASE WHEN c > m THEN c ELSE m END)
SET r.count = size(r.sources)
WITH r, range(0, size(r.evidence_keys) - 1) AS ix
WITH r, [i IN ix | CASE WHEN r.evidence_times[i] <> '' THEN r.evidence_date_starts[i]
                        ELSE r.evidence_published[i] END] AS starts,
        [i IN ix | CASE WHEN r.evidence_times[i] <> '' AND r.evidence_date_ends[i] <> ''
                        THEN r.evidence_date_ends[i] ELSE r.evidence_published[i] END] AS ends
WITH r, reduce(m = '', d IN starts | CASE WHEN d <> '' AND (m = '' OR d < m) THEN d ELSE m END) AS first,
        reduce(m = '', d IN ends | CASE WHEN d > m THEN d ELSE m END) AS last
SET r.first_date = CASE WHEN first = '' THEN null ELSE first END,
    r.last_date = CASE WHEN last = '' THEN null ELSE last END
"""
