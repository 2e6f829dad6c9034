"""The names an entity is shown and found by: its display name among several
(:func:`canonical_name`) and the keys every name is looked up under (:func:`name_keys`, what
``skos:hiddenLabel`` holds in RDF).

Pure string functions over the word lists of ``ontology/name_words.tsv`` (read once). They sit
below every stage that names entities: resolution chooses names and keys with them, the sinks
write and read back what resolution chose, queries look names up by the same keys.

>>> "the" in name_words("determiner")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from graphbuild.errors import OntologyError
from graphbuild.model.ids import normalize_name
from graphbuild.model.records import Entity
from graphbuild.vocab.ontology import NAME_WORDS_FILE, ontology_path
from graphbuild.vocab.terms import EntityType

KINDS = ("determiner", "pronoun", "generic")


@lru_cache(maxsize=1)
def _load() -> dict[str, frozenset[str]]:
    path = ontology_path(NAME_WORDS_FILE)
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in out:
            raise OntologyError(f"{path}:{n}: expected 'kind<TAB>word' with kind one of {', '.join(KINDS)}")
        out[parts[0]].add(parts[1].strip().lower())
    return {k: frozenset(v) for k, v in out.items()}


def name_words(kind: str) -> frozenset[str]:
    """The words of one kind: ``determiner``, ``pronoun`` or ``generic``."""
    return _load()[kind]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """:func:`graphbuild.model.ids.normalize_name`, cached (the same names recur constantly)."""
    return normalize_name(name)


def name_keys(entity: Entity) -> set[str]:
    """Normalised forms of every name of an entity (what ``skos:hiddenLabel`` holds); for a
    company also each name without its legal form ("kestrel labs" for "Kestrel Labs Corp.").

    >>> sorted(name_keys(Entity("c", "Kestrel Labs Corp.", EntityType.COMPANY, ("Kestrel",))))
    ['kestrel', 'kestrel labs', 'kestrel labs corp']
    """
    names = (entity.name, *entity.aliases)
    keys = {name_key(n) for n in names}
    if entity.type is EntityType.COMPANY:
        keys |= {company_key(n) for n in names}
    keys.discard("")
    return keys


def company_key(name: str) -> str:
    """A company's normalised name without its legal form, for keys and ids: "Kestrel Labs
    Corp.", "Kestrel Labs LLC" and "Kestrel Labs" share one key.

    The legal forms are cleanco's (a maintained list of several hundred forms in many
    languages); a name that would be left with nothing, or with a generic word alone
    ("Company Ltd"), keeps its form.

    >>> company_key("Kestrel Labs Corp."), company_key("Alder Holdings, LLC")
    ('kestrel labs', 'alder holdings')
    >>> company_key("Company Ltd")
    'company ltd'
    """
    return _company_key(normalize_name(name))


@lru_cache(maxsize=1 << 16)
def _company_key(norm: str) -> str:
    from cleanco import basename

    core, prev = norm, ""
    while core != prev:  # "foo gmbh co kg": cleanco takes one form off at a time
        prev, core = core, " ".join(basename(core).split())
    if not core or core in name_words("generic") or core in name_words("determiner"):
        return norm
    return core


def is_proper_name(name: str) -> bool:
    """A name, not a description or a pronoun: "GitHub", "The Boeing Company", "Amazon
    employees" are; "the company", "The agency", "many police departments", "it" are not.

    >>> [is_proper_name(n) for n in ("GitHub", "the company", "Several lawmakers", "it")]
    [True, False, False, False]
    """
    words = name.split()
    if not words:
        return False
    first = words[0].lower().strip(".,'\u2019\"")
    if len(words) == 1 and first in name_words("pronoun"):
        return False
    if first in name_words("determiner"):
        rest = words[1:]
        # "The Boeing Company" is a name: a capitalised word follows "the"
        return first == "the" and bool(rest) and rest[0][:1].isupper()
    return words[0][:1].isupper() or words[0][:1].isdigit()


def canonical_name(names: Iterable[str], preferred: str = "") -> str:
    """The display name among ``names``: ``preferred`` (gazetteer name) when given, else the
    longest proper name (never a description or pronoun while a name exists), ties broken
    alphabetically.

    >>> canonical_name(["ICE", "Immigration and Customs Enforcement"])
    'Immigration and Customs Enforcement'
    >>> canonical_name(["GitHub", "the company"])
    'GitHub'
    """
    if preferred:
        return preferred
    ns = [n for n in names if n]
    proper = [n for n in ns if is_proper_name(n)]
    return min(proper or ns, key=lambda n: (-len(n), n)) if ns else ""
