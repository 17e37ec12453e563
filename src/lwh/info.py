"""What `make demo` prints at the end: where the warehouse is and how to query it."""

from __future__ import annotations

from pathlib import Path

import duckdb


def describe(path: Path) -> str:
    path = Path(path)
    lines = []
    if not path.exists():
        return f"no warehouse at {path.resolve()} yet: run `make demo`"
    lines.append(f"Warehouse: {path.resolve()} ({path.stat().st_size / 1e6:,.1f} MB)")
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("""
            select table_schema, count(*) as relations
            from information_schema.tables
            where table_schema not in ('information_schema', 'pg_catalog')
            group by 1 order by 1""").fetchall()
    finally:
        con.close()
    for schema, n in rows:
        lines.append(f"  schema {schema}: {n} relations")
    lines += [
        "",
        "Query it:",
        f"  DuckDB CLI:  duckdb -readonly {path}   then   show all tables;",
        f"  Python:      python -c \"import duckdb; print(duckdb.connect('{path}', read_only=True).sql('show all tables'))\"",
        "  BI tools:    open the same file with a DuckDB driver (read-only), see README \"Querying\".",
    ]
    return "\n".join(lines)
