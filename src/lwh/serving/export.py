"""`lwh export`: every public mart as a file, for BI tools that do not speak DuckDB.

Power BI, Tableau and Excel read Parquet or CSV files, not DuckDB databases. `lwh export` writes
every table and view of the schema `marts` of the published warehouse to one file per mart
(`<mart>.parquet`, or `<mart>.csv` with a header), plus `manifest.json`:

    {"warehouse": ..., "built_at": ..., "built_at_source": "_loaded_at" | "file mtime",
     "exported_at": ..., "format": "parquet" | "csv",
     "marts": [{"name": ..., "file": ..., "rows": ..., "columns": [{"name": ..., "type": ...}]}]}

`built_at` is the newest `_loaded_at` in the warehouse (when the last build that wrote rows
started), or the warehouse file's modification time when no relation has one; `type` is the
DuckDB type.

The warehouse is opened read-only (a running `lwh build` never writes the published file, and
one connection reads every mart from the same build), by a DuckDB of its own that can read the
warehouse file and write into the export's new folder and nothing else (`_export_connection`:
external access off but for those two paths, no extension loading, configuration locked). The export is written into a new sibling
folder `<out>.tmp-<random>` and only then renamed into place; an earlier export at `<out>` is
renamed aside first and deleted after. A reader sees the old export or the new one, and a failed
or killed export leaves the old one in place. `<out>` must be an earlier export (it has a
`manifest.json` written by `lwh export`) or absent or empty: anything else is refused, never
deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from lwh.project import serving_schema
from lwh.serving.reader import READER_SETTINGS

FORMATS = ("parquet", "csv")
SCHEMA = serving_schema()
MANIFEST = "manifest.json"
PRODUCER = "lwh export"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _export_connection(warehouse: Path, folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that attaches `warehouse` read-only (as the current database) and may
    write files into `folder` only: the reader settings, with those two exceptions made before
    external access is switched off and the configuration locked. Its own instance, so a
    connection this process already holds to the warehouse (other settings) does not matter."""
    startup = {k: v for k, v in READER_SETTINGS.items() if k not in ("enable_external_access", "lock_configuration")}
    con = duckdb.connect(":memory:", config=startup)
    try:
        wal = warehouse.with_name(warehouse.name + ".wal")
        con.execute(f"set allowed_paths = [{_text(warehouse)}, {_text(wal)}]")
        con.execute(f"set allowed_directories = [{_text(str(folder) + os.sep)}]")
        for name in ("enable_external_access", "lock_configuration"):
            con.execute(f"set {name} = {str(READER_SETTINGS[name]).lower()}")
        con.execute(f"attach {_text(warehouse)} as warehouse (read_only)")
        con.execute("use warehouse")
    except BaseException:
        con.close()
        raise
    return con


def _utc_iso(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def _marts(con) -> list[tuple[str, list[tuple[str, str]]]]:
    """(name, [(column, DuckDB type)]) of every table and view in the schema marts."""
    names = [n for (n,) in con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = ? order by table_name", [SCHEMA]).fetchall()]
    out = []
    for name in names:
        cols = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = current_database() and table_schema = ? and table_name = ? "
            "order by ordinal_position", [SCHEMA, name]).fetchall()
        out.append((name, [(c, t) for c, t in cols]))
    return out


def _built_at(con, warehouse: Path) -> tuple[str, str]:
    """When the build that wrote the warehouse ran: the newest `_loaded_at` of any relation
    (every build stamps the rows it writes with its start), else the file's modification time."""
    tables = con.execute(
        "select distinct table_schema, table_name from information_schema.columns "
        "where table_catalog = current_database() and column_name = '_loaded_at' "
        "and data_type like 'TIMESTAMP%'").fetchall()
    if tables:
        parts = [f"select max(_loaded_at)::timestamp as t from {_quote(s)}.{_quote(n)}" for s, n in tables]
        newest = con.execute(f"select max(t) from ({' union all '.join(parts)})").fetchall()[0][0]
        if isinstance(newest, dt.datetime):
            return _utc_iso(newest), "_loaded_at"
    mtime = dt.datetime.fromtimestamp(warehouse.stat().st_mtime, dt.UTC)
    return _utc_iso(mtime), "file mtime"


def _is_export(folder: Path) -> bool:
    """An earlier `lwh export` (its manifest says so), or an empty folder."""
    if not folder.is_dir():
        return False
    if not any(folder.iterdir()):
        return True
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("producer") == PRODUCER
    except (OSError, ValueError, AttributeError):
        return False


def _publish(tmp: Path, out: Path) -> None:
    """Rename the finished export `tmp` to `out`, replacing an earlier export there."""
    old = None
    if out.exists() or out.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=out.name + ".old-", dir=out.parent))
        old.rmdir()
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except OSError:
        if old is not None:
            os.rename(old, out)        # put the earlier export back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def export(warehouse: Path, out: Path, fmt: str = "parquet") -> dict:
    """Export every mart of `warehouse` to the folder `out`; returns the manifest."""
    warehouse, out = Path(warehouse), Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `lwh build` first")
    if (out.exists() or out.is_symlink()) and not _is_export(out):
        raise ValueError(f"{out} exists and is not an earlier `lwh export` (no {MANIFEST} from it): "
                         f"choose another --out, or move it away")
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=out.name + ".tmp-", dir=out.parent))
    try:
        con = _export_connection(warehouse.resolve(), tmp.resolve())
        try:
            marts = _marts(con)
            if not marts:
                raise ValueError(f"{warehouse} has no schema {SCHEMA!r} with tables: nothing to export")
            built_at, built_source = _built_at(con, warehouse)
            options = "format parquet" if fmt == "parquet" else "format csv, header true"
            entries = []
            for name, cols in marts:
                file = f"{name}.{fmt}"
                copied = con.execute(f"copy (select * from {SCHEMA}.{_quote(name)}) "
                                     f"to {_text(tmp / file)} ({options})").fetchall()
                rows = copied[0][0] if copied and copied[0] else None
                if rows is None:
                    rows = con.execute(f"select count(*) from {SCHEMA}.{_quote(name)}").fetchall()[0][0]
                entries.append({"name": name, "file": file, "rows": int(rows),
                                "columns": [{"name": c, "type": t} for c, t in cols]})
        finally:
            con.close()
        manifest = {
            "producer": PRODUCER,
            "warehouse": str(warehouse.resolve()),
            "built_at": built_at,
            "built_at_source": built_source,
            "exported_at": _utc_iso(dt.datetime.now(dt.UTC)),
            "format": fmt,
            "marts": entries,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)          # mkdtemp makes it private; an export is for sharing
        _publish(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    manifest["seconds"] = round(time.monotonic() - started, 2)
    return manifest
