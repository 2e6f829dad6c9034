"""Repairing the boundaries of entity spans before they become mentions.

spaCy's small English model often mis-segments organisation names in press releases: it swallows
a dateline ("DC - The Commodity Futures Trading Commission"), a parenthesis ("Bureau (Bureau"),
a possessive parent ("CFTC's Division of Enforcement") or a headline verb ("Legg Mason Inc.
Agrees"), and it cuts names before a legal suffix ("Alder Holdings" + "LLC"). The functions here
are small, pure and work on token offsets; ``graphbuild.nlp.mentions`` applies them in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from graphbuild.model.records import MentionKind
from graphbuild.nlp.gazetteer import Gazetteer
from graphbuild.nlp.typing import LEGAL_SUFFIXES, ORG_TYPES, classify, org_cue
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList

DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2014-", "\u2015"})
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_LEAD_WORDS = WordList("span_lead_word")
_STRIP_LEAD = frozenset({"\u201c", "\u201d", '"', "'", "\u2018", "\u2019", ",", ":", ";",
                         "(", ")", "-", "\u2014", "\u2013"})
_STRIP_TRAIL = frozenset({",", ":", ";", "(", ")", "\u201c", "\u201d", '"', "\u2018", "-", "\u2014", "\u2013"})
_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "VB"})
# Head words of units of an organisation ("the SEC's Division of Enforcement", "FBI New York
# Field Office"): a span that starts with a known organisation and ends in one of these is split.
UNIT_WORDS = WordList("unit_word")
# Generic single words that spaCy sometimes labels ORG/PERSON on their own.
GENERIC_WORDS = WordList("generic_name_word")
_NAME_LINKS = WordList("name_inner_link")  # "Bank of America" is not split at "of"
_TITLES = WordList("title")
_OPENING_TITLES = WordList("name_opening_title")  # "General Motors": not a title there
_TITLE_WORDS = WordList("person_title_word")  # "Rear Adm.", "Sen.": title words that are not jobs
DETERMINERS = WordList("coref_determiner")
JOINERS = WordList("name_joiner")  # "Securities and Exchange", "Culture, Media and Sport"
_COMPLEMENT = WordList("name_complement_preposition")  # "Department of ...", "Ministry for ..."
MAX_NAME_TOKENS = 8


def capitalised(tok) -> bool:
    """A word that may be part of a name: capitalised ("Acme"), a number ("3M"), or an inner
    capital after a lower-case first letter ("eFloorTrade", "iRobot")."""
    text = tok.text
    first = text[:1]
    if first.isupper() or first.isdigit():
        return not tok.is_punct and any(c.isalpha() for c in text)
    return first.islower() and text.isalpha() and any(c.isupper() for c in text[1:])


def complement_end(doc: Doc, i: int) -> int:
    """End of "of/for <Capitalised words>[, <Capitalised words>]* [and <Capitalised words>]"
    starting at ``i`` (``i`` itself when there is none).

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["Division", "of", "Swap", "Dealer", "and", "Intermediary", "Oversight", "said"])
    >>> complement_end(d, 1)
    7
    """
    n = len(doc)
    if i + 1 >= n or doc[i].lower_ not in _COMPLEMENT:
        return i
    j = i + 1
    if doc[j].lower_ in DETERMINERS and j + 1 < n:
        j += 1
    if not capitalised(doc[j]):
        return i
    end = j
    while end < n and end - i < MAX_NAME_TOKENS:
        tok = doc[end]
        word = capitalised(tok) and not tok.is_sent_start
        joins = end + 1 < n and capitalised(doc[end + 1]) and (
            tok.lower_ in JOINERS
            # a list inside the name: "Culture, Media and Sport"
            or (tok.text == "," and any(t.lower_ in JOINERS for t in doc[end + 1:min(n, end + 5)])))
        if not (word or joins):
            break
        end += 1
    return end


def word_positions(doc: Doc, words: Iterable[str]) -> list[int]:
    """Indices of the tokens whose lower-case form is in ``words``, found on the Doc's array of
    hashes so no Python Token object is made for the other tokens."""
    if len(doc) == 0:
        return []
    wanted = {doc.vocab.strings[w] for w in words}
    return [i for i, h in enumerate(doc.to_array("LOWER").tolist()) if h in wanted]


@dataclass(frozen=True, slots=True)
class Cand:
    """A mention candidate over token offsets ``[start, end)`` of a Doc."""

    start: int
    end: int
    type: EntityType
    kind: MentionKind = MentionKind.NAME
    kb: str = ""
    rank: int = 0  # lower wins when candidates overlap

    def span(self, doc: Doc) -> Span:
        return Span(doc, self.start, self.end, label=self.type.value, kb_id=self.kb, span_id=self.kind.value)


def _is_break(tok) -> bool:
    """Tokens a name never spans: line breaks and spaced dashes (datelines)."""
    if "\n" in tok.text or tok.is_space:
        return True
    if tok.text in DASHES:
        spaced = tok.whitespace_ != "" or (tok.i > 0 and tok.doc[tok.i - 1].whitespace_ != "")
        return spaced or tok.text != "-"
    return False


def cut(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The name inside ``[start, end)``: the part after the last line break or spaced dash,
    before any parenthesis, without determiners, quotes, possessive endings or headline verbs.

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["DC", "-", "The", "Commodity", "Futures", "Trading", "Commission"])
    >>> cut(d, 0, 7)
    (3, 7)
    """
    for i in range(start, end):
        if doc[i].text in {"(", "["}:
            end = i
            break
    for i in range(end - 1, start - 1, -1):
        if _is_break(doc[i]):
            start = i + 1
            break
    while start < end and (doc[start].lower_ in _LEAD_WORDS or doc[start].lower_ in _STRIP_LEAD or doc[start].is_space
                           or (doc[start].tag_ in _VERB_TAGS and doc[start].is_title and end - start > 1
                               and doc[start].i == 0)):
        start += 1
    while end > start and (doc[end - 1].text in _STRIP_TRAIL or doc[end - 1].text in POSSESSIVE
                           or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
                           or (doc[end - 1].tag_ in {"VBZ", "VBD"} and end - start > 1)):
        end -= 1
    return (start, end) if end > start else None


