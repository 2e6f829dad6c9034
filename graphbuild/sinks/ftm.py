"""FollowTheMoney export: the graph as FtM entities (JSON lines), built with ``followthemoney``.

What Aleph, OpenSanctions' tools and ``ftm`` read. Our classes map to FtM schemata
(:data:`SCHEMATA`): ``Company``, ``PublicBody`` (government bodies), ``Organization``,
``Person``, and ``LegalEntity`` for groups, products and places (FtM has nothing closer that a
link can point at). Each positive edge (subject, predicate, object) becomes one interval entity:

* ``owns``/``acquired`` -> ``Ownership`` (owner, asset) when the object can be an asset;
* ``worksFor`` -> ``Directorship`` when the role is a board or executive title, else
  ``Employment`` (a person working for an organisation), with the role;
* ``memberOf`` -> ``Membership`` (member, organization);
* everything else, and any edge whose ends do not fit those schemata -> ``UnknownLink`` with our
  predicate as ``role``.

Links carry ``summary`` (the first evidence sentence), ``description`` (our predicate and verb),
``sourceUrl``, ``publisher`` and ``date`` of the articles that state them, and ``status``
``reviewed: accepted`` when a reviewer accepted them. Negated claims are not links (they say
the link does not exist) and rejected assertions are not exported. Ids are stable:
``make_entity_id("graphbuild", <our id>)`` for entities, and over the edge key for links.

>>> from graphbuild.model import KnowledgeGraph
>>> export_ftm(KnowledgeGraph(), open(os.devnull, "w")).entities         # doctest: +SKIP
0
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.records import Relation
from graphbuild.vocab.terms import EntityType, Predicate

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

SCHEMATA: dict[EntityType, str] = {
    EntityType.COMPANY: "Company",
    EntityType.GOVERNMENT_BODY: "PublicBody",
    EntityType.ORGANIZATION: "Organization",
    EntityType.PERSON: "Person",
    EntityType.GROUP: "LegalEntity",
    EntityType.PRODUCT: "LegalEntity",
    EntityType.LOCATION: "LegalEntity",
}
# link schema -> (property of the subject, property of the object)
LINKS: dict[str, tuple[str, str]] = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "Employment": ("employee", "employer"),
    "Membership": ("member", "organization"),
    "UnknownLink": ("subject", "object"),
}
PREDICATE_SCHEMA: dict[Predicate, str] = {
    Predicate.OWNS: "Ownership",
    Predicate.ACQUIRED: "Ownership",
    Predicate.WORKS_FOR: "Employment",
    Predicate.MEMBER_OF: "Membership",
}
# titles that make worksFor a seat on a board or an executive office (FtM Directorship)
DIRECTOR_TITLES = re.compile(r"\b(director|board|chair\w*|ceo|cfo|coo|cto|chief|president|"
                             r"founder|executive|officer|trustee|secretary)\b", re.I)
NAMESPACE = "graphbuild"


@dataclass
class FtmReport:
    entities: int = 0  # FtM entities for our entities
    links: int = 0  # FtM interval entities for our positive edges
    negated_skipped: int = 0  # negated edges (not links)

    def summary(self) -> str:
        return (f"ftm: {self.entities} entities, {self.links} links"
                f" ({self.negated_skipped} negated edges are not links)")


def ftm_id(*parts: str) -> str:
    """A stable FtM id from our ids."""
    from followthemoney.util import make_entity_id

    made = make_entity_id(NAMESPACE, *parts)
    assert made is not None
    return made


def _link_schema(rels: list[Relation], subject: EntityProxy, obj: EntityProxy) -> str:
    from followthemoney import model

    pred = rels[0].predicate
    schema = PREDICATE_SCHEMA.get(pred, "UnknownLink")
    if pred is Predicate.WORKS_FOR and any(DIRECTOR_TITLES.search(r.role or "") for r in rels):
        schema = "Directorship"
    s_prop, o_prop = LINKS[schema]
    link = model.get(schema)
    assert link is not None
    s_range, o_range = link.get(s_prop).range, link.get(o_prop).range  # type: ignore[union-attr]
    if not (subject.schema.is_a(s_range) and obj.schema.is_a(o_range)):
        return "UnknownLink"
    return schema


def ftm_entities(kg: KnowledgeGraph, report: FtmReport | None = None) -> Iterator[EntityProxy]:
    """FtM entity proxies for the graph: entities first (sorted by id), then links."""
    from followthemoney import model

    report = report if report is not None else FtmReport()
    proxies: dict[str, EntityProxy] = {}
    sources: dict[str, set[str]] = {}
    for rel in kg.relations.values():
        for eid in (rel.subject, rel.object):
            sources.setdefault(eid, set()).add(rel.evidence.doc_id)
    for eid in sorted(kg.entities):
        e = kg.entities[eid]
        p = model.make_entity(SCHEMATA[e.type])
        p.id = ftm_id(e.id)
        p.add("name", e.name)
        p.add("alias", [a for a in e.aliases if a != e.name])
        if e.qid:
            p.add("wikidataId", e.qid)
        _add_sources(p, kg, sources.get(eid, ()))
        p.add("description", f"graphbuild {e.type.value} {e.id}")
        proxies[eid] = p
        report.entities += 1
        yield p
    for (s, pred, o, negated), rels in kg.edges().items():
        if negated:
            report.negated_skipped += 1
            continue
        if s not in proxies or o not in proxies:
            continue
        schema = _link_schema(rels, proxies[s], proxies[o])
        link = model.make_entity(schema)
        link.id = ftm_id(s, pred, o)
        s_prop, o_prop = LINKS[schema]
        link.add(s_prop, proxies[s].id)
        link.add(o_prop, proxies[o].id)
        roles = sorted({r.role for r in rels if r.role})
        link.add("role", roles if schema != "UnknownLink" else [pred, *roles])
        link.add("summary", rels[0].evidence.sentence)
        verbs = sorted({r.verb for r in rels if r.verb})
        link.add("description", f"{pred}" + (f" ({', '.join(verbs)})" if verbs else ""))
        _add_sources(link, kg, {r.evidence.doc_id for r in rels})
        if kg.review_of(rels) == "accepted":
            link.add("status", "reviewed: accepted")
        report.links += 1
        yield link


def _add_sources(p: EntityProxy, kg: KnowledgeGraph, doc_ids: Any) -> None:
    for doc_id in sorted(doc_ids):
        doc = kg.documents.get(doc_id)
        if doc is None:
            continue
        if doc.url:
            p.add("sourceUrl", doc.url, quiet=True)
        if doc.source:
            p.add("publisher", doc.source, quiet=True)
        if doc.published and "date" in p.schema.properties:
            p.add("date", doc.published[:10], quiet=True)


def export_ftm(kg: KnowledgeGraph, out: IO[str]) -> FtmReport:
    """Write the graph as FtM JSON lines (one entity per line, what ``ftm`` tools read)."""
    report = FtmReport()
    for proxy in ftm_entities(kg, report):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return report
