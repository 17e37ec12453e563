"""`lwh build`: run `dbt build` without ever disturbing readers of the published warehouse.

BI tools hold the warehouse file open read-only, and DuckDB lets no process write a file that
another process has open. So dbt never writes the published file:

1. the build file `<warehouse>.building` starts as a copy of the published file (so that
   incremental models keep their state), or empty when there is none;
2. `dbt build` runs against the build file;
3. only when it succeeds is the build file checkpointed and renamed over the published file
   (an atomic rename on the same file system). A reader that has the old file open keeps
   reading the old, complete warehouse; the next connection sees the new one.

A build that fails or is killed leaves the published file untouched; the next build starts a
fresh build file, so an interrupted build converges to the same warehouse as an
uninterrupted one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb


def building_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".building")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def build(warehouse: Path, dbt_args: list[str], fresh: bool = False, dbt: str | None = None) -> int:
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    staging = building_path(warehouse)
    _remove(staging)                       # a killed earlier build leaves nothing we reuse
    if warehouse.exists() and not fresh:
        shutil.copyfile(warehouse, staging)
    env = dict(os.environ, LWH_WAREHOUSE_PATH=str(staging))
    dbt = dbt or str(Path(sys.executable).parent / "dbt")
    proc = subprocess.run([dbt, "build", *dbt_args], env=env)
    if proc.returncode != 0:
        print(f"lwh build: dbt build failed; the published warehouse {warehouse} is unchanged "
              f"(the partial build is in {staging})", file=sys.stderr)
        return proc.returncode
    con = duckdb.connect(str(staging))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
    os.replace(staging, warehouse)         # atomic: readers see the old or the new file, never a mix
    print(f"lwh build: published {warehouse}")
    return 0
