"""BI tools and the numbers: the published warehouse opens in every DuckDB client of the last two
years (DuckDB 1.1, duckdb-engine, the `duckdb` CLI from PyPI), `lwh info` prints commands that
work as written, and `lwh export` writes every mart as Parquet or CSV that other readers count
the same.

Older clients are installed into throw-away virtual environments with pip; a test whose client
pip cannot install is skipped with pip's error as the reason."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from lwh.cli import main as lwh_main
from lwh.landing.land import land
from lwh.serving import info, reader
from lwh.serving.export import export
from lwh.warehouse import file_format

from dbt_helpers import PROJECT, lwh_build, query

pytestmark = pytest.mark.dbt

OLD_DUCKDB = "duckdb==1.1.3"       # the oldest release the warehouse promises to open in
MART = "marts.dim_person"


def _pins(*names: str) -> list[str]:
    """name==version for these packages, from constraints.txt (the versions the project tests)."""
    pins = {}
    for line in (PROJECT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.strip().split("==", 1)
            pins[name.lower().replace("_", "-")] = version
    return [f"{n}=={pins[n]}" if n in pins else n for n in names]


def _venv(folder: Path, *requirements: str) -> Path:
    """A virtual environment at `folder` with these requirements; skips the test if pip fails."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    proc = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           *requirements], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"pip install {' '.join(requirements)} failed: {(proc.stderr or proc.stdout).strip()[-800:]}")
    return python


