"""Command line: thin wrappers over library functions. Exit codes live here only.

Exit codes: 0 ok, 1 some inputs were skipped (see stderr) or a lookup found nothing, 2 usage or
configuration error (an invalid SPARQL query included), 3 a store or server failed, 130
interrupted. The README's table says the same.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from graphbuild.cli import entities, extract, facts, graph, neo4j, review, train, viz
from graphbuild.cli.common import EXIT_OK, EXIT_SINK, EXIT_USAGE
from graphbuild.errors import ConfigError, GraphbuildError, SinkError

COMMAND_MODULES = (extract, train, graph, entities, facts, neo4j, viz, review)

def _version() -> str:
    from graphbuild import __version__

    return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graphbuild",
        description="Knowledge graphs of corporate and government relationships from news articles.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more on stderr")
    parser.add_argument("--version", action="version", version=f"graphbuild {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR,
                        format="graphbuild: %(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"graphbuild: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SinkError as exc:
        print(f"graphbuild: error: {exc}", file=sys.stderr)
        return EXIT_SINK
    except GraphbuildError as exc:
        print(f"graphbuild: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("graphbuild: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


