"""Faults: repeated and interrupted runs converge to the same warehouse, and a BI reader that
holds the published file open is never blocked, never fails and never sees missing marts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from lwh.land import land

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
