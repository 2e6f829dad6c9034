"""``graphbuild extract``: articles -> relations as JSON lines."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from graphbuild.cli.common import (
    Progress,
    add_extract_options,
    config_from_args,
    open_output,
    progress,
    report_failures,
)


def cmd_extract(args: argparse.Namespace) -> int:
    from graphbuild.pipeline import ExtractReport
    from graphbuild.runners import count_articles, extract

    config = config_from_args(args)
    report = ExtractReport()
    total = None if config.quiet else count_articles(args.inputs)
    if config.dask:
        return _extract_dask(args, config, report, total)
    from graphbuild.model.serialize import write_jsonl

    with open_output(args.output) as fh:
        write_jsonl(progress(extract(args.inputs, config, report=report), config, total=total,
                             report=report), fh)
    return report_failures(report)


def _extract_dask(args: argparse.Namespace, config, report, total: int | None) -> int:
    """Workers write part files; the parts are then concatenated (in input order) into -o. With
    --parts-dir the N-Quads parts are also merged, resolved across partitions, into
    ``graph.nq`` there."""
    from graphbuild.distributed import (
        dask_client,
        extract_to_parts,
        is_local,
        merge_nquads,
        merge_parts,
        remove_parts,
    )
    from graphbuild.errors import ConfigError
    from graphbuild.scale import remote

    keep = args.parts_dir is not None
    if not keep and not is_local(config.dask):
        raise ConfigError("--dask with a remote scheduler needs --parts-dir DIR on storage that "
                          "every worker and this machine can see (a shared folder or s3://...)")
    if keep:
        parts_dir = str(args.parts_dir)
    else:
        base = (Path(args.output).resolve().parent
                if args.output != "-" and not remote.is_remote(args.output) else None)
        parts_dir = tempfile.mkdtemp(prefix=".graphbuild-parts-", dir=base)
    try:
        with Progress(total, quiet=config.quiet) as bar, dask_client(config.dask) as client:
            parts = extract_to_parts(args.inputs, parts_dir, config, client, report=report,
                                     on_partition=lambda r: bar.update(r.processed, words=r.words),
                                     formats=("jsonl", "nq") if keep else ("jsonl",))
        with open_output(args.output) as fh:
            merge_parts(parts, fh)
        if keep:
            with remote.open_file(remote.join(parts_dir, "graph.nq"), "wb") as nq:
                merge_nquads(parts, nq)
    finally:
        if not keep:
            remove_parts(parts_dir)
    return report_failures(report)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="articles -> relations as JSON lines",
                       description="Extract typed entities and ontology relations from articles.\n\n"
                                   "Progress (articles/s, words/s, ETA) goes to stderr; -q turns it off.",
                       epilog="examples:\n"
                              "  graphbuild extract articles/ -o triples.jsonl\n"
                              "  graphbuild extract articles/ --workers 2 -o triples.jsonl\n"
                              "  graphbuild extract articles/ --dask local:4 -o triples.jsonl\n"
                              "  graphbuild extract s3://bucket/crawl.parquet --columns text=body \\\n"
                              "      --dask local:4 -o s3://bucket/triples.jsonl\n"
                              "  graphbuild extract /shared/articles/ --dask tcp://scheduler:8786 \\\n"
                              "      --parts-dir /shared/parts/ -o triples.jsonl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+",
                   help="files, folders or URLs (.txt, .html, .jsonl, .parquet, .csv; s3://, gs://, https://)")
    p.add_argument("-o", "--output", default="-",
                   help="output file or URL, - for stdout (default: -)")
    p.add_argument("--parts-dir", metavar="DIR",
                   help="with --dask: keep the per-partition part-NNNNN.jsonl and part-NNNNN.nq files "
                        "here, and graph.nq, the N-Quads parts merged with entities resolved across "
                        "partitions (a folder every worker sees, or s3://, gs://...; default: a "
                        "temporary folder, removed after merging)")
    add_extract_options(p)
    p.set_defaults(func=cmd_extract)
