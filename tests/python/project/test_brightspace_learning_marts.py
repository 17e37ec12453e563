"""The Brightspace learning data sets in the star schema (issue 24, item 3): content completions in
fct_learning_activity and both platforms' reports, fct_content_progress, fct_grade_result, Brightspace
quiz attempts, the course offering summary and the learners at risk, department and faculty roll-up,
and the special members of every dimension.

A warehouse is built from the session's generated exports plus hand-made Brightspace deliveries
(D2L's headers, differential extracts after the generated ones, so they add to whatever the
generator writes): a faculty, a department, an active course offering (learner A on track, learner B
behind on content and grades, an instructor) and an ended one (learner C), with content, completions
(one of a deleted topic, one of an object Content Objects lacks, one without a date), progress,
grades and quiz attempts. The expected figures are computed here, independently, from the landed
files with Python's csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from lwh import spec
from lwh.generate import DEFAULT_END, Generator
from lwh.landing import bds_catalogue
from lwh.landing.land import land

from conftest import SMALL_SCALE
from dbt_helpers import checksums, lwh_build, query

pytestmark = pytest.mark.dbt

BOM = b"\xef\xbb\xbf"
AT = dt.datetime.combine(DEFAULT_END, dt.time(4))            # after the generated day's extracts
NEXT_AT = AT + dt.timedelta(days=1, hours=1)                 # after the generated next day's
FACULTY, DEPARTMENT, ACTIVE, ENDED, SEMESTER = 990001, 990002, 990003, 990004, 990005


def _ts(days: float, base: dt.date = DEFAULT_END) -> str:
    return (dt.datetime.combine(base, dt.time(10)) + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _delivery(folder: Path, table: str, rows: list[dict], at: dt.datetime) -> Path:
    """A differential Data Hub ZIP of `table` with D2L's header (every documented column, in order)."""
    t = spec.tables("brightspace")[table]
    base = bds_catalogue.folder_name(t.data_set)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(t.column_names), lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / f"{base}_Differential_{at.strftime('%Y%m%dT%H%M%SZ')}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{base}.csv", BOM + out.getvalue().encode("utf-8"))
    return path


def _people(raw: Path) -> list[str]:
    """Four Brightspace UserIds of the generated Users data set (not the system user)."""
    ids = set()
    for f in (raw / "brightspace" / "users").glob("*.csv"):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            ids |= {r["UserId"] for r in csv.DictReader(fh) if r["UserId"] != "0"}
    return sorted(ids, key=int)[:4]


def _org_unit(i, kind, name, start=None, end=None, active="True", deleted="False"):
    return {"OrgUnitId": i, "Organization": "Example Corp", "Type": kind, "Name": name, "Code": f"C{i}",
            "StartDate": start or "", "EndDate": end or "", "IsActive": active, "CreatedDate": _ts(-400),
            "IsDeleted": deleted, "Version": "1", "OrgUnitTypeId": "3"}


def _topic(i, org_unit, kind="Topic", deleted="0", parent=990010):
    return {"ContentObjectId": i, "OrgUnitId": org_unit, "Title": f"Topic {i}", "ContentObjectType": kind,
            "CompletionType": "Auto", "ParentContentObjectId": 0 if kind == "Module" else parent,
            "LastModified": _ts(-90), "IsDeleted": deleted, "SortOrder": "1", "Depth": "1", "IsHidden": "False"}


def _completion(topic, org_unit, user, days):
    return {"ContentObjectId": topic, "OrgUnitId": org_unit, "UserId": user,
            "DateCompleted": "" if days is None else _ts(days), "LastModified": _ts(-1)}


def _grade_object(i, org_unit, type_id, name):
    return {"GradeObjectId": i, "OrgUnitId": org_unit, "Name": name, "TypeName": name, "IsAutoPointed": "False",
            "IsFormula": "False", "IsBonus": "False", "MaxPoints": "100", "CanExceedMaxGrade": "False",
            "ExcludeFromFinalGradeCalc": "False", "NumLowestGradesToDrop": "0", "NumHighestGradesToDrop": "0",
            "LastModified": _ts(-30), "GradeObjectTypeId": type_id, "SortOrder": "1", "IsDeleted": "False"}


