"""What a drawing shows: assertions filtered by predicate, class, source, confidence and
negation, and the best connected entities when there are too many to draw.

Filters apply to assertions (one sentence each) before they are grouped into edges, so an edge's
evidence, sources and count are those of the assertions kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphbuild.errors import ConfigError

if TYPE_CHECKING:
    import networkx as nx

    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.model.records import Document


@dataclass(frozen=True, slots=True)
class Selection:
    """Which assertions to draw. Empty ``predicates`` / ``classes`` mean all of them.

    ``predicates`` holds predicate names (``pitched``) or predicate groups (``commercial`` or ``commercialRelation``);
    ``classes`` entity classes (``GovernmentBody``); both any case. An assertion is kept when its
    predicate is named, both its entities are of a named class, its confidence is at least
    ``min_confidence``, with ``negated_only`` it is a denial, and with ``source`` its article
    came from that outlet or web host (:func:`from_source`).

    >>> Selection.parse(predicates="pitched, commercial", classes="company").classes
    frozenset({'Company'})
    """

    predicates: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    min_confidence: float = 0.0
    negated_only: bool = False
    source: str = ""

    @classmethod
    def parse(cls, predicates: str | Iterable[str] | None = None, classes: str | Iterable[str] | None = None,
              min_confidence: float | None = None, negated_only: bool = False, source: str | None = None) -> Selection:
        """A selection from option values (comma-separated strings or lists); unknown names are a
        :class:`ConfigError` that lists the known ones."""
        from graphbuild.vocab.terms import GROUPS, EntityType, Predicate

        preds: set[str] = set()
        known = {p.value.lower(): p.value for p in Predicate}
        groups = {g.lower(): g for g in set(GROUPS.values())}
        groups.update({g.lower().removesuffix("relation"): g for g in set(GROUPS.values())})  # "commercial"
        for name in _names(predicates):
            if name.lower() in known:
                preds.add(known[name.lower()])
            elif name.lower() in groups:
                preds.update(p.value for p, g in GROUPS.items() if g == groups[name.lower()])
            else:
                raise ConfigError(f"unknown predicate or group {name!r}; known: "
                                  f"{', '.join(sorted(known.values()))}; groups: {', '.join(sorted(set(groups.values())))}")
        types = {t.value.lower(): t.value for t in EntityType}
        kinds: set[str] = set()
        for name in _names(classes):
            if name.lower() not in types:
                raise ConfigError(f"unknown entity class {name!r}; known: {', '.join(sorted(types.values()))}")
            kinds.add(types[name.lower()])
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise ConfigError(f"--min-confidence is between 0 and 1, not {min_confidence}")
        return cls(frozenset(preds), frozenset(kinds), float(min_confidence or 0.0), bool(negated_only),
                   (source or "").strip())

    @property
    def active(self) -> bool:
        return bool(self.predicates or self.classes or self.min_confidence > 0 or self.negated_only or self.source)

    def describe(self) -> str:
        """The filters in words, for the page's subtitle ("" when none)."""
        parts = []
        if self.predicates:
            parts.append("predicates " + ", ".join(sorted(self.predicates)))
        if self.classes:
            parts.append("classes " + ", ".join(sorted(self.classes)))
        if self.source:
            parts.append(f"source {self.source}")
        if self.min_confidence > 0:
            parts.append(f"confidence \u2265 {self.min_confidence:g}")
        if self.negated_only:
            parts.append("denials only")
        return "; ".join(parts)

    def apply(self, kg: KnowledgeGraph) -> KnowledgeGraph:
        """The graph with the kept assertions, their entities and documents (``kg`` itself when
        nothing is filtered)."""
        from graphbuild.model.graph import KnowledgeGraph

        if not self.active:
            return kg
        out = KnowledgeGraph()
        for key, rel in kg.relations.items():
            if not self._keeps(rel, kg):
                continue
            out.relations[key] = rel
            if key in kg.reviewed:
                out.reviewed[key] = kg.reviewed[key]
            for eid in (rel.subject, rel.object):
                if eid in kg.entities:
                    out.entities[eid] = kg.entities[eid]
            if rel.evidence.doc_id in kg.documents:
                out.documents[rel.evidence.doc_id] = kg.documents[rel.evidence.doc_id]
        return out

    def apply_networkx(self, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """The same filters on a graph of :func:`graphbuild.to_networkx` (for notebooks): the
        edges kept and the entities they join. An edge carries the best confidence of its
        assertions, so ``min_confidence`` keeps an edge one of whose sentences reaches it (filter
        the ``KnowledgeGraph`` with :meth:`apply` to drop the weaker sentences too).

        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("a", "b", key="pitched", predicate="pitched", negated=False, confidence=0.9)
        'pitched'
        >>> g.add_edge("a", "c", key="sued|negated", predicate="sued", negated=True, confidence=0.9)
        'sued|negated'
        >>> sorted(Selection.parse(negated_only=True).apply_networkx(g))
        ['a', 'c']
        """
        if not self.active:
            return graph.copy()
        if self.source:  # an edge keeps its articles' URLs but not their outlets
            raise ConfigError("a source filter needs the KnowledgeGraph: filter it with Selection.apply")
        types = dict(graph.nodes(data="type", default=""))
        keep = [(u, v, k) for u, v, k, a in graph.edges(keys=True, data=True)
                if (not self.negated_only or a.get("negated"))
                and float(a.get("confidence") or 0.0) >= self.min_confidence
                and (not self.predicates or a.get("predicate") in self.predicates)
                and (not self.classes or (types.get(u) in self.classes and types.get(v) in self.classes))]
        return graph.edge_subgraph(keep).copy()

    def _keeps(self, rel: Any, kg: KnowledgeGraph) -> bool:
        if self.negated_only and not rel.negated:
            return False
        if rel.evidence.confidence < self.min_confidence:
            return False
        if self.predicates and rel.predicate.value not in self.predicates:
            return False
        if self.source and not from_source(kg.documents.get(rel.evidence.doc_id), self.source):
            return False
        if self.classes:
            for eid in (rel.subject, rel.object):
                entity = kg.entities.get(eid)
                if entity is None or entity.type.value not in self.classes:
                    return False
        return True


def from_source(doc: Document | None, source: str) -> bool:
    """Whether ``doc`` came from ``source``: its outlet (the ``Source:`` line, else the URL's
    host) or its URL's host (without www.) is ``source``, ignoring case.

    >>> from graphbuild.model.records import Document
    >>> doc = Document("d", "", source="Example Wire", url="https://www.example.org/a")
    >>> from_source(doc, "example wire"), from_source(doc, "example.org"), from_source(doc, "example")
    (True, True, False)
    """
    from dataclasses import replace

    from graphbuild.model.facts import outlet

    if doc is None:
        return False
    wanted = source.strip().lower()
    return wanted in (outlet(doc).lower(), outlet(replace(doc, source="")).lower())


def _names(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else [s for v in value for s in str(v).split(",")]
    return [s.strip() for s in items if s.strip()]


def top_by_degree(graph: nx.MultiDiGraph, max_nodes: int | None, keep: Iterable[Any] = ()) -> tuple[set[Any], int]:
    """The ``max_nodes`` best connected entities (edges counted, ties by id), the ``keep`` ones
    (the focus) always among them, and how many were left out.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")])
    >>> shown, hidden = top_by_degree(g, 2, keep=["c"])
    >>> sorted(shown), hidden
    (['c', 'hub'], 2)
    """
    nodes = list(graph.nodes)
    if max_nodes is None or len(nodes) <= max_nodes:
        return set(nodes), 0
    if max_nodes < 1:
        raise ConfigError("--max-nodes is 1 or more")
    degree = dict(graph.degree())
    kept = [n for n in keep if n in graph][:max_nodes]
    rest = sorted((n for n in nodes if n not in kept), key=lambda n: (-degree[n], str(n)))
    shown = set(kept) | set(rest[: max_nodes - len(kept)])
    return shown, len(nodes) - len(shown)
