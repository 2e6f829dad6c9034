"""Short forms of names defined or implied in the article.

* ``Full Name (SHORT)``: the parenthesis defines a short form ("Consumer Financial Protection
  Bureau (Bureau)", "Legg Mason Inc. (Legg Mason)", "Merrill Lynch Commodities, Inc. (MLCI)");
  every later occurrence of SHORT is a mention of the same entity, whatever the model said.
* An organisation name the model tagged once is a mention wherever it occurs.
* A company named with a legal suffix or a generic last word ("Qualcomm Incorporated", "Armor
  Holdings, Inc.") is later called by its core ("Qualcomm", "Armor Holdings", "Armor"); spaCy
  often labels those bare cores PERSON or GPE, or misses them.
* A person named in full is later called by the surname ("Harder pleaded guilty"), which the
  model often misses or tags as a nationality.

Occurrences are found with a PhraseMatcher built per document from the few short forms, so the
cost is linear in the document.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.attrs import IS_LOWER, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graphbuild.model.records import MentionKind
from graphbuild.nlp.spans import Cand, extend_legal_suffix
from graphbuild.nlp.typing import LEGAL_SUFFIXES, ORG_TYPES, is_law_name
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList

# Last words of company names that the article may drop ("Armor Holdings" -> "Armor").
GENERIC_COMPANY_WORDS = WordList("generic_company_word")
# First words of company names that do not stand for the company alone ("American", "General").
_SHORT_NAME_STOP = WordList("short_name_stop")
_MAX_SHORT = 6
_DEFINERS = ORG_TYPES | {EntityType.PRODUCT}


def pointer(doc: Doc, c: Cand) -> str:
    """Reference from a short form, description or pronoun to its antecedent: the antecedent's
    gazetteer id, or ``@<character offset>`` of the antecedent's first token."""
    return c.kb or f"@{doc[c.start].idx}"


def definitions(doc: Doc, cands: list[Cand]) -> list[tuple[Cand, int, int]]:
    """``(definer, start, end)`` of each short form in parentheses right after a name candidate."""
    out = []
    for c in cands:
        if c.kind is not MentionKind.NAME or c.type not in _DEFINERS:
            continue  # "Sen. Ed Markey (D-Mass.)" defines nothing
        i = c.end
        if i < len(doc) and doc[i].text == "," and c.type in ORG_TYPES:
            i += 1  # "Alder Holdings, LLC (Alder)": the suffix was kept in the name
        if i >= len(doc) or doc[i].text != "(":
            continue
        j = i + 1
        while j < len(doc) and j - i <= _MAX_SHORT + 1 and doc[j].text != ")":
            j += 1
        if j >= len(doc) or doc[j].text != ")" or j == i + 1:
            continue
        short = doc[i + 1:j]
        if not short[0].text[:1].isupper() or any(t.is_digit or t.like_num for t in short):
            continue
        out.append((c, i + 1, j))
    return out


def core_forms(doc: Doc, c: Cand, lower_words: frozenset[str] | None = None) -> list[tuple[str, ...]]:
    """Token sequences by which a company may be called later: the name without its legal
    suffix, and without generic last words ("Armor Holdings, Inc." -> "Armor Holdings", "Armor")."""
    words = [t.text for t in doc[c.start:c.end]]
    forms = []
    while words and (words[-1].lower().rstrip(".") in LEGAL_SUFFIXES or words[-1] == ","):
        words = words[:-1]
        if words and words[-1] != ",":
            forms.append(tuple(words))
    while len(words) > 1 and words[-1].lower() in GENERIC_COMPANY_WORDS:
        words = words[:-1]
        forms.append(tuple(words))
    if lower_words is None:
        lower_words = frozenset(t.text for t in doc if t.is_lower)
    if len(words) > 1 and _distinctive(doc[c.start], lower_words):
        forms.append((words[0],))  # "Veridian Semiconductor Corp." -> "Veridian"
    return [f for f in forms if f and (len(f) > 1 or len(f[0]) > 2)]