def _grade(obj, org_unit, user, numerator, denominator, released="True"):
    return {"GradeObjectId": obj, "OrgUnitId": org_unit, "UserId": user, "PointsNumerator": numerator,
            "PointsDenominator": denominator, "IsReleased": released, "IsDropped": "False", "LastModified": _ts(-2)}


def _attempt(i, user, number, score, completed_days):
    return {"AttemptId": i, "QuizId": 990051, "UserId": user, "OrgUnitId": ACTIVE, "AttemptNumber": number,
            "TimeStarted": _ts(-10 + number), "TimeCompleted": "" if completed_days is None else _ts(completed_days),
            "Score": score, "IsGraded": "True", "IsDeleted": "False", "PossibleScore": "10"}


def first_day(folder: Path, users: list[str]) -> list[Path]:
    a, b, c, d = users
    return [
        _delivery(folder, "organizational_units", [
            _org_unit(FACULTY, "Faculty", "Faculty of Science"),
            _org_unit(DEPARTMENT, "Department", "Physics"),
            _org_unit(SEMESTER, "Semester", "Autumn"),
            _org_unit(ACTIVE, "Course Offering", "Physics 101", _ts(-60), _ts(60)),
            _org_unit(ENDED, "Course Offering", "Physics 099", _ts(-200), _ts(-20)),
        ], AT),
        _delivery(folder, "organizational_unit_ancestors", [
            {"OrgUnitId": ou, "AncestorOrgUnitId": above} for ou, above in
            [(ACTIVE, DEPARTMENT), (ACTIVE, FACULTY), (ACTIVE, SEMESTER), (DEPARTMENT, FACULTY),
             (ENDED, DEPARTMENT), (ENDED, FACULTY)]], AT),
        _delivery(folder, "user_enrollments", [
            {"OrgUnitId": ou, "UserId": u, "RoleName": role, "EnrollmentDate": _ts(-50), "RoleId": rid}
            for ou, u, role, rid in [(ACTIVE, a, "Learner", 110), (ACTIVE, b, "Learner", 110),
                                     (ENDED, c, "Learner", 110), (ACTIVE, d, "Instructor", 109)]], AT),
        _delivery(folder, "content_objects", [
            _topic(990010, ACTIVE, "Module"), *[_topic(i, ACTIVE) for i in (990011, 990012, 990013, 990014)],
            _topic(990015, ACTIVE, deleted="1"), _topic(990021, ENDED)], AT),
        _delivery(folder, "content_user_completion", [
            _completion(990011, ACTIVE, a, -5), _completion(990012, ACTIVE, a, -4), _completion(990013, ACTIVE, a, -3),
            _completion(990014, ACTIVE, a, -100), _completion(990015, ACTIVE, a, -2), _completion(999999, ACTIVE, a, -3),
            _completion(990011, ACTIVE, b, -6), _completion(990012, ACTIVE, b, None),
            _completion(990021, ENDED, c, -40)], AT),
        _delivery(folder, "content_user_progress", [
            {"ContentObjectId": o, "UserId": u, "LastVisited": _ts(-5), "IsRead": "TRUE", "NumRealVisits": v,
             "NumFakeVisits": "2", "TotalTime": t, "IsVisited": "TRUE", "IsCurrentBookmark": "FALSE",
             "IsSelfAssessComplete": "FALSE", "LastModified": _ts(-5)}
            for o, u, v, t in [(990011, a, 3, 120), (990012, a, 2, 60), (990010, a, 1, 5), (990011, b, 1, 30)]], AT),
        _delivery(folder, "grade_objects", [
            _grade_object(990031, ACTIVE, 7, "Final Calculated Grade"), _grade_object(990032, ACTIVE, 1, "Essay"),
            _grade_object(990033, ACTIVE, 9, "Essays"), _grade_object(990041, ENDED, 7, "Final Calculated Grade")], AT),
        _delivery(folder, "grade_results", [
            _grade(990031, ACTIVE, a, "85", "100"), _grade(990032, ACTIVE, a, "9", "10"),
            _grade(990032, ACTIVE, b, "4", "10"), _grade(990041, ENDED, c, "0", "0")], AT),
        _delivery(folder, "quiz_objects", [
            {"QuizId": 990051, "QuizName": "Units", "OrgUnitId": ACTIVE, "IsActive": "True",
             "QuizScoreDenominator": "10", "TimeLimit": "30", "TimeLimitEnforced": "False",
             "PreventMovingBackwards": "False", "AllowHints": "False", "DisablePagerAccess": "False",
             "ShowClock": "False", "IsAttemptRldb": "False", "IsSubviewRldb": "False", "SortOrder": "1",
             "IsRetakeIncorrectOnly": "False"}], AT),
        _delivery(folder, "quiz_attempts", [
            _attempt(990061, a, 1, "6", -8), _attempt(990062, a, 2, "9", -7), _attempt(990063, b, 1, "", None)], AT),
    ]


