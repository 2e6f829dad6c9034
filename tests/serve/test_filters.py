"""Filters on the served pages (entity page, its drawing, its CSV and GraphML, the sentence
search): parsed and checked on the server, bound as terms, kept in the URL, and the same
answer as the drawing's filter in memory. A real store, real HTTP."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from served_store import Page, Running, hm, hostile_article

from graphbuild.builder import write_resolved
from graphbuild.serve import make_server
from graphbuild.sinks.store import GraphStore

pytestmark = pytest.mark.store

ICE = "/entity/us-ice"


def article_with_times():
    """Two statements whose sentences state their time: a year, and a period open at its start
    (published long after both)."""
    from graphbuild.model import Document, DocumentGraph, Evidence, Predicate, Relation
    from graphbuild.model.records import EventTime

    lobbied, studied = "In 2019 Acme Analytics lobbied ICE.", "Until mid-2018 the ACLU had studied ICE."
    text = f"Lobbying\n\n{lobbied} {studied}"
    doc = Document("lobbying", text, title="Lobbying", source="Example Wire", published="2026-05-01")

    def rel(s, p, o, sentence, when):
        start = text.index(sentence)
        return Relation(s.id, p, o.id, Evidence(doc.id, sentence, start, start + len(sentence), hm.X, 0.8, when))

    return DocumentGraph(doc, (hm.ACME_FULL, hm.ICE_FULL, hm.ACLU), (
        rel(hm.ACME_FULL, Predicate.LOBBIED, hm.ICE_FULL, lobbied,
            EventTime("In 2019", "2019", "year", "2019-01-01", "2019-12-31")),
        rel(hm.ACLU, Predicate.STUDIED, hm.ICE_FULL, studied,
            EventTime("Until mid-2018", "../2018-06", "month", "", "2018-06-30")),
    ))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The served corpus, a later article restating Amazon's pitch with a higher confidence, and
    statements whose sentences say when they held."""
    path = tmp_path_factory.mktemp("filters") / "graph"
    with GraphStore(path) as st:
        write_resolved(st, [*hm.corpus(), hm.article_second_pitch(), hostile_article(), article_with_times()])
    return path


@pytest.fixture(scope="module")
def served(store):
    running = Running(make_server(store, port=0, workers=1, timeout=10))
    yield running
    running.stop()


def edges(served, path: str = ICE, **filters: str) -> set[tuple[str, str, str, str]]:
    """(subject, predicate, object, negated) of the entity's CSV export under ``filters``."""
    status, _, text = served.get(f"{path}.csv?{urlencode(filters)}")
    assert status == 200, text
    return {(r["subject"], r["predicate"], r["object"], r["negated"]) for r in csv.DictReader(io.StringIO(text))}


def predicates(served, **filters: str) -> set[str]:
    return {p for _, p, _, _ in edges(served, **filters)}


def test_each_filter_keeps_its_statements(served):
    everything = predicates(served)
    assert everything == {"pitched", "supplied", "contractedWith", "metWith", "criticized", "sued", "lobbied",
                          "studied"}
    assert predicates(served, predicates="commercial") == {"pitched", "supplied", "contractedWith"}
    assert predicates(served, predicates="legal") == {"sued"}
    assert predicates(served, predicates="pitched,sued") == {"pitched", "sued"}
    # publication days: pitch 2026-01-05, contract 2026-02-10, exchange 2026-03-01, second pitch
    # and the hostile article 2026-04-01
    assert predicates(served, since="2026-02", until="2026-03") == {"contractedWith", "metWith", "criticized"}
    assert predicates(served, since="2026-04-01") == {"pitched", "sued"}
    assert predicates(served, since="2027") == set()
    # the time a sentence states wins over the publication day (2026-05-01 for these two)
    assert predicates(served, until="2026-01") == {"pitched", "supplied", "lobbied", "studied"}
    assert predicates(served, since="2019", until="2019") == {"lobbied"}
    assert predicates(served, until="2018") == {"studied"}
    assert predicates(served, since="2018-07", until="2019-06-30") == {"lobbied"}
    # the outlet named by the article, or its web host, any case
    assert predicates(served, source="example daily") == {"contractedWith", "metWith"}
    assert predicates(served, source="daily.example.org") == {"contractedWith", "metWith"}
    assert predicates(served, source="NEWS.example.org") == {"pitched", "supplied"}
    assert predicates(served, source="example") == set()
    assert edges(served, negated="1") == {("aws", "contractedWith", "us-ice", "true")}  # symmetric: ids in order
    assert predicates(served, min_confidence="0.85") == {"pitched"}  # the second pitch: 0.9
    assert predicates(served, predicates="commercial", since="2026-04") == {"pitched"}


