"""`lwh sync`: the daily run in one command, safe from cron.

    lock -> pull brightspace -> pull learnamp -> build --changed (publish)

- **One run at a time**: a non-blocking exclusive `flock` on `<warehouse>.sync.lock` (the file
  holds the holder's pid). A second run exits at once with status 75 (EX_TEMPFAIL), naming the
  lock and the pid; the first run is not disturbed. The kernel releases the lock when a run
  ends, however it ends, so a killed run never leaves a stale lock.
- **Each system is optional**: Brightspace is pulled when a base URL is configured
  (`--base-url` or LWH_D2L_BASE_URL) and Learn Amp when a DSN is (`--dsn` or LWH_LEARNAMP_DSN);
  `--no-brightspace` / `--no-learnamp` turn one off, `--brightspace` / `--learnamp` make a
  missing configuration an error.
- **One log line per step** (stderr), with its result and time.
- **Exit status 0 only when the published warehouse holds everything landed**: every pull
  succeeded and the build published (or nothing new was landed since the last published build).
  A failed pull still lets the build publish what did land (landing is all-or-nothing per batch,
  so that is consistent), but the run exits 1 so cron reports it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
import time
from pathlib import Path

LOCKED = 75         # EX_TEMPFAIL: another run holds the lock


def lock_path(warehouse: Path) -> Path:
    return Path(warehouse).with_name(Path(warehouse).name + ".sync.lock")


class Locked(Exception):
    """Another `lwh sync` holds the lock."""


@contextlib.contextmanager
def sync_lock(path: Path):
    """Hold the sync lock (non-blocking); raises Locked naming the holder's pid."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise Locked(f"another lwh sync (pid {holder}) holds the lock {path}; not starting a second "
                         f"run") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


def step_log(step: str, outcome: str, seconds: float) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"lwh sync: {stamp} {step}: {outcome} ({seconds:.1f} s)", file=sys.stderr, flush=True)


def _run_step(step: str, func) -> int:
    started = time.monotonic()
    try:
        code = func()
    except (ValueError, OSError) as e:
        print(f"lwh sync: {step}: {e}", file=sys.stderr, flush=True)
        code = 2
    step_log(step, "ok" if code == 0 else f"failed (exit {code})", time.monotonic() - started)
    return code


def enabled(flag: bool | None, configured: bool, what: str, how: str) -> bool:
    """Whether to pull a system: the flag when given (True needs the configuration), else configured."""
    if flag and not configured:
        raise ValueError(f"--{what} given but {how} is not set")
    return configured if flag is None else flag


def sync(warehouse: Path, raw: Path, brightspace: dict | None, learnamp: dict | None, dbt_args: list[str]) -> int:
    """Run the daily steps under the sync lock. `brightspace` / `learnamp`: keyword arguments of
    the pull functions, or None when that system is not pulled."""
    from lwh.pull import brightspace as bs
    from lwh.pull import learnamp as la
    from lwh.warehouse.build import build

    started = time.monotonic()
    try:
        with sync_lock(lock_path(warehouse)):
            step_log("lock", f"holding {lock_path(warehouse)}", time.monotonic() - started)
            failed = []
            for name, options, pull in (("pull brightspace", brightspace, bs.pull), ("pull learnamp", learnamp, la.pull)):
                if options is None:
                    step_log(name, "skipped (not configured)", 0.0)
                    continue
                if _run_step(name, lambda pull=pull, options=options: pull(raw, **options)) != 0:
                    failed.append(name)
            code = _run_step("build --changed", lambda: build(warehouse, dbt_args, changed=True, raw_dir=raw))
            if code != 0:
                failed.append("build")
    except Locked as e:
        print(f"lwh sync: {e}", file=sys.stderr, flush=True)
        return LOCKED
    outcome = "published" if "build" not in failed else "not published"
    step_log("sync", f"{outcome}; " + (f"failed: {', '.join(failed)}" if failed else "every step ok"),
             time.monotonic() - started)
    return 0 if not failed else 1
