"""The README's CLI reference, generated from the parser so that docs cannot drift.

``python -m graphbuild.cli.reference`` prints it; ``--write README.md`` replaces the block
between the ``<!-- cli-reference:start -->`` and ``<!-- cli-reference:end -->`` markers;
``tests/unit/test_docs.py`` fails when the README is stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def render() -> str:
    import os

    from graphbuild.cli import build_parser

    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal width; fix it
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    parts = ["```", "$ graphbuild --help", parser.format_help().rstrip(), "```"]
    for name, p in sub.choices.items():
        parts += ["", f"#### `graphbuild {name}`", "", "```", p.format_help().rstrip(), "```"]
    return "\n".join(parts)


def replace_block(text: str, block: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError("README has no CLI reference markers")
    return pattern.sub(lambda _: f"{START}\n{block}\n{END}", text)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    block = render()
    if args[:1] == ["--write"]:
        path = Path(args[1] if len(args) > 1 else "README.md")
        path.write_text(replace_block(path.read_text(encoding="utf-8"), block), encoding="utf-8")
    else:
        print(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
