#!/usr/bin/env bash
# A visual check of the reports: renders notebooks-export/*/index.html (or the given pages) with
# headless Chromium (Debian: apt-get install chromium) into results/screenshots/<report>.png,
# which git ignores. Exit 2 when Chromium is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "skipped: chromium not found (Debian: apt-get install chromium)" >&2; exit 2; }
if [ $# -eq 0 ]; then set -- notebooks-export/*/index.html; fi
mkdir -p results/screenshots
for page in "$@"; do
  name=$(basename "$(dirname "$page")")
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,4800 \
    --screenshot="results/screenshots/$name.png" "file://$PWD/$page" >/dev/null 2>&1
  echo "results/screenshots/$name.png"
done
