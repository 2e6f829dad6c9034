"""Parallel and distributed extraction give exactly the output of one process: same relations,
same order, same document ids."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from graphbuild.cli import main
from graphbuild.config import Config
from graphbuild.pipeline import ExtractReport
from graphbuild.pool import process_documents
from graphbuild.runners import extract

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(dev_set: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~20 articles; four of them again in a sub-folder under the same file names, so document
    ids depend on the order of the whole input (``x`` and ``x-2``)."""
    out = tmp_path_factory.mktemp("corpus")
    articles = sorted((dev_set / "articles").glob("*.txt"))
    samples = sorted((ROOT / "samples" / "articles").glob("*.txt"))[:6]
    for p in [*articles, *samples]:
        shutil.copy(p, out / p.name)
    (out / "zz_again").mkdir()
    for p in articles[:4]:
        shutil.copy(p, out / "zz_again" / p.name)
    return out


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("one") / "triples.jsonl"
    assert main(["extract", str(corpus), "-q", "--batch-size", "4", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") >= 10, "too few relations to compare"
    return text


def test_two_worker_processes_equal_one_process(corpus: Path, one_process: str, tmp_path: Path) -> None:
    out = tmp_path / "triples.jsonl"
    assert main(["extract", str(corpus), "-q", "--batch-size", "4", "--workers", "2", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == one_process


def test_local_dask_cluster_equals_one_process(corpus: Path, one_process: str, tmp_path: Path) -> None:
    out = tmp_path / "triples.jsonl"
    parts = tmp_path / "parts"
    assert main(["extract", str(corpus), "-q", "--batch-size", "4", "--dask", "local:2",
                 "--parts-dir", str(parts), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == one_process
    part_files = sorted(parts.glob("part-*.jsonl"))
    assert len(part_files) > 2, "the input should have been split into several partitions"
    assert "".join(p.read_text(encoding="utf-8") for p in part_files) == one_process


def test_library_extract_on_dask_yields_the_same_graphs(corpus: Path) -> None:
    config = Config(batch_size=4, quiet=True)
    local = list(extract([corpus], config))
    report = ExtractReport()
    remote = list(extract([corpus], config.model_copy(update={"dask": "local:2"}), report=report))
    assert [g.document.id for g in remote] == [g.document.id for g in local]
    assert [g.relations for g in remote] == [g.relations for g in local]
    assert [g.entities for g in remote] == [g.entities for g in local]
    assert report.documents == len(local)
    ids = {g.document.id for g in remote}
    again = {p.stem for p in (corpus / "zz_again").glob("*.txt")}
    assert again and all(any(i.startswith(stem + "~") for i in ids) for stem in again), \
        "repeated file names get a ~hash suffix, as in one process"


def test_a_loaded_pipeline_is_shipped_to_worker_processes(corpus: Path, nlp) -> None:
    from graphbuild.ingest import iter_documents

    config = Config(batch_size=3, quiet=True)
    one = list(process_documents(iter_documents([corpus]), nlp, config))
    two = list(process_documents(iter_documents([corpus]), nlp, config.model_copy(update={"workers": 2})))
    assert [(g.document, g.entities, g.relations) for g in two] == \
        [(g.document, g.entities, g.relations) for g in one]


def _is_worker(proc) -> bool:
    """A live pool worker, forked or spawned (multiprocessing's resource tracker stays for the
    whole session)."""
    import psutil

    try:
        return proc.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(proc.cmdline())
    except psutil.Error:
        return False


def test_stopping_early_stops_the_worker_processes(corpus: Path) -> None:
    """A consumer that stops (or Ctrl-C) must not wait for queued batches nor leave processes."""
    import itertools

    import psutil

    from graphbuild.model.records import Document

    endless = (Document(id=f"d{i}", text="Amazon pitched ICE in June.") for i in itertools.count())
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    stream = process_documents(endless, None, Config(batch_size=2, workers=2, quiet=True))
    first = list(itertools.islice(stream, 3))
    stream.close()
    assert [g.document.id for g in first] == ["d0", "d1", "d2"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        left = [p for p in psutil.Process().children(recursive=True)
                if p.pid not in before and _is_worker(p)]
        if not left:
            break
        time.sleep(0.2)
    assert not left, f"worker processes left running: {left}"
