"""Article ids never overwrite each other silently (finding 7), in all four shapes."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

import pytest
from conftest import cli_env, graphbuild_cli

from graphbuild.ingest import iter_documents
from graphbuild.ingest.ids import IdRegistry
from graphbuild.model.records import Document

ARTICLE = "Amazon pitched ICE on Rekognition.\n\nAmazon met ICE officials in June.\n"


def ids_of(inputs, registry: IdRegistry | None = None) -> dict[str, str]:
    """path -> id of every document read."""
    return {d.path: d.id for d in iter_documents(inputs, ids=registry) if isinstance(d, Document)}


def test_same_file_name_in_two_folders(tmp_path: Path, caplog) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"{folder}: {ARTICLE}", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="graphbuild.ingest"):
        got = ids_of([tmp_path])
    assert len(set(got.values())) == 2
    assert [r.getMessage() for r in caplog.records if "already the id of" in r.getMessage()]


def test_names_that_clean_to_one_id(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text("one " + ARTICLE, encoding="utf-8")
    (tmp_path / "a_b.txt").write_text("two " + ARTICLE, encoding="utf-8")
    got = ids_of([tmp_path])
    assert len(set(got.values())) == 2
    assert got[str(tmp_path / "a_b.txt")] == "a_b"  # a clean name keeps its id


def test_jsonl_ids_that_look_like_suffixes(tmp_path: Path) -> None:
    lines = [{"id": "a-2", "text": "first " + ARTICLE}, {"id": "a", "text": "second " + ARTICLE},
             {"id": "a", "text": "third " + ARTICLE}]
    f = tmp_path / "news.jsonl"
    f.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    got = ids_of([f])
    assert len(set(got.values())) == 3
    assert got[f"{f}:1"] == "a-2" and got[f"{f}:2"] == "a"  # the real ids are kept
    assert got[f"{f}:3"].startswith("a~")


def test_rerunning_a_subset_keeps_the_ids(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"{folder}: {ARTICLE}", encoding="utf-8")
        (tmp_path / folder / f"{folder} note.txt").write_text(f"{folder} note: {ARTICLE}", encoding="utf-8")
    f = tmp_path / "more.jsonl"
    f.write_text("".join(json.dumps({"id": i, "text": f"{n} {ARTICLE}"}) + "\n"
                         for n, i in enumerate(["x", "x", "y"])), encoding="utf-8")
    full = ids_of([tmp_path])
    again = ids_of([tmp_path])
    assert full == again
    # a subset that keeps each colliding group's first member, read on its own
    part = ids_of([tmp_path / "a", f])
    assert all(full[p] == i for p, i in part.items())


@pytest.mark.model
@pytest.mark.slow
def test_build_keeps_both_articles_and_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for folder, who in (("a", "Amazon"), ("b", "Microsoft")):
        (corpus / folder).mkdir(parents=True)
        (corpus / folder / "story.txt").write_text(f"{who} pitched ICE on face recognition.\n",
                                                   encoding="utf-8")
    store = tmp_path / "graph"
    proc = subprocess.run(graphbuild_cli("build", str(corpus), "--store", str(store), "-q"),
                          env=cli_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "2 articles added" in proc.stderr
    assert "already the id of" in proc.stderr
    query = subprocess.run(graphbuild_cli("query", "--store", str(store), "--format", "json",
                                          "SELECT ?d WHERE { GRAPH ?g { ?d a <https://w3id.org/graphbuild/ontology#Document> } }"),
                           env=cli_env(), capture_output=True, text=True, timeout=300)
    assert query.stdout.count("/doc/") == 2, query.stdout + query.stderr


@pytest.mark.model
@pytest.mark.slow
def test_build_says_when_an_article_replaces_a_stored_text(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = corpus / "story.txt"
    story.write_text("Amazon pitched ICE on face recognition.\n", encoding="utf-8")
    store = tmp_path / "graph"
    first = subprocess.run(graphbuild_cli("build", str(corpus), "--store", str(store), "-q"),
                           env=cli_env(), capture_output=True, text=True, timeout=600)
    assert first.returncode == 0 and "replaced" not in first.stderr, first.stderr
    story.write_text("Microsoft pitched ICE on face recognition.\n", encoding="utf-8")
    second = subprocess.run(graphbuild_cli("build", str(corpus), "--store", str(store), "-q"),
                            env=cli_env(), capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "1 replaced an earlier text with the same id" in second.stderr
    assert "replaces the stored article story (its text changed)" in second.stderr
