"""How every reader opens the warehouse: read-only, and unable to leave it.

DuckDB's read-only mode protects the database file and nothing else: a read-only connection
can still read any file the process can (`read_csv('/etc/passwd')`, `read_text`, `glob`), write
one (`COPY ... TO`), attach another database, install and load extensions and change its own
settings. Every connection the project opens or hands out for reading (`lwh info` and the
commands it prints, `lwh export`, the Superset database, the `reader` dbt target MetricFlow
queries through) therefore opens the file with `READER_SETTINGS`:

- `enable_external_access = false`: no file, URL or database other than the warehouse;
- `autoinstall_known_extensions` / `autoload_known_extensions = false`: nothing is fetched or
  loaded behind a query's back (loading by hand is refused by the first setting);
- `lock_configuration = true`, applied last: no `SET` / `RESET` / `PRAGMA` can undo the above.

Each client takes them its own way (a config dict, URL query parameters, `SET` statements before
the first query, JDBC driver properties); the functions below write each form from the one
dict, so `lwh info`, the README's instructions and the dashboard cannot drift apart.
"""

from __future__ import annotations

import os
import shlex
import time
from pathlib import Path

import duckdb

# order matters where settings are applied one by one (SET, -cmd): the lock comes last
READER_SETTINGS: dict[str, bool] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}

EXAMPLE_QUERY = "select count(*) from marts.dim_person"


def _literal(value: bool) -> str:
    return "true" if value else "false"


def connect(path: str | Path, wait_seconds: float | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse at `path` that cannot reach anything else.

    While `lwh build` builds in place (stores.DuckDBFileStore) the file is locked for writing;
    the connection waits for the build to publish, up to `wait_seconds` (LWH_READER_WAIT,
    default 300), then raises DuckDB's lock error."""
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("LWH_READER_WAIT") or 300)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=True, config=dict(READER_SETTINGS))
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.25)


def set_statements() -> list[str]:
    """The settings as SQL, for clients that apply them after opening the file (the DuckDB CLI)."""
    return [f"SET {name} = {_literal(value)}" for name, value in READER_SETTINGS.items()]


def sqlalchemy_url(path: str | Path) -> str:
    """duckdb-engine's URI: every query parameter that is a DuckDB setting goes into the
    connection's config (Superset, any SQLAlchemy tool)."""
    query = "&".join(["access_mode=read_only",
                      *(f"{name}={_literal(value)}" for name, value in READER_SETTINGS.items())])
    return f"duckdb:///{path}?{query}"


def cli_command(path: str | Path) -> str:
    """The `duckdb` command (CLI 1.1 or later) for the warehouse: read-only, settings locked
    before the first query. (`-safe` would also switch off the dot commands, but in duckdb-cli
    1.5 it makes every query fail: the CLI sets extension_directories after locking.)"""
    return f"duckdb -readonly -cmd {shlex.quote('; '.join(set_statements()))} {shlex.quote(str(path))}"


def python_code(path: str | Path) -> str:
    """One line of Python with plain `duckdb` (no lwh) that opens the warehouse as a reader."""
    config = "{" + ", ".join(f"{name!r}: {value!r}" for name, value in READER_SETTINGS.items()) + "}"
    return (f"import duckdb; con = duckdb.connect({str(path)!r}, read_only=True, config={config}); "
            f"print(con.sql({EXAMPLE_QUERY!r}))")


def jdbc_properties() -> list[tuple[str, str]]:
    """DuckDB JDBC driver properties (DBeaver; the driver passes unknown properties to DuckDB's
    config)."""
    return [("duckdb.read_only", "true"), *((n, _literal(v)) for n, v in READER_SETTINGS.items())]


def is_locked(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a connection runs with every reader setting in force."""
    names = list(READER_SETTINGS)
    got = con.execute("select name, value from duckdb_settings() where name in ("
                      + ", ".join("?" for _ in names) + ")", names).fetchall()
    seen = {name: value.lower() == "true" for name, value in got}
    return all(seen.get(name) == value for name, value in READER_SETTINGS.items())
