"""The word lists of entity resolution (``ontology/name_words.tsv``), read once.

>>> "the" in name_words("determiner")
True
"""

from __future__ import annotations

from functools import lru_cache

from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import NAME_WORDS_FILE, ontology_path

KINDS = ("determiner", "pronoun", "generic")


@lru_cache(maxsize=1)
def _load() -> dict[str, frozenset[str]]:
    path = ontology_path(NAME_WORDS_FILE)
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in out:
            raise OntologyError(f"{path}:{n}: expected 'kind<TAB>word' with kind one of {', '.join(KINDS)}")
        out[parts[0]].add(parts[1].strip().lower())
    return {k: frozenset(v) for k, v in out.items()}


def name_words(kind: str) -> frozenset[str]:
    """The words of one kind: ``determiner``, ``pronoun`` or ``generic``."""
    return _load()[kind]
