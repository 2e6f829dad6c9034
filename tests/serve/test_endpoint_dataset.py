"""The endpoint's dataset: the ontology beside the articles, FROM honoured, a service description."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import served_store

from graphbuild.serve.endpoint import ONTOLOGY_GRAPH_IRI

# the served store's fixtures (a conftest.py here would shadow tests/security's)
served = served_store.served
store_path = served_store.store_path

pytestmark = pytest.mark.store

GROUPS = """SELECT DISTINCT ?group WHERE {
  GRAPH ?g { ?a rdf:predicate ?p . }
  ?p rdfs:subPropertyOf ?group . ?group rdfs:subPropertyOf gb:relation .
}"""


def values(body: str, var: str) -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"] if var in b]


def test_predicate_group_queries_answer_on_the_served_store(served):
    status, _, body = served.query(GROUPS)
    assert status == 200
    groups = {v.rsplit("#", 1)[1] for v in values(body, "group")}
    assert "commercialRelation" in groups, groups


def test_the_ontology_sits_in_its_own_named_graph_and_is_added_once(served, store_path):
    status, _, body = served.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s ?p ?o }} }}")
    first = int(values(body, "n")[0])
    assert status == 200 and first > 100
    # a second start finds it there and adds nothing
    from graphbuild.serve import make_server
    again = make_server(store_path, port=0, workers=1)
    try:
        assert again.endpoint.ontology
    finally:
        again.server_close()
        again.endpoint.close()
    assert values(served.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?s ?p ?o }} }}")[2],
                  "n") == [str(first)]


def test_from_names_the_default_graph(served):
    union = values(served.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2], "n")[0]
    only = values(served.query(f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH_IRI}> WHERE {{ ?s ?p ?o }}")[2], "n")[0]
    assert 0 < int(only) < int(union)
    # the ontology has no entities: FROM it, no entity is found
    status, _, body = served.query(f"SELECT ?e FROM <{ONTOLOGY_GRAPH_IRI}> WHERE {{ ?e skos:prefLabel ?n }}")
    assert status == 200 and values(body, "e") == []


def test_from_named_limits_graph(served):
    status, _, body = served.query(
        f"SELECT DISTINCT ?g FROM NAMED <{ONTOLOGY_GRAPH_IRI}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert status == 200 and values(body, "g") == [ONTOLOGY_GRAPH_IRI]


def test_the_protocol_default_graph_wins_over_from(served):
    status, _, body = served.query(f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH_IRI}> WHERE {{ ?s ?p ?o }}",
                                   **{"default-graph-uri": "https://example.org/none"})
    assert status == 200 and values(body, "n") == ["0"]


def test_service_description_at_the_endpoint_url(served):
    status, headers, body = served.get("/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [t.object.value for t in graph if t.predicate.value == sd + "endpoint"]
    assert endpoints == [served.url]
    assert any(t.object.value == ONTOLOGY_GRAPH_IRI for t in graph if t.predicate.value == sd + "name")


def test_errors_say_what_is_wrong(served):
    status, _, body = served.query("SELECT ?x WHERE { ?s ?p ?o ")
    assert status == 400 and body.startswith("invalid SPARQL query: error at 1:")
    assert "update" not in body
    status, _, body = served.get("/sparql?querry=ASK%7B%7D")
    assert status == 400 and "missing 'query' parameter" in body and "querry" in body


def test_without_the_ontology_the_store_is_untouched(tmp_path):
    from served_store import Running, hm

    from graphbuild.serve import make_server
    from graphbuild.sinks.store import GraphStore

    path = tmp_path / "graph"
    with GraphStore(path) as store:
        store.write(hm.corpus())
        before = len(store)
    running = Running(make_server(path, port=0, workers=1, ontology=False))
    try:
        status, _, body = running.query(GROUPS)
        assert status == 200 and values(body, "group") == []
        assert "sd:namedGraph" not in running.get("/sparql")[2]
    finally:
        running.stop()
    with GraphStore(path, read_only=True) as store:
        assert len(store) == before


def test_cli_refuses_review_without_pages(store_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "graphbuild", "serve", "--store", str(store_path), "--port", "0",
                           "--no-browse", "--allow-review"], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(root)})
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "--allow-review needs the browse pages" in done.stderr


def test_bundled_queries_answer_the_same_with_the_ontology(served, store_path):
    from pathlib import Path

    import graphbuild
    from graphbuild.sinks.store import PREFIXES

    store = ox.Store.read_only(str(store_path))
    onto = ox.NamedNode(ONTOLOGY_GRAPH_IRI)
    assert onto in set(store.named_graphs())
    others = [g for g in store.named_graphs() if g != onto]
    for path in sorted((Path(graphbuild.__file__).parent / "query" / "sparql").glob("*.rq")):
        text = path.read_text()
        with_it = sorted(map(str, store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)))
        without = sorted(map(str, store.query(text, prefixes=PREFIXES, default_graph=[ox.DefaultGraph(), *others],
                                              named_graphs=others)))
        assert with_it == without, path.name


def test_an_export_after_serving_equals_the_export_before(tmp_path):
    """Serving adds the ontology graph to the store; an export leaves it out (regression: the
    ontology leaked into every RDF / JSON-LD / N-Quads export of a served store)."""
    import rdflib
    from rdflib.compare import isomorphic
    from served_store import Running, hm

    from graphbuild.serve import make_server
    from graphbuild.sinks.rdf import shacl_report
    from graphbuild.sinks.store import GraphStore

    path = tmp_path / "graph"
    with GraphStore(path) as store:
        store.write(hm.corpus())
    formats = ("nq", "ttl", "jsonld", "graphml")
    with GraphStore(path, read_only=True) as store:
        for fmt in formats:
            store.export(tmp_path / f"before.{fmt}", fmt)
    Running(make_server(path, port=0, workers=1)).stop()
    with GraphStore(path, read_only=True) as store:
        assert next(iter(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH_IRI))),
                    None) is not None, "serve adds the ontology to the store it serves"
        for fmt in formats:
            store.export(tmp_path / f"after.{fmt}", fmt)

    def quads(name: str) -> set[ox.Quad]:
        return set(ox.parse(path=str(tmp_path / name), format=ox.RdfFormat.N_QUADS))

    assert quads("after.nq") == quads("before.nq")
    assert not any(q.graph_name == ox.NamedNode(ONTOLOGY_GRAPH_IRI) for q in quads("after.nq"))
    turtle_before, turtle_after = (rdflib.Graph().parse(tmp_path / f"{n}.ttl", format="turtle")
                                   for n in ("before", "after"))
    assert len(turtle_after) > 0 and isomorphic(turtle_before, turtle_after)
    conforms, report = shacl_report(turtle_after)
    assert conforms, report
    ld_before, ld_after = (rdflib.Dataset().parse(tmp_path / f"{n}.jsonld", format="json-ld")
                           for n in ("before", "after"))
    assert sorted(map(str, ld_before.quads())) == sorted(map(str, ld_after.quads()))
    import networkx as nx

    net_before, net_after = (nx.read_graphml(tmp_path / f"{n}.graphml", force_multigraph=True)
                            for n in ("before", "after"))
    assert sorted(net_after.nodes(data=True)) == sorted(net_before.nodes(data=True))
    assert sorted(map(repr, net_after.edges(keys=True, data=True))) == \
        sorted(map(repr, net_before.edges(keys=True, data=True)))
