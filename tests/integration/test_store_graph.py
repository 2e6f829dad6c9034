"""The embedded store on hand-built documents: resolution, provenance, idempotency, resumability,
SHACL, exports and the investigator queries."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import graphbuild
from graphbuild.builder import write_resolved
from graphbuild.errors import OntologyError, SinkError
from graphbuild.model import EntityType, Predicate
from graphbuild.query.store import StoreQueries
from graphbuild.sinks.rdf import shacl_report, to_rdflib_graph
from graphbuild.sinks.store import GraphStore
from graphbuild.vocab.rdf import GB, SKOS, entity_iri

pytestmark = pytest.mark.store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)

ICE = entity_iri("us-ice")


def quad_set(store: GraphStore) -> set[tuple[str, str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store.quads()}


def union(store: GraphStore) -> rdflib.Graph:
    return to_rdflib_graph(store.quads())


@pytest.fixture()
def store() -> GraphStore:
    with GraphStore(None) as s:
        write_resolved(s, hm.corpus())
        yield s


def test_ice_under_three_names_is_one_node_with_its_aliases(store):
    rows = store.query("SELECT ?e WHERE { ?e a gb:GovernmentBody ; skos:hiddenLabel ?k }")
    assert {r["e"] for r in rows} == {str(ICE)}
    [row] = store.query("SELECT ?e ?name WHERE { ?e skos:prefLabel ?name }", {"e": ICE})
    assert row["name"] == "U.S. Immigration and Customs Enforcement"
    aliases = {r["a"] for r in store.query("SELECT ?e ?a WHERE { ?e skos:altLabel ?a }", {"e": ICE})}
    assert {"ICE", "Immigration and Customs Enforcement"} <= aliases
    same = store.query("SELECT ?e ?w WHERE { ?e owl:sameAs ?w }", {"e": ICE})
    assert [r["w"] for r in same] == ["http://www.wikidata.org/entity/Q1137094"]


def test_same_name_different_type_stays_apart(store):
    rows = store.query("SELECT ?e ?t WHERE { ?e skos:prefLabel|skos:altLabel ?n ; a ?t . "
                       "FILTER(STR(?n) = 'ICE') }")
    assert {r["t"].rsplit("#", 1)[1] for r in rows} == {"GovernmentBody", "Company"}
    assert len({r["e"] for r in rows}) == 2


def test_alias_only_entity_joins_across_articles(store):
    # "Acme" (article 2) is an alias of "Acme Analytics" (article 1): one node
    rows = store.query("SELECT ?e WHERE { ?e a gb:Company ; skos:prefLabel ?n . FILTER(STRSTARTS(?n, 'Acme')) }")
    assert len(rows) == 1
    assert {n.name for n in StoreQueries(store).neighbors("acme")} == {
        "U.S. Immigration and Customs Enforcement"}


def test_pitched_edge_has_plain_triple_and_statement_with_evidence(store):
    amazon = entity_iri("amazon")
    assert store.query("ASK { ?s gb:pitched ?o }", {"s": amazon, "o": ICE}) == [{"boolean": True}]
    rows = store.query("""
        SELECT ?s ?o ?sentence ?title ?start ?conf ?neg WHERE {
          GRAPH ?g { ?a a gb:Assertion ; rdf:subject ?s ; rdf:predicate gb:pitched ; rdf:object ?o ;
                        gb:evidence ?sentence ; gb:startOffset ?start ; gb:confidence ?conf ;
                        gb:negated ?neg ; prov:wasDerivedFrom ?d .
                     ?d dcterms:title ?title } }""", {"s": amazon, "o": ICE})
    assert len(rows) == 1
    row = rows[0]
    assert row["sentence"] == hm.PITCH_SENTENCE
    assert row["title"] == "Amazon courted the agency"
    assert row["neg"] is False and row["conf"] == pytest.approx(0.8)
    doc_text = hm.article_pitch().document.text
    assert doc_text[row["start"]:].startswith(hm.PITCH_SENTENCE)


def test_negated_contract_exists_only_as_negated_statement(store):
    aws = entity_iri("aws")
    # no plain triple in either direction, in any graph
    plain = store.query("SELECT * WHERE { { ?a gb:contractedWith ?b } UNION { ?b gb:contractedWith ?a } }",
                        {"a": ICE, "b": aws})
    assert plain == []
    rows = store.query("""SELECT ?neg ?sentence WHERE { GRAPH ?g {
        ?x rdf:predicate gb:contractedWith ; gb:negated ?neg ; gb:evidence ?sentence } }""")
    assert rows == [{"neg": True, "sentence": hm.NO_CONTRACT_SENTENCE}]


def test_each_documents_assertions_live_in_its_own_named_graph(store):
    rows = store.query("SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a gb:Assertion } } GROUP BY ?g",
                       union=False)
    assert {r["g"].rsplit("/", 1)[1]: r["n"] for r in rows} == {"pitch": 2, "contract": 2, "exchange": 2}
    # entities and plain triples are in the default graph
    assert store.query("ASK { ?e skos:prefLabel ?n }", union=False) == [{"boolean": True}]


def test_shacl_conformance(store):
    conforms, text = shacl_report(union(store))
    assert conforms, text


def test_shacl_rejects_a_plain_triple_without_positive_assertion(store):
    g = union(store)
    g.add((rdflib.URIRef(entity_iri("aws")), GB.contractedWith, rdflib.URIRef(ICE)))
    conforms, text = shacl_report(g)
    assert not conforms
    assert "positive assertion" in text


def test_write_is_idempotent():
    with GraphStore(None) as a, GraphStore(None) as b:
        write_resolved(a, hm.corpus())
        write_resolved(b, hm.corpus())
        first = quad_set(b)
        report = write_resolved(b, hm.corpus())
        assert report.documents_skipped == 3 and report.documents == 0
        assert quad_set(b) == first == quad_set(a)
        assert isomorphic(union(a), union(b))


def test_order_of_articles_does_not_change_names():
    with GraphStore(None) as a, GraphStore(None) as b:
        write_resolved(a, hm.corpus())
        write_resolved(b, reversed(hm.corpus()))
        names = "SELECT ?n WHERE { ?e skos:prefLabel ?n } ORDER BY ?n"
        assert a.query(names) == b.query(names)


def test_incremental_article_adds_source_to_existing_edge(store):
    before = len(store)
    report = write_resolved(store, [hm.article_second_pitch()])
    assert report.documents == 1
    assert len(store) > before
    [n] = [n for n in StoreQueries(store).neighbors("Amazon") if n.predicate == "pitched"]
    assert n.sources == ("pitch", "pitch-again")
    # still one plain triple for the edge
    assert len(store.query("SELECT ?x ?o WHERE { ?x gb:pitched ?o }", {"o": ICE})) == 1


def test_incremental_equals_building_everything_at_once(tmp_path):
    with GraphStore(tmp_path / "inc") as inc:
        write_resolved(inc, hm.corpus()[:2])
        write_resolved(inc, hm.corpus()[2:])
        write_resolved(inc, [hm.article_second_pitch()])
        got = quad_set(inc)
    with GraphStore(None) as once:
        write_resolved(once, [*hm.corpus(), hm.article_second_pitch()])
        assert got == quad_set(once)


def test_interrupted_write_resumes_to_the_same_result(tmp_path):
    class Crash(Exception):
        pass

    def crashing(graphs, after):
        for i, dg in enumerate(graphs):
            if i == after:
                raise Crash
            yield dg

    docs = [*hm.corpus(), hm.article_second_pitch()]
    path = tmp_path / "store"
    with GraphStore(path, batch_size=1) as s, pytest.raises(Crash):
        write_resolved(s, crashing(docs, 2))
    with GraphStore(path, batch_size=1) as s:
        assert s.has_document("pitch", docs[0].document.content_hash)
        assert not s.has_document("exchange", docs[2].document.content_hash)
        report = write_resolved(s, docs)
        assert report.documents_skipped == 2 and report.documents == 2
        resumed = quad_set(s)
    with GraphStore(None) as full:
        write_resolved(full, docs)
        assert resumed == quad_set(full)


def test_half_done_label_update_is_repaired_on_open(tmp_path):
    path = tmp_path / "store"
    with GraphStore(path) as s:
        write_resolved(s, hm.corpus())
        acme = [r["e"] for r in s.query("SELECT ?e WHERE { ?e skos:altLabel 'Acme' }")][0]
        # what an interruption between the batch transaction and the label clean-up leaves
        s.oxigraph.add(ox.Quad(ox.NamedNode(acme), ox.NamedNode(str(SKOS.prefLabel)), ox.Literal("Acme"),
                               ox.DefaultGraph()))
        expected = {k for k in quad_set(s)
                    if not (k[1] == f"<{SKOS.prefLabel}>" and k[2] == '"Acme"')}
    with GraphStore(path) as s:
        assert quad_set(s) == expected


def test_changed_document_replaces_its_old_version():
    with GraphStore(None) as s:
        write_resolved(s, hm.corpus())
        old = hm.article_contract()
        from dataclasses import replace

        changed_doc = replace(old.document, text=old.document.text + " Updated.")
        changed = replace(old, document=changed_doc, relations=old.relations[1:])  # contract claim retracted
        write_resolved(s, [changed])
        rows = s.query("SELECT ?a WHERE { GRAPH ?g { ?a rdf:predicate gb:contractedWith } }")
        assert rows == []
        assert s.has_document("contract", changed_doc.content_hash)
        assert not s.has_document("contract", old.document.content_hash)
        with GraphStore(None) as fresh:
            write_resolved(fresh, [hm.article_pitch(), changed, hm.article_exchange()])
            assert quad_set(fresh) - quad_set(s) == set()


def test_retracted_document_removes_plain_triples_only_it_supported():
    from dataclasses import replace

    with GraphStore(None) as s:
        write_resolved(s, [hm.article_pitch(), hm.article_second_pitch()])
        pitch = hm.article_pitch()
        write_resolved(s, [replace(pitch, document=replace(pitch.document, text=pitch.document.text + "!"),
                         relations=())])
        # Amazon pitched ICE is still stated by the second article; Acme supplied ICE is not
        assert s.query("ASK { ?s gb:pitched ?o }", {"s": entity_iri("amazon"), "o": ICE}) == [{"boolean": True}]
        assert s.query("ASK { ?s gb:supplied ?o }", {"o": ICE}) == [{"boolean": False}]


def test_to_knowledge_graph_and_networkx(store):
    kg = store.to_knowledge_graph()
    assert set(kg.documents) == {"pitch", "contract", "exchange"}
    ice = kg.entities["us-ice"]
    assert ice.type is EntityType.GOVERNMENT_BODY and "ICE" in ice.aliases
    negated = [r for r in kg.iter_relations() if r.negated]
    assert [(r.predicate, r.evidence.sentence) for r in negated] == [
        (Predicate.CONTRACTED_WITH, hm.NO_CONTRACT_SENTENCE)]
    g = graphbuild.to_networkx(store)
    assert g.has_edge("amazon", "us-ice", key="pitched")
    data = g.get_edge_data("amazon", "us-ice", key="pitched")
    assert data["sources"] == ["pitch"] and data["evidence"] == [hm.PITCH_SENTENCE]
    assert data["titles"] == ["Amazon courted the agency"]
    assert any(k.endswith("|negated") for _, _, k in g.edges(keys=True))


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"),
                                        (".trig", "trig"), (".jsonld", "json-ld")])
def test_export_formats_parse_back(store, tmp_path, suffix, fmt):
    path = tmp_path / f"graph{suffix}"
    store.export(path)
    if fmt in ("nquads", "trig", "json-ld"):
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        parsed = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            parsed.add((s, p, o))
        if fmt != "json-ld":
            graphs = {str(c.identifier) for c in ds.graphs()}
            assert "https://w3id.org/graphbuild/graph/pitch" in graphs
    else:
        parsed = rdflib.Graph().parse(path, format=fmt)
    assert isomorphic(parsed, union(store))


def test_jsonld_export_has_a_context_and_keeps_the_named_graphs(store, tmp_path):
    import json

    path = tmp_path / "graph.jsonld"
    store.export(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"]["gb"] == "https://w3id.org/graphbuild/ontology#"
    assert any(key.startswith("gb:") for node in _nodes(doc) for key in node), "IRIs compacted"
    ds = rdflib.Dataset()
    ds.parse(path, format="json-ld")
    graphs = {str(c.identifier) for c in ds.graphs()}
    assert "https://w3id.org/graphbuild/graph/pitch" in graphs


def _nodes(doc):
    """Every node object of a JSON-LD document, inside named graphs too."""
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if "@graph" in item:
                stack.append(item["@graph"])
            yield item


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_export_network_formats_for_gephi(store, tmp_path, suffix):
    import networkx as nx

    path = tmp_path / f"graph{suffix}"
    store.export(path)
    g = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert g.number_of_nodes() == len(store.to_knowledge_graph().entities)
    ice = g.nodes["us-ice"]
    assert "ICE" in ice["aliases"].split(" | ")


def test_export_unknown_format_is_refused(store, tmp_path):
    with pytest.raises(SinkError, match="format"):
        store.export(tmp_path / "graph.xyz")


def test_query_values_are_bound_not_spliced(store):
    hostile = "ICE' } ; DROP ALL ; SELECT * { '"
    assert store.query("SELECT ?n ?e WHERE { ?e skos:prefLabel ?n }", {"n": hostile}) == []


def test_query_results_are_plain_python_values(store):
    rows = store.query("SELECT ?s ?n WHERE { GRAPH ?g { ?a gb:startOffset ?s ; gb:negated ?n } } LIMIT 1")
    assert isinstance(rows[0]["s"], int) and isinstance(rows[0]["n"], bool)


def test_neighbors_lists_every_edge_with_direction_and_negation(store):
    q = StoreQueries(store)
    got = q.neighbors("ice")  # an alias, lower case: matches the agency and the exchange
    by = {(n.name, n.predicate, n.direction, n.negated) for n in got}
    assert ("Amazon", "pitched", "in", False) in by
    assert ("Amazon Web Services", "contractedWith", "in", True) in by  # aws < us-ice: aws is subject
    assert ("American Civil Liberties Union", "criticized", "in", False) in by
    # the exchange's symmetric edge: "aws" sorts before the exchange's id, so AWS is the subject
    assert ("Amazon Web Services", "partneredWith", "in", False) in by
    assert got == sorted(got)
    agency = q.neighbors("U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT")
    assert set(agency) < set(got)
    assert "partneredWith" not in {n.predicate for n in agency}
    assert q.neighbors("nobody at all") == []


def test_evidence_between_two_names(store):
    rows = StoreQueries(store).evidence("Amazon", "Immigration and Customs Enforcement")
    assert [(r.subject, r.predicate, r.object, r.doc_id, r.sentence) for r in rows] == [
        ("Amazon", "pitched", "U.S. Immigration and Customs Enforcement", "pitch", hm.PITCH_SENTENCE)]
    assert rows[0].doc_title == "Amazon courted the agency"


def test_paths_use_positive_edges_and_ignore_direction(store):
    q = StoreQueries(store)
    paths = q.paths("Amazon", "Acme", max_hops=3)
    assert paths
    first = paths[0]
    assert first.names == ("Amazon", "U.S. Immigration and Customs Enforcement", "Acme Analytics")
    assert [len(p.steps) for p in paths] == sorted(len(p.steps) for p in paths)
    # the negated contract is the only edge between AWS and the agency: no 1-hop path
    assert q.paths("Amazon Web Services", "U.S. Immigration and Customs Enforcement", max_hops=1) == []
    assert q.paths("Amazon", "Acme", max_hops=1) == []
    assert q.paths("Amazon", "nobody") == []


def test_unknown_term_raises_ontology_error():
    with pytest.raises(OntologyError):
        GB.pitchd  # noqa: B018


def test_read_only_store_refuses_writes(tmp_path):
    with GraphStore(tmp_path / "s") as s:
        write_resolved(s, hm.corpus()[:1])
    with GraphStore(tmp_path / "s", read_only=True) as s:
        assert len(s) > 0
        with pytest.raises(SinkError):
            write_resolved(s, hm.corpus())


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(SinkError, match="graphbuild build"):
        GraphStore(tmp_path / "nothing", read_only=True)


def test_entities_have_one_class(store):
    rows = store.query("SELECT ?e (COUNT(?t) AS ?n) WHERE { ?e skos:prefLabel ?l ; a ?t } GROUP BY ?e")
    assert rows and all(r["n"] == 1 for r in rows)


@pytest.mark.slow
def test_write_memory_does_not_grow_with_the_number_of_articles(tmp_path):
    import tracemalloc

    from graphbuild.model import Document, DocumentGraph, Entity, Evidence, Relation, entity_id

    def articles(n):
        for i in range(n):
            a = Entity(entity_id(f"Firm {i}", EntityType.COMPANY), f"Firm {i}", EntityType.COMPANY)
            b = Entity(entity_id(f"Office {i % 50}", EntityType.GOVERNMENT_BODY), f"Office {i % 50}",
                       EntityType.GOVERNMENT_BODY)
            text = f"Firm {i} pitched Office {i % 50}."
            doc = Document(f"a{i}", text, title=f"Article {i}")
            yield DocumentGraph(doc, (a, b), (Relation(a.id, Predicate.PITCHED, b.id,
                                                       Evidence(doc.id, text, 0, len(text), "t", 0.5)),))

    def peak(n, path):
        with GraphStore(path, batch_size=32) as s:
            tracemalloc.start()
            write_resolved(s, articles(n))
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return top

    small, large = peak(100, tmp_path / "small"), peak(1500, tmp_path / "large")
    assert large < 2 * small + 2_000_000, (small, large)
