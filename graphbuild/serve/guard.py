"""Checks made on a query's text before it reaches the engine.

The SPARQL parser is recursive: thousands of nested ``{``/``(`` overflow its stack and take
the process down. ``SERVICE`` makes the engine call out over HTTP. Both are caught here by a
small SPARQL lexer (strings, IRIs, comments and escaped local names are skipped, so a brace
or the word SERVICE inside them does not count), before any parsing:

>>> check_query("SELECT * WHERE { ?s ?p 'a { b' }").depth
1
>>> check_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }").services
('http://example.org/sparql',)
>>> check_query("{" * 500 + "}" * 500, max_depth=64)
Traceback (most recent call last):
...
graphbuild.serve.guard.QueryRefused: the query nests 500 levels of brackets; at most 64 are accepted
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 64
MAX_QUERY_CHARS = 100_000

_IRI = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_WORD = re.compile(r"(?:[^\s{}()\[\],;'\"<>#\\]|\\.)+", re.S)
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
_QUERY_WORDS = {"select", "construct", "describe", "ask"}


class QueryRefused(ValueError):
    """A query refused before parsing; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class QueryShape:
    depth: int
    services: tuple[str, ...]
    is_update: bool
    has_dataset: bool = False  # a FROM or FROM NAMED clause names the query's own dataset


def _tokens(query: str):
    """(kind, text) pairs: ``iri``, ``word``, ``open``, ``close``, ``var``, ``other``."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "'\"":
            long = query.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                if query[j] == "\\":
                    j += 1
                elif not long and query[j] in "\r\n":
                    break
                j += 1
            i = j + len(quote)
        elif c == "<":
            m = _IRI.match(query, i)
            if m:
                yield "iri", m.group(1)
                i = m.end()
            else:  # the comparison operator
                yield "other", c
                i += 1
        elif c in "{([":
            yield "open", c
            i += 1
        elif c in "})]":
            yield "close", c
            i += 1
        else:
            m = _WORD.match(query, i)
            if m:
                yield "word", m.group(0)
                i = m.end()
            else:
                yield "other", c
                i += 1


def check_query(query: str, *, max_depth: int = MAX_DEPTH, max_chars: int = MAX_QUERY_CHARS,
                allowed_services: frozenset[str] | set[str] = frozenset(),
                check_services: bool = False, prefixes: dict[str, str] | None = None) -> QueryShape:
    """The query's nesting depth, ``SERVICE`` endpoints and whether it is an update.

    Raises :class:`QueryRefused` for a query that is too long or nests too deeply, and (with
    ``check_services``) for a ``SERVICE`` whose endpoint is not in ``allowed_services`` or is
    named by a variable.
    """
    if len(query) > max_chars:
        raise QueryRefused(f"the query has {len(query):,} characters; at most {max_chars:,} are accepted", 413)
    depth = peak = 0
    prefixes = dict(prefixes or {})
    services: list[str] = []
    first_keyword = ""
    has_dataset = False
    toks = list(_tokens(query))
    for k, (kind, text) in enumerate(toks):
        if kind == "open":
            depth += 1
            peak = max(peak, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            low = text.lower()
            if not first_keyword and low not in ("prefix", "base") and ":" not in text and not text.startswith("?"):
                first_keyword = low
            if low == "prefix" and k + 2 < len(toks) and toks[k + 2][0] == "iri":
                prefixes[toks[k + 1][1].rstrip(":")] = toks[k + 2][1]
            elif low == "service":
                services.append(_service_target(toks, k + 1, prefixes))
            elif low == "from" and depth == 0:
                has_dataset = True
    if peak > max_depth:
        raise QueryRefused(f"the query nests {peak} levels of brackets; at most {max_depth} are accepted")
    if check_services:
        for target in services:
            if target not in allowed_services:
                raise QueryRefused(
                    f"SERVICE {target} is refused: this endpoint does not call other services "
                    "unless they are allowed when it starts (graphbuild serve --allow-service URL)", 403)
    return QueryShape(peak, tuple(services), first_keyword in _UPDATE_WORDS and first_keyword not in _QUERY_WORDS,
                      has_dataset)


def _service_target(toks: list[tuple[str, str]], k: int, prefixes: dict[str, str]) -> str:
    """The endpoint after ``SERVICE [SILENT]``: an IRI, a prefixed name expanded, or the variable."""
    if k < len(toks) and toks[k] == ("word", toks[k][1]) and toks[k][1].lower() == "silent":
        k += 1
    if k >= len(toks):
        return "(nothing)"
    kind, text = toks[k]
    if kind == "iri":
        return text
    if kind == "word" and ":" in text and not text.startswith(("?", "$")):
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return text  # a variable or an unknown prefix: never in the allow-list
