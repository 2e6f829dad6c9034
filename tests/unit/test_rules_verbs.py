"""Verb frames on hand-built parses: SVO, prepositions, passives, participles, control chains,
light verbs, ``other`` and the regulator conventions."""

from __future__ import annotations

from helpers import candidates, make_doc, triples

CO, GOV, GRP, PER = "Company", "GovernmentBody", "Group", "Person"


def test_subject_verb_object_with_lexicon_verb():
    doc = make_doc([("Acme", "", "PROPN", "nsubj", 1), ("pitched", "pitch", "VERB", "ROOT", 1, "VBD"),
                    ("the", "", "DET", "det", 3), ("Agency", "", "PROPN", "dobj", 1)],
                   [(0, 1, CO), (3, 4, GOV)])
    assert triples(doc) == {("Acme", "pitched", "Agency", False)}
    (c,) = candidates(doc)
    assert c.rule == "svo" and c.verb == "pitch"


def test_particle_and_prepositional_object():
    # "An Acme salesperson reached out to the Bureau"
    doc = make_doc([("An", "", "DET", "det", 2), ("Acme", "", "PROPN", "compound", 2),
                    ("salesperson", "", "NOUN", "nsubj", 3), ("reached", "reach", "VERB", "ROOT", 3, "VBD"),
                    ("out", "", "ADP", "prt", 3), ("to", "", "ADP", "prep", 3), ("the", "", "DET", "det", 7),
                    ("Bureau", "", "PROPN", "pobj", 5)], [(1, 2, CO), (7, 8, GOV)])
    assert triples(doc) == {("Acme", "contacted", "Bureau", False)}


def test_passive_with_agent():
    # "Zeta Corp was acquired by Omega Inc."
    doc = make_doc([("Zeta", "", "PROPN", "compound", 1), ("Corp", "", "PROPN", "nsubjpass", 3),
                    ("was", "be", "AUX", "auxpass", 3), ("acquired", "acquire", "VERB", "ROOT", 3, "VBN"),
                    ("by", "", "ADP", "agent", 3), ("Omega", "", "PROPN", "compound", 6),
                    ("Inc.", "", "PROPN", "pobj", 4)], [(0, 2, CO), (5, 7, CO)])
    assert triples(doc) == {("Omega Inc.", "acquired", "Zeta Corp", False)}


def test_participle_on_a_noun_with_agent():
    # "the Summit sponsored by Globex"
    doc = make_doc([("the", "", "DET", "det", 1), ("Summit", "", "PROPN", "ROOT", 1),
                    ("sponsored", "sponsor", "VERB", "acl", 1, "VBN"), ("by", "", "ADP", "agent", 2),
                    ("Globex", "", "PROPN", "pobj", 3)], [(1, 2, "Product"), (4, 5, CO)])
    assert triples(doc) == {("Globex", "sponsored", "Summit", False)}


def test_intransitive_participle_is_active():
    # "Permax, partnered with Banque Verte" (an apposition on the subsidiary)
    doc = make_doc([("Permax", "", "PROPN", "ROOT", 0), (",", "", "PUNCT", "punct", 0),
                    ("partnered", "partner", "VERB", "acl", 0, "VBN"), ("with", "", "ADP", "prep", 2),
                    ("Banque", "", "PROPN", "compound", 5), ("Verte", "", "PROPN", "pobj", 3)],
                   [(0, 1, CO), (4, 6, CO)])
    assert triples(doc) == {("Permax", "partneredWith", "Banque Verte", False)}


def test_control_chain_and_penalty_paid_to_a_regulator_is_inverse():
    # "Zeta agreed to pay a penalty to the Commission" -> Commission penalized Zeta
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("agreed", "agree", "VERB", "ROOT", 1, "VBD"),
                    ("to", "", "PART", "aux", 3), ("pay", "", "VERB", "xcomp", 1, "VB"),
                    ("a", "", "DET", "det", 5), ("penalty", "", "NOUN", "dobj", 3),
                    ("to", "", "ADP", "prep", 3), ("the", "", "DET", "det", 8),
                    ("Commission", "", "PROPN", "pobj", 6)], [(0, 1, CO), (8, 9, GOV)])
    assert triples(doc) == {("Commission", "penalized", "Zeta", False)}


