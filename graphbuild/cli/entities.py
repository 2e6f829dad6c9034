"""``entities`` (what was merged) and ``gazetteer convert`` (watch lists from exports)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from dataclasses import asdict

from graphbuild.cli.common import EXIT_OK, EXIT_PARTIAL, open_output
from graphbuild.cli.graph import DEFAULT_STORE, emit, print_table

ENTITIES_EPILOG = """examples:
  graphbuild entities --store graph/                    # every entity, best connected first
  graphbuild entities --store graph/ --search kestrel   # names containing "kestrel"
  graphbuild entities --store graph/ --show "Kestrel Labs"
  graphbuild entities --store graph/ --ambiguous        # names several entities carry"""

GAZETTEER_EPILOG = """examples:
  graphbuild gazetteer convert opensanctions.json -o watch.jsonl
  graphbuild gazetteer convert wikidata-companies.json --type Company -o watch.jsonl
  graphbuild build articles/ --store graph/ --gazetteer watch.jsonl

The export is read from the file (no network). OpenSanctions records keep their id (os/<id>,
written as owl:sameAs to the OpenSanctions page) and their wikidataId; Wikidata records keep
their QID (owl:sameAs in RDF, qid in Neo4j)."""


def cmd_entities(args: argparse.Namespace) -> int:
    from graphbuild.query.entities import EntityCatalog, close_names
    from graphbuild.sinks.store import GraphStore

    with GraphStore(args.store, read_only=True) as store:
        cat = EntityCatalog(store)
        if args.ambiguous:
            amb = cat.ambiguous()
            if args.format == "table":
                rows = [{"name": a.key, "type": a.type, "id": e.entity_id, "display name": e.name,
                         "articles": e.articles, "degree": e.degree} for a in amb for e in a.entities]
                emit(rows, ["name", "type", "id", "display name", "articles", "degree"], "table")
            else:
                rows = [{"name": a.key, "type": a.type, "entities": [asdict(e) for e in a.entities]} for a in amb]
                emit(rows, ["name", "type", "entities"], args.format)
            print(f"({len(amb)} names carried by several entities, kept apart)", file=sys.stderr)
            return EXIT_OK
        if args.show:
            found = cat.show(args.show)
            if not found:
                close = close_names(args.show, cat.queries.names())
                hint = f"; did you mean: {', '.join(close)}?" if close else ""
                print(f"graphbuild: no entity named {args.show!r}{hint}", file=sys.stderr)
                return EXIT_PARTIAL
            if args.format == "table":
                for e in found:
                    _show(e)
            else:
                emit([asdict(e) for e in found], list(asdict(found[0])), args.format)
            return EXIT_OK
        found = cat.search(args.search) if args.search else cat.all()
    if args.limit is not None:
        found = found[: args.limit]
    rows = [asdict(e) | {"id": e.entity_id} for e in found]
    headers = ["id", "name", "type", "articles", "degree", "aliases"] if args.format == "table" \
        else list(asdict(found[0])) if found else []
    emit(rows, headers, args.format)
    if args.format == "table":
        print(f"({len(found)} entities)", file=sys.stderr)
    return EXIT_OK if found else EXIT_PARTIAL


def _show(e) -> None:
    print_table(["field", "value"], [
        ["id", e.entity_id], ["name", e.name], ["type", e.type], ["aliases", list(e.aliases)],
        ["ids", list(e.ids)], ["articles", e.articles], ["degree", e.degree],
        ["documents", list(e.documents)]])
    print()


def cmd_gazetteer_convert(args: argparse.Namespace) -> int:
    from graphbuild.errors import ConfigError
    from graphbuild.resolve.gazetteer import convert_export
    from graphbuild.vocab.terms import EntityType

    default = EntityType(args.type) if args.type else None
    n = 0
    try:
        with contextlib.ExitStack() as stack:
            src = sys.stdin if args.export == "-" else stack.enter_context(open(args.export, encoding="utf-8"))
            out = stack.enter_context(open_output(args.output))
            for row in convert_export(src, args.source or "", default, args.lang):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    except OSError as exc:
        raise ConfigError(f"cannot read {args.export} or write {args.output}: {exc.strerror or exc}") from exc
    print(f"graphbuild: wrote {n} gazetteer entries" + (f" to {args.output}" if args.output != "-" else ""),
          file=sys.stderr)
    return EXIT_OK if n else EXIT_PARTIAL


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    from graphbuild.resolve.gazetteer import SOURCES
    from graphbuild.vocab.terms import EntityType

    p = sub.add_parser("entities", help="list, search and show entities: what was merged",
                       description="The entities of the store with their names, aliases, class, external\n"
                                   "ids, number of articles and degree (distinct edges). --ambiguous lists\n"
                                   "names that several entities of one class carry: the resolver kept\n"
                                   "them apart rather than guess.",
                       epilog=ENTITIES_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--store", default=DEFAULT_STORE, help=f"folder of the embedded store (default: {DEFAULT_STORE})")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--search", metavar="TEXT", help="entities one of whose names contains TEXT")
    what.add_argument("--show", metavar="NAME", help="every detail of the entities NAME (name, alias or id) matches")
    what.add_argument("--ambiguous", action="store_true", help="names carried by several entities of one class")
    p.add_argument("--limit", type=int, help="print at most this many entities")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv, or json (one object per line)")
    p.set_defaults(func=cmd_entities)

    p = sub.add_parser("gazetteer", help="user gazetteers and watch lists from exports",
                       description="Tools for user gazetteers (the JSONL format of ontology/gazetteer.jsonl).",
                       epilog=GAZETTEER_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    gsub = p.add_subparsers(dest="gazetteer_command", required=True, metavar="SUBCOMMAND")
    c = gsub.add_parser("convert", help="an OpenSanctions or Wikidata JSON export -> a gazetteer file",
                        description="Turn an OpenSanctions (FollowTheMoney JSON lines) or Wikidata (JSON\n"
                                    "entities, one a line, as in the dumps) export into a gazetteer file\n"
                                    "for build --gazetteer. Works offline.",
                        epilog=GAZETTEER_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("export", help="the export file (- for stdin)")
    c.add_argument("-o", "--output", default="-", help="gazetteer file to write (default: - for stdout)")
    c.add_argument("--source", choices=SOURCES, help="the export's kind (default: told per record)")
    c.add_argument("--type", choices=[t.value for t in EntityType],
                   help="class of Wikidata records whose P31 says nothing known (default: leave them out)")
    c.add_argument("--lang", default="en", help="language of Wikidata labels and aliases (default: en)")
    c.set_defaults(func=cmd_gazetteer_convert)
