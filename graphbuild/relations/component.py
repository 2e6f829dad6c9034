"""The ``graphbuild_relations`` spaCy component: pure ``predict`` + ``set_annotations``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from graphbuild.config import Config
from graphbuild.model.gazetteer import Gazetteer, load_gazetteer
from graphbuild.model.records import Evidence, Mention, RelationMention
from graphbuild.nlp.extensions import MENTIONS_KEY, install_extensions
from graphbuild.nlp.linebreaks import sentences
from graphbuild.relations.learned import (
    PairInstance,
    Policy,
    RelationModel,
    constrain,
    decide,
    load_model,
)
from graphbuild.relations.lexicon import Lexicon, load_lexicon
from graphbuild.relations.pairs import FeatureExtractor, pair_instances, span_to_mention
from graphbuild.relations.qualifiers import attach_qualifiers
from graphbuild.relations.qualifiers import install_extensions as install_qualifier_extensions
from graphbuild.relations.rules import Candidate, Context, sentence_candidates
from graphbuild.relations.rules.speech import attach_first_person
from graphbuild.vocab.wordlists import load_wordlists

RULES = "graphbuild.rules.v2"
# The rule whose finds are votes for the model (pair features), never relations on their own:
# the fallback ``other`` for a verb the lexicon does not know had precision 0.10 out of fold (40
# relations, 4 right); dropping it as a relation took cross-validated strict F1 0.372 -> 0.373,
# precision 0.567 -> 0.576.
VOTE_ONLY_RULE = "other"
MODEL = "graphbuild.model"
# Rules whose second argument comes from a neighbouring sentence ("A also provided cooperation",
# a quotation continued after its attribution) are named "<family>:carried".
CARRIED_SUFFIX = ":carried"


@dataclass
class SkipReport:
    """Sentences the rules did not read, and relations the ontology refused, with the reasons."""

    too_long: int = 0
    rejected: Counter = field(default_factory=Counter)  # reason -> relations the ontology refused


def candidates(doc: Doc, lexicon: Lexicon, max_sentence_tokens: int,
               skipped: SkipReport | None = None, gazetteer: Gazetteer | None = None,
               ctx: Context | None = None) -> list[tuple[Span, Candidate]]:
    """Pure: every relation candidate the rules find in the Doc, with its sentence.

    Sentences longer than ``max_sentence_tokens`` are skipped (counted in ``skipped``).
    """
    ctx = ctx or context(doc, lexicon, gazetteer)
    out = []
    for sent in readable_sentences(doc, max_sentence_tokens, skipped):
        for cand in sentence_candidates(sent, ctx):
            inside = [a for a in (cand.subject, cand.object) if sent.start <= a.start and a.end <= sent.end]
            if len(inside) == 2 or (inside and cand.rule.endswith(CARRIED_SUFFIX)):
                out.append((sent, cand))
    return out


def context(doc: Doc, lexicon: Lexicon, gazetteer: Gazetteer | None) -> Context:
    ctx = Context.build(doc, lexicon, doc.spans.get(MENTIONS_KEY, []), gazetteer)
    attach_first_person(ctx)
    return ctx


def readable_sentences(doc: Doc, max_sentence_tokens: int, skipped: SkipReport | None = None) -> Iterator[Span]:
    for sent in sentences(doc):
        if len(sent) > max_sentence_tokens:
            if skipped is not None:
                skipped.too_long += 1
            continue
        yield sent


def to_records(doc_id: str, found: list[tuple[Span, Candidate]]) -> list[RelationMention]:
    out = []
    for sent, c in found:
        ev = Evidence(doc_id, sent.text, sent.start_char, sent.end_char, f"{RULES}:{c.rule}", c.confidence)
        out.append(RelationMention(span_to_mention(c.subject), c.predicate, span_to_mention(c.object),
                                   ev, c.negated, c.verb, c.role, c.rule))
    return out


@dataclass
class Found:
    """What ``predict`` found in one Doc: the rules' candidates and the model's pairs."""

    rules: list[tuple[Span, Candidate]]
    pairs: list[PairInstance]


def features_of(doc: Doc, lexicon: Lexicon, gazetteer: Gazetteer | None, fx: FeatureExtractor | None,
                max_sentence_tokens: int, skipped: SkipReport | None = None) -> Found:
    """Pure: the rules' candidates and every candidate pair with its features (rule votes
    included); no pairs without a feature extractor. Training reads this too, so it sees
    exactly what prediction sees."""
    ctx = context(doc, lexicon, gazetteer)
    rules = candidates(doc, lexicon, max_sentence_tokens, skipped, gazetteer, ctx)
    if fx is None:
        return Found(rules, [])
    sents = list(readable_sentences(doc, max_sentence_tokens))
    return Found(rules, pair_instances(doc._.gb_doc_id, sents, ctx, fx, [c for _, c in rules]))


def combine(found: Found, doc_id: str, model: RelationModel | None, policy: Policy | None = None,
            min_confidence: float = 0.0, rejected: Counter | None = None) -> list[RelationMention]:
    """The document's relations: the rules' records combined with the model's decisions, within
    the ontology's domains and ranges (refusals counted by reason in ``rejected``)."""
    rule_records = to_records(doc_id, [(s, c) for s, c in found.rules if c.rule != VOTE_ONLY_RULE])
    if model is None:
        out = constrain(rule_records, rejected)
    else:
        probs = model.probability_rows([p.features for p in found.pairs])
        out = decide(found.pairs, probs, model.labels, rule_records, policy or model.policy,
                     f"{MODEL}:{model.version}", rejected)
    return [r for r in out if r.evidence.confidence >= min_confidence]


