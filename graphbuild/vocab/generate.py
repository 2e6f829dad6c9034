"""Generate ``graphbuild/vocab/terms.py`` from the ontology.

Run ``python -m graphbuild.vocab.generate`` after editing ``ontology/graphbuild.ttl``;
``tests/unit/test_vocab.py`` fails while the generated module is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphbuild.vocab.ontology import load_ontology, upper_snake

TERMS_PATH = Path(__file__).with_name("terms.py")


def render_terms_module() -> str:
    onto = load_ontology()
    lines = [
        '"""Closed vocabularies generated from ontology/graphbuild.ttl. Do not edit by hand.',
        "",
        "Regenerate with ``python -m graphbuild.vocab.generate``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from enum import Enum",
        "",
        "",
        "class EntityType(str, Enum):",
        '    """Entity classes of the ontology."""',
        "",
    ]
    for c in onto.classes:
        lines.append(f'    {upper_snake(c.name)} = "{c.name}"')
    lines += ["", "", "class Predicate(str, Enum):", '    """Relation predicates of the ontology."""', ""]
    for p in onto.predicates:
        lines.append(f'    {upper_snake(p.name)} = "{p.name}"')
    lines += [
        "",
        "    @property",
        "    def symmetric(self) -> bool:",
        "        return self in SYMMETRIC",
        "",
        "    @property",
        "    def group(self) -> str:",
        "        return GROUPS[self]",
        "",
        "",
        "SYMMETRIC: frozenset[Predicate] = frozenset({",
    ]
    for p in onto.predicates:
        if p.symmetric:
            lines.append(f"    Predicate.{upper_snake(p.name)},")
    lines += ["})", "", "GROUPS: dict[Predicate, str] = {"]
    for p in onto.predicates:
        lines.append(f'    Predicate.{upper_snake(p.name)}: "{p.group}",')
    lines += ["}", ""]
    return "\n".join(lines)


def main() -> int:
    TERMS_PATH.write_text(render_terms_module(), encoding="utf-8")
    print(f"wrote {TERMS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
