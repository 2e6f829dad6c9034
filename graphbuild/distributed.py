"""Extraction on many machines with Dask distributed: the same code on a laptop and a cluster.

The input files are split into partitions (lists of files); each Dask worker loads the spaCy
pipeline once (cached per process by configuration) and turns a partition into one part file,
``part-00000.jsonl`` ... in a directory every worker can write to. Parts are line-based, so
merging is concatenation in partition order, and the merged file equals a one-process run.

``address`` is a scheduler address (``tcp://host:8786``) or ``local:N`` for a
``LocalCluster`` of N single-threaded worker processes on this machine.

>>> from graphbuild.distributed import plan_partitions
>>> plan_partitions([], n_workers=2)
[]
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from graphbuild.config import Config
from graphbuild.errors import ConfigError, ExtractionError
from graphbuild.ingest import Failure, expand_inputs, iter_documents
from graphbuild.ingest.readers import JSONL_SUFFIXES
from graphbuild.model.ids import document_id_from_path
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.pipeline import ExtractReport, cached_pipeline, process_documents

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

@dataclass(frozen=True, slots=True)
class Partition:
    """A slice of the input files. ``ids`` pins document ids of files whose name (stem) occurs
    more than once in the whole input, so ids match a one-process run (``x``, ``x-2``, ...)."""

    index: int
    paths: tuple[str, ...]
    ids: tuple[tuple[str, str], ...] = ()


def plan_partitions(inputs: Iterable[str | Path], n_workers: int, files_per_partition: int = 0) -> list[Partition]:
    """Split the input files (sorted, as a one-process run reads them) into partitions.

    By default about eight partitions per worker, so that workers stay busy to the end, with at
    most 128 files each (small tasks cost Dask about a millisecond each).
    """
    files = [p.resolve() for p in expand_inputs(inputs)]
    if not files:
        return []
    size = files_per_partition or min(max(1, -(-len(files) // (8 * max(n_workers, 1)))), 128)
    seen: dict[str, int] = {}
    stem_ids: dict[Path, str] = {}
    for p in files:
        if p.suffix.lower() in JSONL_SUFFIXES:
            continue
        base = document_id_from_path(p.stem)
        n = seen.get(base, 0)
        seen[base] = n + 1
        stem_ids[p] = f"{base}-{n + 1}" if n else base
    pinned = {p: i for p, i in stem_ids.items() if seen[document_id_from_path(p.stem)] > 1}
    out = []
    for k in range(0, len(files), size):
        chunk = files[k:k + size]
        out.append(Partition(len(out), tuple(str(p) for p in chunk),
                             tuple((str(p), pinned[p]) for p in chunk if p in pinned)))
    return out


def _documents(partition: Partition, config: Config) -> Iterator[Document | Failure]:
    ids = dict(partition.ids)
    for item in iter_documents(partition.paths, config.max_bytes):
        if isinstance(item, Document) and item.path in ids and ids[item.path] != item.id:
            item = Document(id=ids[item.path], text=item.text, title=item.title, source=item.source,
                            url=item.url, published=item.published, path=item.path)
        yield item


def _local_config(config: Config) -> Config:
    # inside a Dask worker: one process, no nested cluster
    return config.model_copy(update={"workers": 1, "dask": None})


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


def partition_to_files(partition: Partition, config: Config, out_dir: str,
                       formats: tuple[str, ...] = ("jsonl",)) -> PartResult:
    """Task: one partition -> ``out_dir/part-NNNNN.jsonl`` (and ``part-NNNNN.nq`` when
    ``"nq"`` is in ``formats``), written document by document.

    Parts are written under temporary names and renamed when complete, so a task that Dask
    retries (a worker was lost) never leaves half a part behind. N-Quads parts hold each
    document in its named graph plus the entities it mentions; loading parts into one store is
    a set union, so an entity described by several parts is stored once.
    """
    from graphbuild.model.serialize import document_graph_lines

    cfg = _local_config(config)
    report = ExtractReport()
    final = Path(out_dir) / PART_PATTERN.format(partition.index)
    final_nq = final.with_suffix(".nq")
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    tmp_nq = final_nq.with_name(f".{final_nq.name}.{os.getpid()}.tmp")
    lines = 0
    graphs = process_documents(_documents(partition, cfg), cached_pipeline(cfg), cfg, report)
    with tmp.open("w", encoding="utf-8") as fh:

        def teed() -> Iterator[DocumentGraph]:
            nonlocal lines
            for dg in graphs:
                for row in document_graph_lines(dg):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    lines += 1
                yield dg

        if "nq" in formats:
            from graphbuild.sinks.rdf import write_nquads

            with tmp_nq.open("wb") as nq:
                write_nquads(teed(), nq, resolve=False)
            os.replace(tmp_nq, final_nq)
        else:
            for _ in teed():
                pass
    os.replace(tmp, final)
    return PartResult(partition.index, str(final), lines, str(final_nq) if "nq" in formats else "", report)


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


def iter_graphs(inputs: Iterable[str | Path], config: Config, client: Client,
                report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """DocumentGraphs of the inputs computed on the Dask cluster, in one-process order."""
    report = report if report is not None else ExtractReport()
    partitions = plan_partitions(inputs, _n_workers(client), config.partition_files)
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
                     formats: tuple[str, ...] = ("jsonl", "nq")) -> list[Path]:
    """Write ``part-NNNNN.jsonl`` (and ``part-NNNNN.nq``) files into ``out_dir``, which every
    worker must see; returns the JSONL part paths in partition order. ``on_partition`` gets
    each finished partition's report (for a progress display)."""
    unknown = set(formats) - {"jsonl", "nq"}
    if unknown or "jsonl" not in formats:
        raise ConfigError(f"part formats are jsonl (always) and nq, not {sorted(unknown)}")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    report = report if report is not None else ExtractReport()
    partitions = plan_partitions(inputs, _n_workers(client), config.partition_files)
    parts = []
    for result in _ordered(client, partition_to_files, partitions, config, str(out), tuple(formats)):
        _check(result.report, config)
        report.merge(result.report)
        parts.append(Path(result.jsonl))
        if on_partition is not None:
            on_partition(result.report)
    return parts


def merge_parts(parts: Iterable[str | Path], fh: IO[str]) -> int:
    """Concatenate part files into ``fh`` in the order given; returns the number of lines."""
    n = 0
    for part in parts:
        with open(part, encoding="utf-8") as src:
            for line in src:
                fh.write(line)
                n += 1
    return n


def remove_parts(out_dir: str | Path) -> None:
    shutil.rmtree(out_dir, ignore_errors=True)
