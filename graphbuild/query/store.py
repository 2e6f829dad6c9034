"""Investigator queries over the embedded store: neighbours, evidence, paths.

The Neo4j backend (:mod:`graphbuild.query.neo4j`) answers the same three questions with the
same records (:mod:`graphbuild.query.types`) and the same semantics:

* a *name* matches an entity when it equals the entity's canonical name or one of its aliases,
  ignoring case (several entities may match: "ICE" the agency and "ICE" a company);
* an *edge* is (subject, predicate, object, negated), symmetric predicates with the entity ids
  in sorted order, as :pyattr:`graphbuild.model.Relation.key` defines.

Query text lives in ``graphbuild/query/sparql/*.rq``; values are bound as RDF terms.

>>> from graphbuild.sinks.store import GraphStore
>>> with GraphStore(None) as store:
...     StoreQueries(store).neighbors("ICE")
[]
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from graphbuild.errors import SinkError
from graphbuild.model.ids import normalize_name
from graphbuild.query.types import Candidate, EvidenceRow, Neighbor, Path, PathStep
from graphbuild.sinks.sparql import load_query
from graphbuild.vocab import rdf as v

if TYPE_CHECKING:
    from graphbuild.sinks.store import GraphStore

BUNDLED = ("edges", "commercial", "negated", "documents", "conflicts", "corroboration")  # queries users can run by name


def _id_like(name: str) -> bool:
    """Entity ids look like ``company/kestrel-labs-1a2b3c4d`` or a gazetteer id."""
    return bool(name) and " " not in name and name == name.strip() and len(name) < 200


HIDE_REJECTED = "# hide-rejected"  # marks the line of a bundled query that hides rejected assertions


def query_text(name: str, include_rejected: bool = False) -> str:
    """A bundled query; with ``include_rejected`` its review filter line is left out, so
    assertions a reviewer rejected are returned too."""
    text = load_query(name)
    if not include_rejected:
        return text
    return "\n".join(line for line in text.split("\n") if not line.rstrip().endswith(HIDE_REJECTED))


def _var(name: str) -> ox.Variable:
    return ox.Variable(name)


class StoreQueries:
    """Neighbours, evidence and paths over a :class:`~graphbuild.sinks.store.GraphStore`.

    Assertions a reviewer rejected are left out unless ``include_rejected``."""

    def __init__(self, store: GraphStore, include_rejected: bool = False) -> None:
        self.store = store
        self.include_rejected = include_rejected  # assertions a reviewer rejected count too
        self._names: dict[str, tuple[str, str]] = {}

    def _select(self, name: str, **bindings: ox.NamedNode | ox.Literal) -> list:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            _var(k): val for k, val in bindings.items()}
        try:
            return list(cast(ox.QuerySolutions, self.store.oxigraph.query(
                query_text(name, self.include_rejected), substitutions=subs)))
        except (OSError, SyntaxError, RuntimeError) as exc:
            raise SinkError(f"query {name} failed: {exc}") from exc

    def find(self, name: str) -> list[tuple[ox.NamedNode, str, str]]:
        """Entities that ``name`` matches: (node, canonical name, class name), sorted by id.
        An entity id (as ``graphbuild entities`` shows it) matches that entity alone."""
        by_id = self._select("entity", entity=ox.NamedNode(str(v.entity_iri(name)))) if _id_like(name) else []
        if by_id:
            return [(ox.NamedNode(str(v.entity_iri(name))), by_id[0]["name"].value,
                     by_id[0]["type"].value.rsplit("#", 1)[-1])]
        key = normalize_name(name)
        if key:
            rows = self._select("find_entities", key=ox.Literal(key), q=ox.Literal(name))
        else:
            rows = self._select("find_entities_scan", q=ox.Literal(name))
        out = []
        for row in rows:
            out.append((row["entity"], row["name"].value, row["type"].value.rsplit("#", 1)[-1]))
        return out

    def candidates(self, name: str) -> list[Candidate]:
        """The entities ``name`` matches with their class and number of articles, most
        mentioned first."""
        out = []
        for node, label, etype in self.find(name):
            rows = self._select("entity_article_count", entity=node)
            n = int(rows[0]["articles"].value) if rows else 0
            out.append(Candidate(v.entity_id_from_iri(node.value), label, etype, n))
        return sorted(out, key=lambda c: (-c.articles, c.name, c.entity_id))

    def names(self) -> list[str]:
        """Every canonical name (for suggestions when a name matches nothing)."""
        return sorted({row["name"].value for row in self._select("entity_names")})

    def _info(self, node: ox.NamedNode) -> tuple[str, str]:
        got = self._names.get(node.value)
        if got is None:
            rows = self._select("entity", entity=node)
            got = (rows[0]["name"].value, rows[0]["type"].value.rsplit("#", 1)[-1]) if rows else (
                v.entity_id_from_iri(node.value), "")
            self._names[node.value] = got
        return got

    def neighbors(self, name: str) -> list[Neighbor]:
        """Every edge of every entity that ``name`` matches, negated ones included.

        One :class:`Neighbor` per (matched entity, edge); ``direction`` is ``"out"`` when the
        matched entity is the edge's subject; ``sources`` are the ids of the documents that
        state the edge, sorted. Sorted list.
        """
        out: dict[tuple, set[str]] = {}
        info: dict[tuple, tuple[str, str, str]] = {}
        for node, _, _ in self.find(name):
            for row in self._select("neighbors", entity=node):
                other = row["other"]
                direction = "out" if row["subject"] == node else "in"
                pred = v.predicate_from_term(row["predicate"].value).value
                negated = row["negated"].value == "true"
                k = (node.value, other.value, pred, direction, negated)
                out.setdefault(k, set()).add(v.doc_id_from_iri(row["doc"].value))
                info[k] = (v.entity_id_from_iri(other.value), row["otherName"].value,
                           row["otherType"].value.rsplit("#", 1)[-1])
        result = [Neighbor(info[k][0], info[k][1], info[k][2], k[2], k[3], k[4], tuple(sorted(docs)))
                  for k, docs in out.items()]
        return sorted(result)

    def evidence(self, a: str, b: str) -> list[EvidenceRow]:
        """Every assertion between an entity ``a`` matches and one ``b`` matches (either
        direction, negated included), one row per sentence, sorted."""
        rows: set[EvidenceRow] = set()
        for x, _, _ in self.find(a):
            for y, _, _ in self.find(b):
                if x == y:
                    continue
                for row in self._select("evidence", x=x, y=y):
                    title = row["title"].value if row["title"] is not None else ""
                    rows.add(EvidenceRow(
                        self._info(row["subject"])[0], v.predicate_from_term(row["predicate"].value).value,
                        self._info(row["object"])[0], row["negated"].value == "true",
                        v.doc_id_from_iri(row["doc"].value), title, row["sentence"].value,
                        int(row["start"].value), int(row["end"].value), float(row["confidence"].value),
                        row["url"].value if row["url"] is not None else "",
                        row["published"].value if row["published"] is not None else ""))
        return sorted(rows)

    def _adjacent(self, node_iri: str, cache: dict[str, list[tuple[str, str, str]]]) -> list[tuple[str, str, str]]:
        got = cache.get(node_iri)
        if got is None:
            rows = self._select("adjacent", entity=ox.NamedNode(node_iri))
            got = sorted({(row["subject"].value, row["predicate"].value, row["object"].value) for row in rows})
            cache[node_iri] = got
        return got

    def paths(self, a: str, b: str, max_hops: int = 3, limit: int = 100) -> list[Path]:
        """Simple paths of at most ``max_hops`` edges from an entity ``a`` matches to one ``b``
        matches, over positive edges only and ignoring their direction.

        Two edges between the same entities (different predicates) make different paths.
        Sorted shortest first, then by names and steps; at most ``limit`` paths.
        """
        if max_hops < 1:
            return []
        starts = [n.value for n, _, _ in self.find(a)]
        goals = {n.value for n, _, _ in self.find(b)}
        if not starts or not goals:
            return []
        cache: dict[str, list[tuple[str, str, str]]] = {}
        # distance of every node near the goals (undirected BFS), to prune the path search
        dist: dict[str, int] = dict.fromkeys(goals, 0)
        queue = deque(goals)
        while queue:
            cur = queue.popleft()
            if dist[cur] >= max_hops - 1:
                continue
            for s, _, o in self._adjacent(cur, cache):
                nxt = o if s == cur else s
                if nxt not in dist:
                    dist[nxt] = dist[cur] + 1
                    queue.append(nxt)
        found: list[list[tuple[str, str, str]]] = []
        found_nodes: list[list[str]] = []

        def walk(cur: str, visited: list[str], steps: list[tuple[str, str, str]]) -> None:
            if cur in goals and steps:
                found.append(list(steps))
                found_nodes.append(list(visited))
                return
            left = max_hops - len(steps)
            if left <= 0:
                return
            for edge in self._adjacent(cur, cache):
                s, _, o = edge
                nxt = o if s == cur else s
                if nxt in visited or dist.get(nxt, max_hops + 1) > left - 1:
                    continue
                visited.append(nxt)
                steps.append(edge)
                walk(nxt, visited, steps)
                steps.pop()
                visited.pop()

        for start in starts:
            walk(start, [start], [])
        paths = set()
        for nodes, steps in zip(found_nodes, found, strict=True):
            names = tuple(self._info(ox.NamedNode(n))[0] for n in nodes)
            psteps = tuple(PathStep(self._info(ox.NamedNode(s))[0], v.predicate_from_term(p).value,
                                    self._info(ox.NamedNode(o))[0]) for s, p, o in steps)
            paths.add(Path(names, psteps))
        return sorted(paths, key=lambda p: (len(p.steps), p.names, p.steps))[:limit]