def test_object_control_only_for_control_verbs():
    # "The order requires Zeta to cooperate with the Bureau" -> Zeta other(cooperate) Bureau
    doc = make_doc([("The", "", "DET", "det", 1), ("order", "", "NOUN", "nsubj", 2),
                    ("requires", "require", "VERB", "ROOT", 2, "VBZ"), ("Zeta", "", "PROPN", "dobj", 2),
                    ("to", "", "PART", "aux", 5), ("cooperate", "", "VERB", "xcomp", 2, "VB"),
                    ("with", "", "ADP", "prep", 5), ("the", "", "DET", "det", 8),
                    ("Bureau", "", "PROPN", "pobj", 6)], [(3, 4, CO), (8, 9, GOV)])
    (c,) = candidates(doc)
    assert (c.subject.text, c.predicate.value, c.object.text, c.verb) == ("Zeta", "other", "Bureau", "cooperate")


def test_light_verb_noun_with_preposition():
    # "Zeta entered into an agreement with the Department"
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("entered", "enter", "VERB", "ROOT", 1, "VBD"),
                    ("into", "", "ADP", "prep", 1), ("an", "", "DET", "det", 4),
                    ("agreement", "", "NOUN", "pobj", 2), ("with", "", "ADP", "prep", 4),
                    ("the", "", "DET", "det", 7), ("Department", "", "PROPN", "pobj", 5)],
                   [(0, 1, CO), (7, 8, GOV)])
    assert triples(doc) == {("Zeta", "contractedWith", "Department", False)}


def test_file_a_lawsuit_against():
    doc = make_doc([("The", "", "DET", "det", 1), ("Bureau", "", "PROPN", "nsubj", 2),
                    ("filed", "file", "VERB", "ROOT", 2, "VBD"), ("a", "", "DET", "det", 4),
                    ("lawsuit", "", "NOUN", "dobj", 2), ("against", "", "ADP", "prep", 4),
                    ("Zeta", "", "PROPN", "pobj", 5)], [(1, 2, GOV), (6, 7, CO)])
    assert triples(doc) == {("Bureau", "sued", "Zeta", False)}


def test_winning_a_contract_as_a_purpose_is_pitched():
    # "Zeta paid bribes to win Ruritania contracts" -> pitched (compound), not contractedWith
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("paid", "pay", "VERB", "ROOT", 1, "VBD"),
                    ("bribes", "bribe", "NOUN", "dobj", 1), ("to", "", "PART", "aux", 4),
                    ("win", "", "VERB", "advcl", 1, "VB"), ("Ruritania", "", "PROPN", "compound", 6),
                    ("contracts", "contract", "NOUN", "dobj", 4)], [(0, 1, CO), (5, 6, GOV)])
    assert ("Zeta", "pitched", "Ruritania", False) in triples(doc)
    assert not any(p == "contractedWith" for _, p, _, _ in triples(doc))


def test_attempted_sale_is_pitched():
    # "its efforts to sell software to the police" with "its" a mention of Acme
    doc = make_doc([("its", "", "PRON", "poss", 1, "PRP$"), ("efforts", "effort", "NOUN", "ROOT", 1),
                    ("to", "", "PART", "aux", 3), ("sell", "", "VERB", "acl", 1, "VB"),
                    ("software", "", "NOUN", "dobj", 3), ("to", "", "ADP", "prep", 3),
                    ("the", "", "DET", "det", 7), ("police", "", "NOUN", "pobj", 5)],
                   [(0, 1, CO, "pronoun"), (7, 8, GRP, "description")])
    assert triples(doc) == {("its", "pitched", "police", False)}


def test_unknown_verb_is_other_between_subject_and_object_only():
    # "Zeta hired officials" -> other(hire); "Zeta used letters to alarm consumers" -> nothing
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("recruited", "recruit", "VERB", "ROOT", 1, "VBD"),
                    ("Omega", "", "PROPN", "dobj", 1)], [(0, 1, CO), (2, 3, CO)])
    (c,) = candidates(doc)
    assert (c.predicate.value, c.verb, c.rule) == ("other", "recruit", "other")
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("used", "use", "VERB", "ROOT", 1, "VBD"),
                    ("letters", "letter", "NOUN", "dobj", 1), ("to", "", "PART", "aux", 4),
                    ("alarm", "", "VERB", "advcl", 1, "VB"), ("consumers", "consumer", "NOUN", "dobj", 4)],
                   [(0, 1, CO), (5, 6, GRP, "description")])
    assert triples(doc) == set()


