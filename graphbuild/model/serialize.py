"""JSON-lines form of relations: the contract between ``extract`` and everything after it.

Each line is self-contained (entity names, types, ids, aliases; document metadata), so JSONL
parts from many workers can be concatenated and loaded anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from graphbuild.errors import IngestError
from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.records import (
    Document,
    DocumentGraph,
    Entity,
    EventTime,
    Evidence,
    Money,
    Relation,
)
from graphbuild.vocab.terms import EntityType, Predicate

EXTRACTOR_FALLBACK = "graphbuild.relations.v1"


def relation_to_dict(rel: Relation, entities: dict[str, Entity], doc: Document) -> dict[str, Any]:
    s, o = entities[rel.subject], entities[rel.object]
    ev = rel.evidence
    return {
        "doc": doc.id,
        "subject": s.name,
        "subject_type": s.type.value,
        "predicate": rel.predicate.value,
        "object": o.name,
        "object_type": o.type.value,
        "negated": rel.negated,
        "verb": rel.verb,
        "role": rel.role,
        "evidence": ev.sentence,
        "span": [ev.start, ev.end],
        "confidence": round(ev.confidence, 3),
        "extractor": ev.extractor,
        "subject_id": s.id,
        "object_id": o.id,
        "subject_aliases": list(s.aliases),
        "object_aliases": list(o.aliases),
        "subject_qid": s.qid,
        "object_qid": o.qid,
        "doc_title": doc.title,
        "doc_url": doc.url,
        "doc_published": doc.published,
        "doc_source": doc.source,
        "doc_hash": doc.content_hash,
        **qualifier_fields(ev, doc),
    }


def qualifier_fields(ev: Evidence, doc: Document) -> dict[str, Any]:
    """``date, date_precision, date_text, date_start, date_end, date_source`` and ``amount,
    currency, amount_text``. ``date_source`` is ``"text"`` when the sentence states the time,
    else ``"publication"`` (only ``doc_published`` dates the assertion) or ``"none"``."""
    when, money = ev.when, ev.amount
    return {
        "date": when.value if when else None,
        "date_precision": when.precision if when else None,
        "date_text": when.text if when else "",
        "date_start": when.start if when else "",
        "date_end": when.end if when else "",
        "date_source": "text" if when else ("publication" if doc.published else "none"),
        "amount": money.value if money else None,
        "currency": money.currency if money else None,
        "amount_text": money.text if money else "",
    }


def qualifiers_from_dict(row: dict[str, Any]) -> tuple[EventTime | None, Money | None]:
    when = money = None
    if row.get("date"):
        when = EventTime(row.get("date_text", "") or "", row["date"], row.get("date_precision") or "day",
                         row.get("date_start", "") or "", row.get("date_end", "") or "")
    if row.get("amount") is not None and row.get("currency"):
        money = Money(float(row["amount"]), row["currency"], row.get("amount_text", "") or "")
    return when, money


def document_graph_lines(dg: DocumentGraph) -> Iterator[dict[str, Any]]:
    ents = {e.id: e for e in dg.entities}
    for rel in dg.relations:
        yield relation_to_dict(rel, ents, dg.document)


def write_jsonl(doc_graphs: Iterable[DocumentGraph], fh: IO[str]) -> int:
    """Write relations as JSON lines; returns the number of lines."""
    n = 0
    for dg in doc_graphs:
        for row in document_graph_lines(dg):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def _entity(row: dict[str, Any], side: str) -> Entity:
    return Entity(
        id=row[f"{side}_id"],
        name=row[side],
        type=EntityType(row[f"{side}_type"]),
        aliases=tuple(row.get(f"{side}_aliases", ())),
        qid=row.get(f"{side}_qid", "") or "",
    )


def relation_from_dict(row: dict[str, Any]) -> tuple[Document, Entity, Relation, Entity]:
    """Inverse of :func:`relation_to_dict` (document text is not stored in the line)."""
    doc = Document(id=row["doc"], text="", title=row.get("doc_title", ""),
                   source=row.get("doc_source", ""), url=row.get("doc_url", ""),
                   published=row.get("doc_published", ""), stored_hash=row.get("doc_hash", "") or "")
    s, o = _entity(row, "subject"), _entity(row, "object")
    start, end = row.get("span", [0, 0])
    ev = Evidence(doc.id, row.get("evidence", ""), int(start), int(end),
                  row.get("extractor", EXTRACTOR_FALLBACK), float(row.get("confidence", 0.5)),
                  *qualifiers_from_dict(row))
    rel = Relation(s.id, Predicate(row["predicate"]), o.id, ev, bool(row.get("negated", False)),
                   row.get("verb", ""), row.get("role", "") or "")
    return doc, s, rel, o


def _relation_line(line: str, n: int):
    """One relation line, or an :class:`IngestError` naming the line and what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"line {n}", f"not a JSON object: {exc.msg}; expected the output of "
                                       "graphbuild extract") from None
    if not isinstance(obj, dict):
        raise IngestError(f"line {n}", "not a JSON object; expected the output of graphbuild extract")
    try:
        return relation_from_dict(obj)
    except (KeyError, TypeError, ValueError) as exc:
        raise IngestError(f"line {n}", f"not a relation ({type(exc).__name__}: {exc}); expected the "
                                       "output of graphbuild extract") from None


def read_jsonl(lines: Iterable[str]) -> KnowledgeGraph:
    """Rebuild a :class:`KnowledgeGraph` from relation lines (e.g. ``triples.jsonl`` parts)."""
    kg = KnowledgeGraph()
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        doc, s, rel, o = _relation_line(line, n)
        kg.documents.setdefault(doc.id, doc)
        kg.add_entity(s)
        kg.add_entity(o)
        kg.add_relation(rel)
    return kg


def read_document_graphs(lines: Iterable[str]) -> Iterator[DocumentGraph]:
    """Relation lines regrouped into one :class:`DocumentGraph` per document, in the order the
    documents first appear (document text is not in the lines, so it is empty)."""
    docs: dict[str, tuple[Document, dict[str, Entity], list[Relation]]] = {}
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        doc, s, rel, o = _relation_line(line, n)
        _, ents, rels = docs.setdefault(doc.id, (doc, {}, []))
        ents.setdefault(s.id, s)
        ents.setdefault(o.id, o)
        rels.append(rel)
    for doc, ents, rels in docs.values():
        yield DocumentGraph(doc, tuple(sorted(ents.values(), key=lambda e: e.id)), tuple(rels))
