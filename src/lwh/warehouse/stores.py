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
import shutil
import signal
from pathlib import Path
from typing import Protocol

from lwh.landing.journal import fsync_dir

# where a build records the landed files it saw (schema lwh, outside dbt's schemas)
LANDED_TABLE = "lwh.landed_files"

# building in place (LWH_BUILD_IN_PLACE=1): no automatic checkpoint, however large the log or a
# single insert grows, and none on closing (applied to dbt's connection by
# lwh.warehouse.duckdb_build_plugin, and to the store's own connections to the build file)
NO_CHECKPOINT_SQL = (
    "SET checkpoint_threshold = '1000000GB'",
    "SET auto_checkpoint_skip_wal_threshold = 9223372036854775807",
    "PRAGMA disable_checkpoint_on_shutdown",
)


def building_in_place() -> bool:
    return os.environ.get("LWH_BUILD_IN_PLACE") == "1"


def disable_checkpoints(con) -> None:
    """Switch off every checkpoint DuckDB would make by itself on this database."""
    for sql in NO_CHECKPOINT_SQL:
        con.execute(sql)


class WarehouseStore(Protocol):
    location: str           # where readers find the published warehouse (for messages)

    def seen_landed(self) -> dict[str, str | None] | None:
        """The landed files (and checksums) the published warehouse's build saw; None if unknown."""

    def recover(self) -> str | None:
        """Finish or undo a build an earlier run was killed in (before anything reads the
        published warehouse). Returns a note for the user, or None."""

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


def write_landed(con, files: dict[str, str | None]) -> None:
    """Write into the database of `con` the landed files a build saw, with their checksums."""
    con.execute("create schema if not exists lwh")
    con.execute(f"create or replace table {LANDED_TABLE} (file varchar, sha256 varchar)")
    con.executemany(f"insert into {LANDED_TABLE} values (?, ?)", [list(f) for f in files.items()])


def record_landed(database: Path, files: dict[str, str | None]) -> None:
    """Record in a DuckDB warehouse file the landed files a build saw, with their checksums."""
    con = _connect(database)
    try:
        write_landed(con, files)
        con.execute("checkpoint")
    finally:
        con.close()


