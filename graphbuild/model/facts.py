"""Time, corroboration and contradiction over the graph's assertions.

The same definitions are implemented as SPARQL (``graphbuild/query/sparql/conflicts.rq``,
``corroboration.rq``) and Cypher (:mod:`graphbuild.query.facts`); tests hold the three equal.

* **Time of an assertion** (:func:`assertion_interval`): the period its sentence states
  (``evidence.when``; an open end is closed by the publication date, an open start reaches back
  without bound); when the sentence states none, the document's publication date alone; when
  neither is known, unknown (``None``).
* **In a window** (:func:`in_window`): the assertion's time overlaps ``[since, until]``;
  assertions of unknown time are left out of any window.
* **Corroboration** (:func:`corroboration`) of an edge: the number of independent articles
  (distinct content hashes, so an article repeated under two ids counts once), of distinct
  outlets (the ``Source:`` outlet, else the URL's host), and the first and last publication
  dates.
* **Contested** (:func:`conflicts`): one article asserts (subject, predicate, object) and another
  article negates it, and their times overlap (an unknown time overlaps everything).

>>> from graphbuild.model.records import Document
>>> outlet(Document("d", "", url="https://www.Example.org/a")), outlet(Document("d", "", source="Wire"))
('example.org', 'Wire')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.records import Document, Relation

BEGINNING = "0000-01-01"
END = "9999-12-31"

Interval = tuple[str, str]


def outlet(doc: Document | None) -> str:
    """Who published a document: its ``Source:`` outlet, else its URL's host (without www.)."""
    if doc is None:
        return ""
    if doc.source:
        return doc.source
    try:
        host = (urlsplit(doc.url).hostname or "") if doc.url else ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def published_day(doc: Document | None) -> str:
    """``YYYY-MM-DD`` of the publication, or ``""``."""
    day = (doc.published or "")[:10] if doc is not None else ""
    return day if len(day) == 10 and day[4] == "-" and day[7] == "-" else ""


def assertion_interval(rel: Relation, doc: Document | None) -> Interval | None:
    """First and last day the assertion speaks of (see the module docstring)."""
    pub = published_day(doc)
    when = rel.evidence.when
    if when is not None:
        return (when.start or BEGINNING, when.end or pub or END)
    if pub:
        return (pub, pub)
    return None


def overlaps(a: Interval | None, b: Interval | None) -> bool:
    """Unknown (None) overlaps everything."""
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def in_window(rel: Relation, doc: Document | None, since: str = "", until: str = "") -> bool:
    """Whether the assertion's time overlaps ``[since, until]`` (ISO dates; ``""`` = open)."""
    if not since and not until:
        return True
    iv = assertion_interval(rel, doc)
    if iv is None:
        return False
    return iv[1] >= (since or BEGINNING) and iv[0] <= (until or END)


def window_bounds(since: str = "", until: str = "") -> Interval:
    """``--since 2018`` / ``--until 2018-06`` as the first and last day they name."""
    from graphbuild.model.dates import bounds_of_value

    lo = bounds_of_value(since) if since else ("", "")
    hi = bounds_of_value(until) if until else ("", "")
    if lo is None or hi is None:
        from graphbuild.errors import ConfigError

        raise ConfigError(f"--since/--until take ISO dates (2018, 2018-06, 2018-06-15), not {since or until!r}")
    return lo[0], hi[1]


def filter_graph(kg: KnowledgeGraph, since: str = "", until: str = "") -> KnowledgeGraph:
    """The graph with only the assertions whose time overlaps ``[since, until]`` (entities and
    documents of the kept assertions only)."""
    if not since and not until:
        return kg
    lo, hi = window_bounds(since, until)
    out = KnowledgeGraph()
    for rel in kg.iter_relations():
        doc = kg.documents.get(rel.evidence.doc_id)
        if in_window(rel, doc, lo, hi):
            out.add_relation(rel)
            for eid in (rel.subject, rel.object):
                if eid in kg.entities:
                    out.entities[eid] = kg.entities[eid]
            if doc is not None:
                out.documents[doc.id] = doc
    return out


@dataclass(frozen=True, slots=True, order=True)
class Corroboration:
    """How well one edge is supported."""

    articles: int
    outlets: int
    first_published: str
    last_published: str


def edge_corroboration(rels: Iterable[Relation], documents: dict[str, Document]) -> Corroboration:
    hashes, outlets, days = set(), set(), []
    for r in rels:
        doc = documents.get(r.evidence.doc_id)
        hashes.add(doc.content_hash if doc is not None else r.evidence.doc_id)
        o = outlet(doc)
        if o:
            outlets.add(o)
        day = published_day(doc)
        if day:
            days.append(day)
    return Corroboration(len(hashes), len(outlets), min(days, default=""), max(days, default=""))


def corroboration(kg: KnowledgeGraph) -> dict[tuple[str, str, str, bool], Corroboration]:
    """Corroboration of every edge (keyed like :pyattr:`Relation.key`)."""
    return {k: edge_corroboration(rels, kg.documents) for k, rels in kg.edges().items()}


@dataclass(frozen=True, slots=True, order=True)
class Side:
    """One article's statement in a conflict."""

    doc_id: str
    sentence: str
    outlet: str
    published: str
    date: str  # the stated time (ISO), "" when only the publication dates it


@dataclass(frozen=True, slots=True, order=True)
class Conflict:
    """An edge one article asserts and another negates, at overlapping times."""

    subject: str  # entity ids (symmetric predicates: sorted)
    predicate: str
    object: str
    asserted: Side
    negated: Side


def _side(rel: Relation, doc: Document | None) -> Side:
    when = rel.evidence.when
    return Side(rel.evidence.doc_id, rel.evidence.sentence, outlet(doc), published_day(doc),
                when.value if when else "")


def conflicts(kg: KnowledgeGraph) -> list[Conflict]:
    """Every (asserting sentence, negating sentence) pair of a contested edge, sorted."""
    edges = kg.edges()
    out = set()
    for (s, p, o, neg), negs in edges.items():
        if not neg:
            continue
        for pos in edges.get((s, p, o, False), []):
            pdoc = kg.documents.get(pos.evidence.doc_id)
            for n in negs:
                ndoc = kg.documents.get(n.evidence.doc_id)
                ph = pdoc.content_hash if pdoc is not None else pos.evidence.doc_id
                nh = ndoc.content_hash if ndoc is not None else n.evidence.doc_id
                if ph == nh:
                    continue  # one article saying both is not two sources disagreeing
                if overlaps(assertion_interval(pos, pdoc), assertion_interval(n, ndoc)):
                    out.add(Conflict(s, p, o, _side(pos, pdoc), _side(n, ndoc)))
    return sorted(out)


def contested_edges(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of every contested edge."""
    return {(c.subject, c.predicate, c.object) for c in conflicts(kg)}


def edge_dates(rels: Iterable[Relation], documents: dict[str, Document]) -> tuple[str, str]:
    """First and last day an edge's assertions speak of (``""`` when none is known)."""
    ivs = [assertion_interval(r, documents.get(r.evidence.doc_id)) for r in rels]
    known = [iv for iv in ivs if iv is not None]
    starts = [iv[0] for iv in known if iv[0] != BEGINNING]
    ends = [iv[1] for iv in known if iv[1] != END]
    return min(starts, default=""), max(ends, default="")