def test_filtered_counts_are_those_of_the_statements_kept(served):
    def pitched(**filters: str) -> dict[str, str]:
        _, _, text = served.get(f"{ICE}.csv?{urlencode(filters)}")
        return next(r for r in csv.DictReader(io.StringIO(text)) if r["predicate"] == "pitched")

    assert pitched()["sentences"] == "2" and pitched()["articles"] == "2"
    assert pitched(min_confidence="0.85")["sentences"] == "1"
    assert pitched(until="2026-02")["best_confidence"].startswith("0.8")


@pytest.mark.parametrize("filters", [
    {}, {"predicates": "commercial"}, {"since": "2026-02", "until": "2026-03-01"}, {"source": "Example Wire"},
    {"source": "daily.example.org"}, {"negated": "1"}, {"min_confidence": "0.85"},
    {"predicates": "communication", "until": "2026-02-28"}, {"since": "2018-06-30", "until": "2019-01-01"},
    {"source": "example wire", "until": "2019"},
])
def test_the_pages_and_the_drawing_filter_alike(served, store, filters):
    """The page's SPARQL filter and the drawing's filter in memory (the code of viz) agree."""
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.serve.ui.filters import ViewFilter

    view = ViewFilter.from_params({k: [v] for k, v in filters.items()})
    with GraphStore(store, read_only=True) as st:
        graph = kg_to_networkx(view.apply(st.to_knowledge_graph()))
    drawn = {(u, d["predicate"], v, "true" if d["negated"] else "false")
             for u, v, d in graph.edges(data=True) if "us-ice" in (u, v)}
    assert edges(served, **filters) == drawn


def test_the_filter_is_in_the_url_the_form_and_the_links(served):
    query = {"predicates": "commercial", "since": "2026", "source": "Example Wire", "min_confidence": "0.5",
             "negated": ""}
    status, _, body = served.get(f"{ICE}?{urlencode(query)}")
    assert status == 200
    page = Page(body)
    kept = {"predicates": ["commercial"], "since": ["2026"], "source": ["Example Wire"], "min_confidence": ["0.5"]}
    for label in ("Draw its neighbourhood", "These edges as CSV", "as GraphML", "Amazon"):
        href = page.link(label)
        assert parse_qs(urlsplit(href).query) == kept, (label, href)
    assert page.link("clear") == ICE
    text = "".join(page.text)
    assert "Filtered: held from 2026; predicates" in text and "source Example Wire" in text
    assert "confidence ≥ 0.5" in text
    # the form shows the values it was given (submitting it again gives the same view)
    assert '<option value="commercial" selected>' in body
    assert 'name="since" value="2026"' in body and 'name="source" value="Example Wire"' in body
    assert 'name="min_confidence" min="0" max="1" step="0.05" value="0.5"' in body
    assert 'name="negated" value="1">' in body  # unticked
    assert "<script" not in body

    status, _, body = served.get(ICE)
    assert "Filtered:" not in body and 'class="clear"' not in body
    assert '<form class="filters" method="get" action="/entity/us-ice">' in body


def test_values_that_do_not_parse_are_refused(served):
    for query, message in [({"since": "yesterday"}, "since takes a date"),
                           ({"until": "2026-13"}, "until takes a date"),
                           ({"min_confidence": "2"}, "between 0 and 1"),
                           ({"min_confidence": "nan"}, "between 0 and 1"),
                           ({"min_confidence": "0.5; DROP"}, "between 0 and 1"),
                           ({"predicates": "bribed"}, "unknown predicate or group"),
                           ({"negated": "maybe"}, "negated is 1 or 0"),
                           ({"since": "2026-03", "until": "2026-01"}, "is after until"),
                           ({"source": "x" * 201}, "at most 200")]:
        for path in (ICE, ICE + ".csv", ICE + ".graphml", "/drawing/us-ice"):
            status, headers, body = served.get(f"{path}?{urlencode(query)}")
            assert status == 400, (path, query)
            assert message in body, (path, query, body)
            assert headers["Content-Type"].startswith("text/html")


