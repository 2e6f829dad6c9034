"""Scale-free graphs shaped like a news corpus (a few hubs, many leaves), for the drawing
tests and measurements."""

from __future__ import annotations

import random

import networkx as nx

TYPES = ["Company", "GovernmentBody", "Organization", "Person", "Group", "Product", "Location"]
PREDICATES = ["pitched", "contractedWith", "supplied", "criticized", "partOf", "studied", "uses"]


def synthetic_graph(n: int, seed: int = 3) -> nx.MultiDiGraph:
    """A scale-free graph of ``n`` entities like a news corpus: a few hubs, many leaves."""
    rnd = random.Random(seed)
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    g = nx.MultiDiGraph()
    for v in base.nodes:
        g.add_node(f"e{v}", name=f"{rnd.choice(['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark'])} "
                               f"{rnd.choice(['Holdings', 'Agency', 'Labs', 'Office', 'Group'])} {v}",
                   type=TYPES[v % len(TYPES)], aliases=[], qid=f"Q{1000 + v}" if v % 5 == 0 else "")
    for u, v in base.edges:
        pred = rnd.choice(PREDICATES)
        negated = rnd.random() < 0.08
        g.add_edge(f"e{u}", f"e{v}", key=f"{pred}|negated" if negated else pred, predicate=pred, negated=negated,
                   verb="", sources=[f"doc{u}"], titles=[f"Article {u}"],
                   source_urls=[f"https://news.example.org/{u}"], source_dates=["2019-05-01"],
                   evidence=[f"Entity {u} {pred} entity {v}."], count=1, confidence=0.8)
    return g
