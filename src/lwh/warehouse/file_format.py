"""The storage format of the warehouse file: one that every DuckDB client of the last two years opens.

DuckDB 2.0 writes new database files in its own storage format by default, which DuckDB 1.x
(the `duckdb` CLI from PyPI's `duckdb-cli`, DBeaver's and Metabase's DuckDB drivers,
duckdb-engine on duckdb 1.x) refuses to open. profiles.yml sets `storage_compatibility_version`
(default v1.1.0, `LWH_STORAGE_COMPATIBILITY` overrides it), so a file dbt creates is readable by
DuckDB 1.1 and later.

A database file keeps the format it was created with: opening it with another
`storage_compatibility_version` does not convert it. When the published file is in a newer
format than the project writes, `lwh build` (stores.DuckDBFileStore) starts its build from a
conversion (`convert`: `COPY FROM DATABASE` into a new file created in the wanted format: every
schema, table, view and macro, so incremental models keep their state) instead of building in
place.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

DEFAULT_COMPATIBILITY = "v1.1.0"


def compatibility() -> str:
    """The storage format new files are written in (the profile's `storage_compatibility_version`)."""
    return os.environ.get("LWH_STORAGE_COMPATIBILITY") or DEFAULT_COMPATIBILITY


def _version_tuple(text: str) -> tuple[int, ...] | None:
    m = re.match(r"v?(\d+)\.(\d+)\.(\d+)", text or "")
    return tuple(int(x) for x in m.groups()) if m else None


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def storage_version(path: Path) -> str | None:
    """The oldest DuckDB version that reads this file, as DuckDB reports it (e.g. 'v1.0.0+',
    'v2.0.0+'); None when this DuckDB does not tell."""
    con = duckdb.connect()
    try:
        con.execute(f"attach {_sql_text(Path(path))} as lwh_probe (read_only)")
        rows = con.execute("select tags from duckdb_databases() where database_name = 'lwh_probe'").fetchall()
        tags = rows[0][0] if rows else None
        return (tags or {}).get("storage_version")
    finally:
        con.close()


def needs_conversion(path: Path, target: str | None = None) -> bool:
    """Whether the file is in a newer storage format than `target` (default: compatibility())."""
    target = target or compatibility()
    wanted = _version_tuple(target)
    if wanted is None:                      # 'latest': whatever the file has is fine
        return False
    have = _version_tuple(storage_version(path) or "")
    return have is not None and have > wanted


def convert(source: Path, dest: Path, target: str | None = None) -> None:
    """Write a copy of the database `source` to the new file `dest` in the storage format `target`."""
    target = target or compatibility()
    dest = Path(dest)
    for p in (dest, dest.with_name(dest.name + ".wal")):
        p.unlink(missing_ok=True)
    config = {"memory_limit": os.environ.get("LWH_MEMORY_LIMIT") or "2.5GB"}
    if os.environ.get("LWH_TEMP_DIR"):
        config["temp_directory"] = os.environ["LWH_TEMP_DIR"]
    con = duckdb.connect(config=config)
    try:
        con.execute(f"attach {_sql_text(Path(source))} as lwh_source (read_only)")
        option = "" if _version_tuple(target) is None else f" (storage_version {_sql_text(target)})"
        con.execute(f"attach {_sql_text(dest)} as lwh_dest{option}")
        con.execute("copy from database lwh_source to lwh_dest")
        con.execute("checkpoint lwh_dest")
    finally:
        con.close()
