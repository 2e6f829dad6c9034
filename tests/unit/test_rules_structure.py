"""Structural rules (partOf, titled officials, location) and quoted criticism on hand-built parses."""

from __future__ import annotations

import pytest
from helpers import candidates, make_doc, triples

CO, GOV, GRP, LOC, PER = "Company", "GovernmentBody", "Group", "Location", "Person"


def test_possessive_unit_is_part_of_the_owner():
    # "ICE's Homeland Security Investigations office"
    rows = [("ICE", "", "PROPN", "poss", 5), ("’s", "", "PART", "case", 0, "POS"), ("Homeland", "", "PROPN", "compound", 4),
            ("Security", "", "PROPN", "compound", 4), ("Investigations", "", "PROPN", "compound", 5),
            ("office", "", "NOUN", "ROOT", 5)]
    doc = make_doc(rows, [(0, 1, GOV, "acronym"), (2, 5, GOV)])
    assert triples(doc) == {("Homeland Security Investigations", "partOf", "ICE", False)}


def test_name_beginning_with_another_mention_is_part_of_it():
    # "Orbit pitched X. An Orbit Cloud Services salesperson ..." (prefix of another mention)
    rows = [("Orbit", "", "PROPN", "compound", 2), ("Cloud", "", "PROPN", "compound", 2),
            ("Services", "", "PROPN", "compound", 3), ("salesperson", "", "NOUN", "ROOT", 3),
            ("and", "", "CCONJ", "cc", 3), ("Orbit", "", "PROPN", "conj", 3)]
    doc = make_doc(rows, [(0, 3, CO, "name", "orbit-cloud"), (5, 6, CO, "name", "orbit")])
    found = {(c.subject.text, c.predicate.value, c.object.text, c.object.kb_id_) for c in candidates(doc)}
    assert ("Orbit Cloud Services", "partOf", "Orbit", "orbit") in found


def test_legal_suffix_is_not_a_unit():
    rows = [("Orbit", "", "PROPN", "compound", 1), ("Inc.", "", "PROPN", "ROOT", 1), ("and", "", "CCONJ", "cc", 1),
            ("Orbit", "", "PROPN", "conj", 1)]
    doc = make_doc(rows, [(0, 2, CO), (3, 4, CO)])
    assert triples(doc) == set()


def test_group_named_by_its_employer_works_for_it():
    rows = [("Orbit", "", "PROPN", "compound", 1), ("employees", "employee", "NOUN", "ROOT", 1),
            ("and", "", "CCONJ", "cc", 1), ("Orbit", "", "PROPN", "conj", 1)]
    doc = make_doc(rows, [(0, 2, GRP, "name"), (3, 4, CO)])
    assert ("Orbit employees", "worksFor", "Orbit", False) in triples(doc)


def test_title_before_the_name():
    # "Orbit CEO Jane Roe"
    rows = [("Orbit", "", "PROPN", "compound", 1), ("CEO", "", "PROPN", "compound", 3),
            ("Jane", "", "PROPN", "compound", 3), ("Roe", "", "PROPN", "ROOT", 3)]
    doc = make_doc(rows, [(0, 1, CO), (2, 4, PER)])
    (c,) = candidates(doc)
    assert (c.subject.text, c.predicate.value, c.object.text, c.role) == ("Jane Roe", "worksFor", "Orbit", "CEO")


def test_title_before_the_name_with_office_after():
    # "Deputy Chief John Doe of the Tax Crimes Office"
    rows = [("Deputy", "", "PROPN", "compound", 1), ("Chief", "", "PROPN", "compound", 3),
            ("John", "", "PROPN", "compound", 3), ("Doe", "", "PROPN", "ROOT", 3), ("of", "", "ADP", "prep", 3),
            ("the", "", "DET", "det", 8), ("Tax", "", "PROPN", "compound", 8), ("Crimes", "", "PROPN", "compound", 8),
            ("Office", "", "PROPN", "pobj", 4)]
    doc = make_doc(rows, [(2, 4, PER), (6, 9, GOV)])
    (c,) = candidates(doc)
    assert (c.subject.text, c.object.text, c.role) == ("John Doe", "Tax Crimes Office", "Deputy Chief")


