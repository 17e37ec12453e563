"""The shared world both systems draw from: the settings, the SQL helpers, the random-draw
macros and the people.

A `World` holds one in-memory DuckDB connection and the run's settings (scale, seed, dates).
`define_macros` creates the SQL macros every other module uses (`rnd`, `rint`, `pick`,
`work_ts`, ...): each draw is `hash(key, salt, seed)`, so a value depends only on its row's key
and the seed. `build_people` creates the `people` table, the employees behind both systems'
accounts (names, employee numbers, hire and leave dates, who has which account, how active).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

DEFAULT_END = dt.date(2026, 11, 16)
DIFFERENTIAL_DAYS = 7
HORIZON_DAYS = 7


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


def sql_list(values: list[str]) -> str:
    """A DuckDB list literal of strings."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


class World:
    """The run's settings and its DuckDB connection, with the helpers every build step uses."""

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

    def q(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def table_sql(self, name: str, sql: str) -> None:
        self.q(f"create or replace table {name} as {sql}")

    def count(self, name: str) -> int:
        return self.q(f"select count(*) from {name}")[0][0]

    def sized(self, base: float, power: float = 1.0, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale ** power))


def define_macros(w: World) -> None:
    """The random-draw and calendar macros, and the period's dates as macros (`period_start()`...)."""
    s = w.seed
    start, end = w.start.isoformat(), w.end.isoformat()
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
        f"horizon() as (date '{(w.end + dt.timedelta(days=HORIZON_DAYS)).isoformat()}')",
        f"full_at() as (timestamp '{w.full_at.isoformat(sep=' ')}')",
    ]:
        w.q(f"create or replace macro {m}")


def build_people(w: World) -> None:
    """`people`: one row per employee, key `p`; both systems' accounts are drawn from it."""
    P = w.people
    both = w.both_share
    la_only = (1 - both) * 0.65
    w.table_sql("people", f"""
        select
            p,
            pick(p, 'first', {sql_list(FIRST_NAMES)}) as first_name,
            pick(p, 'last', {sql_list(LAST_NAMES)}) as last_name,
            'E' || lpad(p::varchar, 6, '0') as employee_number,
            case when rnd(p, 'hire') < 0.8
                then period_start() - rint(p, 'hired_before', 30, 9 * 365)::int
                else period_start() + rint(p, 'hired_in', 0, 700)::int end as hire_date,
            rnd(p, 'acct') as acct,
            rnd(p, 'acct') < {both} as both_accounts,
            rnd(p, 'acct') < {both + la_only} as is_la,
            rnd(p, 'acct') < {both} or rnd(p, 'acct') >= {both + la_only} as is_bs,
            rint(p, 'loc', 1, {len(LOCATIONS)}) as location_id,
            pick(p, 'title', {sql_list(JOB_TITLES)}) as job_title,
            pick(p, 'dept', {sql_list(DEPARTMENTS)}) as department,
            case when rnd(p, 'idle') < 0.12 then 0.0 else heavy(p, 'activity') end as activity_weight
        from range(1, {P} + 1) t(p)
    """)
    # leavers: about 9% leave during the period, after their hire date
    w.q("""
        create or replace table people as
        select *,
            case when rnd(p, 'leave') < 0.09
                then greatest(hire_date, period_start()) + rint(p, 'leave_at', 60, 700)::int end as leave_raw
        from people
    """)
    w.q("""
        create or replace table people as
        select * exclude (leave_raw),
            case when leave_raw < period_end() - 3 then leave_raw end as leave_date,
            lower(replace(replace(first_name, '''', ''), ' ', '')) || '.' ||
            lower(replace(replace(last_name, '''', ''), ' ', '')) || p::varchar as handle,
            greatest(hire_date, period_start() - rint(p, 'acct_age', 0, 3 * 365)::int) as account_date
        from people
    """)
