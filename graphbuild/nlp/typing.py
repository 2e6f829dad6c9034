"""Typing spaCy's entity labels into ontology classes, with name cues.

An organisation name is typed by its cue words: a legal suffix ("Inc.", "LLC", "S.A.") makes a
Company wherever it stands; otherwise the right-most cue word decides, because the head of an
English name is its last noun ("Securities and Exchange Commission" is a commission, not a
securities firm; "Bank of America" is a bank).
"""

from __future__ import annotations

import re
from functools import cache

from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList, ordered

LEGAL_SUFFIXES = WordList("legal_form")


def _alternatives(words: tuple[str, ...]) -> str:
    """Words as regular-expression alternatives, tried in the order given."""
    return "|".join(re.escape(w) for w in words)


@cache
def _cue() -> re.Pattern[str]:
    gov, company, org = (_alternatives(ordered("gov_cue")), _alternatives(ordered("company_cue")),
                         _alternatives(ordered("org_cue")))
    return re.compile(rf"\b(?:(?P<gov>{gov})|(?P<company>{company})|(?P<org>{org}))\b")


@cache
def _legal() -> re.Pattern[str]:
    return re.compile(r"(?:^|[\s,])(?:" + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
                      + r")\.?$|\.com\b", re.IGNORECASE)


@cache
def _law() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Statute names: "<...> Act of 2010", "<...> Rules"; and "Section 30A", "Regulation B"."""
    return (re.compile(rf"\b({_alternatives(ordered('law_name_word'))})(\s+(of\s+)?\d{{2,4}}|\s+[A-Z0-9]{{1,4}})?$"),
            re.compile(rf"^({_alternatives(ordered('law_name_start'))})\s+[\dA-Z]"))


@cache
def _product_name() -> re.Pattern[str]:
    return re.compile(rf"^({_alternatives(ordered('product_name_start'))})\s+[A-Z]")


@cache
def _place_name() -> re.Pattern[str]:
    return re.compile(rf"\b({_alternatives(ordered('place_name_word'))})$")


_SPACY_TO_CLASS = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.LOCATION,
    "LOC": EntityType.LOCATION,
    "FAC": EntityType.LOCATION,
    "PRODUCT": EntityType.PRODUCT,
    "WORK_OF_ART": EntityType.PRODUCT,
    "EVENT": EntityType.PRODUCT,
}

ENTITY_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "WORK_OF_ART", "LAW", "EVENT"}
ORG_TYPES = frozenset({EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION})


def has_legal_suffix(name: str) -> bool:
    """True when the name ends in a company form ("Inc.", ", LLC", "S.A.") or is a .com name.

    >>> has_legal_suffix("Alder Holdings, LLC"), has_legal_suffix("Alder")
    (True, False)
    """
    return bool(_legal().search(name.strip()))


def is_law_name(name: str) -> bool:
    """Names of statutes and rules ("Foreign Corrupt Practices Act", "Regulation B") are not entities.

    >>> is_law_name("Consumer Financial Protection Act of 2010"), is_law_name("Regulation B")
    (True, True)
    >>> is_law_name("Serious Fraud Office")
    False
    """
    name = name.strip()
    law, law_start = _law()
    return bool(law.search(name) or law_start.search(name))


def org_cue(name: str) -> EntityType | None:
    """Class decided by the name's cue words, or None when the name has none."""
    if has_legal_suffix(name):
        return EntityType.COMPANY
    last = None
    for m in _cue().finditer(name):
        last = m
    if last is None:
        return None
    if last.group("gov"):
        return EntityType.GOVERNMENT_BODY
    if last.group("company"):
        return EntityType.COMPANY
    return EntityType.ORGANIZATION


def classify_org_name(name: str) -> EntityType:
    """Ontology class of an organisation name from its cue words (Company when there is none).

    >>> classify_org_name("Legg Mason Inc.").value
    'Company'
    >>> classify_org_name("Securities and Exchange Commission").value
    'GovernmentBody'
    >>> classify_org_name("American Civil Liberties Union").value
    'Organization'
    """
    return org_cue(name) or EntityType.COMPANY


def classify(label: str, name: str) -> EntityType | None:
    """Ontology class for a spaCy label and the entity text; None when it is not an entity we keep.

    Statutes (LAW, or names ending in "Act") and nationalities (NORP) are dropped; a PRODUCT,
    WORK_OF_ART or EVENT whose name carries an organisation cue is an organisation.
    """
    try:
        return EntityType(label)
    except ValueError:
        pass
    if label == "LAW" or (label in {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT"} and is_law_name(name)):
        return None
    if _product_name().search(name):
        return EntityType.PRODUCT
    if label == "ORG":
        if _place_name().search(name):
            return EntityType.LOCATION
        return classify_org_name(name)
    if label in _SPACY_TO_CLASS:
        if label in {"PRODUCT", "WORK_OF_ART", "EVENT", "FAC"}:
            cue = org_cue(name)
            if cue is not None:
                return cue
        return _SPACY_TO_CLASS[label]
    return None