def extend_legal_suffix(doc: Doc, start: int, end: int) -> int:
    """New end of a name followed by a legal suffix ("Alder Holdings" + ", LLC").

    >>> from spacy.vocab import Vocab
    >>> d = Doc(Vocab(), words=["Alder", "Holdings", ",", "LLC", "said"])
    >>> extend_legal_suffix(d, 0, 2)
    4
    """
    i = end
    if i < len(doc) and doc[i].text == "," and doc[i].whitespace_:
        i += 1
    if i < len(doc) and doc[i].text.lower().rstrip(".") in LEGAL_SUFFIXES and doc[i].text[:1].isupper():
        return i + 1
    return end


def strip_titles(doc: Doc, start: int, end: int) -> int:
    """New start of a person's name without the titles before it ("Chair Khan", "CFO Brian
    McCollum", "Rear Adm. Curtis Lyle"): a name is the person's, the title is the role.

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["Rear", "Adm.", "Curtis", "Lyle"])
    >>> strip_titles(d, 0, 4)
    2
    """
    while end - start > 1 and (doc[start].lower_ in _TITLES or doc[start].lower_.rstrip(".") in _TITLE_WORDS):
        start += 1
    return start


def person_shaped(doc: Doc, start: int, end: int) -> bool:
    """One to three capitalised proper nouns without an organisation cue or a legal form: a
    name that may be a person's ("Nadia Osei"), as far as its words tell."""
    words = doc[start:end]
    parts = [t for t in words if t.text != "-"]  # "Megan Price-Jones"
    if not 1 <= len(parts) <= 3 or words[0].text == "-" or words[-1].text == "-":
        return False
    return (all(t.is_title and t.pos_ == "PROPN" for t in parts) and org_cue(words.text) is None
            and not any(t.lower_.rstrip(".") in LEGAL_SUFFIXES for t in parts))


