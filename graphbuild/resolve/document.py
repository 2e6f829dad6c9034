"""Within-document resolution: mentions -> canonical entities (aliases, acronyms, descriptions).

Mentions are clustered with a union-find over these links:

* the same gazetteer id (``Mention.kb_id``);
* a pointer ``@<offset>`` set by the NLP stage from a short form, description or pronoun to its
  antecedent (see ``graphbuild.nlp.extensions``);
* the same name up to case, punctuation, a leading "U.S." or an inverted "Justice Department" /
  "Department of Justice";
* a bare name and the same name with a legal suffix ("Legg Mason" / "Legg Mason Inc."), unless
  two different suffixes name two companies ("BAE Systems, Inc." / "BAE Systems PLC");
* an acronym and a name with those initials ("ICE" / "Immigration and Customs Enforcement");
* a person's surname and the person last named in full with it ("Bezos" / "Jeff Bezos");
* a group and its later shorter form ("over 115,000 customers" / "customers");
* a name in parentheses right after a name it could shorten ("Teva Pharmaceutical Industries
  Ltd. (Teva)").

Links that would join two things are refused: a pointer from a name that cannot shorten its
antecedent ("Orthofix (Accounting)") or that is a company name of its own ("Teva LLC"), a
gazetteer match of a body that the text names under another owner or place ("Société
Générale's Treasury Department", "Nevada Department of Transportation"), and two bare unit
heads ("Division") whose full forms differ.

Each cluster becomes one :class:`Entity`: the canonical name is the fullest proper form used in
the article (for a gazetteer entry, the fullest of its known names that the article uses), a
unit or group named after its parent is named with it ("FBI New York Field Office", "Amazon
employees"), and every other form used is an alias.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphbuild.model.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from graphbuild.model.ids import entity_id, normalize_name, short_hash
from graphbuild.model.records import (
    Document,
    DocumentGraph,
    Entity,
    Mention,
    MentionKind,
    Relation,
    RelationMention,
)
from graphbuild.nlp.spans import UNIT_WORDS
from graphbuild.nlp.typing import ORG_TYPES
from graphbuild.resolve.bodies import OF_JOIN, PAREN_OPEN, common_terms, family, other_bodies
from graphbuild.resolve.names import (
    company_key,
    could_shorten,
    group_core,
    initials,
    inverted,
    is_bare_unit,
    is_local_name,
    is_proper_name,
    legal_core,
    without_country,
)
from graphbuild.vocab.terms import EntityType

_NAMED = (MentionKind.NAME, MentionKind.ACRONYM)
# extraction rules that read a relation off an entity's name rather than off a statement
NAME_RULES = frozenset({"structure:prefix"})
_ORG = ORG_TYPES
_JOIN_LEFT = re.compile(r"^(?:\u2019s|'s|\u2019|'|-)? ?\Z")
_COUNTRY_WORDS = re.compile(r"^(?:U\.S\.|US|United States)\s+(?=[A-Z])(?!Attorney)")
# the head phrase of a group's name: "relatives of chinese officials" is about relatives
_HEAD_PART = re.compile(r" (?:of|in|at|from|with) ")
_PAREN_CLOSE = re.compile(r"[\"\u201d]?\s*\)")
# what a bare unit head leaves unsaid when the NLP span stops at it: "CFTC Division| of Enforcement"
_OF_TAIL = re.compile(r" of (?:the )?[A-Z][\w&\u2019'-]*(?: (?:and |& )?[A-Z][\w&\u2019'-]*)*")


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Cluster:
    """Mentions of one entity, in text order, with the forms found for it."""

    mentions: list[Mention]
    qualified: list[str] = field(default_factory=list)


def _link_names(text: str, ms: list[Mention], uf: _UnionFind) -> None:
    keys: dict[tuple[str, str], int] = {}
    suffixed: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for i, m in enumerate(ms):
        if m.kind not in _NAMED or (_is_unit(m) and is_bare_unit(m.text) and not m.kb_id):
            continue  # "Division" of the SEC and "Division" of the CFTC: joined by their full forms
        fam = family(m.type)
        norm = normalize_name(m.text)
        for k in {norm, without_country(norm), inverted(without_country(norm))}:
            if k:
                j = keys.setdefault((fam, k), i)
                uf.union(i, j)
        if fam == "org":
            core, suffix = legal_core(m.text)
            if suffix:
                suffixed.setdefault((fam, core), []).append((i, suffix))
    # a name in parentheses right after another that it could shorten: "Teva Pharmaceutical
    # Industries Ltd. (Teva)"
    for i in range(1, len(ms)):
        p, m = ms[i - 1], ms[i]
        if (m.kind in _NAMED and p.kind is MentionKind.NAME and family(m.type) == family(p.type)
                and PAREN_OPEN.match(text, p.end, m.start) and _PAREN_CLOSE.match(text, m.end)
                and could_shorten(m.text, p.text)):
            uf.union(i, i - 1)
    for (fam, core), items in suffixed.items():
        bare = keys.get((fam, core))
        if bare is not None and len({s for _, s in items}) == 1 and not _short_for_other(ms, uf, bare, core):
            uf.union(bare, items[0][0])
    # people: a surname alone is the person last named in full with it ("Bezos" / "Jeff
    # Bezos"; "Shiera" / "Abraham Jose Shiera Bastidas", who has two)
    last_full: dict[str, int] = {}
    for i, m in enumerate(ms):
        if m.type is not EntityType.PERSON or m.kind is not MentionKind.NAME:
            continue
        words = m.text.split()
        if len(words) > 1:
            for w in words[1:]:
                last_full[w.lower()] = i
        elif words and words[0].lower() in last_full:
            uf.union(i, last_full[words[0].lower()])
    # acronyms: the name with those initials, nearest before (else first after) the acronym
    by_initials: dict[tuple[str, str], list[int]] = {}
    for j, n in enumerate(ms):
        if n.kind is MentionKind.NAME and len(n.text.split()) > 1:
            for a in {initials(n.text), initials(n.text, skip_function_words=False)}:
                by_initials.setdefault((family(n.type), a), []).append(j)
    for i, m in enumerate(ms):
        if m.kind is not MentionKind.ACRONYM or m.kb_id:
            continue
        found = by_initials.get((family(m.type), m.text.replace(".", "").upper()), [])
        before = [j for j in found if ms[j].start < m.start]
        if before or found:
            uf.union(i, before[-1] if before else found[0])


def _short_form(short: str, full: str) -> bool:
    """A name that a pointer links to an earlier one is its short form only if it could shorten
    it and is no company name of its own: "Teva LLC" after "Teva" is a second company."""
    core, suffix = legal_core(short)
    if suffix and (core != legal_core(full)[0] or len(short) > len(full)):
        return False
    return could_shorten(short, full)


def _short_for_other(ms: list[Mention], uf: _UnionFind, bare: int, core: str) -> bool:
    """The bare name is already the short form of a longer name: "Teva Pharmaceutical
    Industries Ltd. (Teva)" then "Teva LLC" is its subsidiary, not the same company."""
    root = uf.find(bare)
    return any(uf.find(j) == root and n.kind is MentionKind.NAME and legal_core(n.text)[0] not in ("", core)
               for j, n in enumerate(ms) if j != bare)