def next_day(folder: Path, users: list[str]) -> list[Path]:
    """B completes a second topic (0.5 of the topics: no longer behind on content), topic 990013 is
    deleted, A makes a third quiz attempt."""
    a, b, _, _ = users
    return [
        _delivery(folder, "content_user_completion", [_completion(990012, ACTIVE, b, 0.5)], NEXT_AT),
        _delivery(folder, "content_objects", [_topic(990013, ACTIVE, deleted="1")], NEXT_AT),
        _delivery(folder, "quiz_attempts", [_attempt(990064, a, 3, "7", 0.5)], NEXT_AT),
    ]


# ------------------------------------------------------------------ independent figures from the landed files

def _landed(raw: Path, system: str, table: str) -> list[dict]:
    """Every key of a table as the landed files leave it: its newest version (by the extract time in
    the landed name; at one time a differential after the full), with `_dropped` when a full extract
    newer than the key's last appearance lacks it."""
    key = spec.tables(system)[table].primary_key
    newest: dict[tuple, tuple[tuple, dict]] = {}
    fulls = []
    for f in sorted((raw / system / table).glob("*.csv")):
        parts = f.stem.split("__")
        stamp, kind = parts[-1], (parts[1] if len(parts) > 2 else "full")
        if kind == "full":
            fulls.append(stamp)
        with f.open(encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                k = tuple(r[c] for c in key)
                order = (stamp, kind == "differential")
                if k not in newest or newest[k][0] <= order:
                    newest[k] = (order, r)
    dropped = system == "brightspace" and spec.tables(system)[table].extract_kind == "state"
    return [dict(r, _dropped=dropped and any(f > order[0] for f in fulls)) for order, r in newest.values()]


def _true(value: str) -> bool:
    return value.lower() in ("1", "t", "true")


def _completions_by_hand(raw: Path, wh: Path, as_of: dt.date) -> dict[tuple[str, str], list[int]]:
    """(person_key, source_system) -> [all completions, completions in the 90 days up to as_of not deleted]."""
    person = {(s, str(u)): p for s, u, p in query(wh, "select source_system, user_id, person_key from marts.dim_user "
                                                      "where user_id is not null")}
    out: dict[tuple[str, str], list[int]] = {}
    for r in _landed(raw, "learnamp", "activities"):
        if _true(r["completed"]):
            counts = out.setdefault((person.get(("learnamp", r["user_id"]), "-1"), "learnamp"), [0, 0])
            counts[0] += 1
            counts[1] += dt.date.fromisoformat(r["happened_at"][:10]) > as_of - dt.timedelta(days=90)
    objects = {r["ContentObjectId"]: r for r in _landed(raw, "brightspace", "content_objects")}
    for r in _landed(raw, "brightspace", "content_user_completion"):
        obj = objects.get(r["ContentObjectId"])
        if not r["DateCompleted"] or (obj and obj["ContentObjectType"].lower() == "module"):
            continue
        counts = out.setdefault((person.get(("brightspace", r["UserId"]), "-1"), "brightspace"), [0, 0])
        counts[0] += 1
        deleted = r["_dropped"] or (obj is not None and (_true(obj["IsDeleted"]) or obj["_dropped"]))
        counts[1] += (not deleted) and dt.date.fromisoformat(r["DateCompleted"][:10]) > as_of - dt.timedelta(days=90)
    return out


@pytest.fixture(scope="module")
def built(land_exports):
    work, raw = land_exports("brightspace-learning-marts")
    users = _people(raw)
    planned, refusals = land([str(p) for p in first_day(work / "deliveries", users)], raw)
    assert refusals == [] and not any(p.held for p in planned)
    wh = work / "learning.duckdb"
    proc = lwh_build(raw, wh)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]
    keys = dict(query(wh, f"select user_id, user_key from marts.dim_user where source_system = 'brightspace' "
                          f"and user_id in ({', '.join(users)})"))
    return {"work": work, "raw": raw, "wh": wh, "users": users, "keys": [keys[int(u)] for u in users]}