def test_filter_values_are_bound_not_spliced(served):
    for hostile in ['") } UNION { ?s ?p ?o } #', "' || true || '", "\\", "?source", '"><script>alert(1)</script>']:
        assert edges(served, source=hostile) == set()
        status, _, body = served.get(f"{ICE}?{urlencode({'source': hostile})}")
        assert status == 200 and "No statement of this entity passes the filter." in body
        assert "<script" not in body and Page(body).scripts == 0  # echoed in the form and the note, escaped


def test_graphml_of_the_filtered_view(served):
    import networkx as nx

    status, headers, body = served.get(f"{ICE}.graphml?{urlencode({'predicates': 'commercial'})}")
    assert status == 200 and headers["Content-Type"].startswith("application/graphml+xml")
    assert 'filename="us-ice-edges.graphml"' in headers["Content-Disposition"]
    graph = nx.read_graphml(io.StringIO(body), force_multigraph=True)
    assert set(graph.nodes) == {"us-ice", "amazon", "aws", hm.ACME_FULL.id}
    assert graph.nodes["us-ice"]["name"] == "U.S. Immigration and Customs Enforcement"
    assert graph.nodes["aws"]["type"] == "Company"
    found = {(u, d["predicate"], v, d["negated"]) for u, v, d in graph.edges(data=True)}
    assert ("amazon", "pitched", "us-ice", False) in found and ("aws", "contractedWith", "us-ice", True) in found
    assert {p for _, p, _, _ in found} == {"pitched", "supplied", "contractedWith"}
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
        assert data["statements"] >= 1 and 0 < data["best_confidence"] <= 1
    assert graph.graph["filter"].startswith("predicates contractedWith")
    assert served.get("/entity/nobody.graphml")[0] == 404


def test_the_drawing_takes_the_filter(served):
    status, _, body = served.get("/drawing/us-ice?" + urlencode({"predicates": "legal"}))
    assert status == 200 and "predicates investigated, penalized, sued" in body
    full = served.get("/drawing/us-ice")[2]
    assert "Amazon" in full and "Amazon" not in body.replace("Amazon Web Services", "")
    status, _, body = served.get("/drawing/us-ice?" + urlencode({"since": "2027"}))
    assert status == 200 and "No edge of this entity passes the filter." in body
    assert Page(body).link("clear") == "/drawing/us-ice"


def test_the_sentence_search_takes_the_filter(served):
    status, _, body = served.get("/?" + urlencode({"q": "Amazon", "negated": "1"}))
    assert status == 200
    text = "".join(Page(body).text)
    assert "does not have a contract with Amazon Web Services" in text
    assert "Amazon pitched ICE" not in text
    assert Page(body).link("clear") == "/?q=Amazon"
    assert 'type="hidden" name="q" value="Amazon"' in body  # the form keeps the search
    status, _, body = served.get("/?" + urlencode({"q": "Amazon"}))
    assert "Amazon pitched ICE" in body and "Filtered:" not in body


def test_a_page_cut_at_max_rows_says_so(store):
    running = Running(make_server(store, port=0, workers=1, max_rows=2))
    try:
        status, _, body = running.get(ICE)
        assert status == 200
        assert "Showing the first 2 edges of more" in body
        status, headers, _ = running.get(ICE + ".csv")
        assert status == 200 and headers.get("X-Graphbuild-Truncated") == "true"
        status, _, body = running.get("/edge?s=amazon&p=pitched&o=us-ice")
        assert "Showing the first" not in body  # two sentences: not cut
    finally:
        running.stop()
    running = Running(make_server(store, port=0, workers=1, max_rows=1))
    try:
        status, _, body = running.get("/edge?s=amazon&p=pitched&o=us-ice")
        assert status == 200 and "Showing the first 1 sentences of more" in body
    finally:
        running.stop()


