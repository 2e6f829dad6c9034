"""Negation of a predicate: "not", "n't", "never", "no <noun>", and negating governors
("failed to send", "declined to say", "refused to sign").

Reported speech is not negation: in "X said that Y did Z" the clause Y did Z is judged on its own
words. Hedges ("may", "allegedly", "reportedly") do not negate either.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphbuild.relations.rules.base import Context
from graphbuild.vocab.wordlists import WordList

NEG_DETS = WordList("negative_determiner")  # "no contract"
NEG_ADVERBS = WordList("negative_adverb")  # "never" (parsed as an adverb, not a neg child)
NEG_PREPS = WordList("negative_prep")  # "without an agreement"
OBJ_DEPS = frozenset({"dobj", "obj", "attr", "pobj"})


def has_neg(token: Token, ctx: Context) -> bool:
    """A ``neg`` child ("not", "n't", "never") or "never" as an adverb."""
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEG_ADVERBS) for c in ctx.kids(token))


def noun_negated(noun: Token, ctx: Context) -> bool:
    """"no contract", "without an agreement"."""
    if any(c.dep_ == "det" and c.lower_ in NEG_DETS for c in ctx.kids(noun)):
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ in NEG_PREPS


def governor_negated(verb: Token, ctx: Context) -> bool:
    """The verb is the complement of a negating verb ("failed to provide", "declined to sign")
    or of a negated control verb ("did not agree to pay")."""
    t = verb
    for _ in range(3):
        if t.dep_ not in {"xcomp", "pcomp"} and not (t.dep_ == "advcl" and t.tag_ == "VB"):
            return False
        head = t.head
        if head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:  # "refrain from sending"
            head = head.head
        if ctx.lexicon.has("negator", head.lemma_.lower()):
            return not has_neg(head, ctx)
        if t.dep_ == "xcomp" and has_neg(head, ctx):
            return True
        t = head
    return False


def is_negated(verb: Token, ctx: Context, noun: Token | None = None) -> bool:
    """Negation of a verb frame, optionally with its light-verb noun ("have no contract"); a
    verb's own answer is kept in ``ctx.negated`` (rules and pair features ask it again)."""
    if noun is not None:
        return _negated(verb, ctx, noun)
    known = ctx.negated.get(verb.i)
    if known is None:
        known = ctx.negated[verb.i] = _negated(verb, ctx, None)
    return known


def _negated(verb: Token, ctx: Context, noun: Token | None) -> bool:
    if has_neg(verb, ctx):
        return True
    if any(a.dep_ == "aux" and has_neg(a, ctx) for a in ctx.kids(verb)):
        return True
    if noun is not None and (noun_negated(noun, ctx) or has_neg(noun, ctx)):
        return True
    if any(c.dep_ in OBJ_DEPS and noun_negated(c, ctx) for c in ctx.kids(verb)):
        return True
    return governor_negated(verb, ctx)
