"""Cross-article resolution with the real NLP pipeline on invented articles
(``tests/fixtures/resolution``): one node per real-world thing, no false hubs, evidence that
states the claim, ambiguity shown rather than guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.builder import build
from graphbuild.cli import main
from graphbuild.config import Config
from graphbuild.query.entities import EntityCatalog
from graphbuild.query.store import StoreQueries
from graphbuild.resolve.names import is_proper_name
from graphbuild.sinks.store import GraphStore

pytestmark = [pytest.mark.model, pytest.mark.store]

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "resolution"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resolution") / "graph"
    build([ARTICLES], path, Config(quiet=True, batch_size=2))
    return path


def catalog(store: Path) -> list:
    with GraphStore(store, read_only=True) as s:
        return EntityCatalog(s).all()


def test_legal_suffix_variants_are_one_node(store: Path) -> None:
    kestrel = [e for e in catalog(store) if e.name.startswith("Kestrel Labs")]
    assert len(kestrel) == 1, [e.name for e in kestrel]
    [k] = kestrel
    assert {"Kestrel Labs Corp.", "Kestrel Labs LLC", "Kestrel Labs Inc."} <= {k.name, *k.aliases}
    assert k.articles == 3


def test_the_same_group_phrase_in_two_articles_is_two_nodes_and_no_path(store: Path) -> None:
    groups = [e for e in catalog(store) if e.name.lower() == "many police departments"]
    assert len(groups) == 2 and all(g.articles == 1 for g in groups)
    with GraphStore(store, read_only=True) as s:
        q = StoreQueries(s)
        paths = q.paths("Kestrel Labs", "Ostrander Systems", max_hops=3)
    assert not any("many police departments" in p.names for p in paths)


def test_a_description_is_never_a_display_name_or_alias(store: Path) -> None:
    ents = catalog(store)
    named = [e for e in ents if e.type != "Group"]
    assert all(is_proper_name(e.name) for e in named), [e.name for e in named if not is_proper_name(e.name)]
    assert not any(a.lower() == "the company" for e in ents for a in e.aliases)
    # "The company also met with the Department of Homeland Security": Kestrel Labs met DHS
    with GraphStore(store, read_only=True) as s:
        rows = StoreQueries(s).evidence("Kestrel Labs", "DHS")
    assert {r.subject for r in rows if r.predicate == "metWith"} == {"Kestrel Labs Corp."}


def test_part_of_read_off_a_name_is_one_assertion_per_article(store: Path) -> None:
    with GraphStore(store, read_only=True) as s:
        rows = [r for r in StoreQueries(s).evidence("AWS", "Amazon") if r.predicate == "partOf"]
    # "Amazon Web Services" appears three times in aws_one and three times in aws_two
    assert sorted(r.doc_id for r in rows) == ["aws_one", "aws_two"]


def test_corroboration_counts_articles(store: Path) -> None:
    import graphbuild

    g = graphbuild.to_networkx(store)
    [(_, data)] = [(k, d) for _, o, k, d in g.out_edges("aws", keys=True, data=True) if o == "amazon"]
    assert data["count"] == 2 == len(data["sources"])


def test_neighbors_lists_the_entities_an_ambiguous_name_matches(store: Path, capsys) -> None:
    code = main(["neighbors", "--store", str(store), "Harrow"])
    err = capsys.readouterr().err
    assert code == 1
    assert "'Harrow' matches 2 entities" in err and "John Harrow" in err and "Mary Harrow" in err
    assert "Person" in err
    ids = [line.split()[0] for line in err.splitlines() if line.startswith("person/")]
    assert main(["neighbors", "--store", str(store), ids[0]]) == 0  # an id picks one
    assert main(["neighbors", "--store", str(store), "Harow"]) == 1
    assert "did you mean" in capsys.readouterr().err


def test_entities_ambiguous_and_show(store: Path, capsys) -> None:
    assert main(["entities", "--store", str(store), "--ambiguous", "--format", "json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["type"], len(r["entities"])) for r in rows] == [("harrow", "Person", 2)]
    assert main(["entities", "--store", str(store), "--show", "Kestrel Labs LLC", "--format", "json"]) == 0
    [shown] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert shown["articles"] == 3 and shown["degree"] >= 4
    assert sorted(shown["documents"]) == ["kestrel_one", "kestrel_three", "kestrel_two"]


def test_viz_store_and_viz_triples_draw_the_same_graph(store: Path, tmp_path: Path, capsys) -> None:
    triples = tmp_path / "triples.jsonl"
    assert main(["extract", str(ARTICLES), "-q", "-o", str(triples)]) == 0
    capsys.readouterr()
    assert main(["viz", "--store", str(store), "-o", str(tmp_path / "a.html")]) == 0
    a = capsys.readouterr().err
    assert main(["viz", "--triples", str(triples), "-o", str(tmp_path / "b.html")]) == 0
    b = capsys.readouterr().err
    assert a.split(" to ")[0] == b.split(" to ")[0]
    assert main(["viz", "--store", str(store), "--focus", "Harrow", "-o", str(tmp_path / "c.html")]) == 2
    assert "matches 2 entities" in capsys.readouterr().err


def test_user_gazetteer_names_and_identifies_an_entity(tmp_path: Path) -> None:
    gaz = tmp_path / "watch.jsonl"
    gaz.write_text(json.dumps({"id": "os/NK-kestrel", "name": "Kestrel Labs Incorporated", "type": "Company",
                               "aliases": ["Kestrel Labs"], "qid": "Q4242"}) + "\n", encoding="utf-8")
    path = tmp_path / "graph"
    build([ARTICLES / "kestrel_one.txt", ARTICLES / "kestrel_two.txt"], path,
          Config(quiet=True, gazetteers=(str(gaz),)))
    [k] = [e for e in catalog(path) if "Kestrel" in e.name]
    assert k.entity_id == "os/NK-kestrel" and k.name == "Kestrel Labs Incorporated"
    assert set(k.ids) == {"wikidata:Q4242", "opensanctions:NK-kestrel"}
    with GraphStore(path, read_only=True) as s:
        same = s.query("SELECT ?o WHERE { ?e owl:sameAs ?o }")
    assert {r["o"] for r in same} >= {"http://www.wikidata.org/entity/Q4242",
                                      "https://www.opensanctions.org/entities/NK-kestrel/"}
