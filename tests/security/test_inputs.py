"""Weak spots of finding 9: encodings, dates, per-article caps and one-line CLI errors."""

from __future__ import annotations

import codecs
import json
import logging
import subprocess
from pathlib import Path

import pytest
from conftest import cli_env, graphbuild_cli

from graphbuild.ingest import iter_documents
from graphbuild.model import Document, DocumentGraph, Evidence, Predicate, Relation
from graphbuild.model.limits import (
    MAX_RELATIONS_PER_ARTICLE,
    MAX_STATEMENTS_PER_EDGE,
    cap_relations,
)

ARTICLE = "Amazon pitched ICE on Rekognition.\n\nSource: Example Wire, 2020-13-45, https://x.example/a\n"


def read(path: Path) -> list:
    return list(iter_documents([path]))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    f = tmp_path / "wide.txt"
    f.write_bytes(bom + "Amazon pitched ICE on Rekognition.\n".encode(codec))
    [doc] = read(f)
    assert isinstance(doc, Document) and doc.text == "Amazon pitched ICE on Rekognition."


def test_utf16_without_a_bom_is_named(tmp_path: Path) -> None:
    f = tmp_path / "wide.txt"
    f.write_bytes("Amazon pitched ICE on Rekognition.\n".encode("utf-16-le"))
    [failure] = read(f)
    assert "UTF-16 without a byte-order mark" in failure.reason


def test_invalid_published_dates_are_dropped_with_a_warning(tmp_path: Path, caplog) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b", "text": "Amazon pitched ICE.", "published": "2021-02-30"}) + "\n"
        + json.dumps({"id": "c", "text": "Amazon pitched ICE.", "published": "2021-02-28"}) + "\n",
        encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="graphbuild.ingest"):
        docs = {d.id: d for d in read(tmp_path)}
    assert docs["a"].published == "" and docs["b"].published == "" and docs["c"].published == "2021-02-28"
    assert sum("not a valid date" in r.getMessage() for r in caplog.records) == 2


def _repeated(n: int, edges: int = 1) -> DocumentGraph:
    ev = Evidence("d", "A pitched B.", 0, 12, "x", 0.9)
    return DocumentGraph(Document("d", "A pitched B. " * n), (), tuple(
        Relation(f"a{i % edges}", Predicate.PITCHED, "b", ev) for i in range(n)))


def test_one_edge_keeps_at_most_the_cap_of_statements(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="graphbuild.ingest"):
        capped, dropped = cap_relations(_repeated(20_000))
    assert len(capped.relations) == MAX_STATEMENTS_PER_EDGE and dropped == 20_000 - MAX_STATEMENTS_PER_EDGE
    assert "statements dropped" in caplog.text


def test_an_article_keeps_at_most_the_cap_of_relations() -> None:
    capped, dropped = cap_relations(_repeated(5000, edges=5000))
    assert len(capped.relations) == MAX_RELATIONS_PER_ARTICLE and dropped == 3000


@pytest.mark.model
@pytest.mark.slow
def test_repeated_sentences_do_not_multiply_statements(tmp_path: Path) -> None:
    f = tmp_path / "spam.txt"
    f.write_text("Amazon pitched ICE on Rekognition. " * 200, encoding="utf-8")
    out = tmp_path / "t.jsonl"
    proc = subprocess.run(graphbuild_cli("extract", str(f), "-o", str(out), "-q"), env=cli_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) <= MAX_STATEMENTS_PER_EDGE * 2
    assert "statements dropped" in proc.stderr


# one-line errors and exit codes ---------------------------------------------------------------

def one_line(proc: subprocess.CompletedProcess) -> bool:
    return proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_cypher_params_that_are_not_json(tmp_path: Path) -> None:
    proc = subprocess.run(graphbuild_cli("cypher", "RETURN $x", "--params", "{x: 1"), env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and one_line(proc) and "--params is not valid JSON" in proc.stderr


def test_malformed_triples_file(tmp_path: Path) -> None:
    bad = tmp_path / "triples.jsonl"
    bad.write_text('{"doc": "a"}\nnot json\n', encoding="utf-8")
    proc = subprocess.run(graphbuild_cli("viz", "--triples", str(bad), "-o", str(tmp_path / "g.html")),
                          env=cli_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and one_line(proc), proc.stderr
    assert "line 1" in proc.stderr and "expected the output of graphbuild extract" in proc.stderr


def test_extract_into_a_missing_folder(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Amazon pitched ICE.", encoding="utf-8")
    proc = subprocess.run(graphbuild_cli("extract", str(f), "-o", str(tmp_path / "no" / "such" / "t.jsonl"), "-q"),
                          env=cli_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 3 and one_line(proc), proc.stderr
    assert "cannot write" in proc.stderr
