"""Confidence of a relation from its evidence.

    confidence = pattern_weight(rule) * certainty(subject) * certainty(object) * length_factor

* ``pattern_weight``: how reliable the syntactic pattern is. A lexicon verb with its direct
  object (``svo`` 0.90) > a lexicon verb with a prepositional object or passive agent
  (``prep``/``passive`` 0.85) > structural patterns (possessive, compound, apposition, titles,
  "X-based": 0.80) > light verbs and nominalisations (0.75) > crediting and quoted criticism
  (0.70) > an unknown verb kept as ``other`` (0.55).
* ``certainty(mention)``: a gazetteer-linked mention 1.0; a name or acronym 0.95; a description
  ("the agency") 0.80; a pronoun 0.70; then x0.9 when the mention is a ``Group``.
* ``length_factor``: long sentences parse worse: 1.0 up to 30 tokens, falling linearly to 0.8
  at 90 tokens and beyond.

The result is rounded to three decimals and always lies in (0, 1].

>>> round(score("svo", "name", "GovernmentBody", "name", "Company", 20, True, False), 3)
0.855
"""

from __future__ import annotations

PATTERN_WEIGHT = {
    "svo": 0.90,
    "prep": 0.85,
    "passive": 0.85,
    "structure": 0.80,
    "title": 0.80,
    "located": 0.80,
    "light": 0.75,
    "nominal": 0.75,
    "credit": 0.70,
    "speech": 0.70,
    "other": 0.55,
}
KIND_CERTAINTY = {"name": 0.95, "acronym": 0.95, "description": 0.80, "pronoun": 0.70}


def family(rule: str) -> str:
    """The pattern family of a rule name such as ``"svo"`` or ``"light:have"``."""
    return rule.split(":", 1)[0]


def certainty(kind: str, label: str, linked: bool) -> float:
    c = 1.0 if linked else KIND_CERTAINTY.get(kind or "name", 0.8)
    return c * (0.9 if label == "Group" else 1.0)


def length_factor(n_tokens: int) -> float:
    if n_tokens <= 30:
        return 1.0
    return max(0.8, 1.0 - 0.2 * (n_tokens - 30) / 60)


def score(rule: str, s_kind: str, s_label: str, o_kind: str, o_label: str, n_tokens: int,
          s_linked: bool = False, o_linked: bool = False) -> float:
    w = PATTERN_WEIGHT.get(family(rule), 0.6)
    value = (w * certainty(s_kind, s_label, s_linked) * certainty(o_kind, o_label, o_linked)
             * length_factor(n_tokens))
    return round(min(1.0, max(0.001, value)), 3)
