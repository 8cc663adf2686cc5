#!/usr/bin/env bash
# The tests of the Python helper python/fractalsim.py (part of `make test`): pytest against
# databases written by the debug binary. Skipped, with a line saying so, without pandas or pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c "import pandas, pytest" >/dev/null 2>&1; then
  echo "python helper tests skipped: pandas or pytest missing (scripts/install-deps.sh --test-tools installs them)"
  exit 0
fi
PYTHONDONTWRITEBYTECODE=1 FRACTALSIM="${FRACTALSIM:-$PWD/.build/debug/fractalsim}" python3 -m pytest -q -p no:cacheprovider python/test_fractalsim.py
