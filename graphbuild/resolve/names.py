"""Name forms used to decide that two mentions of one article name the same entity.

Pure string functions; no spaCy. Keys are built on :func:`graphbuild.model.ids.normalize_name`;
the display name and lookup keys of an entity are :mod:`graphbuild.model.names`.
"""

from __future__ import annotations

import re

from graphbuild.model.ids import normalize_name

# the display and key forms of a name live with the records (graphbuild.model.names);
# re-exported here, where the resolver's other name forms are
from graphbuild.model.names import company_key as company_key
from graphbuild.model.names import is_proper_name as is_proper_name
from graphbuild.nlp.typing import LEGAL_SUFFIXES
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import load_wordlists

_COUNTRY_PREFIX = re.compile(r"^(us|u s|united states|usa)\s+")
_INVERTIBLE = ("department", "ministry")
_SKIP_INITIAL = frozenset({"and", "of", "the", "for", "on", "in", "&"})
_ACRONYM = re.compile(r"^[A-Z][A-Z&]*(?:-[A-Z]+)?[A-Z]$")
_ORGS = frozenset({EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION})
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


def is_acronym(name: str) -> bool:
    """One upper-case token: "SEC", "IRS-CI", "U.N." (not "U.S." alone, a country).

    >>> [is_acronym(n) for n in ("SEC", "IRS-CI", "U.N.", "Sec", "Forex", "U.S.")]
    [True, True, True, False, False, False]
    """
    token = name.strip().replace(".", "").rstrip("\u2019'").removesuffix("\u2019s").removesuffix("'s")
    return bool(_ACRONYM.match(token)) and without_country(token.lower() + " x") != "x"


def _parents(name: str) -> set[str]:
    """Normalised words of the acronyms in a name ("FBI's New York Field Office" -> {"fbi"})."""
    out: set[str] = set()
    for token in name.split():
        t = token.strip(",;:()\u201c\u201d\"")
        if is_acronym(t):
            out.update(normalize_name(t).split())
    return out


def is_generic_unit(name: str) -> bool:
    """A unit of an organisation named without the organisation: it names a different body in
    every article that does not say whose unit it is, so it is no key across articles.

    The name is made only of the ``unit_head`` and ``unit_word`` lists of
    ``ontology/wordlists.tsv`` ("Division of Enforcement", "the Office of Inspector General",
    "U.S. Attorney's Office", "U.S. District Court"), a place before a ``unit_place`` word
    being no name of the parent ("Cincinnati Field Office"); or it is a bare head after the
    parent's acronym ("CFTC's Division", "DOD Office"), which does not say which unit.

    >>> [is_generic_unit(n) for n in ("Division of Enforcement", "CFTC's Division of Enforcement",
    ...  "U.S. District Court", "Boston Regional Office", "SEC's Boston Regional Office",
    ...  "CFTC's Division", "Congressional Research Service")]
    [True, False, True, True, False, True, False]
    """
    heads, words = load_wordlists().get("unit_head"), load_wordlists().get("unit_word")
    places = load_wordlists().get("unit_place")
    parents = _parents(name)
    content = [w for w in without_country(normalize_name(name)).split()
               if w not in _SKIP_INITIAL and w not in parents]
    known = heads | words | places
    for i in [i for i, w in enumerate(content) if w in places]:
        j = i
        while j > 0 and content[j - 1] not in known:
            j -= 1
        content[j:i] = [""] * (i - j)  # the place is not the parent
    content = [w for w in content if w]
    if not content or not all(w in known for w in content) or not any(w in heads for w in content):
        return False
    return not parents or all(w in heads for w in content)


