"""The one config object: TOML file < overrides, and a cache key derived from every field."""

from __future__ import annotations

import pytest

from graphbuild.config import Config, load_config
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


def _other_value(name: str, value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1 if name != "min_confidence" else 0.5
    if isinstance(value, tuple):
        return ("extra.jsonl",)
    if name == "on_error":
        return "raise"
    return "other"


@pytest.mark.parametrize("name", sorted(Config.model_fields))
def test_pipeline_cache_key_changes_with_every_setting(name):
    # the key is derived from the fields, so a setting added later cannot be missed
    base = Config()
    changed = Config(**{name: _other_value(name, getattr(base, name))})
    assert changed.nlp_key() != base.nlp_key()


def test_relation_component_settings_come_from_the_config():
    import inspect
    from dataclasses import fields

    from spacy.language import Language

    from graphbuild.relations.component import RelationSettings, make_relation_extractor

    names = [f.name for f in fields(RelationSettings)]
    assert list(inspect.signature(make_relation_extractor).parameters)[2:] == names
    defaults = Language.get_factory_meta("graphbuild_relations").default_config
    assert defaults == RelationSettings.from_config(Config()).spacy_config()
    assert RelationSettings.from_config(Config(min_confidence=0.3)).min_confidence == 0.3
