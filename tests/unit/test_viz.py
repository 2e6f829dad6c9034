"""graphbuild.viz without a browser or a model: selection, page contents, PNG, CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest

from graphbuild.builder import write_resolved
from graphbuild.viz import (
    EntityNotFound,
    edge_label,
    find_node,
    focus_subgraph,
    html_document,
    show,
    to_html,
    to_png,
)
from graphbuild.viz.html import HEIGHT, WIDTH, graph_data, layout
from graphbuild.viz.select import AmbiguousEntity

ICE_NAME = "U.S. Immigration and Customs Enforcement"


def _edge(g, s, o, pred, negated=False, docs=("d1",), evidence=("S.",), verb=""):
    g.add_edge(s, o, key=f"{pred}|negated" if negated else pred, predicate=pred, negated=negated,
               group="commercialRelation", verb=verb or pred, role="", sources=list(docs),
               evidence=list(evidence), titles=[f"Title of {d}" for d in docs], count=len(docs),
               confidence=0.8)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """Amazon -pitched-> ICE <-partOf- HSI; ICE -not contractedWith-> AWS; AWS -partOf-> Amazon;
    Palantir -contractedWith-> HSI; plus an unconnected pair."""
    g = nx.MultiDiGraph()
    for node, name, type_, aliases in [
        ("amazon", "Amazon", "Company", ["Amazon.com"]),
        ("aws", "Amazon Web Services", "Company", ["AWS"]),
        ("us-ice", ICE_NAME, "GovernmentBody", ["ICE", "Immigration and Customs Enforcement"]),
        ("us-hsi", "Homeland Security Investigations", "GovernmentBody", ["HSI"]),
        ("palantir", "Palantir Technologies", "Company", []),
        ("alphabet", "Alphabet", "Company", []),
        ("google", "Google", "Company", []),
    ]:
        g.add_node(node, name=name, type=type_, aliases=aliases, qid="")
    _edge(g, "amazon", "us-ice", "pitched", docs=("a1", "a2"),
          evidence=("Amazon pitched Rekognition to ICE.", "Amazon pitched ICE again."))
    _edge(g, "us-ice", "aws", "contractedWith", negated=True,
          evidence=("ICE does not have a contract with Amazon Web Services.",))
    _edge(g, "us-hsi", "us-ice", "partOf")
    _edge(g, "aws", "amazon", "partOf")
    _edge(g, "palantir", "us-hsi", "contractedWith")
    _edge(g, "palantir", "us-hsi", "other", verb="renew")
    _edge(g, "alphabet", "google", "owns")
    return g


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert m, "the page embeds its data"
    return json.loads(m.group(1))


# -- finding entities ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ICE", "ice", "the ICE", "Immigration and Customs Enforcement",
                                  "u.s. immigration and customs enforcement", "us-ice"])
def test_find_node_by_name_alias_or_id_in_any_case(graph, name):
    assert find_node(graph, name) == "us-ice"


def test_find_node_by_a_unique_first_word(graph):
    assert find_node(graph, "palantir") == "palantir"


def test_find_node_lists_every_entity_a_shared_name_matches(graph):
    graph.add_node("ice-cream", name="ICE", type="Company", aliases=[])
    with pytest.raises(AmbiguousEntity) as err:
        find_node(graph, "ICE")
    assert "ice-cream (ICE, Company, 0 articles)" in str(err.value) and "us-ice" in str(err.value)
    assert find_node(graph, "ice-cream") == "ice-cream"  # an id picks one


def test_unknown_entity_names_close_matches(graph):
    with pytest.raises(EntityNotFound, match="did you mean: Palantir Technologies"):
        find_node(graph, "Palantir Technologis")
    with pytest.raises(EntityNotFound):
        find_node(graph, "  ")


# -- neighbourhoods --------------------------------------------------------------------------------

def test_focus_follows_edges_in_both_directions(graph):
    assert set(focus_subgraph(graph, "ICE", 0)) == {"us-ice"}
    assert set(focus_subgraph(graph, "ICE", 1)) == {"us-ice", "amazon", "aws", "us-hsi"}
    two = focus_subgraph(graph, "ICE", 2)
    assert set(two) == {"us-ice", "amazon", "aws", "us-hsi", "palantir"}
    assert two.nodes["us-ice"]["focus"] is True
    assert two.nodes["palantir"]["hops"] == 2
    assert two.number_of_edges("palantir", "us-hsi") == 2  # parallel edges kept
    assert "focus" not in graph.nodes["us-ice"]  # the input graph is not changed


def test_no_focus_is_the_whole_graph(graph):
    assert focus_subgraph(graph, None).number_of_edges() == graph.number_of_edges()
    with pytest.raises(ValueError):
        focus_subgraph(graph, "ICE", -1)


# -- labels ----------------------------------------------------------------------------------------

def test_edge_labels():
    assert edge_label({"predicate": "pitched", "negated": False}) == "pitched"
    assert edge_label({"predicate": "contractedWith", "negated": True}) == "not contractedWith"
    assert edge_label({"predicate": "other", "verb": "renew", "negated": True}) == "not renew"


# -- the HTML page ---------------------------------------------------------------------------------

def test_page_is_self_contained(graph):
    page = html_document(graph)
    assert "<script src" not in page and "<link" not in page
    # the only addresses in the page are the SVG namespace (a name, never fetched) and the base
    # of the Wikidata links a reader may follow (a link, never fetched by the page itself)
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg",
                                                              "https://www.wikidata.org/wiki/"}
    assert "url(" not in page.split('id="graph-data"')[0].replace("url(#", "")  # no remote CSS
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src &#x27;none&#x27;" in csp or "default-src 'none'" in csp


def test_page_data_has_classes_labels_evidence_and_sources(graph):
    data = page_data(html_document(graph, title="Test graph"))
    assert data["title"] == "Test graph"
    nodes = {n["key"]: n for n in data["nodes"]}
    assert nodes["us-ice"]["label"] == "ICE"  # long names drawn by their acronym
    assert nodes["us-ice"]["name"] == ICE_NAME
    assert nodes["amazon"]["color"] != nodes["us-ice"]["color"]  # colour by class
    edges = {(e["source"], e["target"], e["predicate"]): e for e in data["edges"]}
    ids = {k: n["id"] for k, n in nodes.items()}
    pitched = edges[ids["amazon"], ids["us-ice"], "pitched"]
    assert pitched["label"] == "pitched" and not pitched["negated"]
    assert pitched["evidence"] == ["Amazon pitched Rekognition to ICE.", "Amazon pitched ICE again."]
    assert [(d["id"], d["title"]) for d in pitched["sources"]] == [("a1", "Title of a1"), ("a2", "Title of a2")]
    assert pitched["count"] == 2
    neg = edges[ids["us-ice"], ids["aws"], "contractedWith"]
    assert neg["negated"] and neg["label"] == "not contractedWith"
    assert edges[ids["palantir"], ids["us-hsi"], "other"]["label"] == "renew"
    bends = sorted(e["bend"] for e in data["edges"] if e["source"] == ids["palantir"])
    assert bends[0] < 0 < bends[1]  # parallel edges drawn apart
    assert {item["type"] for item in data["legend"]} == {"Company", "GovernmentBody"}


def test_page_with_focus_says_so(graph):
    page = html_document(graph, focus="HSI", hops=1, title="HSI")
    data = page_data(page)
    assert {n["key"] for n in data["nodes"] if n["shown"]} == {"us-hsi", "us-ice", "palantir"}
    # one hop more is in the page, not drawn: ready to expand from ICE
    assert {n["key"] for n in data["nodes"] if not n["shown"]} == {"amazon", "aws"}
    assert [n["key"] for n in data["nodes"] if n["focus"]] == ["us-hsi"]
    assert "within 1 hop of HSI" in page


def test_page_escapes_text_from_articles(graph):
    graph.nodes["amazon"]["name"] = "</script><script>alert(1)</script>"
    graph.edges["amazon", "us-ice", "pitched"]["evidence"] = ["<!-- x --> </SCRIPT> \u2028 done"]
    page = html_document(graph, title="<b>T</b>")
    assert page.count("</script>") == 2  # the data block and the code block, nothing injected
    assert "<b>T</b>" not in page
    data = page_data(page)
    assert "</script><script>alert(1)</script>" in {n["name"] for n in data["nodes"]}
    assert "<!-- x --> </SCRIPT> \u2028 done" in [s for e in data["edges"] for s in e["evidence"]]


def test_text_like_a_placeholder_stays_text(graph):
    graph.nodes["amazon"]["name"] = "__SCRIPT__ __DATA__"
    page = html_document(graph, title="__CSP__")
    assert "__SCRIPT__ __DATA__" in {n["name"] for n in page_data(page)["nodes"]}
    assert "<title>__CSP__</title>" in page


def test_page_is_deterministic(graph):
    assert html_document(graph) == html_document(graph.copy())


def test_layout_fits_the_page(graph):
    pos = layout(graph)
    assert set(pos) == set(graph)
    for x, y in pos.values():
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
    assert len(set(pos.values())) == len(pos)  # no two entities on the same spot


def test_empty_and_single_node_graphs_draw():
    g = nx.MultiDiGraph()
    assert page_data(html_document(g))["nodes"] == []
    g.add_node("x", name="X", type="Company", aliases=[])
    assert len(graph_data(g)["nodes"]) == 1


def test_to_html_writes_the_file(graph, tmp_path):
    out = to_html(graph, tmp_path / "g.html", focus="ICE", hops=1)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_show_is_a_sandboxed_iframe_for_notebooks(graph, tmp_path):
    view = show(graph, focus="ICE")
    html = view._repr_html_()
    assert html.startswith("<iframe srcdoc=")
    # scripts run and links on the cards open in a new tab; no same-origin, forms or navigation
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in html
    assert "<script" not in html  # the page is escaped into the attribute
    assert view.save(tmp_path / "v.html").read_text(encoding="utf-8") == view.document


# -- the PNG ---------------------------------------------------------------------------------------

def test_to_png(graph, tmp_path):
    from PIL import Image, ImageStat

    out = to_png(graph, tmp_path / "g.png", focus="ICE", hops=2, size=(6, 4), dpi=80)
    img = Image.open(out).convert("RGB")
    assert img.size == (480, 320)
    assert max(ImageStat.Stat(img).var) > 100
    empty = to_png(nx.MultiDiGraph(), tmp_path / "empty.png", size=(3, 2), dpi=50)
    assert Image.open(empty).size == (150, 100)


# -- the command -----------------------------------------------------------------------------------

def _triples(tmp_path: Path) -> Path:
    rows = [
        {"doc": "d1", "subject": "Amazon", "subject_id": "amazon", "subject_type": "Company",
         "predicate": "pitched", "object": ICE_NAME, "object_id": "us-ice",
         "object_type": "GovernmentBody", "object_aliases": ["ICE"], "negated": False,
         "evidence": "Amazon pitched ICE.", "confidence": 0.8, "span": [0, 19]},
        {"doc": "d1", "subject": ICE_NAME, "subject_id": "us-ice", "subject_type": "GovernmentBody",
         "subject_aliases": ["ICE"], "predicate": "contractedWith", "object": "Amazon Web Services",
         "object_id": "aws", "object_type": "Company", "negated": True,
         "evidence": "ICE does not have a contract with AWS.", "confidence": 0.8, "span": [20, 58]},
    ]
    path = tmp_path / "triples.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_draws_html_and_png_from_triples(tmp_path, capsys):
    from graphbuild.cli import main

    html, png = tmp_path / "g.html", tmp_path / "g.png"
    code = main(["viz", "--triples", str(_triples(tmp_path)), "-o", str(html), "--png", str(png),
                 "--focus", "ice", "--hops", "1"])
    assert code == 0
    data = page_data(html.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"Amazon", "ICE", "Amazon Web Services"}
    assert any(e["label"] == "not contractedWith" for e in data["edges"])
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "drew 3 entities and 2 edges" in capsys.readouterr().err


def test_cli_unknown_focus_is_a_usage_error(tmp_path, capsys):
    from graphbuild.cli import main

    assert main(["viz", "--triples", str(_triples(tmp_path)), "-o", str(tmp_path / "g.html"),
                 "--focus", "Amazn"]) == 2
    assert "did you mean: Amazon" in capsys.readouterr().err
    assert not (tmp_path / "g.html").exists()


def test_cli_needs_exactly_one_input(tmp_path, capsys):
    from graphbuild.cli import main

    assert main(["viz", "-o", str(tmp_path / "g.html")]) == 2
    assert main(["viz", "--triples", str(_triples(tmp_path)), "--store", str(tmp_path), "-o",
                 str(tmp_path / "g.html")]) == 2
    assert "exactly one input" in capsys.readouterr().err


def test_big_graphs_draw_without_scipy_and_quickly(tmp_path):
    """networkx hands components over 500 nodes to scipy, which graphbuild does not depend on."""
    import random

    rng = random.Random(3)
    g = nx.MultiDiGraph()
    n = 700
    for i in range(n):
        g.add_node(i, name=f"Entity {i}", type="Company" if i % 2 else "GovernmentBody", aliases=[])
    for i in range(1, n):  # one connected component
        _edge(g, i, rng.randrange(i), "uses", negated=i % 40 == 0)
    data = graph_data(g)
    assert len({(node["x"], node["y"]) for node in data["nodes"]}) == n
    out = to_png(g, tmp_path / "big.png", size=(6, 4), dpi=60)
    assert out.stat().st_size > 1000


def test_overlapping_labels_are_pushed_apart():
    from graphbuild.viz.html import LABEL_ROOM_Y, _separate

    out = _separate({"a": (300.0, 300.0), "b": (310.0, 302.0), "c": (600.0, 300.0)},
                    {"a": 120.0, "b": 120.0, "c": 50.0})
    (ax, ay), (bx, by) = out["a"], out["b"]
    assert abs(bx - ax) >= 119 or abs(by - ay) >= LABEL_ROOM_Y - 1
    assert math.dist(out["c"], (600.0, 300.0)) < 1  # far from the others: left where it was


def test_cli_draws_a_store(tmp_path):
    from graphbuild.cli import main
    from graphbuild.model import (
        Document,
        DocumentGraph,
        Entity,
        EntityType,
        Evidence,
        Predicate,
        Relation,
    )
    from graphbuild.sinks.store import GraphStore

    text = "Amazon pitched ICE. ICE does not have a contract with AWS."
    amazon = Entity("amazon", "Amazon", EntityType.COMPANY)
    ice = Entity("us-ice", ICE_NAME, EntityType.GOVERNMENT_BODY, ("ICE",))
    aws = Entity("aws", "Amazon Web Services", EntityType.COMPANY, ("AWS",))
    rels = (Relation("amazon", Predicate.PITCHED, "us-ice", Evidence("d1", text[:19], 0, 19, "test", 0.9)),
            Relation("us-ice", Predicate.CONTRACTED_WITH, "aws",
                     Evidence("d1", text[20:], 20, len(text), "test", 0.9), negated=True))
    with GraphStore(tmp_path / "store") as store:
        write_resolved(store, [DocumentGraph(Document("d1", text, title="T"), (amazon, ice, aws), rels)])
    html = tmp_path / "g.html"
    assert main(["viz", "--store", str(tmp_path / "store"), "-o", str(html), "--focus", "ICE"]) == 0
    data = page_data(html.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"Amazon", "ICE", "Amazon Web Services"}
    assert sorted(e["label"] for e in data["edges"]) == ["not contractedWith", "pitched"]
    assert main(["viz", "--store", str(tmp_path / "missing"), "-o", str(html)]) == 3  # a store error
