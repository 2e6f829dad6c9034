"""Mention and resolution rules through the real pipeline, on invented sentences."""

from __future__ import annotations

import pytest
from helpers import with_descriptions

from graphbuild.model.records import Document
from graphbuild.relations.component import doc_mentions
from graphbuild.resolve.document import resolve_entities
from graphbuild.vocab.terms import EntityType

pytestmark = pytest.mark.model

G, C, ORG, GR, L, P = (EntityType.GOVERNMENT_BODY, EntityType.COMPANY, EntityType.ORGANIZATION,
                     EntityType.GROUP, EntityType.LOCATION, EntityType.PRODUCT)


def run(nlp, text):
    doc = nlp(text)
    resolved = resolve_entities(Document("t", text), doc_mentions(doc))
    return doc, {e.name: with_descriptions(e, ms) for e, ms in resolved}


def spans(doc):
    return [(s.text, s.label_, s.id_) for s in doc.spans["gb_mentions"]]


def test_mentions_do_not_overlap(nlp):
    doc, _ = run(nlp, "Officials at the Justice Department\u2019s Criminal Division met members of Congress "
                      "and the FBI Denver Field Office on Tuesday.")
    taken = set()
    for s in doc.spans["gb_mentions"]:
        assert not taken & set(range(s.start, s.end))
        taken |= set(range(s.start, s.end))


def test_possessive_parent_is_split(nlp):
    doc, ents = run(nlp, "Acting Assistant Attorney General Mary Stone of the Justice Department\u2019s "
                         "Criminal Division announced the charges.")
    assert ("Criminal Division", "GovernmentBody", "name") in spans(doc)
    assert "Justice Department\u2019s Criminal Division" in ents["Criminal Division"].aliases
    assert any(e.id == "us-doj" for e in ents.values())


def test_unit_after_parent(nlp):
    doc, ents = run(nlp, "Special Agent in Charge Tom Reyes of the FBI Denver Field Office made the announcement.")
    assert "FBI Denver Field Office" in ents
    assert ents["FBI Denver Field Office"].type is G
    assert "Federal Bureau of Investigation" not in ents and "FBI" in ents


def test_parenthetical_short_form_and_model_mislabels(nlp):
    _, ents = run(nlp, "Today, the Harbor Lending Bureau (Bureau) sued Morrow Capital, LLC (Morrow). "
                       "The Bureau alleges that Morrow deceived borrowers. Morrow denied it.")
    assert ents["Harbor Lending Bureau"].type is G
    assert "Bureau" in ents["Harbor Lending Bureau"].aliases
    morrow = ents["Morrow Capital, LLC"]
    assert morrow.type is C and "Morrow" in morrow.aliases
    assert "Morrow" not in ents


def test_statutes_are_not_mentions(nlp):
    doc, _ = run(nlp, "The Bureau said Morrow violated the Fair Lending Practices Act of 2012 (FLPA). "
                      "FLPA applies to lenders.")
    assert not any("FLPA" in t or "Act" in t for t, _, _ in spans(doc))


def test_company_core_names(nlp):
    _, ents = run(nlp, "The Securities and Exchange Commission charged Verdant Holdings, Inc. with fraud. "
                       "Verdant Holdings agreed to pay $2 million. Verdant failed to keep records.")
    v = ents["Verdant Holdings, Inc."]
    assert v.type is C and {"Verdant Holdings", "Verdant"} <= set(v.aliases)
    assert ents["Securities and Exchange Commission"].type is G


def test_acronym_by_initials(nlp):
    _, ents = run(nlp, "The Office of Maritime Inspection fined the shipper. A spokesman for OMI said the "
                       "penalty was fair.")
    assert "OMI" in ents["Office of Maritime Inspection"].aliases


def test_capitalised_description_needs_the_head_word(nlp):
    _, ents = run(nlp, "The Federal Trade Commission and Zentek settled. Zentek paid the Department of "
                       "Energy. The Commission said the settlement was fair.")
    assert "The Commission" in ents["Federal Trade Commission"].aliases


def test_agency_and_pronoun(nlp):
    _, ents = run(nlp, "A spokesperson for the Coast Guard said the agency has no contract with Zentek. "
                       "The agency declined to say how often it has met with Zentek officials.")
    cg = next(e for e in ents.values() if e.id == "us-coast-guard")
    assert "the agency" in {a.lower() for a in cg.aliases}
    assert "Zentek" in ents


def test_groups(nlp):
    doc, ents = run(nlp, "Critics said Zentek employees wrote to 12 members of Congress. Foreign officials "
                         "and third-party agents received payments. ICE officials met them.")
    assert {"Critics", "Zentek employees", "12 members of Congress", "Foreign officials",
            "third-party agents"} <= set(ents)
    assert all(ents[n].type is GR for n in ["Critics", "Zentek employees", "Foreign officials"])
    assert not any(t == "officials" and s.startswith("ICE") for t, _, s in
                   [(s.text, s.label_, doc.text[s.start_char - 4:s.end_char]) for s in doc.spans["gb_mentions"]])


