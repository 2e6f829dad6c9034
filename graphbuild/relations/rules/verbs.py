"""Verb frames: subject-verb-object, prepositional objects, passives with agents, participles
("boot camps sponsored by X"), relative clauses, control chains ("agreed to pay", "sought to
win") and light verbs with nominalised objects ("have a contract with", "file a lawsuit against",
"enter into an agreement with", "win a contract"). Settling a proceeding ("agreed to pay ... to
resolve the Department's investigation") makes the proceeding's owner penalize the payer.

Unknown verbs give ``other`` (the verb kept) only between a subject and a direct object that are
both mentions, to keep precision high.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from spacy.tokens import Span, Token

from graphbuild.relations.lexicon import DIRECT
from graphbuild.relations.rules.base import Context, args, is_org, np_entity, prep_objects
from graphbuild.relations.rules.negation import is_negated
from graphbuild.vocab.terms import EntityType, Predicate
from graphbuild.vocab.wordlists import WordList

Raw = tuple[Span, Predicate, Span, str, bool, str]  # subject, predicate, object, verb, negated, rule
Arg = tuple[Span, bool]

FIRST_PERSON = WordList("first_person")
JOINT_ADVERBS = WordList("joint_adverb")
REL_PRONOUNS = WordList("relative_pronoun")
LEGAL = frozenset({Predicate.PENALIZED, Predicate.SUED, Predicate.INVESTIGATED})
PURPOSE_HEADS = WordList("purpose_head")
# Verbs whose direct object is the subject of their infinitive ("requires MLCI to cooperate").
OBJECT_CONTROL = WordList("object_control_verb")  # "hired X to pass cash"
ATTEMPT_HEADS = WordList("attempt_head")
REQUIRE_VERBS = WordList("require_verb")
PAY_VERBS = WordList("pay_verb")
AUTHORITY_NOUNS = WordList("authority_noun")
WON = frozenset({Predicate.CONTRACTED_WITH, Predicate.SUPPLIED})  # pitched while only sought
STOP_VERBS = WordList("stop_verb")
REQUEST_VERBS = WordList("request_verb")
MISTAKE_VERBS = WordList("mistake_verb")
MISTAKE_ADVERBS = WordList("mistake_adverb")
# Legal predicates need an authority as subject ("Alder charged its customers fees" is not one).
AUTHORITY_TYPES = frozenset({EntityType.GOVERNMENT_BODY.value, EntityType.LOCATION.value,
                             EntityType.GROUP.value})
ACTOR_TYPES = frozenset({EntityType.COMPANY.value, EntityType.GOVERNMENT_BODY.value,
                         EntityType.ORGANIZATION.value, EntityType.PERSON.value, EntityType.GROUP.value})


def verb_lemma(verb: Token, lex) -> str:
    """The lemma, repaired when the lemmatizer cut an "-ed"/"-es" form of a lexicon verb too short
    ("fined" -> "fin", "misidentified" -> "misidentifie"): the form without its ending is tried."""
    lemma = verb.lemma_.lower()
    if lex.knows(lemma):
        return lemma
    low = verb.lower_
    if not low.endswith(("d", "s")):
        return lemma
    for cand in (low[:-1], low[:-2], low[:-3] + "y"):  # fined, fines, misidentified
        if lex.knows(cand):
            return cand
    return lemma


def _amount_holder(obj: Token, ctx: Context) -> list[Token]:
    """"fined Clearview AI 20 million euros": the parser makes the name a modifier of the amount;
    the name is the object."""
    if ctx.mention(obj) is not None or not any(c.like_num for c in ctx.kids(obj) if c.dep_ in {"nummod", "compound"}):
        return []
    return [c for c in ctx.kids(obj) if c.dep_ in {"nmod", "compound"} and c.i < obj.i
            and (m := ctx.mention(c)) is not None and m.root.i == c.i]


def _jointly(verb: Token, subj: list[Arg], neg: bool, found: list[Raw], ctx: Context) -> list[Raw]:
    """"The Bureau took the action jointly with the State Office": acting jointly is a partnership
    (annotation convention for joint actions of regulators). A "with" object the verb already
    relates otherwise is the counterparty ("jointly settled with Zeta"), not a partner."""
    kids = ctx.kids(verb)
    if not any(c.dep_ == "advmod" and c.lower_ in JOINT_ADVERBS for c in kids):
        return []
    preps = [c for c in kids if c.dep_ == "prep" and c.lower_ == "with"]
    preps += [p for c in kids if c.dep_ == "advmod" and c.lower_ in JOINT_ADVERBS
              for p in ctx.kids(c) if p.dep_ == "prep" and p.lower_ == "with"]
    related = {r[0].start for r in found} | {r[2].start for r in found}
    return [(s, Predicate.PARTNERED_WITH, o, verb.lemma_.lower(), neg or s_neg or o_neg, "prep:joint")
            for p in preps for t in ctx.kids(p) if t.dep_ == "pobj"
            for o, o_neg in args(t, ctx) if o.start not in related
            for s, s_neg in subj if s.start != o.start]


def is_verb(t: Token) -> bool:
    return t.pos_ in {"VERB", "AUX"}


def _direct(verb: Token, deps: set[str], ctx: Context) -> list[Token]:
    return [c for c in ctx.kids(verb) if c.dep_ in deps]


def subjects(verb: Token, ctx: Context, depth: int = 0) -> list[Arg]:
    """Who does ``verb``: its nsubj, else the controller of an infinitive/gerund, the head noun of
    a relative clause or participle, or the subject shared with a conjoined verb."""
    if depth > 4:
        return []
    for c in ctx.kids(verb):
        if c.dep_ == "nsubj":
            if c.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                found = args(verb.head, ctx)
                named = np_entity(verb.head, ctx) if not found else None
                return found or ([(named, False)] if named is not None else [])  # "X, a startup that sells"
            return args(c, ctx)
    if any(c.dep_ in {"nsubjpass", "csubj"} for c in ctx.kids(verb)):
        return []
    dep, head = verb.dep_, verb.head
    if dep == "xcomp" and is_verb(head):
        objs = _direct(head, {"dobj"}, ctx)
        if objs and head.lemma_.lower() in OBJECT_CONTROL:  # "requires MLCI to cooperate"
            return args(objs[0], ctx)
        return subjects(head, ctx, depth + 1)
    if dep == "pcomp" and head.dep_ == "prep" and is_verb(head.head):
        objs = _direct(head.head, {"dobj"}, ctx)
        if objs and head.lower_ in OBJECT_CLAUSE_PREPS:  # "prevent X from paying", "criticized X for selling"
            return args(objs[0], ctx)
        return subjects(head.head, ctx, depth + 1)
    if dep in {"advcl", "conj"} and is_verb(head):
        return subjects(head, ctx, depth + 1)
    if dep in {"acl", "relcl"}:  # "companies selling software to the police", "X, which sells"
        found = args(head, ctx)
        if not found and (entity := np_entity(head, ctx)) is not None:
            found = [(entity, False)]
        if not found and dep == "acl":  # "its efforts to sell X to Y"
            found = [a for c in ctx.kids(head) if c.dep_ == "poss" for a in args(c, ctx)]
        if not found and dep == "acl" and head.dep_ == "dobj" and is_verb(head.head):
            found = subjects(head.head, ctx, depth + 1)  # "X issued an Order settling charges"
        return found
    return []


def fallback_subject(verb: Token, sent: Span, ctx: Context) -> list[Arg]:
    """When the parse lost the subject of a main verb (typically a dateline or headline glued to
    the first sentence: "WASHINGTON - The Commission today issued ..."), the first actor named
    before the verb in the sentence."""
    root = verb
    for _ in range(4):  # climb conjunctions and control verbs to the clause's main verb
        if root.dep_ not in {"conj", "xcomp", "advcl"} or not is_verb(root.head) \
                or not sent.start <= root.head.i < sent.end:
            break
        root = root.head
    head = root.head
    if root.dep_ in {"conj", "acl"} and head.pos_ in {"NOUN", "PROPN"} and head.dep_ == "dobj" \
            and is_verb(head.head) and head.head.i != verb.i:
        # "The Commission issued an Order filing and settling charges against X"
        return subjects(head.head, ctx) or fallback_subject(head.head, sent, ctx)
    inside = sent.start <= head.i < sent.end
    if not (root.dep_ == "ROOT" or not inside):
        return []
    if any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in ctx.kids(root)):
        return []
    for m in ctx.sent_mentions(sent):
        if m.start >= verb.i:
            break
        if m.label_ in ACTOR_TYPES:
            return [(m, False)]
    return []


def is_passive(verb: Token, ctx: Context) -> bool:
    """Passive clause, or a past participle on a noun ("boot camps sponsored by X"); a participle
    of a verb the lexicon only knows as intransitive ("X, partnered with Y") is active."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in ctx.kids(verb)):
        return True
    if verb.dep_ in {"acl", "amod", "advcl"} and verb.tag_ == "VBN":
        if any(c.dep_ == "agent" for c in ctx.kids(verb)):
            return True
        return ctx.lexicon.verb_entry(verb.lemma_.lower(), DIRECT) is not None or \
            not ctx.lexicon.knows(verb.lemma_.lower())
    return False


