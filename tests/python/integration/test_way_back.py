"""A way back: a landed file that is wrong is replaced (`lwh land --replace`) or removed
(`lwh unland`), and the next `lwh build` gives the same warehouse as a fresh build from what is
landed now, although the tables those files feed are incremental. A landed file edited by hand
stops the build before dbt runs, naming the file and the remedy."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from lwh.warehouse.build import explain_failure

from dbt_helpers import LWH, checksums, lwh_build, lwh_env, query

pytestmark = pytest.mark.dbt


def _ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]


def _lwh(*args: str, raw: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LWH, *args, "--raw-dir", str(raw)], env=lwh_env(raw), capture_output=True, text=True)


def _corrected_zip(original: Path, out: Path) -> Path:
    """The same BDS extract with its last record left out."""
    with zipfile.ZipFile(original) as zf:
        (member,) = zf.namelist()
        lines = zf.read(member).decode("utf-8-sig").splitlines()
    body = lines[1:-1]
    path = out / original.name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, ("\ufeff" + "\n".join([lines[0], *body]) + "\n").encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def way_back(exports, tmp_path_factory):
    work = tmp_path_factory.mktemp("way_back")
    raw = work / "raw"
    _ok(_lwh("land", str(exports), raw=raw))
    warehouse = work / "learning.duckdb"
    _ok(lwh_build(raw, warehouse))
    # a corrected User Logins differential (incremental data set) and an unwanted Course Access one
    logins = sorted((exports / "brightspace").glob("UserLogins_Differential_*.zip"))[-1]
    fixes = work / "fixes"
    fixes.mkdir()
    replaced = _lwh("land", "--replace", str(_corrected_zip(logins, fixes)), raw=raw)
    _ok(replaced)
    unwanted = sorted((raw / "brightspace" / "course_access").glob("*differential*.csv"))[-1]
    unlanded = _lwh("unland", str(unwanted.relative_to(raw)), raw=raw)
    _ok(unlanded)
    again = lwh_build(raw, warehouse)
    fresh = work / "fresh.duckdb"
    _ok(lwh_build(raw, fresh))
    return raw, warehouse, fresh, again, unwanted


def test_replace_keeps_the_old_file_and_logs_both_checksums(way_back):
    raw, *_ = way_back
    kept = list((raw / "replaced").rglob("*.csv"))
    assert len(kept) == 1 and kept[0].parts[-3:-1] == ("brightspace", "user_logins")
    log = (raw / "_landing_log.jsonl").read_text()
    assert '"action": "replace"' in log and "replaced_sha256" in log


def test_unland_keeps_the_file_aside(way_back):
    raw, _, _, _, unwanted = way_back
    assert not unwanted.exists()
    assert len(list((raw / "unlanded").rglob("*.csv"))) == 1
    assert '"action": "unland"' in (raw / "_landing_log.jsonl").read_text()


def test_the_next_build_equals_a_fresh_build(way_back):
    raw, warehouse, fresh, again, unwanted = way_back
    _ok(again)
    assert "rebuilding" in again.stdout
    assert checksums(warehouse) == checksums(fresh)
    assert query(warehouse, "select count(*) from staging.base_brightspace__course_access "
                            f"where _source_file = '{unwanted.relative_to(raw)}'") == [(0,)]


def test_a_file_edited_by_hand_stops_the_build_with_the_remedy(way_back, tmp_path):
    raw, warehouse, *_ = way_back
    victim = sorted((raw / "learnamp" / "users").glob("*.csv"))[0]
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + b"1,2,3\n")
        proc = lwh_build(raw, warehouse)
    finally:
        victim.write_bytes(original)
    assert proc.returncode != 0
    rel = str(victim.relative_to(raw))
    assert rel in proc.stderr and "lwh land --replace" in proc.stderr and f"lwh unland {rel}" in proc.stderr


def test_a_dbt_failure_on_a_landed_file_names_the_file_and_the_remedy(tmp_path):
    raw = tmp_path / "raw"
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "run_results.json").write_text(
        '{"results": [{"unique_id": "model.learning_warehouse.base_learnamp__users", "status": "error", '
        f'"message": "Invalid Input Error: CSV Error on Line: 7 in file '
        f'\\"{raw.resolve()}/learnamp/users/users__20261117T000000Z.csv\\""}}]}}')
    (explanation,) = explain_failure(tmp_path / "target", raw)
    assert "learnamp/users/users__20261117T000000Z.csv" in explanation
    assert "lwh land --replace" in explanation and "lwh unland learnamp/users/users__20261117T000000Z.csv" in explanation
    assert "base_learnamp__users" in explanation
