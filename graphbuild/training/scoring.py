"""Scoring relations against gold with the evaluation scorer's matching (names and aliases
normalised, maximum one-to-one matching, strict and relaxed), plus a per-predicate breakdown.

>>> norm_name("The ACLU's")
'aclu'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SYMMETRIC = {"contractedwith", "partneredwith", "metwith"}


def norm_name(s: str) -> str:
    s = str(s).lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"s'(?=\s|$)", "s", s)
    s = re.sub(r"[^\w\s]|_", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def norm_pred(p: str) -> str:
    return re.sub(r"[^a-z]", "", str(p).lower())


def gold_names(gold: dict) -> dict[str, set[str]]:
    names = {}
    for e in gold["entities"]:
        names[e["id"]] = ({norm_name(e["name"])} | {norm_name(a) for a in e.get("aliases", [])}) - {""}
    return names


def _matches(pred, g, names, strict: bool) -> bool:
    ps, pp, po, pneg = pred
    gs, go = names[g["subject"]], names[g["object"]]
    fwd, rev = ps in gs and po in go, ps in go and po in gs
    if not strict:
        return fwd or rev
    gp = norm_pred(g["predicate"])
    if pp != gp or pneg != bool(g.get("negated", False)):
        return False
    return fwd or (rev and gp in SYMMETRIC)


def _matching(preds, golds, names, strict: bool) -> list[tuple[int, int]]:
    adj = [[j for j, g in enumerate(golds) if _matches(p, g, names, strict)] for p in preds]
    owner = [-1] * len(golds)

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] == -1 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(preds)):
        augment(i, set())
    return [(i, j) for j, i in enumerate(owner) if i != -1]


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    strict_tp: int = 0
    relaxed_tp: int = 0
    by_predicate: dict[str, Counter] = field(default_factory=dict)

    @staticmethod
    def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict(self) -> tuple[float, float, float]:
        return self.prf(self.strict_tp, self.pred, self.gold)

    @property
    def relaxed(self) -> tuple[float, float, float]:
        return self.prf(self.relaxed_tp, self.pred, self.gold)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.strict_tp += other.strict_tp
        self.relaxed_tp += other.relaxed_tp
        for k, c in other.by_predicate.items():
            self.by_predicate.setdefault(k, Counter()).update(c)

    def line(self) -> str:
        sp, sr, sf = self.strict
        return (f"strict_f1={sf:.4f} relaxed_f1={self.relaxed[2]:.4f} strict_p={sp:.4f} "
                f"strict_r={sr:.4f}")

    def table(self) -> str:
        rows = [f"{'predicate':16} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]
        for k in sorted(self.by_predicate, key=lambda k: -self.by_predicate[k]["gold"]):
            c = self.by_predicate[k]
            p, r, f = self.prf(c["tp"], c["pred"], c["gold"])
            rows.append(f"{k:16} {c['gold']:5} {c['pred']:5} {c['tp']:5} {p:6.3f} {r:6.3f} {f:6.3f}")
        return "\n".join(rows)


def score_document(gold: dict, predictions: Iterable[dict]) -> Score:
    """One document: predictions are dicts with subject, predicate, object, negated."""
    names = gold_names(gold)
    preds: list[tuple] = []
    for d in predictions:
        key = (norm_name(d["subject"]), norm_pred(d["predicate"]), norm_name(d["object"]),
               bool(d.get("negated", False)))
        if key not in preds:
            preds.append(key)
    golds = gold["relations"]
    strict = _matching(preds, golds, names, True)
    relaxed = _matching(preds, golds, names, False)
    s = Score(len(golds), len(preds), len(strict), len(relaxed))
    for g in golds:
        s.by_predicate.setdefault(norm_pred(g["predicate"]), Counter())["gold"] += 1
    for p in preds:
        s.by_predicate.setdefault(p[1], Counter())["pred"] += 1
    for i, _ in strict:
        s.by_predicate[preds[i][1]]["tp"] += 1
    return s
