"""What ``graphbuild review`` does, as functions notebooks can call too.

Each decision function checks its target against the store, appends one line to the decision
file and replays the file on the store, so the store shows the decision at once and every later
build replays it again.

>>> from graphbuild.review.commands import Reviewer              # doctest: +SKIP
>>> rv = Reviewer("graph/", user="ana")                          # doctest: +SKIP
>>> rv.reject("3f1c...", note="the article says the opposite")   # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graphbuild.model.ids import entity_id
from graphbuild.review.decisions import (
    AssertionMatch,
    Decision,
    ReviewError,
    append_decision,
    default_path,
    read_decisions,
    reviewer,
)
from graphbuild.review.store import (
    ReviewReport,
    StoredAssertion,
    apply_decisions,
    assertions_of,
    find_assertion,
    read_entity,
    review_statuses,
    split_candidates,
    stored_decisions,
)
from graphbuild.vocab.terms import EntityType, Predicate

if TYPE_CHECKING:
    from graphbuild.config import Config
    from graphbuild.model.records import Entity
    from graphbuild.sinks.store import GraphStore


def decision_file(store_path: str | Path | None, config: Config | None = None) -> Path | None:
    """The decision file of a store: the ``review_file`` setting, else beside the store."""
    if config is not None and config.review_file:
        return Path(config.review_file)
    return default_path(store_path) if store_path is not None else None


def load_decisions(store: GraphStore, path: Path | None) -> list[Decision]:
    """The file's decisions when it exists, else those mirrored in the store's review graph."""
    if path is not None and path.exists():
        return read_decisions(path)
    return stored_decisions(store)


def replay_review(store: GraphStore, store_path: str | Path | None, config: Config | None = None) -> ReviewReport:
    """Replay the store's decisions on it (what ``build`` does after each write)."""
    return apply_decisions(store, load_decisions(store, decision_file(store_path, config)))


class UnknownEntity(ReviewError):
    """No entity of the store has this id, name or alias."""


@dataclass(frozen=True)
class PendingRow:
    """An assertion nobody has reviewed yet."""

    id: str
    confidence: float
    subject: str
    predicate: str
    object: str
    negated: bool
    doc: str
    sentence: str


