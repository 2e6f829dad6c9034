"""Remote inputs and outputs through fsspec: ``s3://``, ``gs://``, ``http(s)://`` (any fsspec
protocol). Local paths never go through fsspec, so a run without remote paths needs none of it.

Credentials come from each storage's own settings (``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY`` / ``AWS_PROFILE`` for S3, ``GOOGLE_APPLICATION_CREDENTIALS`` for GCS);
``AWS_ENDPOINT_URL`` (or ``AWS_ENDPOINT_URL_S3``) points ``s3://`` at an S3-compatible server
(MinIO, Ceph, a local test server). Dask workers read the same variables, so a URL given on the
command line is one every worker can open.

>>> is_remote("s3://bucket/articles.jsonl"), is_remote("articles/"), is_remote("C:/x")
(True, False, False)
>>> join("s3://bucket/parts", "part-00001.jsonl")
's3://bucket/parts/part-00001.jsonl'
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graphbuild.errors import ConfigError, IngestError

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")


def protocol(path: str | Path) -> str:
    """The URL scheme of ``path`` (``""`` for a local path; ``file://`` counts as local)."""
    m = _URL.match(str(path))
    scheme = m.group(1).lower() if m else ""
    return "" if scheme == "file" else scheme


def is_remote(path: str | Path) -> bool:
    return bool(protocol(path))


def join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}" if is_remote(base) else str(Path(base) / name)


def storage_options(path: str | Path) -> dict[str, Any]:
    """Options for the filesystem of ``path``: S3 endpoints from ``AWS_ENDPOINT_URL_S3`` /
    ``AWS_ENDPOINT_URL`` (read at call time, so a test or a worker can set them)."""
    if protocol(path) in ("s3", "s3a"):
        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        if endpoint:
            return {"endpoint_url": endpoint}
    return {}


def filesystem(path: str | Path):
    """``(fs, path inside fs)`` for a URL; a clear ConfigError when the protocol's package is
    missing."""
    try:
        import fsspec
    except ImportError as exc:
        raise ConfigError("remote paths need fsspec: pip install 'graphbuild[remote]'") from exc
    try:
        return fsspec.core.url_to_fs(str(path), **storage_options(path))
    except (ImportError, ValueError) as exc:
        raise ConfigError(f"cannot open {path}: {exc} (pip install 'graphbuild[remote]'; "
                          "gs:// also needs gcsfs)") from exc


def open_file(path: str | Path, mode: str = "rb", **kwargs: Any) -> IO:
    """Open a local path or a URL (binary by default); for writing, a remote object appears
    when the file is closed."""
    if not is_remote(path):
        if "w" in mode:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return open(path, mode, **kwargs)  # noqa: SIM115  (the caller closes it)
    fs, inner = filesystem(path)
    try:
        return fs.open(inner, mode, **kwargs)
    except OSError as exc:
        raise IngestError(str(path), f"unreadable: {exc}") from exc


def size(path: str | Path) -> int:
    if not is_remote(path):
        return Path(path).stat().st_size
    fs, inner = filesystem(path)
    return int(fs.size(inner) or 0)


def expand(path: str, suffixes: set[str]) -> Iterator[str]:
    """A remote file, or the files with one of ``suffixes`` under a remote folder (recursive,
    sorted by path, hidden names skipped), as URLs."""
    fs, inner = filesystem(path)
    try:
        if fs.isdir(inner):
            for p in sorted(fs.find(inner)):
                name = p.rsplit("/", 1)[-1]
                if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                    yield fs.unstrip_protocol(p)
            return
    except OSError as exc:
        raise IngestError(path, f"unreadable: {exc}") from exc
    yield path


def remove_tree(path: str) -> None:
    """Remove a folder (local or remote), ignoring what is already gone."""
    if is_remote(path):
        fs, inner = filesystem(path)
        with contextlib.suppress(FileNotFoundError):
            fs.rm(inner, recursive=True)
        return
    import shutil

    shutil.rmtree(path, ignore_errors=True)
