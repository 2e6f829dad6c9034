"""Shared pieces of the rule families: the candidate record, the per-document context and
argument resolution (which mention a syntactic argument stands for).

Argument resolution: a token inside a mention stands for that mention; a person or unit noun that
is not a mention ("an Amazon spokesperson", "ICE officials", "an official in the air force") stands
for the organisation named by its compound, possessive or ``of``/``in``/``at`` modifier, because an
employee acting for an organisation acts for it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc, Span, Token

from graphbuild.model.gazetteer import Gazetteer
from graphbuild.relations.lexicon import Lexicon
from graphbuild.vocab.terms import EntityType, Predicate
from graphbuild.vocab.wordlists import WordList

ORG_TYPES = frozenset({EntityType.COMPANY.value, EntityType.GOVERNMENT_BODY.value,
                       EntityType.ORGANIZATION.value})
ACTOR_TYPES = ORG_TYPES | {EntityType.GROUP.value, EntityType.PERSON.value}
PARTITIVES = WordList("partitive_noun")  # "a group of employees"
QUANTITIES = WordList("quantity_noun")
CLASS_NOUNS = WordList("class_noun")
AGENT_PREPS = WordList("agent_prep")
ARG_NEGATORS = WordList("arg_negator")  # "and not district attorneys"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A relation found by a rule, still on spaCy spans."""

    subject: Span
    predicate: Predicate
    object: Span
    verb: str
    negated: bool
    rule: str
    confidence: float
    role: str = ""

    @property
    def key(self) -> tuple[int, int, str, int, int, bool]:
        s, o = (self.subject.start, self.subject.end), (self.object.start, self.object.end)
        if self.predicate.symmetric and o < s:
            s, o = o, s
        return (*s, self.predicate.value, *o, self.negated)


@dataclass(frozen=True, slots=True)
class TokenTable:
    """A document's token attributes as plain lists by token index (``lemma`` lower-cased,
    ``head`` the absolute index), read once with ``Doc.to_array``: features read these instead
    of spaCy ``Token`` objects, which are built anew on every ``doc[i]``; the rules' children
    index is built from ``head`` too."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    dep: list[str]
    head: list[int]
    space: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> TokenTable:
        strings = doc.vocab.strings
        array = doc.to_array([ORTH, LOWER, LEMMA, POS, DEP, HEAD, IS_SPACE])
        cols = array.T.tolist()

        def names(col: list[int]) -> list[str]:
            known = {h: strings[h] for h in set(col)}
            return [known[h] for h in col]

        lemmas = {h: strings[h].lower() for h in set(cols[2])}
        heads = [i + h for i, h in enumerate(array[:, 5].astype("int64").tolist())]  # HEAD: an offset
        return cls(names(cols[0]), names(cols[1]), [lemmas[h] for h in cols[2]], names(cols[3]),
                   names(cols[4]), heads, [bool(x) for x in cols[6]])


@dataclass
class Context:
    """What the rules know about one document: the lexicon and the mention spans by token."""

    doc: Doc
    lexicon: Lexicon
    mentions: list[Span]
    index: dict[int, Span] = field(default_factory=dict)
    by_text: dict[str, Span] = field(default_factory=dict)
    by_offset: dict[int, Span] = field(default_factory=dict)  # first character -> mention
    _tokens: list[Token] = field(default_factory=list)
    _kids: dict[int, list[int]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    creditor: list[tuple[Span, bool]] = field(default_factory=list)  # who last credited assistance
    gazetteer: Gazetteer | None = None
    _table: TokenTable | None = None
    _kid_tokens: dict[int, list[Token]] = field(default_factory=dict)
    negated: dict[int, bool] = field(default_factory=dict)  # is_negated of a verb alone, by token
    _roots: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def table(self) -> TokenTable:
        """The document's :class:`TokenTable` (read by :meth:`build`)."""
        if self._table is None:
            self._table = TokenTable.of(self.doc)
        return self._table

    @classmethod
    def build(cls, doc: Doc, lexicon: Lexicon, mentions: Iterable[Span],
              gazetteer: Gazetteer | None = None) -> Context:
        ctx = cls(doc, lexicon, sorted(mentions, key=lambda s: (s.start, s.end)), gazetteer=gazetteer)
        ctx._tokens = list(doc)
        ctx._starts = [m.start for m in ctx.mentions]
        kids: dict[int, list[int]] = {}
        for i, h in enumerate(ctx.table.head):
            if h != i:
                kids.setdefault(h, []).append(i)
        ctx._kids = kids
        for span in ctx.mentions:
            for i in range(span.start, span.end):
                ctx.index.setdefault(i, span)
            ctx.by_text.setdefault(span.text, span)
            ctx.by_offset.setdefault(span.start_char, span)
        return ctx

    def kids(self, token: Token) -> list[Token]:
        """``token.children`` from a per-document cache (spaCy builds new Token objects on every
        ``children`` walk, which dominated the rules' run time). The list is shared: read it,
        do not change it."""
        found = self._kid_tokens.get(token.i)
        if found is None:
            toks = self._tokens
            found = self._kid_tokens[token.i] = [toks[i] for i in self._kids.get(token.i, ())]
        return found

    def root(self, span: Span) -> int:
        """``span.root.i``, kept per (start, end): spaCy walks the span's tokens on every ``root``."""
        key = (span.start, span.end)
        found = self._roots.get(key)
        if found is None:
            found = self._roots[key] = span.root.i
        return found

    def mention(self, token: Token) -> Span | None:
        return self.index.get(token.i)

    def sent_mentions(self, sent: Span) -> list[Span]:
        lo = bisect_left(self._starts, sent.start)
        out = []
        for m in self.mentions[lo:]:
            if m.start >= sent.end:
                break
            if m.end <= sent.end:
                out.append(m)
        return out

    def tokens(self, sent: Span) -> list[Token]:
        return self._tokens[sent.start:sent.end]


