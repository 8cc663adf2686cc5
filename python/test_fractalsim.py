"""Tests of python/fractalsim.py against databases written by the fractalsim binary.

Run by `make test` (scripts/python-tests.sh) when pandas and pytest are installed; skipped otherwise.
The binary: $FRACTALSIM, else .build/debug/fractalsim or .build/release/fractalsim.
"""
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
import fractalsim as fs  # noqa: E402  (after the skip: it imports pandas)

ROOT = Path(__file__).resolve().parent.parent
TINY = """name: tiny
seed: 1
duration: 3m
tree: { shape: complete, width: 2, depth: 3 }
update: { every: 15s }
"""
SWEEP = TINY.replace("name: tiny", "name: tiny-sweep") + """sweep:
  tree.width: [2, 3]
  tree.depth: [1, 2]
  replicates: 2
"""


def binary() -> str:
    for candidate in [os.environ.get("FRACTALSIM", ""), ROOT / ".build/debug/fractalsim", ROOT / ".build/release/fractalsim"]:
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    pytest.skip("no fractalsim binary (build it, or set FRACTALSIM)")


def fractalsim(tmp_path, *args):
    done = subprocess.run([binary(), *args], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fractalsim")
    (tmp / "tiny.yaml").write_text(TINY)
    (tmp / "sweep.yaml").write_text(SWEEP)
    fractalsim(tmp, "run", "tiny.yaml", "--quiet", "--db", "run.sqlite")
    fractalsim(tmp, "sweep", "sweep.yaml", "--quiet", "--jobs", "1", "--db", "sweep.sqlite", "--json", "sweep.json")
    return tmp


def test_load_run_is_the_summary_table(databases):
    frame = fs.load_run(str(databases / "run.sqlite"))
    with sqlite3.connect(databases / "run.sqlite") as con:
        rows = con.execute("SELECT name, value, unit FROM summary ORDER BY position").fetchall()
    assert list(frame.columns) == ["run_id", "scenario", "seed", "overrides", "name", "value", "text", "unit"]
    assert list(frame["name"]) == [r[0] for r in rows]
    assert frame.set_index("name").loc["nodes", "value"] == 15.0
    assert set(frame["scenario"]) == {"tiny"} and set(frame["seed"]) == {1} and frame["overrides"].iloc[0] == []
    only = fs.load_run(str(databases / "run.sqlite"), figures=["nodes", "l1.blocks"])
    assert sorted(only["name"]) == ["l1.blocks", "nodes"]


def test_load_sweep_is_tidy_with_axis_columns(databases):
    frame = fs.load_sweep(str(databases / "sweep.sqlite"), figures=["nodes"])
    assert len(frame) == 8  # 4 points × 2 replicates, one figure
    assert {"tree.width", "tree.depth", "run_index", "point", "replicate", "seed"} <= set(frame.columns)
    nodes = {(int(r["tree.width"]), int(r["tree.depth"])): r["value"] for _, r in frame.iterrows()}
    assert nodes == {(2, 1): 3.0, (2, 2): 7.0, (3, 1): 4.0, (3, 2): 13.0}
    with pytest.raises(ValueError):
        fs.load_sweep(str(databases / "run.sqlite"))


def test_summary_matches_the_sweep_command(databases):
    table = fs.summary(str(databases / "sweep.sqlite"))
    document = json.loads((databases / "sweep.json").read_text())
    for point in document["points"]:
        for figure in point["figures"]:
            row = table[(table["point"] == point["point"]) & (table["name"] == figure["name"])]
            if len(row) == 0:  # a figure this kind of run does not produce (bridge.* without bridging)
                assert figure["count"] == 0 and figure["mean"] is None, figure
                continue
            assert len(row) == 1, figure["name"]
            if figure["mean"] is None:
                assert pd.isna(row["mean"].iloc[0])
            else:
                assert row["mean"].iloc[0] == pytest.approx(figure["mean"], rel=1e-12, abs=1e-12)
                assert int(row["count"].iloc[0]) == figure["count"]
    per_run = fs.summary(str(databases / "run.sqlite"), figures=["nodes"])
    assert list(per_run.columns) == ["run_id", "scenario", "name", "unit", "mean", "sd", "count"]
    assert per_run["mean"].iloc[0] == 15.0 and int(per_run["count"].iloc[0]) == 1
