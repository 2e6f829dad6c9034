"""Dates and amounts normalised; time windows, corroboration and conflicts on hand-made graphs."""

from __future__ import annotations

import pytest

from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    KnowledgeGraph,
    Predicate,
    Relation,
)
from graphbuild.model.dates import bounds_of_value
from graphbuild.model.facts import conflicts, corroboration, filter_graph, outlet
from graphbuild.model.networkx import kg_to_networkx
from graphbuild.model.records import EventTime, Money
from graphbuild.model.serialize import read_jsonl, relation_to_dict
from graphbuild.relations.amounts import parse_money
from graphbuild.relations.dates import parse_date
from graphbuild.training.qualifiers import score_qualifiers, within


@pytest.mark.parametrize(("text", "published", "value", "precision"), [
    ("last June", "2018-10-24", "2018-06", "month"),
    ("on Jan. 18", "2024-01-25", "2024-01-18", "day"),
    ("in early 2023", "2024-01-25", "2023", "year"),
    ("since 2022", "2024-01-25", "2022/..", "year"),
    ("Until January", "2024-03-01", "../2024-01", "month"),
    ("between 2019 and 2021", "", "2019/2021", "year"),
    ("from 2014 until 2020", "", "2014/2020", "year"),
    ("on Monday", "2024-01-25", "2024-01-22", "day"),
    ("on Tuesday", "2024-09-10", "2024-09-10", "day"),  # the day of publication itself
    ("two years ago", "2024-09-12", "2022", "year"),
    ("earlier this month", "2024-09-12", "2024-09", "month"),
    ("the fourth quarter of 2023", "", "2023-Q4", "quarter"),
])
def test_dates_resolve_against_the_publication_date(text, published, value, precision) -> None:
    got = parse_date(text, published)
    assert got is not None and (got.value, got.precision, got.text) == (value, precision, text)


@pytest.mark.parametrize("text", ["in recent months", "three days earlier", "the 1990s", "daily"])
def test_vague_phrases_name_no_date(text) -> None:
    assert parse_date(text, "2019-01-01") is None


def test_relative_dates_need_a_publication_date() -> None:
    assert parse_date("last June") is None
    assert parse_date("in 2017").value == "2017"


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("$41 million", 41e6, "USD"), ("£1m", 1e6, "GBP"), ("over $2.9 billion", 2.9e9, "USD"),
    ("€310m", 310e6, "EUR"), ("£1.2bn", 1.2e9, "GBP"), ("4 million pounds", 4e6, "GBP"),
    ("¥18 billion", 18e9, "JPY"), ("250 million euro", 250e6, "EUR"), ("$850,000", 850000, "USD"),
])
def test_amounts(text, value, currency) -> None:
    got = parse_money(text)
    assert got is not None and got.value == pytest.approx(value) and got.currency == currency


def test_within_precision() -> None:
    assert within("2023-03-14", "2023-03") and not within("2023", "2023-03")
    assert within("2022/..", "2022/..") and not within("2022", "2022/..")
    assert bounds_of_value("2019/2021") == ("2019-01-01", "2021-12-31")


# ---------------------------------------------------------------------------- graphs

ICE = Entity("us-ice", "ICE", EntityType.GOVERNMENT_BODY)
AWS = Entity("aws", "Amazon Web Services", EntityType.COMPANY)


def _graph(doc: Document, sentence: str, negated: bool, when: EventTime | None = None,
           amount: Money | None = None) -> DocumentGraph:
    ev = Evidence(doc.id, sentence, 0, len(sentence), "test", 0.9, when, amount)
    return DocumentGraph(doc, (ICE, AWS), (Relation(AWS.id, Predicate.CONTRACTED_WITH, ICE.id, ev, negated),))


DENIAL = Document("denial", "ICE does not have a contract with AWS.", source="Desk", published="2018-10-24")
CLAIM = Document("claim", "ICE signed a contract with AWS in 2018.", url="https://www.wire.example/x",
                 published="2018-11-20")
CLAIM_AGAIN = Document("claim-copy", CLAIM.text, url=CLAIM.url, published=CLAIM.published)
Y2018 = EventTime("in 2018", "2018", "year", "2018-01-01", "2018-12-31")
Y2020 = EventTime("in 2020", "2020", "year", "2020-01-01", "2020-12-31")


