"""The one interface every sink implements: :class:`Sink`.

A sink receives DocumentGraphs that are already resolved across articles (resolution happens
before any sink: :func:`graphbuild.builder.write_resolved`) and writes what it is given. It is
a context manager; ``write`` may be called several times and returns a :class:`WriteReport`
of what that call did; ``close`` finishes the output (a sink that has to see the whole graph
first, such as the neo4j-admin CSV files, writes there) and raises :class:`SinkError` on
failure, like ``write``.

Implementations: :class:`graphbuild.sinks.store.GraphStore` (the embedded store),
:class:`graphbuild.sinks.rdf.RdfFileSink` (N-Quads / N-Triples streams),
:class:`graphbuild.sinks.neo4j.Neo4jSink` and
:class:`graphbuild.sinks.neo4j_csv.Neo4jAdminSink` (neo4j-admin import files).

>>> from graphbuild.sinks.store import GraphStore
>>> with GraphStore(None) as store:
...     isinstance(store, Sink)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from graphbuild.model.records import DocumentGraph
    from graphbuild.sinks.report import WriteReport


@runtime_checkable
class Sink(Protocol):
    """Writes resolved DocumentGraphs somewhere; a context manager that closes on exit."""

    def write(self, graphs: Iterable[DocumentGraph], /) -> WriteReport:
        """Write the graphs as given; returns what was written, raises ``SinkError``."""
        ...

    def close(self) -> None:
        """Finish the output (flush, write what needs the whole graph); idempotent."""
        ...

    def __enter__(self) -> Sink: ...

    def __exit__(self, *exc: object) -> None: ...


__all__ = ["Sink"]
