"""The notebooks run top to bottom (their own ``assert`` cells check the results), and are
committed without outputs.

Kernel: ``python3`` from the test interpreter's environment (``scripts/setup.sh`` installs it with
``python -m ipykernel install --sys-prefix``). Notebook 03 runs against the suite's Neo4j server.
"""

from __future__ import annotations

import os
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
           if k not in {"GRAPHBUILD_ARTICLES", "NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"}}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def run_notebook(name: str, env: dict[str, str]) -> nbformat.NotebookNode:
    """Execute a notebook in its own folder (as Jupyter would); an error in any cell fails with
    the cell's source and traceback."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
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


# -- running them ----------------------------------------------------------------------------------

@pytest.mark.notebook
@pytest.mark.model
@pytest.mark.parametrize("name", ["01_investigate.ipynb", "02_sparql.ipynb", "04_network_analysis.ipynb"])
def test_notebook_runs(name):
    run_notebook(name, notebook_env())


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
