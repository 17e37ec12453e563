"""The semantic layer (models/marts/_marts__semantic_models.yml, _marts__metrics.yml): on a
warehouse built from generated exports, `mf validate-configs` passes and `mf query` gives, by
platform, team, learning object, person and month, the numbers hand-written SQL over the marts
gives, and the numbers of the rpt_* marts its saved queries stand in for.

MetricFlow reads `<dbt project dir>/target/semantic_manifest.json` and nothing else (it ignores
--target-path and DBT_TARGET_PATH), and queries the warehouse the dbt profile names
(LWH_WAREHOUSE_PATH). So `mf` runs with DBT_PROJECT_DIR set to a stand-in project directory:
the project's dbt_project.yml beside a `target` link to the target directory of this test's
build. The repository's own target/ is never read or written."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dbt_helpers import PROJECT, query

pytestmark = pytest.mark.dbt

MF = str(Path(sys.executable).parent / "mf")
PEOPLE = "person_key not in ('-1', '-2')"
LIVE = "not coalesce(is_deleted, false)"     # deleted Brightspace rows are kept in the facts, not counted


@dataclass
class SemanticLayer:
    work: Path
    warehouse: Path
    project: Path
    env: dict

    def mf(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([MF, *args], cwd=self.project, env=self.env, capture_output=True, text=True)

    def query(self, metrics: list[str] | None = None, group_by: list[str] | None = None,
              saved_query: str | None = None, where: str | None = None) -> list[dict]:
        out = self.work / f"query-{len(list(self.work.glob('query-*.csv')))}.csv"
        args = ["query", "--csv", str(out), "--quiet"]
        if saved_query:
            args += ["--saved-query", saved_query]
        if metrics:
            args += ["--metrics", ",".join(metrics)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        if where:
            args += ["--where", where]
        proc = self.mf(*args)
        assert proc.returncode == 0 and out.exists(), f"mf {' '.join(args)}:\n{proc.stdout[-4000:]}{proc.stderr[-3000:]}"
        with out.open(newline="") as f:
            return list(csv.DictReader(f))

    def sql(self, sql: str) -> list[tuple]:
        return query(self.warehouse, sql)


@pytest.fixture(scope="module")
def layer(built_warehouse) -> SemanticLayer:
    work, raw, warehouse = built_warehouse("metrics")
    target = work / f"target-{warehouse.stem}"  # where dbt_helpers.lwh_build puts dbt's target
    assert (target / "semantic_manifest.json").exists()
    project = work / "mf-project"
    project.mkdir()
    shutil.copy(PROJECT / "dbt_project.yml", project / "dbt_project.yml")
    (project / "target").symlink_to(target, target_is_directory=True)
    env = dict(os.environ, DBT_PROJECT_DIR=str(project), DBT_PROFILES_DIR=str(PROJECT),
               LWH_WAREHOUSE_PATH=str(warehouse), LWH_RAW_DIR=str(raw.resolve()), LWH_TEMP_DIR=str(work / "tmp"),
               DBT_LOG_PATH=str(work / "mf-logs"), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
               LWH_TARGET="reader")     # as the README says: read-only, no file beyond the warehouse
    return SemanticLayer(work, warehouse, project, env)


def _num(value: str | None) -> float | None:
    return None if value in (None, "") else float(value)


def _day(value: str) -> str:
    return value[:10]  # metric_time comes back as a timestamp: 2025-01-01T00:00:00


def _by(rows: list[dict], *keys: str) -> dict:
    return {tuple(_day(r[k]) if k.startswith("metric_time") else r[k] for k in keys): r for r in rows}


def _same(got: float | None, want) -> bool:
    got = got or 0
    want = float(want or 0)
    return got == pytest.approx(want, rel=1e-9, abs=1e-12)


def test_validate_configs_passes_on_the_warehouse(layer):
    proc = layer.mf("validate-configs")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    assert "Breaking issues" not in out and "ERRORS: 0" in out
    assert out.count("Successfully validated") >= 6, out[-6000:]  # semantics, then each check against the warehouse


def test_daily_platform_activity_saved_query_matches_the_report(layer):
    rows = _by(layer.query(saved_query="daily_platform_activity"), "metric_time__day", "user__source_system")
    report = layer.sql("select cast(activity_date as varchar), source_system, active_people, logins, failed_logins, "
                       "completions from marts.rpt_daily_platform_activity")
    assert len(report) > 100
    assert {(d, s) for d, s, *_ in report} == set(rows)
    for day, system, active, logins, failed, completions in report:
        row = rows[(day, system)]
        assert _same(_num(row["active_people"]), active), (day, system)
        assert _same(_num(row["logins"]), logins), (day, system)
        if system == "brightspace":
            assert _same(_num(row["failed_logins"]), failed), (day, system)
        else:
            assert _same(_num(row["completions"]), completions), (day, system)


LEARNING_DAYS = f"""
    select person_key, activity_date as day from marts.fct_learning_activity where {PEOPLE}
    union all
    select person_key, access_date as day from marts.fct_course_access where {PEOPLE}
