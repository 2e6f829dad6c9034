"""User gazetteers and watch lists: entries that add to or override the shipped gazetteer.

A user gazetteer is a JSONL file in the format of ``ontology/gazetteer.jsonl``, one entry a line::

    {"id": "watch-kestrel", "name": "Kestrel Labs Inc.", "type": "Company",
     "aliases": ["Kestrel"], "qid": "Q123"}

An entry with the id of a shipped entry replaces it. During cross-article resolution an entity
of the same class that carries one of an entry's names (compared without case, punctuation and,
for companies, legal form) becomes that entry's node: it takes the entry's id, name, aliases and
QID, and the QID is written as ``owl:sameAs`` in RDF and ``qid`` in Neo4j.

:func:`convert_export` turns an export the user already has — OpenSanctions / FollowTheMoney
JSON lines, or Wikidata JSON entities (the dump format, one entity a line) — into such a file,
offline. Ids are kept: ``os/<OpenSanctions id>`` (also written as ``owl:sameAs`` to the
OpenSanctions page) and ``wd/<QID>``.

>>> rows = list(convert_export(['{"id": "NK-1", "schema": "Company", "properties": '
...     '{"name": ["Kestrel Labs Inc."], "alias": ["Kestrel"], "wikidataId": ["Q9"]}}']))
>>> rows[0]["id"], rows[0]["type"], rows[0]["qid"]
('os/NK-1', 'Company', 'Q9')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from graphbuild.errors import ConfigError
from graphbuild.model.gazetteer import load_gazetteer
from graphbuild.resolve.corpus import Curated
from graphbuild.vocab.ontology import EXPORT_TYPES_FILE, ontology_path
from graphbuild.vocab.terms import EntityType

SOURCES = ("opensanctions", "wikidata")


class GazetteerLine(BaseModel):
    """One line of a user gazetteer (untrusted input: unknown keys are refused)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    type: EntityType
    aliases: list[str] = []
    qid: str = ""


def read_gazetteer_file(path: str | Path) -> dict[str, Curated]:
    """Entries of one user gazetteer file, by id; a bad line raises :class:`ConfigError`
    naming the file and line."""
    out: dict[str, Curated] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read gazetteer {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            e = GazetteerLine.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise ConfigError(f"{path}:{n}: bad gazetteer entry ({where}: {first['msg']}); the format is "
                              "that of ontology/gazetteer.jsonl: id, name, type, aliases, qid") from exc
        if not e.id.strip() or not e.name.strip():
            raise ConfigError(f"{path}:{n}: a gazetteer entry needs a non-empty id and name")
        out[e.id] = Curated(e.name, tuple(e.aliases), e.type, e.qid)
    return out


def curated_entries(paths: Sequence[str | Path] = ()) -> dict[str, Curated]:
    """The shipped gazetteer plus the user files, later files overriding earlier entries."""
    out = {e.id: Curated(e.name, tuple(e.aliases), e.type, e.qid) for e in load_gazetteer().entries}
    for p in paths:
        out.update(read_gazetteer_file(p))
    return out


@lru_cache(maxsize=1)
def _export_types() -> dict[tuple[str, str], EntityType]:
    out = {}
    for line in ontology_path(EXPORT_TYPES_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, kind, cls = line.split("\t")
            out[(source, kind)] = EntityType(cls)
    return out


def _first(values: Any) -> str:
    return str(values[0]) if isinstance(values, list) and values else ""


def _from_opensanctions(rec: dict[str, Any]) -> dict[str, Any] | None:
    etype = _export_types().get(("opensanctions", str(rec.get("schema", ""))))
    props = rec.get("properties") or {}
    names = [str(n) for n in props.get("name", []) if n]
    if etype is None or not names or not rec.get("id"):
        return None
    aliases = [str(a) for key in ("alias", "weakAlias", "previousName") for a in props.get(key, []) if a]
    return {"id": f"os/{rec['id']}", "name": rec.get("caption") or names[0], "type": etype.value,
            "aliases": sorted(set(names + aliases) - {rec.get("caption") or names[0]}),
            "qid": _first(props.get("wikidataId"))}


def _from_wikidata(rec: dict[str, Any], default: EntityType | None, lang: str) -> dict[str, Any] | None:
    qid = str(rec.get("id", ""))
    label = ((rec.get("labels") or {}).get(lang) or {}).get("value")
    if not qid.startswith("Q") or not label:
        return None
    etype = default
    for claim in (rec.get("claims") or {}).get("P31", []):
        value = (((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value") or {})
        found = _export_types().get(("wikidata", str(value.get("id", ""))))
        if found is not None:
            etype = found
            break
    if etype is None:
        return None
    aliases = [a.get("value") for a in (rec.get("aliases") or {}).get(lang, []) if a.get("value")]
    return {"id": f"wd/{qid}", "name": label, "type": etype.value,
            "aliases": sorted(set(aliases) - {label}), "qid": qid}


def convert_export(lines: Iterable[str], source: str = "", default_type: EntityType | None = None,
                   lang: str = "en") -> Iterator[dict[str, Any]]:
    """Gazetteer rows from an OpenSanctions (FollowTheMoney) or Wikidata JSON export, one
    record a line (the Wikidata dump's surrounding ``[``, ``]`` and trailing commas are
    accepted). ``source`` is guessed per record when empty. Records whose class cannot be told
    (and no ``default_type`` is given) are left out."""
    for line in lines:
        line = line.strip().rstrip(",")
        if not line or line in ("[", "]"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"not a JSON record: {line[:80]!r} ({exc})") from exc
        if not isinstance(rec, dict):
            continue
        kind = source or ("opensanctions" if "schema" in rec else "wikidata")
        row = _from_opensanctions(rec) if kind == "opensanctions" else _from_wikidata(rec, default_type, lang)
        if row is not None:
            yield row
