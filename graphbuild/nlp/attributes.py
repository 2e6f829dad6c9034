"""The model's attribute rules, matched by table lookup.

English pipelines carry an ``attribute_ruler``: a tag map (fine tag -> part of speech and
morphology) and a few hundred exceptions ("'s" after "let", "ai n't"), all single tokens or
pairs of tokens compared by equality, set membership or a regular expression. spaCy runs them
through its general token Matcher, which evaluates every pattern at every token and is about a
tenth of the small model's time. :class:`AttributeMatches` finds exactly the same matches
with one column comparison per pattern over the whole document, and the ruler then sets the
attributes as it always does (its own ``set_annotations``). A ruler holding a pattern of any
other kind (operators, extension attributes, fuzzy matching...) keeps spaCy's matcher.

The matches are equal to spaCy's by construction and by test (``tests/unit/test_attributes.py``
compares them on every token of real articles).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.tokens import Doc

Column = Any  # a numpy array of one token attribute over the document
Test = tuple[str, Any]  # ("eq" | "in" | "not_in" | "regex", argument)
Need = tuple[int, frozenset[int]]  # a column and the values one of which it must hold somewhere

_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "ENT_TYPE",
          "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "LIKE_NUM", "IS_TITLE", "IS_UPPER",
          "IS_LOWER")
_REGEX_MEMO = 100_000  # values remembered per regular expression
_FLAGS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "LIKE_NUM", "IS_TITLE",
                    "IS_UPPER", "IS_LOWER"})


class Unsupported(ValueError):
    """A pattern this module does not match exactly; the ruler keeps spaCy's matcher."""


def _needed(name: str, value: Any, strings) -> frozenset[int] | None:
    """The values one of which the document must hold for the test to pass anywhere."""
    if name in _FLAGS:
        return None
    if isinstance(value, str):
        return frozenset({strings.add(value)})
    if isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list):
        return frozenset(strings.add(v) for v in value["IN"])
    return None


def _test(name: str, value: Any, strings) -> Test:
    """One token attribute's test as plain data (the matcher is pickled with the pipeline when
    worker processes receive it): ``(kind, argument)``."""
    if name in _FLAGS:
        if not isinstance(value, bool):
            raise Unsupported(f"{name}={value!r}")
        return ("eq", int(value))
    if isinstance(value, str):
        return ("eq", strings.add(value))
    if not isinstance(value, dict) or len(value) != 1:
        raise Unsupported(f"{name}={value!r}")
    (op, arg), = value.items()
    if op in ("IN", "NOT_IN"):
        if not isinstance(arg, list) or not all(isinstance(v, str) for v in arg):
            raise Unsupported(f"{name} {op} {arg!r}")
        hashes = np.array([strings.add(v) for v in arg], dtype=np.uint64)
        return ("in" if op == "IN" else "not_in", hashes)
    if op == "REGEX" and isinstance(arg, str):
        re.compile(arg)  # a bad expression fails here, as in spaCy
        return ("regex", arg)
    raise Unsupported(f"{name} {op}")


def _mask(test: Test, col: Column, doc: Doc, known: dict[str, dict[int, bool]]) -> Column:
    kind, arg = test
    if kind == "eq":
        return col == arg
    if kind == "in":
        return np.isin(col, arg)
    if kind == "not_in":
        return ~np.isin(col, arg)
    memo = known.setdefault(arg, {})  # value hash -> does the expression find it
    if len(memo) > _REGEX_MEMO:
        memo.clear()
    hits = []
    for h in np.unique(col).tolist():
        hit = memo.get(h)
        if hit is None:
            hit = memo[h] = re.search(arg, doc.vocab.strings[h]) is not None
        if hit:
            hits.append(h)
    return np.isin(col, np.array(hits, dtype=np.uint64))


class AttributeMatches:
    """``ruler.match`` for rulers whose patterns are fixed-length token sequences compared by
    equality, ``IN``, ``NOT_IN`` or ``REGEX``: the same ``(attr_id, key, start, end)`` list,
    sorted the same way."""

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        names: list[str] = []
        compiled: list[tuple[int, int, list[list[tuple[int, Test]]], list[Need]]] = []
        for attr_id, entry in enumerate(ruler.patterns):
            key = strings.add(str(attr_id))
            for pattern in entry["patterns"]:
                if not pattern:
                    raise Unsupported("an empty pattern")
                specs = []
                needs: list[Need] = []
                for token in pattern:
                    tests = []
                    for name, value in token.items():
                        if name not in _ATTRS:
                            raise Unsupported(name)
                        if name not in names:
                            names.append(name)
                        tests.append((names.index(name), _test(name, value, strings)))
                        values = _needed(name, value, strings)
                        if values is not None:
                            needs.append((names.index(name), values))
                    specs.append(tests)
                compiled.append((attr_id, key, specs, needs))
        self._columns = [IDS[n] for n in names]
        self._patterns = compiled
        self._known: dict[str, dict[int, bool]] = {}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        if n == 0 or not self._patterns:
            return []
        table = doc.to_array(self._columns).reshape(n, len(self._columns))
        columns = [table[:, k] for k in range(table.shape[1])]
        present = [set(np.unique(c).tolist()) for c in columns]
        found: set[tuple[int, int, int, int]] = set()
        for attr_id, key, specs, needs in self._patterns:
            length = len(specs)
            if length > n or any(values.isdisjoint(present[c]) for c, values in needs):
                continue
            mask = np.ones(n - length + 1, dtype=bool)
            for offset, tests in enumerate(specs):
                for column, test in tests:
                    mask &= _mask(test, columns[column], doc, self._known)[offset:n - length + 1 + offset]
            for start in np.flatnonzero(mask).tolist():
                found.add((attr_id, key, start, start + length))
        return sorted(found)


def match_attributes_by_table(nlp: Language) -> bool:
    """Swap the pipeline's attribute ruler onto :class:`AttributeMatches` when every pattern is
    supported; True when swapped."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = AttributeMatches(ruler)
    except Unsupported:
        return False
    return True
