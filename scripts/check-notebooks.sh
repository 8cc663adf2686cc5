#!/usr/bin/env bash
# Validates and executes report notebooks, reading the database and then the CSV files:
#   scripts/check-notebooks.sh [NOTEBOOK...]     (default: notebooks-export/*/report.ipynb)
# Needs python3; installs nbformat, nbclient, ipykernel, pandas and matplotlib from PyPI into a
# virtual environment ($FRACTALSIM_NOTEBOOK_VENV, default .build/notebook-venv) the first time.
# Exit 0 all good, 1 a notebook failed, 2 no python3 or the packages could not be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not found (the notebooks need Python 3)" >&2; exit 2; }
venv="${FRACTALSIM_NOTEBOOK_VENV:-.build/notebook-venv}"
packages=(nbformat nbclient ipykernel pandas matplotlib)
if ! "$venv/bin/python" -c "import nbformat, nbclient, ipykernel, pandas, matplotlib" >/dev/null 2>&1; then
  echo "setting up $venv: pip install ${packages[*]}" >&2
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2 || { echo "error: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 2; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}" >&2 \
    || { echo "error: pip install ${packages[*]} failed" >&2; exit 2; }
fi
if [ $# -eq 0 ]; then set -- notebooks-export/*/report.ipynb; fi
status=0
"$venv/bin/python" scripts/check-notebook.py "$@" || status=1
FRACTALSIM_NOTEBOOK_SOURCE=csv "$venv/bin/python" scripts/check-notebook.py "$@" || status=1
exit $status
