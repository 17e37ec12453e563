"""`lwh bench`: measure the warehouse build on this machine at a given scale.

Generates exports at the scale (reused when already there), lands them into a fresh landing
area, and measures:
  - raw rows and bytes per system;
  - the floor: DuckDB alone loading every landed file once into a table, all columns as text;
  - the full build: one `dbt build` into an empty warehouse (seeds, models, data and unit
    tests, as an analyst runs it, parsing the whole project as a first build does), its ratio
    to the floor, and how much of dbt's time went to
    models and to tests (dbt's own time per node, summed per kind: with two threads the two
    add up to more than the wall time, and tests run while other models build);
  - one further day: landing day 1's exports and building what they affect, incrementally
    (the `dbt build` of `lwh build --changed`: the source tables that got files, everything
    downstream, their data tests), and its ratio to the full build;
  - peak resident memory of each dbt process (the build runs in it: DuckDB is in-process), and
    the size of the DuckDB file.
With --target spark the same figures on the `spark` target (a local Spark session, Parquet
tables): the floor is Spark alone reading every landed file once with its CSV reader (all
columns as text) and writing it as Parquet; the memory is the larger of dbt's process and
Spark's JVM (which pyspark starts as a child of dbt; sampled from /proc every half second);
the size is the Parquet tables' folder. Results go to bench/results/scale-<S>-spark.json.
With --repeat N, the floor and the full build are measured N times in turn and the median is
reported with every run (this machine's speed drifts by 10 to 20 % between runs).
Prints a table and writes the same figures as JSON under bench/results/; dbt's time per model
and test of each step is kept in <work>/run_results-<scale>/.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from lwh import spec
from lwh.landing.land import land
from lwh.warehouse.build import (
    changed_build_args,
    changed_selection,
    dbt_executable,
    landed_files,
    landing_changes,
    selectors,
)
from lwh.warehouse.stores import record_landed, remove_database


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (from /proc's children lists)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def _peak_descendant_kib(pid: int, stop) -> list[int]:
    """Sample the peak resident memory (VmHWM) of each process below `pid` until `stop` is set;
    returns [the largest seen] (a list, so a thread can fill it)."""
    peak = [0]

    def sample():
        while not stop.is_set():
            for child in _descendants(pid):
                try:
                    status = Path(f"/proc/{child}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
            stop.wait(0.5)

    threading.Thread(target=sample, daemon=True).start()
    return peak


def _dbt(args: list[str], env: dict, project: Path, keep_results: Path | None = None) -> tuple[float, int]:
    """Run dbt; return its wall time in seconds and its peak resident memory in KiB (the larger
    of dbt's own and of any process it starts, such as Spark's JVM). With `keep_results`, dbt's
    run_results.json (time per model and test) is copied there."""
    start = time.perf_counter()
    proc = subprocess.Popen([dbt_executable(), *args, "--quiet"], cwd=project, env=env)
    stop = threading.Event()
    children = _peak_descendant_kib(proc.pid, stop)
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"lwh bench: dbt {' '.join(args)} failed")
    if keep_results is not None:
        shutil.copyfile(Path(env.get("DBT_TARGET_PATH") or project / "target") / "run_results.json", keep_results)
    return seconds, max(usage.ru_maxrss, children[0])


def warehouse_disk_bytes(warehouse: Path) -> int:
    """Disk the warehouse's files take now: the published file, a build file that is not the
    same file (a copy), and the write-ahead logs."""
    total = 0
    for p in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        total += p.stat().st_size if p.exists() else 0
    building = warehouse.with_name(warehouse.name + ".building")
    with contextlib.suppress(FileNotFoundError):
        if not (warehouse.exists() and os.path.samefile(building, warehouse)):
            total += building.stat().st_size
    wal = building.with_name(building.name + ".wal")
    return total + (wal.stat().st_size if wal.exists() else 0)


def _daily_run(warehouse: Path, raw: Path, env: dict, project: Path, keep_results: Path) -> tuple[float, int, dict]:
    """`lwh build --changed` on the warehouse, as the daily job runs it (publish included): wall
    seconds, peak resident memory in KiB, and the warehouse's disk: published before, peak during
    (sampled every 0.1 s), published after."""
    target = keep_results.parent / "target-day"
    before = warehouse_disk_bytes(warehouse)
    peak = [before]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            with contextlib.suppress(OSError):      # a file renamed away between two stats
                peak[0] = max(peak[0], warehouse_disk_bytes(warehouse))
            stop.wait(0.1)

    threading.Thread(target=sample, daemon=True).start()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lwh.cli", "build", "--changed", "--warehouse", str(warehouse),
                             "--quiet", "--target-path", str(target)], cwd=project, env=env,
                            stdout=subprocess.PIPE, text=True)
    children = _peak_descendant_kib(proc.pid, stop)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stop.set()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"lwh bench: lwh build --changed failed:\n{out[-3000:]}")
    shutil.copyfile(target / "run_results.json", keep_results)
    after = warehouse_disk_bytes(warehouse)
    return seconds, max(usage.ru_maxrss, children[0]), {
        "publish": "copy" if "building a copy" in out else "in place",
        "disk_before_mib": round(before / 2**20), "disk_peak_mib": round(peak[0] / 2**20),
        "disk_after_mib": round(after / 2**20), "disk_peak_to_published": round(peak[0] / before, 2)}


def _slowest_nodes(run_results: Path, n: int = 8) -> list[list]:
    """The `n` nodes dbt spent longest on in one invocation: [[name, seconds], ...]."""
    results = json.loads(run_results.read_text())["results"]
    top = sorted(results, key=lambda r: -r["execution_time"])[:n]
    return [[r["unique_id"].split(".", 2)[-1], round(r["execution_time"], 1)] for r in top]


def _node_seconds(run_results: Path) -> dict:
    """dbt's own time per node of one invocation, summed per kind of node."""
    kinds = {"seed": "seeds", "model": "models", "test": "data_tests", "unit_test": "unit_tests",
             "operation": "hooks"}      # on-run-start (lw_check_configuration)
    sums = dict.fromkeys(kinds.values(), 0.0)
    for r in json.loads(run_results.read_text())["results"]:
        kind = kinds.get(r["unique_id"].split(".")[0], "other")
        sums[kind] = sums.get(kind, 0.0) + r["execution_time"]
    return {k: round(v, 1) for k, v in sums.items()}


