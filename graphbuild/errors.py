"""The error hierarchy: one root, one class per stage. Exit codes live only in the CLI."""

from __future__ import annotations


class GraphbuildError(Exception):
    """Root of every error graphbuild raises on purpose."""


class ConfigError(GraphbuildError):
    """A setting is missing or invalid."""


class IngestError(GraphbuildError):
    """An input could not be read as an article (empty, binary, too large, malformed)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractionError(GraphbuildError):
    """The NLP model or the extraction rules failed on a document."""


class OntologyError(GraphbuildError):
    """A term is not in the ontology (or the ontology files are broken)."""


class SinkError(GraphbuildError):
    """Writing to, or reading from, a store failed."""
