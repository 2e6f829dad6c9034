"""FollowTheMoney export: validated with the followthemoney library, counts round-trip, ids stable."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

from graphbuild.builder import write_resolved
from graphbuild.sinks.ftm import SCHEMATA, export_ftm, ftm_id
from graphbuild.sinks.store import GraphStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_ftm", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)

LINK_SCHEMATA = {"Ownership", "Directorship", "Employment", "Membership", "UnknownLink"}


def validate_ftm(text: str) -> list:
    """Parse every line with followthemoney and check each value against its property type (what
    ``ftm validate`` does); every link must point at an entity of the file."""
    from followthemoney import model

    proxies = []
    for line in text.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"] and proxy.schema.name == data["schema"]
        for prop, values in data["properties"].items():
            p = proxy.schema.get(prop)
            assert p is not None, f"{prop} is not a property of {proxy.schema.name}"
            for value in values:
                assert p.type.clean(value, proxy=proxy) is not None, (prop, value)
        proxies.append(proxy)
    ids = {p.id for p in proxies}
    assert len(ids) == len(proxies), "FtM ids are unique"
    for p in proxies:
        for prop in p.schema.properties.values():
            if prop.type.name == "entity":
                assert set(p.get(prop)) <= ids, f"{p.schema.name}.{prop.name} points outside the file"
    return proxies


def ftm_counts(proxies: list) -> tuple[int, int]:
    links = sum(1 for p in proxies if p.schema.name in LINK_SCHEMATA)
    return len(proxies) - links, links


def store_counts(kg) -> tuple[int, int]:
    return len(kg.entities), sum(1 for (_, _, _, neg) in kg.edges() if not neg)


def test_handmade_graph_exports_valid_ftm_with_the_store_counts() -> None:
    with GraphStore(None) as store:
        write_resolved(store, hm.corpus())
        kg = store.to_knowledge_graph()
    out = io.StringIO()
    report = export_ftm(kg, out)
    proxies = validate_ftm(out.getvalue())
    assert ftm_counts(proxies) == store_counts(kg) == (report.entities, report.links)
    schemata = {p.schema.name for p in proxies}
    assert {"Company", "PublicBody", "Organization", "UnknownLink"} <= schemata
    ice = next(p for p in proxies if p.id == ftm_id("us-ice"))
    assert ice.schema.name == SCHEMATA[kg.entities["us-ice"].type] == "PublicBody"
    assert "ICE" in ice.get("alias") and ice.get("wikidataId") == ["Q1137094"]
    pitch = next(p for p in proxies if p.schema.name == "UnknownLink" and "pitched" in p.get("role"))
    assert pitch.get("sourceUrl") == ["https://news.example.org/pitch"]
    assert pitch.get("date") == ["2026-01-05"] and pitch.get("publisher") == ["Example Wire"]
    again = io.StringIO()
    export_ftm(kg, again)
    assert again.getvalue() == out.getvalue(), "FtM ids and output are stable"


def test_ownership_employment_membership_and_directorship() -> None:
    from graphbuild.model import (
        Document,
        DocumentGraph,
        Entity,
        EntityType,
        Evidence,
        KnowledgeGraph,
        Predicate,
        Relation,
    )

    doc = Document("d", "x", url="https://example.org/d", published="2026-01-01")
    co, sub = Entity("co", "Holding", EntityType.COMPANY), Entity("sub", "Sub", EntityType.COMPANY)
    ceo, clerk = Entity("ceo", "Ann Chief", EntityType.PERSON), Entity("clerk", "Bo Clerk", EntityType.PERSON)
    union = Entity("union", "Union", EntityType.ORGANIZATION)

    def rel(s, p, o, role="", start=0):
        return Relation(s.id, p, o.id, Evidence("d", "s", start, start + 1, "t", 0.9), role=role)

    kg = KnowledgeGraph()
    kg.add(DocumentGraph(doc, (co, sub, ceo, clerk, union), (
        rel(co, Predicate.OWNS, sub), rel(ceo, Predicate.WORKS_FOR, co, "chief executive officer", 2),
        rel(clerk, Predicate.WORKS_FOR, co, "clerk", 4), rel(clerk, Predicate.MEMBER_OF, union, start=6))))
    out = io.StringIO()
    export_ftm(kg, out)
    by_schema = {p.schema.name: p for p in validate_ftm(out.getvalue())}
    assert by_schema["Ownership"].get("owner") == [ftm_id("co")]
    assert by_schema["Directorship"].get("role") == ["chief executive officer"]
    assert by_schema["Employment"].get("employee") == [ftm_id("clerk")]
    assert by_schema["Membership"].get("organization") == [ftm_id("union")]


@pytest.mark.model
def test_sample_corpus_ftm_export_validates_and_counts_round_trip(tmp_path: Path) -> None:
    from graphbuild.builder import build
    from graphbuild.config import Config

    samples = Path(__file__).resolve().parents[2] / "samples" / "articles"
    build([samples], tmp_path / "graph", Config(quiet=True))
    with GraphStore(tmp_path / "graph", read_only=True) as store:
        kg = store.to_knowledge_graph()
    out = io.StringIO()
    export_ftm(kg, out)
    proxies = validate_ftm(out.getvalue())
    assert ftm_counts(proxies) == store_counts(kg)
    assert ftm_counts(proxies)[0] >= 40 and ftm_counts(proxies)[1] >= 60
    print("sample corpus: store", store_counts(kg), "ftm", ftm_counts(proxies))
