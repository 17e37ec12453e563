"""Where a warehouse lives, and how a build is published: the engine's part of `lwh build`.

`lwh build` needs five things of an engine's storage, whatever the engine (the `WarehouseStore`
interface): what the published warehouse's build saw (`seen_landed`), a build location that
starts from the published warehouse (`start_build`), the environment that points dbt at that
location (`dbt_environment`), dropping relations there (`drop_relations`) and recording what it
saw (`record_landed`), and an atomic publish (`publish`). `DuckDBFileStore` is the DuckDB
implementation: the build file `<warehouse>.building` beside the published file, renamed over it.
An engine with a server (Spark, a SQL warehouse) implements the same methods, for example by
building into a fresh schema and switching a pointer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

# where a build records the landed files it saw (schema lwh, outside dbt's schemas)
LANDED_TABLE = "lwh.landed_files"


class WarehouseStore(Protocol):
    location: str           # where readers find the published warehouse (for messages)

    def seen_landed(self) -> dict[str, str | None] | None:
        """The landed files (and checksums) the published warehouse's build saw; None if unknown."""

    def start_build(self, fresh: bool) -> str | None:
        """Start a build location: a copy of the published warehouse (incremental state), or empty
        when `fresh` or nothing is published. Returns a note for the user, or None."""

    def dbt_environment(self) -> dict[str, str]:
        """Environment variables that point the dbt profile at the build location."""

    def drop_relations(self, relations: list[tuple[str, str]]) -> None:
        """Drop (schema, table) relations in the build location."""

    def record_landed(self, files: dict[str, str | None]) -> None:
        """Record in the build location the landed files (and checksums) the build saw."""

    def publish(self) -> None:
        """Make the build the published warehouse, atomically for readers."""

    def after_failure(self) -> str:
        """What readers find after a failed build (for the message `lwh build` prints)."""


def _connect(path: Path, read_only: bool = False):
    import duckdb

    return duckdb.connect(str(path), read_only=read_only)


def remove_database(path: Path) -> None:
    """Delete a DuckDB file and its write-ahead log, if there."""
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def seen_landed(database: Path) -> dict[str, str | None] | None:
    """The landed files (and checksums) recorded in a DuckDB warehouse file; None if unknown."""
    if not Path(database).exists():
        return None
    con = _connect(database, read_only=True)
    try:
        columns = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                             "where table_schema = 'lwh' and table_name = 'landed_files'").fetchall()}
        if not columns:
            return None
        sha = "sha256" if "sha256" in columns else "null"
        return dict(con.execute(f"select file, {sha} from {LANDED_TABLE}").fetchall())
    finally:
        con.close()


def record_landed(database: Path, files: dict[str, str | None]) -> None:
    """Record in a DuckDB warehouse file the landed files a build saw, with their checksums."""
    con = _connect(database)
    try:
        con.execute("create schema if not exists lwh")
        con.execute(f"create or replace table {LANDED_TABLE} (file varchar, sha256 varchar)")
        con.executemany(f"insert into {LANDED_TABLE} values (?, ?)", [list(f) for f in files.items()])
        con.execute("checkpoint")
    finally:
        con.close()