def passive_objects(verb: Token, ctx: Context) -> list[Arg]:
    for c in ctx.kids(verb):
        if c.dep_ == "nsubjpass":
            if c.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
                found = args(verb.head, ctx)
                named = np_entity(verb.head, ctx) if not found else None
                return found or ([(named, False)] if named is not None else [])  # "X, a startup that sells"
            return args(c, ctx)
    if verb.dep_ in {"acl", "amod", "relcl"}:
        return args(verb.head, ctx)
    if verb.dep_ == "advcl":  # "Spearheaded by the FTC, Operation X is ..."
        return [a for c in ctx.kids(verb.head) if c.dep_ == "nsubj" for a in args(c, ctx)]
    return []


def agents(verb: Token, ctx: Context) -> list[Arg]:
    out: list[Arg] = []
    for c in ctx.kids(verb):
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in ctx.kids(c):
                if p.dep_ == "pobj":
                    out += args(p, ctx)
    return out


def irrealis(verb: Token, ctx: Context) -> bool:
    """A purpose or condition: "to win a contract", "as a condition of obtaining a contract"."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in ctx.kids(verb)):
        return True
    return verb.dep_ == "pcomp" and verb.head.lower_ in PURPOSE_HEADS


def attempted(verb: Token, ctx: Context) -> bool:
    """The act is only tried or wanted: "efforts to sell X to Y", "sought to sell", "plans to"."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in ctx.kids(verb)):
        return False
    return verb.head.lemma_.lower() in ATTEMPT_HEADS


