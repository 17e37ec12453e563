"""The writers: vendor-formatted CSV from a DuckDB query, BDS-style ZIPs, the manifest, and the
progress line.

`render` turns a source query into the export's text columns in the column spec's order
(booleans, timestamps and dates in the vendor's format); `copy_csv` writes it with DuckDB's
COPY; `zip_with_bom` packs a CSV the way Brightspace Data Sets does. Every file is written with
a fixed modification time, so the same seed gives the same bytes and times on any run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lwh import spec
from lwh.generate.world import World

BOM = b"\xef\xbb\xbf"

# the text of a boolean, per style: Learn Amp's Redshift `t`/`f`, BDS `True`/`False` or `1`/`0`
BOOL_STYLES = {"tf": ("t", "f"), "TrueFalse": ("True", "False"), "TRUEFALSE": ("TRUE", "FALSE"), "10": ("1", "0")}


@dataclass
class Written:
    """One written file, as the manifest lists it."""

    system: str
    table: str
    path: str
    rows: int
    kind: str | None = None
    extracted_at: str | None = None


class Progress:
    """One line per written file; redraws a status line in place on a terminal."""

    def __init__(self, total: int, enabled: bool | None = None, stream=sys.stderr):
        self.total = total
        self.done = 0
        self.rows = 0
        self.stream = stream
        self.tty = stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()

    def step(self, label: str, rows: int) -> None:
        self.done += 1
        self.rows += rows
        if not self.tty:
            return
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        line = (f"\r[{bar}] {self.done}/{self.total} files  {self.rows:,} rows  "
                f"{self.rows / elapsed:,.0f} rows/s  {label[:40]:<40}")
        self.stream.write(line)
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def bool_text(expr: str, style: str) -> str:
    t, f = BOOL_STYLES[style]
    return f"case when {expr} then '{t}' when not {expr} then '{f}' end"


def render(table: spec.Table, source_sql: str, bool_style: str | dict[str, str], ts_format: str,
           presorted: bool = False) -> str:
    """The export's rows as text, columns in the spec's order, sorted by its primary key unless
    the source is `presorted` (created in output order already). `bool_style` is one style, or
    one per column name with "*" for the others."""
    cols = []
    for c in table.columns:
        ident = f'"{c.name}"'
        t = c.data_type
        if t == "boolean":
            style = bool_style if isinstance(bool_style, str) else bool_style.get(c.name, bool_style["*"])
            cols.append(f"{bool_text(ident, style)} as {ident}")
        elif t == "timestamp" and ts_format == "redshift":
            # Redshift's text form; the generator's times are whole seconds
            cols.append(f"{ident}::timestamp::varchar as {ident}")
        elif t == "timestamp":
            cols.append(f"strftime({ident}, '{ts_format}') as {ident}")
        elif t == "date":
            fmt = "%Y-%m-%dT00:00:00.000" if table.system == "brightspace" else "%Y-%m-%d"
            cols.append(f"strftime({ident}, '{fmt}') as {ident}")
        else:
            cols.append(f"{ident}::varchar as {ident}")
    if presorted:
        return f"select {', '.join(cols)} from ({source_sql}) s"
    order = ", ".join(f's."{k}"' for k in table.primary_key)
    return f"select {', '.join(cols)} from ({source_sql}) s order by {order}"


def copy_csv(w: World, select_sql: str, path: Path) -> int:
    """Write a query's rows as a CSV with a header; the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = str(path).replace("'", "''")
    return int(w.q(f"copy ({select_sql}) to '{target}' (header, delimiter ',', quote '\"', escape '\"')")[0][0])


def check_columns(w: World, table: spec.Table, source_sql: str) -> None:
    """Fail if the source query lacks a column the spec lists."""
    have = [d[0] for d in w.con.execute(f"select * from ({source_sql}) limit 0").description]
    missing = [c for c in table.column_names if c not in have]
    if missing:
        raise RuntimeError(f"generator bug: {table.system}.{table.name} lacks columns {missing}")


def zip_with_bom(csv_path: Path, zip_path: Path, member: str, at: dt.datetime) -> None:
    """A BDS-style ZIP: one UTF-8-with-BOM CSV, deterministic bytes (fixed time stamp).
    Removes the CSV afterwards."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    info = zipfile.ZipInfo(member, date_time=at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(zip_path, "w", compresslevel=1) as zf, zf.open(info, "w", force_zip64=True) as dst, \
            open(csv_path, "rb") as src:
        dst.write(BOM)
        shutil.copyfileobj(src, dst, 4 << 20)
    stamp = at.replace(tzinfo=dt.UTC).timestamp()
    os.utime(zip_path, (stamp, stamp))
    csv_path.unlink()


def write_manifest(w: World, written: list[Written], day_after: int) -> int:
    """`manifest.json`: the run's settings and every written file; the total number of rows."""
    total = sum(f.rows for f in written)
    manifest = {
        "generator": "lwh generate",
        "scale": w.scale, "seed": w.seed, "end": w.end.isoformat(), "day_after": day_after,
        "both_share": w.both_share, "people": w.people,
        "files": [f.__dict__ for f in written],
        "total_rows": total,
    }
    (w.out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return total
