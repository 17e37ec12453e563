"""The same models and tests on Apache Spark (the `spark` target: dbt-spark, a local pyspark
session, Parquet tables): every dbt test and unit test passes on Spark, every relation dbt
builds equals DuckDB's (row count and order-independent checksum over normalised values, see
`lwh.devtools.fingerprint --normalise`), and an incremental run on Spark equals a full refresh.

Needs Java, pyspark and dbt-spark (`make install` brings them; Java from the Debian package
openjdk-17-jre-headless, `make java`). Without them the tests skip with the reason, except on
CI (`CI` set), where a missing piece is a failure: there the install step must bring it."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lwh import project
from lwh.devtools.fingerprint import compare, fingerprints
from lwh.generate import Generator
from lwh.landing.land import land

from conftest import SMALL_SCALE
from dbt_helpers import DBT, LWH, PROJECT
from dbt_helpers import lwh_build as _duckdb_build

pytestmark = [pytest.mark.dbt, pytest.mark.spark]


def _missing() -> list[str]:
    missing = [] if shutil.which("java") else ["java (Debian: openjdk-17-jre-headless)"]
    missing += [name for name, module in (("pyspark", "pyspark"), ("dbt-spark", "dbt.adapters.spark"))
                if importlib.util.find_spec(module) is None]
    return missing


@pytest.fixture(scope="module", autouse=True)
def _spark_available():
    missing = _missing()
    if missing and os.environ.get("CI"):
        pytest.fail(f"Spark tests on CI need {', '.join(missing)}: make install brings them")
    if missing:
        pytest.skip(f"Spark not available here: {', '.join(missing)} missing (make install)")


def _run_on_spark(command: list[str], raw: Path, warehouse_dir: Path) -> subprocess.CompletedProcess:
    """`command` (dbt or lwh, with its arguments) on the `spark` target over the landing area
    `raw`, into the local Spark warehouse `warehouse_dir` (tables and metastore); dbt's target,
    logs and spill files beside it."""
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT), LWH_PROJECT_DIR=str(PROJECT),
               LWH_RAW_DIR=str(raw.resolve()), LWH_SPARK_WAREHOUSE_DIR=str(warehouse_dir),
               LWH_TEMP_DIR=str(warehouse_dir / "tmp"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    return subprocess.run([*command, "--target", "spark",
                           "--target-path", str(warehouse_dir / "target"),
                           "--log-path", str(warehouse_dir / "logs")],
                          cwd=PROJECT, env=env, capture_output=True, text=True)


def _spark_build(raw: Path, warehouse_dir: Path) -> subprocess.CompletedProcess:
    """`dbt build --target spark`."""
    return _run_on_spark([DBT, "build"], raw, warehouse_dir)


def _lwh_spark_build(raw: Path, warehouse_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    """`lwh build --target spark` (stores.SparkStore)."""
    return _run_on_spark([LWH, "build", "--quiet", *extra], raw, warehouse_dir)


def _ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def _results(warehouse_dir: Path) -> dict[str, int]:
    results = json.loads((warehouse_dir / "target" / "run_results.json").read_text())["results"]
    counts: dict[str, int] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        counts[f"{kind} {r['status']}"] = counts.get(f"{kind} {r['status']}", 0) + 1
    return counts


def _differences(spark_dir: Path, duckdb_file: Path) -> list[str]:
    spark = fingerprints(spark_dir / "tables", normalise=True, schemas=project.schemas())
    duck = fingerprints(duckdb_file, normalise=True, schemas=project.schemas())
    assert len(spark) > 100 and len(duck) > 100
    return compare(duck, spark)


@pytest.fixture(scope="module")
def spark_runs(land_exports, exports):
    """The session's exports built on Spark and on DuckDB; then two later days land, Spark builds
    incrementally, and both engines build the same landing area from scratch."""
    work, raw = land_exports("spark")
    first_duckdb = work / "duckdb-first" / "learning.duckdb"
    _ok(_duckdb_build(raw, first_duckdb))
    incremental = work / "spark-incremental"
    _ok(_lwh_spark_build(raw, incremental, "--fresh"))
    first_results = _results(incremental)
    first_differences = _differences(incremental, first_duckdb)
    first_marts = fingerprints(incremental / "tables", schemas=("marts",), normalise=True)

    for k in (2, 1):            # a newer day, then an older one arriving late
        day = work / f"day{k}"
        Generator(day, scale=SMALL_SCALE, seed=11, progress=False).run(day_after=k)
        assert land([str(day)], raw)[1] == []
    _ok(_lwh_spark_build(raw, incremental, "--changed"))
    incremental_results = _results(incremental)
    nothing_new = _lwh_spark_build(raw, incremental, "--changed")
    full_spark = work / "spark-full"
    _ok(_spark_build(raw, full_spark))
    full_results = _results(full_spark)
    full_duckdb = work / "duckdb-full" / "learning.duckdb"
    _ok(_duckdb_build(raw, full_duckdb, "--fresh"))
    return {"work": work, "raw": raw, "incremental": incremental, "full_spark": full_spark,
            "full_duckdb": full_duckdb, "first_results": first_results,
            "incremental_results": incremental_results, "full_results": full_results,
            "first_differences": first_differences, "first_marts": first_marts, "nothing_new": nothing_new}


def _not_passed(counts: dict[str, int]) -> dict[str, int]:
    """Nodes that did not pass; saved queries and exposures have nothing to build (no-op)."""
    return {k: n for k, n in counts.items()
            if k.split()[1] not in ("success", "pass")
            and not (k.split()[0] in ("saved_query", "exposure") and k.split()[1] == "no-op")}


def test_every_dbt_test_and_unit_test_passes_on_spark(spark_runs):
    # the two full builds: every model, data test and unit test of the project
    for counts in (spark_runs["first_results"], spark_runs["full_results"]):
        assert _not_passed(counts) == {}, counts
        assert counts.get("test pass", 0) > 300          # data tests
        assert counts.get("unit_test pass", 0) > 0       # dbt unit tests
        assert counts.get("model success", 0) > 100
    # the daily run (lwh build --changed): what the new files affect, and its data tests
    daily = spark_runs["incremental_results"]
    assert _not_passed(daily) == {}, daily
    assert 0 < daily.get("model success", 0) < spark_runs["full_results"]["model success"]
    assert daily.get("test pass", 0) > 0


def test_spark_gives_the_same_answers_as_duckdb(spark_runs):
    assert spark_runs["first_differences"] == []
    assert _differences(spark_runs["full_spark"], spark_runs["full_duckdb"]) == []


def test_an_incremental_run_on_spark_equals_a_full_refresh(spark_runs):
    incremental = fingerprints(spark_runs["incremental"] / "tables", normalise=True, schemas=project.schemas())
    full = fingerprints(spark_runs["full_spark"] / "tables", normalise=True, schemas=project.schemas())
    assert compare(full, incremental) == []
    # the later days really changed the warehouse: not two identical initial builds
    after = {k: v for k, v in incremental.items() if k.startswith("marts.")}
    assert spark_runs["first_marts"]["marts.fct_learning_activity"] != after["marts.fct_learning_activity"]
    assert spark_runs["first_marts"]["marts.fct_login"] != after["marts.fct_login"]
    # and nothing of the rebuild's own machinery is left beside the tables
    left = sorted(p.name for p in (spark_runs["incremental"] / "tables").glob("*.db/*__lw_*"))
    assert left == []


def test_lwh_build_on_spark_records_what_it_saw(spark_runs):
    """`lwh build --target spark` records the landed files its build saw, so a daily run with
    nothing new landed does nothing."""
    seen = json.loads((spark_runs["incremental"] / "landed_files.json").read_text())
    landed = {str(p.relative_to(spark_runs["raw"])) for p in spark_runs["raw"].glob("*/*/*.csv")}
    assert set(seen) == landed
    proc = spark_runs["nothing_new"]
    _ok(proc)
    assert "nothing landed" in proc.stdout


def test_an_incremental_run_on_spark_reads_only_new_files(spark_runs):
    """Every landed file's rows were loaded by exactly one build, and there were two builds."""
    table = spark_runs["incremental"] / "tables" / "staging.db" / "base_learnamp__activities"
    per_file = query_parquet(table, "select _source_file, count(distinct _loaded_at) from t group by all")
    assert per_file and all(n == 1 for _, n in per_file)
    assert query_parquet(table, "select count(distinct _loaded_at) from t")[0][0] == 2


def query_parquet(table_dir: Path, sql: str) -> list[tuple]:
    """`sql` over one Spark Parquet table (named `t`), read by DuckDB."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute(f"create view t as select * from read_parquet('{table_dir}/*.parquet')")
        return con.execute(sql).fetchall()
    finally:
        con.close()