def hypothetical(verb: Token, ctx: Context) -> bool:
    """Asked for, demanded or stopped, not stated: "asked the company to stop selling X",
    "demanding that the company cease marketing X", "plans to use X"."""
    t = verb
    for _ in range(3):
        if t.dep_ not in {"xcomp", "ccomp", "pcomp"}:
            return False
        head = t.head.head if t.dep_ == "pcomp" else t.head
        lemma = head.lemma_.lower()
        if lemma in STOP_VERBS or lemma in REQUEST_VERBS or (t.dep_ == "xcomp" and lemma in ATTEMPT_HEADS):
            return True
        t = head
    return False


def orient(pred: Predicate, s: Span, o: Span) -> tuple[Span, Span]:
    """Legal predicates go from the authority: a company "settling with" an agency is penalized."""
    gov = EntityType.GOVERNMENT_BODY.value
    if pred in LEGAL and pred != Predicate.SUED and s.label_ != gov and o.label_ == gov:
        return o, s
    return s, o


def verb_frames(sent: Span, ctx: Context, consumed: set[int]) -> Iterator[Raw]:
    """All verb-anchored relations of a sentence. Nouns used by light verbs go into ``consumed``."""
    lex = ctx.lexicon
    for verb in ctx.tokens(sent):
        if verb.pos_ != "VERB" and not (verb.pos_ == "AUX" and verb.lemma_ == "have"
                                        and any(c.dep_ == "dobj" for c in ctx.kids(verb))):
            continue
        lemma = verb_lemma(verb, lex)
        prt = next((c.lower_ for c in ctx.kids(verb) if c.dep_ == "prt"), "")
        lemmas = (f"{lemma} {prt}", lemma) if prt else (lemma,)
        neg = is_negated(verb, ctx)
        passive = is_passive(verb, ctx)
        subj = agents(verb, ctx) if passive else subjects(verb, ctx)
        subj = [a for a in subj if sent.start <= a[0].start < sent.end]  # never from a headline
        if not subj and not passive:
            subj = fallback_subject(verb, sent, ctx)
        if lex.has("light", lemma) or lex.has("attempt", lemma) or lex.has("resolve", lemma):
            yield from _light(verb, lemma, subj, ctx, consumed)
        if not subj:
            continue
        dobjs = _direct(verb, {"dobj"}, ctx)
        dobjs += [n for d in dobjs for n in _amount_holder(d, ctx)]
        obj_lemma = dobjs[0].lemma_.lower() if dobjs else None
        if obj_lemma is None and verb.dep_ == "relcl":  # "the disgorgement it will pay to X"
            obj_lemma = verb.head.lemma_.lower()
        if lemma in MISTAKE_VERBS and any(c.lower_ in MISTAKE_ADVERBS for c in ctx.kids(verb)):
            lemmas = ("mis" + lemma, *lemmas)
        objects: list[tuple[str, Token]] = []
        if passive:
            objects += [(DIRECT, c) for c in ctx.kids(verb) if c.dep_ == "nsubjpass"]
            if verb.dep_ in {"acl", "amod", "relcl", "advcl"}:
                objects.append((DIRECT, verb.head))
        else:
            objects += [(DIRECT, d) for d in dobjs]
        for prep, tok in prep_objects(verb, ctx):
            if prep not in DOER_PREPS and prep != "agent":  # the passive agent is the subject
                objects.append((prep, tok))
        for c in ctx.kids(verb):  # "X alleged that Y violated ...": the clause subject
            if c.dep_ == "ccomp":
                objects += [("that", s) for s in ctx.kids(c) if s.dep_ in {"nsubj", "nsubjpass"}]
        for d in dobjs:  # "wrote a letter to X", "pitched uses for its software to ICE"
            if ctx.mention(d) is None:
                objects += [(p, t) for p, t in prep_objects(d, ctx) if p not in NOT_RECIPIENT_PREPS]
        found = list(_emit(verb, lemmas, obj_lemma, subj, objects, neg, passive, ctx))
        if lemma in REQUIRE_VERBS and any(x.dep_ == "xcomp" and x.lemma_.lower() in PAY_VERBS
                                          for x in ctx.kids(verb)):
            for d in dobjs:  # "an order requiring Zeta to pay a penalty"
                found += [(s, Predicate.PENALIZED, o, lemma, neg or s_neg or o_neg, "svo")
                          for s, s_neg in subj for o, o_neg in args(d, ctx)
                          if s.start != o.start and s.label_ in AUTHORITY_TYPES]
        provided = _provide_with(verb, dobjs, subj, neg, ctx)
        if provided:  # the noun says what was provided: no bare ``other`` beside it
            pairs = {(r[0].start, r[2].start) for r in provided}
            found = [r for r in found if r[1] != Predicate.OTHER or (r[0].start, r[2].start) not in pairs]
        found += provided
        found += _under_agreement(verb, found, ctx)
        found += _jointly(verb, subj, neg, found, ctx)
        yield from found
        if len(subj) > 1 and any(r[1] in LEGAL for r in found) \
                and any(c.dep_ == "nsubj" and c.lower_ not in REL_PRONOUNS for c in ctx.kids(verb)):
            # "X and Y settled with Z"
            for i, (a, _) in enumerate(subj):
                for b, _ in subj[i + 1:]:
                    yield a, Predicate.PARTNERED_WITH, b, lemma, neg, "prep:joint"


