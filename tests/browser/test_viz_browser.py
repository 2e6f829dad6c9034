"""The interactive drawing in a real browser: headless Chromium over the DevTools Protocol.

The page is rendered from the sample articles, opened from disk, and checked the way a user sees
it: the entities are drawn, the screenshot is not blank, hovering an edge shows its evidence,
and the page makes no network request at all (everything it needs is inside the file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from chromium_cdp import Browser, chromium  # noqa: E402, F401 (chromium: a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.model]

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "samples" / "articles"
READY = "document.documentElement.getAttribute('data-graph-ready')"


@pytest.fixture(scope="module")
def sample_graph(config, nlp) -> nx.MultiDiGraph:
    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.runners import extract

    kg = KnowledgeGraph.from_documents(extract([ARTICLES], config, nlp=nlp))
    return kg_to_networkx(kg)


@pytest.fixture(scope="module")
def browser(chromium):  # noqa: F811 (the fixture)
    with Browser(chromium, width=1400, height=900) as b:
        yield b


def open_page(browser: Browser, path: Path) -> None:
    browser.events.clear()
    browser.goto(path.as_uri())
    browser.wait_for(READY)
    browser.pump(0.3)  # late events (failed loads, CSP reports) arrive after the drawing


@pytest.fixture(scope="module")
def sample_html(sample_graph, tmp_path_factory) -> Path:
    from graphbuild.viz import to_html

    return to_html(sample_graph, tmp_path_factory.mktemp("viz") / "graph.html", title="Sample articles")


@pytest.fixture
def sample_page(browser, sample_html) -> Path:
    """The sample drawing, freshly opened for each test."""
    open_page(browser, sample_html)
    return sample_html


def drawn_labels(browser: Browser) -> list[str]:
    return browser.evaluate("Array.from(document.querySelectorAll('.node text')).map(t => t.textContent)")


def test_draws_every_entity_with_its_label(browser, sample_page, sample_graph):
    labels = drawn_labels(browser)
    assert len(labels) == sample_graph.number_of_nodes()
    assert "ICE" in labels
    assert "Amazon" in labels
    dom = browser.evaluate("document.documentElement.outerHTML")
    assert ">ICE</text>" in dom
    assert browser.evaluate("document.querySelectorAll('#graph path.edge').length") == sample_graph.number_of_edges()


def test_screenshot_is_not_blank(browser, sample_page, tmp_path):
    from PIL import Image, ImageStat

    from graphbuild.viz import TYPE_COLORS

    shot = browser.screenshot(tmp_path / "graph.png")
    img = Image.open(shot).convert("RGB")
    assert img.size == (1400, 900)
    assert max(ImageStat.Stat(img).var) > 200, "the screenshot is (nearly) one colour"
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None
    pixels = {rgb: n for n, rgb in colours}

    def hex_rgb(c: str) -> tuple[int, int, int]:
        return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)

    for cls in ("Company", "GovernmentBody"):  # nodes of both classes are painted
        assert pixels.get(hex_rgb(TYPE_COLORS[cls]), 0) > 50, f"no {cls} node visible"


def test_page_makes_no_network_request(browser, sample_page):
    urls = browser.requested_urls()
    assert urls == [sample_page.as_uri()], urls
    assert browser.problems() == []
    csp = browser.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    assert "default-src 'none'" in csp
    assert browser.evaluate("Array.from(document.scripts).filter(s => s.src).length") == 0
    assert browser.evaluate("document.querySelectorAll('link[href]').length") == 0


# (source label, target label) -> a viewport point on the edge drawn between them
EDGE_POINT_JS = """((source, target) => {
  const id = label => Array.from(document.querySelectorAll('.node'))
    .find(g => g.querySelector('text').textContent === label).getAttribute('data-node');
  const s = id(source), t = id(target);
  const hit = Array.from(document.querySelectorAll('path.edge-hit')).find(p =>
    (p.dataset.source === s && p.dataset.target === t) || (p.dataset.source === t && p.dataset.target === s));
  const len = hit.getTotalLength(), m = hit.getScreenCTM();
  // a point of the edge that no node or label covers, nearest to the middle first
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8]) {
    const p = hit.getPointAtLength(len * f);
    const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
    if (document.elementFromPoint(x, y) === hit) { return {x: x, y: y, edge: hit.dataset.edge}; }
  }
  return null;
})"""


def _edge_point(browser: Browser, source: str, target: str) -> dict:
    return browser.evaluate(f"{EDGE_POINT_JS}({json.dumps(source)}, {json.dumps(target)})")


def test_hovering_an_edge_shows_its_evidence_and_sources(browser, sample_page, sample_graph):
    from graphbuild.viz import find_node

    amazon, ice = find_node(sample_graph, "Amazon"), find_node(sample_graph, "ICE")
    edges = [a for u, v, a in sample_graph.edges(data=True) if {u, v} == {amazon, ice}]
    assert edges, "the sample articles state that Amazon pitched ICE"
    point = _edge_point(browser, "Amazon", "ICE")
    assert point is not None, "the Amazon-ICE edge is hidden under other drawings"
    browser.mouse_move(point["x"], point["y"])
    browser.wait_for("!document.getElementById('tip').hidden")
    tip = browser.evaluate("document.getElementById('tip').textContent")
    assert any(sentence in tip for a in edges for sentence in a["evidence"]), tip
    assert any(doc in tip for a in edges for doc in a["sources"]), tip
    browser.mouse_move(5, 880)  # away again: the tooltip goes
    browser.wait_for("document.getElementById('tip').hidden")


def test_negated_edges_are_dashed_and_labelled_not(browser, sample_page, sample_graph):
    negated = [a for _, _, a in sample_graph.edges(data=True) if a["negated"]]
    assert negated, "the sample articles contain negated statements"
    drawn = browser.evaluate("""Array.from(document.querySelectorAll('path.edge.negated')).map(p =>
        getComputedStyle(p).strokeDasharray)""")
    assert len(drawn) == len(negated)
    assert all(d and d != "none" for d in drawn), drawn
    labels = browser.evaluate("Array.from(document.querySelectorAll('text.edge-label.negated')).map(t => t.textContent)")
    assert labels and all(text.startswith("not ") for text in labels)


def test_legend_lists_classes_and_hides_one_on_click(browser, sample_page, sample_graph):
    types = {a["type"] for _, a in sample_graph.nodes(data=True)}
    legend = browser.evaluate("Array.from(document.querySelectorAll('#legend .item[data-type]')).map(i => i.dataset.type)")
    assert set(legend) == types
    visible = "document.querySelectorAll('.node[data-type=\"GovernmentBody\"]:not(.hidden)').length"
    assert browser.evaluate(visible) > 0
    browser.evaluate("document.querySelector('#legend .item[data-type=\"GovernmentBody\"]').click()")
    assert browser.evaluate(visible) == 0
    browser.evaluate("document.querySelector('#legend .item[data-type=\"GovernmentBody\"]').click()")
    assert browser.evaluate(visible) > 0


def test_focus_draws_the_neighbourhood_only(browser, sample_graph, tmp_path):
    from graphbuild.viz import focus_subgraph, to_html

    path = to_html(sample_graph, tmp_path / "ice.html", focus="ice", hops=1)
    open_page(browser, path)
    expected = focus_subgraph(sample_graph, "ice", 1)
    labels = drawn_labels(browser)
    assert len(labels) == expected.number_of_nodes() < sample_graph.number_of_nodes()
    assert browser.evaluate("document.querySelector('.node.focus text').textContent") == "ICE"
    assert "Amazon" in labels


def test_text_from_articles_cannot_run_as_script(browser, tmp_path):
    from graphbuild.viz import to_html

    hostile = '<img src="https://example.invalid/x.png" onerror="window.pwned=1">'
    g = nx.MultiDiGraph()
    g.add_node("a", name=hostile, type="Company", aliases=["</script><script>window.pwned=2</script>"])
    g.add_node("b", name="Agency", type="GovernmentBody", aliases=[])
    g.add_edge("a", "b", key="pitched", predicate="pitched", negated=False, verb="pitch",
               sources=["doc</script>"], titles=[hostile], count=1, confidence=0.9,
               evidence=["<script>window.pwned=3</script> pitched the agency"])
    open_page(browser, to_html(g, tmp_path / "hostile.html"))
    assert browser.evaluate("window.pwned === undefined")
    assert hostile in drawn_labels(browser)  # shown as text, not parsed
    assert browser.requested_urls() == [(tmp_path / "hostile.html").as_uri()]


def test_search_marks_matching_entities(browser, sample_page):
    browser.evaluate("""(() => { const s = document.getElementById('search');
        s.value = 'palantir'; s.dispatchEvent(new Event('input')); })()""")
    marked = browser.evaluate("Array.from(document.querySelectorAll('.node.match text')).map(t => t.textContent)")
    assert marked and all("Palantir" in m for m in marked), marked


def test_dragging_a_node_moves_its_edges(browser, sample_page):
    where = """(() => { const g = Array.from(document.querySelectorAll('.node'))
        .find(n => n.querySelector('text').textContent === 'ICE');
      const r = g.querySelector('.shape').getBoundingClientRect();
      return {x: r.x + r.width / 2, y: r.y + r.height / 2, t: g.getAttribute('transform')}; })()"""
    start = browser.evaluate(where)
    edges_before = browser.evaluate("Array.from(document.querySelectorAll('path.edge')).map(p => p.getAttribute('d'))")
    for kind, dx in (("mousePressed", 0), ("mouseMoved", 40), ("mouseMoved", 80), ("mouseReleased", 80)):
        browser.call("Input.dispatchMouseEvent", {"type": kind, "x": start["x"] + dx, "y": start["y"] + dx,
                                                  "button": "left", "buttons": 1 if kind != "mouseReleased" else 0,
                                                  "clickCount": 1}, session=True)
    end = browser.evaluate(where)
    assert end["t"] != start["t"]
    assert abs(end["x"] - start["x"] - 80) < 3 and abs(end["y"] - start["y"] - 80) < 3
    edges_after = browser.evaluate("Array.from(document.querySelectorAll('path.edge')).map(p => p.getAttribute('d'))")
    assert edges_after != edges_before
