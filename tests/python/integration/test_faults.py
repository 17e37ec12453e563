"""Faults: repeated and interrupted runs converge to the same warehouse, and a BI reader that
holds the published file open is never blocked, never fails and never sees missing marts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from lwh.generate import Generator
from lwh.landing.land import land

from conftest import SMALL_SCALE
from dbt_helpers import LWH, PROJECT, checksums
from dbt_helpers import lwh_build as _build
from dbt_helpers import lwh_env as _env

pytestmark = pytest.mark.dbt


@pytest.fixture(scope="module")
def landed(built_warehouse):
    work, raw, reference = built_warehouse("faults", warehouse="reference.duckdb")
    return work, raw, reference, checksums(reference)


def test_landing_and_building_again_gives_the_same_warehouse(landed, exports):
    work, raw, reference, expected = landed
    assert {p.status for p in land([str(exports)], raw)[0]} == {"unchanged"}
    proc = _build(raw, reference)
    assert proc.returncode == 0, proc.stdout[-3000:]
    again = checksums(reference)
    assert len(again) >= 120
    assert again == expected


def test_a_build_killed_part_way_then_run_again_converges(landed):
    work, raw, _, expected = landed
    warehouse = work / "killed.duckdb"
    proc = subprocess.Popen([LWH, "build", "--warehouse", str(warehouse), "--quiet",
                             "--target-path", str(work / "target-killed"), "--log-path", str(work / "logs")],
                            cwd=PROJECT, env=_env(raw), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    building = warehouse.with_name(warehouse.name + ".building")
    deadline = time.time() + 120
    while time.time() < deadline and not (building.exists() and building.stat().st_size > 5_000_000):
        time.sleep(0.2)
    time.sleep(2)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not warehouse.exists(), "a killed build must not publish anything"
    rerun = _build(raw, warehouse)
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert checksums(warehouse) == expected


def test_a_reader_holding_the_warehouse_never_fails_and_never_sees_missing_marts(landed):
    work, raw, reference, expected = landed
    marts = sorted(k for k in expected if k.startswith("marts."))
    reader = subprocess.Popen([sys.executable, "-c", f"""
import duckdb, sys, time
path, want = {str(reference)!r}, {len(marts)}
held = duckdb.connect(path, read_only=True)      # a BI tool holding the file open all along
seen, end = 0, time.time() + 600
while time.time() < end:
    try:
        for con in (held, duckdb.connect(path, read_only=True)):
            n = con.execute("select count(*) from information_schema.tables where table_schema = 'marts'").fetchall()[0][0]
            con.execute("select count(*) from marts.rpt_person_learning_summary").fetchall()
            if n != want:
                print('MISSING', n, flush=True); sys.exit(1)
            if con is not held:
                con.close()
        seen += 1
    except Exception as e:
        print('ERROR', type(e).__name__, e, flush=True); sys.exit(1)
    if open({str(work / 'stop')!r}, 'a+').seek(0, 2) > 0:
        break
    time.sleep(0.05)