def _emit(verb: Token, lemmas: tuple[str, ...], obj_lemma: str | None, subj: list[Arg],
          objects: list[tuple[str, Token]], neg: bool, passive: bool, ctx: Context) -> Iterator[Raw]:
    lex = ctx.lexicon
    for prep, tok in objects:
        objs = passive_objects(verb, ctx) if passive and tok.i == verb.head.i else args(tok, ctx)
        entry = None
        for lem in lemmas:
            entry = lex.verb_entry(lem, prep, obj_lemma)
            if entry is not None:
                break
        if entry is not None and entry.blocked:
            continue
        if entry is None or entry.predicate is None:
            if not _other_ok(verb, tok, lemmas, prep, passive, ctx):
                continue
            pred, rule = Predicate.OTHER, "other"
        else:
            pred = entry.predicate
            rule = "passive" if passive else ("svo" if prep == DIRECT else "prep")
        if pred == Predicate.OTHER and lemmas[-1] == "pay" and prep == "to" and _authority(tok, ctx):
            entry = lex.verb_entry("pay", "to", "penalty")  # a payment to an authority is a penalty
            pred = Predicate.PENALIZED
        for s, s_neg in subj:
            for o, o_neg in objs:
                if s.start == o.start:
                    continue
                if prep == "that" and o.id_ not in {"", "name", "acronym"}:
                    continue
                a, b = (o, s) if entry is not None and entry.inverse else (s, o)
                a, b = orient(pred, a, b)
                if pred in LEGAL and a.label_ not in AUTHORITY_TYPES \
                        and not (pred == Predicate.SUED and a.label_ in ACTOR_TYPES):
                    continue  # anyone may sue; only authorities charge, fine or investigate
                if pred == Predicate.SUPPLIED and attempted(verb, ctx):
                    pred = Predicate.PITCHED
                elif hypothetical(verb, ctx):
                    continue
                if pred == Predicate.OTHER and (a.label_ not in ACTOR_TYPES or b.label_ not in ACTOR_TYPES
                                                or a.text.lower() in FIRST_PERSON or b.text.lower() in FIRST_PERSON):
                    continue  # quoted "we can protect customers" is a statement of purpose
                yield a, pred, b, lemmas[0], neg or s_neg or o_neg, rule


