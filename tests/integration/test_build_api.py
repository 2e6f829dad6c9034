"""The lazy public API: ``graphbuild.build/extract/GraphStore/to_networkx``."""

from __future__ import annotations

import subprocess
import sys


def test_import_loads_nothing_heavy():
    code = ("import sys, graphbuild; heavy = {'spacy', 'rdflib', 'pyoxigraph', 'networkx'} & set(sys.modules);"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_names_stay_functions_after_the_modules_are_imported():
    code = ("import graphbuild, graphbuild.builder, graphbuild.relations.component, graphbuild.runners, inspect;"
            "assert inspect.isfunction(graphbuild.build) and inspect.isfunction(graphbuild.extract);"
            "assert type(graphbuild).__name__ == 'module';"
            "from graphbuild import GraphStore; from graphbuild.sinks.store import GraphStore as G;"
            "assert GraphStore is G")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_build_through_the_package_name(tmp_path, monkeypatch):
    import graphbuild
    import graphbuild.builder as build_module

    calls = []
    monkeypatch.setattr(build_module, "build", lambda *a, **k: calls.append((a, k)) or "report")
    assert graphbuild.build(["articles/"], tmp_path / "graph") == "report"
    assert calls == [((["articles/"], tmp_path / "graph", None), {"report": None, "progress": None})]


def test_to_networkx_accepts_a_store_a_graph_or_a_path(tmp_path):
    import graphbuild
    from graphbuild.model import KnowledgeGraph

    assert graphbuild.to_networkx(KnowledgeGraph()).number_of_nodes() == 0
    with graphbuild.GraphStore(tmp_path / "g") as store:
        assert graphbuild.to_networkx(store).number_of_nodes() == 0
    assert graphbuild.to_networkx(tmp_path / "g").number_of_nodes() == 0


def test_no_public_name_is_a_module_name():
    """Regression: ``graphbuild.extract`` was both the extraction package and the function, and
    importing the package replaced the function unless the package root swapped module classes."""
    from pathlib import Path

    import graphbuild

    root = Path(graphbuild.__file__).parent
    clashes = [n for n in graphbuild.__all__ if (root / f"{n}.py").exists() or (root / n).is_dir()]
    assert clashes == []
