"""Review decisions carried into Neo4j, after the loader has written the reviewed graph.

The loader (:mod:`graphbuild.sinks.neo4j`) only ever adds: it writes the graph it is given.
A database loaded before a decision still holds what the decision removed, so after each load:

* **merge**: every relationship of the merged-away node moves to the entity it joined, its
  Evidence nodes re-keyed to the moved edge (united with the loader's own edge queries, so
  nothing is counted twice), its ``MENTIONS`` move too, its names join ``aliases`` and its id
  joins ``ids`` (the node keeps both ids), then the old node and its edges' old Evidence nodes
  are deleted;
* **reject**: the rejected sentence's Evidence node is deleted and the edge's summary recomputed
  from the sentences left; an edge left without evidence is deleted (with ``--include-rejected`` nothing is removed and edges whose every
  assertion was rejected get ``reviewed: 'rejected'``);
* **accept**: edges a reviewer accepted get ``reviewed: 'accepted'``.

Every step is idempotent, so loads stay idempotent. Values are parameters; relationship types
come from the ontology through :func:`graphbuild.sinks.neo4j_queries.rel_type`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.records import Relation
from graphbuild.review.decisions import Decision
from graphbuild.sinks import neo4j_queries as q
from graphbuild.sinks.neo4j import (
    append_evidence,
    append_row,
    edge_key,
    evidence_key,
    evidence_rows,
    new_edge_row,
    sentence_key,
    translate_errors,
)
from graphbuild.vocab.terms import Predicate

if TYPE_CHECKING:
    import neo4j

ENTITY = q.label(q.ENTITY)
EVIDENCE = q.label(q.EVIDENCE)

READ_EDGES = f"""
MATCH (a:{ENTITY} {{id: $id}})-[r]-(x:{ENTITY})
WHERE type(r) <> 'MENTIONS'
OPTIONAL MATCH (ev:{EVIDENCE} {{edge: r.key}})
RETURN type(r) AS type, startNode(r).id AS subject, endNode(r).id AS object, properties(r) AS props,
       collect(properties(ev)) AS evidence
"""

# The Evidence nodes of a node's edges (their keys name the node's id): deleted with the node.
DROP_NODE_EVIDENCE = f"""
MATCH (a:{ENTITY} {{id: $other}})-[r]-(:{ENTITY})
WHERE r.key IS NOT NULL
MATCH (ev:{EVIDENCE} {{edge: r.key}})
DETACH DELETE ev
"""

MOVE_NODE = f"""
MATCH (a:{ENTITY} {{id: $other}})
MATCH (b:{ENTITY} {{id: $entity}})
OPTIONAL MATCH (d:{q.label(q.DOCUMENT)})-[:{q.rel_type(q.MENTIONS)}]->(a)
WITH a, b, collect(d) AS docs
FOREACH (d IN docs | MERGE (d)-[:{q.rel_type(q.MENTIONS)}]->(b))
WITH a, b, [n IN coalesce(b.aliases, []) + [a.name] + coalesce(a.aliases, []) WHERE n <> b.name] AS names,
     coalesce(b.ids, [b.id]) + coalesce(a.ids, [a.id]) AS ids
SET b.aliases = reduce(acc = [], n IN names | CASE WHEN n IN acc THEN acc ELSE acc + n END),
    b.ids = reduce(acc = [], i IN ids | CASE WHEN i IN acc THEN acc ELSE acc + i END)
DETACH DELETE a
"""

KEEP_IDS = f"""
MATCH (b:{ENTITY} {{id: $entity}})
WITH b, coalesce(b.ids, [b.id]) + [$other] AS ids
SET b.ids = reduce(acc = [], i IN ids | CASE WHEN i IN acc THEN acc ELSE acc + i END)
"""


def drop_evidence_query(predicate: Predicate) -> str:
    """Delete rejected Evidence nodes (by ``key``) of edges of one predicate, then recompute
    each edge's ``sources``, ``count`` (articles), ``sentences``, ``confidence``, ``first_date``
    and ``last_date`` from the sentences left (as the loader computes them). An edge left
    without evidence is deleted."""
    return f"""
