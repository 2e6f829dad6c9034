"""Definite descriptions and pronouns resolved to a named antecedent in the same article.

"the agency", "the company", "the Commission", "the system", "it", "its": the description noun
says which ontology classes it may refer to (``DESCRIPTION_CLASSES``); the antecedent is the
compatible name mention before it with the best score: nearer sentences first, the subject of
its sentence preferred (a name inside the subject phrase counts: "An ICE representative said"),
then the more recent; a pronoun prefers the subject of the clause that controls it ("MLCI agreed
to cooperate with the Fraud Section and to comply with its obligations": MLCI). A capitalised description ("the Commission", "the Bureau") must share its
head word with the antecedent's name and may reach back through the whole article.
"""

from __future__ import annotations

from bisect import insort

import numpy as np
from spacy.tokens import Doc, Token

from graphbuild.model.records import MentionKind
from graphbuild.nlp.spans import Cand, word_positions
from graphbuild.nlp.typing import ORG_TYPES
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordList, WordMap

G, C, ORG, P, PER = (EntityType.GOVERNMENT_BODY, EntityType.COMPANY, EntityType.ORGANIZATION,
                     EntityType.PRODUCT, EntityType.PERSON)


def _classes(value: str) -> frozenset[EntityType]:
    return frozenset(EntityType(v) for v in value.split())


# not "the government", "the administration", "the office", "the authority": too often generic
# ("has the authority to"), they would bind to the nearest agency
DESCRIPTION_CLASSES = WordMap("description_class", _classes)
PRONOUN_CLASSES = frozenset({C, G, ORG, P})
_PRONOUNS = WordList("coref_pronoun")
_PERSON_PRONOUNS = WordList("person_pronoun")
_PERSON = frozenset({PER})
_DETERMINERS = WordList("coref_determiner")
_OTHER_BODY = WordList("other_body_modifier")
_EXPLETIVE_VERBS = WordList("expletive_it_verb")  # "it is important to", "it takes"
_WINDOW = 3  # sentences back for lower-case descriptions and pronouns
# "the subsidiary" is the company introduced as one, never simply the last company named (which
# is often its parent: "Norvale's Brazilian subsidiary ... The subsidiary paid ...").
_UNIT_NOUNS = WordList("unit_description")


def description_nouns(doc: Doc) -> list[Token]:
    """Head nouns of definite descriptions: "the agency", "The Commission's", "the company"."""
    out = []
    for i in word_positions(doc, DESCRIPTION_CLASSES):
        t = doc[i]
        if t.pos_ not in {"NOUN", "PROPN"}:
            continue
        if t.dep_ == "compound" or t.tag_ in {"NNS", "NNPS"}:
            continue
        if t.i > 0 and doc[t.i - 1].lower_ in _DETERMINERS:
            out.append(t)
        elif t.i > 1 and doc[t.i - 2].lower_ in _DETERMINERS and _modifier(doc[t.i - 1]):
            out.append(t)  # "the police department", "the data company"
        elif _modified(doc, t):
            out.append(t)  # "the Seattle-based company", "the debt-laden utility"
    return out


def _modified(doc: Doc, t: Token, limit: int = 5) -> bool:
    """A determiner, then only adjectives, participles, hyphens and proper-noun modifiers up to
    the noun: "the Seattle-based company", "the embattled lender", "the state-owned bank"."""
    i = t.i - 1
    while i >= 0 and t.i - i <= limit:
        w = doc[i]
        if w.lower_ in _DETERMINERS:
            return i < t.i - 1
        if w.lower_ in _OTHER_BODY:
            return False  # "the other company", "the rival bank": another body
        if not (w.text == "-" or w.pos_ in {"ADJ", "PROPN", "ADV"} or w.tag_ == "VBN" or _modifier(w)):
            return False
        i -= 1
    return False


