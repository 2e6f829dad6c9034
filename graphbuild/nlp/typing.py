"""Typing spaCy's entity labels into ontology classes, with name cues and context."""

from __future__ import annotations

import re

from graphbuild.vocab.terms import EntityType

# Name cues: a word in the name that decides the class of an ORG.
_GOV = re.compile(
    r"\b(Department|Ministry|Agency|Administration|Commission|Bureau|Office|Division|Service|Court|"
    r"Congress|Senate|Parliament|Police|Army|Navy|Air Force|Military|Government|Council|Authority|"
    r"Attorney|Prosecutor|Enforcement|Investigations|Customs|Patrol|Guard|Directorate|Secretariat|"
    r"Task Force|Field Office|Unit|Section|District|Treasury|FBI|SEC|CFTC|CFPB|FTC|DOJ|IRS)\b")
_COMPANY = re.compile(
    r"(\b(Inc|Corp|Corporation|Co|Company|Companies|LLC|L\.L\.C|Ltd|Limited|PLC|plc|AG|SA|S\.A|N\.V|"
    r"GmbH|Holdings|Group|Bank|Technologies|Systems|Airlines|Capital|Partners|Securities|"
    r"Industries|Enterprises|Motors|Labs|Pharmaceuticals)\b\.?|\.com\b)")
_ORG = re.compile(
    r"\b(University|College|Institute|Union|Association|Foundation|Society|Coalition|Alliance|"
    r"Center|Centre|Federation|League|Fund|Watch|Amnesty|Committee|Network|Project|Post|Times|"
    r"Journal|News|Beast|Tribune|Herald|Press|Reuters|Gazette)\b")

_SPACY_TO_CLASS = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.LOCATION,
    "LOC": EntityType.LOCATION,
    "FAC": EntityType.LOCATION,
    "PRODUCT": EntityType.PRODUCT,
    "WORK_OF_ART": EntityType.PRODUCT,
    "LAW": EntityType.PRODUCT,
    "EVENT": EntityType.PRODUCT,
}

ENTITY_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "WORK_OF_ART", "LAW", "EVENT"}


def classify_org_name(name: str) -> EntityType:
    """Ontology class of an organisation name from its cue words.

    >>> classify_org_name("Legg Mason Inc.").value
    'Company'
    >>> classify_org_name("Securities and Exchange Commission").value
    'GovernmentBody'
    """
    if _COMPANY.search(name):
        return EntityType.COMPANY
    if _GOV.search(name):
        return EntityType.GOVERNMENT_BODY
    if _ORG.search(name):
        return EntityType.ORGANIZATION
    return EntityType.COMPANY


def classify(label: str, name: str) -> EntityType | None:
    """Ontology class for a spaCy label and the entity text; None when it is not an entity we keep."""
    try:
        return EntityType(label)
    except ValueError:
        pass
    if label == "ORG":
        return classify_org_name(name)
    if label in _SPACY_TO_CLASS:
        if label in {"PRODUCT", "LAW", "WORK_OF_ART", "EVENT"} and _GOV.search(name):
            return EntityType.GOVERNMENT_BODY
        return _SPACY_TO_CLASS[label]
    return None
