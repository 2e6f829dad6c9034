"""The Python 3.10 CI job (scripts/test_py310.sh) skips with a clear message where there is no 3.10."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test_py310.sh"


@pytest.mark.parametrize("named", ["", "not-310"], ids=["none named", "another version named"])
def test_without_python310_the_job_says_it_is_skipped(tmp_path: Path, named: str) -> None:
    # a PATH with only the tools the script needs before it looks for an interpreter, and a
    # HOME without pyenv: no Python 3.10 can be found
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("ls", "dirname"):
        found = shutil.which(tool)
        assert found, tool
        (tools / tool).symlink_to(found)
    if named:  # an interpreter that answers as another version does (this test runs on 3.10 too)
        fake = tmp_path / named
        fake.write_text("#!/bin/sh\nexit 1\n")
        fake.chmod(0o755)
        named = str(fake)
    env = {"PATH": str(tools), "HOME": str(tmp_path), "PYTHON310": named}
    bash = shutil.which("bash")
    assert bash
    done = subprocess.run([bash, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "python 3.10 job skipped: no python3.10"
