"""Typing organisation names into ontology classes by their cue words (no model)."""

from __future__ import annotations

import pytest

from graphbuild.nlp.typing import classify, classify_org_name, has_legal_suffix, is_law_name
from graphbuild.vocab.terms import EntityType


@pytest.mark.parametrize(("name", "expected"), [
    ("Securities and Exchange Commission", EntityType.GOVERNMENT_BODY),  # head word, not "Securities"
    ("Quillon Securities", EntityType.COMPANY),
    ("Bank of Nowhere", EntityType.COMPANY),
    ("Harbor Holdings, LLC", EntityType.COMPANY),
    ("Zentek Systems PLC", EntityType.COMPANY),
    ("Ministry of Fisheries", EntityType.GOVERNMENT_BODY),
    ("National Tides Board", EntityType.GOVERNMENT_BODY),
    ("Riverside Police Department", EntityType.GOVERNMENT_BODY),
    ("Market Participants Division", EntityType.GOVERNMENT_BODY),
    ("Union of Concerned Engineers", EntityType.ORGANIZATION),
    ("University of Elsewhere", EntityType.ORGANIZATION),
    ("The Morning Tribune", EntityType.ORGANIZATION),
    ("Blorpco", EntityType.COMPANY),  # no cue: companies are the common case in the news we read
])
def test_org_cues(name, expected):
    assert classify_org_name(name) is expected


def test_legal_suffix_anywhere_makes_a_company():
    assert has_legal_suffix("Merrow Commodities, Inc.")
    assert has_legal_suffix("Vela S.A.")
    assert not has_legal_suffix("Vela Commission")


@pytest.mark.parametrize("name", ["Fair Lending Act", "Consumer Protection Act of 2010", "Regulation B",
                                  "Sections 30A", "Data Privacy Law"])
def test_statutes_are_not_entities(name):
    assert is_law_name(name)
    assert classify("ORG", name) is None
    assert classify("LAW", name) is None


def test_programs_are_products():
    assert classify("ORG", "Operation Silver Lining") is EntityType.PRODUCT
    assert classify("EVENT", "Project Bluebird") is EntityType.PRODUCT


def test_spacy_labels_map_to_classes():
    assert classify("PERSON", "Dana Whitfield") is EntityType.PERSON
    assert classify("GPE", "Freedonia") is EntityType.LOCATION
    assert classify("NORP", "Freedonian") is None
    assert classify("WORK_OF_ART", "Harbor Observer Commission") is EntityType.GOVERNMENT_BODY
    assert classify("GovernmentBody", "anything") is EntityType.GOVERNMENT_BODY


def test_place_names_tagged_org_are_locations():
    assert classify("ORG", "Springfield-Shelbyville Metropolitan Statistical Area") is EntityType.LOCATION
    assert classify("ORG", "Harbor County") is EntityType.LOCATION
