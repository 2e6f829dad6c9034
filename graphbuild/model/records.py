"""Typed, immutable records passed between pipeline stages.

Only these records cross stage boundaries; spaCy objects stop at ``graphbuild.relations``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum

from graphbuild.model.text import clean_name, has_unsafe
from graphbuild.vocab.terms import EntityType, Predicate


class MentionKind(str, Enum):
    """How an entity is referred to in the text."""

    NAME = "name"
    ACRONYM = "acronym"
    DESCRIPTION = "description"  # "the agency", "the company"
    PRONOUN = "pronoun"


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``text`` is what the NLP stage reads; offsets refer to it."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    path: str = ""
    stored_hash: str = ""  # the content hash recorded with a document read back without its text

    @property
    def content_hash(self) -> str:
        if self.stored_hash and not self.text:
            return self.stored_hash
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of a document's text that refers to an entity."""

    text: str
    start: int
    end: int
    type: EntityType
    kind: MentionKind = MentionKind.NAME
    kb_id: str = ""  # gazetteer id when the name is known


@dataclass(frozen=True, slots=True)
class EventTime:
    """When a sentence says a relation held: an ISO date or interval with its precision.

    ``value`` is ISO 8601 at the stated precision (``2018-06-15``, ``2018-06``, ``2018-Q2``,
    ``2018``) or an interval (``2015/..`` since, ``../2019-03`` until, ``2019/2021``);
    ``start``/``end`` are the first and last day it covers (``""`` when open). The publication
    date is not an event time: it stays on the :class:`Document`.

    >>> EventTime("in 2017", "2017", "year", "2017-01-01", "2017-12-31").value
    '2017'
    """

    text: str
    value: str
    precision: str  # day | month | quarter | year
    start: str = ""
    end: str = ""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount a sentence attaches to a relation: value, ISO 4217 currency, the text."""

    value: float
    currency: str
    text: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a relation is stated: document, sentence, character span of the sentence; and what
    the sentence says about it besides: when (``when``) and how much (``amount``)."""

    doc_id: str
    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float
    when: EventTime | None = None
    amount: Money | None = None


@dataclass(frozen=True, slots=True)
class RelationMention:
    """A relation between two mentions of one document, before entity resolution."""

    subject: Mention
    predicate: Predicate
    object: Mention
    evidence: Evidence
    negated: bool = False
    verb: str = ""
    role: str = ""
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one node of the graph."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str = ""

    def __post_init__(self) -> None:
        # a name is shown in tables, drawings and XML: no control, bidi or zero-width characters
        # (the evidence sentence keeps the article's text as it was)
        if has_unsafe(self.name) or any(has_unsafe(a) for a in self.aliases):
            object.__setattr__(self, "name", clean_name(self.name))
            object.__setattr__(self, "aliases", tuple(clean_name(a) for a in self.aliases))


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two canonical entities, with the evidence that states it."""

    subject: str  # Entity.id
    predicate: Predicate
    object: str  # Entity.id
    evidence: Evidence
    negated: bool = False
    verb: str = ""
    role: str = ""

    @property
    def key(self) -> tuple[str, str, str, bool]:
        """The edge this relation belongs to: (subject, predicate, object, negated).

        Symmetric predicates are keyed with the ids in sorted order.
        """
        s, o = self.subject, self.object
        if self.predicate.symmetric and o < s:
            s, o = o, s
        return (s, self.predicate.value, o, self.negated)


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """Everything extracted from one document: its entities and relations."""

    document: Document
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
