"""Unnamed but specific actors: groups ("Amazon employees", "critics", "members of Congress",
"foreign government officials", "more than 19,000 consumers"), unnamed subsidiaries ("its U.K.
subsidiary") and a country's bodies ("India's air force").

Built from noun chunks whose head noun is in a small lexicon; the mention is the chunk without
its determiner or possessive pronoun, extended by an "of"/"in"/"at" phrase that says whose or
where ("members of Congress", "subsidiaries in Brazil, China, India, and Mexico"). A name that
opens the chunk ("Amazon employees") stays its own mention; the resolver reads the qualified
form back from the text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from graphbuild.model.records import MentionKind
from graphbuild.nlp.coref import DESCRIPTION_CLASSES
from graphbuild.nlp.shortforms import pointer
from graphbuild.nlp.spans import Cand, word_positions
from graphbuild.nlp.typing import ORG_TYPES
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList, WordMap

GROUP_NOUNS = WordList("group_noun")
# Heads whose "of" phrase belongs to the group ("members of Congress").
RELATIONAL = WordList("group_relational")
# People who speak for the organisation named before them ("ICE officials" is ICE).
SPOKESPEOPLE = WordList("group_spokespeople")
SINGULAR = WordMap("group_singular", EntityType)
_INDEFINITE = WordList("group_indefinite")
COUNTRY_BODIES = WordList("country_body")
# Bodies a nationality adjective makes a country's: "the Portuguese government", "the French
# state", "Iraqi ministries" (the conventions type a country acting as a state GovernmentBody).
_NATIONAL_BODIES = WordList("country_body", "national_body")
_NATIONALITIES: WordMap[str] = WordMap("nationality_place")
_DROP_LEAD = WordList("group_drop_lead")
_OWNER_PREPS = WordList("group_owner_prep")  # "members of Congress"
_PLACE_PREPS = WordList("group_place_prep")  # "subsidiaries in Brazil"
_ARTICLES = WordList("indefinite_article")
_MAX_TAIL = 12
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_NP_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "quantmod", "nmod", "predet",
                      "npadvmod", "punct", "case", "advmod"})
_JOINERS = frozenset({"-", "\u2013", "\u2019", "'", "\u2019s", "'s"})


def _tail(root, heads: WordList, owner: dict[int, Cand] | None = None) -> int | None:
    """End of an "of"/"in"/"at" phrase attached to ``root``, or None. "in <place>" right after
    the noun counts even when the parser attached it to the verb ("solicit business from
    institutions in Libya")."""
    for c in root.rights:
        if c.dep_ != "prep" or c.lower_ not in heads:
            continue
        end = max(t.i for t in c.subtree) + 1
        if end - c.i <= _MAX_TAIL:
            return end
    nxt = root.i + 1
    if owner is not None and "in" in heads and nxt + 1 < len(root.doc) and root.doc[nxt].lower_ == "in":
        place = owner.get(nxt + 1)
        if place is not None and place.type is EntityType.LOCATION:
            return place.end
    return None


_HEADS = WordList("group_noun", "group_singular", "country_body", "group_collective", "national_body")


def _has_body(doc: Doc, owner: dict[int, Cand], start: int, end: int) -> bool:
    """An organisation inside ``[start, end)``: a name, or a country's body ("Brazil's air force")."""
    return any((i in owner and owner[i].type in ORG_TYPES) or _is_possessed_body(doc[i])
               for i in range(start, end))


def _is_possessed_body(tok) -> bool:
    """"(India's) air force", not "government" in "government officials"."""
    return (tok.lower_ in COUNTRY_BODIES and tok.dep_ != "compound"
            and any(c.dep_ == "poss" for c in tok.children))


def group_candidates(doc: Doc, names: list[Cand]) -> list[Cand]:
    """Group / unnamed-company / country-body candidates that do not start inside a name."""
    owner = {}
    for c in names:
        for i in range(c.start, c.end):
            owner[i] = c
    out = []
    for i in word_positions(doc, _HEADS):
        t = doc[i]
        if t.pos_ not in {"NOUN", "PROPN"}:
            continue
        lefts = [c.left_edge.i for c in t.lefts if c.dep_ in _NP_DEPS]
        cand = _from_chunk(doc, doc[min(lefts, default=t.i):t.i + 1], owner)
        if cand is not None:
            out.append(cand)
    return out


def _from_chunk(doc: Doc, chunk: Span, owner: dict[int, Cand]) -> Cand | None:
    root = chunk.root
    if root.i in owner:
        return None
    word = root.lower_
    start, end = chunk.start, root.i + 1
    lead = next((c.lower_ for c in root.lefts if c.dep_ in {"det", "poss"}), "")
    while start < root.i and (doc[start].lower_ in _DROP_LEAD or doc[start].tag_ == "PRP$"):
        start += 1
    verbs = [i for i in range(start, root.i) if doc[i].tag_ in _FINITE
             or (doc[i].tag_ == "VBN" and i > start and doc[i - 1].pos_ in {"NOUN", "PROPN"})]
    if verbs:  # a misparsed headline: "... face matching tool confused lawmakers"
        start = verbs[-1] + 1
    poss = [i for i in range(start, root.i) if doc[i].tag_ == "POS" and i not in owner]
    if poss and doc[poss[-1] - 1].lower_ in DESCRIPTION_CLASSES and (poss[-1] - 1) not in owner:
        start = poss[-1] + 1  # "the firm's clients": the clients, whoever the firm is
    prefix: Cand | None = None
    inner = [i for i in range(start, root.i) if i in owner]
    if inner:
        # a name inside the phrase ("more than 4,000 Google workers") stays a mention of its own:
        # the group starts after it and the resolver reads "Google workers" back from the text
        prefix = owner[inner[-1]]
        start = prefix.end
        while start < root.i and (doc[start].tag_ == "POS" or doc[start].text in _JOINERS):
            start += 1
    if start > root.i:
        return None
    if word == "enforcement" and root.i > 0 and doc[root.i - 1].lower_ == "law":
        etype = EntityType.GROUP
    elif word in GROUP_NOUNS and root.tag_ in {"NNS", "NNPS"}:
        if prefix is not None and prefix.type in ORG_TYPES and word in SPOKESPEOPLE:
            return None
        etype = EntityType.GROUP
        tail = _tail(root, _OWNER_PREPS if word in RELATIONAL else _PLACE_PREPS, owner)
        if tail is not None:
            inner_types = {owner[i].type for i in range(end, tail) if i in owner}
            if _has_body(doc, {}, end, tail):
                inner_types.add(EntityType.GOVERNMENT_BODY if word in SPOKESPEOPLE else EntityType.COMPANY)
            allowed = frozenset() if word in SPOKESPEOPLE else {EntityType.GOVERNMENT_BODY}
            if inner_types & (ORG_TYPES - allowed):
                if word in SPOKESPEOPLE:
                    return None  # "officials of the Department of Justice" are the Department
                tail = None
            else:
                end = tail
        return Cand(start, end, etype, MentionKind.DESCRIPTION, rank=-1 if tail else 2)
    elif word in SINGULAR and root.tag_ == "NN" and (
            lead in _INDEFINITE or (prefix is not None and prefix.type in ORG_TYPES)):
        etype = SINGULAR[word]
        tail = _tail(root, _PLACE_PREPS, owner)
        if tail is not None and not _has_body(doc, owner, end, tail):
            # "an agent in India": the indefinite article is part of the fullest form
            first = chunk.start if lead in _ARTICLES else start
            return Cand(first, tail, etype, MentionKind.DESCRIPTION, rank=-1)
    elif (word in _NATIONAL_BODIES and prefix is None and start < root.i and doc[start].text[:1].isupper()
          and doc[start].lower_ in _NATIONALITIES and all(t.is_lower for t in doc[start + 1:root.i])):
        etype = EntityType.GOVERNMENT_BODY  # "the Portuguese government", "Mexican state government"
    elif (word in COUNTRY_BODIES and prefix is not None and prefix.type is EntityType.LOCATION
          and root.tag_ == "NN"):
        etype = EntityType.GOVERNMENT_BODY
        if word == "force" and root.i > 0 and doc[root.i - 1].lower_ == "air":
            start = min(start, root.i - 1)
    else:
        return None
    return Cand(start, end, etype, MentionKind.DESCRIPTION, _apposed_name(doc, root, owner), rank=2)


def _apposed_name(doc: Doc, root, owner: dict[int, Cand]) -> str:
    """Pointer to a name in apposition ("a Zentek subsidiary, Orbis Ltd." / "Orbis Ltd., a
    wholly owned subsidiary of Zentek"): the description is that company."""
    others = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        others.append(root.head)
    for t in others:
        c = owner.get(t.i)
        if c is not None and c.type in ORG_TYPES and c.kind is MentionKind.NAME:
            return pointer(doc, c)
    return ""
