"""Shared fixtures: the shared evaluation folder, the spaCy pipeline, sample articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{what} not found at {path}; CI must provide ../shared beside the checkout")
        pytest.skip(f"{what} not found at {path} (../shared is absent in this checkout)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require(SHARED, "the shared folder")


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    return _require(shared_dir / "seed-article.txt", "the seed article")


@pytest.fixture(scope="session")
def dev_set(shared_dir: Path) -> Path:
    return _require(shared_dir / "eval" / "dev", "the development gold set")


@pytest.fixture(scope="session")
def config():
    from graphbuild.config import Config

    return Config(quiet=True)


@pytest.fixture(scope="session")
def nlp(config):
    from graphbuild.pipeline import load_pipeline

    return load_pipeline(config)
from conftest_neo4j import *  # noqa: E402,F401,F403  (Neo4j server fixtures, see tests/conftest_neo4j.py)


@pytest.fixture(scope="session")
def sample_store(config):
    """(in-memory store, its KnowledgeGraph) built from ``samples/articles``."""
    from graphbuild.builder import write_resolved
    from graphbuild.runners import extract
    from graphbuild.sinks.store import GraphStore

    with GraphStore(None) as store:
        write_resolved(store, extract([SAMPLES / "articles"], config))
        yield store, store.to_knowledge_graph()
