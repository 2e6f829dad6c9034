"""Conflicts, corroboration and timelines over the embedded store (SPARQL) and Neo4j (Cypher).

Both backends return the records of :mod:`graphbuild.model.facts` with the definitions given
there; the SPARQL text is ``graphbuild/query/sparql/conflicts.rq`` / ``corroboration.rq`` /
``timeline.rq``, the Cypher text is below (``CONFLICTS``, ``CORROBORATION``). A test holds the
store, Neo4j and networkx answers equal on the sample corpus.

>>> from graphbuild.sinks.store import GraphStore
>>> with GraphStore(None) as store:
...     StoreFacts(store).conflicts()
[]
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graphbuild.model.facts import BEGINNING, END, Conflict, Corroboration, Side, window_bounds
from graphbuild.sinks.rdf import python_value as _value
from graphbuild.vocab import rdf as v

if TYPE_CHECKING:
    import neo4j

    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.sinks.store import GraphStore

EdgeKey = tuple[str, str, str, bool]

# Relationship types are a parameter list from the ontology; every value is a parameter.
CONFLICTS = """
// Contested edges: asserted by one article, negated by another (different content hash), at
// overlapping times (stated period, else publication day; unknown overlaps everything).
MATCH (s:Entity)-[a]->(o:Entity), (s)-[n]->(o)
WHERE type(a) = type(n) AND type(a) IN $types AND a.negated = false AND n.negated = true
MATCH (e1:Evidence {edge: a.key}), (e2:Evidence {edge: n.key})
MATCH (d1:Document {id: e1.doc}), (d2:Document {id: e2.doc})
WHERE d1.content_hash <> d2.content_hash
WITH s, o, type(a) AS rel_type, e1, e2, d1, d2,
     coalesce(e1.published, '') AS p1, coalesce(e2.published, '') AS p2,
     coalesce(e1.time, '') AS t1, coalesce(e2.time, '') AS t2
WITH s, o, rel_type, e1, e2, d1, d2, p1, p2, t1, t2,
     CASE WHEN t1 <> '' THEN coalesce(e1.date_start, '0000-01-01')
          WHEN p1 <> '' THEN p1 ELSE '0000-01-01' END AS start1,
     CASE WHEN t1 <> '' AND e1.date_end IS NOT NULL THEN e1.date_end
          WHEN p1 <> '' THEN p1 ELSE '9999-12-31' END AS end1,
     CASE WHEN t2 <> '' THEN coalesce(e2.date_start, '0000-01-01')
          WHEN p2 <> '' THEN p2 ELSE '0000-01-01' END AS start2,
     CASE WHEN t2 <> '' AND e2.date_end IS NOT NULL THEN e2.date_end
          WHEN p2 <> '' THEN p2 ELSE '9999-12-31' END AS end2
WHERE start1 <= end2 AND start2 <= end1
RETURN s.id AS subject, rel_type, o.id AS object,
       d1.id AS asserted_doc, e1.text AS asserted_sentence, coalesce(d1.outlet, '') AS asserted_outlet,
       p1 AS asserted_published, t1 AS asserted_date,
       d2.id AS negated_doc, e2.text AS negated_sentence, coalesce(d2.outlet, '') AS negated_outlet,
       p2 AS negated_published, t2 AS negated_date
ORDER BY subject, rel_type, object, asserted_doc, negated_doc
"""

CORROBORATION = """
// Per edge: independent articles (distinct content hashes), distinct outlets, first and last
// publication day.
MATCH (s:Entity)-[r]->(o:Entity)
WHERE type(r) IN $types
MATCH (ev:Evidence {edge: r.key})
MATCH (d:Document {id: ev.doc})
WITH s, r, o, collect(DISTINCT d.content_hash) AS hashes, collect(DISTINCT d.outlet) AS outlets,
     [p IN collect(ev.published) WHERE p <> ''] AS days
RETURN s.id AS subject, type(r) AS rel_type, o.id AS object, r.negated AS negated,
       size(hashes) AS articles, size(outlets) AS outlets,
       reduce(m = '', d IN days | CASE WHEN m = '' OR d < m THEN d ELSE m END) AS first_published,
       reduce(m = '', d IN days | CASE WHEN d > m THEN d ELSE m END) AS last_published
