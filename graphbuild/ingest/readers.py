"""Readers: files and folders of .txt, .html and .jsonl articles -> Documents.

Every input that cannot be read becomes an :class:`IngestError` with a reason; the caller
decides whether to skip or raise. Nothing here loads a model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import IngestError
from graphbuild.model.ids import document_id_from_path
from graphbuild.model.records import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# "Source: <outlet>, <date>, <url or note>; licence: ..." as the last line of an article file.
_SOURCE_LINE = re.compile(r"\n\s*Source:\s*(?P<rest>[^\n]*)\s*$")
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that was skipped, and why."""

    source: str
    reason: str


def decode(data: bytes, source: str, max_bytes: int) -> str:
    """Bytes -> text, refusing what is not an article."""
    if len(data) > max_bytes:
        raise IngestError(source, f"too large ({len(data):,} bytes > limit {max_bytes:,}); raise --max-bytes to read it")
    if b"\x00" in data[:8192]:
        raise IngestError(source, "binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not valid UTF-8 (byte {exc.start}); convert it to UTF-8") from exc
    if not text.strip():
        raise IngestError(source, "empty or whitespace-only")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000):
        raise IngestError(source, "looks binary (control characters), not an article")
    return text


def split_plain_text(text: str) -> tuple[str, dict[str, str]]:
    """Strip a trailing ``Source:`` line into metadata; the headline stays in the text."""
    meta: dict[str, str] = {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _SOURCE_LINE.search(text)
    if m:
        rest = m.group("rest")
        meta["source"] = rest.split(",")[0].strip()
        if d := _DATE.search(rest):
            meta["published"] = d.group(1)
        if u := _URL.search(rest):
            meta["url"] = u.group(0).rstrip(";,.")
        text = text[: m.start()]
    text = text.rstrip()
    first = text.lstrip().split("\n", 1)[0].strip()
    meta["title"] = first[:300]
    return text, meta


def html_to_text(html: str, source: str) -> tuple[str, dict[str, str]]:
    """Main article text and metadata of an HTML page, with trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise IngestError(source, f"cannot parse HTML: {exc}") from exc
    if doc is None:
        raise IngestError(source, "no article text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        raise IngestError(source, "no article text found in the HTML page")
    title = (data.get("title") or "").strip()
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    meta = {"title": title or body.split("\n", 1)[0][:300], "url": data.get("url") or "",
            "published": data.get("date") or "", "source": data.get("sitename") or ""}
    return text, meta


def read_file(path: Path, max_bytes: int) -> Iterator[Document]:
    """Documents of one file (a .jsonl file holds many). Raises IngestError for the whole file."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes and path.suffix.lower() not in JSONL_SUFFIXES:
            raise IngestError(source, f"too large ({size:,} bytes > limit {max_bytes:,}); raise --max-bytes to read it")
        data = path.read_bytes() if path.suffix.lower() not in JSONL_SUFFIXES else b""
    except OSError as exc:
        raise IngestError(source, f"unreadable: {exc.strerror or exc}") from exc
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes)
        return
    text = decode(data, source, max_bytes)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        text, meta = html_to_text(text, source)
    else:
        text, meta = split_plain_text(text)
    if not text.strip():
        raise IngestError(source, "no text left after removing the source line")
    yield Document(id=document_id_from_path(path.stem), text=text, path=source, **meta)


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Document]:
    """One article per line: ``id, title, text`` and optional ``url, published, source``.

    A bad line is yielded as an IngestError *value* so the rest of the file is still read.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise IngestError(str(path), f"unreadable: {exc.strerror or exc}") from exc
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                yield jsonl_document(raw, f"{path}:{n}", f"{path.stem}-{n}", max_bytes)
            except IngestError as exc:
                yield exc  # type: ignore[misc]


def jsonl_document(raw: bytes, where: str, default_id: str, max_bytes: int) -> Document:
    """One JSONL line -> a Document (``default_id`` when the line has no ``id``); raises
    IngestError. Shared with the partition readers of :mod:`graphbuild.scale`."""
    line = decode(raw, where, max_bytes)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(where, f"invalid JSON: {exc.msg}") from exc
    return record_document(obj, where, default_id)


def record_document(obj: object, where: str, default_id: str) -> Document:
    """A record (a parsed JSONL line, a table row) -> a Document; raises IngestError."""
    if not isinstance(obj, dict):
        raise IngestError(where, "a JSON object with id, title and text was expected")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(where, "missing or empty 'text'")
    title = str(obj.get("title") or "")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    doc_id = document_id_from_path(str(obj.get("id") or default_id))
    return Document(id=doc_id, text=text, title=title or text.strip().split("\n", 1)[0][:300],
                    url=str(obj.get("url") or ""), published=str(obj.get("published") or ""),
                    source=str(obj.get("source") or ""), path=where)


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files named and the article files inside folders named (recursively, sorted)."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("."):
                    yield f
        else:
            yield p


def iter_documents(inputs: Iterable[str | Path], max_bytes: int = 5_000_000) -> Iterator[Document | Failure]:
    """Stream Documents (and Failures with reasons) from files and folders, lazily.

    Duplicate document ids in one run get a suffix so no document hides another.
    """
    seen: dict[str, int] = {}
    for path in expand_inputs(inputs):
        try:
            for item in read_file(path, max_bytes):
                if isinstance(item, IngestError):
                    yield Failure(item.source, item.reason)
                    continue
                n = seen.get(item.id, 0)
                seen[item.id] = n + 1
                if n:
                    item = Document(id=f"{item.id}-{n + 1}", text=item.text, title=item.title,
                                    source=item.source, url=item.url, published=item.published,
                                    path=item.path)
                yield item
        except IngestError as exc:
            yield Failure(exc.source, exc.reason)
