"""Article ids: cleaned, stable between runs, and never shared by two articles.

An id comes from the file name (or a JSONL ``id``). Characters an id cannot hold are replaced,
and when that changes the name a short hash of the original is appended, so ``a b.txt`` and
``a_b.txt`` stay apart whatever else a run reads. When two inputs still claim one id (the same
file name in two folders, a JSONL id repeated), the later one gets ``~`` and a hash of where it
came from. ``~`` never occurs in a cleaned name, so a suffixed id cannot hit a real one (as
``story-2`` could), and the same input gets the same id on every run.

>>> clean_id("story")
'story'
>>> clean_id("a b")
'a_b~c8687a'
>>> reg = IdRegistry()
>>> reg.assign("story", "/news/a/story.txt"), reg.assign("story", "/news/b/story.txt")
('story', 'story~b4e6f5')
>>> reg.collisions[0].new_id
'story~b4e6f5'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from graphbuild.model.ids import short_hash
from graphbuild.model.text import clean_name

MAX_ID_CHARS = 120
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def clean_id(raw: str) -> str:
    """``raw`` as an id safe for IRIs, Neo4j and file names; a hash is appended when cleaning
    changed it, so two different raw names never clean to one id."""
    s = _UNSAFE.sub("_", clean_name(raw)).strip("_")[:MAX_ID_CHARS] or "doc"
    return s if s == raw else f"{s}~{short_hash(raw, n=6)}"


def source_key(path: str) -> str:
    """Where an article came from, independent of where the corpus sits (a folder on disk, a
    bucket): a file's folder name and file name; for a record, its file's name without the
    extension and its line or row number (a JSONL file and the same records as a table agree).

    >>> source_key("/data/news/a/story.txt"), source_key("s3://bucket/news.jsonl:12")
    ('a/story.txt', 'news:12')
    """
    path = path.split("?", 1)[0] if "://" in path else path
    if re.search(r":\d+$", path):
        file, _, line = path.rpartition(":")
        return f"{os.path.splitext(_tail(file, 1))[0]}:{line}"
    return _tail(path, 2)


def _tail(path: str, parts: int) -> str:
    return "/".join(path.replace("\\", "/").rstrip("/").split("/")[-parts:])


@dataclass(frozen=True, slots=True)
class Collision:
    """Two inputs claimed one id; the later one was given ``new_id``."""

    source: str
    wanted: str
    new_id: str
    owner: str


@dataclass
class IdRegistry:
    """Ids given out in one run, each with the input that owns it."""

    owners: dict[str, str] = field(default_factory=dict)
    collisions: list[Collision] = field(default_factory=list)
    _sources: dict[str, str] = field(default_factory=dict)

    def assign(self, doc_id: str, source: str, where: str = "") -> str:
        """``doc_id`` if free, else a suffixed id, recorded. ``source`` is the input's
        :func:`source_key`; ``where`` its full path, used only when two inputs of the run share
        a source key (``x/a/story.txt`` and ``y/a/story.txt``)."""
        first = self._sources.setdefault(source, where)
        if first != where:
            source = f"{source}|{where}"
        owner = self.owners.setdefault(doc_id, source)
        if owner == source:
            return doc_id
        n = 6
        while True:
            new = f"{doc_id}~{short_hash(source, n=n)}"
            if self.owners.setdefault(new, source) == source:
                break
            n += 2
        self.collisions.append(Collision(source, doc_id, new, owner))
        return new
