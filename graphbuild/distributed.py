"""Extraction on many machines with Dask distributed: the same code on a laptop and a cluster.

The input is split into partitions of records (:mod:`graphbuild.scale.sources`): a JSONL file
by byte ranges, a Parquet/CSV table by row groups, a folder by runs of files, each partition
about ``partition_bytes`` (chosen from the input's size). A first pass numbers the lines and
settles document ids over the whole input; then each Dask worker loads the spaCy pipeline once
(cached per process by configuration) and turns a partition into its DocumentGraphs
(:func:`iter_graphs`, which ``build`` resolves and stores in order) or into part files,
``part-00000.jsonl`` ... in a folder or bucket every worker can write to. Parts are
line-based, so merging JSONL is concatenation in partition order, and the merged file equals a
one-process run; N-Quads parts are merged by resolving entities across partitions
(:func:`merge_nquads`).

``address`` is a scheduler address (``tcp://host:8786``) or ``local:N`` for a
``LocalCluster`` of N single-threaded worker processes on this machine.

>>> from graphbuild.distributed import plan_partitions
>>> plan_partitions([], n_workers=2)
[]
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from graphbuild.config import Config
from graphbuild.errors import ConfigError, ExtractionError
from graphbuild.ingest import Failure
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.pipeline import ExtractReport, cached_pipeline
from graphbuild.pool import process_documents
from graphbuild.scale import remote
from graphbuild.scale.sources import (
    Partition,
    Scan,
    expand_sources,
    partition_documents,
    plan,
    scan,
    settle,
)
from graphbuild.scale.tables import parse_columns

if TYPE_CHECKING:
    from distributed import Client

_LOCAL = re.compile(r"^local(?::(\d+))?$")
PART_PATTERN = "part-{:05d}.jsonl"


def is_local(address: str) -> bool:
    """True for ``local`` / ``local:N`` (a cluster started here, sharing this file system)."""
    return bool(_LOCAL.match(address))


@contextlib.contextmanager
def dask_client(address: str) -> Iterator[Client]:
    """A Dask client for ``address``; a ``local:N`` cluster is started and stopped with it."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("Dask is not installed; pip install 'graphbuild[dask]'") from exc
    with _quiet_dask_logs():
        yield from _client(address, Client, LocalCluster)


@contextlib.contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """Dask logs every worker start and stop at INFO; show that only when our own logging is
    verbose (``graphbuild -v``)."""
    logger = logging.getLogger("distributed")
    old = logger.level
    if not logging.getLogger("graphbuild").isEnabledFor(logging.INFO):
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(old)


def _client(address: str, Client, LocalCluster) -> Iterator[Client]:  # noqa: N803  (classes)
    m = _LOCAL.match(address)
    if m:
        n = int(m.group(1) or os.cpu_count() or 1)
        if n < 1:
            raise ConfigError(f"--dask {address}: at least one worker is needed")
        # one thread per worker process: spaCy pipelines are not shared between threads, and
        # the model work is CPU-bound, so processes (not threads) give the parallelism.
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="30s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client


# -- partitions ------------------------------------------------------------------------------

def plan_partitions(inputs: Iterable[str | Path], n_workers: int, files_per_partition: int = 0, *,
                    bytes_per_partition: int = 0, columns: dict[str, str] | None = None,
                    client: Client | None = None, max_bytes: int = 5_000_000,
                    is_stored: Callable[[str, str], bool] | None = None) -> list[Partition]:
    """Split the inputs, in the order a one-process run reads them, into partitions of records
    (see :mod:`graphbuild.scale.sources`): JSONL by byte ranges, tables by row groups, folders
    by runs of files. JSONL and tables are scanned first (on ``client``'s workers, or here) to
    number their lines and pin de-duplicated ids. ``is_stored(id, hash)``: articles it accepts
    are skipped before parsing (``build``); this reads every article once in the scan."""
    return plan_work(inputs, n_workers, files_per_partition, bytes_per_partition=bytes_per_partition,
                     columns=columns, client=client, max_bytes=max_bytes, is_stored=is_stored)[0]


