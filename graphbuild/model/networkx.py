"""The graph as a ``networkx.MultiDiGraph``: one node per entity, one edge per
(subject, predicate, object, negated) with its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphbuild.model.graph import KnowledgeGraph

if TYPE_CHECKING:
    import networkx as nx


def kg_to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Node attributes: ``name, type, aliases (list), qid``. Edge key ``"<predicate>"`` or
    ``"<predicate>|negated"``; edge attributes: ``predicate, group, negated, verb, role,
    sources (doc ids), evidence (sentences), titles, source_urls, source_dates (publication
    days; these three parallel to sources), count (articles that state it), sentences
    (sentences that state it), confidence, reviewed`` (``accepted`` when a person accepted the
    edge, ``rejected`` when every assertion of a shown edge was rejected, else empty);
    corroboration ``articles`` (independent: distinct content hashes), ``outlets``,
    ``first_published``, ``last_published``; time ``first_date``, ``last_date`` (stated, else
    publication dates) and ``dates`` (the stated times, ISO); ``contested`` (another article
    negates it, see :mod:`graphbuild.model.facts`).

    >>> from graphbuild.model import KnowledgeGraph
    >>> kg_to_networkx(KnowledgeGraph()).number_of_nodes()
    0
    """
    import networkx as nx

    from graphbuild.model.facts import contested_edges, edge_corroboration, edge_dates

    contested = contested_edges(kg)
    g = nx.MultiDiGraph()
    for e in kg.entities.values():
        g.add_node(e.id, name=e.name, type=e.type.value, aliases=list(e.aliases), qid=e.qid)
    for (s, pred, o, neg), rels in kg.edges().items():
        docs = sorted({r.evidence.doc_id for r in rels})
        sentences = list(dict.fromkeys(r.evidence.sentence for r in rels))
        first = rels[0]
        corr = edge_corroboration(rels, kg.documents)
        first_date, last_date = edge_dates(rels, kg.documents)
        g.add_edge(s, o, key=f"{pred}|negated" if neg else pred, predicate=pred,
                   group=first.predicate.group, negated=neg,
                   verb=first.verb, role=next((r.role for r in rels if r.role), ""),
                   sources=docs, evidence=sentences,
                   titles=[kg.documents[d].title if d in kg.documents else "" for d in docs],
                   source_urls=[kg.documents[d].url if d in kg.documents else "" for d in docs],
                   source_dates=[(kg.documents[d].published or "")[:10] if d in kg.documents else ""
                                 for d in docs],
                   # corroboration: independent articles, not sentences of one article
                   count=len(docs), sentences=len({(r.evidence.doc_id, r.evidence.start) for r in rels}),
                   confidence=max(r.evidence.confidence for r in rels),
                   articles=corr.articles, outlets=corr.outlets,
                   first_published=corr.first_published, last_published=corr.last_published,
                   first_date=first_date, last_date=last_date,
                   dates=sorted({r.evidence.when.value for r in rels if r.evidence.when}),
                   contested=(s, pred, o) in contested,
                   reviewed=kg.review_of(rels))
    return g