def is_org(span: Span) -> bool:
    return span.label_ in ORG_TYPES


def entity_of(token: Token, ctx: Context, depth: int = 0) -> Span | None:
    """The mention a nominal token stands for (itself, or the organisation of an agent noun)."""
    m = ctx.mention(token)
    if m is not None:
        return m
    if depth > 2 or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    if token.lemma_.lower() in QUANTITIES:  # "thousands of borrowers"
        for c in ctx.kids(token):
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in ctx.kids(c):
                    m = entity_of(p, ctx, depth + 1) if p.dep_ == "pobj" else None
                    if m is not None:
                        return m
    class_noun = token.lemma_.lower() in CLASS_NOUNS  # "the group Mijente", "the French regulator CNIL"
    for c in ctx.kids(token):  # "its managing member, Oren Castellane"
        m = ctx.mention(c) if c.dep_ == "appos" or (class_noun and c.dep_ == "compound") else None
        if m is None or m.id_ not in {"", "name", "acronym"}:
            continue
        if (class_noun and m.label_ in ORG_TYPES) or (not class_noun and c.dep_ == "appos"
                                                      and token.pos_ == "NOUN" and m.label_ in ACTOR_TYPES):
            return m
    if not ctx.lexicon.has("agent", token.lemma_.lower()):
        return None
    wanted = ACTOR_TYPES if token.lemma_.lower() in PARTITIVES else ORG_TYPES
    for dep in ("compound", "nmod", "poss"):  # "ICE's HSI office" stands for HSI
        for c in ctx.kids(token):
            if c.dep_ == dep:
                m = ctx.mention(c)
                if m is not None and m.label_ in ORG_TYPES:
                    return m
    for c in ctx.kids(token):
        if c.dep_ == "prep" and c.lower_ in AGENT_PREPS:
            for p in ctx.kids(c):
                if p.dep_ == "pobj":
                    m = entity_of(p, ctx, depth + 1)
                    if m is not None and m.label_ in wanted:
                        return m
    return None