def _link_descriptions(ms: list[Mention], qualified: dict[int, list[str]], uf: _UnionFind) -> None:
    """Unnamed groups and subsidiaries: a later form joins the nearest earlier one of the same
    family when one name ends with the other ("over 115,000 customers" ... "customers";
    "its U.K. subsidiary" ... "Armor Holdings' U.K. subsidiary"). A bare form only joins a
    longer earlier one; a form named after its parent only joins one it ends with."""
    seen: list[tuple[int, str, str]] = []
    for i, m in enumerate(ms):
        if m.kind is not MentionKind.DESCRIPTION or m.kb_id:
            continue
        fam = family(m.type)
        forms = qualified.get(i)
        key = _HEAD_PART.split(group_core(normalize_name(max(forms, key=len) if forms else m.text)))[0]
        for j, f, other in reversed(seen):
            if f != fam:
                continue
            if other == key or other.endswith(" " + key) or (
                    forms and " " in other and key.endswith(" " + other)):
                uf.union(i, j)
                break
        seen.append((i, fam, key))
    # a bare form before any fuller one ("its subsidiary" ... "its U.K. subsidiary") joins the
    # nearest later form that ends with it
    for n, (i, fam, key) in enumerate(seen):
        if " " in key or uf.find(i) != i or any(uf.find(j) == i for j, _, _ in seen if j != i):
            continue
        for j, f, other in seen[n + 1:]:
            if f == fam and other.endswith(" " + key):
                uf.union(i, j)
                break


