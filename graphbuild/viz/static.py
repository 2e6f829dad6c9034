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


def to_png(graph: nx.MultiDiGraph, path: str | Path, focus: str | None = None, hops: int = 2,
           title: str | None = None, size: tuple[float, float] = (12.0, 8.0), dpi: int = 150,
           edge_labels: bool = True) -> Path:
    """Write a static drawing of ``graph`` (or of ``hops`` around ``focus``) to ``path``.

    Same conventions as :func:`graphbuild.viz.to_html`: colour by entity class with a legend,
    edges labelled by predicate, negated edges dashed and labelled ``not <predicate>``; parallel
    edges between two entities share one line and list their labels. Above ``MAX_ARROWS`` edges they
    are plain lines without labels, and above ``MAX_LABELS`` entities only the best connected are
    named: focus on an entity to see the details.

    >>> to_png(graph, "ice.png", focus="ICE", hops=1)   # doctest: +SKIP
    PosixPath('ice.png')
    """
    from matplotlib.figure import Figure  # no pyplot: no global figure state, any backend
    from matplotlib.lines import Line2D

    from graphbuild.viz.html import layout

    path = Path(path)
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
        fig.savefig(path)
        return path

    # one line per pair and direction; labels of parallel edges joined
    lines: dict[tuple, dict] = {}
    for u, v, a in sub.edges(data=True):
        item = lines.setdefault((u, v), {"labels": [], "negated": True, "count": 0})
        item["labels"].append(edge_label(a))
        item["negated"] = item["negated"] and bool(a.get("negated"))
        item["count"] += int(a.get("count") or 1)
    degree = dict(sub.degree())
    if len(lines) > MAX_ARROWS:  # one collection instead of an artist per edge: seconds, not minutes
        from matplotlib.collections import LineCollection

        for negated in (False, True):
            segments = [(pos[u], pos[v]) for (u, v), item in lines.items() if item["negated"] == negated]
            ax.add_collection(LineCollection(segments, colors="#b23b3b" if negated else "#8a8a8a",
                                             linestyles="dashed" if negated else "solid",
                                             linewidths=0.6, alpha=0.6, zorder=1))
        edge_labels = False
    for (u, v), item in lines.items() if len(lines) <= MAX_ARROWS else ():
        (x0, y0), (x1, y1) = pos[u], pos[v]
        reverse = (v, u) in lines and str(u) > str(v)
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "#b23b3b" if item["negated"] else "#8a8a8a",
                                "linestyle": (0, (4, 3)) if item["negated"] else "-",
                                "linewidth": min(1.0 + 0.6 * (item["count"] - 1), 4.0),
                                "shrinkA": 8, "shrinkB": 8 + 2.2 * degree.get(v, 0) ** 0.5,
                                "connectionstyle": f"arc3,rad={0.18 if reverse else 0.06}"})
    for (u, v), item in lines.items() if edge_labels else ():
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, "\n".join(sorted(set(item["labels"]))),
                fontsize=7, ha="center", va="center", zorder=2,
                color="#b23b3b" if item["negated"] else "#333",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    nodes = list(sub.nodes)
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], zorder=3,
               s=[60 + 45 * degree.get(n, 0) for n in nodes],
               c=[type_color(sub.nodes[n].get("type")) for n in nodes],
               edgecolors=["#111" if sub.nodes[n].get("focus") else "white" for n in nodes],
               linewidths=[2.5 if sub.nodes[n].get("focus") else 1.0 for n in nodes])
    # on big graphs only the best connected entities are named
    named = nodes if len(nodes) <= MAX_LABELS else sorted(nodes, key=lambda n: -degree.get(n, 0))[:MAX_LABELS]
    for n in named:
        ax.annotate(node_label(sub.nodes[n], n), pos[n], xytext=(7, 4), textcoords="offset points",
                    fontsize=9, zorder=4,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
    present = {sub.nodes[n].get("type") for n in nodes}
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=c, label=t)
               for t, c in TYPE_COLORS.items() if t in present]
    if any(item["negated"] for item in lines.values()):
        handles.append(Line2D([], [], color="#b23b3b", linestyle=(0, (4, 3)), label="negated"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=True)
    ax.margins(0.08)
    fig.tight_layout()
    fig.savefig(path)
    return path
