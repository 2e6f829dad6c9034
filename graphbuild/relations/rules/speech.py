"""Quoted criticism: an official of an authority quoted about a named company's conduct criticises it.

"'Walmart valued international growth over compliance,' said Charles Cain, Chief of ..." ->
Charles Cain criticized Walmart. The quote may span several sentences before the attribution;
the company must be the subject (or the possessor of the subject) of a clause inside the quote.
General statements without a named company give nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from graphbuild.relations.rules.base import Context, entity_of, is_org
from graphbuild.relations.rules.structure import titled
from graphbuild.vocab.terms import EntityType, Predicate
from graphbuild.vocab.wordlists import WordList

Raw = tuple[Span, Predicate, Span, str, bool, str]
SPEECH_VERBS = WordList("speech_verb")
OPEN_QUOTES = frozenset({"\u201c", '"', "``"})
MAX_QUOTE_TOKENS = 150
TARGETS = frozenset({EntityType.COMPANY.value})
CARRIED = "speech:carried"
CREDITING_VERBS = WordList("crediting_verb")  # the quote continues after the attribution sentence


def speaker(verb: Token, ctx: Context) -> Span | None:
    for c in ctx.kids(verb):
        if c.dep_ == "nsubj":
            m = entity_of(c, ctx)
            if m is not None and m.label_ == EntityType.PERSON.value:
                return m
    return None


def quote_tokens(verb: Token, ctx: Context) -> list[Token]:
    """Tokens of the quotation attributed to ``verb``: the quote that closes just before it
    (opened in this or up to three earlier sentences), or the one that opens just after it
    ("..., added, 'Armor failed ...'")."""
    doc = ctx.doc
    sent = verb.sent
    before = [t for t in doc[sent.start:verb.i] if t.is_quote]
    if before and not _opens(before[-1]):
        end = before[-1].i
        lo = max(0, end - MAX_QUOTE_TOKENS)
        for i in range(end - 1, lo - 1, -1):
            if doc[i].is_quote:
                return list(doc[i + 1:end]) if _opens(doc[i]) else []
        return []
    after = [t for t in doc[verb.i + 1:min(len(doc), verb.i + 6)] if t.is_quote]
    if after and _opens(after[0]):
        start = after[0].i + 1
        for i in range(start, min(len(doc), start + MAX_QUOTE_TOKENS)):
            if doc[i].is_quote:
                return list(doc[start:i]) if not _opens(doc[i]) else []
    return []


def next_quote(sent: Span, ctx: Context) -> list[Token]:
    """A quotation that opens right after the attribution sentence continues the same speaker
    ('"...," said Jane Roe. "Zeta hid the payments."') unless it has its own speech verb."""
    doc = ctx.doc
    i = sent.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or not _opens(doc[i]):
        return []
    for j in range(i + 1, min(len(doc), i + MAX_QUOTE_TOKENS)):
        if doc[j].is_quote:
            if _opens(doc[j]):
                return []
            after = doc[j + 1:min(len(doc), j + 4)]
            if any(t.lemma_.lower() in SPEECH_VERBS for t in after):
                return []  # '"...," added Jane Roe': attributed on its own
            return list(doc[i + 1:j])
    return []


def _opens(t: Token) -> bool:
    if t.text in OPEN_QUOTES and t.text != '"':
        return True
    if t.text == '"':  # straight quotes: opening when followed by a word without a space before it
        return t.i + 1 < len(t.doc) and not t.whitespace_ and (t.i == 0 or bool(t.doc[t.i - 1].whitespace_))
    return t.is_left_punct


def speech_frames(sent: Span, ctx: Context) -> Iterator[Raw]:
    for verb in ctx.tokens(sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        who = speaker(verb, ctx)
        if who is None:
            continue
        bodies = [org for _, org, _ in titled(who, ctx)]
        if not any(b.label_ == EntityType.GOVERNMENT_BODY.value for b in bodies):
            continue  # only officials of an authority; a company's own counsel does not criticise it
        seen: set[int] = set()
        quoted = [(t, "speech") for t in quote_tokens(verb, ctx)]
        quoted += [(t, CARRIED) for t in next_quote(sent, ctx)]
        for t, rule in quoted:
            possessor = t.dep_ == "poss" or (t.dep_ == "nmod" and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].tag_ == "POS")
            if t.dep_ != "nsubj" and not possessor:
                continue
            if possessor and t.head.dep_ != "nsubj":
                continue
            clause = t.head.head if possessor else t.head
            if clause.lemma_.lower() in CREDITING_VERBS:
                continue  # "Acme cooperated fully", "Acme self-reported": praise, not blame
            m = ctx.mention(t)
            if m is None or m.label_ not in TARGETS or m.start in seen:
                continue
            seen.add(m.start)
            yield who, Predicate.CRITICIZED, m, verb.lemma_.lower(), False, rule


FIRST_PERSON = WordList("first_person")


def speaker_org(verb: Token, ctx: Context) -> Span | None:
    """The organisation a speech verb's subject speaks for: "an AWS spokesperson said" (AWS),
    "said Maya Okafor, a spokeswoman for the police department" (the department), "ICE said"."""
    for c in ctx.kids(verb):
        if c.dep_ != "nsubj":
            continue
        m = entity_of(c, ctx)
        if m is None:
            return None
        if is_org(m):
            return m
        if m.label_ == EntityType.PERSON.value:
            orgs = [org for _, org, _ in titled(m, ctx)]
            return orgs[0] if orgs else None
    return None


def attach_first_person(ctx: Context) -> None:
    """"We", "us" and "our" inside a quotation stand for the speaker's organisation
    ('"We have worked with Halvorsen since 2016," said a spokeswoman for the department'):
    each becomes a pronoun mention pointing at it, so rules read it like "it" or "the agency".
    One pass over the speech verbs; each quote is read once."""
    doc = ctx.doc
    if len(doc) == 0:
        return
    wanted = {doc.vocab.strings.add(w) for w in FIRST_PERSON}
    if not wanted.intersection(doc.to_array(LOWER).tolist()):
        return  # most articles quote nobody in the first person
    lemmas = {doc.vocab.strings.add(w) for w in SPEECH_VERBS}
    for i, h in enumerate(doc.to_array(LEMMA).tolist()):
        verb = doc[i] if h in lemmas else None
        if verb is None or verb.pos_ != "VERB":
            continue
        quoted = quote_tokens(verb, ctx)
        if not any(t.lower_ in FIRST_PERSON for t in quoted):
            continue
        org = speaker_org(verb, ctx)
        if org is None:
            continue
        kb = org.kb_id_ or f"@{org.start_char}"
        for t in quoted:
            if t.lower_ in FIRST_PERSON and ctx.mention(t) is None:
                ctx.index[t.i] = Span(doc, t.i, t.i + 1, label=org.label_, kb_id=kb, span_id="pronoun")
