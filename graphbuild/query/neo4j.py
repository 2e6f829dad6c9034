"""Investigator queries over Neo4j (Cypher): neighbours, evidence, paths, and bundled queries.

Same questions, same records (:mod:`graphbuild.query.types`) and same semantics as the embedded
store (:mod:`graphbuild.query.store`):

* a *name* matches an entity when it equals the entity's canonical name or one of its aliases,
  ignoring case (several entities may match);
* an *edge* is one relationship (subject, predicate, object, negated) written by
  :class:`graphbuild.sinks.neo4j.Neo4jSink`, its sentences in ``Evidence`` nodes whose ``edge``
  is the relationship's ``key``.

Every value is a query parameter; relationship types are passed as a parameter list taken from
the ontology, so no query text is built from input.

>>> from graphbuild.sinks.neo4j import connect                       # doctest: +SKIP
>>> with connect(uri, user, password) as driver:                     # doctest: +SKIP
...     Neo4jQueries(driver).neighbors("ICE")[:1]
[Neighbor(entity_id='company/amazon-...', name='Amazon', type='Company', predicate='pitched', ...)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphbuild.errors import SinkError
from graphbuild.query.types import Candidate, EvidenceRow, Neighbor, Path, PathStep
from graphbuild.sinks.neo4j import run_cypher
from graphbuild.sinks.neo4j_queries import predicate_of, relationship_types

if TYPE_CHECKING:
    import neo4j

MAX_PATH_HOPS = 6

FIND_ENTITIES = """
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(alias IN coalesce(e.aliases, []) WHERE toLower(alias) = toLower($name))
WITH collect(e) AS found
WITH CASE WHEN any(e IN found WHERE e.id = $name) THEN [e IN found WHERE e.id = $name] ELSE found END AS found
UNWIND found AS e
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(e)
RETURN e.id AS id, e.name AS name, e.type AS type, count(DISTINCT d) AS articles
ORDER BY id
"""

ENTITY_NAMES = "MATCH (e:Entity) RETURN DISTINCT e.name AS name ORDER BY name"

NEIGHBORS = """
MATCH (e:Entity)-[r]-(other:Entity)
WHERE e.id IN $ids AND type(r) IN $types
RETURN e.id AS entity, other.id AS other_id, other.name AS name, other.type AS type,
       type(r) AS rel_type, startNode(r) = e AS outgoing, r.negated AS negated,
       coalesce(r.sources, []) AS sources
"""

EVIDENCE = """
MATCH (x:Entity)-[r]-(y:Entity)
WHERE x.id IN $xs AND y.id IN $ys AND x <> y AND type(r) IN $types
WITH DISTINCT r
MATCH (ev:Evidence {edge: r.key})
OPTIONAL MATCH (d:Document {id: ev.doc})
RETURN startNode(r).name AS subject, type(r) AS rel_type, endNode(r).name AS object,
       r.negated AS negated, ev.doc AS doc_id, coalesce(d.title, '') AS title,
       ev.text AS sentence, ev.start AS start, ev.end AS end,
       ev.confidence AS confidence, coalesce(d.url, '') AS url,
       coalesce(d.published, '') AS published
"""

# Variable-length bounds cannot be parameters in Cypher, so there is one text per bound, built
# here from the closed range 1..MAX_PATH_HOPS (never from input).
_PATHS_TEMPLATE = """
MATCH p = (a:Entity)-[rels*1..{hops}]-(b:Entity)
WHERE a.id IN $starts AND b.id IN $goals
  AND all(r IN rels WHERE r.negated = false AND type(r) IN $types)
  AND all(n IN nodes(p)[1..-1] WHERE NOT n.id IN $goals)
  AND all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
RETURN [n IN nodes(p) | n.name] AS names,
       [r IN rels | [startNode(r).name, type(r), endNode(r).name]] AS steps
"""
PATHS = {hops: _PATHS_TEMPLATE.replace("{hops}", str(hops)) for hops in range(1, MAX_PATH_HOPS + 1)}

# Ready-made queries for `graphbuild cypher`-style use, by name (as the store's bundled SPARQL).
BUNDLED: dict[str, str] = {
    "edges": """
// Every edge with the number of documents that state it, most supported first.
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.negated IS NOT NULL
RETURN s.name AS subject, type(r) AS predicate, o.name AS object, r.negated AS negated,
       size(r.sources) AS documents
ORDER BY documents DESC, subject, predicate, object
""",
    "commercial": """
// Which companies pitched, supplied, contracted, partnered with or funded which government
// bodies (positive assertions only), with the sentence and article.
MATCH (c:Company)-[r:PITCHED|SUPPLIED|CONTRACTED_WITH|PARTNERED_WITH|FUNDED]-(g:GovernmentBody)
WHERE r.negated = false
MATCH (ev:Evidence {edge: r.key})
OPTIONAL MATCH (d:Document {id: ev.doc})
RETURN c.name AS company, type(r) AS predicate, g.name AS agency, ev.text AS sentence,
       d.title AS title
