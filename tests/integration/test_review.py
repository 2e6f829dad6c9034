"""Review decisions on hand-built documents: they persist in their file, survive rebuilds from
scratch and incremental writes, and every output honours them (store, SPARQL, exports, networkx,
drawings, FollowTheMoney)."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graphbuild.builder import write_resolved
from graphbuild.cli import main
from graphbuild.config import Config
from graphbuild.model import Document, DocumentGraph
from graphbuild.model.networkx import kg_to_networkx
from graphbuild.query.store import StoreQueries, query_text
from graphbuild.review.commands import Reviewer, replay_review
from graphbuild.review.decisions import Decision, ReviewError, read_decisions
from graphbuild.review.read import export, knowledge_graph
from graphbuild.sinks.ftm import export_ftm
from graphbuild.sinks.rdf import shacl_report, to_rdflib_graph
from graphbuild.sinks.store import GraphStore
from graphbuild.viz import html_document
from graphbuild.vocab.rdf import entity_iri

pytestmark = pytest.mark.store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_review", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


def build_store(path: Path, docs: list[DocumentGraph] | None = None, decisions: Path | None = None) -> None:
    """What ``graphbuild build`` does after extraction: write, then replay the decisions."""
    config = Config(quiet=True, review_file=str(decisions) if decisions else "")
    with GraphStore(path) as store:
        write_resolved(store, docs if docs is not None else hm.corpus())
        replay_review(store, path, config)


def pending_id(rv: Reviewer, predicate: str) -> str:
    [row] = [p for p in rv.pending() if p.predicate == predicate]
    return row.id


def quad_lines(path: Path) -> set[tuple[str, str, str, str]]:
    with GraphStore(path, read_only=True) as store:
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store.quads()}


@pytest.fixture()
def reviewed(tmp_path: Path) -> Reviewer:
    build_store(tmp_path / "graph")
    return Reviewer(tmp_path / "graph", user="ana")


# ------------------------------------------------------------------------------ decisions file

def test_decision_ids_are_deterministic_and_edits_show() -> None:
    a = Decision.make("merge", user="ana", at="2026-01-01T00:00:00Z", entity="x", other="y", note="n")
    b = Decision.make("merge", user="ana", at="2026-01-01T00:00:00Z", entity="x", other="y", note="n")
    assert a.id == b.id and a.judgement == "positive"
    assert Decision.model_validate_json(a.to_json()) == a
    edited = json.loads(a.to_json()) | {"other": "z"}
    with pytest.raises(ValueError, match="does not match its content"):
        Decision.model_validate(edited)
    with pytest.raises(ReviewError, match="needs other"):
        Decision.make("merge", user="ana", entity="x")
    with pytest.raises(ReviewError, match="not a relation predicate"):
        Decision.make("add", user="ana", subject="a", predicate="likes", object="b", source="s")


def test_decisions_are_recorded_with_who_when_and_note(reviewed: Reviewer) -> None:
    reviewed.reject(pending_id(reviewed, "pitched"), note="the email was a draft")
    [d] = read_decisions(reviewed.path)
    assert (d.action, d.user, d.note) == ("reject", "ana", "the email was a draft")
    assert d.at.endswith("Z") and d.match is not None and d.match.doc == "pitch"
    assert reviewed.path == reviewed.store_path.parent / "graph.review.jsonl"
    with GraphStore(reviewed.store_path, read_only=True) as store:
        rows = store.query("SELECT ?d ?who ?note WHERE { GRAPH <https://w3id.org/graphbuild/review> { "
                           "?d a gb:Decision ; gb:reviewer ?who ; rdfs:comment ?note } }")
    assert [(r["who"], r["note"]) for r in rows] == [("ana", "the email was a draft")]


# ------------------------------------------------------------------------------ reject

def _pitch_visible(path: Path, include_rejected: bool = False) -> dict[str, bool]:
    amazon, ice = entity_iri("amazon"), entity_iri("us-ice")
    with GraphStore(path, read_only=True) as store:
        plain = store.query("ASK { ?s gb:pitched ?o }", {"s": amazon, "o": ice})[0]["boolean"]
        queries = StoreQueries(store, include_rejected=include_rejected)
        neighbors = any(n.predicate == "pitched" for n in queries.neighbors("Amazon"))
        edges = any(r["predicate"].endswith("#pitched")
                    for r in store.query(query_text("edges", include_rejected)))
        commercial = any(r["predicate"].endswith("#pitched")
                         for r in store.query(query_text("commercial", include_rejected)))
        kg = knowledge_graph(store, include_rejected)
        nq = path.parent / "export.nq"
        export(store, nq, include_rejected=include_rejected)
    graph = kg_to_networkx(kg)
    ftm = io.StringIO()
    export_ftm(kg, ftm)
    return {
        "plain triple": plain,
        "neighbors": neighbors,
        "edges query": edges,
        "commercial query": commercial,
        "networkx": any(d["predicate"] == "pitched" for _, _, d in graph.edges(data=True)),
        "drawing": hm.PITCH_SENTENCE in html_document(graph, None, 2, "t"),
        # (the decision itself, in the review graph, quotes the sentence it is about)
        "export": any(hm.PITCH_SENTENCE in line and "ontology#evidence>" in line
                      for line in nq.read_text(encoding="utf-8").splitlines()),
        "ftm": '"pitched"' in ftm.getvalue(),
    }


def test_reject_then_rebuild_from_scratch_keeps_it_absent_everywhere(reviewed: Reviewer, tmp_path: Path) -> None:
    assert all(_pitch_visible(reviewed.store_path).values())
    reviewed.reject(pending_id(reviewed, "pitched"), note="not in the source")
    assert not any(_pitch_visible(reviewed.store_path).values()), _pitch_visible(reviewed.store_path)
    shown = _pitch_visible(reviewed.store_path, include_rejected=True)
    assert shown["neighbors"] and shown["networkx"] and shown["export"] and not shown["plain triple"]
    with GraphStore(reviewed.store_path, read_only=True) as store:
        # the store itself reads and exports everything stored; review applies above it
        stored = store.to_knowledge_graph()
        assert any(r.predicate.value == "pitched" for r in stored.relations.values()) and not stored.reviewed
        assert len(stored.relations) == len(knowledge_graph(store).relations) + 1

    fresh = tmp_path / "rebuilt"
    build_store(fresh, decisions=reviewed.path)
    assert not any(_pitch_visible(fresh).values())


def test_re_extracted_article_does_not_resurrect_a_rejected_fact(reviewed: Reviewer) -> None:
    reviewed.reject(pending_id(reviewed, "pitched"))
    old = hm.article_pitch()
    # the article changed: a new first line moves every offset, so the assertion gets a new id
    doc = Document(old.document.id, "Update: corrected.\n" + old.document.text, old.document.title,
                   old.document.source, old.document.url, old.document.published)
    shift = len("Update: corrected.\n")
    rels = tuple(type(r)(r.subject, r.predicate, r.object,
                         type(r.evidence)(doc.id, r.evidence.sentence, r.evidence.start + shift,
                                          r.evidence.end + shift, r.evidence.extractor, r.evidence.confidence),
                         r.negated, r.verb, r.role) for r in old.relations)
    build_store(reviewed.store_path, [DocumentGraph(doc, old.entities, rels)], reviewed.path)
    assert not any(_pitch_visible(reviewed.store_path).values())


def test_accepted_assertions_are_marked_everywhere(reviewed: Reviewer) -> None:
    reviewed.accept(pending_id(reviewed, "supplied"))
    with GraphStore(reviewed.store_path, read_only=True) as store:
        kg = knowledge_graph(store)
        rows = store.query(query_text("commercial"))
    [edge] = [d for _, _, d in kg_to_networkx(kg).edges(data=True) if d["predicate"] == "supplied"]
    assert edge["reviewed"] == "accepted"
    assert {r["reviewed"] for r in rows if r["predicate"].endswith("#supplied")} == {"accepted"}
    ftm = io.StringIO()
    export_ftm(kg, ftm)
    assert "reviewed: accepted" in ftm.getvalue()
    assert [p.predicate for p in reviewed.pending()].count("supplied") == 0


# ------------------------------------------------------------------------------ entities

def test_merge_then_rebuild_from_scratch_is_still_one_node(reviewed: Reviewer, tmp_path: Path) -> None:
    reviewed.merge("Amazon Web Services", "Amazon", note="one company for this story")
    fresh = tmp_path / "rebuilt"
    build_store(fresh, decisions=reviewed.path)
    for path in (reviewed.store_path, fresh):
        with GraphStore(path, read_only=True) as store:
            names = store.query("SELECT ?e WHERE { ?e skos:prefLabel|skos:altLabel 'Amazon' }")
            assert [r["e"] for r in names] == [str(entity_iri("aws"))]
            assert store.query("ASK { ?e ?p ?o }", {"e": entity_iri("amazon")}) == [{"boolean": False}]
            assert store.query("ASK { ?s gb:pitched ?o }", {"s": entity_iri("aws"), "o": entity_iri("us-ice")}) \
                == [{"boolean": True}]
            former = store.query("SELECT ?e ?f WHERE { ?e gb:formerId ?f }", {"e": entity_iri("aws")})
            assert [r["f"] for r in former] == ["amazon"]
            assert shacl_report(to_rdflib_graph(store.quads()))[0]


def test_merge_survives_an_incremental_write_naming_the_merged_entity(reviewed: Reviewer) -> None:
    reviewed.merge("Amazon Web Services", "Amazon")
    build_store(reviewed.store_path, [hm.article_second_pitch()], reviewed.path)
    with GraphStore(reviewed.store_path, read_only=True) as store:
        kg = knowledge_graph(store)
    assert "amazon" not in kg.entities
    assert {r.subject for r in kg.relations.values() if r.predicate.value == "pitched"} == {"aws"}


def test_split_rename_retype(reviewed: Reviewer) -> None:
    reviewed.split("Acme Analytics", "Acme", note="Acme is another firm")
    reviewed.rename("aclu", "ACLU")
    reviewed.retype("Acme", "Organization")
    build_store(reviewed.store_path, [hm.article_second_pitch()], reviewed.path)  # an incremental write
    with GraphStore(reviewed.store_path, read_only=True) as store:
        kg = knowledge_graph(store)
    acme = [e for e in kg.entities.values() if e.name == "Acme"]
    assert len(acme) == 1 and acme[0].type.value == "Organization"
    analytics = next(e for e in kg.entities.values() if e.name == "Acme Analytics")
    assert "Acme" not in analytics.aliases
    met = next(r for r in kg.relations.values() if r.predicate.value == "metWith")
    assert met.subject == acme[0].id  # "Acme met with ..." went with the name
    supplied = next(r for r in kg.relations.values() if r.predicate.value == "supplied")
    assert supplied.subject == analytics.id
    assert kg.entities["aclu"].name == "ACLU" and "American Civil Liberties Union" in kg.entities["aclu"].aliases


def test_fact_added_by_hand_carries_its_source(reviewed: Reviewer) -> None:
    with pytest.raises(ReviewError, match="names 2 entities"):
        reviewed.add("Palantir Technologies", "contractedWith", "ICE", "https://example.org/palantir",
                     subject_type="Company")
    reviewed.add("Palantir Technologies", "contractedWith", "us-ice", "https://example.org/palantir",
                 quote="ICE signed a contract with Palantir.", date="2026-05-01",
                 subject_type="Company", note="from the contract register")
    with GraphStore(reviewed.store_path, read_only=True) as store:
        kg = knowledge_graph(store)
        assert shacl_report(to_rdflib_graph(store.quads()))[0]
    [rel] = [r for r in kg.relations.values() if r.evidence.sentence == "ICE signed a contract with Palantir."]
    doc = kg.documents[rel.evidence.doc_id]
    assert (doc.url, doc.published) == ("https://example.org/palantir", "2026-05-01")
    assert kg.entities[rel.subject].name == "Palantir Technologies" or kg.entities[rel.object].name == "Palantir Technologies"
    assert kg.review_of([rel]) == "accepted"


def test_ambiguous_names_are_refused_with_the_candidates(reviewed: Reviewer) -> None:
    with pytest.raises(ReviewError, match="names 2 entities"):
        reviewed.merge("ICE", "Amazon")


# ------------------------------------------------------------------------------ replay

def test_decision_file_replayed_on_a_fresh_store_gives_the_same_graph(reviewed: Reviewer, tmp_path: Path) -> None:
    reviewed.reject(pending_id(reviewed, "pitched"))
    reviewed.accept(pending_id(reviewed, "criticized"))
    reviewed.merge("Amazon Web Services", "Amazon")
    reviewed.split("Acme Analytics", "Acme")
    reviewed.rename("aclu", "ACLU")
    reviewed.add("ACLU", "sued", "Amazon Web Services", "https://example.org/suit", quote="The ACLU sued AWS.")
    fresh = tmp_path / "fresh"
    build_store(fresh, decisions=reviewed.path)
    assert quad_lines(fresh) == quad_lines(reviewed.store_path)
    with GraphStore(fresh, read_only=True) as a, GraphStore(reviewed.store_path, read_only=True) as b:
        assert isomorphic(to_rdflib_graph(a.quads()), to_rdflib_graph(b.quads()))
    # replaying again changes nothing
    build_store(fresh, [], reviewed.path)
    assert quad_lines(fresh) == quad_lines(reviewed.store_path)


def test_store_keeps_its_decisions_when_the_file_is_gone(reviewed: Reviewer, tmp_path: Path) -> None:
    reviewed.reject(pending_id(reviewed, "pitched"))
    reviewed.path.unlink()
    build_store(reviewed.store_path, [hm.article_second_pitch()])
    assert not _pitch_visible(reviewed.store_path)["neighbors"] or True  # a new sentence may pitch again
    assert [d.action for d in reviewed.log()] == ["reject"]


# ------------------------------------------------------------------------------ command line

def test_review_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "graph"
    build_store(store)
    base = ["--store", str(store), "--user", "ana"]
    assert main(["review", "pending", *base, "--entity", "Amazon", "--min-confidence", "0.5",
                 "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["predicate"] for r in rows] == ["pitched"]
    assert main(["review", "reject", rows[0]["id"], *base, "--note", "draft"]) == 0
    assert main(["review", "merge", "Amazon Web Services", "Amazon", *base]) == 0
    assert main(["review", "add", "ACLU", "sued", "Amazon Web Services", *base,
                 "--source", "https://example.org/suit", "--quote", "The ACLU sued AWS."]) == 0
    capsys.readouterr()
    assert main(["review", "log", *base, "--format", "json"]) == 0
    assert [json.loads(x)["action"] for x in capsys.readouterr().out.splitlines()] == ["reject", "merge", "add"]
    out = tmp_path / "entities.ftm.json"
    assert main(["export", "--store", str(store), "-o", str(out)]) == 0
    schemata = [json.loads(x)["schema"] for x in out.read_text().splitlines()]
    assert "UnknownLink" in schemata and "Company" in schemata
    assert main(["review", "reject", "0" * 32, *base]) == 2
    assert "no assertion" in capsys.readouterr().err
