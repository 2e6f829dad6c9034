"""The README cannot drift from the code: CLI reference and documented defaults."""

from __future__ import annotations

import re
from pathlib import Path

from graphbuild.cli.reference import END, START, render
from graphbuild.config import Config

README = Path(__file__).resolve().parents[2] / "README.md"


def _block() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index(START) + len(START): text.index(END)].strip()


def test_cli_reference_matches_help() -> None:
    assert _block() == render().strip(), (
        "README CLI reference is stale: run `.venv/bin/python -m graphbuild.cli.reference --write README.md`")


def test_documented_defaults_equal_code_defaults() -> None:
    text = README.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", text, re.M))
    assert rows, "README has no settings table"
    fields = Config.model_fields
    for name, value in rows.items():
        assert name in fields, f"README documents unknown setting {name}"
        assert value == repr(fields[name].default).strip("'"), name
    assert set(rows) == set(fields), f"undocumented settings: {set(fields) - set(rows)}"


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:3000]
    assert "bash scripts/demo.sh" in head and "bash scripts/test.sh" in head
