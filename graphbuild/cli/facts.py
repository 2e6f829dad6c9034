"""``conflicts`` and ``timeline``: contested edges and an entity's dated assertions."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from graphbuild.cli.common import EXIT_OK, EXIT_PARTIAL, add_window_options


def cmd_conflicts(args: argparse.Namespace) -> int:
    from graphbuild.cli.graph import emit

    if args.neo4j:
        from graphbuild.config import neo4j_settings
        from graphbuild.query.facts import Neo4jFacts
        from graphbuild.sinks.neo4j import connect

        with connect(*neo4j_settings()) as driver:
            found = Neo4jFacts(driver).conflicts()
        names: dict[str, str] = {}
    else:
        from graphbuild.query.facts import StoreFacts
        from graphbuild.query.store import StoreQueries
        from graphbuild.sinks.store import GraphStore
        from graphbuild.vocab.rdf import entity_iri

        with GraphStore(args.store, read_only=True) as store:
            found = StoreFacts(store).conflicts()
            q = StoreQueries(store)
            import pyoxigraph as ox

            names = {e: q._info(ox.NamedNode(str(entity_iri(e))))[0]
                     for c in found for e in (c.subject, c.object)}
    if args.format != "table":
        rows = [{**asdict(c), "subject_name": names.get(c.subject, c.subject),
                 "object_name": names.get(c.object, c.object)} for c in found]
        emit(rows, list(rows[0]) if rows else [], args.format, args.width)
    else:
        for c in found:
            print(f"{names.get(c.subject, c.subject)} -[{c.predicate}]- {names.get(c.object, c.object)}")
            for label, side in (("asserted", c.asserted), ("negated ", c.negated)):
                when = f"{side.date} (stated)" if side.date else f"{side.published or '?'} (published)"
                print(f"  {label} {side.outlet or '?'} {side.doc_id} {when}: {side.sentence}")
        print(f"({len(found)} conflicts)", file=sys.stderr)
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from graphbuild.cli.graph import emit
    from graphbuild.query.facts import StoreFacts
    from graphbuild.sinks.store import GraphStore

    with GraphStore(args.store, read_only=True) as store:
        found = StoreFacts(store).timeline(args.name, args.since, args.until)
    rows = [{k: val for k, val in asdict(r).items() if k != "sort_key"} for r in found]
    if args.format == "table":
        for r in rows:
            r["negated"] = "NOT" if r["negated"] else ""
            r["date"] = r["date"] + (" (published)" if r["date_source"] == "publication" else "")
        emit(rows, ["date", "subject", "negated", "predicate", "object", "amount", "outlet", "sentence"], "table", args.width)
    else:
        emit(rows, list(rows[0]) if rows else [], args.format, args.width)
    if not found:
        print(f"graphbuild: no assertions of an entity named {args.name!r}", file=sys.stderr)
    return EXIT_OK if found else EXIT_PARTIAL


def register(sub: argparse._SubParsersAction) -> None:
    from graphbuild.cli.graph import DEFAULT_STORE, _format_option, _neo4j_option, _parser

    p = _parser(sub, "conflicts", "edges one article asserts and another negates",
                "List contested edges: one article asserts (subject, predicate, object), another\n"
                "article negates it, and their times overlap (the time a sentence states, else the\n"
                "publication date). Both sides are shown with sentence, outlet and date. The\n"
                "bundled SPARQL query `conflicts` and the Cypher behind --neo4j give the same list.",
                'examples:\n  graphbuild conflicts --store graph/\n  graphbuild conflicts --neo4j --format json')
    _neo4j_option(p)
    _format_option(p)
    p.set_defaults(func=cmd_conflicts)

    p = _parser(sub, "timeline", "an entity's dated assertions in time order",
                "Every assertion of the entities named NAME, ordered by the time it speaks of:\n"
                "the date or period the sentence states, else the article's publication date\n"
                "(marked '(published)').",
                'examples:\n  graphbuild timeline --store graph/ "ICE"\n'
                '  graphbuild timeline --store graph/ "ICE" --since 2018 --until 2019 --format json')
    p.add_argument("name", help="canonical name or alias")
    add_window_options(p)
    _format_option(p)
    p.set_defaults(func=cmd_timeline)
    assert DEFAULT_STORE
