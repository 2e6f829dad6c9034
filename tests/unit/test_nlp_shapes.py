"""Names found by their shape where the statistical recogniser misses them (invented sentences)."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from graphbuild.nlp.shapes import (
    based_locations,
    headed_names,
    nationality_places,
    shape_candidates,
    suffixed_names,
)
from graphbuild.vocab.terms import EntityType


@pytest.fixture(scope="module")
def vocab():
    return English().vocab


def found(d: Doc, cands) -> list[tuple[str, str]]:
    return [(d[c.start:c.end].text, c.type.value) for c in cands]


def make(vocab, text: str) -> Doc:
    """A Doc of the space-separated words; " - " is written as a joined hyphen ("Leeds-based")."""
    words = text.split()
    spaces = [not (w == "-" or (i + 1 < len(words) and words[i + 1] == "-")) for i, w in enumerate(words)]
    return Doc(vocab, words=words, spaces=spaces)


def test_capitalised_words_before_a_legal_suffix_are_a_company(vocab):
    d = make(vocab, "a contract with Leeds - based Hartwell Engineering plc for the works")
    assert found(d, suffixed_names(d)) == [("Hartwell Engineering plc", "Company")]


def test_a_comma_before_the_suffix_and_connectors_inside_the_name(vocab):
    d = make(vocab, "shares of Bank of America , Corp. rose")
    assert found(d, suffixed_names(d)) == [("Bank of America , Corp.", "Company")]


def test_a_title_before_the_name_is_not_part_of_it(vocab):
    d = make(vocab, "said Director Acme Holdings Ltd")
    assert found(d, suffixed_names(d)) == [("Acme Holdings Ltd", "Company")]


def test_a_lower_case_suffix_other_than_plc_is_an_ordinary_word(vocab):
    d = make(vocab, "the Acme co said")
    assert suffixed_names(d) == []


def test_the_place_before_based_is_a_location(vocab):
    d = make(vocab, "the Austin - based lender")
    assert found(d, based_locations(d)) == [("Austin", "Location")]


@pytest.mark.parametrize("words, pos, expected", [
    ("the Polish state - owned arms maker Zbrojmet won", "DET ADJ NOUN PUNCT VERB NOUN NOUN PROPN VERB",
     [("Polish", "place-poland")]),
    ("French lender Credit Rhodanien SA", "ADJ NOUN PROPN PROPN PROPN", [("French", "place-france")]),
    ("the French state said", "DET ADJ NOUN VERB", []),  # no name after the descriptor
    ("Libyan officials met Acme", "ADJ NOUN VERB PROPN", []),  # a verb ends the descriptor
    ("Royal Dutch Shell said", "PROPN PROPN PROPN VERB", []),  # inside a name
    ("the French Institute said", "DET ADJ PROPN VERB", []),  # no descriptor
])
def test_a_nationality_opening_a_descriptor_names_its_country(vocab, words, pos, expected):
    d = make(vocab, words)
    for tok, p in zip(d, pos.split(), strict=True):
        tok.pos_ = p
        tok.tag_ = "VBN" if p == "VERB" and tok.text.endswith("ed") else ""
    cands = nationality_places(d)
    assert [(d[c.start:c.end].text, c.kb) for c in cands] == expected
    assert all(c.type is EntityType.LOCATION and c.kind.value == "description" for c in cands)


def test_an_organisation_head_word_joins_the_capitalised_words_around_it(vocab):
    d = make(vocab, "officials at the Department for Culture , Media and Sport met")
    assert found(d, headed_names(d)) == [("Department for Culture , Media and Sport", "GovernmentBody")]


def test_a_committee_of_a_chamber_is_a_government_body(vocab):
    d = make(vocab, "before the Senate Banking Committee voted")
    assert found(d, headed_names(d)) == [("Senate Banking Committee", "GovernmentBody")]


def test_a_program_is_a_product(vocab):
    d = make(vocab, "funds from the State Homeland Security Program went")
    assert found(d, headed_names(d)) == [("State Homeland Security Program", "Product")]


def test_a_bare_head_word_is_a_description_not_a_name(vocab):
    d = make(vocab, "the Committee said")
    assert headed_names(d) == []


def test_a_known_body_keeps_its_span_and_its_unit_is_named_apart(vocab):
    d = make(vocab, "the CFTC Office of Public Affairs said")
    linked = frozenset({1})  # "CFTC" linked to the gazetteer
    assert found(d, shape_candidates(d, linked)) == [("Office of Public Affairs", "GovernmentBody")]


def test_a_committee_takes_its_linked_chamber_with_it(vocab):
    d = make(vocab, "the Senate Banking Committee voted")
    assert found(d, shape_candidates(d, frozenset({1}))) == [("Senate Banking Committee", "GovernmentBody")]


def test_in_the_pipeline_a_missed_company_and_its_place_become_mentions(nlp):
    doc = nlp("Severn Atomic on Monday signed a contract with Leeds-based Hartwell Engineering plc "
              "for the plant's civil works.")
    mentions = {(s.text, s.label_) for s in doc.spans["gb_mentions"]}
    assert ("Hartwell Engineering plc", EntityType.COMPANY.value) in mentions
    assert ("Leeds", EntityType.LOCATION.value) in mentions
