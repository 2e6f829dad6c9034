"""The lexicon file and its parser."""

from __future__ import annotations

import pytest

from graphbuild.errors import OntologyError
from graphbuild.relations.lexicon import KINDS, load_lexicon, parse_lexicon
from graphbuild.vocab.terms import Predicate


def test_shipped_lexicon_loads_and_uses_every_kind():
    lex = load_lexicon()
    assert {e.kind for e in lex.rows} == KINDS
    assert lex.predicate("pitch", "to") == Predicate.PITCHED
    assert lex.predicate("reach out", "to") == Predicate.CONTACTED
    assert lex.noun_entry("contract", "with").predicate == Predicate.CONTRACTED_WITH


def test_object_condition_and_direction():
    lex = load_lexicon()
    penalty = lex.verb_entry("pay", "to", "penalty")
    assert penalty.predicate == Predicate.PENALIZED and penalty.inverse
    bribe = lex.verb_entry("pay", "to", "bribe")
    assert bribe.predicate == Predicate.OTHER and not bribe.inverse


def test_blocked_verbs():
    lex = load_lexicon()
    assert lex.blocked("say") and not lex.blocked("pitch")


def test_parse_errors_name_the_line():
    with pytest.raises(OntologyError, match=r"x.tsv:2: 'befriended' is not an ontology predicate"):
        parse_lexicon(["# comment\n", "like\tbefriended\t-\tverb\tfwd\n"], "x.tsv")
    with pytest.raises(OntologyError, match="unknown kind"):
        parse_lexicon(["like\tsupported\t-\tadverb\tfwd\n"])
    with pytest.raises(OntologyError, match="dir must be"):
        parse_lexicon(["like\tsupported\t-\tverb\tbackwards\n"])
    with pytest.raises(OntologyError, match="expected"):
        parse_lexicon(["like\tsupported\n"])


def test_old_three_column_rows_still_parse():
    lex = parse_lexicon(["endorse\tsupported\t-\n"])
    assert lex.predicate("endorse") == Predicate.SUPPORTED
