"""Typing spaCy's entity labels into ontology classes, with name cues.

An organisation name is typed by its cue words: a legal suffix ("Inc.", "LLC", "S.A.") makes a
Company wherever it stands; otherwise the right-most cue word decides, because the head of an
English name is its last noun ("Securities and Exchange Commission" is a commission, not a
securities firm; "Bank of America" is a bank).
"""

from __future__ import annotations

import re

from graphbuild.vocab.terms import EntityType

LEGAL_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "llc", "l.l.c", "lp", "l.p", "llp", "ltd",
    "limited", "plc", "ag", "sa", "s.a", "nv", "n.v", "gmbh", "bv", "b.v", "se", "spa", "s.p.a",
    "sarl", "pte", "pty", "s.a.s", "sas", "ab", "asa", "oyj",
})

_GOV_WORDS = (
    "Department|Ministry|Agency|Administration|Commission|Board|Bureau|Office|Division|Service|Court|"
    "Congress|Senate|Parliament|Police|Army|Navy|Air Force|Marines|Military|Government|Council|"
    "Authority|Attorney|Attorney General|Prosecutor|Prosecutors|Enforcement|Investigations|"
    "Investigation|Customs|Patrol|Guard|Directorate|Secretariat|Task Force|Field Office|Unit|"
    "Section|District|Treasury|Inspector General|Sheriff|Legislature|Assembly|Cabinet|Embassy|"
    "Consulate|Corps|Command|Branch|State of|Parquet|Prosecution|Regulator|Tribunal")
_COMPANY_WORDS = (
    "Company|Companies|Holdings|Group|Bank|Bancorp|Technologies|Technology|Systems|Airlines|Airways|"
    "Capital|Partners|Securities|Industries|Enterprises|Motors|Labs|Pharmaceuticals|Financial|"
    "Commodities|Investments|Advisors|Advisers|Management|Trading|Energy|Solutions|Software|"
    "Networks|Communications|Media|Entertainment|Insurance|Brands|Stores|Services|Aerospace|"
    "Electronics|Semiconductor|Robotics|Ventures|Fund Management|Exchange|Markets|Mortgage|Lending")
_ORG_WORDS = (
    "University|College|Institute|School|Union|Association|Foundation|Society|Coalition|Alliance|"
    "Center|Centre|Federation|League|Fund|Watch|Amnesty|Committee|Network|Project|Post|Times|"
    "Journal|News|Beast|Tribune|Herald|Press|Reuters|Gazette|Magazine|Review|Party|Church|"
    "Council on|Forum|Initiative|Trust|Academy|Laboratory|Consortium|Caucus|Campaign")

_CUE = re.compile(rf"\b(?:(?P<gov>{_GOV_WORDS})|(?P<company>{_COMPANY_WORDS})|(?P<org>{_ORG_WORDS}))\b")
_LEGAL = re.compile(r"(?:^|[\s,])(?:" + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
                    + r")\.?$|\.com\b", re.IGNORECASE)
_LAW = re.compile(r"\b(Act|Acts|Law|Code|Regulation|Rule|Rules|Amendment|Treaty|Convention|Section|Sections|"
                  r"Principles|Standards)"
                  r"(\s+(of\s+)?\d{2,4}|\s+[A-Z0-9]{1,4})?$")
_LAW_START = re.compile(r"^(Section|Sections|Rule|Regulation|Title|Article)\s+[\dA-Z]")

_PRODUCT_NAME = re.compile(r"^(Operation|Project|Program|Programme)\s+[A-Z]")

_PLACE_NAME = re.compile(r"\b(Area|County|Region|Province|Prefecture|Valley|Peninsula)$")

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
    return bool(_LEGAL.search(name.strip()))


def is_law_name(name: str) -> bool:
    """Names of statutes and rules ("Foreign Corrupt Practices Act", "Regulation B") are not entities.

    >>> is_law_name("Consumer Financial Protection Act of 2010"), is_law_name("Regulation B")
    (True, True)
    >>> is_law_name("Serious Fraud Office")
    False
    """
    name = name.strip()
    return bool(_LAW.search(name) or _LAW_START.search(name))


def org_cue(name: str) -> EntityType | None:
    """Class decided by the name's cue words, or None when the name has none."""
    if has_legal_suffix(name):
        return EntityType.COMPANY
    last = None
    for m in _CUE.finditer(name):
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
    if _PRODUCT_NAME.search(name):
        return EntityType.PRODUCT
    if label == "ORG":
        if _PLACE_NAME.search(name):
            return EntityType.LOCATION
        return classify_org_name(name)
    if label in _SPACY_TO_CLASS:
        if label in {"PRODUCT", "WORK_OF_ART", "EVENT", "FAC"}:
            cue = org_cue(name)
            if cue is not None:
                return cue
        return _SPACY_TO_CLASS[label]
    return None
