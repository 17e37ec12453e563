"""Progress of a dbt run, as `lwh build` shows it: one line per finished model (and seed), one
line per group of finished tests, each with the elapsed time, read from dbt's JSON log events.

dbt's own console output is either a line per node (hundreds of test lines) or nothing
(`--quiet`); a build of a few minutes should say how far it is without flooding the terminal.
Warnings and failures always get a line of their own, with dbt's message.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from typing import IO

RESULT_EVENTS = {"LogModelResult", "LogSeedResult", "LogSnapshotResult", "LogTestResult"}


class Progress:
    """Turns dbt's JSON log lines into progress lines on `out`."""

    def __init__(self, out: IO[str] = sys.stdout, quiet: bool = False, started: float | None = None):
        self.out = out
        self.quiet = quiet
        self.started = time.monotonic() if started is None else started
        self.total = 0
        self.done = 0
        self.tests: dict[str, int] = {}
        self.test_count = 0
        self.stats: dict | None = None

    def _say(self, text: str) -> None:
        self.out.write(f"lwh build [{time.monotonic() - self.started:7.1f}s] {text}\n")
        self.out.flush()

    def _flush_tests(self) -> None:
        if self.test_count and not self.quiet:
            counts = ", ".join(f"{n} {status}" for status, n in sorted(self.tests.items()))
            self._say(f"{self.done}/{self.total} tests: {self.test_count} finished ({counts})")
        self.tests, self.test_count = {}, 0

    def feed(self, line: str) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            if line.strip():
                self.out.write(line if line.endswith("\n") else line + "\n")
            return
        info, data = event.get("info", {}), event.get("data", {})
        name = info.get("name")
        if name in RESULT_EVENTS:
            self.done = max(self.done, int(data.get("index") or 0))
            self.total = int(data.get("total") or data.get("num_models") or self.total or 0)
            status = str(data.get("status") or "").lower()
            node = data.get("node_info", {})
            if name == "LogTestResult":
                self.tests[status] = self.tests.get(status, 0) + 1
                self.test_count += 1
                if status not in ("pass", "success"):
                    self._say(f"{status.upper():5} test {data.get('name') or node.get('node_name')}: "
                              f"{(info.get('msg') or '').strip().splitlines()[0][:200] if info.get('msg') else ''}")
                elif self.test_count >= 50:
                    self._flush_tests()
                return
            self._flush_tests()
            if status not in ("success", "pass", "ok") or not self.quiet:
                relation = (data.get("description") or node.get("node_name") or "").split(" model ")[-1]
                self._say(f"{self.done}/{self.total} {status.upper():5} {relation} "
                          f"({float(data.get('execution_time') or 0):.1f} s)")
        elif name == "StatsLine":
            self._flush_tests()
            self.stats = data.get("stats")
        elif info.get("level") == "error" or name in ("RunResultError", "RunResultFailure", "RunResultWarning"):
            message = (info.get("msg") or "").rstrip()
            if message:
                self._flush_tests()
                self.out.write(message + "\n")
                self.out.flush()

    def finish(self) -> None:
        self._flush_tests()
        if self.stats:
            s = self.stats
            self._say(f"dbt finished: {s.get('pass', 0)} passed, {s.get('warn', 0)} warned, {s.get('error', 0)} "
                      f"errors, {s.get('skip', 0)} skipped, {s.get('noop', 0)} with nothing to do, "
                      f"of {s.get('total', 0)}")


def follow(lines: Iterable[str], progress: Progress) -> None:
    for line in lines:
        progress.feed(line)
    progress.finish()
