"""GraphML of an entity page's view: the entity, the entities its (filtered) edges reach, and
one edge per predicate and polarity with the support the page shows.

Attribute values are strings, numbers and booleans, every string XML-safe
(:func:`graphbuild.sinks.export.xml_safe`), so Gephi, yEd and ``networkx.read_graphml`` open it.
"""

from __future__ import annotations

import io

from graphbuild.serve.ui.pages import entity_id, local
from graphbuild.sinks.export import xml_safe


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _float(value: str | None) -> float:
    try:
        return float(value or 0.0)
    except ValueError:
        return 0.0


def edges_graphml(entity: list[dict[str, str]], edges: list[dict[str, str]], description: str = "",
                  truncated: bool = False) -> bytes:
    """The view as GraphML bytes. ``entity``: rows of the entity query (name, type);
    ``edges``: rows of the edges query; ``description``: the filter in words.

    >>> text = edges_graphml([{"entity": "https://w3id.org/graphbuild/entity/us-ice", "name": "ICE",
    ...                        "type": "https://w3id.org/graphbuild/ontology#GovernmentBody"}],
    ...                      [{"direction": "in", "predicate": "https://w3id.org/graphbuild/ontology#pitched",
    ...                        "other": "https://w3id.org/graphbuild/entity/amazon", "otherName": "Amazon",
    ...                        "negated": "false", "statements": "2", "articles": "2", "outlets": "1",
    ...                        "best": "0.9"}]).decode()
    >>> 'source="amazon" target="us-ice"' in text and '>ICE</data>' in text
    True
    """
    import networkx as nx

    first = entity[0]
    focus = xml_safe(entity_id(first["entity"]))
    graph = nx.MultiDiGraph(focus=focus, filter=xml_safe(description), truncated=truncated)
    graph.add_node(focus, name=xml_safe(first.get("name", "")), type=local(first.get("type", "")) or "Entity",
                   focus=True)
    for e in edges:
        other = xml_safe(entity_id(e["other"]))
        if other not in graph:
            graph.add_node(other, name=xml_safe(e.get("otherName") or other),
                           type=local(e.get("otherClass", "")) or "Entity", focus=False)
        subject, obj = (focus, other) if e["direction"] == "out" else (other, focus)
        predicate, negated = local(e["predicate"]), e["negated"] == "true"
        graph.add_edge(subject, obj, key=predicate + ("|negated" if negated else ""), predicate=predicate,
                       negated=negated, statements=_int(e.get("statements")), articles=_int(e.get("articles")),
                       outlets=_int(e.get("outlets")), best_confidence=_float(e.get("best")))
    out = io.BytesIO()
    nx.write_graphml(graph, out)
    return out.getvalue()