def test_unnamed_subsidiary_and_country_body(nlp):
    _, ents = run(nlp, "Zentek paid bribes through its U.S.-based subsidiary to an official in Freedonia "
                       "for a contract with India\u2019s air force.")
    assert "U.S." in ents and ents["U.S."].type is L
    assert ents["U.S.-based subsidiary"].type is C
    assert ents["India\u2019s air force"].type is G


def test_district_and_attorney_offices(nlp):
    _, ents = run(nlp, "U.S. Attorney Ann Ruiz of the Western District of Freedonia and the U.S. Attorney\u2019s "
                       "Office for the Northern District of Ohio thanked the Ohio Attorney General.")
    assert ents["Western District of Freedonia"].type is G
    assert ents["U.S. Attorney\u2019s Office for the Northern District of Ohio"].type is G
    assert ents["Ohio Attorney General"].type is G


def test_headline_garbage_is_dropped(nlp):
    doc, _ = run(nlp, "Zentek Inc. Agrees to Pay Penalty for Misleading Borrowers\n\nZentek Inc. agreed "
                      "to pay a penalty, the Bureau said.")
    assert ("Zentek Inc.", "Company", "name") in spans(doc)
    head = [s for s in doc.spans["gb_mentions"] if s.end_char < doc.text.index("\n")]
    assert all(s.text == "Zentek Inc." for s in head)


def test_news_outlets_and_ngos(nlp):
    _, ents = run(nlp, "The Electronic Frontier Foundation criticized Clearview AI, The Intercept reported.")
    assert ents["Electronic Frontier Foundation"].type is ORG
    assert ents["Clearview AI"].type is C
    assert ents["The Intercept"].type is ORG


def test_description_in_apposition_is_the_named_company(nlp):
    _, ents = run(nlp, "Between 2004 and 2010, a Zentek subsidiary, Orbis Group Ltd. (Orbis), partnered with "
                       "a bank. Harbor Systems, Inc., an indirect wholly owned U.S. subsidiary of Britain\u2019s "
                       "Harbor Systems PLC, bought Zentek.")
    assert "Zentek subsidiary" in ents["Orbis Group Ltd."].aliases
    assert "U.S. subsidiary" in ents["Harbor Systems, Inc."].aliases
    assert "Harbor Systems PLC" in ents


def test_possessive_pronoun_takes_the_nearest_owner(nlp):
    doc, _ = run(nlp, "The SEC\u2019s complaint alleges that agents of Zentek Holdings caused its U.K. "
                      "subsidiary to wire payments.")
    its = [s for s in doc.spans["gb_mentions"] if s.text == "its"]
    assert its and its[0].label_ == "Company"


def test_lowercase_description_prefers_its_head_word(nlp):
    _, ents = run(nlp, "The Justice Department announced the plea. The Drug Enforcement Administration\u2019s "
                       "Denver Division assisted. Zentek cooperated with the department\u2019s investigation.")
    doj = next(e for e in ents.values() if e.id == "us-doj")
    assert "the department" in doj.aliases


def test_group_after_a_quantity_and_a_name(nlp):
    _, ents = run(nlp, "More than 4,000 Zentek workers signed a petition against Zentek.")
    assert ents["Zentek workers"].type is GR


def test_bare_description_before_the_fuller_one(nlp):
    _, ents = run(nlp, "Zentek failed to stop its subsidiary from paying bribes. The complaint says Zentek "
                       "caused its U.K. subsidiary to wire payments.")
    assert "subsidiary" in ents["U.K. subsidiary"].aliases


def _pronoun_target(nlp, text):
    doc, ents = run(nlp, text)
    by_start = {s.start_char: s for s in doc.spans["gb_mentions"]}
    its = next(s for s in doc.spans["gb_mentions"] if s.text == "its")
    k = its.kb_id_
    return by_start[int(k[1:])].text if k.startswith("@") else k


def test_pronoun_takes_the_controlling_subject(nlp):
    assert _pronoun_target(nlp, "Zentek Holdings agreed to cooperate with the Harbor Tides Board and to comply "
                                "with certain obligations regarding its compliance program.") == "Zentek Holdings"


def test_pronoun_after_object_control(nlp):
    assert _pronoun_target(nlp, "The order requires Zentek Holdings to cooperate with the Harbor Tides Board "
                                "and to improve its compliance program.") == "Zentek Holdings"


def test_civil_liberties_groups_are_groups(nlp):
    _, ents = run(nlp, "Civil liberties groups criticized Zentek for selling its software to police.")
    assert ents["Civil liberties groups"].type is GR


def test_group_takes_the_place_after_it(nlp):
    _, ents = run(nlp, "Zentek worked to solicit business from state-owned banks in Freedonia for years.")
    assert "state-owned banks in Freedonia" in ents or "Freedonia" in ents


