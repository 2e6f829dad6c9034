"""Model records: deterministic ids, edge keys, JSON-lines round trip, idempotent merging."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    KnowledgeGraph,
    Predicate,
    Relation,
    entity_id,
    normalize_name,
)
from graphbuild.model.networkx import kg_to_networkx
from graphbuild.model.serialize import read_jsonl, write_jsonl
from graphbuild.model.text import clean_name

DOC = Document(id="d1", text="Acme pitched ICE. ICE does not have a contract with Acme.", title="Acme")
ACME = Entity("company/acme", "Acme Corp.", EntityType.COMPANY, ("Acme",))
ICE = Entity("us-ice", "U.S. Immigration and Customs Enforcement", EntityType.GOVERNMENT_BODY, ("ICE",), "Q1137094")


def _ev(start: int, end: int, doc: str = "d1") -> Evidence:
    return Evidence(doc, DOC.text[start:end], start, end, "graphbuild.relations.v1", 0.8)


def _graph() -> DocumentGraph:
    return DocumentGraph(DOC, (ACME, ICE), (
        Relation(ACME.id, Predicate.PITCHED, ICE.id, _ev(0, 17), verb="pitch"),
        Relation(ICE.id, Predicate.CONTRACTED_WITH, ACME.id, _ev(18, 57), negated=True, verb="have"),
    ))


def test_normalize_name_ignores_case_punctuation_possessive_and_article() -> None:
    assert normalize_name("The U.S. Immigration and Customs Enforcement's") == normalize_name(
        "u.s. immigration and customs enforcement")
    assert normalize_name("ICE\u2019s") == "ice"


def test_entity_ids_are_deterministic_and_type_aware() -> None:
    a = entity_id("Acme Corp.", EntityType.COMPANY)
    assert a == entity_id("acme corp", EntityType.COMPANY)
    assert a != entity_id("Acme Corp.", EntityType.PRODUCT)
    assert entity_id("x", EntityType.COMPANY, kb_id="us-ice") == "us-ice"
    assert entity_id("x", EntityType.COMPANY, qid="Q1") == "wd/Q1"


def test_symmetric_predicates_share_an_edge_key_in_both_directions() -> None:
    ev = _ev(0, 17)
    one = Relation("a", Predicate.MET_WITH, "b", ev)
    other = Relation("b", Predicate.MET_WITH, "a", ev)
    assert one.key == other.key
    assert Relation("a", Predicate.PITCHED, "b", ev).key != Relation("b", Predicate.PITCHED, "a", ev).key


def test_jsonl_round_trip_keeps_entities_negation_and_evidence() -> None:
    buf = io.StringIO()
    assert write_jsonl([_graph()], buf) == 2
    kg = read_jsonl(buf.getvalue().splitlines())
    assert kg.entities[ICE.id] == ICE
    rels = sorted(kg.iter_relations(), key=lambda r: r.predicate.value)
    assert [(r.predicate, r.negated) for r in rels] == [(Predicate.CONTRACTED_WITH, True), (Predicate.PITCHED, False)]
    assert rels[1].evidence.sentence == "Acme pitched ICE."
    assert kg.documents["d1"].title == "Acme"


def test_adding_the_same_document_twice_changes_nothing() -> None:
    kg = KnowledgeGraph.from_documents([_graph()])
    before = (dict(kg.entities), dict(kg.relations))
    kg.add(_graph())
    assert (kg.entities, kg.relations) == before


def test_networkx_keeps_negated_edges_apart_from_positive_ones() -> None:
    g = kg_to_networkx(KnowledgeGraph.from_documents([_graph()]))
    assert g.nodes[ICE.id]["aliases"] == ["ICE"]
    keys = {k for _, _, k in g.edges(keys=True)}
    assert keys == {"pitched", "contractedWith|negated"}
    data = g.get_edge_data(ACME.id, ICE.id)["pitched"]
    assert data["sources"] == ["d1"] and data["evidence"] == ["Acme pitched ICE."] and data["count"] == 1


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(s_name=names, o_name=names, sentence=st.text(max_size=80), neg=st.booleans())
def test_jsonl_round_trip_with_arbitrary_unicode(s_name: str, o_name: str, sentence: str, neg: bool) -> None:
    s = Entity(entity_id(s_name, EntityType.COMPANY), s_name, EntityType.COMPANY)
    o = Entity(entity_id(o_name, EntityType.PERSON), o_name, EntityType.PERSON)
    rel = Relation(s.id, Predicate.OTHER, o.id, Evidence("d", sentence, 0, len(sentence), "x", 0.5), neg, "bribe")
    buf = io.StringIO()
    write_jsonl([DocumentGraph(Document("d", sentence or "x"), (s, o), (rel,))], buf)
    kg = read_jsonl(io.StringIO(buf.getvalue()))  # as a file is read: lines end at \n only
    [back] = kg.iter_relations()
    assert back == rel
    # names lose control, bidi and zero-width characters; the evidence keeps them
    assert kg.entities[s.id].name == clean_name(s_name) and kg.entities[o.id].name == clean_name(o_name)
