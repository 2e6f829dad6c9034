"""Parquet and CSV articles through ``dask.dataframe``, with a column mapping.

A table holds one article per row. Its columns are read by name: ``id, title, text, url,
published, source`` (the JSONL keys); a mapping renames them, ``text=body,title=headline``
meaning "graphbuild's ``text`` is the column ``body``". Only ``text`` is required; a row without
an ``id`` gets ``<file stem>-<row number>`` (rows counted from 1 over the whole file), as a JSONL
line does. Missing values (null, NaN) count as absent.

Partitions: a Parquet file is read one row group per Dask partition
(``split_row_groups=True``), and consecutive row groups are grouped to about the partition size,
so a file written with several row groups (``row_group_size=`` in pandas/pyarrow; every crawler
writes them) is split by records. A CSV file cannot be split by bytes (article text holds quoted
line breaks), so it is read whole by each of its partitions and sliced by ``repartition``.

>>> parse_columns("text=body, title=headline")
{'text': 'body', 'title': 'headline'}
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from graphbuild.errors import ConfigError
from graphbuild.scale import remote

FIELDS = ("id", "title", "text", "url", "published", "source")
PARQUET_SUFFIXES = {".parquet", ".pq", ".parq"}
CSV_SUFFIXES = {".csv"}
TABLE_SUFFIXES = PARQUET_SUFFIXES | CSV_SUFFIXES


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"text=body,id=guid"`` -> ``{"text": "body", "id": "guid"}``; unknown fields are a
    ConfigError."""
    out: dict[str, str] = {}
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        field, sep, column = (s.strip() for s in item.partition("="))
        if not sep or not column or field not in FIELDS:
            raise ConfigError(f"--columns {spec!r}: expected FIELD=COLUMN pairs with FIELD one of "
                              f"{', '.join(FIELDS)}")
        out[field] = column
    return out


def _frame(path: str, columns: dict[str, str], wanted: int = 1):
    """The dask DataFrame of one table file, with one partition per row group (Parquet) or
    ``wanted`` slices (CSV)."""
    try:
        import dask.dataframe as dd
    except ImportError as exc:
        raise ConfigError("Parquet and CSV inputs need dask[dataframe] and pyarrow: "
                          "pip install 'graphbuild[dask]'") from exc
    options = remote.storage_options(path) or None
    suffix = "." + path.rsplit(".", 1)[-1].lower()
    if suffix in PARQUET_SUFFIXES:
        return dd.read_parquet(path, split_row_groups=True, storage_options=options)
    frame = dd.read_csv(path, blocksize=None, dtype=str, keep_default_na=False,
                        storage_options=options)
    return frame.repartition(npartitions=max(1, wanted)) if wanted > 1 else frame


def plan(path: str, columns: dict[str, str], partition_bytes: int) -> list[tuple[int, int]]:
    """Ranges ``[a, b)`` of the file's dask partitions, each about ``partition_bytes``."""
    wanted = max(1, math.ceil(remote.size(path) / max(partition_bytes, 1)))
    n = _frame(path, columns, wanted).npartitions
    per = max(1, math.ceil(n / wanted))
    return [(a, min(a + per, n)) for a in range(0, n, per)]


def rows(path: str, columns: dict[str, str], span: tuple[int, int], wanted: int = 1) -> Iterator[dict[str, Any]]:
    """The records of partitions ``span`` of a table, as dicts keyed by graphbuild's field
    names (absent values dropped)."""
    frame = _frame(path, columns, wanted)
    wanted_columns = {f: columns.get(f, f) for f in FIELDS}
    missing = [c for f, c in wanted_columns.items() if f == "text" and c not in frame.columns]
    if missing:
        raise ConfigError(f"{path}: no column {missing[0]!r} for the article text; map one with "
                          "--columns text=COLUMN")
    present = {f: c for f, c in wanted_columns.items() if c in frame.columns}
    a, b = span
    part = frame.partitions[a:b][list(present.values())].compute(scheduler="sync")
    for values in part.itertuples(index=False, name=None):
        yield {f: v for f, v in zip(present, values, strict=True) if _present(v)}


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    try:
        import pandas as pd

        return not bool(pd.isna(value)) if not isinstance(value, str) else value != ""
    except (TypeError, ValueError, ImportError):
        return True