def _as_of(wh: Path) -> dt.date:
    return query(wh, "select cast(as_of_at as date) from intermediate.int_warehouse__as_of")[0][0]


def test_completions_per_person_equal_an_independent_count_of_the_landed_files(built):
    raw, wh = built["raw"], built["wh"]
    by_hand = _completions_by_hand(raw, wh, _as_of(wh))
    marts = {(p, s): n for p, s, n in query(wh, """
        select person_key, source_system, count(*) from marts.fct_learning_activity
        where is_completion group by person_key, source_system""")}
    assert marts == {k: v[0] for k, v in by_hand.items()}
    assert any(s == "brightspace" for _, s in marts)
    # the person summary counts both platforms, each alone too, deleted Brightspace completions left out
    summary = {p: (la, bs, both) for p, la, bs, both in query(wh, """
        select person_key, learnamp_completions_last_90_days, brightspace_completions_last_90_days,
            completions_last_90_days from marts.rpt_person_learning_summary""")}
    people = {p for p, _ in by_hand if p not in ("-1", "-2")}
    for p in people:
        la, bs = by_hand.get((p, "learnamp"), [0, 0])[1], by_hand.get((p, "brightspace"), [0, 0])[1]
        assert summary[p] == (la, bs, la + bs), p
    # A's hand-made completions: 990011-990013 and the unknown object in the window, 990015 deleted,
    # 990014 too old
    a = built["users"][0]
    assert query(wh, f"""
        select count(*) filter (where not is_deleted and activity_date > (
            select cast(as_of_at as date) - 90 from intermediate.int_warehouse__as_of)), count(*)
        from marts.fct_learning_activity where source_system = 'brightspace'
            and source_activity_id in ({", ".join(f"'{o}:{a}'" for o in (990011, 990012, 990013, 990014, 990015, 999999))})
        """) == [(4, 6)]


def test_brightspace_completion_rows_null_what_brightspace_does_not_record(built):
    wh = built["wh"]
    rows = query(wh, """
        select distinct activity_type, verb is null, score is null, total_time_seconds is null, is_expired is null,
            activity_id is null, source_activity_id like '%:%'
        from marts.fct_learning_activity where source_system = 'brightspace'""")
    assert rows == [("completion", True, True, True, True, True, True)]
    assert query(wh, "select count(*) from marts.fct_learning_activity where source_system = 'learnamp' "
                     "and (is_deleted or is_expired is null)") == [(0,)]


def test_a_deleted_topics_completion_is_kept_and_flagged(built):
    wh, a = built["wh"], built["users"][0]
    got = query(wh, f"""
        select f.source_activity_id, f.is_deleted, lo.learning_object_type, lo.is_deleted
        from marts.fct_learning_activity f join marts.dim_learning_object lo using (learning_object_key)
        where f.source_system = 'brightspace' and f.source_activity_id in ('990015:{a}', '990011:{a}')
        order by 1""")
    assert got == [(f"990011:{a}", False, "Content Topic", False), (f"990015:{a}", True, "Content Topic", True)]
    # the object Content Objects lacks: the unknown member; the completion without a date is none
    assert query(wh, f"select learning_object_key from marts.fct_learning_activity "
                     f"where source_activity_id = '999999:{a}'") == [("-1",)]
    assert query(wh, f"select count(*) from marts.fct_learning_activity "
                     f"where source_activity_id = '990012:{built['users'][1]}'") == [(0,)]


def test_content_progress_per_user_and_topic(built):
    wh = built["wh"]
    a, b = built["keys"][:2]
    got = query(wh, f"""
        select user_key = '{a}', content_object_id, visit_count, total_time_seconds, is_read, is_completed, is_deleted
        from marts.fct_content_progress where user_key in ('{a}', '{b}') and content_object_id >= 990000
        order by 1 desc, 2""")
    assert got == [
        (True, 990011, 3, 120, True, True, False), (True, 990012, 2, 60, True, True, False),
        (True, 990013, None, None, None, True, False), (True, 990014, None, None, None, True, False),
        (True, 990015, None, None, None, True, True), (True, 999999, None, None, None, True, False),
        (False, 990011, 1, 30, True, True, False), (False, 990012, None, None, None, False, False)]
    # the module's progress row is not a topic's
    assert query(wh, "select count(*) from marts.fct_content_progress where content_object_id = 990010") == [(0,)]


