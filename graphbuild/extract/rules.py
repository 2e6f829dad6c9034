"""Relation rules: small pure functions over a parsed sentence and its mention spans.

Each rule yields :class:`Candidate` records; ``graphbuild.extract.component`` turns them into
model records. Rules never see a database or a Document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from graphbuild.extract.lexicon import DIRECT, Lexicon
from graphbuild.vocab.terms import Predicate

SUBJ_DEPS = {"nsubj", "nsubjpass"}
OBJ_DEPS = {"dobj", "obj", "attr"}


@dataclass(frozen=True, slots=True)
class Candidate:
    subject: Span
    predicate: Predicate
    object: Span
    verb: str
    negated: bool
    rule: str
    confidence: float
    role: str = ""


def mention_at(token: Token, index: dict[int, Span]) -> Span | None:
    return index.get(token.i)


def is_negated(verb: Token) -> bool:
    """A ``neg`` child (not, never, n't) or a negating determiner on the object ("no contract")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.dep_ in OBJ_DEPS and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children)
               for c in verb.children)


def _arg_mentions(token: Token, index: dict[int, Span]) -> list[Span]:
    """The mention headed by ``token`` and mentions conjoined to it."""
    out = []
    for t in (token, *token.conjuncts):
        m = index.get(t.i)
        if m is not None:
            out.append(m)
    return out


def subject_verb_object(sent: Span, index: dict[int, Span], lexicon: Lexicon) -> Iterator[Candidate]:
    """X <verb> Y / X <verb> ... <prep> Y / Y was <verb>ed by X."""
    for verb in sent:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        subjects: list[Span] = []
        passive = False
        for c in verb.children:
            if c.dep_ == "nsubj":
                subjects += _arg_mentions(c, index)
            elif c.dep_ == "nsubjpass":
                passive = True
        objects: list[tuple[Span, str]] = []
        agents: list[Span] = []
        for c in verb.children:
            if c.dep_ in OBJ_DEPS:
                objects += [(m, DIRECT) for m in _arg_mentions(c, index)]
            elif c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pobj":
                        objects += [(m, c.lower_) for m in _arg_mentions(p, index)]
            elif c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        agents += _arg_mentions(p, index)
        if passive:
            pass_subj = [m for c in verb.children if c.dep_ == "nsubjpass" for m in _arg_mentions(c, index)]
            subjects, objects = agents, [(m, DIRECT) for m in pass_subj]
        neg = is_negated(verb)
        for s in subjects:
            for o, prep in objects:
                if s.start == o.start:
                    continue
                pred = lexicon.predicate(verb.lemma_, prep)
                conf = 0.8 if pred is not None else 0.5
                if pred is None:
                    if prep != DIRECT or verb.pos_ == "AUX":
                        continue
                    pred = Predicate.OTHER
                yield Candidate(s, pred, o, verb.lemma_, neg, "svo", conf)
