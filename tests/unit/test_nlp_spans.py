"""Repairs of entity span boundaries, on hand-built Docs (no model)."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from graphbuild.nlp.gazetteer import load_gazetteer
from graphbuild.nlp.spans import (
    Cand,
    cut,
    extend_legal_suffix,
    fixed_spans,
    parent_prefix_split,
    possessive_split,
    repair,
    split_suffixed_namesakes,
    units_after,
)
from graphbuild.vocab.terms import EntityType


def w(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def vocab():
    return English().vocab  # lexical attributes (lower_, is_title) need a language


def doc(vocab, text: str, **kw) -> Doc:
    words = text.split()
    return Doc(vocab, words=words, **kw)


def texts(d: Doc, spans) -> list[str]:
    return [d[s:e].text for s, e in spans]


def test_cut_dateline_dash(vocab):
    d = doc(vocab, "WASHINGTON - The Harbor Safety Board")
    assert d[slice(*cut(d, 0, len(d)))].text == "Harbor Safety Board"


def test_cut_keeps_intraword_hyphen(vocab):
    d = Doc(vocab, words=["Home", "-", "Alarm", "Board"], spaces=[False, False, True, False])
    assert cut(d, 0, 4) == (0, 4)


def test_cut_before_parenthesis_and_possessive(vocab):
    d = doc(vocab, "the Harbor Safety Board ( Board")
    assert d[slice(*cut(d, 0, len(d)))].text == "Harbor Safety Board"
    d = Doc(vocab, words=["Zentek", "\u2019s"], tags=["NNP", "POS"])
    assert cut(d, 0, 2) == (0, 1)


def test_cut_headline_verb(vocab):
    d = Doc(vocab, words=["Zentek", "Inc.", "Agrees"], tags=["NNP", "NNP", "VBZ"])
    assert cut(d, 0, 3) == (0, 2)


def test_cut_line_break_keeps_last_line(vocab):
    d = Doc(vocab, words=["Notice", "\n\n", "Harbor", "Board"], spaces=[False, False, True, False])
    assert cut(d, 0, 4) == (2, 4)


def test_extend_legal_suffix(vocab):
    d = doc(vocab, "Harbor Holdings , LLC said")
    assert extend_legal_suffix(d, 0, 2) == 4
    d = doc(vocab, "Vela S.A. said")
    assert extend_legal_suffix(d, 0, 1) == 2
    d = doc(vocab, "Vela , which said")
    assert extend_legal_suffix(d, 0, 1) == 1


def test_possessive_split(vocab):
    d = doc(vocab, "Freedonia \u2019s Serious Tides Office")
    assert texts(d, possessive_split(d, 0, len(d))) == ["Freedonia", "Serious Tides Office"]


def test_parent_prefix_split_known_parent(vocab):
    gaz = load_gazetteer()
    d = doc(vocab, "FBI Springfield Field Office")
    assert texts(d, parent_prefix_split(d, 0, len(d), gaz)) == ["FBI", "Springfield Field Office"]
    d = doc(vocab, "SEC Enforcement Division")
    assert texts(d, parent_prefix_split(d, 0, len(d), gaz)) == ["SEC", "Enforcement Division"]


def test_parent_prefix_split_needs_unit_word_and_known_parent(vocab):
    gaz = load_gazetteer()
    d = doc(vocab, "FBI Springfield Tower")
    assert parent_prefix_split(d, 0, len(d), gaz) == [(0, len(d))]
    d = doc(vocab, "Zentek Field Office")
    assert parent_prefix_split(d, 0, len(d), gaz) == [(0, len(d))]


def test_repair_possessive_country_in_gpe_span(vocab):
    gaz = load_gazetteer()
    d = doc(vocab, "the Freedonia \u2019s Serious Tides Office")
    got = repair(d, 0, len(d), "GPE", "", gaz)
    assert [(d[c.start:c.end].text, c.type) for c in got] == [
        ("Freedonia", EntityType.LOCATION), ("Serious Tides Office", EntityType.GOVERNMENT_BODY)]


def test_repair_gazetteer_span_followed_by_suffix(vocab):
    gaz = load_gazetteer()
    d = doc(vocab, "Raytheon Technologies Corp. said")
    got = repair(d, 0, 2, "Company", "raytheon", gaz)
    assert [(d[c.start:c.end].text, c.kb) for c in got] == [("Raytheon Technologies Corp.", "raytheon")]


def test_namesakes_with_different_suffixes_are_two_companies(vocab):
    d = doc(vocab, "BAE Systems , Inc. is owned by BAE Systems PLC")
    cands = [Cand(0, 4, EntityType.COMPANY, kb="bae-systems"), Cand(7, 10, EntityType.COMPANY, kb="bae-systems")]
    assert [c.kb for c in split_suffixed_namesakes(d, cands)] == ["", ""]
    assert split_suffixed_namesakes(d, cands[:1]) == cands[:1]


def test_repair_drops_generic_words(vocab):
    d = doc(vocab, "Order")
    assert repair(d, 0, 1, "ORG", "", load_gazetteer()) == []


def test_units_after_untagged_unit(vocab):
    d = doc(vocab, "of the FBI Springfield Field Office made")
    got = units_after(d, [Cand(2, 3, EntityType.GOVERNMENT_BODY, kb="us-fbi")], load_gazetteer())
    assert texts(d, [(c.start, c.end) for c in got]) == ["Springfield Field Office"]


def test_fixed_spans_districts_and_offices(vocab):
    words = w("U.S. Attorney \u2019s Office for the Southern District of Freedonia and the Arkansas Attorney General")
    d = Doc(vocab, words=words, pos=["PROPN"] * len(words),
            ents=["B-GPE"] + ["O"] * 11 + ["B-GPE", "O", "O"])
    got = texts(d, [(c.start, c.end) for c in fixed_spans(d)])
    assert "U.S. Attorney \u2019s Office for the Southern District of Freedonia" in got
    assert "Southern District of Freedonia" in got
    assert "Arkansas Attorney General" in got


def test_units_after_known_unit_keeps_its_gazetteer_id(vocab):
    d = doc(vocab, "ICE Homeland Security Investigations said")
    got = units_after(d, [Cand(0, 1, EntityType.GOVERNMENT_BODY, kb="us-ice")], load_gazetteer())
    assert [(d[c.start:c.end].text, c.kb) for c in got] == [("Homeland Security Investigations", "us-hsi")]


def test_units_after_a_company_are_company_units(vocab):
    d = doc(vocab, "at Zentek Robotics Lab today")
    got = units_after(d, [Cand(1, 2, EntityType.COMPANY)], load_gazetteer())
    assert [(d[c.start:c.end].text, c.type) for c in got] == [("Robotics Lab", EntityType.COMPANY)]
