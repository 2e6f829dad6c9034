"""Entities of the seed article through the real pipeline."""

from __future__ import annotations

import pytest
from helpers import with_descriptions

from graphbuild.model.records import Document
from graphbuild.relations.component import doc_mentions
from graphbuild.resolve.document import resolve_entities
from graphbuild.vocab.terms import EntityType

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_entities(nlp, seed_article):
    text = seed_article.read_text(encoding="utf-8")
    doc = nlp(text)
    return resolve_entities(Document("seed", text), doc_mentions(doc)), doc


def by_name(resolved):
    return {e.name: with_descriptions(e, ms) for e, ms in resolved}


def test_one_ice_entity(seed_entities):
    resolved, _ = seed_entities
    ice = [(e, ms) for e, ms in resolved if e.id == "us-ice"]
    assert len(ice) == 1
    [(entity, mentions)] = ice
    assert entity.name == "U.S. Immigration and Customs Enforcement"
    assert {"ICE", "Immigration and Customs Enforcement"} <= set(entity.aliases)
    # "the agency" refers to ICE: one of its mentions, not one of its names
    assert "the agency" in {m.text.lower() for m in mentions}
    assert "the agency" not in {a.lower() for a in entity.aliases}


def test_products_people_and_companies(seed_entities):
    resolved, doc = seed_entities
    ents = by_name(resolved)
    assert ents["Rekognition"].type is EntityType.PRODUCT
    assert ents["Jeff Bezos"].type is EntityType.PERSON
    assert ents["Amazon"].id != ents["Amazon Web Services"].id
    assert "AWS" in ents["Amazon Web Services"].aliases
    assert not any(s.label_ in {"NORP", "LAW"} for s in doc.spans["gb_mentions"])


def test_hsi_is_its_own_unit(seed_entities):
    resolved, _ = seed_entities
    hsi = by_name(resolved)["Homeland Security Investigations"]
    assert hsi.type is EntityType.GOVERNMENT_BODY
    assert "HSI" in hsi.aliases and "the component" in hsi.aliases


def test_descriptions_resolve_to_the_right_antecedent(seed_entities):
    resolved, _ = seed_entities
    ents = by_name(resolved)
    assert "the company" in ents["Amazon"].aliases
    assert {"the system", "the technology"} <= {a.lower() for a in ents["Rekognition"].aliases}


def test_groups(seed_entities):
    resolved, _ = seed_entities
    ents = by_name(resolved)
    assert ents["Amazon employees"].type is EntityType.GROUP
    assert ents["Critics"].type is EntityType.GROUP
    assert ents["28 current members of Congress"].type is EntityType.GROUP
