"""Short forms defined in parentheses and company cores, on hand-built Docs (no model)."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from graphbuild.model.records import MentionKind
from graphbuild.nlp.mentions import (
    drop_headline_only,
    headline_end,
    merge_adjacent_people,
    resolve_overlaps,
)
from graphbuild.nlp.shortforms import core_forms, definitions, short_form_candidates
from graphbuild.nlp.spans import Cand
from graphbuild.vocab.terms import EntityType

C, G = EntityType.COMPANY, EntityType.GOVERNMENT_BODY


def w(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def vocab():
    return English().vocab


def test_parenthetical_definition_marks_later_occurrences(vocab):
    d = Doc(vocab, words=w("The Harbor Safety Board ( Board ) sued Zed . The Board said"))
    board = Cand(1, 4, G)
    assert [(c.start, s, e) for c, s, e in definitions(d, [board])] == [(1, 5, 6)]
    got = short_form_candidates(d, [board])
    assert [(d[c.start:c.end].text, c.type, c.kb) for c in got] == [("Board", G, "@4"), ("Board", G, "@4")]


def test_acronym_definition_after_company_suffix(vocab):
    d = Doc(vocab, words=w("Merrow Commodities , Inc. ( MCI ) paid . MCI agreed"))
    firm = Cand(0, 4, C)
    got = short_form_candidates(d, [firm])
    assert {(d[c.start:c.end].text, c.kind) for c in got} == {("MCI", MentionKind.ACRONYM)}
    assert len(got) == 2


def test_short_form_replaces_a_person_reading(vocab):
    d = Doc(vocab, words=w("Harbor Holdings , LLC ( Harbor ) sold . Harbor paid"))
    person = Cand(9, 10, EntityType.PERSON, rank=1)
    firm = Cand(0, 4, C)
    out = resolve_overlaps([firm, person, *short_form_candidates(d, [firm, person])])
    assert [(d[c.start:c.end].text, c.type) for c in out if c.start == 9] == [("Harbor", C)]


def test_statute_short_forms_are_marked(vocab):
    d = Doc(vocab, words=w("the Fair Lending Act ( FLA ) . FLA applies"))
    law = Cand(1, 4, EntityType.PRODUCT, kb="law")
    assert {c.kb for c in short_form_candidates(d, [law])} == {"law"}


def test_company_core_forms(vocab):
    d = Doc(vocab, words=w("Armada Holdings , Inc."))
    assert core_forms(d, Cand(0, 4, C)) == [("Armada", "Holdings"), ("Armada",)]
    d = Doc(vocab, words=w("Zentek Incorporated"))
    assert core_forms(d, Cand(0, 2, C)) == [("Zentek",)]


def test_core_forms_found_later(vocab):
    d = Doc(vocab, words=w("Armada Holdings , Inc. paid . Armada agreed"))
    got = short_form_candidates(d, [Cand(0, 4, C)])
    assert [(d[c.start:c.end].text, c.kb) for c in got] == [("Armada", "@0")]


def test_headline_names_must_recur_in_the_body(vocab):
    d = Doc(vocab, words=["Zentek", "Settles", "Charges", "\n\n", "Zentek", "paid", "."],
            spaces=[True, True, False, False, True, False, False])
    cands = [Cand(0, 1, C), Cand(1, 3, C), Cand(4, 5, C)]
    assert [(c.start, c.end) for c in drop_headline_only(d, cands)] == [(0, 1), (4, 5)]


def test_adjacent_person_spans_are_one_name():
    a, b, c = Cand(3, 5, EntityType.PERSON), Cand(5, 6, EntityType.PERSON), Cand(8, 9, EntityType.PERSON)
    got = sorted((x.start, x.end) for x in merge_adjacent_people([a, b, c, Cand(0, 1, C)]))
    assert got == [(0, 1), (3, 6), (8, 9)]


def test_only_a_title_case_first_line_is_a_headline(vocab):
    d = Doc(vocab, words=["Zentek", "Settles", "Charges", "\n\n", "Zentek", "paid"])
    assert headline_end(d) == 3
    d = Doc(vocab, words=["Zentek", "settled", "charges", "today", "\n\n", "Zentek", "paid"])
    assert headline_end(d) == 0
