"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import IO

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_SINK = 0, 1, 2, 3


@contextlib.contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    """A file to write, or stdout for ``-``."""
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


def config_from_args(args: argparse.Namespace):
    from graphbuild.config import load_config

    return load_config(getattr(args, "config", None), model=getattr(args, "model", None),
                       batch_size=getattr(args, "batch_size", None), workers=getattr(args, "workers", None),
                       max_bytes=getattr(args, "max_bytes", None), quiet=getattr(args, "quiet", None) or None)


def progress(iterable, config, unit: str = "doc"):
    if config.quiet or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, unit=unit, file=sys.stderr, dynamic_ncols=True)


def report_failures(report) -> int:
    for f in report.failures:
        print(f"graphbuild: skipped {f.source}: {f.reason}", file=sys.stderr)
    print(f"graphbuild: {report.summary()}", file=sys.stderr)
    return EXIT_PARTIAL if report.failures else EXIT_OK


def add_extract_options(p: argparse.ArgumentParser) -> None:
    """Options of every command that runs the NLP pipeline."""
    p.add_argument("--config", help="TOML file with settings (see README)")
    p.add_argument("--model", help="spaCy pipeline name (default: auto)")
    p.add_argument("--batch-size", type=int, help="documents per batch (default: 32)")
    p.add_argument("--workers", type=int, help="processes for the NLP pipeline (default: 1)")
    p.add_argument("--max-bytes", type=int, help="skip larger inputs (default: 5000000)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