def _authority(tok: Token, ctx: Context) -> bool:
    m = ctx.mention(tok)
    if m is None:
        return False
    return m.label_ == EntityType.GOVERNMENT_BODY.value or \
        (m.label_ == EntityType.GROUP.value and m.root.lemma_.lower() in AUTHORITY_NOUNS)


def _other_ok(verb: Token, tok: Token, lemmas: tuple[str, ...], prep: str, passive: bool,
              ctx: Context) -> bool:
    """An unknown verb relates only its own subject and direct object, in a plain clause: no
    inherited subject ("to try to influence X"), no object control ("enables X to scan")."""
    lex = ctx.lexicon
    if prep != DIRECT or passive or tok.dep_ != "dobj" or tok.head.i != verb.i:
        return False
    if any(lex.blocked(x) for x in lemmas) or lex.has("light", lemmas[-1]) or lex.has("attempt", lemmas[-1]):
        return False
    if not any(c.dep_ == "nsubj" for c in ctx.kids(verb)):
        return False
    return not any(c.dep_ in {"xcomp", "ccomp", "oprd"} for c in ctx.kids(verb))


def _under_agreement(verb: Token, found: list[Raw], ctx: Context) -> list[Raw]:
    """A penalty paid "as part of" / "under" an agreement: the payer and the authority have
    that agreement ("pay a penalty to the Department as part of a deferred prosecution agreement")."""
    frames = []
    for prep, tok in prep_objects(verb, ctx):
        if prep == "as" and tok.lemma_.lower() == "part":
            frames += [t for p, t in prep_objects(tok, ctx) if p == "of"]
        elif prep in AGREEMENT_PREPS:
            frames.append(tok)
    if not any(ctx.lexicon.noun_predicate(t.lemma_.lower()) == Predicate.CONTRACTED_WITH for t in frames):
        return []
    return [(b, Predicate.CONTRACTED_WITH, a, verb.lemma_.lower(), neg, "light:agreement")
            for a, pred, b, _, neg, _ in found if pred == Predicate.PENALIZED]


def _provide_with(verb: Token, dobjs: list[Token], subj: list[Arg], neg: bool, ctx: Context) -> list[Raw]:
    """"provide customers with the required notice": the noun names the act, the object is the
    recipient."""
    out: list[Raw] = []
    for prep, noun in prep_objects(verb, ctx):
        entry = ctx.lexicon.noun_entry(noun.lemma_.lower(), "to") if prep == "with" else None
        if entry is None or entry.predicate is None or ctx.mention(noun) is not None:
            continue
        for d in dobjs:
            for o, o_neg in args(d, ctx):
                for s, s_neg in subj:
                    if s.start != o.start:
                        out.append((s, entry.predicate, o, verb.lemma_.lower(), neg or s_neg or o_neg,
                                    f"light:{noun.lemma_.lower()}"))
    return out


def _noun_objects(noun: Token, verb: Token, ctx: Context) -> Iterator[tuple[str, Token]]:
    yield from prep_objects(noun, ctx)
    for prep, tok in prep_objects(verb, ctx):
        if tok.i != noun.i and prep not in NOT_NOUN_OBJECT_PREPS:
            yield prep, tok


