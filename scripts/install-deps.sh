#!/usr/bin/env bash
# Installs the system libraries FractalSim links against, only when they are missing:
# GSL (libgsl-dev, found with pkg-config) and SQLite (libsqlite3-dev, used by GRDB).
#   --test-tools  also GNU parallel (Debian package `parallel`), which a CLI test drives shards
#                 through, and Python jsonschema and PyYAML (python3-jsonschema, python3-yaml), which
#                 check the bundled scenarios against scenarios/scenario.schema.json; best effort:
#                 when they cannot be installed those tests are skipped.
set -euo pipefail
if [ "${1:-}" = "--test-tools" ]; then
  "$0" || exit $?
  tools=()
  command -v parallel >/dev/null 2>&1 || tools+=(parallel)
  python3 -c 'import jsonschema, yaml' >/dev/null 2>&1 || tools+=(python3-jsonschema python3-yaml)
  [ ${#tools[@]} -eq 0 ] && exit 0
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  echo "installing test tools: ${tools[*]}"
  { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${tools[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${tools[@]}" >/dev/null; }; } \
    || echo "warning: could not install ${tools[*]}; the tests that need them will be skipped" >&2
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
