"""Cross-article resolution: the same entity in two articles becomes one node.

Within one article :mod:`graphbuild.resolve.document` already gives every entity a stable id:
the gazetteer id, else ``wd/<QID>``, else type + normalised name. Across articles this module
adds what ids alone cannot see:

* an entity whose Wikidata QID is known joins the node that already carries that QID;
* an entity known in article B by a name that is an alias of an entity of the *same type* in
  article A ("ICE", "Palantir") joins it, when exactly one such entity exists (otherwise it
  stays apart and the ambiguity is counted); so does an entity one of whose aliases is the
  canonical name of a known one. Two entities that merely share an alias stay apart;
* a name of a gazetteer entry of the same type maps to that entry, whatever the article order;
* only names that tell one thing from another are keys (:func:`merge_keys`): a unit named
  without its organisation ("Division of Enforcement"), a surname alone, a nationality word,
  a capitalised role ("Defendants") and an acronym none of an entity's names spells out are
  not, and an acronym joins only where both sides' expansions agree;
* entities with the same name but different types never merge (the type is part of every key);
* every name is kept: the canonical one (the gazetteer name, else the longest, ties broken
  alphabetically, so the choice does not depend on article order) and all others as aliases;
  a gazetteer entity also carries the gazetteer's aliases (so "AWS" finds Amazon Web Services
  even if no article wrote "AWS").

The resolver reads what is already known through an :class:`EntityIndex`: the embedded store
implements it (so a build never holds the corpus in memory), :class:`MemoryIndex` serves the
streaming file writers and tests.

>>> from graphbuild.model import Document, DocumentGraph, Entity, EntityType
>>> r = CorpusResolver(MemoryIndex(), gazetteer={})
>>> a = Entity("company/palantir-technologies", "Palantir Technologies", EntityType.COMPANY, ("Palantir",))
>>> b = Entity("company/palantir", "Palantir", EntityType.COMPANY)
>>> _ = r.resolve(DocumentGraph(Document("a", "..."), (a,)))
>>> r.commit()
>>> [e.id for e in r.resolve(DocumentGraph(Document("b", "..."), (b,))).entities]
['company/palantir-technologies']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from graphbuild.model.names import canonical_name, company_key, is_proper_name, name_key, name_keys
from graphbuild.model.records import DocumentGraph, Entity, Relation
from graphbuild.resolve.names import (
    acronym_matches,
    is_acronym,
    is_local_name,
    legal_core,
    without_country,
)
from graphbuild.vocab.terms import EntityType


def merge_keys(entity: Entity) -> set[str]:
    """The keys under which an entity may join a node of another article: :func:`name_keys`
    of its names, less the names that do not tell one thing from another across articles —
    a unit named without its organisation ("Division of Enforcement"), a person's surname
    alone — and less an acronym that none of its fuller names spells out (the "OSEC" of
    "DOT's Office of the Secretary" may be any office's).

    >>> sorted(merge_keys(Entity("x", "SEC's Division of Enforcement", EntityType.GOVERNMENT_BODY,
    ...                          ("Division of Enforcement", "Division", "DOE"))))
    ['sec division of enforcement']
    >>> sorted(merge_keys(Entity("p", "John Harrow", EntityType.PERSON, ("Harrow",))))
    ['john harrow']
    """
    names = [n for n in (entity.name, *entity.aliases) if not is_local_name(n, entity.type)]
    full = [n for n in names if not is_acronym(n)]
    kept = [n for n in names if not (full and is_acronym(n) and not any(acronym_matches(n, f) for f in full))]
    keys = {name_key(n) for n in kept}
    if entity.type is EntityType.COMPANY:
        keys |= {company_key(n) for n in kept}
    keys.discard("")
    return keys


def expansions(entity: Entity, acronym: str) -> set[str]:
    """Normalised names of an entity that ``acronym`` stands for ("CCC" -> "commodity credit corporation")."""
    return {without_country(name_key(n)) for n in (entity.name, *entity.aliases) if acronym_matches(acronym, n)}


def _spelled_differently(a: Entity, b: Entity, acronym: str) -> bool:
    """Both spell the acronym out, differently ("CCC": "Commodity Credit Corporation" / "Coal
    Communities Commitment"; "IBM": "Indian Bureau of Mines" / "International Business
    Machines"): two bodies that share initials."""
    mine, theirs = expansions(a, acronym), expansions(b, acronym)
    return bool(mine and theirs and not mine & theirs)


def _second_company(e: Entity, other: Entity | None) -> bool:
    """``e`` would join a node that its own article names with another legal form ("Goldman,
    Sachs & Co." beside "The Goldman Sachs Group, Inc."): the article names two companies."""
    if other is None or e.type is not EntityType.COMPANY:
        return False
    mine = {legal_core(n)[1] for n in (e.name, *e.aliases)} - {""}
    theirs = {legal_core(n)[1] for n in (other.name, *other.aliases)} - {""}
    return bool(mine and theirs and not mine & theirs)


def is_local(entity: Entity) -> bool:
    """Entities that never merge across articles: Groups ("many police departments" in two
    articles are two sets), entities known only by a description ("the company"), and those
    whose fullest name still does not tell them apart — a unit named without its organisation
    ("the Office of Inspector General"), a person known only by a surname.

    >>> is_local(Entity("g", "U.S. District Court", EntityType.GOVERNMENT_BODY))
    True
    """
    return (entity.type is EntityType.GROUP or not is_proper_name(entity.name)
            or is_local_name(entity.name, entity.type))


def merge(old: Entity | None, new: Entity, preferred: str = "") -> Entity:
    """Union of two records of one entity (the id of ``old`` wins); independent of order."""
    if old is None:
        names = {new.name, *new.aliases}
        name = canonical_name(names, preferred)
        return Entity(new.id, name, new.type, tuple(sorted(names - {name})), new.qid)
    names = {old.name, *old.aliases, new.name, *new.aliases}
    name = canonical_name(names, preferred)
    return Entity(old.id, name, old.type, tuple(sorted(names - {name})), old.qid or new.qid)


class Curated(NamedTuple):
    """A gazetteer entry as the resolver needs it."""

    name: str
    aliases: tuple[str, ...]
    type: EntityType
    qid: str = ""


class EntityIndex(Protocol):
    """What the resolver needs to know about entities already in the graph."""

    def get_entity(self, entity_id: str) -> Entity | None: ...

    def ids_for_name_key(self, entity_type: EntityType, key: str) -> set[str]: ...

    def id_for_qid(self, qid: str) -> str | None: ...


@dataclass
class MemoryIndex:
    """An :class:`EntityIndex` in memory (for streaming file writers and tests)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    keys: dict[tuple[EntityType, str], set[str]] = field(default_factory=dict)
    qids: dict[str, str] = field(default_factory=dict)

    def get_entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def ids_for_name_key(self, entity_type: EntityType, key: str) -> set[str]:
        return set(self.keys.get((entity_type, key), ()))

    def id_for_qid(self, qid: str) -> str | None:
        return self.qids.get(qid)

    def add(self, entity: Entity) -> None:
        self.entities[entity.id] = entity
        for k in name_keys(entity):
            self.keys.setdefault((entity.type, k), set()).add(entity.id)
        if entity.qid:
            self.qids.setdefault(entity.qid, entity.id)


class Ambiguity(NamedTuple):
    """An entity kept apart because several known nodes matched one of its names."""

    entity_id: str
    name: str
    candidates: tuple[str, ...]  # ids of the nodes that matched


@dataclass
class ResolveStats:
    merged: int = 0  # entities that joined an existing node under another id
    ambiguous: int = 0  # entities left apart because several nodes matched one of their names
    ambiguities: list[Ambiguity] = field(default_factory=list)  # the first MAX_KEPT of them
    merges: list[tuple[str, str]] = field(default_factory=list)  # (name, node id) joined, first MAX_KEPT

    MAX_KEPT = 10_000

    def note_merge(self, name: str, target: str) -> None:
        self.merged += 1
        if len(self.merges) < self.MAX_KEPT:
            self.merges.append((name, target))


class CorpusResolver:
    """Rewrites each DocumentGraph onto the entities already known.

    Resolved-but-uncommitted entities are kept in a small overlay until :meth:`commit` (the
    caller commits after writing a batch), so documents of one batch see each other.
    """

    def __init__(self, index: EntityIndex | None = None, gazetteer: dict[str, Curated] | None = None) -> None:
        self.index: EntityIndex = index if index is not None else MemoryIndex()
        # gazetteer id -> curated names, type and QID that every such node carries
        self.gazetteer = gazetteer if gazetteer is not None else gazetteer_names()
        self._gazetteer_keys: dict[str, set[str]] = {}
        for gid, entry in self.gazetteer.items():
            for k in name_keys(Entity(gid, entry.name, entry.type, entry.aliases)):
                self._gazetteer_keys.setdefault(k, set()).add(gid)
        self.pending = MemoryIndex()
        self.changed: set[str] = set()  # ids whose record is new or gained names since commit
        self.stats = ResolveStats()
        self._article: dict[str, Entity] = {}  # the entities of the document being resolved

    def _known(self, entity_id: str) -> Entity | None:
        return self.pending.get_entity(entity_id) or self.index.get_entity(entity_id)

    def _target(self, e: Entity) -> str:
        target = self._find_target(e)
        if target != e.id and _second_company(e, self._article.get(target)):
            return e.id  # the article itself names the node's company beside this one
        return target

    def _find_target(self, e: Entity) -> str:
        if e.id in self.gazetteer:
            return e.id
        if is_local(e):
            return e.id  # ids of Groups and descriptions belong to their article
        # a name of a gazetteer entry of the same type: that entry, whatever came first
        keys = merge_keys(e)
        acronyms = {name_key(n): n for n in (e.name, *e.aliases) if is_acronym(n)}
        curated = {gid for k in keys for gid in self._gazetteer_keys.get(k, ())
                   if self.gazetteer[gid].type == e.type and not (
                       k in acronyms and _spelled_differently(e, self._curated_entity(gid), acronyms[k]))}
        if len(curated) == 1:
            target = curated.pop()
            self.stats.note_merge(e.name, target)
            return target
        if self._known(e.id) is not None:
            return e.id
        if e.qid:
            found = self.pending.id_for_qid(e.qid) or self.index.id_for_qid(e.qid)
            if found is not None:
                other = self._known(found)
                if other is not None and other.type == e.type:
                    return found
        # one side's canonical name must be a name of the other: "Palantir" joins "Palantir
        # Technologies (Palantir)" and vice versa, but two entities that merely share an
        # alias ("Acme Labs"/"Acme Foods", both "Acme") do not
        own = name_key(e.name)
        candidates: set[str] = set()
        for key in keys:
            for cid in self._ids_for_key(e.type, key):
                if (key == own or self._name_key(cid) == key) and self._merges_by(cid, key) and not (
                        key in acronyms and self._expansions_differ(e, cid, acronyms[key])):
                    candidates.add(cid)
        candidates.discard(e.id)
        candidates = {c for c in candidates if not self._is_local_id(c)}
        if len(candidates) == 1:
            target = candidates.pop()
            self.stats.note_merge(e.name, target)
            return target
        if len(candidates) > 1:
            self.stats.ambiguous += 1
            if len(self.stats.ambiguities) < self.stats.MAX_KEPT:
                self.stats.ambiguities.append(Ambiguity(e.id, e.name, tuple(sorted(candidates))))
        return e.id

    def _merges_by(self, entity_id: str, key: str) -> bool:
        """``key`` is one the known node may be joined by (not a generic unit name, a surname
        alone or an acronym none of its names spells out)."""
        known = self._known(entity_id)
        return known is not None and key in merge_keys(known)

    def _expansions_differ(self, e: Entity, other_id: str, acronym: str) -> bool:
        other = self._known(other_id)
        return other is not None and _spelled_differently(e, other, acronym)

    def _curated_entity(self, gid: str) -> Entity:
        entry = self.gazetteer[gid]
        return Entity(gid, entry.name, entry.type, entry.aliases, entry.qid)

    def _is_local_id(self, entity_id: str) -> bool:
        known = self._known(entity_id)
        return known is not None and is_local(known)

    def _ids_for_key(self, entity_type: EntityType, key: str) -> set[str]:
        return self.pending.ids_for_name_key(entity_type, key) | self.index.ids_for_name_key(entity_type, key)

    def _name_key(self, entity_id: str) -> str:
        known = self._known(entity_id)
        return name_key(known.name) if known is not None else ""

    def resolve(self, dg: DocumentGraph) -> DocumentGraph:
        """The document's entities mapped onto known ones and merged with them (all names)."""
        remap: dict[str, str] = {}
        merged: dict[str, Entity] = {}
        self._article = {e.id: e for e in dg.entities}
        for e in sorted(dg.entities, key=lambda x: x.id not in self.gazetteer):
            target = self._target(e)
            remap[e.id] = target
            base = merged.get(target) or self._known(target)
            curated = self.gazetteer.get(target)
            if curated is not None:
                record = Entity(target, e.name, curated.type, (*e.aliases, *curated.aliases), e.qid or curated.qid)
            else:
                record = Entity(target, e.name, e.type, e.aliases, e.qid)
            ent = merge(base, record, curated.name if curated is not None else "")
            if ent != base:
                self.changed.add(target)
            merged[target] = ent
            self.pending.add(ent)
        relations = []
        for r in dg.relations:
            s, o = remap.get(r.subject, r.subject), remap.get(r.object, r.object)
            if s == o:
                continue
            relations.append(r if (s, o) == (r.subject, r.object)
                             else Relation(s, r.predicate, o, r.evidence, r.negated, r.verb, r.role))
        ents = tuple(sorted(merged.values(), key=lambda x: x.id))
        return DocumentGraph(dg.document, ents, tuple(relations), dg.mentions)

    def commit(self) -> None:
        """The overlay has been written to the index's backing graph: forget it (or, for a
        :class:`MemoryIndex`, move it there)."""
        if isinstance(self.index, MemoryIndex):
            for e in self.pending.entities.values():
                self.index.add(e)
        self.pending = MemoryIndex()
        self.changed = set()


def resolve_corpus(doc_graphs: Iterable[DocumentGraph], resolver: CorpusResolver | None = None) -> Iterator[DocumentGraph]:
    """Resolve a stream of DocumentGraphs against each other, in memory.

    Entity records yielded for a document hold every name seen so far.
    """
    resolver = resolver or CorpusResolver(MemoryIndex())
    for dg in doc_graphs:
        out = resolver.resolve(dg)
        resolver.commit()
        yield out


def gazetteer_names() -> dict[str, Curated]:
    """Gazetteer id -> canonical name, aliases and type."""
    from graphbuild.model.gazetteer import load_gazetteer

    return {e.id: Curated(e.name, tuple(e.aliases), e.type, e.qid) for e in load_gazetteer().entries}