def test_legal_predicates_need_an_authority():
    # "Zeta charged its customers" is no penalty
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("charged", "charge", "VERB", "ROOT", 1, "VBD"),
                    ("customers", "customer", "NOUN", "dobj", 1)], [(0, 1, CO), (2, 3, GRP, "description")])
    assert triples(doc) == set()


def test_company_settling_with_agency_is_penalized_by_the_agency():
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("settled", "settle", "VERB", "ROOT", 1, "VBD"),
                    ("with", "", "ADP", "prep", 1), ("the", "", "DET", "det", 4),
                    ("Commission", "", "PROPN", "pobj", 2)], [(0, 1, CO), (4, 5, GOV)])
    assert triples(doc) == {("Commission", "penalized", "Zeta", False)}


def test_joint_regulators_are_partners():
    # "The Bureau and the Attorney General settled with Zeta"
    doc = make_doc([("The", "", "DET", "det", 1), ("Bureau", "", "PROPN", "nsubj", 7),
                    ("and", "", "CCONJ", "cc", 1), ("the", "", "DET", "det", 5),
                    ("Attorney", "", "PROPN", "compound", 5), ("General", "", "PROPN", "conj", 1),
                    ("jointly", "", "ADV", "advmod", 7), ("settled", "settle", "VERB", "ROOT", 7, "VBD"),
                    ("with", "", "ADP", "prep", 7), ("Zeta", "", "PROPN", "pobj", 8)],
                   [(1, 2, GOV), (4, 6, GOV), (9, 10, CO)])
    assert triples(doc) == {("Bureau", "penalized", "Zeta", False), ("Attorney General", "penalized", "Zeta", False),
                            ("Bureau", "partneredWith", "Attorney General", False)}


def test_settling_a_proceeding_penalizes_and_investigates():
    # "Zeta agreed to pay $5 million to resolve the Department's investigation"
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("agreed", "agree", "VERB", "ROOT", 1, "VBD"),
                    ("to", "", "PART", "aux", 3), ("pay", "", "VERB", "xcomp", 1, "VB"),
                    ("millions", "million", "NUM", "dobj", 3), ("to", "", "PART", "aux", 6),
                    ("resolve", "", "VERB", "advcl", 3, "VB"), ("the", "", "DET", "det", 8),
                    ("Department", "", "PROPN", "poss", 10), ("’s", "", "PART", "case", 8, "POS"),
                    ("investigation", "", "NOUN", "dobj", 6)], [(0, 1, CO), (8, 9, GOV, "description")])
    assert triples(doc) == {("Department", "investigated", "Zeta", False),
                            ("Department", "penalized", "Zeta", False)}


def test_falsely_identified_is_misidentified():
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 2), ("falsely", "", "ADV", "advmod", 2),
                    ("identified", "identify", "VERB", "ROOT", 2, "VBD"), ("lawmakers", "lawmaker", "NOUN", "dobj", 2)],
                   [(0, 1, "Product"), (3, 4, GRP, "description")])
    assert triples(doc) == {("Zeta", "misidentified", "lawmakers", False)}


def test_alleging_that_is_suing_the_clause_subject():
    # "Arkadia also alleged that Zeta violated the Act"
    doc = make_doc([("Arkadia", "", "PROPN", "nsubj", 2), ("also", "", "ADV", "advmod", 2),
                    ("alleged", "allege", "VERB", "ROOT", 2, "VBD"), ("that", "", "SCONJ", "mark", 5),
                    ("Zeta", "", "PROPN", "nsubj", 5), ("violated", "violate", "VERB", "ccomp", 2, "VBD"),
                    ("the", "", "DET", "det", 7), ("Act", "", "PROPN", "dobj", 5)],
                   [(0, 1, GOV), (4, 5, CO), (7, 8, "Product")])
    assert ("Arkadia", "sued", "Zeta", False) in triples(doc)


