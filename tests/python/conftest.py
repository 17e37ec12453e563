"""Shared fixtures for tests/python/unit, integration and project: one small generated export
set per test session, and factories for the landing area and warehouse that the dbt tests each
build from it (every module gets its own, in its own folder, so no module sees another's)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from lwh.generate import Generator
from lwh.landing.land import land

from dbt_helpers import lwh_build

# real protocol peers (a PostgreSQL server) for the `lwh pull` tests
pytest_plugins = ["peers"]

SMALL_SCALE = 0.01


@pytest.fixture(scope="session")
def exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    Generator(out, scale=SMALL_SCALE, seed=11, progress=False).run()
    return out


@pytest.fixture(scope="session")
def land_exports(exports, tmp_path_factory):
    """Factory: `land_exports(name)` makes a fresh folder `name` and lands the session's exports in
    its `raw` (asserting nothing is refused); returns (work folder, raw)."""
    def make(name: str) -> tuple[Path, Path]:
        work = tmp_path_factory.mktemp(name)
        raw = work / "raw"
        _, refusals = land([str(exports)], raw)
        assert refusals == [], refusals
        return work, raw
    return make


@pytest.fixture(scope="session")
def built_warehouse(land_exports):
    """Factory: `built_warehouse(name, *lwh_build_args, warehouse="learning.duckdb")` lands the
    session's exports (land_exports) and `lwh build`s a warehouse from them in the same folder
    (dbt's target beside it, see dbt_helpers.lwh_build); returns (work folder, raw, warehouse)."""
    def make(name: str, *extra: str, warehouse: str = "learning.duckdb") -> tuple[Path, Path, Path]:
        work, raw = land_exports(name)
        wh = work / warehouse
        proc = lwh_build(raw, wh, *extra)
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]
        return work, raw, wh
    return make


@pytest.fixture(scope="session")
def manifest(exports) -> dict:
    return json.loads((exports / "manifest.json").read_text())


@pytest.fixture(scope="session")
def gen_db(exports) -> duckdb.DuckDBPyConnection:
    """The generated exports as DuckDB tables (all text): la_<table>, bs_<data_set> (every extract)."""
    import zipfile

    from lwh import spec

    con = duckdb.connect()
    for name in spec.tables("learnamp"):
        con.execute(f"create table la_{name} as select * from read_csv('{exports}/learnamp/{name}.csv', "
                    "all_varchar = true, header = true)")
    unzipped = exports.parent / (exports.name + "_unzipped")
    for name, table in spec.tables("brightspace").items():
        folder = unzipped / name
        folder.mkdir(parents=True, exist_ok=True)
        for z in sorted((exports / "brightspace").glob(f"{table.csv_name[:-4]}_*.zip")):
            if not z.name.startswith(table.csv_name[:-4] + "_2") and "Differential" not in z.name:
                continue
            with zipfile.ZipFile(z) as zf:
                (folder / (z.stem + ".csv")).write_bytes(zf.read(table.csv_name))
        con.execute(f"create table bs_{name} as select * from read_csv('{folder}/*.csv', all_varchar = true, "
                    "header = true, union_by_name = true, filename = true)")
    return con


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def scalar(con, sql: str):
    return con.execute(sql).fetchall()[0][0]
