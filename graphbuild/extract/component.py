"""The ``graphbuild_relations`` spaCy component: pure ``predict`` + ``set_annotations``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.rules import Candidate, Context, sentence_candidates
from graphbuild.extract.rules.speech import attach_first_person
from graphbuild.model.records import Evidence, Mention, MentionKind, RelationMention
from graphbuild.nlp.extensions import MENTIONS_KEY, install_extensions
from graphbuild.nlp.gazetteer import Gazetteer, load_gazetteer
from graphbuild.vocab.terms import EntityType

EXTRACTOR = "graphbuild.relations.v1"
# Rules whose second argument comes from a neighbouring sentence ("A also provided cooperation",
# a quotation continued after its attribution) are named "<family>:carried".
CARRIED_SUFFIX = ":carried"


def span_to_mention(span: Span) -> Mention:
    """The one place spaCy spans become model records."""
    return Mention(span.text, span.start_char, span.end_char, EntityType(span.label_),
                   MentionKind(span.id_ or MentionKind.NAME.value), span.kb_id_)


@dataclass
class SkipReport:
    """Sentences the rules did not read, with the reason."""

    too_long: int = 0


def candidates(doc: Doc, lexicon: Lexicon, max_sentence_tokens: int,
               skipped: SkipReport | None = None, gazetteer: Gazetteer | None = None) -> list[tuple[Span, Candidate]]:
    """Pure: every relation candidate of the Doc with its sentence.

    Sentences longer than ``max_sentence_tokens`` are skipped (counted in ``skipped``).
    """
    ctx = Context.build(doc, lexicon, doc.spans.get(MENTIONS_KEY, []), gazetteer)
    attach_first_person(ctx)
    out = []
    for sent in sentences(doc):
        if len(sent) > max_sentence_tokens:
            if skipped is not None:
                skipped.too_long += 1
            continue
        for cand in sentence_candidates(sent, ctx):
            inside = [a for a in (cand.subject, cand.object) if sent.start <= a.start and a.end <= sent.end]
            if len(inside) == 2 or (inside and cand.rule.endswith(CARRIED_SUFFIX)):
                out.append((sent, cand))
    return out


def sentences(doc: Doc) -> Iterator[Span]:
    """The parser's sentences, cut again at line breaks: a headline or dateline is never part of
    the sentence that follows it."""
    for sent in doc.sents:
        start = sent.start
        for t in sent:
            if t.is_space and "\n" in t.text and t.i > start:
                yield doc[start:t.i]
                start = t.i + 1
        if start < sent.end:
            yield doc[start:sent.end]


def to_records(doc: Doc, found: list[tuple[Span, Candidate]]) -> list[RelationMention]:
    doc_id = doc._.gb_doc_id
    out = []
    for sent, c in found:
        ev = Evidence(doc_id, sent.text, sent.start_char, sent.end_char, EXTRACTOR, c.confidence)
        out.append(RelationMention(span_to_mention(c.subject), c.predicate, span_to_mention(c.object),
                                   ev, c.negated, c.verb, c.role, c.rule))
    return out


class RelationExtractor:
    def __init__(self, nlp: Language, name: str, max_sentence_tokens: int,
                 min_confidence: float = 0.0) -> None:
        install_extensions()
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens
        self.min_confidence = min_confidence
        self.lexicon = load_lexicon()
        self.skipped = SkipReport()
        self.gazetteer = load_gazetteer()

    def predict(self, doc: Doc) -> list[tuple[Span, Candidate]]:
        found = candidates(doc, self.lexicon, self.max_sentence_tokens, self.skipped, self.gazetteer)
        return [(sent, c) for sent, c in found if c.confidence >= self.min_confidence]

    def set_annotations(self, doc: Doc, found: list[tuple[Span, Candidate]]) -> None:
        doc._.gb_relations = to_records(doc, found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc


@Language.factory(
    "graphbuild_relations",
    default_config={"max_sentence_tokens": 300, "min_confidence": 0.0},
    requires=["doc.spans", "token.dep", "token.lemma"],
    assigns=["doc._.gb_relations"],
)
def make_relation_extractor(nlp: Language, name: str, max_sentence_tokens: int,
                            min_confidence: float) -> RelationExtractor:
    return RelationExtractor(nlp, name, max_sentence_tokens, min_confidence)


def doc_mentions(doc: Doc) -> list[Mention]:
    return [span_to_mention(s) for s in doc.spans.get(MENTIONS_KEY, [])]
