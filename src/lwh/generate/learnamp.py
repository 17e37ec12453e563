"""The Learn Amp export: how its working tables are built, and the registry of its tables.

Learn Amp is written as one CSV per table, the way a Redshift export writes it (`t`/`f`
booleans, UTC timestamps without zone, empty field for NULL), all taken at the end date.

Two stages:

* BUILD_STEPS, in order, create working tables `la_*` in the world's DuckDB connection
  (learnamp_people.py: users, teams, groups, skills, one-to-ones, objectives;
  learnamp_learning.py: content, activities, tasks, quizzes, surveys, events; `build_finish`
  below: the counts that need every table).
* TABLES is the registry the writer iterates: export table name -> a function returning the
  SELECT of that table's rows (and whether it grows with events, whether it is created in
  output order already). The column spec (models/staging/learnamp/_learnamp__sources.yml, read
  by lwh.spec) stays the source of column names and order: the writer picks the spec's columns
  by name from the rows, in the spec's order, formats them and sorts by the primary key.

To generate a new table:

1. add the table and its columns to the column spec;
2. write a function `def my_table(window: Window) -> str` returning a SELECT of its rows with
   every column the spec lists (write them in the spec's order, so the two read alike), over
   the working tables; if its rows need a working table of their own, create `la_my_table` in
   a build step and register `whole("la_my_table")` instead;
3. register it in TABLES below (events=True if a later day's export carries its new rows as a
   delta part, filtered with `window(column)`).

The generator fails if TABLES and the spec disagree on the tables, or if rows lack a column.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

from lwh import spec
from lwh.generate.learnamp_learning import build_activity, build_assessments, build_content, build_events
from lwh.generate.learnamp_people import build_org, build_people_extras
from lwh.generate.world import World
from lwh.generate.writers import Progress, Written, check_columns, copy_csv, render


def build_finish(w: World) -> None:
    """Derived counts and the tables that mirror others."""
    w.q("""
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
    w.q("""
        create or replace table la_team_users as
        select row_number() over (order by created_at, user_id, team_id) as id, team_id, user_id, created_at, primary_flag
        from la_membership""")
    w.q("""
        create or replace table la_users as
        select *, case when hire_date is not null
            then coalesce(leave_date, period_end()) - hire_date end as tenure_in_days,
            case when sign_in_count > 0 then
                least(coalesce(deactivated_at, period_end()::timestamp), period_end()::timestamp) - to_seconds(rint(id, 'lastsign', 600, 20 * 86400))
            end as current_sign_in_at
        from la_users""")
    w.q("""
        create or replace table la_tasks as
        select *,
            next_assigned_at is not null and rnd(tk, 'recurring') < 0.5 as expired,
            completed_at is not null as completed,
            completed_at is null and deadline < period_end() and not archived as overdue
        from la_tasks""")
    w.q("create or replace table la_tasks as select *, case when expired then next_assigned_at end as expired_at from la_tasks")


# the working tables, in dependency order
BUILD_STEPS: list[Callable[[World], None]] = [
    build_org, build_content, build_activity, build_assessments, build_events, build_people_extras, build_finish,
]


def build(w: World) -> None:
    """Create every working table the Learn Amp export selects from."""
    for step in BUILD_STEPS:
        step(w)


@dataclass(frozen=True)
class Window:
    """Which events an export holds: those before the end date (day_after = 0), or those of day
    `day_after` after it (the delta parts of a later day's export)."""

    end: dt.date
    day_after: int = 0

    @property
    def export_at(self) -> dt.date:
        return self.end + dt.timedelta(days=self.day_after)

    def __call__(self, column: str) -> str:
        """A SQL condition on a timestamp column: the event falls in the window."""
        if self.day_after == 0:
            return f"{column} < period_end()::timestamp"
        day_start = self.end + dt.timedelta(days=self.day_after - 1)
        return (f"{column} >= timestamp '{day_start.isoformat()} 00:00:00' "
                f"and {column} < timestamp '{self.export_at.isoformat()} 00:00:00'")


Rows = Callable[[Window], str]


def whole(working_table: str) -> Rows:
    """The rows of a table that is exported whole: every row of its working table."""
    def rows(window: Window) -> str:
        return f"select * from {working_table}"
    rows.__name__ = working_table
    return rows


def activities(window: Window) -> str:
    return f"select * from (select * from la_activities where {window('happened_at')}) s"


def completions(window: Window) -> str:
    return f"select * from (select * from la_activities where verb = 'completed' and {window('happened_at')}) s"


def starts(window: Window) -> str:
    return f"select * from (select * from la_activities where verb = 'started' and {window('happened_at')}) s"


def views(window: Window) -> str:
    return f"select * from (select * from la_activities where verb = 'viewed' and {window('happened_at')}) s"


def session_tracks(window: Window) -> str:
    return f"select * from (select * from la_session_tracks where {window('starts_at')}) s"


