"""The confidence formula and the component's sentence handling (no model)."""

from __future__ import annotations

from helpers import make_doc

from graphbuild.nlp.linebreaks import sentences
from graphbuild.relations.component import SkipReport, candidates
from graphbuild.relations.lexicon import load_lexicon
from graphbuild.relations.rules.confidence import length_factor, score


def test_pattern_kinds_are_ordered():
    args = ("name", "GovernmentBody", "name", "Company", 20)
    order = [score(r, *args) for r in ("svo", "prep", "light", "other")]
    assert order == sorted(order, reverse=True) and len(set(order)) == 4


def test_entity_certainty_and_groups_lower_confidence():
    named = score("svo", "name", "Company", "name", "Company", 20, True, True)
    described = score("svo", "description", "Company", "name", "Company", 20, False, True)
    pronoun = score("svo", "pronoun", "Company", "name", "Company", 20, False, True)
    group = score("svo", "description", "Group", "name", "Company", 20, False, True)
    assert named > described > pronoun
    assert described > group


def test_long_sentences_lower_confidence_within_bounds():
    assert length_factor(10) == 1.0 and length_factor(500) == 0.8
    assert score("svo", "name", "Company", "name", "Company", 60) < score("svo", "name", "Company", "name", "Company", 20)
    for n in (1, 30, 90, 400):
        assert 0 < score("other", "pronoun", "Group", "pronoun", "Group", n) <= 1


def _two_lines():
    # "Acme pitched Zeta \n\n Zeta pitched Acme": two sentences, as the line-break component
    # and the parser leave a blank line; the whitespace stays with the first
    rows = [("Acme", "", "PROPN", "nsubj", 1), ("pitched", "pitch", "VERB", "ROOT", 1), ("Zeta", "", "PROPN", "dobj", 1),
            ("\n\n", "", "SPACE", "dep", 2), ("Zeta", "", "PROPN", "nsubj", 5), ("pitched", "pitch", "VERB", "ROOT", 5),
            ("Acme", "", "PROPN", "dobj", 5)]
    return make_doc(rows, [(0, 1, "Company"), (2, 3, "Company"), (4, 5, "Company"), (6, 7, "Company")])


def test_sentences_leave_out_the_whitespace_at_their_edges():
    doc = _two_lines()
    assert [s.text for s in sentences(doc)] == ["Acme pitched Zeta", "Zeta pitched Acme"]
    found = candidates(doc, load_lexicon(), 300)
    assert {(c.subject.start, c.object.start) for _, c in found} == {(0, 2), (4, 6)}


def test_long_sentences_are_skipped_and_counted():
    skipped = SkipReport()
    found = candidates(_two_lines(), load_lexicon(), 2, skipped)
    assert found == [] and skipped.too_long == 2


def test_antecedent_pointers_are_not_gazetteer_links() -> None:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

    from graphbuild.relations.rules import gazetteer_linked

    doc = Doc(Vocab(), words=["the", "agency", "and", "ICE"])
    assert not gazetteer_linked(Span(doc, 0, 2, label="GovernmentBody", kb_id="@12"))
    assert gazetteer_linked(Span(doc, 3, 4, label="GovernmentBody", kb_id="us-ice"))
    assert not gazetteer_linked(Span(doc, 3, 4, label="GovernmentBody"))
