"""Date and amount accuracy of the relations the extractor finds, against annotated gold.

    .venv/bin/python bench/eval_qualifiers.py data/qualifiers [--errors]

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


def main() -> int:
    from machine import machine_info

    from graphbuild.training.qualifiers import as_dict, evaluate_folder

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(HERE.parent / "data" / "qualifiers"))
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    args = ap.parse_args()
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
