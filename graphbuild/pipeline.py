"""Wiring of the stages: ingest -> nlp + extract -> resolve, streamed in batches.

Library functions here are what the CLI and notebooks call. Memory stays flat however many
articles there are: documents are read lazily, processed one batch at a time (in this process
or in ``config.workers`` processes), and each :class:`DocumentGraph` is handed on as soon as its
batch is done. Only counts (and a bounded sample of skipped inputs) are kept.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from graphbuild.config import Config
from graphbuild.errors import ExtractionError
from graphbuild.ingest import Failure, expand_inputs, iter_documents
from graphbuild.model.limits import cap_relations
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.model.text import for_terminal
from graphbuild.resolve.document import resolve_document

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# Skipped inputs beyond this many are counted but not kept: a run over millions of broken files
# must not grow without bound.
MAX_FAILURES_KEPT = 1000
# JSONL inputs up to this size are line-counted for the progress total (a fast byte scan).
_COUNT_JSONL_BYTES = 256 * 1024 * 1024


@dataclass
class ExtractReport:
    """What a run did: counts, and the skipped inputs with their reasons.

    ``failures`` keeps the first :data:`MAX_FAILURES_KEPT` skips; ``failed`` counts them all.

    >>> r = ExtractReport()
    >>> r.add_failure(Failure("a.txt", "empty or whitespace-only"))
    >>> r.failed, r.summary()
    (1, '0 documents, 0 words, 0 entities, 0 relations; 1 inputs skipped')
    """

    documents: int = 0
    words: int = 0
    relations: int = 0
    entities: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0

    @property
    def failed(self) -> int:
        return max(self.skipped, len(self.failures))

    @property
    def processed(self) -> int:
        """Articles handled so far, extracted or skipped (the position of a progress bar)."""
        return self.documents + self.failed

    def add_failure(self, failure: Failure) -> None:
        self.skipped = self.failed + 1
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(failure)

    def add_graph(self, dg: DocumentGraph) -> None:
        self.documents += 1
        self.words += dg.document.n_words
        self.relations += len(dg.relations)
        self.entities += len(dg.entities)

    def merge(self, other: ExtractReport) -> None:
        """Add another run's counts (e.g. one partition of a distributed run)."""
        skipped = self.failed + other.failed
        self.documents += other.documents
        self.words += other.words
        self.relations += other.relations
        self.entities += other.entities
        room = MAX_FAILURES_KEPT - len(self.failures)
        self.failures.extend(other.failures[:max(room, 0)])
        self.skipped = skipped

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.words:,} words, {self.entities} entities, "
                f"{self.relations} relations; {self.failed} inputs skipped")


# -- one batch -------------------------------------------------------------------------------

def doc_graph_from_spacy(document: Document, doc) -> DocumentGraph:
    """Model records from a processed spaCy Doc (spaCy objects stop here)."""
    from graphbuild.extract.component import doc_mentions

    return resolve_document(document, doc_mentions(doc), doc._.gb_relations or [])


def _make_doc(nlp: Language, document: Document):
    """Tokenise and stamp the document id *before* the components run, so relation records
    carry it from the start."""
    from spacy.tokens import Doc

    from graphbuild.extract.qualifiers import PUBLISHED_EXTENSION, install_extensions

    install_extensions()
    doc = nlp.make_doc(document.text)
    if Doc.has_extension("gb_doc_id"):
        doc._.gb_doc_id = document.id
    doc._.set(PUBLISHED_EXTENSION, document.published)  # relative dates resolve against it
    return doc


def graph_batch(nlp: Language, documents: Sequence[Document],
                on_error: str = "skip") -> list[DocumentGraph | Failure]:
    """One batch of documents -> one DocumentGraph (or Failure) per document, in order.

    The whole batch goes through ``nlp.pipe`` as one spaCy batch, so results do not depend on
    which process runs it. If the model fails, the batch is retried one document at a time and
    only the documents that fail are skipped, each with its reason.
    """
    try:
        stream = nlp.pipe(((_make_doc(nlp, d), d) for d in documents), as_tuples=True,
                          batch_size=max(len(documents), 1))
        return [_bounded(doc_graph_from_spacy(d, doc)) for doc, d in stream]
    except Exception as exc:  # any model/component error: isolate the bad document below
        if on_error == "raise":
            raise ExtractionError(f"the NLP pipeline failed on a batch: {exc}") from exc
    out: list[DocumentGraph | Failure] = []
    for d in documents:
        try:
            out.append(_bounded(doc_graph_from_spacy(d, nlp(_make_doc(nlp, d)))))
        except Exception as exc:  # counted as a skip with its reason, never swallowed silently
            out.append(Failure(d.path or d.id, f"the NLP pipeline failed: {type(exc).__name__}: {exc}"))
    return out


