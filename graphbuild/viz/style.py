"""Colours and labels shared by the HTML and PNG drawings, so both read the same way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphbuild.vocab.terms import EntityType

# One colour per ontology class (colour-blind-safe Okabe-Ito palette), legend order = this order.
TYPE_COLORS: dict[str, str] = {
    EntityType.COMPANY.value: "#0072B2",
    EntityType.GOVERNMENT_BODY.value: "#D55E00",
    EntityType.ORGANIZATION.value: "#009E73",
    EntityType.PERSON.value: "#CC79A7",
    EntityType.GROUP.value: "#E69F00",
    EntityType.PRODUCT.value: "#56B4E9",
    EntityType.LOCATION.value: "#7F7F7F",
}
UNKNOWN_COLOR = "#999999"


def type_color(type_: str | None) -> str:
    return TYPE_COLORS.get(type_ or "", UNKNOWN_COLOR)


def edge_label(attrs: Mapping[str, Any]) -> str:
    """The text on an edge: the predicate (the verb for ``other``), ``not ...`` when negated.

    >>> edge_label({"predicate": "pitched", "negated": True})
    'not pitched'
    >>> edge_label({"predicate": "other", "verb": "renew"})
    'renew'
    >>> edge_label({"predicate": "contractedWith", "contested": True})
    'contractedWith (contested)'
    """
    pred = str(attrs.get("predicate", ""))
    if pred == "other" and attrs.get("verb"):
        pred = str(attrs["verb"])
    label = f"not {pred}" if attrs.get("negated") else pred
    # another article says the opposite at an overlapping time (graphbuild.model.facts)
    return f"{label} (contested)" if attrs.get("contested") else label


def node_label(attrs: Mapping[str, Any], node: Any) -> str:
    """Short label for a node: its first short alias when the name is long ("ICE")."""
    name = str(attrs.get("name") or node)
    if len(name) > 28:
        short = [a for a in attrs.get("aliases") or () if 1 < len(a) <= 8 and a.replace(".", "").isupper()]
        if short:
            return min(short, key=len)
    return name
