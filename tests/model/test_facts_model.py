"""Dates, amounts, conflicts and corroboration from real articles (the spaCy pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.model import Document
from graphbuild.pool import process_documents

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
QUALIFIERS = ROOT / "data" / "qualifiers"


def test_seed_pitch_is_dated_to_the_month_it_states(seed_article, nlp, config) -> None:
    # The seed file carries no Source line; the report it cites ran on Tuesday, 2018-10-23.
    doc = Document("seed", seed_article.read_text(encoding="utf-8"), published="2018-10-23")
    [graph] = list(process_documents([doc], nlp, config))
    names = {e.id: e.name for e in graph.entities}
    pitches = [r for r in graph.relations if r.predicate.value == "pitched" and names[r.subject] == "Amazon"]
    assert pitches
    assert {(r.evidence.when.value, r.evidence.when.precision, r.evidence.when.text)
            for r in pitches if r.evidence.when} == {("2018-06", "month", "last June")}
    # a relation whose sentence states no time has none (the publication date dates it)
    assert any(r.evidence.when is None for r in graph.relations)


def test_sample_store_lists_the_ice_aws_denial_as_contested(sample_store) -> None:
    from graphbuild.model.facts import conflicts
    from graphbuild.query.facts import StoreFacts

    store, kg = sample_store
    found = StoreFacts(store).conflicts()
    assert found == conflicts(kg)
    ice_aws = [c for c in found if {c.subject, c.object} == {"aws", "us-ice"} and c.predicate == "contractedWith"]
    assert ice_aws
    assert any("does not have a contract" in c.negated.sentence for c in ice_aws)
    assert all(c.asserted.doc_id != c.negated.doc_id for c in ice_aws)


def test_sample_store_corroboration_equals_networkx(sample_store) -> None:
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.query.facts import StoreFacts

    store, kg = sample_store
    from_store = StoreFacts(store).corroboration()
    g = kg_to_networkx(kg)
    from_nx = {(s, a["predicate"], o, a["negated"]): (a["articles"], a["outlets"], a["first_published"],
                                                     a["last_published"]) for s, o, a in g.edges(data=True)}
    assert {k: (c.articles, c.outlets, c.first_published, c.last_published) for k, c in from_store.items()} == from_nx
    assert any(v[0] > 1 for v in from_nx.values())


def test_sample_store_conforms_to_the_shapes(sample_store) -> None:
    from graphbuild.sinks.rdf import shacl_report, to_rdflib_graph

    store, _ = sample_store
    conforms, report = shacl_report(to_rdflib_graph(store.oxigraph))
    assert conforms, report


@pytest.mark.skipif(not (QUALIFIERS / "gold").is_dir(), reason="data/qualifiers not present")
def test_date_and_amount_accuracy_on_the_qualifier_set(config) -> None:
    from graphbuild.training.qualifiers import evaluate_folder

    score, _ = evaluate_folder(QUALIFIERS, config)
    figures = score.figures()
    assert score.dated >= 30 and score.money >= 15
    assert figures["date_exact"] >= 0.85, score.summary()
    assert figures["date_within"] >= 0.85, score.summary()
    assert figures["amount"] >= 0.85, score.summary()
