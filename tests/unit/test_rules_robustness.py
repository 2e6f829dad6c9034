"""Rules that keep precision on unseen text: copular part-of, short forms that are not parents,
staff groups, described names, partitive objects, lemma repair, founders, first-person quotes,
stance verbs over contract nouns, benefits paid to officials, anyone may sue.

Hand-built parses of invented sentences (no model); see ``test_rules_base.make_doc``.
"""

from __future__ import annotations

from helpers import candidates, context, make_doc, triples

from graphbuild.relations.lexicon import load_lexicon
from graphbuild.relations.rules import sentence_candidates
from graphbuild.relations.rules.speech import attach_first_person
from graphbuild.relations.rules.verbs import verb_lemma

CO, GOV, GRP, ORG, PER = "Company", "GovernmentBody", "Group", "Organization", "Person"


def test_copula_part_of_names_the_subject():
    # "Zentek Labs is part of Orbis Group."
    rows = [("Zentek", "", "PROPN", "compound", 1), ("Labs", "", "PROPN", "nsubj", 2),
            ("is", "be", "AUX", "ROOT", 2), ("part", "", "NOUN", "attr", 2), ("of", "", "ADP", "prep", 3),
            ("Orbis", "", "PROPN", "compound", 6), ("Group", "", "PROPN", "pobj", 4), (".", "", "PUNCT", "punct", 2)]
    doc = make_doc(rows, [(0, 2, CO), (5, 7, CO)])
    assert triples(doc) == {("Zentek Labs", "partOf", "Orbis Group", False)}


def test_negated_copula_subsidiary_is_a_negated_part_of():
    # "Zentek is not a subsidiary of Orbis."
    rows = [("Zentek", "", "PROPN", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1), ("not", "", "PART", "neg", 1),
            ("a", "", "DET", "det", 4), ("subsidiary", "", "NOUN", "attr", 1), ("of", "", "ADP", "prep", 4),
            ("Orbis", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(0, 1, CO), (4, 5, CO, "description"), (6, 7, CO)])
    assert triples(doc) == {("Zentek", "partOf", "Orbis", True)}


def test_short_name_after_the_full_name_is_not_its_parent():
    # "Halden Analytics ... Halden Analytics supplies Halden" (the short name comes later)
    rows = [("Halden", "", "PROPN", "compound", 1), ("Analytics", "", "PROPN", "nsubj", 2),
            ("thanked", "thank", "VERB", "ROOT", 2), ("Halden", "", "PROPN", "dobj", 2)]
    doc = make_doc(rows, [(0, 2, CO), (3, 4, CO)])
    assert not any(p == "partOf" for _, p, _, _ in triples(doc))


def test_staff_group_after_its_employer_works_for_it():
    # "Orbit employees protested" with the name and the group as two mentions
    rows = [("Orbit", "", "PROPN", "compound", 1), ("employees", "employee", "NOUN", "nsubj", 2),
            ("protested", "protest", "VERB", "ROOT", 2)]
    doc = make_doc(rows, [(0, 1, CO), (1, 2, GRP, "description")])
    assert ("employees", "worksFor", "Orbit", False) in triples(doc)


def test_offices_after_a_company_are_not_its_staff():
    # "protests at Orbit's offices"
    rows = [("protests", "protest", "NOUN", "ROOT", 0), ("at", "", "ADP", "prep", 0),
            ("Orbit", "", "PROPN", "poss", 4), ("'s", "", "PART", "case", 2, "POS"),
            ("offices", "office", "NOUN", "pobj", 1)]
    doc = make_doc(rows, [(2, 3, CO), (4, 5, GRP, "description")])
    assert triples(doc) == set()


def test_class_noun_with_a_named_apposition_stands_for_the_name():
    # "The group Calder criticized Orbit."
    rows = [("The", "", "DET", "det", 1), ("group", "", "NOUN", "nsubj", 3), ("Calder", "", "PROPN", "appos", 1),
            ("criticized", "criticize", "VERB", "ROOT", 3), ("Orbit", "", "PROPN", "dobj", 3)]
    doc = make_doc(rows, [(2, 3, ORG), (4, 5, CO)])
    assert triples(doc) == {("Calder", "criticized", "Orbit", False)}


