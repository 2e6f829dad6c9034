"""``graphbuild extract``: articles -> relations as JSON lines."""

from __future__ import annotations

import argparse

from graphbuild.cli.common import (
    add_extract_options,
    config_from_args,
    open_output,
    progress,
    report_failures,
)


def cmd_extract(args: argparse.Namespace) -> int:
    from graphbuild.model.serialize import write_jsonl
    from graphbuild.pipeline import ExtractReport, extract

    config = config_from_args(args)
    report = ExtractReport()
    with open_output(args.output) as fh:
        write_jsonl(progress(extract(args.inputs, config, report=report), config), fh)
    return report_failures(report)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="articles -> relations as JSON lines",
                       description="Extract typed entities and ontology relations from articles.",
                       epilog="example: graphbuild extract articles/ -o triples.jsonl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", help="files or folders (.txt, .html, .jsonl)")
    p.add_argument("-o", "--output", default="-", help="output file, - for stdout (default: -)")
    add_extract_options(p)
    p.set_defaults(func=cmd_extract)
