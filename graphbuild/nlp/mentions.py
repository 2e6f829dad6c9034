"""The ``graphbuild_mentions`` component: typed entity mentions in ``doc.spans["gb_mentions"]``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from graphbuild.model.records import MentionKind
from graphbuild.nlp.extensions import MENTIONS_KEY, install_extensions
from graphbuild.nlp.typing import classify


def _strip(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive from a mention."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return Span(doc, start, end, label=span.label, kb_id=span.kb_id, span_id=span.id)


def find_mentions(doc: Doc) -> list[Span]:
    """Pure: the typed mention spans of a parsed Doc."""
    out: list[Span] = []
    for ent in doc.ents:
        etype = classify(ent.label_, ent.text)
        if etype is None:
            continue
        span = _strip(ent)
        if len(span) == 0:
            continue
        kind = MentionKind.ACRONYM if span.text.isupper() and len(span) == 1 else MentionKind.NAME
        out.append(Span(doc, span.start, span.end, label=etype.value, kb_id=ent.kb_id_ or ent.ent_id_,
                        span_id=kind.value))
    return out


class MentionFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[MENTIONS_KEY] = find_mentions(doc)
        return doc


@Language.factory("graphbuild_mentions", requires=["doc.ents"], assigns=["doc.spans"])
def make_mention_finder(nlp: Language, name: str) -> MentionFinder:
    return MentionFinder(nlp, name)