def _introduced_as(doc: Doc, c: Cand, noun: str) -> bool:
    """The antecedent's name stands next to ``noun``: "its subsidiary, Orbis Ltd.", "Orbis Ltd.,
    a subsidiary of ...", "the Orbis subsidiary"."""
    if noun in doc[c.start:c.end].text.lower():
        return True
    window = doc[max(0, c.start - 4):min(len(doc), c.end + 4)]
    for w in window:
        if w.lower_ != noun or c.start <= w.i < c.end:
            continue
        if any(t.head.i == w.i and t.dep_ in {"poss", "compound"} for t in doc[c.start:c.end]) \
                or any(p.dep_ == "pobj" and c.start <= p.i < c.end for x in w.children if x.lower_ == "of"
                       for p in x.children):
            continue  # "Norvale's subsidiary", "a subsidiary of Norvale": the parent
        return True
    return False


def _modifier(t: Token) -> bool:
    """A lower-case noun before a description noun that narrows it, not one that makes it
    another body ("the parent company", "a rival firm")."""
    return t.pos_ == "NOUN" and t.dep_ == "compound" and t.text.islower() and t.lower_ not in _OTHER_BODY


def pronouns(doc: Doc) -> list[Token]:
    """"it" / "its" that refer to something (not "it is important to ...")."""
    out = []
    for i in word_positions(doc, _PRONOUNS):
        t = doc[i]
        if t.lower_ == "it":
            h = t.head
            if h.lemma_ in _EXPLETIVE_VERBS and any(
                    c.dep_ in {"acomp", "attr", "ccomp", "xcomp"} for c in h.children):
                continue
            if t.dep_ not in {"nsubj", "nsubjpass", "dobj", "pobj"}:
                continue
        out.append(t)
    return out


def person_pronouns(doc: Doc) -> list[Token]:
    """"he" / "his" / "she" / "her" (a person named before: "said she had written to ...")."""
    return [doc[i] for i in word_positions(doc, _PERSON_PRONOUNS)]


def _role_bonus(doc: Doc, c: Cand, main: float = 0.0) -> float:
    """0.5 when the mention is (inside) the subject of its clause, ``main`` more when that
    clause is its sentence's main clause."""
    tok = doc[c.end - 1]
    for _ in range(3):
        if tok.dep_ in {"nsubj", "nsubjpass"}:
            return 0.5 + (main if tok.head.dep_ == "ROOT" else 0.0)
        if tok.dep_ in {"compound", "poss", "amod", "nmod"} and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return 0.0


def controller(tok: Token) -> set[int]:
    """Tokens of the subject that controls a pronoun: the subject of the nearest clause above it
    that has one ("MLCI agreed ... to comply with ... its program" -> MLCI; "agents of Armor caused
    its subsidiary" -> "agents of Armor"). A subject pronoun skips its own clause."""
    v = tok.head
    if tok.dep_ == "poss" and v.dep_ == "conj" and v.head.pos_ in {"PROPN", "NOUN"}:
        # "charged Bluewater LLC and its founder": the first conjunct owns the second
        return set(range(v.head.left_edge.i, v.head.i + 1))
    if tok.dep_ in {"nsubj", "nsubjpass"}:
        if v.head.i == v.i:  # the subject of the root clause: no clause above it
            return set()
        v = v.head
    for _ in range(24):
        subj = [c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != tok.i
                and c.tag_ not in {"WDT", "WP"}  # "that"/"which" of a relative clause: go up
                and not c.left_edge.i <= tok.i <= c.right_edge.i]  # "its director said": not its own
        if subj:
            return set(range(subj[0].left_edge.i, subj[0].right_edge.i + 1))
        if v.head.i == v.i:
            break
        if v.dep_ == "xcomp":  # "requires MLCI to comply": the object controls the infinitive
            obj = [c for c in v.head.children if c.dep_ == "dobj"]
            if obj:
                return set(range(obj[0].left_edge.i, obj[0].right_edge.i + 1))
        v = v.head
    return set()