print('OK', seen, flush=True)
"""], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1)
    build = _build(raw, reference)
    (work / "stop").write_text("stop")
    out, err = reader.communicate(timeout=120)
    assert build.returncode == 0, build.stdout[-3000:]
    assert reader.returncode == 0 and out.startswith("OK"), out + err
    assert int(out.split()[1]) > 5
    assert checksums(reference) == expected


# --- a daily build in place (stores.DuckDBFileStore): killed anywhere, readers find the old or
# the new warehouse, and the next build finishes or redoes it --------------------------------

@pytest.fixture(scope="module")
def daily(land_exports):
    """A published warehouse (`old`), a further day landed after it, and the warehouse the
    uninterrupted daily build of that day publishes (`new`); `reset()` puts the old published
    file back in place of `warehouse` for the next kill."""
    work, raw = land_exports("daily-kill")
    warehouse = work / "learning.duckdb"
    proc = _build(raw, warehouse)
    assert proc.returncode == 0, proc.stdout[-3000:]
    saved = work / "published-before-the-day.duckdb"
    shutil.copyfile(warehouse, saved)
    old = checksums(warehouse)
    Generator(work / "day1", scale=SMALL_SCALE, seed=11, progress=False).run(day_after=1)
    assert land([str(work / "day1")], raw)[1] == []
    proc = _build(raw, warehouse, "--changed")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "building a copy" not in proc.stdout        # nobody held the file: built in place
    new = checksums(warehouse)
    assert new != old

    def reset():
        for suffix in ("", ".wal", ".building", ".building.wal", ".building.json"):
            warehouse.with_name(warehouse.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(saved, warehouse)
    return {"work": work, "raw": raw, "warehouse": warehouse, "old": old, "new": new, "reset": reset}


def _until_no_process_holds(warehouse, seconds=30):
    from lwh.warehouse.stores import held_by_another_process

    deadline = time.time() + seconds
    while held_by_another_process(warehouse) and time.time() < deadline:
        time.sleep(0.1)


def _leftovers(warehouse):
    return sorted(p.name for p in warehouse.parent.glob(warehouse.name + ".*"))


def test_a_daily_build_killed_while_dbt_runs_leaves_the_old_warehouse(daily):
    warehouse = daily["warehouse"]
    daily["reset"]()
    size_before = warehouse.stat().st_size
    proc = subprocess.Popen([LWH, "build", "--changed", "--warehouse", str(warehouse), "--quiet",
                             "--target-path", str(daily["work"] / "target-kill"),
                             "--log-path", str(daily["work"] / "logs")],
                            cwd=PROJECT, env=_env(daily["raw"]), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = warehouse.with_name(warehouse.name + ".building.wal")
    deadline = time.time() + 120
    while time.time() < deadline and not (wal.exists() and wal.stat().st_size > 100_000):
        time.sleep(0.05)
    assert proc.poll() is None, "the daily build finished before it could be killed"
    assert os.path.samefile(warehouse, warehouse.with_name(warehouse.name + ".building")), "not built in place"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    _until_no_process_holds(warehouse)          # dbt, killed with lwh, lets go of the file
    # what a reader finds right after the kill, before any recovery: the old warehouse, whole
    assert checksums(warehouse) == daily["old"]
    assert warehouse.stat().st_size >= size_before
    rerun = _build(daily["raw"], warehouse, "--changed")
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert "undid the unfinished build" in rerun.stdout
    assert checksums(warehouse) == daily["new"]
    assert _leftovers(warehouse) == []


@pytest.mark.parametrize("point, readers_find", [("before_publish", "old"), ("publishing", "old"),
                                                 ("checkpointed", "new")])
def test_a_daily_build_killed_while_publishing_leaves_the_old_or_the_new_warehouse(daily, point, readers_find):
    warehouse = daily["warehouse"]
    daily["reset"]()
    env = dict(_env(daily["raw"]), LWH_BUILD_FAULT=point)
    killed = subprocess.run([LWH, "build", "--changed", "--warehouse", str(warehouse), "--quiet",
                             "--target-path", str(daily["work"] / "target-kill"),
                             "--log-path", str(daily["work"] / "logs")],
                            cwd=PROJECT, env=env, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stdout[-2000:] + killed.stderr[-2000:]
    assert checksums(warehouse) == daily[readers_find]
    rerun = _build(daily["raw"], warehouse, "--changed")
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert checksums(warehouse) == daily["new"]
    assert _leftovers(warehouse) == []


def test_a_reader_opening_during_a_daily_build_waits_and_finds_the_old_or_the_new(daily):
    """While a build holds the file in place, DuckDB refuses other connections; the project's
    reader (lwh.serving.reader.connect) waits for the publish instead of failing."""
    from lwh.serving import reader

    warehouse = daily["warehouse"]
    daily["reset"]()
    proc = subprocess.Popen([LWH, "build", "--changed", "--warehouse", str(warehouse), "--quiet",
                             "--target-path", str(daily["work"] / "target-kill"),
                             "--log-path", str(daily["work"] / "logs")],
                            cwd=PROJECT, env=_env(daily["raw"]), stdout=subprocess.PIPE, text=True)
    link = warehouse.with_name(warehouse.name + ".building")
    deadline = time.time() + 60
    while time.time() < deadline and not link.exists():
        time.sleep(0.02)
    time.sleep(1)
    con = reader.connect(warehouse, wait_seconds=300)
    try:
        n = con.execute("select count(*) from marts.fct_login").fetchall()[0][0]
    finally:
        con.close()
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out[-3000:]
    assert n in (daily["old"]["marts.fct_login"][0], daily["new"]["marts.fct_login"][0])
    assert checksums(warehouse) == daily["new"]
