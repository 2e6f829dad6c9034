"""The verb lexicon (``ontology/lexicon.tsv``): verb lemma (+ preposition) -> predicate."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import LEXICON_FILE, ontology_path
from graphbuild.vocab.terms import Predicate

DIRECT = "-"


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: dict[tuple[str, str], Predicate]

    def predicate(self, lemma: str, prep: str = DIRECT) -> Predicate | None:
        """Predicate for a verb lemma with its object's preposition (``-`` for a direct object)."""
        return self.entries.get((lemma.lower(), prep.lower()))

    def knows(self, lemma: str) -> bool:
        return any(k[0] == lemma.lower() for k in self.entries)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    path = ontology_path(LEXICON_FILE)
    entries: dict[tuple[str, str], Predicate] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                raise OntologyError(f"{path}:{n}: expected lemma<TAB>predicate<TAB>prep")
            try:
                pred = Predicate(cols[1])
            except ValueError as exc:
                raise OntologyError(f"{path}:{n}: {cols[1]!r} is not an ontology predicate") from exc
            entries[(cols[0].lower(), cols[2].lower() or DIRECT)] = pred
    return Lexicon(entries)