def test_conjoined_possessive_belongs_to_the_first_conjunct(nlp):
    assert _pronoun_target(nlp, "The Harbor Tides Board today charged Zentek Capital Management LLC and its "
                                "founder with fraud.") == "Zentek Capital Management LLC"


def test_fund_manager_core_name_and_possessed_group(nlp):
    _, ents = run(nlp, "The Harbor Tides Board charged Zentek Capital Management LLC. Zentek took money from "
                       "the firm\u2019s clients.")
    assert "Zentek" in ents["Zentek Capital Management LLC"].aliases
    assert ents["clients"].type is GR


def test_attorney_office_for_a_district_without_direction(nlp):
    _, ents = run(nlp, "The U.S. Attorney\u2019s Office for the District of Freedonia filed charges.")
    assert ents["U.S. Attorney\u2019s Office for the District of Freedonia"].type is G


def test_name_before_a_product_noun_is_a_product(nlp):
    _, ents = run(nlp, "The agency pays Zentek for its Blue Lantern Case Tracker system, which agents use daily.")
    assert any(e.type is P for n, e in ents.items() if "Lantern" in n)


def test_qualified_names_do_not_cross_lines(nlp):
    _, ents = run(nlp, "ICE extends Palantir\n\nU.S. Immigration and Customs Enforcement extended its deal "
                       "with Palantir.")
    ice = next(e for e in ents.values() if e.id == "us-ice")
    assert not any("\n" in a for a in ice.aliases)


def test_generic_descriptions_stay_unresolved(nlp):
    doc, _ = run(nlp, "The Harbor Tides Board fined Zentek. Zentek said the government has the authority "
                      "to act.")
    assert not any(s.text in {"the government", "the authority"} for s in doc.spans["gb_mentions"])


def test_the_group_is_the_named_organisation(nlp):
    _, ents = run(nlp, "Mijente, an immigrant rights group, criticized Palantir. The group said the deal "
                       "was wrong.")
    assert "The group" in ents["Mijente"].aliases


def test_hyphenated_and_title_opened_company_names(nlp):
    doc, _ = run(nlp, "Prosecutors said Kestrel-Vane plc paid the bribes. General Lathe Corporation "
                      "agreed to pay a fine, and Norrby Airways DAC was fined too.")
    names = [s for s, _, _ in spans(doc)]
    assert "Kestrel-Vane plc" in names
    assert "General Lathe Corporation" in names
    assert "Norrby Airways DAC" in names


def test_lower_case_first_letter_names_and_unit_complements(nlp):
    doc, _ = run(nlp, "The complaint was filed against eTradeBox, LLC in March. The CFTC Division of "
                      "Market Oversight referred the case.")
    names = [s for s, _, _ in spans(doc)]
    assert "eTradeBox, LLC" in names
    assert "Division of Market Oversight" in names and "CFTC" in names


def test_titles_are_not_part_of_a_persons_name(nlp):
    doc, _ = run(nlp, "Chair Okafor said the Harbor Lending Bureau would act. The fine was announced "
                      "by CFO Brian Mallory on Monday. The deal was signed by Rear Adm. Curtis Lyle.")
    people = [s for s, label, _ in spans(doc) if label == "Person"]
    assert {"Okafor", "Brian Mallory", "Curtis Lyle"} <= set(people)


def test_possessive_pronoun_of_a_sentence_subject_refers_to_the_topic_before(nlp):
    doc, _ = run(nlp, "Campaign group Fair Water Watch has filed for judicial review, arguing that "
                      "Norvale Utilities failed to assess the risks. Its director, Tom Lewandowski, "
                      "said the award was unlawful.")
    its = next(s for s in doc.spans["gb_mentions"] if s.text == "Its")
    ante = next(s for s in doc.spans["gb_mentions"] if s.start_char == int(its.kb_id_[1:]))
    assert ante.text == "Fair Water Watch"


def test_a_nationality_before_a_government_noun_is_that_countrys_government(nlp):
    doc, _ = run(nlp, "The Portuguese government signed a contract with Iberiana, in which the French "
                      "state holds a stake.")
    bodies = [s for s, label, _ in spans(doc) if label == "GovernmentBody"]
    assert {"Portuguese government", "French state"} <= set(bodies)


def test_a_persons_surname_alone_is_that_person(nlp):
    doc, ents = run(nlp, "Marcus Webb founded the exchange in 2019. \"Mr Webb knew the claims were false,\" "
                         "said Therese Lindqvist.")
    webb = [s for s in doc.spans["gb_mentions"] if s.text == "Webb"]
    assert webb and webb[0].label_ == "Person"
    assert "Webb" in ents["Marcus Webb"].aliases


def test_a_name_the_model_calls_an_organisation_is_a_person_by_its_title(nlp):
    doc, _ = run(nlp, "The lender is now run by Nadia Osei, previously finance director at the group. "
                      "Talon's chief executive, Megan Price-Jones, said the company had not been told.")
    people = [s for s, label, _ in spans(doc) if label == "Person"]
    assert {"Nadia Osei", "Megan Price-Jones"} <= set(people)
