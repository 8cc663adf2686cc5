#!/usr/bin/env bash
# Installs the system libraries FractalSim links against, only when they are missing:
# GSL (libgsl-dev, found with pkg-config) and SQLite (libsqlite3-dev, used by GRDB).
set -euo pipefail
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
