"""Scoring the date and amount attached to each relation against annotated gold.

Gold relations may carry ``date``, ``date_precision``, ``date_text`` and ``amount``,
``currency``, ``amount_text`` (the format of ``data/qualifiers/``). A gold relation is scored
when the extractor found its (subject, predicate, object, negated), matched with the evaluation
scorer's name normalisation (:func:`graphbuild.training.scoring.gold_names`); the prediction's
date and amount are then compared with the gold's:

* **date exact**: the same ISO value (``2018-06``, ``2022/..``, ``2019/2021``) and precision;
* **date within precision**: the predicted period lies inside the gold period read at the gold's
  precision (a predicted ``2023-03-14`` is within a gold ``2023-03``), open ends matching;
* **amount**: the same currency and a value within 0.5 %.

Gold relations without a date (or amount) that the extractor dated anyway are counted as
``spurious``.

>>> within("2023-03-14", "2023-03"), within("2023", "2023-03"), within("2022/..", "2022/..")
(True, False, True)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graphbuild.model.dates import bounds_of_value
from graphbuild.training.scoring import SYMMETRIC, gold_names, norm_name, norm_pred


def within(pred: str, gold: str) -> bool:
    """Whether the predicted ISO date/interval lies inside the gold one (open ends must agree)."""
    if pred == gold:
        return True
    p, g = bounds_of_value(pred), bounds_of_value(gold)
    if p is None or g is None:
        return False
    (ps, pe), (gs, ge) = p, g
    if (ps == "") != (gs == "") or (pe == "") != (ge == ""):
        return False
    return (gs == "" or gs <= ps) and (ge == "" or pe <= ge) and (ps == "" or ge == "" or ps <= ge)


@dataclass
class QualifierScore:
    dated: int = 0            # gold relations with a date that the extractor found
    date_exact: int = 0
    date_within: int = 0
    date_missing: int = 0     # found, gold dated, no date predicted
    undated: int = 0          # found gold relations without a date
    date_spurious: int = 0    # ... that the extractor dated
    money: int = 0
    amount_correct: int = 0
    amount_missing: int = 0
    unpriced: int = 0
    amount_spurious: int = 0
    gold_dated: int = 0       # every gold relation with a date (found or not)
    gold_money: int = 0
    errors: list[dict] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        r = lambda a, b: round(a / b, 3) if b else 0.0  # noqa: E731
        return {"date_exact": r(self.date_exact, self.dated), "date_within": r(self.date_within, self.dated),
                "amount": r(self.amount_correct, self.money),
                "date_spurious_rate": r(self.date_spurious, self.undated),
                "amount_spurious_rate": r(self.amount_spurious, self.unpriced)}

    def summary(self) -> str:
        f = self.figures()
        return (f"dates: {self.dated} of {self.gold_dated} dated gold relations found; exact "
                f"{f['date_exact']:.3f}, within precision {f['date_within']:.3f}; dated where gold "
                f"has none {self.date_spurious}/{self.undated}\n"
                f"amounts: {self.money} of {self.gold_money} gold amounts found; correct "
                f"{f['amount']:.3f}; amount where gold has none {self.amount_spurious}/{self.unpriced}")


def _key(row: dict) -> tuple[str, str, str, bool]:
    return (norm_name(row["subject"]), norm_pred(row["predicate"]), norm_name(row["object"]),
            bool(row.get("negated", False)))


def _found(g: dict, names: dict[str, set[str]], preds: list[dict]) -> list[dict]:
    gs, go, gp = names[g["subject"]], names[g["object"]], norm_pred(g["predicate"])
    out = []
    for p in preds:
        ps, pp, po, neg = _key(p)
        if pp != gp or neg != bool(g.get("negated", False)):
            continue
        if (ps in gs and po in go) or (gp in SYMMETRIC and ps in go and po in gs):
            out.append(p)
    return out


def _amount_ok(p: dict, g: dict) -> bool:
    if p.get("amount") is None or p.get("currency") != g.get("currency"):
        return False
    return abs(float(p["amount"]) - float(g["amount"])) <= 0.005 * abs(float(g["amount"]))


def score_qualifiers(gold_docs: Iterable[dict], predictions: Iterable[dict]) -> QualifierScore:
    """Score predicted JSON lines (``graphbuild extract`` output) against gold documents."""
    by_doc: dict[str, list[dict]] = {}
    for p in predictions:
        by_doc.setdefault(str(p["doc"]), []).append(p)
    s = QualifierScore()
    for gold in gold_docs:
        names = gold_names(gold)
        preds = by_doc.get(gold["doc"], [])
        for g in gold["relations"]:
            s.gold_dated += bool(g.get("date"))
            s.gold_money += g.get("amount") is not None
            found = _found(g, names, preds)
            if not found:
                continue
            where = {"doc": gold["doc"], "relation": f"{g['subject']} {g['predicate']} {g['object']}"}
            if g.get("date"):
                s.dated += 1
                values = [str(p["date"]) for p in found if p.get("date")]
                if not values:
                    s.date_missing += 1
                exact = any(p.get("date") == g["date"] and p.get("date_precision") == g.get("date_precision")
                            for p in found)
                s.date_exact += exact
                s.date_within += exact or any(within(v, g["date"]) for v in values)
                if not exact:
                    s.errors.append({**where, "kind": "date", "gold": g["date"], "gold_text": g.get("date_text"),
                                     "predicted": values})
            else:
                s.undated += 1
                if all(p.get("date") for p in found):
                    s.date_spurious += 1
                    s.errors.append({**where, "kind": "date spurious", "predicted": [p.get("date_text") for p in found]})
            if g.get("amount") is not None:
                s.money += 1
                ok = any(_amount_ok(p, g) for p in found)
                s.amount_correct += ok
                s.amount_missing += all(p.get("amount") is None for p in found)
                if not ok:
                    s.errors.append({**where, "kind": "amount", "gold": f"{g['amount']} {g.get('currency')}",
                                     "predicted": [(p.get("amount"), p.get("currency"), p.get("amount_text"))
                                                   for p in found]})
            else:
                s.unpriced += 1
                if all(p.get("amount") is not None for p in found):
                    s.amount_spurious += 1
                    s.errors.append({**where, "kind": "amount spurious",
                                     "predicted": [p.get("amount_text") for p in found]})
    return s


def load_gold(folder: str | Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder, "gold").glob("*.json"))]


def evaluate_folder(folder: str | Path, config=None) -> tuple[QualifierScore, list[dict]]:
    """Extract ``folder/articles`` and score the dates and amounts against ``folder/gold``."""
    from graphbuild.model.serialize import document_graph_lines
    from graphbuild.runners import extract

    rows = [row for dg in extract([Path(folder, "articles")], config) for row in document_graph_lines(dg)]
    return score_qualifiers(load_gold(folder), rows), rows


def as_dict(score: QualifierScore) -> dict:
    d = asdict(score)
    d.pop("errors")
    return {**d, **score.figures()}
