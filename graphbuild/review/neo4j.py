"""Review decisions carried into Neo4j, after the loader has written the reviewed graph.

The loader (:mod:`graphbuild.sinks.neo4j`) only ever adds: it writes the graph it is given.
A database loaded before a decision still holds what the decision removed, so after each load:

* **merge**: every relationship of the merged-away node moves to the entity it joined (evidence
  united with the loader's own edge query, so nothing is counted twice), its ``MENTIONS`` move
  too, its names join ``aliases`` and its id joins ``ids`` (the node keeps both ids), then the
  old node is deleted;
* **reject**: the rejected sentence leaves the edge's evidence lists; an edge left without
  evidence is deleted (with ``--include-rejected`` nothing is removed and edges whose every
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
from graphbuild.sinks.neo4j import evidence_key, translate_errors
from graphbuild.vocab.terms import Predicate

if TYPE_CHECKING:
    import neo4j

ENTITY = q.label(q.ENTITY)

READ_EDGES = f"""
MATCH (a:{ENTITY} {{id: $id}})-[r]-(x:{ENTITY})
WHERE type(r) <> 'MENTIONS'
RETURN type(r) AS type, startNode(r).id AS subject, endNode(r).id AS object, properties(r) AS props
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
    """Remove rejected evidence (by ``evidence_keys``) from edges of one predicate: every
    parallel evidence list loses the same items, and ``sources``, ``count`` (articles),
    ``sentences``, ``confidence``, ``first_date`` and ``last_date`` are recomputed from what
    is left (as the loader computes them). An edge left without evidence is deleted."""
    kept = ",\n    ".join(f"r.{name} = CASE WHEN r.{name} IS NULL THEN null ELSE [i IN keep | r.{name}[i]] END"
                          for name in q.EVIDENCE_LISTS)
    return f"""
UNWIND $rows AS row
MATCH (s:{ENTITY} {{id: row.subject}})-[r:{q.rel_type(predicate)} {{negated: row.negated}}]->(o:{ENTITY} {{id: row.object}})
WITH r, [i IN range(0, size(coalesce(r.evidence_keys, [])) - 1) WHERE NOT r.evidence_keys[i] IN row.keys] AS keep
WHERE size(keep) < size(coalesce(r.evidence_keys, []))
WITH r, keep,
     [i IN keep | CASE WHEN coalesce(r.evidence_times[i], '') <> '' THEN coalesce(r.evidence_date_starts[i], '')
                       ELSE coalesce(r.evidence_published[i], '') END] AS starts,
     [i IN keep | CASE WHEN coalesce(r.evidence_times[i], '') <> '' AND coalesce(r.evidence_date_ends[i], '') <> ''
                       THEN r.evidence_date_ends[i] ELSE coalesce(r.evidence_published[i], '') END] AS ends
WITH r, keep,
     reduce(m = '', d IN starts | CASE WHEN d <> '' AND (m = '' OR d < m) THEN d ELSE m END) AS first,
     reduce(m = '', d IN ends | CASE WHEN d > m THEN d ELSE m END) AS last
SET {kept}
SET r.sources = reduce(acc = [], doc IN r.evidence_docs | CASE WHEN doc IN acc THEN acc ELSE acc + doc END),
    r.sentences = size(r.evidence_keys),
    r.confidence = reduce(m = 0.0, c IN r.evidence_confidences | CASE WHEN c > m THEN c ELSE m END),
    r.first_date = CASE WHEN first = '' THEN null ELSE first END,
    r.last_date = CASE WHEN last = '' THEN null ELSE last END
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


# Lists a moved edge may lack (an edge imported with neo4j-admin has no all-empty array) and
# what each element is then: no stated time, amount or currency; the article's day unknown.
_LIST_DEFAULTS: dict[str, Any] = {"evidence_times": "", "evidence_date_starts": "", "evidence_date_ends": "",
                                  "evidence_published": "", "evidence_amounts": 0.0, "evidence_currencies": ""}


def _moved_row(rel_type: str, s: str, o: str, props: dict[str, Any], remap: dict[str, str]) -> tuple[Predicate, dict] | None:
    """The row of :func:`graphbuild.sinks.neo4j_queries.merge_relations_query` that moves an
    edge, with all its evidence lists and summary, to the entity its end was merged into."""
    pred = q.predicate_of(rel_type)
    s, o = remap.get(s, s), remap.get(o, o)
    if s == o:
        return None
    if pred.symmetric and o < s:
        s, o = o, s
    keys = list(props.get("evidence_keys") or [])
    row: dict[str, Any] = {"subject": s, "object": o, "negated": bool(props.get("negated", False)),
                           "verb": props.get("verb"), "role": props.get("role"),
                           # the target may hold an edge already: every key is checked
                           "seen": -1, "last": ""}
    for name in q.EVIDENCE_LISTS:
        values = props.get(name)
        row[name] = list(values) if values else [_LIST_DEFAULTS.get(name, "")] * len(keys)
    docs = list(dict.fromkeys(row["evidence_docs"]))
    row.update(sources=docs, count=len(docs), sentences=len(keys),
               confidence=max(row["evidence_confidences"], default=0.0),
               first_date=props.get("first_date") or "", last_date=props.get("last_date") or "")
    return pred, row


def _merge(driver: neo4j.Driver, d: Decision, database: str | None, report: Neo4jReviewReport) -> None:
    rows = _run(driver, READ_EDGES, database, id=d.other)
    by_pred: dict[Predicate, list[dict]] = defaultdict(list)
    for row in rows:
        got = _moved_row(row["type"], row["subject"], row["object"], row["props"], {d.other: d.entity})
        if got is not None:
            by_pred[got[0]].append(got[1])
    for pred, prow in sorted(by_pred.items()):
        _run(driver, q.merge_relations_query(pred), database, rows=prow)
        report.moved += len(prow)
    found = _run(driver, f"MATCH (a:{ENTITY} {{id: $id}}) RETURN count(a) AS n", database, id=d.other)
    if found and found[0]["n"]:
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
