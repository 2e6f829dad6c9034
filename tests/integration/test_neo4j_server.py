"""The Neo4j server the suite starts is real: it answers Cypher and enforces authentication."""

from __future__ import annotations

import neo4j
import pytest

pytestmark = pytest.mark.neo4j


def test_server_answers_cypher(neo4j_driver) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one")
    assert [r["one"] for r in records] == [1]


def test_server_is_neo4j_5(neo4j_driver) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["versions"][0].startswith("5.")


def test_wrong_password_is_refused(neo4j_server) -> None:
    wrong = neo4j_server.password + "-wrong"
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, wrong)) as driver, \
            pytest.raises(neo4j.exceptions.AuthError):
        driver.verify_connectivity()


def test_database_is_wiped_between_tests(neo4j_db) -> None:
    records, _, _ = neo4j_db.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0
    neo4j_db.execute_query("CREATE (:Leftover {name: $name})", name="from this test")


def test_database_is_wiped_between_tests_again(neo4j_db) -> None:
    records, _, _ = neo4j_db.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0