def _run(python: Path, code: str, *args: str) -> object:
    """Run Python code (which prints JSON) with another interpreter; its parsed output."""
    proc = subprocess.run([str(python), "-c", code, *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def warehouse(built_warehouse) -> Path:
    """A warehouse published by `lwh build` (so by the project's profile) from the small exports."""
    _, _, wh = built_warehouse("bi")
    return wh


@pytest.fixture(scope="module")
def mart_counts(warehouse) -> dict[str, int]:
    """Rows of every mart, as the project's DuckDB counts them."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        names = [n for (n,) in con.execute("select table_name from information_schema.tables "
                                           "where table_schema = 'marts' order by 1").fetchall()]
        return {n: con.execute(f'select count(*) from marts."{n}"').fetchall()[0][0] for n in names}
    finally:
        con.close()


@pytest.fixture(scope="session")
def old_duckdb(tmp_path_factory) -> Path:
    """The Python of a throw-away virtual environment with DuckDB 1.1."""
    return _venv(tmp_path_factory.mktemp("venv") / "old-duckdb", OLD_DUCKDB)


COUNT_MARTS = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
names = [n for (n,) in con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()]
print(json.dumps({"version": duckdb.__version__,
                  "counts": {n: con.execute(f'select count(*) from marts."{n}"').fetchall()[0][0] for n in names}}))
"""


# --- the published file in older clients -------------------------------------------------------

def test_published_file_is_in_duckdb_1_1_storage_format(warehouse):
    version = file_format.storage_version(warehouse)
    assert version is not None
    assert file_format._version_tuple(version) <= (1, 1, 0), version
    assert not file_format.needs_conversion(warehouse)


def test_duckdb_1_1_opens_the_published_file_read_only(warehouse, old_duckdb, mart_counts):
    got = _run(old_duckdb, COUNT_MARTS, str(warehouse))
    assert got["version"].startswith("1.1.")
    assert got["counts"] == mart_counts
    assert mart_counts["dim_person"] > 0


def test_sqlalchemy_duckdb_engine_reads_read_only(warehouse, mart_counts):
    sa = pytest.importorskip("sqlalchemy")
    pytest.importorskip("duckdb_engine")
    engine = sa.create_engine(info.sqlalchemy_url(warehouse))
    try:
        with engine.connect() as con:
            assert con.execute(sa.text(f"select count(*) from {MART}")).scalar() == mart_counts["dim_person"]
            assert "dim_person" in sa.inspect(con).get_table_names(schema="marts")
        with engine.connect() as con, pytest.raises(sa.exc.DBAPIError, match="read-only"):
            con.execute(sa.text("create table marts.not_allowed (x int)"))
    finally:
        engine.dispose()


def test_duckdb_engine_on_duckdb_1_1_reads_the_file(warehouse, old_duckdb, mart_counts):
    """Superset, or any SQLAlchemy tool, whose environment still has duckdb 1.x."""
    _venv(old_duckdb.parent.parent, OLD_DUCKDB, *_pins("duckdb-engine", "sqlalchemy"))
    got = _run(old_duckdb, """
import json, sys, duckdb, sqlalchemy as sa
engine = sa.create_engine(sys.argv[1])
with engine.connect() as con:
    n = con.execute(sa.text(sys.argv[2])).scalar()
print(json.dumps({"version": duckdb.__version__, "n": n}))
""", info.sqlalchemy_url(warehouse), f"select count(*) from {MART}")
    assert got["version"].startswith("1.1.")
    assert got["n"] == mart_counts["dim_person"]


# --- `lwh info`: the commands it prints work as written --------------------------------------------

def _info_line(text: str, after: str) -> str:
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip().startswith(after))
    return lines[i + 1].strip()


def test_info_duckdb_cli_command_works(warehouse, tmp_path_factory, mart_counts):
    """`pip install duckdb-cli` gives the `duckdb` command; `duckdb -readonly FILE` as printed."""
    python = _venv(tmp_path_factory.mktemp("venv") / "duckdb-cli", "duckdb-cli")
    text = info.describe(warehouse)
    assert "pip install duckdb-cli" in text
    command = _info_line(text, "DuckDB CLI")
    assert command == info.cli_command(warehouse.resolve())
    env = dict(os.environ, PATH=f"{python.parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(f"{command} -csv -noheader -c 'select count(*) from {MART}'", shell=True,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(mart_counts["dim_person"])
    proc = subprocess.run(f"{command} -c 'create table marts.not_allowed (x int)'", shell=True,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "read-only" in (proc.stdout + proc.stderr)
    for name, sql in ESCAPES.items():
        proc = subprocess.run(f"{command} -c {shlex.quote(sql.format(tmp=tmp_path_factory.mktemp('cli')))}",
                              shell=True, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode != 0 and _refused(proc.stdout + proc.stderr), (name, proc.stdout, proc.stderr)


def test_info_python_command_works(warehouse, mart_counts):
    text = info.describe(warehouse)
    command = _info_line(text, "Python")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(command, shell=True, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert re.search(rf"\b{mart_counts['dim_person']}\b", proc.stdout)


def test_info_names_every_client(warehouse):
    text = info.describe(warehouse)
    path = str(warehouse.resolve())
    assert info.sqlalchemy_url(warehouse.resolve()).startswith(f"duckdb:///{path}?access_mode=read_only&")
    assert info.sqlalchemy_url(warehouse.resolve()) in text
    assert "duckdb.read_only = true" in text                      # DBeaver (DuckDB JDBC driver property)
    assert "Establish a read-only connection: on" in text         # Metabase DuckDB driver
    for name in reader.READER_SETTINGS:                           # every client gets every setting
        assert text.count(name) >= 5, name
    assert "lwh export" in text and "--format csv" in text
    assert "storage format v1.0.0+" in text


# --- readers cannot leave the warehouse ------------------------------------------------------------

ESCAPES = {
    "file read": "select count(*) from read_csv('/etc/passwd', header = false, sep = ':')",
    "text read": "select count(*) from read_text('/etc/hostname')",
    "glob": "select count(*) from glob('/etc/*')",
    "file write": "copy (select 1 as x) to '{tmp}/written.csv'",
    "attach": "attach '{tmp}/other.duckdb' as other",
    "extension install": "install httpfs",
    "extension load": "load httpfs",       # built-in extensions (json, parquet) are in the binary already
    "set": "set enable_external_access = true",
    "reset": "reset lock_configuration",
    "pragma": "pragma threads = 1",
}


def _refused(message: str) -> bool:
    return ("Permission Error" in message or "configuration has been locked" in message
            or "disabled" in message)


CHECK_ESCAPES = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True, config=json.loads(sys.argv[2]))
out = {"n": con.execute("select count(*) from marts.dim_person").fetchall()[0][0], "refused": {}}
for name, sql in json.loads(sys.argv[3]).items():
    try:
        con.execute(sql).fetchall()
        out["refused"][name] = "ran"
    except duckdb.Error as e:
        out["refused"][name] = str(e)
print(json.dumps(out))
"""


def _escapes(tmp: Path) -> dict:
    return {name: sql.format(tmp=tmp) for name, sql in ESCAPES.items()}


def _assert_all_refused(refused: dict, tmp: Path) -> None:
    for name, message in refused.items():
        assert message != "ran" and _refused(message), (name, message)
    assert not list(tmp.iterdir()), "a reader wrote a file"


def _try_escapes(con, tmp: Path) -> dict:
    """Each escape run on a DuckDB connection: "ran", or DuckDB's error."""
    refused = {}
    for name, sql in _escapes(tmp).items():
        try:
            con.execute(sql).fetchall()
            refused[name] = "ran"
        except duckdb.Error as e:
            refused[name] = str(e)
    return refused


def test_reader_connection_answers_the_marts_and_nothing_else(warehouse, mart_counts, tmp_path):
    con = reader.connect(warehouse)
    try:
        assert reader.is_locked(con)
        assert con.execute(f"select count(*) from {MART}").fetchall()[0][0] == mart_counts["dim_person"]
        refused = _try_escapes(con, tmp_path)
    finally:
        con.close()
    _assert_all_refused(refused, tmp_path)


def test_duckdb_1_1_with_the_reader_settings_is_locked_in(warehouse, old_duckdb, mart_counts, tmp_path):
    """The oldest client the file opens in honours every setting too."""
    got = _run(old_duckdb, CHECK_ESCAPES, str(warehouse), json.dumps(reader.READER_SETTINGS),
               json.dumps(_escapes(tmp_path)))
    assert got["n"] == mart_counts["dim_person"]
    _assert_all_refused(got["refused"], tmp_path)


def test_sqlalchemy_url_is_locked_in(warehouse, mart_counts, tmp_path):
    sa = pytest.importorskip("sqlalchemy")
    pytest.importorskip("duckdb_engine")
    engine = sa.create_engine(info.sqlalchemy_url(warehouse))
    try:
        with engine.connect() as con:
            assert con.execute(sa.text(f"select count(*) from {MART}")).scalar() == mart_counts["dim_person"]
        refused = {}
        for name, sql in _escapes(tmp_path).items():
            with engine.connect() as con:
                try:
                    con.exec_driver_sql(sql).fetchall()
                    refused[name] = "ran"
                except sa.exc.DBAPIError as e:
                    refused[name] = str(e)
    finally:
        engine.dispose()
    _assert_all_refused(refused, tmp_path)


def test_export_connection_reads_the_warehouse_and_writes_its_folder_only(warehouse, tmp_path):
    from lwh.serving.export import _export_connection

    folder = tmp_path / "export"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    con = _export_connection(warehouse.resolve(), folder.resolve())
    try:
        con.execute(f"copy (select * from {MART}) to '{folder}/dim_person.parquet' (format parquet)")
        refused = _try_escapes(con, elsewhere)
    finally:
        con.close()
    assert (folder / "dim_person.parquet").exists()
    _assert_all_refused(refused, elsewhere)


# --- `lwh export` ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(warehouse, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    out = tmp_path_factory.mktemp("export")
    done = {}
    for fmt in ("parquet", "csv"):
        folder = out / fmt
        assert lwh_main(["export", "--warehouse", str(warehouse), "--out", str(folder), "--format", fmt]) == 0
        done[fmt] = folder, json.loads((folder / "manifest.json").read_text())
    return done


def test_export_has_every_mart_with_its_rows_and_columns(warehouse, exported, mart_counts):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for fmt, (folder, manifest) in exported.items():
            assert manifest["format"] == fmt
            assert {m["name"]: m["rows"] for m in manifest["marts"]} == mart_counts
            assert sorted(p.name for p in folder.iterdir()) == sorted([m["file"] for m in manifest["marts"]]
                                                                      + ["manifest.json"])
            for m in manifest["marts"]:
                cols = con.execute("select column_name, data_type from information_schema.columns "
                                   "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                                   [m["name"]]).fetchall()
                assert [(c["name"], c["type"]) for c in m["columns"]] == cols, m["name"]
        newest = con.execute("select max(_loaded_at) from marts.fct_login").fetchall()[0][0]
    finally:
        con.close()
    manifest = exported["parquet"][1]
    assert manifest["built_at_source"] == "_loaded_at"
    assert manifest["built_at"] >= newest.isoformat(timespec="seconds")
    assert manifest["built_at"] <= dt.datetime.fromtimestamp(warehouse.stat().st_mtime, dt.UTC) \
        .replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    assert manifest["exported_at"] >= manifest["built_at"]


def test_export_files_read_by_pyarrow(exported):
    pq = pytest.importorskip("pyarrow.parquet")
    pcsv = pytest.importorskip("pyarrow.csv")
    folder, manifest = exported["parquet"]
    for m in manifest["marts"]:
        table = pq.read_table(folder / m["file"])
        assert table.num_rows == m["rows"], m["name"]
        assert table.column_names == [c["name"] for c in m["columns"]]
    folder, manifest = exported["csv"]
    for m in manifest["marts"]:
        table = pcsv.read_csv(folder / m["file"])
        assert table.num_rows == m["rows"], m["name"]
        assert table.column_names == [c["name"] for c in m["columns"]]


def test_export_files_read_by_duckdb_1_1(exported, old_duckdb):
    got = _run(old_duckdb, """
import json, sys, duckdb
con = duckdb.connect()
out = {}
for fmt, folder in (("parquet", sys.argv[1]), ("csv", sys.argv[2])):
    manifest = json.load(open(folder + "/manifest.json"))
    for m in manifest["marts"]:
        path = folder + "/" + m["file"]
        reader = f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}', header = true)"
        out[fmt + "/" + m["name"]] = {
            "rows": con.execute(f"select count(*) from {reader}").fetchall()[0][0],
            "columns": [[c, t] for c, t, *_ in con.execute(f"describe select * from {reader}").fetchall()]}
print(json.dumps(out))
""", str(exported["parquet"][0]), str(exported["csv"][0]))
    for fmt, (_, manifest) in exported.items():
        for m in manifest["marts"]:
            seen = got[f"{fmt}/{m['name']}"]
            assert seen["rows"] == m["rows"], (fmt, m["name"])
            assert [c for c, _ in seen["columns"]] == [c["name"] for c in m["columns"]]
            if fmt == "parquet":        # Parquet keeps DuckDB's types
                assert seen["columns"] == [[c["name"], c["type"]] for c in m["columns"]], m["name"]


def test_second_export_replaces_the_first_atomically(warehouse, tmp_path):
    out = tmp_path / "export"
    first = export(warehouse, out, "csv")
    (out / "left-by-a-reader.txt").write_text("the old export")
    second = export(warehouse, out, "parquet")
    assert not (out / "left-by-a-reader.txt").exists()           # the folder was replaced, not merged
    assert sorted(p.name for p in out.iterdir()) == sorted([m["file"] for m in second["marts"]] + ["manifest.json"])
    assert json.loads((out / "manifest.json").read_text())["format"] == "parquet"
    assert [m["rows"] for m in first["marts"]] == [m["rows"] for m in second["marts"]]
    assert [p.name for p in tmp_path.iterdir()] == ["export"]    # no <out>.tmp-* or <out>.old-* left


def test_failed_export_keeps_the_earlier_one(warehouse, tmp_path, monkeypatch):
    import lwh.serving.export as export_module

    out = tmp_path / "export"
    export(warehouse, out, "parquet")
    before = sorted(p.name for p in out.iterdir())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_module, "_built_at", broken)
    with pytest.raises(RuntimeError):
        export(warehouse, out, "csv")
    assert sorted(p.name for p in out.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_export_never_replaces_a_folder_it_did_not_write(warehouse, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "budget.xlsx").write_text("not ours")
    with pytest.raises(ValueError, match="not an earlier `lwh export`"):
        export(warehouse, out)
    assert (out / "budget.xlsx").read_text() == "not ours"
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]


def test_export_reads_the_warehouse_read_only(warehouse, tmp_path):
    """A reader holding the file open (a BI tool) does not stop an export, and the export leaves
    the file as it was."""
    before = warehouse.stat().st_mtime_ns, warehouse.stat().st_size
    holder = duckdb.connect(str(warehouse), read_only=True)
    try:
        export(warehouse, tmp_path / "export")
    finally:
        holder.close()
    assert (warehouse.stat().st_mtime_ns, warehouse.stat().st_size) == before


# --- an existing published file in DuckDB 2.0's format -------------------------------------------

def _newest_format_copy(warehouse: Path, dest: Path) -> Path:
    file_format.convert(warehouse, dest, "latest")
    assert file_format.needs_conversion(dest), file_format.storage_version(dest)
    return dest


def test_convert_writes_a_newer_format_file_in_the_project_format(warehouse, tmp_path, old_duckdb, mart_counts):
    newest = _newest_format_copy(warehouse, tmp_path / "v2.duckdb")
    building = tmp_path / "v2.duckdb.building"
    file_format.convert(newest, building)
    assert not file_format.needs_conversion(building)
    assert query(building, "select count(*) from information_schema.tables") == \
        query(warehouse, "select count(*) from information_schema.tables")
    assert _run(old_duckdb, COUNT_MARTS, str(building))["counts"] == mart_counts
    assert not file_format.needs_conversion(warehouse)           # the project's own file: built in place


def test_build_converts_a_published_file_in_a_newer_format(warehouse, tmp_path, exports):
    """`lwh build` converts a published file in a newer format (stores.DuckDBFileStore), so a
    published file in DuckDB 2.0's format comes out in the format DuckDB 1.x clients open."""
    raw = tmp_path / "raw"
    assert land([str(exports)], raw)[1] == []
    wh = _newest_format_copy(warehouse, tmp_path / "learning.duckdb")
    proc = lwh_build(raw, wh)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert not file_format.needs_conversion(wh), file_format.storage_version(wh)