_APPOSITION_LEAD = WordList("title_apposition_lead")  # "Jane Roe, a former ...", "..., previously"


def titled_by_context(doc: Doc, start: int, end: int) -> bool:
    """A job title right before the name ("OCR Director Helena Brisk", "Talon's chief executive,
    Megan Price-Jones") or in an apposition right after it ("Elena Sartori, a former deputy
    director general", "Nadia Osei, previously finance director")."""
    i = start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 0 and doc[i].lower_ in _TITLES:
        return True
    j = end
    if end - start < 2 or j + 1 >= len(doc) or doc[j].text != ",":
        return False  # one word after a comma may be a company ("Acme, the market leader")
    k = j + 1
    while k < len(doc) and k - j <= 4 and (doc[k].lower_ in _APPOSITION_LEAD or doc[k].tag_ == "POS"
                                          or doc[k].pos_ in {"PROPN", "NOUN", "ADJ"}) and doc[k].lower_ not in _TITLES:
        k += 1
    return k < len(doc) and doc[k].lower_ in _TITLES


def _titled_person(doc: Doc, start: int, rest: int, end: int) -> bool:
    """A job title and one to three capitalised proper nouns that the model tagged as an
    organisation ("Chair Lina Okafor", "CFO Brian Mallory"): a titled person. Not a title word
    that opens company names ("General Motors"), nor a name with an organisation cue. ``rest``
    is :func:`strip_titles` of the span."""
    return rest != start and doc[start].lower_ not in _OPENING_TITLES and person_shaped(doc, rest, end)


