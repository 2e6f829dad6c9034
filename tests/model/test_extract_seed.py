"""The seed article: the relations the project was started for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_graph(seed_article, config, nlp):
    from graphbuild.runners import extract

    (graph,) = list(extract([seed_article], config, nlp))
    return graph


def _names(entity) -> set[str]:
    return {entity.name.lower(), *(a.lower() for a in entity.aliases)}


def _edges(graph) -> set[tuple[frozenset, str, frozenset, bool]]:
    ents = {e.id: e for e in graph.entities}
    return {(frozenset(_names(ents[r.subject])), r.predicate.value, frozenset(_names(ents[r.object])), r.negated)
            for r in graph.relations}


def _has(graph, subject: str, predicate: str, obj: str, negated: bool = False) -> bool:
    return any(subject.lower() in s and p == predicate and obj.lower() in o and n == negated
               for s, p, o, n in _edges(graph))


@pytest.mark.parametrize("subject, predicate, obj", [
    ("Amazon", "pitched", "ICE"),
    ("American Civil Liberties Union", "studied", "Rekognition"),
    ("Homeland Security Investigations", "partOf", "ICE"),
    ("Amazon Web Services", "partOf", "Amazon"),
    ("Amazon Web Services", "contacted", "Homeland Security Investigations"),
])
def test_seed_relations(seed_graph, subject, predicate, obj):
    assert _has(seed_graph, subject, predicate, obj)


def test_bezos_works_for_amazon_as_ceo(seed_graph):
    ents = {e.id: e for e in seed_graph.entities}
    roles = {r.role for r in seed_graph.relations if r.predicate.value == "worksFor"
             and "jeff bezos" in _names(ents[r.subject]) and "amazon" in _names(ents[r.object])}
    assert roles == {"CEO"}


def test_no_contract_is_negated_and_never_positive(seed_graph):
    assert _has(seed_graph, "ICE", "contractedWith", "Amazon Web Services", negated=True)
    assert not any(p == "contractedWith" and not n for _, p, _, n in _edges(seed_graph))


def test_one_ice_entity(seed_graph):
    ice = [e for e in seed_graph.entities if "ice" in _names(e)]
    assert len(ice) == 1
