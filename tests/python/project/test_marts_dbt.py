"""The star schema answers questions with the numbers a careful analyst gets from the raw files.

Builds the whole warehouse from a small generated export set, then recomputes a few answers
straight from the exported CSV/ZIP files (independent SQL, no dbt) and compares."""

from __future__ import annotations

import glob
import zipfile
from pathlib import Path

import duckdb
import pytest

from dbt_helpers import query, run_dbt

pytestmark = pytest.mark.dbt


@pytest.fixture(scope="module")
def warehouse(land_exports):
    work, raw = land_exports("marts")
    wh = work / "learning.duckdb"
    run_dbt(["build"], raw, wh)
    run_dbt(["compile", "--select", "resource_type:analysis"], raw, wh)
    return wh, work


@pytest.fixture(scope="module")
def raw_db(exports, tmp_path_factory):
    """The export files as an analyst would load them by hand."""
    folder = tmp_path_factory.mktemp("by_hand")
    con = duckdb.connect()
    con.execute(f"create table la_activities as select * from read_csv('{exports}/learnamp/activities.csv')")
    con.execute(f"create table la_custom_fields as select * from read_csv('{exports}/learnamp/custom_fields.csv', all_varchar=true)")
    for stem, name in [("UserLogins", "logins"), ("CourseAccess", "access"), ("Users", "users"),
                       ("ContentUserCompletion", "completions"), ("ContentObjects", "content")]:
        out = folder / name
        out.mkdir()
        for z in sorted((exports / "brightspace").glob(f"{stem}_*.zip")):
            with zipfile.ZipFile(z) as zf:
                (out / (z.stem + ".csv")).write_bytes(zf.read(f"{stem}.csv"))
        con.execute(f"create table bs_{name} as select * from read_csv('{out}/*.csv', all_varchar=true, "
                    "union_by_name=true, filename=true)")
    return con


def _run_analysis(warehouse, work, name) -> list[tuple]:
    sql = (work / "target" / "compiled" / "learning_warehouse" / "analyses" / f"{name}.sql").read_text()
    return query(warehouse, sql)


def test_every_analysis_runs(warehouse):
    wh, work = warehouse
    files = sorted(glob.glob(str(work / "target" / "compiled" / "learning_warehouse" / "analyses" / "*.sql")))
    assert len(files) >= 8
    for f in files:
        query(wh, Path(f).read_text())


def test_login_failure_rate_by_day_matches_the_raw_files(warehouse, raw_db):
    wh, work = warehouse
    by_hand = raw_db.execute("""
        with attempts as (select distinct LoginAttemptId, StatusType, AttemptDate from bs_logins)
        select cast(AttemptDate as timestamp)::date as d, count(*), count(*) filter (where StatusType <> 'Success')
        from attempts group by 1 order by 1""").fetchall()
    marts = [(r[0], r[1], r[2]) for r in _run_analysis(wh, work, "login_failure_rate_by_day")]
    assert marts == by_hand


def test_weekly_active_learners_matches_the_raw_files(warehouse, raw_db):
    """By hand: Learn Amp users with an activity and Brightspace users with a course access or a
    content topic completion (the newest version of each completion record with a DateCompleted,
    modules left out) in the week, a Learn Amp and a Brightspace account counted once when their
    employee number (trimmed, any case) or else their work email matches, test accounts 2 and 3
    left out."""
    wh, work = warehouse
    by_hand = raw_db.execute("""
        with bs_users as (select distinct UserId, OrgDefinedId, ExternalEmail from bs_users where UserId <> '0'),
        emp as (
            select l.user_id as la, b.UserId as bs from la_custom_fields l
            join bs_users b on lower(trim(l.value)) = lower(trim(b.OrgDefinedId))
            where l.name = 'Employee Number'),
        mail as (
            select l.user_id as la, b.UserId as bs from la_custom_fields l
            join bs_users b on lower(trim(l.value)) = lower(trim(b.ExternalEmail))
            where l.name = 'Work Email'
              and l.user_id not in (select la from emp) and b.UserId not in (select bs from emp)),
        links as (select * from emp union all select * from mail),
        bs_newest_completions as (
            select * from bs_completions qualify row_number() over (partition by ContentObjectId, UserId
                order by regexp_extract(filename, '[0-9]{8}T[0-9]{6}Z') desc, filename like '%Differential%' desc) = 1),
        bs_newest_content as (
            select * from bs_content qualify row_number() over (partition by ContentObjectId
                order by regexp_extract(filename, '[0-9]{8}T[0-9]{6}Z') desc, filename like '%Differential%' desc) = 1),
        learning as (
            select 'la:' || user_id as person, happened_at::date as d from la_activities where user_id not in (2, 3)
            union all
            select coalesce('la:' || links.la, 'bs:' || a.UserId), cast(a.DayAccessed as timestamp)::date
            from (select distinct UserId, OrgUnitId, DayAccessed from bs_access) a
            left join links on links.bs = a.UserId
            union all
            select coalesce('la:' || links.la, 'bs:' || c.UserId), cast(c.DateCompleted as timestamp)::date
            from bs_newest_completions c
            left join links on links.bs = c.UserId
            left join bs_newest_content o using (ContentObjectId)
            where c.DateCompleted is not null and o.ContentObjectType is distinct from 'Module')
        select date_trunc('week', d)::date as week, count(distinct person) from learning group by 1 order by 1""").fetchall()
    marts = [(r[0], r[1]) for r in _run_analysis(wh, work, "weekly_active_learners")]
    assert marts == by_hand


def test_a_person_on_both_platforms_is_one_person_with_both_platforms_activity(warehouse, raw_db):
    wh, _ = warehouse
    both = query(wh, """
        select person_key, learnamp_user_id, brightspace_user_id from marts.dim_person
        where platforms = 'Both' order by learnamp_user_id limit 5""")
    assert both
    for person_key, la_id, bs_id in both:
        assert query(wh, f"select count(*) from marts.dim_person where learnamp_user_id = {la_id} "
                         f"or brightspace_user_id = {bs_id}") == [(1,)]
        la_rows = raw_db.execute(f"select count(*) from la_activities where user_id = {la_id}").fetchall()[0][0]
        bs_days = raw_db.execute(f"select count(distinct (OrgUnitId, DayAccessed)) from bs_access "
                                 f"where UserId = '{bs_id}'").fetchall()[0][0]
        assert query(wh, f"select count(*) from marts.fct_learning_activity where person_key = '{person_key}' "
                         f"and source_system = 'learnamp'") == [(la_rows,)]
        assert query(wh, f"select count(*) from marts.fct_course_access where person_key = '{person_key}' "
                         f"and has_browser_access") == [(bs_days,)]


def test_system_and_test_accounts_never_count_as_people(warehouse):
    wh, _ = warehouse
    non_people = query(wh, "select user_key from marts.dim_user where is_system_account or is_test_account")
    assert len(non_people) == 3
    assert query(wh, "select count(*) from marts.dim_user where (is_system_account or is_test_account) "
                     "and person_key <> '-1'") == [(0,)]
    assert query(wh, "select count(*) from marts.rpt_person_learning_summary where person_key = '-1'") == [(0,)]
    people = query(wh, "select count(*) from marts.dim_person where person_key not in ('-1', '-2')")[0][0]
    assert query(wh, "select count(*) from marts.rpt_person_learning_summary") == [(people,)]
