"""Structural relations from noun phrases: part-of, titled officials, location.

* partOf: possessives ("ICE's Homeland Security Investigations"), unit nouns ("X's subsidiary Y",
  "Y, a subsidiary of X", "a X subsidiary, Y"; "wholly owned subsidiary" also gives X owns Y),
  compounds of two organisations ("FBI New York Field Office"), a unit "of" its parent ("the Fraud
  Section of the Criminal Division") and a mention that starts with the name of another mention
  of the document ("Amazon Web Services" beside "Amazon").
* worksFor with the title as role: "Amazon CEO Jeff Bezos", "John Doe of the X Division",
  "Jane Doe, Director of the SEC's Division of Enforcement". The body is the innermost one the
  title names, except enforcement divisions named together with their agency ("Director of the
  SEC's Division of Enforcement", "CFTC Director of Enforcement"), which give the agency.
  Groups named by their organisation ("Amazon employees") work for it.
* locatedIn: "X-based", "based/headquartered/located in", a place possessive on a named company
  ("Britain's BAE Systems PLC"), a nationality in its apposition ("a U.S. subsidiary of ...") and
  a nationality opening its descriptor ("Danish payments group Korsgaard A/S").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from graphbuild.nlp.mentions import first_line_end
from graphbuild.nlp.shapes import descriptor_word
from graphbuild.relations.rules.base import (
    CHAIN_LINKS,
    ORG_TYPES,
    Context,
    args,
    is_org,
    name_chains,
    np_entity,
    split_possessive,
)
from graphbuild.relations.rules.negation import is_negated
from graphbuild.vocab.terms import EntityType, Predicate
from graphbuild.vocab.wordlists import WordList

Raw = tuple[Span, Predicate, Span, str, bool, str]
Titled = tuple[Span, Span, str]  # person, organisation, role
LOC = EntityType.LOCATION.value
PERSON = EntityType.PERSON.value
GROUP = EntityType.GROUP.value
GOV = EntityType.GOVERNMENT_BODY.value
COMPANY = EntityType.COMPANY.value
ORGANIZATION = EntityType.ORGANIZATION.value
LEGAL_SUFFIXES = WordList("legal_suffix_token")
ENFORCEMENT = "enforcement"
FOUNDER_WORDS = WordList("founder_word")
TITLE_LINKS = WordList("title_link")  # "Director of the SEC's Division"
TITLE_ORG_PREPS = WordList("title_org_prep")  # "Jane Doe, chief of ICE"
TITLE_PHRASE_LINKS = WordList("title_phrase_link")
PLACE_PREPS = WordList("place_prep")  # "a plant in Ohio"


def _rel(a: Span, pred: Predicate, b: Span, rule: str, verb: str = "") -> Raw:
    return a, pred, b, verb, False, rule


def structure_frames(sent: Span, ctx: Context) -> Iterator[tuple[Raw, str]]:
    """(relation, role) pairs; role is "" except for worksFor."""
    mentions = ctx.sent_mentions(sent)
    for chain in name_chains(sent, ctx):
        if not chain.owners or _unit_head(chain.owners[0], ctx):
            continue
        if chain.head.id_ == "description" and _unit_head(chain.head, ctx):
            continue  # "a subsidiary of X": the unit-noun rule finds the member the noun describes  # the outermost body is itself a unit ("the Fraud Section of the Criminal Division")
        first = min((chain.head, *chain.owners), key=lambda x: x.start)
        if not in_title(first, ctx):
            yield _rel(chain.head, Predicate.PART_OF, chain.owners[0], "structure:chain"), ""
    for m in mentions:
        if m.label_ == LOC and m.id_ == "description" and m.kb_id_:
            named = _nationality_of(m, mentions, ctx)
            if named is not None:
                yield _rel(named, Predicate.LOCATED_IN, m, "structure:nationality"), ""
        for raw in _possessive(m, ctx):
            yield raw, ""
        for raw in _prefix(m, ctx):
            yield raw, ""
        if m.label_ == GROUP and m.id_ == "description" and _works_noun(m, ctx):
            owner = _owner_before(m, ctx)
            if owner is not None:
                yield _rel(m, Predicate.WORKS_FOR, owner, "structure:prefix"), ""
            employer = owner or _leading_org(m, ctx)
            if employer is not None:
                yield from ((raw, "") for raw in _staff_stance(m, employer, ctx))
        if m.label_ == PERSON:
            for person, org, role in titled(m, ctx):
                if role.lower().split()[-1].rstrip("s") in FOUNDER_WORDS:  # "Plateview's founder, X"
                    yield _rel(person, Predicate.FOUNDED, org, "title", "found"), ""
                else:
                    yield _rel(person, Predicate.WORKS_FOR, org, "title"), role
    for tok in ctx.tokens(sent):
        lemma = tok.lemma_.lower()
        inside = ctx.mention(tok)
        if tok.pos_ in {"NOUN", "PROPN", "ADJ"} and ctx.lexicon.has("unit", lemma) \
                and (inside is None or inside.id_ not in {"", "name", "acronym"}):
            for raw in _unit_noun(tok, ctx):
                yield raw, ""
        if tok.tag_ == "VBN" and ctx.lexicon.has("located", lemma):
            for raw in _located(tok, ctx):
                yield raw, ""


def _nationality_of(place: Span, mentions: list[Span], ctx: Context) -> Span | None:
    """The named company or organisation whose descriptor a nationality opens ("Danish payments
    group Korsgaard A/S"): the next mention, with only the descriptor's words between; not a
    government body ("the French state's Agence X" is not located, by the conventions)."""
    after = [n for n in mentions if n.start >= place.end]
    if not after:
        return None
    n = min(after, key=lambda x: x.start)
    if n.label_ not in {COMPANY, ORGANIZATION} or n.id_ not in {"name", "acronym"}:
        return None
    if n.start == place.end or not all(descriptor_word(ctx.doc, j) for j in range(place.end, n.start)):
        return None
    return n


def nested(m: Span, ctx: Context) -> bool:
    """The mention names the parent inside a longer name: "the Fraud Section of DOJ's Criminal
    Division" (Criminal Division), "the Director of the SEC's Division" (inside a title)."""
    r = m.root
    if r.dep_ == "pobj" and r.head.lower_ == "of":
        owner = r.head.head
        o = ctx.mention(owner)
        if (o is not None and is_org(o)) or _is_title(owner, ctx):
            return True
    return in_title(m, ctx)


def in_title(m: Span, ctx: Context) -> bool:
    """The name follows a title: "Director of the SEC's Division of Enforcement"."""
    i = m.start - 1
    while i >= 0 and ctx.doc[i].lower_ in TITLE_LINKS:
        i -= 1
    return i >= 0 and i < m.start - 1 and ctx.doc[i + 1].lower_ == "of" and _is_title(ctx.doc[i], ctx) \
        and ctx.mention(ctx.doc[i]) is None


def _possessive(m: Span, ctx: Context) -> Iterator[Raw]:
    """"ICE's HSI office" (a unit noun between) and "Britain's BAE Systems PLC" (a place)."""
    r = m.root
    holders = [c for c in ctx.kids(r) if c.dep_ == "poss"]
    agent_head = r.dep_ == "compound" and ctx.mention(r.head) is None and ctx.lexicon.has("agent", r.head.lemma_.lower())
    if agent_head:
        holders += [c for c in ctx.kids(r.head) if c.dep_ == "poss"]
    for c in holders:
        p = ctx.mention(c)
        if p is None or p.start == m.start:
            continue
        if is_org(m) and is_org(p) and agent_head and p.end < m.start and not nested(m, ctx):
            if not all(t.lower_ in CHAIN_LINKS for t in ctx.doc[p.end:m.start]):
                yield _rel(m, Predicate.PART_OF, p, "structure:poss")
        elif p.label_ == LOC and m.label_ in {EntityType.COMPANY.value, EntityType.ORGANIZATION.value} \
                and m.id_ in {"", "name"}:
            yield _rel(m, Predicate.LOCATED_IN, p, "located:poss")


def _unit_head(span: Span, ctx: Context) -> bool:
    return ctx.lexicon.has("unit", span.root.lemma_.lower()) or ctx.lexicon.has("unit", span[-1].lemma_.lower())


def _prefix(m: Span, ctx: Context) -> Iterator[Raw]:
    """A mention that begins with another mention's name: "Amazon Web Services" (beside
    "Amazon"), "FBI New York Field Office", "Amazon employees" (a Group works for Amazon)."""
    if len(m) < 2 or m.id_ not in {"", "name"}:
        return
    if nested(m, ctx) or any(t.tag_ == "POS" for t in m):
        return
    for k in range(min(len(m) - 1, 4), 0, -1):
        head = m[:k]
        other = ctx.by_text.get(head.text)
        if other is None or not is_org(other) or (other.kb_id_ and other.kb_id_ == m.kb_id_):
            continue
        if _short_form_of(other, m, ctx):
            return  # "Halvorsen" is the short form of "Halvorsen Analytics", not its parent
        rest = [t for t in m[k:] if t.lower_ not in LEGAL_SUFFIXES and not t.is_punct]
        if not rest:
            return
        sub = Span(ctx.doc, m.start, m.start + k, label=other.label_, kb_id=other.kb_id_, span_id=other.id_)
        last = m[-1].lemma_.lower()
        if m.label_ == GROUP:
            if ctx.lexicon.has("agent", last) or ctx.lexicon.has("title", last):
                yield _rel(m, Predicate.WORKS_FOR, sub, "structure:prefix")
            elif ctx.lexicon.has("unit", last):
                yield _rel(m, Predicate.PART_OF, sub, "structure:prefix")
        elif is_org(m) and (m.label_ == other.label_ or ctx.lexicon.has("unit", last)):
            yield _rel(m, Predicate.PART_OF, sub, "structure:prefix")
        return


# People who work for the organisation named before them ("Google employees"); officials of a
# body stand for the body instead, and offices or teams are units.
STAFF_NOUNS = WordList("staff_noun")


def _works_noun(m: Span, ctx: Context) -> bool:
    return m.root.lemma_.lower() in STAFF_NOUNS


def _first(m: Span, ctx: Context) -> Span:
    """The antecedent a short form or description points at (``@offset``), else the first mention
    with the same text."""
    if m.kb_id_.startswith("@"):
        target = ctx.by_offset.get(int(m.kb_id_[1:]))
        if target is not None:
            return target
    return ctx.by_text.get(m.text, m)


# What a company's own staff protest when they protest "the contract", "the deal", "the work".
OWN_ACTS = WordList("own_act_noun")


def _leading_org(m: Span, ctx: Context) -> Span | None:
    """"Google employees" as one group mention: the organisation its first words name."""
    for k in range(min(len(m) - 1, 4), 0, -1):
        other = ctx.by_text.get(m[:k].text)
        if other is not None and is_org(other):
            return Span(ctx.doc, m.start, m.start + k, label=other.label_, kb_id=other.kb_id_, span_id=other.id_)
    return None


def _staff_stance(group: Span, employer: Span, ctx: Context) -> Iterator[Raw]:
    """"Google employees criticized the contract": staff criticising their employer's own act
    criticise the employer (annotation convention, as for "demanding that the company cease")."""
    root = group.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.pos_ != "VERB":
        return
    if ctx.lexicon.predicate(verb.lemma_.lower()) is not Predicate.CRITICIZED:
        return
    for d in ctx.kids(verb):
        if d.dep_ == "dobj" and ctx.mention(d) is None and d.lemma_.lower() in OWN_ACTS:
            yield group, Predicate.CRITICIZED, employer, verb.lemma_.lower(), is_negated(verb, ctx), "structure:staff"
            return


def _short_form_of(short: Span, m: Span, ctx: Context) -> bool:
    """``short`` is a short form of ``m``'s company: it points at it, or (news style: the full
    name first, the short name after) the full name appears before the short one."""
    if short.kb_id_ and m.kb_id_ and not short.kb_id_.startswith("@") and not m.kb_id_.startswith("@"):
        return False  # two gazetteer entries: two organisations
    full = _first(m, ctx)
    target = _first(short, ctx)
    if target.text.startswith(full.text) or full.text.startswith(target.text) and target is not short:
        return True
    company = EntityType.COMPANY.value
    if m.label_ != company or short.label_ != company:
        return False
    # the full name first; or the short name first in the headline only ("Brightstake hired
    # lobbyists" over "Online gambling operator Brightstake Gaming plc hired ...")
    return full.start_char < target.start_char or target.end <= first_line_end(ctx.doc)


def _owner_before(m: Span, ctx: Context) -> Span | None:
    """"Google employees" / "Ring's engineers" when the parser or the group builder kept the
    name apart: the organisation named right before a group of people."""
    i = m.start - 1
    if i >= 0 and ctx.doc[i].tag_ == "POS":
        i -= 1
    o = ctx.mention(ctx.doc[i]) if i >= 0 else None
    if o is None or not is_org(o) or o.end != i + 1 or o.id_ not in {"", "name", "acronym"}:
        return None
    return o


def _unit_noun(tok: Token, ctx: Context) -> Iterator[Raw]:
    """"X's subsidiary Y", "Y, a wholly owned subsidiary of X", "a X subsidiary, Y"."""
    owners: list[Span] = []
    for c in ctx.kids(tok):
        if c.dep_ in {"poss", "compound", "nmod"} and (m := ctx.mention(c)) is not None and is_org(m):
            owners.append(m)
        elif c.dep_ == "prep" and c.lower_ == "of":
            owners += [m for p in ctx.kids(c) if p.dep_ == "pobj" for m, _ in args(p, ctx) if is_org(m)]
    member = np_entity(tok, ctx)
    if member is None or not is_org(member):
        return
    owned = any(c.lower_ == "owned" for c in tok.subtree if c.i < tok.i)
    neg = tok.dep_ == "attr" and is_negated(tok.head, ctx)  # "X is not part of Y"
    for o in owners:
        if o.start == member.start or (member.start <= o.start < member.end and member.root.i == o.root.i):
            continue
        yield member, Predicate.PART_OF, o, "", neg, "structure:unit"
        if owned:
            yield _rel(o, Predicate.OWNS, member, "structure:unit", "own")
    if member.label_ == EntityType.COMPANY.value and member.id_ in {"", "name"} and ctx.mention(tok) is None:
        for c in ctx.kids(tok):
            loc = ctx.mention(c) if c.dep_ in {"compound", "amod", "nmod"} else None
            if loc is not None and loc.label_ == LOC:
                yield _rel(member, Predicate.LOCATED_IN, loc, "located:appos")


def _located(tok: Token, ctx: Context) -> Iterator[Raw]:
    places: list[Span] = []
    for c in ctx.kids(tok):
        if c.dep_ in {"npadvmod", "compound", "nmod", "advmod"}:
            m = ctx.mention(c)
            if m is not None and m.label_ == LOC:
                places.append(m)
        elif c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            places += [m for p in ctx.kids(c) if p.dep_ == "pobj" for m, _ in args(p, ctx) if m.label_ == LOC]
    if not places:
        return
    things: list[Span] = []
    if tok.dep_ in {"amod", "acl", "relcl"}:
        e = np_entity(tok.head, ctx)
        if e is not None:
            things.append(e)
    things += [m for c in ctx.kids(tok) if c.dep_ == "nsubjpass" for m, _ in args(c, ctx)]
    for e in things:
        if e.label_ in ORG_TYPES:
            for p in places:
                if p.start != e.start:
                    yield _rel(e, Predicate.LOCATED_IN, p, "located", tok.lemma_.lower())


# --- titled officials ------------------------------------------------------------------------------

def _is_title(tok: Token, ctx: Context) -> bool:
    return ctx.lexicon.has("title", tok.lemma_.lower()) or ctx.lexicon.has("title", tok.lower_)


STOP_TAGS = frozenset({"VERB", "AUX", "CCONJ", "PUNCT", "PRON", "SCONJ"})
CONNECTORS = WordList("name_connector")


def _title_words(toks: list[Token], ctx: Context) -> bool:
    return any(ctx.mention(t) is None and _is_title(t, ctx) for t in toks)


def _innermost(toks: list[Token], ctx: Context) -> tuple[Span | None, list[Span]]:
    """Organisations named in a title, and the one it names last as a head (not a possessor):
    "Director of the SEC's Los Angeles Regional Office" -> the regional office."""
    orgs = [m for m in dict.fromkeys(ctx.mention(t) for t in toks) if m is not None and is_org(m)]
    heads = [m for m in orgs if m.end >= len(ctx.doc) or ctx.doc[m.end].tag_ != "POS"]
    return (heads[-1] if heads else (orgs[-1] if orgs else None)), orgs


def _right_phrase(start: int, ctx: Context, sent_end: int) -> list[Token]:
    out: list[Token] = []
    for t in ctx.doc[start:sent_end]:
        m = ctx.mention(t)
        if m is not None and m.label_ == PERSON:
            break
        if m is None and (t.pos_ in STOP_TAGS and t.tag_ != "POS"):
            break
        out.append(t)
    return out


def titled(m: Span, ctx: Context) -> Iterator[Titled]:
    """Titled officials: "Amazon CEO Jeff Bezos", "Assistant Director in Charge John Doe of the
    FBI New York Field Office", "Director of the Market Participants Division Jane Doe",
    "Jane Doe, Director of the SEC's Division of Enforcement"."""
    doc = ctx.doc
    sent = m.sent
    # title before the name ("Amazon CEO Jeff Bezos"; "A Veridian sales director, Tomas Ibarra,")
    i = m.start - 1
    if i - 1 >= sent.start and doc[i].text == "," and _is_title(doc[i - 1], ctx) and ctx.mention(doc[i - 1]) is None:
        i -= 1
    left: list[Token] = []
    while i >= sent.start:
        t = doc[i]
        o = ctx.mention(t)
        if o is not None:
            if not is_org(o):
                break
            left[:0] = list(o)
            i = o.start - 1
            continue
        if t.lower_ in CONNECTORS or (t.pos_ in {"PROPN", "NOUN", "ADJ"} and t.tag_ != "POS") or t.tag_ == "POS":
            left.insert(0, t)
            i -= 1
            continue
        break
    while left and (left[0].lower_ in CONNECTORS or ctx.mention(left[0]) is not None and not _title_words(left, ctx)):
        left.pop(0)
    if left and _title_words(left, ctx):
        k = next(k for k, t in enumerate(left) if ctx.mention(t) is None and t.lower_ not in CONNECTORS)
        role = doc[left[k].i:left[-1].i + 1].text
        right: list[Token] = []
        if m.end < sent.end and doc[m.end].lower_ in TITLE_ORG_PREPS:
            right = _right_phrase(m.end, ctx, sent.end)
        org, orgs = _innermost(right, ctx)
        if org is None:
            org, orgs = _innermost(left, ctx)
        if org is not None:
            yield m, _convention(org, orgs, role, ctx), role
            return
    # "Jane Doe, Director of the SEC's Division of Enforcement"
    if m.end + 1 < sent.end and doc[m.end].text == ",":
        phrase = _right_phrase(m.end + 1, ctx, sent.end)
        head_words = [t for t in phrase if t.lower_ not in TITLE_PHRASE_LINKS]
        if phrase and _title_words(phrase[:4], ctx) and head_words:
            org, orgs = _innermost(phrase, ctx)
            if org is not None:
                role = doc[phrase[0].i:phrase[-1].i + 1].text
                yield m, _convention(org, orgs, role, ctx), role


def _convention(first: Span, orgs: list[Span], role: str, ctx: Context) -> Span:
    """Enforcement divisions named with their agency give the agency (annotation convention)."""
    if ENFORCEMENT not in role.lower() and ENFORCEMENT not in first.text.lower():
        return first
    for part in split_possessive(first, ctx)[:-1]:
        if ENFORCEMENT not in part.text.lower() and not _unit_head(part, ctx):
            return part
    for o in orgs:
        if o.label_ == GOV and ENFORCEMENT not in o.text.lower() and not _unit_head(o, ctx):
            return o
    for o in orgs:  # "the SEC Enforcement Division's FCPA Unit": the agency's acronym leads
        lead = ctx.by_text.get(o[0].text)
        if len(o) > 1 and o[0].text.isupper() and lead is not None and lead.label_ == GOV:
            return Span(ctx.doc, o.start, o.start + 1, label=GOV, kb_id=lead.kb_id_, span_id="acronym")
    return first