def test_relative_clause_subject_is_the_head_noun():
    # "Zeta, which supplies software to the Army"
    doc = make_doc([("Zeta", "", "PROPN", "ROOT", 0), (",", "", "PUNCT", "punct", 0),
                    ("which", "", "PRON", "nsubj", 3, "WDT"), ("supplies", "supply", "VERB", "relcl", 0, "VBZ"),
                    ("software", "", "NOUN", "dobj", 3), ("to", "", "ADP", "prep", 3),
                    ("the", "", "DET", "det", 7), ("Army", "", "PROPN", "pobj", 5)],
                   [(0, 1, CO), (7, 8, GOV)])
    assert triples(doc) == {("Zeta", "supplied", "Army", False)}


def test_payment_to_an_authority_is_a_penalty():
    # "the disgorgement Zeta will pay to Ruritanian authorities" (relative clause, Group authority)
    doc = make_doc([("the", "", "DET", "det", 1), ("disgorgement", "", "NOUN", "ROOT", 1),
                    ("Zeta", "", "PROPN", "nsubj", 4), ("will", "", "AUX", "aux", 4),
                    ("pay", "", "VERB", "relcl", 1, "VB"), ("to", "", "ADP", "prep", 4),
                    ("Ruritanian", "", "ADJ", "amod", 7), ("authorities", "authority", "NOUN", "pobj", 5)],
                   [(2, 3, CO), (6, 8, GRP, "description")])
    assert triples(doc) == {("Ruritanian authorities", "penalized", "Zeta", False)}


def test_payment_to_an_intermediary_stays_other():
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("paid", "pay", "VERB", "ROOT", 1, "VBD"),
                    ("commissions", "commission", "NOUN", "dobj", 1), ("to", "", "ADP", "prep", 1),
                    ("the", "", "DET", "det", 5), ("broker", "", "NOUN", "pobj", 3)],
                   [(0, 1, CO), (5, 6, GRP, "description")])
    (c,) = candidates(doc)
    assert (c.predicate.value, c.verb) == ("other", "pay")


def test_order_requiring_payment_is_a_penalty():
    # "The Commission ordered Zeta to pay a fine"
    doc = make_doc([("The", "", "DET", "det", 1), ("Commission", "", "PROPN", "nsubj", 2),
                    ("ordered", "order", "VERB", "ROOT", 2, "VBD"), ("Zeta", "", "PROPN", "dobj", 2),
                    ("to", "", "PART", "aux", 5), ("pay", "", "VERB", "xcomp", 2, "VB"),
                    ("a", "", "DET", "det", 7), ("fine", "", "NOUN", "dobj", 5)], [(1, 2, GOV), (3, 4, CO)])
    assert triples(doc) == {("Commission", "penalized", "Zeta", False)}


def test_order_settling_charges_against_a_company():
    # "The Commission issued an order settling charges against Zeta"
    doc = make_doc([("The", "", "DET", "det", 1), ("Commission", "", "PROPN", "nsubj", 2),
                    ("issued", "issue", "VERB", "ROOT", 2, "VBD"), ("an", "", "DET", "det", 4),
                    ("order", "", "NOUN", "dobj", 2), ("settling", "settle", "VERB", "acl", 4, "VBG"),
                    ("charges", "charge", "NOUN", "dobj", 5), ("against", "", "ADP", "prep", 6),
                    ("Zeta", "", "PROPN", "pobj", 7)], [(1, 2, GOV), (8, 9, CO)])
    assert triples(doc) == {("Commission", "penalized", "Zeta", False)}


def test_penalty_paid_under_an_agreement_gives_the_agreement():
    # "Zeta must pay a penalty to the Department as part of a prosecution agreement"
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 2), ("must", "", "AUX", "aux", 2), ("pay", "", "VERB", "ROOT", 2, "VB"),
                    ("a", "", "DET", "det", 4), ("penalty", "", "NOUN", "dobj", 2), ("to", "", "ADP", "prep", 2),
                    ("the", "", "DET", "det", 7), ("Department", "", "PROPN", "pobj", 5), ("as", "", "ADP", "prep", 2),
                    ("part", "", "NOUN", "pobj", 8), ("of", "", "ADP", "prep", 9), ("a", "", "DET", "det", 13),
                    ("prosecution", "", "NOUN", "compound", 13), ("agreement", "", "NOUN", "pobj", 10)],
                   [(0, 1, CO), (7, 8, GOV)])
    assert triples(doc) == {("Department", "penalized", "Zeta", False), ("Zeta", "contractedWith", "Department", False)}


