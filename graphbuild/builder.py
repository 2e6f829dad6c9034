"""``build``: articles -> extraction -> cross-article resolution -> the embedded store.

The three steps are composed here: the store writes what it is given, the resolver reads what
the store already holds through a narrow read interface
(:class:`graphbuild.resolve.corpus.EntityIndex`).

Memory does not grow with the number of articles: documents stream through the pipeline and
are written in batches (one transaction each). A build is resumable and incremental: an article
already in the store with the same content hash is filtered out *before* it is parsed, so
re-running an interrupted build finishes the job, and re-running a finished one changes
nothing. A new article adds its assertions and sources to the edges already there.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.config import Config
from graphbuild.ingest import Failure
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.model.text import for_terminal
from graphbuild.pipeline import ExtractReport
from graphbuild.pool import process_documents
from graphbuild.resolve.corpus import CorpusResolver, EntityIndex
from graphbuild.review.commands import replay_review
from graphbuild.review.store import ReviewReport
from graphbuild.runners import read_inputs
from graphbuild.sinks.report import WriteReport
from graphbuild.sinks.store import GraphStore

log = logging.getLogger("graphbuild.ingest")


@dataclass
class BuildReport:
    """What a build did: extraction counts and skips, and what the store received."""

    extract: ExtractReport = field(default_factory=ExtractReport)
    write: WriteReport = field(default_factory=lambda: WriteReport(sink="oxigraph"))
    unchanged: int = 0  # articles already in the store with the same text, not parsed again
    replaced: int = 0  # articles whose id was stored with another text: the new text replaced it
    review: ReviewReport | None = None  # review decisions replayed after the write
    store_quads: int = 0
    seconds: float = 0.0

    @property
    def failures(self) -> list[Failure]:
        return self.extract.failures

    def summary(self) -> str:
        w = self.write
        parts = [f"{w.documents} articles added", f"{self.unchanged + w.documents_skipped} unchanged",
                 *([f"{self.replaced} replaced an earlier text with the same id"] if self.replaced else []),
                 f"{self.extract.failed} skipped", f"{w.relations} assertions",
                 f"{w.entities} entities touched", f"store holds {self.store_quads:,} quads"]
        text = ", ".join(parts) + f" ({self.seconds:.1f}s)" + "".join(f"; {n}" for n in w.notes)
        if self.review is not None and self.review.decisions:
            text += f"; {self.review.summary()}"
        return text


def build(inputs: Iterable[str | Path], store_path: str | Path | None, config: Config | None = None,
          report: BuildReport | None = None,
          progress: Callable[[Iterator[DocumentGraph]], Iterable[DocumentGraph]] | None = None) -> BuildReport:
    """Extract articles and add them to the store at ``store_path`` (created if missing).

    ``report`` (optional) is filled as the build goes, so a caller still has the counts after
    an interruption; ``progress`` wraps the stream of extracted documents (e.g. a tqdm bar).

    >>> from graphbuild.builder import build                     # doctest: +SKIP
    >>> print(build(["articles/"], "graph/").summary())        # doctest: +SKIP
    3 articles added, 0 unchanged, 0 skipped, ...
    """
    config = config or Config()
    report = report if report is not None else BuildReport()
    started = time.perf_counter()
    with GraphStore(store_path, batch_size=config.batch_size) as store:
        graphs = _extract_new(inputs, config, store, report)
        if progress is not None:
            graphs = iter(progress(graphs))
        written = write_resolved(store, graphs, corpus_resolver(store, config))
        _add(report.write, written)
        # review decisions are replayed after every write: re-extraction cannot undo them
        report.review = replay_review(store, store_path, config)
        report.store_quads = len(store)
    report.seconds = time.perf_counter() - started
    return report


def corpus_resolver(index: EntityIndex, config: Config) -> CorpusResolver:
    """The cross-article resolver of a build: the shipped gazetteer plus ``config.gazetteers``."""
    from graphbuild.resolve.gazetteer import curated_entries

    return CorpusResolver(index, curated_entries(config.gazetteers))


def write_resolved(store: GraphStore, doc_graphs: Iterable[DocumentGraph],
                   resolver: CorpusResolver | None = None) -> WriteReport:
    """Resolve documents across articles, against each other and what ``store`` holds, and
    write them: ``store.batch_size`` documents at a time, resolved together, written in one
    transaction, then committed in the resolver (so its overlay of new entities stays small).

    Documents already stored with the same content hash are skipped before they are resolved;
    a second version of a document in one batch closes the batch first. ``resolver`` defaults
    to one over the shipped gazetteer that reads ``store``.

    >>> from graphbuild.sinks.store import GraphStore
    >>> with GraphStore(None) as store:
    ...     write_resolved(store, []).documents
    0
    """
    started = time.perf_counter()
    resolver = resolver if resolver is not None else CorpusResolver(store)
    report = WriteReport(sink="oxigraph")
    batch: list[DocumentGraph] = []
    ids: set[str] = set()

    def flush() -> None:
        if batch:
            _add(report, store.write([resolver.resolve(dg) for dg in batch]))
            resolver.commit()
            batch.clear()
            ids.clear()

    for dg in doc_graphs:
        doc = dg.document
        if doc.id in ids:
            flush()
        if store.has_document(doc.id, doc.content_hash):
            report.documents_skipped += 1
            continue
        batch.append(dg)
        ids.add(doc.id)
        if len(batch) >= store.batch_size:
            flush()
    flush()
    if resolver.stats.merged:
        report.notes.append(f"{resolver.stats.merged} entities joined a node of another article")
    if resolver.stats.ambiguous:
        report.notes.append(f"{resolver.stats.ambiguous} entities matched several nodes and were kept apart "
                            "(list them: graphbuild entities --ambiguous)")
    report.seconds = time.perf_counter() - started
    return report


def _extract_new(inputs: Iterable[str | Path], config: Config, store: GraphStore,
                 report: BuildReport) -> Iterator[DocumentGraph]:
    """Documents not yet in the store, extracted. Unchanged ones are dropped before the NLP
    stage (with Dask, the workers' first pass reports the content hashes and the partitions
    skip the stored ones)."""
    if config.dask:
        from graphbuild.distributed import dask_client, iter_graphs

        def planned(n: int) -> None:
            report.unchanged += n

        with dask_client(config.dask) as client:
            yield from iter_graphs(inputs, config, client, report=report.extract,
                                   is_stored=store.has_document, on_plan=planned)
        return

    def new_documents() -> Iterator[Document | Failure]:
        for item in read_inputs(inputs, config):
            if isinstance(item, Document):
                if store.has_document(item.id, item.content_hash):
                    report.unchanged += 1
                    continue
                if _stored_id(store, item.id):
                    report.replaced += 1
                    log.warning("%s: replaces the stored article %s (its text changed)",
                                for_terminal(item.path), item.id)
            yield item

    yield from process_documents(new_documents(), None, config, report.extract)


def _stored_id(store: GraphStore, doc_id: str) -> bool:
    from graphbuild.sinks import rdf as r

    return any(True for _ in store.oxigraph.quads_for_pattern(r.document_node(doc_id), None, None,
                                                              r.graph_node(doc_id)))


def _add(total: WriteReport, part: WriteReport) -> None:
    total.documents += part.documents
    total.documents_skipped += part.documents_skipped
    total.entities += part.entities
    total.relations += part.relations
    total.triples += part.triples
    total.seconds += part.seconds
    total.notes.extend(part.notes)
