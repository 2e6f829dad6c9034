"""Command line: thin wrappers over library functions. Exit codes live here only.

Exit codes: 0 ok, 1 some inputs were skipped (see stderr) or a lookup found nothing, 2 usage or
configuration error (including unreadable input files and an invalid SPARQL query), 3 a store,
file or server failed, 70 an unexpected internal error (one line; ``-v`` shows the traceback),
130 interrupted. Every error is one line on stderr; the README's table says the same.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from graphbuild.cli import entities, extract, facts, graph, neo4j, review, train, viz
from graphbuild.cli.common import EXIT_OK, EXIT_SINK, EXIT_USAGE
from graphbuild.errors import ConfigError, GraphbuildError, SinkError
from graphbuild.model.text import for_terminal

EXIT_INTERNAL = 70  # EX_SOFTWARE

COMMAND_MODULES = (extract, train, graph, entities, facts, neo4j, viz, review)

def _version() -> str:
    """The installed version (``graphbuild.__version__`` reads the same metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("graphbuild")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


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
    # id collisions, dropped dates and capped articles are warnings a user must see
    logging.getLogger("graphbuild.ingest").setLevel(logging.INFO if args.verbose else logging.WARNING)
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
    except OSError as exc:  # a file or folder the command was pointed at
        where = f": {for_terminal(str(exc.filename))}" if exc.filename else ""
        print(f"graphbuild: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_SINK
    except Exception as exc:  # a bug: still one line, the traceback on request
        if args.verbose:
            raise
        print(f"graphbuild: internal error: {type(exc).__name__}: {for_terminal(str(exc))[:500]} "
              "(run with -v for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


