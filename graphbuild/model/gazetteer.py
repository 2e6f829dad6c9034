"""The gazetteer of known organisations (``ontology/gazetteer.jsonl``) as records.

Read here for every stage that needs it: the NLP ruler patterns (:mod:`graphbuild.nlp.gazetteer`),
extraction and resolution.

>>> load_gazetteer().lookup("ICE").type.value
'GovernmentBody'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from graphbuild.errors import OntologyError
from graphbuild.model.ids import normalize_name
from graphbuild.vocab.ontology import GAZETTEER_FILE, ontology_path
from graphbuild.vocab.terms import EntityType


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True, eq=False)
class Gazetteer:
    """All entries; hashed by identity so per-instance indexes are cached cheaply."""

    entries: tuple[GazetteerEntry, ...]

    @property
    def by_id(self) -> dict[str, GazetteerEntry]:
        return _by_id(self)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """Entry whose name or alias equals ``name`` after normalisation (acronyms case-sensitive)."""
        return _index(self).get(normalize_name(name))


@lru_cache(maxsize=8)
def _by_id(gaz: Gazetteer) -> dict[str, GazetteerEntry]:
    return {e.id: e for e in gaz.entries}


@lru_cache(maxsize=8)
def _index(gaz: Gazetteer) -> dict[str, GazetteerEntry]:
    idx: dict[str, GazetteerEntry] = {}
    for e in gaz.entries:
        for n in e.names:
            idx.setdefault(normalize_name(n), e)
    return idx


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    path = ontology_path(GAZETTEER_FILE)
    entries = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                d = json.loads(line)
                entries.append(GazetteerEntry(d["id"], d["name"], EntityType(d["type"]),
                                              tuple(d.get("aliases", ())), d.get("qid", "") or ""))
            except (json.JSONDecodeError, KeyError, ValueError) as exc:
                raise OntologyError(f"{path}:{n}: bad gazetteer entry: {exc}") from exc
    return Gazetteer(tuple(entries))
