"""The ``graphbuild_mentions`` component: typed entity mentions in ``doc.spans["gb_mentions"]``.

Steps (each a pure function over the Doc, linear in its length):

1. entity spans (gazetteer ruler + model NER) and fixed government-body patterns, repaired and
   typed (:mod:`graphbuild.nlp.spans`, :mod:`graphbuild.nlp.typing`);
2. statutes dropped, headline-only names dropped (title case confuses the model);
3. short forms: "Full Name (SHORT)" definitions and company cores
   (:mod:`graphbuild.nlp.shortforms`);
4. groups, unnamed subsidiaries and a country's bodies (:mod:`graphbuild.nlp.groups`);
5. definite descriptions and pronouns with their antecedent (:mod:`graphbuild.nlp.coref`);
6. overlaps resolved: lower rank, then longer span wins.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from graphbuild.model.records import MentionKind
from graphbuild.nlp.coref import DESCRIPTION_CLASSES, coref_candidates
from graphbuild.nlp.extensions import MENTIONS_KEY, install_extensions
from graphbuild.nlp.gazetteer import Gazetteer, load_gazetteer
from graphbuild.nlp.groups import group_candidates
from graphbuild.nlp.shapes import shape_candidates
from graphbuild.nlp.shortforms import pointer, short_form_candidates
from graphbuild.nlp.spans import Cand, fixed_spans, repair, split_suffixed_namesakes, units_after
from graphbuild.nlp.typing import ENTITY_LABELS, ORG_TYPES, is_law_name
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList

LAW = "law"
PRODUCT_NOUNS = WordList("product_noun")
_CLASSES = frozenset(t.value for t in EntityType)


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping subset: lower ``rank`` first, then the longer span, then the one linked to
    the gazetteer or to an antecedent, then the earlier one."""
    taken: set[int] = set()
    out = []
    for c in sorted(cands, key=lambda c: (c.rank, -(c.end - c.start), not c.kb, c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def entity_candidates(doc: Doc, gaz: Gazetteer) -> list[Cand]:
    """Step 1 and 2: repaired, typed name candidates (statutes kept with ``kb="law"``)."""
    out: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS and ent.label_ not in _CLASSES:
            continue
        if ent.label_ == "LAW" or (ent.label_ in {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT"}
                                   and is_law_name(ent.text)):
            end = ent.end
            if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].like_num:
                end += 2  # "the Consumer Financial Protection Act" + "of 2010 (CFPA)"
            out.append(Cand(ent.start, end, EntityType.PRODUCT, kb=LAW, rank=-2))
            continue
        for c in repair(doc, ent.start, ent.end, ent.label_, ent.ent_id_ or ent.kb_id_, gaz):
            if (c.end - c.start == 1 and not c.kb and c.type in ORG_TYPES
                    and doc[c.start].lower_ in DESCRIPTION_CLASSES):
                continue  # a bare "Commission" / "Bureau" is a description, resolved later
            kind = MentionKind.ACRONYM if _is_acronym(doc[c.start:c.end]) else MentionKind.NAME
            rank = 0 if c.type in ORG_TYPES or c.kb else 1
            etype = c.type
            if (not c.kb and c.type is EntityType.COMPANY and c.end < len(doc)
                    and doc[c.end].lower_ in PRODUCT_NOUNS):
                etype = EntityType.PRODUCT  # "its Investigative Case Management system"
            out.append(Cand(c.start, c.end, etype, kind, c.kb, rank))
    out = merge_adjacent_people(split_suffixed_namesakes(doc, out))
    out.extend(units_after(doc, out, gaz))
    out.extend(fixed_spans(doc))
    linked = frozenset(i for c in out if c.kb for i in range(c.start, c.end))
    return shape_candidates(doc, linked) + out  # first: a shape wins a tie with the model's span


def merge_adjacent_people(cands: list[Cand]) -> list[Cand]:
    """Two person spans with nothing between them are one name ("Amy Berman" + "Jackson")."""
    people = sorted((c for c in cands if c.type is EntityType.PERSON and not c.kb), key=lambda c: c.start)
    merged: dict[int, Cand] = {}
    drop: set[int] = set()
    prev: Cand | None = None
    for c in people:
        if prev is not None and c.start == prev.end:
            head = merged.get(id(prev), prev)
            new = Cand(head.start, c.end, EntityType.PERSON, head.kind, "", head.rank)
            drop.update({id(prev), id(c)})
            merged[id(c)] = new
            merged.pop(id(prev), None)
        prev = c
    if not merged:
        return cands
    return [c for c in cands if id(c) not in drop] + list(merged.values())


_NOT_CORES = WordList("not_name_core")


def harmonise_types(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """One name, one type: a person- or product-typed name that the article also uses for an
    organisation, or that is the leading part of an organisation's name ("Harwick" after
    "Harwick Medical Devices Ltd.", "Ring" tagged PERSON in one sentence and ORG in another),
    takes the organisation's type. Gazetteer-linked names keep theirs.

    >>> from spacy.vocab import Vocab
    >>> d = Doc(Vocab(), words=["Harwick", "Medical", "Ltd.", "said", "Harwick", "paid"])
    >>> cs = [Cand(0, 3, EntityType.COMPANY), Cand(4, 5, EntityType.PERSON)]
    >>> [c.type.value for c in harmonise_types(d, cs)]
    ['Company', 'Company']
    >>> d = Doc(Vocab(), words=["Tomas", "Ibarra", "said", "Ibarra", "wrote"])
    >>> cs = [Cand(0, 2, EntityType.PERSON), Cand(3, 4, EntityType.COMPANY)]
    >>> [c.type.value for c in harmonise_types(d, cs)]
    ['Person', 'Person']
    """
    surnames = {doc[c.end - 1].text for c in cands
                if c.type is EntityType.PERSON and c.end - c.start >= 2 and not c.kb}
    org: dict[str, EntityType] = {}
    for c in cands:
        if c.type in ORG_TYPES and c.kind is MentionKind.NAME and c.kb != LAW:
            words = [t.text for t in doc[c.start:c.end]]
            org.setdefault(" ".join(words), c.type)
            if c.type is EntityType.COMPANY and words[0].lower() not in _NOT_CORES:
                for k in range(1, min(len(words), 3)):
                    org.setdefault(" ".join(words[:k]), c.type)
    if not org and not surnames:
        return cands
    out = []
    for c in cands:
        text = doc[c.start:c.end].text
        if c.type in ORG_TYPES and not c.kb and c.end - c.start == 1 and text in surnames:
            c = replace(c, type=EntityType.PERSON, rank=1)  # "Tomas Ibarra" ... "Ibarra wrote"
        elif c.type in {EntityType.PERSON, EntityType.PRODUCT} and not c.kb and text not in surnames:
            t = org.get(" ".join(t.text for t in doc[c.start:c.end]))
            if t is not None:
                c = replace(c, type=t, rank=0)
        out.append(c)
    return out


def descriptor_types(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A name right after a descriptor noun that names an organisation's class takes that class
    when the recogniser typed it a person or place: "payments group Korsgaard A/S", "drone maker
    Aetos", "the lender Harbor". Gazetteer-linked names keep their type.

    >>> from spacy.vocab import Vocab
    >>> d = Doc(Vocab(), words=["Danish", "lender", "Korsgaard", "A/S", "said"],
    ...         pos=["ADJ", "NOUN", "PROPN", "PROPN", "VERB"])
    >>> [c.type.value for c in descriptor_types(d, [Cand(2, 4, EntityType.PERSON)])]
    ['Company']
    """
    out = []
    for c in cands:
        if (c.type in {EntityType.PERSON, EntityType.LOCATION} and not c.kb and c.kind is MentionKind.NAME
                and c.start > 0):
            prev = doc[c.start - 1]
            classes = DESCRIPTION_CLASSES.get(prev.text) if prev.pos_ == "NOUN" and prev.text.islower() else None
            orgs = sorted(t.value for t in classes or () if t in ORG_TYPES)
            if orgs:
                c = replace(c, type=EntityType(orgs[0]))  # Company before GovernmentBody, Organization
        out.append(c)
    return out


def _is_acronym(span: Span) -> bool:
    t = span.text.replace(".", "").replace("-", "")
    return len(span) == 1 and t.isupper() and 2 <= len(t) <= 6


def first_line_end(doc: Doc) -> int:
    """Token index where the first line (an article's headline) ends; 0 when the first 80 tokens
    hold no line break."""
    for t in doc[:80]:
        if "\n" in t.text:
            return t.i
    return 0


def headline_end(doc: Doc) -> int:
    """Token index where a title-case headline (first line) ends; 0 when there is none (a first
    paragraph in sentence case is not a headline, and the model reads it well)."""
    end = first_line_end(doc)
    words = [w for w in doc[:end] if w.is_alpha and len(w) > 3]
    if words and sum(w.is_title or w.is_upper for w in words) >= 0.6 * len(words):
        return end
    return 0


def drop_headline_only(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Headline names must be gazetteer names or recur in the body (title case fools the model)."""
    end = headline_end(doc)
    if end == 0:
        return cands
    if not any(c.start < end for c in cands):
        return cands
    body = {doc[c.start:c.end].text for c in cands if c.start >= end}
    return [c for c in cands
            if c.start >= end or (c.kind in (MentionKind.NAME, MentionKind.ACRONYM)
                                  and (c.kb or doc[c.start:c.end].text in body))]


def find_mentions(doc: Doc, gaz: Gazetteer | None = None) -> list[Span]:
    """Pure: the typed, non-overlapping mention spans of a parsed Doc.

    >>> from graphbuild.config import Config                       # doctest: +SKIP
    >>> from graphbuild.pipeline import load_pipeline             # doctest: +SKIP
    >>> doc = load_pipeline(Config())("The agency met Amazon.")     # doctest: +SKIP
    >>> [(s.text, s.label_, s.id_) for s in doc.spans["gb_mentions"]]  # doctest: +SKIP
    [('Amazon', 'Company', 'name')]
    """
    gaz = gaz or load_gazetteer()
    cands = harmonise_types(doc, descriptor_types(doc, resolve_overlaps(entity_candidates(doc, gaz))))
    cands = resolve_overlaps(cands + short_form_candidates(doc, cands))
    cands = drop_headline_only(doc, cands)
    names = [c for c in cands if c.kb != LAW]
    cands = resolve_overlaps(cands + group_candidates(doc, names))
    names = [c for c in cands if c.kb != LAW and c.kind is not MentionKind.DESCRIPTION]
    cands = resolve_overlaps(cands + coref_candidates(doc, names, pointer))
    cands = drop_headline_only(doc, cands)
    return [c.span(doc) for c in cands if c.kb != LAW]


class MentionFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        install_extensions()
        self.name = name
        self.gazetteer = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[MENTIONS_KEY] = find_mentions(doc, self.gazetteer)
        return doc


@Language.factory("graphbuild_mentions", requires=["doc.ents", "token.dep"], assigns=["doc.spans"])
def make_mention_finder(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(nlp, name)
