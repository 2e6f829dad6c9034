"""Name forms used to decide that two mentions of one article name the same entity.

Pure string functions; no spaCy. Keys are built on :func:`graphbuild.model.ids.normalize_name`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphbuild.model.ids import normalize_name
from graphbuild.nlp.typing import LEGAL_SUFFIXES
from graphbuild.resolve.words import name_words

_COUNTRY_PREFIX = re.compile(r"^(us|u s|united states|usa)\s+")
_INVERTIBLE = ("department", "ministry")
_SKIP_INITIAL = frozenset({"and", "of", "the", "for", "on", "in", "&"})
_QUANTITY = re.compile(r"^((over|more than|less than|fewer than|at least|approximately|about|nearly|"
                       r"almost|some|up to|roughly)\s+)?[\d,.]+\s+|^(some|many|several|various|"
                       r"all|certain|numerous)\s+")


def without_country(norm: str) -> str:
    """"us department of justice" -> "department of justice"."""
    return _COUNTRY_PREFIX.sub("", norm)


def legal_core(name: str) -> tuple[str, str]:
    """(normalised name without its legal suffix, the suffix) - ("legg mason", "inc").

    >>> legal_core("Alder Holdings, LLC")
    ('alder holdings', 'llc')
    >>> legal_core("Walmart")
    ('walmart', '')
    """
    words = normalize_name(name).split()
    suffix: list[str] = []
    while len(words) > 1 and words[-1] in {s.replace(".", "") for s in LEGAL_SUFFIXES}:
        suffix.insert(0, words.pop())
    return " ".join(words), " ".join(suffix)


def inverted(norm: str) -> str:
    """"justice department" <-> "department of justice"; other names unchanged.

    >>> inverted("justice department"), inverted("department of state")
    ('department of justice', 'state department')
    """
    words = norm.split()
    if len(words) >= 2 and words[-1] in _INVERTIBLE and words[0] not in _INVERTIBLE:
        return f"{words[-1]} of {' '.join(words[:-1])}"
    if len(words) >= 3 and words[0] in _INVERTIBLE and words[1] == "of":
        rest = [w for w in words[2:] if w != "the"]
        return f"{' '.join(rest)} {words[0]}"
    return norm


def initials(name: str, skip_function_words: bool = True) -> str:
    """Upper-case initials of a name, "U.S." and (optionally) function words left out.

    >>> initials("U.S. Immigration and Customs Enforcement")
    'ICE'
    >>> initials("Department of Justice", skip_function_words=False)
    'DOJ'
    """
    norm = without_country(normalize_name(name))
    words = [w for w in norm.split() if not (skip_function_words and w in _SKIP_INITIAL)]
    return "".join(w[0] for w in words).upper()


def acronym_matches(acronym: str, name: str) -> bool:
    """An acronym stands for a name when it equals its initials, with or without function words.

    >>> acronym_matches("SEC", "Securities and Exchange Commission")
    True
    >>> acronym_matches("AWS", "Amazon")
    False
    """
    a = acronym.replace(".", "").upper()
    if len(a) < 2 or len(name.split()) < 2:
        return False
    return a in {initials(name), initials(name, skip_function_words=False)}


def group_core(norm: str) -> str:
    """A group's name without a leading quantity: "over 115 000 customers" -> "customers"."""
    prev = None
    while prev != norm:
        prev, norm = norm, _QUANTITY.sub("", norm)
    return norm


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
