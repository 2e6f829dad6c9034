"""Review decisions: what a person decided about the machine's output, one JSON object a line.

A decision file is plain JSON lines a team keeps in git beside the store (``graph/`` ->
``graph.review.jsonl``). Every line is one :class:`Decision`: an action, its target, who decided,
when (UTC, ISO 8601) and a note. Lines are only ever appended; replaying the file in order on any
store gives the same graph, so a decision survives every rebuild. When two decisions touch the same
assertion, the later one wins.

Actions:

* ``accept`` / ``reject`` an assertion (its id, the 32-hex digest of ``gb:Assertion`` IRIs), with
  enough of its content (``match``) to find it again if its id changes (an entity it names was
  merged, its article was re-extracted);
* ``merge`` entity ``other`` into ``entity`` (a *positive* judgement, as nomenklatura calls it);
* ``split`` the name ``alias`` off ``entity`` into a new entity ``new_id`` (a *negative* judgement
  between them);
* ``rename`` (``name``) and ``retype`` (``type``) an entity;
* ``add`` a fact by hand: ``subject predicate object`` with a ``source`` URL and a quote.

Ids are deterministic: a hash of everything the line says except the id itself, so the same file
always has the same ids and a line cannot be edited without its id showing it.

>>> d = Decision.make("reject", user="ana", at="2026-01-02T03:04:05Z", assertion="ab" * 16)
>>> d.id
'd-...'
>>> Decision.model_validate_json(d.to_json()) == d
True
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from graphbuild.errors import GraphbuildError
from graphbuild.vocab.terms import EntityType, Predicate

Action = Literal["accept", "reject", "merge", "split", "rename", "retype", "add"]
ACTIONS: tuple[str, ...] = ("accept", "reject", "merge", "split", "rename", "retype", "add")
# nomenklatura's words for identity judgements, so merges and splits map onto its resolver edges
JUDGEMENTS = {"merge": "positive", "split": "negative"}
REVIEWER_ENV = "GRAPHBUILD_REVIEWER"


class ReviewError(GraphbuildError):
    """A review decision is invalid or names something the graph does not have."""


class AssertionMatch(BaseModel):
    """What identifies an assertion apart from its id: its document, sentence span, predicate,
    negation and (at decision time) its ends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    start: int
    end: int
    predicate: str
    negated: bool = False
    subject: str = ""
    object: str = ""
    sentence: str = ""