ORDER BY company, agency, predicate
""",
    "documents": """
// Documents with their metadata and how many entities each mentions.
MATCH (d:Document)
OPTIONAL MATCH (d)-[:MENTIONS]->(e:Entity)
RETURN d.id AS doc, d.title AS title, d.published AS published, d.url AS url,
       count(e) AS entities
ORDER BY doc
""",
    "connected": """
// Who is connected to $name (name or alias, any case), by which predicate, in how many articles.
MATCH (e:Entity)
WHERE toLower(e.name) = toLower($name)
   OR any(alias IN e.aliases WHERE toLower(alias) = toLower($name))
MATCH (e)-[r]-(other:Entity)
RETURN other.name AS name, other.type AS type, type(r) AS predicate,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       r.negated AS negated, r.sources AS sources
ORDER BY size(r.sources) DESC, name
""",
}


class Neo4jQueries:
    """Neighbours, evidence and paths over a Neo4j database loaded by the Neo4j sink."""

    def __init__(self, driver: neo4j.Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database
        self._types = sorted(relationship_types())

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return run_cypher(self.driver, query, params, database=self.database)

    def find(self, name: str) -> list[tuple[str, str, str]]:
        """Entities that ``name`` matches: (id, canonical name, class name), sorted by id."""
        return [(r["id"], r["name"], r["type"]) for r in self._rows(FIND_ENTITIES, name=name)]

    def candidates(self, name: str) -> list[Candidate]:
        """The entities ``name`` matches with class and article count, most mentioned first."""
        rows = self._rows(FIND_ENTITIES, name=name)
        found = [Candidate(r["id"], r["name"], r["type"], int(r["articles"])) for r in rows]
        return sorted(found, key=lambda c: (-c.articles, c.name, c.entity_id))

    def names(self) -> list[str]:
        return [r["name"] for r in self._rows(ENTITY_NAMES)]

    def neighbors(self, name: str) -> list[Neighbor]:
        """Every edge of every entity that ``name`` matches, negated ones included.

        One :class:`Neighbor` per (matched entity, edge); ``direction`` is ``"out"`` when the
        matched entity is the edge's subject; ``sources`` sorted. Sorted list.
        """
        ids = [e[0] for e in self.find(name)]
        if not ids:
            return []
        out: dict[tuple[Any, ...], set[str]] = {}
        info: dict[tuple[Any, ...], tuple[str, str]] = {}
        for row in self._rows(NEIGHBORS, ids=ids, types=self._types):
            direction = "out" if row["outgoing"] else "in"
            pred = predicate_of(row["rel_type"]).value
            k = (row["entity"], row["other_id"], pred, direction, bool(row["negated"]))
            out.setdefault(k, set()).update(row["sources"])
            info[k] = (row["name"], row["type"])
        return sorted(Neighbor(k[1], info[k][0], info[k][1], k[2], k[3], k[4], tuple(sorted(docs)))
                      for k, docs in out.items())

    def evidence(self, a: str, b: str) -> list[EvidenceRow]:
        """Every assertion between an entity ``a`` matches and one ``b`` matches (either
        direction, negated included), one row per sentence, sorted."""
        xs, ys = [e[0] for e in self.find(a)], [e[0] for e in self.find(b)]
        if not xs or not ys:
            return []
        rows = {
            EvidenceRow(r["subject"], predicate_of(r["rel_type"]).value, r["object"], bool(r["negated"]),
                        r["doc_id"], r["title"], r["sentence"], int(r["start"]), int(r["end"]),
                        float(r["confidence"]), r["url"] or "", str(r["published"] or ""))
            for r in self._rows(EVIDENCE, xs=xs, ys=ys, types=self._types)
        }
        return sorted(rows)

    def paths(self, a: str, b: str, max_hops: int = 3, limit: int = 100) -> list[Path]:
        """Simple paths of at most ``max_hops`` edges from an entity ``a`` matches to one ``b``
        matches, over positive edges only and ignoring their direction; a path ends at the
        first entity ``b`` matches.

        Two edges between the same entities (different predicates) make different paths.
        Sorted shortest first, then by names and steps; at most ``limit`` paths.
        """
        if max_hops < 1:
            return []
        if max_hops > MAX_PATH_HOPS:
            raise SinkError(f"max_hops is at most {MAX_PATH_HOPS} on Neo4j, not {max_hops}")
        starts, goals = [e[0] for e in self.find(a)], [e[0] for e in self.find(b)]
        if not starts or not goals:
            return []
        found = set()
        for row in self._rows(PATHS[max_hops], starts=starts, goals=goals, types=self._types):
            steps = tuple(PathStep(s, predicate_of(t).value, o) for s, t, o in row["steps"])
            found.add(Path(tuple(row["names"]), steps))
        return sorted(found, key=lambda p: (len(p.steps), p.names, p.steps))[:limit]
