"""Drawings of the graph: an interactive, self-contained HTML page and a static PNG.

Both take the ``networkx.MultiDiGraph`` of :func:`graphbuild.model.networkx.kg_to_networkx`
(node attributes ``name, type, aliases``; edge attributes ``predicate, negated, verb, sources,
evidence, titles, count, confidence``).

>>> from graphbuild.viz import to_html, to_png        # doctest: +SKIP
>>> to_html(graph, "graph.html", focus="ICE", hops=2)  # doctest: +SKIP
>>> to_png(graph, "graph.png", focus="ICE")            # doctest: +SKIP
"""

from __future__ import annotations

from graphbuild.viz.html import HtmlGraph, html_document, layout, show, to_html
from graphbuild.viz.select import EntityNotFound, find_node, focus_subgraph
from graphbuild.viz.static import to_png
from graphbuild.viz.style import TYPE_COLORS, edge_label

__all__ = [
    "TYPE_COLORS",
    "EntityNotFound",
    "HtmlGraph",
    "edge_label",
    "find_node",
    "focus_subgraph",
    "html_document",
    "layout",
    "show",
    "to_html",
    "to_png",
]
