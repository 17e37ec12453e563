"""`lwh pull learnamp`: every documented table of the Learn Amp Data Lake into the landing area.

The Data Lake is Amazon Redshift, which speaks PostgreSQL's protocol (psycopg connects) but has
no `COPY ... TO STDOUT`: each table is read through a server-side cursor (`DECLARE` / `FETCH
FORWARD n`), so memory stays flat however large the table is, and written as CSV in the dialect
landing reads and the Data Lake's own text forms (header row, `"` quoting, NULL as an empty
field, booleans `t`/`f`, timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC): every value is taken
as the server's text output, untouched.

Event tables (the spec's `meta.incremental` tables: activities and its subsets, session tracks)
are pulled incrementally: only rows whose `id` is above the highest id already landed for that
table (read from the landed files), ordered by id; an event table with no new rows lands
nothing. The other tables are taken whole; landing skips a snapshot identical to one already
landed. All tables are read in one transaction (one consistent snapshot) and landed together
through `land.land_known`, with the pull's start time (UTC) as their export time.

Columns: the documented columns the server has, in documented order, then any the documentation
does not know (landing keeps them; the audit lists them). A documented column the server lacks is
left out with a warning: the base models read a documented column missing from a file as NULL,
as they do for older exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import duckdb

from lwh import spec
from lwh.landing import journal as journal
from lwh.landing import land as landing
from lwh.landing.csv_records import max_record_bytes
from lwh.pull import PullError, log, report_landing

COMMAND = "lwh pull learnamp"
BATCH = 5000
CURSOR = "lwh_pull"
INTEGER_TYPES = ("bigint", "integer", "smallint")
INTEGER_OIDS = {20: "bigint", 23: "integer", 21: "smallint"}


def incremental(table: spec.Table) -> bool:
    """Event tables grow by new ids: the spec marks them `meta.incremental`."""
    return bool(table.meta.get("incremental")) and "id" in table.column_names


def connect(dsn: str, allow_insecure: bool):
    """A psycopg connection that returns every value as the server's text. TLS is required
    (sslmode=require) unless the DSN sets sslmode itself or allow_insecure is given."""
    try:
        import psycopg
        from psycopg.types.string import TextLoader
    except ImportError:                                   # pragma: no cover - a dependency
        raise PullError("psycopg is not installed; run `make install`") from None
    try:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as e:
        raise PullError(f"the Learn Amp DSN cannot be parsed: {_masked(str(e), dsn)}") from None
    params.setdefault("sslmode", "prefer" if allow_insecure else "require")
    params.setdefault("application_name", "lwh pull learnamp")
    where = f"{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params.get('dbname', '')}"
    try:
        conn = psycopg.connect(**params)
    except psycopg.Error as e:
        hint = ""
        if params["sslmode"] == "require" and "SSL" in str(e):
            hint = (" (TLS is required by default; for a local server without TLS give --allow-insecure or "
                    "sslmode=disable in the DSN)")
        raise PullError(f"cannot connect to the Learn Amp Data Lake at {where}: "
                        f"{_masked(str(e).strip(), params.get('password'))}{hint}") from None
    for info in conn.adapters.types:            # every type as the server's text form
        for oid in (info.oid, getattr(info, "array_oid", 0)):
            if oid:
                conn.adapters.register_loader(oid, TextLoader)
    conn.adapters.register_loader(0, TextLoader)
    with conn.cursor() as cur:
        cur.execute("set timezone to 'UTC'")
        cur.execute("set datestyle to 'ISO, MDY'")
    return conn, where


def _masked(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def server_columns(conn, schema: str, table: str) -> dict[str, str]:
    """The table's columns on the server, in their order, with their data types; {} when there is no
    such table. information_schema first; tables it does not list (Redshift external or datashare
    tables) are asked for their columns with an empty select (an error there ends the transaction)."""
    import psycopg

    with conn.cursor() as cur:
        cur.execute("select column_name, data_type from information_schema.columns where table_schema = %s "
                    "and table_name = %s order by ordinal_position", (schema, table))
        found = dict(cur.fetchall())
        if found:
            return found
        try:
            cur.execute(f"select * from {_ident(schema)}.{_ident(table)} limit 0")
        except psycopg.Error:
            conn.rollback()
            return {}
        return {d.name: INTEGER_OIDS.get(d.type_code, "other") for d in cur.description}


def landed_max_id(raw: Path, table: str) -> int | None:
    """The highest `id` in the files landed for a Learn Amp table (DuckDB streams them)."""
    files = sorted((raw / "learnamp" / table).glob("*.csv"))
    if not files:
        return None
    listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    con = duckdb.connect(config={"threads": 2, "memory_limit": "256MB", "preserve_insertion_order": False})
    try:
        return con.execute(
            f"select max(try_cast(id as bigint)) from read_csv([{listing}], header = true, all_varchar = true, "
            f"union_by_name = true, delim = ',', quote = '\"', escape = '\"', "
            f"max_line_size = {max_record_bytes() + 65536})").fetchall()[0][0]
    except duckdb.Error as e:
        raise PullError(f"cannot read the highest id landed for learnamp.{table} from {raw / 'learnamp' / table}: "
                        f"{str(e).splitlines()[0]}") from None
    finally:
        con.close()


def dump_table(conn, schema: str, table: spec.Table, dest: Path, after_id: int | None) -> int:
    """Stream one table (or its rows with id > after_id) into a CSV file; returns the row count."""
    present = server_columns(conn, schema, table.name)
    if not present:
        raise PullError(f"learnamp.{table.name}: no table {schema}.{table.name} on the server (or no access to it)")
    have = set(present)
    # ids compare as numbers whatever the column's type (a stand-in may hold them as text)
    id_expr = _ident("id") if present.get("id") in INTEGER_TYPES else f"cast({_ident('id')} as bigint)"
    missing = [c for c in table.column_names if c not in have]
    for c in missing:
        log(COMMAND, f"learnamp.{table.name}: the server has no column {c}; it is left out (staging reads it as NULL)")
    documented = set(table.column_names)
    columns = [c for c in table.column_names if c in have] + [c for c in present if c not in documented]
    sql = f"select {', '.join(map(_ident, columns))} from {_ident(schema)}.{_ident(table.name)}"
    if incremental(table):
        if "id" not in have:
            raise PullError(f"learnamp.{table.name}: the server's table has no id column, needed to pull it incrementally")
        if after_id is not None:
            sql += f" where {id_expr} > {int(after_id)}"
        sql += f" order by {id_expr}"
    rows = 0
    with conn.cursor() as cur, open(dest, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        cur.execute(f"declare {CURSOR} cursor for {sql}")
        while True:
            cur.execute(f"fetch forward {BATCH} from {CURSOR}")
            batch = cur.fetchall()
            if not batch:
                break
            writer.writerows(batch)
            rows += len(batch)
        cur.execute(f"close {CURSOR}")
        out.flush()
        os.fsync(out.fileno())
    return rows


def pull(raw: Path, dsn: str | None, schema: str = "public", allow_insecure: bool = False,
         tables: list[str] | None = None) -> int:
    """Pull every documented Learn Amp table (or the named ones) and land them; 0 when all landed."""
    dsn = dsn or os.environ.get("LWH_LEARNAMP_DSN")
    if not dsn:
        raise ValueError("give --dsn or set LWH_LEARNAMP_DSN (a libpq connection string or postgresql:// URL)")
    documented = spec.tables("learnamp")
    unknown = [t for t in tables or [] if t not in documented]
    if unknown:
        raise ValueError(f"not documented Learn Amp tables: {', '.join(unknown)}")
    wanted = [documented[t] for t in (tables or documented)]
    raw = Path(raw)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    try:
        conn, where = connect(dsn, allow_insecure)
    except PullError as e:
        log(COMMAND, str(e))
        return 1
    failed: list[str] = []
    temp = journal.TempDir(raw)
    try:
        got: list[landing.Known] = []
        with conn:
            log(COMMAND, f"connected to {where}; reading {len(wanted)} table(s) from schema {schema}")
            for table in wanted:
                after = landed_max_id(raw, table.name) if incremental(table) else None
                dest = temp.path / f"{table.name}.csv"
                try:
                    rows = dump_table(conn, schema, table, dest, after)
                except PullError as e:
                    log(COMMAND, str(e))
                    failed.append(table.name)
                    conn.rollback()
                    continue
                except Exception as e:  # noqa: BLE001  (a server error: named with its table; the others go on)
                    log(COMMAND, f"learnamp.{table.name}: {type(e).__name__}: {str(e).strip().splitlines()[0]}")
                    failed.append(table.name)
                    conn.rollback()
                    continue
                if incremental(table):
                    since = f"ids above {after}" if after is not None else "every row (nothing landed yet)"
                    log(COMMAND, f"learnamp.{table.name}: {rows:,} new row(s) ({since})")
                    if rows == 0:
                        continue
                else:
                    log(COMMAND, f"learnamp.{table.name}: {rows:,} row(s)")
                got.append(landing.Known(dest, None, started, ("learnamp", table.name)))
        if got:
            planned, refusals = landing.land_known(got, raw)
            if not report_landing(COMMAND, planned, refusals, raw):
                failed.append("landing")
    finally:
        temp.close()
    if failed:
        log(COMMAND, f"not complete: {', '.join(failed)}")
        return 1
    log(COMMAND, f"done: {len(wanted)} table(s) pulled into {raw}")
    return 0
