"""Fingerprint every relation of a warehouse: row count and an order-independent checksum.

A refactor must change no figure. `python -m lwh.fingerprint WAREHOUSE --out before.json` before
the change and `python -m lwh.fingerprint WAREHOUSE --compare before.json` after it prints every
relation whose rows differ (and exits 1). The checksum is the sum of a hash of each row over its
columns in name order, so neither row order nor column order counts; `_loaded_at` (when the build
ran) is left out, and so is `_source_file` of the raw inputs' absolute path forms (none today).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

IGNORED_COLUMNS = {"_loaded_at"}


def fingerprints(warehouse: Path) -> dict[str, dict]:
    """{schema.relation: {rows, checksum, columns}} of every table and view of the warehouse."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2").fetchall()
        out: dict[str, dict] = {}
        for schema, name in relations:
            columns = sorted(
                c for (c,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ?", [schema, name]).fetchall()
                if c not in IGNORED_COLUMNS)
            quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
            relation = f'"{schema}"."{name}"'
            rows, checksum = con.execute(
                f"select count(*), coalesce(sum(hash({quoted}))::hugeint, 0)::varchar from {relation}"
                if columns else f"select count(*), '0' from {relation}").fetchall()[0]
            out[f"{schema}.{name}"] = {"rows": rows, "checksum": checksum, "columns": columns}
        return out
    finally:
        con.close()


def compare(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Human-readable differences between two fingerprints (empty when equal)."""
    problems = []
    for rel in sorted(set(before) | set(after)):
        a, b = before.get(rel), after.get(rel)
        if a is None:
            problems.append(f"{rel}: new relation ({b['rows']} rows)")
        elif b is None:
            problems.append(f"{rel}: relation gone")
        elif a["columns"] != b["columns"]:
            problems.append(f"{rel}: columns differ: -{sorted(set(a['columns']) - set(b['columns']))} "
                            f"+{sorted(set(b['columns']) - set(a['columns']))}")
        elif (a["rows"], a["checksum"]) != (b["rows"], b["checksum"]):
            problems.append(f"{rel}: {a['rows']} rows, checksum {a['checksum']} -> "
                            f"{b['rows']} rows, checksum {b['checksum']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lwh.fingerprint", description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--out", type=Path, help="write the fingerprint as JSON")
    parser.add_argument("--compare", type=Path, help="compare with a fingerprint written before")
    args = parser.parse_args(argv)
    current = fingerprints(args.warehouse)
    if args.out:
        args.out.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    rows = sum(r["rows"] for r in current.values())
    print(f"{len(current)} relations, {rows:,} rows: {args.warehouse}")
    if args.compare:
        problems = compare(json.loads(args.compare.read_text(encoding="utf-8")), current)
        for p in problems:
            print(p)
        print("identical" if not problems else f"{len(problems)} relation(s) differ")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