def _distinctive(first, lower_words: frozenset[str]) -> bool:
    """A first word that can stand for the whole company: capitalised, not a common word of the
    article (never written in lower case in it) and not one of the ``short_name_stop`` words
    ("American", "General", "National")."""
    text = first.text
    if not (text[:1].isupper() and text.isalpha() and len(text) > 2) or first.is_stop:
        return False
    if first.lower_ in _SHORT_NAME_STOP:
        return False
    return first.lower_ not in lower_words


def short_form_candidates(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """New and retyped candidates for every occurrence of a defined short form or company core.

    Existing candidates with the same text but a non-organisation type (PERSON, GPE) are replaced;
    existing organisation candidates are left alone. Short forms of statutes are returned with
    no type change but are dropped by the caller (``law`` candidates are filtered out).
    """
    forms: dict[tuple[str, ...], tuple[Cand, MentionKind]] = {}
    for definer, s, e in definitions(doc, cands):
        short = tuple(t.text for t in doc[s:e])
        kind = MentionKind.ACRONYM if len(short) == 1 and short[0].isupper() else MentionKind.NAME
        forms.setdefault(short, (definer, kind))
    # words the article writes in lower case
    lower_words = frozenset(doc.vocab.strings[orth] for orth, low in doc.to_array([ORTH, IS_LOWER]).tolist() if low)
    for c in cands:
        if c.type in ORG_TYPES and c.kind is MentionKind.NAME and not c.kb:
            # one name, one reading per article: the model's tag at one place holds everywhere
            forms.setdefault(tuple(t.text for t in doc[c.start:c.end]), (c, MentionKind.NAME))
        if c.type is EntityType.COMPANY and c.kind is MentionKind.NAME and not c.kb:
            for f in core_forms(doc, c, lower_words):
                forms.setdefault(f, (c, MentionKind.NAME))
    for c in cands:
        if c.type is EntityType.PERSON and c.kind is MentionKind.NAME and not c.kb and c.end - c.start >= 2:
            last = doc[c.end - 1]
            if _distinctive(last, lower_words):
                forms.setdefault((last.text,), (c, MentionKind.NAME))  # "Dmitrij Harder" -> "Harder"
    if not forms:
        return []
    matcher = PhraseMatcher(doc.vocab)
    keys: dict[str, tuple[Cand, MentionKind]] = {}
    for n, (f, val) in enumerate(forms.items()):
        key = f"GB_SHORT_{n}"
        matcher.add(key, [Doc(doc.vocab, words=list(f))])
        keys[key] = val
    in_person = {i: c for c in cands if c.type is EntityType.PERSON and c.end - c.start >= 2
                 for i in range(c.start, c.end)}
    out = []
    for match_id, s, e in matcher(doc):
        p = in_person.get(s)
        if p is not None and e <= p.end and (p.start, p.end) != (s, e):
            continue  # a surname inside a person's name is not the company it may also name
        definer, kind = keys[doc.vocab.strings[match_id]]
        if definer.start <= s < definer.end:
            continue
        if is_law_name(doc[definer.start:definer.end].text):
            out.append(Cand(s, e, definer.type, kind, "law", rank=-2))
            continue
        # the model may miss a full name the headline gave without its suffix: "Harwick Medical
        # Devices" (headline) + "Harwick Medical Devices Ltd., a ..." (body)
        if doc[definer.end - 1].text.lower().rstrip(".") not in LEGAL_SUFFIXES:
            e = extend_legal_suffix(doc, s, e)  # (not "BAE Systems, Inc." -> "BAE Systems PLC")
        out.append(replace(definer, start=s, end=e, kind=kind, kb=pointer(doc, definer), rank=0))
    # a shorter form inside a longer match is the same mention ("Orbit" in "Orbit Medical Ltd.")
    return [c for c in out if not any(o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end)
                                      for o in out)]