def _qualified_forms(text: str, ms: list[Mention]) -> dict[int, list[str]]:
    """Forms of units and groups named with their parent: "IRS Criminal Investigation",
    "CFTC's Division of Enforcement", "Fraud Section of the Criminal Division", "Amazon employees"."""
    out: dict[int, list[str]] = {}
    left_start: dict[int, int] = {}
    for i, m in enumerate(ms):
        left_start[i] = m.start
        if i == 0:
            continue
        p = ms[i - 1]
        gap = text[p.end:m.start]
        if p.kind not in _NAMED or not _JOIN_LEFT.match(gap):
            continue
        if _is_unit(m) and p.type in _ORG or (m.kind is MentionKind.DESCRIPTION and m.type is not EntityType.PERSON):
            left_start[i] = left_start[i - 1]
            out.setdefault(i, []).append(text[left_start[i]:_unit_end(text, ms, i)])
    for i, m in enumerate(ms[:-1]):
        n = ms[i + 1]
        if _is_unit(m) and n.type in _ORG and n.kind in _NAMED and OF_JOIN.fullmatch(text[m.end:n.start]):
            end = n.end
            if i + 2 < len(ms) and _is_unit(ms[i + 2]) and _JOIN_LEFT.match(text[n.end:ms[i + 2].start]):
                end = ms[i + 2].end  # "Fraud Section of DOJ's Criminal Division"
            out.setdefault(i, []).append(text[m.start:end])
    return out


def _unit_end(text: str, ms: list[Mention], i: int) -> int:
    """Where a unit's name ends: a bare head ("Division") takes the capitalised words after
    "of" that no other mention claims ("CFTC Division of Enforcement"), so the unit is named."""
    m = ms[i]
    if not _is_unit(m) or not is_bare_unit(m.text):
        return m.end
    tail = _OF_TAIL.match(text, m.end, min(len(text), m.end + 80))
    if tail is None or (i + 1 < len(ms) and ms[i + 1].start < tail.end()):
        return m.end
    return tail.end()


def _is_unit(m: Mention) -> bool:
    if m.type is not EntityType.GOVERNMENT_BODY or m.kind is not MentionKind.NAME:
        return False
    words = m.text.lower().split()
    return bool(words) and (words[-1] in UNIT_WORDS or words[0] in UNIT_WORDS)


