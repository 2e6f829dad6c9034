"""Drawings of the graph: an interactive, self-contained HTML page and a static PNG.

Both take the ``networkx.MultiDiGraph`` of :func:`graphbuild.model.networkx.kg_to_networkx`
(node attributes ``name, type, aliases``; edge attributes ``predicate, negated, verb, sources,
evidence, titles, count, confidence``).

>>> from graphbuild.viz import to_html, to_png        # doctest: +SKIP
>>> to_html(graph, "graph.html", focus="ICE", hops=2)  # doctest: +SKIP
>>> to_png(graph, "graph.png", focus="ICE")            # doctest: +SKIP
>>> to_html(graph, "top.html", max_nodes=300)          # doctest: +SKIP

Filters apply to the assertions of a :class:`KnowledgeGraph` before it becomes a graph:

>>> kg = Selection.parse(predicates="commercial", min_confidence=0.7).apply(kg)  # doctest: +SKIP
"""

from __future__ import annotations

from graphbuild.viz.filters import Selection, top_by_degree
from graphbuild.viz.html import HtmlGraph, html_document, layout, page_graph, show, to_html
from graphbuild.viz.select import EntityNotFound, find_node, focus_subgraph
from graphbuild.viz.static import to_png
from graphbuild.viz.style import TYPE_COLORS, edge_label

__all__ = [
    "TYPE_COLORS",
    "EntityNotFound",
    "HtmlGraph",
    "Selection",
    "edge_label",
    "find_node",
    "focus_subgraph",
    "html_document",
    "layout",
    "page_graph",
    "show",
    "to_html",
    "to_png",
    "top_by_degree",
]
