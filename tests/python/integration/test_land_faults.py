"""`lwh land` under faults: concurrent runs, a SIGKILL at any point of a change, hostile sizes.

Every run is a separate `python -m lwh.cli` process. After any of these, the landed files and
the landing log agree (`landed_state`), no temporary folder is left, and landing the same
inputs again changes nothing. Kills are injected with the LWH_LAND_FAULT test hook."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from lwh import spec
from lwh.generate import DIFFERENTIAL_DAYS
from lwh.landing.csv_records import _Source
from lwh.landing.land import Refused, land, landed_state

USERS_HEADER = "UserId,UserName,OrgDefinedId,FirstName,MiddleName,LastName,IsActive,Organization," \
               "ExternalEmail,SignupDate,FirstLoginDate,Version,OrgRoleId,LastAccessed\n"


def users_row(i: int, name: str = "jo") -> str:
    return f"{i},{name}.{i},E{i:06d},Jo,,Bloggs,True,Example Corp,{name}{i}@example.com," \
           f"2024-01-01T09:00:00.000Z,,1,110,2024-02-01T09:00:00.000Z\n"


def bds_zip(path: Path, text: str, member: str = "Users.csv") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def lwh_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "lwh.cli", *args]


def run_lwh(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(lwh_cmd(*args), capture_output=True, text=True, env=dict(os.environ, **(env or {})))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def landed_files(raw: Path) -> dict[str, str]:
    """Every CSV the dbt sources would read (<raw>/<system>/<table>/*.csv) -> its sha256."""
    return {str(p.relative_to(raw)): sha(p) for system in ("learnamp", "brightspace")
            for p in sorted((raw / system).glob("*/*.csv"))}


def assert_consistent(raw: Path) -> None:
    state = landed_state(raw)
    assert landed_files(raw) == {t: rec["sha256"] for t, rec in state.items()}
    assert not list(raw.glob(".landing-*")), "a temporary folder was left behind"
    assert not (raw / ".lwh-journal.json").exists()
    log = (raw / "_landing_log.jsonl").read_bytes()
    assert log.endswith(b"\n")
    ids = [json.loads(line)["id"] for line in log.splitlines()]
    assert len(ids) == len(set(ids)), "a log record was written twice"


# ------------------------------------------------------------------ concurrency

def test_concurrent_lands_of_one_extract_with_different_bytes_let_exactly_one_in(tmp_path):
    raw = tmp_path / "raw"
    inputs = [bds_zip(tmp_path / f"in{i}" / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(i))
              for i in range(6)]
    procs = [subprocess.Popen(lwh_cmd("land", str(z), "--raw-dir", str(raw)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for z in inputs]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert sorted(rc for rc, _ in results) == [0, 1, 1, 1, 1, 1], results
    for rc, err in results:
        if rc:
            assert "a different file is already landed" in err and "lwh land --replace" in err, err
    state = landed_state(raw)
    assert list(state) == ["brightspace/users/users__full__20261109T030000Z.csv"]
    assert_consistent(raw)


def test_concurrent_lands_of_different_extracts_all_land_once(tmp_path):
    raw = tmp_path / "raw"
    inputs = [bds_zip(tmp_path / "in" / f"Users_2026111{i}T030000Z.zip", USERS_HEADER + users_row(i))
              for i in range(6)]
    procs = [subprocess.Popen(lwh_cmd("land", str(z), "--raw-dir", str(raw)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for z in inputs]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [rc for rc, _ in results] == [0] * 6, results
    log = [json.loads(line) for line in (raw / "_landing_log.jsonl").read_text().splitlines()]
    assert sorted(r["target"] for r in log) == sorted(
        f"brightspace/users/users__full__2026111{i}T030000Z.csv" for i in range(6))
    assert_consistent(raw)


def test_a_live_runs_temporary_folder_is_kept_and_a_dead_ones_removed(tmp_path):
    raw = tmp_path / "raw"
    live, dead = raw / ".landing-live", raw / ".landing-dead"
    for folder in (live, dead):
        folder.mkdir(parents=True)
        (folder / ".lock").touch()
        (folder / "00000.csv").write_text("x")
    held = os.open(live / ".lock", os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        z = bds_zip(tmp_path / "in" / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(1))
        proc = run_lwh("land", str(z), "--raw-dir", str(raw))
        assert proc.returncode == 0, proc.stderr
        assert live.exists() and not dead.exists()
    finally:
        os.close(held)


def test_a_land_waits_for_the_lock_and_says_so(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    held = os.open(raw / ".lwh-land.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        z = bds_zip(tmp_path / "in" / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(1))
        proc = subprocess.Popen(lwh_cmd("land", str(z), "--raw-dir", str(raw)), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        waiting = proc.stderr.readline()
        assert "waiting for another lwh land" in waiting
        time.sleep(0.5)
        assert proc.poll() is None and landed_files(raw) == {}
    finally:
        os.close(held)
    assert proc.wait(timeout=60) == 0
    assert len(landed_files(raw)) == 1
    assert_consistent(raw)


# ------------------------------------------------------------------ SIGKILL at any point

# every file the generator writes: one CSV per Learn Amp table, a full and 7 differentials per data set
EXPORT_FILES = len(spec.tables("learnamp")) + len(spec.tables("brightspace")) * (1 + DIFFERENTIAL_DAYS)
FAULTS = ["after_journal", "after_first_move", "after_moves", "mid_log"]


@pytest.mark.parametrize("point", FAULTS)
def test_a_land_killed_at_any_point_is_completed_by_the_next(exports, tmp_path, point):
    raw = tmp_path / "raw"
    killed = run_lwh("land", str(exports), "--raw-dir", str(raw), env={"LWH_LAND_FAULT": point})
    assert killed.returncode == -9, killed.stderr
    assert (raw / ".lwh-journal.json").exists()
    rerun = run_lwh("land", str(exports), "--raw-dir", str(raw))
    assert rerun.returncode == 0, rerun.stderr
    assert "completed a change that an interrupted run left unfinished" in rerun.stderr
    assert_consistent(raw)
    assert len(landed_state(raw)) == EXPORT_FILES
    before = {str(p.relative_to(raw)): p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    again = run_lwh("land", str(exports), "--raw-dir", str(raw), "-v")
    assert again.returncode == 0 and f"{EXPORT_FILES} unchanged" in again.stdout, again.stdout + again.stderr
    assert {str(p.relative_to(raw)): p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before


def test_a_change_whose_files_are_gone_is_rolled_back(exports, tmp_path):
    raw = tmp_path / "raw"
    killed = run_lwh("land", str(exports), "--raw-dir", str(raw), env={"LWH_LAND_FAULT": "after_first_move"})
    assert killed.returncode == -9
    for folder in raw.glob(".landing-*"):       # the killed run's temporary files are lost
        for f in folder.glob("*.csv"):
            f.unlink()
    rerun = run_lwh("land", str(exports), "--raw-dir", str(raw))
    assert rerun.returncode == 0, rerun.stderr
    assert "rolled back" in rerun.stderr
    assert_consistent(raw)
    assert len(landed_state(raw)) == EXPORT_FILES


@pytest.mark.parametrize("point", ["after_journal", "after_first_move", "mid_log"])
def test_a_replace_killed_at_any_point_is_completed_by_the_next_run(tmp_path, point):
    raw = tmp_path / "raw"
    old = bds_zip(tmp_path / "a" / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(1))
    new = bds_zip(tmp_path / "b" / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(1) + users_row(2))
    assert run_lwh("land", str(old), "--raw-dir", str(raw)).returncode == 0
    killed = run_lwh("land", "--replace", str(new), "--raw-dir", str(raw), env={"LWH_LAND_FAULT": point})
    assert killed.returncode == -9
    rerun = run_lwh("land", "--replace", str(new), "--raw-dir", str(raw))
    assert rerun.returncode == 0, rerun.stderr
    assert_consistent(raw)
    (rec,) = landed_state(raw).values()
    assert rec["action"] == "replace" and rec["rows"] == 2 and rec["replaced_rows"] == 1
    assert len(list((raw / "replaced").rglob("*.csv"))) == 1
    assert sha(raw / rec["kept_as"]) == rec["replaced_sha256"]


def test_an_unland_killed_part_way_is_completed_by_the_next_run(tmp_path):
    raw = tmp_path / "raw"
    zips = [bds_zip(tmp_path / "in" / f"Users_2026111{i}T030000Z.zip", USERS_HEADER + users_row(i)) for i in range(3)]
    assert run_lwh("land", *map(str, zips), "--raw-dir", str(raw)).returncode == 0
    targets = sorted(landed_state(raw))
    killed = run_lwh("unland", *targets[:2], "--raw-dir", str(raw), env={"LWH_LAND_FAULT": "after_first_move"})
    assert killed.returncode == -9
    again = run_lwh("unland", "--raw-dir", str(raw), targets[2])
    assert again.returncode == 0, again.stderr
    assert landed_state(raw) == {} and len(list((raw / "unlanded").rglob("*.csv"))) == 3
    assert_consistent(raw)


# ------------------------------------------------------------------ hostile sizes, bounded memory

_MEASURED = """
import re, sys
from lwh.cli import main
try:
    code = main(sys.argv[1:])
finally:
    status = open("/proc/self/status").read()
    print("VmHWM", re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1), file=sys.stderr)
sys.exit(code)
"""


def _peak_mb(args: list[str], env: dict) -> tuple[int, str, float]:
    """Run `lwh` and return (exit code, stderr, its peak resident memory in MB). The peak is the
    process's own VmHWM: getrusage's ru_maxrss of a child also counts the forking parent's memory."""
    proc = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True,
                          env=dict(os.environ, **env))
    peak = int(re.search(r"VmHWM (\d+)", proc.stderr).group(1)) / 1024
    return proc.returncode, proc.stderr, peak


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """1 GiB of CSV whose second record is one 1 GiB field, compressed to about 1 MB."""
    path = tmp_path_factory.mktemp("bomb") / "Users_20261109T030000Z.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("Users.csv", "w", force_zip64=True) as member:
        member.write(USERS_HEADER.encode() + b'1,"')
        chunk = b"a" * (1 << 20)
        for _ in range(1024):
            member.write(chunk)
        member.write(b'",,,,,,,,,,,,\n')
    return path


@pytest.mark.parametrize("ratio, reason", [(None, "LWH_MAX_ZIP_RATIO"), ("100000", "LWH_MAX_RECORD_BYTES")])
def test_a_zip_bomb_is_refused_in_bounded_memory(bomb, tmp_path, ratio, reason):
    raw = tmp_path / "raw"
    env = {"LWH_MAX_ZIP_RATIO": ratio} if ratio else {}
    rc, err, peak = _peak_mb(["land", str(bomb), "--raw-dir", str(raw)], env)
    print(f"\nzip bomb ({'ratio check' if ratio is None else 'streamed'}): peak {peak:.0f} MB")
    assert rc == 1 and reason in err and "Users.csv" in err, err
    assert peak < 500
    assert len(err) < 2000, "the refusal must not quote the content at length"
    assert landed_files(raw) == {} and not list(raw.glob(".landing-*"))


def test_a_300_mb_single_record_csv_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "users_20261120T000000Z.csv"
    with open(path, "wb") as f:
        f.write(b"id,first_name,last_name\n1,")
        chunk = b"b" * (1 << 20)
        for _ in range(300):
            f.write(chunk)
        f.write(b",x\n")
    raw = tmp_path / "raw"
    rc, err, peak = _peak_mb(["land", str(path), "--raw-dir", str(raw)], {})
    print(f"\n300 MB single-record CSV: peak {peak:.0f} MB")
    assert rc == 1 and "record 1 is longer than 16,777,216 bytes at line 2" in err, err
    assert "LWH_MAX_RECORD_BYTES" in err and len(err) < 2000
    assert peak < 500
    assert landed_files(raw) == {}


def test_a_member_declaring_more_than_the_uncompressed_limit_is_refused_before_expanding(tmp_path):
    z = bds_zip(tmp_path / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(1))
    proc = run_lwh("land", str(z), "--raw-dir", str(tmp_path / "raw"), env={"LWH_MAX_UNCOMPRESSED_BYTES": "100"})
    assert proc.returncode == 1
    assert "the member Users.csv of Users_20261109T030000Z.zip declares" in proc.stderr
    assert "LWH_MAX_UNCOMPRESSED_BYTES" in proc.stderr


def test_a_member_longer_than_its_declared_size_is_stopped_while_streaming():
    out = io.BytesIO()
    source = _Source(io.BytesIO(b"x" * 100), out, declared=10, what="the member Users.csv of U.zip")
    with pytest.raises(Refused, match="expands beyond 10 bytes, the size its ZIP header declares"), \
            io.BufferedReader(source, 4) as binary:
        binary.read()
    assert len(out.getvalue()) <= 10


def test_the_test_hook_is_inert_without_the_variable(tmp_path):
    started = time.time()
    z = bds_zip(tmp_path / "Users_20261109T030000Z.zip", USERS_HEADER + users_row(1))
    proc = run_lwh("land", str(z), "--raw-dir", str(tmp_path / "raw"), env={"LWH_LAND_FAULT": "no_such_point"})
    assert proc.returncode == 0 and time.time() - started < 60


def test_a_full_disk_refuses_with_a_clear_message_and_changes_nothing(tmp_path, exports):
    """The landing area on a 1 MB file system: every input that does not fit is refused, naming the
    full disk; nothing lands and the log is untouched. (Needs root to mount a tmpfs.)"""
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        raw = small / "raw"
        planned, refusals = land([str(exports / "learnamp")], raw)
        assert refusals and any("no space left" in reason for _, reason in refusals), refusals
        assert not list(raw.rglob("*.csv")) and not (raw / "_landing_log.jsonl").exists()
    finally:
        subprocess.run(["umount", str(small)], check=False)


@pytest.mark.dbt
def test_a_killed_land_then_a_rerun_builds_with_every_row_accounted_for(exports, tmp_path):
    """SIGKILL mid-log, the build (which finishes the interrupted change first, under the landing
    lock), then the re-run of the land: the build passes the row accounting and landing-log
    tests, and the re-run lands nothing new."""
    from dbt_helpers import lwh_build, query

    raw = tmp_path / "raw"
    killed = run_lwh("land", str(exports), "--raw-dir", str(raw), env={"LWH_LAND_FAULT": "mid_log"})
    assert killed.returncode == -9, killed.stderr
    warehouse = tmp_path / "learning.duckdb"
    built = lwh_build(raw, warehouse)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    assert "completed a change that an interrupted run left unfinished" in built.stderr
    assert_consistent(raw)
    rows_read = query(warehouse, "select sum(rows_read) from audit.audit_file_rows")[0][0]
    assert rows_read == sum(rec["rows"] for rec in landed_state(raw).values())
    rerun = run_lwh("land", str(exports), "--raw-dir", str(raw))
    assert rerun.returncode == 0 and f"{EXPORT_FILES} unchanged" in rerun.stdout, rerun.stdout + rerun.stderr
