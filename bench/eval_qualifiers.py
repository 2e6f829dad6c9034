"""Date and amount accuracy of the relations the extractor finds, against annotated gold.

    .venv/bin/python bench/eval_qualifiers.py data/qualifiers [--errors]
    .venv/bin/python bench/eval_qualifiers.py --compare-parsers   # needs: pip install quantulum3

Prints the figures and writes ``bench/results/qualifiers.json``. See
:mod:`graphbuild.training.qualifiers` for what is counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


AMOUNTS = ["$41 million", "£1m", "over $2.9 billion", "$2.9 billion", "about 200,000 dollars",
           "500,000 dollars", "€20 million", "$25 Million", "approximately $25 million", "$205 million",
           "$1.2bn", "US$3 million", "£7.5 million", "20 million euros", "$64 Million", "$850,000",
           "more than $1 million", "¥5 billion", "C$10 million", "CHF 3 million", "$1,000,000", "£26m"]


def compare_parsers() -> None:
    """price-parser (+ the scale and currency tables) against quantulum3 on news amounts."""
    import time

    from graphbuild.relations.amounts import parse_money

    t = time.perf_counter()
    ours = [parse_money(a) for a in AMOUNTS]
    print(f"price-parser: {sum(m is not None for m in ours)}/{len(AMOUNTS)} read, "
          f"{(time.perf_counter() - t) * 1000:.1f} ms in all")
    try:
        from quantulum3 import parser
    except ImportError:
        print("quantulum3 is not installed")
        return
    t, ok = time.perf_counter(), 0
    for a, m in zip(AMOUNTS, ours, strict=True):
        try:
            q = parser.parse(a)
            got = (q[0].value, getattr(q[0].unit, "currency_code", None)) if q else None
        except Exception as exc:  # quantulum3's classifier fails on some inputs; report it
            got = f"error {type(exc).__name__}"
        good = m is not None and isinstance(got, tuple) and got == (m.value, m.currency)
        ok += good
        print(f"  {a!r:28} price-parser {m.value if m else None} {m.currency if m else None}  quantulum3 {got}")
    print(f"quantulum3: {ok}/{len(AMOUNTS)} agree, {(time.perf_counter() - t):.1f} s in all")


def main() -> int:
    from machine import machine_info

    from graphbuild.training.qualifiers import as_dict, evaluate_folder

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(HERE.parent / "data" / "qualifiers"))
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    ap.add_argument("--compare-parsers", action="store_true", help="compare amount parsers and stop")
    args = ap.parse_args()
    if args.compare_parsers:
        compare_parsers()
        return 0
    score, rows = evaluate_folder(args.folder)
    print(score.summary())
    if args.errors:
        for e in score.errors:
            print(json.dumps(e, ensure_ascii=False))
    out = HERE / "results" / "qualifiers.json"
    out.parent.mkdir(exist_ok=True)
    n_gold = len(list(Path(args.folder, "gold").glob("*.json")))
    out.write_text(json.dumps({"documents": n_gold, "predictions": len(rows), **as_dict(score),
                               "machine": machine_info()}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
