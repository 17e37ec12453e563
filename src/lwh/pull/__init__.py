"""`lwh pull`: fetch exports straight from the vendors and land them through `lwh land`'s code.

- `brightspace`: the Brightspace Data Hub API (OAuth 2.0 refresh-token flow, paged listings,
  ZIP downloads) -> `land.land_known` with each extract's kind and time from the API.
- `learnamp`: the Learn Amp Data Lake (Amazon Redshift, PostgreSQL protocol) -> one CSV per
  table through a server-side cursor -> `land.land_known`.

What is landed is decided from the landing area itself (its log and file names), never from a
separate state file that could disagree with it.
"""

from __future__ import annotations

import sys
from pathlib import Path


class PullError(Exception):
    """A pull cannot go on; the message names the URL, table or file (never a secret)."""


def log(command: str, message: str) -> None:
    """One progress line on stderr."""
    print(f"{command}: {message}", file=sys.stderr, flush=True)


def report_landing(command: str, planned, refusals, raw: Path) -> bool:
    """Print what landing did with a pull's files, as `lwh land` does; True when nothing was refused."""
    if refusals:
        for source, reason in refusals:
            print(f"refused: {source}: {reason}", file=sys.stderr)
        print(f"{command}: nothing of this batch landed: {len(refusals)} of {len(planned) + len(refusals)} "
              f"files refused", file=sys.stderr)
        return False
    counts: dict[str, int] = {}
    for p in planned:
        counts[p.status] = counts.get(p.status, 0) + 1
        what = f"{p.system}.{p.table}" + (f" {p.kind}" if p.kind else "")
        note = f" ({p.note})" if p.note else ""
        print(f"{p.status:9} {p.target.relative_to(raw)} [{what}, {p.extracted_at:%Y-%m-%dT%H:%M:%SZ}, "
              f"{p.rows:,} rows]{note}")
    if counts:
        print(f"landed into {raw}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return True
