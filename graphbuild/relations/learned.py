"""The learned relation model: which candidate pairs the text relates, in which direction and
with which predicate; and the decision that combines it with the rules.

The model is a set of one-vs-rest logistic regressions over the string features of
:mod:`graphbuild.relations.pairs`, one per label ``<predicate><mark>`` where the mark says which
mention is the subject (``>`` the first, ``<`` the second, ``=`` a symmetric predicate). It is
trained by ``graphbuild train`` (:mod:`graphbuild.training`) and shipped in the package as
``graphbuild/relations/models/relations.npz`` with its metadata beside it; prediction needs only
numpy. Everything here works on model records, so training, cross-validation and the spaCy
component share one decision function.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from graphbuild.errors import ExtractionError
from graphbuild.model.records import Evidence, Mention, RelationMention
from graphbuild.vocab.constraints import check
from graphbuild.vocab.terms import Predicate

MODEL_NAME = "relations"
MARKS = (">", "<", "=")


@dataclass(frozen=True, slots=True)
class PairInstance:
    """A candidate pair with its features, free of spaCy objects."""

    first: Mention
    second: Mention
    evidence: Evidence  # the sentence (confidence and extractor are filled in when decided)
    features: tuple[str, ...]
    negated: bool = False
    verb: str = ""
    role: str = ""
    refs: tuple[str, str] = ("", "")  # what each mention names (a pronoun names its antecedent)


def split_label(label: str) -> tuple[Predicate, str]:
    return Predicate(label[:-1]), label[-1]


@dataclass
class Policy:
    """How model and rules are combined (chosen by cross-validation, stored with the model).

    ``threshold``: a label whose probability reaches it is emitted; ``veto``: a rule's relation
    of a predicate in ``vetoable`` (those the model has many examples of) is dropped when the
    model gives its label less than this (0 keeps every rule relation); ``max_labels``: labels
    kept per pair.
    """

    threshold: float = 0.5
    veto: float = 0.0
    max_labels: int = 2
    use_model: bool = True
    use_rules: bool = True
    vetoable: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"threshold": self.threshold, "veto": self.veto, "max_labels": self.max_labels,
                "use_model": self.use_model, "use_rules": self.use_rules, "vetoable": list(self.vetoable)}


@dataclass
class RelationModel:
    """Weights of the model as a dense matrix: row 0 is the gate (are the two mentions related?,
    a logistic regression), rows 1.. the label model (which predicate and direction, a
    multinomial logistic regression over ``labels``). A label's probability is
    P(related) x P(label | related)."""

    labels: list[str]
    features: dict[str, int]
    weights: Any  # numpy array, labels x features (numpy is imported when used)
    bias: Any  # numpy array, labels
    version: str
    policy: Policy = field(default_factory=Policy)
    meta: dict = field(default_factory=dict)

    def probabilities(self, features: Iterable[str]) -> list[float]:
        """The probability of each label for one pair (its feature names).

        >>> import numpy as np
        >>> m = RelationModel(["a>", "b<"], {"x": 0, "y": 1},
        ...                   np.array([[0, 0], [2, 0], [0, 0]], dtype=np.float32),
        ...                   np.zeros(3, dtype=np.float32), "v")
        >>> [round(p, 3) for p in m.probabilities(["x", "unknown"])]
        [0.44, 0.06]
        >>> m.probabilities([])
        [0.25, 0.25]
        """
        return self.probability_rows([features])[0]

    def probability_rows(self, pairs: Sequence[Iterable[str]]) -> list[list[float]]:
        """:meth:`probabilities` of many pairs (their feature names) at once: one gather and one
        sum over the weights for the document, not one per pair."""
        import numpy as np

        if not pairs:
            return []
        table = self._columns()
        dummy = len(self.features)  # a zero row, so that a pair without known features sums to 0
        known = self.features.get
        index: list[int] = []
        starts: list[int] = []
        for features in pairs:
            starts.append(len(index))
            index.append(dummy)
            index.extend([k for k in map(known, set(features)) if k is not None])
        z = np.add.reduceat(table[np.asarray(index)], np.asarray(starts), axis=0) + self.bias
        gate = 1.0 / (1.0 + np.exp(-np.clip(z[:, 0], -30, 30)))
        labels = z[:, 1:]
        e = np.exp(labels - labels.max(axis=1, keepdims=True))
        return (gate[:, None] * e / e.sum(axis=1, keepdims=True)).tolist()

    def _columns(self) -> Any:
        """The weights as one row per feature (plus a zero row), for gathering by feature."""
        import numpy as np

        table = self.__dict__.get("_table")
        if table is None:
            table = np.vstack([np.ascontiguousarray(self.weights.T),
                               np.zeros((1, self.weights.shape[0]), dtype=self.weights.dtype)])
            self.__dict__["_table"] = table
        return table

    def save(self, path: Path) -> None:
        import numpy as np

        names = sorted(self.features, key=self.features.__getitem__)
        np.savez_compressed(path.with_suffix(".npz"), weights=np.asarray(self.weights, dtype=np.float16),
                            bias=np.asarray(self.bias, dtype=np.float32))
        meta = {**self.meta, "version": self.version, "labels": self.labels, "features": names,
                "policy": self.policy.to_dict()}
        path.with_suffix(".json").write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n",
                                             encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> RelationModel:
        import numpy as np

        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            with np.load(path.with_suffix(".npz")) as arrays:
                weights = arrays["weights"].astype(np.float32)
                bias = arrays["bias"].astype(np.float32)
        except (OSError, ValueError, KeyError) as exc:
            raise ExtractionError(f"cannot read the relation model at {path}: {exc}; rebuild it "
                                  "with `graphbuild train`") from exc
        features = {f: i for i, f in enumerate(meta.pop("features"))}
        labels = meta.pop("labels")
        raw = meta.pop("policy")
        policy = Policy(**{**raw, "vetoable": tuple(raw.get("vetoable", ()))})
        return cls(labels, features, weights, bias, meta.get("version", "?"), policy, meta)


def shipped_model_path() -> Path:
    return Path(str(resources.files("graphbuild.relations.models").joinpath(MODEL_NAME)))


@lru_cache(maxsize=4)
def load_model(path: str = "") -> RelationModel | None:
    """The model at ``path``, or the shipped one; None when no model has been trained."""
    p = Path(path) if path else shipped_model_path()
    if not p.with_suffix(".npz").exists():
        if path:
            raise ExtractionError(f"no relation model at {path} (expected {p.with_suffix('.npz')})")
        return None
    return RelationModel.load(p)


def _decided(inst: PairInstance, label: str, p: float, extractor: str, negated: bool) -> RelationMention:
    pred, mark = split_label(label)
    s, o = (inst.second, inst.first) if mark == "<" else (inst.first, inst.second)
    ev = inst.evidence
    evidence = Evidence(ev.doc_id, ev.sentence, ev.start, ev.end, extractor, round(p, 3))
    verb = inst.verb if pred == Predicate.OTHER or inst.verb else ""
    role = inst.role if pred == Predicate.WORKS_FOR else ""
    return RelationMention(s, pred, o, evidence, negated, verb, role, "model")


def _pair_key(m: RelationMention) -> tuple[int, int]:
    a, b = m.subject.start, m.object.start
    return (a, b) if a <= b else (b, a)


def _fact(s_ref: str, pred: Predicate, o_ref: str, negated: bool) -> tuple[str, str, str, bool]:
    """A relation between referents: two mentions of the same things state the same fact."""
    if pred.symmetric and o_ref < s_ref:
        s_ref, o_ref = o_ref, s_ref
    return (s_ref, pred.value, o_ref, negated)


def _label_of(m: RelationMention) -> str:
    if m.predicate.symmetric:
        return m.predicate.value + "="
    return m.predicate.value + (">" if m.subject.start <= m.object.start else "<")


def constrain(relations: Iterable[RelationMention], rejected: Counter | None = None) -> list[RelationMention]:
    """The relations the ontology's domains and ranges allow; the others are counted by reason
    in ``rejected``."""
    out = []
    for r in relations:
        reason = check(r.predicate.value, r.subject.type.value, r.object.type.value)
        if reason is None:
            out.append(r)
        elif rejected is not None:
            rejected[reason] += 1
    return out


def decide(instances: Sequence[PairInstance], probs: Sequence[Sequence[float]], labels: Sequence[str],
           rule_mentions: Sequence[RelationMention], policy: Policy, extractor: str,
           rejected: Counter | None = None) -> list[RelationMention]:
    """Relations of one document from the model's probabilities and the rules' relations.

    A rule relation stays unless the model gives its label less than ``policy.veto``; the model
    adds the labels of a pair that reach ``policy.threshold`` (best first, at most
    ``policy.max_labels``). A negation cue on the pair, or a rule that found the same relation
    negated, makes the model's relation negated.
    """
    by_pair = {(i.first.start, i.second.start): (i, p) for i, p in zip(instances, probs, strict=True)}
    lab_index = {lab: k for k, lab in enumerate(labels)}
    ref_of = {m.start: r for i in instances for m, r in zip((i.first, i.second), i.refs, strict=True)}

    def ref(m: Mention) -> str:
        return ref_of.get(m.start) or m.kb_id or m.text.lower()

    out: list[RelationMention] = []
    seen: set[tuple] = set()
    facts: set[tuple] = set()
    rule_neg: dict[tuple[int, int], set[str]] = {}
    if policy.use_rules:
        for m in rule_mentions:
            key = _pair_key(m)
            found = by_pair.get(key)
            k = lab_index.get(_label_of(m))
            if (policy.veto > 0 and found is not None and k is not None and found[1][k] < policy.veto
                    and m.predicate.value in policy.vetoable):
                continue
            out.append(m)
            seen.add((key, _label_of(m)))
            facts.add(_fact(ref(m.subject), m.predicate, ref(m.object), m.negated))
            if m.negated:
                rule_neg.setdefault(key, set()).add(_label_of(m))
    if not policy.use_model:
        return constrain(out, rejected)
    for key, (inst, p) in by_pair.items():
        ranked = sorted(((p[k], lab) for lab, k in lab_index.items() if p[k] >= policy.threshold), reverse=True)
        for prob, lab in ranked[:policy.max_labels]:
            if (key, lab) in seen:
                continue
            negated = inst.negated or lab in rule_neg.get(key, ())
            rel = _decided(inst, lab, prob, extractor, negated)
            fact = _fact(ref(rel.subject), rel.predicate, ref(rel.object), negated)
            if fact in facts:
                continue  # the same fact through another mention of the same things
            facts.add(fact)
            out.append(rel)
    return constrain(out, rejected)
