"""Every documented command works as the README shows it, from any working directory (a cron
job does not start in the repository): lwh land, build, info, export and bench find the project
(LWH_PROJECT_DIR, else the installed one) and its profile; the enable vars build one platform
alone, marts included; a time zone the engine does not know fails before any model builds;
`dbt ls -s tag:pii` lists the models holding personal data; builds show their progress."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from lwh import spec

from dbt_helpers import DBT, LWH, query

pytestmark = pytest.mark.dbt

PROJECT = spec.project_dir()


def _env(**extra: str) -> dict:
    """The environment of a user outside the repository: no project or profile variables."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LWH_PROJECT_DIR", "DBT_PROFILES_DIR", "LWH_RAW_DIR", "LWH_WAREHOUSE_PATH", "LWH_TEMP_DIR")}
    return dict(env, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **extra)


def _run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_env(**extra), capture_output=True, text=True)


def _ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def elsewhere(exports, tmp_path_factory):
    """A working directory outside the repository holding a landing area, with relative paths."""
    cwd = tmp_path_factory.mktemp("elsewhere")
    _ok(_run([LWH, "land", str(exports), "--raw-dir", "raw"], cwd))
    build = _ok(_run([LWH, "build", "--warehouse", "wh/learning.duckdb", "--fresh"], cwd, LWH_RAW_DIR="raw",
                     LWH_TEMP_DIR="tmp"))
    return cwd, build


def test_land_and_build_from_another_directory(elsewhere):
    cwd, build = elsewhere
    assert (cwd / "raw" / "_landing_log.jsonl").exists()
    assert (cwd / "wh" / "learning.duckdb").exists()
    assert query(cwd / "wh" / "learning.duckdb", "select count(*) > 0 from marts.dim_person") == [(True,)]
    assert not (cwd / "target").exists() and not (cwd / "logs").exists()     # dbt's files stay in the project


def test_a_build_shows_its_progress(elsewhere):
    _, build = elsewhere
    lines = [line for line in build.stdout.splitlines() if line.startswith("lwh build [")]
    assert any("OK" in line and "marts.fct_login" in line for line in lines), build.stdout[-3000:]
    assert any("tests:" in line for line in lines)
    assert "dbt finished:" in build.stdout


def test_info_and_export_from_another_directory(elsewhere):
    cwd, _ = elsewhere
    info = _ok(_run([LWH, "info", "--warehouse", "wh/learning.duckdb"], cwd))
    assert str((cwd / "wh" / "learning.duckdb").resolve()) in info.stdout
    _ok(_run([LWH, "export", "--warehouse", "wh/learning.duckdb", "--out", "export"], cwd))
    manifest = json.loads((cwd / "export" / "manifest.json").read_text())
    assert {m["name"] for m in manifest["marts"]} >= {"dim_person", "fct_login"}


def test_bench_is_a_subcommand(tmp_path):
    proc = _ok(_run([LWH, "bench", "--help"], tmp_path))
    assert "--scale" in proc.stdout and "--repeat" in proc.stdout


@pytest.mark.parametrize("off, on", [("learnamp", "brightspace"), ("brightspace", "learnamp")])
def test_one_platform_alone(elsewhere, off, on):
    cwd, _ = elsewhere
    warehouse = cwd / f"only-{on}.duckdb"
    _ok(_run([LWH, "build", "--warehouse", str(warehouse), "--fresh", "--quiet", "--vars", f"{{{off}_enabled: false}}"],
             cwd, LWH_RAW_DIR="raw", LWH_TEMP_DIR="tmp"))
    # the system switched off keeps every staging relation, empty and typed, so models read it with ref()
    staged = {t for (t,) in query(warehouse, "select table_name from information_schema.tables "
                                             "where table_schema = 'staging'")}
    assert {t.split("__")[0] for t in staged} == {f"stg_{off}", f"stg_{on}", f"base_{off}", f"base_{on}"}
    for table in sorted(t for t in staged if t.split("__")[0].endswith(off)):
        assert query(warehouse, f"select count(*) from staging.{table}") == [(0,)], table
    assert query(warehouse, f"select count(*) > 0 from staging.stg_{on}__users") == [(True,)]
    # typed as the column spec says, not all text
    users_id = "user_id" if off == "brightspace" else "id"
    [(data_type,)] = query(warehouse, "select data_type from information_schema.columns where table_schema = "
                                      f"'staging' and table_name = 'stg_{off}__users' and column_name = '{users_id}'")
    assert data_type in ("BIGINT", "INTEGER"), data_type
    systems = {s for (s,) in query(warehouse, "select distinct source_system from marts.dim_user "
                                              "where user_key not in ('-1', '-2')")}
    assert systems == {on}
    assert query(warehouse, "select count(*) > 0 from marts.rpt_daily_platform_activity") == [(True,)]


def test_an_unknown_time_zone_fails_before_any_model(elsewhere):
    cwd, _ = elsewhere
    proc = _run([LWH, "build", "--warehouse", str(cwd / "tz.duckdb"), "--fresh", "--vars",
                 "{organisation_time_zone: Europe/Londn}"], cwd, LWH_RAW_DIR="raw", LWH_TEMP_DIR="tmp")
    assert proc.returncode != 0
    assert "Europe/Londn" in proc.stdout + proc.stderr and "organisation_time_zone" in proc.stdout + proc.stderr
    assert " OK " not in proc.stdout          # no model was built
    assert not (cwd / "tz.duckdb").exists()


def test_tag_pii_selects_the_models_holding_personal_data(tmp_path):
    proc = _ok(_run([DBT, "ls", "-s", "tag:pii", "--resource-type", "model", "--project-dir", str(PROJECT),
                     "--profiles-dir", str(PROJECT), "--output", "name", "--quiet",
                     "--target-path", str(tmp_path / "target")], tmp_path))
    names = set(proc.stdout.split())
    assert {"dim_person", "dim_user", "fct_login", "rpt_person_learning_summary",
            "stg_learnamp__users", "stg_brightspace__users", "base_brightspace__user_logins"} <= names
    assert "dim_date" not in names and "stg_learnamp__activities" not in names


def test_a_large_landing_shows_its_progress(exports, tmp_path):
    proc = _ok(_run([LWH, "land", str(exports), "--raw-dir", "raw"], tmp_path))
    assert "lwh land [" in proc.stderr and "files (" in proc.stderr
    quiet = _ok(_run([LWH, "land", str(exports), "--raw-dir", "raw2", "--quiet"], tmp_path))
    assert "lwh land [" not in quiet.stderr
