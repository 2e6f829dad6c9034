"""Annotated documents: an article read the way extraction reads it, with its gold relations."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import ConfigError
from graphbuild.ingest import iter_documents
from graphbuild.ingest.readers import Failure
from graphbuild.model.records import Document


@dataclass(frozen=True)
class Annotated:
    document: Document
    gold: dict
    genre: str


def gold_folders(root: str | Path) -> list[Path]:
    """``root`` itself when it holds ``gold/`` and ``articles/``, else its sub-folders that do
    (one per genre)."""
    root = Path(root)
    if (root / "gold").is_dir():
        return [root]
    found = sorted(p for p in root.iterdir() if (p / "gold").is_dir() and (p / "articles").is_dir())
    if not found:
        raise ConfigError(f"{root}: no gold/ and articles/ folders (the evaluation gold format)")
    return found


def read_annotated(roots: Iterable[str | Path]) -> Iterator[Annotated]:
    """Every article with a gold file under ``roots``; the genre is the folder's name."""
    for root in roots:
        for folder in gold_folders(root):
            for gold_path in sorted((folder / "gold").glob("*.json")):
                article = folder / "articles" / f"{gold_path.stem}.txt"
                if not article.exists():
                    continue
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
                for doc in iter_documents([article]):
                    if isinstance(doc, Failure):
                        raise ConfigError(f"{article}: {doc.reason}")
                    yield Annotated(doc, gold, folder.name)