def clusters(document: Document, mentions: Sequence[Mention]) -> list[Cluster]:
    """Pure: the mentions of one document grouped into entities (text order)."""
    ms = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: (m.start, m.end))
    uf = _UnionFind(len(ms))
    by_start = {m.start: i for i, m in enumerate(ms)}
    by_kb: dict[str, int] = {}
    for i, m in enumerate(ms):
        if not m.kb_id:
            continue
        if m.kb_id.startswith("@"):
            j = by_start.get(int(m.kb_id[1:]) if m.kb_id[1:].isdigit() else -1)
            # a name in parentheses after another is its short form only if it could be one:
            # "Orthofix (Accounting)" names a second order, not Orthofix
            if j is not None and (m.kind is not MentionKind.NAME or _short_form(m.text, ms[j].text)):
                uf.union(i, j)
        else:
            uf.union(i, by_kb.setdefault(m.kb_id, i))
    _link_names(document.text, ms, uf)
    qualified = _qualified_forms(document.text, ms)
    full_units: dict[str, int] = {}
    for i, forms in qualified.items():
        if _is_unit(ms[i]) and is_bare_unit(ms[i].text):
            for f in forms:
                uf.union(i, full_units.setdefault(normalize_name(f), i))
    _link_descriptions(ms, qualified, uf)
    groups: dict[int, Cluster] = {}
    for i, m in enumerate(ms):
        c = groups.setdefault(uf.find(i), Cluster([]))
        c.mentions.append(m)
        c.qualified.extend(qualified.get(i, []))
    return list(groups.values())


def _entry(c: Cluster, gaz: Gazetteer) -> GazetteerEntry | None:
    by_id = gaz.by_id
    for m in c.mentions:
        if m.kb_id and not m.kb_id.startswith("@") and m.kb_id in by_id:
            return by_id[m.kb_id]
    return None


def _type(c: Cluster, entry: GazetteerEntry | None) -> EntityType:
    if entry is not None:
        return entry.type
    named = Counter(m.type for m in c.mentions if m.kind in _NAMED)
    if named:
        top = max(named.values())
        return next(m.type for m in c.mentions if m.kind in _NAMED and named[m.type] == top)
    return c.mentions[0].type


def canonical(c: Cluster, entry: GazetteerEntry | None) -> tuple[str, tuple[str, ...]]:
    """(canonical name, aliases) of a cluster: the fullest proper form used in the article."""
    names = [m.text for m in c.mentions if m.kind is MentionKind.NAME]
    acronyms = [m.text for m in c.mentions if m.kind is MentionKind.ACRONYM]
    descriptions = [m.text for m in c.mentions if m.kind is MentionKind.DESCRIPTION]
    forms = names + acronyms
    if entry is not None:
        known = {normalize_name(n) for n in entry.names}
        used = [f for f in [*forms, *c.qualified] if normalize_name(f) in known]
        name = max(used, key=len) if used else (max(names, key=len) if names else entry.name)
    elif names:
        units = c.qualified if any(_is_unit(m) for m in c.mentions) else []
        proper = [n for n in [*names, *units] if is_proper_name(n)]
        name = max(proper or [*names, *units], key=len)
    elif c.qualified or (descriptions and not acronyms):
        name = max([*c.qualified, *descriptions], key=len)
    else:
        name = max(acronyms, key=len)
    short = [_COUNTRY_WORDS.sub("", f) for f in [name, *forms]]
    aliases, seen = [], {name.lower()}
    # descriptions ("the company") are mentions of the entity, not names of it: an alias would
    # make every "the company" of the corpus a way to find (and merge with) this entity
    for f in [*forms, *short, *c.qualified]:
        if f and f.lower() not in seen:
            seen.add(f.lower())
            aliases.append(f)
    return name, tuple(aliases)


