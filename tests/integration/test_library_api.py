"""The library as a notebook user calls it: texts, Documents and paths to ``graphbuild.extract``,
the version, the licence the metadata declares."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_version_matches_the_package_metadata():
    import graphbuild

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert graphbuild.__version__ == declared
    out = subprocess.run([sys.executable, "-m", "graphbuild", "--version"], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == f"graphbuild {declared}"


def test_license_file_matches_the_metadata():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text


@pytest.mark.parametrize(("item", "is_text"), [
    ("Acme pitched the FBI.", True),
    ("one\nline", True),
    ("articles/", False),            # looks like a path: reported as a missing input, not read as text
    ("s3://bucket/articles.jsonl", False),
    ("notes.txt", False),
])
def test_strings_are_texts_unless_they_name_a_file(item, is_text):
    from graphbuild import _is_text

    assert _is_text(item) is is_text


def test_an_existing_path_with_a_space_is_a_path(tmp_path):
    from graphbuild import _is_text

    folder = tmp_path / "my articles"
    folder.mkdir()
    assert _is_text(str(folder)) is False


@pytest.mark.model
def test_extract_reads_strings_as_texts(config, nlp):
    """Regression: ``graphbuild.extract(["Acme pitched the FBI."])`` returned [] (the string was
    read as a file name)."""
    import graphbuild

    graphs = list(graphbuild.extract(["Amazon pitched the FBI."], config, nlp=nlp))
    assert [g.document.id for g in graphs] == ["text-1"]
    assert [(r.subject, r.predicate.value, r.object) for r in graphs[0].relations] == [
        ("amazon", "pitched", "us-fbi")]


@pytest.mark.model
def test_extract_mixes_texts_documents_and_paths_in_order(config, nlp, tmp_path):
    import graphbuild
    from graphbuild.model.records import Document

    article = tmp_path / "seed.txt"
    article.write_text("Palantir supplied software to ICE.", encoding="utf-8")
    doc = Document(id="mine", text="ICE does not have a contract with AWS.", url="https://example.org/a")
    graphs = list(graphbuild.extract(["Amazon pitched the FBI.", doc, str(article)], config, nlp=nlp))
    assert [g.document.id for g in graphs][:2] == ["text-1", "mine"]
    assert len(graphs) == 3
    assert graphs[1].document.url == "https://example.org/a"
    assert any(r.negated for r in graphs[1].relations)


@pytest.mark.model
def test_extract_texts_takes_strings_and_documents(config, nlp):
    import graphbuild
    from graphbuild.model.records import Document

    graphs = graphbuild.extract_texts(["articles/", Document(id="d", text="Amazon pitched the FBI.")],
                                      config, nlp=nlp)
    assert [g.document.id for g in graphs] == ["text-1", "d"]  # every string is a text here
    assert graphs[1].relations
