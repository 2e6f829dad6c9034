"""The gazetteer is data: well-formed, unambiguous, and turned into ruler patterns."""

from __future__ import annotations

import re

from graphbuild.model.ids import normalize_name
from graphbuild.nlp.gazetteer import load_gazetteer, ruler_patterns
from graphbuild.vocab.terms import EntityType


def test_entries_are_well_formed_and_names_unambiguous():
    gaz = load_gazetteer()
    ids = [e.id for e in gaz.entries]
    assert len(ids) == len(set(ids))
    owner: dict[str, str] = {}
    for e in gaz.entries:
        assert e.qid == "" or re.fullmatch(r"Q[1-9]\d*", e.qid), e
        for n in e.names:
            key = normalize_name(n)
            assert owner.setdefault(key, e.id) == e.id, f"{n!r} names {owner[key]} and {e.id}"


def test_required_coverage():
    gaz = load_gazetteer()
    for name, etype in [("ICE", "GovernmentBody"), ("Homeland Security Investigations", "GovernmentBody"),
                        ("FBI", "GovernmentBody"), ("IRS Criminal Investigation", "GovernmentBody"),
                        ("CFTC", "GovernmentBody"), ("Amazon Web Services", "Company"),
                        ("Clearview AI", "Company"), ("Anduril", "Company"), ("ACLU", "Organization"),
                        ("The Daily Beast", "Organization"), ("U.N.", "Organization"),
                        ("Rekognition", "Product")]:
        entry = gaz.lookup(name)
        assert entry is not None and entry.type.value == etype, name


def test_amazon_and_aws_are_distinct_entries():
    gaz = load_gazetteer()
    assert gaz.lookup("Amazon").id != gaz.lookup("AWS").id


def test_places_type_but_do_not_become_ruler_patterns():
    gaz = load_gazetteer()
    assert gaz.lookup("Switzerland").type is EntityType.LOCATION
    labels = {p["label"] for p in ruler_patterns(gaz)}
    assert EntityType.LOCATION.value not in labels


def test_curly_apostrophe_variants():
    pats = {p["pattern"] for p in ruler_patterns(load_gazetteer())}
    assert any("\u2019" in p for p in pats) or not any("'" in p for p in pats)
