"""Helpers shared by test modules (test modules never import each other).

* hand-built parsed Docs for the rule tests: ``make_doc`` builds a parsed Doc from rows
  ``(word, lemma, pos, dep, head[, tag])`` (``head`` is the absolute index of the head token,
  ``lemma`` "" = the lower-cased word) and mention tuples ``(start, end, label[, kind[, kb_id]])``;
* two small articles as DocumentGraphs (``article_one``, ``article_two``) for the sinks;
* ``with_descriptions`` for the resolution tests.
"""

from __future__ import annotations

from dataclasses import replace

import spacy
from spacy.tokens import Doc, Span

from graphbuild.model import (
    Document,
    DocumentGraph,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Relation,
    entity_id,
)
from graphbuild.model.records import MentionKind
from graphbuild.relations.lexicon import load_lexicon
from graphbuild.relations.rules import Context, sentence_candidates

# -- hand-built Docs ---------------------------------------------------------------------------

Row = tuple


_VOCAB = None


def make_doc(rows: list[Row], mentions: list[tuple] = ()) -> Doc:
    global _VOCAB  # noqa: PLW0603
    if _VOCAB is None:
        _VOCAB = spacy.blank("en").vocab
    words = [r[0] for r in rows]
    doc = Doc(_VOCAB, words=words, lemmas=[r[1] or r[0].lower() for r in rows], pos=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[r[4] for r in rows],
              tags=[r[5] if len(r) > 5 else "" for r in rows])
    spans = []
    for m in mentions:
        start, end, label = m[:3]
        kind = m[3] if len(m) > 3 else "name"
        kb = m[4] if len(m) > 4 else ""
        spans.append(Span(doc, start, end, label=label, span_id=kind, kb_id=kb))
    doc.spans["gb_mentions"] = spans
    return doc


def context(doc: Doc) -> Context:
    return Context.build(doc, load_lexicon(), doc.spans["gb_mentions"])


def triples(doc: Doc) -> set[tuple[str, str, str, bool]]:
    """(subject text, predicate, object text, negated) of every candidate of the first sentence."""
    sent = doc[0:len(doc)]
    return {(c.subject.text, c.predicate.value, c.object.text, c.negated)
            for c in sentence_candidates(sent, context(doc))}


def candidates(doc: Doc):
    return sentence_candidates(doc[0:len(doc)], context(doc))


# -- two articles --------------------------------------------------------------------------------

def ent(name: str, type_: EntityType, *aliases: str) -> Entity:
    return Entity(entity_id(name, type_), name, type_, tuple(aliases))


AMAZON = ent("Amazon", EntityType.COMPANY, "Amazon.com")
AWS = ent("Amazon Web Services", EntityType.COMPANY, "AWS")
ICE = ent("U.S. Immigration and Customs Enforcement", EntityType.GOVERNMENT_BODY, "ICE")
HSI = ent("Homeland Security Investigations", EntityType.GOVERNMENT_BODY, "HSI")
ACLU = ent("American Civil Liberties Union", EntityType.ORGANIZATION, "ACLU")
REKOGNITION = ent("Rekognition", EntityType.PRODUCT)
JANE = ent("Jane Doe", EntityType.PERSON)
PALANTIR = ent("Palantir", EntityType.COMPANY)


def rel(doc: str, s: Entity, p: Predicate, o: Entity, sentence: str, start: int = 0, *,
        negated: bool = False, confidence: float = 0.8, verb: str = "", role: str = "") -> Relation:
    ev = Evidence(doc, sentence, start, start + len(sentence), "test.v1", confidence)
    return Relation(s.id, p, o.id, ev, negated, verb, role)


def doc_graph(doc_id: str, title: str, relations: list[Relation], entities: list[Entity]) -> DocumentGraph:
    doc = Document(doc_id, "text of " + doc_id, title=title, source="Example News",
                   url=f"https://news.example/{doc_id}", published="2018-10-23")
    return DocumentGraph(doc, tuple(entities), tuple(relations))


def article_one() -> DocumentGraph:
    s1 = "Amazon pitched its Rekognition software to ICE in June."
    s2 = "Homeland Security Investigations is part of ICE."
    s3 = "ICE does not have a contract with AWS."
    s4 = "The ACLU studied Rekognition."
    s5 = "Jane Doe, a researcher at the ACLU, said so."
    s6 = "Palantir has a contract with ICE."
    return doc_graph("a1", "Amazon met with ICE", [
        rel("a1", AMAZON, Predicate.PITCHED, ICE, s1, 0, verb="pitch", confidence=0.9),
        rel("a1", HSI, Predicate.PART_OF, ICE, s2, 60, confidence=0.95),
        rel("a1", ICE, Predicate.CONTRACTED_WITH, AWS, s3, 120, negated=True, verb="have"),
        rel("a1", ACLU, Predicate.STUDIED, REKOGNITION, s4, 170, verb="study"),
        rel("a1", AMAZON, Predicate.DEVELOPED, REKOGNITION, s1, 0, confidence=0.6),
        rel("a1", JANE, Predicate.WORKS_FOR, ACLU, s5, 200, role="researcher"),
        rel("a1", PALANTIR, Predicate.CONTRACTED_WITH, ICE, s6, 250),
    ], [AMAZON, AWS, ICE, HSI, ACLU, REKOGNITION, JANE, PALANTIR])


def article_two() -> DocumentGraph:
    s1 = "Amazon also pitched the technology to ICE officials in Redwood City."
    return doc_graph("a2", "Emails show Amazon's pitch", [
        rel("a2", AMAZON, Predicate.PITCHED, ICE, s1, 10, verb="pitch", confidence=0.7),
    ], [AMAZON, ICE])


# -- resolution ----------------------------------------------------------------------------------

def with_descriptions(entity: Entity, mentions) -> Entity:
    """The entity with the descriptions that refer to it in its aliases: descriptions are
    mentions, not names, so resolution keeps them out of ``aliases``; these tests check which
    entity each description was resolved to."""
    extra = [m.text for m in mentions if m.kind is MentionKind.DESCRIPTION and m.text != entity.name]
    return replace(entity, aliases=tuple(dict.fromkeys([*entity.aliases, *extra])))