def np_entity(tok: Token, ctx: Context) -> Span | None:
    """The mention a descriptive noun phrase is about: itself, the head of its apposition, or the
    subject of a copula ("Alder is a Utah-based company")."""
    m = ctx.mention(tok)
    if m is not None and m.id_ not in {"description", "group"}:
        return m
    named = _described(tok, ctx)  # "Quillon is a subsidiary of X", "its subsidiary, Norvale Ltd."
    if named is not None or m is not None:
        return named or m
    if tok.dep_ == "appos":
        return _preceding_name(tok, ctx) or ctx.mention(tok.head)
    for c in ctx.kids(tok):
        if c.dep_ == "appos" and ctx.mention(c) is not None:
            return ctx.mention(c)
    if tok.dep_ == "attr" and tok.head.pos_ == "AUX":
        for c in ctx.kids(tok.head):
            if c.dep_ == "nsubj":
                return ctx.mention(c)
    return None


def _described(tok: Token, ctx: Context) -> Span | None:
    """The name a bare description stands for in its own phrase: the subject of a copula or a
    named apposition."""
    if tok.dep_ == "attr" and tok.head.lemma_ == "be":
        for c in ctx.kids(tok.head):
            if c.dep_ == "nsubj" and ctx.mention(c) is not None:
                return ctx.mention(c)
    for c in ctx.kids(tok):
        if c.dep_ == "appos":
            m = ctx.mention(c)
            if m is not None and m.id_ in {"", "name", "acronym"}:
                return m
    return None


def _preceding_name(tok: Token, ctx: Context) -> Span | None:
    """The name an apposition follows in the text: "Banque Verte S.A. (Banque Verte), a bank
    headquartered in Paris" (the parser often attaches such appositions to an earlier noun)."""
    i = tok.left_edge.i - 1
    doc = ctx.doc
    if i < 0 or doc[i].text != ",":
        return None
    i -= 1
    if i >= 0 and doc[i].text == ")":  # skip a parenthesised short name
        j = i - 1
        while j >= 0 and doc[j].text != "(" and i - j < 8:
            j -= 1
        i = j - 1
    return ctx.mention(doc[i]) if i >= 0 else None


def is_arg_negated(token: Token, ctx: Context) -> bool:
    """A conjunct introduced by "not" ("BounceBack -- and not district attorneys -- sent")."""
    return any(c.dep_ in {"neg", "preconj"} and c.lower_ in ARG_NEGATORS for c in ctx.kids(token))


def args(token: Token, ctx: Context) -> list[tuple[Span, bool]]:
    """Mentions a nominal argument stands for, with conjuncts; each with its own negation flag."""
    out: list[tuple[Span, bool]] = []
    seen: set[int] = set()
    for t in (token, *token.conjuncts):
        m = entity_of(t, ctx)
        if m is not None and m.start not in seen:
            seen.add(m.start)
            out.append((m, is_arg_negated(t, ctx)))
    return out


