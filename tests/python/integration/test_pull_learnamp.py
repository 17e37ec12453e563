"""`lwh pull learnamp` against a real PostgreSQL server standing in for the Learn Amp Data Lake
(Redshift): every documented table lands with the source's row count and content; a second
pull after new rows arrive lands only the new event rows (and only snapshots that changed)."""

from __future__ import annotations

import collections
import csv
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from lwh import spec
from lwh.generate import Generator
from lwh.landing.land import landed_state

pytestmark = pytest.mark.postgres

LWH = str(Path(sys.executable).parent / "lwh")
PASSWORD = "pw-never-printed-7731"


def load_tables(dsn: str, folder: Path, schema: str) -> None:
    """Every generated Learn Amp CSV as a table of text columns (COPY ... FROM STDIN)."""
    with psycopg.connect(dsn, sslmode="disable", autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(f"create schema if not exists {schema}")
        for name in spec.tables("learnamp"):
            path = folder / f"{name}.csv"
            with open(path, encoding="utf-8", newline="") as f:
                header = next(csv.reader(f))
            cur.execute(f"create table {schema}.{name} ({', '.join(f'{c} text' for c in header)})")
            with open(path, "rb") as f, cur.copy(f"copy {schema}.{name} from stdin (format csv, header true)") as cp:
                while chunk := f.read(1 << 20):
                    cp.write(chunk)


def source_rows(dsn: str, schema: str, table: str, columns: list[str]) -> collections.Counter:
    with psycopg.connect(dsn, sslmode="disable") as conn, conn.cursor() as cur:
        cur.execute(f"select {', '.join(columns)} from {schema}.{table}")
        return collections.Counter(tuple("" if v is None else str(v) for v in row) for row in cur.fetchall())


def landed_rows(raw: Path, table: str) -> tuple[list[str], collections.Counter, list[Path]]:
    """Header of the first landed file and every data record of every landed file of a table."""
    files = sorted((raw / "learnamp" / table).glob("*.csv"))
    rows: collections.Counter = collections.Counter()
    header: list[str] = []
    for path in files:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            first = next(reader)
            header = header or first
            assert first == header, f"{path}: another header than the table's first file"
            rows.update(tuple(r) for r in reader)
    return header, rows, files


def pull(raw: Path, dsn: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([LWH, "pull", "learnamp", "--dsn", dsn, "--raw-dir", str(raw), *extra],
                          check=False, capture_output=True, text=True, cwd=spec.project_dir())


@pytest.fixture(scope="module")
def lake(postgres, tmp_path_factory):
    """A database `lake` with schema `learnamp` holding the generated Learn Amp tables."""
    out = tmp_path_factory.mktemp("la-exports")
    Generator(out, scale=0.01, seed=5, progress=False).run()
    with psycopg.connect(postgres.dsn(), sslmode="disable", autocommit=True) as conn:
        conn.execute("create database lake")
    dsn = postgres.dsn("lake")
    load_tables(dsn, out / "learnamp", "learnamp")
    return dsn + f" password={PASSWORD}"


def test_tls_is_required_by_default(lake, tmp_path):
    proc = pull(tmp_path / "raw", lake, "--schema", "learnamp")
    assert proc.returncode == 1
    assert "TLS is required" in proc.stderr and "--allow-insecure" in proc.stderr
    assert PASSWORD not in proc.stdout + proc.stderr
    assert not (tmp_path / "raw" / "learnamp").exists()


def test_pull_lands_every_table_then_only_new_event_rows(lake, tmp_path):
    raw = tmp_path / "raw"
    first = pull(raw, lake, "--schema", "learnamp", "--allow-insecure")
    assert first.returncode == 0, first.stderr
    assert PASSWORD not in first.stdout + first.stderr
    tables = spec.tables("learnamp")
    state = landed_state(raw)
    assert {rec["table"] for rec in state.values()} == set(tables)
    for name, table in tables.items():
        header, rows, files = landed_rows(raw, name)
        assert len(files) == 1, name
        assert header == [c for c in table.column_names if c in header], name      # documented order
        assert rows == source_rows(lake, "learnamp", name, header), name          # same rows, same text
        (rec,) = [r for r in state.values() if r["table"] == name]
        assert rec["rows"] == sum(rows.values()), name

    # new rows arrive: events with new ids, and one snapshot table changes
    with psycopg.connect(lake, sslmode="disable", autocommit=True) as conn:
        conn.execute("insert into learnamp.activities select (id::bigint + 1000000)::text, user_id, happened_at, "
                     "completed, result, score, total_time, expired_at, single, type, content_id, verb, expired "
                     "from learnamp.activities order by id::bigint limit 7")
        conn.execute("insert into learnamp.session_tracks select (id::bigint + 1000000)::text, "
                     f"{', '.join(c for c in tables['session_tracks'].column_names if c != 'id')} "
                     "from learnamp.session_tracks order by id::bigint limit 3")
        conn.execute("update learnamp.teams set name = name || ' (renamed)' where id = (select min(id) from learnamp.teams)")
    second = pull(raw, lake, "--schema", "learnamp", "--allow-insecure")
    assert second.returncode == 0, second.stderr
    new = [r for r in landed_state(raw).values() if r["id"] not in {x["id"] for x in state.values()}]
    teams = sum(source_rows(lake, "learnamp", "teams", ["id"]).values())
    assert sorted((r["table"], r["rows"]) for r in new) == [("activities", 7), ("session_tracks", 3), ("teams", teams)]
    for name in ("activities", "session_tracks", "completions"):
        header, rows, files = landed_rows(raw, name)
        assert rows == source_rows(lake, "learnamp", name, header), name          # no row twice, none missing
    assert "completions: 0 new row(s)" in second.stderr
    # the password is in no file the pulls left (landing area, its log, the journal)
    for f in raw.rglob("*"):
        assert not (f.is_file() and PASSWORD.encode() in f.read_bytes()), f"the password is in {f}"


def test_missing_table_is_named(postgres, tmp_path):
    with psycopg.connect(postgres.dsn(), sslmode="disable", autocommit=True) as conn:
        conn.execute("create database empty_lake")
    proc = pull(tmp_path / "raw", postgres.dsn("empty_lake"), "--allow-insecure", "--tables", "users")
    assert proc.returncode == 1
    assert "learnamp.users: no table public.users" in proc.stderr
    assert not (tmp_path / "raw" / "learnamp").exists()