def test_grades_and_quiz_attempts_reach_their_facts_with_the_right_percent(built):
    wh = built["wh"]
    a, b, c, _ = built["keys"]
    grades = query(wh, f"""
        select user_key, grade_object_id, is_final_grade, grade_percent, is_released, is_deleted
        from marts.fct_grade_result where user_key in ('{a}', '{b}', '{c}') and grade_object_id >= 990000""")
    assert sorted(grades) == sorted([(a, 990031, True, 0.85, True, False), (a, 990032, False, 0.9, True, False),
                                     (b, 990032, False, 0.4, True, False), (c, 990041, True, None, True, False)])
    assert query(wh, f"select count(*) from marts.fct_grade_result g join marts.dim_learning_object lo "
                     f"on g.course_offering_key = lo.learning_object_key where lo.learning_object_id = {ACTIVE} "
                     f"and lo.learning_object_type = 'Org Unit'") == [(3,)]
    attempts = query(wh, f"""
        select quiz_attempt_id, score, possible_score, score_percent, is_completed, is_passed, is_most_recent
        from marts.fct_quiz_attempt where source_system = 'brightspace' and user_key in ('{a}', '{b}')
            and quiz_attempt_id between 990000 and 999999 order by 1""")
    assert attempts == [(990061, 6.0, 10.0, 0.6, True, None, False), (990062, 9.0, 10.0, 0.9, True, None, True),
                        (990063, None, 10.0, None, False, None, True)]
    la = query(wh, "select count(*), count(*) filter (where score_percent = score / 100 and possible_score is null) "
                   "from marts.fct_quiz_attempt where source_system = 'learnamp' and score is not null")[0]
    assert la[0] > 0 and la[0] == la[1]


def test_course_offering_summary_and_learners_at_risk(built):
    wh = built["wh"]
    a, b, _, _ = built["keys"]
    rows = query(wh, f"""
        select s.course_offering_name, s.department_name, s.faculty_name, s.is_active, s.enrolled_learners,
            s.content_topics, s.content_completions, s.content_completion_rate, s.learners_with_final_grade,
            s.average_final_grade_percent, s.quiz_attempts, s.average_quiz_score_percent, s.learners_at_risk
        from marts.rpt_course_offering_summary s join marts.dim_learning_object lo
            on s.course_offering_key = lo.learning_object_key
        where lo.learning_object_id in ({ACTIVE}, {ENDED}) order by 1""")
    assert rows == [
        ("Physics 099", "Physics", "Faculty of Science", True, 1, 1, 1, 1.0, 0, None, 0, None, 0),
        ("Physics 101", "Physics", "Faculty of Science", True, 2, 4, 5, 5 / 8, 1, 0.85, 2, 0.75, 1)]
    at_risk = query(wh, f"""
        select r.user_key, r.course_offering_name, r.department_name, r.content_completion_rate, r.grade_percent,
            r.is_behind_on_content, r.is_behind_on_grades, r.days_into_offering
        from marts.rpt_at_risk_learners r
        where r.course_offering_key in (select learning_object_key from marts.dim_learning_object
                                        where learning_object_id in ({ACTIVE}, {ENDED}))""")
    days_in = (_as_of(wh) - (DEFAULT_END - dt.timedelta(days=60))).days
    assert at_risk == [(b, "Physics 101", "Physics", 0.25, 0.4, True, True, days_in)]
    assert a not in {r[0] for r in at_risk}
    # generated course offerings are listed too (Organizational Units is landed: its Course Offerings)
    assert query(wh, "select count(*) from marts.rpt_course_offering_summary")[0][0] == query(wh, """
        select count(*) from staging.stg_brightspace__organizational_units where type = 'Course Offering'""")[0][0]


