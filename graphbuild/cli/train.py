"""``graphbuild train`` and ``graphbuild evaluate``: the relation model and its quality."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphbuild.cli.common import EXIT_OK, add_extract_options, config_from_args

DEFAULT_DATA = "data/annotated"


def cmd_train(args: argparse.Namespace) -> int:
    from graphbuild.relations.learned import shipped_model_path
    from graphbuild.training.run import run_training

    out = Path(args.output) if args.output else shipped_model_path()
    report = run_training(args.data, out, args.folds, Path(args.report_dir) if args.report_dir else None)
    print(report.text())
    print(f"wrote {out.with_suffix('.npz')} and {out.with_suffix('.json')}", file=sys.stderr)
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from graphbuild.training.run import evaluate

    config = config_from_args(args)
    total, per_doc = evaluate(args.gold, config, Path(args.predictions) if args.predictions else None)
    if args.per_document:
        for doc_id, s in sorted(per_doc.items()):
            print(f"{doc_id:48} {s.line()}")
        print()
    print(total.table())
    print()
    print(total.line())
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train the relation model from annotated articles",
                       description="Train the relation model on annotated folders (articles/ + gold/ "
                                   "in the evaluation gold format; a folder of such folders is one "
                                   "genre per sub-folder), cross-validate it by document and by "
                                   "genre, choose how it is combined with the rules, and write it.",
                       epilog="examples:\n"
                              "  graphbuild train data/annotated\n"
                              "  graphbuild train data/annotated -o my-model --report-dir out/training",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data", nargs="*", default=[DEFAULT_DATA],
                   help=f"annotated folders (default: {DEFAULT_DATA})")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="model path without suffix (default: the model shipped in the package)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds by document (default: 5)")
    p.add_argument("--report-dir", metavar="DIR",
                   help="write the report and the out-of-fold predictions (JSONL) here")
    p.set_defaults(func=cmd_train)

    e = sub.add_parser("evaluate", help="extract from annotated articles and score against their gold",
                       description="Extract from annotated folders and print strict/relaxed P, R, F1 "
                                   "overall and per predicate (the evaluation scorer's matching).",
                       epilog="examples:\n"
                              "  graphbuild evaluate ../shared/eval/dev\n"
                              "  graphbuild evaluate data/annotated/news --relation-model none",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("gold", nargs="+", help="annotated folders (articles/ + gold/)")
    e.add_argument("--predictions", metavar="FILE", help="also write the predictions as JSONL")
    e.add_argument("--per-document", action="store_true", help="one line per document first")
    add_extract_options(e)
    e.set_defaults(func=cmd_evaluate)
