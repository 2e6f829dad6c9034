"""Readers: files and folders of .txt, .html and .jsonl articles -> Documents.

Every input that cannot be read becomes an :class:`IngestError` with a reason; the caller
decides whether to skip or raise. Nothing here loads a model.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import IngestError
from graphbuild.ingest.ids import IdRegistry, clean_id, source_key
from graphbuild.model.records import Document
from graphbuild.model.text import clean_name, for_terminal

log = logging.getLogger("graphbuild.ingest")

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
    encoding = _bom_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        head = data[:8192]
        if len(head) >= 4 and (head[1::2].count(0) > 0.4 * len(head) / 2 or head[0::2].count(0) > 0.4 * len(head) / 2):
            raise IngestError(source, "looks like UTF-16 without a byte-order mark; convert it to UTF-8")
        raise IngestError(source, "binary file (NUL bytes), not an article")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        name = encoding.upper() if encoding else "UTF-8"
        raise IngestError(source, f"not valid {name} (byte {exc.start}); convert it to UTF-8") from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise IngestError(source, "empty or whitespace-only")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000):
        raise IngestError(source, "looks binary (control characters), not an article")
    return text


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _bom_encoding(data: bytes) -> str | None:
    """UTF-16/32 named by a byte-order mark (UTF-32 first: its LE mark begins with UTF-16's)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?$")


def checked_date(value: str, source: str) -> str:
    """``value`` unless it is shaped like an ISO date or time but is not one (``2020-13-45``):
    then "" and a warning, so no invalid ``xsd:date`` reaches a store."""
    import datetime as dt

    value = value.strip()
    if not _ISO_SHAPE.match(value):
        return value
    try:
        (dt.date.fromisoformat if len(value) == 10 else dt.datetime.fromisoformat)(value)
    except ValueError:
        log.warning("%s: published date %s is not a valid date; it is left out",
                    for_terminal(source), for_terminal(value))
        return ""
    return value


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
    meta["title"] = clean_name(first[:300])
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
    meta = {"title": clean_name(title or body.split("\n", 1)[0][:300]), "url": data.get("url") or "",
            "published": data.get("date") or "", "source": clean_name(data.get("sitename") or "")}
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
    meta["published"] = checked_date(meta.get("published", ""), source)
    yield Document(id=clean_id(path.stem), text=text, path=source, **meta)


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
    doc_id = clean_id(str(obj.get("id") or default_id))
    return Document(id=doc_id, text=text, title=clean_name(title or text.strip().split("\n", 1)[0][:300]),
                    url=str(obj.get("url") or ""), published=checked_date(str(obj.get("published") or ""), where),
                    source=clean_name(str(obj.get("source") or "")), path=where)


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


def assign_id(doc: Document, ids: IdRegistry) -> Document:
    """``doc`` with an id no other input of the run holds (a collision is logged)."""
    new = ids.assign(doc.id, source_key(doc.path or doc.id), doc.path)
    if new == doc.id:
        return doc
    owner = ids.collisions[-1].owner
    log.warning("%s: the id %s is already the id of %s; this article is stored as %s",
                for_terminal(doc.path), for_terminal(doc.id), for_terminal(owner), new)
    return Document(id=new, text=doc.text, title=doc.title, source=doc.source, url=doc.url,
                    published=doc.published, path=doc.path)


def iter_documents(inputs: Iterable[str | Path], max_bytes: int = 5_000_000,
                   ids: IdRegistry | None = None) -> Iterator[Document | Failure]:
    """Stream Documents (and Failures with reasons) from files and folders, lazily.

    Two inputs never share an id: the later one gets a ``~hash`` suffix (see
    :mod:`graphbuild.ingest.ids`) and each collision is logged as a warning; pass ``ids`` to
    read the collisions afterwards.
    """
    ids = ids if ids is not None else IdRegistry()
    for path in expand_inputs(inputs):
        try:
            for item in read_file(path, max_bytes):
                if isinstance(item, IngestError):
                    yield Failure(item.source, item.reason)
                    continue
                yield assign_id(item, ids)
        except IngestError as exc:
            yield Failure(exc.source, exc.reason)