def test_conflict_needs_two_articles_and_overlapping_time() -> None:
    kg = KnowledgeGraph.from_documents([_graph(DENIAL, DENIAL.text, True),
                                        _graph(CLAIM, CLAIM.text, False, Y2018, Money(2e6, "USD", "$2 million"))])
    [c] = conflicts(kg)
    assert (c.asserted.doc_id, c.asserted.outlet, c.asserted.date) == ("claim", "wire.example", "2018")
    assert (c.negated.doc_id, c.negated.outlet, c.negated.published) == ("denial", "Desk", "2018-10-24")
    later = KnowledgeGraph.from_documents([_graph(DENIAL, DENIAL.text, True), _graph(CLAIM, CLAIM.text, False, Y2020)])
    assert conflicts(later) == []  # a contract stated for 2020 does not contradict a 2018 denial
    assert kg_to_networkx(kg).edges["aws", "us-ice", "contractedWith"]["contested"]


def test_an_article_repeated_under_two_ids_counts_once() -> None:
    kg = KnowledgeGraph.from_documents([_graph(CLAIM, CLAIM.text, False, Y2018),
                                        _graph(CLAIM_AGAIN, CLAIM.text, False, Y2018),
                                        _graph(DENIAL, DENIAL.text, True)])
    corr = corroboration(kg)[("aws", "contractedWith", "us-ice", False)]
    assert (corr.articles, corr.outlets, corr.first_published, corr.last_published) == (1, 1, "2018-11-20", "2018-11-20")
    assert outlet(CLAIM) == "wire.example"
    edge = kg_to_networkx(kg).edges["aws", "us-ice", "contractedWith"]
    assert (edge["articles"], edge["outlets"], edge["first_date"], edge["last_date"]) == (1, 1, "2018-01-01", "2018-12-31")


def test_time_window_keeps_overlapping_assertions() -> None:
    kg = KnowledgeGraph.from_documents([_graph(DENIAL, DENIAL.text, True), _graph(CLAIM, CLAIM.text, False, Y2020)])
    assert [r.negated for r in filter_graph(kg, "2020").iter_relations()] == [False]
    assert [r.negated for r in filter_graph(kg, "", "2018-12").iter_relations()] == [True]


def test_jsonl_carries_the_qualifiers_and_says_when_only_the_publication_dates() -> None:
    dg = _graph(CLAIM, CLAIM.text, False, Y2018, Money(2e6, "USD", "$2 million"))
    row = relation_to_dict(dg.relations[0], {e.id: e for e in dg.entities}, CLAIM)
    assert (row["date"], row["date_precision"], row["date_text"], row["date_source"]) == ("2018", "year", "in 2018", "text")
    assert (row["amount"], row["currency"], row["amount_text"]) == (2e6, "USD", "$2 million")
    plain = relation_to_dict(_graph(DENIAL, DENIAL.text, True).relations[0], {e.id: e for e in dg.entities}, DENIAL)
    assert (plain["date"], plain["date_source"], plain["doc_published"]) == (None, "publication", "2018-10-24")
    import json

    back = read_jsonl([json.dumps(row)])
    assert next(back.iter_relations()).evidence.when == Y2018


def test_rdf_qualifiers_round_trip_and_conform() -> None:
    from graphbuild.sinks.rdf import (
        document_graph_quads,
        knowledge_graph_from_quads,
        shacl_report,
        to_rdflib_graph,
    )

    graphs = [_graph(CLAIM, CLAIM.text, False, Y2018, Money(2e6, "USD", "$2 million")),
              _graph(DENIAL, DENIAL.text, True),
              _graph(Document("q", "x", published="2019-01-02"), "in the third quarter of 2018", False,
                     EventTime("in the third quarter of 2018", "2018-Q3", "quarter", "2018-07-01", "2018-09-30"))]
    quads = [q for dg in graphs for q in document_graph_quads(dg)]
    conforms, report = shacl_report(to_rdflib_graph(quads))
    assert conforms, report
    kg = knowledge_graph_from_quads(quads)
    whens = sorted((r.evidence.doc_id, r.evidence.when, r.evidence.amount) for r in kg.iter_relations())
    assert whens[0] == ("claim", Y2018, Money(2e6, "USD", "$2 million"))
    assert whens[1][1] is None
    types = {q.object.datatype.value.rsplit("#")[-1] for q in quads if q.predicate.value.endswith("#eventDate")}
    assert types == {"gYear"}


def test_scoring_counts_found_relations_only() -> None:
    gold = [{"doc": "d", "entities": [{"id": "a", "name": "AWS"}, {"id": "i", "name": "ICE"}],
             "relations": [{"subject": "a", "predicate": "contractedWith", "object": "i", "date": "2018",
                            "date_precision": "year", "amount": 2000000, "currency": "USD"}]}]
    preds = [{"doc": "d", "subject": "ICE", "predicate": "contractedWith", "object": "AWS", "date": "2018",
              "date_precision": "year", "amount": 2000000.0, "currency": "USD"}]
    s = score_qualifiers(gold, preds)
    assert (s.dated, s.date_exact, s.money, s.amount_correct) == (1, 1, 1, 1)