class Decision(BaseModel):
    """One review decision (one line of the decision file). Use :meth:`make` to build one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    action: Action
    user: str
    at: str
    note: str = ""
    # accept / reject
    assertion: str = ""
    match: AssertionMatch | None = None
    # merge / split / rename / retype
    entity: str = ""
    other: str = ""  # merge: the entity that disappears into ``entity``
    alias: str = ""  # split
    new_id: str = ""  # split
    name: str = ""  # rename; add: not used
    type: str = ""  # retype, split (type of the new entity)
    judgement: str = ""  # merge: positive; split: negative (nomenklatura's vocabulary)
    # add
    subject: str = ""
    predicate: str = ""
    object: str = ""
    negated: bool = False
    subject_name: str = ""
    subject_type: str = ""
    object_name: str = ""
    object_type: str = ""
    source: str = ""
    quote: str = ""
    date: str = ""
    role: str = ""
    moved: tuple[str, ...] = Field(default=())  # split: assertion ids moved at decision time

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Decision:
        need = {"accept": ("assertion",), "reject": ("assertion",), "merge": ("entity", "other"),
                "split": ("entity", "alias", "new_id", "type"), "rename": ("entity", "name"),
                "retype": ("entity", "type"),
                "add": ("subject", "predicate", "object", "source")}[self.action]
        missing = [f for f in need if not getattr(self, f)]
        if missing:
            raise ValueError(f"a {self.action} decision needs {', '.join(missing)}")
        if self.type and self.type not in {t.value for t in EntityType}:
            raise ValueError(f"{self.type!r} is not an entity class of the ontology")
        for t in (self.subject_type, self.object_type):
            if t and t not in {x.value for x in EntityType}:
                raise ValueError(f"{t!r} is not an entity class of the ontology")
        if self.predicate and self.predicate not in {p.value for p in Predicate}:
            raise ValueError(f"{self.predicate!r} is not a relation predicate of the ontology")
        if self.action == "merge" and self.entity == self.other:
            raise ValueError("an entity cannot be merged into itself")
        pending = bool(info.context and info.context.get("new"))
        if not pending and self.id != _digest(self._payload()):
            raise ValueError(f"decision id {self.id} does not match its content (was the line edited?)")
        return self

    def _payload(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"id"}, exclude_defaults=True)
        data["action"], data["user"], data["at"] = self.action, self.user, self.at
        return data

    @classmethod
    def make(cls, action: str, *, user: str = "", at: str = "", **fields: Any) -> Decision:
        """A decision with its deterministic id; ``user`` defaults to :func:`reviewer`, ``at``
        to now (UTC, seconds)."""
        if action not in ACTIONS:
            raise ReviewError(f"unknown review action {action!r}; choose one of {', '.join(ACTIONS)}")
        if action in JUDGEMENTS:
            fields.setdefault("judgement", JUDGEMENTS[action])
        data = {k: v for k, v in fields.items() if v not in (None, "", (), [])}
        data.update(action=action, user=user or reviewer(), at=at or now())
        try:
            draft = cls.model_validate({**data, "id": ""}, context={"new": True})
        except ValidationError as exc:
            raise ReviewError(_message(exc)) from None
        return draft.model_copy(update={"id": _digest(draft._payload())})

    def to_json(self) -> str:
        """The line written to the decision file (keys sorted, defaults left out)."""
        data = {"id": self.id, **self._payload()}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(payload: dict[str, Any]) -> str:
    if "moved" in payload:
        payload = {**payload, "moved": list(payload["moved"])}
    return "d-" + hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()[:16]


def _message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()))
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def now() -> str:
    """The current time as the decision file writes it: UTC, seconds, ``Z``."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def reviewer(setting: str = "") -> str:
    """Who decides: the ``reviewer`` setting, else ``$GRAPHBUILD_REVIEWER``, else the login name."""
    if setting:
        return setting
    env = os.environ.get(REVIEWER_ENV, "")
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def default_path(store: str | Path) -> Path:
    """Where the decisions of a store live by default: beside it (``graph/`` -> ``graph.review.jsonl``),
    outside the store folder, so the folder can be rebuilt or ignored by git while the file is kept."""
    p = Path(store)
    return p.parent / f"{p.name or 'graph'}.review.jsonl"


def read_decisions(path: str | Path) -> list[Decision]:
    """Every decision in the file, in order; a missing file is an empty list. A bad line fails
    with its line number (a decision silently dropped would resurrect what it removed)."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReviewError(f"cannot read the decision file {p}: {exc}") from exc
    return list(parse_decisions(lines, str(p)))


def parse_decisions(lines: Iterable[str], source: str = "<decisions>") -> Iterator[Decision]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Decision.model_validate_json(line)
        except ValidationError as exc:
            raise ReviewError(f"{source}, line {n}: {_message(exc)}") from None


def append_decision(path: str | Path, decision: Decision) -> bool:
    """Append one line (creating the file); False when a decision with this id is already there."""
    p = Path(path)
    if any(d.id == decision.id for d in read_decisions(p)):
        return False
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        with p.open("a", encoding="utf-8") as fh:
            fh.write(decision.to_json() + "\n")
    except OSError as exc:
        raise ReviewError(f"cannot write the decision file {p}: {exc}") from exc
    return True


def assertion_states(decisions: Iterable[Decision]) -> dict[str, Decision]:
    """The last accept/reject decision per assertion id."""
    out: dict[str, Decision] = {}
    for d in decisions:
        if d.action in ("accept", "reject"):
            out[d.assertion] = d
    return out
