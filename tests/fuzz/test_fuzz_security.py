"""Fuzz tier: hypothesis over the ingest readers, the endpoint's query check and request
parsing, and the exporters. Bounded in examples and time so it runs in CI."""

from __future__ import annotations

import io
import socket
import string
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.builder import write_resolved
from graphbuild.ingest import iter_documents
from graphbuild.ingest.ids import IdRegistry, clean_id
from graphbuild.ingest.readers import Failure
from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.networkx import kg_to_networkx
from graphbuild.serve import make_server
from graphbuild.serve.guard import QueryRefused, check_query
from graphbuild.sinks.export import write_network
from graphbuild.sinks.store import GraphStore

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


# ingest ---------------------------------------------------------------------------------------

@FAST
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".md"]))
def test_readers_yield_documents_or_reasons_never_raise(tmp_path_factory, data: bytes, suffix: str) -> None:
    f = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    f.write_bytes(data)
    for item in iter_documents([f]):
        assert isinstance(item, Document | Failure)
        if isinstance(item, Document):
            assert item.id and "/" not in item.id and item.text.strip()


@FAST
@given(names=st.lists(text, min_size=1, max_size=12))
def test_ids_are_unique_and_clean(names: list[str]) -> None:
    reg = IdRegistry()
    ids = [reg.assign(clean_id(n), f"src{i}") for i, n in enumerate(names)]
    assert len(set(ids)) == len(ids)
    assert all(ch not in i for i in ids for ch in " /\n\x1b\u202e")


# the query check ------------------------------------------------------------------------------

fragments = st.sampled_from(["{", "}", "(", ")", "'", '"', "'''", "#", "\n", "<", ">", "<http://x/>",
                             "SERVICE", "service", " ", "?s", "ex:a\\'b", "\\", "PREFIX ex: <http://e/>",
                             "SELECT", "*", "WHERE", "FILTER", "a"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(fragments, max_size=40))
def test_check_query_never_fails_unexpectedly(parts: list[str]) -> None:
    query = " ".join(parts)
    try:
        shape = check_query(query, check_services=True)
    except QueryRefused as exc:
        assert exc.status in (400, 403, 413)
    else:
        assert not shape.services  # any SERVICE it saw was refused
        assert shape.depth <= sum(query.count(c) for c in "{([")


@settings(max_examples=150, deadline=None)
@given(prefix=st.lists(fragments.filter(lambda f: f not in ("'", '"', "'''", "#", "\\", "<")), max_size=10),
       target=st.sampled_from(["<http://127.0.0.1:9/>", "?e", "ex:x", "SILENT <http://127.0.0.1:9/>"]))
def test_a_real_service_clause_is_always_seen(prefix: list[str], target: str) -> None:
    query = " ".join(prefix) + f" SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefused):
        check_query(query, check_services=True, max_depth=10_000)


# the endpoint's request parsing ----------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzzserve") / "graph"
    with GraphStore(path) as store:
        write_resolved(store, [])
    srv = make_server(path, port=0, timeout=5, workers=1, read_timeout=1.0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[:2]
    srv.shutdown()
    srv.server_close()
    srv.endpoint.close()


header_values = st.text(string.printable.replace("\r", "").replace("\n", ""), max_size=30)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(["GET", "POST", "HEAD", "PUT", "OPTIONS", "G\x00T"]),
       path=st.sampled_from(["/sparql", "/", "/update", "/../etc", "/sparql?query=ASK%7B%7D", "/sparql?query=%ZZ"]),
       headers=st.lists(st.tuples(st.sampled_from(["Content-Length", "Transfer-Encoding", "Content-Type",
                                                    "Host", "Accept", "X-Junk"]), header_values), max_size=5),
       body=st.binary(max_size=200))
def test_any_request_gets_an_answer_or_a_close_and_the_server_lives(server, method, path, headers, body) -> None:
    host, port = server
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(head.encode("latin-1", "replace") + body)
        s.shutdown(socket.SHUT_WR)
        answer = s.recv(16)
    assert answer == b"" or answer.startswith(b"HTTP/1.")
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert s.recv(12).startswith(b"HTTP/1.1 200")


# exporters --------------------------------------------------------------------------------------

def _graph(s_name: str, o_name: str, sentence: str) -> DocumentGraph:
    sentence = sentence or "x"
    doc = Document("d", sentence, title=s_name)
    s = Entity(entity_id(s_name or "s", EntityType.COMPANY), s_name or "s", EntityType.COMPANY, (o_name,))
    o = Entity(entity_id(o_name or "o", EntityType.PERSON), o_name or "o", EntityType.PERSON)
    rel = Relation(s.id, Predicate.OTHER, o.id, Evidence("d", sentence, 0, len(sentence), "x", 0.5), False, "bribe")
    return DocumentGraph(doc, (s, o) if s.id != o.id else (s,), (rel,) if s.id != o.id else ())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s_name=text, o_name=text, sentence=text, fmt=st.sampled_from(["graphml", "gexf"]))
def test_network_exports_always_parse(tmp_path_factory, s_name, o_name, sentence, fmt) -> None:
    out = tmp_path_factory.mktemp("net") / f"g.{fmt}"
    write_network(kg_to_networkx(KnowledgeGraph.from_documents([_graph(s_name, o_name, sentence)])), out, fmt)
    ET.parse(out)
    (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s_name=text, o_name=text, sentence=text,
       fmt=st.sampled_from([("ttl", "turtle"), ("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")]))
def test_rdf_exports_always_parse(tmp_path_factory, s_name, o_name, sentence, fmt) -> None:
    out = tmp_path_factory.mktemp("rdf") / f"g.{fmt[0]}"
    with GraphStore(None) as store:
        write_resolved(store, [_graph(s_name, o_name, sentence)])
        store.export(out)
    rdflib.Dataset().parse(io.BytesIO(out.read_bytes()), format=fmt[1])
    assert not list(Path(out.parent).glob("*.part"))
