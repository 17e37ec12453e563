"""Fingerprint every relation of a warehouse: row count and an order-independent checksum.

A refactor must change no figure. `python -m lwh.devtools.fingerprint WAREHOUSE --out before.json` before
the change and `python -m lwh.devtools.fingerprint WAREHOUSE --compare before.json` after it prints every
relation whose rows differ (and exits 1). The checksum is the sum of a hash of each row over its
columns in name order, so neither row order nor column order counts; `_loaded_at` (when the build
ran) is left out, and so is `_source_file` of the raw inputs' absolute path forms (none today).

Across engines (`--normalise`): the same models built on Spark must give the same answers. Spark
writes every table as Parquet under its warehouse folder (`<schema>.db/<table>/`); DuckDB reads
those files, so both warehouses are fingerprinted by one engine with one hash. Column types are
normalised first (integers of any width as integers, decimals and floating point rounded to six
places, timestamps as UTC text to the microsecond), and `_row_hash` (each engine's own row hash,
macros/adapters/lw_row_hash.sql) is left out:

    python -m lwh.devtools.fingerprint build/test/spark/tables --normalise --compare-warehouse build/test/learning.duckdb
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lwh.project import schemas as dbt_schemas

IGNORED_COLUMNS = {"_loaded_at"}
# lw_row_hash: a hash function of the engine's own (DuckDB's hash, Spark's xxhash64)
ENGINE_SPECIFIC_COLUMNS = {"_row_hash"}

_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                  "UINTEGER", "UBIGINT"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _normalised(column: str, data_type: str) -> str:
    """`column` as engine-independent text: what a value means, not how an engine stores it."""
    q, t = _quote(column), data_type.upper()
    if t in _INTEGER_TYPES:
        return f"cast(cast({q} as hugeint) as varchar)"
    if t.startswith("DECIMAL") or t in {"DOUBLE", "FLOAT", "REAL"}:
        return f"cast(round(cast({q} as double), 6) as varchar)"
    if t.startswith("TIMESTAMP"):
        return f"strftime(cast({q} as timestamp), '%Y-%m-%d %H:%M:%S.%f')"
    return f"cast({q} as varchar)"


def _fingerprint_all(con, schemas: tuple[str, ...] | None, normalise: bool,
                     without_files: frozenset[str] = frozenset()) -> dict[str, dict]:
    relations = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = current_database() order by 1, 2").fetchall()
    ignored = IGNORED_COLUMNS | (ENGINE_SPECIFIC_COLUMNS if normalise else set())
    out: dict[str, dict] = {}
    for schema, name in relations:
        if schemas is not None and schema not in schemas:
            continue
        if f"{schema}.{name}" in without_files:
            # a table Spark wrote with no rows has no data file, hence no columns to read
            out[f"{schema}.{name}"] = {"rows": 0, "checksum": "0", "columns": None}
            continue
        typed = sorted(
            (c, t) for c, t in con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ?", [schema, name]).fetchall()
            if c not in ignored)
        columns = [c for c, _ in typed]
        values = ", ".join(_normalised(c, t) if normalise else _quote(c) for c, t in typed)
        relation = f"{_quote(schema)}.{_quote(name)}"
        rows, checksum = con.execute(
            f"select count(*), coalesce(sum(hash({values}))::hugeint, 0)::varchar from {relation}"
            if columns else f"select count(*), '0' from {relation}").fetchall()[0]
        out[f"{schema}.{name}"] = {"rows": rows, "checksum": checksum, "columns": columns}
    return out


def fingerprints(warehouse: Path, schemas: tuple[str, ...] | None = None,
                 normalise: bool = False) -> dict[str, dict]:
    """{schema.relation: {rows, checksum, columns}} of every table and view of the warehouse: a
    DuckDB file, or a Spark warehouse folder of Parquet tables (`<schema>.db/<table>/`)."""
    import duckdb

    without_files: frozenset[str] = frozenset()
    if warehouse.is_dir():
        con = duckdb.connect()
        without_files = _attach_spark_tables(con, warehouse)
    else:
        con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute("set TimeZone = 'UTC'")
        return _fingerprint_all(con, schemas, normalise, without_files)
    finally:
        con.close()


def _attach_spark_tables(con, tables: Path) -> frozenset[str]:
    """Views over Spark's Parquet tables: one schema per `<schema>.db` folder, one view per
    table folder. A table Spark wrote with no rows may hold no data file: an empty view, and
    its name (`schema.table`) in the set returned."""
    without_files = set()
    for schema_dir in sorted(tables.glob("*.db")):
        schema = schema_dir.name[:-3]
        con.execute(f"create schema if not exists {_quote(schema)}")
        for table_dir in sorted(p for p in schema_dir.iterdir() if p.is_dir()):
            data = [f for f in table_dir.iterdir() if f.is_file() and not f.name.startswith((".", "_"))]
            others = [f.name for f in data if f.suffix != ".parquet"]
            if others:
                raise SystemExit(f"{table_dir}: not a Parquet table ({others[0]}); this reads only the Parquet "
                                 "tables the project writes on Spark (file_format parquet)")
            files = sorted(str(f) for f in data)
            target = f"{_quote(schema)}.{_quote(table_dir.name)}"
            if files:
                listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                con.execute(f"create view {target} as select * from read_parquet([{listed}])")
            else:
                con.execute(f"create view {target} as select 1 as _no_rows where false")
                without_files.add(f"{schema}.{table_dir.name}")
    return frozenset(without_files)


def compare(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Human-readable differences between two fingerprints (empty when equal)."""
    problems = []
    for rel in sorted(set(before) | set(after)):
        a, b = before.get(rel), after.get(rel)
        if a is None:
            problems.append(f"{rel}: new relation ({b['rows']} rows)")
        elif b is None:
            problems.append(f"{rel}: relation gone")
        elif a["columns"] is not None and b["columns"] is not None and a["columns"] != b["columns"]:
            problems.append(f"{rel}: columns differ: -{sorted(set(a['columns']) - set(b['columns']))} "
                            f"+{sorted(set(b['columns']) - set(a['columns']))}")
        elif (a["rows"], a["checksum"]) != (b["rows"], b["checksum"]):
            problems.append(f"{rel}: {a['rows']} rows, checksum {a['checksum']} -> "
                            f"{b['rows']} rows, checksum {b['checksum']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lwh.devtools.fingerprint", description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path,
                        help="a DuckDB warehouse file, or a Spark warehouse's tables folder")
    parser.add_argument("--out", type=Path, help="write the fingerprint as JSON")
    parser.add_argument("--compare", type=Path, help="compare with a fingerprint written before")
    parser.add_argument("--compare-warehouse", type=Path,
                        help="compare with another warehouse (a DuckDB file or a Spark tables folder)")
    parser.add_argument("--normalise", action="store_true",
                        help="engine-independent values (to compare warehouses built on different engines)")
    parser.add_argument("--schema", action="append", dest="schemas",
                        help="only this schema (repeatable); default: with --normalise, the schemas dbt builds")
    args = parser.parse_args(argv)
    schemas = tuple(args.schemas) if args.schemas else (dbt_schemas() if args.normalise else None)
    current = fingerprints(args.warehouse, schemas, args.normalise)
    if args.out:
        args.out.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    rows = sum(r["rows"] for r in current.values())
    print(f"{len(current)} relations, {rows:,} rows: {args.warehouse}")
    if args.compare or args.compare_warehouse:
        if args.compare_warehouse:
            other = fingerprints(args.compare_warehouse, schemas, args.normalise)
            print(f"{len(other)} relations, {sum(r['rows'] for r in other.values()):,} rows: "
                  f"{args.compare_warehouse}")
        else:
            other = json.loads(args.compare.read_text(encoding="utf-8"))
        problems = compare(other, current)
        for p in problems:
            print(p)
        print("identical" if not problems else f"{len(problems)} relation(s) differ")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