UNWIND $rows AS row
MATCH (s:{ENTITY} {{id: row.subject}})-[r:{q.rel_type(predicate)} {{negated: row.negated}}]->(o:{ENTITY} {{id: row.object}})
CALL {{
  WITH row
  UNWIND row.keys AS key
  MATCH (ev:{EVIDENCE} {{key: key}})
  DETACH DELETE ev
  RETURN count(*) AS dropped
}}
WITH r WHERE dropped > 0
CALL {{
  WITH r
  OPTIONAL MATCH (ev:{EVIDENCE} {{edge: r.key}})
  WITH ev,
       CASE WHEN ev.time IS NOT NULL THEN coalesce(ev.date_start, '') ELSE coalesce(ev.published, '') END AS start,
       CASE WHEN ev.time IS NOT NULL AND coalesce(ev.date_end, '') <> '' THEN ev.date_end
            ELSE coalesce(ev.published, '') END AS end
  RETURN collect(DISTINCT ev.doc) AS docs, count(ev) AS sentences, max(ev.confidence) AS confidence,
         min(CASE WHEN start <> '' THEN start END) AS first, max(CASE WHEN end <> '' THEN end END) AS last
}}
SET r.sources = [d IN coalesce(r.sources, []) WHERE d IN docs] + [d IN docs WHERE NOT d IN coalesce(r.sources, [])],
    r.sentences = sentences, r.confidence = coalesce(confidence, 0.0), r.first_date = first, r.last_date = last
SET r.count = size(r.sources)
WITH r WHERE r.sentences = 0
DELETE r
"""


def mark_query(predicate: Predicate) -> str:
    return f"""
