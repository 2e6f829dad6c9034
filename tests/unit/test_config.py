"""The one config object: TOML file < overrides, and a cache key derived from every field."""

from __future__ import annotations

import pytest

from graphbuild.config import load_config
from graphbuild.errors import ConfigError


def test_toml_table_and_overrides(tmp_path):
    path = tmp_path / "graphbuild.toml"
    path.write_text('[graphbuild]\nbatch_size = 7\nmin_confidence = 0.4\n', encoding="utf-8")
    config = load_config(path, batch_size=9, model=None)
    assert (config.batch_size, config.min_confidence, config.model) == (9, 0.4, "auto")


def test_bad_toml_is_a_config_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("batch_size = = 7\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(path)
