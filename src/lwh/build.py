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

Every published build records the landed files it saw (table lwh.landed_files). With
`--changed`, a build selects only what files landed since then can affect: the source tables
that got files, everything downstream of them, and their data tests (`dbt build --select
source:<system>.<table>+ ... --exclude-resource-type unit_test`). Unit tests are left out of
it: their inputs are fixed in the project, so new data cannot change their result. That is the
cheap daily run; after changing the project itself (models, seeds, vars), run a plain build,
which runs the unit tests too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from . import spec

# where a build records the landed files it saw (schema lwh, outside dbt's schemas)
LANDED_TABLE = "lwh.landed_files"


def building_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".building")


def dbt_executable() -> str:
    """The dbt command installed beside this Python (the project's virtual environment)."""
    return str(Path(sys.executable).parent / "dbt")


def remove_database(path: Path) -> None:
    """Delete a DuckDB file and its write-ahead log, if there."""
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def landed_files(raw_dir: Path) -> list[str]:
    """Every landed CSV, as <system>/<table>/<file> relative to the landing area."""
    raw_dir = Path(raw_dir)
    return sorted(str(p.relative_to(raw_dir)) for system in spec.SYSTEMS
                  for p in (raw_dir / system).glob("*/*.csv"))


def record_landed(database: Path, raw_dir: Path) -> None:
    """Record in the warehouse the landed files its build saw."""
    con = duckdb.connect(str(database))
    try:
        con.execute("create schema if not exists lwh")
        con.execute(f"create or replace table {LANDED_TABLE} (file varchar)")
        con.executemany(f"insert into {LANDED_TABLE} values (?)", [[f] for f in landed_files(raw_dir)])
        con.execute("checkpoint")
    finally:
        con.close()


def changed_selection(database: Path, raw_dir: Path) -> list[str] | None:
    """dbt selectors of the source tables with files landed since the build that wrote
    `database`: [] when nothing landed since, None when that is unknown (no recorded build)."""
    if not Path(database).exists():
        return None
    con = duckdb.connect(str(database), read_only=True)
    try:
        known = con.execute("select count(*) from information_schema.tables "
                            "where table_schema = 'lwh' and table_name = 'landed_files'").fetchall()[0][0]
        if not known:
            return None
        seen = {f for (f,) in con.execute(f"select file from {LANDED_TABLE}").fetchall()}
    finally:
        con.close()
    now = landed_files(raw_dir)
    gone = seen - set(now)
    if gone:
        raise SystemExit(f"lwh build --changed: {len(gone)} file(s) built before are no longer in the "
                         f"landing area {raw_dir}, e.g. {sorted(gone)[0]}; run a plain build (lwh build --fresh)")
    tables = sorted({tuple(f.split("/")[:2]) for f in now if f not in seen})
    return [f"source:{system}.{table}+" for system, table in tables]


def changed_build_args(selection: list[str]) -> list[str]:
    """The `dbt build` arguments of the daily run for the selectors from changed_selection."""
    return ["--select", *selection, "--exclude-resource-type", "unit_test"]


def build(warehouse: Path, dbt_args: list[str], fresh: bool = False, dbt: str | None = None,
          changed: bool = False, raw_dir: Path | None = None) -> int:
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    raw_dir = Path(raw_dir or os.environ.get("LWH_RAW_DIR") or "data/raw")
    selection = changed_selection(warehouse, raw_dir) if changed and not fresh else None
    if selection == []:
        print(f"lwh build: nothing landed in {raw_dir} since the build of {warehouse}; it is unchanged")
        return 0
    if changed and selection is None:
        print("lwh build --changed: no earlier build recorded what it saw; building everything")
    staging = building_path(warehouse)
    remove_database(staging)                       # a killed earlier build leaves nothing we reuse
    if warehouse.exists() and not fresh:
        shutil.copyfile(warehouse, staging)
    env = dict(os.environ, LWH_WAREHOUSE_PATH=str(staging))
    dbt = dbt or dbt_executable()
    select = changed_build_args(selection) if selection else []
    proc = subprocess.run([dbt, "build", *select, *dbt_args], env=env)
    if proc.returncode != 0:
        print(f"lwh build: dbt build failed; the published warehouse {warehouse} is unchanged "
              f"(the partial build is in {staging})", file=sys.stderr)
        return proc.returncode
    if raw_dir.exists():
        record_landed(staging, raw_dir)
    con = duckdb.connect(str(staging))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
    os.replace(staging, warehouse)         # atomic: readers see the old or the new file, never a mix
    print(f"lwh build: published {warehouse}")
    return 0