def _light(verb: Token, lemma: str, subj: list[Arg], ctx: Context, consumed: set[int]) -> Iterator[Raw]:
    """"have a contract with Y", "entered into an agreement with Y", "win a contract" (pitched when
    it is only a purpose), "resolve the Department's investigation" (-> penalized + investigated)."""
    lex = ctx.lexicon
    nouns = _direct(verb, {"dobj"}, ctx) + [t for p, t in prep_objects(verb, ctx) if p == "into"]
    for noun in nouns:
        nl = noun.lemma_.lower()
        if lex.noun_predicate(nl) is None or ctx.mention(noun) is not None:
            continue
        neg = is_negated(verb, ctx, noun)
        if lex.has("resolve", lemma):
            consumed.add(noun.i)
            yield from _resolve(verb, noun, subj, neg, ctx)
            continue
        found = False
        for prep, tok in _noun_objects(noun, verb, ctx):
            entry = lex.noun_entry(nl, prep)
            if entry is None or entry.predicate is None:
                continue
            pred = entry.predicate
            if lex.has("attempt", lemma) and irrealis(verb, ctx) and pred in WON:
                pred = Predicate.PITCHED
            for s, s_neg in subj:
                for o, o_neg in args(tok, ctx):
                    if s.start != o.start:
                        found = True
                        a, b = orient(pred, *((o, s) if entry.inverse else (s, o)))
                        yield a, pred, b, lemma, neg or s_neg or o_neg, f"light:{nl}"
        if not found and lex.has("attempt", lemma):  # "to win U.N. supply contracts"
            noun_pred = lex.noun_predicate(nl)
            for c in ctx.kids(noun):
                m = ctx.mention(c) if c.dep_ in {"compound", "nmod"} else None
                if m is None or noun_pred is None:
                    continue
                p = Predicate.PITCHED if irrealis(verb, ctx) and noun_pred in WON else noun_pred
                for s, s_neg in subj:
                    if s.start != m.start:
                        found = True
                        yield s, p, m, lemma, neg or s_neg, f"light:{nl}"
        if found:
            consumed.add(noun.i)


def proceeding_owners(noun: Token, ctx: Context) -> list[Arg]:
    """Who runs a proceeding: "the Department's investigation", "charges by the DOJ",
    "an investigation announced by the DOJ", "litigation with the State"."""
    return noun_parties(noun, ctx, PROCEEDING_PREPS)


PROCEEDING_PREPS = WordList("proceeding_prep")
DOER_PREPS = WordList("doer_prep")  # "pitched by X"
OBJECT_CLAUSE_PREPS = WordList("object_clause_prep")  # "prevent X from paying"
NOT_RECIPIENT_PREPS = WordList("not_recipient_prep")  # "wrote a letter to X", not "of X"
AGREEMENT_PREPS = WordList("agreement_prep")  # "a penalty paid under an agreement"
NOT_NOUN_OBJECT_PREPS = WordList("not_noun_object_prep")


def noun_parties(noun: Token, ctx: Context, preps: AbstractSet[str],
                 org_compounds: bool = False) -> list[Arg]:
    """The parties a noun names: its possessor ("the SEC's"), an organisation compound when
    ``org_compounds`` ("an SEC investigation"), the objects of ``preps`` ("by the DOJ") and
    the agents of a participle ("announced by the DOJ")."""
    out: list[Arg] = []
    for c in ctx.kids(noun):
        if c.dep_ == "poss" or (org_compounds and c.dep_ == "compound" and (m := ctx.mention(c)) is not None
                                and is_org(m)):
            out += args(c, ctx)
        elif c.dep_ == "prep" and c.lower_ in preps:
            for p in ctx.kids(c):
                if p.dep_ == "pobj":
                    out += args(p, ctx)
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            out += agents(c, ctx)
    return out


def _resolve(verb: Token, noun: Token, subj: list[Arg], neg: bool, ctx: Context) -> Iterator[Raw]:
    lex = ctx.lexicon
    pred = lex.noun_predicate(noun.lemma_.lower())
    if pred is None:
        return
    preds = [pred] if pred not in {Predicate.INVESTIGATED} else [pred, Predicate.PENALIZED]
    owners = proceeding_owners(noun, ctx)
    against = [a for p, t in prep_objects(noun, ctx) if p == "against" for a in args(t, ctx)]
    if not owners and against:  # "settling charges against Zeta": the settler is the authority
        subj, owners = against, [a for a in subj if a[0].label_ in AUTHORITY_TYPES]
    for o, o_neg in owners:
        for s, s_neg in subj:
            if s.start == o.start:
                continue
            for p in preds:
                yield o, p, s, verb.lemma_.lower(), neg or o_neg or s_neg, f"light:{noun.lemma_.lower()}"


