"""Investigator review: decisions kept apart from machine output and replayed after every build.

* :mod:`graphbuild.review.decisions` — the decision file (JSON lines, deterministic ids);
* :mod:`graphbuild.review.store` — replaying decisions on the embedded store (review graph);
* :mod:`graphbuild.review.read` — the graph as every output sees it (rejected assertions hidden
  unless asked for, accepted ones marked), and decisions applied to an in-memory graph;
* :mod:`graphbuild.review.commands` — what ``graphbuild review`` does (a library API too);
* :mod:`graphbuild.review.neo4j` — merges and rejections carried into a Neo4j database.
"""

from __future__ import annotations

from graphbuild.review.decisions import (
    AssertionMatch,
    Decision,
    ReviewError,
    append_decision,
    default_path,
    read_decisions,
    reviewer,
)

__all__ = [
    "AssertionMatch",
    "Decision",
    "ReviewError",
    "append_decision",
    "default_path",
    "read_decisions",
    "reviewer",
]
