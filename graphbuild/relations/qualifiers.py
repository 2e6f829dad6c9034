"""Attach a date and an amount to the relation they qualify.

spaCy's ``DATE`` and ``MONEY`` entities are the expressions; :mod:`graphbuild.relations.dates`
and :mod:`graphbuild.relations.amounts` normalise them. What this module decides is *which
relation of the sentence* an expression belongs to:

* the relation's trigger is the token with the relation's verb lemma nearest to its arguments
  (the lowest common ancestor of the arguments when the relation has no verb);
* the *frame* is the dependency path from each argument to the trigger;
* an expression qualifies the relation when, walking up from its head, it reaches the frame
  before any other verb: ``"awarded Arcadia a contract worth $41 million on Jan. 18"`` -> both
  reach ``awarded``; ``"according to a report Tuesday"`` reaches ``according`` first. A verb of
  the frame other than the trigger counts only when it controls the trigger ("agreed last
  September *to buy*"); a relation without a verb (titles, structure) takes only expressions
  that hang on a noun of its frame ("chief executive since 2016");
* of several, the nearest wins: tree steps plus a tenth of the distance in tokens to the verb.

Relative dates are resolved against ``doc._.gb_published`` (set by the pipeline from the
document's publication date); without it only absolute dates resolve.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from graphbuild.model.records import EventTime, Money, RelationMention
from graphbuild.relations.amounts import parse_money
from graphbuild.relations.dates import parse_date
from graphbuild.vocab.wordlists import load_qualifier_words

PUBLISHED_EXTENSION = "gb_published"
_VERBS = frozenset({"VERB", "AUX"})
_CONTROL = frozenset({"xcomp", "aux", "auxpass"})


def install_extensions() -> None:
    """``doc._.gb_published``: the document's publication date (``YYYY-MM-DD`` or ``""``)."""
    if not Doc.has_extension(PUBLISHED_EXTENSION):
        Doc.set_extension(PUBLISHED_EXTENSION, default="")


@dataclass(frozen=True)
class Expression:
    """A date or money phrase of the Doc: its text (with "since"/"in"... when they lead it) and
    the token it hangs on the parse by."""

    kind: str  # "date" | "money"
    text: str
    start: int  # token offsets
    end: int
    root: Token


def expressions(doc: Doc) -> list[Expression]:
    """Every DATE and MONEY entity, widened to the preposition or sign that belongs to it
    ("since 2022", "between 2019 and 2021", "$" + "300,000")."""
    words = load_qualifier_words()
    leading = set(words["open_start"]) | set(words["open_end"]) | set(words["range"]) | set(words["point"])
    ents = [e for e in doc.ents if e.label_ in ("DATE", "MONEY")]
    out: list[Expression] = []
    skip = -1
    for i, e in enumerate(ents):
        if i <= skip:
            continue
        start, end = e.start, e.end
        if e.label_ == "MONEY":
            if start > 0 and (doc[start - 1].is_currency or doc[start - 1].lower_ in words["currency"]):
                start -= 1
            if end < len(doc) and doc[end].lower_ in words["scale"] and not doc[end].is_sent_start:
                end += 1  # "£85" + "m"
            out.append(Expression("money", doc[start:end].text, start, end, e.root))
            continue
        if _in_dateline(doc, e):
            continue
        prev = doc[start - 1] if start > 0 else None
        if prev is not None and prev.lower_ in leading and e[0].lower_ not in leading:
            start -= 1
        joiners = words["range"].get(doc[start].lower_, "").split("|")
        if i + 1 < len(ents) and ents[i + 1].label_ == "DATE" \
                and ents[i + 1].start == end + 1 and doc[end].lower_ in joiners:
            end = ents[i + 1].end
            skip = i + 1
        out.append(Expression("date", doc[start:end].text, start, end, e.root))
    return out


def _in_dateline(doc: Doc, ent: Span) -> bool:
    """"LONDON, Sept 10 (Meridian Wire) - ...": the date of the dispatch, not of an event.
    A place name and a comma open the line, a dash follows the date closely."""
    if ent.start < 2 or doc[ent.start - 1].text != ",":
        return False
    line_start = ent.start - 1
    while line_start > 0 and "\n" not in doc[line_start - 1].text:
        line_start -= 1
        if ent.start - line_start > 7:
            return False
    place = doc[line_start:ent.start - 1]
    if not len(place) or not all(t.pos_ == "PROPN" or t.is_upper or t.text == "," for t in place):
        return False
    return any(t.text in ("-", "\u2013", "\u2014", "--") for t in doc[ent.end:min(ent.end + 8, len(doc))])


def _token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _chain(tok: Token) -> list[Token]:
    """The token and its ancestors, nearest first."""
    return [tok, *tok.ancestors]


def _path(a: Token, b: Token) -> list[Token]:
    up_a, up_b = _chain(a), _chain(b)
    on_b = {t.i for t in up_b}
    out = []
    for t in up_a:
        out.append(t)
        if t.i in on_b:
            lca = t
            break
    else:
        return up_a + up_b
    for t in up_b:
        if t.i == lca.i:
            break
        out.append(t)
    return out


