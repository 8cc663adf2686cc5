#!/usr/bin/env bash
# Regenerates the key table in README.md (between its marker lines) and scenarios/scenario.schema.json
# from the key registry, with the built binary (FRACTALSIM, default .build/debug/fractalsim).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FRACTALSIM:-.build/debug/fractalsim}"
[ -x "$bin" ] || { echo "error: $bin not found: swift build first, or set FRACTALSIM" >&2; exit 2; }
"$bin" schema > scenarios/scenario.schema.json
table="$(mktemp)"
"$bin" schema --key-table > "$table"
awk -v table="$table" '
  /^<!-- key table: generated/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /^<!-- end of key table -->/ { skip = 0 }
  !skip { print }
' README.md > README.md.new && mv README.md.new README.md
rm -f "$table"
echo "updated README.md key table and scenarios/scenario.schema.json"
