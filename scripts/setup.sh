#!/usr/bin/env bash
# Create .venv and install graphbuild with its test, notebook and dask extras (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,notebooks,dask]"
# A Jupyter kernel inside the venv, so notebooks run with the venv's packages.
.venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (graphbuild)" >/dev/null
