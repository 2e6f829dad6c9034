"""The browse and search pages on a real served store: search -> entity -> evidence, escaping,
values bound as terms, read-only."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
import served_store
from served_store import HOSTILE_NAME, HOSTILE_SENTENCE, Page, Running, fetch

from graphbuild.serve import make_server

# the served store's fixtures (a conftest.py here would shadow tests/security's)
served = served_store.served
store_path = served_store.store_path

pytestmark = pytest.mark.store


def test_search_entity_evidence_walk(served):
    status, headers, body = served.get("/?" + urlencode({"q": "customs"}))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = Page(body)
    href = page.link("U.S. Immigration and Customs Enforcement")
    assert href == "/entity/us-ice"
    assert "GovernmentBody" in body

    status, _, body = served.get(href)
    assert status == 200
    entity = Page(body)
    text = "".join(entity.text)
    assert "Also called" in text and "Immigration and Customs Enforcement" in text
    assert ("http://www.wikidata.org/entity/Q1137094", "Wikidata Q1137094") in entity.links
    for predicate in ("pitched", "contractedWith", "sued"):
        assert f"<h2>{predicate}</h2>" in body
    assert "denied" in text  # "ICE does not have a contract with AWS"
    evidence = [h for h, t in entity.links if t == "evidence" and "contractedWith" in h]
    assert evidence == ["/edge?s=aws&p=contractedWith&o=us-ice"]

    status, _, body = served.get(evidence[0])
    assert status == 200
    page = Page(body)
    assert "does not have a contract with Amazon Web Services" in body
    assert page.link("source") == "https://daily.example.org/contract"
    assert "2026-02-10" in body and "denied" in body and "Example Daily" in body

    status, _, body = served.get(page.link("No cloud contract"))
    assert status == 200
    article = Page(body)
    assert ("https://daily.example.org/contract", "https://daily.example.org/contract") in article.links
    assert "2 statements" in body and "Acme met with Immigration and Customs Enforcement." in body
    assert article.link("contractedWith") == "/edge?s=aws&p=contractedWith&o=us-ice"
    assert served.get("/article/nowhere")[0] == 404


def test_search_by_alias_and_prefix_first(served):
    status, _, body = served.get("/?q=ICE")
    rows = [t for h, t in Page(body).links if h.startswith("/entity/")]
    assert status == 200 and rows[0] in ("U.S. Immigration and Customs Enforcement", "ICE")
    assert "(as “ICE”)" in body


def test_front_page_lists_the_best_connected(served):
    status, _, body = served.get("/")
    assert status == 200 and Page(body).link("U.S. Immigration and Customs Enforcement") == "/entity/us-ice"


def test_hostile_names_are_shown_escaped(served):
    status, headers, body = served.get("/?" + urlencode({"q": "<script"}))
    assert status == 200
    page = Page(body)
    assert page.scripts == 0 and "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    href = page.link(HOSTILE_NAME)
    status, headers, body = served.get(href)
    assert status == 200
    page = Page(body)
    assert page.scripts == 0 and "<script>" not in body and "<img" not in body
    assert not any(name.startswith("on") for name, _ in page.attrs)
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "script-src" not in headers["Content-Security-Policy"]

    edge = next(h for h, t in page.links if t == "evidence")
    status, _, body = served.get(edge)
    page = Page(body)
    assert status == 200 and page.scripts == 0 and "<img" not in body and "<b>" not in body
    assert HOSTILE_SENTENCE in "".join(page.text)
    assert not any(h.startswith("javascript:") for h, _ in page.links)  # the article link is not a link


def test_typed_values_are_bound_not_spliced(served):
    for q in ['") } DROP ALL #', "' } UNION { ?s ?p ?o } #", "\\", "?q"]:
        status, _, body = served.get("/?" + urlencode({"q": q}))
        assert status == 200, (q, body)
        assert "0 entities matching" in body
    status, _, body = served.get("/entity/" + quote("us-ice> ?p ?o . <x", safe=""))
    assert status in (400, 404)
    status, _, body = served.get("/edge?s=aws&p=" + quote("pitched> ; ?x <y") + "&o=us-ice")
    assert status == 400


def test_drawing_of_the_neighbourhood(served):
    status, headers, body = served.get("/drawing/us-ice")
    assert status == 200 and "data-graph-ready" in body or "graph-data" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert served.get("/drawing/nobody")[0] == 404


def test_pages_are_read_only(served):
    for path in ("/review", "/entity/us-ice", "/edge"):
        status, _, _ = fetch(served.base + path, data=b"assertion=x&decision=reject")
        assert status in (403, 404, 405)


def test_sparql_still_at_its_paths(served):
    status, headers, _ = served.get("/?query=" + quote("ASK { ?s ?p ?o }"))
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert served.get("/nowhere")[0] == 404


def test_without_the_pages(store_path):
    running = Running(make_server(store_path, port=0, workers=1, browse=False))
    try:
        assert running.get("/entity/us-ice")[0] == 404
        assert running.get("/?q=ICE")[0] == 400  # "/" is the endpoint again: a query is missing
        assert running.query("ASK { ?s ?p ?o }")[0] == 200
    finally:
        running.stop()


def test_search_finds_sentences_and_links_their_edges(served):
    status, _, body = served.get("/?" + urlencode({"q": "Rekognition service in June"}))
    assert status == 200
    page = Page(body)
    assert "Sentences containing" in "".join(page.text)
    assert any("Amazon pitched ICE on its Rekognition service in June." in t for t in page.text)
    edges = [h for h, _ in page.links if h.startswith("/edge?")]
    assert edges, "each sentence links its edge"
    status, _, evidence = served.get(edges[0])
    assert status == 200 and "Rekognition service in June" in evidence


def test_a_sentence_search_is_bound_as_a_value(served):
    status, _, body = served.get("/?" + urlencode({"q": '") } UNION { ?a ?b ?c } #'}))
    assert status == 200
    assert "No evidence sentence contains it." in body


def test_an_entity_page_exports_its_edges_as_csv(served):
    import csv
    import io

    status, _, body = served.get("/?" + urlencode({"q": "customs"}))
    href = Page(body).link("U.S. Immigration and Customs Enforcement")
    status, _, entity = served.get(href)
    csv_href = Page(entity).link("These edges as CSV")
    assert csv_href == href + ".csv"
    status, headers, text = served.get(csv_href)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(r["predicate"] == "pitched" and r["object"] == href.rsplit("/", 1)[-1] for r in rows), rows
    assert all(not r["object_name"].startswith(("=", "+", "@")) for r in rows)
