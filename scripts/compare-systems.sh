#!/usr/bin/env bash
# The comparison of production layouts (docs/systems.md): runs every scenario of scenarios/systems/
# (the fractal narrow tree and the layouts mapped onto the model, all at 364 nodes with the shared
# settings of scenarios/systems/common.yaml) and prints one Markdown table: finality (path and
# global, p50 / p99), L1 gas per hour and per included transaction,
# storage per validium (mean and max) and cross-validium latency (direct messages, mint p50).
# Usage: scripts/compare-systems.sh [OUTDIR]  (FRACTALSIM, default .build/release/fractalsim, else debug)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FRACTALSIM:-.build/release/fractalsim}"
[ -x "$bin" ] || bin=.build/debug/fractalsim
[ -x "$bin" ] || { echo "error: no fractalsim binary: swift build first, or set FRACTALSIM" >&2; exit 2; }
out="${1:-$(mktemp -d "${TMPDIR:-/tmp}/fractalsim-systems.XXXXXX")}"
mkdir -p "$out"
layouts="fractal-narrow gateway l3-on-l2 checkpoint-tree prover-pool"
for name in $layouts; do
  "$bin" run "scenarios/systems/$name.yaml" --quiet --force --db "$out/$name.sqlite" --json "$out/$name.json" > "$out/$name.txt"
done
python3 - "$out" $layouts <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
def fmt_s(x):
    if x is None: return "n/a"
    return f"{x/60:.1f} min" if x >= 120 else f"{x:.0f} s"
def fmt_g(x):
    if x is None: return "n/a"
    return f"{x/1e6:.2f} M" if x >= 1e6 else (f"{x/1e3:.1f} k" if x >= 1e4 else f"{x:,.0f}")
def fmt_b(x): return "n/a" if x is None else f"{x/1e3:.0f} KB"
print("| layout | nodes | path final p50 / p99 | global final p50 / p99 | L1 gas / h | L1 gas / tx | storage / validium mean (max) | cross-validium mint p50 |")
print("|---|---|---|---|---|---|---|---|")
for n in names:
    f = {x["name"]: x["value"] for x in json.load(open(f"{out}/{n}.json"))["figures"]}
    g = f.get
    path = f"{fmt_s(g('finality.path.p50'))} / {fmt_s(g('finality.path.p99'))}" if "finality.path.p50" in f else "n/a"
    print(f"| {n} | {int(g('nodes'))} | {path} | {fmt_s(g('finality.global.p50'))} / {fmt_s(g('finality.global.p99'))} "
          f"| {fmt_g(g('l1.gas.per_hour'))} | {fmt_g(g('l1.gas.per_tx'))} | {fmt_b(g('storage.mean_bytes'))} ({fmt_b(g('storage.max_bytes'))}) "
          f"| {fmt_s(g('bridge.direct.mint.p50'))} |")
PY
