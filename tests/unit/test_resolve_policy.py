"""The merge policy, on hand-made records (no model): legal forms, proper names, local
entities, ambiguity, name-derived structure, user gazetteers and exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import ConfigError
from graphbuild.model import Document, DocumentGraph, Entity, EntityType
from graphbuild.model.records import Evidence, Mention, MentionKind, RelationMention
from graphbuild.resolve.corpus import CorpusResolver, MemoryIndex, canonical_name, is_local
from graphbuild.resolve.document import local_id, resolve_document
from graphbuild.resolve.gazetteer import convert_export, curated_entries, read_gazetteer_file
from graphbuild.resolve.names import company_key, is_proper_name
from graphbuild.vocab.terms import Predicate

C, G, GR, P = EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.GROUP, EntityType.PERSON


@pytest.mark.parametrize("name", ["Kestrel Labs", "Kestrel Labs Inc.", "Kestrel Labs Corp.", "Kestrel Labs LLC",
                                  "Kestrel Labs, Ltd", "KESTREL LABS CORPORATION", "Kestrel Labs GmbH"])
def test_legal_form_variants_share_a_key_and_an_id(name: str) -> None:
    assert company_key(name) == "kestrel labs"
    assert local_id(name, C, "doc-a") == local_id("Kestrel Labs", C, "doc-b")


def test_a_generic_word_alone_keeps_its_legal_form() -> None:
    assert company_key("Company Ltd") == "company ltd" and company_key("The Group plc") != ""


@pytest.mark.parametrize("name,proper", [("GitHub", True), ("The Boeing Company", True), ("Amazon employees", True),
                                         ("the company", False), ("The agency", False), ("it", False),
                                         ("many police departments", False), ("Several lawmakers", False)])
def test_proper_names(name: str, proper: bool) -> None:
    assert is_proper_name(name) is proper


def test_a_description_never_wins_the_display_name() -> None:
    assert canonical_name(["GitHub", "the company", "The software developer"]) == "GitHub"


def test_groups_and_descriptions_never_merge_across_articles() -> None:
    r = CorpusResolver(MemoryIndex(), gazetteer={})
    a = Entity(local_id("many police departments", GR, "a"), "many police departments", GR)
    b = Entity(local_id("many police departments", GR, "b"), "many police departments", GR)
    assert a.id != b.id and is_local(a)
    ra = r.resolve(DocumentGraph(Document("a", "."), (a,)))
    r.commit()
    rb = r.resolve(DocumentGraph(Document("b", "."), (b,)))
    assert ra.entities[0].id != rb.entities[0].id
    desc = Entity("company/the-company-x", "the company", C)
    assert is_local(desc) and r.resolve(DocumentGraph(Document("c", "."), (desc,))).entities[0].id == desc.id


def test_ambiguous_matches_are_kept_apart_and_recorded() -> None:
    r = CorpusResolver(MemoryIndex(), gazetteer={})
    one = Entity("company/harrow-labs", "Harrow Labs", C, ("Harrow",))
    two = Entity("company/harrow-foods", "Harrow Foods", C, ("Harrow",))
    for i, e in enumerate((one, two)):
        r.resolve(DocumentGraph(Document(f"d{i}", "."), (e,)))
        r.commit()
    bare = Entity("company/harrow", "Harrow", C)
    out = r.resolve(DocumentGraph(Document("d3", "."), (bare,)))
    assert out.entities[0].id == "company/harrow"
    assert r.stats.ambiguous == 1
    assert r.stats.ambiguities[0].candidates == ("company/harrow-foods", "company/harrow-labs")


def _ev(doc: str, start: int, sentence: str) -> Evidence:
    return Evidence(doc, sentence, start, start + len(sentence), "test", 0.9)


def test_part_of_read_off_a_name_is_kept_once_with_its_first_sentence() -> None:
    text = "Amazon Web Services sold to ICE. Amazon Web Services grew. Amazon Web Services hired."
    doc = Document("d", text)
    aws_at = [i for i in range(len(text)) if text.startswith("Amazon Web Services", i)]
    rels = []
    for start in reversed(aws_at):  # out of order on purpose
        sub = Mention("Amazon Web Services", start, start + 19, C, MentionKind.NAME, "aws")
        parent = Mention("Amazon", start, start + 6, C, MentionKind.NAME, "amazon")
        end = text.index(".", start) + 1
        rels.append(RelationMention(sub, Predicate.PART_OF, parent, _ev("d", start, text[start:end]),
                                    rule="structure:prefix"))
    dg = resolve_document(doc, [], rels)
    assert [(r.predicate, r.evidence.sentence) for r in dg.relations] == [
        (Predicate.PART_OF, "Amazon Web Services sold to ICE.")]


def test_user_gazetteer_adds_and_overrides(tmp_path: Path) -> None:
    f = tmp_path / "watch.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "watch-1", "name": "Kestrel Labs Inc.", "type": "Company", "aliases": ["Kestrel"]}),
        "# a comment",
        json.dumps({"id": "us-ice", "name": "ICE (watched)", "type": "GovernmentBody", "qid": "Q1137094"}),
    ]) + "\n", encoding="utf-8")
    entries = curated_entries([f])
    assert entries["watch-1"].type is C and entries["us-ice"].name == "ICE (watched)"
    r = CorpusResolver(MemoryIndex(), gazetteer=entries)
    e = Entity(local_id("Kestrel Labs Corp.", C, "d"), "Kestrel Labs Corp.", C)
    [out] = r.resolve(DocumentGraph(Document("d", "."), (e,))).entities
    assert out.id == "watch-1" and out.name == "Kestrel Labs Inc."


def test_a_bad_gazetteer_line_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": "x", "name": "X", "type": "Spaceship"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl:1: bad gazetteer entry \(type"):
        read_gazetteer_file(f)


def test_exports_become_gazetteer_entries() -> None:
    os_line = json.dumps({"id": "NK-1", "schema": "PublicBody", "caption": "Harlow Police",
                          "properties": {"name": ["Harlow Police"], "alias": ["HPD"]}})
    wd_line = json.dumps({"id": "Q95", "labels": {"en": {"value": "Google"}},
                          "aliases": {"en": [{"value": "Google LLC"}]},
                          "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q4830453"}}}}]}})
    rows = list(convert_export(["[", os_line + ",", wd_line, "]"]))
    assert rows == [
        {"id": "os/NK-1", "name": "Harlow Police", "type": "GovernmentBody", "aliases": ["HPD"], "qid": ""},
        {"id": "wd/Q95", "name": "Google", "type": "Company", "aliases": ["Google LLC"], "qid": "Q95"}]