def _exports(folder: Path, scale: float, seed: int, day_after: int = 0) -> dict:
    manifest = folder / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("scale") == scale and m.get("seed") == seed and m.get("day_after", 0) == day_after:
            return m
    # in a child process, like every measured step: a child inherits its parent's peak memory
    # (Linux keeps it across fork and exec), so the parent must stay small
    subprocess.run([sys.executable, "-m", "lwh.cli", "generate", "--scale", f"{scale:g}", "--seed", str(seed),
                    "--out", str(folder), "--days-after", str(day_after), "--quiet"], check=True)
    return json.loads(manifest.read_text())


def floor_seconds(raw: Path, threads: str, memory_limit: str, temp: Path) -> float:
    """DuckDB alone: every landed file of every source table loaded once, all columns as text."""
    con = duckdb.connect(str(temp / "floor.duckdb"))
    con.execute("set enable_progress_bar = false")
    con.execute(f"set threads = {int(threads)}")
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute(f"set temp_directory = '{temp / 'floor_spill'}'")
    start = time.perf_counter()
    for system in spec.SYSTEMS:
        for name in spec.tables(system):
            pattern = str(raw / system / name / "*.csv").replace("'", "''")
            con.execute(f"create or replace table {system}__{name} as select * from read_csv('{pattern}', "
                        "header = true, all_varchar = true, union_by_name = true, filename = true)")
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def spark_floor_seconds(raw: Path, threads: str, driver_memory: str, temp: Path) -> float:
    """Spark alone: every landed file of every source table read once by Spark's CSV reader (the
    options the project's reader uses, all columns as text, each row's file) and written as
    Parquet, in a local session like the `spark` target's."""
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import input_file_name

    spark = (SparkSession.builder.master(f"local[{int(threads)}]").appName("lwh-bench-floor")
             .config("spark.driver.memory", driver_memory).config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    start = time.perf_counter()
    for system in spec.SYSTEMS:
        for name in spec.tables(system):
            files = sorted(str(p) for p in (raw / system / name).glob("*.csv"))
            if not files:
                continue
            (spark.read.options(header="true", multiLine="true", quote='"', escape='"', encoding="UTF-8",
                                inferSchema="false", maxCharsPerColumn="-1").csv(files)
             .withColumn("_file", input_file_name())
             .write.mode("overwrite").parquet(str(temp / "floor_spark" / f"{system}__{name}")))
    seconds = time.perf_counter() - start
    spark.stop()
    return seconds


def _floor(raw: Path, threads: str, memory_limit: str, temp: Path, engine: str = "duckdb") -> float:
    """floor_seconds (or spark_floor_seconds) in a child process (a child inherits its parent's
    peak memory, so the parent must stay small)."""
    function = "spark_floor_seconds" if engine == "spark" else "floor_seconds"
    limit = os.environ.get("LWH_SPARK_DRIVER_MEMORY", "3g") if engine == "spark" else memory_limit
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; from pathlib import Path; from lwh.devtools.bench import {function}; "
         f"print({function}(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])))",
         str(raw), threads, limit, str(temp)], check=True, capture_output=True, text=True).stdout
    (temp / "floor.duckdb").unlink(missing_ok=True)
    shutil.rmtree(temp / "floor_spark", ignore_errors=True)
    return float(out.split()[-1])


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(scale: float, seed: int, work: Path, project: Path, repeat: int = 1, engine: str = "duckdb",
        n_days: int = 3) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    exports = work / f"exports-{scale:g}"
    manifest = _exports(exports, scale, seed)

    raw = work / f"raw-{scale:g}"
    shutil.rmtree(raw, ignore_errors=True)
    start = time.perf_counter()
    _, refused = land([str(exports)], raw)
    land_seconds = time.perf_counter() - start
    if refused:
        raise SystemExit(f"lwh bench: landing refused {refused[:3]}")

    threads = os.environ.get("LWH_THREADS", "2")
    memory_limit = os.environ.get("LWH_MEMORY_LIMIT", "2.5GB")
    temp = work / "tmp"
    temp.mkdir(exist_ok=True)
    spark = engine == "spark"
    warehouse = work / f"learning-{scale:g}.duckdb"
    spark_dir = work / f"spark-{scale:g}"        # the `spark` target's tables and metastore
    env = dict(os.environ, DBT_PROFILES_DIR=str(project), LWH_RAW_DIR=str(raw.resolve()),
               LWH_WAREHOUSE_PATH=str(warehouse), LWH_TEMP_DIR=str(temp / "spill"),
               LWH_SPARK_WAREHOUSE_DIR=str(spark_dir.resolve()), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    target = ["--target", "spark"] if spark else []
    timings = work / (f"run_results-{scale:g}" + ("-spark" if spark else ""))  # dbt's time per node
    timings.mkdir(exist_ok=True)
    # The floor and the full build, `repeat` times in turn (the machine's speed drifts between
    # runs; the median is reported, with every run). Each full build is one `dbt build` into an
    # empty warehouse, as an analyst runs it, parsing the whole project as a first build does.
    floors, fulls, full_kibs = [], [], []
    for _ in range(repeat):
        floors.append(_floor(raw, threads, memory_limit, temp, engine))
        remove_database(warehouse)
        shutil.rmtree(spark_dir, ignore_errors=True)
        seconds, kib = _dbt(["build", "--no-partial-parse", *target], env, project, timings / "full.json")
        fulls.append(seconds)
        full_kibs.append(kib)
    floor, full_s, full_kib = statistics.median(floors), statistics.median(fulls), max(full_kibs)
    node_seconds = _node_seconds(timings / "full.json")     # of the last full build
    size_after_full = _folder_bytes(spark_dir / "tables") if spark else warehouse.stat().st_size
    seen = landed_files(raw)
    if not spark:
        record_landed(warehouse, seen)   # as `lwh build` does after every build it publishes

    # a series of further days on the same warehouse, each the daily run `lwh build --changed`:
    # what the day's files affect, with its tests, published as readers would see it
    days = []
    for k in range(1, n_days + 1):
        _exports(work / f"exports-{scale:g}-day{k}", scale, seed, day_after=k)
        start = time.perf_counter()
        _, refused = land([str(work / f"exports-{scale:g}-day{k}")], raw)
        land_day_s = time.perf_counter() - start
        if refused:
            raise SystemExit(f"lwh bench: landing day {k} refused {refused[:3]}")
        if spark:
            selection = selectors(landing_changes(seen, raw))
            day_s, day_kib = _dbt(["build", *changed_build_args(selection), *target], env, project,
                                  timings / f"day-{k}.json")
            disk = {}
            seen = landed_files(raw)
        else:
            selection = changed_selection(warehouse, raw)
            day_s, day_kib, disk = _daily_run(warehouse, raw, env, project, timings / f"day-{k}.json")
        days.append({"day": k, "source_tables": len(selection), "land_seconds": round(land_day_s, 1),
                     "build_seconds": round(day_s, 1), "to_full_build": round((land_day_s + day_s) / full_s, 3),
                     "peak_rss_mib": round(day_kib / 1024), **disk,
                     "slowest_nodes": _slowest_nodes(timings / f"day-{k}.json")})
    first = days[0]

    by_system: dict[str, dict] = {}
    for f in manifest["files"]:
        s = by_system.setdefault(f["system"], {"files": 0, "rows": 0, "bytes": 0})
        s["files"] += 1
        s["rows"] += f["rows"]
        s["bytes"] += (exports / f["path"]).stat().st_size
    landed_bytes = sum(p.stat().st_size for p in raw.rglob("*.csv"))
    return {
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "threads": threads,
                    "memory_limit": memory_limit},
        "engine": engine, "scale": scale, "seed": seed,
        "raw": by_system, "raw_rows": sum(s["rows"] for s in by_system.values()),
        "landed_csv_bytes": landed_bytes,
        "land_seconds": round(land_seconds, 1),
        "repeat": repeat,
        "floor_seconds": round(floor, 1),
        "floor_seconds_runs": [round(x, 1) for x in floors],
        "build_full_seconds": round(full_s, 1),
        "build_full_seconds_runs": [round(x, 1) for x in fulls],
        "build_node_seconds": node_seconds,
        "full_build_to_floor": round(full_s / floor, 2),
        "full_build_to_floor_runs": [round(f / x, 2) for f, x in zip(fulls, floors, strict=True)],
        "next_day_land_seconds": first["land_seconds"],
        "next_day_build_seconds": first["build_seconds"],
        "next_day_source_tables": first["source_tables"],
        "next_day_to_full_build": first["to_full_build"],
        "days": days,
        "peak_rss_mib": round(max(full_kib / 1024, *(d["peak_rss_mib"] for d in days))),
        "peak_rss_mib_by_step": {"full_build": round(full_kib / 1024),
                                 "next_day": max(d["peak_rss_mib"] for d in days)},
        "duckdb_file_mib": None if spark else round(size_after_full / 2**20),
        "warehouse_mib": round(size_after_full / 2**20),
    }


