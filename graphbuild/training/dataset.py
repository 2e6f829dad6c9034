"""Candidate pairs of annotated documents, labelled from the gold.

A mention stands for the gold entities whose name or alias equals its text (or the text of the
antecedent it points to), compared as the scorer compares names. A pair of a sentence gets the
label ``<predicate><mark>`` of every gold relation between its two entities whose evidence
overlaps the sentence; a pair whose entities are related only by evidence elsewhere is left out
of training (the sentence may or may not state it); every other pair is a negative example.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from graphbuild.config import Config
from graphbuild.model.records import Document, Mention, RelationMention
from graphbuild.relations.learned import PairInstance
from graphbuild.training.corpus import Annotated
from graphbuild.training.scoring import gold_names, norm_name
from graphbuild.vocab.terms import Predicate

UNKNOWN = "?"


@dataclass
class DocData:
    """One annotated document after the NLP stage: what training and cross-validation read."""

    document: Document
    gold: dict
    genre: str
    mentions: list[Mention]
    rules: list[RelationMention]
    pairs: list[PairInstance]
    labels: list[tuple[str, ...] | str]  # per pair: its labels, or UNKNOWN (left out)


def _mention_entities(mentions: list[Mention], names: dict[str, set[str]]) -> dict[int, set[str]]:
    """The gold entities each mention stands for: by its text, its antecedent's text, and the
    names of the gazetteer entry it is linked to (the entity is written under that name: "Danish"
    in "Danish payments group Korsgaard" is Denmark)."""
    from graphbuild.model.gazetteer import load_gazetteer

    known = load_gazetteer().by_id
    by_offset = {m.start: m for m in mentions}
    out: dict[int, set[str]] = {}
    for m in mentions:
        texts, cur, hops = [m.text], m, 0
        while cur.kb_id.startswith("@") and hops < 5:
            cur = by_offset.get(int(cur.kb_id[1:]), cur)
            texts.append(cur.text)
            hops += 1
        entry = known.get(cur.kb_id)
        if entry is not None:
            texts += entry.names
        keys = {norm_name(t) for t in texts}
        out[m.start] = {eid for eid, ns in names.items() if keys & ns}
    return out


def label_pairs(document: Document, gold: dict, mentions: list[Mention],
                pairs: list[PairInstance]) -> list[tuple[str, ...] | str]:
    names = gold_names(gold)
    ents = _mention_entities(mentions, names)
    rels = []
    for r in gold["relations"]:
        at = document.text.find(r["evidence"])
        if at < 0:
            at = document.text.find(r["evidence"][:60])
        end = at + len(r["evidence"]) if at >= 0 else -1
        rels.append((r["subject"], r["object"], Predicate(r["predicate"]), at, end))
    related = {(s, o) for s, o, *_ in rels} | {(o, s) for s, o, *_ in rels}
    out: list[tuple[str, ...] | str] = []
    for p in pairs:
        e1, e2 = ents.get(p.first.start, set()), ents.get(p.second.start, set())
        labels = set()
        for s, o, pred, at, end in rels:
            if at < 0 or end <= p.evidence.start or at >= p.evidence.end:
                continue
            if s in e1 and o in e2:
                labels.add(pred.value + ("=" if pred.symmetric else ">"))
            elif s in e2 and o in e1:
                labels.add(pred.value + ("=" if pred.symmetric else "<"))
        if labels:
            out.append(tuple(sorted(labels)))
        elif any((a, b) in related for a in e1 for b in e2):
            out.append(UNKNOWN)
        else:
            out.append(())
    return out


def build_dataset(items: Iterable[Annotated], config: Config | None = None) -> Iterator[DocData]:
    """Run the pipeline (rules only) over annotated documents; pairs with features and labels."""
    from graphbuild.pipeline import _make_doc, load_pipeline
    from graphbuild.relations.component import RelationExtractor, doc_mentions, features_of
    from graphbuild.relations.pairs import FeatureExtractor
    from graphbuild.vocab.wordlists import load_wordlists

    config = (config or Config()).model_copy(update={"relation_model": "none"})
    nlp = load_pipeline(config)
    rel = cast("RelationExtractor", nlp.get_pipe("graphbuild_relations"))
    fx = FeatureExtractor(rel.lexicon, load_wordlists())
    items = list(items)
    stream = nlp.pipe(((_make_doc(nlp, a.document), a) for a in items), as_tuples=True, batch_size=16)
    for doc, a in stream:
        found = features_of(doc, rel.lexicon, rel.gazetteer, fx, config.max_sentence_tokens)
        mentions = doc_mentions(doc)
        labels = label_pairs(a.document, a.gold, mentions, found.pairs)
        yield DocData(a.document, a.gold, a.genre, mentions, list(doc._.gb_relations or []),
                      found.pairs, labels)
