"""Deterministic ids: the same input gives the same id, on every machine."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from graphbuild.model.text import clean_name
from graphbuild.vocab.terms import EntityType

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=65536)  # pure, and called for the same few names many times per article
def normalize_name(name: str) -> str:
    """Lower-case, strip accents, possessives, punctuation and a leading "the".

    >>> normalize_name("The U.S. Immigration & Customs Enforcement's")
    'us immigration customs enforcement'
    """
    s = unicodedata.normalize("NFKD", clean_name(name))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<=\w)\.(?=\w)", "", s)  # U.S. -> us
    s = _NON_WORD.sub(" ", s).replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def slug(text: str, max_len: int = 48) -> str:
    s = normalize_name(text).replace(" ", "-")
    return s[:max_len].strip("-") or "x"


def short_hash(*parts: str, n: int = 10) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:n]


def entity_id(name: str, type_: EntityType, kb_id: str = "", qid: str = "") -> str:
    """Stable entity id: gazetteer id, else Wikidata QID, else type + normalised name.

    >>> entity_id("Amazon", EntityType.COMPANY)
    'company/amazon-...'
    """
    if kb_id:
        return kb_id
    if qid:
        return f"wd/{qid}"
    norm = normalize_name(name)
    return f"{type_.value.lower()}/{slug(norm)}-{short_hash(type_.value, norm, n=8)}"


def document_id_from_path(stem: str) -> str:
    """Document ids are file stems made safe for IRIs and Neo4j ids."""
    s = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("_")
    return s or "doc"
