"""Finding an entity by name or alias, and the neighbourhood of an entity."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from graphbuild.errors import GraphbuildError
from graphbuild.model.ids import normalize_name

if TYPE_CHECKING:
    import networkx as nx


class EntityNotFound(GraphbuildError, KeyError):
    """No node of the graph has the given name or alias."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class AmbiguousEntity(EntityNotFound):
    """Several nodes carry the given name; the message lists them."""


def _articles(graph: nx.MultiDiGraph, node: Any) -> int:
    edges = [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]
    return len({d for _, _, a in edges for d in a.get("sources") or ()})


def _names(graph: nx.MultiDiGraph, node: Any) -> list[str]:
    attrs = graph.nodes[node]
    return [str(node), str(attrs.get("name") or ""), *map(str, attrs.get("aliases") or ())]


def find_node(graph: nx.MultiDiGraph, name: str) -> Any:
    """The node whose id, name or alias matches ``name`` (case, accents, "the" and punctuation
    ignored); else the only node whose name starts with it; else :class:`EntityNotFound`.

    Several exact matches (the same alias on two entities) raise :class:`AmbiguousEntity`,
    which lists them with class and article count (never a silent pick).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("us-ice", name="U.S. Immigration and Customs Enforcement", aliases=["ICE"])
    >>> find_node(g, "ice")
    'us-ice'
    """
    key = normalize_name(name)
    if not key:
        raise EntityNotFound("an empty name matches no entity")
    if name in graph:
        return name  # an entity id
    exact = [n for n in graph.nodes if any(normalize_name(s) == key for s in _names(graph, n))]
    if len(exact) == 1:
        return exact[0]
    if exact:
        rows = sorted(((n, str(graph.nodes[n].get("name") or n), str(graph.nodes[n].get("type") or ""),
                        _articles(graph, n)) for n in exact), key=lambda r: (-r[3], r[1], str(r[0])))
        listing = "; ".join(f"{n} ({label}, {t}, {k} articles)" for n, label, t, k in rows)
        raise AmbiguousEntity(f"{name!r} matches {len(exact)} entities; name one by its id: {listing}")
    prefix = [n for n in graph.nodes
              if any(normalize_name(s).startswith(key + " ") for s in _names(graph, n)[1:])]
    if len(prefix) == 1:
        return prefix[0]
    if prefix:
        return max(prefix, key=lambda n: (graph.degree(n), str(n)))
    labels = sorted({str(graph.nodes[n].get("name") or n) for n in graph.nodes})
    close = difflib.get_close_matches(name, labels, n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise EntityNotFound(f"no entity named {name!r} in the graph ({graph.number_of_nodes()} entities){hint}")


def focus_subgraph(graph: nx.MultiDiGraph, focus: str | None, hops: int = 2) -> nx.MultiDiGraph:
    """The entities within ``hops`` edges of ``focus`` (in either direction), with every edge
    among them; the whole graph when ``focus`` is None. The focus node gets ``focus=True``.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(focus_subgraph(g, "b", hops=1))
    ['a', 'b', 'c']
    """
    import networkx as nx

    if hops < 0:
        raise ValueError("hops must be 0 or more")
    if focus is None:
        return graph.copy()
    center = find_node(graph, focus)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=hops)
    sub = graph.subgraph(near).copy()
    for n, d in near.items():
        sub.nodes[n]["hops"] = d
    sub.nodes[center]["focus"] = True
    return sub
