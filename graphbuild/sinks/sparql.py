"""Text of the bundled SPARQL queries (``graphbuild/query/sparql/*.rq``).

The store writer runs two of them while it writes (label repair, corroboration), and the query
layer runs the rest, so the loader sits here, below both.

>>> "SELECT" in load_query("edges").upper()
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from graphbuild.errors import SinkError


@lru_cache(maxsize=64)
def load_query(name: str) -> str:
    """Text of ``graphbuild/query/sparql/<name>`` (``.rq`` may be omitted)."""
    if not name.endswith(".rq"):
        name += ".rq"
    try:
        return (resources.files("graphbuild.query") / "sparql" / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SinkError(f"no bundled SPARQL query named {name!r}") from None