def _bounded(dg: DocumentGraph) -> DocumentGraph:
    """Per-article caps on statements (see :mod:`graphbuild.model.limits`)."""
    return cap_relations(dg)[0]


# -- one pipeline per process ----------------------------------------------------------------

_PIPELINES: dict[tuple[str, int], Language] = {}
_PIPELINES_LOCK = threading.Lock()


def cached_pipeline(config: Config) -> Language:
    """The spaCy pipeline for ``config``, loaded once per process (and per thread: spaCy
    pipelines are not shared between threads). Worker processes of ``--workers`` and Dask
    workers call this, so each loads the model once."""
    from graphbuild.nlp.model import load_pipeline

    key = (config.nlp_key(), threading.get_ident())
    with _PIPELINES_LOCK:
        nlp = _PIPELINES.get(key)
    if nlp is None:
        nlp = load_pipeline(config)
        with _PIPELINES_LOCK:
            _PIPELINES[key] = nlp
    return nlp


# -- worker processes (--workers N) ----------------------------------------------------------

_WORKER: dict[str, object] = {}


def _init_worker(config: Config, nlp: Language | None) -> None:
    import signal

    from graphbuild.nlp.extensions import install_extensions

    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool, so
    # workers do not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    # a pipeline that arrives pickled brings its components, not the Doc extensions they
    # install when they are built
    install_extensions()
    _WORKER["config"] = config
    _WORKER["nlp"] = nlp if nlp is not None else cached_pipeline(config)


def _worker_batch(documents: list[Document]) -> list[tuple | Failure]:
    """Runs in a worker process. Graphs travel back without the document text (the parent
    still holds the Document), which halves what is pickled."""
    config: Config = _WORKER["config"]  # type: ignore[assignment]
    out: list[tuple | Failure] = []
    for item in graph_batch(_WORKER["nlp"], documents, config.on_error):  # type: ignore[arg-type]
        out.append(item if isinstance(item, Failure) else (item.entities, item.relations, item.mentions))
    return out


def _parallel(batches: Iterator[list[Document]], config: Config, nlp: Language | None
              ) -> Iterator[tuple[list[Document], list[DocumentGraph | Failure]]]:
    """Batches through ``config.workers`` processes, results in input order; at most two
    batches per worker are in flight, so reading never runs ahead of processing."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context(_start_method())
    if ctx.get_start_method() == "fork" and nlp is None:
        # forked workers inherit the loaded model (shared pages, no second load or import)
        nlp = cached_pipeline(config)
    window = 2 * config.workers
    pool = ProcessPoolExecutor(config.workers, mp_context=ctx, initializer=_init_worker, initargs=(config, nlp))
    pending: deque = deque()
    try:
        for batch in batches:
            pending.append((batch, pool.submit(_worker_batch, batch)))
            if len(pending) >= window:
                batch_done, fut = pending.popleft()
                yield batch_done, _rebuild(batch_done, fut.result())
        while pending:
            batch_done, fut = pending.popleft()
            yield batch_done, _rebuild(batch_done, fut.result())
    except BrokenProcessPool as exc:
        _stop(pool)
        raise ExtractionError("a worker process died (out of memory?); rerun with fewer "
                              "--workers or a smaller --batch-size") from exc
    except BaseException:
        # Ctrl-C, an error, or the consumer stopped early: do not wait for running batches
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool) -> None:
    """Stop a process pool now. ``ProcessPoolExecutor`` has no public terminate before Python
    3.14, so its worker processes are terminated directly."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _start_method() -> str:
    """``fork`` on Linux when this process runs no other thread: workers start at once with the
    model already loaded, as spaCy's own ``n_process`` does. Otherwise ``spawn`` (forking a
    process that runs threads can copy a held lock into the child); spawned workers load the
    model themselves."""
    import sys

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _rebuild(documents: list[Document], results: list) -> list[DocumentGraph | Failure]:
    return [r if isinstance(r, Failure) else DocumentGraph(d, r[0], r[1], r[2])
            for d, r in zip(documents, results, strict=True)]


# -- streaming -------------------------------------------------------------------------------

