"""The static drawing: a PNG with matplotlib, for reports and pages that cannot run scripts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graphbuild.viz.select import focus_subgraph
from graphbuild.viz.style import TYPE_COLORS, edge_label, node_label, type_color

if TYPE_CHECKING:
    import networkx as nx

MAX_ARROWS = 400  # more edges than this are drawn as plain lines, without labels
MAX_LABELS = 80  # more entities than this: only the best connected are named


NEGATED_COLOR, POSITIVE_COLOR = "#b23b3b", "#8a8a8a"
NEGATED_DASH = (0, (4, 3))


def to_png(graph: nx.MultiDiGraph, path: str | Path, focus: str | None = None, hops: int = 2,
           title: str | None = None, size: tuple[float, float] = (12.0, 8.0), dpi: int = 150,
           edge_labels: bool = True) -> Path:
    """Write a static drawing of ``graph`` (or of ``hops`` around ``focus``) to ``path``.

    Same conventions as :func:`graphbuild.viz.to_html`: colour by entity class (and shape:
    GovernmentBody a square, Group a triangle, ...) with a legend, edges labelled by predicate.
    A denial is its own line, dashed red and labelled ``not <predicate>``, bent beside a positive
    edge of the same pair, so a pair that is both claimed and denied shows both; "negated" is then
    in the legend. Parallel edges of the same sign share one line and list their labels. Above
    ``MAX_ARROWS`` edges they are plain lines without labels, and above ``MAX_LABELS`` entities
    only the best connected are named: focus on an entity to see the details.

    >>> to_png(graph, "ice.png", focus="ICE", hops=1)   # doctest: +SKIP
    PosixPath('ice.png')
    """
    path = Path(path)
    png_figure(graph, focus, hops, title, size, dpi, edge_labels).savefig(path)
    return path


def png_figure(graph: nx.MultiDiGraph, focus: str | None = None, hops: int = 2, title: str | None = None,
               size: tuple[float, float] = (12.0, 8.0), dpi: int = 150, edge_labels: bool = True):
    """The matplotlib ``Figure`` that :func:`to_png` saves."""
    from matplotlib.figure import Figure  # no pyplot: no global figure state, any backend
    from matplotlib.lines import Line2D

    from graphbuild.viz.html import layout
    from graphbuild.viz.style import TYPE_MARKERS, type_marker

    sub = focus_subgraph(graph, focus, hops)
    pos = layout(sub)
    fig = Figure(figsize=size, dpi=dpi)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.invert_yaxis()  # page coordinates: y grows downwards, as in the HTML drawing
    if title is None:
        title = f"{focus}: {hops} hops" if focus else "Knowledge graph"
    ax.set_title(title, fontsize=13)
    if sub.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "No entities to draw.", ha="center", va="center", transform=ax.transAxes)
        return fig

    # one line per pair, direction and sign; labels of parallel edges of one sign joined
    lines: dict[tuple, dict] = {}
    for u, v, a in sub.edges(data=True):
        negated = bool(a.get("negated"))
        item = lines.setdefault((u, v, negated), {"labels": [], "negated": negated, "count": 0})
        item["labels"].append(edge_label(a))
        item["count"] += int(a.get("count") or 1)
    degree = dict(sub.degree())
    if len(lines) > MAX_ARROWS:  # one collection instead of an artist per edge: seconds, not minutes
        from matplotlib.collections import LineCollection

        for negated in (False, True):
            segments = [(pos[u], pos[v]) for (u, v, _), item in lines.items() if item["negated"] == negated]
            ax.add_collection(LineCollection(segments, colors=NEGATED_COLOR if negated else POSITIVE_COLOR,
                                             linestyles="dashed" if negated else "solid",
                                             linewidths=0.6, alpha=0.6, zorder=1))
        edge_labels = False
    bends = {key: _bend(key, lines) for key in lines}
    for (u, v, neg), item in lines.items() if len(lines) <= MAX_ARROWS else ():
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=1, gid="negated" if neg else "positive",
                    arrowprops={"arrowstyle": "-|>", "color": NEGATED_COLOR if neg else POSITIVE_COLOR,
                                "linestyle": NEGATED_DASH if neg else "-",
                                "linewidth": min(1.0 + 0.6 * (item["count"] - 1), 4.0),
                                "shrinkA": 8, "shrinkB": 8 + 2.2 * degree.get(v, 0) ** 0.5,
                                "connectionstyle": f"arc3,rad={bends[u, v, neg]}"})
    for (u, v, neg), item in lines.items() if edge_labels else ():
        (x0, y0), (x1, y1) = pos[u], pos[v]
        # the label sits on its own arc: the middle of the line, pushed sideways by the bend
        rad = bends[u, v, neg]
        mx, my = (x0 + x1) / 2 + rad * (y1 - y0) / 2, (y0 + y1) / 2 - rad * (x1 - x0) / 2
        ax.text(mx, my, "\n".join(sorted(set(item["labels"]))),
                fontsize=7, ha="center", va="center", zorder=2,
                color=NEGATED_COLOR if neg else "#333",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    nodes = list(sub.nodes)
    by_marker: dict[str, list] = {}
    for n in nodes:
        by_marker.setdefault(type_marker(sub.nodes[n].get("type")), []).append(n)
    for marker, group in by_marker.items():  # one scatter per shape: matplotlib takes one marker per call
        ax.scatter([pos[n][0] for n in group], [pos[n][1] for n in group], zorder=3, marker=marker,
                   s=[60 + 45 * degree.get(n, 0) for n in group],
                   c=[type_color(sub.nodes[n].get("type")) for n in group],
                   edgecolors=["#111" if sub.nodes[n].get("focus") else "white" for n in group],
                   linewidths=[2.5 if sub.nodes[n].get("focus") else 1.0 for n in group])
    # on big graphs only the best connected entities are named
    named = nodes if len(nodes) <= MAX_LABELS else sorted(nodes, key=lambda n: -degree.get(n, 0))[:MAX_LABELS]
    for n in named:
        ax.annotate(node_label(sub.nodes[n], n), pos[n], xytext=(7, 4), textcoords="offset points",
                    fontsize=9, zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    present = {sub.nodes[n].get("type") for n in nodes}
    handles = [Line2D([], [], marker=TYPE_MARKERS.get(t, "o"), linestyle="", markersize=8, color=c, label=t)
               for t, c in TYPE_COLORS.items() if t in present]
    if any(item["negated"] for item in lines.values()):
        handles.append(Line2D([], [], color=NEGATED_COLOR, linestyle=NEGATED_DASH, label="negated"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=True)
    ax.margins(0.08)
    fig.tight_layout()
    return fig


def _bend(key: tuple, lines: dict[tuple, dict]) -> float:
    """How far a line curves (matplotlib ``arc3`` rad): a little, more when the pair has a line
    the other way, and a denial beside a claim of the same pair on the other side of it."""
    u, v, negated = key
    reverse = any((v, u, n) in lines for n in (False, True)) and str(u) > str(v)
    rad = 0.18 if reverse else 0.06
    if negated and (u, v, False) in lines:
        rad = -rad - 0.16
    return rad
