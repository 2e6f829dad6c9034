"""What was merged: every entity of the embedded store with its names, ids, articles and degree.

``graphbuild entities`` is a thin wrapper over :class:`EntityCatalog`: list, search, show one,
and the names that several entities of one class carry (``--ambiguous``: the resolver kept
them apart rather than guess).

>>> from graphbuild.sinks.store import GraphStore
>>> with GraphStore(None) as store:
...     EntityCatalog(store).all()
[]
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import TYPE_CHECKING

from graphbuild.model.ids import normalize_name
from graphbuild.model.records import Entity
from graphbuild.query.store import StoreQueries
from graphbuild.query.types import AmbiguousName, Candidate, EntityInfo
from graphbuild.resolve.corpus import is_local, name_keys
from graphbuild.vocab import rdf as v
from graphbuild.vocab.ontology import OPENSANCTIONS_NS
from graphbuild.vocab.terms import EntityType

if TYPE_CHECKING:
    from graphbuild.sinks.store import GraphStore


def external_ids(entity_id: str, qid: str) -> tuple[str, ...]:
    """Ids of the entity outside graphbuild: ``wikidata:Q..``, ``opensanctions:..``."""
    out = [f"wikidata:{qid}"] if qid else []
    if entity_id.startswith("os/"):
        out.append(f"opensanctions:{entity_id[3:]}")
    return tuple(out)


def opensanctions_iri(entity_id: str) -> str:
    """The OpenSanctions page of an entity imported from an OpenSanctions export, else ""."""
    return f"{OPENSANCTIONS_NS}{entity_id[3:]}/" if entity_id.startswith("os/") else ""


class EntityCatalog:
    """Entities of a :class:`~graphbuild.sinks.store.GraphStore`, read once per catalog."""

    def __init__(self, store: GraphStore) -> None:
        self.queries = StoreQueries(store)
        self._infos: dict[str, EntityInfo] | None = None
        self._records: dict[str, Entity] = {}

    def _load(self) -> dict[str, EntityInfo]:
        if self._infos is not None:
            return self._infos
        q = self.queries
        names: dict[str, tuple[str, str, str]] = {}
        aliases: dict[str, set[str]] = defaultdict(set)
        for row in q._select("entities"):
            eid = v.entity_id_from_iri(row["entity"].value)
            qid = row["qid"].value if row["qid"] is not None else ""
            names.setdefault(eid, (row["name"].value, row["type"].value.rsplit("#", 1)[-1], qid))
            if row["label"] is not None:
                aliases[eid].add(row["label"].value)
        docs: dict[str, set[str]] = defaultdict(set)
        for row in q._select("entity_documents"):
            docs[v.entity_id_from_iri(row["entity"].value)].add(v.doc_id_from_iri(row["doc"].value))
        degree: dict[str, int] = defaultdict(int)
        for row in q._select("all_edges"):
            for end in (row["subject"], row["object"]):
                degree[v.entity_id_from_iri(end.value)] += 1
        infos = {}
        for eid, (name, etype, qid) in names.items():
            als = tuple(sorted(aliases[eid] - {name}))
            infos[eid] = EntityInfo(eid, name, etype, als, external_ids(eid, qid), len(docs[eid]),
                                    degree[eid], tuple(sorted(docs[eid])))
            self._records[eid] = Entity(eid, name, EntityType(etype), als, qid)
        self._infos = infos
        return infos

    def all(self) -> list[EntityInfo]:
        """Every entity, best connected first."""
        return sorted(self._load().values(), key=lambda e: (-e.degree, -e.articles, e.name, e.entity_id))

    def search(self, text: str) -> list[EntityInfo]:
        """Entities one of whose names contains ``text`` (case, accents, punctuation ignored)."""
        key = normalize_name(text)
        return [e for e in self.all()
                if any(key in normalize_name(n) for n in (e.name, *e.aliases, e.entity_id))]

    def show(self, name: str) -> list[EntityInfo]:
        """The entities ``name`` (a name, alias or id) matches."""
        infos = self._load()
        return [infos[c.entity_id] for c in self.queries.candidates(name) if c.entity_id in infos]

    def ambiguous(self) -> list[AmbiguousName]:
        """Names carried by several named entities of one class (Groups and descriptions are
        left out: they are kept apart per article by policy)."""
        infos = self._load()
        by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
        for eid, rec in self._records.items():
            if is_local(rec):
                continue
            for k in name_keys(rec):
                by_key[(k, rec.type.value)].add(eid)
        out = [AmbiguousName(k, t, tuple(sorted((infos[i] for i in ids), key=lambda e: (-e.articles, e.entity_id))))
               for (k, t), ids in by_key.items() if len(ids) > 1]
        return sorted(out, key=lambda a: (-sum(e.articles for e in a.entities), a.key, a.type))

    def candidates(self, name: str) -> list[Candidate]:
        return self.queries.candidates(name)


def close_names(name: str, labels: list[str], n: int = 5) -> list[str]:
    """Names like ``name`` (for "did you mean"): close spellings, then names containing it."""
    close = difflib.get_close_matches(name, labels, n=n, cutoff=0.6)
    key = normalize_name(name)
    if key and len(close) < n:
        close += [x for x in labels if key in normalize_name(x) and x not in close][: n - len(close)]
    return close
