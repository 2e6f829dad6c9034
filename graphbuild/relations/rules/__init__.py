"""Relation rules: small pure functions over a parsed sentence and its mention spans.

One module per pattern family:

* :mod:`.verbs` - verb frames: subject-verb-object, prepositional objects ("pitched X to Y",
  "reached out to Y"), passives with agents, participles ("boot camps sponsored by X"), relative
  clauses, control chains ("agreed to pay", "requires X to cooperate"), light verbs with nouns
  ("have a contract with", "file a lawsuit against", "enter into an agreement with"), purpose
  clauses ("to win a contract" -> pitched), settling a proceeding ("to resolve the Department's
  investigation" -> penalized + investigated), penalties paid to an authority, joint regulators
  (-> partneredWith), unknown verbs as ``other``;
* :mod:`.nominal` - nominalisations ("an investigation by X into Y", "the SEC's complaint charges
  Y", "a study conducted by X found that Y ...", "a meeting between X and Y", "a settlement along
  with X that requires Y to pay") and crediting ("X appreciates the assistance of A, B and C";
  "D also provided cooperation" later in the text);
* :mod:`.structure` - part-of (name chains, unit nouns, "Amazon Web Services" beside "Amazon"),
  titled officials (worksFor with the title as role), location ("X-based", "based in", place
  possessives);
* :mod:`.speech` - officials of an authority quoted about a company (criticized);
* :mod:`.negation` - "not", "never", "no <noun>", "failed/declined to", negated conjuncts;
* :mod:`.confidence` - the confidence formula;
* :mod:`.base` - the candidate record, the per-document context and argument resolution (an
  agent noun such as "an Amazon spokesperson" or "ICE officials" stands for its organisation).

Words and their predicates live in ``ontology/lexicon.tsv``; the rules only know syntax.
:func:`sentence_candidates` runs every family on one sentence and returns :class:`Candidate`
records; ``graphbuild.relations.component`` turns them into model records. Rules never see a
database or a Document.
"""

from __future__ import annotations

from spacy.tokens import Span

from graphbuild.relations.rules.base import Candidate, Context
from graphbuild.relations.rules.confidence import score
from graphbuild.relations.rules.nominal import credit_frames, nominal_frames
from graphbuild.relations.rules.speech import speech_frames
from graphbuild.relations.rules.structure import structure_frames
from graphbuild.relations.rules.verbs import Raw, verb_frames
from graphbuild.vocab.terms import Predicate

__all__ = ["Candidate", "Context", "sentence_candidates"]


def gazetteer_linked(span: Span) -> bool:
    """A gazetteer id in ``kb_id_`` (an ``@offset`` value points at an antecedent instead)."""
    return bool(span.kb_id_) and not span.kb_id_.startswith("@")


def _candidate(raw: Raw, n_tokens: int, role: str = "") -> Candidate:
    s, pred, o, verb, neg, rule = raw
    conf = score(rule if pred != Predicate.OTHER else "other", s.id_, s.label_, o.id_, o.label_,
                 n_tokens, gazetteer_linked(s), gazetteer_linked(o))
    return Candidate(s, pred, o, verb, neg, rule, conf, role)


def sentence_candidates(sent: Span, ctx: Context) -> list[Candidate]:
    """Every relation candidate of one sentence, deduplicated (best confidence kept).

    A stated negation wins over the same positive statement in the sentence, so "does not have a
    contract" never yields a positive contract edge.
    """
    n = len(sent)
    consumed: set[int] = set()
    found: list[Candidate] = [_candidate(r, n) for r in verb_frames(sent, ctx, consumed)]
    found += [_candidate(r, n) for r in nominal_frames(sent, ctx, consumed)]
    found += [_candidate(r, n) for r in credit_frames(sent, ctx)]
    found += [_candidate(r, n, role) for r, role in structure_frames(sent, ctx)]
    found += [_candidate(r, n) for r in speech_frames(sent, ctx)]
    best: dict[tuple, Candidate] = {}
    for c in found:
        if (c.subject.start, c.subject.end) == (c.object.start, c.object.end) or c.subject.text == c.object.text:
            continue
        k = c.key
        if k not in best or c.confidence > best[k].confidence:
            best[k] = c
    negated = {k[:-1] for k in best if k[-1]}
    return [c for k, c in best.items() if k[-1] or k[:-1] not in negated]
