"""Bulk export for ``neo4j-admin database import full``: node and relationship CSV files.

The files describe exactly the graph that :func:`graphbuild.sinks.neo4j.load_graph` builds
over Bolt (same labels, types, properties and evidence arrays, from the same row functions), so
a database imported in bulk can afterwards be updated incrementally with ``load neo4j``.

Files written into ``out_dir``:

* ``documents.csv`` - ``id:ID(Document),:LABEL,title,url,published,source,outlet,content_hash``
* ``entities.csv`` - ``id:ID(Entity),:LABEL,name,type,aliases:string[],qid`` with labels such
  as ``Entity;Company`` (labels are separated by the array delimiter)
* ``mentions.csv`` - ``:START_ID(Document),:END_ID(Entity),:TYPE`` (``MENTIONS``)
* ``relations.csv`` - ``:START_ID(Entity),:END_ID(Entity),:TYPE,key,negated:boolean,
  sources:string[],count:int,sentences:int,confidence:double,verb,role,first_date,last_date``
* ``evidence.csv`` - ``key:ID(Evidence),:LABEL,edge,doc,text,start:long,end:long,
  confidence:double,time,date_start,date_end,published,amount:double,currency``: one node per
  sentence, ``edge`` naming its relationship's ``key`` (the keys the incremental loader reads)
* ``neo4j-admin-import.sh`` - the import command with the right options; ``schema.cypher`` -
  the constraints and indexes to create after the import (``cypher-shell -f schema.cypher``)

Labels and relationship types come only from the ontology, through the same allow-list as the
Bolt loader. Array elements (aliases, sources) are separated by ``;``, neo4j-admin's default,
unless such a value holds a ``;`` (the importer would split it); then the unit separator U+001F
is used and the import script passes ``--array-delimiter=U+001F``. Text is never altered.
Values with line breaks (evidence sentences may have them) make the script add
``--multiline-fields=true``.

>>> import tempfile
>>> from graphbuild.model import KnowledgeGraph
>>> write_neo4j_admin(KnowledgeGraph(), tempfile.mkdtemp()).summary()  # doctest: +ELLIPSIS
'neo4j-admin: 0 documents, 0 entities, 0 relations in ...s'
"""

from __future__ import annotations

import contextlib
import shlex
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from graphbuild.errors import SinkError
from graphbuild.model.graph import KnowledgeGraph
from graphbuild.model.records import DocumentGraph
from graphbuild.sinks import neo4j_queries as q
from graphbuild.sinks.export import atomic_output
from graphbuild.sinks.neo4j import document_rows, entity_rows, mention_rows, relation_rows
from graphbuild.sinks.report import WriteReport
from graphbuild.vocab import Predicate, upper_snake

DOCUMENT_HEADER = ["id:ID(Document)", ":LABEL", "title", "url", "published", "source", "outlet",
                   "content_hash"]
ENTITY_HEADER = ["id:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "qid"]
MENTION_HEADER = [":START_ID(Document)", ":END_ID(Entity)", ":TYPE"]
RELATION_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "key", "negated:boolean", "sources:string[]",
                   "count:int", "sentences:int", "confidence:double", "verb", "role", "first_date", "last_date"]
EVIDENCE_HEADER = ["key:ID(Evidence)", ":LABEL", "edge", "doc", "text", "start:long", "end:long",
                   "confidence:double", "time", "date_start", "date_end", "published", "amount:double", "currency"]
FILES = ("documents.csv", "entities.csv", "evidence.csv", "mentions.csv", "relations.csv")
IMPORT_SCRIPT = "neo4j-admin-import.sh"
Line = Sequence[str | None]  # one CSV line: None is an empty field (no property)
SCHEMA_FILE = "schema.cypher"


def _name(name: str, kind: q.NameKind) -> str:
    """A label or type that passed the ontology allow-list (unquoted, as CSV wants it)."""
    q.quote_name(name, kind)
    return name


