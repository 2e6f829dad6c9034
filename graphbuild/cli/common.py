"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from graphbuild.model.text import for_terminal

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_SINK = 0, 1, 2, 3


@contextlib.contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    """A file to write, stdout for ``-``, or a URL (``s3://bucket/triples.jsonl``, written
    through fsspec; the object appears when it is complete). A local file appears when it is
    complete too (written beside it and renamed); a folder that cannot be written to raises
    :class:`SinkError` with a one-line reason."""
    if path == "-":
        yield sys.stdout
        return
    from graphbuild.scale import remote

    if remote.is_remote(path):
        import io

        with remote.open_file(path, "wb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            yield text
            text.flush()
            text.detach()
        return
    from graphbuild.sinks.export import atomic_output

    with atomic_output(path, "w") as fh:  # a failure leaves no half-written file
        yield fh


def add_window_options(p: argparse.ArgumentParser) -> None:
    """``--since`` / ``--until``: keep assertions whose time overlaps the window."""
    p.add_argument("--since", default="", metavar="DATE",
                   help="only assertions whose time (stated, else publication) reaches DATE or later "
                        "(2018, 2018-06 or 2018-06-15)")
    p.add_argument("--until", default="", metavar="DATE",
                   help="only assertions whose time starts on or before DATE (its last day)")


def config_from_args(args: argparse.Namespace):
    from graphbuild.config import load_config

    return load_config(getattr(args, "config", None), model=getattr(args, "model", None),
                       batch_size=getattr(args, "batch_size", None), workers=getattr(args, "workers", None),
                       max_bytes=getattr(args, "max_bytes", None), quiet=getattr(args, "quiet", None) or None,
                       dask=getattr(args, "dask", None),
                       min_confidence=getattr(args, "min_confidence", None),
                       relation_model=getattr(args, "relation_model", None),
                       gazetteers=tuple(getattr(args, "gazetteer", None) or ()) or None,
                       reviewer=getattr(args, "user", None),
                       review_file=getattr(args, "decisions", None),
                       columns=getattr(args, "columns", None),
                       partition_bytes=getattr(args, "partition_bytes", None))


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class Progress:
    """Articles done, articles/s, words/s and (when the total is known) ETA, on stderr.

    On a terminal it is a tqdm bar; otherwise (a log file, a cluster job) one plain line every
    ``interval`` seconds and one at the end. Quiet runs print nothing.

    >>> import io
    >>> out = io.StringIO()
    >>> clock = iter([0.0, 10.0, 20.0]).__next__
    >>> with Progress(total=4, stream=out, clock=clock, tty=False) as bar:
    ...     bar.update(2, words=1000)
    >>> print(out.getvalue().strip())
    graphbuild: 2/4 articles, 0.2 articles/s, 100 words/s, ETA 0:10
    graphbuild: 2/4 articles, 0.1 articles/s, 50 words/s, ETA 0:20
    """

    def __init__(self, total: int | None = None, *, quiet: bool = False, unit: str = "article",
                 stream: IO[str] | None = None, interval: float = 10.0,
                 clock: Callable[[], float] = time.monotonic, tty: bool | None = None) -> None:
        self.total, self.unit, self.quiet = total, unit, quiet
        self.stream = stream if stream is not None else sys.stderr
        self.interval, self.clock = interval, clock
        self.n = self.words = 0
        self.start = self.clock()
        self._last = self.start
        self._bar: Any = None
        if not quiet and (tty if tty is not None else self.stream.isatty()):
            from tqdm import tqdm

            class _Bar(tqdm):
                monitor_interval = 0  # no monitor thread: worker processes may then be forked

            self._bar = _Bar(total=total, unit=unit, file=self.stream, dynamic_ncols=True,
                             smoothing=0.1, mininterval=0.5)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, n: int = 1, words: int = 0) -> None:
        self.n += n
        self.words += words
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(n)
            elapsed = max(self.clock() - self.start, 1e-9)
            self._bar.set_postfix_str(f"{self.words / elapsed:,.0f} words/s", refresh=False)
            return
        now = self.clock()
        if now - self._last >= self.interval:
            self._last = now
            self._line(now)

    def line(self) -> str:
        return self._format(self.clock())

    def _format(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.n / elapsed
        done = f"{self.n:,}/{self.total:,}" if self.total else f"{self.n:,}"
        text = f"graphbuild: {done} {self.unit}s, {rate:,.1f} {self.unit}s/s, {self.words / elapsed:,.0f} words/s"
        if self.total and rate > 0 and self.n < self.total:
            text += f", ETA {_duration((self.total - self.n) / rate)}"
        return text

    def _line(self, now: float) -> None:
        print(self._format(now), file=self.stream, flush=True)

    def close(self) -> None:
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.n:
            self._line(self.clock())
        self.quiet = True  # closed: nothing more


def progress(iterable: Iterable, config, unit: str = "article", total: int | None = None,
             report=None) -> Iterator:
    """Wrap a stream of results with a :class:`Progress` display. With an ``ExtractReport``
    the position counts skipped inputs too (so the ETA holds) and words/s is shown."""
    with Progress(total, quiet=config.quiet, unit=unit) as bar:
        for item in iterable:
            if report is not None:
                bar.update(report.processed - bar.n, words=report.words - bar.words)
            else:
                bar.update(1)
            yield item


def report_failures(report, limit: int = 50) -> int:
    """Print skipped inputs (the first ``limit``) and the summary; the exit code."""
    for f in report.failures[:limit]:
        print(f"graphbuild: skipped {for_terminal(f.source)}: {for_terminal(f.reason)}", file=sys.stderr)
    if report.failed > limit:
        print(f"graphbuild: ... and {report.failed - limit:,} more skipped inputs "
              "(run with -v to log each one)", file=sys.stderr)
    print(f"graphbuild: {report.summary()}", file=sys.stderr)
    return EXIT_PARTIAL if report.failed else EXIT_OK


def add_include_rejected(p: argparse.ArgumentParser) -> None:
    p.add_argument("--include-rejected", action="store_true",
                   help="also show assertions a reviewer rejected (hidden by default)")


def add_extract_options(p: argparse.ArgumentParser) -> None:
    """Options of every command that runs the NLP pipeline."""
    p.add_argument("--config", help="TOML file with settings (see README)")
    p.add_argument("--model", help="spaCy pipeline name (default: auto)")
    p.add_argument("--batch-size", type=int, help="documents per batch (default: 32)")
    p.add_argument("--workers", type=int, help="processes for the NLP pipeline (default: 1)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
                        "for N worker processes on this machine (--workers is then ignored)")
    p.add_argument("--partition-bytes", type=int, metavar="N",
                   help="with --dask: bytes of JSONL/Parquet/CSV input per partition (default: 0, "
                        "about sixteen partitions per worker)")
    p.add_argument("--columns", metavar="MAP",
                   help="Parquet/CSV column mapping, e.g. text=body,title=headline (fields: id, "
                        "title, text, url, published, source; default: the field names)")
    p.add_argument("--max-bytes", type=int, help="skip larger inputs (default: 5000000)")
    p.add_argument("--min-confidence", type=float, metavar="X",
                   help="drop relations with a lower confidence, 0..1 (default: 0.0)")
    p.add_argument("--relation-model", metavar="PATH",
                   help="relation model written by `graphbuild train -o PATH`, or 'none' for the "
                        "rules alone (default: the model shipped in the package)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress display (articles/s, ETA) on stderr")


def add_gazetteer_option(p: argparse.ArgumentParser) -> None:
    """Option of the commands that resolve entities across articles."""
    p.add_argument("--gazetteer", action="append", metavar="FILE",
                   help="a user gazetteer or watch list (JSONL, the format of ontology/gazetteer.jsonl) "
                        "that adds or overrides entries; may be repeated")
