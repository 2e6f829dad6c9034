"""How big drawings behave in headless Chromium: time to write the page, to open and draw it, and
one zoom step (wheel event to the next frame), for scale-free graphs of 300, 1,000 and 3,000
entities.

    PYTHONPATH=. .venv/bin/python tests/browser/measure_viz.py [300 1000 3000]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from chromium_cdp import Browser, find_chromium  # noqa: E402
from synthetic_graphs import synthetic_graph  # noqa: E402

ZOOM_STEPS_JS = """new Promise(done => {
  const svg = document.getElementById('graph'), times = [];
  (function step() {
    const t0 = performance.now();
    svg.dispatchEvent(new WheelEvent('wheel', {deltaY: -120, clientX: 700, clientY: 450, bubbles: true, cancelable: true}));
    requestAnimationFrame(() => { times.push(performance.now() - t0); if (times.length < 10) { step(); } else { done(times); } });
  })();
})"""


def main(sizes: list[int]) -> None:
    from graphbuild.viz import to_html

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            g = synthetic_graph(n)
            t = time.perf_counter()
            page = to_html(g, Path(tmp) / f"g{n}.html")
            written = time.perf_counter() - t
            with Browser(chromium, width=1400, height=900) as b:
                t = time.perf_counter()
                b.goto(page.as_uri())
                b.wait_for("document.documentElement.getAttribute('data-graph-ready')", timeout=300)
                drawn = time.perf_counter() - t
                steps = sorted(b.evaluate(ZOOM_STEPS_JS))
            print(f"{n:,} entities, {g.number_of_edges():,} edges: page written in {written:.2f} s "
                  f"({page.stat().st_size / 1e6:.1f} MB), opened and drawn in {drawn:.2f} s, "
                  f"zoom step median {steps[len(steps) // 2]:.0f} ms")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [300, 1000, 3000])
