"""Candidate pairs of typed mentions in a sentence, and the features the relation model reads.

A candidate is two mentions of one sentence that name different things (a pronoun or description
counts as its antecedent, so pairs reach across sentences through coreference). Features are
plain strings, so the model needs no vocabulary of its own beyond what training saw:

* the dependency path between the two heads (labels and the lemmas on it), its length;
* the trigger: verbs and nouns on the path, with their lexicon class (``ontology/lexicon.tsv``
  and ``ontology/verb_classes.tsv``), so an unseen verb of a known class still counts;
* the entity types, mention kinds, order, distance and mentions in between;
* words between and around the pair; negation and hedge cues on the trigger;
* apposition, possessive, compound and title patterns (as path shapes);
* the rules' own votes for the pair (predicate and direction).

>>> bucket(0), bucket(3), bucket(40)
('0', '3-4', '16+')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span

from graphbuild.model.records import Evidence, Mention, MentionKind
from graphbuild.relations.learned import PairInstance
from graphbuild.relations.lexicon import Lexicon
from graphbuild.relations.rules.base import Candidate, Context, TokenTable
from graphbuild.relations.rules.negation import is_negated
from graphbuild.vocab.terms import EntityType
from graphbuild.vocab.wordlists import WordLists

MAX_PAIR_TOKENS = 60  # mentions further apart than this in one sentence are not paired
MAX_MENTIONS = 14  # per sentence; beyond this only the nearest pairs are kept
_CONTENT = frozenset({"VERB", "NOUN", "ADJ", "PROPN", "ADP", "AUX", "PART"})


def bucket(n: int) -> str:
    for hi, name in ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (7, "5-7"), (15, "8-15")):
        if n <= hi:
            return name
    return "16+"


@dataclass(frozen=True, slots=True)
class Pair:
    """Two mentions of one sentence, ``first`` before ``second`` in the text."""

    sent: Span
    first: Span
    second: Span


def referent(span: Span, ctx: Context) -> str:
    """What a mention names, for telling two mentions of one thing apart: the gazetteer id, the
    antecedent's offset for a pointer, else the text."""
    kb = span.kb_id_
    if kb.startswith("@"):
        ante = ctx.by_offset.get(int(kb[1:]))
        return referent(ante, ctx) if ante is not None and ante.kb_id_ != kb else kb
    return kb or span.text.lower()


def sentence_pairs(sent: Span, ctx: Context, ments: list[Span] | None = None) -> Iterator[Pair]:
    """Every pair of mentions of ``sent`` that may be related (different referents, close
    enough), first mention first; ``ments`` are the sentence's mentions when the caller has them."""
    if ments is None:
        ments = ctx.sent_mentions(sent)
    refs = [referent(m, ctx) for m in ments]
    for i, a in enumerate(ments):
        for j in range(i + 1, len(ments)):
            b = ments[j]
            if b.start - a.end > MAX_PAIR_TOKENS:
                break
            if refs[i] == refs[j]:
                continue
            if len(ments) > MAX_MENTIONS and j - i > MAX_MENTIONS // 2:
                continue
            yield Pair(sent, a, b)


def _ancestors(i: int, head: list[int], stop: int) -> list[int]:
    out = [i]
    while head[i] != i and len(out) < stop:
        i = head[i]
        out.append(i)
    return out


def dep_path(a: int, b: int, head: list[int]) -> tuple[list[int], list[int]] | None:
    """The token indexes from ``a`` up to the lowest common ancestor and from ``b`` up to it
    (both lists end at the common ancestor), or None when the parse does not join them;
    ``head`` is the document's :attr:`TokenTable.head`."""
    up_a = _ancestors(a, head, 40)
    pos = {t: k for k, t in enumerate(up_a)}
    up_b = []
    for t in _ancestors(b, head, 40):
        up_b.append(t)
        if t in pos:
            return up_a[:pos[t] + 1], up_b
    return None


def _role_under(chain: list[int], tab: TokenTable) -> str:
    """The dependency label of the chain's last token below the common ancestor, with the
    preposition for a prepositional object."""
    if len(chain) < 2:
        return "self"
    t = chain[-2]
    dep = tab.dep[t]
    if dep == "prep":
        return f"prep:{tab.lemma[t]}"
    if dep == "agent":
        return "agent"
    return dep


def _inner(path: tuple[list[int], list[int]], pair: Pair) -> list[int]:
    """The path's tokens between the two heads, outside both mentions."""
    up, down = path
    a, b = pair.first, pair.second
    return [t for t in up[1:] + down[1:-1] if not (a.start <= t < a.end or b.start <= t < b.end)]