def _runs(r: dict, key: str, unit: str) -> str:
    """' (median of 3 runs: a, b, c)' when the figure is a median of several runs."""
    runs = r.get(key + "_runs", [])
    if len(runs) < 2:
        return ""
    return f" (median of {len(runs)}: " + ", ".join(f"{x}{unit}" for x in runs) + ")"


def _split(r: dict) -> str:
    n = r["build_node_seconds"]
    return f"{n['seeds'] + n['models']:.1f} s / {n['data_tests'] + n['unit_tests']:.1f} s"


def _engine(r: dict) -> str:
    return "Spark" if r.get("engine") == "spark" else "DuckDB"


def _size_label(r: dict) -> str:
    return "Parquet tables" if r.get("engine") == "spark" else "DuckDB file"


def _size_mib(r: dict) -> int:
    """The warehouse's size (results written before Spark name it duckdb_file_mib)."""
    return r.get("warehouse_mib", r.get("duckdb_file_mib"))


def report(r: dict) -> str:
    rows = [
        ("scale", f"{r['scale']:g}"),
        *[(f"raw {s}", f"{v['rows']:,} rows, {v['bytes'] / 1e6:,.0f} MB in {v['files']} files")
          for s, v in sorted(r["raw"].items())],
        ("land (lwh land)", f"{r['land_seconds']} s"),
        ("engine", _engine(r)),
        (f"floor ({_engine(r)} loads every file once)", f"{r['floor_seconds']} s" + _runs(r, "floor_seconds", " s")),
        ("full build (dbt build)", f"{r['build_full_seconds']} s" + _runs(r, "build_full_seconds", " s")),
        ("  dbt's time in models / tests", _split(r) + " (summed over dbt's threads)"),
        ("full build / floor", f"{r['full_build_to_floor']}x" + _runs(r, "full_build_to_floor", "x")),
        ("one further day: land + build --changed",
         f"{r['next_day_land_seconds']} s + {r['next_day_build_seconds']} s "
         f"({r['next_day_source_tables']} source tables got files)"),
        ("one further day / full build", f"{r['next_day_to_full_build'] * 100:.1f} %"),
        *_day_rows(r),
        ("peak resident memory (dbt process" + (", Spark's JVM)" if _engine(r) == "Spark" else ")"),
         f"{r['peak_rss_mib']:,} MiB (full build {r['peak_rss_mib_by_step']['full_build']:,}, "
         f"next day {r['peak_rss_mib_by_step']['next_day']:,})"),
        (_size_label(r), f"{_size_mib(r):,} MiB"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _day_rows(r: dict) -> list[tuple[str, str]]:
    """The series of further days (results written before the series have only day 1)."""
    days = r.get("days") or []
    if not days:
        return []
    rows = [("further days: land + build (s)",
             ", ".join(f"day {d['day']} {d['land_seconds'] + d['build_seconds']:.1f}" for d in days)),
            ("further days / full build", ", ".join(f"{d['to_full_build'] * 100:.1f} %" for d in days))]
    if "disk_peak_to_published" in days[0]:
        worst = max(days, key=lambda d: d["disk_peak_to_published"])
        rows.append(("disk during a daily build / published",
                     f"{worst['disk_peak_to_published']}x at most (day {worst['day']}: peak {worst['disk_peak_mib']:,} "
                     f"MiB, published {worst['disk_before_mib']:,} MiB; publish {worst['publish']})"))
    slow = ", ".join(f"{name} {sec} s" for name, sec in days[-1]["slowest_nodes"][:5])
    rows.append((f"day {days[-1]['day']}'s slowest nodes", slow))
    return rows


def growth(results: list[dict]) -> str:
    """How a further day's cost grows with the warehouse: each scale's days against the first
    scale's (the history-free claim as a figure)."""
    base = results[0]
    lines = [f"a further day, scale {r['scale']:g} / scale {base['scale']:g}: "
             + ", ".join(f"day {d['day']} {(d['land_seconds'] + d['build_seconds']) / (b['land_seconds'] + b['build_seconds']):.2f}x"
                         for d, b in zip(r["days"], base["days"], strict=False))
             + f" (history {r['raw_rows'] / base['raw_rows']:.2f}x the rows)"
             for r in results[1:]]
    return "\n".join(lines)


def markdown(results: list[dict]) -> str:
    """The figures of several runs side by side, as the Markdown table of docs/benchmark.md."""
    results = sorted(results, key=lambda r: (r["scale"], r.get("engine", "duckdb")))
    rows = [
        ("raw rows (Learn Amp / Brightspace)",
         lambda r: f"{r['raw']['learnamp']['rows'] / 1e6:.1f} M / {r['raw']['brightspace']['rows'] / 1e6:.1f} M"),
        ("raw MB (Learn Amp CSV / Brightspace ZIPs)",
         lambda r: f"{r['raw']['learnamp']['bytes'] / 1e6:,.0f} / {r['raw']['brightspace']['bytes'] / 1e6:,.0f}"),
        ("land", lambda r: f"{r['land_seconds']} s"),
        ("floor", lambda r: f"{r['floor_seconds']} s" + _runs(r, "floor_seconds", " s")),
        ("full build (`dbt build`)", lambda r: f"{r['build_full_seconds']} s" + _runs(r, "build_full_seconds", " s")),
        ("dbt's time in models / tests (summed over 2 threads)",
         _split),
        ("**full build / floor**",
         lambda r: f"**{r['full_build_to_floor']}x**" + _runs(r, "full_build_to_floor", "x")),
        ("one further day: land + `lwh build --changed`",
         lambda r: f"{r['next_day_land_seconds']} s + {r['next_day_build_seconds']} s"),
        ("**one further day / full build**", lambda r: f"**{r['next_day_to_full_build'] * 100:.1f} %**"),
        ("further days 1, 2, 3: land + build", lambda r: ", ".join(
            f"{d['land_seconds'] + d['build_seconds']:.1f} s" for d in r.get("days", [])) or "(day 1 only)"),
        ("disk during a daily build / published warehouse", lambda r: max(
            (f"{d['disk_peak_to_published']}x" for d in r.get("days", []) if "disk_peak_to_published" in d),
            default="(not measured)")),
        ("peak resident memory of a dbt process", lambda r: f"{r['peak_rss_mib']:,} MiB"),
        ("warehouse size (DuckDB file / Parquet tables)", lambda r: f"{_size_mib(r):,} MiB"),
    ]
    engines = {r.get("engine", "duckdb") for r in results}
    lines = ["| | " + " | ".join(f"scale {r['scale']:g}" + (f", {_engine(r)}" if len(engines) > 1 else "")
                                 for r in results) + " |",
             "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lwh bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, nargs="+", default=[1.0],
                        help="one or more scales, measured in turn; with two or more, how a further day "
                             "grows from the first scale to the others is printed last")
    parser.add_argument("--days", type=int, default=3, choices=range(1, 8), metavar="N",
                        help="further days built one after another on the warehouse (1 to 7, default 3)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure the floor and the full build this many times, in turn; report the median")
    parser.add_argument("--target", choices=["dev", "spark"], default="dev",
                        help="dev: DuckDB (default); spark: the local Spark session of the `spark` target")
    parser.add_argument("--work", default="build/bench", help="where exports, landing area and warehouse go")
    parser.add_argument("--results", default="bench/results", help="where the JSON goes")
    parser.add_argument("--markdown", nargs="+", metavar="JSON",
                        help="print these result files side by side as a Markdown table, and measure nothing")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown([json.loads(Path(p).read_text()) for p in args.markdown]))
        return 0
    project = spec.project_dir()
    engine = "spark" if args.target == "spark" else "duckdb"
    out = Path(args.results)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for scale in args.scale:
        result = run(scale, args.seed, Path(args.work), project, args.repeat, engine, args.days)
        results.append(result)
        print(report(result))
        path = out / (f"scale-{scale:g}" + ("-spark" if engine == "spark" else "") + ".json")
        path.write_text(json.dumps(result, indent=1) + "\n")
        print(f"\nwritten to {path}\n")
    if len(results) > 1:
        print(growth(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