def resolve_entities(document: Document, mentions: Sequence[Mention],
                     gazetteer: Gazetteer | None = None) -> list[tuple[Entity, list[Mention]]]:
    """Every entity of the document with its mentions (pronoun-only clusters are skipped).

    >>> text = "The FBI met Zentek. The Federal Bureau of Investigation said so."
    >>> G = EntityType.GOVERNMENT_BODY
    >>> ms = [Mention("FBI", 4, 7, G, MentionKind.ACRONYM, "us-fbi"),
    ...       Mention("Federal Bureau of Investigation", 24, 55, G, MentionKind.NAME, "us-fbi")]
    >>> [(e.name, e.aliases) for e, _ in resolve_entities(Document("d", text), ms)]
    [('Federal Bureau of Investigation', ('FBI',))]
    """
    gaz = gazetteer or load_gazetteer()
    out = []
    taken: set[str] = set()
    for c in clusters(document, other_bodies(document.text, mentions, gaz)):
        if all(m.kind is MentionKind.PRONOUN for m in c.mentions):
            continue
        entry = _entry(c, gaz)
        etype = _type(c, entry)
        name, aliases = canonical(c, entry)
        if entry is None:
            name, aliases = common_terms(document.text, name, aliases)
        eid = entry.id if entry else local_id(name, etype, document.id, c)
        if eid in taken:
            # two entities of one article whose names differ only in their legal form
            # ("BAE Systems, Inc." / "BAE Systems PLC"): the second keeps the form in its id
            eid = entity_id(name, etype)
        taken.add(eid)
        out.append((Entity(eid, name, etype, aliases, entry.qid if entry else ""), c.mentions))
    return out


def local_id(name: str, etype: EntityType, doc_id: str, c: Cluster | None = None) -> str:
    """The id of an entity found by name: companies by their name without legal form
    (:func:`~graphbuild.resolve.names.company_key`), other named entities by their normalised
    name; Groups, entities known only by a description and names that do not tell one thing
    from another (a unit without its organisation, a surname alone) get an id of their article,
    so they never merge across articles ("many police departments" or "the U.S. District Court"
    in two articles are two).

    >>> local_id("Kestrel Labs Inc.", EntityType.COMPANY, "a") == local_id("Kestrel Labs", EntityType.COMPANY, "b")
    True
    >>> local_id("lawmakers", EntityType.GROUP, "a") == local_id("lawmakers", EntityType.GROUP, "b")
    False
    """
    named = is_proper_name(name) and (c is None or any(
        m.kind in _NAMED and is_proper_name(m.text) for m in c.mentions))
    if etype is EntityType.GROUP or not named or is_local_name(name, etype):
        base = entity_id(name, etype)
        return f"{base}-{short_hash(doc_id, n=6)}"
    if etype is EntityType.COMPANY:
        return entity_id(company_key(name), etype)
    return entity_id(name, etype)


def resolve_document(document: Document, mentions: Sequence[Mention],
                     relation_mentions: Sequence[RelationMention],
                     gazetteer: Gazetteer | None = None) -> DocumentGraph:
    """Group mentions into entities and rewrite relation mentions onto entity ids."""
    args = [x for r in relation_mentions for x in (r.subject, r.object)]
    resolved = resolve_entities(document, [*mentions, *args], gazetteer)
    at: dict[tuple[int, int], Entity] = {}
    for ent, ms in resolved:
        for m in ms:
            at[(m.start, m.end)] = ent
    relations = []
    from_names: set[tuple[str, str, str, bool]] = set()
    # earliest first, so a relation read off a name keeps the sentence where it first appears
    for r in sorted(relation_mentions, key=lambda x: (x.evidence.start, x.subject.start)):
        s, o = at.get((r.subject.start, r.subject.end)), at.get((r.object.start, r.object.end))
        if s is None or o is None or s.id == o.id:
            continue
        if r.rule in NAME_RULES:
            # "Amazon Web Services" states once that AWS is part of Amazon; every later sentence
            # that uses the name repeats the name, not the claim
            key = (s.id, r.predicate.value, o.id, r.negated)
            if key in from_names:
                continue
            from_names.add(key)
        relations.append(Relation(s.id, r.predicate, o.id, r.evidence, r.negated, r.verb, r.role))
    used = {r.subject for r in relations} | {r.object for r in relations}
    ents = {e.id: e for e, _ in resolved if e.id in used}
    return DocumentGraph(document, tuple(sorted(ents.values(), key=lambda e: e.id)),
                         tuple(relations), tuple(mentions))
