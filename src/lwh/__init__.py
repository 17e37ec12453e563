"""The `lwh` command around the learning-warehouse dbt project, by role: landing (lwh land),
warehouse (lwh build, sync and the stores), serving (export, dashboard, docs, info, the read-only
connection), pull and generate (where exports come from), and devtools (the team's own tools:
codegen, lint and seam checks, fingerprint, bench). project and spec are what all of them read."""

__version__ = "0.1.0"