class FeatureExtractor:
    """Features of candidate pairs, for training and prediction alike."""

    def __init__(self, lexicon: Lexicon, words: WordLists) -> None:
        self.lexicon = lexicon
        self.words = words
        self._classes: dict[str, str] = {}

    def trigger_class(self, lemma: str) -> str:
        """The predicate a word suggests, from the lexicon or the verb classes ('' if none)."""
        lemma = lemma.lower()
        cls = self._classes.get(lemma)
        if cls is None:
            cls = self._classes[lemma] = self._trigger_class(lemma)
        return cls

    def _trigger_class(self, lemma: str) -> str:
        e = self.lexicon.verb_entry(lemma) or self.lexicon.noun_entry(lemma, "*")
        if e is not None and e.predicate is not None:
            return e.predicate.value + (":inv" if e.inverse else "")
        noun = self.lexicon.noun_predicate(lemma)
        if noun is not None:
            return noun.value
        return self.words.verb_class.get(lemma, "")

    def features(self, pair: Pair, ctx: Context, votes: Iterable[str] = (),
                 sent_mentions: list[Span] | None = None,
                 path: tuple[list[int], list[int]] | None = None) -> list[str]:
        """The pair's features; ``sent_mentions`` (the sentence's mentions) and ``path`` (its
        :func:`dep_path`, computed again when None) may be passed when the caller has them."""
        a, b = pair.first, pair.second
        tab = ctx.table
        lemma, lower, pos, dep = tab.lemma, tab.lower, tab.pos, tab.dep
        ha, hb = ctx.root(a), ctx.root(b)
        ta, tb = a.label_, b.label_
        s_start, s_end = pair.sent.start, pair.sent.end
        f = [f"t1={ta}", f"t2={tb}", f"tt={ta}|{tb}", f"k1={a.id_ or 'name'}", f"k2={b.id_ or 'name'}"]
        gap = b.start - a.end
        f.append(f"dist={bucket(gap)}")
        between = range(a.end, b.start)
        if sent_mentions is None:
            sent_mentions = ctx.sent_mentions(pair.sent)
        n_between = sum(1 for m in sent_mentions if a.end <= m.start and m.end <= b.start)
        f.append(f"nm={bucket(n_between)}")
        space = tab.space
        lem = [lemma[t] for t in between if not space[t]]
        if gap <= 8:
            f.append("btw=" + "_".join(lem))
        for w in lem[:6] + lem[-4:]:
            f.append(f"bw={w}")
        if not lem:
            f.append("adjacent")
        prev = lower[a.start - 1] if a.start > s_start else "<s>"
        nxt = lower[b.end] if b.end < s_end else "</s>"
        f += [f"prev1={prev}", f"next2={nxt}",
              f"after1={lower[a.end] if a.end < s_end else '</s>'}",
              f"before2={lower[b.start - 1] if b.start > s_start else '<s>'}"]
        f += [f"dep1={dep[ha]}", f"dep2={dep[hb]}"]
        if path is None:
            path = dep_path(ha, hb, tab.head)
        neg = False
        if path is None:
            f.append("nopath")
        else:
            up, down = path
            lca = up[-1]
            inner = _inner(path, pair)
            deps = [f"{dep[t]}^" for t in up[:-1]] + [f"v{dep[t]}" for t in reversed(down[:-1])]
            shape = " ".join(deps)
            words = " ".join(lemma[t] for t in inner if pos[t] in _CONTENT)
            f += [f"pd={shape}", f"pw={shape}|{words}", f"plen={bucket(len(deps))}",
                  f"lca={lemma[lca]}", f"lcapos={pos[lca]}", f"lcad={dep[lca]}",
                  f"tt_pd={ta}|{tb}|{shape}"]
            if lca in (ha, hb):
                f.append("lca=arg" + ("1" if lca == ha else "2"))
            for t in inner:
                lem_t, pos_t = lemma[t], pos[t]
                f.append(f"pn={lem_t}")
                cls = self.trigger_class(lem_t) if pos_t in {"VERB", "NOUN"} else ""
                if cls:
                    f.append(f"pc={cls}")
                    f.append(f"pc_tt={cls}|{ta}|{tb}")
                    f.append(f"pc_sh={cls}|{shape}")
                if not neg and (pos_t in {"VERB", "AUX"} or t == lca):
                    neg = is_negated(ctx.doc[t], ctx)
                if lem_t in self.words.hedges:
                    f.append("hedge")
                if lem_t in self.words.titles:
                    f.append("title_on_path")
            if pos[lca] in {"VERB", "AUX"}:
                cls = self.trigger_class(lemma[lca])
                f.append(f"lcac={cls or '-'}")
            # each argument's role under the joining word ("nsubj" / "prep:with" / "poss"), with
            # the joining word's class: "X signed a deal with Y" ~ "X inked an accord with Y"
            r1, r2 = _role_under(up, tab), _role_under(down, tab)
            head_cls = self.trigger_class(lemma[lca]) if pos[lca] in {"VERB", "NOUN", "AUX"} else ""
            f += [f"roles={r1}|{r2}", f"croles={head_cls or pos[lca]}|{r1}|{r2}",
                  f"troles={ta}|{tb}|{r1}|{r2}"]
        for t in between:
            if pos[t] in {"VERB", "NOUN"}:
                cls = self.trigger_class(lemma[t])
                if cls:
                    f.append(f"bc={cls}")
        if neg:
            f.append("neg")
        # titles next to a person ("Acme lawyer Jane Roe", "Jane Roe, Acme's publisher")
        titles = self.words.titles
        for side, m in (("1", a), ("2", b)):
            if m.label_ == "Person":
                if any(lemma[t] in titles for t in between):
                    f.append(f"title_btw{side}")
                if m.start > s_start and lemma[m.start - 1] in titles:
                    f.append(f"title_before{side}")
        for v in votes:
            f.append(f"rule={v}")
            f.append(f"rule_tt={v}|{ta}|{tb}")
        if not votes:
            f.append("norule")
        return f