@dataclass(frozen=True, slots=True)
class RelationSettings:
    """The settings of the relation component, taken from the run's :class:`Config` in one
    place (:meth:`from_config`); they are the component's spaCy config, defaults included.

    >>> RelationSettings.from_config(Config(relation_model="none", min_confidence=0.5))
    RelationSettings(max_sentence_tokens=300, min_confidence=0.5, model_path='', use_model=False)
    """

    max_sentence_tokens: int
    min_confidence: float
    model_path: str  # '' = the shipped model
    use_model: bool

    @classmethod
    def from_config(cls, config: Config) -> RelationSettings:
        use_model = config.relation_model.lower() != "none"
        return cls(max_sentence_tokens=config.max_sentence_tokens,
                   min_confidence=config.min_confidence,
                   model_path=config.relation_model if use_model else "",
                   use_model=use_model)

    def spacy_config(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class RelationExtractor:
    def __init__(self, nlp: Language, name: str, settings: RelationSettings) -> None:
        install_extensions()
        install_qualifier_extensions()
        self.name = name
        self.settings = settings
        self.lexicon = load_lexicon()
        self.skipped = SkipReport()
        self.gazetteer = load_gazetteer()
        self.fx = FeatureExtractor(self.lexicon, load_wordlists())
        self.model = load_model(settings.model_path) if settings.use_model else None

    def predict(self, doc: Doc) -> Found:
        return features_of(doc, self.lexicon, self.gazetteer, self.fx if self.model else None,
                           self.settings.max_sentence_tokens, self.skipped)

    def set_annotations(self, doc: Doc, found: Found) -> None:
        relations = combine(found, doc._.gb_doc_id, self.model, None, self.settings.min_confidence)
        doc._.gb_relations = attach_qualifiers(doc, relations)  # date and amount of each

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc


@Language.factory(
    "graphbuild_relations",
    default_config=RelationSettings.from_config(Config()).spacy_config(),
    requires=["doc.spans", "token.dep", "token.lemma"],
    assigns=["doc._.gb_relations"],
)
def make_relation_extractor(nlp: Language, name: str, max_sentence_tokens: int,
                            min_confidence: float, model_path: str, use_model: bool) -> RelationExtractor:
    """The parameters are :class:`RelationSettings`' fields (spaCy reads them from this signature)."""
    return RelationExtractor(nlp, name, RelationSettings(max_sentence_tokens, min_confidence,
                                                         model_path, use_model))


def doc_mentions(doc: Doc) -> list[Mention]:
    return [span_to_mention(s) for s in doc.spans.get(MENTIONS_KEY, [])]
