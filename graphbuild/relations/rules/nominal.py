"""Nominalisations: a relation expressed by a noun.

* agent + noun + object: "the Department's investigation into Y", "a lawsuit by X against Y",
  "X announced its participation in Y" (the agent of an object noun is the verb's subject);
* a noun document as subject: "The SEC's complaint charges Y", "A study conducted by X found that
  the system ..." (the object is the subject of the reported clause);
* "a meeting between X and Y";
* crediting: "X appreciates / acknowledges the assistance of A, B and C" -> X partneredWith each.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from graphbuild.relations.rules.base import (
    Context,
    NameChain,
    args,
    mentions_in,
    name_chains,
    prep_objects,
)
from graphbuild.relations.rules.negation import is_negated
from graphbuild.relations.rules.verbs import Raw, noun_parties, subjects
from graphbuild.vocab.terms import EntityType, Predicate
from graphbuild.vocab.wordlists import WordList

JOINT_PREPS = WordList("joint_prep")
REQUIRE_VERBS = WordList("require_verb")
PAY_VERBS = WordList("pay_verb")
# The credited list ends where the matter begins: "... the assistance of the FBI in its
# investigation of Acme" credits the FBI, not Acme.
MATTER_WORDS = WordList("matter_word")
DOER_PREPS = WordList("doer_prep")  # "a study by X"
GIVE_VERBS = WordList("give_verb")  # "A, B and C also provided significant cooperation"
CARRIED = "credit:carried"  # the creditor comes from an earlier sentence
LEGAL = frozenset({Predicate.PENALIZED, Predicate.SUED, Predicate.INVESTIGATED})
# Verbs about someone else's act: who criticizes a contract is not a party to it.
STANCE = frozenset({Predicate.CRITICIZED, Predicate.SUPPORTED, Predicate.STUDIED, Predicate.INVESTIGATED,
                    Predicate.SUED, Predicate.PENALIZED, Predicate.LOBBIED})


def noun_agents(noun: Token, ctx: Context) -> list[tuple[Span, bool]]:
    """Who does what a noun names: "the SEC's investigation", "an SEC investigation",
    "a study by X", "a study conducted by X"."""
    return noun_parties(noun, ctx, DOER_PREPS, org_compounds=True)


def nominal_frames(sent: Span, ctx: Context, consumed: set[int]) -> Iterator[Raw]:
    lex = ctx.lexicon
    for noun in ctx.tokens(sent):
        if noun.pos_ != "NOUN" or noun.i in consumed or ctx.mention(noun) is not None:
            continue
        nl = noun.lemma_.lower()
        pred = lex.noun_predicate(nl)
        if pred is None:
            continue
        if pred == Predicate.MET_WITH:
            yield from _between(noun, ctx)
        objs = []
        for prep, tok in prep_objects(noun, ctx):
            entry = lex.noun_entry(nl, prep)
            if entry is not None and entry.predicate is not None and prep != "between":
                objs += args(tok, ctx)
        ags = noun_agents(noun, ctx)
        head = noun.head
        if not ags and noun.dep_ == "dobj" and head.pos_ == "VERB" \
                and lex.predicate(head.lemma_.lower()) not in STANCE:
            ags = subjects(head, ctx)  # "X announced its participation in Y" (not "X protested Y's deal")
        neg = False
        if head.pos_ in {"VERB", "AUX"} and noun.dep_ in {"dobj", "nsubj", "nsubjpass"}:
            neg = is_negated(head, ctx, noun)
        if not objs and noun.dep_ == "nsubj" and head.pos_ == "VERB":
            objs = _reported_objects(head, ctx)  # "The SEC's complaint charges Y"
        if not objs and pred == Predicate.INVESTIGATED and noun.dep_ == "pobj" and head.head.pos_ == "VERB":
            objs = subjects(head.head, ctx)  # "Y cooperated with the SEC's inquiry"
        partners: list[tuple[Span, bool]] = []
        if pred in LEGAL:  # "a settlement along with X that requires Y to pay"
            partners = [a for p, t in prep_objects(noun, ctx) if p in JOINT_PREPS for a in args(t, ctx)]
            objs = objs + required_payers(noun, ctx)
            for s, s_neg in ags:
                for p, p_neg in partners:
                    if s.start != p.start:
                        yield s, Predicate.PARTNERED_WITH, p, nl, neg or s_neg or p_neg, f"nominal:{nl}"
        for s, s_neg in ags + partners:
            for o, o_neg in objs:
                if s.start != o.start:
                    yield s, pred, o, nl, neg or s_neg or o_neg, f"nominal:{nl}"


def required_payers(noun: Token, ctx: Context) -> list[tuple[Span, bool]]:
    """Who a settlement or order makes pay: "... that requires Embraer to pay $205 million"."""
    out: list[tuple[Span, bool]] = []
    for t in noun.subtree:
        if t.pos_ == "VERB" and t.lemma_.lower() in REQUIRE_VERBS \
                and any(x.dep_ == "xcomp" and x.lemma_.lower() in PAY_VERBS for x in ctx.kids(t)):
            out += [a for d in ctx.kids(t) if d.dep_ == "dobj" for a in args(d, ctx)]
    return out


def _reported_objects(verb: Token, ctx: Context) -> list[tuple[Span, bool]]:
    for c in ctx.kids(verb):
        if c.dep_ == "dobj":
            found = args(c, ctx)
            if found:
                return found
    for c in ctx.kids(verb):
        if c.dep_ == "ccomp":
            for s in ctx.kids(c):
                if s.dep_ in {"nsubj", "nsubjpass"}:
                    found = args(s, ctx) or [(m, False) for m in mentions_in(s.subtree, ctx)[:1]]
                    found = [(m, n) for m, n in found if m.label_ != EntityType.GROUP.value]
                    if found:
                        return found
    return []


def _between(noun: Token, ctx: Context) -> Iterator[Raw]:
    for c in ctx.kids(noun):
        if c.dep_ == "prep" and c.lower_ == "between":
            found = [m for p in ctx.kids(c) if p.dep_ == "pobj" for m, _ in args(p, ctx)]
            for i, a in enumerate(found):
                for b in found[i + 1:]:
                    if a.start != b.start:
                        yield a, Predicate.MET_WITH, b, noun.lemma_.lower(), False, "nominal:between"


def credit_frames(sent: Span, ctx: Context) -> Iterator[Raw]:
    """"X appreciates the assistance of A, B, and C": the parse of long lists is unreliable, so
    every top-level organisation mention after the noun in the sentence counts."""
    lex = ctx.lexicon
    chains: list[NameChain] = []
    yield from _also_provided(sent, ctx)
    for verb in ctx.tokens(sent):
        if verb.pos_ != "VERB" or not lex.has("credit", verb.lemma_.lower()):
            continue
        nouns = [c for c in ctx.kids(verb) if c.dep_ == "dobj"]
        if not nouns and verb.dep_ == "conj":  # "thanks and acknowledges the assistance of"
            nouns = [c for c in ctx.kids(verb.head) if c.dep_ == "dobj"]
        nouns = [n for n in nouns if lex.credit(verb.lemma_.lower(), n.lemma_.lower())]
        if not nouns:
            continue
        subj = subjects(verb, ctx)
        if subj:
            ctx.creditor = subj
        if not subj:  # "The CFTC thanks and acknowledges ...": the parse often loses the subject
            lead = ctx.sent_mentions(sent)
            subj = [(lead[0], False)] if lead and lead[0].start <= sent.start + 2 and lead[0].end <= verb.i else []
        neg = is_negated(verb, ctx)
        start = nouns[0].i + 1
        chains = chains or name_chains(sent, ctx)
        end = next((t.i for t in sent.doc[start:sent.end] if t.lower_ in MATTER_WORDS or t.text == ";"), sent.end)
        tail = sent.doc[start:end]
        chains = [c for c in chains if c.head.start < end]
        heads = {(c.head.start, c.head.end): c.head for c in chains if c.head.start >= start}
        credited = [m for m in mentions_in(tail, ctx) if m.label_ == EntityType.GROUP.value]
        credited += list(heads.values())
        for s, s_neg in subj:
            for o in credited:
                if o.start != s.start:
                    yield s, Predicate.PARTNERED_WITH, o, verb.lemma_.lower(), neg or s_neg, "credit"


def _also_provided(sent: Span, ctx: Context) -> Iterator[Raw]:
    """"A, B and C also provided significant cooperation": credited to whoever credited
    assistance earlier in the document."""
    if not ctx.creditor:
        return
    for verb in ctx.tokens(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in GIVE_VERBS:
            continue
        if not any(c.dep_ == "dobj" and ctx.lexicon.credit("appreciate", c.lemma_.lower()) for c in ctx.kids(verb)):
            continue
        if any(c.dep_ in {"dative", "prep"} and c.lower_ == "to" for c in ctx.kids(verb)):
            continue  # provided to someone named: not the release's own credit line
        for o, o_neg in subjects(verb, ctx):
            for s, _ in ctx.creditor:
                if s.start != o.start and s.text != o.text:
                    yield s, Predicate.PARTNERED_WITH, o, verb.lemma_.lower(), o_neg, CARRIED
