"""Negation and attribution on hand-built parses."""

from __future__ import annotations

from helpers import make_doc, triples

CO, GOV, GRP = "Company", "GovernmentBody", "Group"


def _have_contract(neg_rows: list[tuple]) -> list[tuple]:
    # "the agency [does not] have a contract with Acme"
    rows = [("the", "", "DET", "det", 1), ("agency", "", "NOUN", "nsubj", 2 + len(neg_rows))]
    rows += neg_rows
    v = 2 + len(neg_rows)
    rows += [("have", "", "VERB", "ROOT", v, "VB"), ("a", "", "DET", "det", v + 2),
             ("contract", "", "NOUN", "dobj", v), ("with", "", "ADP", "prep", v + 2),
             ("Acme", "", "PROPN", "pobj", v + 3)]
    return rows


def test_does_not_have_a_contract_is_negated_and_never_positive():
    rows = _have_contract([("does", "do", "AUX", "aux", 4), ("not", "", "PART", "neg", 4)])
    doc = make_doc(rows, [(1, 2, GOV, "description"), (8, 9, CO)])
    assert triples(doc) == {("agency", "contractedWith", "Acme", True)}


def test_no_contract_is_negated():
    rows = [("the", "", "DET", "det", 1), ("agency", "", "NOUN", "nsubj", 2), ("has", "have", "VERB", "ROOT", 2),
            ("no", "", "DET", "det", 4), ("contract", "", "NOUN", "dobj", 2), ("with", "", "ADP", "prep", 4),
            ("Acme", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(1, 2, GOV, "description"), (6, 7, CO)])
    assert triples(doc) == {("agency", "contractedWith", "Acme", True)}


def test_plain_contract_is_positive():
    doc = make_doc(_have_contract([]), [(1, 2, GOV, "description"), (6, 7, CO)])
    assert triples(doc) == {("agency", "contractedWith", "Acme", False)}


def test_failed_to_send_a_notice_is_negated_contact():
    # "Zeta failed to provide customers with the notice"
    rows = [("Zeta", "", "PROPN", "nsubj", 1), ("failed", "fail", "VERB", "ROOT", 1, "VBD"),
            ("to", "", "PART", "aux", 3), ("provide", "", "VERB", "xcomp", 1, "VB"),
            ("customers", "customer", "NOUN", "dobj", 3), ("with", "", "ADP", "prep", 3),
            ("the", "", "DET", "det", 7), ("notice", "", "NOUN", "pobj", 5)]
    doc = make_doc(rows, [(0, 1, CO), (4, 5, GRP, "description")])
    assert triples(doc) == {("Zeta", "contacted", "customers", True)}


def test_declined_to_meet_and_never_met():
    rows = [("Acme", "", "PROPN", "nsubj", 1), ("declined", "decline", "VERB", "ROOT", 1, "VBD"),
            ("to", "", "PART", "aux", 3), ("meet", "", "VERB", "xcomp", 1, "VB"), ("Zeta", "", "PROPN", "dobj", 3)]
    doc = make_doc(rows, [(0, 1, CO), (4, 5, CO)])
    assert triples(doc) == {("Acme", "metWith", "Zeta", True)}
    rows = [("Acme", "", "PROPN", "nsubj", 2), ("never", "", "ADV", "neg", 2), ("met", "meet", "VERB", "ROOT", 2, "VBD"),
            ("Zeta", "", "PROPN", "dobj", 2)]
    doc = make_doc(rows, [(0, 1, CO), (3, 4, CO)])
    assert triples(doc) == {("Acme", "metWith", "Zeta", True)}


def test_reported_speech_and_hedges_do_not_negate():
    # "Critics said that Acme may have sold software to the Army"
    rows = [("Critics", "critic", "NOUN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1, "VBD"),
            ("that", "", "SCONJ", "mark", 6), ("Acme", "", "PROPN", "nsubj", 6), ("may", "", "AUX", "aux", 6),
            ("have", "", "AUX", "aux", 6), ("sold", "sell", "VERB", "ccomp", 1, "VBN"),
            ("software", "", "NOUN", "dobj", 6), ("to", "", "ADP", "prep", 6), ("the", "", "DET", "det", 10),
            ("Army", "", "PROPN", "pobj", 8)]
    doc = make_doc(rows, [(0, 1, GRP, "description"), (3, 4, CO), (10, 11, GOV)])
    assert triples(doc) == {("Acme", "supplied", "Army", False)}


def test_not_on_a_conjoined_subject_negates_only_that_subject():
    # "Zeta -- and not district attorneys -- sent the letters to consumers"
    rows = [("Zeta", "", "PROPN", "nsubj", 4), ("and", "", "CCONJ", "cc", 0), ("not", "", "PART", "neg", 3),
            ("attorneys", "attorney", "NOUN", "conj", 0), ("sent", "send", "VERB", "ROOT", 4, "VBD"),
            ("letters", "letter", "NOUN", "dobj", 4), ("to", "", "ADP", "prep", 4),
            ("consumers", "consumer", "NOUN", "pobj", 6)]
    doc = make_doc(rows, [(0, 1, CO), (3, 4, GRP, "description"), (7, 8, GRP, "description")])
    assert triples(doc) == {("Zeta", "contacted", "consumers", False), ("attorneys", "contacted", "consumers", True)}


def test_requested_or_stopped_acts_are_not_stated():
    # "The employees asked Acme to stop selling software to the Army" -> nothing
    rows = [("The", "", "DET", "det", 1), ("employees", "employee", "NOUN", "nsubj", 2),
            ("asked", "ask", "VERB", "ROOT", 2, "VBD"), ("Acme", "", "PROPN", "dobj", 2), ("to", "", "PART", "aux", 5),
            ("stop", "", "VERB", "xcomp", 2, "VB"), ("selling", "sell", "VERB", "xcomp", 5, "VBG"),
            ("software", "", "NOUN", "dobj", 6), ("to", "", "ADP", "prep", 6), ("the", "", "DET", "det", 10),
            ("Army", "", "PROPN", "pobj", 8)]
    doc = make_doc(rows, [(3, 4, CO), (10, 11, GOV)])
    assert triples(doc) == set()


def test_criticized_for_doing_makes_the_object_the_doer():
    # "Critics criticized Acme for selling software to the Army"
    rows = [("Critics", "critic", "NOUN", "nsubj", 1), ("criticized", "criticize", "VERB", "ROOT", 1, "VBD"),
            ("Acme", "", "PROPN", "dobj", 1), ("for", "", "ADP", "prep", 1), ("selling", "sell", "VERB", "pcomp", 3, "VBG"),
            ("software", "", "NOUN", "dobj", 4), ("to", "", "ADP", "prep", 4), ("the", "", "DET", "det", 8),
            ("Army", "", "PROPN", "pobj", 6)]
    doc = make_doc(rows, [(0, 1, GRP, "description"), (2, 3, CO), (8, 9, GOV)])
    assert triples(doc) == {("Critics", "criticized", "Acme", False), ("Acme", "supplied", "Army", False)}