def could_shorten(short: str, full: str) -> bool:
    """Whether ``short`` can be a short form of ``full``: it shares the start of a word with it
    ("Tera" / "TeraExchange LLC", "Shiera" / "Abraham Jose Shiera Bastidas") or spells its
    initials ("CTAs" / "Commodity Trading Advisors", "SpOC" / "Space Operations Command").
    A word that does neither ("Accounting" after "Orthofix", "India" after "Beam Global") is
    another thing named beside it, not a short form.

    >>> could_shorten("Tera", "TeraExchange LLC"), could_shorten("CTAs", "Commodity Trading Advisors")
    (True, True)
    >>> could_shorten("Accounting", "Orthofix")
    False
    """
    sw = [w for w in re.split(r"[^\w]+", short.lower()) if w]
    fw = [w for w in re.split(r"[^\w]+", full.lower()) if w]
    if not sw or not fw:
        return True
    for w in sw:
        for v in fw:
            if (min(len(w), len(v)) >= 3 and w[:3] == v[:3]) or v.startswith(w) or w.startswith(v):
                return True
    flat = "".join(sw)
    caps = "".join(c for c in short if c.isupper()).lower()
    inits = {"".join(v[0] for v in fw), "".join(v[0] for v in fw if v not in _SKIP_INITIAL)}
    return any(i.startswith(flat) or flat in i or (len(caps) >= 2 and caps in i) for i in inits)


def is_unit_name(name: str) -> bool:
    """A name headed by a unit word ("Fraud Section", "Criminal Division", "Office of ...").

    >>> is_unit_name("Fraud Section"), is_unit_name("Office of Foreign Assets Control"), is_unit_name("FBI")
    (True, True, False)
    """
    words = [w for w in normalize_name(name).split() if w not in _SKIP_INITIAL]
    heads = load_wordlists().get("unit_head")
    return len(words) > 1 and (words[0] in heads or words[-1] in heads)


def is_bare_unit(name: str) -> bool:
    """A unit's head alone, which does not say which unit: "Division", "the Office".

    >>> is_bare_unit("Division"), is_bare_unit("Division of Enforcement")
    (True, False)
    """
    words = [w for w in normalize_name(name).split() if w not in _SKIP_INITIAL]
    return bool(words) and all(w in load_wordlists().get("unit_head") for w in words)


def is_local_name(name: str, etype: EntityType) -> bool:
    """A proper name that still does not tell one thing from another across articles: a unit
    named without its organisation (:func:`is_generic_unit`), a person's surname alone
    ("Harrow" is whichever Harrow the article named in full), a nationality word, a role
    capitalised as a defined term ("Defendants").

    >>> is_local_name("Harrow", EntityType.PERSON), is_local_name("John Harrow", EntityType.PERSON)
    (True, False)
    >>> is_local_name("the Department", EntityType.GOVERNMENT_BODY)
    True
    """
    if is_nationality(name) or is_role_term(name):
        return True
    if etype is EntityType.PERSON:
        return len(normalize_name(name).split()) < 2
    return etype in _ORGS and is_generic_unit(name)


def is_nationality(name: str) -> bool:
    """A nationality word alone ("Mexican", "the Chinese", "U.S."): no one entity's name.

    >>> is_nationality("Mexican"), is_nationality("Mexican Petroleum Institute")
    (True, False)
    """
    norm = normalize_name(name).removeprefix("the ")
    return bool(norm) and (norm in load_wordlists().get("nationality") or without_country(norm + " x") == "x")


def is_role_term(name: str) -> bool:
    """A capitalised role of a legal document ("Defendants", "Relief Defendants"), no name.

    >>> is_role_term("Defendants"), is_role_term("the Respondents"), is_role_term("Defendant Corp.")
    (True, True, False)
    """
    norm = normalize_name(name)
    return norm in load_wordlists().get("role_term") or norm.removeprefix("the ") in load_wordlists().get("role_term")


def foreign_form(name: str) -> bool:
    """A name that starts with a nationality word ("Mexican Department of Agriculture"): when
    the gazetteer entry it matched does not carry that word, it is another country's body.

    >>> foreign_form("Mexican Department of Agriculture"), foreign_form("Department of Agriculture")
    (True, False)
    """
    words = normalize_name(name).split()
    nationality = load_wordlists().get("nationality")
    return len(words) > 1 and (words[0] in nationality or " ".join(words[:2]) in nationality)
