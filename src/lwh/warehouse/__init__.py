"""The warehouse build: `lwh build` (dbt without disturbing readers), the stores it publishes
through, the DuckDB file's storage format, the build plugin, progress, and `lwh sync` (the daily run)."""
