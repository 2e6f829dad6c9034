"""Within-document resolution on hand-made Mention records (no model)."""

from __future__ import annotations

from graphbuild.model.records import Document, Evidence, Mention, MentionKind, RelationMention
from graphbuild.resolve.document import resolve_document, resolve_entities
from graphbuild.vocab.terms import EntityType, Predicate

C, G, GR, L = EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.GROUP, EntityType.LOCATION
N, A, D, P = MentionKind.NAME, MentionKind.ACRONYM, MentionKind.DESCRIPTION, MentionKind.PRONOUN


def mentions(text: str, *specs) -> list[Mention]:
    """(surface, type, kind[, kb][, occurrence]) -> Mention at that occurrence in ``text``."""
    out = []
    for spec in specs:
        surface, etype, kind, *rest = spec
        kb = rest[0] if rest else ""
        nth = rest[1] if len(rest) > 1 else 0
        at = -1
        for _ in range(nth + 1):
            at = text.index(surface, at + 1)
        out.append(Mention(surface, at, at + len(surface), etype, kind, kb))
    return out


def entities(text: str, *specs):
    doc = Document("d", text)
    return {e.name: e for e, _ in resolve_entities(doc, mentions(text, *specs))}


def test_acronym_joins_the_name_with_those_initials():
    text = "The National Tides Board fined Zed. NTB said Zed paid."
    ents = entities(text, ("National Tides Board", G, N), ("NTB", G, A), ("Zed", C, N), ("Zed", C, N, "", 1))
    assert set(ents) == {"National Tides Board", "Zed"}
    assert ents["National Tides Board"].aliases == ("NTB",)


def test_pointer_from_a_description():
    text = "The Harbor Board fined Zed. The agency said more."
    ms = mentions(text, ("Harbor Board", G, N), ("Zed", C, N), ("The agency", G, D))
    ms[2] = Mention("The agency", ms[2].start, ms[2].end, G, D, f"@{ms[0].start}")
    ents = {e.name: e for e, _ in resolve_entities(Document("d", text), ms)}
    # the description is a mention of the Harbor Board, not one of its names
    assert ents["Harbor Board"].aliases == () and "The agency" not in ents


def test_legal_suffix_short_name_and_two_different_suffixes():
    text = "Vela Holdings Inc. and Vela Holdings met. Orbis Systems, Inc. is a unit of Orbis Systems PLC."
    ents = entities(text, ("Vela Holdings Inc.", C, N), ("Vela Holdings", C, N),
                    ("Orbis Systems, Inc.", C, N), ("Orbis Systems PLC", C, N))
    assert set(ents) == {"Vela Holdings Inc.", "Orbis Systems, Inc.", "Orbis Systems PLC"}
    assert ents["Vela Holdings Inc."].aliases == ("Vela Holdings",)


def test_country_prefix_and_inverted_department():
    text = "The U.S. Department of Tides and the Tides Department agree."
    ents = entities(text, ("U.S. Department of Tides", G, N), ("Tides Department", G, N))
    assert list(ents) == ["U.S. Department of Tides"]
    assert set(ents["U.S. Department of Tides"].aliases) == {"Tides Department", "Department of Tides"}


def test_gazetteer_entity_takes_the_fullest_known_name_used():
    text = "The FBI said. The Federal Bureau of Investigation agreed."
    ents = entities(text, ("FBI", G, A, "us-fbi"), ("Federal Bureau of Investigation", G, N, "us-fbi"))
    assert list(ents) == ["Federal Bureau of Investigation"]
    e = ents["Federal Bureau of Investigation"]
    assert e.id == "us-fbi" and e.qid == "Q8333"
    ents = entities("Only the FBI here.", ("FBI", G, A, "us-fbi"))
    assert list(ents) == ["FBI"]  # the article's own form, not the gazetteer's


def test_unit_named_with_its_parent():
    text = "Chief Ann Lee of IRS Criminal Investigation and the CFTC\u2019s Division of Enforcement."
    ents = entities(text, ("IRS", G, A, "us-irs"), ("Criminal Investigation", G, N),
                    ("CFTC", G, A, "us-cftc"), ("Division of Enforcement", G, N))
    assert "IRS Criminal Investigation" in ents
    assert "CFTC\u2019s Division of Enforcement" in ents
    assert "Division of Enforcement" in ents["CFTC\u2019s Division of Enforcement"].aliases


def test_unit_of_parent():
    text = "the Fraud Section of the Criminal Division said"
    ents = entities(text, ("Fraud Section", G, N), ("Criminal Division", G, N))
    assert "Fraud Section of the Criminal Division" in ents


def test_group_named_after_its_organisation_and_later_short_form():
    text = "Zentek employees wrote to over 4,000 customers. Later the customers replied."
    ents = entities(text, ("Zentek", C, N), ("employees", GR, D), ("over 4,000 customers", GR, D),
                    ("customers", GR, D, "", 1))
    assert "Zentek employees" in ents
    assert ents["over 4,000 customers"].aliases == () and "customers" not in ents


def test_unnamed_subsidiaries_join_by_ending():
    text = "its U.K. subsidiary paid. Orbis\u2019 U.K. subsidiary agreed. another Orbis subsidiary hid it."
    ents = entities(text, ("U.K. subsidiary", C, D), ("Orbis", C, N), ("U.K. subsidiary", C, D, "", 1),
                    ("Orbis", C, N, "", 1), ("subsidiary", C, D, "", 2))
    assert "Orbis\u2019 U.K. subsidiary" in ents
    assert "Orbis subsidiary" in ents  # a different, unnamed subsidiary


def test_relations_are_rewritten_and_self_relations_dropped():
    text = "The National Tides Board fined Zed. NTB sued the Board."
    ms = mentions(text, ("National Tides Board", G, N), ("Zed", C, N), ("NTB", G, A))
    ev = Evidence("d", text, 0, len(text), "test", 0.8)
    rels = [RelationMention(ms[0], Predicate.PENALIZED, ms[1], ev),
            RelationMention(ms[2], Predicate.SUED, ms[0], ev)]
    dg = resolve_document(Document("d", text), ms, rels)
    assert [(r.predicate.value) for r in dg.relations] == ["penalized"]
    assert {e.name for e in dg.entities} == {"National Tides Board", "Zed"}


def test_pronoun_without_antecedent_is_not_an_entity():
    text = "It rained."
    assert resolve_entities(Document("d", text), [Mention("It", 0, 2, C, P, "@99")]) == []


def test_location_stays_separate_from_organisation_of_same_words():
    text = "Freedonia and the Freedonia Tides Board."
    ents = entities(text, ("Freedonia", L, N), ("Freedonia Tides Board", G, N))
    assert set(ents) == {"Freedonia", "Freedonia Tides Board"}


def test_surname_joins_the_person_named_in_full():
    text = "Dana Whitfield met Lee Park. Whitfield said no."
    ents = entities(text, ("Dana Whitfield", EntityType.PERSON, N), ("Lee Park", EntityType.PERSON, N),
                    ("Whitfield", EntityType.PERSON, N))
    assert set(ents) == {"Dana Whitfield", "Lee Park"}
    assert ents["Dana Whitfield"].aliases == ("Whitfield",)


def test_group_short_form_matches_the_head_not_the_tail():
    text = "Zed hired relatives of harbor officials. Zed paid officials."
    ents = entities(text, ("relatives of harbor officials", GR, D), ("officials", GR, D, "", 1))
    assert set(ents) == {"relatives of harbor officials", "officials"}
