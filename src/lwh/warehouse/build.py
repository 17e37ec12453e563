"""`lwh build`: run `dbt build` without ever disturbing readers of the published warehouse.

dbt never writes the published warehouse (the engine's part is a `stores.WarehouseStore`; for
DuckDB, `DuckDBFileStore`):

1. the build location (`<warehouse>.building`) starts from the published warehouse (so that
   incremental models keep their state): the published file itself, built in place with every
   checkpoint held back, or a copy when a reader holds it open (stores.DuckDBFileStore); empty
   when there is none;
2. `dbt build` runs against the build location;
3. only when it succeeds is the build published: for DuckDB, one checkpoint (in place) or a
   checkpoint and a rename over the published file (an atomic rename on the same file system).
   Readers see the old, complete warehouse or the new one.

A build that fails or is killed leaves the published file untouched; the next build starts a
fresh build file, so an interrupted build converges to the same warehouse as an
uninterrupted one.

Every published build records the landed files it saw, with their checksums from the landing
log (table lwh.landed_files). A file replaced (`lwh land --replace`) or removed (`lwh unland`)
since makes the rows of its table's incremental models stale: the next build drops those models
(every incremental model downstream of the table) in the build file, so dbt rebuilds them whole
from what is landed now, and the result equals a fresh build. A landed file whose size no longer
matches the log (edited by hand) stops the build before dbt runs, naming the file and the remedy;
a dbt failure caused by a landed file is explained the same way. With
`--changed`, a build selects only what files landed since then can affect: the source tables
that got files, everything downstream of them, and their data tests (`dbt build --select
source:<system>.<table>+ ... --exclude-resource-type unit_test`). Unit tests are left out of
it: their inputs are fixed in the project, so new data cannot change their result. That is the
cheap daily run; after changing the project itself (models, seeds, vars), run a plain build,
which runs the unit tests too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from lwh import project, spec
from lwh.warehouse.stores import DuckDBFileStore, SparkStore, WarehouseStore, seen_landed


def dbt_executable() -> str:
    """The dbt command installed beside this Python (the project's virtual environment)."""
    return str(Path(sys.executable).parent / "dbt")


def landed_files(raw_dir: Path) -> dict[str, str | None]:
    """Every landed CSV, as <system>/<table>/<file> relative to the landing area, with the
    SHA-256 the landing log records for it (None for a file the log does not know)."""
    from lwh.landing.land import landed_state

    raw_dir = Path(raw_dir)
    state = landed_state(raw_dir) if raw_dir.exists() else {}
    files = [str(p.relative_to(raw_dir)) for system in spec.SYSTEMS for p in sorted((raw_dir / system).glob("*/*.csv"))]
    return {f: state.get(f, {}).get("sha256") for f in files}


def _tables_of(files) -> list[tuple[str, str]]:
    return sorted({tuple(f.split("/")[:2]) for f in files})


def landing_changes(seen: dict[str, str | None] | None,
                    raw_dir: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    """Source tables whose landed files changed since a build that saw `seen` (the landed files
    and checksums it recorded): (tables with files landed since, tables with a file replaced or
    removed since); None when that is unknown (no recorded build). A replaced or removed file
    makes the rows its table's incremental models hold wrong: build() drops them
    (downstream_incremental, WarehouseStore.drop_relations) so dbt rebuilds them whole."""
    if seen is None:
        return None
    now = landed_files(raw_dir)
    new = [f for f in now if f not in seen]
    changed = [f for f, sha in seen.items()
               if f not in now or (sha is not None and now[f] is not None and now[f] != sha)]
    return _tables_of(new), _tables_of(changed)


def selectors(changes: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> list[str]:
    """dbt selectors of every source table in landing_changes' result, and everything downstream."""
    new, rebuilt = changes
    return [f"source:{system}.{table}+" for system, table in sorted(set(new) | set(rebuilt))]


def changed_selection(database: Path, raw_dir: Path) -> list[str] | None:
    """dbt selectors of the source tables with files landed, replaced or removed since the build
    that wrote `database`: [] when nothing changed, None when that is unknown."""
    changes = landing_changes(seen_landed(database), raw_dir)
    return None if changes is None else selectors(changes)


def check_landed_files(raw_dir: Path) -> list[str]:
    """Landed files that no longer are what `lwh land` logged: removed or edited by hand (a size
    that differs from the log). One message each, naming the file and the remedy."""
    from lwh.landing.land import landed_state

    raw_dir = Path(raw_dir)
    problems = []
    for target, rec in (landed_state(raw_dir) if raw_dir.exists() else {}).items():
        path = raw_dir / target
        if not path.exists():
            problems.append(f"{target}: logged as landed, but no longer in the landing area {raw_dir} (removed "
                            f"by hand?). Record the removal with `lwh unland {target}` (the next build then "
                            f"rebuilds what it fed), or land the file again.")
        elif rec.get("bytes") is not None and path.stat().st_size != rec["bytes"]:
            problems.append(f"{target}: {path.stat().st_size} bytes, but `lwh land` landed {rec['bytes']} "
                            f"(sha256 {str(rec.get('sha256'))[:12]}...): the file was changed after landing. "
                            f"Land the corrected export with `lwh land --replace <file>`, or remove it with "
                            f"`lwh unland {target}`.")
    return problems


def downstream_incremental(tables: list[tuple[str, str]], dbt: str, env: dict, dbt_args: list[str]) -> list[tuple[str, str]]:
    """(schema, table) of every incremental model downstream of these source tables."""
    select = [f"source:{system}.{table}+" for system, table in tables]
    kept = ("--target-path", "--vars", "--project-dir", "--profiles-dir")
    passthrough = [a for i, a in enumerate(dbt_args)
                   if a.startswith(kept) or (i and dbt_args[i - 1] in kept)]
    proc = subprocess.run([dbt, "ls", "--select", *select, "--resource-type", "model", "--output", "json",
                           "--quiet", *passthrough], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"lwh build: dbt ls failed while finding the models to rebuild:\n{proc.stdout}{proc.stderr}")
    out = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            node = json.loads(line)
            if node["config"].get("materialized") == "incremental":
                out.append((node["config"].get("schema") or "main", node.get("alias") or node["name"]))
    return out


def explain_failure(target_dir: Path, raw_dir: Path) -> list[str]:
    """For a failed dbt run: the failures that name a landed file, with the file, the node and
    the remedy (from dbt's run_results.json)."""
    results = Path(target_dir) / "run_results.json"
    if not results.exists():
        return []
    root = str(Path(raw_dir).resolve())
    pattern = re.compile(r"((?:[^\s'\"]*/)?(?:" + "|".join(spec.SYSTEMS) + r")/[A-Za-z0-9_]+/[^\s'\"/]+\.csv)")
    out = []
    for result in json.loads(results.read_text(encoding="utf-8")).get("results", []):
        if result.get("status") not in ("error", "fail"):
            continue
        message = result.get("message") or ""
        files = sorted({m.removeprefix(root + "/").removeprefix(str(raw_dir) + "/") for m in pattern.findall(message)})
        if not files:
            continue
        first = message.strip().splitlines()[0][:300] if message.strip() else result["status"]
        for f in files:
            rel = f[f.index(next(s for s in spec.SYSTEMS if f"{s}/" in f)):] if "/" in f else f
            out.append(f"{result['unique_id']} failed on the landed file {rel}: {first}\n"
                       f"  Remedy: land a corrected export over it with `lwh land --replace <corrected file>`, "
                       f"or remove it with `lwh unland {rel}`; then run `lwh build` again.")
    return out


def changed_build_args(selection: list[str]) -> list[str]:
    """The `dbt build` arguments of the daily run for the selectors from changed_selection."""
    return ["--select", *selection, "--exclude-resource-type", "unit_test"]


def _target_dir(dbt_args: list[str]) -> Path:
    for i, a in enumerate(dbt_args):
        if a.startswith("--target-path="):
            return Path(a.split("=", 1)[1])
        if a == "--target-path" and i + 1 < len(dbt_args):
            return Path(dbt_args[i + 1])
    return Path(os.environ.get("DBT_TARGET_PATH") or spec.project_dir() / "target")


def dbt_environment(store: WarehouseStore, raw_dir: Path) -> dict:
    """The environment dbt runs in: the store's build location, every path the profile and the
    sources read made absolute (relative ones are relative to the working directory; defaults are
    under the project), so a build behaves the same from any working directory."""
    return dict(os.environ, **store.dbt_environment(), LWH_RAW_DIR=str(Path(raw_dir).resolve()),
                LWH_TEMP_DIR=str(project.path("temp_dir")),
                DBT_SEND_ANONYMOUS_USAGE_STATS=os.environ.get("DBT_SEND_ANONYMOUS_USAGE_STATS", "false"))


def dbt_location_args(dbt_args: list[str]) -> list[str]:
    """--project-dir and --profiles-dir for a dbt command, unless the caller gave them:
    LWH_PROJECT_DIR or the installed project, and DBT_PROFILES_DIR or the project's committed
    profiles.yml (dbt would otherwise look in ~/.dbt)."""
    root = spec.project_dir()
    out = []
    if not any(a.startswith("--project-dir") for a in dbt_args):
        out += ["--project-dir", str(root)]
    if not any(a.startswith("--profiles-dir") for a in dbt_args):
        out += ["--profiles-dir", os.environ.get("DBT_PROFILES_DIR") or str(root)]
    return out


def target_of(dbt_args: list[str]) -> str:
    """The dbt target a build uses: `--target`/`-t` among dbt's arguments, else LWH_TARGET (the
    committed profile's default), else `dev`."""
    for i, a in enumerate(dbt_args):
        if a.startswith("--target="):
            return a.split("=", 1)[1]
        if a in ("--target", "-t") and i + 1 < len(dbt_args):
            return dbt_args[i + 1]
    return os.environ.get("LWH_TARGET") or "dev"


def target_type(target: str) -> str | None:
    """The adapter type (`duckdb`, `spark`) of `target` in the profile dbt reads; None if the
    profile does not name it (dbt then says so)."""
    import yaml

    profiles = Path(os.environ.get("DBT_PROFILES_DIR") or spec.project_dir()) / "profiles.yml"
    if not profiles.exists():
        return None
    outputs = (yaml.safe_load(profiles.read_text(encoding="utf-8")) or {}).get("learning_warehouse", {})
    return (outputs.get("outputs", {}).get(target) or {}).get("type")


def run_operation(dbt: str, target: str, env: dict, macro: str, args: dict) -> None:
    """`dbt run-operation macro --args ...` on `target`; a failure raises with dbt's output."""
    proc = subprocess.run([dbt, "run-operation", macro, "--args", json.dumps(args), "--target", target,
                           *dbt_location_args([])], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"dbt run-operation {macro} failed:\n{proc.stdout[-3000:]}{proc.stderr[-2000:]}")


def store_for(target: str, warehouse: Path, dbt: str | None = None) -> Path | WarehouseStore:
    """Where a build on `target` goes: the DuckDB file `warehouse`, or for a Spark target a
    SparkStore (its folder LWH_SPARK_WAREHOUSE_DIR, default warehouse/spark under the project)."""
    if target_type(target) != "spark":
        return warehouse
    folder = project.path("spark_warehouse_dir")
    env = dict(os.environ, LWH_TARGET=target, LWH_SPARK_WAREHOUSE_DIR=str(folder),
               DBT_SEND_ANONYMOUS_USAGE_STATS=os.environ.get("DBT_SEND_ANONYMOUS_USAGE_STATS", "false"))
    return SparkStore(target, folder, lambda macro, args: run_operation(dbt or dbt_executable(), target, env,
                                                                        macro, args))


def run_dbt_build(dbt: str, args: list[str], env: dict, quiet: bool) -> int:
    """`dbt build` with lwh's progress lines (one per model, one per group of tests, elapsed
    time), read from dbt's JSON log; with --log-format given, dbt's own output instead."""
    if any(a.startswith("--log-format") for a in args):
        return subprocess.run([dbt, "build", *args], env=env).returncode
    from lwh.warehouse.progress import Progress, follow

    with subprocess.Popen([dbt, "build", "--log-format", "json", *args], env=env, stdout=subprocess.PIPE,
                          text=True, bufsize=1) as proc:
        follow(proc.stdout, Progress(quiet=quiet))
    return proc.returncode


def build(warehouse: Path | WarehouseStore, dbt_args: list[str], fresh: bool = False, dbt: str | None = None,
          changed: bool = False, raw_dir: Path | None = None) -> int:
    store = DuckDBFileStore(warehouse) if isinstance(warehouse, (str, Path)) else warehouse
    warehouse = store.location
    raw_dir = project.path("raw_dir", raw_dir)
    quiet = any(a in ("--quiet", "-q") for a in dbt_args)
    dbt_args = [a for a in dbt_args if a not in ("--quiet", "-q")] + dbt_location_args(dbt_args)
    if raw_dir.exists():
        # a land or unland killed mid-change: finish or undo it first, so the build reads a
        # landing area whose files and log agree
        from lwh.landing.journal import clean_stale_temp_dirs, landing_lock, recover
        from lwh.landing.land import release_held_locked

        with landing_lock(raw_dir, "lwh build"):
            recover(raw_dir, "lwh build")
            clean_stale_temp_dirs(raw_dir)
            # held deliveries of data sets this version of the project models: landed now
            for released in release_held_locked(raw_dir):
                print(f"lwh build: {released.message()}", file=sys.stdout if released.moved else sys.stderr)
    edited = check_landed_files(raw_dir)
    if edited:
        for problem in edited:
            print(f"lwh build: {problem}", file=sys.stderr)
        print(f"lwh build: nothing built; the published warehouse {warehouse} is unchanged", file=sys.stderr)
        return 1
    recovered = store.recover()             # a build killed earlier: finished or undone first
    if recovered:
        print(f"lwh build: {recovered}")
    changes = None if fresh else landing_changes(store.seen_landed(), raw_dir)
    rebuilt_tables = changes[1] if changes else []
    selection = None
    if changed and not fresh and changes is not None:
        selection = selectors(changes)
        if not selection:
            print(f"lwh build: nothing landed in {raw_dir} since the build of {warehouse}; it is unchanged")
            return 0
    if changed and changes is None and not fresh:
        print("lwh build --changed: no earlier build recorded what it saw; building everything")
    note = store.start_build(fresh)
    if note:
        print(f"lwh build: {note}")
    env = dbt_environment(store, raw_dir)
    dbt = dbt or dbt_executable()
    if rebuilt_tables:
        # files replaced or removed since the last build: the incremental models downstream of
        # their tables hold rows of the old files, so they are rebuilt from what is landed now
        stale = downstream_incremental(rebuilt_tables, dbt, env, dbt_args)
        print("lwh build: files replaced or removed in " + ", ".join(f"{s}.{t}" for s, t in rebuilt_tables)
              + f"; rebuilding {len(stale)} incremental model(s) downstream in full")
        store.drop_relations(stale)
    select = changed_build_args(selection) if selection else []
    returncode = run_dbt_build(dbt, [*select, *dbt_args], env, quiet)
    if returncode != 0:
        for explanation in explain_failure(_target_dir(dbt_args), raw_dir):
            print(f"lwh build: {explanation}", file=sys.stderr)
        print(f"lwh build: dbt build failed; {store.after_failure()}", file=sys.stderr)
        return returncode
    if raw_dir.exists():
        store.record_landed(landed_files(raw_dir))
    store.publish()
    print(f"lwh build: published {warehouse}")
    return 0
