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


# One row per document with the entities it mentions (the document is looked up once).
MERGE_MENTIONS = f"""{LOADER}
UNWIND $rows AS row
MATCH (d:{label(DOCUMENT)} {{id: row.doc}})
UNWIND row.entities AS id
MATCH (e:{label(ENTITY)} {{id: id}})
MERGE (d)-[:{rel_type(MENTIONS)}]->(e)
"""


def existing_edges_query(predicate: Predicate) -> str:
    """What the batch's edges that already exist hold: the loader's one read per batch.

    Rows are ``{i, subject, object, negated}``; the answer has one record per existing edge,
    ``[i, keys, sources, confidence, first_date, last_date, verb, role]``. The loader takes the
    set difference with the batch's evidence keys in the client, so that only new evidence
    travels and an edge with nothing new is not touched at all, and computes the edge's new
    summary (sources, count, sentences, confidence, dates) there too.
    """
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MATCH (s)-[r:{rel_type(predicate)} {{negated: row.negated}}]->(o)
RETURN row.i AS i, coalesce(r.evidence_keys, []) AS keys, coalesce(r.sources, []) AS sources,
       r.confidence AS confidence, r.first_date AS first_date, r.last_date AS last_date,
       r.verb AS verb, r.role AS role
"""


def create_relations_query(predicate: Predicate) -> str:
    """Create the edges the loader found missing, each in one step from ``row.props``.

    Rows are ``{i, subject, object, negated, props}``. ``negated`` is part of the MERGE key, so
    a negated assertion never becomes (or merges into) a positive edge. No lock, no read of
    lists, no marker: this is the path of new data. An edge another loader created since the
    read comes back as ``{i}`` unless it holds exactly the row's evidence; the loader then adds
    what it lacks with :func:`append_evidence_query`.
    """
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MERGE (s)-[r:{rel_type(predicate)} {{negated: row.negated}}]->(o)
ON CREATE SET r += row.props
WITH r, row WHERE coalesce(r.evidence_keys, []) <> row.props.evidence_keys
RETURN row.i AS i
"""


def append_evidence_query(predicate: Predicate) -> str:
    """Append evidence to existing edges whose state the loader has read.

    Rows are ``{i, subject, object, negated, seen, last, <evidence lists>, summary}``: only the
    evidence the edge lacked when read, and the edge's summary (``sources``, ``count``,
    ``sentences``, ``confidence``, ``first_date``, ``last_date``, ``verb``, ``role``) as the
    client computed it from that state. The edge is locked, then checked: when it still holds
    ``seen`` keys ending with ``last``, the lists are appended and the summary set (no scan of
    the edge's lists, no recomputation in Cypher); otherwise another loader changed it since the
    read, nothing is written and ``{i}`` comes back for the loader to read it again.
    """
    # An edge imported by neo4j-admin has no array whose elements are all empty (no stated
    # time on any sentence): such a list is filled with "no value" so that the lists stay parallel.
    appended = ",\n    ".join(
        f"r.{name} = coalesce(r.{name}, [k IN range(1, row.seen) | {OPTIONAL_LISTS[name]}]) + row.{name}"
        if name in OPTIONAL_LISTS else f"r.{name} = coalesce(r.{name}, []) + row.{name}"
        for name in EVIDENCE_LISTS)
    return f"""{LOADER}
UNWIND $rows AS row
MATCH (s:{label(ENTITY)} {{id: row.subject}})
MATCH (o:{label(ENTITY)} {{id: row.object}})
MATCH (s)-[r:{rel_type(predicate)} {{negated: row.negated}}]->(o)
SET r._lock = true
WITH r, row, coalesce(r.evidence_keys, []) AS held
REMOVE r._lock
WITH r, row, size(held) = row.seen AND (row.seen = 0 OR held[row.seen - 1] = row.last) AS current
FOREACH (_ IN CASE WHEN current THEN [1] ELSE [] END |
  SET {appended},
    r += row.summary)
WITH row, current WHERE NOT current
RETURN row.i AS i
"""


