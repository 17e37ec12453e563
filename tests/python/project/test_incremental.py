"""Incremental runs: a daily build (`lwh build --changed`) builds only what newly landed files
affect, reads only the files not loaded yet, rewrites only the rows they affect, and gives the
same warehouse as a full refresh on the same landing area, row for row (every column except
`_loaded_at`, the time the row was written)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from lwh.generate import Generator
from lwh.landing.land import land

from conftest import SMALL_SCALE
from dbt_helpers import checksums, query
from dbt_helpers import lwh_build as _build

pytestmark = pytest.mark.dbt


def _ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _corrections(exports: Path, out: Path, user: str) -> None:
    """A later Learn Amp export that changes rows already loaded: scores of 25 activities, and the
    Employee Number and Work Email of `user`, a Learn Amp account linked to a Brightspace one (the
    accounts no longer match: identity resolution splits the person, so facts loaded earlier
    must follow)."""
    with (exports / "learnamp" / "activities.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        changed = [r for _, r in zip(range(25), reader, strict=False)]
    for r in changed:
        r[header.index("score")] = "77"
    _write_csv(out / "learnamp" / "activities_corrections_20261120T120000Z.csv", header, changed)

    with (exports / "learnamp" / "custom_fields.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        fields = list(reader)
    for r in fields:
        if r[header.index("user_id")] == user and r[header.index("name")] in ("Employee Number", "Work Email"):
            r[header.index("value")] = "no-match-" + r[header.index("value")]
    _write_csv(out / "learnamp" / "custom_fields_20261120T120000Z.csv", header, fields)


@pytest.fixture(scope="module")
def runs(exports, tmp_path_factory):
    """One landing area built three times incrementally (initial load, a newer day, then an
    older day arriving late plus corrections of loaded rows), and once from scratch."""
    work = tmp_path_factory.mktemp("incremental")
    days = {}
    for k in (1, 2):
        days[k] = work / f"day{k}"
        Generator(days[k], scale=SMALL_SCALE, seed=11, progress=False).run(day_after=k)
    raw = work / "raw"
    warehouse = work / "incremental" / "learning.duckdb"
    assert land([str(exports)], raw)[1] == []
    _ok(_build(raw, warehouse))
    first = checksums(warehouse)
    linked, partner = query(warehouse, """
        select cast(substr(person_id, 10) as bigint), user_id from intermediate.int_identity__user_keys
        where source_system = 'brightspace' and person_id like 'learnamp:%'
            and user_id in (select user_id from staging.stg_brightspace__user_logins)
        order by user_id limit 1""")[0]
    _corrections(exports, work / "corrections", str(linked))
    # the daily runs build only what the new files affect (lwh build --changed)
    assert land([str(days[2])], raw)[1] == []
    _ok(_build(raw, warehouse, "--changed"))
    assert land([str(days[1]), str(work / "corrections")], raw)[1] == []
    before_last = query(warehouse, "select max(_loaded_at) from marts.fct_learning_activity")[0][0]
    _ok(_build(raw, warehouse, "--changed"))

    full = work / "full" / "learning.duckdb"
    _ok(_build(raw, full, "--full-refresh"))
    return {"work": work, "raw": raw, "incremental": warehouse, "full": full, "first": first,
            "before_last": before_last, "linked": linked, "partner": partner}


def test_incremental_runs_equal_a_full_refresh_row_for_row(runs):
    incremental, full = checksums(runs["incremental"]), checksums(runs["full"])
    assert set(incremental) == set(full)
    differ = {k: (incremental[k], full[k]) for k in full if incremental[k] != full[k]}
    assert differ == {}
    # the later days really changed the warehouse: this is not two identical initial builds
    assert runs["first"]["marts.fct_learning_activity"] != full["marts.fct_learning_activity"]
    assert runs["first"]["marts.fct_login"] != full["marts.fct_login"]


def test_updated_rows_and_identity_changes_reach_the_facts(runs):
    full = runs["full"]
    # the Learn Amp account's Brightspace partner is a person of its own now ...
    split = query(runs["incremental"], f"""
        select count(*) from intermediate.int_identity__user_keys
        where person_id = 'learnamp:{runs["linked"]}'""")[0][0]
    assert split == 1
    # ... and its logins loaded before the split now carry that person, not the Learn Amp one
    assert query(runs["full"], f"""
        select count(*) from staging.stg_brightspace__user_logins where user_id = {runs["partner"]}""")[0][0] > 0
    assert query(runs["incremental"], f"""
        select count(*), count(*) filter (where f.person_key = k.person_key and k.person_id <> 'learnamp:{runs["linked"]}')
        from marts.fct_login as f
        join intermediate.int_identity__user_keys as k using (user_key)
        where k.source_system = 'brightspace' and k.user_id = {runs["partner"]}""")[0] == (
        query(full, f"""
        select count(*) from marts.fct_login as f
        join intermediate.int_identity__user_keys as k using (user_key)
        where k.source_system = 'brightspace' and k.user_id = {runs["partner"]}""")[0][0],) * 2
    # the corrected scores reach the fact
    changed = query(full, "select count(*) from marts.fct_learning_activity where score = 77")[0][0]
    assert changed >= 25
    assert query(runs["incremental"], "select count(*) from marts.fct_learning_activity where score = 77")[0][0] \
        == changed


def test_a_run_reads_only_files_not_yet_loaded(runs):
    # every file's rows were read by exactly one build: the one after it landed
    per_file = query(runs["incremental"], """
        select _source_file, count(distinct _loaded_at) from staging.base_learnamp__activities group by all""")
    assert per_file and all(n == 1 for _, n in per_file)
    builds = query(runs["incremental"], """
        select count(distinct _loaded_at) from staging.base_learnamp__activities""")[0][0]
    assert builds == 3          # initial load, day 2, day 1 + corrections


def test_a_run_rewrites_only_affected_fact_rows(runs):
    inc = runs["incremental"]
    total, rewritten = query(inc, f"""
        select count(*), count(*) filter (where _loaded_at > '{runs["before_last"]}')
        from marts.fct_learning_activity""")[0]
    assert 25 <= rewritten < total * 0.2


def test_a_changed_build_with_nothing_landed_does_nothing(runs):
    before = runs["incremental"].stat().st_mtime_ns
    proc = _build(runs["raw"], runs["incremental"], "--changed")
    _ok(proc)
    assert "nothing landed" in proc.stdout
    assert runs["incremental"].stat().st_mtime_ns == before


def test_nothing_new_changes_nothing(runs, tmp_path):
    copy = tmp_path / "learning.duckdb"
    copy.write_bytes(runs["incremental"].read_bytes())
    _ok(_build(runs["raw"], copy))
    assert checksums(copy) == checksums(runs["incremental"])
    newest = "select max(_loaded_at) from staging.base_learnamp__activities"
    assert query(copy, newest) == query(runs["incremental"], newest)


def test_a_moved_landing_area_keeps_working(runs, tmp_path):
    """Rows name their file relative to the landing area, so the same files under another path
    are the files already loaded: the build reads nothing again and changes nothing."""
    moved = tmp_path / "moved"
    shutil.copytree(runs["raw"], moved)
    copy = tmp_path / "learning.duckdb"
    copy.write_bytes(runs["incremental"].read_bytes())
    _ok(_build(moved, copy))
    assert checksums(copy) == checksums(runs["incremental"])
    assert query(copy, """
        select count(*), count(*) filter (where _source_file like 'learnamp/views/views__%.csv')
        from staging.base_learnamp__views""")[0] == query(copy, "select count(*), count(*) from staging.base_learnamp__views")[0]


def test_a_loaded_file_missing_from_the_landing_area_stops_the_build(runs, tmp_path):
    gone = sorted((runs["raw"] / "learnamp" / "views").glob("*delta*.csv"))[0]
    copy = tmp_path / "learning.duckdb"
    copy.write_bytes(runs["incremental"].read_bytes())
    aside = tmp_path / gone.name
    gone.rename(aside)
    try:
        proc = _build(runs["raw"], copy)
    finally:
        aside.rename(gone)
    assert proc.returncode != 0
    assert gone.name in proc.stderr and f"lwh unland {gone.relative_to(runs['raw'])}" in proc.stderr
    assert checksums(copy) == checksums(runs["incremental"])       # nothing published
