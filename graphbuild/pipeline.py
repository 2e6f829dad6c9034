"""Wiring of the stages: ingest -> nlp + extract -> resolve, streamed in batches.

Library functions here are what the CLI and notebooks call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from graphbuild.config import Config
from graphbuild.errors import ExtractionError
from graphbuild.ingest import Failure, iter_documents
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.resolve.document import resolve_document

log = logging.getLogger(__name__)


@dataclass
class ExtractReport:
    """What a run did: counts, and every skipped input with its reason."""

    documents: int = 0
    words: int = 0
    relations: int = 0
    entities: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.words:,} words, {self.entities} entities, "
                f"{self.relations} relations; {self.failed} inputs skipped")


def doc_graph_from_spacy(document: Document, doc) -> DocumentGraph:
    """Model records from a processed spaCy Doc (spaCy objects stop here)."""
    from graphbuild.extract.component import doc_mentions

    return resolve_document(document, doc_mentions(doc), doc._.gb_relations or [])


def process_documents(documents: Iterable[Document | Failure], nlp: Language, config: Config,
                      report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """Run the spaCy pipeline over documents in batches; failures are counted, not raised
    (unless ``config.on_error == "raise"``)."""
    report = report if report is not None else ExtractReport()

    def admitted() -> Iterator[tuple[str, Document]]:
        for item in documents:
            if isinstance(item, Failure):
                _fail(report, config, item)
                continue
            if len(item.text) > nlp.max_length:
                _fail(report, config, Failure(item.path or item.id,
                      f"too long for the NLP model ({len(item.text):,} characters > {nlp.max_length:,})"))
                continue
            yield item.text, item

    n_process = config.workers if config.workers > 1 else 1
    stream = nlp.pipe(admitted(), as_tuples=True, batch_size=config.batch_size, n_process=n_process)
    for doc, document in _with_doc_ids(stream):
        dg = doc_graph_from_spacy(document, doc)
        report.documents += 1
        report.words += document.n_words
        report.relations += len(dg.relations)
        report.entities += len(dg.entities)
        yield dg


def _with_doc_ids(stream):
    for doc, document in stream:
        # relation records carry the document id; the component read it before we could set it,
        # so records are re-stamped here when it was missing.
        if not doc._.gb_doc_id:
            doc._.gb_doc_id = document.id
            if doc._.gb_relations:
                from dataclasses import replace

                doc._.gb_relations = [replace(r, evidence=replace(r.evidence, doc_id=document.id))
                                      for r in doc._.gb_relations]
        yield doc, document


def _fail(report: ExtractReport, config: Config, failure: Failure) -> None:
    if config.on_error == "raise":
        raise ExtractionError(f"{failure.source}: {failure.reason}")
    report.failures.append(failure)
    log.warning("skipped %s: %s", failure.source, failure.reason)


def extract(inputs: Iterable[str | Path], config: Config | None = None, nlp: Language | None = None,
            report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """Articles (files/folders) -> one DocumentGraph per article, streamed.

    >>> from graphbuild.pipeline import extract   # doctest: +SKIP
    >>> graphs = list(extract(["articles/"]))     # doctest: +SKIP
    """
    from graphbuild.nlp.model import load_pipeline

    config = config or Config()
    nlp = nlp or load_pipeline(config)
    yield from process_documents(iter_documents(inputs, config.max_bytes), nlp, config, report)


def extract_texts(texts: Iterable[str], config: Config | None = None, nlp: Language | None = None) -> list[DocumentGraph]:
    """Convenience for notebooks and tests: plain strings -> DocumentGraphs (ids text-1, text-2...)."""
    from graphbuild.nlp.model import load_pipeline

    config = config or Config()
    nlp = nlp or load_pipeline(config)
    docs = [Document(id=f"text-{i}", text=t, title=t.strip().split("\n", 1)[0][:300])
            for i, t in enumerate(texts, 1)]
    return list(process_documents(docs, nlp, config))
