"""``build`` end to end with the real NLP pipeline on invented articles written for it."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

import graphbuild
from graphbuild.builder import BuildReport, build
from graphbuild.cli import main
from graphbuild.config import Config
from graphbuild.query.store import StoreQueries
from graphbuild.sinks.rdf import shacl_report, to_rdflib_graph
from graphbuild.sinks.store import GraphStore
from graphbuild.vocab.rdf import entity_iri

pytestmark = [pytest.mark.model, pytest.mark.store]

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
FILES = [ARTICLES / "pitch.txt", ARTICLES / "contract.txt", ARTICLES / "palantir.txt"]


@pytest.fixture(scope="module")
def cfg() -> Config:
    return Config(quiet=True, batch_size=1)


def quads(path: Path) -> set[str]:
    with GraphStore(path, read_only=True) as s:
        return {str(q) for q in s.quads()}


def union(path: Path) -> rdflib.Graph:
    with GraphStore(path, read_only=True) as s:
        return to_rdflib_graph(s.quads())


@pytest.fixture(scope="module")
def built(tmp_path_factory, cfg) -> Path:
    path = tmp_path_factory.mktemp("build") / "graph"
    report = build(FILES, path, cfg)
    assert report.write.documents == 3 and report.extract.failed == 0
    return path


def test_one_ice_node_with_three_names(built):
    with GraphStore(built, read_only=True) as s:
        rows = s.query("SELECT ?e ?n WHERE { ?e a gb:GovernmentBody ; skos:prefLabel|skos:altLabel ?n }")
    assert {r["e"] for r in rows} == {str(entity_iri("us-ice"))}
    assert {"U.S. Immigration and Customs Enforcement", "ICE", "Immigration and Customs Enforcement"} <= \
        {r["n"] for r in rows}


def test_pitched_edge_with_evidence_and_article(built):
    with GraphStore(built, read_only=True) as s:
        rows = StoreQueries(s).evidence("Amazon", "ICE")
    pitched = [r for r in rows if r.predicate == "pitched" and not r.negated]
    assert pitched and all(r.doc_id == "pitch" for r in pitched)
    assert "Amazon pitched ICE in a meeting in Redwood City." in {r.sentence for r in pitched}
    assert pitched[0].doc_title == "Amazon pitched ICE on face recognition"


def test_negated_contract_only_as_statement(built):
    with GraphStore(built, read_only=True) as s:
        ice, aws = entity_iri("us-ice"), entity_iri("aws")
        plain = s.query("SELECT * WHERE { { ?a gb:contractedWith ?b } UNION { ?b gb:contractedWith ?a } }",
                        {"a": ice, "b": aws})
        assert plain == []
        rows = StoreQueries(s).evidence("ICE", "AWS")
    assert [(r.predicate, r.negated, r.sentence) for r in rows] == [
        ("contractedWith", True, "ICE does not have a contract with Amazon Web Services.")]


def test_build_conforms_to_shapes(built):
    conforms, text = shacl_report(union(built))
    assert conforms, text


def test_building_twice_changes_nothing_and_parses_nothing(built, cfg):
    before = union(built)
    report = build(FILES, built, cfg)
    assert report.unchanged == 3 and report.write.documents == 0
    assert report.extract.documents == 0  # unchanged articles are not even parsed
    assert isomorphic(before, union(built))


def test_incremental_equals_all_at_once(tmp_path, built, cfg):
    path = tmp_path / "inc"
    build(FILES[:1], path, cfg)
    build(FILES[1:], path, cfg)
    assert quads(path) == quads(built)


def test_interrupted_build_resumes_to_the_same_result(tmp_path, built, cfg):
    class Stop(Exception):
        pass

    def stop_after_two(graphs):
        for i, g in enumerate(graphs):
            if i == 2:
                raise Stop
            yield g

    path = tmp_path / "resumed"
    report = BuildReport()
    with pytest.raises(Stop):
        build(FILES, path, cfg, report=report, progress=stop_after_two)
    assert report.write.documents == 0  # write() had not returned; the counts live in the store
    again = build(FILES, path, cfg)
    assert again.unchanged == 2 and again.write.documents == 1
    assert quads(path) == quads(built)


def test_to_networkx_from_a_store_path(built):
    g = graphbuild.to_networkx(built)
    assert g.has_edge("amazon", "us-ice", key="pitched")
    assert g.has_edge("aws", "us-ice", key="contractedWith|negated")


def test_cli_commands(built, tmp_path, capsys):
    store = str(built)
    assert main(["neighbors", "--store", store, "ICE"]) == 0
    out = capsys.readouterr().out
    assert "pitched" in out and "NOT" in out
    assert main(["evidence", "--store", store, "Amazon", "ICE", "--format", "json"]) == 0
    assert "Redwood City" in capsys.readouterr().out
    assert main(["paths", "--store", store, "Amazon", "Palantir", "--max-hops", "3"]) == 0
    assert "-[pitched]->" in capsys.readouterr().out
    assert main(["query", "--store", store, "edges", "--format", "csv"]) == 0
    assert "gb:pitched" not in capsys.readouterr().out  # csv keeps full IRIs
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?n WHERE { ?e a gb:Company ; skos:prefLabel ?n } ORDER BY ?n")
    assert main(["query", "--store", store, str(rq), "--format", "json"]) == 0
    assert '"Amazon"' in capsys.readouterr().out
    for name in ("graph.ttl", "graph.nq", "graph.graphml"):
        assert main(["export", "--store", store, "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert main(["neighbors", "--store", store, "Nobody Inc"]) == 1
    assert main(["query", "--store", store, "SELECT WHERE {"]) == 2  # the query's fault: a usage error, explained
    assert main(["export", "--store", str(tmp_path / "missing"), "-o", str(tmp_path / "x.ttl")]) == 3


def test_cli_build_prints_a_summary(tmp_path, capsys):
    assert main(["build", *map(str, FILES[:1]), "--store", str(tmp_path / "g"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "1 articles added" in err
