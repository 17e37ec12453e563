"""Run dbt against a throw-away landing area and warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from lwh import project, spec
from lwh.warehouse.build import dbt_executable

PROJECT = spec.project_dir()
DBT = dbt_executable()
LWH = str(Path(sys.executable).parent / "lwh")


def lwh_env(raw: Path) -> dict:
    """The environment for `lwh build` over the landing area `raw`."""
    return dict(os.environ, DBT_PROFILES_DIR=str(PROJECT), LWH_RAW_DIR=str(raw.resolve()),
                DBT_SEND_ANONYMOUS_USAGE_STATS="false")


def lwh_build(raw: Path, warehouse: Path, *extra: str) -> subprocess.CompletedProcess:
    """`lwh build` of `warehouse` from `raw`; dbt's target, logs and spill files go beside it."""
    env = dict(lwh_env(raw), LWH_TEMP_DIR=str(warehouse.parent / "tmp"))
    return subprocess.run([LWH, "build", "--warehouse", str(warehouse), "--quiet", *extra,
                           "--target-path", str(warehouse.parent / f"target-{warehouse.stem}"),
                           "--log-path", str(warehouse.parent / "logs")],
                          cwd=PROJECT, env=env, capture_output=True, text=True)


def run_dbt(args: list[str], raw: Path, warehouse: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT), LWH_RAW_DIR=str(raw.resolve()),
               LWH_WAREHOUSE_PATH=str(warehouse), LWH_TEMP_DIR=str(warehouse.parent / "tmp"),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    target = warehouse.parent / "target"
    proc = subprocess.run([DBT, *args, "--target-path", str(target), "--log-path", str(warehouse.parent / "logs")],
                          cwd=PROJECT, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}")
    return proc


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


BUILT_SCHEMAS = project.schemas()


def checksums(warehouse: Path) -> dict[str, tuple]:
    """Row count and an order-independent checksum of every relation the build writes, over
    every column but `_loaded_at` (when the build that wrote the row started: the one column a
    rebuild, or an incremental build next to a full refresh, may differ in)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema in {BUILT_SCHEMAS} order by 1, 2").fetchall()
        out = {}
        for schema, name in tables:
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "and column_name <> '_loaded_at' order by ordinal_position", [schema, name]).fetchall()]
            row = "row(" + ", ".join(f'"{c}"' for c in cols) + ")"
            out[f"{schema}.{name}"] = con.execute(
                f'select count(*), coalesce(sum(hash({row})), 0) from "{schema}"."{name}"').fetchall()[0]
        return out
    finally:
        con.close()