def _governor(tok: Token, sent: Span) -> Token | None:
    """The first verb above a token (the token itself when it is one), inside the sentence."""
    for t in _chain(tok):
        if not sent.start <= t.i < sent.end:
            return None
        if t.pos_ in _VERBS and t.dep_ not in ("aux", "auxpass"):
            return t
    return None


def _trigger(sent: Span, verb: str, args: Sequence[Token]) -> Token | None:
    """The verb that states the relation: the verb governing the object (the relation's verb
    lemma says only whether there is one: "Brightmoor was founded in 2014 ... and has supplied
    software to Network Rail since 2018" is stated by "supplied", whatever the lemma says)."""
    if not verb:
        return None
    gov = _governor(args[-1], sent)
    if gov is not None:
        return gov
    lemma = verb.split()[0].lower()
    found = [t for t in sent if t.lemma_.lower() == lemma or t.lower_ == lemma]
    if not found:
        return None
    return min(found, key=lambda t: min(abs(t.i - a.i) for a in args))


def _frame(sent: Span, rel: RelationMention, doc: Doc) -> tuple[set[int], set[int]] | None:
    """(token ids of the frame, ids of the frame's verbs that may carry a qualifier)."""
    args = [t for t in (_token(doc, rel.subject.start, rel.subject.end),
                        _token(doc, rel.object.start, rel.object.end))
            if t is not None and sent.start <= t.i < sent.end]
    if not args:
        return None
    trigger = _trigger(sent, rel.verb, args)
    frame: set[int] = set()
    if trigger is None:
        if len(args) == 2:
            frame.update(t.i for t in _path(args[0], args[1]))
        else:
            frame.add(args[0].i)
        frame = {i for i in frame if doc[i].pos_ not in _VERBS}
        return frame, set()
    for a in args:
        frame.update(t.i for t in _path(a, trigger))
    verbs = {trigger.i}
    t = trigger
    while t.dep_ in _CONTROL and t.head.i != t.i:  # "agreed to buy": agreed controls buy
        t = t.head
        verbs.add(t.i)
    for c in trigger.children:
        if c.dep_ in ("aux", "auxpass"):
            verbs.add(c.i)
    return frame, verbs


def _distance(expr: Expression, frame: set[int], verbs: set[int], doc: Doc) -> int | None:
    """Steps from the expression up to the frame, or None when another clause comes first."""
    tok = expr.root
    steps = 0
    inside = range(expr.start, expr.end)
    while True:
        if tok.i in frame and tok.i not in inside:
            if tok.pos_ in _VERBS and tok.i not in verbs:
                return None
            return steps
        if tok.i not in inside and tok.pos_ in _VERBS and tok.dep_ not in ("amod",):
            return None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        steps += 1


def _best(exprs: Iterable[Expression], frame: set[int], verbs: set[int], doc: Doc,
          args: set[int]) -> list[Expression]:
    scored = []
    for e in exprs:
        if any(e.start <= i < e.end for i in args):
            continue
        d = _distance(e, frame, verbs, doc)
        if d is not None:
            # nearest in the tree, and near the verb in the text: "agreed on Tuesday to buy ...
            # in one of the largest takeovers this year" is dated Tuesday
            near = min((abs(e.root.i - i) for i in verbs or frame), default=0)
            scored.append((d + 0.1 * near, e.start, e))
    return [e for _, _, e in sorted(scored, key=lambda x: (x[0], x[1]))]


def qualify(rel: RelationMention, doc: Doc, exprs: Sequence[Expression],
            published: str = "") -> tuple[EventTime | None, Money | None]:
    """The date and amount that qualify one relation of the Doc (None where there is none)."""
    sent = doc.char_span(rel.evidence.start, rel.evidence.end, alignment_mode="expand")
    if sent is None:
        return None, None
    local = [e for e in exprs if sent.start <= e.start and e.end <= sent.end]
    if not local:
        return None, None
    got = _frame(sent, rel, doc)
    if got is None:
        return None, None
    frame, verbs = got
    args: set[int] = set()
    for m in (rel.subject, rel.object):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            args.update(t.i for t in span)
    when = money = None
    for e in _best((x for x in local if x.kind == "date"), frame, verbs, doc, args):
        when = parse_date(e.text, published)
        if when is not None:
            break
    for e in _best((x for x in local if x.kind == "money"), frame, verbs, doc, args):
        money = parse_money(e.text)
        if money is not None:
            break
    return when, money


def attach_qualifiers(doc: Doc, relations: Sequence[RelationMention]) -> list[RelationMention]:
    """The relations with ``evidence.when`` and ``evidence.amount`` set where the sentence
    states them (the component's hook)."""
    if not relations:
        return list(relations)
    published = doc._.get(PUBLISHED_EXTENSION) if Doc.has_extension(PUBLISHED_EXTENSION) else ""
    exprs = expressions(doc)
    if not exprs:
        return list(relations)
    out = []
    for rel in relations:
        when, money = qualify(rel, doc, exprs, published or "")
        if when is not None or money is not None:
            rel = replace(rel, evidence=replace(rel.evidence, when=when, amount=money))
        out.append(rel)
    return out
