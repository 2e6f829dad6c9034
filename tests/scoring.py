"""The shared evaluation scorer (``../shared/eval/score.py``) as a library for quality tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def load_scorer(dev_set: Path) -> ModuleType:
    """Import ``score.py`` that sits beside the development set folder."""
    spec = importlib.util.spec_from_file_location("graphbuild_eval_score", dev_set.parent / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def strict_scores(score: ModuleType, gold_dir: Path, preds_path: Path) -> dict[str, float]:
    """Micro-averaged strict precision, recall and F1, exactly as ``score.py`` computes them."""
    gold = score.load_gold(str(gold_dir))
    preds = score.load_preds(str(preds_path))
    tp = n_pred = n_gold = 0
    for doc_id, g in gold.items():
        p = preds.get(doc_id, [])
        tp += score.max_matching(p, g["rels"], g["names"], True)
        n_pred += len(p)
        n_gold += len(g["rels"])
    precision, recall, f1 = score.prf(tp, n_pred, n_gold)
    return {"strict_p": round(precision, 3), "strict_r": round(recall, 3), "strict_f1": round(f1, 3)}