def possessive_split(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """``X's Y`` inside one span -> X and Y ("CFTC's Division of Enforcement").

    >>> from spacy.vocab import Vocab
    >>> d = Doc(Vocab(), words=["CFTC", "\u2019s", "Division", "of", "Enforcement"])
    >>> possessive_split(d, 0, 5)
    [(0, 1), (2, 5)]
    >>> d = Doc(Vocab(), words=["County", "Sheriff", "'s", "Office"])
    >>> possessive_split(d, 0, 4)
    [(0, 4)]
    """
    parts = []
    s = start
    for i in range(start + 1, end - 1):
        if all(doc[j].text.lower() in UNIT_WORDS for j in range(i + 1, end)):
            break  # "the Sheriff's Office", "the Auditor's Office": one name
        if doc[i].text in POSSESSIVE or doc[i].tag_ == "POS":
            if i > s:
                parts.append((s, i))
            s = i + 1
    parts.append((s, end))
    return [p for p in parts if p[1] > p[0]]


def parent_prefix_split(doc: Doc, start: int, end: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """``<known organisation> <unit>`` -> the organisation and the unit ("FBI New York Field Office",
    "SEC Enforcement Division", "IRS Criminal Investigation"). The unit must end in a unit word."""
    if end - start < 2 or doc[end - 1].lower_ not in UNIT_WORDS:
        return [(start, end)]
    whole = gaz.lookup(doc[start:end].text)
    for k in range(end - 1, start, -1):
        entry = gaz.lookup(doc[start:k].text)
        if entry is None or entry.type not in ORG_TYPES or (whole is not None and whole.id == entry.id):
            continue
        if doc[k].lower_ in _NAME_LINKS:
            continue
        pe = k - 1 if doc[k - 1].text in POSSESSIVE or doc[k - 1].tag_ == "POS" else k
        return [(start, pe), (k, end)]
    return [(start, end)]


def type_of(doc: Doc, start: int, end: int, label: str, kb: str, gaz: Gazetteer) -> tuple[EntityType | None, str]:
    """Class and gazetteer id of a repaired span: the gazetteer first, then the label and cues."""
    text = doc[start:end].text
    entry = gaz.lookup(text)
    if entry is not None:
        return entry.type, entry.id
    if kb and label in _CLASSES:
        # a gazetteer span that was cut or split: the remainder is not that entry
        label = "ORG" if EntityType(label) in ORG_TYPES else label
    etype = classify(label, text)
    if etype is not None and end - start == 1 and doc[start].lower_ in GENERIC_WORDS:
        return None, ""
    if etype in {EntityType.PERSON, EntityType.LOCATION} and org_cue(text) is not None and end - start > 1:
        # "Eastern District" (LOC), "Arkansas Attorney General" (PERSON): the cue word wins
        etype = org_cue(text)
    return etype, ""


def repair(doc: Doc, start: int, end: int, label: str, kb: str, gaz: Gazetteer) -> list[Cand]:
    """All repairs on one entity span -> zero or more typed candidates."""
    entry = gaz.by_id.get(kb) if kb else None
    if entry is not None and doc[start:end].text in entry.names:
        r: tuple[int, int] | None = (start, end)  # "The Intercept", as the gazetteer writes it
    else:
        r = cut(doc, start, end)
    if r is None:
        return []
    start2, end2 = r
    if (start2, end2) == (start, end) and kb:
        entry = gaz.by_id.get(kb)
        end3 = extend_legal_suffix(doc, start, end)
        if entry is not None and end3 == end:
            return _unit_split(doc, Cand(start, end, entry.type, kb=entry.id), gaz)
        # "Raytheon Technologies" + "Corp.": the same company, unless the article also names
        # another company with the same core (see ``split_suffixed_namesakes``)
        return [Cand(start, end3, entry.type if entry else EntityType.COMPANY, kb=kb)]
    else:
        end2 = extend_legal_suffix(doc, start2, end2)
    out: list[Cand] = []
    for s, e in possessive_split(doc, start2, end2):
        rr = cut(doc, s, e)
        if rr is None:
            continue
        s, e = rr
        lab = label
        if (s, e) != (start2, end2) and lab in {"GPE", "LOC", "FAC"} and org_cue(doc[s:e].text):
            lab = "ORG"  # "the United Kingdom's Serious Fraud Office" tagged GPE as a whole
        etype, kb2 = type_of(doc, s, e, lab, kb if (s, e) == (start, end) else "", gaz)
        if etype is None:
            continue
        rest = strip_titles(doc, s, e) if not kb2 else s
        if not kb2 and (etype is EntityType.PERSON or _titled_person(doc, s, rest, e)
                        or (etype in ORG_TYPES and person_shaped(doc, s, e) and titled_by_context(doc, s, e))):
            etype, s = EntityType.PERSON, rest
        out.extend(_unit_split(doc, Cand(s, e, etype, kb=kb2), gaz))
    return out


def _unit_split(doc: Doc, c: Cand, gaz: Gazetteer) -> list[Cand]:
    if c.type not in ORG_TYPES:
        return [c]
    parts = parent_prefix_split(doc, c.start, c.end, gaz)
    if len(parts) == 1:
        return [c]
    (ps, pe), (us, ue) = parts
    parent = gaz.lookup(doc[ps:pe].text)
    assert parent is not None
    unit_type = org_cue(doc[us:ue].text) or c.type
    return [Cand(ps, pe, parent.type, kb=parent.id), replace(c, start=us, end=ue, type=unit_type)]


def split_suffixed_namesakes(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """"BAE Systems, Inc." and "BAE Systems PLC" in one article are two companies: a gazetteer id
    shared by names with different legal suffixes is dropped from them."""
    suffixes: dict[str, set[str]] = {}
    for c in cands:
        if c.kb and doc[c.end - 1].text.lower().rstrip(".") in LEGAL_SUFFIXES:
            suffixes.setdefault(c.kb, set()).add(doc[c.end - 1].text.lower().rstrip("."))
    clash = {kb for kb, s in suffixes.items() if len(s) > 1}
    if not clash:
        return cands
    return [replace(c, kb="") if c.kb in clash and doc[c.end - 1].text.lower().rstrip(".") in LEGAL_SUFFIXES
            else c for c in cands]


def units_after(doc: Doc, cands: list[Cand], gaz: Gazetteer) -> list[Cand]:
    """A unit written right after its parent that the model left untagged: "FBI New York Field
    Office" -> "New York Field Office", "SEC Enforcement Division" -> "Enforcement Division",
    "CFTC Division of Enforcement" -> "Division of Enforcement". Up to five title-case words
    ending in a unit word, and its "of/for <Capitalised words>" complement."""
    out = []
    starts = {c.start for c in cands}
    for c in cands:
        if c.type not in ORG_TYPES or c.end in starts:
            continue  # the unit is already a candidate ("IRS" + "Criminal Investigation")
        i = c.end
        while i < len(doc) and i - c.end < 5 and doc[i].is_title and doc[i].lower_ not in UNIT_WORDS:
            i += 1
        if i < len(doc) and i - c.end < 5 and doc[i].is_title and doc[i].lower_ in UNIT_WORDS:
            j = i + 1
            if j < len(doc) and doc[j].is_title and doc[j].lower_ in UNIT_WORDS:
                j += 1  # "Task Force", "Field Office" after a unit word
            j = complement_end(doc, j)
            entry = gaz.lookup(doc[c.end:j].text)
            if entry is not None:
                out.append(Cand(c.end, j, entry.type, kb=entry.id, rank=-1))
            else:
                etype = c.type if c.type is EntityType.GOVERNMENT_BODY else (org_cue(doc[c.end:j].text) or c.type)
                out.append(Cand(c.end, j, etype, rank=-1))
    return out


_CLASSES = frozenset(t.value for t in EntityType)
_ANCHORS = WordList("district_anchor")
_DIRECTIONS = WordList("district_direction")


def _district_end(doc: Doc, i: int, bare: bool = False) -> int | None:
    """End of "<Direction> District of <Place>" starting at token ``i`` (with ``bare``, also
    "District of <Place>"), or None."""
    if bare and i + 2 < len(doc) and doc[i].lower_ == "district":
        i -= 1  # no direction word
    elif not (i + 3 < len(doc) and doc[i].lower_ in _DIRECTIONS):
        return None
    if not (doc[i + 1].lower_ == "district" and doc[i + 2].lower_ == "of" and doc[i + 3].is_title):
        return None
    end = i + 4
    while end < len(doc) and end - i < 6 and doc[end].is_title and doc[end].pos_ == "PROPN":
        end += 1
    return end


def fixed_spans(doc: Doc) -> list[Cand]:
    """Government bodies the model splits, found by anchor words (one pass over the Doc):
    judicial districts ("the Eastern District of New York"), U.S. Attorney's Offices ("the U.S.
    Attorney's Office for the Southern District of California"), attorneys general ("Arkansas
    Attorney General", "Office of the Attorney General")."""
    out = []
    n = len(doc)
    for i in word_positions(doc, _ANCHORS):
        t = doc[i]
        if t.lower_ == "district":
            end = _district_end(doc, i - 1) if i > 0 else None
            if end is not None:
                out.append(Cand(i - 1, end, EntityType.GOVERNMENT_BODY, rank=-1))
        elif t.text == "Attorney" and i + 2 < n and doc[i + 1].text in {"'s", "\u2019s"} and doc[i + 2].lower_ == "office":
            start = i - 1 if i > 0 and doc[i - 1].text in {"U.S.", "US"} else i
            end = i + 3
            if end + 1 < n and doc[end].lower_ == "for" and doc[end + 1].lower_ == "the":
                end = _district_end(doc, end + 2, bare=True) or end
            out.append(Cand(start, end, EntityType.GOVERNMENT_BODY, rank=-1))
        elif t.text == "Attorney" and i + 1 < n and doc[i + 1].text == "General":
            if i >= 3 and doc[i - 3:i].text == "Office of the":
                out.append(Cand(i - 3, i + 2, EntityType.GOVERNMENT_BODY, rank=-1))
            elif i > 0 and doc[i - 1].ent_type_ in {"GPE", "Location"} and doc[i - 1].is_title:
                start = i - 1
                while start > 0 and doc[start - 1].ent_type_ == doc[i - 1].ent_type_ and doc[start - 1].is_title:
                    start -= 1
                out.append(Cand(start, i + 2, EntityType.GOVERNMENT_BODY, rank=-1))
    return out
