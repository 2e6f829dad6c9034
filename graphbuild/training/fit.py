"""Train the relation model, cross-validate it by document and by genre, write the artefact.

Deterministic: documents are sorted by id, folds come from a seeded shuffle, and liblinear's
logistic regression is seeded; the same annotated data gives the same model file.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphbuild.model.serialize import document_graph_lines
from graphbuild.relations.learned import Policy, RelationModel, constrain, decide
from graphbuild.resolve.document import resolve_document
from graphbuild.training.dataset import UNKNOWN, DocData
from graphbuild.training.scoring import Score, score_document

SEED = 13
MIN_FEATURE_COUNT = 2
MIN_LABEL_COUNT = 3
C = 0.5


def model_version(docs: Sequence[DocData], features: Sequence[str] = (), labels: Sequence[str] = ()) -> str:
    """Version = the hash of the training documents, their gold and the model's feature and label
    names, so a model names its data and a change in what the pipeline reads from the text (new
    mentions, new features) gives a new version. (Not the weights: their last digits differ
    between BLAS builds.)"""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.document.id):
        h.update(d.document.content_hash.encode())
        h.update(repr(sorted((r["subject"], r["predicate"], r["object"]) for r in d.gold["relations"])).encode())
    for names in (features, labels):
        h.update("\n".join(names).encode() + b"\0")
    return "relations-" + h.hexdigest()[:10]


def train(docs: Sequence[DocData], policy: Policy | None = None, c: float = C) -> RelationModel:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    kept = [(p, lab) for d in docs for p, lab in zip(d.pairs, d.labels, strict=True) if lab != UNKNOWN]
    rows = [(p.features, lab) for p, lab in kept]
    counts = Counter(f for feats, _ in rows for f in set(feats))
    names = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {f: i for i, f in enumerate(names)}
    label_counts = Counter(lab for _, labs in rows for lab in labs)
    labels = sorted(lab for lab, n in label_counts.items() if n >= MIN_LABEL_COUNT)
    indptr, indices = [0], []
    for feats, _ in rows:
        indices += sorted({index[f] for f in feats if f in index})
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), len(names)))
    # related? (a binary gate over every pair) x which label? (a multinomial over the labels of
    # the related pairs): the gate learns from all positives pooled, the label model from the
    # words and paths that tell predicates and directions apart.
    gate = LogisticRegression(C=c, solver="liblinear", random_state=SEED, max_iter=300)
    gate.fit(x, np.array([bool(labs) for _, labs in rows], dtype=int))
    pos = [(i, lab) for i, (_, labs) in enumerate(rows) for lab in labs if lab in labels]
    # balanced: rare predicates (pitched, funded, supplied) are not drowned by worksFor and partOf
    # (cross-validated strict F1 0.315 -> 0.317, precision 0.53 -> 0.56)
    chooser = LogisticRegression(C=c, solver="lbfgs", random_state=SEED, max_iter=500, class_weight="balanced")
    chooser.fit(x[[i for i, _ in pos]], np.array([labels.index(lab) for _, lab in pos]))
    order = list(chooser.classes_)
    bias = np.zeros(len(labels) + 1, dtype=np.float32)
    weights = np.zeros((len(labels) + 1, len(names)), dtype=np.float32)
    weights[0], bias[0] = gate.coef_[0], gate.intercept_[0]
    for k, cls in enumerate(order):
        weights[1 + cls], bias[1 + cls] = chooser.coef_[k], chooser.intercept_[k]
    for cls in set(range(len(labels))) - set(order):
        bias[1 + cls] = -30.0
    meta = {"documents": len(docs), "pairs": len(rows), "label_counts": dict(sorted(label_counts.items())),
            "C": c, "min_feature_count": MIN_FEATURE_COUNT, "seed": SEED}
    return RelationModel(labels, index, weights, bias, model_version(docs, names, labels), policy or Policy(), meta)


def predict_lines(model: RelationModel | None, d: DocData, policy: Policy) -> list[dict]:
    """The JSONL lines ``graphbuild extract`` would write for this document."""
    if model is None:
        rels = constrain(d.rules) if policy.use_rules else []
    else:
        probs = model.probability_rows([p.features for p in d.pairs])
        rels = decide(d.pairs, probs, model.labels, d.rules, policy, f"graphbuild.model:{model.version}")
    return list(document_graph_lines(resolve_document(d.document, d.mentions, rels)))


def score_lines(docs: Sequence[DocData], lines: dict[str, list[dict]]) -> Score:
    total = Score()
    for d in docs:
        total.add(score_document(d.gold, lines.get(d.document.id, [])))
    return total


def folds(docs: Sequence[DocData], k: int) -> list[list[DocData]]:
    """k folds by document, each genre spread over the folds."""
    out: list[list[DocData]] = [[] for _ in range(k)]
    rng = random.Random(SEED)
    by_genre: dict[str, list[DocData]] = {}
    for d in sorted(docs, key=lambda d: d.document.id):
        by_genre.setdefault(d.genre, []).append(d)
    n = 0
    for g in sorted(by_genre):
        group = by_genre[g]
        rng.shuffle(group)
        for d in group:
            out[n % k].append(d)
            n += 1
    return out


@dataclass
class CrossValidation:
    """Out-of-fold predictions for every document (each by a model that never saw it)."""

    probs: dict[str, list[list[float]]] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, docs: Sequence[DocData], policy: Policy) -> dict[str, list[dict]]:
        out = {}
        for d in docs:
            if policy.use_model:
                rels = decide(d.pairs, self.probs[d.document.id], self.labels[d.document.id], d.rules,
                              policy, "graphbuild.model:cv")
            else:
                rels = constrain(d.rules)
            out[d.document.id] = list(document_graph_lines(resolve_document(d.document, d.mentions, rels)))
        return out


def held_out(train_docs: Sequence[DocData], test_docs: Sequence[DocData], cv: CrossValidation,
             c: float = C) -> None:
    model = train(train_docs, c=c)
    for d in test_docs:
        cv.probs[d.document.id] = model.probability_rows([p.features for p in d.pairs])
        cv.labels[d.document.id] = model.labels


def cross_validate(docs: Sequence[DocData], k: int = 5, c: float = C) -> CrossValidation:
    cv = CrossValidation()
    parts = folds(docs, k)
    for i, test in enumerate(parts):
        rest = [d for j, part in enumerate(parts) if j != i for d in part]
        held_out(rest, test, cv, c)
    return cv


def leave_one_genre_out(docs: Sequence[DocData], c: float = C) -> CrossValidation:
    cv = CrossValidation()
    for g in sorted({d.genre for d in docs}):
        held_out([d for d in docs if d.genre != g], [d for d in docs if d.genre == g], cv, c)
    return cv


VETO_MIN_SHARE = 0.05  # the model may veto rule relations only of predicates this common in the gold


def policies(docs: Sequence[DocData]) -> dict[str, Policy]:
    """Candidate combinations of rules and model. Thresholds start at 0.3: 0.25 scored a little
    higher by cross-validation (strict F1 0.322 against 0.315) but fell below the floor on the
    development set (0.741 < 0.75), admitting more pairs than the model can tell apart. A veto over every predicate was measured and
    dropped: it removes rule relations of predicates the model has too few examples of (dev
    strict F1 0.84 -> 0.72); the veto is limited to predicates that make up at least 5 % of the
    gold relations. (A fixed count of 100 let six weakly learned predicates in as the data grew
    to 196 documents, pitched and supported among them: cross-validated F1 0.3415 against 0.3422
    for the share, development set 0.727 against 0.774.)"""
    counts = Counter(r["predicate"] for d in docs for r in d.gold["relations"])
    total = sum(counts.values())
    vetoable = tuple(sorted(p for p, n in counts.items() if n >= VETO_MIN_SHARE * total))
    return {
        "rules": Policy(use_model=False),
        **{f"model@{t}": Policy(threshold=t, use_rules=False) for t in (0.3, 0.4, 0.5, 0.6)},
        **{f"rules+model@{t}": Policy(threshold=t) for t in (0.3, 0.4, 0.5, 0.6)},
        **{f"rules+model@{t} veto{v}": Policy(threshold=t, veto=v, vetoable=vetoable)
           for t in (0.3, 0.35, 0.4, 0.5) for v in (0.05, 0.1, 0.2)},
    }
