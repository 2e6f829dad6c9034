"""Per-article bounds, so one hostile article cannot blow up a store.

An article of 20,000 copies of one sentence would otherwise add 20,000 statements to one
edge. Each article keeps at most :data:`MAX_STATEMENTS_PER_EDGE` statements of one edge
(subject, predicate, object, negation) and :data:`MAX_RELATIONS_PER_ARTICLE` statements in
all, the first ones in reading order; what is dropped is counted and logged with the reason.

>>> from graphbuild.model import Document, DocumentGraph, Evidence, Predicate, Relation
>>> ev = Evidence("d", "A pitched B.", 0, 12, "x", 0.9)
>>> dg = DocumentGraph(Document("d", "A pitched B. " * 30), (), tuple(
...     Relation("a", Predicate.PITCHED, "b", ev) for _ in range(30)))
>>> capped, dropped = cap_relations(dg)
>>> len(capped.relations), dropped
(20, 10)
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace

from graphbuild.model.records import DocumentGraph, Relation

MAX_RELATIONS_PER_ARTICLE = 2000
MAX_STATEMENTS_PER_EDGE = 20

log = logging.getLogger("graphbuild.ingest")


def cap_relations(dg: DocumentGraph, max_relations: int = MAX_RELATIONS_PER_ARTICLE,
                  max_per_edge: int = MAX_STATEMENTS_PER_EDGE) -> tuple[DocumentGraph, int]:
    """``dg`` with its statements bounded, and how many were dropped."""
    if len(dg.relations) <= max_per_edge:
        return dg, 0
    per_edge: Counter = Counter()
    kept: list[Relation] = []
    for rel in dg.relations:
        per_edge[rel.key] += 1
        if per_edge[rel.key] <= max_per_edge and len(kept) < max_relations:
            kept.append(rel)
    dropped = len(dg.relations) - len(kept)
    if not dropped:
        return dg, 0
    over_edges = sum(1 for n in per_edge.values() if n > max_per_edge)
    log.warning("%s: %d of %d statements dropped (at most %d per edge: %d edges over it; at most %d "
                "per article)", dg.document.id, dropped, len(dg.relations), max_per_edge, over_edges,
                max_relations)
    return replace(dg, relations=tuple(kept)), dropped
