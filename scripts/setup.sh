#!/usr/bin/env bash
# Create .venv and install graphbuild with its test, notebook, dask and remote extras (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
quietly() {  # show pip's output only when it fails
  local log; log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; return 1; fi
  rm -f "$log"
}
quietly .venv/bin/python -m pip install --upgrade pip
quietly .venv/bin/python -m pip install -e ".[test,notebooks,dask,remote,train]"
# A Jupyter kernel inside the venv, so notebooks run with the venv's packages.
.venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (graphbuild)" >/dev/null
