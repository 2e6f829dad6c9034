"""Nominalisations and crediting on hand-built parses."""

from __future__ import annotations

from helpers import make_doc, triples

CO, GOV, GRP, ORG, PROD = "Company", "GovernmentBody", "Group", "Organization", "Product"


def test_investigation_by_agent_into_object():
    # "an investigation by the Bureau into Zeta"
    rows = [("an", "", "DET", "det", 1), ("investigation", "", "NOUN", "ROOT", 1), ("by", "", "ADP", "prep", 1),
            ("the", "", "DET", "det", 4), ("Bureau", "", "PROPN", "pobj", 2), ("into", "", "ADP", "prep", 1),
            ("Zeta", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(4, 5, GOV), (6, 7, CO)])
    assert triples(doc) == {("Bureau", "investigated", "Zeta", False)}


def test_participation_announced_by_the_subject():
    # "The Commission announced its participation in Operation Sunrise"
    rows = [("The", "", "DET", "det", 1), ("Commission", "", "PROPN", "nsubj", 2),
            ("announced", "announce", "VERB", "ROOT", 2, "VBD"), ("its", "", "PRON", "poss", 4, "PRP$"),
            ("participation", "", "NOUN", "dobj", 2), ("in", "", "ADP", "prep", 4),
            ("Operation", "", "PROPN", "compound", 7), ("Sunrise", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(1, 2, GOV), (6, 8, PROD)])
    assert triples(doc) == {("Commission", "participatedIn", "Operation Sunrise", False)}


def test_complaint_as_subject_sues_its_object():
    # "The Bureau's complaint charges Zeta with fraud"
    rows = [("The", "", "DET", "det", 1), ("Bureau", "", "PROPN", "poss", 3), ("’s", "", "PART", "case", 1, "POS"),
            ("complaint", "", "NOUN", "nsubj", 4), ("charges", "charge", "VERB", "ROOT", 4, "VBZ"),
            ("Zeta", "", "PROPN", "dobj", 4), ("with", "", "ADP", "prep", 4), ("fraud", "", "NOUN", "pobj", 6)]
    doc = make_doc(rows, [(1, 2, GOV), (5, 6, CO)])
    assert triples(doc) == {("Bureau", "sued", "Zeta", False)}


def test_study_conducted_by_found_that():
    # "A study conducted by the Liberty Union found that the system misfired"
    rows = [("A", "", "DET", "det", 1), ("study", "", "NOUN", "nsubj", 7), ("conducted", "conduct", "VERB", "acl", 1, "VBN"),
            ("by", "", "ADP", "agent", 2), ("the", "", "DET", "det", 6), ("Liberty", "", "PROPN", "compound", 6),
            ("Union", "", "PROPN", "pobj", 3), ("found", "find", "VERB", "ROOT", 7, "VBD"),
            ("that", "", "SCONJ", "mark", 11), ("the", "", "DET", "det", 10), ("system", "", "NOUN", "nsubj", 11),
            ("misfired", "misfire", "VERB", "ccomp", 7, "VBD")]
    doc = make_doc(rows, [(5, 7, ORG), (9, 11, PROD, "description")])
    assert triples(doc) == {("Liberty Union", "studied", "the system", False)}


def test_meeting_between_two_parties():
    rows = [("a", "", "DET", "det", 1), ("meeting", "", "NOUN", "ROOT", 1), ("between", "", "ADP", "prep", 1),
            ("Acme", "", "PROPN", "pobj", 2), ("and", "", "CCONJ", "cc", 3), ("Zeta", "", "PROPN", "conj", 3)]
    doc = make_doc(rows, [(3, 4, CO), (5, 6, CO)])
    assert triples(doc) == {("Acme", "metWith", "Zeta", False)}


def test_cooperating_with_an_inquiry_gives_investigated_and_other():
    # "Zeta cooperated with the Commission's inquiry"
    rows = [("Zeta", "", "PROPN", "nsubj", 1), ("cooperated", "cooperate", "VERB", "ROOT", 1, "VBD"),
            ("with", "", "ADP", "prep", 1), ("the", "", "DET", "det", 4), ("Commission", "", "PROPN", "poss", 6),
            ("’s", "", "PART", "case", 4, "POS"), ("inquiry", "", "NOUN", "pobj", 2)]
    doc = make_doc(rows, [(0, 1, CO), (4, 5, GOV)])
    assert triples(doc) == {("Commission", "investigated", "Zeta", False), ("Zeta", "other", "Commission", False)}


def test_credit_for_assistance_lists_every_top_level_body():
    # "The Commission acknowledges the assistance of the Fraud Section of DOJ's Criminal Division
    #  and the Federal Bureau" (the attachment of the last conjunct is as bad as real parses)
    rows = [("The", "", "DET", "det", 1), ("Commission", "", "PROPN", "nsubj", 2),
            ("acknowledges", "acknowledge", "VERB", "ROOT", 2, "VBZ"), ("the", "", "DET", "det", 4),
            ("assistance", "", "NOUN", "dobj", 2), ("of", "", "ADP", "prep", 4), ("the", "", "DET", "det", 8),
            ("Fraud", "", "PROPN", "compound", 8), ("Section", "", "PROPN", "pobj", 5), ("of", "", "ADP", "prep", 8),
            ("DOJ", "", "PROPN", "poss", 13), ("’s", "", "PART", "case", 10, "POS"),
            ("Criminal", "", "PROPN", "compound", 13), ("Division", "", "PROPN", "pobj", 9),
            ("and", "", "CCONJ", "cc", 2), ("the", "", "DET", "det", 17), ("Federal", "", "PROPN", "compound", 17),
            ("Bureau", "", "PROPN", "conj", 2)]
    doc = make_doc(rows, [(1, 2, GOV), (7, 9, GOV), (10, 11, GOV, "acronym"), (12, 14, GOV), (16, 18, GOV)])
    found = triples(doc)
    assert {t for t in found if t[1] == "partneredWith"} == {
        ("Commission", "partneredWith", "Fraud Section", False),
        ("Commission", "partneredWith", "Federal Bureau", False)}
    assert ("Fraud Section", "partOf", "DOJ", False) in found
    assert not any(t[0] == "Criminal Division" for t in found)


