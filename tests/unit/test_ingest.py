"""Ingest: every input becomes a Document or a Failure with a reason; nothing crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import IngestError
from graphbuild.ingest import Failure, iter_documents
from graphbuild.ingest.readers import decode, split_plain_text
from graphbuild.model.records import Document

ARTICLE = "Acme pitched the agency\n\nAcme Corp. pitched its software to the Federal Widget Agency.\n"


def _run(*paths: Path, max_bytes: int = 5_000_000) -> tuple[list[Document], list[Failure]]:
    docs, fails = [], []
    for item in iter_documents(paths, max_bytes=max_bytes):
        (fails if isinstance(item, Failure) else docs).append(item)
    return docs, fails


def test_plain_text_article_keeps_headline_and_strips_source_line(tmp_path: Path) -> None:
    p = tmp_path / "acme.txt"
    p.write_text(ARTICLE + "Source: Example Wire, 2024-03-01, https://example.org/a; licence: CC0\n", encoding="utf-8")
    [doc], fails = _run(p)
    assert not fails
    assert doc.id == "acme"
    assert doc.title == "Acme pitched the agency"
    assert doc.published == "2024-03-01"
    assert doc.url == "https://example.org/a"
    assert doc.source == "Example Wire"
    assert "Source:" not in doc.text
    assert p.read_text(encoding="utf-8").startswith(doc.text)  # offsets stay valid in the file


def test_document_ids_are_stable(tmp_path: Path) -> None:
    p = tmp_path / "same name.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    assert _run(p)[0][0].id == _run(p)[0][0].id == "same_name~f03c3f"  # cleaned, so hashed


def test_duplicate_stems_in_one_run_do_not_hide_each_other(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "story.txt").write_text(ARTICLE + "More.\n", encoding="utf-8")
    docs, _ = _run(tmp_path)
    ids = sorted(d.id for d in docs)
    assert ids[0] == "story" and ids[1].startswith("story~") and len(ids[1]) == len("story~") + 6


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("caf\u00e9 Acme pitched ICE".encode("latin-1"), "UTF-8"),
    ],
    ids=["empty", "whitespace", "binary", "latin1"],
)
def test_bad_files_are_reported_and_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    docs, fails = _run(bad, good)
    assert [d.id for d in docs] == ["good"]
    assert len(fails) == 1
    assert fails[0].source == str(bad)
    assert reason in fails[0].reason


def test_huge_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # 20 MB
        fh.write(b"Acme pitched ICE. " * (20 * 1024 * 1024 // 18))
    docs, fails = _run(huge, max_bytes=5_000_000)
    assert docs == []
    assert "too large" in fails[0].reason and "--max-bytes" in fails[0].reason


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "does-not-exist.txt")
    docs, fails = _run(link)
    assert docs == [] and "unreadable" in fails[0].reason


def test_jsonl_bad_lines_do_not_lose_good_ones(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Acme pitched ICE", "text": "Acme pitched ICE.", "url": "https://e.org/1"}),
        "{not json",
        json.dumps({"id": "a2", "title": "", "text": "   "}),
        json.dumps(["a list"]),
        json.dumps({"id": "a3", "title": "ICE met Acme", "text": "ICE met with Acme.", "published": "2024-01-02"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, fails = _run(p)
    assert [d.id for d in docs] == ["a1", "a3"]
    assert docs[0].url == "https://e.org/1" and docs[1].published == "2024-01-02"
    assert docs[1].text.startswith("ICE met Acme\n\n")
    assert sorted(f.source.rsplit(":", 1)[1] for f in fails) == ["2", "3", "4"]


def test_html_is_reduced_to_article_text(tmp_path: Path) -> None:
    body = " ".join(["Acme Corp. pitched its facial recognition software to the Federal Widget Agency."] * 6)
    html = f"""<!doctype html><html><head><title>Acme pitches agency</title>
    <script>var tracking = "SHOULD NOT APPEAR";</script></head><body>
    <nav><a href="/">Home</a> | <a href="/news">News</a></nav>
    <article><h1>Acme pitches agency</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright Example News</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    [doc], fails = _run(p)
    assert not fails
    assert "Federal Widget Agency" in doc.text
    assert "SHOULD NOT APPEAR" not in doc.text
    assert doc.title == "Acme pitches agency"


def test_decode_rejects_control_character_soup() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode(bytes([1, 2, 3, 4, 5, 6, 7, 8] * 100) + b"text", "x", 10_000)


def test_split_plain_text_without_source_line() -> None:
    text, meta = split_plain_text("Headline\n\nBody line.\n")
    assert text == "Headline\n\nBody line." and meta["title"] == "Headline"