def _appos_title(title_rows: list[tuple], mentions: list[tuple]):
    """ "Jane Roe, <title rows>." with the title rows starting at token 3 (absolute heads)."""
    rows = [("Jane", "", "PROPN", "compound", 1), ("Roe", "", "PROPN", "ROOT", 1), (",", "", "PUNCT", "punct", 1)]
    return make_doc(rows + title_rows + [(".", "", "PUNCT", "punct", 1)], [(0, 2, PER), *mentions])


def test_appositive_title_names_the_innermost_body():
    # "Jane Roe, Director of the Agency's Denver Regional Office."
    title = [("Director", "", "PROPN", "appos", 1), ("of", "", "ADP", "prep", 3), ("the", "", "DET", "det", 6),
             ("Agency", "", "PROPN", "poss", 10), ("’s", "", "PART", "case", 6, "POS"), ("Denver", "", "PROPN", "compound", 10),
             ("Regional", "", "PROPN", "compound", 10), ("Office", "", "PROPN", "pobj", 4)]
    doc = _appos_title(title, [(6, 7, GOV), (8, 11, GOV)])
    found = {(c.subject.text, c.predicate.value, c.object.text, c.role.replace(" ’s", "’s")) for c in candidates(doc)}
    assert ("Jane Roe", "worksFor", "Denver Regional Office", "Director of the Agency’s Denver Regional Office") in found


def test_enforcement_division_named_with_its_agency_gives_the_agency():
    # "Jane Roe, Director of the Agency's Division of Enforcement." (one mention with a possessive)
    title = [("Director", "", "PROPN", "appos", 1), ("of", "", "ADP", "prep", 3), ("the", "", "DET", "det", 6),
             ("Agency", "", "PROPN", "poss", 8), ("’s", "", "PART", "case", 6, "POS"), ("Division", "", "PROPN", "pobj", 4),
             ("of", "", "ADP", "prep", 8), ("Enforcement", "", "PROPN", "pobj", 9)]
    doc = _appos_title(title, [(6, 11, GOV)])
    found = {(c.subject.text, c.predicate.value, c.object.text) for c in candidates(doc)}
    assert found == {("Jane Roe", "worksFor", "Agency")}  # and no partOf inside the title


def test_x_based_company():
    # "Zeta is a Utah-based company"
    rows = [("Zeta", "", "PROPN", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1), ("a", "", "DET", "det", 6),
            ("Utah", "", "PROPN", "npadvmod", 5), ("-", "", "PUNCT", "punct", 5), ("based", "base", "VERB", "amod", 6, "VBN"),
            ("company", "", "NOUN", "attr", 1)]
    doc = make_doc(rows, [(0, 1, CO), (3, 4, LOC)])
    assert triples(doc) == {("Zeta", "locatedIn", "Utah", False)}


def test_nationality_opening_a_named_company_descriptor():
    # "Danish payments group Korsgaard A/S said"
    rows = [("Danish", "", "ADJ", "amod", 2), ("payments", "payment", "NOUN", "compound", 2),
            ("group", "", "NOUN", "compound", 3), ("Korsgaard", "", "PROPN", "nsubj", 4), ("said", "say", "VERB", "ROOT", 4)]
    doc = make_doc(rows, [(0, 1, LOC, "description", "place-denmark"), (3, 4, CO)])
    assert triples(doc) == {("Korsgaard", "locatedIn", "Danish", False)}


@pytest.mark.parametrize("label, words", [
    (GOV, "Danish competition authority Konkurrencestyrelsen"),  # not for government bodies
    (CO, "Danish group and Korsgaard"),  # another word between: not its descriptor
])
def test_nationality_not_located(label, words):
    ws = words.split()
    rows = [(w, "", "ADJ" if i == 0 else ("CCONJ" if w == "and" else "NOUN"), "dep", len(ws) - 1)
            for i, w in enumerate(ws)]
    doc = make_doc(rows, [(0, 1, LOC, "description", "place-denmark"), (len(ws) - 1, len(ws), label)])
    assert triples(doc) == set()


def test_based_in_after_a_name():
    # "Zeta, based in Kansas City, ..."
    rows = [("Zeta", "", "PROPN", "ROOT", 0), (",", "", "PUNCT", "punct", 0), ("based", "base", "VERB", "acl", 0, "VBN"),
            ("in", "", "ADP", "prep", 2), ("Kansas", "", "PROPN", "compound", 5), ("City", "", "PROPN", "pobj", 3)]
    doc = make_doc(rows, [(0, 1, CO), (4, 6, LOC)])
    assert triples(doc) == {("Zeta", "locatedIn", "Kansas City", False)}


