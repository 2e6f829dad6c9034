"""Names the statistical recogniser misses, found by their shape.

spaCy's small English model often drops or cuts names it has not seen: "Leeds-based Hartwell
Engineering plc" comes out as a product "Leeds" and a company "Hartwell Engineering", "Low VA
Rates LLC" not at all. Two shapes are reliable enough to add candidates of their own:

* a run of capitalised words ending in a legal suffix is a company ("Talon Aerosystems Ltd",
  "Bank of America Corp.");
* the capitalised words before "-based" are a place ("Cardiff-based", "Austin-based");
* capitalised words around an organisation head word are one name ("Senate Banking Committee",
  "Ohio Department of Commerce", "Department for Culture, Media and Sport"), where the model
  keeps only a part ("Senate") or splits it in three;
* a nationality adjective opening the descriptor of a name names a country ("Danish payments
  group Korsgaard A/S": Denmark, the gazetteer's entry, from ``ontology/wordlists.tsv``).

The candidates come before the recogniser's own spans, so they replace cut or mistyped ones;
spans linked to the gazetteer keep precedence, except that a committee takes its chamber's name
with it ("Senate Banking Committee" is one body, not the Senate).
"""

from __future__ import annotations

from collections.abc import Set
from functools import lru_cache

from spacy.tokens import Doc

from graphbuild.model.records import MentionKind
from graphbuild.nlp.spans import (
    DETERMINERS,
    JOINERS,
    MAX_NAME_TOKENS,
    Cand,
    capitalised,
    complement_end,
    word_positions,
)
from graphbuild.nlp.typing import LEGAL_SUFFIXES, org_cue
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList, WordMap

_TITLES = WordList("title")
_OPENING_TITLES = WordList("name_opening_title")  # "General Cable Corporation"
_HEADS = WordList("name_head")
_CHAMBER_HEADS = WordList("name_head_chamber")
_CHAMBERS = WordList("chamber")
_CONNECTORS = WordList("name_inner_word")
_LOWER_OK = WordList("lower_case_legal_form")  # still written so in names: "Kennet Water plc"
_PRODUCT_HEADS = WordList("name_head_product")
_PLACE_PARTICIPLE = WordList("place_participle")  # "Cardiff-based"  # "State Homeland Security Program"
_NATIONALITY_PLACE: WordMap[str] = WordMap("nationality_place")  # "Danish" -> the gazetteer's Denmark
MAX_DESCRIPTOR_TOKENS = 5  # "Polish state-owned arms maker Zbrojmet"


def _is_suffix(tok) -> bool:
    low = tok.text.lower().rstrip(".")
    return low in LEGAL_SUFFIXES and (tok.text[:1].isupper() or low in _LOWER_OK)


def _name_start(doc: Doc, end: int, titles: Set[str]) -> int | None:
    """First token of the capitalised run that ends before ``end`` (connectors allowed between
    capitalised words), or None when there is none."""
    i = end - 1
    start = None
    while i >= 0 and end - i <= MAX_NAME_TOKENS:
        tok = doc[i]
        if "\n" in tok.text or tok.is_space:
            break
        opener = (tok.lower_ in _OPENING_TITLES and start == i + 1
                  and (i == 0 or doc[i - 1].lower_ not in titles))  # not "Attorney General"
        if capitalised(tok) and (tok.lower_ not in titles or opener) and not _is_suffix(tok):
            if tok.is_sent_start and tok.pos_ not in {"PROPN", "NUM", "X"}:
                break  # "Yesterday Acme Corp ..."
            start = i
            i -= 1
            continue
        if (tok.text == "-" and start == i + 1 and i > 0 and not tok.whitespace_
                and not doc[i - 1].whitespace_ and capitalised(doc[i - 1])):
            i -= 1  # "Rolls-Royce plc"
            continue
        if (tok.lower_ in _CONNECTORS and start is not None and i > 0 and capitalised(doc[i - 1])
                and doc[i - 1].lower_ not in titles and not doc[i - 1].is_sent_start):
            i -= 1
            continue
        break
    return start


@lru_cache(maxsize=1)
def _suffix_tokens() -> frozenset[str]:
    """Legal forms as tokens, with and without their final dot ("Corp", "Corp.")."""
    return frozenset(LEGAL_SUFFIXES | {s + "." for s in LEGAL_SUFFIXES})


def suffixed_names(doc: Doc) -> list[Cand]:
    """Companies shaped "<Capitalised words> <legal suffix>".

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["with", "Leeds", "-", "based", "Hartwell", "Engineering", "plc", "for"],
    ...         spaces=[True, False, False, True, True, True, True, False])
    >>> [(c.start, c.end, c.type.value) for c in suffixed_names(d)]
    [(4, 7, 'Company')]
    """
    titles = _TITLES
    out = []
    for i in word_positions(doc, _suffix_tokens()):
        tok = doc[i]
        if i == 0 or not _is_suffix(tok):
            continue
        end = i
        if doc[end - 1].text == "," and end > 1:
            end -= 1  # "Alder Holdings, LLC"
        start = _name_start(doc, end, titles)
        if start is None or doc[start].lower_ in _CONNECTORS:
            continue
        out.append(Cand(start, i + 1, EntityType.COMPANY, rank=-1))
    return out


