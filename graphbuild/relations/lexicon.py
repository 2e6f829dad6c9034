"""The lexicon (``ontology/lexicon.tsv``): verb and noun lemmas -> ontology predicates.

Rows are data; this module only indexes them. Each row has a *kind* that says which rule family
reads it (see the header of the TSV file): ``verb`` and ``noun`` map words to predicates, ``light``
and ``attempt`` verbs take their predicate from their noun ("reach a settlement with", "win a
contract"), ``resolve`` verbs turn settling a proceeding into ``penalized``, ``negator`` verbs negate
their complement ("failed to send"), ``credit`` verbs credit assistance (``partneredWith``),
``title``/``agent``/``unit``/``located`` words drive the structural rules.

>>> lex = load_lexicon()
>>> lex.predicate("pitch", "to").value
'pitched'
>>> lex.verb_entry("pay", "to", "penalty").inverse
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import LEXICON_FILE, ontology_path
from graphbuild.vocab.terms import Predicate

DIRECT = "-"
ANY = "*"
KINDS = frozenset({"verb", "noun", "light", "attempt", "resolve", "negator", "credit", "title", "agent",
                   "unit", "located"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row. ``predicate`` is None for ``none`` rows and for light verbs (``-``)."""

    lemma: str
    predicate: Predicate | None
    prep: str
    kind: str
    inverse: bool = False
    objects: frozenset[str] = frozenset()
    blocked: bool = False  # a ``none`` row: this word never yields a relation

    def accepts_object(self, obj_lemma: str | None) -> bool:
        return not self.objects or (obj_lemma is not None and obj_lemma.lower() in self.objects)


@dataclass(frozen=True, slots=True)
class Lexicon:
    rows: tuple[Entry, ...]
    _by_key: dict[tuple[str, str, str], tuple[Entry, ...]] = field(default_factory=dict, compare=False)
    _kinds: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    _nouns: dict[str, Predicate | None] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[tuple[str, str, str], list[Entry]] = {}
        kinds: dict[str, set[str]] = {}
        for e in self.rows:
            by_key.setdefault((e.kind, e.lemma, e.prep), []).append(e)
            kinds.setdefault(e.kind, set()).add(e.lemma)
        self._by_key.update({k: tuple(v) for k, v in by_key.items()})
        self._kinds.update({k: frozenset(v) for k, v in kinds.items()})
        for e in self.rows:
            if e.kind == "noun":
                self._nouns.setdefault(e.lemma, e.predicate)

    def lemmas(self, kind: str) -> frozenset[str]:
        """All lemmas of one kind (``title``, ``agent``, ``unit``, ...)."""
        return self._kinds.get(kind, frozenset())

    def has(self, kind: str, lemma: str) -> bool:
        return lemma.lower() in self._kinds.get(kind, frozenset())

    def _entries(self, kind: str, lemma: str, prep: str) -> tuple[Entry, ...]:
        lemma, prep = lemma.lower(), prep.lower()
        return self._by_key.get((kind, lemma, prep), ()) + self._by_key.get((kind, lemma, ANY), ())

    def verb_entry(self, lemma: str, prep: str = DIRECT, obj_lemma: str | None = None) -> Entry | None:
        """The first verb row for ``lemma`` + ``prep`` whose object condition ``obj_lemma`` meets."""
        for e in self._entries("verb", lemma, prep):
            if e.accepts_object(obj_lemma):
                return e
        return None

    def blocked(self, lemma: str) -> bool:
        """True for verbs that never relate their arguments (say, report, be...)."""
        return any(e.blocked for e in self._entries("verb", lemma, ANY))

    def predicate(self, lemma: str, prep: str = DIRECT, obj_lemma: str | None = None) -> Predicate | None:
        """Predicate for a verb lemma with its object's preposition (``-`` for a direct object)."""
        e = self.verb_entry(lemma, prep, obj_lemma)
        return e.predicate if e is not None else None

    def noun_entry(self, lemma: str, prep: str) -> Entry | None:
        """Nominalisation row: ``noun_entry("contract", "with")`` -> contractedWith."""
        found = self._entries("noun", lemma, prep)
        return found[0] if found else None

    def noun_predicate(self, lemma: str) -> Predicate | None:
        """The predicate of a noun whatever its preposition."""
        return self._nouns.get(lemma.lower())

    def knows(self, lemma: str) -> bool:
        return lemma.lower() in self._kinds.get("verb", frozenset())

    def credit(self, lemma: str, obj_lemma: str) -> Entry | None:
        for e in self._entries("credit", lemma, ANY):
            if e.accepts_object(obj_lemma):
                return e
        return None


def parse_lexicon(lines: list[str], source: str = "lexicon.tsv") -> Lexicon:
    """Rows of the TSV format (comments and the header line are skipped)."""
    rows: list[Entry] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 3:
            raise OntologyError(f"{source}:{n}: expected lemma<TAB>predicate<TAB>prep[<TAB>kind...]")
        cols += [""] * (6 - len(cols))
        lemma, pred_s, prep, kind, direction, objects = (c.strip() for c in cols[:6])
        kind = kind or "verb"
        if kind not in KINDS:
            raise OntologyError(f"{source}:{n}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        if direction not in {"", "fwd", "inv"}:
            raise OntologyError(f"{source}:{n}: dir must be fwd or inv, not {direction!r}")
        pred: Predicate | None = None
        if pred_s not in {"-", "none"}:
            try:
                pred = Predicate(pred_s)
            except ValueError as exc:
                raise OntologyError(f"{source}:{n}: {pred_s!r} is not an ontology predicate") from exc
        rows.append(Entry(lemma.lower(), pred, (prep or DIRECT).lower(), kind, direction == "inv",
                          frozenset(o.strip().lower() for o in objects.split(",") if o.strip()),
                          pred_s == "none"))
    return Lexicon(tuple(rows))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    path = ontology_path(LEXICON_FILE)
    with path.open(encoding="utf-8") as fh:
        return parse_lexicon(fh.readlines(), str(path))