def test_owned_subsidiary_of_a_place_possessed_parent():
    # "Beta Inc., a wholly owned U.S. subsidiary of Britain's Alpha PLC"
    rows = [("Beta", "", "PROPN", "compound", 1), ("Inc.", "", "PROPN", "ROOT", 1), (",", "", "PUNCT", "punct", 1),
            ("a", "", "DET", "det", 7), ("wholly", "", "ADV", "advmod", 5), ("owned", "own", "VERB", "amod", 7, "VBN"),
            ("U.S.", "", "PROPN", "compound", 7), ("subsidiary", "", "NOUN", "appos", 1), ("of", "", "ADP", "prep", 7),
            ("Britain", "", "PROPN", "poss", 12), ("’s", "", "PART", "case", 9, "POS"), ("Alpha", "", "PROPN", "compound", 12),
            ("PLC", "", "PROPN", "pobj", 8)]
    doc = make_doc(rows, [(0, 2, CO), (6, 7, LOC, "acronym"), (9, 10, LOC), (11, 13, CO)])
    assert triples(doc) == {("Beta Inc.", "partOf", "Alpha PLC", False), ("Alpha PLC", "owns", "Beta Inc.", False),
                            ("Beta Inc.", "locatedIn", "U.S.", False), ("Alpha PLC", "locatedIn", "Britain", False)}


def test_quoted_official_criticizes_the_company_subject():
    # '"Zeta ignored the rules," said Jane Roe, Director of the Agency.'
    rows = [("“", "", "PUNCT", "punct", 2, "``"), ("Zeta", "", "PROPN", "nsubj", 2), ("ignored", "ignore", "VERB", "ccomp", 7, "VBD"),
            ("the", "", "DET", "det", 4), ("rules", "rule", "NOUN", "dobj", 2), (",", "", "PUNCT", "punct", 7),
            ("”", "", "PUNCT", "punct", 7, "''"), ("said", "say", "VERB", "ROOT", 7, "VBD"),
            ("Jane", "", "PROPN", "compound", 9), ("Roe", "", "PROPN", "nsubj", 7), (",", "", "PUNCT", "punct", 9),
            ("Director", "", "PROPN", "appos", 9), ("of", "", "ADP", "prep", 11), ("the", "", "DET", "det", 14),
            ("Agency", "", "PROPN", "pobj", 12), (".", "", "PUNCT", "punct", 7)]
    doc = make_doc(rows, [(1, 2, CO), (8, 10, PER), (14, 15, GOV)])
    assert ("Jane Roe", "criticized", "Zeta", False) in triples(doc)


def test_quote_after_the_speech_verb():
    # 'Agency Director Jane Roe added, "Zeta hid the payments."'
    rows = [("Agency", "", "PROPN", "compound", 1), ("Director", "", "PROPN", "compound", 3),
            ("Jane", "", "PROPN", "compound", 3), ("Roe", "", "PROPN", "nsubj", 4), ("added", "add", "VERB", "ROOT", 4, "VBD"),
            (",", "", "PUNCT", "punct", 4), ("“", "", "PUNCT", "punct", 8, "``"), ("Zeta", "", "PROPN", "nsubj", 8),
            ("hid", "hide", "VERB", "ccomp", 4, "VBD"), ("payments", "payment", "NOUN", "dobj", 8),
            (".", "", "PUNCT", "punct", 8), ("”", "", "PUNCT", "punct", 4, "''")]
    doc = make_doc(rows, [(0, 1, GOV), (2, 4, PER), (7, 8, CO)])
    assert triples(doc) == {("Jane Roe", "worksFor", "Agency", False), ("Jane Roe", "criticized", "Zeta", False)}


def test_company_counsel_quoted_about_the_company_criticizes_nothing():
    # '"Zeta cooperated fully," said Zeta General Counsel Jane Roe.'
    rows = [("“", "", "PUNCT", "punct", 2, "``"), ("Zeta", "", "PROPN", "nsubj", 2), ("cooperated", "cooperate", "VERB", "ccomp", 6, "VBD"),
            ("fully", "", "ADV", "advmod", 2), (",", "", "PUNCT", "punct", 6), ("”", "", "PUNCT", "punct", 6, "''"),
            ("said", "say", "VERB", "ROOT", 6, "VBD"), ("Zeta", "", "PROPN", "compound", 9),
            ("General", "", "PROPN", "compound", 9), ("Counsel", "", "PROPN", "compound", 11),
            ("Jane", "", "PROPN", "compound", 11), ("Roe", "", "PROPN", "nsubj", 6)]
    doc = make_doc(rows, [(1, 2, CO), (7, 8, CO), (10, 12, PER)])
    assert not any(p == "criticized" for _, p, _, _ in triples(doc))


