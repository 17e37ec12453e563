"""The name `lwh land` gives every landed file, read from its one definition.

`dbt_project.yml` (vars: lw_landed_file) defines it once: `<table>[__<kind>][__<part>]__<stamp>.csv`
with the extract kind (Brightspace: full / differential) and the extract time (UTC). `lwh land`
writes names through `landed_file_name`; the dbt models read the same entry
(lw_extract_time_from_file), so the two cannot drift.
"""

from __future__ import annotations

import datetime as dt
import re

from lwh import project


def definition() -> dict:
    """The lw_landed_file entry of dbt_project.yml's vars."""
    return dict(project.var("lw_landed_file"))


def stamp(at: dt.datetime) -> str:
    return at.strftime(definition()["time_format"])


def landed_file_name(table: str, at: dt.datetime, kind: str | None = None, part: str | None = None) -> str:
    """`<table>[__<kind>][__<part>]__<stamp>.csv`; the result always parses back (`parse`)."""
    name = "__".join([table, *([kind] if kind else []), *([part] if part else []), stamp(at)]) + ".csv"
    parsed = parse(name)
    if parsed is None or parsed[0] != at.replace(microsecond=0) or (kind and parsed[1] != kind):
        raise ValueError(f"{name!r} does not match the landed file name ({definition()['pattern']})")
    return name


def parse(name: str) -> tuple[dt.datetime, str | None] | None:
    """(extract time, kind or None) of a landed file name, or None when it is not one."""
    d = definition()
    m = re.search(d["regex"], name)
    if not m:
        return None
    try:
        at = dt.datetime.strptime(m.group(d["time_group"]), d["time_format"])
    except ValueError:
        return None
    return at, m.group(d["kind_group"])
