"""Argument resolution and name chains on hand-built Docs (no model).

``make_doc`` and friends are in ``tests/helpers.py``.
"""

from __future__ import annotations

from helpers import context, make_doc, triples

from graphbuild.relations.rules.base import args, entity_of, name_chains


def test_make_doc_builds_a_parse():
    doc = make_doc([("Amazon", "", "PROPN", "nsubj", 1), ("pitched", "pitch", "VERB", "ROOT", 1),
                    ("ICE", "", "PROPN", "dobj", 1)], [(0, 1, "Company"), (2, 3, "GovernmentBody", "acronym")])
    assert doc[0].head.i == 1 and doc[1].lemma_ == "pitch"
    assert [s.text for s in doc.spans["gb_mentions"]] == ["Amazon", "ICE"]
    assert doc.spans["gb_mentions"][1].id_ == "acronym"


def test_agent_noun_stands_for_its_organisation():
    # "An Acme spokesperson said" -> Acme
    doc = make_doc([("An", "", "DET", "det", 2), ("Acme", "", "PROPN", "compound", 2),
                    ("spokesperson", "", "NOUN", "nsubj", 3), ("said", "say", "VERB", "ROOT", 3)],
                   [(1, 2, "Company")])
    ctx = context(doc)
    assert entity_of(doc[2], ctx).text == "Acme"


def test_agent_noun_with_of_phrase_and_plain_noun():
    # "officials of the Ministry" -> the Ministry; "the software" -> nothing
    doc = make_doc([("officials", "official", "NOUN", "ROOT", 0), ("of", "", "ADP", "prep", 0),
                    ("the", "", "DET", "det", 3), ("Ministry", "", "PROPN", "pobj", 1),
                    ("software", "", "NOUN", "appos", 0)], [(3, 4, "GovernmentBody")])
    ctx = context(doc)
    assert entity_of(doc[0], ctx).text == "Ministry"
    assert entity_of(doc[4], ctx) is None


def test_conjoined_arguments_keep_their_own_negation():
    # "Zeta -- and not the district attorneys -- sent"
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 5), ("and", "", "CCONJ", "cc", 0),
                    ("not", "", "PART", "neg", 4), ("the", "", "DET", "det", 4),
                    ("attorneys", "attorney", "NOUN", "conj", 0), ("sent", "send", "VERB", "ROOT", 5)],
                   [(0, 1, "Company"), (4, 5, "Group", "description")])
    found = args(doc[0], context(doc))
    assert [(m.text, neg) for m, neg in found] == [("Zeta", False), ("attorneys", True)]


def test_name_chain_of_possessive_reads_as_one_name():
    # "the Fraud Section of DOJ's Criminal Division" -> head Fraud Section, outermost owner DOJ
    doc = make_doc([("the", "", "DET", "det", 2), ("Fraud", "", "PROPN", "compound", 2),
                    ("Section", "", "PROPN", "ROOT", 2), ("of", "", "ADP", "prep", 2),
                    ("DOJ", "", "PROPN", "poss", 7), ("’s", "", "PART", "case", 4, "POS"),
                    ("Criminal", "", "PROPN", "compound", 7), ("Division", "", "PROPN", "pobj", 3)],
                   [(1, 3, "GovernmentBody"), (4, 5, "GovernmentBody", "acronym"), (6, 8, "GovernmentBody")])
    (chain,) = name_chains(doc[0:len(doc)], context(doc))
    assert chain.head.text == "Fraud Section"
    assert [o.text for o in chain.owners] == ["DOJ", "Criminal Division"]


def test_name_chain_possessive_last_is_head():
    # "Justice Department's Criminal Division" as one mention -> split at the possessive
    doc = make_doc([("Justice", "", "PROPN", "compound", 1), ("Department", "", "PROPN", "poss", 4),
                    ("’s", "", "PART", "case", 1, "POS"), ("Criminal", "", "PROPN", "compound", 4),
                    ("Division", "", "PROPN", "ROOT", 4)], [(0, 5, "GovernmentBody")])
    (chain,) = name_chains(doc[0:len(doc)], context(doc))
    assert chain.head.text == "Criminal Division"
    assert [o.text for o in chain.owners] == ["Justice Department"]


def test_one_mention_naming_a_unit_of_a_known_body_is_split():
    # "the Fraud Section of the Department of Justice's Criminal Division" as ONE mention, with
    # "Department of Justice" known from elsewhere in the document
    rows = [("the", "", "DET", "det", 2), ("Fraud", "", "PROPN", "compound", 2), ("Section", "", "PROPN", "ROOT", 2),
            ("of", "", "ADP", "prep", 2), ("the", "", "DET", "det", 5), ("Department", "", "PROPN", "poss", 10),
            ("of", "", "ADP", "prep", 5), ("Justice", "", "PROPN", "pobj", 6), ("’s", "", "PART", "case", 5, "POS"),
            ("Criminal", "", "PROPN", "compound", 10), ("Division", "", "PROPN", "pobj", 3), ("and", "", "CCONJ", "cc", 2),
            ("Department", "", "PROPN", "conj", 2), ("of", "", "ADP", "prep", 12), ("Justice", "", "PROPN", "pobj", 13)]
    doc = make_doc(rows, [(1, 11, "GovernmentBody"), (12, 15, "GovernmentBody", "name", "doj")])
    chains = name_chains(doc[0:len(doc)], context(doc))
    assert chains[0].head.text == "Fraud Section"
    assert chains[0].owners[0].text == "Department of Justice" and chains[0].owners[0].kb_id_ == "doj"
    assert ("Fraud Section", "partOf", "Department of Justice", False) in triples(doc)
