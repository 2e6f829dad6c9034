"""The attribute rules matched by table lookup find exactly what spaCy's Matcher finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.nlp.attributes import AttributeMatches, Unsupported, match_attributes_by_table

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
ODD = ["", " ", "\n\n\t  ", "Let's go, y'all. I ain't gonna do it, they gotta c'm on.",
       "Is there a cat? There's a cat. Do you have it? It did. I gave it to you and you to me.",
       "But he left. He got ta go.\n\n  \nAND THEN: U.S.-based Acme's CEO said 'no'."]


@pytest.fixture(scope="module")
def model():
    import spacy

    from graphbuild.config import Config
    from graphbuild.nlp.model import resolve_model_name

    return spacy.load(resolve_model_name(Config().model), exclude=["textcat"])


def _texts() -> list[str]:
    texts = list(ODD)
    for name, n in (("press_releases.jsonl", 40), ("crs_reports.jsonl", 12)):
        path = CORPUS / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()[:n]
            texts += [json.loads(line)["text"] for line in lines]
    for folder in (ROOT / "samples" / "articles", ROOT / "data" / "annotated" / "news" / "articles"):
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:20]]
    return texts


def test_same_matches_as_spacy_on_real_articles(model):
    ruler = model.get_pipe("attribute_ruler")
    table = AttributeMatches(ruler)
    texts = _texts()
    assert len(texts) > 40
    tokens = 0
    with model.select_pipes(enable=[n for n in model.pipe_names if n in ("tok2vec", "tagger", "parser")]):
        for doc in model.pipe(texts):
            tokens += len(doc)
            assert table(doc) == ruler.match(doc), doc.text[:80]
    assert tokens > 20_000


def test_pipeline_uses_the_table_and_sets_the_same_attributes(model):
    from spacy.attrs import LEMMA, MORPH, POS, TAG

    text = " ".join(ODD) + " The agency said Amazon pitched ICE officials in June."
    expected = model(text).to_array([POS, TAG, MORPH, LEMMA])
    assert match_attributes_by_table(model)
    try:
        assert (model(text).to_array([POS, TAG, MORPH, LEMMA]) == expected).all()
    finally:
        del model.get_pipe("attribute_ruler").match  # back to the class's own method


def test_unsupported_patterns_keep_spacys_matcher():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "x"})
    with pytest.raises(Unsupported):
        AttributeMatches(ruler)
    assert not match_attributes_by_table(nlp)
    assert "match" not in vars(ruler)


def test_the_matcher_travels_to_worker_processes(model):
    """Worker processes receive the loaded pipeline pickled, the matcher with it."""
    import pickle

    ruler = model.get_pipe("attribute_ruler")
    table = pickle.loads(pickle.dumps(AttributeMatches(ruler)))
    with model.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = model(ODD[3] + " " + ODD[5])
    assert table(doc) == ruler.match(doc) and table(doc)
