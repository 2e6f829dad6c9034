"""The ``graphbuild_linebreaks`` component: sentence starts at paragraph breaks, set before the
parser so that a headline, a dateline or a list line is never parsed together with the paragraph
that follows it ("Civil liberties group says Amazon's tool confused lawmakers" + "The ACLU tested
Rekognition..." would otherwise share one dependency tree).

A blank line always starts a sentence. A single line break starts one only where the line before
ends like a sentence or a title would (final punctuation, or a capitalised word or number) and the
next line starts with a capital letter, so text wrapped in the middle of a phrase keeps its
sentences. The parser keeps boundaries that are already set, so this costs one pass over the
tokens.

This is the one sentence policy: :func:`sentences` is what every later stage reads relations
from, so a relation across a wrapped line (a line break between "pitched" and "ICE") stays
in one sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2014-", "\u2014\u2014"})
DATELINE_MAX = 14
ENDS = frozenset({".", "!", "?", ";", ":", "\"", "\u201d", "'", "\u2019", ")", "...", "\u2026"})
FINAL = frozenset({".", "!", "?", ":", "\"", "\u201d", "'", "\u2019", ")"})


def _line_may_end(prev: Token) -> bool:
    return prev.text in FINAL or prev.text[:1].isupper() or prev.like_num


def mark_line_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after a blank line (or a title-like line break).

    >>> import spacy
    >>> doc = mark_line_starts(spacy.blank("en")("Agency Fines Firm\\n\\nThe agency fined it."))
    >>> [t.text for t in doc if t.is_sent_start]
    ['Agency', 'The']
    >>> doc = mark_line_starts(spacy.blank("en")("Title\\n\\nBOSTON, May 2 \u2014 The agency sued."))
    >>> [t.text for t in doc if t.is_sent_start]
    ['Title', 'BOSTON', 'The']
    """
    n = len(doc)
    if n < 2:
        return doc
    arr = doc.to_array([ORTH, IS_SPACE])
    orth, space = arr[:, 0], arr[:, 1].astype(bool)
    ends = np.array([doc.vocab.strings.add(e) for e in ENDS], dtype=orth.dtype)
    starts = np.zeros(n, dtype="int64")
    # inside a line a sentence starts only after final punctuation (spaCy keeps line breaks as
    # space tokens, so a token's own trailing whitespace is never a line break)
    starts[1:][~space[:-1] & ~space[1:] & ~np.isin(orth[:-1], ends)] = -1
    starts[0] = 1
    # a 2-d integer array is what thinc's Ints2d names
    doc.from_array([SENT_START], starts.astype("int64").astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    for i in np.flatnonzero(space[:-1]).tolist():
        tok = doc[i]
        if i == 0 or "\n" not in tok.text or doc[i + 1].is_space:
            continue
        nxt, prev = doc[i + 1], doc[i - 1]
        if tok.text.count("\n") >= 2 or (nxt.text[:1].isupper() and _line_may_end(prev)):
            nxt.is_sent_start = True
            _dateline(doc, nxt.i)
    return doc


def sentences(doc: Doc) -> Iterator[Span]:
    """The Doc's sentences (as :func:`mark_line_starts` and the parser set them), without the
    whitespace at their edges; whitespace-only sentences are left out.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Agency Fines Firm\\n\\nThe agency said Amazon pitched\\nICE officials.")
    >>> for t in doc:
    ...     t.is_sent_start = t.i == 0 or t.text == "The"
    >>> [s.text for s in sentences(doc)]
    ['Agency Fines Firm', 'The agency said Amazon pitched\\nICE officials.']
    """
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            yield doc[start:end]


def _dateline(doc: Doc, start: int) -> None:
    """"Washington D.C., Oct. 24, 2016 — The Commission ...": the place and date before the dash
    are not the subject of the first sentence."""
    for j in range(start, min(start + DATELINE_MAX, len(doc))):
        t = doc[j]
        if t.text in DASHES:
            k = j
            while k < len(doc) and doc[k].text in DASHES:
                k += 1
            if j > start and k < len(doc) and not doc[k].is_space:
                doc[k].is_sent_start = True
            return
        if not (t.text[:1].isupper() or t.like_num or t.text in {",", "."}):
            return


@Language.factory("graphbuild_linebreaks", requires=[], assigns=["token.is_sent_start"])
def make_linebreaks(nlp: Language, name: str):
    return mark_line_starts
