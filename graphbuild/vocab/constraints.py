"""Domain and range of the ontology's predicates, checked in one place.

The allowed classes are read from ``ontology/graphbuild.ttl`` (``rdfs:domain`` / ``rdfs:range``
with the class hierarchy): ``partOf`` relates agents, ``locatedIn`` ends in a Location,
``misidentified`` starts from a Product. A relation that breaks them is rejected with a reason;
callers count the reasons.

>>> check("partOf", "Product", "Product")
'partOf: subject Product outside the domain'
>>> check("worksFor", "Person", "Company") is None
True
"""

from __future__ import annotations

from functools import lru_cache

from graphbuild.vocab.ontology import load_ontology


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return {p.name: (p.domain, p.range) for p in load_ontology().predicates}


def check(predicate: str, subject_type: str, object_type: str) -> str | None:
    """None when the ontology allows the relation, else the reason it does not."""
    domain, range_ = _table().get(predicate, (frozenset(), frozenset()))
    if domain and subject_type not in domain:
        return f"{predicate}: subject {subject_type} outside the domain"
    if range_ and object_type not in range_:
        return f"{predicate}: object {object_type} outside the range"
    return None
