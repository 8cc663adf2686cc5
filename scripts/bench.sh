#!/usr/bin/env bash
# Benchmarks of the core (BENCHMARKS.md): events/s, wall time and peak RSS for the bundled
# baseline (3,280 nodes, 1 h) and for 88,573 nodes (w=3, d=10, 1 h), in release mode.
#   scripts/bench.sh            both
#   scripts/bench.sh baseline   only the baseline
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
bin=./.build/release/fractalsim
out=${TMPDIR:-/tmp}/fractalsim-bench; mkdir -p "$out"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u +%Y-%m-%d)"
bench() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$bin" run scenarios/baseline.yaml --quiet --force --db "$out/$label.sqlite" "$@" > "$out/$label.txt"
  read -r wall rss_kb < "$out/time"
  printf '%-22s %s\n' "$label" "$(grep -E '^Engine' "$out/$label.txt" | sed 's/^Engine *//')"
  printf '%-22s process wall %.1f s (database included), peak RSS %.0f MB\n' "" "$wall" "$(echo "$rss_kb / 1024" | bc -l)"
}
bench "baseline (d=7)"
[ "${1:-all}" = baseline ] && exit 0
bench "88,573 nodes (d=10)" --set tree.depth=10
