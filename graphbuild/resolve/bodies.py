"""Mentions that a gazetteer match or a capital letter would make into the wrong entity: a body
the text names under another owner or place, a company the text names at greater length, an
acronym spelled out as another name, and common terms that the article writes in lower case.

Pure functions over a document's text and its mentions, used by
:func:`graphbuild.resolve.document.resolve_entities` before mentions are clustered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from graphbuild.model.ids import normalize_name
from graphbuild.model.records import Mention, MentionKind
from graphbuild.nlp.gazetteer import Gazetteer, GazetteerEntry
from graphbuild.nlp.typing import ORG_TYPES
from graphbuild.resolve.names import (
    acronym_matches,
    company_key,
    foreign_form,
    is_acronym,
    is_bare_unit,
    is_generic_unit,
    is_nationality,
    is_unit_name,
    without_country,
)
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import load_wordlists

_ORG = ORG_TYPES
# what opens a parenthesis after a name: "Name (", "Name (the", "Name (\u201c"
PAREN_OPEN = re.compile(r"\s*\(\s*(?:the\s+)?[\"\u201c]?\Z")
# "X's <body>": the owner's last word and the possessive
_OWNER = re.compile(r"(\S*\w)(?:\u2019s|'s|\u2019|')\s\Z")
# a country's own name right before a body ("the U.S. Department", "United States Department")
_COUNTRY_END = re.compile(r"(?:United States|U\.\s?S\.|USA|US)\s\Z")
# capitalised words and a legal form after a company's name: " Bank, N.A."
_NAME_TAIL = re.compile(r"(?: (?!(?:and|of)\b)[A-Z][\w&'\u2019-]*){1,4},? (?:[A-Z][A-Za-z]*\.?)+(?:[A-Z]\.)*(?=[\s,;:)]|\Z)")
# " of the " between a unit and its organisation
OF_JOIN = re.compile(r" (?:of|for) (?:the )?")


def family(t: EntityType) -> str:
    """Organisations are one family (a company, agency or group may be named alike)."""
    return "org" if t in _ORG else t.value


def common_terms(text: str, name: str, aliases: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Names that the article itself writes in lower case are common terms, not names of one
    thing ("Forex" beside "forex", "Judicial" beside "judicial", an "RFED" the article spells
    out as "retail foreign exchange dealer"): a term loses its capitals as a display name (so it
    never merges across articles) and is no alias.

    >>> common_terms("Forex Fraud. Beware of forex scams.", "Forex", ())
    ('forex', ())
    >>> common_terms("Kestrel Labs sued. Kestrel won.", "Kestrel", ("Kestrel Labs",))
    ('Kestrel', ('Kestrel Labs',))
    """
    def term(form: str) -> bool:
        if is_acronym(form):
            spelled = re.search(r"\b([a-z][a-z-]*(?: [a-z][a-z-]*){1,7}) \(\s*" + re.escape(form) + r"s?\s*\)", text)
            return spelled is not None and acronym_matches(form, " ".join(spelled.group(1).split()[-len(form):]))
        lower = form.lower()
        if lower == form or not form[:1].isupper() or lower not in text:
            return False
        return re.search(r"(?<![\w-])" + re.escape(lower) + r"(?![\w-])", text) is not None
    if term(name):
        return name.lower(), tuple(a for a in aliases if not term(a))
    return name, tuple(a for a in aliases if not term(a))


