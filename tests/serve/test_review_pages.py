"""Review buttons: only with allow_review, POST with the form token, written to the decision file."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
import served_store
from served_store import Running, fetch, hm

from graphbuild.serve import make_server
from graphbuild.sinks.store import GraphStore

# the served store's fixtures (a conftest.py here would shadow tests/security's)
served = served_store.served
store_path = served_store.store_path

pytestmark = pytest.mark.store

EDGE = "/edge?s=amazon&p=pitched&o=us-ice"


class Forms(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self.forms.append({"action": a["action"]})
        elif tag == "input" and self.forms and a.get("type") == "hidden":
            self.forms[-1][a["name"]] = a["value"]


@pytest.fixture
def reviewing(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHBUILD_REVIEWER", "ana")
    path = tmp_path / "graph"
    with GraphStore(path) as store:
        store.write(hm.corpus())
    running = Running(make_server(path, port=0, workers=1, timeout=10, allow_review=True))
    yield running, path
    running.stop()


def test_reject_from_the_evidence_page(reviewing):
    server, path = reviewing
    status, headers, body = server.get(EDGE)
    forms = Forms(body).forms
    assert status == 200 and len(forms) == 2  # accept and reject for the one sentence
    form = forms[0]
    assert form["action"] == "/review" and len(form["csrf"]) > 30 and len(form["assertion"]) == 32

    # without the token, or with another one, nothing is written
    for token in ("", "x" * 43):
        data = urlencode({"assertion": form["assertion"], "decision": "reject", "csrf": token}).encode()
        assert fetch(server.base + "/review", data=data)[0] == 403
    assert not path.with_name("graph.review.jsonl").exists()

    data = urlencode({"assertion": form["assertion"], "decision": "reject", "csrf": form["csrf"],
                      "back": EDGE}).encode()
    status, _, body = fetch(server.base + "/review", data=data)  # urllib follows the 303 to the edge
    assert status == 200 and "No statement of this edge" in body
    lines = path.with_name("graph.review.jsonl").read_text().splitlines()
    decision = json.loads(lines[-1])
    assert decision["action"] == "reject" and decision["assertion"] == form["assertion"]
    assert decision["user"] == "ana"
    # the endpoint's workers see the decision too
    status, _, body = server.query('ASK { GRAPH ?g { ?a gb:reviewStatus "rejected" } }')
    assert status == 200 and '"boolean": true' in body


def test_unknown_assertion_and_decision(reviewing):
    server, _ = reviewing
    token = Forms(server.get(EDGE)[2]).forms[0]["csrf"]
    for assertion, decision in (("ab" * 16, "reject"), ("ab" * 16, "delete"), ("x", "accept")):
        data = urlencode({"assertion": assertion, "decision": decision, "csrf": token}).encode()
        assert fetch(server.base + "/review", data=data)[0] == 400


def test_read_only_pages_have_no_buttons(served):
    status, _, body = served.get(EDGE)
    assert status == 200 and Forms(body).forms == []


def test_pages_carry_no_cors_header_even_when_the_endpoint_does(store_path):
    running = Running(make_server(store_path, port=0, workers=1, cors_origin="https://yasgui.example.org"))
    try:
        assert running.query("ASK { ?s ?p ?o }")[1].get("Access-Control-Allow-Origin") == "https://yasgui.example.org"
        status, headers, _ = running.get(EDGE)
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
    finally:
        running.stop()


def test_accept_shows_the_status(reviewing):
    server, path = reviewing
    form = Forms(server.get(EDGE)[2]).forms[0]
    data = urlencode({"assertion": form["assertion"], "decision": "accept", "csrf": form["csrf"], "back": EDGE}).encode()
    status, _, body = fetch(server.base + "/review", data=data)
    assert status == 200 and "reviewed: accepted" in body and "Amazon pitched ICE" in body
    # a back link that leaves the edge pages is not followed
    data = urlencode({"assertion": form["assertion"], "decision": "accept", "csrf": form["csrf"],
                      "back": "//evil.example.org/"}).encode()
    status, _, body = fetch(server.base + "/review", data=data)
    assert status == 200 and "Most mentioned entities" in body


def test_the_drawing_leaves_out_a_rejected_statement(reviewing):
    server, _ = reviewing
    before = server.get("/drawing/amazon")[2]
    assert "pitched" in before
    form = Forms(server.get(EDGE)[2]).forms[1]  # reject
    data = urlencode({"assertion": form["assertion"], "decision": "reject", "csrf": form["csrf"]}).encode()
    assert fetch(server.base + "/review", data=data)[0] == 200
    after = server.get("/drawing/amazon")[2]
    assert before.count("pitched") > after.count("pitched")
