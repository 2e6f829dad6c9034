"""The filters of the browse pages, read from the URL: predicate group, date window, source,
minimum confidence and denials only.

The values are parsed and checked with the code of ``graphbuild viz`` and ``--since/--until``
(:class:`graphbuild.viz.filters.Selection`, :func:`graphbuild.model.facts.window_bounds`), then
bound as SPARQL terms (:meth:`ViewFilter.bindings`); the drawing applies the same filters to the
graph in memory (:meth:`ViewFilter.apply`). A filtered view is a link: its state lives in the
query string (:meth:`ViewFilter.query`).

>>> view = ViewFilter.from_params({"predicates": ["commercial"], "since": ["2018"], "negated": ["1"]})
>>> view.query()
'?predicates=commercial&since=2018&negated=1'
>>> view.describe()
'held from 2018; predicates contractedWith, funded, partneredWith, pitched, supplied; denials only'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from graphbuild.errors import ConfigError
from graphbuild.model.facts import window_bounds
from graphbuild.viz.filters import Selection

if TYPE_CHECKING:
    from graphbuild.model.graph import KnowledgeGraph

# the query-string names, in the order a link spells them
FIELDS = ("predicates", "since", "until", "source", "min_confidence", "negated")
_MAX_VALUE_CHARS = 200
GB = "https://w3id.org/graphbuild/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """Which assertions a page shows (all of them when nothing is set)."""

    predicates: str = ""  # a group (commercial) or predicate names, as the URL gave them
    since: str = ""
    until: str = ""
    source: str = ""
    min_confidence: str = ""
    negated: bool = False
    selection: Selection = field(default_factory=Selection, compare=False)
    window: tuple[str, str] = ("", "")  # first and last day of since/until ("" = open)

    @classmethod
    def from_params(cls, params: dict[str, list[str]]) -> ViewFilter:
        """The filter of a request; a value that does not parse is a :class:`ConfigError` whose
        message names the field and what it takes."""
        values = {name: (params.get(name) or [""])[0].strip() for name in FIELDS}
        for name, value in values.items():
            if len(value) > _MAX_VALUE_CHARS:
                raise ConfigError(f"{name}: at most {_MAX_VALUE_CHARS} characters")
        confidence = None
        if values["min_confidence"]:
            try:
                confidence = float(values["min_confidence"])
            except ValueError:
                confidence = math.nan
            if not 0.0 <= confidence <= 1.0:  # NaN fails too
                raise ConfigError(f"min_confidence is a number between 0 and 1, not {values['min_confidence']!r}")
        negated = values["negated"].lower() in ("1", "on", "true", "yes")
        if values["negated"] and not negated and values["negated"].lower() not in ("0", "off", "false", "no"):
            raise ConfigError(f"negated is 1 or 0, not {values['negated']!r}")
        for name in ("since", "until"):
            if values[name]:
                try:
                    window_bounds(**{name: values[name]})
                except ConfigError:
                    raise ConfigError(f"{name} takes a date: 2018, 2018-06 or 2018-06-15 "
                                      f"(not {values[name]!r})") from None
        window = window_bounds(values["since"], values["until"]) if values["since"] or values["until"] else ("", "")
        if window[0] and window[1] and window[0] > window[1]:
            raise ConfigError(f"since ({values['since']}) is after until ({values['until']})")
        selection = Selection.parse(values["predicates"] or None, None, confidence, negated, values["source"])
        return cls(values["predicates"], values["since"], values["until"], values["source"],
                   values["min_confidence"] if confidence else "", negated, selection, window)

    @property
    def active(self) -> bool:
        return bool(self.since or self.until) or self.selection.active

    def params(self) -> dict[str, str]:
        """The set fields, as a query string spells them."""
        values = {"predicates": self.predicates, "since": self.since, "until": self.until,
                  "source": self.source, "min_confidence": self.min_confidence,
                  "negated": "1" if self.negated else ""}
        return {k: v for k, v in values.items() if v}

    def query(self) -> str:
        """``?predicates=...`` to append to a link ("" when nothing is filtered)."""
        params = self.params()
        return "?" + urlencode(params) if params else ""

    def describe(self) -> str:
        """The filters in words ("" when none)."""
        held = ""
        if self.since or self.until:
            held = "held " + " ".join(p for p in (f"from {self.since}" if self.since else "",
                                                  f"until {self.until}" if self.until else "") if p)
        return "; ".join(p for p in (held, self.selection.describe()) if p)

    def kinds(self) -> frozenset[str]:
        """The kinds of filter in use (:data:`graphbuild.serve.ui.queries.FILTER_KINDS`): the
        query text is chosen by them, the values are :meth:`bindings`."""
        sel = self.selection
        return frozenset(k for k, on in (("predicates", bool(sel.predicates)), ("window", bool(self.since or self.until)),
                                         ("source", bool(sel.source)), ("confidence", sel.min_confidence > 0),
                                         ("negated", sel.negated_only)) if on)

    def bindings(self) -> dict[str, tuple[str, str]]:
        """The values of the filters in use, as terms for the variables of their query parts."""
        from graphbuild.model.facts import BEGINNING, END

        kinds, out = self.kinds(), {}
        if "predicates" in kinds:
            out["predicates"] = ("literal", " " + " ".join(GB + p for p in sorted(self.selection.predicates)) + " ")
        if "window" in kinds:
            out["since"] = ("literal", self.window[0] or BEGINNING)
            out["until"] = ("literal", self.window[1] or END)
        if "source" in kinds:
            out["source"] = ("literal", self.selection.source.lower())
        if "confidence" in kinds:
            out["minConfidence"] = (XSD + "decimal", f"{self.selection.min_confidence:.6f}")
        return out

    def apply(self, kg: KnowledgeGraph) -> KnowledgeGraph:
        """The graph with the assertions this filter keeps (what ``viz --since --until
        --predicates --min-confidence --negated-only`` draws)."""
        from graphbuild.model.facts import filter_graph

        return self.selection.apply(filter_graph(kg, self.since, self.until))
