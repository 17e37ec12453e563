"""How `lwh land` and `lwh unland` change the landing area: one writer at a time, all or nothing.

    <raw>/.lwh-land.lock        flock: one writer (land, unland, recovery) at a time
    <raw>/.lwh-journal.json     the change in progress: every move and every log record it makes
    <raw>/_landing_log.jsonl    one JSON record per change, each with a unique "id"
    <raw>/.landing-<hex>/       one run's temporary files; the run holds an flock on its `.lock`

A change is made as: write the journal (temp file, fsync, rename), move the files, append the
log records (fsync), remove the journal. Whoever takes the lock next and finds a journal
finishes it (roll forward) or, if a file it names is gone, puts back what it had moved (roll
back), so after a kill at any point the landed files and the log agree once the next run has
taken the lock.

Test hook: LWH_LAND_FAULT=after_journal|after_first_move|after_moves|mid_log makes the run
SIGKILL itself at that point of a change (mid_log: after writing half of the first log record).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import signal
import sys
import time
import uuid
from pathlib import Path

LOG_NAME = "_landing_log.jsonl"
LOCK_NAME = ".lwh-land.lock"
JOURNAL_NAME = ".lwh-journal.json"
TEMP_PREFIX = ".landing-"
TEMP_LOCK = ".lock"
MAKING_PREFIX = ".lwh-new-"     # a temporary folder being made (see TempDir)
HELD_DIR = "held"               # <raw>/held/<system>/<DataSet>/: deliveries of data sets not modelled
REMOVING = ("unland", "release")    # log actions that take their target out of the landing area
CHUNK = 4 << 20
ABANDONED_AFTER = 600           # seconds: a temporary folder without a lock (made by an older lwh,
                                # or a run killed while making it) is removed once this old


def fault(point: str) -> None:
    """Test hook: die here, as a power cut or `kill -9` would, when LWH_LAND_FAULT names this point."""
    if os.environ.get("LWH_LAND_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def new_id() -> str:
    return uuid.uuid4().hex


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------------ locks and temporary folders

@contextlib.contextmanager
def landing_lock(raw: Path, command: str = "lwh land"):
    """Hold the landing area's writer lock (blocking; says so on stderr when it has to wait)."""
    raw.mkdir(parents=True, exist_ok=True)
    fd = os.open(raw / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{command}: waiting for another lwh land or lwh unland to finish with {raw} ...",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)            # releases the lock


class TempDir:
    """This run's `<raw>/.landing-<hex>/`, locked for the run's lifetime so no other run removes it."""

    def __init__(self, raw: Path):
        raw.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex[:12]
        # made under another name and renamed once locked, so no cleaner ever sees it unlocked
        making = raw / f"{MAKING_PREFIX}{name}"
        making.mkdir()
        self._fd = os.open(making / TEMP_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self.path = raw / f"{TEMP_PREFIX}{name}"
        os.rename(making, self.path)

    def close(self) -> None:
        if self._fd is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            os.close(self._fd)
            self._fd = None


def clean_stale_temp_dirs(raw: Path, keep: Path | None = None) -> list[Path]:
    """Remove the temporary folders of runs that died; a live run's folder is locked and kept.
    Call under the landing lock, after `recover` (a journal may name files in such a folder)."""
    removed = []
    for folder in raw.glob(MAKING_PREFIX + "*"):        # killed between mkdir and rename
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime > ABANDONED_AFTER:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    for folder in raw.glob(TEMP_PREFIX + "*"):
        if folder == keep or not folder.is_dir():
            continue
        try:
            fd = os.open(folder / TEMP_LOCK, os.O_RDWR)
        except FileNotFoundError:                       # left by an lwh before these locks
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > ABANDONED_AFTER:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)        # a live run's
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed


# ------------------------------------------------------------------ the log

def read_log(raw: Path) -> list[dict]:
    """Every complete record of the landing log (a last line without its newline is a write that
    was cut short: not a record)."""
    path = Path(raw) / LOG_NAME
    if not path.exists():
        return []
    records = []
    with open(path, "rb") as f:
        for line in f:
            if line.endswith(b"\n") and line.strip():
                records.append(json.loads(line))
    return records


def landed_state(raw_dir: Path) -> dict[str, dict]:
    """What is landed, from the log: target (`<system>/<table>/<file>.csv`, or
    `held/<system>/<DataSet>/<file>.csv` for a held delivery; relative to the landing area) -> its
    newest "land", "replace" or "hold" record; targets unlanded or released (moved out of held/)
    are left out. Records without "action" (older logs) are "land"."""
    state: dict[str, dict] = {}
    for rec in read_log(Path(raw_dir)):
        action = rec.get("action", "land")
        if action in REMOVING:
            state.pop(rec["target"], None)
        else:
            state[rec["target"]] = rec
    return state


def _repair_log_tail(path: Path) -> None:
    """Cut a last line that lacks its newline (a killed append) so the next append starts clean."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return
        size = f.seek(0, os.SEEK_END)
        keep = 0
        pos = size
        while pos > 0:
            step = min(CHUNK, pos)
            pos -= step
            f.seek(pos)
            block = f.read(step)
            i = block.rfind(b"\n")
            if i >= 0:
                keep = pos + i + 1
                break
        f.truncate(keep)
        f.flush()
        os.fsync(f.fileno())


def _append_log(raw: Path, records: list[dict]) -> None:
    path = raw / LOG_NAME
    _repair_log_tail(path)
    lines = [json.dumps(rec, sort_keys=True) + "\n" for rec in records]
    with open(path, "a", encoding="utf-8") as f:
        if lines and os.environ.get("LWH_LAND_FAULT") == "mid_log":
            f.write(lines[0][: len(lines[0]) // 2])
            f.flush()
            os.fsync(f.fileno())
            fault("mid_log")
        f.writelines(lines)
        f.flush()
        os.fsync(f.fileno())


# ------------------------------------------------------------------ the journal

def move(src: str, dst: str, sha256: str, size: int) -> dict:
    """One planned move, paths relative to the landing area, of a file with this content."""
    return {"from": src, "to": dst, "sha256": sha256, "bytes": size}


def commit(raw: Path, moves: list[dict], records: list[dict]) -> None:
    """Make a change under the landing lock: journal, moves, log records, journal removed."""
    raw = Path(raw)
    journal = {"version": 1, "started_at": utc_now(), "pid": os.getpid(), "moves": moves, "records": records}
    path = raw / JOURNAL_NAME
    tmp = raw / (JOURNAL_NAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(journal, f, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(raw)
    fault("after_journal")
    folders = set()
    for i, m in enumerate(moves):
        dst = raw / m["to"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(raw / m["from"], dst)
        folders.add(dst.parent)
        if i == 0:
            fault("after_first_move")
    for folder in folders:
        fsync_dir(folder)
    fault("after_moves")
    _append_log(raw, records)
    path.unlink()
    fsync_dir(raw)


def _holds(path: Path, m: dict) -> bool:
    return path.is_file() and path.stat().st_size == m["bytes"] and sha256_of(path) == m["sha256"]


def recover(raw: Path, command: str = "lwh land") -> str | None:
    """Finish or undo a change that a killed run left in its journal. Call under the landing lock,
    before anything else. Returns what was done (also said on stderr), or None if nothing was left."""
    raw = Path(raw)
    (raw / (JOURNAL_NAME + ".tmp")).unlink(missing_ok=True)      # killed before the journal existed
    path = raw / JOURNAL_NAME
    if not path.exists():
        _repair_log_tail(raw / LOG_NAME)
        return None
    journal = json.loads(path.read_text(encoding="utf-8"))
    moves, records = journal["moves"], journal["records"]
    _repair_log_tail(raw / LOG_NAME)
    logged = {rec.get("id") for rec in read_log(raw)}
    started_logging = any(rec["id"] in logged for rec in records)
    done: list[dict] = []
    complete = True
    for m in moves:
        src, dst = raw / m["from"], raw / m["to"]
        if _holds(dst, m):
            done.append(m)
        elif _holds(src, m) and not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
            done.append(m)
        else:
            complete = False
            if not started_logging:
                break
    if complete or started_logging:
        missing = [rec for rec in records if rec["id"] not in logged]
        if missing:
            _append_log(raw, missing)
        what = (f"completed a change that an interrupted run left unfinished "
                f"({len(moves)} file move(s), {len(missing)} log record(s) added)")
        if not complete:
            what += "; some of its files were no longer there"
    else:
        for m in reversed(done):
            src = raw / m["from"]
            src.parent.mkdir(parents=True, exist_ok=True)
            os.replace(raw / m["to"], src)
        what = (f"rolled back a change that an interrupted run left unfinished "
                f"({len(done)} of {len(moves)} file move(s) undone; a file it needed was gone)")
    path.unlink()
    fsync_dir(raw)
    print(f"{command}: {what}", file=sys.stderr, flush=True)
    return what


def free_name(raw: Path, folder: str, stem: str, label: str, taken: set[str]) -> str:
    """`<folder>/<stem>__<label>-<UTC stamp>.csv` (relative to raw), with a counter if taken."""
    base = f"{folder}/{stem}__{label}-{utc_stamp()}"
    name, n = f"{base}.csv", 1
    while name in taken or (raw / name).exists():
        n += 1
        name = f"{base}-{n}.csv"
    taken.add(name)
    return name
