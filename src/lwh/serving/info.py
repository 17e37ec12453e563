"""What `make demo` prints at the end: where the warehouse is and how to query it.

Every command printed works as written (tests/python/integration/test_bi_access.py runs them): the file
is opened read-only, so it never blocks `lwh build`, which replaces the file rather than
writing it, and with the reader settings (`lwh.serving.reader`), so a reader cannot reach any other file,
attach a database, load an extension or change a setting.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import duckdb

from lwh.serving import reader
from lwh.serving.reader import EXAMPLE_QUERY


def _storage_note(path: Path) -> str:
    from lwh.warehouse.file_format import _version_tuple, storage_version

    try:
        version = storage_version(path)
    except duckdb.Error:
        return ""
    if not version:
        return ""
    if (_version_tuple(version) or (0,)) > (1, 1, 0):
        return (f", storage format {version}: DuckDB 1.x clients cannot open it; "
                f"`lwh build --fresh` rewrites it in DuckDB 1.1's format")
    return f", storage format {version}: DuckDB {version.rstrip('+').lstrip('v')} and later open it"


cli_command = reader.cli_command
sqlalchemy_url = reader.sqlalchemy_url


def python_command(path: Path) -> str:
    code = reader.python_code(path)
    if not any(ch in code for ch in '"$`\\!'):
        return f'python -c "{code}"'
    return f"python -c {shlex.quote(code)}"


def describe(path: Path) -> str:
    path = Path(path)
    if not path.exists():
        return f"no warehouse at {path.resolve()} yet: run `make demo`"
    path = path.resolve()
    lines = [f"Warehouse: {path} ({path.stat().st_size / 1e6:,.1f} MB{_storage_note(path)})"]
    con = reader.connect(path)
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
        "Query it (always read-only: `lwh build` replaces the file, it never writes it; and with",
        "external access off and the configuration locked, so a reader cannot reach other files):",
        "  DuckDB CLI   pip install duckdb-cli    (the `duckdb` command; any DuckDB 1.1 or later works)",
        f"               {cli_command(path)}",
        "               then   show all tables;   and e.g.   " + EXAMPLE_QUERY + ";",
        "  Python       pip install duckdb",
        f"               {python_command(path)}",
        "  SQLAlchemy / Superset   pip install duckdb-engine   (in Superset's environment), then the URI",
        f"               {sqlalchemy_url(path)}",
        "  DBeaver      Database > New Database Connection > DuckDB; Path: " + str(path),
        "               Driver properties: " + ", ".join(f"{n} = {v}" for n, v in reader.jdbc_properties()),
        "  Metabase     DuckDB driver (duckdb.metabase-driver.jar from github.com/MotherDuck-Open-Source/"
        "metabase_duckdb_driver in Metabase's plugins folder)",
        f"               Add database > DuckDB; Database file: {path}; Establish a read-only connection: on;",
        "               Additional DuckDB connection string options: "
        + "&".join(f"{n}={v}" for n, v in reader.jdbc_properties()[1:]),
        "  Power BI, Tableau, Excel: files, one per mart (run again after each `lwh build`)",
        f"               lwh export --warehouse {shlex.quote(str(path))} --out {shlex.quote(str(path.parent / 'export'))}",
        "               (Parquet, for Power BI and Tableau)",
        f"               lwh export --warehouse {shlex.quote(str(path))} --out {shlex.quote(str(path.parent / 'export-csv'))} --format csv",
        "               (CSV with a header, for Excel)",
    ]
    lines += _held_deliveries()
    return "\n".join(lines)


def _held_deliveries() -> list[str]:
    """The landing area's held deliveries (`lwh land`: Brightspace data sets not modelled yet)."""
    from lwh import project
    from lwh.landing.land import describe_held

    return describe_held(project.path("raw_dir"))