"""


@dataclass(frozen=True, slots=True, order=True)
class TimelineRow:
    """One dated assertion of an entity: ``date`` is the stated time (ISO) or, when the sentence
    states none, the publication day (``date_source`` says which)."""

    sort_key: str
    date: str
    date_source: str  # "text" | "publication" | "none"
    subject: str  # canonical names
    predicate: str
    object: str
    negated: bool
    amount: str
    doc_id: str
    outlet: str
    published: str
    sentence: str


def _conflict(row: dict[str, Any], pred: str) -> Conflict:
    return Conflict(row["subject"], pred, row["object"],
                    Side(row["asserted_doc"], row["asserted_sentence"], row["asserted_outlet"],
                         row["asserted_published"], row["asserted_date"]),
                    Side(row["negated_doc"], row["negated_sentence"], row["negated_outlet"],
                         row["negated_published"], row["negated_date"]))


class StoreFacts:
    """Conflicts, corroboration and timelines over a :class:`~graphbuild.sinks.store.GraphStore`."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def _select(self, name: str, **bindings: Any) -> list[dict[str, Any]]:
        from graphbuild.errors import SinkError
        from graphbuild.sinks.sparql import load_query

        subs = {ox.Variable(k): val for k, val in bindings.items()}
        try:
            solutions = self.store.oxigraph.query(load_query(name), substitutions=subs)
            if not isinstance(solutions, ox.QuerySolutions):
                raise SinkError(f"query {name} is not a SELECT query")
            names = [x.value for x in solutions.variables]
            return [{n: s[n] for n in names} for s in solutions]
        except (OSError, SyntaxError, RuntimeError) as exc:
            raise SinkError(f"query {name} failed: {exc}") from exc

    def conflicts(self) -> list[Conflict]:
        out = set()
        for row in self._select("conflicts"):
            # every value of a conflict is text: IRIs, sentences, outlets, dates
            plain = {k: (str(_value(x)) if x is not None else "") for k, x in row.items()}
            plain["subject"] = v.entity_id_from_iri(plain["subject"])
            plain["object"] = v.entity_id_from_iri(plain["object"])
            plain["asserted_doc"] = v.doc_id_from_iri(plain.pop("assertedDoc"))
            plain["negated_doc"] = v.doc_id_from_iri(plain.pop("negatedDoc"))
            for side in ("asserted", "negated"):
                for part in ("Sentence", "Outlet", "Published", "Date"):
                    plain[f"{side}_{part.lower()}"] = plain.pop(f"{side}{part}")
            out.add(_conflict(plain, v.predicate_from_term(plain["predicate"]).value))
        return sorted(out)

    def corroboration(self) -> dict[EdgeKey, Corroboration]:
        out = {}
        for row in self._select("corroboration"):
            key = (v.entity_id_from_iri(row["subject"].value), v.predicate_from_term(row["predicate"].value).value,
                   v.entity_id_from_iri(row["object"].value), bool(_value(row["negated"])))
            out[key] = Corroboration(int(row["articles"].value), int(row["outlets"].value),
                                     str(_value(row["firstPublished"])) if row["firstPublished"] else "",
                                     str(_value(row["lastPublished"])) if row["lastPublished"] else "")
        return out

    def timeline(self, name: str, since: str = "", until: str = "") -> list[TimelineRow]:
        """Every assertion of the entities ``name`` matches, in the order of the time it speaks
        of (stated, else published); ``since``/``until`` keep those overlapping the window."""
        from graphbuild.model.facts import outlet as outlet_of
        from graphbuild.model.records import Document
        from graphbuild.query.store import StoreQueries

        lo, hi = window_bounds(since, until) if since or until else ("", "")
        q = StoreQueries(self.store)
        rows = set()
        for node, _, _ in q.find(name):
            for r in self._select("timeline", entity=node):
                p = {k: (_value(x) if x is not None else "") for k, x in r.items()}
                doc_id = v.doc_id_from_iri(str(p["doc"]))
                published = str(p["issued"])[:10] if p["issued"] else ""
                doc = Document(doc_id, "", source=str(p["outlet"]), url=str(p["url"]), published=published)
                if p["time"]:
                    start, end = str(p["start"]) or BEGINNING, str(p["end"]) or published or END
                    date, source = str(p["time"]), "text"
                elif published:
                    start = end = date = published
                    source = "publication"
                else:
                    start, end, date, source = BEGINNING, END, "", "none"
                if (lo or hi) and (source == "none" or end < (lo or BEGINNING) or start > (hi or END)):
                    continue
                amount = f"{p['amount']:,.0f} {p['currency']}" if p["amount"] != "" else ""
                rows.add(TimelineRow(start if start != BEGINNING else end, date, source,
                                     q._info(r["subject"])[0], v.predicate_from_term(str(p["predicate"])).value,
                                     q._info(r["object"])[0], bool(p["negated"]), amount, doc_id,
                                     outlet_of(doc), published, str(p["sentence"])))
        return sorted(rows)


class Neo4jFacts:
    """Conflicts and corroboration over Neo4j (the graph written by the Neo4j sink)."""

    def __init__(self, driver: neo4j.Driver, database: str | None = None) -> None:
        from graphbuild.sinks.neo4j_queries import relationship_types

        self.driver = driver
        self.database = database
        self._types = sorted(relationship_types())

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        from graphbuild.sinks.neo4j import run_cypher

        return run_cypher(self.driver, query, params, database=self.database)

    def conflicts(self) -> list[Conflict]:
        from graphbuild.sinks.neo4j_queries import predicate_of

        return sorted({_conflict(r, predicate_of(r["rel_type"]).value)
                       for r in self._rows(CONFLICTS, types=self._types)})

    def corroboration(self) -> dict[EdgeKey, Corroboration]:
        from graphbuild.sinks.neo4j_queries import predicate_of

        out = {}
        for r in self._rows(CORROBORATION, types=self._types):
            key = (r["subject"], predicate_of(r["rel_type"]).value, r["object"], bool(r["negated"]))
            out[key] = Corroboration(int(r["articles"]), int(r["outlets"]), r["first_published"] or "",
                                     r["last_published"] or "")
        return out


@contextlib.contextmanager
def windowed_store(kg: KnowledgeGraph, since: str = "", until: str = "") -> Iterator[GraphStore]:
    """An in-memory store holding only the assertions of ``kg`` whose time overlaps the window
    (what ``--since/--until`` query and draw)."""
    from graphbuild.model.facts import filter_graph
    from graphbuild.model.records import Document, DocumentGraph
    from graphbuild.sinks.store import GraphStore

    part = filter_graph(kg, since, until)
    by_doc: dict[str, list] = {}
    for rel in part.iter_relations():
        by_doc.setdefault(rel.evidence.doc_id, []).append(rel)
    graphs = []
    for doc_id, rels in sorted(by_doc.items()):
        doc = part.documents.get(doc_id) or Document(doc_id, "")
        ents = tuple(part.entities[e] for e in sorted({x for r in rels for x in (r.subject, r.object)})
                     if e in part.entities)
        graphs.append(DocumentGraph(doc, ents, tuple(rels)))
    store = GraphStore(None)
    try:
        store.write(graphs)
        yield store
    finally:
        store.close()
