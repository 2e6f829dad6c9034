"""Language data as data: the word lists in ``ontology/wordlists.tsv`` and the verb classes in
``ontology/verb_classes.tsv``, read here and nowhere else.

>>> words = load_wordlists()
>>> "watchdog" in words.get("description"), words.verb_class["woo"]
(True, 'pitched')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import ontology_path

WORDLISTS_FILE = "wordlists.tsv"
VERB_CLASSES_FILE = "verb_classes.tsv"
QUALIFIERS_FILE = "qualifiers.tsv"


@dataclass(frozen=True)
class WordLists:
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    verb_class: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> frozenset[str]:
        try:
            return self.lists[name]
        except KeyError:
            raise OntologyError(f"no word list {name!r} in {WORDLISTS_FILE}") from None

    @property
    def titles(self) -> frozenset[str]:
        return self.get("title")

    @property
    def hedges(self) -> frozenset[str]:
        return self.get("hedge")


def _rows(name: str) -> list[list[str]]:
    path = ontology_path(name)
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.rstrip("\n").split("\t")]
            if len(cols) < 2:
                raise OntologyError(f"{path}:{n}: expected two tab-separated columns")
            rows.append(cols)
    return rows[1:]  # the header line


@lru_cache(maxsize=1)
def load_wordlists() -> WordLists:
    lists: dict[str, set[str]] = {}
    for cols in _rows(WORDLISTS_FILE):
        lists.setdefault(cols[0], set()).add(cols[1].lower())
    classes: dict[str, str] = {}
    for cols in _rows(VERB_CLASSES_FILE):
        lemma, cls = cols[0].lower(), cols[1]
        direction = cols[2] if len(cols) > 2 else ""
        classes.setdefault(lemma, cls + (":inv" if direction == "inv" else ""))
    return WordLists({k: frozenset(v) for k, v in lists.items()}, classes)


@lru_cache(maxsize=1)
def load_qualifier_words() -> dict[str, dict[str, str]]:
    """``ontology/qualifiers.tsv`` as kind -> {word: value}: the words of time and money
    expressions (``since``, ``early``, ``million``, ``£`` -> ``GBP``...).

    >>> load_qualifier_words()["currency"]["£"], load_qualifier_words()["scale"]["bn"]
    ('GBP', '1000000000')
    """
    out: dict[str, dict[str, str]] = {}
    for cols in _rows(QUALIFIERS_FILE):
        out.setdefault(cols[0], {})[cols[1].lower()] = cols[2] if len(cols) > 2 else ""
    return out
