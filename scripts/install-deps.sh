#!/usr/bin/env bash
# Installs the system libraries FractalSim links against, only when they are missing:
# GSL (libgsl-dev, found with pkg-config) and SQLite (libsqlite3-dev, used by GRDB).
#   --test-tools  also GNU parallel (Debian package `parallel`), which a CLI test drives shards
#                 through; Python jsonschema and PyYAML, which check the bundled scenarios against
#                 scenarios/scenario.schema.json; and junitparser (reads `bounds --junit` in
#                 MachineReadableTests), pandas and pytest (python/test_fractalsim.py). From PyPI,
#                 or Debian's python3-* packages where pip may not install; best effort: when one
#                 cannot be installed, the tests that need it are skipped.
#   --browser     also headless Chromium (Debian package `chromium`), which `make check-reports`
#                 renders every report page with.
set -euo pipefail
if [ "${1:-}" = "--browser" ]; then
  "$0" || exit $?
  command -v chromium >/dev/null 2>&1 && exit 0
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  echo "installing chromium for make check-reports"
  { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium >/dev/null; }; } \
    || { echo "error: could not install chromium (Debian package chromium)" >&2; exit 2; }
  exit 0
fi
if [ "${1:-}" = "--test-tools" ]; then
  "$0" || exit $?
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  if ! command -v parallel >/dev/null 2>&1; then
    echo "installing GNU parallel for the cluster test"
    { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends parallel >/dev/null 2>&1 \
      || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends parallel >/dev/null; }; } \
      || echo "warning: could not install GNU parallel; the GNU parallel test will be skipped" >&2
  fi
  python_missing=()
  for module in jsonschema yaml junitparser pandas pytest; do
    python3 -c "import $module" >/dev/null 2>&1 || python_missing+=("$module")
  done
  if [ ${#python_missing[@]} -gt 0 ]; then
    pip_names=("${python_missing[@]/#yaml/PyYAML}")
    echo "installing Python test tools: ${pip_names[*]}"
    python3 -m pip install -q "${pip_names[@]}" >/dev/null 2>&1 \
      || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${python_missing[@]/#/python3-}" >/dev/null 2>&1 \
      || echo "warning: could not install ${python_missing[*]}; the tests that need them are skipped" >&2
  fi
  exit 0
fi
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists gsl 2>/dev/null || missing+=(libgsl-dev)
{ [ -f /usr/include/sqlite3.h ] || pkg-config --exists sqlite3 2>/dev/null; } || missing+=(libsqlite3-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing missing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists: update when a package cannot be found.
$sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  $sudo apt-get update -qq
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}