def test_partitive_object_is_the_group():
    # "Orbit failed to notify thousands of borrowers."
    rows = [("Orbit", "", "PROPN", "nsubj", 1), ("failed", "fail", "VERB", "ROOT", 1), ("to", "", "PART", "aux", 3),
            ("notify", "", "VERB", "xcomp", 1), ("thousands", "thousand", "NOUN", "dobj", 3),
            ("of", "", "ADP", "prep", 4), ("borrowers", "borrower", "NOUN", "pobj", 5)]
    doc = make_doc(rows, [(0, 1, CO), (6, 7, GRP, "description")])
    assert triples(doc) == {("Orbit", "contacted", "borrowers", True)}


def test_lemma_cut_too_short_is_repaired():
    doc = make_doc([("Calder", "", "PROPN", "nsubj", 1), ("fined", "fin", "VERB", "ROOT", 1),
                    ("Orbit", "", "PROPN", "dobj", 1)], [(0, 1, GOV), (2, 3, CO)])
    assert verb_lemma(doc[1], load_lexicon()) == "fine"
    odd = make_doc([("misidentified", "misidentifie", "VERB", "ROOT", 0)])
    assert verb_lemma(odd[0], load_lexicon()) == "misidentify"
    assert triples(doc) == {("Calder", "penalized", "Orbit", False)}


def test_anyone_may_sue_but_only_authorities_fine():
    rows = [("Calder", "", "PROPN", "nsubj", 1), ("sued", "sue", "VERB", "ROOT", 1), ("Orbit", "", "PROPN", "dobj", 1)]
    assert triples(make_doc(rows, [(0, 1, ORG), (2, 3, GOV)])) == {("Calder", "sued", "Orbit", False)}
    rows[1] = ("fined", "fine", "VERB", "ROOT", 1)
    assert triples(make_doc(rows, [(0, 1, ORG), (2, 3, CO)])) == set()


def test_benefits_provided_to_officials_are_payments_not_sales():
    # "Orbit provided paid travel to officials of the Calder Ministry."
    rows = [("Orbit", "", "PROPN", "nsubj", 1), ("provided", "provide", "VERB", "ROOT", 1),
            ("travel", "", "NOUN", "dobj", 1), ("to", "", "ADP", "prep", 2), ("officials", "official", "NOUN", "pobj", 3),
            ("of", "", "ADP", "prep", 4), ("Calder", "", "PROPN", "compound", 7), ("Ministry", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(0, 1, CO), (6, 8, GOV)])
    assert triples(doc) == {("Orbit", "other", "Calder Ministry", False)}


def test_founder_title_gives_founded():
    # "Orbit's founder, Jane Roe, ..."
    rows = [("Orbit", "", "PROPN", "poss", 2), ("’s", "", "PART", "case", 0, "POS"), ("founder", "", "NOUN", "ROOT", 2),
            (",", "", "PUNCT", "punct", 2), ("Jane", "", "PROPN", "compound", 5), ("Roe", "", "PROPN", "appos", 2)]
    doc = make_doc(rows, [(0, 1, CO), (4, 6, PER)])
    found = triples(doc)
    assert ("Jane Roe", "founded", "Orbit", False) in found
    assert not any(p == "worksFor" for _, p, _, _ in found)


def test_title_before_a_comma_and_the_name():
    # "A Veridan sales director, Tom Ray, emailed ..."
    rows = [("A", "", "DET", "det", 3), ("Orbit", "", "PROPN", "compound", 3), ("sales", "", "NOUN", "compound", 3),
            ("director", "", "NOUN", "ROOT", 3), (",", "", "PUNCT", "punct", 3), ("Tom", "", "PROPN", "compound", 6),
            ("Ray", "", "PROPN", "appos", 3)]
    doc = make_doc(rows, [(1, 2, CO), (5, 7, PER)])
    (c,) = [c for c in candidates(doc) if c.predicate.value == "worksFor"]
    assert (c.subject.text, c.object.text, c.role) == ("Tom Ray", "Orbit", "sales director")


def test_criticising_a_contract_does_not_make_a_party():
    # "Employees protested contracts with Calder."
    rows = [("Employees", "employee", "NOUN", "nsubj", 1), ("protested", "protest", "VERB", "ROOT", 1),
            ("contracts", "contract", "NOUN", "dobj", 1), ("with", "", "ADP", "prep", 2), ("Calder", "", "PROPN", "pobj", 3)]
    doc = make_doc(rows, [(0, 1, GRP, "description"), (4, 5, GOV)])
    assert not any(p == "contractedWith" for _, p, _, _ in triples(doc))


