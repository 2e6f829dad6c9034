"""The interactive drawing: one self-contained HTML file (SVG + a little vanilla JavaScript).

Everything the page needs is inside the file: the layout is computed here with networkx, the
page template (with its styles) and the script come from ``graphbuild/viz/assets`` and are
inlined, and a Content Security Policy forbids the page from loading anything from the network.
It opens offline, from disk, in a notebook iframe or as a CI artifact.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphbuild.viz.filters import top_by_degree
from graphbuild.viz.select import find_node, focus_subgraph
from graphbuild.viz.style import TYPE_COLORS, edge_label, node_label, type_color, type_shape

if TYPE_CHECKING:
    import networkx as nx

# No network at all: scripts and styles only inline, images only as data: URIs.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; base-uri 'none'; form-action 'none'")

WIDTH, HEIGHT, MARGIN = 1200.0, 800.0, 60.0  # the layout's page; the browser zooms to fit
PARALLEL_BEND = 46.0  # pixels between parallel edges of the same pair
LABEL_ROOM_Y = 30.0  # pixels between two entities one above the other
LABEL_CHAR_WIDTH = 7.0  # pixels per character of a 12px label
# networkx lays out bigger components with scipy, which graphbuild does not depend on
SPRING_NETWORKX_MAX = 499
SPRING_DENSE_MAX = 2500
SEPARATE_MAX = 800  # label overlap removal is O(n^2) per round
EMBED_MAX = 3000  # entities written into a page (drawn or ready to expand); the rest are left out
QID = re.compile(r"Q[1-9][0-9]*")
_PLACEHOLDER = re.compile(r"__(CSP|TITLE|SUBTITLE|DATA|SCRIPT)__")

def _asset(name: str) -> str:
    return (resources.files("graphbuild.viz") / "assets" / name).read_text(encoding="utf-8")


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def _big_spring_layout(graph: nx.Graph, k: float, seed: int) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold with numpy for components networkx would hand to scipy (which is not
    a dependency). Dense, so memory grows with n^2: very big components get fewer iterations and
    beyond ``SPRING_DENSE_MAX`` nodes no force layout at all (focus on an entity instead)."""
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    if n > SPRING_DENSE_MAX:
        return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}
    index = {v: i for i, v in enumerate(nodes)}
    adjacency = np.zeros((n, n), dtype=np.float32)
    for u, v in graph.edges:
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    iterations = 50
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        distance = np.hypot(dx, dy)
        np.clip(distance, 0.01, None, out=distance)
        force = k * k / (distance * distance) - adjacency * distance / k
        sx, sy = (dx * force).sum(axis=1), (dy * force).sum(axis=1)
        length = np.clip(np.hypot(sx, sy), 0.01, None)
        x += sx * (temperature / length)
        y += sy * (temperature / length)
        temperature -= cooling
    pos = np.stack([x, y], axis=1)
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}


def _component_layout(graph: nx.Graph, seed: int, center: Any = None) -> dict[Any, tuple[float, float]]:
    """Spring layout of one connected component, scaled so that edges are about 1 long and
    moved so that its box starts at (0, 0)."""
    import networkx as nx

    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    if n <= SPRING_NETWORKX_MAX:
        init = fixed = None
        if center is not None and center in graph:  # the focus entity in the middle
            init, fixed = {center: (0.5, 0.5)}, [center]  # the middle of the random start
        pos = nx.spring_layout(graph, k=2.0 / math.sqrt(n), iterations=200, seed=seed,
                               pos=init, fixed=fixed)
    else:
        pos = _big_spring_layout(graph, k=2.0 / math.sqrt(n), seed=seed)
    lengths = [math.dist(pos[u], pos[v]) for u, v in graph.edges]
    unit = (sum(lengths) / len(lengths)) if lengths else 1.0
    unit = unit or 1.0
    min_x = min(p[0] for p in pos.values())
    min_y = min(p[1] for p in pos.values())
    return {v: ((p[0] - min_x) / unit, (p[1] - min_y) / unit) for v, p in pos.items()}


