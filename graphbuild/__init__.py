"""graphbuild: knowledge graphs of corporate and government relationships from news articles.

The public API is loaded lazily (no model, ontology or store is touched at import time):

* ``graphbuild.build(inputs, store_path, config=None)`` -> :class:`graphbuild.builder.BuildReport`
* ``graphbuild.extract(inputs, config=None)`` -> DocumentGraphs, streamed. Each input is a
  file, folder or URL of articles, a :class:`graphbuild.model.Document`, or the text of an
  article: a string that is not an existing path and contains a space or a line break.
* ``graphbuild.extract_texts(texts_or_documents, config=None)`` -> a list of DocumentGraphs
* ``graphbuild.GraphStore(path)`` -> the embedded SPARQL store
* ``graphbuild.to_networkx(store_or_kg)`` -> ``networkx.MultiDiGraph``

No public name is also a module name (the build runner lives in ``graphbuild.builder``, the
relation extraction stage in ``graphbuild.relations``), so importing a submodule never
replaces a function of the package.

>>> import graphbuild
>>> sorted(graphbuild.__all__)
['GraphStore', '__version__', 'build', 'extract', 'extract_texts', 'to_networkx']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    from spacy.language import Language

    from graphbuild.builder import BuildReport
    from graphbuild.config import Config
    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.model.records import Document, DocumentGraph
    from graphbuild.pipeline import ExtractReport
    from graphbuild.sinks.store import GraphStore

__all__ = ["GraphStore", "__version__", "build", "extract", "extract_texts", "to_networkx"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("graphbuild")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


__version__ = _version()

def _is_text(item: str) -> bool:
    """A string is the text of an article, not a path, when it names nothing on disk or on the
    network and reads like prose (a space or a line break)."""
    if "\n" in item:
        return True
    from graphbuild.scale.remote import is_remote

    if is_remote(item):
        return False
    try:
        if os.path.exists(item):
            return False
    except (OSError, ValueError):  # too long or a NUL byte for a file name: not a path
        return True
    return any(c.isspace() for c in item)


def _text_document(text: str, n: int) -> Document:
    from graphbuild.model.records import Document

    return Document(id=f"text-{n}", text=text, title=text.strip().split("\n", 1)[0][:300])


def build(inputs: Iterable[str | Path], store_path: str | Path | None, config: Config | None = None,
          report: BuildReport | None = None,
          progress: Callable[[Iterator[DocumentGraph]], Iterable[DocumentGraph]] | None = None) -> BuildReport:
    """Extract articles and add them to the store at ``store_path``: see
    :func:`graphbuild.builder.build` (same arguments).

    >>> import graphbuild                                                    # doctest: +SKIP
    >>> print(graphbuild.build(["articles/"], "graph/").summary())           # doctest: +SKIP
    3 articles added, 0 unchanged, 0 skipped, ...
    """
    from graphbuild import builder

    return builder.build(inputs, store_path, config, report=report, progress=progress)


def extract(inputs: Iterable[str | Path | Document] | str | Document, config: Config | None = None,
                nlp: Language | None = None, report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """Relations of articles given as paths, URLs, ``Document`` records or texts, streamed in
    input order, one :class:`DocumentGraph` per article.

    A ``str`` that is not an existing path or a URL and contains a space or a line break is the
    text of an article (id ``text-N``, N counting the texts from 1); any other string is a file,
    folder or URL, and one that does not exist is reported as a skipped input. A single string
    or ``Document`` may be passed without a list.

    >>> import graphbuild                                                    # doctest: +SKIP
    >>> [(r.subject, r.predicate.value, r.object)                            # doctest: +SKIP
    ...  for g in graphbuild.extract(["Amazon pitched the FBI.", "articles/"]) for r in g.relations]
    [('amazon', 'pitched', 'us-fbi'), ...]
    """
    from graphbuild.config import Config
    from graphbuild.model.records import Document
    from graphbuild.pool import process_documents
    from graphbuild.runners import extract as extract_paths
    from graphbuild.runners import read_inputs

    config = config or Config()
    if isinstance(inputs, str | Path | Document):
        inputs = [inputs]
    items = list(inputs)
    if not any(isinstance(i, Document) or (isinstance(i, str) and _is_text(i)) for i in items):
        paths = [i for i in items if not isinstance(i, Document)]
        yield from extract_paths(paths, config, nlp=nlp, report=report)  # paths only: every runner
        return

    def documents() -> Iterator[Any]:
        texts = 0
        for item in items:
            if isinstance(item, Document):
                yield item
            elif isinstance(item, str) and _is_text(item):
                texts += 1
                yield _text_document(item, texts)
            else:
                yield from read_inputs([item], config)

    yield from process_documents(documents(), nlp, config, report)


def extract_texts(texts: Iterable[str | Document] | str, config: Config | None = None,
                  nlp: Language | None = None) -> list[DocumentGraph]:
    """Texts of articles (or ``Document`` records) -> one DocumentGraph each, in order. Every
    string is a text here, never a path (ids ``text-1``, ``text-2``, ...).

    >>> import graphbuild                                                   # doctest: +SKIP
    >>> graphs = graphbuild.extract_texts(["Amazon pitched the FBI.",        # doctest: +SKIP
    ...                                    "ICE does not have a contract with AWS."])
    >>> [(r.subject, r.predicate.value, r.object, r.negated) for g in graphs for r in g.relations]  # doctest: +SKIP
    [('amazon', 'pitched', 'us-fbi', False), ('us-ice', 'contractedWith', 'aws', True)]
    """
    from graphbuild.config import Config
    from graphbuild.model.records import Document
    from graphbuild.pool import process_documents

    if isinstance(texts, str):
        texts = [texts]
    docs = [t if isinstance(t, Document) else _text_document(t, n) for n, t in enumerate(texts, 1)]
    return list(process_documents(docs, nlp, config or Config()))


def to_networkx(store_or_kg: GraphStore | KnowledgeGraph | str | Path) -> nx.MultiDiGraph:
    """The graph as a ``networkx.MultiDiGraph`` (see :func:`graphbuild.model.networkx.kg_to_networkx`).

    Accepts a :class:`GraphStore`, a :class:`KnowledgeGraph` or the path of a store; a store is
    read as review leaves it (:func:`graphbuild.review.read.knowledge_graph`).

    >>> import graphbuild
    >>> from graphbuild.model import KnowledgeGraph
    >>> graphbuild.to_networkx(KnowledgeGraph()).number_of_nodes()
    0
    """
    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.review.read import knowledge_graph
    from graphbuild.sinks.store import GraphStore

    if isinstance(store_or_kg, KnowledgeGraph):
        return kg_to_networkx(store_or_kg)
    if isinstance(store_or_kg, GraphStore):
        return kg_to_networkx(knowledge_graph(store_or_kg))
    if isinstance(store_or_kg, str | Path):
        with GraphStore(store_or_kg, read_only=True) as store:
            return kg_to_networkx(knowledge_graph(store))
    raise TypeError(f"expected a GraphStore, KnowledgeGraph or store path, not {type(store_or_kg).__name__}")


def __getattr__(name: str) -> Any:
    if name == "GraphStore":
        from graphbuild.sinks.store import GraphStore

        return GraphStore
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")