def prep_objects(token: Token, ctx: Context) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under a token, with "on behalf of" and "out to" flattened."""
    for c in ctx.kids(token):
        if c.dep_ not in {"prep", "agent", "dative"}:
            continue
        if c.dep_ == "dative" and c.pos_ in {"NOUN", "PROPN", "PRON"}:
            yield "-", c
            continue
        for p in ctx.kids(c):
            if p.dep_ != "pobj":
                continue
            if p.lemma_.lower() == "behalf":
                for q in ctx.kids(p):
                    if q.dep_ == "prep" and q.lower_ == "of":
                        for r in ctx.kids(q):
                            if r.dep_ == "pobj":
                                yield f"{c.lower_} behalf of", r
                continue
            yield c.lower_, p
        for p in ctx.kids(c):
            if p.dep_ == "prep":  # "along with", "out of"
                for q in ctx.kids(p):
                    if q.dep_ == "pobj":
                        yield f"{c.lower_} {p.lower_}", q


def mentions_in(tokens: Iterable[Token], ctx: Context) -> list[Span]:
    out: list[Span] = []
    seen: set[int] = set()
    for t in tokens:
        m = ctx.mention(t)
        if m is not None and m.start not in seen:
            seen.add(m.start)
            out.append(m)
    return out


CHAIN_LINKS = WordList("chain_link")


@dataclass(frozen=True, slots=True)
class NameChain:
    """Organisation names joined only by "of", "the" and possessives, read as one name:
    "the Fraud Section of DOJ's Criminal Division" -> head Fraud Section, owners DOJ, Criminal
    Division; "Department of Justice Criminal Division's Fraud Section" -> head Fraud Section.
    ``owners[0]`` is the outermost organisation."""

    head: Span
    owners: tuple[Span, ...]


def _part(ctx: Context, start: int, end: int, like: Span | None, fallback: Span) -> Span:
    src = like if like is not None else fallback
    kind = "acronym" if end - start == 1 and ctx.doc[start].text.isupper() else "name"
    return Span(ctx.doc, start, end, label=src.label_, kb_id=like.kb_id_ if like is not None else "",
                span_id=kind)


def _known(ctx: Context, start: int, end: int) -> Span | None:
    """A name inside a longer mention that the document or the gazetteer knows on its own."""
    text = ctx.doc[start:end].text
    other = ctx.by_text.get(text)
    if other is not None and is_org(other):
        return other
    entry = ctx.gazetteer.lookup(text) if ctx.gazetteer is not None else None
    if entry is not None and entry.type.value in ORG_TYPES:
        return Span(ctx.doc, start, end, label=entry.type.value, kb_id=entry.id)
    return None


def split_name(m: Span, ctx: Context) -> list[tuple[Span, str]]:
    """A mention that is itself a chain of names, as (part, link) pairs: "SEC's Division of
    Enforcement" -> SEC, 's Division of Enforcement; "Fraud Section of the Department of
    Justice's Criminal Division" -> Fraud Section, of Department of Justice, 's Criminal Division
    (the middle name must be known to the document or the gazetteer)."""
    p = next((t.i for t in m[1:-1] if t.tag_ == "POS"), None)
    if p is not None and (ctx.lexicon.has("title", ctx.doc[p - 1].lemma_.lower())  # "U.S. Attorney's Office"
                          or all(ctx.lexicon.has("unit", t.lemma_.lower()) for t in m[p + 1 - m.start:])):
        p = None  # "the County Sheriff's Office": the possessive is part of the name
    head_end = p if p is not None else m.end
    of = next((t.i for t in m[1:] if t.lower_ == "of" and t.i < head_end - 1), None)
    if of is not None and of - m.start >= 2 and ctx.lexicon.has("unit", ctx.doc[of - 1].lemma_.lower()):
        start = of + 1 + (ctx.doc[of + 1].lower_ == "the")
        owner = _known(ctx, start, head_end)
        if owner is not None:
            parts = [(_part(ctx, m.start, of, None, m), ""), (_part(ctx, start, head_end, owner, m), "of")]
            if p is not None:
                parts.append((_part(ctx, p + 1, m.end, None, m), "'s"))
            return parts
    if p is None:
        return [(m, "")]
    owner = ctx.by_text.get(ctx.doc[m.start:p].text)
    return [(_part(ctx, m.start, p, owner, m), ""), (_part(ctx, p + 1, m.end, None, m), "'s")]


def split_possessive(m: Span, ctx: Context) -> list[Span]:
    """A mention with a possessive inside ("SEC's Division of Enforcement") as its names."""
    return [part for part, _ in split_name(m, ctx)]


def name_chains(sent: Span, ctx: Context) -> list[NameChain]:
    """Chains of organisation mentions in a sentence (a lone organisation is a chain of one)."""
    doc = ctx.doc
    chains: list[list[tuple[Span, str]]] = []  # (mention, link words before it)
    prev_end = -1
    for m in ctx.sent_mentions(sent):
        if not is_org(m):
            prev_end = -1
            continue
        parts = split_name(m, ctx)
        between = [t.lower_ for t in doc[prev_end:m.start]] if prev_end >= 0 else None
        if between is not None and all(w in CHAIN_LINKS for w in between):
            chains[-1].append((parts[0][0], " ".join(between)))
        else:
            chains.append([(parts[0][0], "")])
        chains[-1].extend(parts[1:])
        prev_end = m.end
    out = []
    for chain in chains:
        links = [link for _, link in chain[1:]]
        first_of = next((i for i, link in enumerate(links) if "of" in link.split()), None)
        if first_of == 0:  # "A of B's C": A is the head
            head, rest = chain[0][0], [m for m, _ in chain[1:]]
        else:  # "B C's D", "B's C": the last is the head
            head, rest = chain[-1][0], [m for m, _ in chain[:-1]]
        out.append(NameChain(head, tuple(rest)))
    return out