UNWIND $rows AS row
MATCH (s:{ENTITY} {{id: row.subject}})-[r:{q.rel_type(predicate)} {{negated: row.negated}}]->(o:{ENTITY} {{id: row.object}})
SET r.reviewed = row.status
"""


@dataclass
class Neo4jReviewReport:
    merged: int = 0  # nodes merged away
    moved: int = 0  # relationships moved to the node they joined
    rejected: int = 0  # rejected sentences sent to the database to remove
    marked: int = 0  # edges marked reviewed

    def summary(self) -> str:
        return (f"neo4j review: {self.merged} nodes merged ({self.moved} relationships moved), "
                f"{self.rejected} rejected assertions removed, {self.marked} edges marked reviewed")


def _run(driver: neo4j.Driver, query: str, database: str | None, **params: Any) -> list[dict[str, Any]]:
    with translate_errors():
        records, _, _ = driver.execute_query(query, params, database_=database)
    return [r.data() for r in records]


def _moved_row(rel_type: str, s: str, o: str, props: dict[str, Any], evidence: list[dict[str, Any]],
               remap: dict[str, str]) -> tuple[Predicate, dict] | None:
    """The loader's edge row (:func:`graphbuild.sinks.neo4j.relation_rows`) that moves an edge,
    its summary and its evidence (re-keyed to the moved edge), to the entity its end was
    merged into."""
    pred = q.predicate_of(rel_type)
    s, o = remap.get(s, s), remap.get(o, o)
    if s == o:
        return None
    if pred.symmetric and o < s:
        s, o = o, s
    negated = bool(props.get("negated", False))
    key = edge_key(s, pred.value, o, negated)
    moved = []
    for ev in evidence:
        ev = {k: v for k, v in ev.items() if k != "edge" and v is not None}
        ev["key"] = sentence_key(key, ev["doc"], ev["start"], ev["end"])
        moved.append(ev)
    docs = list(dict.fromkeys(ev["doc"] for ev in moved))
    summary = {"key": key, "verb": props.get("verb"), "role": props.get("role"), "sources": docs,
               "count": len(docs), "sentences": len(moved),
               "confidence": max((ev["confidence"] for ev in moved), default=0.0),
               "first_date": props.get("first_date"), "last_date": props.get("last_date")}
    return pred, {"subject": s, "object": o, "negated": negated, "key": key, "verb": props.get("verb"),
                  "role": props.get("role"), "props": summary, "evidence": moved}


def _write_edges(driver: neo4j.Driver, pred: Predicate, rows: list[dict[str, Any]], database: str | None) -> None:
    """Create the edges, or append their evidence to the edges already there (the loader's
    two statements)."""
    there = {r["i"] for r in _run(driver, q.create_relations_query(pred), database,
                                  rows=[new_edge_row(i, row) for i, row in enumerate(rows)])}
    created = evidence_rows(row for i, row in enumerate(rows) if i not in there)
    if created:
        _run(driver, q.CREATE_EVIDENCE, database, rows=created)
    if there:
        def run(query: str, **params: Any) -> list[Any]:
            return [list(r.values()) for r in _run(driver, query, database, **params)]

        append_evidence(run, pred, [r for i in sorted(there) if (r := append_row(rows[i])) is not None])


def _merge(driver: neo4j.Driver, d: Decision, database: str | None, report: Neo4jReviewReport) -> None:
    rows = _run(driver, READ_EDGES, database, id=d.other)
    by_pred: dict[Predicate, list[dict]] = defaultdict(list)
    for row in rows:
        got = _moved_row(row["type"], row["subject"], row["object"], row["props"], row["evidence"],
                         {d.other: d.entity})
        if got is not None:
            by_pred[got[0]].append(got[1])
    for pred, prow in sorted(by_pred.items()):
        _write_edges(driver, pred, prow, database)
        report.moved += len(prow)
    found = _run(driver, f"MATCH (a:{ENTITY} {{id: $id}}) RETURN count(a) AS n", database, id=d.other)
    if found and found[0]["n"]:
        _run(driver, DROP_NODE_EVIDENCE, database, other=d.other)
        _run(driver, MOVE_NODE, database, other=d.other, entity=d.entity)
        report.merged += 1
    _run(driver, KEEP_IDS, database, other=d.other, entity=d.entity)


def _edge_rows(items: Iterable[tuple[tuple, str]]) -> dict[Predicate, list[dict]]:
    out: dict[Predicate, list[dict]] = defaultdict(list)
    for (s, p, o, neg), status in items:
        out[Predicate(p)].append({"subject": s, "object": o, "negated": bool(neg), "status": status})
    return out


def apply_review(driver: neo4j.Driver, kg: KnowledgeGraph, decisions: Iterable[Decision], *,
                 rejected: Iterable[Relation] = (), database: str | None = None,
                 include_rejected: bool = False) -> Neo4jReviewReport:
    """Carry merges, rejections and review marks into a database just loaded with ``kg``.

    ``rejected`` are the rejected relations (as the store gives them with
    ``include_rejected=True``); with ``include_rejected`` they stay and are only marked.
    """
    report = Neo4jReviewReport()
    for d in decisions:
        if d.action == "merge":
            _merge(driver, d, database, report)
    if not include_rejected:
        drop: dict[Predicate, dict[tuple, list[str]]] = defaultdict(dict)
        for rel in rejected:
            s, p, o, neg = rel.key
            drop[Predicate(p)].setdefault((s, o, neg), []).append(evidence_key(rel))
            report.rejected += 1
        for pred, edges in sorted(drop.items()):
            rows = [{"subject": s, "object": o, "negated": neg, "keys": keys}
                    for (s, o, neg), keys in sorted(edges.items())]
            _run(driver, drop_evidence_query(pred), database, rows=rows)
    marks = [(key, status) for key, rels in kg.edges().items() if (status := kg.review_of(rels))]
    for pred, rows in sorted(_edge_rows(marks).items()):
        _run(driver, mark_query(pred), database, rows=rows)
        report.marked += len(rows)
    return report
