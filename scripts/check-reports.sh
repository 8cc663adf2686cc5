#!/usr/bin/env bash
# Renders every report page in headless Chromium and fails on a JavaScript error, a missing or
# malformed image, or an empty plot (what `make check-reports` runs):
#   scripts/check-reports.sh [PAGE...]   (default: notebooks-export/*/index.html and */timeline.html)
# Static checks first (scripts/check-reports.py: files exist, SVGs parse and draw data points), then
# each page is loaded by Chromium (--dump-dom, console on stderr): an "Uncaught" error fails it, and a
# page with scripts must mark itself ready (data-ready="yes" on <body>) once they ran.
# Chromium: Debian package `chromium` (scripts/install-deps.sh --browser). Exit 0 all good, 1 a page
# failed, 2 no Chromium or no python3.
set -euo pipefail
pages=()
for page in "$@"; do pages+=("$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"); done
set -- "${pages[@]+"${pages[@]}"}"
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "error: chromium not found (scripts/install-deps.sh --browser installs it)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "error: python3 not found" >&2; exit 2; }
if [ $# -eq 0 ]; then
  shopt -s nullglob
  set -- notebooks-export/*/index.html notebooks-export/*/timeline.html
fi
[ $# -gt 0 ] || { echo "error: no report pages found (make reports writes them)" >&2; exit 2; }
status=0
python3 scripts/check-reports.py "$@" || status=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for page in "$@"; do
  url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
  page=${page#"$PWD/"}
  if ! timeout 120 "$browser" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
      --virtual-time-budget=5000 --dump-dom "$url" >"$tmp/dom" 2>"$tmp/log"; then
    echo "error: $page: chromium failed to render it"; status=1; continue
  fi
  if grep -q 'CONSOLE.*Uncaught' "$tmp/log"; then
    echo "error: $page: JavaScript error: $(grep 'CONSOLE.*Uncaught' "$tmp/log" | head -n 1 | sed 's/.*CONSOLE[^]]*] //')"
    status=1
  fi
  if grep -q '<script' "$page" && ! grep -q 'data-ready="yes"' "$tmp/dom"; then
    echo "error: $page: its scripts did not finish (no data-ready=\"yes\" on <body>)"; status=1
  fi
  [ -s "$tmp/dom" ] || { echo "error: $page: rendered to nothing"; status=1; }
done
[ $status -eq 0 ] && echo "check-reports: $# pages rendered, no JavaScript error, no empty plot"
exit $status
