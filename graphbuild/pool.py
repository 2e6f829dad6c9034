"""Documents through the spaCy pipeline in batches: in this process or in a pool of worker
processes (``config.workers``), same results in the same order.

Memory stays flat however many articles there are: documents are read lazily, processed one
batch at a time, and each :class:`DocumentGraph` is handed on as soon as its batch is done.
Only counts (and a bounded sample of skipped inputs) are kept.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from graphbuild.config import Config
from graphbuild.errors import ExtractionError
from graphbuild.ingest import Failure
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.model.text import for_terminal
from graphbuild.pipeline import ExtractReport, cached_pipeline, graph_batch

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


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