def test_general_statement_criticizes_nobody():
    rows = [("“", "", "PUNCT", "punct", 3, "``"), ("Companies", "company", "NOUN", "nsubj", 3), ("must", "", "AUX", "aux", 3),
            ("comply", "", "VERB", "ccomp", 6, "VB"), (",", "", "PUNCT", "punct", 6), ("”", "", "PUNCT", "punct", 6, "''"),
            ("said", "say", "VERB", "ROOT", 6, "VBD"), ("Jane", "", "PROPN", "compound", 8), ("Roe", "", "PROPN", "nsubj", 6)]
    doc = make_doc(rows, [(7, 9, PER)])
    assert triples(doc) == set()


def test_apposition_attached_to_the_wrong_noun_reads_the_preceding_name():
    # "Permax, partner of Banque Verte (Verte), a bank headquartered in Paris": the parser hangs
    # "bank" on "Permax"; the text puts it after Banque Verte
    rows = [("Permax", "", "PROPN", "ROOT", 0), (",", "", "PUNCT", "punct", 0), ("partner", "", "NOUN", "appos", 0),
            ("of", "", "ADP", "prep", 2), ("Banque", "", "PROPN", "compound", 5), ("Verte", "", "PROPN", "pobj", 3),
            ("(", "", "PUNCT", "punct", 7), ("Verte", "", "PROPN", "appos", 5), (")", "", "PUNCT", "punct", 7),
            (",", "", "PUNCT", "punct", 0), ("a", "", "DET", "det", 11), ("bank", "", "NOUN", "appos", 0),
            ("headquartered", "headquarter", "VERB", "acl", 11, "VBN"), ("in", "", "ADP", "prep", 12),
            ("Paris", "", "PROPN", "pobj", 13)]
    doc = make_doc(rows, [(0, 1, CO), (4, 6, CO), (7, 8, CO), (14, 15, LOC)])
    assert ("Banque Verte", "locatedIn", "Paris", False) in triples(doc)
    assert not any(s == "Permax" and p == "locatedIn" for s, p, _, _ in triples(doc))


def test_unit_of_a_unit_gives_no_part_of():
    # "the Fraud Section of the Criminal Division": the parent agency is not named here
    rows = [("the", "", "DET", "det", 2), ("Fraud", "", "PROPN", "compound", 2), ("Section", "", "PROPN", "ROOT", 2),
            ("of", "", "ADP", "prep", 2), ("the", "", "DET", "det", 6), ("Criminal", "", "PROPN", "compound", 6),
            ("Division", "", "PROPN", "pobj", 3)]
    doc = make_doc(rows, [(1, 3, GOV), (5, 7, GOV)])
    assert triples(doc) == set()


def test_official_praising_cooperation_criticizes_nobody():
    # '"Zeta cooperated fully," said Jane Roe, Director of the Agency.'
    rows = [("“", "", "PUNCT", "punct", 2, "``"), ("Zeta", "", "PROPN", "nsubj", 2), ("cooperated", "cooperate", "VERB", "ccomp", 6, "VBD"),
            ("fully", "", "ADV", "advmod", 2), (",", "", "PUNCT", "punct", 6), ("”", "", "PUNCT", "punct", 6, "''"),
            ("said", "say", "VERB", "ROOT", 6, "VBD"), ("Jane", "", "PROPN", "compound", 8), ("Roe", "", "PROPN", "nsubj", 6),
            (",", "", "PUNCT", "punct", 8), ("Director", "", "PROPN", "appos", 8), ("of", "", "ADP", "prep", 10),
            ("the", "", "DET", "det", 13), ("Agency", "", "PROPN", "pobj", 11)]
    doc = make_doc(rows, [(1, 2, CO), (7, 9, PER), (13, 14, GOV)])
    assert not any(p == "criticized" for _, p, _, _ in triples(doc))
