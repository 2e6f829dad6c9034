"""The public runners: articles (files, folders, URLs, tables) -> DocumentGraphs, streamed.

Library functions here are what the CLI and notebooks call. :func:`extract` runs the pipeline
in this process, in ``config.workers`` processes (:mod:`graphbuild.pool`) or on a Dask cluster
(:mod:`graphbuild.distributed`); every way gives the same graphs in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from graphbuild.config import Config
from graphbuild.ingest import Failure, expand_inputs, iter_documents
from graphbuild.model.records import Document, DocumentGraph
from graphbuild.pipeline import ExtractReport
from graphbuild.pool import process_documents

if TYPE_CHECKING:
    from spacy.language import Language

# JSONL inputs up to this size are line-counted for the progress total (a fast byte scan).
_COUNT_JSONL_BYTES = 256 * 1024 * 1024


def extract(inputs: Iterable[str | Path], config: Config | None = None, nlp: Language | None = None,
            report: ExtractReport | None = None) -> Iterator[DocumentGraph]:
    """Articles (files/folders) -> one DocumentGraph per article, streamed.

    With ``config.workers > 1`` the model runs in that many processes; with ``config.dask``
    (a scheduler address or ``local:N``) partitions of the input files go to Dask workers.
    Every way gives the same graphs in the same order.

    >>> from graphbuild.runners import extract    # doctest: +SKIP
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
                total += sum(chunk.count(b"\n") for chunk in iter(partial(fh.read, 1 << 20), b""))
    except OSError:
        return None
    return total

