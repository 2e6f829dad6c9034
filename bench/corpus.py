"""Synthetic benchmark corpora: N articles recombined from the sentences of real ones.

Sentences come from ``samples/articles/*.txt`` (or the development articles in
``../shared/eval/dev/articles``); each synthetic article is a headline and a few paragraphs of
sentences drawn with a fixed seed, so the same N gives the same corpus on every machine.

    python bench/corpus.py 1000 /tmp/corpus-1k            # 1,000 .txt files
    python bench/corpus.py 1000 /tmp/c.jsonl --jsonl      # one JSONL file
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "samples" / "articles", ROOT.parent / "shared" / "eval" / "dev" / "articles")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
_SOURCE_LINE = re.compile(r"^\s*Source:", re.MULTILINE)


def source_sentences(folders: tuple[Path, ...] = SOURCES) -> list[str]:
    """Body sentences of every source article (headline and ``Source:`` line dropped)."""
    sentences: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            m = _SOURCE_LINE.search(text)
            body = (text[: m.start()] if m else text).strip().split("\n", 1)[-1]
            for para in body.split("\n\n"):
                sentences.extend(s.strip() for s in _SENTENCE_END.split(" ".join(para.split())) if len(s.split()) >= 4)
    if not sentences:
        raise SystemExit(f"no source articles found in {', '.join(map(str, folders))}")
    return sentences


def articles(n: int, words: int = 400, seed: int = 13) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of ``n`` synthetic articles of about ``words`` words each."""
    rng = random.Random(seed)
    pool = source_sentences()
    for i in range(1, n + 1):
        paragraphs, para, count = [], [], 0
        while count < words:
            s = rng.choice(pool)
            para.append(s)
            count += len(s.split())
            if len(para) >= rng.randint(3, 5):
                paragraphs.append(" ".join(para))
                para = []
        if para:
            paragraphs.append(" ".join(para))
        headline = " ".join(paragraphs[0].split()[:10]).rstrip(".,;:")
        yield f"bench-{i:06d}", headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(n: int, out: str | Path, words: int = 400, jsonl: bool = False, seed: int = 13) -> Path:
    """Write the corpus as ``.txt`` files into a folder, or as one ``.jsonl`` file."""
    out = Path(out)
    if jsonl:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for doc_id, text in articles(n, words, seed):
                fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    for doc_id, text in articles(n, words, seed):
        (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("out", help="output folder (or .jsonl file with --jsonl)")
    p.add_argument("--words", type=int, default=400, help="words per article (default: 400)")
    p.add_argument("--jsonl", action="store_true", help="write one JSONL file instead of .txt files")
    p.add_argument("--seed", type=int, default=13)
    a = p.parse_args()
    print(write_corpus(a.n, a.out, a.words, a.jsonl, a.seed))


if __name__ == "__main__":
    main()
