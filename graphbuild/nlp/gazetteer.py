"""EntityRuler patterns from the gazetteer of known organisations (:mod:`graphbuild.model.gazetteer`)."""

from __future__ import annotations

from graphbuild.model.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from graphbuild.vocab.terms import EntityType

__all__ = ["Gazetteer", "GazetteerEntry", "load_gazetteer", "ruler_patterns"]


def ruler_patterns(gaz: Gazetteer) -> list[dict]:
    """EntityRuler patterns for the organisations and products (matched case-sensitively)."""
    patterns = []
    for e in gaz.entries:
        if e.type is EntityType.LOCATION:
            continue  # places only type what the model found: a ruler match would cut
            # "FBI New York Field Office" or "Bank of China" in two
        for name in e.names:
            patterns.append({"label": e.type.value, "pattern": name, "id": e.id})
            if "\u2019" not in name and "'" in name:
                patterns.append({"label": e.type.value, "pattern": name.replace("'", "\u2019"), "id": e.id})
    return patterns
