"""``viz``: interactive and static drawings of the graph."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from graphbuild.cli.common import (
    EXIT_OK,
    add_extract_options,
    add_gazetteer_option,
    add_include_rejected,
    config_from_args,
    open_output,
    report_failures,
)
from graphbuild.errors import ConfigError

if TYPE_CHECKING:
    from graphbuild.model.graph import KnowledgeGraph

EPILOG = """examples:
  graphbuild viz --store graph/ -o graph.html
  graphbuild viz --store graph/ -o ice.html --focus ICE --hops 2 --png ice.png
  graphbuild viz --store graph/ -o top.html --max-nodes 300 --predicates commercial,pitched
  graphbuild viz --store graph/ -o denials.html --negated-only --classes Company,GovernmentBody
  graphbuild viz --store graph/ -o sure.html --min-confidence 0.7 --since 2018 --until 2019
  graphbuild viz --triples triples.jsonl -o graph.html
  graphbuild viz samples/articles -o graph.html     (extracts the articles first)

The HTML file is self-contained and opens offline: it loads nothing from the network.
Shapes and labels keep their size under zoom; labels that would overlap are hidden until
zooming in makes room (the best connected entities are named first). Double-click an entity,
or use the button on its card, to draw its hidden neighbours."""


def load_knowledge_graph(args: argparse.Namespace) -> tuple[KnowledgeGraph, int]:
    """The graph from exactly one source: a store folder, a JSONL file of relations, or articles.
    Returns the graph and the exit code of the reading step."""
    sources = [bool(args.store), bool(args.triples), bool(args.inputs)]
    if sum(sources) != 1:
        raise ConfigError("give exactly one input: --store DIR, --triples FILE, or article files/folders")
    include_rejected = getattr(args, "include_rejected", False)
    if args.store:
        from graphbuild.review.read import knowledge_graph
        from graphbuild.sinks.store import GraphStore

        with GraphStore(args.store, read_only=True) as store:
            return knowledge_graph(store, include_rejected), EXIT_OK
    from graphbuild.builder import corpus_resolver, write_resolved
    from graphbuild.sinks.store import GraphStore

    config = config_from_args(args)
    if args.triples:
        from graphbuild.model.serialize import read_document_graphs

        try:
            fh = sys.stdin if args.triples == "-" else open(args.triples, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise ConfigError(f"cannot read {args.triples}: {exc.strerror or exc}") from exc
        # resolved across articles exactly as `build` does, so it draws what `--store` draws
        with fh, GraphStore(None) as store:
            write_resolved(store, read_document_graphs(fh), corpus_resolver(store, config))
            return _reviewed(store.to_knowledge_graph(), args), EXIT_OK
    from graphbuild.pipeline import ExtractReport
    from graphbuild.runners import extract

    report = ExtractReport()
    # through an in-memory store, so entities are resolved across articles as `build` does
    with GraphStore(None) as store:
        write_resolved(store, extract(args.inputs, config, report=report), corpus_resolver(store, config))
        kg = store.to_knowledge_graph()
    return _reviewed(kg, args), report_failures(report)


def _reviewed(kg: KnowledgeGraph, args: argparse.Namespace) -> KnowledgeGraph:
    """Relations read without a store: the --decisions file, when given, applies to them."""
    if not getattr(args, "decisions", None):
        return kg
    from graphbuild.review.decisions import read_decisions
    from graphbuild.review.read import apply_to_graph

    return apply_to_graph(kg, read_decisions(args.decisions), getattr(args, "include_rejected", False))


def cmd_viz(args: argparse.Namespace) -> int:
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.viz import focus_subgraph, html_document, to_png
    from graphbuild.viz.filters import Selection
    from graphbuild.viz.html import page_graph

    if args.hops < 0:
        raise ConfigError("--hops must be 0 or more")
    if args.max_nodes is not None and args.max_nodes < 1:
        raise ConfigError("--max-nodes must be 1 or more")
    selection = Selection.parse(args.predicates, args.classes, args.min_confidence, args.negated_only)
    kg, code = load_knowledge_graph(args)
    if args.since or args.until:
        from graphbuild.model.facts import filter_graph

        kg = filter_graph(kg, args.since, args.until)
    kg = selection.apply(kg)  # on every source: a store keeps what extraction wrote
    graph = kg_to_networkx(kg)
    focus_subgraph(graph, args.focus, args.hops)  # fails early on an unknown --focus
    title = args.title or (f"{args.focus} and its neighbourhood" if args.focus else "Knowledge graph")
    note = "; ".join(p for p in (_window(args), selection.describe()) if p)
    if args.output:
        with open_output(args.output) as fh:
            fh.write(html_document(graph, args.focus, args.hops, title, args.max_nodes, note))
    _, shown, hidden = page_graph(graph, args.focus, args.hops, args.max_nodes)
    if args.png:
        to_png(graph.subgraph(shown).copy() if hidden else graph, args.png, focus=args.focus, hops=args.hops,
               title=title)
    written = " and ".join(p for p in (args.output if args.output != "-" else "", args.png) if p)
    edges = graph.subgraph(shown).number_of_edges()
    print(f"graphbuild: drew {len(shown)} entities and {edges} edges"
          + (f" ({hidden} less connected entities hidden, --max-nodes {args.max_nodes})" if hidden else "")
          + (f" to {written}" if written else ""), file=sys.stderr)
    return code


def _window(args: argparse.Namespace) -> str:
    if not (args.since or args.until):
        return ""
    return f"held {'from ' + args.since if args.since else ''}{' ' if args.since and args.until else ''}" \
           f"{'until ' + args.until if args.until else ''}"


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("viz", help="draw the graph: interactive HTML and/or PNG",
                       description="Draw the graph as a self-contained interactive HTML page "
                                   "(colour by entity class, evidence on hover, negated edges "
                                   "dashed) and/or a static PNG.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", help="article files or folders to extract and draw")
    p.add_argument("--store", help="folder of an embedded store built with `graphbuild build`")
    p.add_argument("--triples", help="relations as JSON lines from `graphbuild extract` (- for stdin)")
    p.add_argument("-o", "--output", help="HTML file to write, - for stdout (default: graph.html "
                                          "unless only --png is given)")
    p.add_argument("--png", help="also (or only) write a static PNG drawing to this file")
    p.add_argument("--focus", help="draw only the neighbourhood of this entity (name, alias or id, any "
                                   "case); a name several entities carry lists them")
    p.add_argument("--hops", type=int, default=2, help="size of the neighbourhood of --focus (default: 2)")
    p.add_argument("--title", help="title of the drawing")
    p.add_argument("--max-nodes", type=int, metavar="N",
                   help="draw the N best connected entities (the --focus one always); the page says how "
                        "many are hidden and an entity's card shows its hidden neighbours (default: all)")
    p.add_argument("--predicates", metavar="LIST",
                   help="only these predicates or predicate groups, comma-separated "
                        "(pitched,contractedWith or commercial,legal; default: all)")
    p.add_argument("--classes", metavar="LIST",
                   help="only edges between entities of these classes, comma-separated "
                        "(Company,GovernmentBody; default: all)")
    p.add_argument("--negated-only", action="store_true", help="only denials (\"ICE has no contract with AWS\")")
    from graphbuild.cli.common import add_window_options

    add_window_options(p)
    p.add_argument("--decisions", metavar="FILE",
                   help="with --triples or articles: review decisions to apply (a store has its own)")
    add_include_rejected(p)
    add_extract_options(p)  # --min-confidence among them: applied to a store and triples too
    add_gazetteer_option(p)
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if not args.output and not args.png:
        args.output = "graph.html"
    return cmd_viz(args)
