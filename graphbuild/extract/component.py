"""The ``graphbuild_relations`` spaCy component: pure ``predict`` + ``set_annotations``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from graphbuild.extract.lexicon import Lexicon, load_lexicon
from graphbuild.extract.rules import Candidate, subject_verb_object
from graphbuild.model.records import Evidence, Mention, MentionKind, RelationMention
from graphbuild.nlp.extensions import MENTIONS_KEY, install_extensions
from graphbuild.vocab.terms import EntityType

EXTRACTOR = "graphbuild.relations.v1"


def span_to_mention(span: Span) -> Mention:
    """The one place spaCy spans become model records."""
    return Mention(span.text, span.start_char, span.end_char, EntityType(span.label_),
                   MentionKind(span.id_ or MentionKind.NAME.value), span.kb_id_)


def mention_index(doc: Doc) -> dict[int, Span]:
    """token index -> mention span covering it (the syntactic head token maps too)."""
    idx: dict[int, Span] = {}
    for span in doc.spans.get(MENTIONS_KEY, []):
        for t in span:
            idx.setdefault(t.i, span)
    return idx


def candidates(doc: Doc, lexicon: Lexicon, max_sentence_tokens: int) -> list[tuple[Span, Candidate]]:
    """Pure: every relation candidate of the Doc with its sentence."""
    index = mention_index(doc)
    out = []
    for sent in doc.sents:
        if len(sent) > max_sentence_tokens:
            continue
        for cand in subject_verb_object(sent, index, lexicon):
            out.append((sent, cand))
    return out


def to_records(doc: Doc, found: list[tuple[Span, Candidate]]) -> list[RelationMention]:
    doc_id = doc._.gb_doc_id
    out = []
    for sent, c in found:
        ev = Evidence(doc_id, sent.text, sent.start_char, sent.end_char, EXTRACTOR, c.confidence)
        out.append(RelationMention(span_to_mention(c.subject), c.predicate, span_to_mention(c.object),
                                   ev, c.negated, c.verb, c.role, c.rule))
    return out


class RelationExtractor:
    def __init__(self, nlp: Language, name: str, max_sentence_tokens: int) -> None:
        install_extensions()
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens
        self.lexicon = load_lexicon()

    def predict(self, doc: Doc) -> list[tuple[Span, Candidate]]:
        return candidates(doc, self.lexicon, self.max_sentence_tokens)

    def set_annotations(self, doc: Doc, found: list[tuple[Span, Candidate]]) -> None:
        doc._.gb_relations = to_records(doc, found)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc


@Language.factory(
    "graphbuild_relations",
    default_config={"max_sentence_tokens": 300},
    requires=["doc.spans", "token.dep", "token.lemma"],
    assigns=["doc._.gb_relations"],
)
def make_relation_extractor(nlp: Language, name: str, max_sentence_tokens: int) -> RelationExtractor:
    return RelationExtractor(nlp, name, max_sentence_tokens)


def doc_mentions(doc: Doc) -> list[Mention]:
    return [span_to_mention(s) for s in doc.spans.get(MENTIONS_KEY, [])]
