"""``build``, ``export``, ``query``, ``neighbors``, ``evidence``, ``paths``, ``serve``: the embedded store."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from graphbuild.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    add_extract_options,
    add_gazetteer_option,
    add_include_rejected,
    config_from_args,
    progress,
)
from graphbuild.model.text import for_terminal

DEFAULT_STORE = "graph"


# ------------------------------------------------------------------------------- backends


@contextlib.contextmanager
def open_queries(args: argparse.Namespace) -> Iterator[Any]:
    """The backend that answers ``neighbors``, ``evidence`` and ``paths``: an object with
    ``neighbors(name)``, ``evidence(a, b)`` and ``paths(a, b, max_hops)``."""
    window = getattr(args, "since", "") or getattr(args, "until", "")
    if getattr(args, "neo4j", False):
        if window:
            from graphbuild.errors import ConfigError

            raise ConfigError("--since/--until work on the store; drop --neo4j (or filter the "
                              "date_start and date_end of the :Evidence nodes in Cypher)")
        from graphbuild.config import neo4j_settings
        from graphbuild.query.neo4j import Neo4jQueries
        from graphbuild.sinks.neo4j import connect

        with connect(*neo4j_settings()) as driver:
            yield Neo4jQueries(driver)
        return
    from graphbuild.query.store import StoreQueries
    from graphbuild.sinks.store import GraphStore

    with GraphStore(args.store, read_only=True) as store:
        include_rejected = getattr(args, "include_rejected", False)
        if not window:
            yield StoreQueries(store, include_rejected=include_rejected)
            return
        from graphbuild.query.facts import windowed_store
        from graphbuild.review.read import knowledge_graph

        with windowed_store(knowledge_graph(store, include_rejected), args.since, args.until) as part:
            yield StoreQueries(part, include_rejected=include_rejected)


# ------------------------------------------------------------------------------- output


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], out=None,
                width: int | None = None) -> None:
    """Rows under their headers. Nothing is cut: when the table is wider than ``width``
    (default: the terminal's width on a terminal, unlimited otherwise; 0 = unlimited) the widest
    columns are narrowed and their cells wrap onto more lines.

    >>> print_table(["who", "sentence"], [["ICE", "ICE does not have a contract with AWS."]], width=30)
    who  sentence
    ---  -------------------------
    ICE  ICE does not have a
         contract with AWS.
    """
    import textwrap

    out = out or sys.stdout
    if width is None:
        width = _terminal_width(out)
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if width:
        widths = _fit(widths, [len(h) for h in headers], width - 2 * (len(headers) - 1))
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        wrapped = [textwrap.wrap(c, w, break_on_hyphens=False) or [""] if len(c) > w else [c]
                   for c, w in zip(r, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            line = [(col[i] if i < len(col) else "").ljust(w) for col, w in zip(wrapped, widths, strict=True)]
            print("  ".join(line).rstrip(), file=out)


def _terminal_width(out) -> int:
    import shutil

    if hasattr(out, "isatty") and out.isatty():
        return shutil.get_terminal_size().columns  # COLUMNS, else the terminal's own width
    return 0  # a file or a pipe: whole lines, for grep and less -S


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``. The last column (a sentence, usually) keeps a third of the
    room or more; the widest other columns are narrowed first (not below their header, nor below
    8). When even that does not fit, the terminal wraps the rest.

    >>> _fit([19, 14, 40, 160], [7, 9, 6, 8], 100)
    [19, 14, 27, 40]
    """
    widths = list(widths)
    if sum(widths) <= room:
        return widths
    last = min(widths[-1], max(40, room // 3))
    others = widths[:-1]
    lows = [max(f, min(w, 8)) for f, w in zip(floors[:-1], others, strict=True)]
    while sum(others) + last > room:
        i = max(range(len(others)), key=lambda j: (others[j] - lows[j], -j))
        if others[i] <= lows[i]:
            break
        others[i] -= 1
    return [*others, max(room - sum(others), min(last, 20))]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(("http://", "https://")) and not _is_web_address(value):
        value = _compact(value)
    if isinstance(value, list | tuple):
        value = ", ".join(str(x) for x in value)
    return for_terminal(str(value).replace("\n", " "))  # ESC, BEL, bidi overrides shown as escapes


def _is_web_address(value: str) -> bool:
    """An article's address is shown whole; IRIs of the graph's own vocabulary are compacted."""
    from graphbuild.sinks.store import PREFIXES

    return not any(value.startswith(ns) for ns in PREFIXES.values())


def _compact(iri: str) -> str:
    """``gb:pitched`` for display instead of the full IRI."""
    from graphbuild.sinks.store import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def emit(rows: Sequence[dict[str, object]], headers: Sequence[str], fmt: str, width: int | None = None) -> None:
    if fmt == "json":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(headers)
        for row in rows:
            w.writerow(["" if row.get(h) is None else _csv_value(row.get(h)) for h in headers])
    else:
        print_table(headers, [[row.get(h) for h in headers] for row in rows], width=width)


def _csv_value(value: object) -> object:
    return " | ".join(str(x) for x in value) if isinstance(value, list | tuple) else value


# ------------------------------------------------------------------------------- commands


def cmd_build(args: argparse.Namespace) -> int:
    from graphbuild.builder import BuildReport, build
    from graphbuild.runners import count_articles

    config = config_from_args(args)
    report = BuildReport()
    total = None if config.quiet else count_articles(args.inputs)
    try:
        build(args.inputs, args.store, config, report=report,
              progress=lambda it: progress(it, config, total=total, report=report.extract))
    finally:
        for f in report.failures[:50]:
            print(f"graphbuild: skipped {for_terminal(f.source)}: {for_terminal(f.reason)}", file=sys.stderr)
        print(f"graphbuild: {report.summary()}", file=sys.stderr)
    return EXIT_PARTIAL if report.extract.failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from graphbuild.sinks.store import GraphStore

    if args.format == "ftm" or (not args.format and args.output.endswith(".ftm.json")):
        return _export_ftm(args)
    from graphbuild.review.read import export, knowledge_graph

    with GraphStore(args.store, read_only=True) as store:
        if args.since or args.until:
            from graphbuild.query.facts import windowed_store

            with windowed_store(knowledge_graph(store, args.include_rejected), args.since, args.until) as part:
                fmt = export(part, args.output, args.format, include_rejected=args.include_rejected)
        else:
            fmt = export(store, args.output, args.format, include_rejected=args.include_rejected)
    if args.output != "-":
        print(f"graphbuild: wrote {args.output} ({fmt})", file=sys.stderr)
    return EXIT_OK


def _export_ftm(args: argparse.Namespace) -> int:
    from graphbuild.cli.common import open_output
    from graphbuild.review.read import knowledge_graph
    from graphbuild.sinks.ftm import export_ftm
    from graphbuild.sinks.store import GraphStore

    with GraphStore(args.store, read_only=True) as store:
        kg = knowledge_graph(store, include_rejected=args.include_rejected)
    with open_output(args.output) as fh:
        report = export_ftm(kg, fh)
    print(f"graphbuild: {report.summary()}" + (f" -> {args.output}" if args.output != "-" else ""),
          file=sys.stderr)
    return EXIT_OK


def _query_text(arg: str, include_rejected: bool = False) -> str:
    from graphbuild.errors import ConfigError
    from graphbuild.query.store import BUNDLED, query_text

    path = Path(arg)
    if arg.endswith(".rq") or (len(arg) < 256 and "\n" not in arg and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read query file {arg}: {exc}") from exc
    if arg in BUNDLED:
        return query_text(arg, include_rejected)
    return arg


def cmd_query(args: argparse.Namespace) -> int:
    from graphbuild.errors import ConfigError, SinkError
    from graphbuild.serve.guard import QueryRefused, check_query
    from graphbuild.sinks.store import GraphStore

    sparql = _query_text(args.sparql, args.include_rejected)
    try:  # the engine's parser is recursive: a deeply nested query would crash the process
        check_query(sparql)
    except QueryRefused as exc:
        raise ConfigError(str(exc)) from None
    with GraphStore(args.store, read_only=True) as store:
        try:
            rows = store.query(sparql)
        except SinkError as exc:
            if isinstance(exc.__cause__, SyntaxError):  # the query's fault, not the store's: exit 2
                raise ConfigError(f"{exc} (check the query text)") from exc
            raise
    if args.limit is not None:
        rows = rows[: args.limit]
    headers = list(rows[0]) if rows else []
    emit(rows, headers, args.format, args.width)
    if args.format == "table":
        print(f"({len(rows)} rows)", file=sys.stderr)
    return EXIT_OK


def pick_entity(q: Any, name: str) -> str | None:
    """The id of the one entity ``name`` matches, or None after telling the user on stderr:
    the candidates (class, articles) when it matches several, close names when none.
    """
    from graphbuild.query.entities import close_names

    found = q.candidates(name)
    if len(found) == 1:
        return found[0].entity_id
    if not found:
        close = close_names(name, q.names())
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        print(f"graphbuild: no entity named {name!r}{hint}", file=sys.stderr)
        return None
    print(f"graphbuild: {name!r} matches {len(found)} entities; name one by its id:", file=sys.stderr)
    print_table(["id", "name", "type", "articles"],
                [[c.entity_id, c.name, c.type, c.articles] for c in found], out=sys.stderr)
    return None


def cmd_neighbors(args: argparse.Namespace) -> int:
    with open_queries(args) as q:
        eid = pick_entity(q, args.name)
        if eid is None:
            return EXIT_PARTIAL
        found = q.neighbors(eid)
    rows = [{"direction": "->" if n.direction == "out" else "<-", "predicate": n.predicate,
             "negated": "NOT" if n.negated else "", "neighbor": n.name, "type": n.type,
             "sources": list(n.sources)} for n in found]
    if args.format != "table":
        rows = [asdict(n) for n in found]
        emit(rows, list(rows[0]) if rows else [], args.format)
    else:
        emit(rows, ["direction", "predicate", "negated", "neighbor", "type", "sources"], "table", args.width)
    if not found:
        print(f"graphbuild: no edges of an entity named {args.name!r}", file=sys.stderr)
    return EXIT_OK if found else EXIT_PARTIAL


def cmd_evidence(args: argparse.Namespace) -> int:
    with open_queries(args) as q:
        a, b = pick_entity(q, args.a), pick_entity(q, args.b)
        if a is None or b is None:
            return EXIT_PARTIAL
        found = q.evidence(a, b)
    rows = [asdict(e) for e in found]
    if args.format == "table":  # where each sentence comes from: the article, its date and address
        rows = [{**r, "negated": "NOT" if r["negated"] else "", "source": r["doc_url"] or r["doc_id"],
                 "date": r["doc_published"][:10]} for r in rows]
        headers = ["subject", "predicate", "negated", "object", "date", "source", "sentence"]
    else:
        headers = list(rows[0]) if rows else []
    emit(rows, headers, args.format, args.width)
    if not found:
        print(f"graphbuild: no statement links {args.a!r} and {args.b!r}", file=sys.stderr)
    return EXIT_OK if found else EXIT_PARTIAL


def cmd_paths(args: argparse.Namespace) -> int:
    with open_queries(args) as q:
        a, b = pick_entity(q, args.a), pick_entity(q, args.b)
        if a is None or b is None:
            return EXIT_PARTIAL
        found = q.paths(a, b, max_hops=args.max_hops)
    if args.format == "table":
        for p in found:
            parts = [p.names[0]]
            cur = p.names[0]
            for step, nxt in zip(p.steps, p.names[1:], strict=True):
                arrow = f"-[{step.predicate}]->" if step.subject == cur else f"<-[{step.predicate}]-"
                parts += [arrow, nxt]
                cur = nxt
            print(" ".join(parts))
        print(f"({len(found)} paths)", file=sys.stderr)
    else:
        emit([asdict(p) for p in found], ["names", "steps"], args.format)
    return EXIT_OK if found else EXIT_PARTIAL


def cmd_serve(args: argparse.Namespace) -> int:
    from graphbuild.serve import serve

    try:
        serve(args.store, host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
              workers=args.workers, allow_services=tuple(args.allow_service or ()), cors_origin=args.cors_origin,
              read_timeout=args.read_timeout, max_connections=args.max_connections, browse=not args.no_browse,
              allow_review=args.allow_review, reviewer=args.user or "", ontology=not args.no_ontology)
    except KeyboardInterrupt:
        print("graphbuild: endpoint stopped", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------- parser


def _parser(sub: argparse._SubParsersAction, name: str, help: str, description: str, epilog: str):
    p = sub.add_parser(name, help=help, description=description, epilog=epilog,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--store", default=DEFAULT_STORE,
                   help=f"folder of the embedded store (default: {DEFAULT_STORE})")
    return p


def _neo4j_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--neo4j", action="store_true",
                   help="ask Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD) instead of the store")


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv, or json (one object per line)")
    p.add_argument("--width", type=int, metavar="N",
                   help="table: wrap long cells to fit N characters, 0 for whole lines (default: the "
                        "terminal's width; whole lines when writing to a file or pipe)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    from graphbuild.cli.common import add_window_options
    from graphbuild.sinks.store import EXPORT_FORMATS

    p = _parser(sub, "build", "articles -> the embedded graph store (incremental)",
                "Extract articles, resolve entities across them and add them to the store.\n"
                "Articles already in the store with the same text are not parsed again, so an\n"
                "interrupted build can simply be re-run. Review decisions (graphbuild review) are\n"
                "replayed after every build.",
                "example:\n  graphbuild build articles/ --store graph/")
    p.add_argument("inputs", nargs="+",
                   help="files, folders or URLs (.txt, .html, .jsonl, .parquet, .csv; s3://, gs://, https://)")
    p.add_argument("--decisions", metavar="FILE",
                   help="review decisions replayed after the write (default: the review_file "
                        "setting, else STORE.review.jsonl beside the store)")
    add_extract_options(p)
    add_gazetteer_option(p)
    p.set_defaults(func=cmd_build)

    p = _parser(sub, "export", "the store -> RDF, GraphML, GEXF or neo4j-admin CSV",
                "Write the whole graph. The format comes from the file extension: .ttl .nt (all\n"
                "graphs merged), .nq .trig .jsonld (one named graph per document), .graphml\n"
                ".gexf (Gephi), .ftm.json (FollowTheMoney entities, JSON lines); --format neo4j-admin\n"
                "writes CSV files for neo4j-admin import. Assertions a reviewer rejected are left\n"
                "out unless --include-rejected.",
                "examples:\n  graphbuild export --store graph/ -o graph.ttl\n"
                "  graphbuild export --store graph/ --format ftm -o entities.ftm.json\n"
                "  graphbuild export --store graph/ -o graph.graphml\n"
                "  graphbuild export --store graph/ --format neo4j-admin -o import/\n"
                "  graphbuild export --store graph/ --format nq -o - | gzip > graph.nq.gz")
    p.add_argument("-o", "--output", required=True,
                   help="output file (a folder for neo4j-admin); - for stdout (N-Quads unless --format)")
    p.add_argument("--format", choices=(*EXPORT_FORMATS, "ftm"),
                   help="force a format instead of the extension (ftm: FollowTheMoney JSON lines, "
                        "also chosen by a .ftm.json file name)")
    add_window_options(p)
    add_include_rejected(p)
    p.set_defaults(func=cmd_export)

    p = _parser(sub, "query", "run a SPARQL query against the store",
                "Run a SPARQL SELECT/ASK/CONSTRUCT query: the text, a .rq file, or one of the\n"
                "bundled queries (edges, commercial, negated, documents, conflicts,\n"
                "corroboration). Prefixes gb: skos: rdf: rdfs: owl: prov: dcterms: xsd: entity:\n"
                "doc: wd: are declared; patterns outside GRAPH match every graph.",
                "examples:\n"
                "  graphbuild query --store graph/ 'SELECT ?n WHERE { ?e a gb:GovernmentBody ; skos:prefLabel ?n }'\n"
                "  graphbuild query --store graph/ commercial --format csv\n"
                "  graphbuild query --store graph/ my-query.rq --format json")
    p.add_argument("sparql", help="query text, a .rq file, or a bundled query name")
    _format_option(p)
    p.add_argument("--limit", type=int, help="print at most this many rows")
    p.add_argument("--include-rejected", action="store_true",
                   help="bundled queries: also return assertions a reviewer rejected")
    p.set_defaults(func=cmd_query)

    p = _parser(sub, "neighbors", "every edge of an entity, negated ones included",
                "List every edge of the entity whose name, alias or id is NAME (any case),\n"
                "with direction, negation and the documents that state it. When NAME matches\n"
                "several entities they are listed (id, class, articles) so one can be chosen.",
                'examples:\n  graphbuild neighbors --store graph/ "ICE"\n  graphbuild neighbors --neo4j "ICE"')
    p.add_argument("name", help="canonical name, alias or entity id")
    _neo4j_option(p)
    _format_option(p)
    add_window_options(p)
    add_include_rejected(p)
    p.set_defaults(func=cmd_neighbors)

    p = _parser(sub, "evidence", "the sentences behind the edges between two entities",
                "Every sentence (with its article) that states an edge between A and B, either\n"
                "direction, negated statements included.",
                'example:\n  graphbuild evidence --store graph/ "Amazon" "ICE"')
    p.add_argument("a", help="name or alias")
    p.add_argument("b", help="name or alias")
    _neo4j_option(p)
    _format_option(p)
    add_window_options(p)
    add_include_rejected(p)
    p.set_defaults(func=cmd_evidence)

    p = _parser(sub, "paths", "chains of edges connecting two entities",
                "Paths of at most --max-hops positive edges between A and B (direction ignored),\n"
                "shortest first.",
                'example:\n  graphbuild paths --store graph/ "Amazon" "Palantir" --max-hops 3')
    p.add_argument("a", help="name or alias")
    p.add_argument("b", help="name or alias")
    p.add_argument("--max-hops", type=int, default=3, help="longest path in edges (default: 3)")
    _neo4j_option(p)
    _format_option(p)
    add_window_options(p)
    add_include_rejected(p)
    p.set_defaults(func=cmd_paths)

    p = _parser(sub, "serve", "a read-only SPARQL 1.1 endpoint over the store",
                "Serve the store over the SPARQL 1.1 Protocol at http://HOST:PORT/sparql\n"
                "(GET/POST; JSON, XML, CSV, TSV results; Turtle, N-Triples for CONSTRUCT).\n"
                "Updates are refused; SERVICE calls are refused unless their endpoint is\n"
                "allowed with --allow-service. Each query runs in a worker process that is\n"
                "killed at --timeout. No CORS header unless --cors-origin is given. Stop with Ctrl-C.\n"
                "Browse and search pages at http://HOST:PORT/ (read-only; accept/reject buttons\n"
                "on the evidence only with --allow-review). GET /sparql without a query answers\n"
                "the SPARQL service description.",
                "example:\n  graphbuild serve --store graph/ --port 7878\n"
                "  curl 'http://127.0.0.1:7878/sparql?query=ASK%7B?s%20?p%20?o%7D'\n"
                "  open http://127.0.0.1:7878/?q=ICE")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default: 30)")
    p.add_argument("--max-rows", type=int, default=10000, help="most result rows returned (default: 10000)")
    p.add_argument("--workers", type=int, default=None,
                   help="query worker processes, i.e. queries evaluated at once (default: CPUs, at most 4)")
    p.add_argument("--allow-service", action="append", metavar="URL",
                   help="a SERVICE endpoint queries may call (repeatable; default: none)")
    p.add_argument("--cors-origin", metavar="ORIGIN",
                   help="send Access-Control-Allow-Origin: ORIGIN so web pages from it can read answers "
                        "(default: no CORS header)")
    p.add_argument("--read-timeout", type=float, default=10.0,
                   help="seconds a client has to send a whole request; idle connections close after it (default: 10)")
    p.add_argument("--max-connections", type=int, default=64,
                   help="connections served at once; more get a 503 (default: 64)")
    p.add_argument("--no-browse", action="store_true", help="serve the SPARQL endpoint only, without the pages")
    p.add_argument("--no-ontology", action="store_true",
                   help="do not add the ontology to the store's named graph <https://w3id.org/graphbuild/ontology> "
                        "(predicate groups then answer nothing)")
    p.add_argument("--allow-review", action="store_true",
                   help="show accept/reject buttons on the evidence and record the decisions in the "
                        "store's decision file (default: the pages are read-only and POST is refused)")
    p.add_argument("--user", help="reviewer named in the decisions made on the pages (default: "
                                  "$GRAPHBUILD_REVIEWER or the login name)")
    p.set_defaults(func=cmd_serve)
