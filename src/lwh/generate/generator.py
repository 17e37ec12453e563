"""`Generator`: one run of `lwh generate`, putting the parts together.

The world (world.py) makes the people; the Brightspace working tables are built and their
extracts written (brightspace.py), their ZIPs packed in threads while DuckDB builds and writes
Learn Amp (learnamp.py); the manifest comes last (writers.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from lwh import spec
from lwh.generate import brightspace, brightspace_learning, learnamp
from lwh.generate.world import DEFAULT_END, DIFFERENTIAL_DAYS, HORIZON_DAYS, World, build_people, define_macros
from lwh.generate.writers import Progress, Written, write_manifest


class Generator(World):
    """Generator(out, scale, seed, end=DEFAULT_END, both_share=0.6, threads=None, progress=None).run()
    writes the exports into `out` and returns the written files; `stats` then holds rows, seconds,
    rows_per_second and bytes."""

    # Learn Amp tables that grow with events; a later day's export is a delta part of these
    LEARNAMP_EVENT_TABLES = learnamp.EVENT_TABLES

    def __init__(self, out: Path, scale: float, seed: int, end: dt.date = DEFAULT_END,
                 both_share: float = 0.6, threads: int | None = None, progress: bool | None = None):
        super().__init__(out, scale, seed, end, both_share, threads, progress)
        self.written: list[Written] = []

    def write_learnamp(self, progress: Progress, day_after: int = 0) -> None:
        learnamp.write_learnamp(self, self.written, progress, day_after)

    def write_brightspace(self, progress: Progress, tmp: Path, pool: ThreadPoolExecutor,
                          pending: list[Future], day_after: int = 0) -> None:
        brightspace.write_brightspace(self, self.written, progress, tmp, pool, pending, day_after)

    def run(self, day_after: int = 0) -> list[Written]:
        """Write the exports at the end date, or (day_after = K > 0) only what day K after it adds:
        Learn Amp delta parts of the event tables and every Brightspace data set's differential."""
        if not 0 <= day_after <= HORIZON_DAYS:
            raise ValueError(f"--days-after must be between 1 and {HORIZON_DAYS}")
        started = time.perf_counter()
        if self.out.exists():
            for sub in ("learnamp", "brightspace"):
                shutil.rmtree(self.out / sub, ignore_errors=True)
        self.out.mkdir(parents=True, exist_ok=True)
        n_files = (len(self.LEARNAMP_EVENT_TABLES) + len(spec.tables("brightspace")) if day_after else
                   len(spec.tables("learnamp")) + len(spec.tables("brightspace")) * (1 + DIFFERENTIAL_DAYS))
        progress = Progress(n_files, self.progress_enabled)
        define_macros(self)
        build_people(self)
        brightspace.build_brightspace(self)
        brightspace.build_naming(self)
        brightspace_learning.build_learning(self)
        tmp = self.out / ".tmp"
        tmp.mkdir(exist_ok=True)
        try:
            # zlib releases the GIL: the BDS ZIPs compress in threads while DuckDB builds
            # and writes Learn Amp
            with ThreadPoolExecutor(max_workers=2) as pool:
                pending: list[Future] = []
                self.write_brightspace(progress, tmp, pool, pending, day_after)
                learnamp.build(self)
                self.write_learnamp(progress, day_after)
                for f in pending:
                    f.result()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        progress.finish()
        seconds = time.perf_counter() - started
        total = write_manifest(self, self.written, day_after)
        self.stats = {"rows": total, "seconds": seconds,
                      "rows_per_second": total / seconds if seconds else float("inf"),
                      "bytes": sum((self.out / w.path).stat().st_size for w in self.written)}
        return self.written
