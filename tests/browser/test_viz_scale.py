"""Drawings past 100 entities, in headless Chromium: labels that never overlap, sizes that stay
put under zoom, the best connected entities first with the rest one click away, cards that list
every edge with links to the sources, and a page that asks the network for nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from chromium_cdp import Browser, find_chromium  # noqa: E402
from synthetic_graphs import TYPES, synthetic_graph  # noqa: E402

pytestmark = pytest.mark.browser

READY = "document.documentElement.getAttribute('data-graph-ready')"

# every label drawn (node and edge labels), as viewport boxes, and their total pairwise overlap
LABEL_BOXES_JS = """(() => {
  const texts = Array.from(document.querySelectorAll('#graph .node text, #graph text.edge-label'));
  const boxes = texts.map(t => t.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  let overlap = 0, pairs = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0 && h > 0) { overlap += w * h; pairs += 1; }
    }
  }
  return {shown: boxes.length, overlap: overlap, pairs: pairs};
})()"""


@pytest.fixture(scope="module")
def browser():
    path = find_chromium()
    if path is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; or set CHROMIUM=/path)")
    with Browser(path, width=1400, height=900) as b:
        yield b


def open_page(browser: Browser, path: Path) -> None:
    browser.events.clear()
    browser.goto(path.as_uri())
    browser.wait_for(READY, timeout=60)
    browser.pump(0.3)


PLACED = "Number(document.documentElement.getAttribute('data-labels-placed') || 0)"


def settle(browser: Browser, placed_before: int | None = None) -> None:
    """Let the redraw scheduled for the next animation frame happen and, when the labels were
    placed ``placed_before`` times before, wait until they are placed again."""
    browser.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))")
    if placed_before is not None:
        browser.wait_for(f"{PLACED} > {placed_before}")


def node_centre(browser: Browser, label: str) -> dict:
    return browser.evaluate(f"""(() => {{
      const g = Array.from(document.querySelectorAll('.node')).find(n => n.querySelector('text').textContent === {json.dumps(label)});
      const r = g.querySelector('.shape').getBoundingClientRect();
      return {{x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width}}; }})()""")


def click(browser: Browser, x: float, y: float) -> None:
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                  "buttons": 1 if kind == "mousePressed" else 0, "clickCount": 1},
                     session=True)


def wheel(browser: Browser, x: float, y: float, delta: float) -> None:
    placed = browser.evaluate(PLACED)
    browser.call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": delta},
                 session=True)
    settle(browser, placed)


@pytest.fixture(scope="module", params=[300, 1000], ids=["300-nodes", "1000-nodes"])
def big_page(request, tmp_path_factory) -> tuple[Path, nx.MultiDiGraph]:
    from graphbuild.viz import to_html

    g = synthetic_graph(request.param)
    return to_html(g, tmp_path_factory.mktemp("big") / f"g{request.param}.html", title="Big"), g


def test_labels_shown_never_overlap(browser, big_page, tmp_path):
    from PIL import Image, ImageStat

    path, g = big_page
    open_page(browser, path)
    assert browser.evaluate("document.querySelectorAll('.node').length") == g.number_of_nodes()
    boxes = browser.evaluate(LABEL_BOXES_JS)
    assert boxes["overlap"] == 0, boxes
    assert boxes["shown"] >= 20, boxes  # a readable drawing names its main entities
    # the ten best connected entities are named
    degree = dict(g.degree())
    top = sorted(g.nodes, key=lambda n: -degree[n])[:10]
    names = [g.nodes[n]["name"] for n in top]
    named = browser.evaluate("""Array.from(document.querySelectorAll('.node text'))
        .filter(t => t.getBoundingClientRect().width > 0).map(t => t.textContent)""")
    assert set(names) <= set(named), set(names) - set(named)
    img = Image.open(browser.screenshot(tmp_path / "big.png")).convert("RGB")
    assert max(ImageStat.Stat(img).var) > 200
    assert browser.requested_urls() == [path.as_uri()]
    assert browser.problems() == []


def test_zoom_spreads_entities_but_keeps_shapes_and_labels_their_size(browser, big_page):
    path, g = big_page
    open_page(browser, path)
    degree = dict(g.degree())
    a, b = (g.nodes[n]["name"] for n in sorted(g.nodes, key=lambda n: -degree[n])[:2])
    before_a, before_b = node_centre(browser, a), node_centre(browser, b)
    font = "getComputedStyle(document.querySelector('.node text')).fontSize"
    size_before = browser.evaluate(font)
    shown_before = browser.evaluate(LABEL_BOXES_JS)["shown"]
    for _ in range(4):
        wheel(browser, before_a["x"], before_a["y"], -300)
    after_a, after_b = node_centre(browser, a), node_centre(browser, b)
    spread = ((after_a["x"] - after_b["x"]) ** 2 + (after_a["y"] - after_b["y"]) ** 2) ** 0.5
    spread0 = ((before_a["x"] - before_b["x"]) ** 2 + (before_a["y"] - before_b["y"]) ** 2) ** 0.5
    assert spread > 2 * spread0  # zoomed in
    assert abs(after_a["w"] - before_a["w"]) < 0.5  # the shape did not grow
    assert browser.evaluate(font) == size_before
    boxes = browser.evaluate(LABEL_BOXES_JS)
    assert boxes["overlap"] == 0, boxes
    if g.number_of_nodes() >= 1000:
        # zooming into a crowded drawing makes room for names hidden before; around the hub the
        # drawing is dense enough that the count does not fall
        assert boxes["shown"] >= min(shown_before, 20)


def test_max_nodes_draws_the_best_connected_and_expands_on_request(browser, tmp_path):
    from graphbuild.viz import to_html

    g = synthetic_graph(1000)
    path = to_html(g, tmp_path / "top.html", max_nodes=60)
    open_page(browser, path)
    assert browser.evaluate("document.querySelectorAll('.node').length") == 60
    summary = browser.evaluate("document.getElementById('summary').textContent")
    assert "940 less connected entities hidden" in summary, summary
    degree = dict(g.degree())
    # a drawn entity with neighbours that are not drawn
    drawn = browser.evaluate("Array.from(document.querySelectorAll('.node text')).map(t => t.textContent)")
    names = {g.nodes[n]["name"]: n for n in g.nodes}
    candidates = [x for x in drawn if any(g.nodes[m]["name"] not in drawn
                                          for m in nx.all_neighbors(g, names[x]))]
    assert candidates
    target = max(candidates, key=lambda x: degree[names[x]])
    centre = node_centre(browser, target)
    click(browser, centre["x"], centre["y"])
    browser.wait_for("document.querySelector('#tip button.expand') !== null")
    browser.evaluate("document.querySelector('#tip button.expand').click()")
    settle(browser)
    after = browser.evaluate("document.querySelectorAll('.node').length")
    hidden_neighbours = {m for m in nx.all_neighbors(g, names[target]) if g.nodes[m]["name"] not in drawn}
    assert after == 60 + len(hidden_neighbours)
    assert browser.evaluate("document.getElementById('summary').dataset.hidden") == str(940 - len(hidden_neighbours))
    assert browser.evaluate(LABEL_BOXES_JS)["overlap"] == 0


def test_a_hubs_card_lists_every_edge_and_scrolls(browser, tmp_path):
    from graphbuild.viz import to_html

    g = synthetic_graph(300)
    path = to_html(g, tmp_path / "hub.html")
    open_page(browser, path)
    degree = dict(g.degree())
    hub = max(g.nodes, key=lambda n: degree[n])
    assert degree[hub] > 12  # the old card stopped at 12
    centre = node_centre(browser, g.nodes[hub]["name"])
    click(browser, centre["x"], centre["y"])
    browser.wait_for("!document.getElementById('tip').hidden")
    rows = browser.evaluate("document.querySelectorAll('#tip li.edge-row').length")
    assert rows == degree[hub]
    scroll = browser.evaluate("""(() => { const t = document.getElementById('tip');
        return {overflow: getComputedStyle(t).overflowY, inner: t.scrollHeight, outer: t.clientHeight}; })()""")
    assert scroll["overflow"] == "auto" and scroll["inner"] > scroll["outer"], scroll
    # a row opens that edge's card, with its source: title, date and a link to the article
    browser.evaluate("document.querySelector('#tip li.edge-row').click()")
    link = browser.evaluate("""(() => { const a = document.querySelector('#tip li.source a');
        return {href: a.href, text: a.textContent, target: a.target, rel: a.rel,
                date: document.querySelector('#tip li.source .date').textContent}; })()""")
    assert link["href"].startswith("https://news.example.org/") and link["text"].startswith("Article ")
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert link["date"].strip() == "2019-05-01"
    assert browser.requested_urls() == [path.as_uri()]  # showing a link fetches nothing


def test_wikidata_ids_are_links(browser, tmp_path):
    from graphbuild.viz import to_html

    g = synthetic_graph(300)
    path = to_html(g, tmp_path / "qid.html")
    open_page(browser, path)
    centre = node_centre(browser, g.nodes["e0"]["name"])  # e0 has Q1000
    click(browser, centre["x"], centre["y"])
    browser.wait_for("document.querySelector('#tip a.qid') !== null")
    assert browser.evaluate("document.querySelector('#tip a.qid').href") == "https://www.wikidata.org/wiki/Q1000"


def test_classes_have_their_own_shapes(browser, tmp_path):
    from graphbuild.viz import to_html

    g = synthetic_graph(300)
    open_page(browser, to_html(g, tmp_path / "shapes.html"))
    shapes = browser.evaluate("""Object.fromEntries(['GovernmentBody', 'Group', 'Company'].map(t =>
        [t, document.querySelector('.node[data-type="' + t + '"]').dataset.shape]))""")
    assert len(set(shapes.values())) == 3, shapes
    legend = browser.evaluate("Array.from(document.querySelectorAll('#legend .item[data-type] path')).map(p => p.getAttribute('d'))")
    assert len(set(legend)) == len(legend) == len(TYPES)


def test_hostile_addresses_are_not_links(browser, tmp_path):
    from graphbuild.viz import to_html

    g = nx.MultiDiGraph()
    g.add_node("a", name="A", type="Company", aliases=[], qid="javascript:alert(1)")
    g.add_node("b", name="B", type="GovernmentBody", aliases=[])
    g.add_edge("a", "b", key="pitched", predicate="pitched", negated=False, verb="", sources=["d"], titles=["T"],
               source_urls=["javascript:window.pwned=1"], source_dates=[""], evidence=["A pitched B."],
               count=1, confidence=0.9)
    path = to_html(g, tmp_path / "hostile.html")
    open_page(browser, path)
    centre = node_centre(browser, "A")
    click(browser, centre["x"], centre["y"])
    browser.wait_for("!document.getElementById('tip').hidden")
    assert browser.evaluate("document.querySelectorAll('#tip a').length") == 0
    browser.evaluate("document.querySelector('#tip li.edge-row').click()")
    assert browser.evaluate("document.querySelectorAll('#tip a[href]').length") == 0


def test_focus_expands_past_its_hops(browser, tmp_path):
    """With --focus the page carries the next ring: an entity at the edge of the neighbourhood
    expands in place, and the hidden count (about the neighbourhood) does not change."""
    from graphbuild.viz import focus_subgraph, to_html

    g = synthetic_graph(300)
    focus = g.nodes["e299"]["name"]
    near = focus_subgraph(g, focus, 1)
    path = to_html(g, tmp_path / "focus.html", focus=focus, hops=1)
    open_page(browser, path)
    assert browser.evaluate("document.querySelectorAll('.node').length") == near.number_of_nodes()
    edge = next(n for n in near if n != "e299")
    added = browser.evaluate(f"window.graphbuildExpand({json.dumps(g.nodes[edge]['name'])})")
    beyond = set(nx.all_neighbors(g, edge)) - set(near)
    assert added == len(beyond) > 0
    assert browser.evaluate("document.querySelectorAll('.node').length") == near.number_of_nodes() + len(beyond)
    assert browser.evaluate("document.getElementById('summary').dataset.hidden") == "0"
    assert browser.evaluate(LABEL_BOXES_JS)["overlap"] == 0
