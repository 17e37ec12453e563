"""Synthetic but realistic Learn Amp and Brightspace exports.

Everything is computed in DuckDB SQL over `range()`; every random draw is
`hash(key, salt, seed)`, so a value depends only on its row's key and the seed: the output
is the same bytes for the same seed on any run, and the work is vectorised and parallel.

Learn Amp is written as one CSV per table, the way a Redshift export writes it (`t`/`f`
booleans, UTC timestamps without zone, empty field for NULL). Brightspace is written as one
ZIP per extract holding one UTF-8-with-BOM CSV with the documented PascalCase header: one
full extract per data set and daily differentials after it.

Time line (E = --end, 00:00 UTC): the company's history runs over the two years before E.
The Brightspace full extracts are taken at F = E - 7 days + 3h; differential d (d = 1..7)
covers (F + (d-1) days, F + d days]. The Learn Amp export is taken at E.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import spec

DEFAULT_END = dt.date(2026, 11, 16)
DIFFERENTIAL_DAYS = 7
HORIZON_DAYS = 7
BOM = b"\xef\xbb\xbf"

FIRST_NAMES = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Emily", "Poppy", "Ella", "Sofia", "Chloe", "Zara", "Aisha", "Priya",
    "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry",
    "Theodore", "Jack", "Charlie", "Thomas", "Jacob", "Alfie", "Samuel", "William", "Joshua",
    "James", "Mateo", "Luca", "Hiroshi", "Wei", "Anan", "Kofi", "Siobhan", "Zoë", "José", "Chloé",
]
LAST_NAMES = [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
    "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
    "Harrison", "Morgan", "Allen", "Khan", "Nguyen", "O'Brien", "Müller", "García", "Kowalski",
    "Okafor", "Singh", "Chen", "Fernández",
]
JOB_TITLES = [
    "Software Engineer", "Senior Software Engineer", "Product Manager", "Sales Executive",
    "Account Manager", "Customer Success Manager", "Data Analyst", "HR Business Partner",
    "Finance Analyst", "Marketing Assistant", "Operations Coordinator", "Support Specialist",
    "Team Lead", "Head of Department", "Recruiter", "Warehouse Operative", "Nurse", "Consultant",
]
LOCATIONS = [
    "London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Edinburgh", "Bristol", "Cardiff",
    "Belfast", "Dublin", "Amsterdam", "Berlin", "New York", "Toronto", "Remote",
]
TIME_ZONES = ["Europe/London", "Europe/London", "Europe/London", "Europe/Dublin", "Europe/Amsterdam",
              "Europe/Berlin", "America/New_York", "America/Toronto"]
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "People", "Operations",
               "Customer Success", "Legal", "Product", "Support"]
TOPICS = [
    "Leadership", "Communication", "Negotiation", "Python", "SQL", "Data Literacy", "Excel",
    "Presentation Skills", "Time Management", "Coaching", "Feedback", "Project Management",
    "Agile", "Cyber Security", "GDPR", "Health and Safety", "Diversity and Inclusion",
    "Customer Service", "Sales Techniques", "Financial Acumen", "Wellbeing", "Resilience",
    "Change Management", "Strategic Thinking", "Design Thinking", "Cloud Computing",
    "Machine Learning", "Accessibility", "Writing", "Public Speaking",
]
SKILL_CATEGORIES = ["Leadership", "Technical", "Compliance", "Personal Effectiveness",
                    "Commercial", "Wellbeing", "Digital", "Management"]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


@dataclass
class Written:
    system: str
    table: str
    path: str
    rows: int
    kind: str | None = None
    extracted_at: str | None = None


class Progress:
    """One line per written file; redraws a status line in place on a terminal."""

    def __init__(self, total: int, enabled: bool | None = None, stream=sys.stderr):
        self.total = total
        self.done = 0
        self.rows = 0
        self.stream = stream
        self.tty = stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()

    def step(self, label: str, rows: int) -> None:
        self.done += 1
        self.rows += rows
        if not self.tty:
            return
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        line = (f"\r[{bar}] {self.done}/{self.total} files  {self.rows:,} rows  "
                f"{self.rows / elapsed:,.0f} rows/s  {label[:40]:<40}")
        self.stream.write(line)
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Generator:
    def __init__(self, out: Path, scale: float, seed: int, end: dt.date = DEFAULT_END,
                 both_share: float = 0.6, threads: int | None = None, progress: bool | None = None):
        if scale <= 0:
            raise ValueError("--scale must be positive")
        if not 0 <= both_share <= 1:
            raise ValueError("--both-share must be between 0 and 1")
        self.out = Path(out)
        self.scale = scale
        self.seed = int(seed)
        self.end = end
        self.start = end - dt.timedelta(days=730)
        self.full_at = dt.datetime.combine(end - dt.timedelta(days=DIFFERENTIAL_DAYS), dt.time(3))
        self.both_share = both_share
        self.people = max(60, round(10_000 * scale))
        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"set threads = {int(threads)}")
        self.con.execute("set preserve_insertion_order = true")
        self.con.execute("set TimeZone = 'UTC'")
        self.progress_enabled = progress
        self.written: list[Written] = []

    # ---------------------------------------------------------------- helpers
    def q(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def table_sql(self, name: str, sql: str) -> None:
        self.q(f"create or replace table {name} as {sql}")

    def count(self, name: str) -> int:
        return self.q(f"select count(*) from {name}")[0][0]

    def sized(self, base: float, power: float = 1.0, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale ** power))

    def _macros(self) -> None:
        s = self.seed
        start, end = self.start.isoformat(), self.end.isoformat()
        for m in [
            f"rnd(k, salt) as ((hash(k, salt, {s}) >> 11)::double / 9007199254740992.0)",
            "rint(k, salt, lo, hi) as (lo + floor(rnd(k, salt) * (hi - lo + 1))::bigint)",
            "pick(k, salt, arr) as (arr[1 + floor(rnd(k, salt) * len(arr))::int])",
            # a day in [d0, d1), mostly weekdays: 96% of weekend draws move back to Friday
            "work_day(k, salt, d0, d1) as (((d0::date) + floor(rnd(k, salt) * greatest(1, (d1::date) - (d0::date)))::int) "
            "- case when rnd(k, salt || 'wkend') < 0.04 then 0 else case isodow((d0::date) + floor(rnd(k, salt) * "
            "greatest(1, (d1::date) - (d0::date)))::int) when 6 then 1 when 7 then 2 else 0 end end)",
            # the first weekday on or after d
            "first_weekday(d) as ((d::date) + case isodow(d::date) when 6 then 2 when 7 then 1 else 0 end)",
            # office hours: mostly 08:00-18:00 UTC, a few evenings
            "work_time(k, salt) as (to_seconds(case when rnd(k, salt || 'e') < 0.07 "
            "then 18 * 3600 + floor(rnd(k, salt || 's') * 4 * 3600) "
            "else 8 * 3600 + floor(rnd(k, salt || 's') * 10 * 3600) end))",
            # a Friday moved back before d0 goes to the first weekday on or after d0 instead
            "work_ts(k, salt, d0, d1) as (greatest(work_day(k, salt, d0, d1), first_weekday(d0))::timestamp + work_time(k, salt))",
            # heavy-tailed weight (Pareto, alpha 1.5, capped), mean about 2.6
            "heavy(k, salt) as (least(40.0, pow(1.0 - rnd(k, salt) * 0.999999, -1.0 / 1.5)))",
            # a GUID as BDS writes LoginAttemptId: one MD5 of key, salt and seed, as a UUID
            "guid(k, salt) as (md5_number(k::varchar || salt || '" + str(s) + "')::uuid::varchar)",
            f"period_start() as (date '{start}')",
            f"period_end() as (date '{end}')",
            # event streams run on past the export date, so that later days can be exported
            # (--days-after) without changing anything before it
            f"horizon() as (date '{(self.end + dt.timedelta(days=HORIZON_DAYS)).isoformat()}')",
            f"full_at() as (timestamp '{self.full_at.isoformat(sep=' ')}')",
        ]:
            self.q(f"create or replace macro {m}")

    # ---------------------------------------------------------------- people
    def _people(self) -> None:
        P = self.people
        both = self.both_share
        la_only = (1 - both) * 0.65
        self.table_sql("people", f"""
            select
                p,
                pick(p, 'first', {_sql_list(FIRST_NAMES)}) as first_name,
                pick(p, 'last', {_sql_list(LAST_NAMES)}) as last_name,
                'E' || lpad(p::varchar, 6, '0') as employee_number,
                case when rnd(p, 'hire') < 0.8
                    then period_start() - rint(p, 'hired_before', 30, 9 * 365)::int
                    else period_start() + rint(p, 'hired_in', 0, 700)::int end as hire_date,
                rnd(p, 'acct') as acct,
                rnd(p, 'acct') < {both} as both_accounts,
                rnd(p, 'acct') < {both + la_only} as is_la,
                rnd(p, 'acct') < {both} or rnd(p, 'acct') >= {both + la_only} as is_bs,
                rint(p, 'loc', 1, {len(LOCATIONS)}) as location_id,
                pick(p, 'title', {_sql_list(JOB_TITLES)}) as job_title,
                pick(p, 'dept', {_sql_list(DEPARTMENTS)}) as department,
                case when rnd(p, 'idle') < 0.12 then 0.0 else heavy(p, 'activity') end as activity_weight
            from range(1, {P} + 1) t(p)
        """)
        # leavers: about 9% leave during the period, after their hire date
        self.q("""
            create or replace table people as
            select *,
                case when rnd(p, 'leave') < 0.09
                    then greatest(hire_date, period_start()) + rint(p, 'leave_at', 60, 700)::int end as leave_raw
            from people
        """)
        self.q("""
            create or replace table people as
            select * exclude (leave_raw),
                case when leave_raw < period_end() - 3 then leave_raw end as leave_date,
                lower(replace(replace(first_name, '''', ''), ' ', '')) || '.' ||
                lower(replace(replace(last_name, '''', ''), ' ', '')) || p::varchar as handle,
                greatest(hire_date, period_start() - rint(p, 'acct_age', 0, 3 * 365)::int) as account_date
            from people
        """)

    # ---------------------------------------------------------------- Learn Amp
    def _learnamp_org(self) -> None:
        P = self.people
        T = max(6, round(P / 12))
        G = max(5, round(P / 200))
        self.n_teams = T
        self.table_sql("la_locations", f"""
            select i as id, {_sql_list(LOCATIONS)}[i] as name from range(1, {len(LOCATIONS)} + 1) t(i)""")
        # Learn Amp users: people with an account, plus two test accounts (ids 2 and 3).
        self.table_sql("la_people", """
            select *, 1000 + p as id, row_number() over (order by p) as rn
            from people where is_la""")
        n_la = self.count("la_people")
        self.n_la = n_la
        self.table_sql("la_teams_base", f"""
            select
                i as id,
                case when i = 1 then 'Company'
                     when i <= 1 + {len(DEPARTMENTS)} then {_sql_list(DEPARTMENTS)}[i - 1]
                     else pick(i, 'tname', {_sql_list(DEPARTMENTS)}) || ' ' ||
                          pick(i, 'tsuffix', ['Team', 'Squad', 'Unit', 'Pod', 'Group']) || ' ' || i::varchar
                end as name,
                case when i = 1 then null
                     when i <= 1 + {len(DEPARTMENTS)} then 1
                     else 2 + floor(rnd(i, 'parent') * (least(i - 1, 40) - 1))::bigint end as parent_team_id,
                1 + floor(rnd(i, 'mgr') * {n_la})::bigint as manager_rn,
                period_start() - rint(i, 'team_age', 30, 5 * 365)::int
                    + to_seconds(rint(i, 'team_sec', 0, 86399)) as created_at
            from range(1, {T} + 1) t(i)""")
        # primary team per user; 15% have a secondary team
        self.table_sql("la_membership", f"""
            select id as user_id, 2 + floor(rnd(p, 'team') * ({T} - 1))::bigint as team_id, true as primary_flag,
                   greatest(account_date, period_start() - 400)::timestamp + work_time(p, 'tu') as created_at
            from la_people
            union all
            select id, 2 + floor(rnd(p, 'team2') * ({T} - 1))::bigint, false,
                   greatest(account_date, period_start() - 200)::timestamp + work_time(p, 'tu2')
            from la_people where rnd(p, 'has_team2') < 0.15
                and 2 + floor(rnd(p, 'team2') * ({T} - 1))::bigint <> 2 + floor(rnd(p, 'team') * ({T} - 1))::bigint""")
        self.table_sql("la_teams", """
            select t.*, m.id as manager_id, m.first_name || ' ' || m.last_name as manager_name
            from la_teams_base t join la_people m on m.rn = t.manager_rn""")
        # override managers and coaches
        self.table_sql("la_users_base", f"""
            select u.*,
                tm.team_id as primary_team_id,
                case when rnd(u.p, 'override') < 0.02
                     then (select id from la_people o where o.rn = 1 + floor(rnd(u.p, 'override_who') * {n_la})::bigint)
                end as override_manager_id,
                rnd(u.p, 'coach') < 0.04 as is_coach
            from la_people u
            join la_membership tm on tm.user_id = u.id and tm.primary_flag""")
        self.table_sql("la_coaches_list", """
            select id, row_number() over (order by id) as crn from la_users_base where is_coach""")
        n_coaches = max(1, self.count("la_coaches_list"))
        self.table_sql("la_users_rel", f"""
            select u.*,
                coalesce(nullif(u.override_manager_id, u.id),
                         case when t.manager_id <> u.id then t.manager_id else pt.manager_id end) as manager_id,
                case when rnd(u.p, 'has_coach') < 0.2
                     then (select id from la_coaches_list c where c.crn = 1 + floor(rnd(u.p, 'coach_who') * {n_coaches})::bigint)
                end as coach_id
            from la_users_base u
            join la_teams t on t.id = u.primary_team_id
            left join la_teams pt on pt.id = t.parent_team_id""")
        self.table_sql("la_users", f"""
            with mgr as (select distinct manager_id as id from la_users_rel where manager_id is not null
                         union select manager_id from la_teams),
                 ovr as (select distinct override_manager_id as id from la_users_rel where override_manager_id is not null),
                 sec as (select distinct manager_id as id from la_teams where rnd(id, 'sec') < 0.2)
            select
                u.id,
                u.p,
                case when u.activity_weight > 0 then 1 + floor(u.activity_weight * rint(u.p, 'signins', 20, 120))::bigint else 0 end as sign_in_count,
                u.account_date::timestamp + work_time(u.p, 'created') as created_at,
                u.first_name, u.last_name,
                case when rnd(u.p, 'no_title') < 0.05 then null else u.job_title end as job_title,
                pick(u.p, 'lang', ['en', 'en', 'en', 'en', 'en', 'fr', 'de', 'es', 'nl', 'pl']) as language,
                mgr.id is not null or ovr.id is not null as manager,
                case when rnd(u.p, 'tz') < 0.3 then null else pick(u.p, 'tzv', {_sql_list(TIME_ZONES)}) end as time_zone,
                u.coach_id, u.is_coach, u.manager_id,
                sec.id is not null as secondary_manager,
                case when rnd(u.p, 'hris') < 0.85 then u.hire_date end as hire_date,
                ovr.id is not null as is_override_manager,
                case when u.leave_date is not null then u.leave_date::timestamp + work_time(u.p, 'deact') end as deactivated_at,
                u.leave_date is not null as deactivated,
                case when rnd(u.p, 'role') < 0.01 then 'account_owner'
                     when rnd(u.p, 'role') < 0.04 then 'admin'
                     when mgr.id is not null then 'manager' else 'learner' end as system_role,
                u.location_id,
                case when rnd(u.p, 'hris') < 0.85 then u.leave_date end as leave_date,
                u.activity_weight,
                u.employee_number, u.handle, u.department, u.primary_team_id
            from la_users_rel u
            left join mgr on mgr.id = u.id
            left join ovr on ovr.id = u.id
            left join sec on sec.id = u.id""")
        # test accounts (ids 2 and 3): real rows in a real export, never people
        self.q("""
            insert into la_users by name
            select 2 as id, null as p, 3 as sign_in_count, timestamp '2022-03-01 09:00:00' as created_at,
                   'Test' as first_name, 'Learner' as last_name, null as job_title, 'en' as language,
                   false as manager, null as time_zone, null as coach_id, false as is_coach, null as manager_id,
                   false as secondary_manager, null as hire_date, false as is_override_manager,
                   null as deactivated_at, false as deactivated, 'learner' as system_role, null as location_id,
                   null as leave_date, 0.0 as activity_weight, null as employee_number, 'test.learner' as handle,
                   null as department, null as primary_team_id
            union all
            select 3, null, 41, timestamp '2022-03-01 09:05:00', 'Sandbox', 'Admin', 'L&D Administrator', 'en',
                   false, 'Europe/London', null, false, null, false, null, false, null, false, 'admin', 1,
                   null, 0.0, null, 'sandbox.admin', null, null""")
        self.table_sql("la_groups", f"""
            select i as id,
                period_start() - rint(i, 'gage', 10, 900)::int + work_time(i, 'gt') as created_at,
                case when i <= {len(DEPARTMENTS)} then 'All ' || {_sql_list(DEPARTMENTS)}[i]
                     else pick(i, 'gname', ['New Starters', 'Managers', 'Graduates', 'Sales Academy',
                          'Leadership Programme', 'Compliance Cohort', 'Mentors', 'Remote Workers'])
                          || ' ' || (2020 + i % 7)::varchar end as name
            from range(1, {G} + 1) t(i)""")
        self.table_sql("la_group_users", f"""
            select row_number() over (order by u.id, g.k) as id, u.id as user_id,
                   1 + floor(rnd(u.id * 7 + g.k, 'grp') * {G})::bigint as group_id,
                   greatest(u.created_at, period_start()::timestamp) + to_seconds(rint(u.id, 'gu' || g.k, 0, 200 * 86400)) as created_at
            from la_users u, range(rint(u.id, 'ngroups', 0, 4)) g(k)
            where u.p is not null
            qualify row_number() over (partition by u.id, 1 + floor(rnd(u.id * 7 + g.k, 'grp') * {G})::bigint order by g.k) = 1""")

    def _learnamp_content(self) -> None:
        s = self.scale
        n = {
            "items": self.sized(2500, 0.5, 40), "channels": self.sized(40, 0.5, 4),
            "learnlists": self.sized(180, 0.5, 6), "events": self.sized(100, 0.5, 5),
            "quizzes": self.sized(250, 0.5, 8), "surveys": self.sized(30, 0.5, 3),
        }
        self.n_content = n
        item_types = ["video", "article", "book", "scorm", "document", "podcast", "course", "link"]
        for tbl, noun in [("items", "Item"), ("channels", "Channel"), ("learnlists", "Learnlist"),
                          ("events", "Event"), ("quizzes", "Quiz"), ("surveys", "Survey")]:
            extra = ""
            if tbl == "items":
                extra = f""",
                    guid(i, 'item_guid') as guid,
                    case when rnd(i, 'src') < 0.3 then 'EXT-' || rint(i, 'srcid', 10000, 99999)::varchar end as source_id,
                    case when rnd(i, 'src') < 0.3 then pick(i, 'srct', ['LinkedIn Learning', 'Go1', 'Udemy Business', 'SCORM import']) end as source_type,
                    pick(i, 'ctype', {_sql_list(item_types)}) as content_type"""
            elif tbl == "surveys":
                extra = """, pick(i, 'stype', ['engagement', 'feedback', 'observation', 'pulse']) as survey_type"""
            self.table_sql(f"la_{tbl}", f"""
                select i as id,
                    period_start() - rint(i, '{tbl}_age', -600, 1500)::int + work_time(i, '{tbl}_t') as created_at,
                    pick(i, '{tbl}_topic', {_sql_list(TOPICS)}) || ' ' ||
                    pick(i, '{tbl}_noun', ['Essentials', 'Fundamentals', 'Masterclass', 'in Practice',
                         'for Managers', 'Refresher', 'Deep Dive', 'Basics', 'Toolkit', 'Annual Update'])
                    || case when rnd(i, '{tbl}_n') < 0.5 then '' else ' ' || (1 + i % 9)::varchar end as name,
                    '{noun}' as type{extra}
                from range(1, {n[tbl]} + 1) t(i)""")
        self.table_sql("la_content", """
            select created_at, content_type, name, 'item-' || id as type_with_id, type, id from la_items
            union all select created_at, 'channel', name, 'channel-' || id, type, id from la_channels
            union all select created_at, 'learnlist', name, 'learnlist-' || id, type, id from la_learnlists
            union all select created_at, 'event', name, 'event-' || id, type, id from la_events
            union all select created_at, 'quiz', name, 'quiz-' || id, type, id from la_quizzes
            union all select created_at, 'survey', name, 'survey-' || id, type, id from la_surveys""")
        # learnable content with a popularity rank (Zipf-like choice by rank)
        self.table_sql("la_learnable", """
            select type, id as content_id, created_at, content_type,
                   row_number() over (order by hash(type, id, 'pop')) as rank
            from la_content where type in ('Item', 'Learnlist', 'Quiz', 'Event')""")
        self.n_learnable = self.count("la_learnable")
        self.table_sql("la_skills", f"""select i as id, {_sql_list(TOPICS)}[i] as name from range(1, {len(TOPICS)} + 1) t(i)""")
        self.table_sql("la_skill_categories", f"""select i as id, {_sql_list(SKILL_CATEGORIES)}[i] as name from range(1, {len(SKILL_CATEGORIES)} + 1) t(i)""")
        self.table_sql("la_skill_category_skills", f"""
            select row_number() over (order by s.id, k) as id, s.id as skill_id,
                   1 + ((s.id + k * 3) % {len(SKILL_CATEGORIES)}) as skill_category_id
            from la_skills s, range(1 + (rnd(s.id, 'ncat') < 0.3)::int) c(k)""")
        self.table_sql("la_content_skills", f"""
            select distinct i.id as content_id, 1 + floor(rnd(i.id * 5 + k, 'cskill') * {len(TOPICS)})::bigint as skill_id
            from la_items i, range(rint(i.id, 'ncskill', 1, 3)) c(k)""")

    def _learnamp_activity(self) -> None:
        """Engagements (view -> start -> completion) and tasks, heavy-tailed per user."""
        L = self.n_learnable
        # engagements per user over two years: mean about 350 at weight 1
        self.table_sql("la_engagements", f"""
            with u as (
                select id as user_id, p, activity_weight,
                    greatest(created_at::date, period_start()) as d0,
                    coalesce(least(deactivated_at::date, horizon()), horizon()) as d1
                from la_users where p is not null and activity_weight > 0
            )
            select
                u.user_id, e.k,
                hash(u.user_id, e.k, 'eng') as ek,
                work_ts(hash(u.user_id, e.k), 'ets', u.d0, u.d1) as viewed_at
            from u, range(floor(u.activity_weight * rint(u.p, 'eng_n', 150, 210))::bigint) e(k)
            where u.d1 > u.d0""")
        self.table_sql("la_engagements", f"""
            select e.user_id, e.ek, e.viewed_at, c.type, c.content_id, c.content_type,
                rnd(e.ek, 'start') < 0.62 as is_started,
                rnd(e.ek, 'done') < 0.58 as is_done_if_started,
                to_seconds(rint(e.ek, 'start_gap', 5, 900)) as start_gap,
                to_seconds(floor(120 + pow(rnd(e.ek, 'dur'), 2.2) * 6 * 3600)::bigint) as duration
            from la_engagements e
            join la_learnable c on c.rank = 1 + floor(pow(rnd(e.ek, 'which'), 2.4) * {L})::bigint""")
        # tasks: assigned content with deadlines after assignment, completion or not
        self.table_sql("la_tasks", f"""
            with u as (
                select id as user_id, p, greatest(created_at::date, period_start()) as d0,
                    coalesce(least(deactivated_at::date, period_end()), period_end()) as d1, activity_weight
                from la_users where p is not null)
            select
                row_number() over (order by assigned_at, user_id, k) as id, *
            from (
                select u.user_id, t.k, hash(u.user_id, t.k, 'task') as tk,
                    work_ts(hash(u.user_id, t.k, 'task'), 'assigned', u.d0, u.d1) as assigned_at,
                    u.d1 as user_end, u.activity_weight
                from u, range(rint(u.p, 'ntasks', 3, 16)) t(k)
                where u.d1 > u.d0
            ) x""")
        self.table_sql("la_tasks", f"""
            select t.*, c.type, c.content_id,
                rnd(t.tk, 'mand') < 0.45 as mandatory,
                t.assigned_at::date + rint(t.tk, 'due', 7, 60)::int as deadline,
                case when rnd(t.tk, 'completes') < least(0.92, 0.55 + 0.12 * t.activity_weight)
                     then t.assigned_at + to_seconds(floor(pow(rnd(t.tk, 'lag'), 1.8) * 80 * 86400)::bigint + 600)
                end as completed_raw
            from la_tasks t
            join la_learnable c on c.rank = 1 + floor(rnd(t.tk, 'tcontent') * {L})::bigint""")
        self.q("""
            create or replace table la_tasks as
            select * exclude (completed_raw),
                case when completed_raw < least(period_end()::timestamp, user_end::timestamp) then completed_raw end as completed_at,
                rnd(tk, 'archived') < 0.03 as archived
            from la_tasks""")
        # recurring tasks: the earlier task of a series is expired when the next one is issued
        self.q("""
            create or replace table la_tasks as
            select *,
                lead(assigned_at) over (partition by user_id, type, content_id order by assigned_at, id) as next_assigned_at
            from la_tasks""")
        # every completed task has a completion engagement at completed_at
        self.q(f"""
            insert into la_engagements by name
            select user_id, hash(id, 'task_eng') as ek,
                completed_at - to_seconds(rint(id, 'task_view', 900, 3 * 86400)) as viewed_at,
                type, content_id, null as content_type, true as is_started, true as is_done_if_started,
                to_seconds(rint(id, 'task_gap', 5, 600)) as start_gap,
                completed_at - (completed_at - to_seconds(rint(id, 'task_view', 900, 3 * 86400))) - to_seconds(rint(id, 'task_gap', 5, 600)) as duration
            from la_tasks where completed_at is not null""")
        # activities: one row per verb event
        self.table_sql("la_activities", """
            with events as (
            select user_id, ek, type, content_id, content_type, 'viewed' as verb, viewed_at as happened_at, 0 as seq
            from la_engagements
            union all
            select user_id, ek, type, content_id, content_type, 'started', viewed_at + start_gap, 1
            from la_engagements where is_started
            union all
            select user_id, ek, type, content_id, content_type,
                case when content_type = 'scorm' and rnd(ek, 'fail') < 0.15 then 'failed' else 'completed' end,
                viewed_at + start_gap + duration, 2
            from la_engagements where is_started and is_done_if_started
            union all
            select user_id, ek, type, content_id, content_type,
                pick(ek, 'social', ['liked', 'commented', 'bookmarked', 'shared', 'rated']),
                viewed_at + to_seconds(rint(ek, 'social_gap', 30, 3600)), 3
            from la_engagements where rnd(ek, 'social_p') < 0.06),
            a as (
                select *, least(happened_at, horizon()::timestamp - to_seconds(1 + seq)) as happened_at_c
                from events),
            b as (
                select
                    row_number() over (order by happened_at_c, user_id, ek, seq) as id,
                    user_id, happened_at_c as happened_at,
                    verb = 'completed' as completed,
                    case when verb in ('completed', 'failed') and content_type = 'scorm'
                         then case when verb = 'failed' then pick(ek, 'fres', ['FAIL', 'FAILED'])
                                   when rnd(ek, 'res') < 0.03 then 'COMPELETED'
                                   when rnd(ek, 'res') < 0.06 then 'UNKNOWN' else 'PASS' end end as result,
                    case when verb in ('completed', 'failed') and content_type = 'scorm'
                         then case when verb = 'failed' then rint(ek, 'fscore', 10, 69) else rint(ek, 'score', 70, 100) end end as score,
                    case when verb in ('completed', 'failed') and content_type = 'scorm'
                         then rint(ek, 'ttime', 120, 5400) end as total_time,
                    type, content_id, verb,
                    rnd(ek, 'expire') < 0.04 and happened_at_c < period_end()::timestamp - interval 365 day as expired
                from a),
            -- ids grow with time, so the latest event of a verb on a content is its max(id):
            -- a hash aggregate and join instead of a second sort
            latest as (
                select max(id) as id from b group by user_id, verb, type, content_id)
            select b.*,
                case when b.expired then b.happened_at + interval 365 day + work_time(b.id, 'exp_t') end as expired_at,
                latest.id is not null as single
            from b left join latest on latest.id = b.id
            order by b.id""")
        self.table_sql("la_session_tracks", """
            with u as (
                select id as user_id, p, activity_weight, greatest(created_at::date, period_start()) as d0,
                    coalesce(least(deactivated_at::date, horizon()), horizon()) as d1
                from la_users where p is not null and activity_weight > 0)
            select row_number() over (order by starts_at, user_id, k) as id, user_id,
                floor(30 + pow(rnd(hash(user_id, k), 'sdur'), 2.0) * 7200)::bigint as duration, starts_at
            from (
                select u.user_id, s.k,
                    work_ts(hash(u.user_id, s.k), 'sess', u.d0, u.d1) as starts_at
                from u, range(floor(u.activity_weight * rint(u.p, 'nsess', 100, 150))::bigint) s(k)
                where u.d1 > u.d0)
            order by id""")

    def _learnamp_assessments(self) -> None:
        nq = self.n_content["quizzes"]
        self.table_sql("la_quiz_attempts", f"""
            with a as (
                select u.id as user_id, k, hash(u.id, k, 'qa') as qk,
                    1 + floor(pow(rnd(hash(u.id, k), 'quiz'), 1.7) * {nq})::bigint as quiz_id,
                    work_ts(hash(u.id, k), 'qsub', greatest(u.created_at::date, period_start()),
                            coalesce(least(u.deactivated_at::date, period_end()), period_end())) as submitted_at,
                    rint(hash(u.id, k), 'nq', 5, 10) as questions
                from la_users u, range(floor(u.activity_weight * rint(u.p, 'nqa', 1, 4))::bigint) q(k)
                where u.p is not null and coalesce(least(u.deactivated_at::date, period_end()), period_end()) > greatest(u.created_at::date, period_start()))
            select row_number() over (order by submitted_at, user_id, k) as id, quiz_id, user_id,
                least(questions, floor(questions * (0.35 + 0.65 * sqrt(rnd(qk, 'correct'))))::bigint) as correct_answer_count,
                questions, submitted_at, qk
            from a""")
        self.q("""
            create or replace table la_quiz_attempts as
            select * exclude (questions),
                questions - correct_answer_count as incorrect_answer_count,
                round(100.0 * correct_answer_count / questions)::int as score,
                round(100.0 * correct_answer_count / questions) >= 70 as passed,
                rnd(qk, 'qexp') < 0.05 and submitted_at < period_end()::timestamp - interval 365 day as expired,
                row_number() over (partition by user_id, quiz_id order by submitted_at desc, id desc) = 1 as most_recent,
                questions
            from la_quiz_attempts""")
        self.q("""
            create or replace table la_quiz_attempts as
            select *, case when expired then submitted_at + interval 365 day end as expired_at from la_quiz_attempts""")
        self.table_sql("la_quiz_attempt_answers", """
            select a.quiz_id * 100 + q.k + 1 as question_id,
                q.k < a.correct_answer_count as correct,
                a.submitted_at - to_seconds((a.questions - q.k) * rint(a.qk, 'qgap', 10, 90)) as submitted_at,
                a.id as quiz_attempt_id, a.quiz_id, a.user_id, a.most_recent,
                'Question ' || (q.k + 1)::varchar || ' of quiz ' || a.quiz_id::varchar || ': ' ||
                    pick(a.quiz_id * 100 + q.k, 'qtext', ['Which of these is correct?', 'What should you do first?',
                         'Select all that apply', 'True or false: the policy applies to contractors', 'Pick the best answer']) as question,
                pick(a.quiz_id * 100 + q.k, 'qtype', ['multiple_choice', 'multiple_choice', 'true_false', 'multi_select']) as question_type,
                case when q.k < a.correct_answer_count then 'Option ' || (1 + (a.quiz_id + q.k) % 4)::varchar
                     else 'Option ' || (1 + (a.quiz_id + q.k + 1 + a.id % 3) % 4)::varchar end as answer
            from la_quiz_attempts a, range(a.questions) q(k)""")
        ns = self.n_content["surveys"]
        n_la = self.n_la
        self.table_sql("la_survey_occurrences", f"""
            select row_number() over (order by issued_at, survey_id, k) as id, *
            from (
                select s.id as survey_id, o.k,
                    work_ts(hash(s.id, k), 'issued', period_start(), period_end() - 3) as issued_at,
                    greatest(5, floor({n_la} * (0.02 + 0.1 * rnd(hash(s.id, k), 'reach'))))::bigint as reach,
                    s.survey_type
                from la_surveys s, range(rint(s.id, 'nocc', 2, 6)) o(k))""")
        self.q("create or replace table la_survey_occurrences as select *, issued_at::date + rint(id, 'sdl', 7, 21)::int as deadline from la_survey_occurrences")
        self.table_sql("la_survey_attempts", f"""
            with target as (
                select o.id as occ_id, o.survey_id, o.survey_type, o.issued_at, o.deadline, r.j as k,
                    1 + floor(rnd(hash(o.id, r.j), 'who') * {n_la})::bigint as rn
                from la_survey_occurrences o, range(o.reach) r(j))
            select row_number() over (order by t.issued_at, t.occ_id, u.id, t.k) as id,
                u.id as user_id, t.survey_id, t.deadline, t.survey_type, t.occ_id as survey_occurrence_id,
                t.issued_at + to_seconds(rint(hash(t.occ_id, u.id), 'sstart', 600, 10 * 86400)) as started_at,
                rnd(hash(t.occ_id, u.id), 'ssub') < 0.7 as will_submit,
                rint(hash(t.occ_id, u.id), 'staken', 60, 1800) as time_taken_s,
                case when t.survey_type = 'observation'
                     then (select id from la_people o where o.rn = 1 + floor(rnd(hash(t.occ_id, u.id), 'obs') * {n_la})::bigint) end
                     as observation_subject_id
            from target t join la_people u on u.rn = t.rn
            qualify row_number() over (partition by t.occ_id, u.id order by t.k) = 1""")
        self.q("""
            create or replace table la_survey_attempts as
            select * exclude (will_submit, time_taken_s),
                case when will_submit and started_at + to_seconds(time_taken_s) < period_end()::timestamp
                     then started_at + to_seconds(time_taken_s) end as submitted_at,
                case when will_submit and started_at + to_seconds(time_taken_s) < period_end()::timestamp
                     then time_taken_s end as time_taken
            from la_survey_attempts""")
        self.q("""
            create or replace table la_survey_attempts as
            select *, submitted_at is not null as completed,
                submitted_at is null and deadline < period_end() as currently_overdue,
                coalesce(submitted_at::date > deadline, false) as overdue_when_submitted
            from la_survey_attempts""")
        self.q("""
            create or replace table la_survey_occurrences as
            select o.*, count(a.id) as attempts_issued, count(a.submitted_at) as attempts_completed,
                case when count(a.id) > 0 then round(100.0 * count(a.submitted_at) / count(a.id))::int end as response_rate
            from la_survey_occurrences o left join la_survey_attempts a on a.survey_occurrence_id = o.id
            group by all""")
        self.table_sql("la_survey_attempt_answers", """
            select row_number() over (order by a.id, q.k) as id, a.user_id, a.id as survey_attempt_id, a.survey_id,
                case when q.k = 4 then 'How likely are you to recommend this? - ' || pick(a.survey_id, 'poll', ['Colleagues', 'Friends'])
                     else 'Question ' || (q.k + 1)::varchar || ' about ' || pick(a.survey_id * 10 + q.k, 'stopic', ['your manager', 'workload', 'tools', 'training', 'wellbeing']) end as question,
                case when q.k = 3 then 'free_text' when q.k = 4 then 'poll' else 'sliding_scale' end as question_type,
                case when q.k = 3 then pick(hash(a.id, q.k), 'txt', ['More time for learning, please.', 'All good', 'Too many meetings, "focus time" would help',
                          'The new course was great, especially module 2', 'Can we have this in French?'])
                     else rint(hash(a.id, q.k), 'sv', 1, 10)::varchar end as answer,
                case when q.k = 3 then null else rint(hash(a.id, q.k), 'sv', 1, 10) end as value,
                a.deadline, a.submitted_at, a.survey_occurrence_id
            from la_survey_attempts a, range(5) q(k)
            where a.submitted_at is not null""")

    def _learnamp_events(self) -> None:
        n_la = self.n_la
        self.table_sql("la_event_sessions", f"""
            select row_number() over (order by starts_at, event_id, k) as id, *
            from (
                select e.id as event_id, e.name, k,
                    work_ts(hash(e.id, k), 'es', period_start(), period_end() + 60) as starts_at,
                    pick(hash(e.id, k), 'lt', ['Website URL', 'Map location', 'MS Teams', 'Zoom']) as location_type,
                    pick(hash(e.id, k), 'at', ['Marked automatically', 'Marked by attendee', 'Marked by admin', 'Marked by host']) as attendance_type,
                    h.id as host_id, h.first_name || ' ' || h.last_name as host_name, e.id as content_id,
                    rint(hash(e.id, k), 'cap', 6, 30) as capacity
                from la_events e, range(rint(e.id, 'nsess', 1, 4)) s(k)
                join la_people h on h.rn = 1 + floor(rnd(hash(e.id, k), 'host') * {n_la})::bigint)""")
        self.q("create or replace table la_event_sessions as select *, starts_at + to_seconds(rint(id, 'len', 2, 12) * 1800) as ends_at from la_event_sessions")
        self.table_sql("la_enrollments", f"""
            with e as (
                select s.id as event_session_id, s.starts_at, s.host_id as user_id, true as host, 'approved' as status, -1 as k
                from la_event_sessions s
                union all
                select s.id, s.starts_at, u.id, false,
                    case when rnd(hash(s.id, c.j), 'st') < 0.82 then 'approved' when rnd(hash(s.id, c.j), 'st') < 0.9 then 'pending'
                         when rnd(hash(s.id, c.j), 'st') < 0.95 then 'unenrolled' else 'rejected' end, c.j
                from la_event_sessions s, range(s.capacity) c(j)
                join la_people u on u.rn = 1 + floor(rnd(hash(s.id, c.j), 'enr') * {n_la})::bigint)
            select row_number() over (order by event_session_id, k, user_id) as id, user_id, event_session_id, status,
                case when status <> 'approved' or starts_at > period_end()::timestamp then 'not yet recorded'
                     when rnd(hash(event_session_id, user_id), 'att') < 0.85 then 'attended' else 'did not attend' end as attendance,
                host,
                starts_at::date - rint(hash(event_session_id, user_id), 'lead', 1, 40)::int as enrolled_at
            from e
            qualify row_number() over (partition by event_session_id, user_id order by k) = 1""")

    def _learnamp_people_extras(self) -> None:
        self.table_sql("la_managers", """
            select u.id, u.first_name, u.last_name, u.first_name || ' ' || u.last_name as full_name
            from la_users u where u.manager""")
        self.table_sql("la_coaches", """
            select u.id, u.first_name, u.last_name, u.first_name || ' ' || u.last_name as full_name
            from la_users u where u.is_coach""")
        # custom fields: Employee Number (with noise), Work Email, Department
        self.table_sql("la_custom_fields", """
            with v as (
                select id as user_id, 11 as custom_field_id, 'Employee Number' as name,
                    case when rnd(p, 'la_emp_missing') < 0.03 then null
                         when rnd(p, 'la_emp_noise') < 0.06 then lower(employee_number)
                         when rnd(p, 'la_emp_noise') < 0.10 then ' ' || employee_number || ' '
                         else employee_number end as value
                from la_users where p is not null
                union all
                select id, 12, 'Work Email',
                    case when rnd(p, 'la_mail_missing') < 0.04 then null
                         when rnd(p, 'la_mail_case') < 0.05 then upper(substr(handle, 1, 1)) || substr(handle, 2) || '@Example-Corp.com'
                         else handle || '@example-corp.com' end
                from la_users where p is not null
                union all
                select id, 13, 'Department', department from la_users where p is not null)
            select row_number() over (order by user_id, custom_field_id) as id, user_id, custom_field_id, name, value
            from v where value is not null""")
        nsk = len(TOPICS)
        self.table_sql("la_user_skills", f"""
            select row_number() over (order by u.id, k) as id, u.id as user_id, skill_id,
                case when rnd(hash(u.id, k), 'own') < 0.6 then rint(hash(u.id, k), 'ownr', 1, 5) end as own_rating,
                case when rnd(hash(u.id, k), 'tgt') < 0.4 then rint(hash(u.id, k), 'tgtr', 3, 5) end as target_rating,
                case when rnd(hash(u.id, k), 'mgr') < 0.35 then rint(hash(u.id, k), 'mgrr', 1, 5) end as manager_rating
            from (select u.*, k, 1 + floor(rnd(hash(u.id, k), 'usk') * {nsk})::bigint as skill_id
                  from la_users u, range(rint(u.id, 'nusk', 0, 4)) s(k) where u.p is not null) u
            qualify row_number() over (partition by u.id, skill_id order by k) = 1""")
        self.q("create or replace table la_user_skills as select *, coalesce(manager_rating, own_rating) as preferred_rating from la_user_skills")
        # one-to-ones: quarterly cycles between each manager and report
        self.table_sql("la_one_to_ones", """
            with pairs as (
                select r.id as reviewee_id, r.manager_id as reviewer_id, r.first_name || ' ' || r.last_name as reviewee_name,
                    m.first_name || ' ' || m.last_name as reviewer_name, r.created_at, r.deactivated_at, r.p
                from la_users r join la_users m on m.id = r.manager_id
                where r.p is not null and rnd(r.p, 'o2o') < 0.6),
            cycles as (select c, period_start() + (c * 91)::int as cycle_start from range(8) t(c))
            select row_number() over (order by c.cycle_start, p.reviewee_id) as id, p.*, c.c, c.cycle_start,
                'Q' || (1 + (month(c.cycle_start) - 1) // 3)::varchar || ' ' || year(c.cycle_start)::varchar || ' check-in' as cycle_name
            from pairs p join cycles c on c.cycle_start >= p.created_at::date and c.cycle_start < coalesce(p.deactivated_at::date, period_end())""")
        self.q("""
            create or replace table la_one_to_ones as
            select *,
                cycle_start::timestamp + work_time(id, 'o2oc') as created_at,
                cycle_start + 30 as deadline,
                'Check-in: ' || reviewee_name as name,
                case when rnd(id, 'desc') < 0.5 then 'Quarterly conversation about goals, wellbeing and development.'
                     else 'Review of objectives, feedback and next steps; bring notes, questions, and "wins".' end as description,
                rint(id, 'rtt', 300, 3600) as reviewee_total_time,
                rint(id, 'rvt', 300, 5400) as reviewer_total_time,
                rnd(id, 'fin') < 0.78 and cycle_start + 30 < period_end() as is_final
            from la_one_to_ones""")
        self.q("""
            create or replace table la_one_to_ones as
            select *,
                case when is_final then created_at + to_seconds(rint(id, 'ttf', 3600, 25 * 86400)) end as finalized_at,
                case when is_final then 'finalized' when created_at < period_end()::timestamp - interval 20 day then 'in_progress' else 'not_started' end as status
            from la_one_to_ones""")
        self.q("""
            create or replace table la_one_to_ones as
            select *, coalesce(finalized_at, created_at + to_seconds(rint(id, 'upd', 60, 86400))) as updated_at,
                case when finalized_at is not null then (epoch(finalized_at) - epoch(created_at))::bigint end as time_to_finalize
            from la_one_to_ones""")
        self.table_sql("la_one_to_one_attempts", """
            select row_number() over (order by o.id, r.k) as id, o.id as one_to_one_id,
                case when r.k = 0 then o.reviewee_id else o.reviewer_id end as user_id, r.k = 0 as user_is_reviewee
            from la_one_to_ones o, range(2) r(k)""")
        self.table_sql("la_one_to_one_attempt_answers", """
            select a.user_id, a.one_to_one_id, a.id as one_to_one_attempt_id,
                ['How are you feeling about your workload?', 'What went well this quarter?',
                 'What could have gone better?', 'Rate your progress on objectives (1-5)'][q.k + 1] as question,
                case when q.k = 3 then rint(hash(a.id, q.k), 'ov', 1, 5) end as value,
                case when q.k = 3 then rint(hash(a.id, q.k), 'ov', 1, 5)::varchar
                     else pick(hash(a.id, q.k), 'oans', ['Manageable, busy in the run-up to year end.', 'Shipped the new onboarding flow',
                          'Fewer context switches, please', 'Good, though the team is stretched', 'Line one\nline two of a longer answer']) end as answer,
                case when q.k = 3 then 'Rating' else 'Free text' end as question_type_label
            from la_one_to_one_attempts a join la_one_to_ones o on o.id = a.one_to_one_id, range(4) q(k)
            where o.status <> 'not_started'""")
        # objectives and key results
        self.table_sql("la_objectives", f"""
            select row_number() over (order by created_at, assigned_to_id, k) as id, *
            from (
                select u.id as assigned_to_id, k,
                    period_start() + rint(hash(u.id, k), 'ostart', 0, 640)::int as start_date,
                    pick(hash(u.id, k), 'olevel', ['Self-development', 'Individual', 'Individual', 'Team', 'Company']) as level,
                    u.primary_team_id, u.manager_id,
                    work_ts(hash(u.id, k), 'ocreated', period_start(), period_end()) as created_at
                from la_users u, range(rint(u.id, 'nobj', 0, 4)) o(k) where u.p is not null)""")
        self.q(f"""
            create or replace table la_objectives as
            select id, assigned_to_id,
                pick(hash(id), 'oname', {_sql_list(['Grow ' + t.lower() + ' capability' for t in TOPICS[:12]] + ['Improve customer NPS', 'Ship the data platform', 'Reduce onboarding time'])}) as name,
                level,
                case when level in ('Team', 'Company') then primary_team_id end as team_id,
                case when level = 'Self-development' then assigned_to_id else coalesce(manager_id, assigned_to_id) end as assigned_by_id,
                start_date, start_date + rint(id, 'olen', 60, 365)::int as end_date,
                rint(id, 'oprog', 0, 100) as current_progress,
                rnd(id, 'oarch') < 0.07 as archived, rnd(id, 'opriv') < 0.1 as private,
                case when id > 20 and rnd(id, 'oparent') < 0.15 then 1 + floor(rnd(id, 'opid') * (id - 1))::bigint end as parent_objective_id
            from la_objectives""")
        self.q("""
            create or replace table la_objectives as
            select *, case when current_progress = 0 then 'Not started' when current_progress = 100 then 'Completed' else 'In Progress' end as completion_status
            from la_objectives""")
        self.table_sql("la_key_results", """
            select row_number() over (order by o.id, k) as id, o.id as objective_id,
                'Key result ' || (k + 1)::varchar || ' for "' || o.name || '"' as name,
                pick(hash(o.id, k), 'kct', ['self_certify', 'pass_score', 'maintain']) as completion_type,
                rint(hash(o.id, k), 'kprog', 0, 100) as progress,
                pick(hash(o.id, k), 'kst', ['not_started', 'on_track', 'on_track', 'behind', 'at_risk']) as status,
                o.assigned_to_id as owner_id,
                rnd(hash(o.id, k), 'kcontrib') < 0.85 as contribution_to_objective_progress,
                round(rnd(hash(o.id, k), 'kfrom') * 100, 2)::decimal(14, 2) as target_from_value,
                round(100 + rnd(hash(o.id, k), 'kto') * 900, 2)::decimal(14, 2) as target_to_value,
                pick(hash(o.id, k), 'kunit', ['%', 'GBP', 'deals', 'courses', 'NPS points']) as unit,
                case when rnd(hash(o.id, k), 'kres_p') < 0.7 then round(rnd(hash(o.id, k), 'kres') * 1000, 2)::decimal(14, 2) end as result
            from la_objectives o, range(rint(o.id, 'nkr', 1, 4)) r(k)""")

    def _learnamp_finish(self) -> None:
        """Derived counts and the tables that mirror others."""
        self.q("""
            create or replace table la_teams as
            with recursive anc(team_id, ancestor_id) as (
                select id, id from la_teams
                union all
                select a.team_id, t.parent_team_id from anc a join la_teams t on t.id = a.ancestor_id
                where t.parent_team_id is not null),
            direct as (select team_id, count(*) as n from la_membership m
                       join la_teams t on t.id = m.team_id where m.user_id <> t.manager_id group by 1),
            cached as (select a.ancestor_id as team_id, count(distinct m.user_id) as n
                       from anc a join la_membership m on m.team_id = a.team_id group by 1)
            select t.*, coalesce(d.n, 0) as team_users_count, coalesce(c.n, 0) as team_user_caches_count
            from la_teams t left join direct d on d.team_id = t.id left join cached c on c.team_id = t.id""")
        self.q("""
            create or replace table la_team_users as
            select row_number() over (order by created_at, user_id, team_id) as id, team_id, user_id, created_at, primary_flag
            from la_membership""")
        self.q("""
            create or replace table la_users as
            select *, case when hire_date is not null
                then coalesce(leave_date, period_end()) - hire_date end as tenure_in_days,
                case when sign_in_count > 0 then
                    least(coalesce(deactivated_at, period_end()::timestamp), period_end()::timestamp) - to_seconds(rint(id, 'lastsign', 600, 20 * 86400))
                end as current_sign_in_at
            from la_users""")
        self.q("""
            create or replace table la_tasks as
            select *,
                next_assigned_at is not null and rnd(tk, 'recurring') < 0.5 as expired,
                completed_at is not null as completed,
                completed_at is null and deadline < period_end() and not archived as overdue
            from la_tasks""")
        self.q("create or replace table la_tasks as select *, case when expired then next_assigned_at end as expired_at from la_tasks")

    # ---------------------------------------------------------------- Brightspace
    def _brightspace(self) -> None:
        n_courses = self.sized(500, 0.6, 12)
        self.table_sql("bs_org_units", f"""
            select 6600 + i * 7 as org_unit_id, i from range(1, {n_courses} + 1) t(i)""")
        # accounts: people with a Brightspace account, external instructors, system user 0
        n_ext = max(3, round(self.people * 0.01))
        self.table_sql("bs_users_truth", f"""
            select 20000 + p * 3 as UserId, p,
                handle as UserName,
                case when rnd(p, 'bs_emp_missing') < 0.03 then null
                     when rnd(p, 'bs_emp_noise') < 0.08 then lower(employee_number)
                     when rnd(p, 'bs_emp_noise') < 0.12 then '  ' || employee_number || ' '
                     else employee_number end as OrgDefinedId,
                first_name as FirstName,
                case when rnd(p, 'middle') < 0.15 then pick(p, 'mid', ['A.', 'J.', 'Marie', 'Lee', 'K.']) end as MiddleName,
                last_name as LastName,
                leave_date is null or leave_date > full_at()::date as active_at_full,
                leave_date,
                'Example Corp' as Organization,
                case when rnd(p, 'bs_mail_missing') < 0.05 then null else handle || '@example-corp.com' end as ExternalEmail,
                account_date::timestamp + work_time(p, 'bs_signup') as SignupDate,
                activity_weight,
                case when rnd(p, 'bs_role') < 0.03 then 109 else 110 end as OrgRoleId
            from people where is_bs
            union all
            select 100 + i, null, 'ext.instructor' || i::varchar, null, pick(i, 'xfirst', {_sql_list(FIRST_NAMES)}),
                null, pick(i, 'xlast', {_sql_list(LAST_NAMES)}), true, null, 'Partner Training Ltd',
                'instructor' || i::varchar || '@partner-training.example', period_start()::timestamp - interval 100 day + to_seconds(i * 3600),
                1.0, 109
            from range(1, {n_ext} + 1) t(i)""")
        self.table_sql("bs_enrolled", f"""
            select u.UserId, o.org_unit_id as OrgUnitId, k, hash(u.UserId, k, 'enr') as ek,
                case when u.OrgRoleId = 109 then 'Instructor' else
                    pick(hash(u.UserId, k), 'role', ['Learner', 'Learner', 'Learner', 'Learner', 'Student', 'Teaching Assistant']) end as RoleName,
                work_ts(hash(u.UserId, k), 'enrd', greatest(u.SignupDate::date, period_start() - 200), coalesce(least(u.leave_date, period_end()), period_end())) as EnrollmentDate,
                u.activity_weight, u.leave_date
            from bs_users_truth u, range(rint(u.UserId, 'ncourses', 2, 10)) c(k)
            join bs_org_units o on o.i = 1 + floor(pow(rnd(hash(u.UserId, k), 'course'), 1.6) * {n_courses})::bigint
            where coalesce(least(u.leave_date, period_end()), period_end()) > greatest(u.SignupDate::date, period_start() - 200)
            qualify row_number() over (partition by u.UserId, o.org_unit_id order by k) = 1""")
        self.q("""
            create or replace table bs_enrolled as
            select *, case RoleName when 'Instructor' then 109 when 'Teaching Assistant' then 111 when 'Student' then 103 else 110 end as RoleId,
                case when rnd(ek, 'etype') < 0.1 then pick(ek, 'etypev', ['Self Enrolled', 'Auto Enrolled']) end as EnrollmentType,
                case when rnd(ek, 'withdraw') < 0.1 then EnrollmentDate + to_seconds(rint(ek, 'wlag', 86400, 200 * 86400)) end as withdrawn_raw
            from bs_enrolled""")
        self.q("""
            create or replace table bs_enrolled as
            select * exclude (withdrawn_raw), case when withdrawn_raw < period_end()::timestamp then withdrawn_raw end as WithdrawnDate
            from bs_enrolled""")
        # enrollment log: every enrollment and withdrawal, LogId in time order
        self.table_sql("bs_enrollments_and_withdrawals", """
            with e as (
                select UserId, OrgUnitId, RoleId, 'Enroll' as Action, EnrollmentDate as event_at, ek, 0 as seq from bs_enrolled
                union all
                select UserId, OrgUnitId, RoleId, 'Withdraw', WithdrawnDate, ek, 1 from bs_enrolled where WithdrawnDate is not null)
            select 900000 + row_number() over (order by event_at, UserId, OrgUnitId, seq) as LogId,
                UserId, OrgUnitId, case when rnd(ek, 'norole') < 0.01 then null else RoleId end as RoleId, Action,
                case when rnd(ek, 'self') < 0.6 then null else 100 + (ek % 3)::bigint + 1 end as ModifiedByUserId,
                event_at as EnrollmentDate, event_at
            from e""")
        # course access: one row per user, course and local day accessed (heavy-tailed)
        self.table_sql("bs_course_access", """
            select distinct e.OrgUnitId, e.UserId,
                work_day(hash(e.UserId, e.OrgUnitId, d.j), 'cad', e.EnrollmentDate::date, coalesce(least(e.WithdrawnDate::date, e.leave_date, horizon()), horizon())) as DayAccessed
            from bs_enrolled e, range(floor(e.activity_weight * rint(e.ek, 'ndays', 20, 55))::bigint) d(j)
            where coalesce(least(e.WithdrawnDate::date, e.leave_date, horizon()), horizon()) > e.EnrollmentDate::date""")
        self.q("create or replace table bs_course_access as select *, DayAccessed::timestamp + interval 23 hour as event_at from bs_course_access")
        # Pulse app: a third of users; an initial row and one per further 30 minutes
        self.table_sql("bs_course_access_log", """
            -- unique without DISTINCT: one base time per (user, course, day), pulses 30 minutes apart
            select c.OrgUnitId, c.UserId,
                c.DayAccessed::timestamp + work_time(hash(c.UserId, c.OrgUnitId, c.DayAccessed), 'pulse') + to_seconds(k * 1800) as Timestamp,
                'Pulse' as Source
            from bs_course_access c, range(rint(hash(c.UserId, c.OrgUnitId, c.DayAccessed), 'npulse', 1, 5)) p(k)
            where rnd(c.UserId, 'pulse_user') < 0.35 and rnd(hash(c.UserId, c.OrgUnitId, c.DayAccessed), 'pulse_day') < 0.6""")
        self.q("create or replace table bs_course_access_log as select *, Timestamp as event_at from bs_course_access_log")
        # logins: about 5% failed; a few impersonations
        self.table_sql("bs_user_logins", """
            with a as (
                select u.UserId, u.UserName, k, hash(u.UserId, k, 'login') as lk,
                    work_ts(hash(u.UserId, k), 'login_at', greatest(u.SignupDate::date, period_start()), coalesce(least(u.leave_date, horizon()), horizon())) as AttemptDate
                from bs_users_truth u, range(floor(u.activity_weight * rint(u.UserId, 'nlogin', 150, 240))::bigint) l(k)
                where coalesce(least(u.leave_date, horizon()), horizon()) > greatest(u.SignupDate::date, period_start()))
            select UserId,
                case when rnd(lk, 'fail') < 0.05 and rnd(lk, 'typo') < 0.3 then upper(UserName) else UserName end as UserName,
                case when rnd(lk, 'v6') < 0.1 then '2001:db8:' || printf('%x', (lk % 65535)::bigint) || '::' || printf('%x', ((lk >> 16) % 65535)::bigint)
                     else '10.' || (lk % 250)::varchar || '.' || ((lk >> 8) % 250)::varchar || '.' || ((lk >> 16) % 250 + 1)::varchar end as IP,
                case when rnd(lk, 'fail') < 0.05 then null else (lk % 2000000000)::bigint end as SessionId,
                case when rnd(lk, 'fail') < 0.05 then case when rnd(lk, 'lock') < 0.05 then 'Locked Out' else 'Failed' end else 'Success' end as StatusType,
                AttemptDate,
                case when rnd(lk, 'fail') >= 0.05 and rnd(lk, 'imp') < 0.004 then 101 end as ImpersonatingUserId,
                guid(lk, 'attempt') as LoginAttemptId,
                case when rnd(lk, 'mobile') < 0.2 then 'Brightspace Pulse' else 'Brightspace' end as LoginSource,
                AttemptDate as event_at, lk
            from a
            order by AttemptDate, lk""")
        # user attributes
        self.table_sql("bs_attribute_definitions", """
            select * from (values
                ('department', 'Department', 'string', false, false, timestamp '2023-02-01 10:00:00', 101, false, 3),
                ('cost_centre', 'Cost centre', 'string', false, false, timestamp '2023-02-01 10:05:00', 101, false, 2),
                ('start_date', 'Start date', 'date', false, true, timestamp '2022-11-20 09:00:00', 101, false, 1),
                ('line_manager', 'Line manager', 'user', false, false, timestamp '2023-06-12 14:30:00', 102, false, 4),
                ('home_org_unit', 'Home org unit', 'org_unit', false, false, timestamp '2023-06-12 14:35:00', 102, false, 1),
                ('languages', 'Languages', 'string', true, false, timestamp '2024-01-08 08:15:00', 101, false, 2),
                ('legacy_grade', 'Legacy grade', 'string', false, false, timestamp '2024-03-01 12:00:00', 101, true, 5)
            ) t(AttributeId, Name, Type, AllowMultiple, IsDefault, LastModified, ModifiedBy, IsDeleted, Version)""")
        self.table_sql("bs_attribute_values", f"""
            select u.UserId, a.AttributeId,
                case a.AttributeId
                    when 'department' then p.department
                    when 'cost_centre' then 'CC-' || lpad((100 + p.p % 40)::varchar, 4, '0')
                    when 'start_date' then strftime(p.hire_date, '%Y-%m-%d')
                    when 'line_manager' then (20000 + (1 + (p.p * 7919) % {self.people}) * 3)::varchar
                    when 'languages' then case when rnd(p.p, 'langs') < 0.3 then 'en,fr' else 'en' end
                end as Value,
                u.SignupDate + to_seconds(rint(hash(u.UserId, a.AttributeId), 'avt', 3600, 30 * 86400)) as LastModified,
                101 as ModifiedBy, false as IsDeleted, 1 + (hash(u.UserId, a.AttributeId) % 3)::int as Version
            from bs_users_truth u join people p on p.p = u.p
            cross join (select AttributeId from bs_attribute_definitions where AttributeId in ('department', 'cost_centre', 'start_date', 'line_manager', 'languages')) a
            where rnd(hash(u.UserId, a.AttributeId), 'has_attr') < 0.8""")
        self.table_sql("bs_auditor_log", f"""
            with c as (
                select 100 + (1 + floor(rnd(u.UserId, 'aud') * {n_ext}))::bigint as AuditorId, u.UserId as UserToAuditId,
                    6600 + 7 as OrgUnitId, 'Created' as Action, 101 as ModifiedBy,
                    work_ts(u.UserId, 'aud_at', period_start(), period_end()) as ModifiedDate, u.UserId as uk
                from bs_users_truth u where u.p is not null and rnd(u.UserId, 'audited') < 0.02)
            select AuditorId, UserToAuditId, OrgUnitId, Action, ModifiedBy, ModifiedDate, ModifiedDate as event_at from c
            union all
            select AuditorId, UserToAuditId, OrgUnitId, 'Deleted', ModifiedBy, ModifiedDate + to_seconds(rint(uk, 'aud_del', 86400, 120 * 86400)),
                ModifiedDate + to_seconds(rint(uk, 'aud_del', 86400, 120 * 86400))
            from c where rnd(uk, 'aud_deleted') < 0.3
                and ModifiedDate + to_seconds(rint(uk, 'aud_del', 86400, 120 * 86400)) < period_end()::timestamp""")

    def _bs_users_at(self, at_sql: str) -> str:
        """The Users data set as of a point in time (state at that moment)."""
        return f"""
            with l as (
                select UserId, count(*) as logins, min(AttemptDate) as first_at, max(AttemptDate) as last_at
                from bs_user_logins where StatusType = 'Success' and AttemptDate <= {at_sql} group by 1)
            select u.UserId, u.UserName, u.OrgDefinedId, u.FirstName, u.MiddleName, u.LastName,
                u.leave_date is null or u.leave_date > ({at_sql})::date as IsActive,
                u.Organization, u.ExternalEmail, u.SignupDate,
                l.first_at as FirstLoginDate,
                1 + coalesce(l.logins, 0) // 25 as Version,
                u.OrgRoleId,
                coalesce(l.last_at, u.SignupDate) as LastAccessed
            from bs_users_truth u left join l on l.UserId = u.UserId
            where u.SignupDate <= {at_sql}"""

    # ---------------------------------------------------------------- writing
    def _bool(self, expr: str, style: str) -> str:
        t, f = {"tf": ("t", "f"), "TrueFalse": ("True", "False"), "10": ("1", "0")}[style]
        return f"case when {expr} then '{t}' when not {expr} then '{f}' end"

    # sources created already in output order: no sort needed when writing them
    PRESORTED = {"la_activities", "la_session_tracks", "bs_user_logins"}

    def _render(self, table: spec.Table, source_sql: str, bool_style: str, ts_format: str,
                presorted: bool = False) -> str:
        cols = []
        for c in table.columns:
            ident = f'"{c.name}"'
            t = c.data_type
            if t == "boolean":
                cols.append(f"{self._bool(ident, bool_style)} as {ident}")
            elif t == "timestamp" and ts_format == "redshift":
                # Redshift's text form; the generator's times are whole seconds
                cols.append(f"{ident}::timestamp::varchar as {ident}")
            elif t == "timestamp":
                cols.append(f"strftime({ident}, '{ts_format}') as {ident}")
            elif t == "date":
                fmt = "%Y-%m-%dT00:00:00.000" if table.system == "brightspace" else "%Y-%m-%d"
                cols.append(f"strftime({ident}, '{fmt}') as {ident}")
            else:
                cols.append(f"{ident}::varchar as {ident}")
        if presorted:
            return f"select {', '.join(cols)} from ({source_sql}) s"
        order = ", ".join(f's."{k}"' for k in table.primary_key)
        return f"select {', '.join(cols)} from ({source_sql}) s order by {order}"

    def _copy(self, select_sql: str, path: Path) -> int:
        path.parent.mkdir(parents=True, exist_ok=True)
        target = str(path).replace("'", "''")
        return int(self.q(f"copy ({select_sql}) to '{target}' (header, delimiter ',', quote '\"', escape '\"')")[0][0])

    def _check_columns(self, table: spec.Table, source_sql: str) -> None:
        have = [d[0] for d in self.con.execute(f"select * from ({source_sql}) limit 0").description]
        missing = [c for c in table.column_names if c not in have]
        if missing:
            raise RuntimeError(f"generator bug: {table.system}.{table.name} lacks columns {missing}")

    # Learn Amp tables that grow with events; a later day's export is a delta part of these
    LEARNAMP_EVENT_TABLES = ("activities", "completions", "starts", "views", "session_tracks")

    def write_learnamp(self, progress: Progress, day_after: int = 0) -> None:
        """The Learn Amp export at the end date (day_after = 0: every table), or the delta parts of
        the event tables for day `day_after` after it."""
        day_start = self.end + dt.timedelta(days=day_after - 1)
        export_at = self.end + dt.timedelta(days=day_after)
        mtime = dt.datetime.combine(export_at, dt.time(0), tzinfo=dt.timezone.utc).timestamp()

        def window(column: str) -> str:
            if day_after == 0:
                return f"{column} < period_end()::timestamp"
            return (f"{column} >= timestamp '{day_start.isoformat()} 00:00:00' "
                    f"and {column} < timestamp '{export_at.isoformat()} 00:00:00'")

        sources = {
            "users": "la_users", "custom_fields": "la_custom_fields", "groups": "la_groups",
            "group_users": "la_group_users", "teams": "la_teams", "team_users": "la_team_users",
            "locations": "la_locations", "content": "la_content", "channels": "la_channels",
            "events": "la_events", "items": "la_items", "learnlists": "la_learnlists",
            "quizzes": "la_quizzes", "quiz_attempts": "la_quiz_attempts",
            "quiz_attempt_answers": "la_quiz_attempt_answers", "surveys": "la_surveys",
            "survey_occurrences": "la_survey_occurrences", "survey_attempts": "la_survey_attempts",
            "survey_attempt_answers": "la_survey_attempt_answers",
            "activities": f"(select * from la_activities where {window('happened_at')})",
            "completions": f"(select * from la_activities where verb = 'completed' and {window('happened_at')})",
            "starts": f"(select * from la_activities where verb = 'started' and {window('happened_at')})",
            "views": f"(select * from la_activities where verb = 'viewed' and {window('happened_at')})",
            "tasks": "la_tasks", "event_sessions": "la_event_sessions", "enrollments": "la_enrollments",
            "skills": "la_skills", "skill_categories": "la_skill_categories",
            "skill_category_skills": "la_skill_category_skills", "content_skills": "la_content_skills",
            "user_skills": "la_user_skills",
            "session_tracks": f"(select * from la_session_tracks where {window('starts_at')})",
            "managers": "la_managers", "coaches": "la_coaches", "one_to_ones": "la_one_to_ones",
            "one_to_one_attempts": "la_one_to_one_attempts",
            "one_to_one_attempt_answers": "la_one_to_one_attempt_answers",
            "objectives": "la_objectives", "key_results": "la_key_results",
        }
        tables = spec.tables("learnamp")
        if set(sources) != set(tables):
            raise RuntimeError(f"generator and spec disagree on Learn Amp tables: {set(sources) ^ set(tables)}")
        if day_after:
            tables = {n: t for n, t in tables.items() if n in self.LEARNAMP_EVENT_TABLES}
        for name, table in tables.items():
            src = sources[name]
            src_sql = f"select * from {src}" if not src.startswith("(") else f"select * from {src} s"
            self._check_columns(table, src_sql)
            path = self.out / "learnamp" / (f"{name}_delta_{export_at:%Y%m%d}.csv" if day_after else f"{name}.csv")
            presorted = any(src == t or src.startswith(f"(select * from {t} ") for t in self.PRESORTED)
            rows = self._copy(self._render(table, src_sql, "tf", "redshift", presorted), path)
            os.utime(path, (mtime, mtime))
            self.written.append(Written("learnamp", name, str(path.relative_to(self.out)), rows, None,
                                        dt.datetime.fromtimestamp(mtime, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
            progress.step(f"learnamp/{name}", rows)

    def _bs_extracts(self, days: range = range(1, DIFFERENTIAL_DAYS + 1)) -> dict[str, dict]:
        """Per data set: SQL of the full extract and of the rows of each differential in `days`
        (differential d covers (F + (d-1) days, F + d days])."""
        F = "full_at()"
        log_sources = {
            "auditor_relationships_log": "bs_auditor_log",
            "course_access": "bs_course_access",
            "course_access_log": "bs_course_access_log",
            "enrollments_and_withdrawals": "bs_enrollments_and_withdrawals",
            "user_logins": "bs_user_logins",
        }
        out: dict[str, dict] = {}
        for name, src in log_sources.items():
            diffs = []
            for d in days:
                lo = f"{F} + interval {d - 1} day"
                hi = f"{F} + interval {d} day"
                # overlapping windows: each differential repeats ~2% of the previous day's rows
                diffs.append(f"""select * from {src} where (event_at > {lo} and event_at <= {hi})
                    or (event_at > {lo} - interval 1 day and event_at <= {lo} and rnd(hash(event_at, {d}), 'overlap') < 0.02)""")
            out[name] = {"full": f"select * from {src} where event_at <= {F}", "diffs": diffs}
        # state data sets
        users_diffs = []
        ue_diffs = []
        uav_diffs = []
        uad_diffs = []
        for d in days:
            lo = f"({F} + interval {d - 1} day)"
            hi = f"({F} + interval {d} day)"
            users_diffs.append(f"""
                with s as ({self._bs_users_at(hi)})
                select * from s where UserId in (
                    select UserId from bs_user_logins where StatusType = 'Success' and AttemptDate > {lo} and AttemptDate <= {hi}
                    union select UserId from bs_users_truth where SignupDate > {lo} and SignupDate <= {hi}
                    union select UserId from bs_users_truth where leave_date > ({lo})::date and leave_date <= ({hi})::date)""")
            ue_diffs.append(f"""select * from bs_enrolled where (EnrollmentDate > {lo} and EnrollmentDate <= {hi})
                or (EnrollmentDate > {lo} - interval 1 day and EnrollmentDate <= {lo} and rnd(ek, 'ue_overlap') < 0.05)""")
            uav_diffs.append(f"""select * from bs_attribute_values where rnd(hash(UserId, AttributeId), 'uav_d{d}') < 0.004""")
            uad_diffs.append("select * from bs_attribute_definitions where AttributeId = 'cost_centre'" if d == 3 else
                             "select * from bs_attribute_definitions where false")
        out["users"] = {"full": f"{self._bs_users_at(F)} union all select 0, 'system', null, 'System', null, 'User', true, null, null, "
                                f"null, null, null, null, timestamp '2020-06-01 00:00:00'",
                        "diffs": users_diffs}
        out["user_enrollments"] = {"full": f"select * from bs_enrolled where EnrollmentDate <= {F} and (WithdrawnDate is null or WithdrawnDate > {F})",
                                   "diffs": ue_diffs}
        out["user_attribute_values"] = {
            "full": f"select * from bs_attribute_values where LastModified <= {F}",
            "diffs": [s.replace("where", f"where LastModified <= {F} and", 1) for s in uav_diffs]}
        out["user_attribute_definitions"] = {"full": "select * from bs_attribute_definitions", "diffs": uad_diffs}
        return out

    def write_brightspace(self, progress: Progress, tmp: Path, pool: ThreadPoolExecutor,
                          pending: list[Future], day_after: int = 0) -> None:
        """The full extracts and DIFFERENTIAL_DAYS differentials (day_after = 0), or only the
        differentials of day `day_after` after the end date."""
        bool_styles = {"users": "TrueFalse", "user_attribute_definitions": "10", "user_attribute_values": "10"}
        tables = spec.tables("brightspace")
        days = range(DIFFERENTIAL_DAYS + day_after, DIFFERENTIAL_DAYS + day_after + 1) if day_after \
            else range(1, DIFFERENTIAL_DAYS + 1)
        extracts = self._bs_extracts(days)
        if set(extracts) != set(tables):
            raise RuntimeError(f"generator and spec disagree on Brightspace data sets: {set(extracts) ^ set(tables)}")
        for name, table in tables.items():
            plan = [] if day_after else [("full", self.full_at, extracts[name]["full"])]
            plan += [("differential", self.full_at + dt.timedelta(days=d), sql)
                     for d, sql in zip(days, extracts[name]["diffs"])]
            for kind, at, sql in plan:
                self._check_columns(table, sql)
                csv_tmp = tmp / f"{name}.csv"
                presorted = name == "user_logins"      # in AttemptDate order, as D2L writes it
                rows = self._copy(self._render(table, sql, bool_styles.get(name, "TrueFalse"),
                                               "%Y-%m-%dT%H:%M:%S.%gZ", presorted), csv_tmp)
                stamp = at.strftime("%Y%m%dT%H%M%SZ")
                base = table.csv_name.removesuffix(".csv")
                zip_name = f"{base}_{stamp}.zip" if kind == "full" else f"{base}_Differential_{stamp}.zip"
                path = self.out / "brightspace" / zip_name
                csv_tmp = csv_tmp.rename(tmp / f"{zip_name}.csv")
                pending.append(pool.submit(_zip_with_bom, csv_tmp, path, table.csv_name, at))
                self.written.append(Written("brightspace", name, str(path.relative_to(self.out)), rows, kind,
                                            at.strftime("%Y-%m-%dT%H:%M:%SZ")))
                progress.step(f"brightspace/{zip_name}", rows)

    def run(self, day_after: int = 0) -> list[Written]:
        """Write the exports at the end date, or (day_after = K > 0) only what day K after it adds:
        Learn Amp delta parts of the event tables and every Brightspace data set's differential."""
        if not 0 <= day_after <= HORIZON_DAYS:
            raise ValueError(f"--days-after must be between 1 and {HORIZON_DAYS}")
        started = time.perf_counter()
        if self.out.exists():
            for sub in ("learnamp", "brightspace"):
                shutil.rmtree(self.out / sub, ignore_errors=True)
        self.out.mkdir(parents=True, exist_ok=True)
        n_files = (len(self.LEARNAMP_EVENT_TABLES) + len(spec.tables("brightspace")) if day_after else
                   len(spec.tables("learnamp")) + len(spec.tables("brightspace")) * (1 + DIFFERENTIAL_DAYS))
        progress = Progress(n_files, self.progress_enabled)
        self._macros()
        self._people()
        self._brightspace()
        tmp = self.out / ".tmp"
        tmp.mkdir(exist_ok=True)
        try:
            # zlib releases the GIL: the BDS ZIPs compress in threads while DuckDB builds
            # and writes Learn Amp
            with ThreadPoolExecutor(max_workers=2) as pool:
                pending: list[Future] = []
                self.write_brightspace(progress, tmp, pool, pending, day_after)
                self._learnamp_org()
                self._learnamp_content()
                self._learnamp_activity()
                self._learnamp_assessments()
                self._learnamp_events()
                self._learnamp_people_extras()
                self._learnamp_finish()
                self.write_learnamp(progress, day_after)
                for f in pending:
                    f.result()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        progress.finish()
        seconds = time.perf_counter() - started
        total = sum(w.rows for w in self.written)
        manifest = {
            "generator": "lwh generate",
            "scale": self.scale, "seed": self.seed, "end": self.end.isoformat(), "day_after": day_after,
            "both_share": self.both_share, "people": self.people,
            "files": [w.__dict__ for w in self.written],
            "total_rows": total,
        }
        (self.out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        self.stats = {"rows": total, "seconds": seconds,
                      "rows_per_second": total / seconds if seconds else float("inf"),
                      "bytes": sum((self.out / w.path).stat().st_size for w in self.written)}
        return self.written


def _zip_with_bom(csv_path: Path, zip_path: Path, member: str, at: dt.datetime) -> None:
    """A BDS-style ZIP: one UTF-8-with-BOM CSV, deterministic bytes (fixed time stamp).
    Removes the CSV afterwards."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    info = zipfile.ZipInfo(member, date_time=at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(zip_path, "w", compresslevel=1) as zf, zf.open(info, "w", force_zip64=True) as dst, \
            open(csv_path, "rb") as src:
        dst.write(BOM)
        shutil.copyfileobj(src, dst, 4 << 20)
    stamp = at.replace(tzinfo=dt.timezone.utc).timestamp()
    os.utime(zip_path, (stamp, stamp))
    csv_path.unlink()