def test_light_verb_noun_with_inverse_direction():
    # "Zeta received a grant from the Foundation" -> the Foundation funded Zeta
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("received", "receive", "VERB", "ROOT", 1, "VBD"),
                    ("a", "", "DET", "det", 3), ("grant", "", "NOUN", "dobj", 1), ("from", "", "ADP", "prep", 3),
                    ("the", "", "DET", "det", 6), ("Foundation", "", "PROPN", "pobj", 4)],
                   [(0, 1, CO), (6, 7, "Organization")])
    assert triples(doc) == {("Foundation", "funded", "Zeta", False)}


def test_awarded_a_contract_to():
    doc = make_doc([("The", "", "DET", "det", 1), ("Army", "", "PROPN", "nsubj", 2),
                    ("awarded", "award", "VERB", "ROOT", 2, "VBD"), ("a", "", "DET", "det", 4),
                    ("contract", "", "NOUN", "dobj", 2), ("to", "", "ADP", "prep", 2), ("Zeta", "", "PROPN", "pobj", 5)],
                   [(1, 2, GOV), (6, 7, CO)])
    assert triples(doc) == {("Army", "contractedWith", "Zeta", False)}


def test_dateline_glued_to_the_sentence_keeps_the_subject_in_the_sentence():
    # "Zeta Settles \n\n WASHINGTON - The Commission today charged Zeta": the headline is its own
    # sentence; the parser hangs "The Commission" on the dateline and gives "charged" no
    # subject; the first actor of the line is used
    from graphbuild.relations.component import candidates as doc_candidates
    from graphbuild.relations.lexicon import load_lexicon

    rows = [("Zeta", "", "PROPN", "nsubj", 1), ("Settles", "settle", "VERB", "ROOT", 1, "VBZ"),
            ("\n\n", "", "SPACE", "dep", 1), ("WASHINGTON", "", "PROPN", "npadvmod", 8), ("-", "", "PUNCT", "punct", 8),
            ("The", "", "DET", "det", 6), ("Commission", "", "PROPN", "appos", 3), ("today", "", "NOUN", "npadvmod", 8),
            ("charged", "charge", "VERB", "ROOT", 8, "VBD"), ("Zeta", "", "PROPN", "dobj", 8)]
    doc = make_doc(rows, [(0, 1, CO), (3, 4, "Location"), (6, 7, GOV), (9, 10, CO)])
    found = {(c.subject.start, c.predicate.value, c.object.start) for _, c in doc_candidates(doc, load_lexicon(), 300)}
    assert found == {(6, "penalized", 9)}


def test_seeking_business_from_a_client_is_pitched():
    # "Zeta paid bribes to obtain business from the Ministry"
    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("paid", "pay", "VERB", "ROOT", 1, "VBD"),
                    ("bribes", "bribe", "NOUN", "dobj", 1), ("to", "", "PART", "aux", 4),
                    ("obtain", "", "VERB", "advcl", 1, "VB"), ("business", "", "NOUN", "dobj", 4),
                    ("from", "", "ADP", "prep", 5), ("the", "", "DET", "det", 8), ("Ministry", "", "PROPN", "pobj", 6)],
                   [(0, 1, CO), (8, 9, GOV)])
    assert triples(doc) == {("Zeta", "pitched", "Ministry", False)}


def test_unknown_verb_other_is_a_vote_not_a_relation():
    # the fallback "other" is kept as a candidate (the model reads it as a vote) but is not a
    # relation of its own
    from graphbuild.relations.component import Found, combine

    doc = make_doc([("Zeta", "", "PROPN", "nsubj", 1), ("recruited", "recruit", "VERB", "ROOT", 1, "VBD"),
                    ("Omega", "", "PROPN", "dobj", 1)], [(0, 1, CO), (2, 3, CO)])
    sent = doc[0:len(doc)]
    found = Found([(sent, c) for c in candidates(doc)], [])
    assert [c.rule for _, c in found.rules] == ["other"]
    assert combine(found, "d", None) == []