"""


def test_active_learners_by_month_count_people_once_across_platforms(layer):
    rows = _by(layer.query(["active_learners"], ["metric_time__month"]), "metric_time__month")
    want = layer.sql(f"select cast(date_trunc('month', day) as date)::varchar, count(distinct person_key) "
                     f"from ({LEARNING_DAYS}) group by 1")
    assert len(want) > 6
    assert {(m,) for m, _ in want} == set(rows)
    for month, people in want:
        assert _same(_num(rows[(month,)]["active_learners"]), people), month
    # people, not accounts: fewer than the accounts active in a month on either platform, summed
    accounts = dict(layer.sql(
        "select cast(date_trunc('month', day) as date)::varchar, count(distinct user_key) from ("
        f"select user_key, activity_date as day from marts.fct_learning_activity where {PEOPLE} union all "
        f"select user_key, access_date as day from marts.fct_course_access where {PEOPLE}) group by 1"))
    assert any(people < accounts[month] for month, people in want)


def test_weekly_and_monthly_active_learners_are_rolling_windows(layer):
    rows = _by(layer.query(["weekly_active_learners", "monthly_active_learners"], ["metric_time__day"]),
               "metric_time__day")
    want = layer.sql(f"""
        with learning as ({LEARNING_DAYS})
        select spine.date_day::varchar,
            count(distinct learning.person_key) filter (where learning.day > spine.date_day - 7),
            count(distinct learning.person_key)
        from marts.metricflow_time_spine as spine
        inner join learning on learning.day <= spine.date_day and learning.day > spine.date_day - 30
        group by 1""")
    assert len(want) > 100
    for day, weekly, monthly in want:
        assert _same(_num(rows[(day,)]["weekly_active_learners"]), weekly), day
        assert _same(_num(rows[(day,)]["monthly_active_learners"]), monthly), day


def test_compliance_by_team_saved_query_matches_the_report(layer):
    rows = _by(layer.query(saved_query="compliance_by_team"), "person__team")
    report = layer.sql("select team_key, mandatory_tasks_due, done_on_time, done_late, overdue, on_time_rate "
                       "from marts.rpt_compliance_by_team")
    assert len(report) > 3
    for team, due, on_time, late, overdue, rate in report:
        row = rows[(team,)]
        assert _same(_num(row["mandatory_tasks_due"]), due), team
        assert _same(_num(row["mandatory_tasks_done_on_time"]), on_time), team
        assert _same(_num(row["mandatory_tasks_done_late"]), late), team
        assert _same(_num(row["overdue_mandatory_tasks"]), overdue), team
        assert _same(_num(row["on_time_completion_rate"]), rate), team
    assert {team for team, *_ in report} >= {t for (t,), r in rows.items() if _num(r["mandatory_tasks_due"])}


def test_completions_and_logins_by_team_and_month(layer):
    rows = _by(layer.query(["completions", "logins"], ["person__team__team_name", "metric_time__month"]),
               "person__team__team_name", "metric_time__month")
    teams = """
        select people.person_key, coalesce(primary_teams.team_key, '-2') as team_key
        from marts.dim_person as people
        left join marts.bridge_person_team as primary_teams
            on people.person_key = primary_teams.person_key and primary_teams.is_primary_team"""
    want = layer.sql(f"""
        with facts as (
            select person_key, activity_date as day, (is_completion and {LIVE})::int as completions, 0 as logins
            from marts.fct_learning_activity where {PEOPLE}
            union all
            select person_key, login_date, 0, 1 from marts.fct_login where {PEOPLE}
        )
        select t.team_name, cast(date_trunc('month', facts.day) as date)::varchar,
            sum(facts.completions), sum(facts.logins)
        from facts
        inner join ({teams}) as person_teams on facts.person_key = person_teams.person_key
        inner join marts.dim_team as t on person_teams.team_key = t.team_key
        group by 1, 2""")
    assert len({team for team, *_ in want}) > 3
    assert {(t, m) for t, m, *_ in want} == set(rows)
    for team, month, completions, logins in want:
        assert _same(_num(rows[(team, month)]["completions"]), completions), (team, month)
        assert _same(_num(rows[(team, month)]["logins"]), logins), (team, month)


def test_failed_login_rate_by_platform_and_month(layer):
    rows = _by(layer.query(["failed_login_rate", "failed_logins", "logins"], ["user__source_system", "metric_time__month"]),
               "user__source_system", "metric_time__month")
    want = layer.sql(f"""
        select source_system, cast(date_trunc('month', login_date) as date)::varchar,
            count(*) filter (where not is_successful), count(*),
            count(*) filter (where not is_successful) / nullif(count(*) filter (where source_system = 'brightspace'), 0)
        from marts.fct_login where {PEOPLE} group by 1, 2""")
    assert {s for s, *_ in want} == {"learnamp", "brightspace"}
    for system, month, failed, logins, rate in want:
        row = rows[(system, month)]
        if system == "learnamp":        # a metric a platform cannot measure is NULL, never 0
            assert _num(row["failed_logins"]) is None, (system, month)
        assert _same(_num(row["failed_logins"]), failed) and _same(_num(row["logins"]), logins), (system, month)
        assert _same(_num(row["failed_login_rate"]), rate), (system, month)
    assert any(_num(r["failed_login_rate"]) for (s, _), r in rows.items() if s == "brightspace")


def test_learning_object_engagement_saved_query_matches_the_report(layer):
    rows = _by(layer.query(saved_query="learning_object_engagement"), "learning_object")
    report = layer.sql("select learning_object_key, source_system, learners, completers, completions, completion_rate, "
                       "average_score, access_days from marts.rpt_learning_object_engagement")
    assert {s for _, s, *_ in report} == {"learnamp", "brightspace"}
    # the report covers Learn Amp content and Brightspace org units; the metrics also reach the
    # Brightspace content topics people completed (their engagement: rpt_course_offering_summary)
    extra = {k for (k,) in set(rows) - {(k,) for k, *_ in report}}
    assert {(k,) for k, *_ in report} <= set(rows)
    if extra:
        types = layer.sql("select distinct learning_object_type from marts.dim_learning_object where "
                          "learning_object_key in (" + ", ".join(f"'{k}'" for k in extra) + ")")
        assert {t for (t,) in types} == {"Content Topic"}, types
    for key, system, learners, completers, completions, rate, score, access_days in report:
        row = rows[(key,)]
        if system == "learnamp":
            assert _same(_num(row["learnamp_learners"]), learners), key
            assert _same(_num(row["completers"]), completers), key
            assert _same(_num(row["completions"]), completions), key
            assert _same(_num(row["completion_rate"]), rate), key
            assert _same(_num(row["average_learning_score"]), score), key
        else:
            assert _same(_num(row["course_learners"]), learners), key
            assert _same(_num(row["course_access_days"]), access_days), key


def test_person_learning_summary_saved_query_matches_the_report(layer):
    rows = _by(layer.query(saved_query="person_learning_summary"), "person")
    report = layer.sql("select person_key, completions_last_30_days, completions_last_90_days, open_mandatory_tasks, "
                       "overdue_mandatory_tasks from marts.rpt_person_learning_summary")
    assert sum(r[1] for r in report) > 0 and sum(r[4] for r in report) > 0
    for person, last_30, last_90, open_tasks, overdue in report:
        row = rows.get((person,), {})
        assert _same(_num(row.get("completions_last_30_days")), last_30), person
        assert _same(_num(row.get("completions_last_90_days")), last_90), person
        assert _same(_num(row.get("open_mandatory_tasks")), open_tasks), person
        assert _same(_num(row.get("overdue_mandatory_tasks")), overdue), person


TOTALS = {
    "enrollments": f"select count(*) from marts.fct_enrollment where {PEOPLE}",
    "withdrawals": f"select count(*) filter (where withdrawn_at is not null) from marts.fct_enrollment where {PEOPLE}",
    "course_access_days": f"select count(*) from marts.fct_course_access where {PEOPLE}",
    "quiz_pass_rate": f"select avg(is_passed::int) from marts.fct_quiz_attempt where {PEOPLE} and {LIVE}",
    "average_quiz_score": f"select avg(score) from marts.fct_quiz_attempt where {PEOPLE} and {LIVE}",
    "average_quiz_score_percent": f"select avg(score_percent) filter (where is_completed) from marts.fct_quiz_attempt "
                                  f"where {PEOPLE} and {LIVE}",
    "content_completion_rate": f"select avg(is_completed::int) from marts.fct_content_progress where {PEOPLE} and {LIVE}",
    "course_completion_rate": "select sum(coalesce(content_completions, 0)) / sum(case when content_topics > 0 "
                              "then enrolled_learners * content_topics else 0 end) from marts.rpt_course_offering_summary",
    "average_grade": f"select avg(grade_percent) from marts.fct_grade_result where is_final_grade and {PEOPLE} and {LIVE}",
    "learners_at_risk": "select count(*) from marts.rpt_at_risk_learners",
    "completions": f"select count(*) from marts.fct_learning_activity where is_completion and {PEOPLE} and {LIVE}",
    "survey_response_rate": f"select avg(is_submitted::int) from marts.fct_survey_response where {PEOPLE}",
    "skill_gap": f"select avg(target_rating - preferred_rating) from marts.fct_skill_rating where {PEOPLE}",
    "skill_ratings_below_target": f"select count(*) filter (where preferred_rating < target_rating) "
                                  f"from marts.fct_skill_rating where {PEOPLE}",
    "learning_objects_completed": f"select count(distinct learning_object_key) filter (where is_completion) "
                                  f"from marts.fct_learning_activity where {PEOPLE} and {LIVE}",
}


def test_totals_match_sql_over_the_facts(layer):
    (row,) = layer.query(list(TOTALS))
    for metric, sql in TOTALS.items():
        (want,) = layer.sql(sql)[0]
        assert want, metric  # the generated data exercises every metric
        assert _same(_num(row[metric]), want), metric


def test_skill_gap_by_skill_category(layer):
    rows = _by(layer.query(["skill_gap"], ["skill__primary_category_name"]), "skill__primary_category_name")
    want = layer.sql(f"""
        select coalesce(s.primary_category_name, ''), avg(r.target_rating - r.preferred_rating)
        from marts.fct_skill_rating as r inner join marts.dim_skill as s on r.skill_key = s.skill_key
        where r.{PEOPLE} group by 1""")
    assert len(want) > 1
    for category, gap in want:
        assert _same(_num(rows[(category,)]["skill_gap"]), gap), category


def test_learning_metrics_by_platform(layer):
    """One query answers completions, quiz pass rate and grades by platform; what a platform does
    not measure is NULL (Brightspace has no pass mark, Learn Amp no grades), not 0."""
    rows = _by(layer.query(["completions", "quiz_pass_rate", "average_grade", "average_quiz_score_percent"],
                           ["user__source_system"]), "user__source_system")
    for system in ("learnamp", "brightspace"):
        (completions,) = layer.sql(f"""
            select count(*) from marts.fct_learning_activity a join marts.dim_user u using (user_key)
            where a.is_completion and a.{PEOPLE} and not coalesce(a.is_deleted, false) and u.source_system = '{system}'""")[0]
        assert completions > 0, system
        assert _same(_num(rows[(system,)]["completions"]), completions), system
    assert _num(rows[("brightspace",)]["quiz_pass_rate"]) is None
    assert _num(rows[("learnamp",)]["average_grade"]) is None
    assert _num(rows[("brightspace",)]["average_grade"]) is not None
    assert _num(rows[("learnamp",)]["quiz_pass_rate"]) is not None

