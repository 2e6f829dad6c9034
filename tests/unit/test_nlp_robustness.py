"""Mention-layer repairs for unseen text, on invented sentences: sentence starts at line breaks
and datelines, one type per name, possessive unit names, headline verbs outside groups, short
forms that gain their legal suffix, descriptions with a narrowing noun."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from graphbuild.model.records import MentionKind
from graphbuild.nlp.coref import description_nouns
from graphbuild.nlp.groups import group_candidates
from graphbuild.nlp.linebreaks import mark_line_starts
from graphbuild.nlp.mentions import descriptor_types, harmonise_types
from graphbuild.nlp.shortforms import short_form_candidates
from graphbuild.nlp.spans import Cand, possessive_split
from graphbuild.vocab.terms import EntityType

C, P = EntityType.COMPANY, EntityType.PERSON
_NLP = spacy.blank("en")


def starts(text: str) -> list[str]:
    return [t.text for t in mark_line_starts(_NLP(text)) if t.is_sent_start]


def test_blank_line_starts_a_sentence():
    assert starts("Orbit Wins Deal\n\nThe agency signed it.") == ["Orbit", "The"]


def test_dateline_is_cut_from_the_first_sentence():
    assert starts("Title\n\nBOSTON, May 2, 2025 \u2014 The agency sued.") == ["Title", "BOSTON", "The"]


def test_wrapped_line_in_the_middle_of_a_phrase_is_not_a_start():
    assert starts("The agency fined the\nCompany for its acts.") == ["The"]


def test_no_sentence_starts_inside_a_line_without_final_punctuation():
    doc = mark_line_starts(_NLP("Title\n\nOrbit employees protested the deal."))
    assert doc[4].is_sent_start is False  # "employees" stays with "Orbit"


def test_surname_tagged_as_organisation_becomes_a_person():
    doc = Doc(_NLP.vocab, words=["Tom", "Ray", "wrote", ".", "Ray", "said"])
    out = harmonise_types(doc, [Cand(0, 2, P), Cand(4, 5, C)])
    assert [c.type for c in out] == [P, P]


def test_company_core_tagged_as_person_becomes_the_company():
    doc = Doc(_NLP.vocab, words=["Orbit", "Medical", "Ltd.", "paid", ".", "Orbit", "hid", "it"])
    out = harmonise_types(doc, [Cand(0, 3, C), Cand(5, 6, P)])
    assert [c.type for c in out] == [C, C]


def test_name_after_an_organisation_descriptor_takes_its_class():
    words = ["drone", "maker", "Aetos", "and", "lawyer", "Jane", "Roe", "and", "insurer", "Vale", "Mutual", "(", "Vale", ")"]
    pos = ["NOUN", "NOUN", "PROPN", "CCONJ", "NOUN", "PROPN", "PROPN", "CCONJ", "NOUN", "PROPN", "PROPN", "PUNCT",
           "PROPN", "PUNCT"]
    doc = Doc(_NLP.vocab, words=words, pos=pos)
    out = descriptor_types(doc, [Cand(2, 3, P), Cand(5, 7, P), Cand(9, 11, P), Cand(12, 13, P, kb="x")])
    # a title is no organisation's class; a gazetteer-linked name keeps its type
    assert [c.type for c in out] == [C, P, C, P]


def test_possessive_before_a_unit_word_only_stays_in_the_name():
    doc = Doc(_NLP.vocab, words=["Metro", "Auditor", "’s", "Office"])
    assert possessive_split(doc, 0, 4) == [(0, 4)]
    doc = Doc(_NLP.vocab, words=["Orbit", "’s", "Field", "Office"])
    assert possessive_split(doc, 0, 4) == [(0, 1), (2, 4)]
    doc = Doc(_NLP.vocab, words=["Orbit", "’s", "Cloud", "Services"])
    assert possessive_split(doc, 0, 4) == [(0, 1), (2, 4)]


def test_group_starts_after_a_misparsed_headline_verb():
    words = ["Orbit", "’s", "tool", "confused", "lawmakers"]
    doc = Doc(_NLP.vocab, words=words, pos=["PROPN", "PART", "NOUN", "VERB", "NOUN"],
              tags=["NNP", "POS", "NN", "VBN", "NNS"], deps=["poss", "case", "nsubj", "amod", "ROOT"],
              heads=[2, 0, 3, 4, 4])
    (g,) = group_candidates(doc, [Cand(0, 1, C)])
    assert doc[g.start:g.end].text == "lawmakers"


def test_short_form_from_the_headline_takes_the_legal_suffix_in_the_body():
    words = ["Orbit", "Medical", "Pays", "\n\n", "Orbit", "Medical", "Ltd.", ",", "a", "firm"]
    doc = Doc(_NLP.vocab, words=words)
    out = short_form_candidates(doc, [Cand(0, 2, C)])
    assert [(c.start, c.end, c.kind) for c in out] == [(4, 7, MentionKind.NAME)]


def test_short_form_inside_a_person_name_is_skipped():
    doc = Doc(_NLP.vocab, words=["Ray", "said", ".", "Tom", "Ray", "wrote"])
    assert short_form_candidates(doc, [Cand(0, 1, C), Cand(3, 5, P)]) == []


def test_description_with_a_narrowing_noun():
    words = ["the", "police", "department", "and", "the", "parent", "company"]
    doc = Doc(_NLP.vocab, words=words, pos=["DET", "NOUN", "NOUN", "CCONJ", "DET", "NOUN", "NOUN"],
              deps=["det", "compound", "ROOT", "cc", "det", "compound", "conj"], heads=[2, 2, 2, 2, 6, 6, 2])
    assert [t.text for t in description_nouns(doc)] == ["department"]


def test_the_subsidiary_is_not_its_parent():
    from graphbuild.nlp.coref import _introduced_as

    words = ["Orbit", "’s", "subsidiary", ",", "Calder", "Ltd.", ",", "paid", "."]
    doc = Doc(_NLP.vocab, words=words, pos=["PROPN", "PART", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"],
              deps=["poss", "case", "nsubj", "punct", "compound", "appos", "punct", "ROOT", "punct"],
              heads=[2, 0, 7, 2, 5, 2, 2, 7, 7])
    assert not _introduced_as(doc, Cand(0, 1, C), "subsidiary")
    assert _introduced_as(doc, Cand(4, 6, C), "subsidiary")
