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

# One shape per class as well, so classes read apart without colour and in print (matplotlib
# marker codes; the HTML drawing uses the same shapes as SVG symbols).
TYPE_MARKERS: dict[str, str] = {
    EntityType.COMPANY.value: "o",  # circle
    EntityType.GOVERNMENT_BODY.value: "s",  # square
    EntityType.ORGANIZATION.value: "D",  # diamond
    EntityType.PERSON.value: "p",  # pentagon
    EntityType.GROUP.value: "^",  # triangle
    EntityType.PRODUCT.value: "h",  # hexagon
    EntityType.LOCATION.value: "v",  # triangle down
}
# marker code -> shape name used by the HTML page
SHAPE_NAMES = {"o": "circle", "s": "square", "D": "diamond", "p": "pentagon", "^": "triangle",
               "h": "hexagon", "v": "triangle-down"}


def type_color(type_: str | None) -> str:
    return TYPE_COLORS.get(type_ or "", UNKNOWN_COLOR)


def type_marker(type_: str | None) -> str:
    return TYPE_MARKERS.get(type_ or "", "o")


def type_shape(type_: str | None) -> str:
    """The shape of a class on the HTML page: ``circle``, ``square``, ``triangle``, ...

    >>> type_shape("GovernmentBody"), type_shape("Group"), type_shape(None)
    ('square', 'triangle', 'circle')
    """
    return SHAPE_NAMES[type_marker(type_)]


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
