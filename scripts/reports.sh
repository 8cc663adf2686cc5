#!/usr/bin/env bash
# Regenerates notebooks-export/ (what `make reports` runs): each bundled scenario below is run with
# the release binary into its default database, results/<name>-<seed>.sqlite (git-ignored; --force
# replaces the previous one), and its report — SVG plots, report.ipynb, CSV tables, index.html —
# written to notebooks-export/<name>/; then one sweep (scenarios/sweeps/cluster-smoke.yaml, 8 small
# runs) is reported to notebooks-export/cluster-smoke/ and baseline is compared with withhold-l2 in
# notebooks-export/compare-baseline-withhold-l2/. Reports hold no wall-clock figure: rerunning gives
# the same files (scripts/check-exports.sh checks that the committed ones are current).
# FRACTALSIM_REPORTS_ROOT: the folder to work in (default the checkout; it must hold scenarios/).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="${FRACTALSIM:-$repo/.build/release/fractalsim}"
[ -x "$bin" ] || { echo "error: $bin not found; run make build first (or set FRACTALSIM)" >&2; exit 2; }
cd "${FRACTALSIM_REPORTS_ROOT:-$repo}"
scenarios=(
  baseline.yaml                 # the honest tree: finality, acceptance, retained hashes, storage
  attacks/withhold-l2.yaml      # an L2 withholds data: alarms, votes, an election
  attacks/exit-vs-replace.yaml  # the same attack handled by exits
  bridge/baseline.yaml          # cross-validium messages with healthy bots (direct route)
  bridge/bots-down.yaml         # no bot: every message by forced routing
  l1/equivocate.yaml            # the L1 equivocates: forks, a stall, an L1 operator election
  provers/market.yaml           # the prover market: jobs, deadlines, fines and rewards
)
start=$(date +%s.%N)
declare -A dbs
for file in "${scenarios[@]}"; do
  out=$("$bin" run "scenarios/$file" --quiet --force) || { echo "$out"; echo "error: scenarios/$file failed" >&2; exit 1; }
  db=$(printf '%s\n' "$out" | sed -n 's/^Results *//p')
  name=$(sed -n 's/^name: *//p' "scenarios/$file" | head -n 1)
  dbs[$name]=$db
  "$bin" report "$db" --out "notebooks-export/$name" | sed -n 's/^Report *//p'
done
rm -f results/cluster-smoke.sqlite
"$bin" sweep scenarios/sweeps/cluster-smoke.yaml --db results/cluster-smoke.sqlite --quiet >/dev/null
"$bin" report results/cluster-smoke.sqlite --out notebooks-export/cluster-smoke | sed -n 's/^Report *//p'
"$bin" compare "${dbs[baseline]}" "${dbs[withhold-l2]}" --out notebooks-export/compare-baseline-withhold-l2 \
  | sed -n 's/^Report *//p'
awk -v n="$(( ${#scenarios[@]} + 2 ))" -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "reports: %d written in %.1f s\n", n, b - a }'
