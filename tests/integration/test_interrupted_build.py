"""An interrupted ``graphbuild build`` finishes the job when re-run: the store then holds exactly
what an uninterrupted build of the same articles holds."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.store, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 60
GB_DOCUMENT = "https://w3id.org/graphbuild/ontology#Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _sentences(dev_set: Path) -> list[str]:
    folders = [ROOT / "samples" / "articles", dev_set / "articles"]
    out: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            body = re.split(r"\n\s*Source:", path.read_text(encoding="utf-8"))[0].split("\n", 1)[-1]
            out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(body.split())) if len(s.split()) > 4]
    return out


@pytest.fixture(scope="module")
def articles(dev_set: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 articles recombined from real sentences (fixed seed), ~150 words each."""
    rng = random.Random(7)
    pool = _sentences(dev_set)
    folder = tmp_path_factory.mktemp("articles")
    for i in range(N_ARTICLES):
        body = " ".join(rng.choice(pool) for _ in range(8))
        (folder / f"story-{i:03d}.txt").write_text(f"Story {i}\n\n{body}\n", encoding="utf-8")
    return folder


def _build_cmd(articles: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "graphbuild", "build", str(articles), "--store", str(store), "-q",
            "--batch-size", "4"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _documents_in(store: Path) -> int:
    """Documents committed so far, read while the build may still be writing."""
    import pyoxigraph as ox

    try:
        snapshot = ox.Store.read_only(str(store))
    except (OSError, RuntimeError):  # not created yet, or caught between two of its files
        return 0
    pattern = snapshot.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(GB_DOCUMENT), None)
    return sum(1 for _ in pattern)


def _quads(store: Path) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in ox.Store.read_only(str(store))}


@pytest.fixture(scope="module")
def uninterrupted(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    store = tmp_path_factory.mktemp("full") / "store"
    proc = subprocess.run(_build_cmd(articles, store), capture_output=True, text=True, timeout=900, env=_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _documents_in(store) == N_ARTICLES
    return _quads(store)


def _interrupt(articles: Path, store: Path, sig: signal.Signals) -> tuple[int, str, int]:
    """Start a build, send ``sig`` once a few documents are stored; (return code, stderr, documents
    stored when the signal was sent)."""
    proc = subprocess.Popen(_build_cmd(articles, store), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env())
    deadline = time.monotonic() + 600
    done_before_kill = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            done_before_kill = _documents_in(store) if store.exists() else 0
            if done_before_kill >= 4:
                break
            time.sleep(0.1)
        if proc.poll() is not None:
            pytest.fail(f"the build ended before it could be interrupted: {proc.communicate()[1][-2000:]}")
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err, done_before_kill


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_rerun_after_interruption_equals_an_uninterrupted_build(
        articles: Path, uninterrupted: set[str], tmp_path: Path, sig: signal.Signals) -> None:
    for attempt in range(3):
        store = tmp_path / f"store-{attempt}"
        returncode, err, done_before_kill = _interrupt(articles, store, sig)
        # the signal can land after the last document was written, while the finished build exits;
        # that run was not interrupted, so it says nothing either way: interrupt a fresh build
        finished = returncode == 0 and "interrupted" not in err and _documents_in(store) == N_ARTICLES
        if not finished:
            break
    else:
        pytest.fail("three builds finished before the signal reached them")
    assert returncode != 0, "the interrupted build must not report success"
    if sig == signal.SIGINT:
        assert "interrupted" in err and "Traceback" not in err, err[-2000:]
    partial = _documents_in(store)
    assert done_before_kill <= partial < N_ARTICLES, "interrupt halfway: some but not all documents stored"

    rerun = subprocess.run(_build_cmd(articles, store), capture_output=True, text=True, timeout=900, env=_env())
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    unchanged = re.search(r"(\d+) unchanged", rerun.stderr)
    assert unchanged and int(unchanged.group(1)) >= partial, rerun.stderr[-2000:]
    assert _documents_in(store) == N_ARTICLES
    resumed = _quads(store)
    missing, extra = uninterrupted - resumed, resumed - uninterrupted
    assert not missing and not extra, (
        f"{len(missing)} quads missing, {len(extra)} extra after the re-run; e.g. "
        f"missing {sorted(missing)[:3]}, extra {sorted(extra)[:3]}")

