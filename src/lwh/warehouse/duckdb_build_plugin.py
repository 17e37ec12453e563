"""A dbt-duckdb plugin that keeps a build from touching what readers see (`lwh build` in place).

When `lwh build` builds in place (`stores.DuckDBFileStore`, LWH_BUILD_IN_PLACE=1), the build's
file is a second name (a hard link) of the published warehouse. DuckDB writes a database's
committed changes to its write-ahead log (`<build file>.wal`) and new data blocks into space the
last checkpoint left free or beyond the end of the file; only a checkpoint rewrites the header
that says which blocks hold the database. This plugin switches every checkpoint off on dbt's
connection (the automatic one when the log grows, the one that skips the log for large
inserts, and the one on closing), so until `lwh build` publishes (one `CHECKPOINT`), a reader
of the published file finds exactly the warehouse it had, and a build that fails or is killed
is undone by deleting the log and cutting the file back to its old length.

Without LWH_BUILD_IN_PLACE the plugin does nothing: a plain `dbt build`, or a build into a new
file, checkpoints as DuckDB always does.
"""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

# the settings live with the store (stores.py), which applies them to its own connections to the
# build file without importing dbt
from lwh.warehouse.stores import building_in_place, disable_checkpoints


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        if building_in_place():
            disable_checkpoints(conn)
