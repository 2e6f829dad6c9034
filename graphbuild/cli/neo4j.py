"""``load neo4j`` and ``cypher``: Neo4j over Bolt (credentials from NEO4J_URI / NEO4J_USERNAME /
NEO4J_PASSWORD)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graphbuild.cli.common import EXIT_OK
from graphbuild.errors import ConfigError


def load_source_graph(args: argparse.Namespace):
    """The KnowledgeGraph to load (from an embedded store or from relation JSON lines) as review
    leaves it, and the review decisions that apply to it."""
    if args.triples:
        from graphbuild.model.serialize import read_jsonl
        from graphbuild.review.decisions import read_decisions
        from graphbuild.review.read import apply_to_graph

        if args.triples == "-":
            kg = read_jsonl(sys.stdin)
        else:
            with open(args.triples, encoding="utf-8") as fh:
                kg = read_jsonl(fh)
        decisions = read_decisions(args.decisions) if getattr(args, "decisions", None) else []
        return apply_to_graph(kg, decisions, include_rejected=True), decisions
    from graphbuild.review.commands import decision_file, load_decisions
    from graphbuild.review.read import knowledge_graph
    from graphbuild.sinks.store import GraphStore

    with GraphStore(args.store, read_only=True) as store:
        path = Path(args.decisions) if getattr(args, "decisions", None) else decision_file(args.store)
        return knowledge_graph(store, include_rejected=True), load_decisions(store, path)


def cmd_load_neo4j(args: argparse.Namespace) -> int:
    from graphbuild.config import neo4j_settings
    from graphbuild.review.neo4j import apply_review
    from graphbuild.review.read import split_rejected
    from graphbuild.sinks.neo4j import load_graph

    uri, user, password = neo4j_settings()
    full, decisions = load_source_graph(args)
    kg, rejected = (full, []) if args.include_rejected else split_rejected(full)
    report = load_graph(kg, uri, user, password, database=args.database, batch_size=args.batch_size)
    print(f"graphbuild: {report.summary()}", file=sys.stderr)
    rate = report.relations / report.seconds if report.seconds > 0 else 0.0
    print(f"graphbuild: loader rate {rate:,.0f} relations/s ({'; '.join(report.notes)})", file=sys.stderr)
    if decisions or full.reviewed:
        from graphbuild.sinks.neo4j import connect

        with connect(uri, user, password) as driver:
            review = apply_review(driver, kg, decisions, rejected=rejected, database=args.database,
                                  include_rejected=args.include_rejected)
        print(f"graphbuild: {review.summary()}", file=sys.stderr)
    return EXIT_OK


def cmd_cypher(args: argparse.Namespace) -> int:
    from graphbuild.config import neo4j_settings
    from graphbuild.sinks.neo4j import connect, run_cypher

    try:
        params = json.loads(args.params) if args.params else {}
    except json.JSONDecodeError as exc:
        raise ConfigError(f"--params is not valid JSON ({exc.msg} at character {exc.pos}); "
                          """give an object, e.g. --params '{"name": "ICE"}'""") from None
    if not isinstance(params, dict):
        raise ConfigError("""--params must be a JSON object, e.g. --params '{"name": "ICE"}'""")
    uri, user, password = neo4j_settings()
    with connect(uri, user, password) as driver:
        rows = run_cypher(driver, args.query, params, database=args.database)
    from graphbuild.cli.graph import emit

    if not rows and args.format == "table":
        print("(no results)")
    emit(rows, list(rows[0]) if rows else [], args.format)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    load = sub.add_parser("load", help="load the graph into a database (neo4j)",
                          description="Load the graph into a database. Loading is idempotent: "
                                      "the same articles twice change nothing.",
                          epilog="example: NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=... "
                                 "graphbuild load neo4j --store graph/",
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    targets = load.add_subparsers(dest="target", required=True, metavar="TARGET")
    p = targets.add_parser("neo4j", help="load into Neo4j over Bolt (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD)",
                           epilog="example: graphbuild load neo4j --triples triples.jsonl",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--store", help="embedded store folder written by `graphbuild build`")
    src.add_argument("--triples", help="relations as JSON lines from `graphbuild extract` (- for stdin)")
    p.add_argument("--database", help="Neo4j database name (default: the server's default)")
    p.add_argument("--batch-size", type=int, default=10_000, help="rows per transaction (default: 10000)")
    p.add_argument("--decisions", metavar="FILE",
                   help="review decision file (default: the store's, STORE.review.jsonl; with "
                        "--triples none unless given)")
    p.add_argument("--include-rejected", action="store_true",
                   help="also load assertions a reviewer rejected (hidden by default)")
    p.set_defaults(func=cmd_load_neo4j)

    c = sub.add_parser("cypher", help="run a read query on Neo4j",
                       description="Run a Cypher query on Neo4j; values go in --params, never in the text.",
                       epilog="example: graphbuild cypher 'MATCH (c:Company)-[r:PITCHED]->(g) "
                              "WHERE g.name = $name RETURN c.name, r.sources' --params '{\"name\": \"ICE\"}'",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("query", help="Cypher text")
    c.add_argument("--params", help="query parameters as a JSON object")
    c.add_argument("--database", help="Neo4j database name")
    c.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table (default), csv, or json (one object per line)")
    c.set_defaults(func=cmd_cypher)