def test_the_drawing_is_drawn_again_when_the_store_changes(tmp_path):
    path = tmp_path / "graph"
    with GraphStore(path) as st:
        write_resolved(st, hm.corpus())
    running = Running(make_server(path, port=0, workers=1))
    try:
        before = running.get("/drawing/amazon")[2]
        assert "Second pitch" not in before
        assert running.get("/drawing/amazon")[2] == before  # cached: the same page
        # another writer adds an article while the store is served (no worker reads meanwhile)
        with running.server.endpoint.pool.paused(wait=10), GraphStore(path) as st:
            write_resolved(st, [hm.article_second_pitch()])
        after = running.get("/drawing/amazon")[2]
        assert "Second pitch" in after
    finally:
        running.stop()



def test_the_evidence_of_a_filtered_edge_is_filtered_too(served):
    status, _, body = served.get(f"{ICE}?{urlencode({'min_confidence': '0.85'})}")
    evidence = next(h for h, t in Page(body).links if t == "evidence" and "p=pitched" in h)
    assert parse_qs(urlsplit(evidence).query) == {"s": ["amazon"], "p": ["pitched"], "o": ["us-ice"],
                                                  "min_confidence": ["0.85"]}
    status, _, body = served.get(evidence)
    assert status == 200
    page = Page(body)
    quotes = [t for t in page.text if "pitched ICE" in t]
    assert quotes == ["Amazon pitched ICE again in the autumn."]  # 0.9; the June pitch (0.8) is left out
    assert "1 sentence" in body and "confidence ≥ 0.85" in "".join(page.text)
    assert page.link("clear") == "/edge?s=amazon&p=pitched&o=us-ice"
    assert parse_qs(urlsplit(page.link("Amazon")).query) == {"min_confidence": ["0.85"]}
    status, _, body = served.get(page.link("clear"))
    assert "2 sentences" in body and "Filtered:" not in body
    status, _, body = served.get("/edge?" + urlencode({"s": "amazon", "p": "pitched", "o": "us-ice", "since": "2027"}))
    assert status == 200 and "No statement of this edge passes the filter." in body
    assert served.get("/edge?" + urlencode({"s": "amazon", "p": "pitched", "o": "us-ice", "since": "soon"}))[0] == 400


_FIELD_VALUES = {
    "predicates": ["", "commercial", "legal", "pitched,sued", "commercialRelation", "bribed", "pitched,"],
    "since": ["", "2018", "2026-02", "2026-02-30", "2026-13", "soon", "0000", "9999-12-31"],
    "until": ["", "2019", "2026-03-01", "yesterday"],
    "source": ["", "Example Wire", "daily.example.org", "<i>Outlet</i>", '")}#'],
    "min_confidence": ["", "0", "0.85", "1", "1.5", "-0", "nan", "inf", "1e-9", "0x1"],
    "negated": ["", "1", "0", "on", "maybe"],
}


def test_any_filter_gives_a_page_or_a_reason(served, store):
    """Every combination drawn gives 200 (the filter applied) or 400 (a reason), never a 500; a
    combination that parses gives the same edges on the page's query and in memory."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from graphbuild.errors import ConfigError
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.serve.ui.filters import ViewFilter

    with GraphStore(store, read_only=True) as st_:
        kg = st_.to_knowledge_graph()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _FIELD_VALUES.items()}) | st.dictionaries(
        st.sampled_from(list(_FIELD_VALUES)), st.text(max_size=12)))
    def check(filters: dict[str, str]) -> None:
        try:
            view = ViewFilter.from_params({k: [v] for k, v in filters.items()})
        except ConfigError:
            view = None
        status, _, text = served.get(f"{ICE}.csv?{urlencode(filters)}")
        assert status == (200 if view is not None else 400), filters
        if view is not None:
            drawn = {(u, d["predicate"], v, "true" if d["negated"] else "false")
                     for u, v, d in kg_to_networkx(view.apply(kg)).edges(data=True) if "us-ice" in (u, v)}
            rows = {(r["subject"], r["predicate"], r["object"], r["negated"]) for r in csv.DictReader(io.StringIO(text))}
            assert rows == drawn, filters
        status, _, _ = served.get(f"{ICE}?{urlencode(filters)}")
        assert status == (200 if view is not None else 400), filters

    check()
