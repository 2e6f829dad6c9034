"""The notebooks run top to bottom (their own ``assert`` cells check the results), and are
committed without outputs. They run on the sample articles of the checkout, on a store built
elsewhere (``GRAPHBUILD_STORE``), and from a folder outside any checkout (``GRAPHBUILD_ARTICLES``);
03 runs against the suite's Neo4j server, empty and holding other data.

Kernel: ``python3`` from the test interpreter's environment (``scripts/setup.sh`` installs it with
``python -m ipykernel install --sys-prefix``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = ["01_investigate.ipynb", "02_sparql.ipynb", "03_cypher.ipynb", "04_network_analysis.ipynb"]
CELL_TIMEOUT = 600


def notebook_env(**extra: str) -> dict[str, str]:
    """The kernel's environment: this one, minus settings that would change what a notebook reads,
    with the test interpreter first on PATH (so ``python3`` is the venv's)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"GRAPHBUILD_ARTICLES", "GRAPHBUILD_STORE", "NEO4J_URI", "NEO4J_USERNAME",
                        "NEO4J_PASSWORD"}}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # the kernel imports the graphbuild under test, as an installed package would be found
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_notebook(name: str, env: dict[str, str], folder: Path = NOTEBOOKS) -> nbformat.NotebookNode:
    """Execute a notebook in ``folder`` (its own, as Jupyter would, unless told otherwise); an
    error in any cell fails with the cell's source and traceback."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute(env=env)
    except CellExecutionError as exc:
        pytest.fail(f"{name} failed:\n{exc}", pytrace=False)
    return nb


def text_outputs(nb: nbformat.NotebookNode) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                out.append(o.text)
            elif "data" in o:
                out.append(o.data.get("text/plain", ""))
    return out


# -- the committed files ---------------------------------------------------------------------------

def test_the_notebooks_are_all_there():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    with_outputs = [i for i, c in enumerate(code) if c.outputs or c.execution_count is not None]
    assert not with_outputs, (f"{name}: code cells {with_outputs} have outputs; clear them "
                              f"(jupyter nbconvert --clear-output --inplace notebooks/{name})")
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("name", EXPECTED)
def test_checks_its_results(name):
    """Every notebook asserts on what it computed, not only that it ran."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert sources.count("assert ") >= 4
    assert "find_repo_root" in sources and "tempfile.mkdtemp" in sources
    assert "GRAPHBUILD_STORE" in sources and "GRAPHBUILD_ARTICLES" in sources


# -- running them ----------------------------------------------------------------------------------

@pytest.mark.notebook
@pytest.mark.model
@pytest.mark.parametrize("name", ["01_investigate.ipynb", "02_sparql.ipynb", "04_network_analysis.ipynb"])
def test_notebook_runs(name):
    run_notebook(name, notebook_env())


@pytest.fixture(scope="module")
def store_built_elsewhere(tmp_path_factory) -> Path:
    """A store built by the command line, in a folder that is not the notebooks'."""
    from graphbuild.cli import main

    path = tmp_path_factory.mktemp("elsewhere") / "graph"
    assert main(["build", str(ROOT / "samples" / "articles"), "--store", str(path), "-q"]) == 0
    return path


def _store_state(path: Path) -> dict[str, int]:
    from graphbuild.sinks.store import GraphStore

    with GraphStore(path, read_only=True) as store:
        return {"quads": len(store), "documents": len(store.to_knowledge_graph().documents)}


@pytest.mark.notebook
@pytest.mark.model
@pytest.mark.parametrize("name", ["01_investigate.ipynb", "02_sparql.ipynb", "04_network_analysis.ipynb"])
def test_notebook_opens_an_existing_store(name, store_built_elsewhere):
    """``GRAPHBUILD_STORE``: the notebook reads the store as it is (nothing rebuilt, nothing
    written to it)."""
    before = _store_state(store_built_elsewhere)
    nb = run_notebook(name, notebook_env(GRAPHBUILD_STORE=str(store_built_elsewhere)))
    outputs = "\n".join(text_outputs(nb))
    assert f"store:    {store_built_elsewhere}" in outputs
    assert "articles added" not in outputs  # no build ran
    assert _store_state(store_built_elsewhere) == before