def test_settlement_along_with_partners_requiring_payment():
    # "The Commission announced a settlement along with the Department that requires Zeta to pay"
    rows = [("The", "", "DET", "det", 1), ("Commission", "", "PROPN", "nsubj", 2),
            ("announced", "announce", "VERB", "ROOT", 2, "VBD"), ("a", "", "DET", "det", 4),
            ("settlement", "", "NOUN", "dobj", 2), ("along", "", "ADP", "prep", 4), ("with", "", "ADP", "prep", 5),
            ("the", "", "DET", "det", 8), ("Department", "", "PROPN", "pobj", 6), ("that", "", "PRON", "nsubj", 10, "WDT"),
            ("requires", "require", "VERB", "relcl", 8, "VBZ"), ("Zeta", "", "PROPN", "dobj", 10),
            ("to", "", "PART", "aux", 13), ("pay", "", "VERB", "xcomp", 10, "VB")]
    doc = make_doc(rows, [(1, 2, GOV), (8, 9, GOV), (11, 12, CO)])
    assert triples(doc) == {("Commission", "partneredWith", "Department", False),
                            ("Commission", "penalized", "Zeta", False),
                            ("Department", "penalized", "Zeta", False)}


def test_cooperation_provided_later_is_credited_to_the_earlier_creditor():
    from graphbuild.relations.component import candidates as doc_candidates
    from graphbuild.relations.lexicon import load_lexicon

    # "The Bureau appreciates the assistance of the Agency . The Office also provided cooperation ."
    rows = [("The", "", "DET", "det", 1), ("Bureau", "", "PROPN", "nsubj", 2),
            ("appreciates", "appreciate", "VERB", "ROOT", 2, "VBZ"), ("the", "", "DET", "det", 4),
            ("assistance", "", "NOUN", "dobj", 2), ("of", "", "ADP", "prep", 4), ("the", "", "DET", "det", 7),
            ("Agency", "", "PROPN", "pobj", 5), (".", "", "PUNCT", "punct", 2),
            ("The", "", "DET", "det", 10), ("Office", "", "PROPN", "nsubj", 12), ("also", "", "ADV", "advmod", 12),
            ("provided", "provide", "VERB", "ROOT", 12, "VBD"), ("cooperation", "", "NOUN", "dobj", 12),
            (".", "", "PUNCT", "punct", 12)]
    doc = make_doc(rows, [(1, 2, GOV), (7, 8, GOV), (10, 11, GOV)])
    assert [s.start for s in doc.sents] == [0, 9]
    found = {(c.subject.text, c.predicate.value, c.object.text) for _, c in doc_candidates(doc, load_lexicon(), 300)}
    assert found == {("Bureau", "partneredWith", "Agency"), ("Bureau", "partneredWith", "Office")}


def test_order_finding_that_a_company_violated():
    # "The Commission's order finds that Zeta violated the Act"
    rows = [("The", "", "DET", "det", 1), ("Commission", "", "PROPN", "poss", 3), ("’s", "", "PART", "case", 1, "POS"),
            ("order", "", "NOUN", "nsubj", 4), ("finds", "find", "VERB", "ROOT", 4, "VBZ"), ("that", "", "SCONJ", "mark", 7),
            ("Zeta", "", "PROPN", "nsubj", 7), ("violated", "violate", "VERB", "ccomp", 4, "VBD"),
            ("the", "", "DET", "det", 9), ("Act", "", "PROPN", "dobj", 7)]
    doc = make_doc(rows, [(1, 2, GOV), (6, 7, CO)])
    assert triples(doc) == {("Commission", "penalized", "Zeta", False)}


def test_credit_stops_where_the_matter_begins():
    # "The Bureau appreciates the assistance of the Agency in its case against Zeta"
    rows = [("The", "", "DET", "det", 1), ("Bureau", "", "PROPN", "nsubj", 2),
            ("appreciates", "appreciate", "VERB", "ROOT", 2, "VBZ"), ("the", "", "DET", "det", 4),
            ("assistance", "", "NOUN", "dobj", 2), ("of", "", "ADP", "prep", 4), ("the", "", "DET", "det", 7),
            ("Agency", "", "PROPN", "pobj", 5), ("in", "", "ADP", "prep", 4), ("its", "", "PRON", "poss", 10),
            ("case", "", "NOUN", "pobj", 8), ("against", "", "ADP", "prep", 10), ("Zeta", "", "PROPN", "pobj", 11)]
    doc = make_doc(rows, [(1, 2, GOV), (7, 8, GOV), (12, 13, CO)])
    assert {t for t in triples(doc) if t[1] == "partneredWith"} == {("Bureau", "partneredWith", "Agency", False)}
