"""What the command line prints and exits with: ``graphbuild evidence`` says where each sentence
comes from (address and date), tables wrap long sentences instead of cutting them, and the exit
codes are those of the README's table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LONG = ("U.S. Immigration and Customs Enforcement has a contract with Amazon Web Services, according "
        "to federal procurement records reviewed by a research group in November 2018.")
URL = "https://wire.example.org/ice-aws-hosting"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from graphbuild.builder import write_resolved
    from graphbuild.model import (
        Document,
        DocumentGraph,
        Entity,
        EntityType,
        Evidence,
        Predicate,
        Relation,
    )
    from graphbuild.sinks.store import GraphStore

    path = tmp_path_factory.mktemp("evidence") / "store"
    ice = Entity("us-ice", "U.S. Immigration and Customs Enforcement", EntityType.GOVERNMENT_BODY, ("ICE",))
    aws = Entity("aws", "Amazon Web Services", EntityType.COMPANY, ("AWS",))
    rel = Relation("us-ice", Predicate.CONTRACTED_WITH, "aws", Evidence("d1", LONG, 0, len(LONG), "test", 0.9))
    doc = Document("d1", LONG, title="Procurement records", url=URL, published="2018-11-20")
    with GraphStore(path) as s:
        write_resolved(s, [DocumentGraph(doc, (ice, aws), (rel,))])
    return path


def test_evidence_names_the_source_address_and_date(store, capsys):
    from graphbuild.cli import main

    assert main(["evidence", "--store", str(store), "ICE", "AWS", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["doc_url"] == URL
    assert row["doc_published"].startswith("2018-11-20")


def test_table_keeps_whole_sentences_when_piped(store, capsys):
    """Regression: the table cut evidence at 80 characters."""
    from graphbuild.cli import main

    assert main(["evidence", "--store", str(store), "ICE", "AWS"]) == 0
    out = capsys.readouterr().out
    assert LONG in out
    assert URL in out and "2018-11-20" in out


def test_table_wraps_to_width_without_losing_words(store, capsys):
    from graphbuild.cli import main

    assert main(["evidence", "--store", str(store), "ICE", "AWS", "--width", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "\u2026" not in "".join(lines)
    sentence_at = lines[0].index("sentence")
    words = " ".join(line[sentence_at:].strip() for line in lines[2:])
    assert " ".join(words.split()) == LONG


# -- exit codes, as the README's table says ----------------------------------------------------

def _run(args: list[str], capsys) -> tuple[int, str]:
    from graphbuild.cli import main

    code = main(args)
    return code, capsys.readouterr().err


def test_a_lookup_that_finds_nothing_exits_1_with_one_line(store, capsys):
    code, err = _run(["neighbors", "--store", str(store), "Nobody At All"], capsys)
    assert code == 1
    assert err.strip().splitlines() == ["graphbuild: no entity named 'Nobody At All'"]


def test_invalid_sparql_is_a_usage_error(store, capsys):
    """Regression: an invalid query exited 3, the code of a failed store."""
    code, err = _run(["query", "--store", str(store), "SELEC ?x WHERE {}"], capsys)
    assert code == 2
    assert err.startswith("graphbuild: error: invalid SPARQL") and "Traceback" not in err


def test_a_query_without_rows_is_ok(store, capsys):
    code, _ = _run(["query", "--store", str(store), "SELECT ?x WHERE { ?x a gb:Nothing }"], capsys)
    assert code == 0


def test_readme_exit_code_table_matches_the_code():
    from graphbuild.cli import EXIT_INTERNAL
    from graphbuild.cli.common import EXIT_OK, EXIT_PARTIAL, EXIT_SINK, EXIT_USAGE

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    codes = {int(line.split("|")[1]) for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()}
    assert codes == {EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_SINK, EXIT_INTERNAL, 130}


def test_gexf_nodes_are_labelled_with_names(store, tmp_path, capsys):
    """Regression: GEXF node labels were entity ids."""
    import xml.etree.ElementTree as ET

    code, _ = _run(["export", "--store", str(store), "-o", str(tmp_path / "g.gexf")], capsys)
    assert code == 0
    labels = {n.get("id"): n.get("label") for n in ET.parse(tmp_path / "g.gexf").iter()
              if n.tag.endswith("}node")}
    assert labels["us-ice"] == "U.S. Immigration and Customs Enforcement"
    assert labels["aws"] == "Amazon Web Services"