def _batched(items: Iterable[Document], n: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def process_documents(documents: Iterable[Document | Failure], nlp: Language | None, config: Config,
                      report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """Run the spaCy pipeline over documents in batches of ``config.batch_size``, in this
    process or in ``config.workers`` processes (same results, same order); failures are counted,
    not raised (unless ``config.on_error == "raise"``).

    ``nlp`` may be None: it is then loaded from ``config`` (once per worker process).
    """
    report = report if report is not None else ExtractReport()
    max_length = nlp.max_length if nlp is not None else config.max_doc_chars

    def admitted() -> Iterator[Document]:
        for item in documents:
            if isinstance(item, Failure):
                _fail(report, config, item)
                continue
            if len(item.text) > max_length:
                _fail(report, config, Failure(item.path or item.id,
                      f"too long for the NLP model ({len(item.text):,} characters > {max_length:,})"))
                continue
            yield item

    batches = _batched(admitted(), config.batch_size)
    if config.workers > 1:
        results: Iterator[tuple[list[Document], list[DocumentGraph | Failure]]] = _parallel(batches, config, nlp)
    else:
        model = nlp if nlp is not None else cached_pipeline(config)
        results = ((b, graph_batch(model, b, config.on_error)) for b in batches)
    for _, graphs in results:
        for item in graphs:
            if isinstance(item, Failure):
                _fail(report, config, item)
                continue
            report.add_graph(item)
            yield item


def _fail(report: ExtractReport, config: Config, failure: Failure) -> None:
    if config.on_error == "raise":
        raise ExtractionError(f"{failure.source}: {failure.reason}")
    report.add_failure(failure)
    log.warning("skipped %s: %s", for_terminal(failure.source), for_terminal(failure.reason))


def extract(inputs: Iterable[str | Path], config: Config | None = None, nlp: Language | None = None,
            report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """Articles (files/folders) -> one DocumentGraph per article, streamed.

    With ``config.workers > 1`` the model runs in that many processes; with ``config.dask``
    (a scheduler address or ``local:N``) partitions of the input files go to Dask workers.
    Every way gives the same graphs in the same order.

    >>> from graphbuild.pipeline import extract   # doctest: +SKIP
    >>> graphs = list(extract(["articles/"]))     # doctest: +SKIP
    """
    config = config or Config()
    if config.dask:
        from graphbuild.distributed import dask_client, iter_graphs

        with dask_client(config.dask) as client:
            yield from iter_graphs(inputs, config, client, report=report)
        return
    yield from process_documents(read_inputs(inputs, config), nlp, config, report)


def read_inputs(inputs: Iterable[str | Path], config: Config) -> Iterator[Document | Failure]:
    """The documents of the inputs, in order: the ingest readers for local files and folders;
    remote URLs and Parquet/CSV tables through :mod:`graphbuild.scale` (same ids and order)."""
    inputs = list(inputs)
    from graphbuild.scale.sources import iter_source_documents, needs_scale_reader

    if needs_scale_reader(inputs):
        from graphbuild.scale.tables import parse_columns

        return iter_source_documents(inputs, config.max_bytes, parse_columns(config.columns))
    return iter_documents(inputs, config.max_bytes)


def extract_texts(texts: Iterable[str], config: Config | None = None, nlp: Language | None = None) -> list[DocumentGraph]:
    """Convenience for notebooks and tests: plain strings -> DocumentGraphs (ids text-1, text-2...)."""
    config = config or Config()
    docs = [Document(id=f"text-{i}", text=t, title=t.strip().split("\n", 1)[0][:300])
            for i, t in enumerate(texts, 1)]
    return list(process_documents(docs, nlp, config))


def count_articles(inputs: Iterable[str | Path]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (for a progress ETA):
    one per .txt/.html file, one per line of .jsonl files up to 256 MB in all; else None."""
    from graphbuild.ingest.readers import JSONL_SUFFIXES
    from graphbuild.scale.sources import needs_scale_reader

    inputs = list(inputs)
    if needs_scale_reader(inputs):  # remote or tabular inputs: not cheap to count here
        return None
    total, jsonl = 0, []
    for path in expand_inputs(inputs):
        if path.suffix.lower() in JSONL_SUFFIXES:
            jsonl.append(path)
        else:
            total += 1
    try:
        if sum(p.stat().st_size for p in jsonl) > _COUNT_JSONL_BYTES:
            return None
        for p in jsonl:
            with p.open("rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""))
    except OSError:
        return None
    return total

