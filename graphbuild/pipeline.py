"""The spaCy pipeline with graphbuild's components: assembled, loaded once per process, run
over one batch of documents.

:func:`load_pipeline` puts the stages' components into a spaCy pipeline (line breaks, gazetteer
ruler, mentions, relations); :func:`graph_batch` turns a batch of Documents into DocumentGraphs.
Streaming, worker processes and Dask sit above this module (:mod:`graphbuild.pool`,
:mod:`graphbuild.distributed`, :mod:`graphbuild.runners`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphbuild.config import Config
from graphbuild.errors import ConfigError, ExtractionError
from graphbuild.ingest import Failure
from graphbuild.model.limits import cap_relations
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.nlp.model import resolve_model_name
from graphbuild.resolve.document import resolve_document

if TYPE_CHECKING:
    from spacy.language import Language

# Skipped inputs beyond this many are counted but not kept: a run over millions of broken files
# must not grow without bound.
MAX_FAILURES_KEPT = 1000


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


# -- assembly --------------------------------------------------------------------------------

def load_pipeline(config: Config) -> Language:
    """spaCy pipeline + gazetteer ruler + ``graphbuild_mentions`` + ``graphbuild_relations``."""
    import spacy

    import graphbuild.nlp.linebreaks  # noqa: F401  (registers the factories)
    import graphbuild.nlp.mentions  # noqa: F401
    from graphbuild.model.gazetteer import load_gazetteer
    from graphbuild.nlp.attributes import match_attributes_by_table
    from graphbuild.nlp.gazetteer import ruler_patterns
    from graphbuild.relations.component import RelationSettings  # registers graphbuild_relations

    name = resolve_model_name(config.model)
    try:
        nlp = spacy.load(name, exclude=["textcat"])
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = config.max_doc_chars
    match_attributes_by_table(nlp)  # the same matches as spaCy's Matcher, a fifth of the time
    _split_abbreviation_compounds(nlp)
    if "parser" in nlp.pipe_names:  # headlines and datelines are their own sentences
        nlp.add_pipe("graphbuild_linebreaks", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler: Any = nlp.add_pipe("entity_ruler", name="graphbuild_gazetteer", before=before,
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(load_gazetteer()))
    nlp.add_pipe("graphbuild_mentions")
    nlp.add_pipe("graphbuild_relations", config=RelationSettings.from_config(config).spacy_config())
    return nlp


def _split_abbreviation_compounds(nlp: Language) -> None:
    """"U.S.-based" -> "U.S." "-" "based", so the place is a token the model can tag."""
    from spacy.util import compile_infix_regex

    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=[A-Z]\.)-(?=[a-z])"]
    tokenizer: Any = nlp.tokenizer  # typed as any callable; here it is spaCy's Tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


# -- one batch -------------------------------------------------------------------------------

def doc_graph_from_spacy(document: Document, doc) -> DocumentGraph:
    """Model records from a processed spaCy Doc (spaCy objects stop here)."""
    from graphbuild.relations.component import doc_mentions

    return resolve_document(document, doc_mentions(doc), doc._.gb_relations or [])


def _make_doc(nlp: Language, document: Document):
    """Tokenise and stamp the document id *before* the components run, so relation records
    carry it from the start."""
    from spacy.tokens import Doc

    from graphbuild.relations.qualifiers import PUBLISHED_EXTENSION, install_extensions

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
    key = (config.nlp_key(), threading.get_ident())
    with _PIPELINES_LOCK:
        nlp = _PIPELINES.get(key)
    if nlp is None:
        nlp = load_pipeline(config)
        with _PIPELINES_LOCK:
            _PIPELINES[key] = nlp
    return nlp