def test_department_and_faculty_roll_up_through_the_ancestors(built):
    wh = built["wh"]
    got = query(wh, f"""
        select learning_object_type, learning_object_id, department_name, faculty_name,
            parent_learning_object_key = (select learning_object_key from marts.dim_learning_object
                where learning_object_type = 'Org Unit' and learning_object_id = {ACTIVE}),
            course_offering_key = parent_learning_object_key
        from marts.dim_learning_object where source_system = 'brightspace'
            and learning_object_id in ({ACTIVE}, {DEPARTMENT}, {FACULTY}, 990011, 990031, 990051)
        order by 1, 2""")
    assert got == [
        ("Content Topic", 990011, "Physics", "Faculty of Science", True, True),
        ("Grade Item", 990031, "Physics", "Faculty of Science", True, True),
        ("Org Unit", FACULTY, None, "Faculty of Science", False, True),
        ("Org Unit", DEPARTMENT, "Physics", "Faculty of Science", False, True),
        ("Org Unit", ACTIVE, "Physics", "Faculty of Science", False, True),
        ("Quiz", 990051, "Physics", "Faculty of Science", True, True)]
    assert query(wh, f"select parent_learning_object_key, course_offering_key from marts.dim_learning_object "
                     f"where learning_object_type = 'Org Unit' and learning_object_id = {ACTIVE}") == [("-2", "-2")]


DIMENSIONS = {"dim_person": "person_key", "dim_user": "user_key", "dim_team": "team_key", "dim_group": "group_key",
              "dim_location": "location_key", "dim_skill": "skill_key", "dim_learning_object": "learning_object_key"}


def test_is_special_member_is_true_exactly_for_the_special_members(built):
    wh = built["wh"]
    for dim, key in DIMENSIONS.items():
        special = query(wh, f"select {key}, is_special_member from marts.{dim} where is_special_member "
                            f"or {key} in ('-1', '-2') order by 1")
        assert special and all(flag for _, flag in special), dim
        assert {k for k, _ in special} <= {"-1", "-2"}, dim
        assert query(wh, f"select count(*) from marts.{dim} where is_special_member is null") == [(0,)]
    assert {k for (k,) in query(wh, "select learning_object_key from marts.dim_learning_object "
                                    "where is_special_member")} == {"-1", "-2"}


def test_daily_platform_activity_counts_brightspace_completions(built):
    wh = built["wh"]
    # per day: the fact's Brightspace completions of people, deleted ones left out
    expected = dict(query(wh, """
        select activity_date, count(*) from marts.fct_learning_activity
        where source_system = 'brightspace' and is_completion and not is_deleted and person_key <> '-1'
        group by activity_date"""))
    got = dict(query(wh, """select activity_date, completions from marts.rpt_daily_platform_activity
                            where source_system = 'brightspace' and completions > 0"""))
    assert got == expected and got
    assert query(wh, "select count(*) from marts.rpt_daily_platform_activity "
                     "where source_system = 'brightspace' and completions is null") == [(0,)]


# ------------------------------------------------------------------ incremental

@pytest.fixture(scope="module")
def next_day_built(built, tmp_path_factory):
    """The warehouse above, after a further generated day and the next day's learning deliveries, built
    incrementally (lwh build --changed); and the same landing area built from scratch."""
    work, raw = built["work"], built["raw"]
    day = tmp_path_factory.mktemp("next-day")
    Generator(day, scale=SMALL_SCALE, seed=11, progress=False).run(day_after=1)
    planned, refusals = land([str(day)] + [str(p) for p in next_day(work / "deliveries-2", built["users"])], raw)
    assert refusals == []
    proc = lwh_build(raw, built["wh"], "--changed")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]
    full = work / "full" / "learning.duckdb"
    full.parent.mkdir()
    proc = lwh_build(raw, full, "--full-refresh")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]
    return built["wh"], full


def test_an_incremental_run_after_a_further_day_equals_a_full_refresh(built, next_day_built):
    incremental, full = next_day_built
    inc, ref = checksums(incremental), checksums(full)
    assert set(inc) == set(ref)
    assert {k: (inc[k], ref[k]) for k in ref if inc[k] != ref[k]} == {}
    a = built["users"][0]
    # the day's changes reached the incremental warehouse
    assert query(incremental, f"select is_deleted from marts.fct_learning_activity "
                              f"where source_activity_id = '990013:{a}'") == [(True,)]
    assert query(incremental, f"select count(*) from marts.rpt_at_risk_learners where user_key = '{built['keys'][1]}' "
                              f"and not is_behind_on_content and is_behind_on_grades") == [(1,)]
    assert Counter(s for (s,) in query(incremental, "select source_system from marts.fct_quiz_attempt "
                                                    "where quiz_attempt_id between 990061 and 990099"))["brightspace"] == 4

