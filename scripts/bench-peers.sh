#!/usr/bin/env bash
# Side by side in one session (issue 9, BENCHMARKS.md): the reference hold-model programs of
# peer benchmarks outside this repository (PEERS=DIR; C++ bare loop, SimPy) and `fractalsim bench` on the same workload, then the
# baseline scenario; prints the ratios.
#   scripts/bench-peers.sh            k=9 (29,524 nodes), 3 repeats, baseline at depth 7
#   K=7 REPEATS=1 SIMPY=0 scripts/bench-peers.sh      quicker; SIMPY=0 skips SimPy (≈80 s at k=9)
#   SIZES=7,10 scripts/bench-peers.sh                 baseline depths
# Needs g++, python3 (SimPy is installed into a venv under $TMPDIR, as ../shared/peers/run.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${PEERS:-../shared/peers}; [ -d "$peers" ] || peers=/work/shared/peers
k=${K:-9}; repeats=${REPEATS:-3}; sizes=${SIZES:-7}; simpy=${SIMPY:-1}
work=${TMPDIR:-/tmp}/fractalsim-peers; mkdir -p "$work"
swift build -c release --product fractalsim >/dev/null
bin=./.build/release/fractalsim
g++ -O3 -std=c++17 -o "$work/hold_cpp" "$peers/hold.cpp"
if [ "$simpy" = 1 ] && [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q simpy
fi
log=$work/session.txt; : > "$log"
eps() { sed -n 's/.*loop_eps=\([0-9]*\).*/\1/p'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
for variant in binary quad; do
  for _ in $(seq "$repeats"); do "$work/hold_cpp" "$k" "$variant" | tee -a "$log"; done
done
if [ "$simpy" = 1 ]; then "$work/venv/bin/python" "$peers/hold_simpy.py" "$k" proc | tee -a "$log"; fi
"$bin" bench --k "$k" --repeats "$repeats" --sizes "$sizes" | tee -a "$log"

cpp=$(grep '^impl=cpp-binary' "$log" | eps | median)
quad=$(grep '^impl=cpp-quad' "$log" | eps | median)
ours=$(grep '^hold ' "$log" | eps | median)
base=$(grep '^scenario .*depth=7 ' "$log" | sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' | head -1)
sums=$(grep -E '^(impl=|hold )' "$log" | sed -n 's/.*checksum=\([0-9]*\) wchecksum=\([0-9]*\).*/\1 \2/p' | sort -u | wc -l)
echo
echo "== ratios (medians of $repeats, k=$k) — checksums agree across programs: $([ "$sums" = 1 ] && echo yes || echo NO)"
awk -v c="$cpp" -v q="$quad" -v o="$ours" 'BEGIN {
  printf "C++ priority_queue %.2f M/s · C++ 4-ary %.2f M/s · fractalsim hold %.2f M/s\n", c/1e6, q/1e6, o/1e6
  printf "fractalsim hold / C++ priority_queue = %.2f   / C++ 4-ary = %.2f   (target >= 0.5)\n", o/c, o/q }'
if [ -n "$base" ]; then
  awk -v c="$cpp" -v b="$base" 'BEGIN { printf "fractalsim baseline (every default mechanism, d=7) %.2f M/s = %.2f of C++ priority_queue\n", b/1e6, b/c }'
fi
if [ "$simpy" = 1 ]; then
  sp=$(grep '^impl=simpy-proc ' "$log" | eps | head -1)
  awk -v s="$sp" -v o="$ours" -v b="${base:-0}" 'BEGIN {
    printf "SimPy idiomatic %.3f M/s: fractalsim hold = %.0fx SimPy", s/1e6, o/s
    if (b > 0) printf ", baseline = %.0fx SimPy", b/s
    printf "   (target >= 20x)\n" }'
fi
echo "(all lines in $log)"