def plan_work(inputs: Iterable[str | Path], n_workers: int, files_per_partition: int = 0, *,
              bytes_per_partition: int = 0, columns: dict[str, str] | None = None,
              client: Client | None = None, max_bytes: int = 5_000_000,
              is_stored: Callable[[str, str], bool] | None = None) -> tuple[list[Partition], int]:
    """:func:`plan_partitions` and the number of articles it will skip as unchanged."""
    parts = plan(expand_sources(inputs), n_workers, files_per_partition=files_per_partition,
                 bytes_per_partition=bytes_per_partition, columns=columns)
    hashes = is_stored is not None
    remote_scan = [p for p in parts if p.kind != "file" or hashes]
    scans: dict[int, Scan] = {}
    if client is not None and remote_scan:
        futures = client.map(scan, remote_scan, max_bytes=max_bytes, hashes=hashes, pure=False)
        for p, result in zip(remote_scan, client.gather(futures), strict=True):
            scans[p.index] = result
    for p in parts:
        if p.index not in scans:
            scans[p.index] = scan(p, max_bytes, hashes)
    return settle(parts, [scans[p.index] for p in parts], is_stored)


def _local_config(config: Config) -> Config:
    # inside a Dask worker: one process, no nested cluster
    return config.model_copy(update={"workers": 1, "dask": None})


def _documents(partition: Partition, config: Config) -> Iterator[Document | Failure]:
    return partition_documents(partition, config.max_bytes)


# -- tasks (run on the workers) --------------------------------------------------------------

def partition_graphs(partition: Partition, config: Config) -> tuple[list[DocumentGraph], ExtractReport]:
    """Task: one partition -> its DocumentGraphs and report (for :func:`iter_graphs`)."""
    cfg = _local_config(config)
    report = ExtractReport()
    graphs = list(process_documents(_documents(partition, cfg), cached_pipeline(cfg), cfg, report))
    return graphs, report


@dataclass
class PartResult:
    """What one partition task wrote."""

    index: int
    jsonl: str
    lines: int
    nquads: str = ""
    report: ExtractReport = field(default_factory=ExtractReport)
    graphs: str = ""


@contextlib.contextmanager
def _part_file(final: str) -> Iterator[IO[bytes]]:
    """Write ``final`` so that it appears whole or not at all: a local part under a temporary
    name renamed when complete (a task Dask retries never leaves half a part); a remote object
    is only created when its upload completes."""
    if remote.is_remote(final):
        with remote.open_file(final, "wb") as fh:
            yield fh
        return
    path = Path(final)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        yield fh
    os.replace(tmp, path)


