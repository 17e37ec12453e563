"""Check that every row of every generated export is reachable through the dbt sources.

Reads the generator's manifest (rows written per file), the landing log (which export went
to which landed file) and dbt's compiled manifest (the relation each source reads), then
counts rows per landed file through each source relation exactly as dbt renders it.

    python -m lwh.devtools.verify_sources --exports build/test/exports --raw-dir build/test/raw
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from lwh import spec


def expected_rows(exports: Path, raw: Path) -> dict[str, int]:
    """Landed file (relative to raw) -> rows the generator wrote into its export."""
    manifest = json.loads((exports / "manifest.json").read_text())
    rows_by_export = {str((exports / f["path"]).resolve()): f["rows"] for f in manifest["files"]}
    expected: dict[str, int] = {}
    landed_exports = set()
    for line in (raw / "_landing_log.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec.get("action", "land") == "unland":
            continue
        export = str(Path(rec["source"].split("!", 1)[0]).resolve())
        landed_exports.add(export)
        if export in rows_by_export:
            expected[rec["target"]] = rows_by_export[export]
    missing = set(rows_by_export) - landed_exports
    if missing:
        raise SystemExit(f"exports never landed: {sorted(missing)[:5]}")
    return expected


def counted_rows(project: Path, raw: Path) -> dict[str, int]:
    """Landed file (relative to raw) -> rows the dbt source relation returns for it."""
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    con = duckdb.connect()
    counted: dict[str, int] = {}
    raw_abs = raw.resolve()
    for node in manifest["sources"].values():
        relation = node["relation_name"]
        # the file-name column the sources add (`filename = '_lwh_landed_file'` in their read_csv)
        files = con.execute(f"select _lwh_landed_file, count(*) from {relation} group by 1").fetchall()
        for filename, n in files:
            counted[str(Path(filename).resolve().relative_to(raw_abs))] = n
    return counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", required=True, type=Path)
    parser.add_argument("--raw-dir", required=True, type=Path)
    args = parser.parse_args(argv)
    expected = expected_rows(args.exports, args.raw_dir)
    counted = counted_rows(spec.project_dir(), args.raw_dir)
    problems = []
    for target, rows in sorted(expected.items()):
        got = counted.get(target, 0)
        if got != rows:
            problems.append(f"{target}: generator wrote {rows} rows, the dbt source returns {got}")
    n_sources = sum(len(spec.tables(s)) for s in spec.SYSTEMS)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"verified: all {sum(expected.values()):,} rows of {len(expected)} landed files are read by the "
          f"{n_sources} dbt sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
