"""Inputs as sources, partitions of records, and the readers of one partition.

A source is a file or URL of one kind: ``file`` (one article: .txt, .html), ``jsonl`` (one
article per line) or ``table`` (Parquet/CSV, one article per row, see
:mod:`graphbuild.scale.tables`). Partitions are made from the records, not the files:

* ``jsonl``: byte ranges of about ``partition_bytes``; a line belongs to the range holding its
  first byte, so a reader seeks to ``start - 1``, skips to the end of that line, and reads the
  lines that *start* before ``end`` (no line is lost or read twice, whatever the range ends);
* ``table``: groups of the table's dask partitions (row groups);
* ``file``: runs of consecutive files, as before.

Line (row) numbers and document ids must equal a one-process run, where a line without an
``id`` is ``<stem>-<line>`` and a repeated id gets ``-2``, ``-3``... in input order. A first
pass (:func:`scan`, one cheap task per partition: no NLP) counts each range's lines and reports
the ids it holds; the driver then numbers the lines, de-duplicates the ids over the whole input
and *pins* the renamed ones in the partition (:func:`settle`). The same pass gives the content
hashes, so ``build`` drops articles already in the store before they are parsed.

>>> partition_bytes(total=80 * 2**20, n_workers=2)
2621440
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graphbuild.errors import IngestError
from graphbuild.ingest import Failure
from graphbuild.ingest.ids import IdRegistry, clean_id, source_key
from graphbuild.ingest.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    SUFFIXES,
    TEXT_SUFFIXES,
    checked_date,
    decode,
    html_to_text,
    jsonl_document,
    read_file,
    record_document,
    split_plain_text,
)
from graphbuild.model.records import Document
from graphbuild.scale import remote, tables

MIN_PARTITION_BYTES = 256 * 1024
MAX_PARTITION_BYTES = 64 * 1024 * 1024
PARTITIONS_PER_WORKER = 16


def partition_bytes(total: int, n_workers: int, configured: int = 0) -> int:
    """Bytes per partition: ``configured``, else about sixteen partitions per worker (so the
    workers stay busy to the end and a lost task costs little), between 256 KiB and 64 MiB."""
    if configured > 0:
        return configured
    return min(max(total // (PARTITIONS_PER_WORKER * max(n_workers, 1)), MIN_PARTITION_BYTES),
               MAX_PARTITION_BYTES)


# -- sources ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Source:
    path: str  # an absolute local path or a URL
    kind: str  # file | jsonl | table


def _kind(path: str) -> str:
    suffix = Path(path.split("?", 1)[0]).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in tables.TABLE_SUFFIXES:
        return "table"
    return "file"


def expand_sources(inputs: Iterable[str | Path], resolve: bool = True) -> list[Source]:
    """Files named (articles, JSONL, tables), and the article and JSONL files inside folders
    named, in the order a one-process run reads them (folders recursively, sorted). Tables are
    read when named: a stray ``notes.csv`` in a folder of articles is not an input."""
    out: list[Source] = []
    for item in inputs:
        text = str(item)
        if remote.is_remote(text):
            out.extend(Source(u, _kind(u)) for u in remote.expand(text, SUFFIXES))
            continue
        p = Path(item)
        files = ([f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES
                  and not f.name.startswith(".")] if p.is_dir() else [p])
        out.extend(Source(str(f.resolve() if resolve else f), _kind(str(f))) for f in files)
    return out


def needs_scale_reader(inputs: Iterable[str | Path]) -> bool:
    """True when the inputs hold a remote path or a table, which the plain ingest readers do
    not read (a one-process run then reads through :func:`iter_source_documents`)."""
    items = [str(i) for i in inputs]
    if any(remote.is_remote(i) for i in items):
        return True
    return any(s.kind == "table" for s in expand_sources(items, resolve=False))


# -- partitions ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Partition:
    """One task's records. ``ids`` pins ids renamed by input-wide de-duplication, keyed by the
    record's position (a file's path, a line or row number); ``skip`` lists positions of
    articles already stored unchanged (dropped before parsing)."""

    index: int
    paths: tuple[str, ...]
    ids: tuple[tuple[Any, str], ...] = ()
    kind: str = "file"
    start: int = 0  # jsonl: first byte; table: first dask partition
    end: int = 0  # jsonl: end byte (exclusive); table: end dask partition
    first: int = 1  # number of the first line/row in the range (known after the scan)
    wanted: int = 1  # table: partitions asked of a CSV file
    columns: tuple[tuple[str, str], ...] = ()
    skip: tuple[Any, ...] = ()


def plan_files(files: list[str], n_workers: int, files_per_partition: int = 0) -> list[list[str]]:
    """Runs of files: about eight partitions per worker, at most 128 files each."""
    if not files:
        return []
    size = files_per_partition or min(max(1, -(-len(files) // (8 * max(n_workers, 1)))), 128)
    return [files[k:k + size] for k in range(0, len(files), size)]


def plan(sources: list[Source], n_workers: int, *, files_per_partition: int = 0,
         bytes_per_partition: int = 0, columns: dict[str, str] | None = None) -> list[Partition]:
    """Partitions of the sources in input order (ids not yet settled: see :func:`settle`)."""
    columns = columns or {}
    sizes = {s.path: remote.size(s.path) for s in sources if s.kind != "file"}
    per = partition_bytes(sum(sizes.values()), n_workers, bytes_per_partition)
    out: list[Partition] = []
    run: list[str] = []

    def flush() -> None:
        for chunk in plan_files(run, n_workers, files_per_partition):
            out.append(Partition(len(out), tuple(chunk)))
        run.clear()

    for s in sources:
        if s.kind == "file":
            run.append(s.path)
            continue
        flush()
        if s.kind == "jsonl":
            size = sizes[s.path]
            for a in range(0, max(size, 1), per):
                out.append(Partition(len(out), (s.path,), kind="jsonl", start=a, end=min(a + per, size)))
        else:
            wanted = max(1, -(-sizes[s.path] // per))
            for a, b in tables.plan(s.path, columns, per):
                out.append(Partition(len(out), (s.path,), kind="table", start=a, end=b,
                                     wanted=wanted, columns=tuple(sorted(columns.items()))))
    flush()
    return out


# -- reading one partition -------------------------------------------------------------------

Item = tuple[Any, "Document | Failure | None", bool]  # (position, document or failure, has own id)


def _jsonl_lines(p: Partition) -> Iterator[tuple[int, bytes]]:
    """(local line number from 1, raw line) of the lines that start inside the byte range."""
    with remote.open_file(p.paths[0], "rb") as fh:
        pos = p.start
        if pos > 0:
            fh.seek(pos - 1)
            pos += len(fh.readline()) - 1
        n = 0
        while pos < p.end:
            raw = fh.readline()
            if not raw:
                return
            pos += len(raw)
            n += 1
            yield n, raw


def _records(p: Partition, max_bytes: int) -> Iterator[Item]:
    """Every record of the partition with its position; ``None`` for a blank line (it still
    counts as a line)."""
    if p.kind == "file":
        for path in p.paths:
            try:
                for doc in _read_one_file(path, max_bytes):
                    yield path, doc, False
            except IngestError as exc:
                yield path, Failure(exc.source, exc.reason), False
        return
    path = p.paths[0]
    stem = Path(path.split("?", 1)[0]).stem
    if p.kind == "jsonl":
        for k, raw in _jsonl_lines(p):
            n = p.first + k - 1
            if not raw.strip():
                yield n, None, False
                continue
            try:
                doc = jsonl_document(raw, f"{path}:{n}", f"{stem}-{n}", max_bytes)
                yield n, doc, _has_own_id(raw)
            except IngestError as exc:
                yield n, Failure(exc.source, exc.reason), False
        return
    for k, row in enumerate(tables.rows(path, dict(p.columns), (p.start, p.end), p.wanted), 1):
        n = p.first + k - 1
        try:
            yield n, record_document(row, f"{path}:{n}", f"{stem}-{n}"), bool(row.get("id"))
        except IngestError as exc:
            yield n, Failure(exc.source, exc.reason), False


def _has_own_id(raw: bytes) -> bool:
    import json

    obj = json.loads(raw)
    return bool(obj.get("id"))


def _read_one_file(path: str, max_bytes: int) -> Iterator[Document]:
    """One article file, local or remote (the same rules as :func:`graphbuild.ingest.read_file`)."""
    if not remote.is_remote(path):
        yield from read_file(Path(path), max_bytes)
        return
    try:
        if remote.size(path) > max_bytes:
            raise IngestError(path, f"too large (> limit {max_bytes:,} bytes); raise --max-bytes to read it")
        with remote.open_file(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise IngestError(path, f"unreadable: {exc}") from exc
    text = decode(data, path, max_bytes)
    suffix = Path(path.split("?", 1)[0]).suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        text, meta = html_to_text(text, path)
    else:
        text, meta = split_plain_text(text)
    if not text.strip():
        raise IngestError(path, "no text left after removing the source line")
    meta["published"] = checked_date(meta.get("published", ""), path)
    yield Document(id=clean_id(Path(path.split("?", 1)[0]).stem), text=text, path=path, **meta)


def _renamed(doc: Document, new_id: str) -> Document:
    return Document(id=new_id, text=doc.text, title=doc.title, source=doc.source, url=doc.url,
                    published=doc.published, path=doc.path)


def partition_documents(p: Partition, max_bytes: int,
                        on_skip: Callable[[], None] | None = None) -> Iterator[Document | Failure]:
    """The documents of a settled partition, with pinned ids; positions in ``skip`` (already
    stored, unchanged) are dropped before any parsing and reported to ``on_skip``."""
    ids, skip = dict(p.ids), set(p.skip)
    for pos, item, _ in _records(p, max_bytes):
        if item is None:
            continue
        if pos in skip and isinstance(item, Document):
            if on_skip is not None:
                on_skip()
            continue
        if isinstance(item, Document) and pos in ids and ids[pos] != item.id:
            item = _renamed(item, ids[pos])
        yield item


# -- first pass: numbering, ids, hashes ------------------------------------------------------

@dataclass
class Scan:
    """What the first pass saw in one partition: its record count and, per document, the
    position, its own id (None: the default ``<stem>-<n>``, known once lines are numbered) and
    its content hash."""

    records: int = 0
    docs: list[tuple[Any, str | None, str]] = field(default_factory=list)


def scan(p: Partition, max_bytes: int, hashes: bool = False) -> Scan:
    """Task: the first pass over one partition (no NLP). File partitions are not read unless
    ``hashes`` is asked for: their ids come from their names."""
    out = Scan()
    if p.kind == "file" and not hashes:
        out.records = len(p.paths)
        out.docs = [(path, clean_id(Path(path.split("?", 1)[0]).stem), "") for path in p.paths]
        return out
    for pos, item, own in _records(p, max_bytes):
        out.records += 1
        if isinstance(item, Document):
            out.docs.append((pos, item.id if own or p.kind == "file" else None,
                             item.content_hash if hashes else ""))
    return out


def settle(partitions: list[Partition], scans: list[Scan],
           is_stored: Callable[[str, str], bool] | None = None) -> tuple[list[Partition], int]:
    """Number the lines of each JSONL/table source across its partitions, de-duplicate ids
    over the whole input (``x``, ``x~hash``... in input order, as one process does), and mark the
    articles ``is_stored(id, hash)`` says are unchanged. Returns the partitions and how many
    articles will be skipped as unchanged."""
    ids = IdRegistry()
    nxt: dict[str, int] = {}  # source -> number of its next line/row
    out, unchanged = [], 0
    for p, s in zip(partitions, scans, strict=True):
        first = 1
        if p.kind != "file":
            first = nxt.get(p.paths[0], 1)
            nxt[p.paths[0]] = first + s.records
        stem = Path(p.paths[0].split("?", 1)[0]).stem
        pins, skip = [], []
        for pos, own, digest in s.docs:
            if p.kind == "file":
                natural, where = own or "", str(pos)
            else:
                pos = first + pos - 1  # the scan numbered the range's lines from 1
                natural = own if own is not None else clean_id(f"{stem}-{pos}")
                where = f"{p.paths[0]}:{pos}"
            final = ids.assign(natural, source_key(where), where)
            if final != natural:
                pins.append((pos, final))
            if is_stored is not None and digest and is_stored(final, digest):
                skip.append(pos)
        unchanged += len(skip)
        out.append(replace(p, first=first, ids=tuple(pins), skip=tuple(skip)))
    return out, unchanged


def iter_source_documents(inputs: Iterable[str | Path], max_bytes: int = 5_000_000,
                          columns: dict[str, str] | None = None) -> Iterator[Document | Failure]:
    """One-process reading of any inputs (local or remote files, JSONL, tables), with the same
    numbering and ids as the partitioned reading."""
    from graphbuild.ingest.readers import assign_id

    ids = IdRegistry()
    for s in expand_sources(inputs, resolve=False):
        if s.kind == "table":
            parts = [Partition(0, (s.path,), kind="table", start=a, end=b,
                               columns=tuple(sorted((columns or {}).items())))
                     for a, b in tables.plan(s.path, columns or {}, MAX_PARTITION_BYTES)]
        elif s.kind == "jsonl":
            parts = [Partition(0, (s.path,), kind="jsonl", start=0, end=remote.size(s.path))]
        else:
            parts = [Partition(0, (s.path,))]
        first = 1
        for p in parts:
            count = 0
            for _, item, _ in _records(replace(p, first=first), max_bytes):
                count += 1
                if item is None:
                    continue
                if isinstance(item, Document):
                    item = assign_id(item, ids)
                yield item
            first += count
