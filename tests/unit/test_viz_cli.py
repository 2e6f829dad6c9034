"""``graphbuild viz`` filters: predicates, classes, confidence (on a store too), denials, top-N."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ICE_NAME = "U.S. Immigration and Customs Enforcement"


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from graphbuild.builder import write_resolved
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

    text = "Amazon pitched ICE. ICE does not have a contract with AWS. Antifa criticized ICE. AWS may use Rekognition."
    amazon = Entity("amazon", "Amazon", EntityType.COMPANY)
    ice = Entity("us-ice", ICE_NAME, EntityType.GOVERNMENT_BODY, ("ICE",))
    aws = Entity("aws", "Amazon Web Services", EntityType.COMPANY, ("AWS",))
    antifa = Entity("antifa", "Antifa", EntityType.GROUP)
    rek = Entity("rekognition", "Rekognition", EntityType.PRODUCT)

    def ev(a: int, b: int, conf: float) -> Evidence:
        return Evidence("d1", text[a:b], a, b, "test", conf)

    rels = (Relation("amazon", Predicate.PITCHED, "us-ice", ev(0, 19, 0.9)),
            Relation("us-ice", Predicate.CONTRACTED_WITH, "aws", ev(20, 58, 0.8), negated=True),
            Relation("antifa", Predicate.CRITICIZED, "us-ice", ev(59, 81, 0.7)),
            Relation("aws", Predicate.USES, "rekognition", ev(82, len(text), 0.3)))
    path = tmp_path_factory.mktemp("vizcli") / "store"
    with GraphStore(path) as s:
        write_resolved(s, [DocumentGraph(Document("d1", text, title="T", url="https://example.org/d1", published="2019-01-02"),
                               (amazon, ice, aws, antifa, rek), rels)])
    return path


def draw(store: Path, tmp_path: Path, *options: str) -> dict:
    from graphbuild.cli import main

    out = tmp_path / "g.html"
    assert main(["viz", "--store", str(store), "-o", str(out), *options]) == 0
    return page_data(out.read_text(encoding="utf-8"))


def edges(data: dict) -> set[tuple[str, str, bool]]:
    names = {n["id"]: n["key"] for n in data["nodes"]}
    # (subject, predicate, negated); a symmetric predicate is stored with its ends in id order
    return {(names[e["source"]], e["predicate"], e["negated"]) for e in data["edges"]}


def test_min_confidence_is_honoured_on_a_store(store, tmp_path):
    """Regression: ``viz --store --min-confidence`` was accepted and silently ignored."""
    assert ("aws", "uses", False) in edges(draw(store, tmp_path))
    data = draw(store, tmp_path, "--min-confidence", "0.5")
    assert ("aws", "uses", False) not in edges(data)
    assert "rekognition" not in {n["key"] for n in data["nodes"]}
    assert "confidence \u2265 0.5" in data["filters"]


def test_predicates_by_name_or_group(store, tmp_path):
    assert edges(draw(store, tmp_path, "--predicates", "pitched")) == {("amazon", "pitched", False)}
    got = edges(draw(store, tmp_path, "--predicates", "commercial"))
    assert got == {("amazon", "pitched", False), ("aws", "contractedWith", True)}


def test_classes_keep_edges_between_those_classes(store, tmp_path):
    got = edges(draw(store, tmp_path, "--classes", "GovernmentBody,group"))
    assert got == {("antifa", "criticized", False)}


def test_negated_only(store, tmp_path):
    assert edges(draw(store, tmp_path, "--negated-only")) == {("aws", "contractedWith", True)}


def test_max_nodes_keeps_the_focus_and_says_how_many_are_hidden(store, tmp_path):
    data = draw(store, tmp_path, "--max-nodes", "2")
    shown = [n["key"] for n in data["nodes"] if n["shown"]]
    assert len(shown) == 2 and "us-ice" in shown  # the hub
    assert data["total"] == 5
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "3 less connected entities hidden" in page
    data = draw(store, tmp_path, "--max-nodes", "1", "--focus", "Antifa", "--hops", "1")
    assert [n["key"] for n in data["nodes"] if n["shown"]] == ["antifa"]


def test_sources_carry_address_and_date(store, tmp_path):
    data = draw(store, tmp_path)
    src = data["edges"][0]["sources"][0]
    assert src["url"] == "https://example.org/d1" and src["date"] == "2019-01-02"


@pytest.mark.parametrize("options", [["--predicates", "bogus"], ["--classes", "Martian"],
                                     ["--max-nodes", "0"], ["--min-confidence", "2"]])
def test_bad_filters_are_usage_errors(store, tmp_path, capsys, options):
    from graphbuild.cli import main

    assert main(["viz", "--store", str(store), "-o", str(tmp_path / "x.html"), *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("graphbuild: error:") and "Traceback" not in err


def test_entities_not_drawn_wait_beside_the_one_they_expand_from():
    """With --max-nodes the drawn entities get the whole page; each hidden one sits near a drawn
    neighbour, so expanding it opens in place instead of at the far side of the page."""
    import math

    import networkx as nx

    from graphbuild.viz import html_document, layout

    g = nx.MultiDiGraph()
    for i in range(12):
        g.add_node(f"hub{i % 3}", name=f"Hub {i % 3}", type="GovernmentBody", aliases=[])
        g.add_node(f"leaf{i}", name=f"Leaf {i}", type="Company", aliases=[])
        g.add_edge(f"leaf{i}", f"hub{i % 3}", key="pitched", predicate="pitched", negated=False)
    g.add_edge("hub0", "hub1", key="partOf", predicate="partOf", negated=False)
    g.add_edge("hub1", "hub2", key="partOf", predicate="partOf", negated=False)
    data = page_data(html_document(g, max_nodes=3))
    nodes = {n["key"]: n for n in data["nodes"]}
    assert {k for k, n in nodes.items() if n["shown"]} == {"hub0", "hub1", "hub2"}
    drawn = layout(g.subgraph(["hub0", "hub1", "hub2"]))
    for k in ("hub0", "hub1", "hub2"):
        assert (nodes[k]["x"], nodes[k]["y"]) == drawn[k]  # laid out alone, not among 15
    hub_gap = math.dist(drawn["hub0"], drawn["hub1"])
    for i in range(12):
        leaf, hub = nodes[f"leaf{i}"], nodes[f"hub{i % 3}"]
        assert math.dist((leaf["x"], leaf["y"]), (hub["x"], hub["y"])) < hub_gap


def test_the_same_filters_on_a_networkx_graph(store):
    """Notebook users filter the graph they already hold, with the options' own rules."""
    import graphbuild
    from graphbuild.viz import Selection

    g = graphbuild.to_networkx(store)
    denials = Selection.parse(negated_only=True).apply_networkx(g)
    assert [(u, a["predicate"]) for u, _, a in denials.edges(data=True)] == [("aws", "contractedWith")]
    sure = Selection.parse(min_confidence=0.5).apply_networkx(g)
    assert "rekognition" not in sure and sure.number_of_edges() == 3
    between = Selection.parse(classes="GovernmentBody,Group").apply_networkx(g)
    assert sorted(between) == ["antifa", "us-ice"]
    assert g.number_of_edges() == 4  # the graph given is left as it was