@dataclass(frozen=True)
class LearnAmpTable:
    rows: Rows                 # the SELECT of the table's rows, for an export window
    events: bool = False       # grows with events: a later day's export carries a delta part of it
    presorted: bool = False    # the rows come in output order already: written without a sort


# The registry: export table name (as in the column spec) -> its rows. The writer iterates it.
TABLES: dict[str, LearnAmpTable] = {
    # people and organisation (learnamp_people.py)
    "users": LearnAmpTable(whole("la_users")),
    "custom_fields": LearnAmpTable(whole("la_custom_fields")),
    "groups": LearnAmpTable(whole("la_groups")),
    "group_users": LearnAmpTable(whole("la_group_users")),
    "teams": LearnAmpTable(whole("la_teams")),
    "team_users": LearnAmpTable(whole("la_team_users")),
    "locations": LearnAmpTable(whole("la_locations")),
    "managers": LearnAmpTable(whole("la_managers")),
    "coaches": LearnAmpTable(whole("la_coaches")),
    "user_skills": LearnAmpTable(whole("la_user_skills")),
    "one_to_ones": LearnAmpTable(whole("la_one_to_ones")),
    "one_to_one_attempts": LearnAmpTable(whole("la_one_to_one_attempts")),
    "one_to_one_attempt_answers": LearnAmpTable(whole("la_one_to_one_attempt_answers")),
    "objectives": LearnAmpTable(whole("la_objectives")),
    "key_results": LearnAmpTable(whole("la_key_results")),
    # content and skills (learnamp_learning.py)
    "content": LearnAmpTable(whole("la_content")),
    "channels": LearnAmpTable(whole("la_channels")),
    "events": LearnAmpTable(whole("la_events")),
    "items": LearnAmpTable(whole("la_items")),
    "learnlists": LearnAmpTable(whole("la_learnlists")),
    "quizzes": LearnAmpTable(whole("la_quizzes")),
    "surveys": LearnAmpTable(whole("la_surveys")),
    "skills": LearnAmpTable(whole("la_skills")),
    "skill_categories": LearnAmpTable(whole("la_skill_categories")),
    "skill_category_skills": LearnAmpTable(whole("la_skill_category_skills")),
    "content_skills": LearnAmpTable(whole("la_content_skills")),
    # engagement (learnamp_learning.py)
    "activities": LearnAmpTable(activities, events=True, presorted=True),
    "completions": LearnAmpTable(completions, events=True, presorted=True),
    "starts": LearnAmpTable(starts, events=True, presorted=True),
    "views": LearnAmpTable(views, events=True, presorted=True),
    "session_tracks": LearnAmpTable(session_tracks, events=True, presorted=True),
    "tasks": LearnAmpTable(whole("la_tasks")),
    "quiz_attempts": LearnAmpTable(whole("la_quiz_attempts")),
    "quiz_attempt_answers": LearnAmpTable(whole("la_quiz_attempt_answers")),
    "survey_occurrences": LearnAmpTable(whole("la_survey_occurrences")),
    "survey_attempts": LearnAmpTable(whole("la_survey_attempts")),
    "survey_attempt_answers": LearnAmpTable(whole("la_survey_attempt_answers")),
    "event_sessions": LearnAmpTable(whole("la_event_sessions")),
    "enrollments": LearnAmpTable(whole("la_enrollments")),
}

# the tables that grow with events; a later day's export is a delta part of each
EVENT_TABLES = tuple(name for name, t in TABLES.items() if t.events)


def write_learnamp(w: World, written: list[Written], progress: Progress, day_after: int = 0) -> None:
    """The Learn Amp export at the end date (day_after = 0: every table), or the delta parts of
    the event tables for day `day_after` after it. Appends each file to `written`."""
    window = Window(w.end, day_after)
    export_at = window.export_at
    mtime = dt.datetime.combine(export_at, dt.time(0), tzinfo=dt.UTC).timestamp()
    tables = spec.tables("learnamp")
    if set(TABLES) != set(tables):
        raise RuntimeError(f"generator and spec disagree on Learn Amp tables: {set(TABLES) ^ set(tables)}")
    if day_after:
        tables = {n: t for n, t in tables.items() if TABLES[n].events}
    for name, table in tables.items():
        entry = TABLES[name]
        src_sql = entry.rows(window)
        check_columns(w, table, src_sql)
        path = w.out / "learnamp" / (f"{name}_delta_{export_at:%Y%m%d}.csv" if day_after else f"{name}.csv")
        rows = copy_csv(w, render(table, src_sql, "tf", "redshift", entry.presorted), path)
        os.utime(path, (mtime, mtime))
        written.append(Written("learnamp", name, str(path.relative_to(w.out)), rows, None,
                               dt.datetime.fromtimestamp(mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))
        progress.step(f"learnamp/{name}", rows)
