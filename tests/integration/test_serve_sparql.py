"""The SPARQL 1.1 Protocol endpoint: real HTTP, SPARQLWrapper as the client."""

from __future__ import annotations

import importlib.util
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graphbuild.builder import write_resolved
from graphbuild.serve import Endpoint, make_server, negotiate
from graphbuild.sinks.store import GraphStore

pytestmark = pytest.mark.store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_serve", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)

PITCHED = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?company ?agency WHERE { ?c gb:pitched ?a . ?c skos:prefLabel ?company . ?a skos:prefLabel ?agency }"""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "graph"
    with GraphStore(path) as store:
        write_resolved(store, hm.corpus())
    server = make_server(path, port=0, timeout=5, max_rows=3)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()
    server.endpoint.close()


def client(url: str, query: str, fmt) -> object:
    w = SPARQLWrapper(url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w.query().convert()


def test_sparqlwrapper_select_json(endpoint):
    res = client(endpoint, PITCHED, JSON)
    rows = [(b["company"]["value"], b["agency"]["value"]) for b in res["results"]["bindings"]]
    assert rows == [("Amazon", "U.S. Immigration and Customs Enforcement")]


def test_sparqlwrapper_select_xml_and_csv(endpoint):
    xml = client(endpoint, PITCHED, XML)
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "Amazon"
    csv_text = client(endpoint, PITCHED, CSV).decode()
    assert csv_text.splitlines() == ["company,agency", "Amazon,U.S. Immigration and Customs Enforcement"]


def test_sparqlwrapper_post_and_ask(endpoint):
    w = SPARQLWrapper(endpoint)
    w.setMethod(POST)
    w.setQuery("ASK { GRAPH ?g { ?a <https://w3id.org/graphbuild/ontology#negated> true } }")
    w.setReturnFormat(JSON)
    assert w.query().convert()["boolean"] is True


def test_construct_as_turtle(endpoint):
    query = ("PREFIX gb: <https://w3id.org/graphbuild/ontology#> "
             "CONSTRUCT { ?s gb:pitched ?o } WHERE { ?s gb:pitched ?o }")
    data = client(endpoint, query, TURTLE)
    g = rdflib.Graph().parse(data=data, format="turtle")
    assert len(g) == 1


def test_update_is_refused(endpoint):
    w = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    w.setMethod(POST)
    w.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as err:
        w.query()
    assert "403" in str(err.value) or "read-only" in str(err.value)
    # and the graph is unchanged
    res = client(endpoint, "ASK { <urn:a> ?p ?o }", JSON)
    assert res["boolean"] is False


def test_update_through_the_query_parameter_is_a_400(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url)
    assert err.value.code == 400
    body = urllib.request.urlopen(endpoint + "?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})).read()
    assert b'"n"' in body


def test_raw_update_request_is_403(endpoint):
    req = urllib.request.Request(endpoint, data=b"DROP ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 403
    assert b"read-only" in err.value.read()


def test_row_limit_truncates_and_says_so(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"})) as resp:
        assert resp.headers["X-Graphbuild-Truncated"] == "true"
        assert len(resp.read().decode().strip().splitlines()) == 1 + 3


def test_query_timeout_gives_503():
    with GraphStore(None) as store:
        write_resolved(store, hm.corpus())
        ep = Endpoint(store, timeout=0.2, max_rows=10)
        # a cross product (3.6M rows, about 2 s) that outlasts the budget but not the test run
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        resp = ep.execute(slow)
        ep.close()
    assert resp.status == 503
    assert b"time limit" in resp.body


def test_negotiation_honours_q_values():
    offered = {"application/sparql-results+json": 1, "text/csv": 1}
    assert negotiate("text/csv;q=0.5, application/sparql-results+json", offered, "x") == \
        "application/sparql-results+json"
    assert negotiate("text/csv", offered, "application/sparql-results+json") == "text/csv"
    assert negotiate("image/png", offered, "application/sparql-results+json") == \
        "application/sparql-results+json"
