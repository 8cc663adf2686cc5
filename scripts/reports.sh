#!/usr/bin/env bash
# Regenerates notebooks-export/ (what `make reports` runs): each bundled scenario below is run with
# the release binary into its default database, results/<name>-<seed>.sqlite (git-ignored; --force
# replaces the previous one), and
# its report — SVG plots, report.ipynb, CSV tables, index.html — written to notebooks-export/<name>/.
# Reports hold no database and no wall-clock figure: rerunning gives the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FRACTALSIM:-.build/release/fractalsim}"
[ -x "$bin" ] || { echo "error: $bin not found; run make build first (or set FRACTALSIM)" >&2; exit 2; }
scenarios=(
  baseline.yaml                 # the honest tree: finality, acceptance, retained hashes, storage
  attacks/withhold-l2.yaml      # an L2 withholds data: alarms, votes, an election
  attacks/exit-vs-replace.yaml  # the same attack handled by exits
  bridge/baseline.yaml          # cross-validium messages with healthy bots (direct route)
  bridge/bots-down.yaml         # no bot: every message by forced routing
)
start=$(date +%s.%N)
for file in "${scenarios[@]}"; do
  out=$("$bin" run "scenarios/$file" --quiet --force) || { echo "$out"; echo "error: scenarios/$file failed" >&2; exit 1; }
  db=$(printf '%s\n' "$out" | sed -n 's/^Results *//p')
  name=$(sed -n 's/^name: *//p' "scenarios/$file" | head -n 1)
  "$bin" report "$db" --out "notebooks-export/$name" | sed -n 's/^Report *//p'
done
awk -v n="${#scenarios[@]}" -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "reports: %d written in %.1f s\n", n, b - a }'