def _fault(point: str) -> None:
    """Test hook: die here, as `kill -9` or a power cut would, when LWH_BUILD_FAULT names this point."""
    if os.environ.get("LWH_BUILD_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def held_by_another_process(path: Path) -> str | None:
    """Whether another process has the DuckDB file open (DuckDB locks the whole file: shared for a
    read-only connection, exclusive for a writer); a description of the holder, or None."""
    import fcntl
    import struct

    fd = os.open(path, os.O_RDWR)
    try:
        # F_GETLK: would an exclusive lock on the whole file be refused, and by whom?
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        kind, _, _, _, pid = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
    finally:
        os.close(fd)
    if kind == fcntl.F_UNLCK:
        return None
    return f"process {pid} has {path.name} open" + (" for writing" if kind == fcntl.F_WRLCK else " (a reader)")


class DuckDBFileStore:
    """A DuckDB warehouse file, published so that a reader finds the old or the new warehouse,
    never a half-built one, and a build killed at any point loses nothing.

    A daily build does not copy the warehouse: it builds *in place* (`LWH_PUBLISH`, default
    `auto`). `<warehouse>.building` is a hard link to the published file (the same file under a
    second name, made in no time), dbt writes through it with every checkpoint switched off
    (`lwh.warehouse.duckdb_build_plugin`): what the build commits goes to `<warehouse>.building.wal` and
    new blocks go where the published warehouse has none, so the published state stays
    untouched until `publish` runs one `CHECKPOINT` (DuckDB's own crash-safe switch of the
    header from the old state to the new). A failed or killed build is undone by deleting the
    log and cutting the file back to its old length, which the journal `<warehouse>.building.json`
    records before the build starts; a build killed while publishing is finished by the next.
    Disk during the build: the published file plus the log and the new blocks.

    DuckDB lets no process write a file another process has open, so while an in-place build
    runs a reader's connection is refused (DuckDB's lock error; the project's own readers wait
    for the build, `lwh.serving.reader`), and a reader that holds the file open when a build starts
    keeps it: the build then works on a copy instead (`copy`: `<warehouse>.building` is a copy,
    renamed over the published file when done, twice the disk while it runs). A first build,
    `--fresh`, or a published file in a newer storage format (converted, `lwh.warehouse.file_format`) also
    build a new file and rename it over the published one.
    """

    MODES = ("auto", "in-place", "copy")

    def __init__(self, warehouse: Path):
        self.warehouse = Path(warehouse).resolve()
        self.building = self.warehouse.with_name(self.warehouse.name + ".building")
        self.journal = self.warehouse.with_name(self.warehouse.name + ".building.json")
        self.location = str(self.warehouse)
        self.mode = "new"                       # how the current build was started

    # -- the journal of an in-place build -------------------------------------------------
    def _read_journal(self) -> dict | None:
        try:
            return json.loads(self.journal.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except ValueError:                      # torn before its first fsync: nothing was built yet
            return {"phase": "torn"}

    def _write_journal(self, record: dict) -> None:
        part = self.journal.with_name(self.journal.name + ".part")
        with open(part, "w", encoding="utf-8") as f:
            json.dump(record, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, self.journal)
        fsync_dir(self.journal.parent)

    def _wal(self) -> Path:
        return self.building.with_name(self.building.name + ".wal")

    def recover(self) -> str | None:
        """Finish or undo a build an earlier `lwh build` was killed in. Returns a note, or None."""
        record = self._read_journal()
        if record is None:
            remove_database(self.building)      # a killed copy or new-file build: never published
            return None
        if record.get("phase") == "publishing":
            if self.building.exists():
                con = _connect(self.building)   # replays the build's log, then the switch
                try:
                    con.execute("checkpoint")
                finally:
                    con.close()
            self._end_in_place()
            return f"finished publishing the build an earlier `lwh build` was stopped in ({self.warehouse})"
        self.rollback(record)
        return f"undid the unfinished build an earlier `lwh build` left in {self.warehouse} (it was never published)"

    def rollback(self, record: dict | None = None) -> None:
        """Undo an in-place build that did not publish: the published warehouse as it was."""
        record = record if record is not None else self._read_journal()
        if record is None:
            return
        size = record.get("size")
        if (size is not None and self.warehouse.exists() and self.warehouse.stat().st_ino == record.get("inode")
                and self.warehouse.stat().st_size > size):
            os.truncate(self.warehouse, size)   # the blocks the build appended: referenced by nothing
        self._end_in_place()

    def _end_in_place(self) -> None:
        self._wal().unlink(missing_ok=True)
        self.building.unlink(missing_ok=True)
        self.journal.unlink(missing_ok=True)
        fsync_dir(self.journal.parent)

    # -- the build -------------------------------------------------------------------------
    def seen_landed(self) -> dict[str, str | None] | None:
        return seen_landed(self.warehouse)

    def _requested_mode(self) -> str:
        mode = os.environ.get("LWH_PUBLISH") or "auto"
        if mode not in self.MODES:
            raise SystemExit(f"lwh build: LWH_PUBLISH={mode!r} is not one of {', '.join(self.MODES)}")
        return mode

    def start_build(self, fresh: bool) -> str | None:
        from lwh.warehouse.file_format import compatibility, convert, needs_conversion

        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        if not self.warehouse.exists() or fresh:
            self.mode = "new"
            return None
        if needs_conversion(self.warehouse):
            # the published file is in a newer storage format (see lwh.warehouse.file_format)
            self.mode = "copy"
            convert(self.warehouse, self.building)
            return (f"{self.warehouse} was in a newer DuckDB storage format; the build converts it to "
                    f"{compatibility()} so DuckDB 1.x clients can open it")
        wanted = self._requested_mode()
        holder = None if wanted == "copy" else held_by_another_process(self.warehouse)
        if wanted == "copy" or holder:
            if wanted == "in-place":
                raise SystemExit(f"lwh build: LWH_PUBLISH=in-place, but {holder}; close it or use LWH_PUBLISH=auto")
            self.mode = "copy"
            shutil.copyfile(self.warehouse, self.building)
            reason = "" if wanted == "copy" else f" ({holder}: it keeps reading the old file)"
            return f"building a copy of the warehouse{reason}"
        self.mode = "in-place"
        st = self.warehouse.stat()
        self._write_journal({"phase": "building", "size": st.st_size, "inode": st.st_ino})
        os.link(self.warehouse, self.building)
        fsync_dir(self.building.parent)
        return None

    def dbt_environment(self) -> dict[str, str]:
        env = {"LWH_WAREHOUSE_PATH": str(self.building)}
        if self.mode == "in-place":
            env["LWH_BUILD_IN_PLACE"] = "1"
        return env

    def _connect_build(self):
        con = _connect(self.building)
        if self.mode == "in-place":
            disable_checkpoints(con)
        return con

    def drop_relations(self, relations: list[tuple[str, str]]) -> None:
        if self.mode == "new" and not self.building.exists():
            return
        con = self._connect_build()
        try:
            for schema, name in relations:
                con.execute(f'drop table if exists "{schema}"."{name}"')
        finally:
            con.close()

    def record_landed(self, files: dict[str, str | None]) -> None:
        con = self._connect_build()
        try:
            write_landed(con, files)
        finally:
            con.close()

    def publish(self) -> None:
        _fault("before_publish")
        if self.mode == "in-place":
            record = self._read_journal() or {}
            self._write_journal({**record, "phase": "publishing"})
            _fault("publishing")
        con = _connect(self.building)
        try:
            con.execute("checkpoint")           # in place: the one switch from the old state to the new
        finally:
            con.close()
        _fault("checkpointed")
        if self.mode == "in-place":
            self._end_in_place()
            return
        self._wal().unlink(missing_ok=True)
        os.replace(self.building, self.warehouse)   # atomic: readers see the old or the new file
        fsync_dir(self.warehouse.parent)

    def after_failure(self) -> str:
        if self.mode == "in-place":
            self.rollback()
            return f"the published warehouse {self.location} is unchanged (the build's changes were discarded)"
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

    def recover(self) -> str | None:
        """Nothing to recover: a killed build's tables are completed by the next (see the class)."""
        return None

    def publish(self) -> None:
        """Nothing to switch: the build wrote the tables in place (see the class)."""

    def after_failure(self) -> str:
        return (f"{self.location} holds the tables this build replaced and the others as they were; "
                "the next build completes it")
