"""Language data as data: the word lists in ``ontology/wordlists.tsv`` and the verb classes in
``ontology/verb_classes.tsv``, read here and nowhere else.

Code names a list and never spells its words out. ``WordList("name")`` is a set that reads the
file on first use, so importing a rule module loads nothing; ``WordMap("name")`` is the same for
lists whose rows carry a value in a third column (word -> value). Words are kept exactly as the
file writes them: a list read with ``token.lower_`` holds lower-case words, one compared with
``token.text`` keeps its capitals.

>>> words = load_wordlists()
>>> "ceo" in words.get("title"), words.verb_class["woo"]
(True, 'pitched')
>>> PRONOUNS = WordList("coref_pronoun")
>>> "its" in PRONOUNS, "the" in PRONOUNS
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import ontology_path

WORDLISTS_FILE = "wordlists.tsv"
VERB_CLASSES_FILE = "verb_classes.tsv"
QUALIFIERS_FILE = "qualifiers.tsv"

T = TypeVar("T")
V = TypeVar("V")


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
def _table() -> dict[str, dict[str, str]]:
    """Every list of ``wordlists.tsv`` as name -> {word: value} (value '' for plain lists)."""
    table: dict[str, dict[str, str]] = {}
    for cols in _rows(WORDLISTS_FILE):
        table.setdefault(cols[0], {})[cols[1]] = cols[2] if len(cols) > 2 else ""
    return table


def list_names() -> frozenset[str]:
    """The names of the lists in ``ontology/wordlists.tsv``."""
    return frozenset(_table())


def _entries(name: str) -> dict[str, str]:
    try:
        return _table()[name]
    except KeyError:
        raise OntologyError(f"no word list {name!r} in ontology/{WORDLISTS_FILE}: add its rows "
                            "(list<TAB>word) to that file") from None


def ordered(name: str) -> tuple[str, ...]:
    """The words of a list in file order, for code where order matters (the alternatives of a
    regular expression are tried left to right).

    >>> ordered("coref_pronoun")
    ('it', 'its')
    """
    return tuple(_entries(name))


class WordList(Set[str]):
    """A named list of ``ontology/wordlists.tsv`` as a read-only set, read on first use.

    Several names make one set of their union: ``WordList("group_noun", "country_body")``.

    >>> titles = WordList("title")
    >>> "ceo" in titles, sorted(titles & {"ceo", "banana"})
    (True, ['ceo'])
    """

    __slots__ = ("names", "_words")

    def __init__(self, *names: str) -> None:
        self.names = names
        self._words: frozenset[str] | None = None

    def _load(self) -> frozenset[str]:
        words = frozenset(w for name in self.names for w in _entries(name))
        self._words = words
        return words

    def __contains__(self, word: object) -> bool:
        words = self._words
        if words is None:
            words = self._load()
        return word in words

    def __iter__(self) -> Iterator[str]:
        return iter(self._words if self._words is not None else self._load())

    def __len__(self) -> int:
        return len(self._words if self._words is not None else self._load())

    def __hash__(self) -> int:  # equal to the frozenset of its words, so hashed like it
        return hash(self._words if self._words is not None else self._load())

    @classmethod
    def _from_iterable(cls, it: Iterable[T]) -> frozenset[T]:  # what &, |, - return
        return frozenset(it)

    def __repr__(self) -> str:
        return f"WordList({', '.join(map(repr, self.names))})"


class WordMap(Mapping[str, V]):
    """A named list of ``ontology/wordlists.tsv`` whose rows carry a value (third column), as a
    read-only mapping word -> value, read on first use; ``value`` turns the text of the third
    column into what the code compares (it is applied once, when the list is read).

    >>> WordMap("description_class")["watchdog"]
    'GovernmentBody'
    """

    __slots__ = ("name", "value", "_map")

    def __init__(self, name: str, value: Callable[[str], V] | None = None) -> None:
        self.name = name
        self.value = value
        self._map: dict[str, V] | None = None

    def _load(self) -> dict[str, V]:
        entries = _entries(self.name)
        if any(not v for v in entries.values()):
            raise OntologyError(f"word list {self.name!r} in ontology/{WORDLISTS_FILE}: every row "
                                "needs a value in the third column")
        conv = self.value
        self._map = {w: (conv(v) if conv is not None else v) for w, v in entries.items()}  # type: ignore[misc]
        return self._map

    def __getitem__(self, word: str) -> V:
        return (self._map if self._map is not None else self._load())[word]

    def __contains__(self, word: object) -> bool:
        return word in (self._map if self._map is not None else self._load())

    def __iter__(self) -> Iterator[str]:
        return iter(self._map if self._map is not None else self._load())

    def __len__(self) -> int:
        return len(self._map if self._map is not None else self._load())

    def __repr__(self) -> str:
        return f"WordMap({self.name!r})"


@lru_cache(maxsize=1)
def load_wordlists() -> WordLists:
    """Every list (lower-cased: the relation model compares lower-cased lemmas) and the verb classes."""
    lists = {name: frozenset(w.lower() for w in words) for name, words in _table().items()}
    classes: dict[str, str] = {}
    for cols in _rows(VERB_CLASSES_FILE):
        lemma, cls = cols[0].lower(), cols[1]
        direction = cols[2] if len(cols) > 2 else ""
        classes.setdefault(lemma, cls + (":inv" if direction == "inv" else ""))
    return WordLists(lists, classes)


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
