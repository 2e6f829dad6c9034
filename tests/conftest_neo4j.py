"""Pytest fixtures for a real Neo4j server (the ``neo4j`` marker).

The suite starts its own Neo4j Community server (see ``neo4j_server.py``) once per session. To
use another server instead, set ``NEO4J_URI`` (and ``NEO4J_USERNAME``/``NEO4J_PASSWORD``): note
that the tests then WIPE that server's database between tests.

Without Java the Neo4j tests are skipped with the reason, except under ``CI=true`` where they fail.
Any test that uses one of these fixtures gets the ``neo4j`` marker automatically.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from neo4j_server import Neo4jStartError, java_executable, start_neo4j

__all__ = [
    "Neo4jCredentials",
    "neo4j_db",
    "neo4j_driver",
    "neo4j_server",
    "pytest_collection_modifyitems",
]

_FIXTURES = {"neo4j_server", "neo4j_driver", "neo4j_db"}


class Neo4jCredentials(NamedTuple):
    uri: str
    user: str
    password: str


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jCredentials]:
    """``(uri, user, password)`` of a running server: ``NEO4J_URI``'s, or one started here."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jCredentials(uri, os.environ.get("NEO4J_USERNAME", "neo4j"),
                               os.environ.get("NEO4J_PASSWORD", ""))
        return
    if java_executable() is None:
        reason = "java is not on PATH: the Neo4j integration tests need Java 17+ (and Maven once)"
        if _in_ci():
            pytest.fail(reason + " — CI must provide them", pytrace=False)
        pytest.skip(reason)
    try:
        server = start_neo4j(secrets.token_urlsafe(18))
    except Neo4jStartError as exc:
        pytest.fail(f"could not start the Neo4j test server: {exc}", pytrace=False)
    try:
        yield Neo4jCredentials(server.uri, server.user, server.password)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server: Neo4jCredentials) -> Iterator[Any]:
    """One driver for the session (the ``neo4j`` package's ``Driver``)."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_server.uri,
                                        auth=(neo4j_server.user, neo4j_server.password))
    try:
        driver.verify_connectivity()
        yield driver
    finally:
        driver.close()


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def wipe_database(driver: Any, database: str | None = None, *, keep_loader_schema: bool = False) -> None:
    """Delete every node, relationship, constraint and (non-lookup) index.

    ``keep_loader_schema`` keeps the Neo4j sink's own constraints and indexes: recreating them
    makes the server re-plan every query, which costs seconds per test.
    """
    from graphbuild.sinks.neo4j_queries import SCHEMA_NAMES

    keep = SCHEMA_NAMES if keep_loader_schema else frozenset()
    while True:  # in chunks, so a benchmark-sized graph does not need one huge transaction
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted",
            database_=database)
        if records[0]["deleted"] == 0:
            break
    # Schema names come from the server, not from test data; DROP takes no parameter.
    names, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name", database_=database)
    for record in names:
        if record["name"] in keep:
            continue
        driver.execute_query(f"DROP CONSTRAINT {_quote(record['name'])} IF EXISTS", database_=database)
    names, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database)
    for record in names:
        if record["name"] in keep:
            continue
        driver.execute_query(f"DROP INDEX {_quote(record['name'])} IF EXISTS", database_=database)


@pytest.fixture
def neo4j_db(neo4j_driver: Any) -> Iterator[Any]:
    """The session driver over an empty database (wiped before the test, not after, so a
    failing test leaves its data to look at). The loader's own schema is kept; a test about
    the schema calls ``wipe_database(driver)`` itself."""
    wipe_database(neo4j_driver, keep_loader_schema=True)
    yield neo4j_driver