def test_we_in_a_quote_is_the_speakers_organisation():
    # “We worked with Orbit,” said a Calder spokesperson
    rows = [("“", "", "PUNCT", "punct", 2), ("We", "we", "PRON", "nsubj", 2), ("worked", "work", "VERB", "ccomp", 7),
            ("with", "", "ADP", "prep", 2), ("Orbit", "", "PROPN", "pobj", 3), (",", "", "PUNCT", "punct", 7),
            ("”", "", "PUNCT", "punct", 7), ("said", "say", "VERB", "ROOT", 7), ("a", "", "DET", "det", 10),
            ("Calder", "", "PROPN", "compound", 10), ("spokesperson", "", "NOUN", "nsubj", 7)]
    doc = make_doc(rows, [(4, 5, CO), (9, 10, GOV)])
    ctx = context(doc)
    attach_first_person(ctx)
    we = ctx.mention(doc[1])
    assert we is not None and we.label_ == GOV and we.kb_id_ == f"@{doc[9].idx}"
    found = {(c.subject.text, c.predicate.value, c.object.text) for c in sentence_candidates(doc[0:len(doc)], ctx)}
    assert ("We", "partneredWith", "Orbit") in found


def test_we_is_never_an_other_relation():
    # “We protect customers,” said a Calder spokesperson
    rows = [("“", "", "PUNCT", "punct", 2), ("We", "we", "PRON", "nsubj", 2), ("protect", "", "VERB", "ccomp", 6),
            ("customers", "customer", "NOUN", "dobj", 2), (",", "", "PUNCT", "punct", 6), ("”", "", "PUNCT", "punct", 6),
            ("said", "say", "VERB", "ROOT", 6), ("a", "", "DET", "det", 9), ("Calder", "", "PROPN", "compound", 9),
            ("spokesperson", "", "NOUN", "nsubj", 6)]
    doc = make_doc(rows, [(3, 4, GRP, "description"), (8, 9, GOV)])
    ctx = context(doc)
    attach_first_person(ctx)
    assert ctx.mention(doc[1]) is not None
    assert sentence_candidates(doc[0:len(doc)], ctx) == []


def test_staff_criticising_their_employers_contract_criticise_the_employer():
    # "Orbit employees criticized the contract."
    rows = [("Orbit", "", "PROPN", "compound", 1), ("employees", "employee", "NOUN", "nsubj", 2),
            ("criticized", "criticize", "VERB", "ROOT", 2), ("the", "", "DET", "det", 4),
            ("contract", "", "NOUN", "dobj", 2)]
    doc = make_doc(rows, [(0, 1, CO), (1, 2, GRP, "description")])
    found = triples(doc)
    assert ("employees", "criticized", "Orbit", False) in found
    rows[4] = ("weather", "", "NOUN", "dobj", 2)
    assert not any(p == "criticized" for _, p, _, _ in triples(make_doc(rows, [(0, 1, CO), (1, 2, GRP, "description")])))


def test_name_parsed_as_a_modifier_of_the_amount_is_the_object():
    # "Calder fined Orbit AI 20 million euros."
    rows = [("Calder", "", "PROPN", "nsubj", 1), ("fined", "fine", "VERB", "ROOT", 1),
            ("Orbit", "", "PROPN", "nmod", 3), ("AI", "", "PROPN", "nmod", 6), ("20", "", "NUM", "compound", 5),
            ("million", "", "NUM", "nummod", 6), ("euros", "euro", "NOUN", "dobj", 1)]
    doc = make_doc(rows, [(0, 1, GOV), (2, 4, CO)])
    assert triples(doc) == {("Calder", "penalized", "Orbit AI", False)}


def test_apposition_names_the_noun_it_follows():
    # "Calder charged Orbit LLC and its managing member, Jane Roe."
    rows = [("Calder", "", "PROPN", "nsubj", 1), ("charged", "charge", "VERB", "ROOT", 1),
            ("Orbit", "", "PROPN", "compound", 3), ("LLC", "", "PROPN", "dobj", 1), ("and", "", "CCONJ", "cc", 3),
            ("its", "", "PRON", "poss", 7), ("managing", "manage", "VERB", "amod", 7),
            ("member", "", "NOUN", "conj", 3), (",", "", "PUNCT", "punct", 7), ("Jane", "", "PROPN", "compound", 10),
            ("Roe", "", "PROPN", "appos", 7)]
    doc = make_doc(rows, [(0, 1, GOV), (2, 4, CO), (9, 11, PER)])
    found = triples(doc)
    assert {("Calder", "penalized", "Orbit LLC", False), ("Calder", "penalized", "Jane Roe", False)} <= found


