"""A batch with bad articles: each bad one is reported with its reason, the rest is extracted,
the exit code says that some inputs failed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphbuild.config import Config
from graphbuild.pipeline import ExtractReport
from graphbuild.runners import extract

pytestmark = pytest.mark.model

GOOD = ("Acme pitched the agency\n\nAcme Corp. pitched its software to U.S. Immigration and Customs "
        "Enforcement last year. The Acme Corp. sales team met with ICE officials in June.\n")


def _batch(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_blank.txt").write_text("  \n \n", encoding="utf-8")
    (d / "d_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    (d / "e_latin1.txt").write_bytes("Soci\u00e9t\u00e9 G\u00e9n\u00e9rale pitched ICE".encode("latin-1"))
    with (d / "f_huge.txt").open("wb") as fh:
        fh.write(b"word " * (21 * 1024 * 1024 // 5))
    (d / "g_hostile.html").write_text("<html><body><script>alert(1)</script></body></html>", encoding="utf-8")
    (d / "z_good.txt").write_text(GOOD.replace("Acme", "Globex"), encoding="utf-8")
    return d


def test_cli_reports_each_bad_input_and_extracts_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    proc = subprocess.run([sys.executable, "-m", "graphbuild", "extract", str(_batch(tmp_path)), "-q",
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    for name, reason in [("b_empty", "empty"), ("c_blank", "empty"), ("d_binary", "binary"),
                         ("e_latin1", "UTF-8"), ("f_huge", "too large"), ("g_hostile", "no article text")]:
        line = next((ln for ln in proc.stderr.splitlines() if name in ln), "")
        assert reason in line, f"{name}: {proc.stderr}"
    docs = {json.loads(ln)["doc"] for ln in out.read_text(encoding="utf-8").splitlines()}
    assert docs == {"a_good", "z_good"}
    assert "Traceback" not in proc.stderr


def test_ten_thousand_token_sentence_neither_crashes_nor_hangs(nlp, tmp_path: Path) -> None:
    words = (["acme", "pitched", "agency", "officials", "software", "contracts", "vendors"] * 1500)[:10_000]
    (tmp_path / "long.txt").write_text("Long\n\n" + " ".join(words) + "\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    report = ExtractReport()
    t0 = time.perf_counter()
    graphs = list(extract([tmp_path], Config(quiet=True), nlp=nlp, report=report))
    assert time.perf_counter() - t0 < 120
    assert sorted(g.document.id for g in graphs) == ["long", "ok"]
    assert report.failed == 0
