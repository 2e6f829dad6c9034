"""Render the README screenshot (docs/img/graph.png) from the sample articles.

    .venv/bin/python scripts/screenshot.py [--focus ICE] [--hops 2] [-o docs/img/graph.png]

Extracts samples/articles, draws the interactive page with graphbuild.viz.to_html, opens it in
headless Chromium and captures it. Needs Chromium (Debian: apt-get install chromium).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from chromium_cdp import Browser, find_chromium  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "img" / "graph.png"))
    parser.add_argument("--articles", default=str(ROOT / "samples" / "articles"))
    parser.add_argument("--focus", default="ICE", help="entity to centre on ('' for the whole graph)")
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--size", default="1400x900", help="WIDTHxHEIGHT of the browser window")
    args = parser.parse_args(argv)

    from graphbuild.config import Config
    from graphbuild.model.graph import KnowledgeGraph
    from graphbuild.model.networkx import kg_to_networkx
    from graphbuild.runners import extract
    from graphbuild.viz import to_html

    chromium = find_chromium()
    if chromium is None:
        print("screenshot: Chromium not found (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
        return 2
    width, height = (int(v) for v in args.size.split("x"))
    graph = kg_to_networkx(KnowledgeGraph.from_documents(extract([args.articles], Config(quiet=True))))
    focus = args.focus or None
    title = f"{focus}: {args.hops} hops, sample articles" if focus else "Sample articles"
    with tempfile.TemporaryDirectory() as tmp:
        page = to_html(graph, Path(tmp) / "graph.html", focus=focus, hops=args.hops, title=title)
        with Browser(chromium, width=width, height=height) as browser:
            browser.goto(page.as_uri())
            browser.wait_for("document.documentElement.getAttribute('data-graph-ready')")
            out = Path(args.output)
            out.parent.mkdir(parents=True, exist_ok=True)
            browser.screenshot(out)
    print(f"screenshot: wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