def test_relative_clause_on_a_described_name():
    # "Calder funded Orbit, a startup that sells towers to the Texas Agency."
    rows = [("Calder", "", "PROPN", "nsubj", 1), ("funded", "fund", "VERB", "ROOT", 1), ("Orbit", "", "PROPN", "dobj", 1),
            (",", "", "PUNCT", "punct", 2), ("a", "", "DET", "det", 5), ("startup", "", "NOUN", "appos", 2),
            ("that", "", "PRON", "nsubj", 7), ("sells", "sell", "VERB", "relcl", 5), ("towers", "tower", "NOUN", "dobj", 7),
            ("to", "", "ADP", "prep", 7), ("the", "", "DET", "det", 12), ("Texas", "", "PROPN", "compound", 12),
            ("Agency", "", "PROPN", "pobj", 9)]
    doc = make_doc(rows, [(0, 1, CO), (2, 3, CO), (11, 13, GOV)])
    assert ("Orbit", "supplied", "Texas Agency", False) in triples(doc)


def test_leading_a_team_of_a_company_is_working_for_it():
    # "Jane Roe leads Orbit's sales team."
    rows = [("Jane", "", "PROPN", "compound", 1), ("Roe", "", "PROPN", "nsubj", 2), ("leads", "lead", "VERB", "ROOT", 2),
            ("Orbit", "", "PROPN", "poss", 6), ("’s", "", "PART", "case", 3, "POS"), ("sales", "", "NOUN", "compound", 6),
            ("team", "", "NOUN", "dobj", 2)]
    doc = make_doc(rows, [(0, 2, PER), (3, 4, CO)])
    assert triples(doc) == {("Jane Roe", "worksFor", "Orbit", False)}


def test_failure_to_disclose_to_an_authority_is_a_negated_contact():
    # "Orbit did not disclose the misconduct to Calder."
    rows = [("Orbit", "", "PROPN", "nsubj", 3), ("did", "do", "AUX", "aux", 3), ("not", "", "PART", "neg", 3),
            ("disclose", "", "VERB", "ROOT", 3), ("the", "", "DET", "det", 5), ("misconduct", "", "NOUN", "dobj", 3),
            ("to", "", "ADP", "prep", 3), ("Calder", "", "PROPN", "pobj", 6)]
    doc = make_doc(rows, [(0, 1, CO), (7, 8, GOV)])
    assert triples(doc) == {("Orbit", "contacted", "Calder", True)}


def test_acting_jointly_with_a_body_is_a_partnership():
    # "Calder took the action jointly with the State Office."
    rows = [("Calder", "", "PROPN", "nsubj", 1), ("took", "take", "VERB", "ROOT", 1), ("the", "", "DET", "det", 3),
            ("action", "", "NOUN", "dobj", 1), ("jointly", "", "ADV", "advmod", 1), ("with", "", "ADP", "prep", 1),
            ("the", "", "DET", "det", 8), ("State", "", "PROPN", "compound", 8), ("Office", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(0, 1, GOV), (7, 9, GOV)])
    assert ("Calder", "partneredWith", "State Office", False) in triples(doc)


def test_hired_intermediary_does_what_it_was_hired_for():
    # "Orbit hired Calder Co. to pay cash to administrators."
    rows = [("Orbit", "", "PROPN", "nsubj", 1), ("hired", "hire", "VERB", "ROOT", 1), ("Calder", "", "PROPN", "compound", 3),
            ("Co.", "", "PROPN", "dobj", 1), ("to", "", "PART", "aux", 5), ("pay", "", "VERB", "xcomp", 1),
            ("cash", "", "NOUN", "dobj", 5), ("to", "", "ADP", "prep", 5), ("administrators", "administrator", "NOUN", "pobj", 7)]
    doc = make_doc(rows, [(0, 1, CO), (2, 4, CO), (8, 9, GRP, "description")])
    found = triples(doc)
    assert ("Calder Co.", "other", "administrators", False) in found
    assert ("Orbit", "other", "administrators", False) not in found


def test_not_sharing_data_with_an_agency_is_a_negated_supply():
    # "The department does not share data with Calder."
    rows = [("department", "", "NOUN", "nsubj", 3), ("does", "do", "AUX", "aux", 3), ("not", "", "PART", "neg", 3),
            ("share", "", "VERB", "ROOT", 3), ("data", "", "NOUN", "dobj", 3), ("with", "", "ADP", "prep", 3),
            ("Calder", "", "PROPN", "pobj", 5)]
    doc = make_doc(rows, [(0, 1, GOV, "description", "@0"), (6, 7, GOV)])
    assert triples(doc) == {("department", "supplied", "Calder", True)}