@pytest.mark.notebook
@pytest.mark.model
def test_notebook_runs_outside_a_checkout(tmp_path):
    """Regression: outside a checkout the first cell failed even with ``GRAPHBUILD_ARTICLES`` set."""
    articles = tmp_path / "my articles"
    shutil.copytree(ROOT / "samples" / "articles", articles)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    nb = run_notebook("04_network_analysis.ipynb", notebook_env(GRAPHBUILD_ARTICLES=str(articles)), folder=elsewhere)
    assert any(f"articles: {articles}" in t for t in text_outputs(nb))


@pytest.mark.notebook
@pytest.mark.model
def test_notebook_outside_a_checkout_says_what_to_set(tmp_path):
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(pytest.fail.Exception) as failed:
        run_notebook("01_investigate.ipynb", notebook_env(), folder=tmp_path)
    assert not isinstance(failed.value, CellExecutionError)
    assert "set GRAPHBUILD_STORE to a store or GRAPHBUILD_ARTICLES" in str(failed.value)


# other data in the database: another graph with its own "ICE" (better connected there than the
# notebook's ICE is in its articles), and nodes and relationships graphbuild never wrote
OTHER_DATA = """
CREATE (ice:Entity:GovernmentBody {id: 'other/ice', name: 'ICE', aliases: ['ICE'], type: 'GovernmentBody'})
WITH ice
UNWIND range(1, 40) AS i
CREATE (c:Entity:Company {id: 'other/company-' + toString(i), name: 'Other Company ' + toString(i), type: 'Company'})
CREATE (c)-[:PITCHED {key: c.id + '|pitched|other/ice', negated: false, sources: ['other-doc-' + toString(i)],
                      count: 1, sentences: 1}]->(ice)
CREATE (:Evidence {key: c.id + '|pitched|other/ice|other-doc-' + toString(i) + ':0:1',
                   edge: c.id + '|pitched|other/ice', doc: 'other-doc-' + toString(i), text: 'x', start: 0, end: 1})
CREATE (:Movie {title: 'Unrelated ' + toString(i)})-[:SHOWN_IN]->(:Cinema {name: 'Nowhere'})
"""


@pytest.mark.notebook
@pytest.mark.model
def test_cypher_notebook_runs_against_neo4j_holding_other_data(neo4j_server, neo4j_db, tmp_path):
    """Regression: 03 asserted that Neo4j held exactly its own graph."""
    with neo4j_db.session() as session:
        session.run(OTHER_DATA).consume()

    def other_counts() -> tuple[int, int]:
        with neo4j_db.session() as session:
            row = session.run("MATCH (n) WHERE n.id STARTS WITH 'other/' OR n:Movie OR n:Cinema "
                              "OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r").single()
            return row["n"], row["r"]

    before = other_counts()
    uri, user, password = neo4j_server
    nb = run_notebook("03_cypher.ipynb", notebook_env(NEO4J_URI=uri, NEO4J_USERNAME=user, NEO4J_PASSWORD=password))
    outputs = text_outputs(nb)
    assert any(f"connected to {uri}" in t for t in outputs), outputs
    assert any("other data in this database" in t for t in outputs), outputs
    assert other_counts() == before  # left alone


@pytest.mark.notebook
@pytest.mark.model
def test_cypher_notebook_runs_against_neo4j(neo4j_server, neo4j_db, tmp_path):
    uri, user, password = neo4j_server
    nb = run_notebook("03_cypher.ipynb", notebook_env(NEO4J_URI=uri, NEO4J_USERNAME=user,
                                                      NEO4J_PASSWORD=password))
    outputs = text_outputs(nb)
    assert any(f"connected to {uri}" in t for t in outputs), outputs
    assert not any("the rest of this notebook is skipped" in t for t in outputs)
    (tmp_path / "outputs.txt").write_text("\n".join(outputs), encoding="utf-8")


@pytest.mark.notebook
@pytest.mark.model
def test_cypher_notebook_stops_cleanly_without_neo4j():
    nb = run_notebook("03_cypher.ipynb", notebook_env(NEO4J_URI="bolt://127.0.0.1:9",
                                                      NEO4J_PASSWORD="unused"))
    outputs = text_outputs(nb)
    assert any("No Neo4j reachable at bolt://127.0.0.1:9" in t for t in outputs), outputs
    assert any("the rest of this notebook is skipped" in t for t in outputs)
    assert not any("connected to" in t for t in outputs)
