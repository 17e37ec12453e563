"""The benchmark's arithmetic and output: dbt's time per node summed per kind, medians over
repeated runs, and the table printed and written to the README (the measuring itself runs in
`make bench`, minutes per scale, so not here)."""

from __future__ import annotations

import json

from lwh.devtools import bench


def _result(**overrides) -> dict:
    r = {
        "scale": 1.0, "repeat": 3,
        "raw": {"learnamp": {"files": 39, "rows": 18_850_047, "bytes": 1_048_872_391},
                "brightspace": {"files": 72, "rows": 7_365_519, "bytes": 192_910_349}},
        "land_seconds": 32.8,
        "floor_seconds": 49.0, "floor_seconds_runs": [48.1, 49.0, 52.0],
        "build_full_seconds": 150.3, "build_full_seconds_runs": [142.4, 153.4, 150.3],
        "build_node_seconds": {"seeds": 0.1, "models": 231.0, "data_tests": 34.0, "unit_tests": 1.3},
        "full_build_to_floor": 3.07, "full_build_to_floor_runs": [2.96, 3.13, 2.89],
        "next_day_land_seconds": 0.1, "next_day_build_seconds": 26.3, "next_day_source_tables": 12,
        "next_day_to_full_build": 0.175,
        "peak_rss_mib": 2790, "peak_rss_mib_by_step": {"full_build": 2790, "next_day": 2482},
        "duckdb_file_mib": 1958,
    }
    r.update(overrides)
    return r


def test_node_seconds_are_summed_per_kind(tmp_path):
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps({"results": [
        {"unique_id": "model.p.a", "execution_time": 1.25},
        {"unique_id": "model.p.b", "execution_time": 2.0},
        {"unique_id": "seed.p.s", "execution_time": 0.5},
        {"unique_id": "test.p.t1", "execution_time": 0.25},
        {"unique_id": "test.p.t2", "execution_time": 0.25},
        {"unique_id": "unit_test.p.a.u", "execution_time": 0.75},
        {"unique_id": "operation.p.p-on-run-start-0", "execution_time": 0.25},     # the on-run-start hook
    ]}))
    assert bench._node_seconds(path) == {"seeds": 0.5, "models": 3.2, "data_tests": 0.5, "unit_tests": 0.8,
                                         "hooks": 0.2}


def test_report_shows_medians_with_every_run():
    text = bench.report(_result())
    assert "150.3 s (median of 3: 142.4 s, 153.4 s, 150.3 s)" in text
    assert "3.07x (median of 3: 2.96x, 3.13x, 2.89x)" in text
    assert "231.1 s / 35.3 s" in text          # seeds + models / data + unit tests
    assert "17.5 %" in text


def test_a_single_run_shows_no_median():
    r = _result(repeat=1, floor_seconds_runs=[49.0], build_full_seconds_runs=[150.3],
                full_build_to_floor_runs=[3.07])
    text = bench.report(r)
    assert "median" not in text
    assert "49.0 s\n" in text


def test_markdown_puts_scales_side_by_side_in_order():
    table = bench.markdown([_result(), _result(scale=0.1, repeat=1, floor_seconds_runs=[7.0])])
    lines = table.splitlines()
    assert lines[0] == "| | scale 0.1 | scale 1 |"
    assert lines[1] == "|---|---|---|"
    assert all(line.count("|") == 4 for line in lines)
    assert any("**3.07x** (median of 3: 2.96x, 3.13x, 2.89x)" in line for line in lines)


def test_spark_results_are_reported_beside_duckdb():
    spark = _result(engine="spark", scale=0.02, duckdb_file_mib=None, warehouse_mib=45,
                    floor_seconds=21.2, floor_seconds_runs=[])
    duck = _result(engine="duckdb", scale=0.02, duckdb_file_mib=66, warehouse_mib=66)
    assert "floor (Spark loads every file once)" in bench.report(spark)
    assert "Parquet tables" in bench.report(spark) and "45 MiB" in bench.report(spark)
    table = bench.markdown([spark, duck]).splitlines()
    assert table[0] == "| | scale 0.02, DuckDB | scale 0.02, Spark |"
    assert any(line.startswith("| warehouse size") and "66 MiB | 45 MiB" in line for line in table)
    # one engine alone: no engine in the header (the README's DuckDB table)
    assert bench.markdown([_result()]).splitlines()[0] == "| | scale 1 |"


def _day(k: int, build: float, **extra) -> dict:
    return {"day": k, "source_tables": 21, "land_seconds": 0.1, "build_seconds": build,
            "to_full_build": round((0.1 + build) / 150.3, 3), "peak_rss_mib": 2000,
            "slowest_nodes": [["model.fct_a", 2.5], ["model.fct_b", 1.0]], **extra}


def test_a_series_of_days_is_reported_with_the_disk_a_daily_build_takes():
    r = _result(days=[_day(1, 20.0, publish="in place", disk_before_mib=2000, disk_peak_mib=2100,
                           disk_after_mib=2050, disk_peak_to_published=1.05),
                      _day(2, 21.9, publish="in place", disk_before_mib=2050, disk_peak_mib=2300,
                           disk_after_mib=2060, disk_peak_to_published=1.12)])
    text = bench.report(r)
    assert "day 1 20.1, day 2 22.0" in text
    assert "1.12x at most (day 2: peak 2,300 MiB, published 2,050 MiB; publish in place)" in text
    assert "fct_a 2.5 s" in text
    assert "| 20.1 s, 22.0 s |" in bench.markdown([r])


def test_growth_compares_each_day_with_the_first_scale():
    small = _result(raw_rows=10_000_000, days=[_day(1, 19.9), _day(2, 24.9)])
    large = _result(scale=3.0, raw_rows=30_000_000, days=[_day(1, 25.9), _day(2, 24.9)])
    assert bench.growth([small, large]) == \
        "a further day, scale 3 / scale 1: day 1 1.30x, day 2 1.00x (history 3.00x the rows)"
