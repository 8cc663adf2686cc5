#!/usr/bin/env bash
# Fails when the committed notebooks-export/ differs from what the current release binary writes
# (`make check-exports`, part of `make test`): reruns scripts/reports.sh in a scratch folder that
# mirrors the checkout (scenarios/ linked, so stored paths are the same) and compares every file.
# Fix a failure with `make reports` and commit notebooks-export/. Exit 0 current, 1 stale, 2 no binary.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${FRACTALSIM:-$repo/.build/release/fractalsim}"
[ -x "$bin" ] || { echo "error: $bin not found; run make build first (or set FRACTALSIM)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$repo/scenarios" "$tmp/scenarios"
mkdir -p "$tmp/results" "$tmp/notebooks-export"
FRACTALSIM="$bin" FRACTALSIM_REPORTS_ROOT="$tmp" "$repo/scripts/reports.sh" >"$tmp/log" 2>&1 \
  || { cat "$tmp/log"; echo "error: regenerating the reports failed" >&2; exit 1; }
if ! diff -r -q --exclude=README.md "$repo/notebooks-export" "$tmp/notebooks-export" >"$tmp/diff"; then
  sed 's|'"$tmp"'/||' "$tmp/diff" | head -n 20
  echo "error: notebooks-export/ is stale: the current binary writes other reports; run make reports and commit notebooks-export/" >&2
  exit 1
fi
echo "check-exports: notebooks-export/ matches what $(basename "$bin") $("$bin" --version) writes ($(tail -n 1 "$tmp/log" | sed 's/^reports: //'))"
