#!/usr/bin/env bash
# Fresh machine -> .venv -> everything the tests need -> the whole test suite.
# Needs: python3, Java 17+ and Maven (for the Neo4j test server), and Chromium for the
# browser test (installed from Debian's packages when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing chromium (Debian package) for the browser test" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
bash tests/neo4j_launcher/prepare.sh
.venv/bin/ruff check graphbuild tests bench
.venv/bin/mypy  # graphbuild/, settings in pyproject.toml [tool.mypy]
.venv/bin/python -m pytest -q "$@"