class _Writer:
    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        self.multiline = False

    def array(self, values: Iterable[Any], column: str) -> str | None:
        out = []
        for v in values:
            s = _scalar(v)
            if self.delimiter in s:
                raise SinkError(
                    f"a value in {column} contains the array delimiter {self.delimiter!r} ({s[:60]!r}); "
                    "leave array_delimiter unset (graphbuild then picks one no value contains) or "
                    "choose another one")
            out.append(s)
        if not out:
            return None  # no property, as the loader's empty list reads back
        joined = self.delimiter.join(out)
        if "\n" in joined or "\r" in joined:
            self.multiline = True
        return joined  # "" stays: an array of one empty string

    def text(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        s = _scalar(value)
        if "\n" in s or "\r" in s:
            self.multiline = True
        return s


def _scalar(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _document_lines(kg: KnowledgeGraph, w: _Writer) -> Iterator[Line]:
    referenced = {r.evidence.doc_id for r in kg.relations.values()}
    label = _name(q.DOCUMENT, "label")
    for row in document_rows(kg, referenced):
        p = row["props"]
        yield [row["id"], label, *(w.text(p.get(k)) for k in ("title", "url", "published", "source",
                                                               "outlet", "content_hash"))]


def _entity_lines(kg: KnowledgeGraph, w: _Writer) -> Iterator[Line]:
    entity = _name(q.ENTITY, "label")
    for etype, rows in sorted(entity_rows(kg).items()):
        # several labels are separated by the array delimiter too
        labels = w.delimiter.join((entity, _name(etype.value, "label")))
        for row in rows:
            yield [row["id"], labels, w.text(row["name"]), row["type"],
                   w.array(row["aliases"], "aliases"), w.text(row["qid"])]


def _mention_lines(kg: KnowledgeGraph) -> Iterator[Line]:
    mentions = _name(q.MENTIONS, "relationship type")
    for row in mention_rows(kg, {}):
        yield [row["doc"], row["entity"], mentions]


def _relation_lines(rows: dict[Predicate, list[dict[str, Any]]], w: _Writer, counts: dict[str, int]) -> Iterator[Line]:
    for predicate, type_rows in sorted(rows.items()):
        rtype = _name(upper_snake(Predicate(predicate).value), "relationship type")
        for row in type_rows:
            counts["edges"] += 1
            p = row["props"]
            yield [row["subject"], row["object"], rtype, row["key"], _scalar(row["negated"]),
                   w.array(p["sources"], "sources"), str(p["count"]), str(p["sentences"]),
                   repr(p["confidence"]), w.text(p["verb"]), w.text(p["role"]),
                   w.text(p["first_date"]), w.text(p["last_date"])]


def _evidence_lines(rows: dict[Predicate, list[dict[str, Any]]], w: _Writer, counts: dict[str, int]) -> Iterator[Line]:
    label = _name(q.EVIDENCE, "label")
    for _, type_rows in sorted(rows.items()):
        for row in type_rows:
            for ev in row["evidence"]:
                counts["evidence"] += 1
                yield [ev["key"], label, row["key"], ev["doc"], w.text(ev["text"]), str(ev["start"]), str(ev["end"]),
                       repr(ev["confidence"]), *(w.text(ev.get(c)) for c in ("time", "date_start", "date_end",
                                                                              "published")),
                       None if ev.get("amount") is None else repr(ev["amount"]), w.text(ev.get("currency"))]


def _field(value: str | None) -> str:
    """A CSV field: None is left empty (no property), any other value is quoted, so an empty
    string or an array of empty strings ("no stated time") survives the import."""
    if value is None:
        return ""
    return '"' + value.replace('"', '""') + '"'


def _write_csv(fh: IO[str], header: Sequence[str], lines: Iterable[Line]) -> int:
    n = 0
    fh.write(",".join(_field(h) for h in header) + "\n")
    for line in lines:
        fh.write(",".join(_field(v) for v in line) + "\n")
        n += 1
    return n


def _delimiter_option(d: str) -> str:
    if d == "\t":
        return "TAB"
    if d.isprintable() and not d.isspace():
        return d
    return f"U+{ord(d):04X}"


def import_command(out_dir: str | Path, database: str = "neo4j", array_delimiter: str = ";",
                   multiline: bool = False) -> list[str]:
    """The ``neo4j-admin database import full`` command line for the files in ``out_dir``."""
    d = Path(out_dir)
    cmd = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination=true",
           f"--nodes={d / 'documents.csv'}", f"--nodes={d / 'entities.csv'}", f"--nodes={d / 'evidence.csv'}",
           f"--relationships={d / 'mentions.csv'}", f"--relationships={d / 'relations.csv'}"]
    if array_delimiter != ";":
        cmd.append(f"--array-delimiter={_delimiter_option(array_delimiter)}")
    if multiline:
        cmd.append("--multiline-fields=true")
    return cmd


DEFAULT_DELIMITER, FALLBACK_DELIMITER = ";", "\x1f"


def choose_delimiter(kg: KnowledgeGraph) -> str:
    """``;`` unless a value that goes into an array contains one (then U+001F)."""
    texts = [a for e in kg.entities.values() for a in (e.name, *e.aliases)]
    texts += [r.evidence.doc_id for r in kg.relations.values()]
    return FALLBACK_DELIMITER if any(DEFAULT_DELIMITER in t for t in texts) else DEFAULT_DELIMITER


def write_neo4j_admin(kg: KnowledgeGraph, out_dir: str | Path, *, array_delimiter: str | None = None,
                      database: str = "neo4j") -> WriteReport:
    """Write the graph as neo4j-admin import CSV files into ``out_dir`` (created if missing).

    ``array_delimiter`` None picks ``;`` or, when a value contains one, U+001F. Returns a
    :class:`WriteReport` whose notes hold the edge count, the delimiter and the import command.
    Raises :class:`SinkError` when a relation end has no entity, a value contains an explicitly
    chosen delimiter, or the files cannot be written.
    """
    started = time.perf_counter()
    if array_delimiter is None:
        array_delimiter = choose_delimiter(kg)
    if len(array_delimiter) != 1 or array_delimiter in '"\n\r,':
        raise SinkError(f"the array delimiter must be one character other than quote, comma or newline, "
                        f"not {array_delimiter!r}")
    missing = sorted({i for r in kg.relations.values() for i in (r.subject, r.object)} - set(kg.entities))
    if missing:
        raise SinkError(f"{len(missing)} relation end(s) have no entity record (first: {missing[0]!r}); "
                        "export the entities with their relations")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        w = _Writer(array_delimiter)
        counts = {"edges": 0, "evidence": 0}
        edges = relation_rows(kg)
        # Each file is written under a temporary name and renamed into place once every file
        # is complete: a failure (a bad value, a full disk, Ctrl-C) leaves the previous files.
        with contextlib.ExitStack() as files:
            def create(name: str) -> IO[str]:
                return files.enter_context(atomic_output(out / name, "w"))

            n_docs = _write_csv(create("documents.csv"), DOCUMENT_HEADER, _document_lines(kg, w))
            n_ents = _write_csv(create("entities.csv"), ENTITY_HEADER, _entity_lines(kg, w))
            n_mentions = _write_csv(create("mentions.csv"), MENTION_HEADER, _mention_lines(kg))
            _write_csv(create("evidence.csv"), EVIDENCE_HEADER, _evidence_lines(edges, w, counts))
            _write_csv(create("relations.csv"), RELATION_HEADER, _relation_lines(edges, w, counts))
            cmd = import_command(".", database, array_delimiter, w.multiline)
            create(IMPORT_SCRIPT).write(
                "#!/bin/sh\n# Bulk import into an EMPTY (or replaced) database; stop the database first.\n"
                "# Then create the constraints and indexes: cypher-shell -d " + shlex.quote(database)
                + " -f " + SCHEMA_FILE + "\nset -e\ncd \"$(dirname \"$0\")\"\n"
                + " ".join(shlex.quote(c) for c in cmd[:5]) + "".join(f" \\\n  {shlex.quote(c)}" for c in cmd[5:])
                + "\n")
            create(SCHEMA_FILE).write("".join(s + ";\n" for s in q.schema_statements()))
        (out / IMPORT_SCRIPT).chmod(0o755)
    except OSError as exc:
        raise SinkError(f"cannot write neo4j-admin files to {out}: {exc}") from exc
    report = WriteReport(sink="neo4j-admin", documents=n_docs, entities=n_ents, relations=len(kg.relations))
    report.notes.append(f"{counts['edges']} edges, {counts['evidence']} evidence sentences, {n_mentions} mentions")
    report.notes.append(f"array delimiter {_delimiter_option(array_delimiter)}")
    report.notes.append("import: " + " ".join(shlex.quote(c) for c in import_command(out, database, array_delimiter,
                                                                                       w.multiline)))
    report.seconds = time.perf_counter() - started
    return report


class Neo4jAdminSink:
    """The neo4j-admin import files as a :class:`graphbuild.sinks.base.Sink`: ``write``
    collects resolved DocumentGraphs, ``close`` writes the folder (the array delimiter depends
    on every value, so nothing is written before); ``report`` then holds what
    :func:`write_neo4j_admin` reported."""

    def __init__(self, out_dir: str | Path, *, array_delimiter: str | None = None,
                 database: str = "neo4j") -> None:
        self.out_dir = Path(out_dir)
        self.array_delimiter = array_delimiter
        self.database = database
        self.graph = KnowledgeGraph()
        self.report: WriteReport | None = None

    def __enter__(self) -> Neo4jAdminSink:
        return self

    def __exit__(self, *exc: object) -> None:
        if not exc or exc[0] is None:  # after an error, no half-collected graph is written
            self.close()

    def write(self, graphs: Iterable[DocumentGraph], /) -> WriteReport:
        started = time.perf_counter()
        report = WriteReport(sink="neo4j-admin")
        for dg in graphs:
            self.graph.add(dg)
            report.documents += 1
            report.relations += len(dg.relations)
        report.seconds = time.perf_counter() - started
        return report

    def close(self) -> None:
        if self.report is None:
            self.report = write_neo4j_admin(self.graph, self.out_dir, array_delimiter=self.array_delimiter,
                                            database=self.database)