def other_bodies(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """Mentions matched to a government body of the gazetteer that the text shows to be another
    body of the same name lose that match and are named with what tells them apart:

    * a place or nationality before it ("Mexican Department of Agriculture", "the Nevada
      Department of Transportation" found as the USDA's or DOT's "Department of ...");
    * an owner that is no government body of the gazetteer ("Société Générale's Treasury
      Department", "the FBI Washington Field Office's Criminal Division", "California's
      Department of Education").

    The span is kept (relations find their arguments by it); its short form in parentheses
    ("(CDE)") and the later uses of that short form lose the match too."""
    ms = sorted(mentions, key=lambda m: (m.start, m.end))
    # one mention per end and start, the one linked to the gazetteer when there is one (the
    # same span may come twice, once as a relation's argument without its link)
    ending: dict[int, Mention] = {}
    starting: dict[int, Mention] = {}
    for m in ms:
        for at, seen in ((m.end, ending), (m.start, starting)):
            if at not in seen or (m.kb_id and not seen[at].kb_id) or len(m.text) > len(seen[at].text):
                seen[at] = m
    starting_at: dict[int, list[Mention]] = {}
    for m in ms:
        starting_at.setdefault(m.start, []).append(m)
    dropped: dict[str, set[str]] = {}  # gazetteer id -> short forms that name another body
    named: dict[tuple[int, int], str] = {}  # span -> the name that tells it apart
    spelled_otherwise: dict[tuple[str, str], bool] = {}
    for i, m in enumerate(ms):
        entry = gaz.by_id.get(m.kb_id) if m.kb_id and not m.kb_id.startswith("@") else None
        if entry is None or entry.type not in _ORG:
            continue
        if m.kind is MentionKind.ACRONYM:
            key = (m.text, m.kb_id)  # an article names the same acronym many times
            if key not in spelled_otherwise:
                spelled_otherwise[key] = _spelled_out_otherwise(text, m.text, entry)
            if spelled_otherwise[key]:
                dropped.setdefault(m.kb_id, set()).add(normalize_name(m.text))
            continue
        if entry.type is EntityType.ORGANIZATION:
            continue
        name = (_another_company(text, m) if entry.type is EntityType.COMPANY
                else _another_body(text, m, entry, ending, starting, gaz))
        if name is None:
            continue
        named[(m.start, m.end)] = name
        nxt = next((x.start for x in ms[i + 1:] if x.start >= m.end), -1)
        for n in starting_at.get(nxt, ()):
            if n.kb_id == m.kb_id and PAREN_OPEN.match(text, m.end, n.start):
                dropped.setdefault(m.kb_id, set()).add(normalize_name(n.text))
    if not named and not dropped:
        return list(mentions)
    out = []
    for m in mentions:
        if (m.start, m.end) in named:
            m = replace(m, text=named[(m.start, m.end)], kb_id="")
        elif normalize_name(m.text) in dropped.get(m.kb_id, ()):
            m = replace(m, kb_id="")
        out.append(m)
    # "The Department ..." resolved to the entry through a mention that names another body has
    # no name of the entry left in the article to stand for
    named_kb = {m.kb_id for m in out if m.kb_id and m.kind in (MentionKind.NAME, MentionKind.ACRONYM)}
    return [replace(m, kb_id="") if m.kb_id in gaz.by_id and m.kb_id not in named_kb else m for m in out]


def _another_body(text: str, m: Mention, entry: GazetteerEntry, ending: dict[int, Mention],
                  starting: dict[int, Mention], gaz: Gazetteer) -> str | None:
    """The name of the other body ``m`` stands for, or None when it is the entry's."""
    names = {without_country(normalize_name(n)) for n in entry.names}
    norm = without_country(normalize_name(m.text))
    if norm not in names and (foreign_form(m.text) or any(norm.endswith(" " + n) for n in names)):
        return m.text  # the span itself carries the other place: "Mexican Department of Agriculture"
    before = text[max(0, m.start - 80):m.start]
    owner = _OWNER.search(before)
    if owner is not None:
        p = ending.get(m.start - len(owner.group(0)) + len(owner.group(1)))
        label = p.text if p is not None else owner.group(1)
        if p is not None and p.kb_id.startswith("@"):  # "the company's": whose, said earlier
            p = starting.get(int(p.kb_id[1:])) if p.kb_id[1:].isdigit() else None
            if p is None:
                return None
            label = p.text
        known = gaz.by_id.get(p.kb_id) if p is not None and p.kb_id and not p.kb_id.startswith("@") else None
        if known is not None and known.type in (EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION):
            return None
        located = (p is not None and p.type is EntityType.LOCATION) or is_nationality(label)
        if located and (not _national(entry) or _COUNTRY_END.search(label + " ")):
            return None  # "the United Kingdom's Serious Fraud Office" is the SFO
        return f"{label}\u2019s {m.text}"
    if norm not in names and is_generic_unit(m.text) and not is_bare_unit(m.text):
        return m.text  # "IRS-CI (Cincinnati Field Office)": one of its offices
    # "the Fraud Section of the U.S. Attorney's Office": a unit of a body the gazetteer does not know
    of = OF_JOIN.match(text, m.end, m.end + 9)
    n = starting.get(of.end()) if of is not None else None
    if (n is not None and n.kind is MentionKind.NAME and not n.kb_id and family(n.type) == "org"
            and is_unit_name(m.text)):
        return f"{m.text} of {n.text}"
    # "the Nevada Department of Transportation", "FBI's Washington Field Office Criminal
    # Division": a place before a national department, a body before a unit
    p = ending.get(m.start - 1)
    known = gaz.by_id.get(p.kb_id) if p is not None and p.kb_id else None
    if (p is not None and p.kind is MentionKind.NAME and text[p.end:m.start] == " " and not p.kb_id
            and family(p.type) == "org" and is_unit_name(m.text)):
        return f"{p.text} {m.text}"
    if (p is not None and p.kind is MentionKind.NAME and text[p.end:m.start] == " " and _national(entry)
            and (known is None or known.type is EntityType.LOCATION)
            and not _COUNTRY_END.search(text[max(0, m.start - 20):m.start]) and is_bare_unit(m.text.split()[0])):
        return f"{p.text} {m.text}"
    return None


def _spelled_out_otherwise(text: str, acronym: str, entry: GazetteerEntry) -> bool:
    """The article spells the acronym out as another name than the entry's: "Intercontinental
    Exchange (ICE)" is not U.S. Immigration and Customs Enforcement."""
    names = {without_country(normalize_name(n)) for n in entry.names}
    for found in re.finditer(r"((?:[A-Z][\w&'\u2019-]*|of|and|for|the|&)(?:\s+(?:[A-Z][\w&'\u2019-]*|of|and|for|"
                             r"the|&)){1,9})\s*\(\s*" + re.escape(acronym) + r"\s*\)", text):
        words = found.group(1).split()
        for i in range(len(words) - 1):
            spelled = " ".join(words[i:])
            if words[i][:1].isupper() and acronym_matches(acronym, spelled):
                if without_country(normalize_name(spelled)) not in names:
                    return True
                break
    return False


def _another_company(text: str, m: Mention) -> str | None:
    """A company of the gazetteer whose name the text goes on with more words and a legal form
    ("JPMorgan Chase| Bank, N.A.", "Société Générale| Acceptance N.V."): that longer company."""
    tail = _NAME_TAIL.match(text, m.end, min(len(text), m.end + 60))
    if tail is None:
        return None
    longer = m.text + tail.group(0)
    last = normalize_name(longer).split()[-1]
    formed = company_key(longer) != normalize_name(longer) or last in load_wordlists().get("legal_form")
    return longer if formed else None


def _national(entry: GazetteerEntry) -> bool:
    """A body whose name says it is the United States' ("U.S. Department of Commerce")."""
    return without_country(normalize_name(entry.name)) != normalize_name(entry.name)