def rule_votes(found: Iterable[Candidate]) -> dict[tuple[int, int], list[str]]:
    """The rules' votes by pair of mention starts (first, second): ``predicate>`` when the
    first mention is the subject, ``predicate<`` when the second is, ``predicate=`` for a
    symmetric predicate."""
    votes: dict[tuple[int, int], list[str]] = {}
    for c in found:
        s, o = c.subject, c.object
        if s.start <= o.start:
            key, mark = (s.start, o.start), ">"
        else:
            key, mark = (o.start, s.start), "<"
        if c.predicate.symmetric:
            mark = "="
        votes.setdefault(key, []).append(c.predicate.value + mark + ("!" if c.negated else ""))
    return votes


def span_to_mention(span: Span) -> Mention:
    """The one place spaCy spans become model records."""
    return Mention(span.text, span.start_char, span.end_char, EntityType(span.label_),
                   MentionKind(span.id_ or MentionKind.NAME.value), span.kb_id_)


def _trigger(pair: Pair, ctx: Context, fx: FeatureExtractor,
             path: tuple[list[int], list[int]] | None) -> str:
    """The word that most likely states the relation: the verb joining the two heads, else a
    noun on the path with a known class, else the nearest verb between them."""
    tab = ctx.table
    if path is not None:
        inner = _inner(path, pair)
        for t in inner:
            if tab.pos[t] == "VERB":
                return tab.lemma[t]
        for t in inner:
            if tab.pos[t] == "NOUN" and fx.trigger_class(tab.lemma[t]):
                return tab.lemma[t]
    for t in range(pair.first.end, pair.second.start):
        if tab.pos[t] == "VERB":
            return tab.lemma[t]
    return ""


_WORDY = frozenset({"NOUN", "ADJ", "PROPN"})


def _role(pair: Pair, ctx: Context, fx: FeatureExtractor) -> str:
    """A title next to the person of a pair ("Acme lawyer Jane Roe", "Jane Roe, Acme's
    publisher"), as written."""
    person = pair.first if pair.first.label_ == "Person" else pair.second if pair.second.label_ == "Person" else None
    if person is None:
        return ""
    tab, titles = ctx.table, fx.words.titles
    other = pair.second if person is pair.first else pair.first
    words: list[int] = []
    if other.end <= person.start:  # "Acme lawyer Jane Roe", "chief executive of Acme, Jane Roe"
        words = [t for t in range(other.end, person.start) if tab.pos[t] in _WORDY]
    else:  # "Jane Roe, Acme's publisher" / "Jane Roe, chief executive of Acme"
        words = [t for t in range(person.end, other.start) if tab.pos[t] in _WORDY]
        if not any(tab.lemma[t] in titles for t in words):
            words = [t for t in range(other.end, min(other.end + 4, pair.sent.end))
                     if tab.pos[t] in {"NOUN", "ADJ"}]
    if not any(tab.lemma[t] in titles for t in words):
        return ""
    return " ".join(tab.text[t] for t in words[:5])


def pair_instances(doc_id: str, sentences: Iterable[Span], ctx: Context, fx: FeatureExtractor,
                   found: Iterable[Candidate]) -> list[PairInstance]:
    """Every candidate pair of the given sentences as a spaCy-free :class:`PairInstance`."""
    votes = rule_votes(found)
    out = []
    records: dict[int, tuple[Mention, str]] = {}  # by mention start: the record and its referent

    def record(m: Span) -> tuple[Mention, str]:
        if m.start not in records:
            records[m.start] = (span_to_mention(m), referent(m, ctx))
        return records[m.start]

    head = ctx.table.head
    for sent in sentences:
        ev = None
        ments = ctx.sent_mentions(sent)
        for pair in sentence_pairs(sent, ctx, ments):
            if ev is None:
                ev = Evidence(doc_id, sent.text, sent.start_char, sent.end_char, "", 0.0)
            path = dep_path(ctx.root(pair.first), ctx.root(pair.second), head)
            feats = fx.features(pair, ctx, votes.get((pair.first.start, pair.second.start), ()), ments, path)
            (m1, r1), (m2, r2) = record(pair.first), record(pair.second)
            out.append(PairInstance(m1, m2, ev, tuple(feats), "neg" in feats, _trigger(pair, ctx, fx, path),
                                    _role(pair, ctx, fx), (r1, r2)))
    return out
