"""Plain-text tables on stdout."""

from __future__ import annotations

import sys


def print_table(rows: list[dict], out=None) -> None:
    """Rows of dicts as an aligned text table on stdout."""
    out = out or sys.stdout
    if not rows:
        print("(no results)", file=out)
        return
    cols = list(rows[0])
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [min(80, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " | ".join(_cell(v) for v in value)
    return str(value).replace("\n", " ")
