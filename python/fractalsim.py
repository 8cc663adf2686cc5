"""Tidy pandas DataFrames from FractalSim results databases.

    import fractalsim as fs
    runs = fs.load_run("results/baseline-1.sqlite")            # one row per (run, figure)
    grid = fs.load_sweep("results/width-depth-sweep.sqlite")   # one row per (run, figure), axes as columns
    table = fs.summary("results/width-depth-sweep.sqlite")     # one row per (point, figure): mean, sd, count

Only completed runs are read (an interrupted sweep's unfinished run is skipped, as `fractalsim` does).
The database is opened read-only. Needs pandas; the schema is docs/results-schema.md.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable, Optional

import pandas as pd

__all__ = ["load_run", "load_sweep", "summary", "load_table"]


def _connect(db: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def _has_table(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _figure_filter(figures: Optional[Iterable[str]]) -> tuple[str, list]:
    if figures is None:
        return "", []
    names = list(figures)
    return f" AND s.name IN ({', '.join('?' * len(names))})", names


def load_table(db: str, table: str, run: Optional[int] = None) -> pd.DataFrame:
    """A whole table (`finality_by_depth`, `samples`, `storage`…), completed runs only, optionally one run id."""
    with _connect(db) as con:
        quoted = '"' + table.replace('"', '""') + '"'
        columns = [row[1] for row in con.execute(f"PRAGMA table_info({quoted})")]
        if not columns:
            raise ValueError(f"{db}: no table {table}")
        if "run_id" not in columns:
            return pd.read_sql_query(f"SELECT * FROM {quoted}", con)
        where = "run_id IN (SELECT id FROM run WHERE completed = 1)" + (" AND run_id = ?" if run is not None else "")
        return pd.read_sql_query(f"SELECT * FROM {quoted} WHERE {where}", con, params=[run] if run is not None else [])


def load_run(db: str, run: Optional[int] = None, figures: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """Summary figures of the completed runs of `db` (or of run id `run`), one row per (run, figure).

    Columns: run_id, scenario, seed, overrides (a list), name, value (float, NaN without data),
    text (for text figures and "n/a"), unit.
    """
    extra, params = _figure_filter(figures)
    sql = ("SELECT s.run_id, r.name AS scenario, CAST(r.seed AS TEXT) AS seed, r.overrides, s.name, s.value, s.text, s.unit "
           "FROM summary s JOIN run r ON r.id = s.run_id WHERE r.completed = 1" + extra
           + (" AND s.run_id = ?" if run is not None else "") + " ORDER BY s.run_id, s.position")
    with _connect(db) as con:
        frame = pd.read_sql_query(sql, con, params=params + ([run] if run is not None else []))
    frame["seed"] = frame["seed"].map(int)
    frame["overrides"] = frame["overrides"].map(json.loads)
    frame["value"] = frame["value"].astype(float)
    return frame


def _axes(con: sqlite3.Connection) -> list[str]:
    row = con.execute("SELECT value FROM sweep_info WHERE key = 'axes'").fetchone()
    return json.loads(row[0]) if row else []


def load_sweep(db: str, figures: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """Summary figures of every completed run of a sweep (or bounds) database, one row per (run, figure).

    Columns: run_index, point, replicate, seed, one column per axis (named by its key, e.g.
    `tree.depth`, values as stored), name, value, text, unit.
    """
    with _connect(db) as con:
        if not _has_table(con, "sweep_info"):
            raise ValueError(f"{db} is not a sweep database (no sweep_info table): use load_run")
        axes = _axes(con)
        fixed = {"run_index", "point", "replicate", "seed", "run_id", "overrides"}
        axis_columns = ", ".join(
            f'w."{("axis:" + a if a in fixed else a).replace(chr(34), chr(34) * 2)}" AS "{a.replace(chr(34), chr(34) * 2)}"'
            for a in axes)
        extra, params = _figure_filter(figures)
        sql = ("SELECT w.run_index, w.point, w.replicate, CAST(w.seed AS TEXT) AS seed"
               + (", " + axis_columns if axes else "")
               + ", s.name, s.value, s.text, s.unit FROM sweep w JOIN run r ON r.id = w.run_id "
               "JOIN summary s ON s.run_id = w.run_id WHERE r.completed = 1" + extra
               + " ORDER BY w.run_index, s.position")
        frame = pd.read_sql_query(sql, con, params=params)
    frame["seed"] = frame["seed"].map(int)
    frame["value"] = frame["value"].astype(float)
    return frame


def summary(db: str, figures: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """Mean, sample standard deviation and count of each numeric figure.

    For a sweep (or bounds) database, one row per (point, figure) with the axis columns, as the
    `sweep` command's table (mean ± sd over replicates); for a run database, one row per
    (run, figure). Columns: [point and axes | run_id, scenario], name, unit, mean, sd, count.
    Figures without a numeric value (text figures, "n/a") count as missing.
    """
    with _connect(db) as con:
        sweep = _has_table(con, "sweep_info")
        axes = _axes(con) if sweep else []
    frame = load_sweep(db, figures) if sweep else load_run(db, figures=figures)
    keys = (["point"] + axes if sweep else ["run_id", "scenario"]) + ["name", "unit"]
    order = frame[keys].drop_duplicates()   # points in order, figures in summary order
    grouped = frame.groupby(keys, sort=False, dropna=False)["value"]
    stats = grouped.agg(mean="mean", sd="std", count="count").reset_index()
    return order.merge(stats, on=keys, how="left").reset_index(drop=True)