def merge_relations_query(predicate: Predicate) -> str:
    """Create or update the edges of one predicate, one row per (subject, object, negated).

    The general form, for rows that may or may not have an edge yet, checking every key (the
    loader itself reads first and uses :func:`create_relations_query` and
    :func:`append_evidence_query`; it falls back to this one for edges that other loaders keep
    changing under it). A new
    edge is written in one step from the row, whose ``count``, ``sources`` and ``confidence``
    the caller has already computed.

    An existing edge is locked before it is read, then given the row's evidence whose key
    ("doc:start:end") it does not hold yet. The loader sends only evidence it found missing
    (:func:`existing_edges_query`) with ``seen`` = the number of keys it read and ``last`` = the
    last of them: when the edge still holds exactly that, the row's evidence is appended as it
    is (no scan of the edge's lists, so appending does not grow with the evidence already
    there); when another loader changed the edge in between, or a row carries no ``seen``, the
    keys are checked one by one. ``sources``, ``sentences``, ``count``, ``confidence``,
    ``first_date`` and ``last_date`` are updated from the appended evidence alone (a union, a
    size, a maximum, a minimum), never recomputed from the whole edge. Loading twice therefore
    changes nothing, and an edge with nothing new is not rewritten.

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
{_append_evidence()}"""


def _append_evidence() -> str:
    """The update of an existing edge ``r`` from ``row`` (locked, then read; see above)."""
    appended = ",\n    ".join(f"r.{name} = coalesce(r.{name}, []) + [i IN fresh | row.{name}[i]]"
                              for name in EVIDENCE_LISTS)
    return f"""SET r._lock = true
WITH r, row, coalesce(r.evidence_keys, []) AS held, range(0, size(row.evidence_keys) - 1) AS all
WITH r, row, CASE
    WHEN size(held) = row.seen AND (row.seen = 0 OR held[row.seen - 1] = row.last) THEN all
    ELSE [i IN all WHERE NOT row.evidence_keys[i] IN held] END AS fresh
REMOVE r._lock
WITH r, row, fresh WHERE size(fresh) > 0
WITH r, row, fresh,
     [i IN fresh | CASE WHEN row.evidence_times[i] <> '' THEN row.evidence_date_starts[i]
                        ELSE row.evidence_published[i] END] AS starts,
     [i IN fresh | CASE WHEN row.evidence_times[i] <> '' AND row.evidence_date_ends[i] <> ''
                        THEN row.evidence_date_ends[i] ELSE row.evidence_published[i] END] AS ends
WITH r, row, fresh,
     reduce(m = coalesce(r.first_date, ''), d IN starts |
            CASE WHEN d <> '' AND (m = '' OR d < m) THEN d ELSE m END) AS first,
     reduce(m = coalesce(r.last_date, ''), d IN ends | CASE WHEN d > m THEN d ELSE m END) AS last
SET {appended},
    r.verb = coalesce(r.verb, row.verb), r.role = coalesce(r.role, row.role),
    r.sources = reduce(acc = coalesce(r.sources, []), i IN fresh |
                       CASE WHEN row.evidence_docs[i] IN acc THEN acc ELSE acc + row.evidence_docs[i] END),
    r.confidence = reduce(m = coalesce(r.confidence, 0.0), i IN fresh |
                          CASE WHEN row.evidence_confidences[i] > m THEN row.evidence_confidences[i] ELSE m END),
    r.first_date = CASE WHEN first = '' THEN null ELSE first END,
    r.last_date = CASE WHEN last = '' THEN null ELSE last END
SET r.count = size(r.sources), r.sentences = size(r.evidence_keys)
"""


# The lists a sentence may leave empty, and their "nothing stated" element as Cypher.
OPTIONAL_LISTS = {"evidence_times": "''", "evidence_date_starts": "''", "evidence_date_ends": "''",
                  "evidence_published": "''", "evidence_amounts": "0.0", "evidence_currencies": "''"}

# The parallel evidence lists of an edge, in the order the loader and the CSV export write them.
EVIDENCE_LISTS = ("evidence_keys", "evidence", "evidence_docs", "evidence_starts", "evidence_ends",
                  "evidence_confidences", "evidence_times", "evidence_date_starts", "evidence_date_ends",
                  "evidence_published", "evidence_amounts", "evidence_currencies")
