"""``review``: accept, reject, merge, split, rename, retype, add, log, pending."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from graphbuild.cli.common import EXIT_OK, EXIT_PARTIAL

DEFAULT_STORE = "graph"

EPILOG = """Decisions are appended to the decision file (default: beside the store, graph/ ->
graph.review.jsonl; keep it in git) and replayed on the store at once and after every build.

examples:
  graphbuild review pending --store graph/ --entity ICE --min-confidence 0.5
  graphbuild review reject 3f1c0e... --note "the article denies it"
  graphbuild review accept 9a22b1... --user ana
  graphbuild review merge "Amazon Web Services" "AWS Inc" --note "same company"
  graphbuild review split "Intercontinental Exchange" "ICE" --type Company
  graphbuild review rename "aclu" "American Civil Liberties Union"
  graphbuild review retype "Acme" Organization
  graphbuild review add "Palantir" contractedWith "ICE" --source https://example.org/a \\
      --quote "ICE signed a $49 million contract with Palantir." --date 2026-03-01
  graphbuild review log"""


def _reviewer(args: argparse.Namespace):
    from graphbuild.cli.common import config_from_args
    from graphbuild.review.commands import Reviewer

    config = config_from_args(args)
    return Reviewer(args.store, user=args.user or "", decisions=args.decisions, config=config)


def _done(decision, reviewer) -> int:
    print(decision.to_json())
    print(f"graphbuild: recorded {decision.action} {decision.id} in {reviewer.path} and applied it "
          f"to {reviewer.store_path}", file=sys.stderr)
    return EXIT_OK


def cmd_accept(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    return _done(rv.accept(args.assertion, note=args.note), rv)


def cmd_reject(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    return _done(rv.reject(args.assertion, note=args.note), rv)


def cmd_merge(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    return _done(rv.merge(args.entity, args.other, note=args.note), rv)


def cmd_split(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    return _done(rv.split(args.entity, args.alias, type=args.type or "", note=args.note), rv)


def cmd_rename(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    return _done(rv.rename(args.entity, args.name, note=args.note), rv)


def cmd_retype(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    return _done(rv.retype(args.entity, args.type, note=args.note), rv)


def cmd_add(args: argparse.Namespace) -> int:
    rv = _reviewer(args)
    d = rv.add(args.subject, args.predicate, args.object, args.source, quote=args.quote or "",
               date=args.date or "", subject_type=args.subject_type or "",
               object_type=args.object_type or "", negated=args.negated, role=args.role or "",
               note=args.note)
    return _done(d, rv)


def cmd_log(args: argparse.Namespace) -> int:
    from graphbuild.cli.graph import emit

    decisions = _reviewer(args).log()
    if args.format == "json":
        for d in decisions:
            print(d.to_json())
        return EXIT_OK
    rows = [{"id": d.id, "at": d.at, "user": d.user, "action": d.action, "target": _target(d),
             "note": d.note} for d in decisions]
    emit(rows, ["id", "at", "user", "action", "target", "note"], args.format)
    return EXIT_OK


def _target(d) -> str:
    if d.action in ("accept", "reject"):
        m = d.match
        return f"{d.assertion}" + (f" ({m.subject} {m.predicate} {m.object}, {m.doc})" if m else "")
    if d.action == "merge":
        return f"{d.other} -> {d.entity}"
    if d.action == "split":
        return f"{d.alias!r} of {d.entity} -> {d.new_id}"
    if d.action == "rename":
        return f"{d.entity} -> {d.name!r}"
    if d.action == "retype":
        return f"{d.entity} -> {d.type}"
    return f"{d.subject} {'not ' if d.negated else ''}{d.predicate} {d.object} ({d.source})"


def cmd_pending(args: argparse.Namespace) -> int:
    from graphbuild.cli.graph import emit

    rows = _reviewer(args).pending(args.entity, args.min_confidence)
    if args.limit is not None:
        rows = rows[: args.limit]
    data = [asdict(r) for r in rows]
    if args.format == "json":
        for row in data:
            print(json.dumps(row, ensure_ascii=False))
    else:
        for row in data:
            row["negated"] = "NOT" if row["negated"] else ""
        emit(data, ["id", "confidence", "subject", "negated", "predicate", "object", "doc", "sentence"],
             args.format)
    print(f"({len(rows)} assertions waiting for review)", file=sys.stderr)
    return EXIT_OK if rows else EXIT_PARTIAL


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", default=DEFAULT_STORE, help=f"folder of the embedded store (default: {DEFAULT_STORE})")
    p.add_argument("--decisions", metavar="FILE",
                   help="decision file (default: the review_file setting, else STORE.review.jsonl beside the store)")
    p.add_argument("--user", help="who decides (default: the reviewer setting, else $GRAPHBUILD_REVIEWER, "
                                  "else the login name)")
    p.add_argument("--config", help="TOML file with settings (see README)")


def _decision(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--note", default="", help="why (kept with the decision)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    from graphbuild.vocab.terms import EntityType, Predicate

    classes = [t.value for t in EntityType]
    review = sub.add_parser("review", help="accept, reject, merge, split, rename, retype, add facts",
                            description="Review the machine's output. Every decision is recorded with "
                                        "who, when and a note, kept apart from machine output, and "
                                        "replayed after every build.",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = review.add_subparsers(dest="action", required=True, metavar="ACTION")

    p = actions.add_parser("accept", help="mark an assertion as checked (reviewed: accepted)")
    p.add_argument("assertion", help="assertion id (from `review pending`)")
    _decision(p)
    p.set_defaults(func=cmd_accept)

    p = actions.add_parser("reject", help="hide an assertion from every output, for good")
    p.add_argument("assertion", help="assertion id (from `review pending`)")
    _decision(p)
    p.set_defaults(func=cmd_reject)

    p = actions.add_parser("merge", help="merge OTHER into ENTITY (OTHER's names become aliases)")
    p.add_argument("entity", help="the entity that stays: id, name or alias")
    p.add_argument("other", help="the entity that disappears into it: id, name or alias")
    _decision(p)
    p.set_defaults(func=cmd_merge)

    p = actions.add_parser("split", help="give one name of an entity an entity of its own")
    p.add_argument("entity", help="id, name or alias of the entity")
    p.add_argument("alias", help="the name that becomes a separate entity")
    p.add_argument("--type", choices=classes, help="class of the new entity (default: the entity's)")
    _decision(p)
    p.set_defaults(func=cmd_split)

    p = actions.add_parser("rename", help="set the canonical name of an entity")
    p.add_argument("entity", help="id, name or alias")
    p.add_argument("name", help="the new canonical name (the old one stays an alias)")
    _decision(p)
    p.set_defaults(func=cmd_rename)

    p = actions.add_parser("retype", help="change the class of an entity")
    p.add_argument("entity", help="id, name or alias")
    p.add_argument("type", choices=classes, help="the new class")
    _decision(p)
    p.set_defaults(func=cmd_retype)

    p = actions.add_parser("add", help="add a fact by hand, with its source")
    p.add_argument("subject", help="id, name or alias (a new name needs --subject-type)")
    p.add_argument("predicate", choices=[x.value for x in Predicate], metavar="PREDICATE",
                   help="an ontology predicate (pitched, contractedWith, worksFor, ...)")
    p.add_argument("object", help="id, name or alias (a new name needs --object-type)")
    p.add_argument("--source", required=True, help="URL of the source that states the fact")
    p.add_argument("--quote", help="the sentence of the source that states it")
    p.add_argument("--date", help="date of the source (YYYY-MM-DD)")
    p.add_argument("--subject-type", choices=classes, help="class, when the subject is a new entity")
    p.add_argument("--object-type", choices=classes, help="class, when the object is a new entity")
    p.add_argument("--negated", action="store_true", help="the source says the relation does NOT hold")
    p.add_argument("--role", help="for worksFor: the title")
    _decision(p)
    p.set_defaults(func=cmd_add)

    p = actions.add_parser("log", help="every decision, oldest first")
    _common(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv, or json (the decision file's lines)")
    p.set_defaults(func=cmd_log)

    p = actions.add_parser("pending", help="assertions nobody reviewed yet, least confident first")
    _common(p)
    p.add_argument("--entity", metavar="NAME", help="only assertions of this entity (id, name or alias)")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                   help="only assertions at least this confident (default: 0.0)")
    p.add_argument("--limit", type=int, help="show at most this many")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv, or json (one object per line)")
    p.set_defaults(func=cmd_pending)
