"""graphbuild: knowledge graphs of corporate and government relationships from news articles.

The public API is loaded lazily (no model, ontology or store is touched at import time):

* ``graphbuild.build(inputs, store_path, config=None)`` -> :class:`graphbuild.build.BuildReport`
* ``graphbuild.extract(inputs, config=None)`` -> DocumentGraphs, streamed
* ``graphbuild.GraphStore(path)`` -> the embedded SPARQL store
* ``graphbuild.to_networkx(store_or_kg)`` -> ``networkx.MultiDiGraph``

``build`` and ``extract`` share their names with the modules ``graphbuild.build`` and
``graphbuild.extract``; those modules are made callable (calling one runs the function), so
``graphbuild.build(...)`` works whichever was imported first.

>>> import graphbuild
>>> sorted(graphbuild.__all__)
['GraphStore', 'build', 'extract', 'to_networkx']
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.sinks.store import GraphStore

__all__ = ["GraphStore", "build", "extract", "to_networkx"]

# module name -> (module of the function, function name)
_CALLABLE_MODULES = {
    "graphbuild.build": ("graphbuild.build", "build"),
    "graphbuild.extract": ("graphbuild.runners", "extract"),
}


def _function(module_name: str) -> Any:
    mod, fn = _CALLABLE_MODULES[module_name]
    return getattr(importlib.import_module(mod), fn)


class _CallableModule(types.ModuleType):
    """A module that runs its namesake function when called."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _function(self.__name__)(*args, **kwargs)


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # the import system sets graphbuild.<submodule>; keep the public names callable
        if type(value) is types.ModuleType and value.__name__ in _CALLABLE_MODULES:
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def to_networkx(store_or_kg: GraphStore | KnowledgeGraph | str | Path) -> nx.MultiDiGraph:
    """The graph as a ``networkx.MultiDiGraph`` (see :func:`graphbuild.model.networkx.kg_to_networkx`).

    Accepts a :class:`GraphStore`, a :class:`KnowledgeGraph` or the path of a store.

    >>> import graphbuild
    >>> from graphbuild.model import KnowledgeGraph
    >>> graphbuild.to_networkx(KnowledgeGraph()).number_of_nodes()
    0
    """
    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.sinks.store import GraphStore

    if isinstance(store_or_kg, KnowledgeGraph):
        return kg_to_networkx(store_or_kg)
    if isinstance(store_or_kg, GraphStore):
        return kg_to_networkx(store_or_kg.to_knowledge_graph())
    if isinstance(store_or_kg, str | Path):
        with GraphStore(store_or_kg, read_only=True) as store:
            return kg_to_networkx(store.to_knowledge_graph())
    raise TypeError(f"expected a GraphStore, KnowledgeGraph or store path, not {type(store_or_kg).__name__}")


def __getattr__(name: str) -> Any:
    if name in ("build", "extract"):
        return importlib.import_module(f"graphbuild.{name}")  # a callable module, see above
    if name == "GraphStore":
        from graphbuild.sinks.store import GraphStore

        return GraphStore
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")
