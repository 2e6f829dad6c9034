"""The lazy public API: ``graphbuild.build/extract/GraphStore/to_networkx``."""

from __future__ import annotations

import subprocess
import sys


def test_import_loads_nothing_heavy():
    code = ("import sys, graphbuild; heavy = {'spacy', 'rdflib', 'pyoxigraph', 'networkx'} & set(sys.modules);"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_names_stay_callable_after_their_modules_are_imported():
    code = ("import graphbuild, graphbuild.build, graphbuild.extract.component, inspect;"
            "from graphbuild.build import build; from graphbuild.runners import extract;"
            "assert callable(graphbuild.build) and callable(graphbuild.extract);"
            "assert graphbuild.build.build is build;"
            "from graphbuild import GraphStore; from graphbuild.sinks.store import GraphStore as G;"
            "assert GraphStore is G")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_build_through_the_package_name(tmp_path, monkeypatch):
    import graphbuild
    import graphbuild.build as build_module

    calls = []
    monkeypatch.setattr(build_module, "build", lambda *a, **k: calls.append((a, k)) or "report")
    assert graphbuild.build(["articles/"], tmp_path / "graph") == "report"
    assert calls == [((["articles/"], tmp_path / "graph"), {})]


def test_to_networkx_accepts_a_store_a_graph_or_a_path(tmp_path):
    import graphbuild
    from graphbuild.model import KnowledgeGraph

    assert graphbuild.to_networkx(KnowledgeGraph()).number_of_nodes() == 0
    with graphbuild.GraphStore(tmp_path / "g") as store:
        assert graphbuild.to_networkx(store).number_of_nodes() == 0
    assert graphbuild.to_networkx(tmp_path / "g").number_of_nodes() == 0