def based_locations(doc: Doc) -> list[Cand]:
    """Places shaped "<Capitalised words>-based".

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["the", "Cardiff", "-", "based", "firm"],
    ...         spaces=[True, False, False, True, False])
    >>> [(c.start, c.end, c.type.value) for c in based_locations(d)]
    [(1, 2, 'Location')]
    """
    out = []
    for i in word_positions(doc, frozenset(_PLACE_PARTICIPLE)):
        if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
            continue
        end = i - 1
        start = end
        while start > 0 and end - start < 4 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha:
            start -= 1
        if start < end and not (doc[start].is_sent_start and doc[start].pos_ not in {"PROPN", "X"}):
            out.append(Cand(start, end, EntityType.LOCATION, rank=-1))
    return out


def headed_names(doc: Doc, linked: frozenset[int] = frozenset()) -> list[Cand]:
    """Organisations shaped "<Capitalised words> <head word> [of <Capitalised words>]", the head
    word from the ``name_head`` list of ``ontology/wordlists.tsv``.

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["the", "Senate", "Banking", "Committee", "met"])
    >>> [(c.start, c.end, c.type.value) for c in headed_names(d)]
    [(1, 4, 'GovernmentBody')]
    """
    heads, titles, chambers = _HEADS, _TITLES, _CHAMBER_HEADS
    out = []
    for h in word_positions(doc, heads | chambers):
        if not doc[h].text[:1].isupper():
            continue
        end = complement_end(doc, h + 1)
        start = h
        while start > 0 and h - start < MAX_NAME_TOKENS - 2:
            prev = doc[start - 1]
            if start - 1 in linked and doc[h].lower_ not in chambers:
                break  # "CFTC" + "Division of Enforcement": a unit of a known body
            word = capitalised(prev) and prev.lower_ not in titles and not prev.is_sent_start
            joins = (prev.lower_ in JOINERS and start > 1 and capitalised(doc[start - 2])
                     and doc[start - 2].lower_ not in titles)
            if word or joins:
                start -= 1
            elif capitalised(prev) and prev.is_sent_start and prev.pos_ == "PROPN":
                start -= 1
                break
            else:
                break
        if end - start < 2 or doc[start].lower_ in _CONNECTORS:
            continue
        if doc[h].lower_ in _PRODUCT_HEADS:
            etype = EntityType.PRODUCT
        elif doc[h].lower_ in chambers and doc[start].lower_ in _CHAMBERS:
            etype = EntityType.GOVERNMENT_BODY  # "House Financial Services Committee"
        else:
            etype = org_cue(doc[start:h + 1].text) or EntityType.GOVERNMENT_BODY
        out.append(Cand(start, end, etype))
    return out


def descriptor_word(doc: Doc, j: int) -> bool:
    """A lower-case word of a descriptor ("payments group", "state-owned arms maker")."""
    tok = doc[j]
    if tok.text == "-":
        return not tok.whitespace_ and j > 0 and not doc[j - 1].whitespace_
    if not tok.is_alpha or not tok.text.islower():
        return False
    return tok.pos_ in {"NOUN", "ADJ"} or (tok.tag_ in {"VBN", "VBG"} and doc[j - 1].text == "-")


def nationality_places(doc: Doc) -> list[Cand]:
    """The country a nationality adjective names, when it opens the descriptor of a name:
    "Danish payments group Korsgaard A/S", "the Polish state-owned arms maker Zbrojmet". The
    candidate is a description of the country's gazetteer entry, so the entity is named by the
    country. Not inside a name ("Royal Dutch Shell", "French Institute": no lower-case
    descriptor follows) and not without a name after the descriptor ("the French state",
    "Libyan officials").

    >>> from spacy.lang.en import English
    >>> d = Doc(English().vocab, words=["Danish", "group", "Korsgaard", "said"],
    ...         pos=["ADJ", "NOUN", "PROPN", "VERB"])
    >>> [(c.start, c.end, c.type.value, c.kb) for c in nationality_places(d)]
    [(0, 1, 'Location', 'place-denmark')]
    """
    out = []
    for i in word_positions(doc, _NATIONALITY_PLACE):
        tok = doc[i]
        if not tok.text[:1].isupper() or tok.pos_ not in {"ADJ", "PROPN", "NOUN"}:
            continue
        if i > 0 and capitalised(doc[i - 1]) and doc[i - 1].lower_ not in DETERMINERS:
            continue  # inside a name
        j = i + 1
        while j < len(doc) and j - i <= MAX_DESCRIPTOR_TOKENS and descriptor_word(doc, j):
            j += 1
        if j == i + 1 or j >= len(doc) or not capitalised(doc[j]) or doc[j].is_sent_start:
            continue
        out.append(Cand(i, i + 1, EntityType.LOCATION, MentionKind.DESCRIPTION,
                        _NATIONALITY_PLACE[tok.lower_], rank=-1))
    return out


def shape_candidates(doc: Doc, linked: frozenset[int] = frozenset()) -> list[Cand]:
    """All shape candidates; ``linked`` holds the tokens of spans linked to the gazetteer, which
    only a committee's name may take in."""
    chambers = _CHAMBER_HEADS
    out = []
    for c in suffixed_names(doc) + based_locations(doc) + headed_names(doc, linked) + nationality_places(doc):
        span = set(range(c.start, c.end))
        if linked & span and not (c.type is EntityType.GOVERNMENT_BODY
                                  and doc[c.end - 1].lower_ in chambers):
            continue
        out.append(c)
    return out