def layout(graph: nx.MultiDiGraph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Node positions in page pixels: a seeded spring layout per connected component (so the
    same graph draws the same), components packed in rows, largest first."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    # nodes and edges in a sorted order: the seeded layout then does not depend on the order the
    # graph was built in (set and dict order can differ between runs)
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes, key=str))
    simple.add_edges_from(sorted(((u, v) for u, v in graph.edges() if u != v),
                                 key=lambda e: tuple(sorted(map(str, e)))))
    center = next((v for v, d in graph.nodes(data=True) if d.get("focus")), None)
    comps = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    parts = [_component_layout(simple.subgraph(c), seed, center) for c in comps]
    # shelf packing of the components' boxes (plus a gap of one edge length)
    boxes = [(max(p[0] for p in part.values()) + 1.0, max(p[1] for p in part.values()) + 1.0)
             for part in parts]
    area = sum(w * h for w, h in boxes)
    row_width = max(max(w for w, _ in boxes), math.sqrt(area * WIDTH / HEIGHT))
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, (w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in part.items():
            pos[v] = (x + px, y + py)
        x += w
        row_height = max(row_height, h)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    off_x = (WIDTH - scale * span_x) / 2
    off_y = (HEIGHT - scale * span_y) / 2
    placed = {v: (off_x + (p[0] - min(xs)) * scale, off_y + (p[1] - min(ys)) * scale)
              for v, p in pos.items()}
    degree = dict(graph.degree())
    widths = {v: node_radius(degree[v]) * 2 + 8 + LABEL_CHAR_WIDTH * len(node_label(graph.nodes[v], v))
              for v in graph.nodes}
    return {v: (round(x, 1), round(y, 1)) for v, (x, y) in _separate(placed, widths).items()}


def _positions(graph: nx.MultiDiGraph, shown: set[Any] | None) -> dict[Any, tuple[float, float]]:
    """The layout of the entities drawn at first; each one not drawn yet sits around the drawn
    (or already placed) neighbours it would be expanded from, so an expansion opens in place."""
    import math as m

    if shown is None or len(shown) >= graph.number_of_nodes():
        return layout(graph)
    pos = dict(layout(graph.subgraph(shown)))
    lengths = sorted(m.dist(pos[u], pos[v]) for u, v in graph.subgraph(shown).edges() if u != v)
    reach = 0.7 * (lengths[len(lengths) // 2] if lengths else 40.0) or 40.0
    undirected = graph.to_undirected(as_view=True)
    rest = sorted((v for v in graph.nodes if v not in pos), key=str)
    while rest:
        ring = [v for v in rest if any(u in pos for u in undirected[v])]
        if not ring:  # nothing drawn near them: spread over the page (seeded, so pages repeat)
            import random

            rnd = random.Random(7)
            for v in rest:
                pos[v] = (rnd.uniform(MARGIN, WIDTH - MARGIN), rnd.uniform(MARGIN, HEIGHT - MARGIN))
            break
        placed: dict[Any, int] = defaultdict(int)  # around each anchor, one angle after another
        for v in ring:
            anchors = sorted((u for u in undirected[v] if u in pos), key=str)
            ax = sum(pos[u][0] for u in anchors) / len(anchors)
            ay = sum(pos[u][1] for u in anchors) / len(anchors)
            k = placed[anchors[0]]
            placed[anchors[0]] += 1
            angle = k * 2.39996  # the golden angle: neighbours fan out without piling up
            radius = reach * (1.0 + 0.18 * math.sqrt(k))
            pos[v] = (round(ax + radius * math.cos(angle), 1), round(ay + radius * math.sin(angle), 1))
        ring_set = set(ring)
        rest = [v for v in rest if v not in ring_set]
    return pos


def node_radius(degree: int) -> float:
    """Radius in screen pixels (the page keeps it under zoom): grows with the degree, at most 24."""
    return round(min(6 + 2.6 * math.sqrt(degree), 24.0), 1)


def _web_url(value: Any) -> str:
    """An address the page may link to: http(s) only (never ``javascript:``), else ""."""
    text = str(value or "")
    return text if text.lower().startswith(("https://", "http://")) else ""


def _separate(pos: dict[Any, tuple[float, float]], widths: dict[Any, float],
              rounds: int = 120) -> dict[Any, tuple[float, float]]:
    """Push apart entities whose dot and label boxes overlap (a label runs to the right of its
    dot). Each overlap is undone along its shallower axis; the layout keeps its shape."""
    import numpy as np

    if not 2 <= len(pos) <= SEPARATE_MAX:
        return pos
    if sum(widths.get(k, 60.0) for k in pos) * LABEL_ROOM_Y > 0.5 * WIDTH * HEIGHT:
        return pos  # no room to give every label its space: pushing would pile them on the edges
    keys = list(pos)
    xy = np.array([pos[k] for k in keys], dtype=float)
    width = np.array([widths.get(k, 60.0) for k in keys])
    xy += np.random.default_rng(0).normal(size=xy.shape) * 1e-3  # a direction for exact overlaps
    for _ in range(rounds):
        dx = xy[:, 0][None, :] - xy[:, 0][:, None]  # [i, j]: x_j - x_i
        dy = xy[:, 1][None, :] - xy[:, 1][:, None]
        need_x = np.where(dx >= 0, width[:, None], width[None, :])  # the left one's label
        pen_x = need_x - np.abs(dx)
        pen_y = LABEL_ROOM_Y - np.abs(dy)
        hit = (pen_x > 0) & (pen_y > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_y = pen_y <= pen_x
        # each of the two moves half of the way out, away from the other
        move_x = np.where(hit & ~along_y, np.sign(dx) * pen_x / 2, 0.0)
        move_y = np.where(hit & along_y, np.sign(dy) * pen_y / 2, 0.0)
        xy[:, 0] -= 0.5 * move_x.sum(axis=1)
        xy[:, 1] -= 0.5 * move_y.sum(axis=1)
        xy[:, 0] = xy[:, 0].clip(MARGIN / 2, WIDTH - MARGIN / 2)  # inside the page, every round
        xy[:, 1] = xy[:, 1].clip(MARGIN / 2, HEIGHT - MARGIN / 2)
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, xy, strict=True)}

def graph_data(graph: nx.MultiDiGraph, title: str = "", focus: str | None = None,
               hops: int | None = None, shown: set[Any] | None = None) -> dict[str, Any]:
    """What the page's script draws: nodes with positions, colours and shapes, edges with labels,
    evidence and sources (title, date, address), and the legend. Nodes not in ``shown`` (default:
    all) are in the data but drawn only when a neighbour is expanded. Plain JSON-able values only."""
    pos = _positions(graph, shown)
    ids = {v: f"n{i}" for i, v in enumerate(sorted(graph.nodes, key=str))}
    degree = dict(graph.degree())
    nodes = []
    for v in sorted(graph.nodes, key=str):
        a = graph.nodes[v]
        x, y = pos[v]
        nodes.append({
            "id": ids[v], "key": str(v), "label": node_label(a, v), "name": str(a.get("name") or v),
            "type": str(a.get("type") or ""), "color": type_color(a.get("type")),
            "shape": type_shape(a.get("type")),
            "aliases": _strs(a.get("aliases")),
            "qid": str(a.get("qid") or "") if QID.fullmatch(str(a.get("qid") or "")) else "",
            "degree": degree.get(v, 0), "r": node_radius(degree.get(v, 0)),
            "x": x, "y": y, "focus": bool(a.get("focus")), "shown": shown is None or v in shown,
        })
    # parallel edges between the same two entities are bent apart
    pairs: dict[frozenset, list[tuple]] = defaultdict(list)
    for u, v, k in sorted(graph.edges(keys=True), key=lambda e: tuple(map(str, e))):
        pairs[frozenset((u, v))].append((u, v, k))
    edges = []
    for members in pairs.values():
        m = len(members)
        for i, (u, v, k) in enumerate(members):
            a = graph.edges[u, v, k]
            bend = (i - (m - 1) / 2) * PARALLEL_BEND
            if str(u) > str(v):  # same side whichever way the edge points
                bend = -bend
            docs = _strs(a.get("sources"))
            titles, urls, dates = _strs(a.get("titles")), _strs(a.get("source_urls")), _strs(a.get("source_dates"))
            edges.append({
                "source": ids[u], "target": ids[v], "label": edge_label(a),
                "predicate": str(a.get("predicate") or k), "group": str(a.get("group") or ""),
                "negated": bool(a.get("negated")), "count": int(a.get("count") or len(docs) or 1),
                "confidence": round(float(a.get("confidence") or 0.0), 3),
                "reviewed": str(a.get("reviewed") or ""),
                "sources": [{"id": d, "title": titles[j] if j < len(titles) else "",
                             "url": _web_url(urls[j]) if j < len(urls) else "",
                             "date": dates[j] if j < len(dates) else ""}
                            for j, d in enumerate(docs)],
                "evidence": _strs(a.get("evidence")), "bend": bend,
            })
    present: dict[str, int] = defaultdict(int)
    for n in nodes:
        present[n["type"]] += n["shown"]
    order = list(TYPE_COLORS) + sorted(set(present) - set(TYPE_COLORS))
    legend = [{"type": t or "(untyped)", "color": type_color(t), "shape": type_shape(t), "count": present[t]}
              for t in order if t in present]
    return {"title": title, "focus": focus, "hops": hops, "width": WIDTH, "height": HEIGHT,
            "nodes": nodes, "edges": edges, "legend": legend}


def _json_for_script(data: dict[str, Any]) -> str:
    # inside <script>, "</" could end the element and "<!--" could start a comment
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def page_graph(graph: nx.MultiDiGraph, focus: str | None = None, hops: int = 2,
               max_nodes: int | None = None) -> tuple[nx.MultiDiGraph, set[Any], int]:
    """The entities a page carries, those it draws at first, and how many entities of the
    drawing (all of them, or those within ``hops`` of ``focus``) are not drawn at first.

    With ``focus`` the page carries one hop more than it draws, so the entities at the edge of
    the neighbourhood can be expanded. With ``max_nodes`` only the best connected are drawn at
    first (the focus always); the others stay in the page, ready to expand, up to ``EMBED_MAX``.
    """
    if focus is None:
        sub = focus_subgraph(graph, None, hops)
        first = set(sub.nodes)
    else:
        sub = focus_subgraph(graph, focus, hops + 1)
        first = {n for n, d in sub.nodes(data=True) if d.get("hops", 0) <= hops}
    center = find_node(graph, focus) if focus is not None else None
    shown, hidden = top_by_degree(sub.subgraph(first), max_nodes, keep=[center] if center is not None else [])
    if sub.number_of_nodes() > EMBED_MAX:
        degree = dict(sub.degree())
        spare = sorted((n for n in sub.nodes if n not in shown), key=lambda n: (-degree[n], str(n)))
        sub = sub.subgraph(shown | set(spare[: max(EMBED_MAX - len(shown), 0)])).copy()
    return sub, shown, hidden


def html_document(graph: nx.MultiDiGraph, focus: str | None = None, hops: int = 2,
                  title: str = "Knowledge graph", max_nodes: int | None = None, note: str = "") -> str:
    """The page as a string (see :func:`to_html`); ``note`` (the filters applied) is shown
    under the title."""
    sub, shown, hidden = page_graph(graph, focus, hops, max_nodes)
    data = graph_data(sub, title=title, focus=focus, hops=hops if focus else None, shown=shown)
    within = f"within {hops} hop{'s' * (hops != 1)} of {focus}" if focus else ""
    within_hops = {str(v) for v, a in sub.nodes(data=True) if focus is None or a.get("hops", 0) <= hops}
    for node in data["nodes"]:  # the entities the hidden count is about (not the ring beyond --hops)
        node["scope"] = node["key"] in within_hops
    data.update(total=len(shown) + hidden, within=within, filters=note)
    drawn_edges = sum(1 for u, v in sub.edges() if u in shown and v in shown)
    subtitle = " ".join(p for p in (f"{len(shown):,} entities, {drawn_edges:,} edges", within) if p)
    if hidden:
        subtitle += f"; {hidden:,} less connected entities hidden"
    if note:
        subtitle += f" \u00b7 {note}"
    values = {
        "CSP": html.escape(CSP, quote=True),
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "DATA": _json_for_script(data),
        "SCRIPT": _asset("graph.js"),
    }
    # one pass, so text from the graph that looks like a placeholder is left alone
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("template.html"))
    return page


def to_html(graph: nx.MultiDiGraph, path: str | Path, focus: str | None = None, hops: int = 2,
            title: str = "Knowledge graph", max_nodes: int | None = None) -> Path:
    """Write an interactive drawing of ``graph`` to ``path`` and return the path.

    Nodes are coloured by entity class (legend top left, click a class to hide it), edges carry
    their predicate ("not pitched" and dashed when negated); hovering an edge shows its evidence
    sentences and source documents, clicking pins it. Drag nodes, scroll to zoom, drag the
    background to pan, type in the search box to find an entity. With ``focus`` (a name or alias,
    any case) only the entities within ``hops`` edges of it are drawn.

    >>> to_html(graph, "ice.html", focus="ICE", hops=1)   # doctest: +SKIP
    PosixPath('ice.html')
    """
    path = Path(path)
    path.write_text(html_document(graph, focus, hops, title, max_nodes), encoding="utf-8")
    return path


@dataclass(frozen=True)
class HtmlGraph:
    """A drawing that shows itself in Jupyter (a sandboxed iframe; nothing loads from the web).
    The sandbox lets the page run its script and open the links on its cards (sources, Wikidata)
    in a new tab, nothing else."""

    document: str
    height: int = 620

    def __repr__(self) -> str:
        return f"<HtmlGraph: {len(self.document):,} characters of HTML; display it in Jupyter or .save(path)>"

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.document, quote=True)}" '
                'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>')

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.document, encoding="utf-8")
        return path


def show(graph: nx.MultiDiGraph, focus: str | None = None, hops: int = 2,
         title: str = "Knowledge graph", height: int = 620, max_nodes: int | None = None) -> HtmlGraph:
    """The interactive drawing inline in a notebook: ``show(g, focus="ICE")`` as a cell's last line."""
    return HtmlGraph(html_document(graph, focus, hops, title, max_nodes), height)
