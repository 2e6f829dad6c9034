"""Streaming pipeline without a trained model: laziness, bounded reports, error isolation,
progress display, partition planning."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from graphbuild.cli.common import Progress, report_failures
from graphbuild.config import Config
from graphbuild.distributed import plan_partitions
from graphbuild.ingest import Failure
from graphbuild.model.records import Document
from graphbuild.nlp.extensions import install_extensions
from graphbuild.pipeline import MAX_FAILURES_KEPT, ExtractReport
from graphbuild.pool import process_documents
from graphbuild.runners import count_articles


@Language.component("test_pipeline_explode")
def _explode(doc):
    if "BOOM" in doc.text:
        raise ValueError("component failed")
    return doc


@pytest.fixture()
def blank_nlp() -> Language:
    install_extensions()
    return spacy.blank("en")


def _docs(n: int | None = None):
    counter = itertools.count(1) if n is None else range(1, n + 1)
    for i in counter:
        yield Document(id=f"d{i}", text=f"Article {i} says little.")


def test_process_documents_is_lazy_on_an_endless_stream(blank_nlp: Language) -> None:
    config = Config(batch_size=4, quiet=True)
    first = list(itertools.islice(process_documents(_docs(), blank_nlp, config), 10))
    assert [g.document.id for g in first] == [f"d{i}" for i in range(1, 11)]


def test_report_keeps_counts_not_documents(blank_nlp: Language) -> None:
    report = ExtractReport()
    for _ in process_documents(_docs(100), blank_nlp, Config(batch_size=7), report):
        pass
    assert report.documents == 100
    assert report.words == 100 * 4
    assert report.failures == []


def test_failures_are_bounded_but_all_counted() -> None:
    report = ExtractReport()
    for i in range(MAX_FAILURES_KEPT + 25):
        report.add_failure(Failure(f"f{i}.txt", "empty or whitespace-only"))
    assert len(report.failures) == MAX_FAILURES_KEPT
    assert report.failed == MAX_FAILURES_KEPT + 25
    other = ExtractReport(documents=3, words=30)
    other.add_failure(Failure("x.txt", "binary file"))
    report.merge(other)
    assert report.failed == MAX_FAILURES_KEPT + 26
    assert len(report.failures) == MAX_FAILURES_KEPT
    assert (report.documents, report.words, report.processed) == (3, 30, MAX_FAILURES_KEPT + 29)


def test_report_failures_prints_a_bounded_list(capsys: pytest.CaptureFixture[str]) -> None:
    report = ExtractReport()
    for i in range(60):
        report.add_failure(Failure(f"f{i}.txt", "empty"))
    assert report_failures(report, limit=5) == 1
    err = capsys.readouterr().err
    assert err.count("skipped f") == 5
    assert "55 more skipped inputs" in err


def test_a_document_that_breaks_the_model_is_skipped_with_its_reason(blank_nlp: Language) -> None:
    blank_nlp.add_pipe("test_pipeline_explode")
    docs = [Document(id="a", text="Fine text."), Document(id="b", text="BOOM goes this one.", path="b.txt"),
            Document(id="c", text="Also fine.")]
    report = ExtractReport()
    graphs = list(process_documents(docs, blank_nlp, Config(batch_size=8), report))
    assert [g.document.id for g in graphs] == ["a", "c"]
    assert report.failed == 1
    assert report.failures[0].source == "b.txt"
    assert "component failed" in report.failures[0].reason


def test_on_error_raise_stops_at_the_broken_document(blank_nlp: Language) -> None:
    from graphbuild.errors import ExtractionError

    blank_nlp.add_pipe("test_pipeline_explode")
    docs = [Document(id="b", text="BOOM.")]
    with pytest.raises(ExtractionError, match="component failed"):
        list(process_documents(docs, blank_nlp, Config(on_error="raise")))


def test_too_long_documents_are_skipped_before_the_model(blank_nlp: Language) -> None:
    blank_nlp.max_length = 100
    report = ExtractReport()
    docs = [Document(id="long", text="word " * 50), Document(id="short", text="Short.")]
    graphs = list(process_documents(docs, blank_nlp, Config(), report))
    assert [g.document.id for g in graphs] == ["short"]
    assert "too long" in report.failures[0].reason


def test_progress_lines_show_rate_and_eta_off_a_terminal() -> None:
    out = io.StringIO()
    ticks = iter([0.0, 5.0, 10.0, 30.0, 40.0])
    with Progress(total=100, stream=out, clock=lambda: next(ticks), tty=False, interval=10) as bar:
        bar.update(10, words=1000)   # t=5: no line yet
        bar.update(10, words=1000)   # t=10: 20 articles in 10 s
        bar.update(30, words=3000)   # t=30: 50 articles in 30 s
    lines = out.getvalue().splitlines()
    assert lines[0] == "graphbuild: 20/100 articles, 2.0 articles/s, 200 words/s, ETA 0:40"
    assert lines[1].startswith("graphbuild: 50/100 articles, 1.7 articles/s")
    assert lines[-1].startswith("graphbuild: 50/100 articles, 1.2 articles/s")


def test_quiet_progress_prints_nothing() -> None:
    out = io.StringIO()
    with Progress(total=3, stream=out, quiet=True, tty=True, interval=0) as bar:
        bar.update(3)
    assert out.getvalue() == ""


def test_count_articles_counts_files_and_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text("".join(json.dumps({"id": i, "text": "x"}) + "\n" for i in range(5)),
                                      encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    assert count_articles([tmp_path]) == 7


def test_partitions_keep_input_order_and_pin_duplicate_names(tmp_path: Path) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text("<html></html>", encoding="utf-8")
    for i in range(5):
        (tmp_path / "a" / f"story{i}.txt").write_text("A.", encoding="utf-8")
    parts = plan_partitions([tmp_path], n_workers=2, files_per_partition=3)
    files = [p for part in parts for p in part.paths]
    assert files == [str(p.resolve()) for p in sorted(tmp_path.rglob("*.*"))]
    assert [p.index for p in parts] == list(range(len(parts)))
    assert all(len(p.paths) <= 3 for p in parts)
    pinned = dict(pair for part in parts for pair in part.ids)
    # the first keeps its name; the others get a hash of their path (the same in every run)
    assert len(pinned) == 2 and len(set(pinned.values())) == 2
    assert all(v.startswith("index~") for v in pinned.values())
    assert str((tmp_path / "a" / "index.html").resolve()) not in pinned


def test_default_partitioning_gives_each_worker_several_partitions(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"s{i:02d}.txt").write_text("A.", encoding="utf-8")
    parts = plan_partitions([tmp_path], n_workers=2)
    assert len(parts) == 14  # 3 files each: about eight per worker