def partition_to_files(partition: Partition, config: Config, out_dir: str,
                       formats: tuple[str, ...] = ("jsonl",)) -> PartResult:
    """Task: one partition -> ``out_dir/part-NNNNN.jsonl`` (and, when ``"nq"`` is in
    ``formats``, ``part-NNNNN.nq`` plus ``part-NNNNN.graphs`` for the merge step), written
    document by document; ``out_dir`` may be a URL (``s3://bucket/parts``).

    N-Quads parts hold each document in its named graph plus the entities it mentions, as this
    partition saw them (not resolved against other partitions); :func:`merge_nquads` gives
    the resolved graph of the whole input.
    """
    import pickle

    from graphbuild.model.serialize import document_graph_lines

    cfg = _local_config(config)
    report = ExtractReport()
    final = remote.join(out_dir, PART_PATTERN.format(partition.index))
    final_nq = final[:-len(".jsonl")] + ".nq"
    final_graphs = final[:-len(".jsonl")] + ".graphs"
    lines = 0
    graphs = process_documents(_documents(partition, cfg), cached_pipeline(cfg), cfg, report)
    nq_parts = "nq" in formats
    kept: list[DocumentGraph] = []
    with _part_file(final) as fh:

        def teed() -> Iterator[DocumentGraph]:
            nonlocal lines
            for dg in graphs:
                for row in document_graph_lines(dg):
                    fh.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
                    lines += 1
                if nq_parts:
                    kept.append(dg)
                yield dg

        if nq_parts:
            from graphbuild.sinks.rdf import write_nquads

            with _part_file(final_nq) as nq:
                write_nquads(teed(), nq, resolved=False)
            with _part_file(final_graphs) as gh:
                pickle.dump(kept, gh, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            for _ in teed():
                pass
    return PartResult(partition.index, final, lines, final_nq if nq_parts else "", report,
                      final_graphs if nq_parts else "")


# -- driver ----------------------------------------------------------------------------------

def _n_workers(client: Client) -> int:
    return max(len(client.scheduler_info().get("workers", {})), 1)


def _ordered(client: Client, fn: Callable, partitions: list[Partition], *args) -> Iterator:
    """Submit partitions with a bounded window (four per worker) and yield results in order."""
    window = 4 * _n_workers(client)
    pending: deque = deque()
    try:
        for part in partitions:
            pending.append(client.submit(fn, part, *args, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()


def _plan(inputs: Iterable[str | Path], config: Config, client: Client,
          is_stored: Callable[[str, str], bool] | None = None) -> tuple[list[Partition], int]:
    return plan_work(inputs, _n_workers(client), config.partition_files,
                     bytes_per_partition=config.partition_bytes, columns=parse_columns(config.columns),
                     client=client, max_bytes=config.max_bytes, is_stored=is_stored)


def iter_graphs(inputs: Iterable[str | Path], config: Config, client: Client,
                report: ExtractReport | None = None,
                is_stored: Callable[[str, str], bool] | None = None,
                on_plan: Callable[[int], None] | None = None) -> Iterator[DocumentGraph]:
    """DocumentGraphs of the inputs computed on the Dask cluster, in one-process order.

    With ``is_stored(id, hash)`` (``build``), articles it accepts are dropped before parsing;
    ``on_plan`` receives how many."""
    report = report if report is not None else ExtractReport()
    partitions, unchanged = _plan(inputs, config, client, is_stored)
    if on_plan is not None:
        on_plan(unchanged)
    for graphs, part_report in _ordered(client, partition_graphs, partitions, config):
        _check(part_report, config)
        report.merge(part_report)
        yield from graphs


def _check(part_report: ExtractReport, config: Config) -> None:
    if config.on_error == "raise" and part_report.failures:
        f = part_report.failures[0]
        raise ExtractionError(f"{f.source}: {f.reason}")


def extract_to_parts(inputs: Iterable[str | Path], out_dir: str | Path, config: Config, client: Client,
                     report: ExtractReport | None = None,
                     on_partition: Callable[[ExtractReport], None] | None = None,
                     formats: tuple[str, ...] = ("jsonl", "nq")) -> list[str]:
    """Write ``part-NNNNN.jsonl`` (and ``part-NNNNN.nq`` / ``.graphs``) files into ``out_dir``
    (a folder every worker sees, or a URL); returns the JSONL part paths in partition order.
    ``on_partition`` gets each finished partition's report (for a progress display)."""
    unknown = set(formats) - {"jsonl", "nq"}
    if unknown or "jsonl" not in formats:
        raise ConfigError(f"part formats are jsonl (always) and nq, not {sorted(unknown)}")
    out = str(out_dir)
    if not remote.is_remote(out):
        Path(out).mkdir(parents=True, exist_ok=True)
        out = str(Path(out).resolve())
    report = report if report is not None else ExtractReport()
    partitions, _ = _plan(inputs, config, client)
    parts = []
    for result in _ordered(client, partition_to_files, partitions, config, out, tuple(formats)):
        _check(result.report, config)
        report.merge(result.report)
        parts.append(result.jsonl)
        if on_partition is not None:
            on_partition(result.report)
    return parts


def merge_parts(parts: Iterable[str | Path], fh: IO[str]) -> int:
    """Concatenate part files (local paths or URLs) into ``fh`` in the order given; returns the
    number of lines."""
    n = 0
    for part in parts:
        with remote.open_file(str(part), "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8") as src:
            for line in src:
                fh.write(line)
                n += 1
    return n


def iter_part_graphs(parts: Iterable[str | Path]) -> Iterator[DocumentGraph]:
    """The DocumentGraphs kept beside N-Quads parts (``part-NNNNN.graphs``), in part order."""
    import pickle

    for part in parts:
        name = str(part)
        graphs = name[:-len(".jsonl")] + ".graphs" if name.endswith(".jsonl") else name
        with remote.open_file(graphs, "rb") as fh:
            yield from pickle.load(fh)  # written by partition_to_files of this same version


def merge_nquads(parts: Iterable[str | Path], out: IO[bytes]):
    """The merge step of N-Quads parts: the partitions' documents resolved against each other
    in input order (names, gazetteer ids, Wikidata QIDs: :mod:`graphbuild.resolve.corpus`) and
    written as one N-Quads stream, the graph a one-process ``write_nquads`` gives. Returns the
    WriteReport."""
    from graphbuild.resolve.corpus import resolve_corpus
    from graphbuild.sinks.rdf import write_nquads

    return write_nquads(resolve_corpus(iter_part_graphs(parts)), out)


def remove_parts(out_dir: str | Path) -> None:
    remote.remove_tree(str(out_dir))