class DuckDBFileStore:
    """A DuckDB warehouse file. BI tools hold it open read-only and DuckDB lets no process write
    a file another has open, so a build writes `<warehouse>.building` and renames it over the
    published file (an atomic rename on one file system): a reader keeps the old, complete file;
    the next connection sees the new one."""

    def __init__(self, warehouse: Path):
        self.warehouse = Path(warehouse).resolve()
        self.building = self.warehouse.with_name(self.warehouse.name + ".building")
        self.location = str(self.warehouse)

    def seen_landed(self) -> dict[str, str | None] | None:
        return seen_landed(self.warehouse)

    def start_build(self, fresh: bool) -> str | None:
        from .storage import compatibility, copy_for_build

        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        remove_database(self.building)          # a killed earlier build leaves nothing we reuse
        if self.warehouse.exists() and not fresh and copy_for_build(self.warehouse, self.building):
            # a conversion: the published file was in a newer storage format (see lwh.storage)
            return (f"{self.warehouse} was in a newer DuckDB storage format; the build converts it to "
                    f"{compatibility()} so DuckDB 1.x clients can open it")
        return None

    def dbt_environment(self) -> dict[str, str]:
        return {"LWH_WAREHOUSE_PATH": str(self.building)}

    def drop_relations(self, relations: list[tuple[str, str]]) -> None:
        if not self.building.exists():
            return
        con = _connect(self.building)
        try:
            for schema, name in relations:
                con.execute(f'drop table if exists "{schema}"."{name}"')
            con.execute("checkpoint")
        finally:
            con.close()

    def record_landed(self, files: dict[str, str | None]) -> None:
        record_landed(self.building, files)

    def publish(self) -> None:
        con = _connect(self.building)
        try:
            con.execute("checkpoint")
        finally:
            con.close()
        self.building.with_name(self.building.name + ".wal").unlink(missing_ok=True)
        os.replace(self.building, self.warehouse)   # atomic: readers see the old or the new file

    def after_failure(self) -> str:
        return f"the published warehouse {self.location} is unchanged (the partial build is in {self.building})"


class SparkStore:
    """A Spark warehouse (a target of `type: spark` in profiles.yml: a local session by default,
    or a Thrift server or Databricks cluster).

    Spark's Parquet tables have no transaction that spans tables (Delta Lake's and Iceberg's
    jars cannot be assumed), so a Spark build is written in place, as `dbt build` writes it:
    each table is replaced when dbt reaches it (dbt-spark drops a Parquet table and creates it
    again: a query in that instant finds no table), and a reader during the build sees the
    tables done so far new and the others old. A failed build leaves that mixture; `lwh build`
    says so and does not record what it saw, so the next build starts from the same landed files
    and converges to the warehouse an uninterrupted build gives (incremental models load only the
    files they have not loaded yet). What the build saw is kept in `landed_files.json` in the
    warehouse folder (LWH_SPARK_WAREHOUSE_DIR, also the local session's tables and metastore).
    `--fresh` drops the project's schemas first."""

    def __init__(self, target: str, warehouse_dir: Path, operation):
        self.target = target
        self.dir = Path(warehouse_dir).resolve()
        self.state = self.dir / "landed_files.json"
        self._operation = operation            # runs a dbt macro on the target: (name, args) -> None
        method = os.environ.get("LWH_SPARK_METHOD", "session")
        where = str(self.dir) if method == "session" else f"{method} {os.environ.get('LWH_SPARK_HOST', '')}"
        self.location = f"the Spark warehouse ({where}; built in place)"

    def seen_landed(self) -> dict[str, str | None] | None:
        if not self.state.exists():
            return None
        return json.loads(self.state.read_text(encoding="utf-8"))

    def start_build(self, fresh: bool) -> str | None:
        self.dir.mkdir(parents=True, exist_ok=True)
        if not fresh:
            return None
        self.state.unlink(missing_ok=True)
        self._operation("lw_drop_built_schemas", {})
        return "dropped the project's schemas on Spark (a fresh build)"

    def dbt_environment(self) -> dict[str, str]:
        return {"LWH_TARGET": self.target, "LWH_SPARK_WAREHOUSE_DIR": str(self.dir)}

    def drop_relations(self, relations: list[tuple[str, str]]) -> None:
        if relations:
            self._operation("lw_drop_relations", {"relations": [list(r) for r in relations]})

    def record_landed(self, files: dict[str, str | None]) -> None:
        part = self.state.with_name(self.state.name + ".part")
        part.write_text(json.dumps(files, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(part, self.state)

    def publish(self) -> None:
        """Nothing to switch: the build wrote the tables in place (see the class)."""

    def after_failure(self) -> str:
        return (f"{self.location} holds the tables this build replaced and the others as they were; "
                "the next build completes it")
