"""``graphbuild train`` and ``graphbuild evaluate`` as library functions.

Training: annotated folders -> pairs -> cross-validation by document (k folds) and leave one
genre out -> the combination policy with the best cross-validated strict F1 (among those whose
precision is at least :data:`MIN_PRECISION`) -> the final model on all documents, written with
its report. The out-of-fold predictions are written as JSONL beside the report, so the
evaluation scorer can score them independently.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.config import Config
from graphbuild.relations.learned import Policy
from graphbuild.training.corpus import read_annotated
from graphbuild.training.dataset import DocData, build_dataset
from graphbuild.training.fit import (
    CrossValidation,
    cross_validate,
    leave_one_genre_out,
    policies,
    score_lines,
    train,
)
from graphbuild.training.scoring import Score, score_document

MIN_PRECISION = 0.5


@dataclass
class TrainingReport:
    documents: int
    genres: dict[str, int]
    policy: str
    cv: dict[str, str] = field(default_factory=dict)  # policy -> score line
    cv_by_genre: dict[str, str] = field(default_factory=dict)
    logo: dict[str, str] = field(default_factory=dict)  # held-out genre -> score line
    per_predicate: str = ""
    version: str = ""

    def text(self) -> str:
        out = [f"{self.documents} annotated documents ({', '.join(f'{g} {n}' for g, n in self.genres.items())})",
               "", "cross-validation by document, per policy:"]
        out += [f"  {name:28} {line}" for name, line in self.cv.items()]
        out += ["", f"chosen policy: {self.policy}", "cross-validation by document, chosen policy, by genre:"]
        out += [f"  {g:10} {line}" for g, line in self.cv_by_genre.items()]
        out += ["", "leave one genre out (train on the others), chosen policy:"]
        out += [f"  {g:10} {line}" for g, line in self.logo.items()]
        out += ["", "per predicate (cross-validation by document, chosen policy):", self.per_predicate,
                "", f"model: {self.version}"]
        return "\n".join(out)


def _by_genre(docs: Sequence[DocData], lines: dict[str, list[dict]]) -> dict[str, Score]:
    out: dict[str, Score] = {}
    for d in docs:
        out.setdefault(d.genre, Score()).add(score_document(d.gold, lines.get(d.document.id, [])))
    return out


def _write_lines(path: Path, lines: dict[str, list[dict]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for doc_id in sorted(lines):
            for row in lines[doc_id]:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_training(roots: Sequence[str | Path], out: Path, folds: int = 5, report_dir: Path | None = None,
                 config: Config | None = None) -> TrainingReport:
    docs = list(build_dataset(read_annotated(roots), config))
    genres: dict[str, int] = {}
    for d in docs:
        genres[d.genre] = genres.get(d.genre, 0) + 1
    cv = cross_validate(docs, folds)
    candidates = policies(docs)
    scores = {name: score_lines(docs, cv.lines(docs, pol)) for name, pol in candidates.items()}
    # only combinations that keep the rules are eligible: the model alone has too few examples
    # of several predicates (studied, supported, misidentified...) that the rules find
    eligible = {n: s for n, s in scores.items() if candidates[n].use_rules and candidates[n].use_model}
    ok = {n: s for n, s in eligible.items() if s.strict[0] >= MIN_PRECISION} or eligible
    best = max(ok, key=lambda n: (round(ok[n].strict[2], 4), n))
    policy = candidates[best]
    cv_lines = cv.lines(docs, policy)
    logo: CrossValidation = leave_one_genre_out(docs) if len(genres) > 1 else CrossValidation()
    logo_lines = logo.lines(docs, policy) if len(genres) > 1 else {}
    model = train(docs, policy)
    model.meta.update({"policy_name": best, "cv_strict": scores[best].line(),
                       "logo": {g: s.line() for g, s in _by_genre(docs, logo_lines).items()}})
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    report = TrainingReport(len(docs), genres, best, {n: s.line() for n, s in scores.items()},
                            {g: s.line() for g, s in _by_genre(docs, cv_lines).items()},
                            {g: s.line() for g, s in _by_genre(docs, logo_lines).items()},
                            scores[best].table(), model.version)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        _write_lines(report_dir / "cv_predictions.jsonl", cv_lines)
        if logo_lines:
            _write_lines(report_dir / "logo_predictions.jsonl", logo_lines)
        (report_dir / "training_report.txt").write_text(report.text() + "\n", encoding="utf-8")
    return report


def evaluate(roots: Sequence[str | Path], config: Config | None = None,
             predictions: Path | None = None) -> tuple[Score, dict[str, Score]]:
    """Extract from annotated folders with the configured pipeline and score against their gold
    (overall and per document)."""
    from graphbuild.model.serialize import document_graph_lines
    from graphbuild.pool import process_documents

    items = {a.document.id: a for a in read_annotated(roots)}
    total, per_doc = Score(), {}
    rows: dict[str, list[dict]] = {}
    for dg in process_documents((a.document for a in items.values()), None, config or Config()):
        rows[dg.document.id] = list(document_graph_lines(dg))
    for doc_id, a in items.items():
        s = score_document(a.gold, rows.get(doc_id, []))
        per_doc[doc_id] = s
        total.add(s)
    if predictions is not None:
        _write_lines(predictions, rows)
    return total, per_doc


__all__ = ["Policy", "TrainingReport", "evaluate", "run_training"]