def antecedent(doc: Doc, tok: Token, classes: frozenset[EntityType], names: list[Cand],
               sent_of: list[int], head_word: str = "", words_of=None) -> Cand | None:
    """Best compatible name mention before ``tok`` (``names`` sorted by start; ``sent_of`` maps a
    token index to its sentence number; ``words_of(c)`` gives the words of every known name of a
    candidate's entity, so "the Commission" can be the CFTC named by its acronym)."""
    here = sent_of[tok.i]
    best, best_score = None, float("-inf")
    pronoun = tok.lower_ in _PRONOUNS or tok.lower_ in _PERSON_PRONOUNS
    subject = controller(tok) if pronoun else set()
    noun = tok.lower_ if tok.lower_ in DESCRIPTION_CLASSES else ""
    words_of = words_of or (lambda c: {t.lower_ for t in doc[c.start:c.end]})
    for c in reversed(names):
        if c.start >= tok.i:
            continue
        dist = here - sent_of[c.start]
        if not head_word and dist > _WINDOW:
            if not noun:
                break
            if noun not in words_of(c):
                continue  # further back, only "the department" -> a Department
        if c.type not in classes:
            continue
        if head_word and head_word not in words_of(c):
            continue
        score = -dist + (0.2 if c.type in ORG_TYPES else 0.0) + c.start * 1e-6
        if pronoun and subject:
            score += 1.0 if c.start in subject else 0.0
        elif pronoun and dist > 0:
            # no subject above it in its own sentence ("Its director, Tom Lewandowski, said"):
            # the topic of the sentences before, their subjects, main clause first
            score += _role_bonus(doc, c, main=0.3)
        else:
            score += _role_bonus(doc, c)
        if noun and noun in words_of(c):
            score += 2.0  # "the department" prefers a Department
        if score > best_score:
            best, best_score = c, score
    return best


def sentence_numbers(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    if len(doc) == 0:
        return []
    starts = doc.to_array("SENT_START")
    starts[0] = 1
    return (np.cumsum(starts == 1) - 1).tolist()


def coref_candidates(doc: Doc, names: list[Cand], pointer) -> list[Cand]:
    """Description and pronoun candidates, each pointing at its antecedent (``pointer(doc, c)``).

    They are resolved in text order and each resolved one becomes a possible antecedent of the
    next ("The agency went on ... it has met with Amazon": "it" is the agency).
    """
    known = sorted((c for c in names if c.kind in (MentionKind.NAME, MentionKind.ACRONYM)),
                   key=lambda c: c.start)
    taken = {i for c in names for i in range(c.start, c.end)}
    sent_of = sentence_numbers(doc)
    # words of every name the article uses for a gazetteer entity: "the Commission" may be the
    # CFTC named by its acronym in the nearer sentence
    kb_words: dict[str, set[str]] = {}
    for c in known:
        if c.kb and not c.kb.startswith("@"):
            kb_words.setdefault(c.kb, set()).update(t.lower_ for t in doc[c.start:c.end])

    def words_of(c: Cand) -> set[str]:
        return kb_words.get(c.kb) or {t.lower_ for t in doc[c.start:c.end]}

    items = ([(t, False) for t in description_nouns(doc)] + [(t, True) for t in pronouns(doc)]
             + [(t, True) for t in person_pronouns(doc)])
    out = []
    for t, is_pronoun in sorted(items, key=lambda x: x[0].i):
        if t.i in taken:
            continue
        if t.lower_ in _PERSON_PRONOUNS:
            ante = antecedent(doc, t, _PERSON, known, sent_of, words_of=words_of)
        elif is_pronoun:
            ante = antecedent(doc, t, PRONOUN_CLASSES, known, sent_of, words_of=words_of)
        else:
            head = t.lower_ if t.text[:1].isupper() else ""
            ante = antecedent(doc, t, DESCRIPTION_CLASSES[t.lower_], known, sent_of, head, words_of)
        if ante is None or (not is_pronoun and t.lower_ in _UNIT_NOUNS and not _introduced_as(doc, ante, t.lower_)):
            continue
        if is_pronoun:
            c = Cand(t.i, t.i + 1, ante.type, MentionKind.PRONOUN, pointer(doc, ante), rank=3)
        else:
            start = t.i - 1 if doc[t.i - 1].lower_ == "the" else t.i
            if doc[t.i - 1].lower_ not in _DETERMINERS and _modifier(doc[t.i - 1]):
                start = t.i - 2 if doc[t.i - 2].lower_ == "the" else t.i - 1
            c = Cand(start, t.i + 1, ante.type, MentionKind.DESCRIPTION, pointer(doc, ante), rank=3)
        out.append(c)
        if not is_pronoun or t.dep_ in {"nsubj", "nsubjpass"}:
            insort(known, c, key=lambda x: x.start)
    return out
