"""What a sink did: every sink's ``write`` returns one of these (sinks raise on failure)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WriteReport:
    sink: str
    documents: int = 0
    documents_skipped: int = 0  # already present with the same content hash
    entities: int = 0
    relations: int = 0  # relation records (evidence) written
    triples: int = 0  # RDF sinks
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.documents} documents", f"{self.entities} entities", f"{self.relations} relations"]
        if self.documents_skipped:
            parts.append(f"{self.documents_skipped} unchanged documents skipped")
        if self.triples:
            parts.append(f"{self.triples} triples")
        return f"{self.sink}: " + ", ".join(parts) + f" in {self.seconds:.2f}s"
