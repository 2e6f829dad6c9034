"""Cross-article resolution with an in-memory index."""

from __future__ import annotations

from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.resolve.corpus import (
    CorpusResolver,
    Curated,
    MemoryIndex,
    canonical_name,
    merge,
    resolve_corpus,
)

CO, GOV = EntityType.COMPANY, EntityType.GOVERNMENT_BODY
GAZ = {"us-ice": Curated("U.S. Immigration and Customs Enforcement", ("ICE",), GOV)}


def ent(name: str, type_: EntityType, aliases: tuple[str, ...] = (), qid: str = "") -> Entity:
    return Entity(entity_id(name, type_), name, type_, aliases, qid)


def dg(doc_id: str, *entities: Entity, relations: tuple[Relation, ...] = ()) -> DocumentGraph:
    return DocumentGraph(Document(doc_id, f"text of {doc_id}"), tuple(entities), relations)


def resolver() -> CorpusResolver:
    return CorpusResolver(MemoryIndex(), gazetteer=GAZ)


def ids(graphs):
    return [[e.id for e in g.entities] for g in graphs]


def test_alias_in_one_article_joins_name_in_another_both_orders():
    full, short = ent("Palantir Technologies", CO, ("Palantir",)), ent("Palantir", CO)
    a = list(resolve_corpus([dg("a", full), dg("b", short)], resolver()))
    assert ids(a) == [[full.id], [full.id]]
    b = list(resolve_corpus([dg("b", short), dg("a", full)], resolver()))
    assert ids(b) == [[short.id], [short.id]]
    # either way the node holds both names and the longer one is canonical
    assert a[1].entities[0].name == b[1].entities[0].name == "Palantir Technologies"
    assert set(b[1].entities[0].aliases) == {"Palantir"}


def test_same_name_different_type_stays_apart():
    agency, exchange = ent("ICE", GOV), ent("ICE", CO)
    out = list(resolve_corpus([dg("a", agency), dg("b", exchange)], resolver()))
    assert out[0].entities[0].id == "us-ice"  # a gazetteer name of the same type
    assert out[1].entities[0].id == exchange.id and out[1].entities[0].type is CO


def test_gazetteer_names_win_whatever_the_order():
    short = ent("ICE", GOV)
    [out] = list(resolve_corpus([dg("a", short)], resolver()))
    [e] = out.entities
    assert (e.id, e.name) == ("us-ice", "U.S. Immigration and Customs Enforcement")
    assert "ICE" in e.aliases


def test_ambiguous_alias_stays_apart_and_is_counted():
    r = resolver()
    one, two = ent("Acme Labs", CO, ("Acme",)), ent("Acme Foods", CO, ("Acme",))
    bare = ent("Acme", CO)
    out = list(resolve_corpus([dg("a", one), dg("b", two), dg("c", bare)], r))
    assert out[2].entities[0].id == bare.id
    assert r.stats.ambiguous >= 1


def test_qid_joins_entities_with_different_names():
    a, b = ent("Alphabet Inc.", CO, qid="Q95"), ent("Google parent", CO, qid="Q95")
    out = list(resolve_corpus([dg("a", a), dg("b", b)], resolver()))
    assert out[1].entities[0].id == a.id


def test_relations_are_rewritten_and_self_loops_dropped():
    full, short = ent("Palantir Technologies", CO, ("Palantir",)), ent("Palantir", CO)
    ev = Evidence("b", "Palantir partnered with Palantir Technologies.", 0, 10, "x", 0.5)
    loop = Relation(short.id, Predicate.PARTNERED_WITH, full.id, ev)
    out = list(resolve_corpus([dg("a", full), dg("b", short, full, relations=(loop,))], resolver()))
    assert out[1].relations == ()


def test_canonical_name_is_order_independent():
    names = ["ICE", "Immigration and Customs Enforcement", "Immigration & Customs Enforcement"]
    assert canonical_name(names) == canonical_name(reversed(names)) == "Immigration and Customs Enforcement"
    assert canonical_name(names, preferred="X") == "X"
    a, b = ent("Foo Bar", CO, ("Foo",)), ent("Foo Baz", CO)
    assert merge(a, b).name == merge(a, Entity(a.id, b.name, CO)).name == "Foo Bar"


def test_an_entity_mapped_onto_the_gazetteer_gets_its_qid():
    gaz = {"us-ice": Curated("U.S. Immigration and Customs Enforcement", ("ICE",), GOV, "Q1137094")}
    [out] = list(resolve_corpus([dg("a", ent("ICE", GOV))], CorpusResolver(MemoryIndex(), gazetteer=gaz)))
    assert out.entities[0].qid == "Q1137094"
