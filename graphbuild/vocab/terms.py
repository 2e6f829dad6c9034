"""Closed vocabularies generated from ontology/graphbuild.ttl. Do not edit by hand.

Regenerate with ``python -m graphbuild.vocab.generate``.
"""

from __future__ import annotations

from enum import Enum


class EntityType(str, Enum):
    """Entity classes of the ontology."""

    COMPANY = "Company"
    GOVERNMENT_BODY = "GovernmentBody"
    GROUP = "Group"
    LOCATION = "Location"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    PRODUCT = "Product"


class Predicate(str, Enum):
    """Relation predicates of the ontology."""

    ACQUIRED = "acquired"
    CONTACTED = "contacted"
    CONTRACTED_WITH = "contractedWith"
    CRITICIZED = "criticized"
    DEVELOPED = "developed"
    FOUNDED = "founded"
    FUNDED = "funded"
    INVESTIGATED = "investigated"
    LOBBIED = "lobbied"
    LOCATED_IN = "locatedIn"
    MEMBER_OF = "memberOf"
    MET_WITH = "metWith"
    MISIDENTIFIED = "misidentified"
    OTHER = "other"
    OWNS = "owns"
    PART_OF = "partOf"
    PARTICIPATED_IN = "participatedIn"
    PARTNERED_WITH = "partneredWith"
    PENALIZED = "penalized"
    PITCHED = "pitched"
    SPONSORED = "sponsored"
    STUDIED = "studied"
    SUED = "sued"
    SUPPLIED = "supplied"
    SUPPORTED = "supported"
    USES = "uses"
    WORKS_FOR = "worksFor"

    @property
    def symmetric(self) -> bool:
        return self in SYMMETRIC

    @property
    def group(self) -> str:
        return GROUPS[self]


SYMMETRIC: frozenset[Predicate] = frozenset({
    Predicate.CONTRACTED_WITH,
    Predicate.MET_WITH,
    Predicate.PARTNERED_WITH,
})

GROUPS: dict[Predicate, str] = {
    Predicate.ACQUIRED: "structuralRelation",
    Predicate.CONTACTED: "communicationRelation",
    Predicate.CONTRACTED_WITH: "commercialRelation",
    Predicate.CRITICIZED: "stanceRelation",
    Predicate.DEVELOPED: "technologyRelation",
    Predicate.FOUNDED: "structuralRelation",
    Predicate.FUNDED: "commercialRelation",
    Predicate.INVESTIGATED: "legalRelation",
    Predicate.LOBBIED: "communicationRelation",
    Predicate.LOCATED_IN: "structuralRelation",
    Predicate.MEMBER_OF: "structuralRelation",
    Predicate.MET_WITH: "communicationRelation",
    Predicate.MISIDENTIFIED: "technologyRelation",
    Predicate.OTHER: "otherRelation",
    Predicate.OWNS: "structuralRelation",
    Predicate.PART_OF: "structuralRelation",
    Predicate.PARTICIPATED_IN: "technologyRelation",
    Predicate.PARTNERED_WITH: "commercialRelation",
    Predicate.PENALIZED: "legalRelation",
    Predicate.PITCHED: "commercialRelation",
    Predicate.SPONSORED: "technologyRelation",
    Predicate.STUDIED: "technologyRelation",
    Predicate.SUED: "legalRelation",
    Predicate.SUPPLIED: "commercialRelation",
    Predicate.SUPPORTED: "stanceRelation",
    Predicate.USES: "technologyRelation",
    Predicate.WORKS_FOR: "structuralRelation",
}
