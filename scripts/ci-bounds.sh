#!/usr/bin/env bash
# The bounds check that CI runs (the last step of `make test`): builds fractalsim in release mode,
# then calls `fractalsim bounds` on scenarios/bounds/finality.yaml, which must exit 0 (finality is
# O(log N) on a w = 3 tree up to 265,720 nodes), and on the chain control scenarios/bounds/chain.yaml,
# which must exit 1 (finality linear in N), so that the check is seen to fail when it should; the
# same on random trees (random-finality.yaml: Poisson(3) children, must pass; random-chain.yaml: one
# child each, must fail); and L1 gas per block, O(1) for a fixed width (l1-gas.yaml, must pass),
# with its control, a star whose L1 verifies every validium's ZKP (l1-gas-star.yaml, must fail).
# Fresh databases in a temporary directory: CI never reuses earlier runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=${SCRATCH:-.build}   # SwiftPM's build directory
t0=$(date +%s)
echo "bounds: building fractalsim in release mode"
$SWIFT build -c release --scratch-path "$SCRATCH" 2>&1 | tail -n 1
bin=$SCRATCH/release/fractalsim
echo "bounds: release build took $(( $(date +%s) - t0 )) s"
dir=$(mktemp -d "${TMPDIR:-/tmp}/fractalsim-bounds.XXXXXX")
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0
check() {
  local expected=$1 file=$2 status=0 start
  start=$(date +%s)
  "$bin" bounds "$file" --quiet --db "$dir/$(basename "$file" .yaml).sqlite" > "$dir/out.txt" 2>&1 || status=$?
  grep -E '^(Bounds|Verdict)|^  (growth|PASS|FAIL)' "$dir/out.txt" || true
  if [ "$status" -eq "$expected" ]; then
    passed=$((passed + 1))
    echo "ok     $file: exit $status as expected ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed + 1))
    cat "$dir/out.txt"
    echo "FAILED $file: exit $status, expected $expected ($(( $(date +%s) - start )) s)"
  fi
}
check 0 scenarios/bounds/finality.yaml
check 1 scenarios/bounds/chain.yaml
check 0 scenarios/bounds/random-finality.yaml
check 1 scenarios/bounds/random-chain.yaml
check 0 scenarios/bounds/l1-gas.yaml
check 1 scenarios/bounds/l1-gas-star.yaml
echo "bounds: total $(( $(date +%s) - t0 )) s"
echo "bounds: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