class Reviewer:
    """Review decisions on the store at ``store_path`` recorded in its decision file."""

    def __init__(self, store_path: str | Path, *, user: str = "", decisions: str | Path | None = None,
                 config: Config | None = None) -> None:
        self.store_path = Path(store_path)
        self.user = reviewer(user or (config.reviewer if config is not None else ""))
        path = Path(decisions) if decisions else decision_file(store_path, config)
        assert path is not None
        self.path: Path = path

    # ------------------------------------------------------------------ store access

    def _open(self, read_only: bool = False) -> GraphStore:
        from graphbuild.sinks.store import GraphStore

        if not self.store_path.exists():
            raise ReviewError(f"no store at {self.store_path}; build one with: graphbuild build "
                              f"ARTICLES --store {self.store_path}")
        return GraphStore(self.store_path, read_only=read_only)

    def entity(self, store: GraphStore, name: str) -> Entity:
        """The one entity ``name`` (an id, a name or an alias) means; fails with the candidates."""
        from graphbuild.query.store import StoreQueries

        st = store.oxigraph
        got = read_entity(st, name)
        if got is not None:
            return got
        found = StoreQueries(store).find(name)
        if not found:
            raise UnknownEntity(f"no entity named {name!r} in the store")
        if len(found) > 1:
            ids = ", ".join(f"{_id(n.value)} ({t})" for n, _, t in found)
            raise ReviewError(f"{name!r} names {len(found)} entities: {ids}; give one id instead")
        ent = read_entity(st, _id(found[0][0].value))
        assert ent is not None
        return ent

    def record(self, decision: Decision) -> ReviewReport:
        """Append the decision to the file (once) and replay the file on the store."""
        with self._open() as store:
            if not self.path.exists():  # the store may hold decisions whose file was not kept
                for old in stored_decisions(store):
                    append_decision(self.path, old)
            append_decision(self.path, decision)
            return apply_decisions(store, read_decisions(self.path))

    # ------------------------------------------------------------------ decisions

    def _assertion(self, action: str, assertion_id: str, note: str) -> Decision:
        probe = Decision.make(action, user=self.user, assertion=assertion_id)
        with self._open(read_only=True) as store:
            found = find_assertion(store.oxigraph, probe)
        if not found:
            raise ReviewError(f"no assertion {assertion_id!r} in the store; list them with "
                              "`graphbuild review pending`")
        rel = found[0].relation
        ev = rel.evidence
        match = AssertionMatch(doc=ev.doc_id, start=ev.start, end=ev.end, predicate=rel.predicate.value,
                               negated=rel.negated, subject=rel.subject, object=rel.object,
                               sentence=ev.sentence)
        return Decision.make(action, user=self.user, note=note, assertion=found[0].id, match=match)

    def accept(self, assertion_id: str, note: str = "") -> Decision:
        d = self._assertion("accept", assertion_id, note)
        self.record(d)
        return d

    def reject(self, assertion_id: str, note: str = "") -> Decision:
        d = self._assertion("reject", assertion_id, note)
        self.record(d)
        return d

    def merge(self, keep: str, other: str, note: str = "") -> Decision:
        """Merge entity ``other`` into ``keep`` (both: ids, names or aliases)."""
        with self._open(read_only=True) as store:
            a, b = self.entity(store, keep), self.entity(store, other)
        if a.id == b.id:
            raise ReviewError(f"{keep!r} and {other!r} are already one entity ({a.id})")
        d = Decision.make("merge", user=self.user, note=note, entity=a.id, other=b.id, name=b.name)
        self.record(d)
        return d

    def split(self, entity: str, alias: str, type: str = "", note: str = "") -> Decision:
        """Give the name ``alias`` of ``entity`` an entity of its own (of class ``type``)."""
        with self._open(read_only=True) as store:
            ent = self.entity(store, entity)
            names = {ent.name, *ent.aliases}
            if alias not in names:
                raise ReviewError(f"{alias!r} is not a name of {ent.name} ({ent.id}); its names: "
                                  f"{', '.join(sorted(names))}")
            if len(names) == 1:
                raise ReviewError(f"{alias!r} is the only name of {ent.id}: rename or retype it instead")
            etype = EntityType(type) if type else ent.type
            moved = tuple(sorted(a.id for a in split_candidates(store.oxigraph, ent, alias)))
        new_id = entity_id(alias, etype)
        if new_id == ent.id:
            new_id = entity_id(alias + " (split)", etype)
        d = Decision.make("split", user=self.user, note=note, entity=ent.id, alias=alias, new_id=new_id,
                          type=etype.value, moved=moved)
        self.record(d)
        return d

    def rename(self, entity: str, name: str, note: str = "") -> Decision:
        with self._open(read_only=True) as store:
            ent = self.entity(store, entity)
        d = Decision.make("rename", user=self.user, note=note, entity=ent.id, name=name)
        self.record(d)
        return d

    def retype(self, entity: str, type: str, note: str = "") -> Decision:
        with self._open(read_only=True) as store:
            ent = self.entity(store, entity)
        d = Decision.make("retype", user=self.user, note=note, entity=ent.id, type=EntityType(type).value)
        self.record(d)
        return d

    def add(self, subject: str, predicate: str, object: str, source: str, *, quote: str = "",
            date: str = "", subject_type: str = "", object_type: str = "", negated: bool = False,
            role: str = "", note: str = "") -> Decision:
        """Add a fact by hand. An end the store does not know needs its class (a new entity)."""
        try:
            pred = Predicate(predicate)
        except ValueError:
            raise ReviewError(f"{predicate!r} is not a relation predicate; choose one of "
                              f"{', '.join(p.value for p in Predicate)}") from None
        ends: list[dict[str, str]] = []
        with self._open(read_only=True) as store:
            for name, etype in ((subject, subject_type), (object, object_type)):
                try:
                    ent = self.entity(store, name)
                    ends.append({"id": ent.id, "name": "", "type": ""})
                except UnknownEntity:
                    if not etype:
                        raise ReviewError(f"no entity named {name!r}: give its class "
                                          "(--subject-type / --object-type) to create it") from None
                    t = EntityType(etype)
                    ends.append({"id": entity_id(name, t), "name": name, "type": t.value})
        s, o = ends
        if pred.symmetric and o["id"] < s["id"]:
            s, o = o, s
        d = Decision.make("add", user=self.user, note=note, subject=s["id"], predicate=pred.value,
                          object=o["id"], subject_name=s["name"], subject_type=s["type"],
                          object_name=o["name"], object_type=o["type"], source=source, quote=quote,
                          date=date, negated=negated, role=role)
        self.record(d)
        return d

    # ------------------------------------------------------------------ reading

    def log(self) -> list[Decision]:
        """Every decision, oldest first (the file, else the store's review graph)."""
        if self.path.exists():
            return read_decisions(self.path)
        with self._open(read_only=True) as store:
            return stored_decisions(store)

    def pending(self, entity: str | None = None, min_confidence: float = 0.0) -> list[PendingRow]:
        """Assertions nobody accepted or rejected yet (of ``entity`` when given), at least
        ``min_confidence``, least confident first."""
        with self._open(read_only=True) as store:
            st = store.oxigraph
            reviewed = review_statuses(st)
            if entity is not None:
                found = assertions_of(st, self.entity(store, entity).id)
            else:
                found = _all_assertions(st)
            names: dict[str, str] = {}

            def name(eid: str) -> str:
                if eid not in names:
                    e = read_entity(st, eid)
                    names[eid] = e.name if e is not None else eid
                return names[eid]

            rows = []
            for a in found:
                rel, ev = a.relation, a.relation.evidence
                if a.id in reviewed or ev.confidence < min_confidence:
                    continue
                rows.append(PendingRow(a.id, ev.confidence, name(rel.subject), rel.predicate.value,
                                       name(rel.object), rel.negated, ev.doc_id, ev.sentence))
        return sorted(rows, key=lambda x: (x.confidence, x.doc, x.id))


def _id(iri: str) -> str:
    from graphbuild.vocab.rdf import entity_id_from_iri

    return entity_id_from_iri(iri)


def _all_assertions(st) -> list[StoredAssertion]:
    import pyoxigraph as ox

    from graphbuild.review.store import read_assertion
    from graphbuild.vocab import rdf as v
    from graphbuild.vocab.rdf import GB, RDF

    out = []
    for q in st.quads_for_pattern(None, v.ox(RDF.type), v.ox(GB.Assertion), None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode):
            a = read_assertion(st, q.subject, q.graph_name)
            if a is not None:
                out.append(a)
    return out
