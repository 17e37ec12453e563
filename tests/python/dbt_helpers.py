"""Run dbt against a throw-away landing area and warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from lwh import spec

PROJECT = spec.project_dir()
DBT = str(Path(sys.executable).parent / "dbt")


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
