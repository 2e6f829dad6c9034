"""Partitions of records: JSONL byte ranges, Parquet/CSV tables, id settling. No model needed:
the documents of the partitions, read one after another, must be those of one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.distributed import plan_work
from graphbuild.ingest import Failure, iter_documents
from graphbuild.model.records import Document
from graphbuild.scale.sources import iter_source_documents, partition_bytes, partition_documents


def _jsonl(path: Path) -> Path:
    lines = []
    for i in range(40):
        row: dict = {"text": f"Article {i}. Amazon pitched ICE in June {i}."}
        if i % 3:
            row["id"] = f"a{i % 7}"  # repeated ids: a0 ... a6 come back
        if i % 5 == 0:
            row["title"] = f"Headline {i}"
        lines.append(json.dumps(row))
        if i % 11 == 0:
            lines.append("")  # a blank line still counts as a line
        if i == 17:
            lines.append("{not json")
        if i == 23:
            lines.append(json.dumps({"id": "empty", "text": "  "}))
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline at the end
    return path


def _key(item: Document | Failure) -> tuple:
    if isinstance(item, Failure):
        return ("failure", item.source.rsplit(":", 1)[-1], item.reason)
    return (item.id, item.text, item.title, (item.path or "").rsplit(":", 1)[-1])


def _partitioned(inputs: list[Path], size: int, **kw) -> tuple[list, int]:
    parts, _ = plan_work(inputs, n_workers=2, bytes_per_partition=size, **kw)
    items = [item for p in parts for item in partition_documents(p, 5_000_000)]
    return items, len(parts)


@pytest.mark.parametrize("size", [1, 37, 150, 400, 10_000])
def test_jsonl_byte_ranges_give_the_documents_of_one_process(tmp_path: Path, size: int) -> None:
    path = _jsonl(tmp_path / "corpus.jsonl")
    one = [_key(i) for i in iter_documents([path])]
    items, n_parts = _partitioned([path], size)
    assert [_key(i) for i in items] == one
    assert len({i[0] for i in one if i[0] != "failure"}) == sum(1 for i in one if i[0] != "failure"), \
        "ids are unique over the whole file"
    if size <= 400:
        assert n_parts >= 4


def test_ids_are_settled_across_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "a0.txt").write_text("A0 headline\n\nAmazon pitched ICE.", encoding="utf-8")
    _jsonl(tmp_path / "b.jsonl")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a1.txt").write_text("A1 headline\n\nICE met Palantir.", encoding="utf-8")
    one = [_key(i) for i in iter_documents([tmp_path])]
    items, _ = _partitioned([tmp_path], 64)
    assert [_key(i) for i in items] == one
    assert [_key(i) for i in iter_source_documents([tmp_path])] == one


def test_stored_articles_are_skipped_before_parsing(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "corpus.jsonl")
    docs = [d for d in iter_documents([path]) if isinstance(d, Document)]
    stored = {(d.id, d.content_hash) for d in docs[::2]}
    parts, unchanged = plan_work([path], n_workers=2, bytes_per_partition=100,
                                 is_stored=lambda i, h: (i, h) in stored)
    assert unchanged == len(stored)
    left = [d.id for p in parts for d in partition_documents(p, 5_000_000) if isinstance(d, Document)]
    assert left == [d.id for d in docs[1::2]]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_tables_with_a_column_mapping_read_like_jsonl(tmp_path: Path, suffix: str) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    rows = [{"guid": f"r{i % 9}" if i % 4 else None, "body": f"Row {i}. Amazon pitched ICE.",
             "headline": f"Headline {i}" if i % 2 else None} for i in range(60)]
    frame = pd.DataFrame(rows)
    table = tmp_path / f"news{suffix}"
    if suffix == ".parquet":
        frame.to_parquet(table, row_group_size=7)
    else:
        frame.to_csv(table, index=False)
    as_jsonl = tmp_path / "news.jsonl"
    as_jsonl.write_text("".join(json.dumps({"id": r["guid"], "text": r["body"], "title": r["headline"]}) + "\n"
                                for r in rows), encoding="utf-8")
    expected = [_key(i) for i in iter_documents([as_jsonl])]
    mapping = {"id": "guid", "text": "body", "title": "headline"}
    one = [_key(i) for i in iter_source_documents([table], columns=mapping)]
    assert one == expected
    items, n_parts = _partitioned([table], 500, columns=mapping)
    assert [_key(i) for i in items] == expected
    assert n_parts >= 4


def test_partition_size_follows_the_input_size() -> None:
    assert partition_bytes(10_000, 2) == 256 * 1024  # small inputs: the floor
    assert partition_bytes(320 * 2**20, 2) == 10 * 2**20
    assert partition_bytes(10**12, 2) == 64 * 2**20
    assert partition_bytes(10**12, 2, configured=1000) == 1000
