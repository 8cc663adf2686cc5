#!/usr/bin/env bash
# Bad-input fuzzing (issue 10): builds fractalsim and fractalsim-fuzz in release mode, then
# generates CASES broken scenario files (mutations of scenarios/**/*.yaml: wrong types, unknown
# keys, out-of-range and meaningless values, bad units, huge values, deep nesting, non-UTF-8
# bytes, empty and binary files, duplicated keys, YAML alias bombs, syntax errors) and checks that
# each is refused with a message naming the file, the line and the key: in process (the loader of
# `validate` and `run`), through `fractalsim validate` (batches of 250) and `fractalsim run` (a
# sample), without a crash, a hang or unbounded memory. Exit 0 when every case passes.
#   CASES=10000 SEED=1 RUNS=300 scripts/fuzz-scenarios.sh      (`make fuzz`)
#   KEEP=dir keeps the generated files (a crash in process leaves the case's path in dir/current).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=${SCRATCH:-.build}
CASES=${CASES:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-300}
t0=$(date +%s)
echo "fuzz: building fractalsim and fractalsim-fuzz in release mode"
$SWIFT build -c release --scratch-path "$SCRATCH" --product fractalsim 2>&1 | tail -n 1
$SWIFT build -c release --scratch-path "$SCRATCH" --product fractalsim-fuzz 2>&1 | tail -n 1
args=(--cases "$CASES" --seed "$SEED" --runs "$RUNS" --binary "$SCRATCH/release/fractalsim" --scenarios scenarios)
if [ -n "${KEEP:-}" ]; then args+=(--keep "$KEEP"); fi
status=0
"$SCRATCH/release/fractalsim-fuzz" "${args[@]}" || status=$?
echo "fuzz: total $(( $(date +%s) - t0 )) s"
exit "$status"
